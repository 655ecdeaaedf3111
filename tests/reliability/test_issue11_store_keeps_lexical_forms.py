"""Issue 11, failure 5: the store rewrote lexical forms ("1.000" -> "1", nonNegativeInteger ->
integer). Now every literal is written in the canonical form of a datatype Oxigraph keeps,
so the store of the bundled build holds exactly the quads of its graph.trig (and, as its
default graph, their union: every triple of graph.nt once)."""

from __future__ import annotations

import pyoxigraph as ox

from casegraph.graph.namespaces import CG, NIF, XSD
from casegraph.graph.store import find_store


def test_the_bundled_store_holds_exactly_what_graph_trig_holds(bundled_build):
    store = ox.Store.read_only(str(find_store(bundled_build)))
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    written = set(ox.parse(path=str(bundled_build / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert named == {q for q in written if not isinstance(q.graph_name, ox.DefaultGraph)}
    union = set(ox.parse(path=str(bundled_build / "graph.nt"), format=ox.RdfFormat.N_TRIPLES))
    default = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    assert set(default) == union


def test_offsets_are_integers_and_confidences_canonical_decimals(bundled_build):
    quads = list(ox.parse(path=str(bundled_build / "graph.trig"), format=ox.RdfFormat.TRIG))
    offsets = {q.object.datatype.value for q in quads if q.predicate.value == str(NIF.beginIndex)}
    assert offsets == {str(XSD.integer)}
    confidences = {q.object.value for q in quads if q.predicate.value == str(CG.confidence)}
    assert confidences and all(c == c.rstrip("0") and not c.endswith(".") for c in confidences)
    assert "1" in confidences and "1.0" not in confidences
