"""Annotations <-> JSON: the plain form in which per-article results are cached and shipped
(extract/cache.py, the per-article records of a distributed build).

Decoding trusts nothing: every field is checked for its type and every offset against the
article's text, so a damaged or foreign record raises :class:`BadRecord` instead of
entering the graph. Offsets are character offsets in ``Article.text``; a sentence's text is
not stored when it is the article's text at those offsets (it always is), only checked.

>>> from casegraph.extract.records import Article
>>> a = Article("a", "a.txt", "T", "Europol met.")
>>> empty = Annotation("a", (), (), 0)
>>> decode(encode(empty, a), a) == empty
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casegraph.extract.annotate import Annotation
from casegraph.extract.records import Acronym, Article, EntityType, Evidence, Figure, Link, Mention

__all__ = ["FORMAT", "BadRecord", "decode", "encode"]

FORMAT = 1  # the layout below; a change makes every stored record unreadable, as it should


class BadRecord(ValueError):
    """A stored record that does not describe this article (damaged, foreign or outdated)."""


def encode(annotation: Annotation, article: Article) -> dict[str, Any]:
    """``annotation`` of ``article`` as JSON-ready data."""
    if annotation.article_id != article.id:
        raise ValueError(f"annotation of {annotation.article_id!r} given for {article.id!r}")
    text = article.text

    def evidence(e: Evidence) -> list:
        if e.article_id != article.id:
            raise ValueError(f"evidence from article {e.article_id!r} in {article.id!r}")
        same = text[e.start : e.end] == e.text
        basis = [list(b) for b in e.basis]
        return [e.start, e.end, None if same else e.text, e.rule, e.confidence, e.modality, basis]

    def mention(m: Mention) -> list:
        refers = list(m.refers_to) if m.refers_to is not None else None
        return [m.start, m.end, m.text, m.type.value, m.sentence_start, m.sentence_end, m.rule,
                m.canonical, refers]  # fmt: skip

    def link(k: Link) -> list:
        obj = k.object if isinstance(k.object, str) else list(k.object)
        return [k.kind, list(k.subject), obj, evidence(k.evidence), k.role]

    def figure(f: Figure) -> list:
        return [list(f.subject), f.measure, f.value, evidence(f.evidence), f.qualifier]

    dates = annotation.event_dates
    return {
        "format": FORMAT,
        "article": article.id,
        "mentions": [mention(m) for m in annotation.mentions],
        "acronyms": [[a.short, a.long] for a in annotation.acronyms],
        "skipped": annotation.skipped,
        "links": [link(k) for k in annotation.links],
        "figures": [figure(f) for f in annotation.figures],
        "event_dates": None if dates is None else [dates[0], dates[1], evidence(dates[2])],
    }


def decode(data: object, article: Article) -> Annotation:
    """The annotation stored as ``data`` for ``article``; :class:`BadRecord` when ``data`` is
    not a well-formed record of this article's text."""
    try:
        return _Decoder(article).annotation(data)
    except BadRecord:
        raise
    except (TypeError, ValueError, KeyError, IndexError) as e:
        raise BadRecord(f"record of {article.id!r}: {e}") from e


class _Decoder:
    def __init__(self, article: Article):
        self.article, self.n = article, len(article.text)

    def annotation(self, data: object) -> Annotation:
        d = _dict(data, {"format", "article", "mentions", "acronyms", "skipped", "links",
                         "figures", "event_dates"})  # fmt: skip
        if d["format"] != FORMAT:
            raise BadRecord(f"record format {d['format']!r}, expected {FORMAT}")
        if d["article"] != self.article.id:
            raise BadRecord(f"record of article {d['article']!r}, not {self.article.id!r}")
        dates = d["event_dates"]
        if dates is not None:
            start, end, ev = _list(dates, 3)
            dates = (_str(start), _str(end), self.evidence(ev))
        return Annotation(
            self.article.id,
            tuple(self.mention(m) for m in _list(d["mentions"])),
            tuple(
                Acronym(self.article.id, _str(s), _str(lf))
                for s, lf in (_list(a, 2) for a in _list(d["acronyms"]))
            ),
            _int(d["skipped"]),
            tuple(self.link(k) for k in _list(d["links"])),
            tuple(self.figure(f) for f in _list(d["figures"])),
            dates,
        )

    def span(self, value: object) -> tuple[int, int]:
        start, end = (_int(v) for v in _list(value, 2))
        if not 0 <= start <= end <= self.n:
            raise BadRecord(f"offsets {start}-{end} outside the article ({self.n} characters)")
        return start, end

    def mention(self, value: object) -> Mention:
        start, end, text, type_, s_start, s_end, rule, canonical, refers = _list(value, 9)
        start, end = self.span([start, end])
        s_start, s_end = self.span([s_start, s_end])
        return Mention(
            self.article.id,
            start,
            end,
            _str(text),
            EntityType(_str(type_)),
            s_start,
            s_end,
            _str(rule),
            _opt_str(canonical),
            None if refers is None else self.span(refers),
        )

    def evidence(self, value: object) -> Evidence:
        start, end, text, rule, confidence, modality, basis = _list(value, 7)
        start, end = self.span([start, end])
        if not isinstance(confidence, int | float) or isinstance(confidence, bool):
            raise BadRecord(f"confidence {confidence!r} is not a number")
        triples = tuple(tuple(_str(x) for x in _list(b, 3)) for b in _list(basis))
        return Evidence(
            self.article.id,
            start,
            end,
            self.article.text[start:end] if text is None else _str(text),
            _str(rule),
            float(confidence),
            _str(modality),
            triples,
        )

    def link(self, value: object) -> Link:
        kind, subject, obj, ev, role = _list(value, 5)
        obj = _str(obj) if isinstance(obj, str) else self.span(obj)
        return Link(_str(kind), self.span(subject), obj, self.evidence(ev), _opt_str(role))

    def figure(self, value: object) -> Figure:
        subject, measure, number, ev, qualifier = _list(value, 5)
        return Figure(
            self.span(subject), _str(measure), _int(number), self.evidence(ev), _opt_str(qualifier)
        )


def _dict(value: object, keys: set[str]) -> dict:
    if not isinstance(value, dict) or set(value) != keys:
        raise BadRecord(f"expected an object with {sorted(keys)}")
    return value


def _list(value: object, n: int | None = None) -> Sequence:
    if not isinstance(value, list) or (n is not None and len(value) != n):
        raise BadRecord(f"expected a list{'' if n is None else f' of {n}'}, got {value!r:.60}")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRecord(f"expected an integer, got {value!r:.60}")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise BadRecord(f"expected a string, got {value!r:.60}")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)
