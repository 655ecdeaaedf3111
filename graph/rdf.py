"""Graph -> RDF quads: vocabulary and entities in the default graph, one named graph per
article (the model of docs/decisions/0001). ``graph/serialize.py`` writes them out.

Terms are plain Python values so that millions of them sort fast and deterministically: an IRI
is a ``str``; an object is ``(iri,)`` or a literal ``(lexical form, datatype IRI, language)``;
a quad is ``(subject, predicate, object, graph)`` with ``""`` for the default graph. Literals
are written in the canonical lexical form of their datatype, the form Oxigraph stores, so the
query store holds exactly what the files hold.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal
from operator import itemgetter

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef

from casegraph.extract.records import Article, EntityType
from casegraph.graph.namespaces import (
    CG,
    INFERRED_RULE,
    ITSRDF,
    NIF,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SDO,
    SDO_OBSERVATION_ABOUT,
    SKOS,
    TYPE_CLASS,
    XSD,
    mint_iri,
    relation_predicate,
    vocabulary_triples,
)

__all__ = [
    "DEFAULT_GRAPH",
    "Quad",
    "article_iri",
    "dataset_order",
    "entity_iri",
    "rdf_graphs",
    "rdf_quads",
    "render_rdf",
    "to_dataset",
    "union_graph",
]

Lit = tuple[str, str, str]
Obj = tuple[str] | Lit
Quad = tuple[str, str, Obj, str]
DEFAULT_GRAPH = ""

_THOUSANDTH = Decimal("0.001")
_STRING, _LANG_STRING = str(XSD.string), str(RDF.langString)
_INTEGER, _DECIMAL, _DATE = str(XSD.integer), str(XSD.decimal), str(XSD.date)
_TYPE, _LABEL, _ALT = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)
_STATEMENT = str(RDF.Statement)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED = str(PROV.wasDerivedFrom)
_RULE, _CONFIDENCE = str(CG.rule), str(CG.confidence)
_MERGE, _REASON, _MERGED_NAME, _FUZZY = (
    str(CG.merge),
    str(CG.reason),
    str(CG.mergedName),
    str(CG.fuzzy),
)
_BOOLEAN = str(XSD.boolean)
_ROLE, _MODALITY = str(CG.role), str(CG.modality)
_MENTIONS, _HEADLINE, _IDENTIFIER = str(SDO.mentions), str(SDO.headline), str(SDO.identifier)
_ANCHOR, _BEGIN, _END = str(NIF.anchorOf), str(NIF.beginIndex), str(NIF.endIndex)
_CONTEXT_OF, _SENTENCE_OF = str(NIF.referenceContext), str(NIF.sentence)


def entity_iri(key: str) -> URIRef:
    """The IRI of the entity ``key``. It does not depend on the entity's type: the type is
    data (``rdf:type``), so an article that changes what is known of it renames nothing.

    >>> str(entity_iri("ann lee"))
    'https://casegraph.example/id/entity/ann-lee-e4959174ae7b'
    """
    return mint_iri("entity", key)


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article; it also names the article's graph."""
    return mint_iri("article", article_id)


def _span_key(article_id: str, start: int, end: int, *rest: str) -> str:
    # JSON keeps the parts apart whatever characters the ids hold.
    return json.dumps([article_id, start, end, *rest], ensure_ascii=False)


def _string(value: str) -> Lit:
    return (value, _STRING, "")


def _integer(n: int) -> Lit:
    return (str(int(n)), _INTEGER, "")


def _date(value: str) -> Lit:
    return (value, _DATE, "")


