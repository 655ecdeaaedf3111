"""Score a built graph's typed, merged entities against a gold annotation (P/R/F1)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from casegraph.extract.errors import InputError
from casegraph.extract.records import EntityType
from casegraph.extract.resolve import normalise
from casegraph.graph.namespaces import TYPE_CLASS


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: EntityType
    name: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PredictedEntity:
    id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Score:
    """Entity-level scores with the mistakes behind them."""

    true_positives: int
    predicted: int
    gold: int
    false_positives: tuple[str, ...] = field(default=())  # labels; duplicates and wrong types too
    false_negatives: tuple[str, ...] = field(default=())

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(path: str | Path) -> list[GoldEntity]:
    """Read ``entities.jsonl``: one ``{"type", "name", "forms"}`` object per line."""
    out = []
    path = Path(path)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(GoldEntity(EntityType(row["type"]), row["name"], tuple(row["forms"])))
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"{path}:{n}: not a gold entity: {e}") from e
    return out


def load_predicted(path: str | Path) -> list[PredictedEntity]:
    """The typed entities of an exported graph (Turtle; a directory means its graph.ttl)."""
    path = Path(path)
    if path.is_dir():
        path = path / "graph.ttl"
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as e:
        raise InputError(f"{path}: cannot read the graph: {e}") from e
    types = {cls: t for t, cls in TYPE_CLASS.items()}
    out = []
    for s, cls in sorted(g.subject_objects(RDF.type)):
        if cls not in types:
            continue
        label = str(g.value(s, RDFS.label) or "")
        aliases = tuple(sorted(str(a) for a in g.objects(s, SKOS.altLabel)))
        out.append(PredictedEntity(str(s), types[cls], label, aliases))
    return out


def score_entities(gold: list[GoldEntity], predicted: list[PredictedEntity]) -> Score:
    """Match each predicted entity to the gold entity sharing a name and a type.

    A predicted entity is correct when one of its names equals one of a gold entity's forms
    (compared with :func:`casegraph.extract.resolve.normalise`) and their types agree; a second
    predicted entity for the same gold entity is a duplicate and counts as a false positive.
    """
    gold_names = [{normalise(f) for f in (g.name, *g.forms)} for g in gold]
    matched: set[int] = set()
    false_pos = []
    for p in predicted:
        names = {normalise(n) for n in (p.label, *p.aliases)}
        hits = [(len(names & gn), i) for i, gn in enumerate(gold_names) if names & gn]
        same_type = sorted((-n, i) for n, i in hits if gold[i].type == p.type)
        free = [i for _, i in same_type if i not in matched]
        if free:
            matched.add(free[0])
            continue
        why = "duplicate" if same_type else ("wrong type" if hits else "not in gold")
        false_pos.append(f"{p.type}: {p.label} ({why})")
    false_neg = [f"{g.type}: {g.name}" for i, g in enumerate(gold) if i not in matched]
    return Score(len(matched), len(predicted), len(gold), tuple(false_pos), tuple(false_neg))
