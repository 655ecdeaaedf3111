"""A generated case of any size, without the NLP stage: articles of made-up sentences with every
kind of record the question library reads (typed links of each kind with roles, hypothetical
evidence, units inside units, events with dates, operations, databases, figures) and
co-occurrence, around two hubs ("Europol", "INTERPOL"), so the graph grows with the number of
articles as a real feed's does. Deterministic for a seed."""

from __future__ import annotations

import random
from collections import defaultdict

from casegraph.extract.records import (
    COOCCURS,
    Article,
    Claim,
    Entity,
    EntityType,
    EventDetail,
    Evidence,
    Extraction,
    Mention,
    Relation,
)

T = EntityType
HUBS = ("Europol", "INTERPOL")
# (subject type, kind, object type, sentence pattern)
LINKS = [
    (T.PERSON, "worksFor", T.ORGANIZATION, "{s}, Head of {o}, spoke."),
    (T.ORGANIZATION, "parentOrganization", T.ORGANIZATION, "{s} is a unit of {o}."),
    (T.DATABASE, "operatedBy", T.ORGANIZATION, "{s} is run by {o}."),
    (T.DATABASE, "successorOf", T.DATABASE, "{s} replaced {o}."),
    (T.DATABASE, "funder", T.ORGANIZATION, "{s} is funded by {o}."),
    (T.OPERATION, "sponsor", T.ORGANIZATION, "{s} was backed by {o}."),
    (T.EVENT, "organizer", T.ORGANIZATION, "{o} hosted {s}."),
    (T.EVENT, "participant", T.ORGANIZATION, "{o} attended {s}."),
    (T.OPERATION, "organizer", T.ORGANIZATION, "{o} coordinated {s}."),
    (T.OPERATION, "participant", T.ORGANIZATION, "{o} joined {s}."),
    (T.EVENT, "location", T.PLACE, "{s} took place in {o}."),
    (T.OPERATION, "location", T.PLACE, "{s} ran in {o}."),
    (T.OPERATION, "ledBy", T.PERSON, "{s} was led by {o}."),
]
_WORDS = "Amber Cobalt Delta Ember Falcon Granite Harbour Iris Jade Kestrel Lantern Onyx".split()


def _names(n: int) -> dict[EntityType, list[str]]:
    def pool(make, size):
        return list(dict.fromkeys(make(i) for i in range(size)))

    return {
        T.PERSON: pool(lambda i: f"{_WORDS[i % len(_WORDS)]} Person{i}", max(6, n * 2)),
        T.ORGANIZATION: [*HUBS, *pool(lambda i: f"Unit {i} of Police", max(6, n))],
        T.PLACE: ["Lyon", *pool(lambda i: f"Town{i}", max(4, n // 2))],
        T.DATABASE: pool(lambda i: f"System {i} database", max(3, n // 4)),
        T.OPERATION: pool(lambda i: f"Operation {_WORDS[i % len(_WORDS)]} {i}", max(3, n // 3)),
        T.EVENT: pool(lambda i: f"Meeting {i}", max(3, n // 2)),
    }


def generated_case(articles: int, *, seed: int = 3, sentences: int = 10) -> Extraction:
    """``articles`` articles of ``sentences`` sentences, each with one typed link and its
    co-occurrences; about a thousand triples per article."""
    rng = random.Random(seed)
    names = _names(articles)
    mentions: dict[str, list[Mention]] = defaultdict(list)
    types: dict[str, EntityType] = {}
    evidence: dict[tuple[str, str, str, str | None], list[Evidence]] = defaultdict(list)
    claims, events, out = [], {}, []
    for a in range(articles):
        aid = f"case-{a:05d}"
        date = f"{2010 + a % 12}-{a % 12 + 1:02d}-{a % 27 + 1:02d}"
        text = f"Release {a} on police cooperation\n\n"
        for _ in range(sentences):
            stype, kind, otype, pattern = rng.choice(LINKS)
            s_name = rng.choice(names[stype][:2] if rng.random() < 0.3 else names[stype])
            o_name = rng.choice(names[otype][:2] if rng.random() < 0.5 else names[otype])
            if s_name == o_name:
                continue
            start = len(text)
            sentence = pattern.format(s=s_name, o=o_name)
            text += sentence + " "
            end = start + len(sentence)
            keys = []
            for name, etype in ((s_name, stype), (o_name, otype)):
                at = start + sentence.index(name)
                key = name.lower()
                types[key] = etype
                mentions[key].append(
                    Mention(aid, at, at + len(name), name, etype, start, end, "generated")
                )
                keys.append(key)
            modality = "hypothetical" if rng.random() < 0.1 else "asserted"
            role = "Head" if kind == "worksFor" else None
            evidence[(keys[0], kind, keys[1], role)].append(
                Evidence(aid, start, end, sentence, f"pattern:{kind}", 0.8, modality)
            )
            x, y = sorted(keys)
            evidence[(x, COOCCURS, y, None)].append(
                Evidence(aid, start, end, sentence, "co-occurrence")
            )
            if stype in (T.OPERATION, T.DATABASE) and rng.random() < 0.4:
                measure = "arrests" if stype == T.OPERATION else "identified victims"
                ev = Evidence(aid, start, end, sentence, "figure")
                claims.append(Claim(keys[0], measure, rng.randint(1, 900), date, ev, None))
            if stype == T.EVENT and keys[0] not in events:
                ev = Evidence(aid, start, end, sentence, "event-dates")
                events[keys[0]] = EventDetail(keys[0], date, date, ev)
        out.append(Article(aid, f"{aid}.txt", f"Release {a}", text.rstrip(), date))
    entities = [
        Entity(key, types[key], ms[0].text, (ms[0].text,), tuple(ms))
        for key, ms in sorted(mentions.items())
    ]
    relations = [
        Relation(s, kind, o, tuple(evs), role) for (s, kind, o, role), evs in evidence.items()
    ]
    # one claim per (subject, measure, value, date), as the extraction keeps them
    unique = {(c.subject, c.measure, c.value, c.date): c for c in claims}
    return Extraction(
        tuple(out),
        tuple(entities),
        tuple(relations),
        claims=tuple(unique.values()),
        events=tuple(events.values()),
    )
