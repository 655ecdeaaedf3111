"""Issue 11, the first hour: the summary line `links: 194 139 coOccursWith, ...` read as two
numbers. It now reads `links: 194 (55 typed: ...; 139 co-occurrence)`."""

from __future__ import annotations

import json
from pathlib import Path

from casegraph.graph import cli
from casegraph.graph.publish import Published


def test_the_link_line_says_which_links_are_typed(bundled_build, capsys):
    summary = json.loads((bundled_build / "summary.json").read_text(encoding="utf-8"))
    cli._print_summary(summary, Path("output"), Published(Path("x/0123"), {}, unchanged=False))
    lines = dict(line.split(":", 1) for line in capsys.readouterr().out.splitlines())
    kinds = summary["links_by_kind"]
    typed = ", ".join(f"{n} {k}" for k, n in kinds.items() if k != "coOccursWith")
    cooccurrence = kinds["coOccursWith"]
    typed_count = summary["links"] - cooccurrence
    expected = f"{summary['links']} ({typed_count} typed: {typed}; {cooccurrence} co-occurrence)"
    assert lines["links"].strip() == expected
    assert lines["entities"].strip().startswith(f"{summary['entities']} (")
    assert lines["output"].strip() == "output/ (new set, now in use: 0123)"
    assert lines["open"].strip() == "output/graph.html"
