"""A small hand-made case (typed relations, events, figures) for the query library's tests.

Records only: the RDF comes from graph.build.build_graph + graph.rdf.to_dataset, so the library
queries are tested against the model of docs/decisions/0003 as the code writes it.
"""

from __future__ import annotations

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

# entity key -> (type, label); a mention is every occurrence of the label in a sentence.
ENTITIES = {
    "Person:Ann Lee": (T.PERSON, "Ann Lee"),
    "Person:Bob Stone": (T.PERSON, "Bob Stone"),
    "Organization:INTERPOL": (T.ORGANIZATION, "INTERPOL"),
    "Organization:Europol": (T.ORGANIZATION, "Europol"),
    "Organization:Police Scotland": (T.ORGANIZATION, "Police Scotland"),
    "Organization:European Commission": (T.ORGANIZATION, "European Commission"),
    "Organization:Crimes against Children unit": (T.ORGANIZATION, "Crimes against Children unit"),
    "Organization:Victim Identification Team": (T.ORGANIZATION, "Victim Identification Team"),
    "Place:Lyon": (T.PLACE, "Lyon"),
    "Place:France": (T.PLACE, "France"),
    "Place:The Hague": (T.PLACE, "The Hague"),
    "Database:ICSE database": (T.DATABASE, "ICSE database"),
    "Database:ICAID": (T.DATABASE, "ICAID"),
    "Operation:Operation Nightfall": (T.OPERATION, "Operation Nightfall"),
    "Event:Lyon meeting 2013": (T.EVENT, "Lyon meeting 2013"),
    "Event:Hague meeting 2014": (T.EVENT, "Hague meeting 2014"),
    "Event:Taskforce 2015": (T.EVENT, "Taskforce 2015"),
}

# article id -> (date, dateline, sentences)
ARTICLES = {
    "a2011": (
        "2011-09-07",
        "LYON, France",
        [
            "The ICSE database, operated by INTERPOL, holds more than 2345 identified victims.",
            "The ICSE database replaced ICAID and is funded by the European Commission.",
            "Ann Lee, Head of the Crimes against Children unit at INTERPOL, spoke in Lyon.",
        ],
    ),
    "a2013": (
        "2013-10-31",
        "LYON, France",
        [
            "INTERPOL hosted the Lyon meeting 2013 in Lyon, France, from 28 to 31 October.",
            "Europol and Police Scotland attended the Lyon meeting 2013.",
            "The ICSE database of INTERPOL now counts 4500 identified victims.",
            "The Victim Identification Team belongs to the Crimes against Children unit.",
            "Bob Stone of Europol leads the ICSE database work and Europol may join it.",
        ],
    ),
    "a2015": (
        "2015-01-16",
        "THE HAGUE, Netherlands",
        [
            "Europol organised the Hague meeting 2014 in The Hague with INTERPOL and Police"
            " Scotland.",
            "Europol coordinated Operation Nightfall from The Hague with Police Scotland.",
            "Operation Nightfall led to 12 arrests.",
            "Europol set up the Taskforce 2015 with INTERPOL; the ICSE database holds 6000"
            " identified victims.",
            "Lyon is in France.",
        ],
    ),
}

# Short names for the keys used below.
ANN, BOB = "Person:Ann Lee", "Person:Bob Stone"
IP, EP, PS, EC = (
    f"Organization:{n}" for n in ("INTERPOL", "Europol", "Police Scotland", "European Commission")
)
CAC, VIT = "Organization:Crimes against Children unit", "Organization:Victim Identification Team"
LYON, FRANCE, HAGUE = "Place:Lyon", "Place:France", "Place:The Hague"
ICSE, ICAID, NIGHTFALL = "Database:ICSE database", "Database:ICAID", "Operation:Operation Nightfall"
LYON13, HAGUE14, TF15 = (
    "Event:Lyon meeting 2013",
    "Event:Hague meeting 2014",
    "Event:Taskforce 2015",
)

