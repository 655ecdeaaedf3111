"""Resolution of mentions into entities (plain records, no model)."""

from __future__ import annotations

import unicodedata

import pytest

from casegraph.extract.names import normalise
from casegraph.extract.records import Acronym, EntityType, Mention
from casegraph.extract.resolve import resolve

P, ORG, D = EntityType.PERSON, EntityType.ORGANIZATION, EntityType.DATABASE
OP, PLACE = EntityType.OPERATION, EntityType.PLACE


def m(text, type_, article="a1", start=0, rule="model", canonical=None):
    return Mention(article, start, start + len(text), text, type_, 0, 100, rule, canonical)


def by_label(entities):
    return {e.label: e for e in entities}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the INTERPOL’s", "INTERPOL"),
        ("Europol's", "europol"),
        (
            "International Child Sexual Exploitation (ICSE) database",
            "International Child Sexual Exploitation database",
        ),
        ("Anna  Berg", "Anna\u00a0Berg"),
        (unicodedata.normalize("NFD", "Zoë Ölander"), "Zoë Ölander"),
    ],
)
def test_normalise_ignores_case_quotes_articles_possessives_and_spacing(a, b):
    assert normalise(a) == normalise(b)


def test_surname_and_title_forms_join_the_full_name_in_the_same_article():
    ents = resolve(
        [
            m("Michael Moran", P, start=0),
            m("Mr Moran", P, start=50, rule="title"),
            m("Moran", ORG, start=90),
        ]
    )
    assert len(ents) == 1
    assert ents[0].label == "Michael Moran"
    assert ents[0].type == P
    assert set(ents[0].aliases) == {"Michael Moran", "Mr Moran", "Moran"}


def test_a_surname_with_particles_joins_the_full_name():
    ents = resolve([m("Eric Van der Sypt", P, start=0), m("Mr Van der Sypt", P, start=40)])
    assert len(ents) == 1
    assert ents[0].label == "Eric Van der Sypt"


def test_surname_alone_in_another_article_joins_the_one_person_with_it():
    ents = resolve([m("Michael Moran", P, "a1"), m("Moran", P, "a2")])
    assert len(ents) == 1
    assert ("surname elsewhere", "Michael Moran", "Moran") in {
        (x.reason, x.name, x.other) for x in ents[0].merges
    }


def test_surname_alone_elsewhere_stays_apart_when_two_people_have_it():
    ents = resolve([m("Michael Moran", P, "a1"), m("Anne Moran", P, "a2"), m("Moran", P, "a3")])
    assert len(ents) == 3


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (
            "Directorate General for National Security",
            "General Directorate for National Security",
            "word order",
        ),
        ("Kenyan Police Service", "Kenya Police Service", "same name"),
        ("U.S. Department of Justice", "US Justice Department", "same name"),
        ("Loide Ayree", "Loide Aryee", "spelling"),
    ],
)
def test_variants_of_one_name_join_with_their_reason(a, b, reason):
    t = P if reason == "spelling" else ORG
    [ent] = resolve([m(a, t, "a1"), m(b, t, "a2")])
    [merge] = ent.merges
    assert merge.reason == reason and merge.fuzzy == (reason in ("spelling", "word order"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Operation Pangea XIV", "Operation Pangea XV"),
        ("Cyber Crime Unit A", "Cyber Crime Unit B"),
        ("European Cybercrime Centre", "European Migrant Smuggling Centre"),
    ],
)
def test_different_names_that_look_alike_stay_apart(a, b):
    assert len(resolve([m(a, ORG, "a1"), m(b, ORG, "a2")])) == 2


def test_ambiguous_surname_stays_apart():
    ents = resolve(
        [m("Anna Berg", P, start=0), m("Lars Berg", P, start=20), m("Berg", P, start=40)]
    )
    assert len(ents) == 3


def test_acronym_defined_in_one_article_joins_uses_in_others():
    ents = resolve(
        [
            m("International Child Sexual Exploitation (ICSE) database", D, "a1", rule="pattern:x"),
            m("ICSE", ORG, "a2"),
            m("ICSE DB", D, "a3", rule="pattern:x"),
        ],
        [Acronym("a1", "ICSE", "International Child Sexual Exploitation database")],
    )
    assert len(ents) == 1
    e = ents[0]
    assert e.type == D
    assert e.label == "International Child Sexual Exploitation database"
    assert {"ICSE", "ICSE DB"} <= set(e.aliases)
    assert e.articles == ("a1", "a2", "a3")


