"""RELIABILITY row 28: input values holding rich/console markup ([/x], [bold], [red]) are
printed as text in every warning and error; nothing crashes."""

from __future__ import annotations

import json

from casegraph.graph import cli


def test_markup_in_a_jsonl_value_and_a_file_name_is_printed_as_text(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    rows = [
        {"text": "Europol met INTERPOL in Lyon.", "date": "[/x]"},
        {"text": "Europol met INTERPOL in Lyon again.", "title": 5, "dateline": "[bold]LYON"},
        {"text": "Europol thanked INTERPOL.", "dateline": "[red]LYON[/red], France"},
    ]
    (src / "[bold]feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    (src / "[x]notes.txt").write_bytes(b"\xfa\xfb\xfc not text")
    assert cli.main(["build", str(src), "--out", str(tmp_path / "out")]) == cli.EXIT_PARTIAL
    captured = capsys.readouterr()
    assert "[bold]feed.jsonl:1: date: '[/x]' is not a date (use yyyy-mm-dd)" in captured.err
    assert "[bold]feed.jsonl:2: title: expected a string, got a number" in captured.err
    assert "[x]notes.txt:1: not valid UTF-8" in captured.err
    assert "MarkupError" not in captured.err and "Traceback" not in captured.err
    assert "articles read:   1" in captured.out


def test_markup_in_an_error_message_is_printed_as_text(tmp_path, capsys):
    missing = tmp_path / "[bold]nope"
    assert cli.main(["build", str(missing), "--out", str(tmp_path / "out")]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "[bold]nope: no such file or directory" in err and "no article could be read" in err


def test_markup_in_a_query_parameter_is_printed_as_text(capsys):
    assert cli.main(["query", "links", "--param", "[/x]"]) == cli.EXIT_USAGE
    assert "--param '[/x]' must look like NAME=VALUE" in capsys.readouterr().err
