"""``casegraph build --engine dask`` on a Dask LocalCluster: the same graph as a local build,
byte for byte, plus the per-shard N-Quads and per-article records, which load into an
Oxigraph store holding exactly the build's store."""

from __future__ import annotations

import json
from collections import namedtuple
from pathlib import Path

import pyoxigraph as ox
import pytest
from dask import distributed  # a test dependency (casegraph[distributed])

import casegraph
from casegraph.extract.codec import decode
from casegraph.extract.records import Article
from casegraph.graph import cli
from casegraph.graph.store import load_shards

Builds = namedtuple("Builds", "local remote")
SAME = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask")
    src = root / "in"
    src.mkdir()
    for f in sorted(Path(str(casegraph.bundled_corpus())).glob("*.txt"))[:2]:
        (src / f.name).write_bytes(f.read_bytes())
    local, remote = root / "local", root / "dask"
    assert cli.main(["build", str(src), "--out", str(local), "--no-cache"]) == 0
    # Worker threads in this process: quick, and the model is loaded once.
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        args = ["build", str(src), "--out", str(remote), "--no-cache", "--engine", "dask"]
        assert cli.main([*args, "--scheduler", cluster.scheduler_address]) == 0
    return Builds(local, remote)


def test_the_dask_build_writes_the_local_builds_graph_byte_for_byte(builds):
    local, remote = builds
    for name in SAME:
        assert (remote / name).read_bytes() == (local / name).read_bytes(), name
    summary = {n: json.loads((d / "summary.json").read_text()) for n, d in builds._asdict().items()}
    files = sorted([*summary["local"].pop("files"), "nquads", "records"])
    assert summary["remote"].pop("files") == files
    assert summary["remote"] == summary["local"]


def test_the_dask_build_keeps_each_articles_records(builds):
    _, remote = builds
    lines = (remote / "records" / "records-00000.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        row = json.loads(line)
        article = Article(**row["article"])
        annotation = decode(row["records"], article)
        assert annotation.article_id == article.id and annotation.mentions


def test_the_shards_bulk_load_into_the_store_the_build_made(builds, tmp_path):
    _, remote = builds
    shards = sorted((remote / "nquads").glob("*.nq"))
    assert [p.name for p in shards] == ["articles-00000.nq", "default.nq"]
    n = load_shards(tmp_path / "store", reversed(shards))
    built = set(ox.Store.read_only(str((remote / "store").resolve())))
    assert set(ox.Store.read_only(str(tmp_path / "store"))) == built and n == len(built)


def test_a_scheduler_that_does_not_answer_is_a_clear_error(tmp_path, capsys, monkeypatch):
    from casegraph.extract import distributed as engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT_S", 1)
    src = Path(str(casegraph.bundled_corpus()))
    args = ["build", str(src), "--out", str(tmp_path / "o"), "--no-cache", "--engine", "dask"]
    assert cli.main([*args, "--scheduler", "tcp://127.0.0.1:9"]) == cli.EXIT_FAILED
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_casegraph_load_makes_a_store_that_query_reads(builds, tmp_path, capsys):
    _, remote = builds
    target = tmp_path / "loaded"
    assert cli.main(["load", str(target), str(remote / "nquads")]) == cli.EXIT_OK
    built = set(ox.Store.read_only(str((remote / "store").resolve())))
    assert set(ox.Store.read_only(str(target / "store"))) == built
    assert "quads from 2 files" in capsys.readouterr().err
    answers = []
    for graph in (target, remote):
        query = ["query", "entities-by-articles", "--format", "csv", "--graph", str(graph)]
        assert cli.main(query) == cli.EXIT_OK
        answers.append(capsys.readouterr().out)
    assert answers[0] == answers[1] and answers[0].count("\n") > 10
    assert [p.name for p in target.iterdir()] == ["store"]  # no scratch left behind


def test_casegraph_load_never_replaces_a_store_and_names_a_bad_shard(builds, tmp_path, capsys):
    _, remote = builds
    target = tmp_path / "loaded"
    assert cli.main(["load", str(target), str(remote / "nquads")]) == cli.EXIT_OK
    before = set(ox.Store.read_only(str(target / "store")))
    assert cli.main(["load", str(target), str(remote / "nquads")]) == cli.EXIT_FAILED
    assert "already exists" in capsys.readouterr().err
    assert set(ox.Store.read_only(str(target / "store"))) == before
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    other = tmp_path / "other"
    assert cli.main(["load", str(other), str(bad)]) == cli.EXIT_FAILED
    assert f"{bad}: not N-Quads casegraph can load" in capsys.readouterr().err
    assert not (other / "store").exists() and list(other.iterdir()) == []
