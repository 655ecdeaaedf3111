"""spaCy factory that finds an article's main gathering (meeting, conference, task force) and
its dates, so that an unnamed meeting becomes an Event entity of its own.

The event's mentions go to ``doc.spans["casegraph_events"]`` (label ``Event``, ``kb_id_``
``"event:main"``); ``doc._.casegraph_event_dates`` holds ``(start, end, sentence)`` where
``start``/``end`` are ``(day, month, year or None)`` as written; the year is resolved against
the article's date by the caller.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from casegraph.extract import knowledge
from casegraph.extract.components import ENTITIES
from casegraph.extract.dates import date_range
from casegraph.extract.records import EntityType

EVENTS = "casegraph_events"
MAIN_EVENT = "event:main"

if not Doc.has_extension("casegraph_event_dates"):
    Doc.set_extension("casegraph_event_dates", default=None)


@cache
def _gathering_nouns() -> frozenset[str]:
    return frozenset(knowledge.relation_lexicon()["gatherings"]["nouns"])


@cache
def _organised() -> frozenset[str]:
    return frozenset(knowledge.relation_lexicon()["gatherings"]["organised_by"])


@Language.factory("casegraph_events", requires=["doc.spans"], assigns=["doc.spans"])
def make_events(nlp: Language, name: str) -> EventFinder:
    return EventFinder()


class EventFinder:
    """The main gathering of an article: a named Event entity if there is one, else the first
    gathering noun with an organiser, a date or a place; later definite mentions of the same
    noun refer to it."""

    def __call__(self, doc: Doc) -> Doc:
        nouns = _gathering_nouns()
        entities = list(doc.spans[ENTITIES])
        named = [s for s in entities if s.label_ == EntityType.EVENT]
        spans: list[Span] = []
        main_sentence = None
        if named:
            main_sentence = named[0].sent
        else:
            heads = [t for t in doc if t.lower_ in nouns and t.tag_ in ("NN", "NNP")]
            main = next((t for t in heads if self._is_main(t, entities)), None)
            if main is None and date_range(doc.text) is not None and "day" in doc.text:
                # "Over four days (14 - 17 March) ... Opening the conference"
                main = next((t for t in heads if self._definite(t)), None)
            if main is not None:
                main_sentence = main.sent
                spans += [
                    self._mention(doc, t, entities)
                    for t in heads
                    if t.i == main.i or (t.i > main.i and self._refers_back(t, entities))
                ]
        doc.spans[EVENTS] = spans
        doc._.casegraph_event_dates = self._dates(doc, main_sentence)
        return doc

    def _refers_back(self, tok, entities: list[Span]) -> bool:
        """ "the conference", "this meeting", "an INTERPOL conference": yes; "a meeting": no."""
        return self._definite(tok) or self._owner(tok.doc, tok, entities) is not None

    @staticmethod
    def _definite(tok) -> bool:
        return any(c.lower_ in ("the", "this") and c.dep_ == "det" for c in tok.children)

    @staticmethod
    def _owner(doc: Doc, tok, entities: list[Span]) -> Span | None:
        """The organisation named right before the noun: "INTERPOL conference"."""
        return next(
            (s for s in entities if s.end == tok.i and s.label_ == EntityType.ORGANIZATION), None
        )

    def _is_main(self, tok, entities: list[Span]) -> bool:
        if self._owner(tok.doc, tok, entities) is not None:
            return True
        # "The hybrid meeting, hosted by CARICOM IMPACS", "a meeting held in Lyon"
        if any(c.dep_ == "acl" and c.lemma_.lower() in _organised() for c in tok.children):
            return True
        window = tok.doc[max(0, tok.i - 12) : tok.i + 1].text
        return date_range(window) is not None or bool(re.search(r"\b\w+-day\b", window))

    def _mention(self, doc: Doc, tok, entities: list[Span]) -> Span:
        owner = self._owner(doc, tok, entities)
        start = owner.start if owner is not None else tok.i
        if owner is None:  # "the hybrid meeting", "a three-day conference"
            start = max(tok.left_edge.i, tok.i - 4)
            taken = {i for s in entities for i in range(s.start, s.end)}
            while start < tok.i and (
                doc[start].pos_ in ("DET", "PRON", "PUNCT", "ADP") or start in taken
            ):
                start += 1
            if any(i in taken for i in range(start, tok.i)):
                start = tok.i
        return Span(
            doc, start, tok.i + 1, label=EntityType.EVENT, kb_id=MAIN_EVENT, span_id="event"
        )

    @staticmethod
    def _dates(doc: Doc, main_sentence: Span | None):
        """A day range near the main event: its sentence first, then the neighbouring ones."""
        if main_sentence is None:
            return None
        sentences = list(doc.sents)
        i = next(n for n, s in enumerate(sentences) if s.start == main_sentence.start)
        nearby = [sentences[i], *sentences[i + 1 : i + 3], *sentences[max(0, i - 2) : i]]
        for s in nearby + [s for s in sentences if s not in nearby]:
            found = date_range(s.text)
            if found is not None:
                return found[0], found[1], s
        return None
