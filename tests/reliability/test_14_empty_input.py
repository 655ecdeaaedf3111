"""RELIABILITY row 14: an empty input directory, or articles with no entities: valid (empty)
exports and a page that says so; no crash."""

from __future__ import annotations

from reliability_helpers import check_set

from casegraph.graph import cli


def test_an_empty_directory_gives_a_valid_empty_set(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    assert cli.main(["build", str(tmp_path / "empty"), "--out", str(out)]) == cli.EXIT_OK
    manifest = check_set(out)  # every file re-parses, the store opens
    assert manifest["counts"]["articles"] == 0
    assert b"Nothing to show" in (out / "graph.html").read_bytes()
    assert "articles read:   0" in capsys.readouterr().out


def test_articles_without_entities_give_valid_exports(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "plain.txt").write_text("weather\n\nit rained all day and then it stopped.\n")
    out = tmp_path / "out"
    assert cli.main(["build", str(src), "--out", str(out)]) == cli.EXIT_OK
    manifest = check_set(out)
    assert (manifest["counts"]["articles"], manifest["counts"]["entities"]) == (1, 0)
    assert b"Nothing to show" in (out / "graph.html").read_bytes()
    assert "entities:        0 (none)" in capsys.readouterr().out
