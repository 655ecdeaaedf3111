"""The query worker process: checks, binds and answers queries sent as frames on stdin.

Run as ``python -m casegraph.graph.worker SOURCE MEMORY_MB`` by :mod:`casegraph.graph.query`;
SOURCE is a store directory, a TriG file, or ``-`` (N-Quads sent as the first frame). Before it
opens the store the process gives up the network for good (:mod:`casegraph.graph.sandbox`).
Each query passes the guard here, inside the time limit: Oxigraph cannot stop a running
query, so the parent kills this process at the limit; the memory limit stops a query that would
exhaust the machine before that (the process then aborts).
"""

from __future__ import annotations

import logging
import pickle
import resource
import signal
import struct
import sys
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from casegraph.errors import QueryError
from casegraph.graph.guard import check_query
from casegraph.graph.params import bind_parameters, check_params
from casegraph.graph.results import GRAPH_VARIABLES, QueryResult
from casegraph.graph.sandbox import SandboxError, deny_network
from casegraph.graph.store import default_is_union, merge_union

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


# Analysts and the query page send the same queries again and again; parsing is the slow part.
_checked = lru_cache(maxsize=256)(check_query)


def answer(
    store: ox.Store,
    text: str,
    *,
    graphs: frozenset[str],
    params: dict[str, str],
    max_rows: int,
    default_graph: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    merged: bool = False,
) -> QueryResult:
    """Check ``text`` (:func:`check_query`), bind ``params``, run it; QueryError if refused.

    Parameters bind their variable everywhere (:mod:`casegraph.graph.params`), by Oxigraph's
    substitution (SEP-0007), never spliced into the text. Every article's graph is merged into
    the default graph unless the query or the protocol names its own dataset: ``merged``
    says the store's default graph already is that union, each triple once (the stores
    casegraph builds, graph/store.py); otherwise Oxigraph merges the graphs at query time.
    """
    shape = _checked(text, graphs=graphs)
    check_params(params, variables=shape.variables, assigned=shape.assigned)
    union = not (merged or shape.has_dataset or default_graph or named_graphs)
    options: dict[str, object] = {"use_default_graph_as_union": union}
    if default_graph:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graph]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]

    def star_columns(query: str) -> list[str]:
        return [v.value for v in store.query(query, **options).variables]

    bound = bind_parameters(text, list(params), star_columns=star_columns)
    if params:
        options["substitutions"] = {ox.Variable(k): ox.Literal(v) for k, v in params.items()}
    result = store.query(bound.text, **options)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        keep = [i for i, name in enumerate(names) if name not in bound.hidden]
        rows = [tuple(solution[i] for i in keep) for solution in islice(result, max_rows + 1)]
        variables = tuple(names[i] for i in keep)
        form = "select"
    else:
        variables = GRAPH_VARIABLES
        rows = [(t.subject, t.predicate, t.object) for t in islice(result, max_rows + 1)]
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
    merge_union(store)
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
        how = deny_network()
    except (SandboxError, OSError) as e:
        write_frame(stdout, ("failed", f"cannot take the network away from the query worker: {e}"))
        return 1
    logging.getLogger(__name__).debug("network denied by %s", how)
    try:
        store = _open(argv[1], stdin)
    except (OSError, SyntaxError, EOFError) as e:
        write_frame(stdout, ("failed", f"{argv[1]}: could not open the graph: {e}"))
        return 1
    graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    write_frame(stdout, ("ready", graphs))
    known = frozenset(graphs)
    merged = default_is_union(store)
    while True:
        try:
            request = read_frame(stdin)
        except EOFError:
            return 0
        try:
            write_frame(stdout, ("ok", answer(store, graphs=known, merged=merged, **request)))
        except QueryError as e:
            write_frame(stdout, ("refused", str(e)))
        except SyntaxError as e:
            write_frame(stdout, ("syntax", str(e)))
        except Exception as e:  # reported to the parent, which decides what the user sees
            write_frame(stdout, ("error", f"{type(e).__name__}: {e}"))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
