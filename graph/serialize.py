"""Sorted quads -> Turtle, TriG, N-Triples and JSON-LD, streamed through pyoxigraph's writers
(the one escaping path for every literal and IRI), and the strict re-parse that checks a file.

The quads come from :func:`casegraph.graph.rdf.rdf_quads`, sorted; each format is written from
that one list (re-sorted in place, never copied), so the output is the same bytes for the same
graph whatever the insertion order, the machine or ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from casegraph.errors import ExportError
from casegraph.graph.namespaces import ID_PREFIXES, PREFIXES
from casegraph.graph.rdf import DEFAULT_GRAPH, Obj, Quad, dataset_order

__all__ = ["DATASET_FILES", "FORMATS", "check_rdf", "render_all", "write_rdf"]

log = logging.getLogger(__name__)

FORMATS: dict[str, ox.RdfFormat] = {
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.nt": ox.RdfFormat.N_TRIPLES,
}
# The dataset with its named graphs; the other two hold the union of all graphs.
DATASET_FILES = frozenset({"graph.trig", "graph.jsonld"})
_PREFIXES = {**PREFIXES, **ID_PREFIXES}
_STRING = "http://www.w3.org/2001/XMLSchema#string"

Opener = Callable[[str], AbstractContextManager[BinaryIO]]


class _Terms:
    """pyoxigraph terms of our tuples; IRIs are made once each (entities recur thousands of
    times), literals are not kept (most are unique)."""

    def __init__(self) -> None:
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def obj(self, o: Obj) -> ox.NamedNode | ox.Literal:
        if len(o) == 1:
            return self.iri(o[0])
        value, datatype, language = o
        if language:
            return ox.Literal(value, language=language)
        if datatype == _STRING:
            return ox.Literal(value)
        return ox.Literal(value, datatype=self.iri(datatype))

    def quads(self, quads: Iterable[Quad]) -> Iterator[ox.Quad]:
        default = ox.DefaultGraph()
        for s, p, o, g in quads:
            yield ox.Quad(self.iri(s), self.iri(p), self.obj(o), self.iri(g) if g else default)

    def union(self, quads: Iterable[Quad]) -> Iterator[ox.Triple]:
        """The triples of ``quads`` (sorted by subject, predicate, object), each once."""
        previous = None
        for s, p, o, _ in quads:
            if (s, p, o) != previous:
                previous = (s, p, o)
                yield ox.Triple(self.iri(s), self.iri(p), self.obj(o))


def write_rdf(quads: list[Quad], open_output: Opener) -> dict[str, int]:
    """Write the four exports through ``open_output(name)`` (a context manager giving a
    binary file); ``quads`` is sorted by :func:`rdf_quads` and left that way.

    Returns what a strict parser must find again in each file: the number of quads of the
    dataset files, the number of distinct triples of the union files.
    """
    terms = _Terms()
    dataset_order(quads)
    with open_output("graph.trig") as f:
        ox.serialize(terms.quads(quads), f, ox.RdfFormat.TRIG, prefixes=_PREFIXES)
    with open_output("graph.jsonld") as f:
        _jsonld(quads, f, terms)
    quads.sort()
    with open_output("graph.ttl") as f:
        ox.serialize(terms.union(quads), f, ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    with open_output("graph.nt") as f:
        ox.serialize(terms.union(quads), f, ox.RdfFormat.N_TRIPLES)
    triples = sum(1 for _ in groupby(quads, key=lambda q: q[:3]))
    return {
        "graph.trig": len(quads),
        "graph.jsonld": len(quads),
        "graph.ttl": triples,
        "graph.nt": triples,
    }


def _jsonld(quads: list[Quad], f: BinaryIO, terms: _Terms) -> None:
    # Expanded JSON-LD (no @context to fetch or trust), one line per default-graph node and
    # one per article graph: an edited article changes its own line. pyoxigraph writes each
    # piece (a one-element array); we only join them.
    f.write(b"[")
    sep = b"\n"
    for _, group in groupby(quads, key=lambda q: (q[3], q[0] if q[3] == DEFAULT_GRAPH else "")):
        piece = ox.serialize(terms.quads(group), format=ox.RdfFormat.JSON_LD)
        if not (piece.startswith(b"[") and piece.endswith(b"]")):
            raise ExportError(f"unexpected JSON-LD from pyoxigraph: {piece[:60]!r}...")
        f.write(sep + piece[1:-1])
        sep = b",\n"
    f.write(b"\n]\n")


def render_all(quads: list[Quad]) -> dict[str, bytes]:
    """The four exports as bytes (in memory; for tests and small graphs)."""
    buffers: dict[str, io.BytesIO] = {}

    class _Keep(io.BytesIO):
        def close(self) -> None:  # keep the bytes readable after the ``with`` block
            pass

    def open_output(name: str) -> _Keep:
        buffers[name] = _Keep()
        return buffers[name]

    write_rdf(quads, open_output)
    return {name: buffers[name].getvalue() for name in sorted(buffers)}


def check_rdf(path: Path, *, expected: int) -> None:
    """Parse ``path`` strictly (no base IRI, no lenient mode) and count what it holds;
    :class:`ExportError` names the file when it does not parse or holds another number of
    statements than ``expected``."""
    rdf_format = FORMATS[path.name]
    try:
        found = sum(1 for _ in ox.parse(path=str(path), format=rdf_format))
    except (SyntaxError, ValueError, OSError) as e:
        raise ExportError(f"{path}: the new file does not re-parse: {e}") from e
    if found != expected:
        raise ExportError(f"{path}: {found} statements re-parsed, {expected} were written")
    log.debug("checked %s: %d statements", path, found)
