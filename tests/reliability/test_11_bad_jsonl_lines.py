"""RELIABILITY row 11: JSONL with a malformed line, a non-object line, "text": NaN, a BOM, very
deep nesting and "\\udcff": each bad line reported as file:line: reason, the good lines
ingested, no traceback."""

from __future__ import annotations

import json

from casegraph.graph import cli

GOOD = {"title": "Europol meets INTERPOL", "text": "Europol and INTERPOL met in Lyon on Monday."}


def test_each_bad_line_is_reported_and_the_good_ones_built(tmp_path, capsys):
    lines = [
        "\ufeff" + json.dumps(GOOD),  # 1: a byte-order mark before the first line is fine
        '{"text": "unterminated',  # 2
        '["not", "an", "object"]',  # 3
        '{"text": NaN}',  # 4
        "[" * 50_000 + "]" * 50_000,  # 5
        '{"text": "\\udcff lone surrogate"}',  # 6
        json.dumps({**GOOD, "title": "Second", "text": "Europol thanked INTERPOL in Lyon."}),  # 7
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["build", str(tmp_path / "feed.jsonl"), "--out", str(out)]) == cli.EXIT_PARTIAL
    captured = capsys.readouterr()
    for n, reason in [(2, "malformed JSON"), (3, "expected a JSON object"), (4, "NaN"),
                      (5, "nested too deeply"), (6, "lone surrogate U+DCFF")]:  # fmt: skip
        assert f"feed.jsonl:{n}: " in captured.err and reason in captured.err, n
    assert "feed.jsonl:1:" not in captured.err and "feed.jsonl:7:" not in captured.err
    assert "articles read:   2" in captured.out
    assert "Traceback" not in captured.err
