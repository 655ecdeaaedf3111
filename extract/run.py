"""The extraction stage end to end: articles -> :class:`Extraction`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from casegraph.extract.annotate import annotate
from casegraph.extract.pipeline import build_nlp
from casegraph.extract.records import Article, Extraction, Problem
from casegraph.extract.relations import cooccurrences
from casegraph.extract.resolve import resolve


def extract(
    articles: Sequence[Article],
    *,
    problems: Sequence[Problem] = (),
    on_article: Callable[[Article], None] | None = None,
) -> Extraction:
    """Find, resolve and link the entities of ``articles``."""
    articles = sorted(articles, key=lambda a: a.id)
    annotations = annotate(articles, nlp=build_nlp(), on_article=on_article)
    mentions = [m for a in annotations for m in a.mentions]
    acronyms = [x for a in annotations for x in a.acronyms]
    entities = resolve(mentions, acronyms)
    relations = cooccurrences(entities, {a.id: a for a in articles})
    return Extraction(
        articles=tuple(articles),
        entities=tuple(entities),
        relations=tuple(relations),
        problems=tuple(problems),
        skipped_mentions=sum(a.skipped for a in annotations),
    )
