"""A small hand-built Extraction (hostile names and literals included) and its graph."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from casegraph.extract.records import (
    COOCCURS,
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from casegraph.graph.build import build_graph

T = EntityType

# RELIABILITY row 5: names no raw IRI survives (space, quotes, brackets, NUL, NBSP, ZWSP, ...).
HOSTILE_NAMES = (
    'Jo "The Fox" <Smith>',
    "{Acme}|^`Holdings\\",
    "Cartel #1 % 100",
    "Line\nbreak\tTab",
    "Nul\x00Name",
    "Nbsp\u00a0Zero\u200bWidth",
)
# RELIABILITY row 9: literals that must round-trip byte-exact.
HOSTILE_TEXT = 'Quote """ back\\slash\r\nCRLF nul\x00 nonchar\ufffe bidi\u202etxet\u202c end.'

# entity key -> (type, label, extra aliases)
ENTITIES: dict[str, tuple[EntityType, str, tuple[str, ...]]] = {
    "Person:Ann Lee": (T.PERSON, "Ann Lee", ("Lee",)),
    "Organization:Europol": (T.ORGANIZATION, "Europol", ("EUROPOL",)),
    "Place:The Hague": (T.PLACE, "The Hague", ()),
    "Operation:Operation Nightfall": (T.OPERATION, "Operation Nightfall", ()),
    "Database:SIS II": (T.DATABASE, "SIS II", ()),
    "Event:Joint Action Day": (T.EVENT, "Joint Action Day", ()),
    **{f"Person:{name}": (T.PERSON, name, ()) for name in HOSTILE_NAMES[:1]},
    **{f"Organization:{name}": (T.ORGANIZATION, name, ()) for name in HOSTILE_NAMES[1:]},
}

# article id -> (title, date, dateline, sentences); each sentence lists (surface, entity key).
ARTICLES = {
    "2024-01-europol-nightfall": (
        "Europol supports Operation Nightfall",
        "2024-01-15",
        "THE HAGUE, Netherlands",
        [
            (
                "Europol coordinated Operation Nightfall from The Hague.",
                [
                    ("Europol", "Organization:Europol"),
                    ("Operation Nightfall", "Operation:Operation Nightfall"),
                    ("The Hague", "Place:The Hague"),
                ],
            ),
            (
                "Ann Lee was arrested; EUROPOL checked SIS II.",
                [
                    ("Ann Lee", "Person:Ann Lee"),
                    ("EUROPOL", "Organization:Europol"),
                    ("SIS II", "Database:SIS II"),
                ],
            ),
            (HOSTILE_TEXT, []),
        ],
    ),
    "2024-02-hostile <names>": (
        'Title with """ and <img src=x onerror=alert(1)>\u202e',
        None,
        None,
        [
            (
                " and ".join(HOSTILE_NAMES) + " met Lee at the Joint Action Day.",
                [
                    *(
                        (name, key)
                        for key, (_, name, _) in ENTITIES.items()
                        if name in HOSTILE_NAMES
                    ),
                    ("Lee", "Person:Ann Lee"),
                    ("Joint Action Day", "Event:Joint Action Day"),
                ],
            ),
        ],
    ),
}

# (subject, kind, object, article id, sentence index, rule, confidence, role)
RELATIONS = [
    ("Organization:Europol", "coordinates", "Operation:Operation Nightfall",
     "2024-01-europol-nightfall", 0, "pattern:coordinate", 0.9, "coordinator"),
    ("Operation:Operation Nightfall", "locatedIn", "Place:The Hague",
     "2024-01-europol-nightfall", 0, "pattern:from-place", 2 / 3, None),
    ("Organization:Europol", "uses", "Database:SIS II",
     "2024-01-europol-nightfall", 1, "pattern:check-db", 0.8, None),
    ("Organization:Europol", "uses", "Database:SIS II",
     "2024-01-europol-nightfall", 1, "pattern:db-lexicon", 0.5, None),
    ("Person:Ann Lee", COOCCURS, f"Person:{HOSTILE_NAMES[0]}",
     "2024-02-hostile <names>", 0, "cooccurrence", 1.0, None),
    ("Organization:Europol", COOCCURS, "Person:Ann Lee",
     "2024-01-europol-nightfall", 1, "cooccurrence", 1.0, None),
    ("Organization:Europol", COOCCURS, "Person:Ann Lee",
     "2024-02-hostile <names>", 0, "cooccurrence", 1.0, None),
]  # fmt: skip


def make_extraction(*, seed: int | None = None) -> Extraction:
    """The fixture as records; with ``seed``, every tuple is shuffled (same content)."""
    rng = random.Random(seed)

    def order(items):
        items = list(items)
        if seed is not None:
            rng.shuffle(items)
        return tuple(items)

    articles, mentions, sentences = [], {key: [] for key in ENTITIES}, {}
    for aid, (title, date, dateline, parts) in ARTICLES.items():
        header = f"{title}\n\n"
        text = header
        for i, (sentence, found) in enumerate(parts):
            start = len(text)
            text += sentence + " "
            sentences[aid, i] = (start, start + len(sentence), sentence)
            for surface, key in found:
                at = start + sentence.index(surface)
                mentions[key].append(
                    Mention(aid, at, at + len(surface), surface, ENTITIES[key][0], start,
                            start + len(sentence), "gazetteer")
                )  # fmt: skip
        articles.append(Article(aid, f"{aid}.txt", title, text, date, dateline, len(header)))

    entities = [
        Entity(key, etype, label, tuple(sorted({label, *aliases})), order(mentions[key]))
        for key, (etype, label, aliases) in ENTITIES.items()
    ]
    grouped: dict[tuple[str, str, str, str | None], list[Evidence]] = {}
    for subj, kind, obj, aid, i, rule, confidence, role in RELATIONS:
        start, end, sentence = sentences[aid, i]
        evidence = Evidence(aid, start, end, sentence, rule, confidence)
        grouped.setdefault((subj, kind, obj, role), []).append(evidence)
    relations = [Relation(s, k, o, order(ev), role) for (s, k, o, role), ev in grouped.items()]
    return Extraction(order(articles), order(entities), order(relations))


def reinsert(G: nx.MultiDiGraph, *, seed: int) -> nx.MultiDiGraph:
    """A copy of ``G`` with nodes, edges and articles inserted in a shuffled order."""
    rng = random.Random(seed)
    H = nx.MultiDiGraph()
    articles = list(G.graph["articles"].items())
    rng.shuffle(articles)
    H.graph.update(G.graph, articles=dict(articles))
    nodes = list(G.nodes(data=True))
    rng.shuffle(nodes)
    H.add_nodes_from(nodes)
    edges = list(G.edges(keys=True, data=True))
    rng.shuffle(edges)
    H.add_edges_from(edges)
    return H


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


@pytest.fixture
def graph(extraction: Extraction) -> nx.MultiDiGraph:
    return build_graph(extraction)


@pytest.fixture
def shuffled_graph():
    """``seed -> graph``: the fixture with records and graph insertion order shuffled."""

    def make(seed: int) -> nx.MultiDiGraph:
        return reinsert(build_graph(make_extraction(seed=seed)), seed=seed)

    return make
