"""The graph in the formats analysts import into other tools: GraphML and GEXF (Gephi,
Cytoscape, yEd), ``entities.csv`` / ``links.csv`` (i2 Analyst's Notebook, Maltego), the CSV
files of ``neo4j-admin database import full``, and each article's extraction records.

Every file is written from the graph in sorted order, so the same graph gives the same bytes.
List values are serialised as text the readers accept (GraphML and GEXF have no list type):
aliases joined by `` | ``, article ids by a space. Characters XML 1.0 cannot hold (NUL and
other C0 controls but tab and line breaks, U+FFFE, U+FFFF) become U+FFFD in GraphML and GEXF;
NUL becomes U+FFFD in the CSV files. In ``entities.csv`` and ``links.csv`` a value starting
with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` so that a spreadsheet never
runs it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from typing import BinaryIO
from xml.etree.ElementTree import ElementTree

import networkx as nx

from casegraph.extract.records import COOCCURS, Article
from casegraph.graph.rdf import entity_iri

__all__ = [
    "ENTITY_COLUMNS",
    "LINK_COLUMNS",
    "NEO4J_NODE_HEADER",
    "NEO4J_RELATIONSHIP_HEADER",
    "write_exports",
    "write_records",
]

Opener = Callable[[str], AbstractContextManager[BinaryIO]]

ENTITY_COLUMNS = (
    "id", "type", "label", "aliases", "mentions", "articles", "first_date", "last_date", "iri",
)  # fmt: skip
LINK_COLUMNS = (
    "source_id", "source_type", "source_label", "kind", "target_id", "target_type",
    "target_label", "typed", "weight", "articles", "first_date", "last_date", "role",
    "confidence", "evidence",
)  # fmt: skip
# neo4j-admin database import full: one header line per file, "name:type" fields.
NEO4J_NODE_HEADER = (
    "entityId:ID", "label", "type", "aliases:string[]", "mentions:int", "articles:int",
    "firstDate:date", "lastDate:date", "iri", ":LABEL",
)  # fmt: skip
NEO4J_RELATIONSHIP_HEADER = (
    ":START_ID", ":END_ID", ":TYPE", "kind", "typed:boolean", "weight:int", "articles:int",
    "firstDate:date", "lastDate:date", "role", "confidence:float",
)  # fmt: skip
ALIAS_SEPARATOR = " | "
RECORDS_PER_FILE = 1000
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def write_exports(G: nx.MultiDiGraph, open_output: Opener, *, formats: Iterable[str]) -> None:
    """Write the files of ``formats`` (graphml, gexf, csv, neo4j) through ``open_output``."""
    writers = {"graphml": _graphml, "gexf": _gexf, "csv": _csv, "neo4j": _neo4j}
    for f in formats:
        if f not in writers:
            raise ValueError(f"not an analyst export: {f!r}; known: {', '.join(writers)}")
        writers[f](G, open_output)


# --- one flat view of the graph, shared by every format ---------------------------------------


def _dates(G: nx.MultiDiGraph, article_ids: Iterable[str]) -> tuple[str, str]:
    articles = G.graph.get("articles", {})
    dates = sorted(d for a in article_ids if (d := getattr(articles.get(a), "date", None)))
    return (dates[0], dates[-1]) if dates else ("", "")


def _ids(G: nx.MultiDiGraph) -> dict[str, str]:
    """Entity key -> the last part of its IRI (a readable slug and a hash): unique, and
    safe in every format."""
    return {key: str(entity_iri(key)).rsplit("/", 1)[1] for key in G.nodes}


def _entities(G: nx.MultiDiGraph) -> list[dict]:
    rows, ids = [], _ids(G)
    for key in sorted(G.nodes, key=ids.__getitem__):
        d = G.nodes[key]
        first, last = _dates(G, d["articles"])
        rows.append(
            {
                "id": ids[key],
                "type": str(d["type"]),
                "label": d["label"],
                "aliases": [a for a in d["aliases"] if a != d["label"]],
                "mentions": d["mention_count"],
                "articles": len(d["articles"]),
                "first_date": first,
                "last_date": last,
                "iri": str(entity_iri(key)),
            }
        )
    return rows


def _links(G: nx.MultiDiGraph) -> list[dict]:
    rows, ids = [], _ids(G)
    for u, v, kind in sorted(G.edges(keys=True), key=lambda e: (ids[e[0]], e[2], ids[e[1]])):
        d = G.edges[u, v, kind]
        first, last = _dates(G, d["articles"])
        confidence = max((ev.confidence for ev in d["evidence"]), default=1.0)
        rows.append(
            {
                "source_id": ids[u],
                "source_type": str(G.nodes[u]["type"]),
                "source_label": G.nodes[u]["label"],
                "kind": kind,
                "target_id": ids[v],
                "target_type": str(G.nodes[v]["type"]),
                "target_label": G.nodes[v]["label"],
                "typed": kind != COOCCURS,
                "weight": d["weight"],
                "articles": list(d["articles"]),
                "first_date": first,
                "last_date": last,
                "role": d.get("role") or "",
                "confidence": round(confidence, 3),
                # the first sentence that says so (every one is in the RDF exports)
                "evidence": d["evidence"][0].text if d["evidence"] else "",
            }
        )
    return rows


# --- GraphML and GEXF ---------------------------------------------------------------------------


def _xml_text(value: str) -> str:
    return _XML_INVALID.sub("\ufffd", value)


def _flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with only strings, integers, floats and booleans as attributes."""
    H = nx.MultiDiGraph()
    for row in _entities(G):
        H.add_node(
            row["id"],
            label=_xml_text(row["label"]),
            type=row["type"],
            aliases=_xml_text(ALIAS_SEPARATOR.join(row["aliases"])),
            mentions=row["mentions"],
            articles=row["articles"],
            first_date=row["first_date"],
            last_date=row["last_date"],
            iri=row["iri"],
        )
    for n, row in enumerate(_links(G)):
        H.add_edge(
            row["source_id"],
            row["target_id"],
            key=f"e{n}",
            kind=row["kind"],
            typed=row["typed"],
            weight=row["weight"],
            articles=" ".join(row["articles"]),
            first_date=row["first_date"],
            last_date=row["last_date"],
            role=_xml_text(row["role"]),
            confidence=float(row["confidence"]),
        )
    return H


