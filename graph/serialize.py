"""Graphs of quads -> Turtle, TriG, N-Triples and JSON-LD, streamed through pyoxigraph's
writers (the one escaping path for every literal and IRI), and the strict re-parse that checks
a file.

The quads come graph by graph from :func:`casegraph.graph.rdf.rdf_graphs`, each graph sorted.
Two passes write everything while holding one graph (and one run of triples) at a time:

1. the dataset, graph after graph: TriG, the JSON-LD lines, N-Quads pieces for the query
   store (and the ``nquads/`` shards when asked for); every triple also goes into sorted runs,
   spilled to disk when large;
2. the union of all graphs, the runs merged in subject, predicate, object order, each triple
   once: Turtle and N-Triples, and the store's default graph.

So the output is the same bytes for the same graph whatever the insertion order, the machine
or ``PYTHONHASHSEED``, and memory does not grow with the corpus.
"""

from __future__ import annotations

import heapq
import io
import logging
import marshal
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack
from itertools import groupby
from pathlib import Path
from typing import BinaryIO, Protocol

import pyoxigraph as ox

from casegraph.errors import ExportError
from casegraph.graph.namespaces import ID_PREFIXES, PREFIXES
from casegraph.graph.rdf import DEFAULT_GRAPH, Obj, Quad

__all__ = [
    "DATASET_FILES",
    "FORMATS",
    "NQUADS_DIR",
    "RdfSink",
    "check_rdf",
    "render_all",
    "write_rdf",
]

log = logging.getLogger(__name__)

FORMATS: dict[str, ox.RdfFormat] = {
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.nt": ox.RdfFormat.N_TRIPLES,
}
# The dataset with its named graphs; the other two hold the union of all graphs.
DATASET_FILES = frozenset({"graph.trig", "graph.jsonld"})
NQUADS_DIR = "nquads"  # the dataset as N-Quads shards: default.nq, articles-00000.nq, ...
ARTICLES_PER_SHARD = 1000
_PREFIXES = {**PREFIXES, **ID_PREFIXES}
_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PIECE_QUADS = 50_000  # statements per N-Quads / N-Triples piece handed to the store
_RUN_TRIPLES = 500_000  # triples held in memory before a sorted run is spilled to disk
_BLOCK = 20_000  # triples per marshal block of a spilled run
_IRI_CACHE = 200_000  # pyoxigraph IRIs kept; entities and vocabulary recur, mentions do not

Opener = Callable[[str], AbstractContextManager[BinaryIO]]


class RdfSink(Protocol):
    """Takes the dataset and its union as they are written (the query store, graph/store.py)."""

    def load(self, data: bytes, rdf_format: ox.RdfFormat) -> None: ...


class _Iris(dict):
    """pyoxigraph IRIs by their text, made on first use and kept while they recur (entities
    and the vocabulary), up to ``_IRI_CACHE`` of them (mentions and sentences do not recur)."""

    def __missing__(self, value: str) -> ox.NamedNode:
        if len(self) >= _IRI_CACHE:
            self.clear()
        node = self[value] = ox.NamedNode(value)
        return node


class _Terms:
    """pyoxigraph terms of our tuples; literals are not kept (most are unique)."""

    def __init__(self) -> None:
        self.iri = _Iris()

    def obj(self, o: Obj) -> ox.NamedNode | ox.Literal:
        if len(o) == 1:
            return self.iri[o[0]]
        value, datatype, language = o
        if language:
            return ox.Literal(value, language=language)
        if datatype == _STRING:
            return ox.Literal(value)
        return ox.Literal(value, datatype=self.iri[datatype])

    def quads(self, quads: Iterable[Quad]) -> list[ox.Quad]:
        iri, obj, default = self.iri, self.obj, ox.DefaultGraph()
        return [ox.Quad(iri[s], iri[p], obj(o), iri[g] if g else default) for s, p, o, g in quads]

    def triple(self, t: tuple[str, str, Obj]) -> ox.Triple:
        return ox.Triple(self.iri[t[0]], self.iri[t[1]], self.obj(t[2]))


class _JsonArray:
    """The JSON-LD file: ``[``, one piece per line joined by commas, ``]``."""

    def __init__(self, f: BinaryIO):
        self.f, self.sep = f, b"\n"
        f.write(b"[")

    def write(self, data: bytes) -> None:
        self.f.write(data)

    def piece(self, data: bytes) -> None:
        self.f.write(self.sep + data)
        self.sep = b",\n"

    def close(self) -> None:
        self.f.write(b"\n]\n")


