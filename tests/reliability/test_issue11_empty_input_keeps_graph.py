"""Issue 11, failure 4: building an empty directory silently replaced a graph with an empty
one (exit 0). Now an input without articles refuses to replace a graph that has some, unless
--allow-empty; into a new directory it still gives a valid empty set."""

from __future__ import annotations

from reliability_helpers import check_set

from casegraph.graph import cli


def test_an_empty_input_refuses_to_replace_a_graph_with_articles(tmp_path, capsys):
    src, empty, out = tmp_path / "in", tmp_path / "empty", tmp_path / "out"
    src.mkdir()
    empty.mkdir()
    (src / "a.txt").write_text("Title\n\nEuropol met INTERPOL in Lyon.\n", encoding="utf-8")
    assert cli.main(["build", str(src), "--out", str(out)]) == cli.EXIT_OK
    old = check_set(out)
    capsys.readouterr()
    assert cli.main(["build", str(empty), "--out", str(out)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert (
        f"{out} keeps its graph of 1 article (give --allow-empty" in err and "--allow-empty" in err
    )
    assert check_set(out) == old
    assert cli.main(["build", str(empty), "--out", str(out), "--allow-empty"]) == cli.EXIT_OK
    assert check_set(out)["counts"]["articles"] == 0


def test_an_empty_input_into_a_new_directory_is_a_valid_empty_set(tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli.main(["build", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 0
    assert check_set(tmp_path / "o")["counts"]["articles"] == 0
