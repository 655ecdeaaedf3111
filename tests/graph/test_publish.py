"""Output-set publication: one fresh generation per build, checked, switched by one pointer."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from casegraph.errors import ExportError
from casegraph.extract.records import Extraction
from casegraph.graph import publish as publish_module
from casegraph.graph import serialize
from casegraph.graph.build import build_graph, summarize
from casegraph.graph.outputs import (
    CURRENT,
    GENERATIONS,
    SET_NAMES,
    current_manifest,
    published_articles,
    published_dir,
)
from casegraph.graph.publish import make_manifest, prepare, publish_graph, tidy
from casegraph.graph.store import STORE_NAME, find_store, write_store


def publish(out: Path, G: nx.MultiDiGraph):
    summary = summarize(G)
    manifest = make_manifest(paths=["in/"], files=(), counts={"articles": summary["articles"]})
    return publish_graph(out, G, summary=summary, manifest=manifest)


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file of the set in use, read through the top-level names."""
    return {n: (out / n).read_bytes() for n in SET_NAMES if n != STORE_NAME}


def listing(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


EMPTY = build_graph(Extraction((), (), ()))


def test_a_build_publishes_one_checked_set_behind_fixed_links(graph, tmp_path):
    out = tmp_path / "out"
    published = publish(out, graph)
    assert not published.unchanged
    assert os.readlink(out / CURRENT) == f"{GENERATIONS}/{published.directory.name}"
    for name in SET_NAMES:
        assert os.readlink(out / name) == f"{CURRENT}/{name}"
    assert listing(out) == sorted([GENERATIONS, CURRENT, *SET_NAMES])
    assert listing(out / GENERATIONS) == [published.directory.name]
    assert find_store(out) == (published.directory / STORE_NAME).resolve()


def test_the_manifest_lists_each_output_with_its_hash_and_names_the_set(graph, tmp_path):
    published = publish(tmp_path, graph)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == published.manifest == current_manifest(tmp_path)
    assert sorted(manifest["outputs"]) == sorted(n for n in SET_NAMES if n not in
                                                 ("manifest.json", STORE_NAME))  # fmt: skip
    for name, meta in manifest["outputs"].items():
        data = (tmp_path / name).read_bytes()
        assert meta == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert manifest["counts"]["store_quads"] == len(ox.Store.read_only(str(find_store(tmp_path))))
    assert {"python", "casegraph", "pyoxigraph", "spacy"} <= set(manifest["versions"])
    whole = hashlib.sha256((tmp_path / "manifest.json").read_bytes()).hexdigest()
    assert whole.startswith(published.directory.name)
    assert published_articles(tmp_path) == 2


def test_an_unchanged_rebuild_keeps_the_set_in_use(graph, tmp_path):
    first = publish(tmp_path, graph)
    inode = (first.directory / "graph.ttl").stat().st_ino
    again = publish(tmp_path, graph)
    assert again.unchanged and again.directory == first.directory
    assert (first.directory / "graph.ttl").stat().st_ino == inode
    assert listing(tmp_path / GENERATIONS) == [first.directory.name]


def test_a_set_without_its_store_gets_one_on_an_unchanged_rebuild(graph, tmp_path):
    # A fresh clone: the committed set has every file but the (binary, ignored) store.
    first = publish(tmp_path, graph)
    shutil.rmtree(first.directory / STORE_NAME)
    assert find_store(tmp_path) == first.directory / "graph.trig"
    assert publish(tmp_path, graph).unchanged
    assert find_store(tmp_path) == (first.directory / STORE_NAME).resolve()


def test_a_new_set_replaces_the_old_one_which_the_next_build_removes(graph, tmp_path):
    first = publish(tmp_path, graph)
    second = publish(tmp_path, EMPTY)
    # the previous set stays for readers still on it (a running serve), until the next build
    assert second.directory != first.directory and first.directory.exists()
    assert published_dir(tmp_path) == second.directory.resolve()
    assert b"Europol" not in (tmp_path / "graph.ttl").read_bytes()
    other = graph.copy()
    other.remove_node(sorted(other)[0])  # a third, different set
    third = publish(tmp_path, other)
    assert not first.directory.exists() and second.directory.exists()
    assert published_dir(tmp_path) == third.directory.resolve()


@pytest.mark.parametrize("stage", ["write_rdf", "render_html", "check_rdf", "StoreLoader"])
def test_a_failure_at_any_stage_leaves_the_previous_set_in_use_and_no_leftovers(
    graph, tmp_path, monkeypatch, stage
):
    publish(tmp_path, graph)
    before, names = snapshot(tmp_path), listing(tmp_path / GENERATIONS)

    def explode(*args, **kwargs):
        raise ExportError("disk full (injected)")

    monkeypatch.setattr(publish_module, stage, explode)
    with pytest.raises(ExportError, match="injected"):
        publish(tmp_path, EMPTY)
    assert snapshot(tmp_path) == before
    assert listing(tmp_path / GENERATIONS) == names
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_file_that_does_not_reparse_is_never_published(graph, tmp_path, monkeypatch):
    publish(tmp_path, graph)
    before = snapshot(tmp_path)
    real = serialize._jsonld

    def broken_jsonld(quads, converted, out):
        real(quads, converted, out)
        out.write(b"{ not json")

    monkeypatch.setattr(serialize, "_jsonld", broken_jsonld)
    with pytest.raises(ExportError, match=r"graph\.jsonld: the new file does not re-parse"):
        publish(tmp_path, EMPTY)
    assert snapshot(tmp_path) == before


def test_outputs_of_the_layout_before_sets_are_adopted_then_replaced(graph, tmp_path):
    # Files written one by one by an earlier version, and its store behind a symlink.
    for name in ("graph.ttl", "graph.html", "summary.json"):
        (tmp_path / name).write_bytes(b'{"articles": 3}\n' if name == "summary.json" else b"old")
    write_store(tmp_path, b'<https://x.example/s> <https://x.example/p> "old" .\n')
    prepare(tmp_path)
    assert (tmp_path / "graph.ttl").is_symlink()
    assert (tmp_path / "graph.ttl").read_bytes() == b"old"  # still the old content, now a set
    assert published_articles(tmp_path) == 3
    assert [q.object.value for q in ox.Store.read_only(str(find_store(tmp_path)))] == ["old"]
    publish(tmp_path, graph)
    assert b"Europol" in (tmp_path / "graph.ttl").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store-")]
    assert len(listing(tmp_path / GENERATIONS)) == 2  # the new set and the adopted one before it


def test_leftovers_of_killed_builds_are_removed_and_other_files_kept(graph, tmp_path):
    published = publish(tmp_path, graph)
    (tmp_path / GENERATIONS / ".new-0123456789ab").mkdir()
    (tmp_path / GENERATIONS / "ffffffffffffffff").mkdir()
    (tmp_path / ".graph.ttl.0123456789ab.tmp").write_bytes(b"half")
    (tmp_path / ".current.0123456789ab.tmp").symlink_to("nowhere")
    (tmp_path / "notes.txt").write_bytes(b"the analyst's own file")
    (tmp_path / ".notes.txt.0123456789ab.tmp").write_bytes(b"not ours")
    tidy(tmp_path)
    assert listing(tmp_path / GENERATIONS) == [published.directory.name]
    assert ".graph.ttl.0123456789ab.tmp" not in listing(tmp_path)
    assert ".current.0123456789ab.tmp" not in listing(tmp_path)
    assert {"notes.txt", ".notes.txt.0123456789ab.tmp"} <= set(listing(tmp_path))


def test_the_set_names_are_refused_where_a_directory_sits(graph, tmp_path):
    (tmp_path / "graph.ttl").mkdir()
    with pytest.raises(ExportError, match=r"graph\.ttl"):
        publish(tmp_path, graph)


def test_a_store_being_added_when_killed_is_removed_by_the_next_build(graph, tmp_path):
    published = publish(tmp_path, graph)
    (published.directory / ".store-0123456789ab").mkdir()
    tidy(tmp_path)
    assert sorted(p.name for p in published.directory.iterdir() if p.name.startswith(".")) == []
