"""The extraction stage end to end: articles -> :class:`Extraction`."""

from __future__ import annotations

import dataclasses
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from casegraph.extract.annotate import BATCH_SIZE, Annotation
from casegraph.extract.inference import infer_links
from casegraph.extract.records import (
    Article,
    Claim,
    Entity,
    EntityType,
    EventDetail,
    Extraction,
    Problem,
    Relation,
)
from casegraph.extract.relations import cooccurrences
from casegraph.extract.resolve import resolve
from casegraph.extract.workers import ARTICLES_PER_TASK

if TYPE_CHECKING:
    from casegraph.extract.cache import AnnotationCache

log = logging.getLogger(__name__)

# Annotates the articles it is given, yielding (annotation, article) in any order.
Engine = Callable[[Sequence[Article]], Iterable[tuple[Annotation, Article]]]
Stage = Callable[[str], None]


# A worker process loads its own model (a second or two): below this many articles to parse
# per process, one process is done sooner.
ARTICLES_PER_WORKER = 50


def workers_for(todo: int, requested: int | None) -> int:
    """The processes to parse ``todo`` articles on: ``requested``, or when it is None ("auto")
    one per core this process may use, as long as each gets ``ARTICLES_PER_WORKER`` articles.

    >>> workers_for(5, None), workers_for(5, 3)
    (1, 3)
    """
    if requested is not None:
        return requested
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, todo // ARTICLES_PER_WORKER))


