"""Query results as one plain record, and their SPARQL 1.1 formats (JSON, XML, CSV, TSV)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree as ET

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGERS = {
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte",
}  # fmt: skip
GRAPH_VARIABLES = ("subject", "predicate", "object")
SPARQL_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a query returned.

    ``form`` is ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT / DESCRIBE, whose triples
    are rows of ``subject, predicate, object``). ``rows`` line up with ``variables``; an
    unbound value is None. ``truncated`` says the row cap cut the result.
    """

    form: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    truncated: bool = False

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts of plain Python values (for ``pandas.DataFrame(...)``).

        IRIs become ``str``, numbers ``int``/``float``, ``xsd:date`` a ``datetime.date``,
        other literals their text; unbound values None.
        """
        return [
            {name: to_python(term) for name, term in zip(self.variables, row, strict=True)}
            for row in self.rows
        ]

    def triples(self) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT / DESCRIBE result."""
        if self.form != "graph":
            raise ValueError(f"a {self.form} result has no triples")
        for s, p, o in self.rows:
            yield ox.Triple(s, p, o)


def to_python(term: Term | None) -> object:
    """A plain Python value for ``term``.

    >>> to_python(ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")))
    42
    >>> to_python(ox.NamedNode("https://schema.org/Person"))
    'https://schema.org/Person'
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    kind = term.datatype.value.removeprefix(XSD)
    try:
        if kind in _INTEGERS:
            return int(term.value)
        if kind in {"decimal", "double", "float"}:
            return float(Decimal(term.value)) if kind == "decimal" else float(term.value)
        if kind == "boolean":
            return term.value in {"true", "1"}
        if kind == "date":
            return dt.date.fromisoformat(term.value)
        if kind == "dateTime":
            return dt.datetime.fromisoformat(term.value)
    except (ValueError, InvalidOperation):
        pass  # an ill-typed literal keeps its text
    return term.value


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.form == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {name: _json_term(term) for name, term in zip(result.variables, row, strict=True) if term}
        for row in result.rows
    ]
    doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False)


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {k: _json_term(getattr(term, k)) for k in GRAPH_VARIABLES},
    }


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML."""
    root = ET.Element("sparql", xmlns=SPARQL_RESULTS_NS)
    head = ET.SubElement(root, "head")
    if result.form == "ask":
        ET.SubElement(root, "boolean").text = "true" if result.boolean else "false"
    else:
        for name in result.variables:
            ET.SubElement(head, "variable", name=name)
        results = ET.SubElement(root, "results")
        for row in result.rows:
            solution = ET.SubElement(results, "result")
            for name, term in zip(result.variables, row, strict=True):
                if term is not None:
                    _xml_term(ET.SubElement(solution, "binding", name=name), term)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def _xml_term(parent: ET.Element, term: Term) -> None:
    if isinstance(term, ox.NamedNode):
        ET.SubElement(parent, "uri").text = term.value
    elif isinstance(term, ox.BlankNode):
        ET.SubElement(parent, "bnode").text = term.value
    elif isinstance(term, ox.Literal):
        node = ET.SubElement(parent, "literal")
        if term.language:
            node.set("xml:lang", term.language)
        elif term.datatype.value != XSD + "string":
            node.set("datatype", term.datatype.value)
        node.text = term.value
    else:
        triple = ET.SubElement(parent, "triple")
        for k in GRAPH_VARIABLES:
            _xml_term(ET.SubElement(triple, k), getattr(term, k))


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: plain values (IRIs and literals as text), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.form == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else _plain(t) for t in row])
    return out.getvalue()


def _plain(term: Term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 TSV: terms in N-Triples syntax, so they keep their type and language."""
    if result.form == "ask":
        return f"?boolean\n{'true' if result.boolean else 'false'}\n"
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_table(result: QueryResult):
    """A ``rich`` table of the result, IRIs shortened with the casegraph prefixes."""
    from rich.table import Table

    from casegraph.graph.namespaces import PREFIXES

    def show(term: Term | None) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            for prefix, namespace in PREFIXES.items():
                if term.value.startswith(namespace):
                    return f"{prefix}:{term.value[len(namespace) :]}"
        return _plain(term)

    if result.form == "ask":
        table = Table("boolean")
        table.add_row("true" if result.boolean else "false")
        return table
    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*(show(t) for t in row))
    return table


FORMATS = {"json": to_json, "xml": to_xml, "csv": to_csv, "tsv": to_tsv}
