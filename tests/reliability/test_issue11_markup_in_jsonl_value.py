"""Issue 11, failure 3: one JSONL value ("date": "[/x]") crashed the whole build with a
rich.errors.MarkupError traceback. Now the line is reported as file:line: field: reason,
printed as text, and the other lines are built."""

from __future__ import annotations

import json
import subprocess
import sys


def test_a_markup_like_value_is_one_reported_line_not_a_crash(tmp_path):
    rows = [
        {
            "title": "Europol meets INTERPOL",
            "text": "Europol met INTERPOL in Lyon.",
            "date": "[/x]",
        },
        {"title": "Second", "text": "Europol thanked INTERPOL in Lyon.", "date": "2020-05-01"},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "casegraph", "build", str(tmp_path / "feed.jsonl"),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 3, r.stderr
    assert "feed.jsonl:1: date: '[/x]' is not a date (use yyyy-mm-dd)" in r.stderr
    assert "Traceback" not in r.stderr and "MarkupError" not in r.stderr
    assert "articles read:   1" in r.stdout
