"""Graph -> RDF: model, strict re-parse of every format, byte-exact literals, determinism."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from casegraph.extract.records import (
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from casegraph.graph.build import build_graph
from casegraph.graph.namespaces import (
    CG,
    ITSRDF,
    NIF,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TYPE_CLASS,
    XSD,
)
from casegraph.graph.rdf import (
    article_iri,
    canonical_decimal,
    entity_iri,
    render_rdf,
    to_dataset,
    union_graph,
)
from casegraph.graph.store import load_store

HERE = Path(__file__).parent
FORMATS = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.nt": ox.RdfFormat.N_TRIPLES,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FILES = {"graph.trig", "graph.jsonld"}


def _term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        if t.datatype.value == str(XSD.string):
            return Literal(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype.value))
    raise AssertionError(f"unexpected term {t!r} (blank nodes are never minted)")


def _parse(name: str, data: bytes) -> list[ox.Quad]:
    # Strict: no lenient mode, no base IRI, so any relative or malformed IRI fails.
    return list(ox.parse(data, FORMATS[name]))


def _quads(ds: Dataset) -> set[tuple]:
    default = ds.default_graph.identifier
    return {(s, p, o, None if g == default else g) for s, p, o, g in ds.quads()}


def _parsed_quads(quads: list[ox.Quad]) -> set[tuple]:
    return {
        (
            _term(q.subject),
            _term(q.predicate),
            _term(q.object),
            None if isinstance(q.graph_name, ox.DefaultGraph) else _term(q.graph_name),
        )
        for q in quads
    }


def _parsed_union(quads: list[ox.Quad]) -> Graph:
    union = Graph()
    for s, p, o, _ in _parsed_quads(quads):
        union.add((s, p, o))
    return union


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_reparses_strictly_and_matches_the_dataset(
    graph: nx.MultiDiGraph, name: str
) -> None:
    ds = to_dataset(graph)
    quads = _parse(name, render_rdf(graph)[name])
    assert isomorphic(_parsed_union(quads), union_graph(ds))
    if name in DATASET_FILES:
        assert _parsed_quads(quads) == _quads(ds)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_hostile_labels_and_texts_round_trip_byte_exact(
    extraction: Extraction, graph: nx.MultiDiGraph, name: str
) -> None:
    values: dict[str, set[str]] = {}
    for q in _parse(name, render_rdf(graph)[name]):
        if isinstance(q.object, ox.Literal):
            values.setdefault(q.predicate.value, set()).add(q.object.value)
    assert values[str(RDFS.label)] == {e.label for e in extraction.entities}
    assert values[str(NIF.isString)] == {a.text for a in extraction.articles}
    assert values[str(SDO.headline)] == {a.title for a in extraction.articles}
    assert values[str(SDO.identifier)] == {a.id for a in extraction.articles}


def _one_entity_graph(text: str) -> nx.MultiDiGraph:
    article = Article("a1", "a1.txt", text, text + ".")
    mention = Mention("a1", 0, len(text), text, EntityType.PERSON, 0, len(text) + 1, "test")
    entity = Entity("Person:e1", EntityType.PERSON, text, (text, "x" + text), (mention,))
    return build_graph(Extraction((article,), (entity,), ()))


# Characters that broke one writer or parser or another, mixed into arbitrary Unicode so that
# they land at every position, the end included (issue 11: a literal ending in \\" ).
TRICKY = [
    "\\",
    '"',
    "'",
    "\r",
    "\n",
    "\r\n",
    "\x00",
    "\ufffe",
    "\uffff",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\x7f",
    "\x85",
    "\u2028",
    "\t",
    "<",
    ">",
    "{",
    "@",
]
ANY_TEXT = st.lists(
    st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=("Cs",))), max_size=30
).map("".join)
RDFLIB_FORMATS = {"graph.ttl": "turtle", "graph.trig": "trig", "graph.nt": "nt",
                  "graph.jsonld": "json-ld"}  # fmt: skip


def _rdflib_values(name: str, data: bytes) -> set[str]:
    ds = Dataset()
    ds.parse(data=data, format=RDFLIB_FORMATS[name])
    names = (RDFS.label, SKOS.altLabel, NIF.anchorOf)
    return {str(o) for _, p, o, _ in ds.quads((None, None, None, None)) if p in names}


@settings(max_examples=60, deadline=None)
@given(ANY_TEXT.filter(lambda t: t.strip()))
def test_any_literal_round_trips_byte_exact_under_pyoxigraph_and_rdflib(text: str) -> None:
    out = render_rdf(_one_entity_graph(text))
    expected = {text, "x" + text, text + "."}
    for name in FORMATS:
        labels = {
            q.object.value
            for q in _parse(name, out[name])
            if q.predicate.value in (str(RDFS.label), str(SKOS.altLabel), str(NIF.anchorOf))
        }
        assert labels == expected, name
        assert _rdflib_values(name, out[name]) == expected, name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_output_does_not_depend_on_insertion_order(
    graph: nx.MultiDiGraph, shuffled_graph, seed: int
) -> None:
    assert render_rdf(shuffled_graph(seed)) == render_rdf(graph)


def test_output_does_not_depend_on_hash_seed(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(HERE)!r})
        from conftest import make_extraction
        from pathlib import Path
        from casegraph.graph.build import build_graph
        from casegraph.graph.rdf import render_rdf
        out = Path(sys.argv[1])
        out.mkdir()
        for name, data in render_rdf(build_graph(make_extraction(seed=7))).items():
            (out / name).write_bytes(data)
        """
    )
    expected = render_rdf(graph)
    for hash_seed in ("0", "4242"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", script, str(out)], env=env, check=True)
        assert {name: (out / name).read_bytes() for name in expected} == expected


def test_empty_graph_gives_valid_exports_with_the_vocabulary() -> None:
    out = render_rdf(build_graph(Extraction((), (), ())))
    for name, data in out.items():
        quads = _parse(name, data)
        assert quads, name
        assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in quads)