def _graphml(G: nx.MultiDiGraph, open_output: Opener) -> None:
    H = _flat_graph(G)
    with open_output("graph.graphml") as f:
        for line in nx.generate_graphml(H, encoding="utf-8", prettyprint=True):
            f.write(line.encode("utf-8") + b"\n")


def _gexf(G: nx.MultiDiGraph, open_output: Opener) -> None:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    # networkx stamps today's date into <meta>; the same graph must give the same bytes.
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    writer.add_graph(_flat_graph(G))
    writer.indent(writer.xml)
    buffer = io.BytesIO()
    ElementTree(writer.xml).write(buffer, encoding="utf-8", xml_declaration=True)
    with open_output("graph.gexf") as f:
        f.write(buffer.getvalue() + b"\n")


# --- CSV ----------------------------------------------------------------------------------------


def _cell(value: object, *, spreadsheet: bool) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = ALIAS_SEPARATOR.join(value) if spreadsheet else ";".join(value)
    else:
        text = str(value)
    text = text.replace("\0", "\ufffd")
    if spreadsheet and text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _write_csv(open_output: Opener, name: str, header: Sequence[str], rows: Iterable) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    with open_output(name) as f:
        f.write(buffer.getvalue().encode("utf-8"))


def _csv(G: nx.MultiDiGraph, open_output: Opener) -> None:
    entities = ([_cell(row[c], spreadsheet=True) for c in ENTITY_COLUMNS] for row in _entities(G))
    _write_csv(open_output, "entities.csv", ENTITY_COLUMNS, entities)
    links = []
    for row in _links(G):
        row["articles"] = " ".join(row["articles"])
        links.append([_cell(row[c], spreadsheet=True) for c in LINK_COLUMNS])
    _write_csv(open_output, "links.csv", LINK_COLUMNS, links)


def neo4j_type(kind: str) -> str:
    """A relation kind as a Neo4j relationship type.

    >>> neo4j_type("worksFor"), neo4j_type("coOccursWith")
    ('WORKS_FOR', 'CO_OCCURS_WITH')
    """
    return _CAMEL.sub("_", kind).upper()


def _neo4j(G: nx.MultiDiGraph, open_output: Opener) -> None:
    nodes = []
    for row in _entities(G):
        # ";" separates the values of an array field; one inside an alias becomes "；"
        aliases = [a.replace(";", "\uff1b") for a in row["aliases"]]
        values = [row["id"], row["label"], row["type"], aliases, row["mentions"],
                  row["articles"], row["first_date"], row["last_date"], row["iri"],
                  f"Entity;{row['type']}"]  # fmt: skip
        nodes.append([_cell(v, spreadsheet=False) for v in values])
    _write_csv(open_output, "neo4j/entities.csv", NEO4J_NODE_HEADER, nodes)
    relationships = []
    for row in _links(G):
        values = [row["source_id"], row["target_id"], neo4j_type(row["kind"]), row["kind"],
                  row["typed"], row["weight"], len(row["articles"]), row["first_date"],
                  row["last_date"], row["role"], row["confidence"]]  # fmt: skip
        relationships.append([_cell(v, spreadsheet=False) for v in values])
    _write_csv(open_output, "neo4j/relationships.csv", NEO4J_RELATIONSHIP_HEADER, relationships)


# --- per-article records (a distributed build's intermediate results) ---------------------------


def write_records(articles: Sequence[Article], annotations: Sequence, open_output: Opener) -> None:
    """Each article with its extraction records as one JSON line (extract/codec.py), in
    ``records/records-NNNNN.jsonl`` files of :data:`RECORDS_PER_FILE` articles, by id."""
    from casegraph.extract.codec import encode

    pairs = sorted(zip(articles, annotations, strict=True), key=lambda p: p[0].id)
    for start in range(0, len(pairs), RECORDS_PER_FILE):
        with open_output(f"records/records-{start // RECORDS_PER_FILE:05d}.jsonl") as f:
            for article, annotation in pairs[start : start + RECORDS_PER_FILE]:
                line = {
                    "article": {
                        "id": article.id,
                        "source": article.source,
                        "title": article.title,
                        "text": article.text,
                        "date": article.date,
                        "dateline": article.dateline,
                        "body_start": article.body_start,
                    },
                    "records": encode(annotation, article),
                }
                f.write(json.dumps(line, ensure_ascii=False, sort_keys=True).encode() + b"\n")
