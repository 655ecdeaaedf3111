"""The on-disk Oxigraph store: built fresh from a TriG file, found through the set in use,
opened read-only."""

from __future__ import annotations

import logging
import os

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef

from casegraph.errors import ExportError, QueryError
from casegraph.graph.store import STORE_NAME, find_store, load_store, open_store, write_store

G1 = "https://casegraph.example/id/article/a1"
TRIG_V1 = f'<https://x.example/s> <https://x.example/p> "old" .\n<{G1}> {{ <https://x.example/s> <https://x.example/q> "in a1" . }}\n'.encode()  # noqa: E501
TRIG_V2 = b'<https://x.example/s> <https://x.example/p> "new" .\n'


def values(graph_dir) -> set[str]:
    store = open_store(graph_dir)
    return {q.object.value for q in store.quads_for_pattern(None, None, None, None)}


def hidden_leftovers(out) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".lock")


def test_store_holds_the_dataset_with_its_named_graphs(tmp_path):
    write_store(tmp_path, TRIG_V1)
    store = open_store(tmp_path)
    assert values(tmp_path) == {"old", "in a1"}
    assert [g.value for g in store.named_graphs()] == [G1]
    assert (tmp_path / STORE_NAME).is_symlink()


def test_an_rdflib_dataset_is_stored_with_its_union_as_default_graph(tmp_path):
    ds = Dataset()
    s, p = URIRef("https://x.example/s"), URIRef("https://x.example/p")
    ds.default_graph.add((s, p, Literal("default")))
    ds.graph(URIRef(G1)).add((s, p, Literal("named")))
    write_store(tmp_path, ds)
    store = open_store(tmp_path)
    default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert sorted(q.object.value for q in default) == ["default", "named"]
    named = store.quads_for_pattern(None, None, None, ox.NamedNode(G1))
    assert [q.object.value for q in named] == ["named"]
    assert [g.value for g in store.named_graphs()] == [G1]


def test_the_default_graph_holds_a_triple_of_several_graphs_once(tmp_path):
    triple = '<https://x.example/s> <https://x.example/p> "shared" .'
    trig = "".join(f"<{G1}{n}> {{ {triple} }}\n" for n in range(3)).encode()
    write_store(tmp_path, trig)
    store = open_store(tmp_path)
    default = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert [q.object.value for q in default] == ["shared"]
    rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o }"))
    assert [r["o"].value for r in rows] == ["shared"]
    # Oxigraph's union repeats it: once per named graph, once for the default graph
    union = store.query("SELECT ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    assert len(list(union)) == 4


def test_rebuild_replaces_the_store_and_removes_the_old_generation(tmp_path):
    write_store(tmp_path, TRIG_V1)
    old_generation = find_store(tmp_path)
    write_store(tmp_path, TRIG_V2)
    assert values(tmp_path) == {"new"}
    assert not old_generation.exists()
    assert len(hidden_leftovers(tmp_path)) == 1  # the current generation only


@pytest.mark.parametrize(
    "bad", [b"<https://x.example/s> <https://x.example/p> .", b"\xff\xfe not rdf {", b"{ <a"]
)
def test_failed_store_write_keeps_the_previous_store_and_leaves_no_temp_files(tmp_path, bad):
    write_store(tmp_path, TRIG_V1)
    before = hidden_leftovers(tmp_path)
    with pytest.raises(ExportError, match=STORE_NAME):
        write_store(tmp_path, bad)
    assert values(tmp_path) == {"old", "in a1"}
    assert hidden_leftovers(tmp_path) == before


def test_a_reader_keeps_the_generation_it_opened_while_a_build_swaps_in_another(tmp_path):
    write_store(tmp_path, TRIG_V1)
    reader = ox.Store.read_only(str(find_store(tmp_path)))
    write_store(tmp_path, TRIG_V2)
    # The old generation is deleted; an open reader still answers from its open files.
    assert len(reader) == 3  # two quads and, in the default graph, the one of the named graph
    assert values(tmp_path) == {"new"}


def test_a_store_directory_from_an_older_build_is_replaced(tmp_path):
    legacy = ox.Store(str(tmp_path / STORE_NAME))
    legacy.add(ox.Quad(ox.NamedNode("https://x.example/s"), ox.NamedNode("https://x.example/p"),
                       ox.Literal("legacy")))  # fmt: skip
    legacy.flush()
    del legacy
    write_store(tmp_path, TRIG_V2)
    assert values(tmp_path) == {"new"}


def test_read_only_store_refuses_writes(tmp_path):
    write_store(tmp_path, TRIG_V2)
    store = open_store(tmp_path)
    with pytest.raises(RuntimeError, match="read-write"):
        store.update('INSERT DATA { <https://x.example/a> <https://x.example/b> "c" }')


def test_without_a_store_graph_trig_is_loaded_into_memory(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    (tmp_path / "graph.trig").write_bytes(TRIG_V1)
    assert find_store(tmp_path) == tmp_path / "graph.trig"
    assert values(tmp_path) == {"old", "in a1"}
    assert "rebuild" in caplog.text


def test_a_directory_without_a_graph_is_a_clear_error(tmp_path):
    with pytest.raises(QueryError, match="casegraph build"):
        open_store(tmp_path)


def test_build_writes_the_store_next_to_the_exports(bundled_build):
    store = open_store(bundled_build)
    assert os.path.islink(bundled_build / STORE_NAME)
    articles = store.query(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }",
        use_default_graph_as_union=True,
    )
    assert next(articles)["n"].value == "5"
    assert len(list(store.named_graphs())) == 5


def test_load_store_builds_a_fresh_store_and_counts_its_quads(tmp_path):
    (tmp_path / "graph.trig").write_bytes(TRIG_V1)
    assert load_store(tmp_path / "s", tmp_path / "graph.trig") == 3  # with the union
    assert {q.object.value for q in ox.Store.read_only(str(tmp_path / "s"))} == {"old", "in a1"}
    with pytest.raises(ExportError, match="already exists"):
        load_store(tmp_path / "s", tmp_path / "graph.trig")


def test_load_store_names_the_file_that_does_not_parse(tmp_path):
    (tmp_path / "graph.trig").write_bytes(b"<https://x.example/s> <https://x.example/p> .")
    with pytest.raises(ExportError, match=r"graph\.trig: does not re-parse"):
        load_store(tmp_path / "s", tmp_path / "graph.trig")


def test_find_store_follows_the_current_output_set(tmp_path):
    for name, trig in (("one", TRIG_V1), ("two", TRIG_V2)):
        (tmp_path / ".generations" / name).mkdir(parents=True)
        (tmp_path / ".generations" / name / "graph.trig").write_bytes(trig)
    (tmp_path / "current").symlink_to(".generations/one")
    assert find_store(tmp_path) == (tmp_path / ".generations" / "one" / "graph.trig").resolve()
    load_store(tmp_path / ".generations" / "two" / STORE_NAME,
               tmp_path / ".generations" / "two" / "graph.trig")  # fmt: skip
    (tmp_path / "current").unlink()
    (tmp_path / "current").symlink_to(".generations/two")
    assert find_store(tmp_path) == (tmp_path / ".generations" / "two" / STORE_NAME).resolve()
    assert values(tmp_path) == {"new"}
