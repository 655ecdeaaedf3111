"""RELIABILITY row 26: a literal ending in \\" or \\ at a line end: every export re-parses under
pyoxigraph with the literal byte-exact, and the store holds it as written."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from reliability_helpers import check_set, publish

from casegraph.extract.corpus import read_corpus
from casegraph.extract.records import Entity, EntityType, Extraction, Mention
from casegraph.graph.build import build_graph
from casegraph.graph.namespaces import NIF, RDFS
from casegraph.graph.serialize import FORMATS
from casegraph.graph.store import find_store

ENDINGS = ['C:\\temp\\"', "C:\\temp\\", 'say \\"', "\\", '\\"\\"']


@pytest.mark.parametrize("ending", ENDINGS)
def test_a_backslash_before_a_quote_at_a_line_end_survives_every_format(fast_dir, ending):
    (fast_dir / "in").mkdir()
    (fast_dir / "in" / "a.txt").write_text(
        f"Paths\n\nEuropol stored it in {ending}\nand moved on {ending}\n", encoding="utf-8"
    )
    (article,), _ = read_corpus([fast_dir / "in"])
    start = article.text.index("Europol")
    name = f"Europol {ending}"
    mention = Mention(article.id, start, start + 7, "Europol", EntityType.ORGANIZATION, start,
                      len(article.text), "test")  # fmt: skip
    G = build_graph(
        Extraction((article,), (Entity("e", mention.type, name, (name,), (mention,)),), ())
    )
    out = fast_dir / "out"
    publish(out, G)
    check_set(out)
    for fname, rdf_format in FORMATS.items():
        parsed = list(ox.parse(path=str(out / fname), format=rdf_format))
        assert {q.object.value for q in parsed if q.predicate.value == str(NIF.isString)} == {
            article.text
        }
        assert {q.object.value for q in parsed if q.predicate.value == str(RDFS.label)} == {name}
    stored = ox.Store.read_only(str(find_store(out)))
    assert [
        q.object.value for q in stored.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)), None)
    ] == [name]
