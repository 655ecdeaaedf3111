"""The spaCy -> records boundary: chunking of long texts keeps offsets exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from casegraph.extract.annotate import annotate, chunks
from casegraph.extract.records import Article


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n.", max_size=400), st.integers(min_value=1, max_value=50))
def test_chunks_cover_the_text_in_order_and_respect_the_size(text, size):
    pieces = list(chunks(text, size=size))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= size for _, p in pieces)
    offset = 0
    for start, piece in pieces:
        assert start == offset
        offset += len(piece)


def test_mentions_of_a_chunked_article_point_at_their_text(nlp):
    paragraph = (
        "Europol and INTERPOL supported Operation Nightfall in Spain and Portugal. "
        "Officers from the National Crime Agency joined the action day.\n\n"
    )
    text = "Long report\n\n" + paragraph * 60  # about 9,000 characters
    article = Article(id="long", source="long.txt", title="Long report", text=text)
    [whole] = annotate([article], nlp=nlp)
    [chunked] = annotate([article], nlp=nlp, chunk_chars=1_000)
    assert chunked.mentions, "the rules found nothing"
    for m in chunked.mentions:
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
    assert {(m.start, m.text) for m in chunked.mentions} == {
        (m.start, m.text) for m in whole.mentions
    }
