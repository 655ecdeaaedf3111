"""Issue 11, the first hour: outside a terminal the build showed no progress at all, and in one
the bar sat at "extracting 0/5" while the model loaded. Now a stage line is out before the
model starts loading, and off a terminal each stage is one plain line on stderr."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

import casegraph
from casegraph.extract import pipeline
from casegraph.graph import cli, progress

STAGES = [
    "reading the input files",
    "loading the language model",
    "extracting entities and links (2)",
    "resolving entities across articles",
    "linking: typed relations, figures, events and co-occurrence",
    "building the graph",
    "writing Turtle, TriG, N-Triples, JSON-LD and the query store",
    "rendering the HTML view",
    "checking the files and loading the query store",
]


def corpus(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in sorted(casegraph.bundled_corpus().iterdir(), key=lambda f: f.name)[:2]:
        (src / f.name).write_bytes(f.read_bytes())
    return src


def test_off_a_terminal_each_stage_is_one_line_on_stderr(tmp_path, monkeypatch, capsys):
    stream = io.StringIO()  # not a terminal, as in a log, CI or a pipe
    monkeypatch.setattr(cli, "Console", lambda **kwargs: Console(file=stream, **kwargs))
    assert cli.main(["build", str(corpus(tmp_path)), "--out", str(tmp_path / "o")]) == 0
    lines = stream.getvalue().splitlines()
    assert [re.sub(r"^casegraph \[ *[\d.]+ s\] ", "", line) for line in lines] == STAGES
    assert all(re.match(r"casegraph \[ *\d+\.\d s\] ", line) for line in lines)
    assert "articles read:   2" in capsys.readouterr().out  # the summary goes to stdout


@pytest.mark.parametrize("terminal", [False, True])
def test_the_model_stage_is_shown_before_the_model_loads(tmp_path, monkeypatch, terminal):
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=terminal, width=100)
    monkeypatch.setattr(cli, "Console", lambda **kwargs: console)
    shown = []
    real = pipeline.build_nlp

    def build_nlp(*args, **kwargs):
        shown.append(stream.getvalue())
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_nlp", build_nlp)
    assert cli.main(["build", str(corpus(tmp_path)), "--out", str(tmp_path / "o")]) == 0
    assert shown and "loading the language model" in shown[0]
    assert "extracting" not in shown[0]


def test_a_counted_stage_moves_on_to_the_next_after_its_last_step():
    stream = io.StringIO()
    with progress.Progress(Console(file=stream, force_terminal=False)) as p:
        advance = p.count("extracting", total=2, then="resolving")
        advance()
        assert "resolving" not in stream.getvalue()
        advance()
    assert stream.getvalue().splitlines()[-1].endswith("] resolving")
