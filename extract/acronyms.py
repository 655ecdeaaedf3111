"""Acronyms: "Long Form (LF)" definitions, their later uses, and the Schwartz & Hearst test."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from casegraph.extract.candidates import make_span, source_of

__all__ = ["find_acronyms", "is_acronym_of"]


def find_acronyms(
    doc: Doc, chosen: list[Span], *, retype: Callable[[Span], Span]
) -> tuple[list[Span], list[tuple[str, str]]]:
    """Find "Long Form (LF)", extend the long form over it, and mark every later "LF".

    ``retype`` applies the typing rules to a new acronym mention. Returns the spans and the
    sorted (short form, long form) definitions.
    """
    defs: dict[str, Span] = {}
    common: set[str] = set()
    spans = list(chosen)
    for i, tok in enumerate(doc):
        if tok.text != "(":
            continue
        close = next((j for j in range(i + 1, min(i + 4, len(doc))) if doc[j].text == ")"), None)
        if close is None or close == i + 1:
            continue
        short = doc[i + 1 : close].text
        core = short.split()[0]
        long_span = next((s for s in spans if s.start < i < s.end), None)
        before = next((s for s in spans if s.end == i), None)
        candidate = long_span or before
        if candidate is None:
            # "joint action days (JAD)": an abbreviation of common words names nothing.
            words = doc[max(0, i - len(core) - 2) : i]
            if all(t.is_lower or t.is_punct for t in words) and is_acronym_of(core, words.text):
                common.add(core)
            continue
        long_text = doc[candidate.start : i].text
        if not is_acronym_of(core, long_text) and not _foreign_acronym(short, candidate, i):
            continue
        if long_span is None:  # "European Cybercrime Centre (EC3)": extend over "(EC3)"
            idx = spans.index(candidate)
            spans[idx] = make_span(
                doc,
                candidate.start,
                close + 1,
                candidate.label_,
                candidate.id_,
                candidate.kb_id_,
            )
            candidate = spans[idx]
            # the model may have named the acronym inside the parentheses on its own
            spans = [
                x
                for x in spans
                if x is candidate or not (candidate.start <= x.start and x.end <= candidate.end)
            ]
        defs[short] = candidate
    spans = [s for s in spans if s.text.rstrip("s") not in common or s.kb_id_]
    if not defs:
        return spans, []
    taken = {i for s in spans for i in range(s.start, s.end)}
    by_form = {short.split()[0]: (short, span) for short, span in defs.items()}
    for tok in doc:
        hit = by_form.get(tok.text)
        if hit is None or tok.i in taken:
            continue
        use = make_span(doc, tok.i, tok.i + 1, hit[1].label_, "acronym", hit[1].kb_id_)
        spans.append(retype(use))
    # A model span that *is* an acronym takes its long form's type.
    out = []
    for s in spans:
        hit = by_form.get(s.text)
        if hit is not None and source_of(s) == "model" and s.label_ != hit[1].label_:
            s = make_span(doc, s.start, s.end, hit[1].label_, "acronym", s.kb_id_)
        out.append(s)
    acronyms = sorted({(short, _strip_parenthesis(span.text)) for short, span in defs.items()})
    return out, acronyms


# Acronyms of names in another language ("Central Cybercrime Office (LZC)", "General
# Directorate for National Security (DGSN)"): letters that do not spell the English name.
_ACRONYM_SHAPE = re.compile(r"[A-Z][A-Za-z]{0,2}[A-Z][A-Z0-9-]{0,6}")
_NAMED_TYPES = ("Organization", "Database", "Operation", "Event")


def _foreign_acronym(short: str, candidate: Span, paren: int) -> bool:
    """A name in capitals in parentheses right after an organisation's name is its acronym
    even when its letters spell a name in another language."""
    return (
        candidate.end == paren
        and candidate.label_ in _NAMED_TYPES
        and _ACRONYM_SHAPE.fullmatch(short) is not None
        and not candidate.kb_id_
    )


def _strip_parenthesis(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def is_acronym_of(short: str, long: str) -> bool:
    """Schwartz & Hearst (2003): every letter of ``short`` appears in order in ``long``, the
    first at the start of a word, read right to left.

    >>> is_acronym_of("ICSE", "International Child Sexual Exploitation")
    True
    >>> is_acronym_of("ViLab", "INTERPOL Victim Identification Laboratory")
    True
    >>> is_acronym_of("EU", "Victim Identification")
    False
    """
    s = [c.lower() for c in short if c.isalnum()]
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2 or not long:
        return False
    lg = long.lower()
    si, li = len(s) - 1, len(lg) - 1
    while si >= 0:
        c = s[si]
        if c.isdigit():  # "EC3": digits need not be spelled out
            si -= 1
            continue
        while li >= 0 and (lg[li] != c or (si == 0 and li > 0 and lg[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        si -= 1
        li -= 1
    return True
