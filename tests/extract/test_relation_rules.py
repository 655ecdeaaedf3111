"""Typed relation, event and figure rules on short sentences (full pipeline)."""

from __future__ import annotations

import pytest

from casegraph.extract.dates import date_range, resolve_range


def links(nlp, text):
    doc = nlp(text)
    out = set()
    for f in doc._.casegraph_links:
        obj = f.object if isinstance(f.object, str) else doc[slice(*f.object)].text
        out.add((doc[slice(*f.subject)].text, f.kind, obj))
    return out, doc


def link_set(nlp, text):
    return links(nlp, text)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # people and roles, after and before the name
        (
            "“We act,” said Jane Whitfield, Head of INTERPOL’s Cybercrime Directorate.",
            ("Jane Whitfield", "worksFor", "Cybercrime Directorate"),
        ),
        (
            "Marta Kowalczyk, Director, Serious and Organised Crime, called for action.",
            ("Marta Kowalczyk", "worksFor", "Serious and Organised Crime"),
        ),
        (
            "Kenya Police Commissioner Peter Otieno opened the event.",
            ("Peter Otieno", "worksFor", "Kenya Police"),
        ),
        # units and owners
        (
            "Analysts of Europol’s European Migrant Smuggling Centre traced the boats.",
            ("European Migrant Smuggling Centre", "parentOrganization", "Europol"),
        ),
        (
            "Officers of the Joint Cybercrime Action Taskforce unit at Europol met.",
            ("Joint Cybercrime Action Taskforce unit", "parentOrganization", "Europol"),
        ),
        (
            "The INTERPOL Stolen Motor Vehicle Database was queried 1,000 times.",
            ("INTERPOL Stolen Motor Vehicle Database", "operatedBy", "institution:interpol"),
        ),
        (
            "An officer was sent to the INTERPOL Liaison Unit in Skopje, North Macedonia.",
            ("INTERPOL Liaison Unit", "location", "Skopje"),
        ),
        # verbs: active, passive, relative clause, participle clauses
        (
            "At its 93rd General Assembly, hosted by Spain in Madrid, INTERPOL elected a chief.",
            ("93rd General Assembly", "organizer", "Spain"),
        ),
        (
            "Europol coordinated Operation Pandora, which targeted art trafficking.",
            ("Operation Pandora", "organizer", "Europol"),
        ),
        (
            "Operation Trigger was coordinated by INTERPOL in 2020.",
            ("Operation Trigger", "organizer", "INTERPOL"),
        ),
        (
            "Eurojust - which hosts the Genocide Network database - supported the case.",
            ("Genocide Network database", "operatedBy", "Eurojust"),
        ),
        (
            "Funded by the European Commission, the Firearms Tracing Database went live in 2019.",
            ("Firearms Tracing Database", "funder", "European Commission"),
        ),
        (
            "The Passport Record System was launched as the successor to the Travel Document "
            "Database in 2018.",
            ("Passport Record System", "successorOf", "Travel Document Database"),
        ),
        (
            "Officer Lena Hart who led the development of the Child Image Database retired.",
            ("Child Image Database", "ledBy", "Lena Hart"),
        ),
        # places
        ("MADRID, Spain – Police arrested ten people.", ("MADRID", "containedInPlace", "Spain")),
        (
            "INTERPOL coordinated Operation Lionfish against drug networks in Colombia.",
            ("Operation Lionfish", "location", "Colombia"),
        ),
    ],
)
def test_rule_finds_the_relation(nlp, text, expected):
    assert expected in link_set(nlp, text)


def test_lists_distribute_over_every_member(nlp):
    found = link_set(
        nlp,
        "Private sector partners such as Acmetech and Blue Harbor sponsored the INTERPOL "
        "conference, along with Nordwave and Kestrel.",
    )
    sponsors = {o for s, k, o in found if k == "sponsor"}
    assert sponsors == {"Acmetech", "Blue Harbor", "Nordwave", "Kestrel"}


def test_participants_from_a_list_of_countries(nlp):
    text = (
        "Europol hosted a Victim Identification Taskforce in Lisbon. Experts from Australia, "
        "Canada, Japan and Interpol worked on the material."
    )
    found = link_set(nlp, text)
    participants = {o for s, k, o in found if k == "participant"}
    assert {"Australia", "Canada", "Japan", "Interpol"} <= participants
    assert ("Victim Identification Taskforce", "organizer", "Europol") in found