# (subject, kind, object, article, sentence index, rule, confidence, role, modality)
RELATIONS = [
    (ICSE, "operatedBy", IP, "a2011", 0, "operated-by", 0.9, None, "asserted"),
    (ICSE, "operatedBy", IP, "a2013", 2, "of-owner", 0.7, None, "asserted"),
    (ICSE, "successorOf", ICAID, "a2011", 1, "replaced", 0.9, None, "asserted"),
    (ICSE, "funder", EC, "a2011", 1, "funded-by", 0.9, None, "asserted"),
    (ICSE, "ledBy", BOB, "a2013", 4, "leads", 0.8, None, "asserted"),
    (ICSE, "operatedBy", EP, "a2013", 4, "may-join", 0.5, None, "hypothetical"),
    (ANN, "worksFor", CAC, "a2011", 2, "role-apposition", 0.9, "Head", "asserted"),
    (BOB, "worksFor", EP, "a2013", 4, "of-org", 0.8, None, "asserted"),
    (CAC, "parentOrganization", IP, "a2011", 2, "unit-at", 0.9, None, "asserted"),
    (VIT, "parentOrganization", CAC, "a2013", 3, "belongs-to", 0.9, None, "asserted"),
    (LYON13, "organizer", IP, "a2013", 0, "hosted", 0.9, None, "asserted"),
    (LYON13, "location", LYON, "a2013", 0, "in-place", 0.9, None, "asserted"),
    (LYON13, "participant", EP, "a2013", 1, "attended", 0.9, None, "asserted"),
    (LYON13, "participant", PS, "a2013", 1, "attended", 0.9, None, "asserted"),
    (HAGUE14, "organizer", EP, "a2015", 0, "organised", 0.9, None, "asserted"),
    (HAGUE14, "location", HAGUE, "a2015", 0, "in-place", 0.9, None, "asserted"),
    (HAGUE14, "participant", IP, "a2015", 0, "with", 0.8, None, "asserted"),
    (HAGUE14, "participant", PS, "a2015", 0, "with", 0.8, None, "asserted"),
    (TF15, "organizer", EP, "a2015", 3, "set-up", 0.9, None, "asserted"),
    (TF15, "participant", IP, "a2015", 3, "with", 0.8, None, "asserted"),
    (NIGHTFALL, "organizer", EP, "a2015", 1, "coordinated", 0.9, None, "asserted"),
    (NIGHTFALL, "location", HAGUE, "a2015", 1, "from-place", 0.8, None, "asserted"),
    (NIGHTFALL, "participant", PS, "a2015", 1, "with", 0.8, None, "asserted"),
    (LYON, "containedInPlace", FRANCE, "a2015", 4, "is-in", 0.9, None, "asserted"),
    (EP, COOCCURS, BOB, "a2013", 4, "cooccurrence", 1.0, None, "asserted"),
]

# (subject, measure, value, date, article, sentence index, qualifier)
CLAIMS = [
    (ICSE, "identified victims", 2345, "2011-09-07", "a2011", 0, "more than"),
    (ICSE, "identified victims", 4500, "2013-10-31", "a2013", 2, None),
    (ICSE, "identified victims", 6000, "2015-01-16", "a2015", 3, None),
    (NIGHTFALL, "arrests", 12, "2015-01-16", "a2015", 2, None),
]

# (event key, start, end, article, sentence index)
EVENTS = [
    (LYON13, "2013-10-28", "2013-10-31", "a2013", 0),
    (HAGUE14, "2014-10-06", "2014-10-09", "a2015", 0),
]


def case_extraction() -> Extraction:
    """The case as the records extract/ would hand over."""
    articles, sentences = [], {}
    mentions: dict[str, list[Mention]] = {key: [] for key in ENTITIES}
    for aid, (date, dateline, parts) in ARTICLES.items():
        header = f"Press release {aid}\n\n"
        text = header
        for i, sentence in enumerate(parts):
            start = len(text)
            text += sentence + " "
            sentences[aid, i] = (start, start + len(sentence), sentence)
            for key, (etype, label) in ENTITIES.items():
                at = sentence.find(label)
                while at >= 0:
                    mentions[key].append(
                        Mention(aid, start + at, start + at + len(label), label, etype, start,
                                start + len(sentence), "gazetteer")
                    )  # fmt: skip
                    at = sentence.find(label, at + 1)
        articles.append(
            Article(aid, f"{aid}.txt", f"Press release {aid}", text, date, dateline, len(header))
        )

    def evidence(aid: str, i: int, rule: str, confidence: float = 1.0, modality="asserted"):
        start, end, sentence = sentences[aid, i]
        return Evidence(aid, start, end, sentence, rule, confidence, modality)

    entities = [
        Entity(key, etype, label, (label,), tuple(mentions[key]))
        for key, (etype, label) in ENTITIES.items()
    ]
    grouped: dict[tuple[str, str, str, str | None], list[Evidence]] = {}
    for subj, kind, obj, aid, i, rule, confidence, role, modality in RELATIONS:
        ev = evidence(aid, i, rule, confidence, modality)
        grouped.setdefault((subj, kind, obj, role), []).append(ev)
    relations = tuple(Relation(s, k, o, tuple(ev), role) for (s, k, o, role), ev in grouped.items())
    claims = tuple(
        Claim(subj, measure, value, date, evidence(aid, i, "figure"), qualifier)
        for subj, measure, value, date, aid, i, qualifier in CLAIMS
    )
    events = tuple(
        EventDetail(key, start, end, evidence(aid, i, "event-dates"))
        for key, start, end, aid, i in EVENTS
    )
    return Extraction(tuple(articles), tuple(entities), relations, claims=claims, events=events)