def local_engine(*, workers: int | None = 1, batch_size: int = BATCH_SIZE) -> Engine:
    """The NLP stage on this machine: in this process, or on ``workers`` processes (a pool
    over batches of articles, extract/workers.py; None: as many as :func:`workers_for`
    finds worth it). The model is loaded on first use only, so a build that finds everything
    in its cache never loads it."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")

    def run(todo: Sequence[Article]) -> Iterable[tuple[Annotation, Article]]:
        if not todo:
            return ()
        processes = workers_for(len(todo), workers)
        if processes > 1 and len(todo) > 1:
            from casegraph.extract.workers import annotate_in_pool

            return annotate_in_pool(todo, workers=processes, batch_size=batch_size)
        from casegraph.extract.workers import annotate_batch, batches

        return (
            pair
            for batch in batches(todo, ARTICLES_PER_TASK)
            for pair in zip(annotate_batch(batch, batch_size), batch, strict=True)
        )

    return run


def annotate_corpus(
    articles: Sequence[Article],
    *,
    engine: Engine | None = None,
    cache: AnnotationCache | None = None,
    on_article: Callable[[Article], None] | None = None,
    before: Callable[[int], None] | None = None,
) -> list[Annotation]:
    """The annotation of every article, in the order of ``articles``: from ``cache`` when it
    holds a valid one, else from ``engine`` (and then stored in ``cache``). ``before`` is told
    how many articles are left to parse once the cache was read; ``on_article`` is called
    for each article done, cached ones first."""
    engine = engine or local_engine()
    found: dict[str, Annotation] = {}
    todo = []
    for article in articles:
        hit = cache.get(article) if cache is not None else None
        if hit is None:
            todo.append(article)
        else:
            found[article.id] = hit
    if cache is not None:
        log.info("cache: %d articles found, %d to parse", len(found), len(todo))
    if before is not None:
        before(len(todo))
    if on_article is not None:
        for article in articles:
            if article.id in found:
                on_article(article)
    for annotation, article in engine(todo):
        if annotation.article_id != article.id:
            raise ValueError(f"annotation of {annotation.article_id!r} came for {article.id!r}")
        found[article.id] = annotation
        if cache is not None:
            cache.put(article, annotation)
        if on_article is not None:
            on_article(article)
    if cache is not None:
        cache.commit()
    missing = [a.id for a in articles if a.id not in found]
    if missing:
        raise ValueError(f"no annotation came back for {len(missing)} articles: {missing[:3]}")
    return [found[a.id] for a in articles]


def extract(
    articles: Sequence[Article],
    *,
    problems: Sequence[Problem] = (),
    on_article: Callable[[Article], None] | None = None,
    engine: Engine | None = None,
    cache: AnnotationCache | None = None,
    stage: Stage | None = None,
) -> Extraction:
    """Find, resolve and link the entities of ``articles`` (see :func:`annotate_corpus` for
    ``engine`` and ``cache``; ``stage`` is told when resolution and linking start)."""
    articles = sorted(articles, key=lambda a: a.id)
    annotations = annotate_corpus(articles, engine=engine, cache=cache, on_article=on_article)
    return merge(articles, annotations, problems=problems, stage=stage)


def merge(
    articles: Sequence[Article],
    annotations: Sequence[Annotation],
    *,
    problems: Sequence[Problem] = (),
    stage: Stage | None = None,
) -> Extraction:
    """The annotations of ``articles`` (sorted by id, one each, in that order) resolved into
    entities across articles and linked: the part of the stage that needs every article."""
    stage = stage or (lambda _: None)
    stage("resolving entities across articles")
    mentions = [m for a in annotations for m in a.mentions]
    acronyms = [x for a in annotations for x in a.acronyms]
    entities = resolve(mentions, acronyms)
    del mentions, acronyms
    stage("linking: typed relations, figures, events and co-occurrence")
    by_id = {a.id: a for a in articles}
    relations = typed_relations(annotations, entities)
    relations = sorted(
        relations + infer_links(relations), key=lambda r: (r.subject, r.kind, r.object)
    )
    claims = figures(annotations, entities, by_id)
    events = event_details(annotations, entities)
    entities = label_events(entities, events, relations)
    return Extraction(
        articles=tuple(articles),
        entities=tuple(entities),
        relations=tuple(relations + cooccurrences(entities, by_id)),
        problems=tuple(problems),
        skipped_mentions=sum(a.skipped for a in annotations),
        claims=tuple(claims),
        events=tuple(events),
    )


class _Keys:
    """Entity key of a mention (article, start, end) or of a gazetteer id."""

    def __init__(self, entities: Sequence[Entity]):
        self.by_span: dict[tuple[str, int, int], str] = {}
        self.by_id: dict[str, str] = {}
        for e in entities:
            for m in e.mentions:
                self.by_span[(m.article_id, m.start, m.end)] = e.key
                if m.canonical:
                    self.by_id.setdefault(m.canonical, e.key)

    def __call__(self, article_id: str, ref: tuple[int, int] | str) -> str | None:
        if isinstance(ref, str):
            return self.by_id.get(ref)
        return self.by_span.get((article_id, *ref))


def typed_relations(
    annotations: Sequence[Annotation], entities: Sequence[Entity]
) -> list[Relation]:
    """Links -> relations between entity keys; one relation per (subject, kind, object) with
    every piece of evidence, the first stated role kept."""
    key = _Keys(entities)
    # evidence per link, in order found, each piece once (a dict keeps order and is O(1))
    evidence: dict[tuple[str, str, str], dict] = defaultdict(dict)
    roles: dict[tuple[str, str, str], str | None] = {}
    for a in annotations:
        for link in a.links:
            s, o = key(a.article_id, link.subject), key(a.article_id, link.object)
            if s is None or o is None or s == o:
                continue
            k = (s, link.kind, o)
            evidence[k].setdefault(link.evidence, None)
            roles.setdefault(k, link.role)
    return [
        Relation(s, kind, o, tuple(ev), roles[(s, kind, o)])
        for (s, kind, o), ev in sorted(evidence.items())
    ]


def figures(annotations, entities, articles) -> list[Claim]:
    """Figures -> claims about entities, dated by their article unless stated otherwise."""
    key = _Keys(entities)
    out: dict[tuple, Claim] = {}
    for a in annotations:
        for f in a.figures:
            subject = key(a.article_id, f.subject)
            date = articles[a.article_id].date
            if subject is not None:  # a figure repeated (headline, body) is one claim
                out.setdefault(
                    (subject, f.measure, f.value, date),
                    Claim(subject, f.measure, f.value, date, f.evidence, f.qualifier),
                )
    return sorted(out.values(), key=lambda c: (c.subject, c.date or "", c.measure, c.value))


def event_details(annotations, entities) -> list[EventDetail]:
    """The dates of each article's main event."""
    key = _Keys(entities)
    out = []
    for a in annotations:
        if a.event_dates is None:
            continue
        event = key(a.article_id, f"event:{a.article_id}")
        if event is None:  # a named event ("Victim Identification Taskforce") is the main one
            named = [m for m in a.mentions if m.type == EntityType.EVENT]
            event = key(a.article_id, (named[0].start, named[0].end)) if named else None
        if event is not None:
            out.append(EventDetail(event, a.event_dates[0], a.event_dates[1], a.event_dates[2]))
    return sorted(out, key=lambda d: (d.key, d.start or ""))


def label_events(entities, events, relations) -> list[Entity]:
    """Name an unnamed meeting after its organiser and dates: "X meeting (2013-10-28 to ...)"."""
    dates = {d.key: d for d in events}
    labels = {e.key: e.label for e in entities}
    organizer = {r.subject: labels[r.object] for r in relations if r.kind == "organizer"}
    place = {r.subject: labels[r.object] for r in relations if r.kind == "location"}
    out = []
    for e in entities:
        if e.type == EntityType.EVENT and e.key.startswith("event:"):
            label = e.label
            if len(label.split()) == 1 and e.key in organizer:
                label = f"{organizer[e.key]} {label}"
            elif len(label.split()) == 1 and e.key in place:
                label = f"{label} in {place[e.key]}"
            d = dates.get(e.key)
            if d is not None:
                label = (
                    f"{label} ({d.start} to {d.end})"
                    if d.start != d.end
                    else f"{label} ({d.start})"
                )
            aliases = tuple(sorted({*e.aliases, label}))
            e = dataclasses.replace(e, label=label, aliases=aliases)
        out.append(e)
    return out