def test_no_blank_nodes_anywhere(graph: nx.MultiDiGraph) -> None:
    ds = to_dataset(graph)
    assert not any(isinstance(t, BNode) for quad in _quads(ds) for t in quad[:3])


def test_entities_sit_in_the_default_graph(extraction: Extraction) -> None:
    ds = to_dataset(build_graph(extraction))
    default = ds.default_graph
    for entity in extraction.entities:
        e = entity_iri(entity.key)
        assert set(default.objects(e, RDF.type)) == {TYPE_CLASS[entity.type]}
        assert set(default.objects(e, RDFS.label)) == {Literal(entity.label)}
        expected_alt = {Literal(a) for a in entity.aliases if a != entity.label}
        assert set(default.objects(e, SKOS.altLabel)) == expected_alt
    assert (CG.Operation, RDFS.subClassOf, SDO.Event) in default


def test_article_graph_holds_text_mentions_and_nif_offsets(extraction: Extraction) -> None:
    ds = to_dataset(build_graph(extraction))
    for article in extraction.articles:
        a = article_iri(article.id)
        g = ds.graph(a)
        assert {SDO.NewsArticle, NIF.Context} <= set(g.objects(a, RDF.type))
        assert g.value(a, NIF.isString) == Literal(article.text)
        assert (g.value(a, SDO.datePublished) is None) == (article.date is None)
        mentioned = {
            entity_iri(e.key)
            for e in extraction.entities
            if any(m.article_id == article.id for m in e.mentions)
        }
        assert set(g.objects(a, SDO.mentions)) == mentioned
        for node in set(g.subjects(NIF.referenceContext, a)):
            begin, end = int(g.value(node, NIF.beginIndex)), int(g.value(node, NIF.endIndex))
            assert g.value(node, NIF.anchorOf) == Literal(article.text[begin:end])
            # xsd:integer, not nonNegativeInteger: Oxigraph stores the latter as the former.
            assert g.value(node, NIF.beginIndex).datatype == XSD.integer
        for phrase in g.subjects(RDF.type, NIF.Phrase):
            assert g.value(phrase, ITSRDF.taIdentRef) in mentioned
            assert (g.value(phrase, NIF.sentence), RDF.type, NIF.Sentence) in g


def test_each_piece_of_evidence_is_a_statement_derived_from_its_sentence(
    extraction: Extraction,
) -> None:
    ds = to_dataset(build_graph(extraction))
    expected = set()
    for rel in extraction.relations:
        s, o = (entity_iri(k)
                for k in (rel.subject, rel.object))  # fmt: skip
        for ev in rel.evidence:
            expected.add((article_iri(ev.article_id), s, CG[rel.kind], o, ev.start, ev.end,
                          ev.rule, round(ev.confidence, 3), rel.role))  # fmt: skip
    found = set()
    for g in ds.graphs():
        for st_ in g.subjects(RDF.type, RDF.Statement):
            sentence = g.value(st_, PROV.wasDerivedFrom)
            triple = (
                g.value(st_, RDF.subject),
                g.value(st_, RDF.predicate),
                g.value(st_, RDF.object),
            )
            assert triple in g  # the direct triple sits next to its evidence
            confidence = g.value(st_, CG.confidence)
            assert confidence.datatype == XSD.decimal
            role = g.value(st_, CG.role)
            found.add((g.identifier, *triple, int(g.value(sentence, NIF.beginIndex)),
                       int(g.value(sentence, NIF.endIndex)), str(g.value(st_, CG.rule)),
                       float(confidence), None if role is None else str(role)))  # fmt: skip
    assert found == expected


