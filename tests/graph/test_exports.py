"""The exports analysts import elsewhere, each read back with its own reader: GraphML and GEXF
with networkx, the CSV files with csv and their documented headers, the Neo4j files against
the header format of ``neo4j-admin database import full``."""

from __future__ import annotations

import csv
import io
import re

import networkx as nx
import pytest
from conftest import HOSTILE_NAMES

from casegraph.graph import exports
from casegraph.graph.exports import (
    ALIAS_SEPARATOR,
    ENTITY_COLUMNS,
    LINK_COLUMNS,
    NEO4J_NODE_HEADER,
    NEO4J_RELATIONSHIP_HEADER,
    write_exports,
)
from casegraph.graph.rdf import entity_iri

_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Files(dict):
    def __call__(self, name):
        files = self

        class Keep(io.BytesIO):
            def __exit__(self, *exc):
                files[name] = self.getvalue()

        return Keep()


def written(G, *formats) -> Files:
    files = Files()
    write_exports(G, files, formats=formats)
    return files


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


@pytest.mark.parametrize(("fmt", "read"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_every_node_link_and_name(graph, fmt, read):
    data = written(graph, fmt)[f"graph.{fmt}"]
    H = read(io.BytesIO(data))
    assert H.number_of_nodes() == graph.number_of_nodes()
    assert H.number_of_edges() == graph.number_of_edges()
    ids = {str(entity_iri(k)).rsplit("/", 1)[1]: k for k in graph}
    for node, d in H.nodes(data=True):
        key = ids[node]
        assert d["label"] == xml_safe(graph.nodes[key]["label"])
        assert d["type"] == str(graph.nodes[key]["type"])
        aliases = [a for a in graph.nodes[key]["aliases"] if a != graph.nodes[key]["label"]]
        assert d.get("aliases", "") == xml_safe(ALIAS_SEPARATOR.join(aliases))
    kinds = sorted(d["kind"] for *_, d in H.edges(data=True))
    assert kinds == sorted(k for *_, k in graph.edges(keys=True))


def test_names_xml_cannot_hold_become_the_replacement_character(graph):
    data = written(graph, "graphml")["graph.graphml"]
    assert b"\x00" not in data
    labels = {d["label"] for _, d in nx.read_graphml(io.BytesIO(data)).nodes(data=True)}
    assert "Nul\ufffdName" in labels
    assert "Line\nbreak\tTab" in labels  # line breaks and tabs are XML


def test_the_same_graph_gives_the_same_bytes(graph, shuffled_graph):
    formats = ("graphml", "gexf", "csv", "neo4j")
    assert written(graph, *formats) == written(shuffled_graph(5), *formats)
    assert b"lastmodifieddate" not in written(graph, "gexf")["graph.gexf"]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_entities_and_links_csv_have_their_documented_columns(graph):
    files = written(graph, "csv")
    entities, links = read_csv(files["entities.csv"]), read_csv(files["links.csv"])
    assert tuple(entities[0]) == ENTITY_COLUMNS and len(entities) == graph.number_of_nodes() + 1
    assert tuple(links[0]) == LINK_COLUMNS and len(links) == graph.number_of_edges() + 1
    labels = {row[2] for row in entities[1:]}
    # every name byte-exact (NUL aside), quotes, braces, line breaks and all
    for name in HOSTILE_NAMES:
        assert name.replace("\x00", "\ufffd") in labels
    ids = {row[0] for row in entities[1:]}
    assert all(row[0] in ids and row[4] in ids for row in links[1:])


def test_a_value_a_spreadsheet_would_run_gets_a_leading_quote(graph):
    key = next(iter(graph))
    graph.nodes[key]["label"] = '=HYPERLINK("http://x.example","y")'
    entities = read_csv(written(graph, "csv")["entities.csv"])
    assert '\'=HYPERLINK("http://x.example","y")' in {row[2] for row in entities}


_NEO4J_FIELD = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9]*)?(?::(?:ID|START_ID|END_ID|TYPE|LABEL|int|long|float|double"
    r"|boolean|date|string)(?:\[\])?)?"
)


def test_neo4j_files_follow_the_admin_import_header_format(graph):
    files = written(graph, "neo4j")
    nodes = read_csv(files["neo4j/entities.csv"])
    relationships = read_csv(files["neo4j/relationships.csv"])
    for header in (nodes[0], relationships[0]):
        assert all(_NEO4J_FIELD.fullmatch(field) for field in header), header
    assert (
        tuple(nodes[0]) == NEO4J_NODE_HEADER
        and tuple(relationships[0]) == NEO4J_RELATIONSHIP_HEADER
    )
    assert [f for f in nodes[0] if f.endswith(":ID")] == ["entityId:ID"]
    assert {":START_ID", ":END_ID", ":TYPE"} <= set(relationships[0])
    ids = {row[0] for row in nodes[1:]}
    assert len(ids) == graph.number_of_nodes()
    assert all(r[0] in ids and r[1] in ids for r in relationships[1:])
    types = {r[2] for r in relationships[1:]}
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", t) for t in types) and "CO_OCCURS_WITH" in types
    labels = {row[-1] for row in nodes[1:]}
    assert all(label.startswith("Entity;") for label in labels)
    booleans = {r[relationships[0].index("typed:boolean")] for r in relationships[1:]}
    assert booleans <= {"true", "false"}


def test_an_unknown_export_is_refused():
    with pytest.raises(ValueError, match="not an analyst export: 'pdf'"):
        write_exports(nx.MultiDiGraph(), Files(), formats=["pdf"])


def test_an_empty_graph_gives_files_with_only_their_headers():
    files = written(nx.MultiDiGraph(), "csv", "neo4j", "graphml", "gexf")
    assert read_csv(files["entities.csv"]) == [list(ENTITY_COLUMNS)]
    assert nx.read_graphml(io.BytesIO(files["graph.graphml"])).number_of_nodes() == 0
    assert exports.neo4j_type("agreementWith") == "AGREEMENT_WITH"
