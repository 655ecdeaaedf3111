"""Issue 11, failure 1: an article containing C:\\temp\\" at a line end made a Turtle/TriG
literal pyoxigraph rejects, and the build failed writing the store after it had replaced
every export. Now the real build succeeds and every file re-parses with the text intact."""

from __future__ import annotations

import pyoxigraph as ox
from reliability_helpers import check_set

from casegraph.graph import cli
from casegraph.graph.namespaces import NIF
from casegraph.graph.serialize import FORMATS

ARTICLE = (
    "Europol publishes a forensic tool\n\n"
    'Europol said the tool is installed under C:\\temp\\"\n'
    "and INTERPOL experts in Lyon tested it.\n"
)


def test_the_build_writes_and_checks_every_file_with_the_text_intact(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "tool.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(tmp_path / "in"), "--out", str(out)]) == cli.EXIT_OK
    check_set(out)  # every file of the set re-parses strictly; the store holds every quad
    for name, rdf_format in FORMATS.items():
        texts = [q.object.value for q in ox.parse(path=str(out / name), format=rdf_format)
                 if q.predicate.value == str(NIF.isString)]  # fmt: skip
        assert texts == [ARTICLE.rstrip("\n")], name
    assert "error" not in capsys.readouterr().err