def test_link_without_evidence_is_kept_in_the_default_graph(graph: nx.MultiDiGraph) -> None:
    graph.add_edge("Person:Ann Lee", "Place:The Hague", key="visited", evidence=(), role=None)
    ds = to_dataset(graph)
    ann = entity_iri("Person:Ann Lee")
    hague = entity_iri("Place:The Hague")
    assert (ann, CG.visited, hague) in ds.default_graph


def _without_article(extraction: Extraction, article_id: str) -> Extraction:
    entities = []
    for e in extraction.entities:
        mentions = tuple(m for m in e.mentions if m.article_id != article_id)
        if mentions:
            entities.append(dataclasses.replace(e, mentions=mentions))
    relations = []
    for r in extraction.relations:
        evidence = tuple(ev for ev in r.evidence if ev.article_id != article_id)
        if evidence:
            relations.append(dataclasses.replace(r, evidence=evidence))
    articles = tuple(a for a in extraction.articles if a.id != article_id)
    return Extraction(articles, tuple(entities), tuple(relations))


def _retitled(extraction: Extraction, article_id: str) -> Extraction:
    articles = tuple(
        dataclasses.replace(a, title="Edited title") if a.id == article_id else a
        for a in extraction.articles
    )
    return dataclasses.replace(extraction, articles=articles)


@pytest.mark.parametrize("change", [_retitled, _without_article])
def test_changing_one_article_changes_only_its_graph(extraction: Extraction, change) -> None:
    changed_id, kept_id = "2024-02-hostile <names>", "2024-01-europol-nightfall"
    before = to_dataset(build_graph(extraction))
    after = to_dataset(build_graph(change(extraction, changed_id)))
    kept = article_iri(kept_id)
    assert set(before.graph(kept)) == set(after.graph(kept))
    assert set(before.graph(article_iri(changed_id))) != set(after.graph(article_iri(changed_id)))
    # Entities of the kept article keep their IRI and their triples in the default graph.
    for e in extraction.entities:
        if kept_id in e.articles:
            iri = entity_iri(e.key)
            assert set(before.default_graph.triples((iri, None, None))) == set(
                after.default_graph.triples((iri, None, None))
            )


def _broken(kind: str) -> nx.MultiDiGraph:
    article = Article("a1", "a1.txt", "T", "Ann met Bob.")
    ann = Mention("a1", 0, 3, "Ann", EntityType.PERSON, 0, 12, "test")
    bob = Mention("a1", 8, 11, "Bob", EntityType.PERSON, 0, 12, "test")
    if kind == "unknown article":
        ann = dataclasses.replace(ann, article_id="missing")
    if kind == "offsets":
        ann = dataclasses.replace(ann, end=99)
    confidence = float("nan") if kind == "confidence" else 1.0
    evidence = Evidence("a1", 0, 12, "Ann met Bob.", "test", confidence)
    entities = (
        Entity("Person:Ann", EntityType.PERSON, "Ann", ("Ann",), (ann,)),
        Entity("Person:Bob", EntityType.PERSON, "Bob", ("Bob",), (bob,)),
    )
    relation = Relation("Person:Ann", "meets", "Person:Bob", (evidence,))
    return build_graph(Extraction((article,), entities, (relation,)))


