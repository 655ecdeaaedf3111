"""Typed relations, figures and event dates in RDF (docs/decisions/0003)."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Literal
from rdflib.namespace import RDF, SDO, XSD

from casegraph.extract.records import (
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
from casegraph.graph.build import build_graph
from casegraph.graph.namespaces import CG, PREDICATES, SDO_OBSERVATION_ABOUT
from casegraph.graph.rdf import article_iri, entity_iri, render_rdf, to_dataset, union_graph

TEXT = (
    "Jane Roe, Head of the Cyber Unit, spoke. The Cyber Unit will run the Cyber Summit. "
    "The Cyber Summit (3-5 May) drew 120 experts."
)
S1, S2, S3 = (0, 41), (42, 84), (85, len(TEXT))
A = "a1"


def ev(span, rule, modality="asserted"):
    return Evidence(A, span[0], span[1], TEXT[span[0] : span[1]], rule, 0.9, modality)


def entity(key, type_, label, start):
    sent = next(s for s in (S1, S2, S3) if s[0] <= start < s[1])
    m = Mention(A, start, start + len(label), label, type_, sent[0], sent[1], "test")
    return Entity(key, type_, label, (label,), (m,))


@pytest.fixture(scope="module")
def graph():
    person = entity("Person:jane roe", EntityType.PERSON, "Jane Roe", 0)
    unit = entity("Organization:cyber unit", EntityType.ORGANIZATION, "Cyber Unit", 27)
    summit = entity("Event:cyber summit", EntityType.EVENT, "Cyber Summit", 89)
    relations = (
        Relation(person.key, "worksFor", unit.key, (ev(S1, "role-apposition"),), role="Head"),
        Relation(summit.key, "organizer", unit.key, (ev(S2, "verb:run", "hypothetical"),)),
    )
    extraction = Extraction(
        articles=(Article(A, "a1.txt", "Title", TEXT, "2024-05-06"),),
        entities=(person, unit, summit),
        relations=relations,
        claims=(Claim(summit.key, "experts", 120, "2024-05-06", ev(S3, "figure")),),
        events=(EventDetail(summit.key, "2024-05-03", "2024-05-05", ev(S3, "event-dates")),),
    )
    return build_graph(extraction)


def iri(G, key):
    return entity_iri(key)


def test_asserted_relation_is_a_direct_schema_triple_with_a_statement(graph):
    ds = to_dataset(graph)
    g = ds.graph(article_iri(A))
    person, unit = iri(graph, "Person:jane roe"), iri(graph, "Organization:cyber unit")
    assert (person, SDO.worksFor, unit) in g
    [st] = g.subjects(RDF.predicate, SDO.worksFor)
    assert g.value(st, CG.role) == Literal("Head")
    assert g.value(st, CG.rule) == Literal("role-apposition")


def test_hypothetical_relation_is_only_a_marked_statement(graph):
    u = union_graph(to_dataset(graph))
    summit, unit = iri(graph, "Event:cyber summit"), iri(graph, "Organization:cyber unit")
    assert (summit, PREDICATES["organizer"], unit) not in u
    [st] = u.subjects(RDF.predicate, SDO.organizer)
    assert u.value(st, CG.modality) == Literal("hypothetical")


def test_figure_is_an_observation_with_typed_literals(graph):
    u = union_graph(to_dataset(graph))
    [obs] = u.subjects(RDF.type, SDO.Observation)
    assert u.value(obs, SDO_OBSERVATION_ABOUT) == iri(graph, "Event:cyber summit")
    assert u.value(obs, SDO.value) == Literal(120, datatype=XSD.integer)
    assert u.value(obs, SDO.observationDate) == Literal("2024-05-06", datatype=XSD.date)
    assert u.value(obs, SDO.variableMeasured) == Literal("experts")


def test_event_dates_are_xsd_dates(graph):
    u = union_graph(to_dataset(graph))
    summit = iri(graph, "Event:cyber summit")
    assert u.value(summit, SDO.startDate) == Literal("2024-05-03", datatype=XSD.date)
    assert u.value(summit, SDO.endDate) == Literal("2024-05-05", datatype=XSD.date)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("graph.ttl", pyoxigraph.RdfFormat.TURTLE),
        ("graph.trig", pyoxigraph.RdfFormat.TRIG),
        ("graph.nt", pyoxigraph.RdfFormat.N_TRIPLES),
        ("graph.jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_exports_with_relations_reparse_strictly(graph, name, fmt):
    assert list(pyoxigraph.parse(render_rdf(graph)[name], format=fmt))
