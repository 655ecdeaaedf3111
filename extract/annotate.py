"""Run the pipeline over articles and convert its spans into plain records."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Span

from casegraph.extract.components import ENTITIES
from casegraph.extract.dates import resolve_range
from casegraph.extract.discourse import REFS
from casegraph.extract.events import EVENTS
from casegraph.extract.records import (
    Acronym,
    Article,
    EntityType,
    Evidence,
    Figure,
    Link,
    Mention,
)

log = logging.getLogger(__name__)
CHUNK_CHARS = 100_000  # well under spaCy's max_length; long articles are cut at paragraphs
# Texts per nlp.pipe batch: 16-64 measured best on news-length articles (bench/), 32 in the middle
BATCH_SIZE = 32


@dataclass(frozen=True, slots=True)
class Annotation:
    """What the NLP stage found in one article."""

    article_id: str
    mentions: tuple[Mention, ...]
    acronyms: tuple[Acronym, ...]
    skipped: int  # candidate names that were empty or punctuation-only
    links: tuple[Link, ...] = ()
    figures: tuple[Figure, ...] = ()
    # the main event's dates: (start ISO, end ISO, evidence), when the text gives them
    event_dates: tuple[str, str, Evidence] | None = None


def chunks(text: str, *, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``size`` characters at paragraph (else line, else
    space) boundaries, yielding ``(offset, piece)``; the pieces concatenate back to ``text``.

    >>> list(chunks("ab\\n\\ncd", size=4))
    [(0, 'ab\\n\\n'), (4, 'cd')]
    """
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            window = text[start:end]
            for sep in ("\n\n", "\n", " "):
                cut = window.rfind(sep)
                if cut > 0:
                    end = start + cut + len(sep)
                    break
        yield start, text[start:end]
        start = end


class _Converter:
    """Turns the spans of one chunk into records with offsets in the whole article."""

    def __init__(self, article: Article, offset: int):
        self.article, self.offset = article, offset

    def span(self, s: Span) -> tuple[int, int]:
        return self.offset + s.start_char, self.offset + s.end_char

    def evidence(self, s: Span, rule: str, confidence: float = 1.0, modality="asserted"):
        sent = s.sent
        start, end = self.offset + sent.start_char, self.offset + sent.end_char
        return Evidence(
            self.article.id, start, end, self.article.text[start:end], rule, confidence, modality
        )

    def mention(self, s: Span) -> Mention:
        start, end = self.span(s)
        canonical = s.kb_id_ or None
        if s.label_ == EntityType.EVENT and s.id_ == "event":
            canonical = f"event:{self.article.id}"  # one main event per article
        return Mention(
            self.article.id,
            start,
            end,
            s.text,
            EntityType(s.label_),
            self.offset + s.sent.start_char,
            self.offset + s.sent.end_char,
            s.id_,
            canonical,
        )


def annotate(
    articles: Iterable[Article],
    *,
    nlp: Language,
    on_article: Callable[[Article], None] | None = None,
    chunk_chars: int = CHUNK_CHARS,
    batch_size: int = BATCH_SIZE,
) -> list[Annotation]:
    """Mentions, acronyms, links, figures and event dates of every article, in input order."""
    out = []
    for annotation, article in annotate_stream(
        articles, nlp=nlp, chunk_chars=chunk_chars, batch_size=batch_size
    ):
        out.append(annotation)
        if on_article is not None:
            on_article(article)
    return out


def annotate_stream(
    articles: Iterable[Article],
    *,
    nlp: Language,
    chunk_chars: int = CHUNK_CHARS,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[Annotation, Article]]:
    """``(annotation, article)`` of every article, in input order, as soon as it is done.

    Every piece of every article goes through one ``nlp.pipe`` stream in batches of
    ``batch_size`` texts; each Doc is turned into plain records as it comes out and dropped,
    so no Doc outlives its batch and memory does not grow with the corpus.
    """

    def pieces() -> Iterator[tuple[str, tuple[Article, int, bool]]]:
        for article in articles:
            # An empty text is still one (empty) piece, so that its annotation comes out too.
            parts = list(chunks(article.text, size=chunk_chars)) or [(0, "")]
            for n, (offset, text) in enumerate(parts):
                yield text, (article, offset, n == len(parts) - 1)

    collector: _Collector | None = None
    for doc, (article, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if collector is None:
            collector = _Collector(article)
        collector.add(doc, offset)
        del doc
        if last:
            yield collector.annotation(), article
            collector = None


class _Collector:
    """The records of one article, gathered piece by piece."""

    def __init__(self, article: Article):
        self.article = article
        self.mentions: list[Mention] = []
        self.acronyms: set[tuple[str, str]] = set()
        self.links: list[Link] = []
        self.figures: list[Figure] = []
        self.skipped = 0
        self.event_dates: tuple[str, str, Evidence] | None = None

    def add(self, doc, offset: int) -> None:
        article, c = self.article, _Converter(self.article, offset)
        self.skipped += doc._.casegraph_skipped
        self.acronyms.update(doc._.casegraph_acronyms or ())
        self.mentions += [c.mention(s) for s in (*doc.spans[ENTITIES], *doc.spans[EVENTS])]
        refs = doc.spans[REFS] if REFS in doc.spans else ()
        for ref, (_, antecedent) in zip(refs, doc._.casegraph_antecedents or (), strict=True):
            target = c.span(doc[slice(*antecedent)])
            self.mentions.append(
                dataclasses.replace(c.mention(ref), canonical=None, refers_to=target)
            )
        for f in doc._.casegraph_links or ():
            subject = doc[f.subject[0] : f.subject[1]]
            obj = f.object if isinstance(f.object, str) else c.span(doc[slice(*f.object)])
            ev = c.evidence(subject, f.rule, f.confidence, f.modality)
            self.links.append(Link(f.kind, c.span(subject), obj, ev, f.role))
        for f in doc._.casegraph_figures or ():
            subject = doc[f.subject[0] : f.subject[1]]
            self.figures.append(
                Figure(
                    c.span(subject), f.measure, f.value, c.evidence(subject, f.rule), f.qualifier
                )
            )
        found = doc._.casegraph_event_dates
        if found is not None and self.event_dates is None:
            iso = resolve_range(found[0], found[1], article.date)
            if iso is not None:
                self.event_dates = (*iso, c.evidence(found[2], "event-dates"))

    def annotation(self) -> Annotation:
        return Annotation(
            self.article.id,
            tuple(self.mentions),
            tuple(Acronym(self.article.id, s, lf) for s, lf in sorted(self.acronyms)),
            self.skipped,
            tuple(self.links),
            tuple(self.figures),
            self.event_dates,
        )
