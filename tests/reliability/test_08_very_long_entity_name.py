"""RELIABILITY row 8: a 10 KB entity string gets a bounded, unique IRI, and its label is kept
whole in every export."""

from __future__ import annotations

import pyoxigraph as ox

from casegraph.extract.records import Article, Entity, EntityType, Extraction, Mention
from casegraph.graph.build import build_graph
from casegraph.graph.namespaces import RDFS, mint_iri
from casegraph.graph.rdf import render_rdf
from casegraph.graph.serialize import FORMATS

LONG = "Bureau " * 1500  # ~10 KB


def test_a_long_key_gives_a_short_iri_unique_to_the_whole_key():
    one, other = mint_iri("entity", LONG + "A"), mint_iri("entity", LONG + "B")
    assert len(one) < 120 and len(other) < 120 and one != other


def test_a_long_label_round_trips_whole_in_every_format():
    text = LONG.strip()
    article = Article("a1", "a1.txt", "T", text)
    mention = Mention("a1", 0, len(text), text, EntityType.ORGANIZATION, 0, len(text), "test")
    G = build_graph(
        Extraction((article,), (Entity("long", mention.type, text, (text,), (mention,)),), ())
    )
    for name, data in render_rdf(G).items():
        labels = [q.object.value for q in ox.parse(data, FORMATS[name])
                  if q.predicate.value == str(RDFS.label)]  # fmt: skip
        assert labels == [text], name
