"""A person's link to the parent of their unit is inferred and marked; a stated one is kept."""

from __future__ import annotations

from casegraph.extract.inference import INFERRED, infer_links
from casegraph.extract.records import Evidence, Relation


def ev(article="a1", start=0, rule="role-apposition", modality="asserted"):
    return Evidence(article, start, start + 10, "sentence", rule, 0.9, modality)


def test_person_works_for_the_parent_of_their_unit():
    [link] = infer_links(
        [
            Relation("roe", "worksFor", "cyber unit", (ev(),), role="Head"),
            Relation("cyber unit", "parentOrganization", "europol", (ev(start=20),)),
        ]
    )
    assert (link.subject, link.kind, link.object, link.role) == (
        "roe",
        "worksFor",
        "europol",
        "Head",
    )
    [evidence] = link.evidence
    assert evidence.rule == INFERRED and evidence.inferred
    assert evidence.basis == (
        ("roe", "worksFor", "cyber unit"),
        ("cyber unit", "parentOrganization", "europol"),
    )


def test_chains_of_units_reach_the_top():
    found = infer_links(
        [
            Relation("roe", "worksFor", "team", (ev(),)),
            Relation("team", "parentOrganization", "unit", (ev(start=20),)),
            Relation("unit", "parentOrganization", "agency", (ev(start=40),)),
        ]
    )
    assert {r.object for r in found} == {"unit", "agency"}


def test_links_from_different_articles_or_plans_infer_nothing():
    assert not infer_links(
        [
            Relation("roe", "worksFor", "unit", (ev("a1"),)),
            Relation("unit", "parentOrganization", "agency", (ev("a2"),)),
        ]
    )
    assert not infer_links(
        [
            Relation("roe", "worksFor", "unit", (ev(modality="hypothetical"),)),
            Relation("unit", "parentOrganization", "agency", (ev(),)),
        ]
    )


def test_a_stated_link_is_not_inferred_again():
    assert not infer_links(
        [
            Relation("roe", "worksFor", "unit", (ev(),)),
            Relation("unit", "parentOrganization", "agency", (ev(),)),
            Relation("roe", "worksFor", "agency", (ev(),)),
        ]
    )


def test_who_heads_a_unit_works_for_its_parent_too():
    [link] = infer_links(
        [
            Relation("unit", "ledBy", "moran", (ev(),)),
            Relation("unit", "parentOrganization", "interpol", (ev(start=20),)),
        ]
    )
    assert (link.subject, link.object, link.role) == ("moran", "interpol", "head")
    assert link.evidence[0].basis[0] == ("unit", "ledBy", "moran")
