"""The query worker process: opens the store, answers queries sent as frames on stdin.

Run as ``python -m casegraph.graph.worker SOURCE MEMORY_MB`` by :mod:`casegraph.graph.query`;
SOURCE is a store directory, a TriG file, or ``-`` (N-Quads sent as the first frame). Oxigraph
cannot stop a running query, so the parent kills this process at the time limit; the memory
limit stops a query that would exhaust the machine before that (the process then aborts).
"""

from __future__ import annotations

import logging
import pickle
import resource
import signal
import struct
import sys
from collections.abc import Sequence
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from casegraph.graph.results import GRAPH_VARIABLES, QueryResult

FRAME_HEADER = struct.Struct(">Q")  # the length of the pickled message that follows


def write_frame(out: BinaryIO, message: object) -> None:
    """Send one pickled message, length first. Only ever between casegraph and its worker."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(FRAME_HEADER.pack(len(data)) + data)
    out.flush()


def read_frame(src: BinaryIO) -> object:
    """Receive one message written by :func:`write_frame`; EOFError when the pipe closed."""
    header = src.read(FRAME_HEADER.size)
    if len(header) < FRAME_HEADER.size:
        raise EOFError("the other side closed the pipe")
    (n,) = FRAME_HEADER.unpack(header)
    data = src.read(n)
    if len(data) < n:
        raise EOFError("the other side closed the pipe mid-message")
    return pickle.loads(data)


def evaluate(
    store: ox.Store,
    text: str,
    *,
    params: dict[str, str],
    max_rows: int,
    union: bool,
    default_graph: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> QueryResult:
    """Run one query; parameters are bound by substitution (SEP-0007), never spliced in text."""
    options: dict[str, object] = {"use_default_graph_as_union": union}
    if params:
        options["substitutions"] = {ox.Variable(k): ox.Literal(v) for k, v in params.items()}
    if default_graph:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    answer = store.query(text, **options)
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = [tuple(solution) for solution in islice(answer, max_rows + 1)]
        form = "select"
    else:
        variables = GRAPH_VARIABLES
        rows = [(t.subject, t.predicate, t.object) for t in islice(answer, max_rows + 1)]
        form = "graph"
    return QueryResult(form, variables, tuple(rows[:max_rows]), truncated=len(rows) > max_rows)


def _open(source: str, stdin: BinaryIO) -> ox.Store:
    if source == "-":
        store = ox.Store()
        store.bulk_load(read_frame(stdin), format=ox.RdfFormat.N_QUADS)
        return store
    path = Path(source)
    if path.is_dir():
        return ox.Store.read_only(str(path))
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    return store


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING, format="worker %(levelname)s: %(message)s")
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Nothing but frames may reach stdout.
    sys.stdout = sys.stderr
    # Ctrl-C in a terminal reaches the whole process group; the parent decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit = int(argv[2]) << 20
    # RLIMIT_DATA counts the heap and anonymous mappings (Linux >= 4.7); macOS ignores it.
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    try:
        store = _open(argv[1], stdin)
    except (OSError, SyntaxError, EOFError) as e:
        write_frame(stdout, ("failed", f"{argv[1]}: could not open the graph: {e}"))
        return 1
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    write_frame(stdout, ("ready", graphs))
    while True:
        try:
            request = read_frame(stdin)
        except EOFError:
            return 0
        try:
            write_frame(stdout, ("ok", evaluate(store, **request)))
        except SyntaxError as e:
            write_frame(stdout, ("syntax", str(e)))
        except Exception as e:  # reported to the parent, which decides what the user sees
            write_frame(stdout, ("error", f"{type(e).__name__}: {e}"))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
