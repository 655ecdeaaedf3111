"""Issue 11, failure 3: one JSONL value ("date": "[/x]") crashed the whole build with a
rich.errors.MarkupError traceback. Now the line is reported as file:line: field: reason,
printed as text, and the other lines are built."""

from __future__ import annotations

import json

from casegraph.graph import cli


def test_a_markup_like_value_is_one_reported_line_not_a_crash(tmp_path, capsys):
    rows = [
        {
            "title": "Europol meets INTERPOL",
            "text": "Europol met INTERPOL in Lyon.",
            "date": "[/x]",
        },
        {"title": "Second", "text": "Europol thanked INTERPOL in Lyon.", "date": "2020-05-01"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    code = cli.main(["build", str(tmp_path / "feed.jsonl"), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == cli.EXIT_PARTIAL, captured.err
    assert "feed.jsonl:1: date: '[/x]' is not a date (use yyyy-mm-dd)" in captured.err
    assert "Traceback" not in captured.err and "MarkupError" not in captured.err
    assert "articles read:   1" in captured.out
