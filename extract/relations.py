"""Links between entities with their evidence: same-sentence co-occurrence (typed relations
come from the dependency rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

from casegraph.extract.records import COOCCURS, Article, Entity, Evidence, Relation

COOCCURRENCE_RULE = "co-occurrence"


def cooccurrences(entities: Iterable[Entity], articles: Mapping[str, Article]) -> list[Relation]:
    """One ``coOccursWith`` relation per pair of entities named in the same sentence, with
    every such sentence as evidence (subject < object; the link is symmetric)."""
    by_sentence: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for entity in entities:
        for m in entity.mentions:
            by_sentence[(m.article_id, m.sentence_start, m.sentence_end)].add(entity.key)
    evidence: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for (article_id, start, end), keys in sorted(by_sentence.items()):
        text = articles[article_id].text[start:end]
        for a, b in combinations(sorted(keys), 2):
            evidence[(a, b)].append(Evidence(article_id, start, end, text, COOCCURRENCE_RULE))
    return [Relation(a, COOCCURS, b, tuple(ev)) for (a, b), ev in sorted(evidence.items())]
