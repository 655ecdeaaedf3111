"""RELIABILITY row 22: one article added, edited or deleted, then rebuilt: only that article's
statements change; entities shared with other articles keep their IRIs and triples."""

from __future__ import annotations

import dataclasses

import pytest
from reliability_helpers import synthetic_extraction

from casegraph.extract.records import Extraction
from casegraph.graph.build import build_graph
from casegraph.graph.rdf import article_iri, entity_iri, rdf_quads


def graphs(extraction: Extraction) -> dict[str, set]:
    out: dict[str, set] = {}
    for s, p, o, g in rdf_quads(build_graph(extraction)):
        out.setdefault(g, set()).add((s, p, o))
    return out


def without(extraction: Extraction, article_id: str) -> Extraction:
    entities = []
    for e in extraction.entities:
        mentions = tuple(m for m in e.mentions if m.article_id != article_id)
        if mentions:
            entities.append(dataclasses.replace(e, mentions=mentions))
    relations = []
    for r in extraction.relations:
        evidence = tuple(ev for ev in r.evidence if ev.article_id != article_id)
        if evidence:
            relations.append(dataclasses.replace(r, evidence=evidence))
    articles = tuple(a for a in extraction.articles if a.id != article_id)
    return Extraction(articles, tuple(entities), tuple(relations))


def edited(extraction: Extraction, article_id: str) -> Extraction:
    articles = tuple(
        dataclasses.replace(a, title="An edited title", date="2024-01-01")
        if a.id == article_id
        else a
        for a in extraction.articles
    )
    return dataclasses.replace(extraction, articles=articles)


FULL = synthetic_extraction(6, sentences=4)
CHANGED = "a00003"


@pytest.mark.parametrize(
    ("before", "after"),
    [(without(FULL, CHANGED), FULL), (FULL, edited(FULL, CHANGED)), (FULL, without(FULL, CHANGED))],
    ids=["added", "edited", "deleted"],
)
def test_only_the_changed_articles_graph_changes(before, after):
    old, new = graphs(before), graphs(after)
    changed = {g for g in old.keys() | new.keys() if old.get(g) != new.get(g)}
    assert changed - {""} == {str(article_iri(CHANGED))}
    # The default graph changes only for entities no other article names.
    kept = {e.key for e in FULL.entities if any(m.article_id != CHANGED for m in e.mentions)}
    kept_iris = {str(entity_iri(k)) for k in kept}
    assert {t for t in old[""] if t[0] in kept_iris} == {t for t in new[""] if t[0] in kept_iris}
