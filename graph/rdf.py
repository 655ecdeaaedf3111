"""Graph -> RDF: entities in the default graph, one named graph per article, four formats."""

from __future__ import annotations

import json
import math
from decimal import ROUND_HALF_EVEN, Decimal
from io import BytesIO

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer

from casegraph.extract.records import Article, EntityType
from casegraph.graph.namespaces import (
    CG,
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

_THOUSANDTH = Decimal("0.001")


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


def to_dataset(G: nx.MultiDiGraph) -> Dataset:
    """The RDF dataset of ``G``: vocabulary and entities in the default graph, one named graph
    per article holding its text, sentences, mentions, relations and their evidence.

    >>> from casegraph.graph.build import build_graph
    >>> from casegraph.extract.records import Extraction
    >>> len(to_dataset(build_graph(Extraction((), (), ()))).default_graph) > 0
    True
    """
    ds = Dataset()
    for prefix, namespace in PREFIXES.items():
        ds.bind(prefix, namespace, replace=True)
    default = ds.default_graph
    for triple in vocabulary_triples():
        default.add(triple)

    articles: dict[str, Article] = G.graph.get("articles", {})
    graphs = {aid: _article_graph(ds, article) for aid, article in articles.items()}

    iris = {key: entity_iri(key) for key in G.nodes}
    for key, data in G.nodes(data=True):
        e = iris[key]
        default.add((e, RDF.type, TYPE_CLASS[EntityType(data["type"])]))
        default.add((e, RDFS.label, Literal(data["label"])))
        # The label is not repeated as an altLabel: rdfs:label | skos:altLabel is every name.
        for alias in data["aliases"]:
            if alias != data["label"]:
                default.add((e, SKOS.altLabel, Literal(alias)))
        for m in data["mentions"]:
            g, article = _graph_of(graphs, articles, m.article_id, f"mention of {key!r}")
            a = article_iri(article.id)
            s = _sentence(g, article, m.sentence_start, m.sentence_end)
            node = mint_iri("mention", _span_key(article.id, m.start, m.end))
            g.add((a, SDO.mentions, e))
            _add_string(g, node, NIF.Phrase, article, m.start, m.end)
            g.add((node, NIF.sentence, s))
            g.add((node, ITSRDF.taIdentRef, e))
            g.add((node, CG.rule, Literal(m.rule)))

        _claims(data.get("claims", ()), e, key, graphs, articles)
        if data.get("when") is not None:
            ev = data["when"]
            g, _ = _graph_of(graphs, articles, ev.article_id, f"dates of {key!r}")
            if data.get("start"):
                g.add((e, SDO.startDate, Literal(data["start"], datatype=XSD.date)))
            if data.get("end"):
                g.add((e, SDO.endDate, Literal(data["end"], datatype=XSD.date)))

    for u, v, kind, data in G.edges(keys=True, data=True):
        subj, pred, obj = iris[u], relation_predicate(kind), iris[v]
        if not data["evidence"]:
            # Nothing ties it to an article; keep the link rather than drop it silently.
            default.add((subj, pred, obj))
        for ev in data["evidence"]:
            g, article = _graph_of(graphs, articles, ev.article_id, f"evidence of {kind} {u!r}")
            s = _sentence(g, article, ev.start, ev.end)
            st = mint_iri("statement", _span_key(article.id, ev.start, ev.end, u, kind, v, ev.rule))
            if ev.modality == "asserted":
                g.add((subj, pred, obj))
            else:
                g.add((st, CG.modality, Literal(ev.modality)))
            g.add((st, RDF.type, RDF.Statement))
            g.add((st, RDF.subject, subj))
            g.add((st, RDF.predicate, pred))
            g.add((st, RDF.object, obj))
            g.add((st, PROV.wasDerivedFrom, s))
            g.add((st, CG.rule, Literal(ev.rule)))
            g.add((st, CG.confidence, _confidence(ev.confidence)))
            if data.get("role"):
                g.add((st, CG.role, Literal(data["role"])))
    return ds


def _claims(claims, e: URIRef, key: str, graphs, articles) -> None:
    """Figures as schema:Observation nodes in the graph of the article that states them."""
    for c in claims:
        ev = c.evidence
        g, article = _graph_of(graphs, articles, ev.article_id, f"claim about {key!r}")
        node = mint_iri("claim", _span_key(article.id, ev.start, ev.end, key, c.measure, c.value))
        g.add((node, RDF.type, SDO.Observation))
        g.add((node, SDO_OBSERVATION_ABOUT, e))
        g.add((node, SDO.variableMeasured, Literal(c.measure)))
        g.add((node, SDO.value, Literal(c.value, datatype=XSD.integer)))
        if c.date:
            g.add((node, SDO.observationDate, Literal(c.date, datatype=XSD.date)))
        if c.qualifier:
            g.add((node, CG.qualifier, Literal(c.qualifier)))
        g.add((node, CG.rule, Literal(ev.rule)))
        g.add((node, PROV.wasDerivedFrom, _sentence(g, article, ev.start, ev.end)))


def _article_graph(ds: Dataset, article: Article) -> Graph:
    a = article_iri(article.id)
    g = ds.graph(a)
    g.add((a, RDF.type, SDO.NewsArticle))
    g.add((a, RDF.type, NIF.Context))
    g.add((a, SDO.identifier, Literal(article.id)))
    g.add((a, SDO.headline, Literal(article.title)))
    if article.date:
        g.add((a, SDO.datePublished, Literal(article.date, datatype=XSD.date)))
    if article.dateline:
        g.add((a, SDO.dateline, Literal(article.dateline)))
    g.add((a, NIF.isString, Literal(article.text)))
    g.add((a, NIF.beginIndex, _index(0)))
    g.add((a, NIF.endIndex, _index(len(article.text))))
    return g


def _graph_of(
    graphs: dict[str, Graph], articles: dict[str, Article], article_id: str, what: str
) -> tuple[Graph, Article]:
    if article_id not in articles:
        raise ValueError(f"{what} refers to unknown article {article_id!r}")
    return graphs[article_id], articles[article_id]


def _sentence(g: Graph, article: Article, start: int, end: int) -> URIRef:
    s = mint_iri("sentence", _span_key(article.id, start, end))
    _add_string(g, s, NIF.Sentence, article, start, end)
    return s


def _add_string(g: Graph, node: URIRef, cls: URIRef, article: Article, start: int, end: int):
    # The anchor is cut from the article text, so NIF's anchorOf == isString[begin:end] holds.
    if not 0 <= start <= end <= len(article.text):
        raise ValueError(
            f"offsets {start}-{end} are outside article {article.id!r} "
            f"({len(article.text)} characters)"
        )
    g.add((node, RDF.type, cls))
    g.add((node, NIF.anchorOf, Literal(article.text[start:end])))
    g.add((node, NIF.beginIndex, _index(start)))
    g.add((node, NIF.endIndex, _index(end)))
    g.add((node, NIF.referenceContext, article_iri(article.id)))


def _index(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def _confidence(value: float) -> Literal:
    if not math.isfinite(value):
        raise ValueError(f"confidence {value!r} is not a finite number")
    return Literal(
        Decimal(repr(value)).quantize(_THOUSANDTH, ROUND_HALF_EVEN), datatype=XSD.decimal
    )


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of ``ds`` in one graph, with our prefixes bound."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


class _SortedTrigSerializer(TrigSerializer):
    # rdflib's own __init__ lists the graphs in set order (it varies with PYTHONHASHSEED);
    # subjects inside a graph are already sorted. Default graph first, then named graphs by IRI.
    def __init__(self, store: Dataset):
        default = store.default_graph
        named = (g for g in store.graphs() if g.identifier != default.identifier)
        self.contexts = [default, *sorted(named, key=lambda g: g.identifier)]
        self.default_context = default.identifier
        TurtleSerializer.__init__(self, store)


def _trig(ds: Dataset) -> bytes:
    out = BytesIO()
    _SortedTrigSerializer(ds).serialize(out, encoding="utf-8")
    return out.getvalue()


def _jsonld(ds: Dataset) -> bytes:
    # Our own writer: rdflib 7.6 puts the default graph into a blank-node-named graph, orders
    # nodes by set iteration and formats differently when orjson is installed.
    default = ds.default_graph.identifier
    items: list[object] = _jsonld_nodes(ds.default_graph)
    for g in sorted(
        (g for g in ds.graphs() if g.identifier != default), key=lambda g: g.identifier
    ):
        if len(g):
            items.append({"@id": _compact(g.identifier), "@graph": _jsonld_nodes(g)})
    doc = {"@context": PREFIXES, "@graph": items}
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _jsonld_nodes(g: Graph) -> list[dict[str, object]]:
    nodes: dict[URIRef, dict[str, list[object]]] = {}
    for s, p, o in g:
        node = nodes.setdefault(s, {})
        if p == RDF.type and isinstance(o, URIRef):
            node.setdefault("@type", []).append(_compact(o))
        else:
            node.setdefault(_compact(p), []).append(_jsonld_value(o))
    return [
        {"@id": _compact(s), **{k: sorted(v, key=_json_sort_key) for k, v in nodes[s].items()}}
        for s in sorted(nodes)
    ]


def _jsonld_value(o: URIRef | Literal) -> object:
    if isinstance(o, URIRef):
        return {"@id": _compact(o)}
    if o.language:
        return {"@language": o.language, "@value": str(o)}
    if o.datatype is not None and o.datatype != XSD.string:
        return {"@type": _compact(o.datatype), "@value": str(o)}
    return str(o)


def _json_sort_key(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _compact(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return str(iri)


def render_rdf(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """Every RDF output of ``G`` as bytes, keyed by file name; writing is atomic.py's job.

    >>> from casegraph.graph.build import build_graph
    >>> from casegraph.extract.records import Extraction
    >>> sorted(render_rdf(build_graph(Extraction((), (), ()))))
    ['graph.jsonld', 'graph.nt', 'graph.trig', 'graph.ttl']
    """
    ds = to_dataset(G)
    union = union_graph(ds)
    nt_lines = union.serialize(format="nt", encoding="utf-8").split(b"\n")
    return {
        "graph.ttl": union.serialize(format="turtle", encoding="utf-8"),
        "graph.trig": _trig(ds),
        "graph.nt": b"".join(line + b"\n" for line in sorted(set(nt_lines)) if line),
        "graph.jsonld": _jsonld(ds),
    }
