"""RELIABILITY row 10: a latin-1 file, UTF-16 with a byte-order mark, or binary data renamed
.txt: a clear error naming the file (UTF-16 with its mark is read), the other files are
built, and the exit code says some inputs were rejected."""

from __future__ import annotations

import codecs

from casegraph.graph import cli

GOOD = "Europol and INTERPOL met in Lyon\n\nEuropol and INTERPOL met in Lyon on Monday.\n"


def test_bad_files_are_named_and_the_others_built(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "latin1.txt").write_bytes("Caf\xe9 in Lyon\n\nEuropol met.\n".encode("latin-1"))
    (src / "utf16.txt").write_bytes(
        codecs.BOM_UTF16_LE + GOOD.replace("Lyon", "Paris").encode("utf-16-le")
    )
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    assert cli.main(["build", str(src), "--out", str(out)]) == cli.EXIT_PARTIAL
    captured = capsys.readouterr()
    assert "latin1.txt:1: not valid UTF-8 at line 1, byte offset 3" in captured.err
    assert "binary.txt" in captured.err and "binary data" in captured.err
    assert "utf16.txt" not in captured.err
    assert "articles read:   2" in captured.out
    assert "Traceback" not in captured.err
