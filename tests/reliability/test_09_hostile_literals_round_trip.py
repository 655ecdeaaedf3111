"""RELIABILITY row 9: literals with \"\"\", \\, CR/LF, NUL, U+FFFE and bidi overrides round-trip
byte-exact in every format, under pyoxigraph and rdflib, and in the store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from reliability_helpers import graph_fixture, hostile_graph, publish

from casegraph.graph.namespaces import NIF
from casegraph.graph.serialize import FORMATS
from casegraph.graph.store import find_store

FIXTURE = graph_fixture()
TEXTS = {a.text for a in FIXTURE.make_extraction().articles}  # each article's nif:isString
RDFLIB = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nt": "nt", "graph.jsonld": "json-ld"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("row9")
    publish(out, hostile_graph())
    return out


def test_the_fixture_holds_the_hostile_literal():
    assert any(FIXTURE.HOSTILE_TEXT in text for text in TEXTS)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_the_texts_come_back_byte_exact_under_both_parsers(built, name):
    parsed = ox.parse(path=str(built / name), format=FORMATS[name])
    assert {q.object.value for q in parsed if q.predicate.value == str(NIF.isString)} == TEXTS
    ds = Dataset()
    ds.parse(built / name, format=RDFLIB[name])
    quads = ds.quads((None, None, None, None))
    assert {str(o) for _, p, o, _ in quads if p == NIF.isString} == TEXTS


def test_the_store_holds_them_byte_exact(built):
    store = ox.Store.read_only(str(find_store(built)))
    found = store.quads_for_pattern(None, ox.NamedNode(str(NIF.isString)), None)
    assert {q.object.value for q in found} == TEXTS
