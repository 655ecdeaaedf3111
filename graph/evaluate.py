"""Score a built graph's typed, merged entities against a gold annotation (P/R/F1)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SDO, SKOS

from casegraph.errors import InputError
from casegraph.extract.records import COOCCURS, EntityType
from casegraph.graph.namespaces import PREDICATES, TYPE_CLASS


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: EntityType
    name: str
    forms: tuple[str, ...]
    articles: tuple[str, ...] = ()  # empty: any article


@dataclass(frozen=True, slots=True)
class PredictedEntity:
    id: str
    type: EntityType
    label: str
    aliases: tuple[str, ...]
    articles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldRelation:
    subject: str  # gold entity names
    kind: str
    object: str


@dataclass(frozen=True, slots=True)
class Score:
    """Entity-level scores with the mistakes behind them."""

    true_positives: int
    predicted: int
    gold: int
    false_positives: tuple[str, ...] = field(default=())  # labels; duplicates and wrong types too
    false_negatives: tuple[str, ...] = field(default=())
    matches: dict[str, int] = field(default_factory=dict)  # predicted id -> gold index

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


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})


def fold(name: str) -> str:
    """The scorer's own comparison of names (never the resolver's, so that the scorer does not
    share the system's mistakes): Unicode NFC, case, quotes, whitespace, "&" for "and", a
    leading "the", a trailing possessive and a parenthesised part do not count.

    >>> fold("The  INTERPOL’s (ICSE) Database") == fold("interpol's database")
    True
    """
    t = " ".join(unicodedata.normalize("NFC", name).translate(_QUOTES).split())
    t = re.sub(r"\s*\([^)]*\)", "", t.replace(" & ", " and ")).casefold()
    t = t.strip(" .,;:-–—'\"")
    t = re.sub(r"^the\s+", "", t)
    return re.sub(r"'s?$", "", t).strip()


def _jsonl(path: Path, what: str, make):
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(make(json.loads(line)))
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"{path}:{n}: not a gold {what}: {e}") from e
    return out


def load_gold(path: str | Path) -> list[GoldEntity]:
    """Read ``entities.jsonl`` (or the directory holding it): one ``{"type", "name", "forms",
    "articles"}`` object per line."""
    path = Path(path)
    path = path / "entities.jsonl" if path.is_dir() else path
    return _jsonl(
        path,
        "entity",
        lambda r: GoldEntity(
            EntityType(r["type"]), r["name"], tuple(r["forms"]), tuple(r.get("articles", ()))
        ),
    )


def load_gold_relations(path: str | Path) -> list[GoldRelation]:
    """Read ``relations.jsonl``: ``{"subject", "kind", "object"}`` with gold entity names."""
    return _jsonl(
        Path(path), "relation", lambda r: GoldRelation(r["subject"], r["kind"], r["object"])
    )


def load_predicted(path: str | Path) -> list[PredictedEntity]:
    """The typed entities of an exported graph (Turtle; a directory means its graph.ttl)."""
    return entities_of(load_graph(path))


def load_graph(path: str | Path) -> Graph:
    """The exported Turtle graph (a directory means its graph.ttl)."""
    path = Path(path)
    path = path / "graph.ttl" if path.is_dir() else path
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except (OSError, SyntaxError, ValueError) as e:
        raise InputError(f"{path}: cannot read the graph: {e}") from e
    return g


def entities_of(g: Graph) -> list[PredictedEntity]:
    """The typed entities of a graph with their names and the articles that mention them."""
    types = {cls: t for t, cls in TYPE_CLASS.items()}
    out = []
    for s, cls in sorted(g.subject_objects(RDF.type)):
        if cls not in types:
            continue
        label = str(g.value(s, RDFS.label) or "")
        aliases = tuple(sorted(str(a) for a in g.objects(s, SKOS.altLabel)))
        articles = tuple(
            sorted(str(g.value(a, SDO.identifier)) for a in g.subjects(SDO.mentions, s))
        )
        out.append(PredictedEntity(str(s), types[cls], label, aliases, articles))
    return out


def typed_links_of(g: Graph) -> list[tuple[str, str, str]]:
    """The direct triples of typed relations: (subject IRI, kind, object IRI)."""
    kinds = {p: k for k, p in PREDICATES.items() if k != COOCCURS}
    return sorted((str(s), kinds[p], str(o)) for s, p, o in g if p in kinds)


def score_entities(gold: list[GoldEntity], predicted: list[PredictedEntity]) -> Score:
    """Match each predicted entity to the gold entity sharing a name and a type.

    A predicted entity is correct when one of its names equals one of a gold entity's forms
    (compared with :func:`fold`) and their types agree; a second
    predicted entity for the same gold entity is a duplicate and counts as a false positive.
    """
    gold_names = [{fold(f) for f in (g.name, *g.forms)} for g in gold]
    matches: dict[str, int] = {}
    false_pos = []
    for p in predicted:
        names = {fold(n) for n in (p.label, *p.aliases)}
        hits = [
            (len(names & gn), i)
            for i, gn in enumerate(gold_names)
            if names & gn and _same_articles(gold[i], p)
        ]
        same_type = sorted((-n, i) for n, i in hits if gold[i].type == p.type)
        free = [i for _, i in same_type if i not in matches.values()]
        if free:
            matches[p.id] = free[0]
            continue
        why = "duplicate" if same_type else ("wrong type" if hits else "not in gold")
        false_pos.append(f"{p.type}: {p.label} ({why})")
    found = set(matches.values())
    false_neg = [f"{g.type}: {g.name}" for i, g in enumerate(gold) if i not in found]
    return Score(
        len(matches), len(predicted), len(gold), tuple(false_pos), tuple(false_neg), matches
    )


def _same_articles(gold: GoldEntity, p: PredictedEntity) -> bool:
    """Names like "the meeting" identify an entity only within its articles."""
    return not gold.articles or not p.articles or bool(set(gold.articles) & set(p.articles))


def score_relations(
    gold: list[GoldEntity],
    gold_relations: list[GoldRelation],
    links: list[tuple[str, str, str]],
    entity_score: Score,
) -> Score:
    """A predicted typed link is correct when the gold has a relation between the two gold
    entities its ends match (in either direction, of any kind); recall counts gold pairs."""
    index = {g.name: i for i, g in enumerate(gold)}
    pairs = {frozenset((index[r.subject], index[r.object])) for r in gold_relations}
    found, false_pos = set(), []
    for s, kind, o in links:
        pair = frozenset((entity_score.matches.get(s), entity_score.matches.get(o)))
        if None not in pair and pair in pairs:
            found.add(pair)
        else:
            false_pos.append(f"{kind}: {s.rsplit('/', 1)[-1]} -> {o.rsplit('/', 1)[-1]}")
    names = {i: g.name for i, g in enumerate(gold)}
    false_neg = [" -- ".join(sorted(names[i] for i in p)) for p in pairs - found]
    return Score(
        len(links) - len(false_pos),
        len(links),
        len(pairs),
        tuple(false_pos),
        tuple(sorted(false_neg)),
    )


def recall_by_kind(
    gold: list[GoldEntity],
    gold_relations: list[GoldRelation],
    links: list[tuple[str, str, str]],
    entity_score: Score,
) -> dict[str, tuple[int, int]]:
    """Per gold relation kind: (relations whose two entities the graph links, relations
    stated), counted like :func:`score_relations` (any kind, either direction)."""
    index = {g.name: i for i, g in enumerate(gold)}
    linked = set()
    for s, _, o in links:
        a, b = entity_score.matches.get(s), entity_score.matches.get(o)
        if a is not None and b is not None:
            linked.add(frozenset((a, b)))
    out: dict[str, list[int]] = {}
    for r in gold_relations:
        found, stated = out.setdefault(r.kind, [0, 0])
        pair = frozenset((index[r.subject], index[r.object]))
        out[r.kind] = [found + (pair in linked), stated + 1]
    return {k: (f, n) for k, (f, n) in sorted(out.items(), key=lambda kv: (-kv[1][1], kv[0]))}
