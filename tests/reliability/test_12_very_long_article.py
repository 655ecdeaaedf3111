"""RELIABILITY row 12: an article of 1.2 million characters is processed in chunks with exact
offsets, or refused with a message naming the limit."""

from __future__ import annotations

from casegraph.extract.annotate import CHUNK_CHARS, chunks
from casegraph.graph import cli

PARAGRAPH = "Europol and INTERPOL met in Lyon to discuss Operation Nightfall. " * 20 + "\n\n"
LONG = "A very long report\n\n" + PARAGRAPH * (1_200_000 // len(PARAGRAPH) + 1)


def test_a_long_text_is_cut_into_chunks_that_give_back_exact_offsets():
    assert len(LONG) > 1_200_000
    pieces = list(chunks(LONG))
    assert "".join(piece for _, piece in pieces) == LONG
    assert all(LONG[start : start + len(piece)] == piece for start, piece in pieces)
    assert all(len(piece) <= CHUNK_CHARS for _, piece in pieces)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])  # cut at paragraphs


def test_over_the_limit_it_is_refused_naming_the_limit(tmp_path, capsys):
    (tmp_path / "long.txt").write_text(LONG, encoding="utf-8")
    (tmp_path / "short.txt").write_text(
        "Short\n\nEuropol met INTERPOL in Lyon.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code = cli.main(["build", str(tmp_path), "--out", str(out), "--max-chars", "1000000"])
    captured = capsys.readouterr()
    assert code == cli.EXIT_PARTIAL
    assert "long.txt: 1,200,464 characters, over the limit of 1,000,000" in captured.err
    assert "articles read:   1" in captured.out
