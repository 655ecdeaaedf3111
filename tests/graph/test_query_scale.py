"""The question library on generated cases: one answer per fact (Oxigraph gives exactly the
rows rdflib gives, none twice), and no query with a quadratic plan (each finishes within 10 s on
a 100,000-triple store: a hundred times the target of bench/, so this catches plans that
explode, it does not time anything)."""

from __future__ import annotations

import pytest
from rdflib import Dataset
from synthetic_case import generated_case
from test_query import rdflib_rows

from casegraph.graph.build import build_graph, summarize
from casegraph.graph.publish import make_manifest, publish_graph
from casegraph.graph.query import QueryWorker, library
from casegraph.graph.rdf import rdf_graphs
from casegraph.graph.serialize import write_rdf
from casegraph.graph.store import StoreLoader

# Parameters that name something of the generated case.
EXAMPLES = {
    "people-by-organisation": {"organisation": "INTERPOL"},
    "sub-units": {"organisation": "INTERPOL"},
    "databases": {"database": "System 0 database"},
    "figure-over-time": {"measure": "arrests"},
    "events": {"from": "2012", "to": "2016", "place": "Lyon"},
    "operations": {"operation": "Operation Amber 0"},
    "neighbourhood": {"name": "Europol"},
    "link-evidence": {"name": "Europol", "other": "INTERPOL"},
    "cooccurs-with": {"name": "Europol"},
}
CASES = [(name, {}) for name in library()] + list(EXAMPLES.items())
# Without ?name, neighbourhood lists every two-hop path of the graph: its answer grows with the
# square of the hubs' links (half a million rows here), so only its example is a plan check.
PLANS = [case for case in CASES if case != ("neighbourhood", {})]


def build(out, extraction):
    G = build_graph(extraction)
    summary = summarize(G)
    manifest = make_manifest(paths=["(test)"], files=(), counts={"articles": summary["articles"]})
    publish_graph(out, G, summary=summary, manifest=manifest)
    return out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A generated case of 6 articles: its store's worker and the same graph in rdflib."""
    out = build(tmp_path_factory.mktemp("small") / "out", generated_case(6, sentences=6))
    ds = Dataset(default_union=True)
    ds.parse(out / "graph.trig", format="trig")
    with QueryWorker(out) as worker:
        yield worker, ds


class Workers:
    """A query worker on ``out``, started again after a query that hit its time limit."""

    def __init__(self, out):
        self.out, self.worker = out, QueryWorker(out)

    def run(self, *args, **kwargs):
        if not self.worker.alive:
            self.worker = QueryWorker(self.out)
        return self.worker.run(*args, **kwargs)


def store_only(out, extraction):
    """Only the query store (and graph.trig) of ``extraction``, as a build writes them."""
    out.mkdir()
    loader = StoreLoader(out / "store")

    def open_output(name):
        return open(out / name, "wb")

    expected = write_rdf(
        rdf_graphs(build_graph(extraction)), open_output, names=["graph.trig"], store=loader
    )
    assert loader.finish() == expected["store"]
    return out


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    out = store_only(tmp_path_factory.mktemp("large") / "out", generated_case(110, sentences=25))
    workers = Workers(out)
    yield workers
    workers.worker.close()


def test_the_library_has_an_example_for_every_query_with_parameters():
    assert {n for n, q in library().items() if q.parameters} == set(EXAMPLES)


def test_the_large_case_has_a_hundred_thousand_triples(large):
    [row] = large.run("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    assert int(row[0].value) >= 100_000


@pytest.mark.parametrize(("name", "params"), PLANS, ids=lambda x: str(x) if x else "all")
def test_no_library_query_explodes_on_a_hundred_thousand_triples(large, name, params):
    result = large.run(library()[name].text, params=params, timeout_s=10, max_rows=1_000_000)
    assert result.rows or name in ("events",)  # the case has no event in Lyon


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda x: str(x) if x else "all")
def test_oxigraph_gives_the_rows_rdflib_gives_each_once(small, name, params):
    worker, ds = small
    text = library()[name].text
    ours = [tuple(r.values()) for r in worker.run(text, params=params).records()]
    assert ours == rdflib_rows(ds, text, params)
    assert len(set(ours)) == len(ours)


# The predicate lists each of these queries spells out, and how many of them it has.
PREDICATE_LISTS = {
    "neighbourhood": (r"FILTER \(\?p[12] IN \((.*?)\)\)", 3),  # each branch's hop 1, hop 2
    "links": (r"VALUES \?p \{(.*?)\}", 1),
}


@pytest.mark.parametrize("name", sorted(PREDICATE_LISTS))
def test_link_queries_follow_every_relation_predicate_of_the_vocabulary(name):
    import re

    from casegraph.graph.namespaces import PREDICATES, PREFIXES

    pattern, count = PREDICATE_LISTS[name]
    blocks = re.findall(pattern, library()[name].text, re.S)
    assert len(blocks) == count
    for block in blocks:
        terms = re.split(r"[,\s]+", block.strip())
        assert {str(PREFIXES[t.split(":")[0]]) + t.split(":")[1] for t in terms} == {
            str(p) for p in PREDICATES.values()
        }