def test_same_name_across_articles_and_case_is_one_entity_with_every_form():
    ents = resolve(
        [
            m("INTERPOL", ORG, "a1", canonical="institution:interpol", rule="gazetteer"),
            m("Interpol", ORG, "a2", canonical="institution:interpol", rule="gazetteer"),
        ]
    )
    assert len(ents) == 1
    assert ents[0].aliases == ("INTERPOL", "Interpol")


def test_owner_prefix_does_not_split_an_entity():
    ents = resolve(
        [
            m("INTERPOL General Secretariat", ORG, "a1", rule="pattern:unit"),
            m("General Secretariat", ORG, "a2", rule="pattern:unit"),
        ]
    )
    assert len(ents) == 1


def test_nfd_and_nbsp_variants_are_one_entity():
    nfd = unicodedata.normalize("NFD", "Zoë Ölander")
    ents = resolve([m("Zoë Ölander", P, "a1"), m(nfd, P, "a2"), m("Zoë\u00a0 Ölander", P, "a3")])
    assert len(ents) == 1
    assert ents[0].aliases == ("Zoë Ölander",)


def test_type_is_decided_by_weighted_votes():
    ents = resolve(
        [m("Ilana de Wild", ORG, start=0), m("Ilana de Wild", P, start=40, rule="title")]
    )
    assert ents[0].type == P


def test_keys_do_not_depend_on_input_order():
    ms = [m("Anna Berg", P, "a1"), m("Europol", ORG, "a2"), m("Berg", P, "a1", start=30)]
    assert [e.key for e in resolve(ms)] == [e.key for e in resolve(list(reversed(ms)))]


def test_type_comes_from_the_strongest_evidence_not_the_count():
    # the model's three guesses do not outweigh one "Operation X"
    ents = resolve(
        [
            m("Global Chain", P, "a1", start=0),
            m("Global Chain", P, "a1", start=30),
            m("Global Chain", P, "a1", start=60),
            m("Operation Global Chain", EntityType.OPERATION, "a1", start=90, rule="pattern:x"),
        ]
    )
    assert [e.type for e in ents] == [EntityType.OPERATION]


def test_acronym_defined_in_one_article_names_the_entity_in_another():
    from casegraph.extract.records import Acronym

    ents = resolve(
        [m("Joint Investigation Centre", ORG, "a1"), m("JIC", ORG, "a2")],
        [Acronym("a1", "JIC", "Joint Investigation Centre")],
    )
    assert len(ents) == 1


def test_an_acronym_defined_for_two_bodies_names_each_only_where_defined():
    ms = [
        m("Australian Federal Police", ORG, "a1", start=0, canonical="institution:afp"),
        m("AFP", ORG, "a1", start=40, canonical="institution:afp"),
        m("Armed Forces of the Philippines", ORG, "a2", start=0),
        m("AFP", ORG, "a2", start=50, canonical="institution:afp"),
    ]
    acronyms = [
        Acronym("a1", "AFP", "Australian Federal Police"),
        Acronym("a2", "AFP", "Armed Forces of the Philippines"),
    ]
    found = by_label(resolve(ms, acronyms))
    assert found["Australian Federal Police"].articles == ("a1",)
    assert found["Armed Forces of the Philippines"].articles == ("a2",)


def test_an_acronym_written_longer_in_one_article_is_still_one_body():
    ms = [
        m("Container Control Programme", OP, "a1", start=0),
        m("CCP", OP, "a1", start=40),
        m("UNODC-WCO Container Control Programme", OP, "a2", start=0),
        m("CCP", OP, "a2", start=50),
    ]
    acronyms = [
        Acronym("a1", "CCP", "Container Control Programme"),
        Acronym("a2", "CCP", "UNODC-WCO Container Control Programme"),
    ]
    assert len(resolve(ms, acronyms)) == 1


def test_a_body_named_only_by_common_words_is_one_per_country():
    ms = [
        m("Brasília", PLACE, "br1", start=0, canonical="city:brasília"),
        m("Federal Police", ORG, "br1", start=20),
        m("Brazilian Federal Police", ORG, "br2", start=0),
        m("Germany", PLACE, "de1", start=0, canonical="country:DE"),
        m("Federal Police", ORG, "de1", start=20),
    ]
    police = [e for e in resolve(ms) if e.type == ORG]
    assert sorted(e.articles for e in police) == [("br1", "br2"), ("de1",)]
