"""The extraction stage end to end: articles -> :class:`Extraction`."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence

from casegraph.extract.annotate import Annotation, annotate
from casegraph.extract.inference import infer_links
from casegraph.extract.pipeline import build_nlp
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