@pytest.mark.parametrize(
    ("kind", "message"),
    [("unknown article", "unknown article 'missing'"), ("offsets", "0-99"), ("confidence", "nan")],
)
def test_inconsistent_records_are_refused_with_the_value(kind: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        to_dataset(_broken(kind))


def test_the_store_keeps_every_literal_exactly_as_the_files_hold_it(
    graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    (tmp_path / "graph.trig").write_bytes(render_rdf(graph)["graph.trig"])
    load_store(tmp_path / "store", tmp_path / "graph.trig")
    store = ox.Store.read_only(str(tmp_path / "store"))
    stored = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    written = set(ox.parse(path=str(tmp_path / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert stored == {q for q in written if not isinstance(q.graph_name, ox.DefaultGraph)}
    # the default graph: the union of all graphs, each triple once
    union = {ox.Quad(q.subject, q.predicate, q.object) for q in written}
    assert set(store.quads_for_pattern(None, None, None, ox.DefaultGraph())) == union
    datatypes = {q.object.datatype.value for q in written if isinstance(q.object, ox.Literal)}
    assert {str(XSD.integer), str(XSD.decimal), str(XSD.date)} <= datatypes


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_confidences_are_written_in_the_form_oxigraph_stores(value: float) -> None:
    lexical = canonical_decimal(value)
    store = ox.Store()
    node = ox.NamedNode("https://x.example/s")
    store.add(ox.Quad(node, node, ox.Literal(lexical, datatype=ox.NamedNode(str(XSD.decimal)))))
    [quad] = store
    assert quad.object.value == lexical
    assert Decimal(lexical) == Decimal(repr(value)).quantize(Decimal("0.001"), ROUND_HALF_EVEN)


def _inferred_graph(*, basis_article: str = "a1") -> nx.MultiDiGraph:
    text = "Ann Lee heads the Cyber Unit of Europol."
    articles = tuple(Article(a, f"{a}.txt", "T", text) for a in sorted({"a1", basis_article}))
    spans = {"ann": (0, 7), "unit": (18, 28), "europol": (32, 39)}
    types = {"ann": EntityType.PERSON, "unit": EntityType.ORGANIZATION}
    entities = tuple(
        Entity(key, types.get(key, EntityType.ORGANIZATION), text[s:e], (text[s:e],),
               (Mention("a1", s, e, text[s:e], types.get(key, EntityType.ORGANIZATION), 0,
                        len(text), "test"),))
        for key, (s, e) in spans.items()
    )  # fmt: skip
    stated = Evidence("a1", 0, len(text), text, "role-apposition", 0.9)
    part_of = Evidence("a1", 0, len(text), text, "possessive-unit", 0.8)
    inferred = Evidence(
        basis_article, 0, len(text), text, "inferred", 0.7,
        basis=(("ann", "worksFor", "unit"), ("unit", "parentOrganization", "europol")),
    )  # fmt: skip
    relations = (
        Relation("ann", "worksFor", "unit", (stated,), role="Head"),
        Relation("unit", "parentOrganization", "europol", (part_of,)),
        Relation("ann", "worksFor", "europol", (inferred,)),
    )
    return build_graph(Extraction(articles, entities, relations))


def test_an_inferred_link_is_derived_from_the_statements_of_its_basis() -> None:
    ds = to_dataset(_inferred_graph())
    g = ds.graph(article_iri("a1"))
    ann, unit, europol = (entity_iri(k) for k in ("ann", "unit", "europol"))
    assert (ann, SDO.worksFor, europol) in g  # still asserted: "who works for Europol" finds it

    def statement(s, p, o):
        [st_] = [x for x in g.subjects(RDF.subject, s) if (x, RDF.object, o) in g
                 and (x, RDF.predicate, p) in g]  # fmt: skip
        return st_

    inferred = statement(ann, SDO.worksFor, europol)
    assert g.value(inferred, CG.rule) == Literal("inferred")
    assert set(g.objects(inferred, PROV.wasDerivedFrom)) == {
        statement(ann, SDO.worksFor, unit),
        statement(unit, SDO.parentOrganization, europol),
    }
    assert not any(
        (s, RDF.type, NIF.Sentence) in g for s in g.objects(inferred, PROV.wasDerivedFrom)
    )
    for name, data in render_rdf(_inferred_graph()).items():
        assert _parse(name, data), name


def test_an_inferred_link_whose_basis_has_no_evidence_in_its_article_is_refused() -> None:
    with pytest.raises(ValueError, match="inferred worksFor 'ann' rests on worksFor"):
        to_dataset(_inferred_graph(basis_article="a2"))


def test_jsonld_has_one_line_per_default_graph_node_and_per_article_graph(
    graph: nx.MultiDiGraph,
) -> None:
    import json

    lines = render_rdf(graph)["graph.jsonld"].decode().split("\n")
    assert (lines[0], lines[-2:]) == ("[", ["]", ""])
    items = [json.loads(line.rstrip(",")) for line in lines[1:-2]]
    graphs = [i["@id"] for i in items if "@graph" in i]
    assert graphs == sorted(str(article_iri(a)) for a in graph.graph["articles"])
    subjects = [i["@id"] for i in items if "@graph" not in i]
    assert subjects == sorted(set(subjects))
    assert "@context" not in lines[1]  # expanded: nothing to fetch or trust


def test_turtle_uses_a_prefix_per_kind_of_resource(graph: nx.MultiDiGraph) -> None:
    ttl = render_rdf(graph)["graph.ttl"].decode()
    for kind in ("article", "entity", "mention", "sentence", "statement"):
        assert f"@prefix {kind}: <https://casegraph.example/id/{kind}/> ." in ttl
        assert f"\n{kind}:" in ttl