def canonical_decimal(value: float) -> str:
    """``value`` rounded to three places, in the canonical lexical form of ``xsd:decimal``
    (no trailing zeros, no point for whole numbers), which Oxigraph keeps as it is.

    >>> [canonical_decimal(v) for v in (2 / 3, 0.5, 1.0, 0.0, -0.0004)]
    ['0.667', '0.5', '1', '0', '0']
    """
    if not math.isfinite(value):
        raise ValueError(f"confidence {value!r} is not a finite number")
    text = format(Decimal(repr(value)).quantize(_THOUSANDTH, ROUND_HALF_EVEN), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Emitter:
    """Collects the quads of one graph; IRIs of spans are minted once each."""

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self.quads: list[Quad] = []
        self.articles: dict[str, Article] = G.graph.get("articles", {})
        self.entities = {key: str(entity_iri(key)) for key in G.nodes}
        self.article_iris = {aid: str(article_iri(aid)) for aid in self.articles}
        self._sentences: dict[tuple[str, int, int], str] = {}

    def add(self, s: str, p: str, o: Obj, g: str = DEFAULT_GRAPH) -> None:
        self.quads.append((s, p, o, g))

    def take(self) -> list[Quad]:
        """The quads collected since the last call, sorted, each once; starts a new graph."""
        quads, self.quads = self.quads, []
        self._sentences = {}  # sentence IRIs are per article: no graph needs them again
        quads.sort()
        _drop_repeats(quads)
        return quads

    def article(self, article_id: str, what: str) -> tuple[str, Article]:
        if article_id not in self.articles:
            raise ValueError(f"{what} refers to unknown article {article_id!r}")
        return self.article_iris[article_id], self.articles[article_id]

    def sentence(self, article: Article, start: int, end: int) -> str:
        span = (article.id, start, end)
        if span not in self._sentences:
            s = str(mint_iri("sentence", _span_key(article.id, start, end)))
            self.string(s, str(NIF.Sentence), article, start, end)
            self._sentences[span] = s
        return self._sentences[span]

    def string(self, node: str, cls: str, article: Article, start: int, end: int) -> None:
        # The anchor is cut from the article text, so NIF's anchorOf == isString[begin:end].
        if not 0 <= start <= end <= len(article.text):
            raise ValueError(
                f"offsets {start}-{end} are outside article {article.id!r} "
                f"({len(article.text)} characters)"
            )
        g = self.article_iris[article.id]
        self.add(node, _TYPE, (cls,), g)
        self.add(node, _ANCHOR, _string(article.text[start:end]), g)
        self.add(node, _BEGIN, _integer(start), g)
        self.add(node, _END, _integer(end), g)
        self.add(node, _CONTEXT_OF, (g,), g)

    def statement_iri(self, article_id: str, ev, u: str, kind: str, v: str) -> str:
        key = _span_key(article_id, ev.start, ev.end, u, kind, v, ev.rule)
        return str(mint_iri("statement", key))


def rdf_graphs(G: nx.MultiDiGraph) -> Iterator[tuple[str, list[Quad]]]:
    """The quads of ``G``'s dataset graph by graph: ``(graph, quads)`` for the default graph
    first, then for each article's graph in the order of its IRI; each list sorted by subject,
    predicate and object, each quad once.

    Only one graph's quads exist at a time, so memory does not grow with the corpus (the
    exports stream them, graph/serialize.py).

    >>> from casegraph.graph.build import build_graph
    >>> from casegraph.extract.records import Extraction
    >>> [g for g, _ in rdf_graphs(build_graph(Extraction((), (), ())))]
    ['']
    """
    out = _Emitter(G)
    work = _ArticleWork(out)
    for s, p, o in vocabulary_triples():
        obj: Obj = (str(o),) if isinstance(o, URIRef) else (str(o), _LANG_STRING, o.language or "")
        out.add(str(s), str(p), obj)
    for key, data in G.nodes(data=True):
        _entity(out, key, data)
    for u, v, kind, data in G.edges(keys=True, data=True):
        if not data["evidence"]:
            # Nothing ties it to an article; keep the link rather than drop it silently.
            out.add(out.entities[u], str(relation_predicate(kind)), (out.entities[v],))
    yield DEFAULT_GRAPH, out.take()
    for a, article in sorted((iri, out.articles[aid]) for aid, iri in out.article_iris.items()):
        _article(out, article)
        for key, m in work.mentions.get(article.id, ()):
            _mention(out, key, m)
        for key, c in work.claims.get(article.id, ()):
            _claim(out, out.entities[key], key, c)
        for key in work.dates.get(article.id, ()):
            _dates(out, key, G.nodes[key], a)
        for u, v, kind, data, ev in work.evidence.get(article.id, ()):
            _evidence(out, u, v, kind, data, ev)
        yield a, out.take()


class _ArticleWork:
    """What goes into each article's graph, found in one pass over the graph (references
    only); an unknown article is refused here, naming what refers to it."""

    def __init__(self, out: _Emitter):
        G = out.G
        self.mentions: dict[str, list] = defaultdict(list)
        self.claims: dict[str, list] = defaultdict(list)
        self.dates: dict[str, list[str]] = defaultdict(list)
        self.evidence: dict[str, list] = defaultdict(list)
        for key, data in G.nodes(data=True):
            for m in data["mentions"]:
                out.article(m.article_id, f"mention of {key!r}")
                self.mentions[m.article_id].append((key, m))
            for c in data.get("claims", ()):
                out.article(c.evidence.article_id, f"claim about {key!r}")
                self.claims[c.evidence.article_id].append((key, c))
            if data.get("when") is not None:
                out.article(data["when"].article_id, f"dates of {key!r}")
                self.dates[data["when"].article_id].append(key)
        for u, v, kind, data in G.edges(keys=True, data=True):
            for ev in data["evidence"]:
                out.article(ev.article_id, f"evidence of {kind} {u!r}")
                self.evidence[ev.article_id].append((u, v, kind, data, ev))


def rdf_quads(G: nx.MultiDiGraph) -> list[Quad]:
    """Every quad of ``G``'s dataset, each once, sorted by subject, predicate, object, graph
    (all in memory: for tests and small graphs; exports stream :func:`rdf_graphs`).

    >>> from casegraph.graph.build import build_graph
    >>> from casegraph.extract.records import Extraction
    >>> quads = rdf_quads(build_graph(Extraction((), (), ())))
    >>> quads == sorted(set(quads)) and all(g == DEFAULT_GRAPH for *_, g in quads)
    True
    """
    quads = [q for _, graph in rdf_graphs(G) for q in graph]
    quads.sort()
    return quads


def _drop_repeats(quads: list[Quad]) -> None:
    kept, previous = 0, None
    for q in quads:
        if q != previous:
            quads[kept] = previous = q
            kept += 1
    del quads[kept:]


def dataset_order(quads: list[Quad]) -> None:
    """Sort ``quads`` in place by graph (default graph first), subject, predicate, object."""
    quads.sort(key=itemgetter(3, 0, 1, 2))


def _article(out: _Emitter, article: Article) -> None:
    a, _ = out.article(article.id, "article")
    out.add(a, _TYPE, (str(SDO.NewsArticle),), a)
    out.add(a, _TYPE, (str(NIF.Context),), a)
    out.add(a, _IDENTIFIER, _string(article.id), a)
    out.add(a, _HEADLINE, _string(article.title), a)
    if article.date:
        out.add(a, str(SDO.datePublished), _date(article.date), a)
    if article.dateline:
        out.add(a, str(SDO.dateline), _string(article.dateline), a)
    out.add(a, str(NIF.isString), _string(article.text), a)
    out.add(a, _BEGIN, _integer(0), a)
    out.add(a, _END, _integer(len(article.text)), a)


def _entity(out: _Emitter, key: str, data: dict) -> None:
    e = out.entities[key]
    out.add(e, _TYPE, (str(TYPE_CLASS[EntityType(data["type"])]),))
    out.add(e, _LABEL, _string(data["label"]))
    # The label is not repeated as an altLabel: rdfs:label | skos:altLabel is every name.
    for alias in data["aliases"]:
        if alias != data["label"]:
            out.add(e, _ALT, _string(alias))
    for m in data.get("merges", ()):
        # why two of its names were taken for one entity, in the default graph with it
        node = str(mint_iri("merge", json.dumps([key, m.reason, m.name, m.other])))
        out.add(e, _MERGE, (node,))
        out.add(node, _TYPE, (str(CG.Merge),))
        out.add(node, _REASON, _string(m.reason))
        out.add(node, _MERGED_NAME, _string(m.name))
        out.add(node, _MERGED_NAME, _string(m.other))
        if m.fuzzy:
            out.add(node, _FUZZY, ("true", _BOOLEAN, ""))


def _mention(out: _Emitter, key: str, m) -> None:
    """A mention of the entity ``key``, with its sentence, in its article's graph."""
    e = out.entities[key]
    a, article = out.article(m.article_id, f"mention of {key!r}")
    s = out.sentence(article, m.sentence_start, m.sentence_end)
    node = str(mint_iri("mention", _span_key(article.id, m.start, m.end)))
    out.add(a, _MENTIONS, (e,), a)
    out.string(node, str(NIF.Phrase), article, m.start, m.end)
    out.add(node, _SENTENCE_OF, (s,), a)
    out.add(node, str(ITSRDF.taIdentRef), (e,), a)
    out.add(node, _RULE, _string(m.rule), a)


def _dates(out: _Emitter, key: str, data: dict, a: str) -> None:
    """An event's dates, in the graph of the article that states them."""
    e = out.entities[key]
    if data.get("start"):
        out.add(e, str(SDO.startDate), _date(data["start"]), a)
    if data.get("end"):
        out.add(e, str(SDO.endDate), _date(data["end"]), a)


def _claim(out: _Emitter, e: str, key: str, c) -> None:
    """A figure as a schema:Observation in the graph of the article that states it."""
    ev = c.evidence
    a, article = out.article(ev.article_id, f"claim about {key!r}")
    node = str(mint_iri("claim", _span_key(article.id, ev.start, ev.end, key, c.measure, c.value)))
    out.add(node, _TYPE, (str(SDO.Observation),), a)
    out.add(node, str(SDO_OBSERVATION_ABOUT), (e,), a)
    out.add(node, str(SDO.variableMeasured), _string(c.measure), a)
    out.add(node, str(SDO.value), _integer(c.value), a)
    if c.date:
        out.add(node, str(SDO.observationDate), _date(c.date), a)
    if c.qualifier:
        out.add(node, str(CG.qualifier), _string(c.qualifier), a)
    out.add(node, _RULE, _string(ev.rule), a)
    out.add(node, _DERIVED, (out.sentence(article, ev.start, ev.end),), a)


def _evidence(out: _Emitter, u: str, v: str, kind: str, data: dict, ev) -> None:
    """One piece of evidence of the link ``u -kind-> v``: its statement (and the direct triple
    when asserted) in the graph of the article it comes from."""
    subj, pred, obj = out.entities[u], str(relation_predicate(kind)), out.entities[v]
    a, article = out.article(ev.article_id, f"evidence of {kind} {u!r}")
    st = out.statement_iri(article.id, ev, u, kind, v)
    if ev.modality == "asserted":
        out.add(subj, pred, (obj,), a)
    else:
        out.add(st, _MODALITY, _string(ev.modality), a)
    out.add(st, _TYPE, (_STATEMENT,), a)
    out.add(st, _SUBJECT, (subj,), a)
    out.add(st, _PREDICATE, (pred,), a)
    out.add(st, _OBJECT, (obj,), a)
    out.add(st, _CONFIDENCE, (canonical_decimal(ev.confidence), _DECIMAL, ""), a)
    if data.get("role"):
        out.add(st, _ROLE, _string(data["role"]), a)
    if ev.basis:
        # An inferred link is derived from the statements of the links it rests on.
        out.add(st, _RULE, _string(INFERRED_RULE), a)
        for basis in _basis_statements(out, article.id, ev.basis, f"{kind} {u!r}"):
            out.add(st, _DERIVED, (basis,), a)
    else:
        out.add(st, _RULE, _string(ev.rule), a)
        out.add(st, _DERIVED, (out.sentence(article, ev.start, ev.end),), a)


def _basis_statements(out: _Emitter, article_id: str, basis, what: str) -> list[str]:
    found = []
    for s, kind, o in basis:
        data = out.G.get_edge_data(s, o, key=kind) if s in out.G and o in out.G else None
        pieces = [ev for ev in (data or {}).get("evidence", ()) if ev.article_id == article_id]
        if not pieces:
            raise ValueError(
                f"inferred {what} rests on {kind} {s!r} -> {o!r}, "
                f"which has no evidence in article {article_id!r}"
            )
        found += [out.statement_iri(article_id, ev, s, kind, o) for ev in pieces]
    return found


# --- rdflib views of the same quads (tests, notebooks; the build never makes them) ----------


def _rdflib_object(o: Obj) -> URIRef | Literal:
    if len(o) == 1:
        return URIRef(o[0])
    value, datatype, language = o
    if language:
        return Literal(value, lang=language)
    if datatype == _STRING:
        return Literal(value)
    return Literal(value, datatype=URIRef(datatype))


def to_dataset(G: nx.MultiDiGraph) -> Dataset:
    """``G``'s quads as an rdflib Dataset (for tests and small graphs; it holds every triple
    in Python objects, so the build itself never makes one).

    >>> from casegraph.graph.build import build_graph
    >>> from casegraph.extract.records import Extraction
    >>> len(to_dataset(build_graph(Extraction((), (), ()))).default_graph) > 0
    True
    """
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace, replace=True)
    graphs: dict[str, Graph] = {DEFAULT_GRAPH: ds.default_graph}
    for s, p, o, g in rdf_quads(G):
        if g not in graphs:
            graphs[g] = ds.graph(URIRef(g))
        graphs[g].add((URIRef(s), URIRef(p), _rdflib_object(o)))
    return ds


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of ``ds`` in one graph, with our prefixes bound."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def render_rdf(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """Every RDF export of ``G`` as bytes, keyed by file name (in memory: for tests and small
    graphs; the build streams them into files with :func:`serialize.write_rdf`).

    >>> from casegraph.graph.build import build_graph
    >>> from casegraph.extract.records import Extraction
    >>> sorted(render_rdf(build_graph(Extraction((), (), ()))))
    ['graph.jsonld', 'graph.nt', 'graph.trig', 'graph.ttl']
    """
    from casegraph.graph.serialize import render_all

    return render_all(rdf_graphs(G))
