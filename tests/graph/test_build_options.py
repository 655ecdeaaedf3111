"""``casegraph build`` options of issue 10: the formats to write, the workers and the engine,
the cache, and an unchanged rebuild that does no work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import casegraph
from casegraph.extract import pipeline, workers
from casegraph.graph import cli
from casegraph.graph.outputs import OPTIONAL_NAMES

CORPUS = sorted(Path(str(casegraph.bundled_corpus())).glob("*.txt"))


def articles(tmp_path: Path, n: int) -> Path:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    for f in CORPUS[:n]:
        (src / f.name).write_bytes(f.read_bytes())
    return src


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--formats", "ttl,pdf"], "unknown format 'pdf'"),
        (["--workers", "0"], "give a number of at least 1"),
        (["--workers", "many"], "'many' is not a whole number"),
        (["--engine", "dask"], "--engine dask needs --scheduler"),
        (["--scheduler", "tcp://x:1"], "--scheduler is for --engine dask"),
    ],
)
def test_bad_build_options_are_usage_errors(tmp_path, capsys, args, message):
    with pytest.raises(SystemExit) as e:
        cli.main(["build", "--out", str(tmp_path / "o"), *args])
    assert e.value.code == cli.EXIT_USAGE
    assert message in capsys.readouterr().err


def test_formats_choose_the_files_and_the_links_follow_the_set_in_use(tmp_path, capsys):
    src, out = articles(tmp_path, 1), tmp_path / "out"
    assert cli.main(["build", str(src), "--out", str(out), "--formats", "all"]) == 0
    for name in OPTIONAL_NAMES:
        assert (out / name).exists(), name
    assert (out / "neo4j" / "entities.csv").is_file()
    files = json.loads((out / "summary.json").read_text())["files"]
    assert {"graph.graphml", "entities.csv", "neo4j", "records"} <= set(files)
    assert cli.main(["build", str(src), "--out", str(out), "--formats", "graphml"]) == 0
    assert (out / "graph.graphml").is_file() and (out / "graph.trig").is_file()
    assert not (out / "graph.ttl").is_symlink() and not (out / "links.csv").is_symlink()
    assert "files:           graph.graphml, graph.html, graph.trig" in capsys.readouterr().out


def test_an_unchanged_rebuild_loads_no_model_and_reads_nothing_again(tmp_path, monkeypatch):
    src, out = articles(tmp_path, 2), tmp_path / "out"
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    before = (out / "current").resolve()

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(pipeline, "build_nlp", no_model)
    monkeypatch.setattr(workers, "annotate_batch", no_model)
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    assert (out / "current").resolve() == before


def test_a_rebuild_parses_only_the_edited_article(tmp_path, monkeypatch):
    src, out = articles(tmp_path, 3), tmp_path / "out"
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    edited = sorted(src.iterdir())[1]
    edited.write_text(edited.read_text() + "\n\nEuropol said more.\n")
    parsed = []
    real = workers.annotate_batch

    def counting(batch, *args):
        parsed.extend(a.id for a in batch)
        return real(batch, *args)

    monkeypatch.setattr(workers, "annotate_batch", counting)
    assert cli.main(["build", str(src), "--out", str(out)]) == 0
    assert parsed == [edited.stem]
    # and the graph is the one a build without the cache makes
    fresh = tmp_path / "fresh"
    assert cli.main(["build", str(src), "--out", str(fresh), "--no-cache"]) == 0
    assert (fresh / "graph.nt").read_bytes() == (out / "graph.nt").read_bytes()
    assert not (fresh / ".cache").exists()


def test_two_workers_build_the_graph_one_process_builds(tmp_path):
    src = articles(tmp_path, 3)
    one, two = tmp_path / "one", tmp_path / "two"
    assert cli.main(["build", str(src), "--out", str(one), "--no-cache"]) == 0
    assert cli.main(["build", str(src), "--out", str(two), "--no-cache", "--workers", "2"]) == 0
    for name in ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_workers_default_to_auto_and_take_a_number():
    parse = cli._parser().parse_args
    assert parse(["build"]).workers is None  # auto: extract/run.py workers_for
    assert parse(["build", "--workers", "auto"]).workers is None
    assert parse(["build", "--workers", "3"]).workers == 3
