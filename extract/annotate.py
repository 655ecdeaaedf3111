"""Run the pipeline over articles and convert its spans into plain Mention records."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from casegraph.extract.components import ENTITIES
from casegraph.extract.records import Acronym, Article, EntityType, Mention

log = logging.getLogger(__name__)
CHUNK_CHARS = 100_000  # well under spaCy's max_length; long articles are cut at paragraphs


@dataclass(frozen=True, slots=True)
class Annotation:
    """What the NLP stage found in one article."""

    article_id: str
    mentions: tuple[Mention, ...]
    acronyms: tuple[Acronym, ...]
    skipped: int  # candidate names that were empty or punctuation-only


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


def annotate(
    articles: Iterable[Article],
    *,
    nlp: Language,
    on_article: Callable[[Article], None] | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> list[Annotation]:
    """Mentions and acronym definitions of every article, in input order."""
    out = []
    for article in articles:
        mentions: list[Mention] = []
        acronyms: set[tuple[str, str]] = set()
        skipped = 0
        pieces = list(chunks(article.text, size=chunk_chars))
        for (offset, _), doc in zip(pieces, nlp.pipe(p for _, p in pieces), strict=True):
            skipped += doc._.casegraph_skipped
            acronyms.update(doc._.casegraph_acronyms or ())
            for span in doc.spans[ENTITIES]:
                sent = span.sent
                mentions.append(
                    Mention(
                        article_id=article.id,
                        start=offset + span.start_char,
                        end=offset + span.end_char,
                        text=span.text,
                        type=EntityType(span.label_),
                        sentence_start=offset + sent.start_char,
                        sentence_end=offset + sent.end_char,
                        rule=span.id_,
                        canonical=span.kb_id_ or None,
                    )
                )
        out.append(
            Annotation(
                article.id,
                tuple(mentions),
                tuple(Acronym(article.id, s, lf) for s, lf in sorted(acronyms)),
                skipped,
            )
        )
        if on_article is not None:
            on_article(article)
    return out
