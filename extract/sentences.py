"""spaCy factory that starts a sentence where the layout does: after a blank line (so the
headline is a sentence of its own, never glued to the body's first one), after a line that
ends a sentence or introduces a list, and at every list item.

It runs before the parser, which keeps the boundaries it finds set.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

_BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "▪"})
_ENDS = frozenset({".", "!", "?", ":", ";"})
SHORT_LINE = 40  # a line this short is a heading; longer ones may be text wrapped by hand


@Language.factory("casegraph_sentences", requires=[], assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> LineBreaks:
    return LineBreaks()


class LineBreaks:
    """Marks ``is_sent_start`` on the first word after a layout break (see module doc)."""

    def __call__(self, doc: Doc) -> Doc:
        line_start = 0  # character offset where the current line starts
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            between = prev.whitespace_ + (prev.text if prev.is_space else "")
            if "\n" not in between:
                continue
            if tok.is_space:
                continue
            before = next((t for t in reversed(doc[: tok.i]) if not t.is_space), None)
            line = doc.text[line_start : tok.idx].strip()
            line_start = tok.idx
            if (
                "\n\n" in between
                or before is None
                or before.text in _ENDS
                or tok.text in _BULLETS
                or len(line) <= SHORT_LINE
            ):
                tok.is_sent_start = True
        return doc
