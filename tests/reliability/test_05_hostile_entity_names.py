"""RELIABILITY row 5: entity names with space, quotes, <>, {}|^`, \\, #, %, newline, tab, NUL,
NBSP, zero-width space give valid IRIs; all four exports re-parse under a strict parser, hold
the same quads as the graph, and keep each label byte-exact."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from reliability_helpers import check_set, graph_fixture, hostile_graph, publish

from casegraph.graph.namespaces import RDFS
from casegraph.graph.rdf import entity_iri, rdf_quads
from casegraph.graph.serialize import DATASET_FILES, FORMATS

FIXTURE = graph_fixture()
_IRI = re.compile(r"https://casegraph\.example/id/entity/[a-z0-9-]+")


@pytest.mark.parametrize("name", FIXTURE.HOSTILE_NAMES)
def test_a_hostile_name_gets_a_plain_ascii_iri(name):
    assert _IRI.fullmatch(str(entity_iri(name)))


def test_every_export_reparses_strictly_with_every_label_byte_exact(fast_dir):
    G = hostile_graph()
    publish(fast_dir, G)
    check_set(fast_dir)  # every file strict-parses to the number of statements written
    labels = {d["label"] for _, d in G.nodes(data=True)}
    assert set(FIXTURE.HOSTILE_NAMES) <= labels
    quads = {(s, p, o, g) for s, p, o, g in rdf_quads(G)}
    for name, rdf_format in FORMATS.items():
        parsed = list(ox.parse(path=str(fast_dir / name), format=rdf_format))
        found = {q.object.value for q in parsed if q.predicate.value == str(RDFS.label)}
        assert found == labels, name
        if name in DATASET_FILES:
            assert len({str(q) for q in parsed}) == len(quads)
