"""The example SPARQL queries of the README run on the bundled corpus and give known rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

REPO = Path(__file__).resolve().parents[2]
QUERIES = REPO / "graph" / "queries"


@pytest.fixture(scope="module")
def bundled_graph(bundled_build):
    g = Graph()
    g.parse(bundled_build / "graph.ttl", format="turtle")
    return g


def run(g, query, **bindings):
    text = (QUERIES / f"{query}.rq").read_text(encoding="utf-8")
    rows = g.query(text, initBindings={k: Literal(v) for k, v in bindings.items()})
    return [tuple(str(v) for v in row) for row in rows]


@pytest.mark.parametrize("name", ["entities-by-articles", "cooccurs-with"])
def test_readme_shows_the_query_verbatim(name):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert (QUERIES / f"{name}.rq").read_text(encoding="utf-8").strip() in readme


def test_entities_by_articles_ranks_interpol_first(bundled_graph):
    rows = [r[:3] for r in run(bundled_graph, "entities-by-articles")]
    assert rows[0] == ("INTERPOL", "https://schema.org/Organization", "5")
    assert (
        "International Child Sexual Exploitation database",
        "https://casegraph.example/ns#Database",
        "5",
    ) in rows


def test_cooccurs_with_returns_the_supporting_sentences(bundled_graph):
    rows = run(bundled_graph, "cooccurs-with", name="Europol")
    others = {other for _, other, _ in rows}
    assert {"European Cybercrime Centre", "INTERPOL", "Australia"} <= others
    assert all(name == "Europol" and "Europol" in sentence for name, _, sentence in rows)


def test_query_parameter_is_bound_not_spliced(bundled_graph):
    assert run(bundled_graph, "cooccurs-with", name='nobody" || "1" = "1') == []
