"""The ``casegraph build`` command: exit codes, messages, one output set, reproducible files."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
from rdflib import Dataset

import casegraph
from casegraph.graph import cli, publish
from casegraph.graph.atomic import build_lock

CORPUS = Path(str(casegraph.bundled_corpus()))
EXPORTS = [
    "graph.ttl",
    "graph.trig",
    "graph.nt",
    "graph.jsonld",
    "graph.html",
    "summary.json",
    "manifest.json",
]


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casegraph", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def some_articles(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(CORPUS.glob("*.txt"))[:n]:
        shutil.copy(f, src / f.name)
    return src


def test_module_entry_point_reports_version():
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == casegraph.__version__


def test_empty_input_directory_gives_valid_empty_exports(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert cli.main(["build", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 0
    out = tmp_path / "out"
    for name, fmt in [
        ("graph.ttl", pyoxigraph.RdfFormat.TURTLE),
        ("graph.trig", pyoxigraph.RdfFormat.TRIG),
        ("graph.nt", pyoxigraph.RdfFormat.N_TRIPLES),
    ]:
        list(pyoxigraph.parse((out / name).read_bytes(), format=fmt))
    assert b"Nothing to show" in (out / "graph.html").read_bytes()
    assert "articles read:   0" in capsys.readouterr().out


def test_bad_file_is_named_and_the_others_are_built(tmp_path, capsys):
    src = some_articles(tmp_path, 1)
    (src / "broken.txt").write_bytes("Caf\xe9 au lait in Lyon\n".encode("latin-1"))
    code = cli.main(["build", str(src), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == cli.EXIT_PARTIAL
    assert "broken.txt" in captured.err
    assert "articles read:   1" in captured.out
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_unreadable_inputs_leave_previous_outputs_alone(tmp_path, capsys):
    out = tmp_path / "out"
    assert cli.main(["build", str(some_articles(tmp_path, 1)), "--out", str(out)]) == 0
    before = (out / "graph.ttl").read_bytes()
    code = cli.main(["build", str(tmp_path / "nope"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == cli.EXIT_FAILED
    assert "nope" in err and "no article could be read" in err and "not changed" in err
    assert (out / "graph.ttl").read_bytes() == before


def test_second_build_on_a_locked_directory_fails_fast(tmp_path, capsys):
    out = tmp_path / "out"
    with build_lock(out):
        code = cli.main(["build", str(some_articles(tmp_path, 1)), "--out", str(out)])
    assert code == cli.EXIT_FAILED
    assert "another build" in capsys.readouterr().err


def test_failure_while_rendering_leaves_previous_outputs_intact(tmp_path, monkeypatch, capsys):
    src, out = some_articles(tmp_path, 1), tmp_path / "out"
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    before = {name: (out / name).read_bytes() for name in EXPORTS}
    current = os.readlink(out / "current")

    def broken(*args, **kwargs):
        raise RuntimeError("serializer exploded")

    monkeypatch.setattr(publish, "render_html", broken)
    (src / "extra.txt").write_text("Europol met INTERPOL in Lyon.\n", encoding="utf-8")
    assert cli.main(["build", str(src), "--out", str(out)]) == cli.EXIT_FAILED
    assert "serializer exploded" in capsys.readouterr().err
    assert {name: (out / name).read_bytes() for name in EXPORTS} == before
    assert os.readlink(out / "current") == current


def test_an_empty_input_keeps_a_graph_with_articles_unless_allowed(tmp_path, capsys):
    out, empty = tmp_path / "out", tmp_path / "empty"
    empty.mkdir()
    assert cli.main(["build", str(some_articles(tmp_path, 1)), "--out", str(out)]) == 0
    before = (out / "graph.ttl").read_bytes()
    assert cli.main(["build", str(empty), "--out", str(out)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "holds no article" in err and "--allow-empty" in err
    assert (out / "graph.ttl").read_bytes() == before
    assert cli.main(["build", str(empty), "--out", str(out), "--allow-empty"]) == 0
    assert "articles read:   0" in capsys.readouterr().out
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["articles"] == 0


def test_the_summary_separates_typed_links_from_co_occurrence(bundled_build):
    summary = json.loads((bundled_build / "summary.json").read_text(encoding="utf-8"))
    r = run("build", "--out", str(bundled_build))
    assert r.returncode == 0, r.stderr
    [links] = [line for line in r.stdout.splitlines() if line.startswith("links:")]
    typed = summary["links"] - summary["links_by_kind"]["coOccursWith"]
    assert links.startswith(f"links:           {summary['links']} ({typed} typed: ")
    assert links.endswith(f"; {summary['links_by_kind']['coOccursWith']} co-occurrence)")
    assert "unchanged" in r.stdout  # the same input again: the set in use is kept


def test_shuffled_inputs_and_hash_seed_give_byte_identical_exports(tmp_path):
    src = some_articles(tmp_path, 3)
    files = sorted(str(p) for p in src.iterdir())
    shuffled = files[:]
    random.Random(7).shuffle(shuffled)
    a = run("build", *files, "--out", str(tmp_path / "a"), env={"PYTHONHASHSEED": "1"})
    b = run("build", *shuffled, "--out", str(tmp_path / "b"), env={"PYTHONHASHSEED": "987"})
    assert a.returncode == b.returncode == 0, a.stderr + b.stderr
    for name in EXPORTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _named_graphs(path: Path) -> dict[str, set]:
    ds = Dataset()
    ds.parse(path, format="trig")
    return {str(g.identifier): set(g) for g in ds.graphs() if len(g)}


def test_editing_one_article_changes_only_its_named_graph(tmp_path):
    src, out = some_articles(tmp_path, 3), tmp_path / "out"
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    before = _named_graphs(out / "graph.trig")
    edited = sorted(src.iterdir())[1]
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nEurojust thanked Europol.\n", encoding="utf-8"
    )
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    after = _named_graphs(out / "graph.trig")
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    article_graphs = [g for g in changed if "/article/" in g]
    assert len(article_graphs) == 1 and edited.stem in article_graphs[0]
