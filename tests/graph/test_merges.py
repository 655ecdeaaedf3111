"""Why names were joined travels with the entity: into RDF (cg:Merge) and the build summary."""

from __future__ import annotations

import pyoxigraph as ox

from casegraph.extract.records import Article, EntityType, Extraction, Mention
from casegraph.extract.resolve import resolve
from casegraph.graph.build import build_graph, summarize
from casegraph.graph.rdf import render_rdf

P = EntityType.PERSON


def extraction():
    texts = {"a1": "Loide Ayree spoke.", "a2": "Loide Aryee spoke."}
    articles = tuple(Article(a, f"{a}.txt", "T", t) for a, t in texts.items())
    mentions = [Mention(a, 0, 11, t[:11], P, 0, len(t), "model") for a, t in texts.items()]
    return Extraction(articles, tuple(resolve(mentions)), ())


def test_a_spelling_merge_is_exported_as_a_fuzzy_merge_node():
    G = build_graph(extraction())
    assert G.number_of_nodes() == 1
    store = ox.Store()
    store.load(render_rdf(G)["graph.ttl"], format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(
            "PREFIX cg: <https://casegraph.example/ns#> "
            "SELECT ?reason ?name ?fuzzy WHERE { ?e cg:merge ?m . ?m a cg:Merge ; "
            "cg:reason ?reason ; cg:mergedName ?name ; cg:fuzzy ?fuzzy } ORDER BY ?name"
        )
    )
    assert [(r["reason"].value, r["name"].value, r["fuzzy"].value) for r in rows] == [
        ("spelling", "Loide Aryee", "true"),
        ("spelling", "Loide Ayree", "true"),
    ]


def test_fuzzy_merges_are_listed_in_the_summary_for_review():
    [line] = summarize(build_graph(extraction()))["fuzzy_merges"]
    assert "Loide Ayree" in line and "Loide Aryee" in line and "spelling" in line
