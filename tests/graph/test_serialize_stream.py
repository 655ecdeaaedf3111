"""The exports are written graph by graph: runs of triples spilled to disk give the same bytes
as runs held in memory, the N-Quads shards hold the dataset, and the store is filled as the
files are written, the union of all graphs as its default graph."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
from synthetic_case import generated_case

from casegraph.errors import ExportError
from casegraph.graph import serialize
from casegraph.graph.build import build_graph
from casegraph.graph.rdf import rdf_graphs
from casegraph.graph.serialize import FORMATS, write_rdf
from casegraph.graph.store import StoreLoader, default_is_union


class Files(dict):
    def __call__(self, name):
        files = self

        class Keep(io.BytesIO):
            def __exit__(self, *exc):
                if exc[0] is None:
                    files[name] = self.getvalue()

        return Keep()


@pytest.fixture(scope="module")
def G():
    return build_graph(generated_case(5))


def test_spilled_runs_give_the_bytes_of_runs_in_memory(G, tmp_path, monkeypatch):
    whole = Files()
    write_rdf(rdf_graphs(G), whole)
    monkeypatch.setattr(serialize, "_RUN_TRIPLES", 100)  # dozens of runs on disk
    spilled = Files()
    counts = write_rdf(rdf_graphs(G), spilled, spill_dir=tmp_path / "runs")
    assert spilled == whole
    assert not (tmp_path / "runs").exists()  # removed once merged
    union = {q.triple for q in ox.parse(whole["graph.nt"], format=ox.RdfFormat.N_TRIPLES)}
    assert counts["union"] == counts["graph.nt"] == len(union)


def test_the_nquads_shards_hold_the_dataset(G, monkeypatch):
    monkeypatch.setattr(serialize, "ARTICLES_PER_SHARD", 2)
    files = Files()
    counts = write_rdf(rdf_graphs(G), files, nquads=True)
    shards = sorted(n for n in files if n.startswith("nquads/"))
    assert shards == [
        "nquads/articles-00000.nq",
        "nquads/articles-00001.nq",
        "nquads/articles-00002.nq",
        "nquads/default.nq",
    ]
    quads = [q for n in shards for q in ox.parse(files[n], format=ox.RdfFormat.N_QUADS)]
    trig = list(ox.parse(files["graph.trig"], format=FORMATS["graph.trig"]))
    assert sorted(map(str, quads)) == sorted(map(str, trig)) and len(quads) == counts["graph.trig"]


def test_the_store_is_filled_while_the_files_are_written(G, tmp_path):
    files = Files()
    loader = StoreLoader(tmp_path / "store", threads=2)
    counts = write_rdf(rdf_graphs(G), files, store=loader)
    assert loader.finish() == counts["store"]
    store = ox.Store.read_only(str(tmp_path / "store"))
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    trig = set(ox.parse(files["graph.trig"], format=FORMATS["graph.trig"]))
    assert named == {q for q in trig if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert default == {q.triple for q in ox.parse(files["graph.nt"], format=ox.RdfFormat.N_TRIPLES)}
    assert default_is_union(store)


def test_a_piece_that_does_not_parse_fails_the_store_with_its_name(tmp_path):
    loader = StoreLoader(tmp_path / "store")
    loader.load(b"<https://x.example/s> <https://x.example/p> .\n", ox.RdfFormat.N_TRIPLES)
    with pytest.raises(ExportError, match="store: the RDF to load does not parse"):
        loader.finish()


def test_a_store_is_only_ever_built_fresh(tmp_path):
    (tmp_path / "store").mkdir()
    with pytest.raises(ExportError, match="already exists"):
        StoreLoader(tmp_path / "store")


def test_a_store_without_the_union_is_recognised():
    store = ox.Store()
    s, p, g = (
        ox.NamedNode("https://x.example/s"),
        ox.NamedNode("https://x.example/p"),
        ox.NamedNode("https://x.example/g"),
    )
    store.add(ox.Quad(s, p, ox.Literal("in g"), g))
    assert not default_is_union(store)
    store.add(ox.Quad(s, p, ox.Literal("in g")))
    assert default_is_union(store)