def _jsonld(quads: list[Quad], converted: list[ox.Quad], out: _JsonArray) -> None:
    # Expanded JSON-LD (no @context to fetch or trust), one line per default-graph node and
    # one per article graph: an edited article changes its own line. pyoxigraph writes each
    # piece (a one-element array) of ``converted``, the terms of ``quads``; we only join them.
    def node(pair: tuple[Quad, ox.Quad]) -> tuple[str, str]:
        s, _, _, g = pair[0]
        return g, s if g == DEFAULT_GRAPH else ""

    for _, group in groupby(zip(quads, converted, strict=True), key=node):
        piece = ox.serialize([c for _, c in group], format=ox.RdfFormat.JSON_LD)
        if not (piece.startswith(b"[") and piece.endswith(b"]")):
            raise ExportError(f"unexpected JSON-LD from pyoxigraph: {piece[:60]!r}...")
        out.piece(piece[1:-1])


class _Union:
    """Every triple of every graph, in sorted runs (spilled to ``spill_dir`` when large), read
    back merged in subject, predicate, object order, each triple once."""

    def __init__(self, spill_dir: Path | None, *, run: int = _RUN_TRIPLES):
        self.spill_dir, self.run = spill_dir, run
        self.buffer: list[tuple[str, str, Obj]] = []
        self.files: list[Path] = []

    def add(self, quads: list[Quad]) -> None:
        self.buffer.extend(q[:3] for q in quads)
        if len(self.buffer) >= self.run and self.spill_dir is not None:
            self._spill()

    def _sorted_buffer(self) -> list[tuple[str, str, Obj]]:
        self.buffer.sort()
        kept, previous = 0, None
        for t in self.buffer:
            if t != previous:
                self.buffer[kept] = previous = t
                kept += 1
        del self.buffer[kept:]
        buffer, self.buffer = self.buffer, []
        return buffer

    def _spill(self) -> None:
        self.spill_dir.mkdir(exist_ok=True)
        path = self.spill_dir / f"run-{len(self.files):05d}"
        triples = self._sorted_buffer()
        # marshal: only builtin tuples and strings, written and read by this build alone.
        with open(path, "wb") as f:
            for i in range(0, len(triples), _BLOCK):
                marshal.dump(triples[i : i + _BLOCK], f)
        self.files.append(path)

    @staticmethod
    def _read(path: Path) -> Iterator[tuple[str, str, Obj]]:
        with open(path, "rb") as f:
            while True:
                try:
                    block = marshal.load(f)
                except EOFError:
                    return
                yield from block

    def triples(self) -> Iterator[tuple[str, str, Obj]]:
        runs: list[Iterable] = [self._read(p) for p in self.files]
        runs.append(self._sorted_buffer())
        previous = None
        for t in heapq.merge(*runs) if len(runs) > 1 else runs[0]:
            if t != previous:
                previous = t
                yield t

    def remove(self) -> None:
        for path in self.files:
            path.unlink(missing_ok=True)
        if self.files and self.spill_dir is not None:
            self.spill_dir.rmdir()
        self.files = []


class _Shards:
    """The dataset as N-Quads files: ``default.nq``, then ``articles-NNNNN.nq`` of
    ``ARTICLES_PER_SHARD`` article graphs each, in dataset order."""

    def __init__(self, open_output: Opener):
        self.open_output = open_output
        self.name: str | None = None
        self._cm: AbstractContextManager[BinaryIO] | None = None
        self._f: BinaryIO | None = None
        self.articles = 0

    def write(self, g: str, data: bytes) -> None:
        if g == DEFAULT_GRAPH:
            name = "default"
        else:
            name = f"articles-{self.articles // ARTICLES_PER_SHARD:05d}"
            self.articles += 1
        if name != self.name:
            self.close()
            self._cm = self.open_output(f"{NQUADS_DIR}/{name}.nq")
            self._f, self.name = self._cm.__enter__(), name
        self._f.write(data)

    def close(self, *exc) -> None:
        if self._cm is not None:
            cm, self._cm, self._f = self._cm, None, None
            cm.__exit__(*(exc or (None, None, None)))


class _Pieces:
    """Serialized pieces gathered until they are worth one bulk load of the store."""

    def __init__(self, store: RdfSink, rdf_format: ox.RdfFormat):
        self.store, self.format = store, rdf_format
        self.parts: list[bytes] = []
        self.count = 0

    def add(self, data: bytes, n: int) -> None:
        self.parts.append(data)
        self.count += n
        if self.count >= _PIECE_QUADS:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.store.load(b"".join(self.parts), self.format)
            self.parts, self.count = [], 0