def test_negated_statement_is_not_a_relation(nlp):
    found = link_set(nlp, "INTERPOL did not coordinate Operation Trigger.")
    assert not any(k == "organizer" for _, k, _ in found)


def test_future_statement_is_marked_hypothetical(nlp):
    _, doc = links(nlp, "Europol will host the Cyber Patrol Conference next year.")
    [link] = [f for f in doc._.casegraph_links if f.kind == "organizer"]
    assert link.modality == "hypothetical"


@pytest.mark.parametrize(
    "text",
    [
        "Investigators in Spain and Italy exchanged information about the suspects.",
        "The database contains images of victims from many countries.",
        "Michael Brown said the results were encouraging.",
    ],
)
def test_rules_do_not_invent_relations(nlp, text):
    found = link_set(nlp, text)
    assert not [x for x in found if x[1] not in ("containedInPlace",)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Child Image Database now holds images of 2,345 identified victims.",
            ("Child Image Database", "identified victims", 2345, None),
        ),
        (
            "Operation Trigger resulted in the arrest of 58 individuals.",
            ("Operation Trigger", "arrested individuals", 58, None),
        ),
        (
            "To date more than 5,140 victims have been rescued through the Child Image Database.",
            ("Child Image Database", "rescued victims", 5140, "more than"),
        ),
    ],
)
def test_figures_are_read_with_what_they_count(nlp, text, expected):
    doc = nlp(text)
    found = {
        (doc[slice(*f.subject)].text, f.measure, f.value, f.qualifier)
        for f in doc._.casegraph_figures
    }
    assert expected in found


def test_years_ages_and_durations_are_not_figures(nlp):
    doc = nlp("In 2019 the Child Image Database was 12 years old; over 12 days it grew.")
    assert doc._.casegraph_figures == []


def test_meeting_becomes_an_event_with_its_dates_and_counts(nlp):
    text = (
        "LYON, France – The four-day (28-31 October) Europol Cybercrime Group meeting "
        "brought together 149 experts from 38 countries. The meeting was sponsored by "
        "Acmetech."
    )
    doc = nlp(text)
    events = [s.text for s in doc.spans["casegraph_events"]]
    assert events[0] == "Europol Cybercrime Group meeting"
    start, end, _ = doc._.casegraph_event_dates
    assert (start, end) == ((28, 10, None), (31, 10, None))
    figures = {(f.measure, f.value) for f in doc._.casegraph_figures}
    assert {("experts", 149), ("countries", 38)} <= figures


def test_a_hosted_meeting_is_the_event_named_with_its_modifiers(nlp):
    doc = nlp(
        "PORT-OF-SPAIN, Trinidad and Tobago – The hybrid meeting, hosted by CARICOM IMPACS, "
        "looked at firearms. Belize, Grenada and Guyana were represented at the meeting."
    )
    assert [s.text for s in doc.spans["casegraph_events"]] == ["hybrid meeting", "meeting"]
    found = {
        (doc[slice(*f.subject)].text, f.kind, doc[slice(*f.object)].text)
        for f in doc._.casegraph_links
        if not isinstance(f.object, str)
    }
    assert ("hybrid meeting", "organizer", "CARICOM IMPACS") in found
    assert ("hybrid meeting", "participant", "Grenada") in found
    # a hyphenated dateline is the city, not "SPAIN"
    assert ("PORT-OF-SPAIN", "Place") in {(s.text, s.label_) for s in doc.spans["casegraph"]}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The four-day (28-31 October) meeting", "2013-10-31", ("2013-10-28", "2013-10-31")),
        (
            "The five-day (29 September to 3 October) meeting",
            "2014-10-06",
            ("2014-09-29", "2014-10-03"),
        ),
        (
            "Over 12 days, from 3-14 November, experts met",
            "2015-01-16",
            ("2014-11-03", "2014-11-14"),
        ),
        ("held on March 14-17, 2022 in Lyon", None, ("2022-03-14", "2022-03-17")),
        ("the 29 December to 3 January break", "2020-01-10", ("2019-12-29", "2020-01-03")),
    ],
)
def test_event_dates_resolve_against_the_publication_date(text, published, expected):
    found = date_range(text)
    assert resolve_range(found[0], found[1], published) == expected


def test_dates_without_any_year_are_left_open():
    assert resolve_range((1, 2, None), (3, 2, None), None) is None