def write_rdf(
    graphs: Iterable[tuple[str, list[Quad]]],
    open_output: Opener,
    *,
    names: Iterable[str] = tuple(FORMATS),
    store: RdfSink | None = None,
    spill_dir: Path | None = None,
    nquads: bool = False,
) -> dict[str, int]:
    """Write the RDF files ``names`` (of :data:`FORMATS`) through ``open_output(name)`` (a
    context manager giving a binary file), from ``graphs`` as :func:`rdf_graphs` yields them;
    hand the dataset and its union to ``store`` as they are written; with ``nquads``, also
    write the dataset as N-Quads shards under ``nquads/``. Sorted runs of triples too many to
    hold are spilled into ``spill_dir`` (removed again).

    Returns what a strict parser must find again in each file: the number of quads of the
    dataset files, the number of distinct triples of the union files, and under ``"store"``
    the number of quads ``store`` was given (the dataset plus its union as default graph),
    under ``"union"`` the number of distinct triples.
    """
    names = set(names)
    unknown = names - set(FORMATS)
    if unknown:
        raise ValueError(f"not RDF files casegraph writes: {sorted(unknown)}")
    terms, union = _Terms(), _Union(spill_dir)
    try:
        quads, default = _write_dataset(graphs, open_output, names, terms, union, store, nquads)
        triples = _write_union(union, open_output, names, terms, store)
    finally:
        union.remove()
    counts = {name: quads if name in DATASET_FILES else triples for name in sorted(names)}
    # The union holds the default graph's triples: the store has each of them once.
    counts["store"] = quads - default + triples
    counts["union"] = triples
    return counts


def _write_dataset(graphs, open_output, names, terms, union, store, nquads) -> tuple[int, int]:
    total = default = 0
    pieces = _Pieces(store, ox.RdfFormat.N_QUADS) if store is not None else None
    with ExitStack() as stack:
        jsonld = (
            _JsonArray(stack.enter_context(open_output("graph.jsonld")))
            if "graph.jsonld" in names
            else None
        )
        shards = _Shards(open_output) if nquads else None
        if shards is not None:
            stack.push(shards.close)

        def stream() -> Iterator[ox.Quad]:
            nonlocal total, default
            for g, quads in graphs:
                converted = terms.quads(quads)
                total += len(quads)
                default += len(quads) if g == DEFAULT_GRAPH else 0
                if jsonld is not None:
                    _jsonld(quads, converted, jsonld)
                union.add(quads)
                if pieces is not None or shards is not None:
                    data = ox.serialize(converted, format=ox.RdfFormat.N_QUADS)
                    if shards is not None:
                        shards.write(g, data)
                    if pieces is not None:
                        pieces.add(data, len(converted))
                yield from converted
            if pieces is not None:
                pieces.flush()

        _run(stream(), open_output, "graph.trig" if "graph.trig" in names else None)
        if jsonld is not None:
            jsonld.close()
    return total, default


def _run(stream: Iterator, open_output, name: str | None) -> None:
    """Drain ``stream`` (its side effects feed the other outputs), serialised into the file
    ``name`` (graph.trig or graph.ttl) when one is given."""
    if name is None:
        for _ in stream:
            pass
        return
    with open_output(name) as f:
        ox.serialize(stream, f, FORMATS[name], prefixes=_PREFIXES)


def _write_union(union: _Union, open_output, names, terms: _Terms, store) -> int:
    count = 0
    with ExitStack() as stack:
        nt = stack.enter_context(open_output("graph.nt")) if "graph.nt" in names else None
        piece: list[ox.Triple] = []

        def hand_over() -> None:
            if not piece:
                return
            if nt is not None or store is not None:
                data = ox.serialize(piece, format=ox.RdfFormat.N_TRIPLES)
                if nt is not None:
                    nt.write(data)
                if store is not None:
                    store.load(data, ox.RdfFormat.N_TRIPLES)
            piece.clear()

        def stream() -> Iterator[ox.Triple]:
            nonlocal count
            for t in union.triples():
                triple = terms.triple(t)
                count += 1
                piece.append(triple)
                if len(piece) >= _PIECE_QUADS:
                    hand_over()
                yield triple
            hand_over()

        _run(stream(), open_output, "graph.ttl" if "graph.ttl" in names else None)
    return count


def render_all(graphs: Iterable[tuple[str, list[Quad]]]) -> dict[str, bytes]:
    """The four exports as bytes (in memory; for tests and small graphs)."""
    buffers: dict[str, io.BytesIO] = {}

    class _Keep(io.BytesIO):
        def close(self) -> None:  # keep the bytes readable after the ``with`` block
            pass

    def open_output(name: str) -> _Keep:
        buffers[name] = _Keep()
        return buffers[name]

    write_rdf(graphs, open_output)
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
