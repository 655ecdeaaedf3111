"""Run read-only SPARQL over a built graph: guard, bound parameters, time limit, row cap."""

from __future__ import annotations

import math
import os
import pickle
import re
import select
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from casegraph.errors import QueryError, QueryTimeoutError
from casegraph.graph.guard import QueryShape, check_query
from casegraph.graph.params import PARAM_NAME
from casegraph.graph.results import QueryResult
from casegraph.graph.sandbox import wrap_command
from casegraph.graph.store import find_store
from casegraph.graph.worker import FRAME_HEADER, write_frame

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 10_000
# Memory for one query worker: enough for any sensible query on a large case, low enough that a
# runaway join stops long before the machine swaps.
WORKER_MEMORY_MB = 2048
_START_TIMEOUT_S = 120.0  # opening a store; generous, it only guards against a hung worker


class QueryWorker:
    """A separate process holding the store open; it answers one query at a time.

    The process cannot open a network connection (:mod:`casegraph.graph.sandbox`) and checks
    every query with the guard before Oxigraph sees it. Oxigraph has no way to interrupt a
    query, so at the time limit the process is killed (the only reliable stop) and
    :class:`QueryTimeoutError` raised; the worker is then dead and a new one must be started.
    Use as a context manager.
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | ox.Store,
        *,
        memory_mb: int = WORKER_MEMORY_MB,
        resolved: bool = False,
    ):
        # ``source``: a build directory, or with ``resolved`` what find_store found in one.
        if isinstance(source, ox.Store):
            arg, dump = "-", source.dump(format=ox.RdfFormat.N_QUADS)
        else:
            arg, dump = str(source if resolved else find_store(source)), None
        self.source = arg
        self.memory_mb = memory_mb
        argv, extra_env = wrap_command(
            [sys.executable, "-m", "casegraph.graph.worker", arg, str(memory_mb)]
        )
        self._proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            # Out of memory, Rust prints one line; spare the user its backtrace.
            env={**os.environ, **extra_env, "RUST_BACKTRACE": "0"},
        )
        try:
            if dump is not None:
                write_frame(self._proc.stdin, dump)
            status, payload = self._receive(time.monotonic() + _START_TIMEOUT_S)
        except (OSError, EOFError, TimeoutError) as e:
            self.close()
            raise QueryError(f"the query worker for {arg} could not start: {e!r}") from e
        except BaseException:
            self.close()
            raise
        if status != "ready":
            self.close()
            raise QueryError(str(payload))
        self.graphs: frozenset[str] = frozenset(payload)

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def check(self, text: str) -> QueryShape:
        """Refuse ``text`` unless it only reads this store (see :func:`check_query`)."""
        return check_query(text, graphs=self.graphs)

    def run(
        self,
        text: str,
        *,
        params: Mapping[str, str] | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        default_graph: tuple[str, ...] = (),
        named_graphs: tuple[str, ...] = (),
    ) -> QueryResult:
        """Check, then run ``text`` with ``params`` bound; see :func:`run_query`."""
        if not (math.isfinite(timeout_s) and timeout_s > 0) or max_rows < 0:
            raise QueryError(
                f"time limit {timeout_s} must be a finite number of seconds above 0 "
                f"and row cap {max_rows} at least 0"
            )
        if not self.alive:
            raise QueryError("this query worker was stopped; start a new one")
        params = dict(params or {})
        for name, value in params.items():
            if not isinstance(name, str) or not PARAM_NAME.fullmatch(name):
                raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
            if not isinstance(value, str):
                raise QueryError(f"parameter {name!r} must be a string, not {type(value).__name__}")
        # The guard, the parameters and Oxigraph all run in the worker, inside the time limit.
        request = {
            "text": text,
            "params": params,
            "max_rows": max_rows,
            "default_graph": list(default_graph),
            "named_graphs": list(named_graphs),
        }
        deadline = time.monotonic() + timeout_s
        try:
            write_frame(self._proc.stdin, request)
            status, payload = self._receive(deadline)
        except TimeoutError:
            self.close()
            raise QueryTimeoutError(
                f"query stopped at the time limit of {timeout_s:g} s "
                "(raise the limit, --timeout, or narrow the query)"
            ) from None
        except (OSError, EOFError) as e:
            # The kernel stops a worker that goes over its memory limit (Rust aborts).
            self.close()
            raise QueryError(
                f"the query stopped: it needed more than the {self.memory_mb} MB of memory a "
                f"query may use, or its worker failed ({e!r})"
            ) from e
        if status == "ok":
            return payload
        if status == "refused":
            raise QueryError(payload)
        if status == "syntax":
            raise QueryError(f"SPARQL syntax error: {payload}")
        raise QueryError(f"query failed: {payload}")

    def _receive(self, deadline: float) -> tuple[str, object]:
        (n,) = FRAME_HEADER.unpack(self._read(FRAME_HEADER.size, deadline))
        return pickle.loads(self._read(n, deadline))

    def _read(self, n: int, deadline: float) -> bytes:
        fd = self._proc.stdout.fileno()
        buf = bytearray()
        while len(buf) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(n - len(buf), 1 << 20))
            if not chunk:
                raise EOFError("the worker closed its pipe")
            buf += chunk
        return bytes(buf)

    def close(self) -> None:
        """Stop the worker process (kill: it may be in the middle of a runaway query)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None:
                pipe.close()

    def __enter__(self) -> QueryWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_query(
    graph: str | os.PathLike[str] | ox.Store,
    text: str,
    *,
    params: Mapping[str, str] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Run the SELECT / ASK / CONSTRUCT / DESCRIBE ``text`` over ``graph`` (a build directory
    or an in-memory pyoxigraph Store, which is copied into the worker).

    Refused before evaluation (:class:`QueryError`): updates, SERVICE, FROM outside the store,
    and queries the checker and Oxigraph could read differently (:mod:`casegraph.graph.guard`).
    ``params`` bind variables to string literals wherever the query uses them, with rdflib
    ``initBindings`` semantics (:mod:`casegraph.graph.params`): never spliced into the text, so
    any value is safe and matched exactly, and not added to the result columns. The query runs
    in a separate process killed after ``timeout_s`` (:class:`QueryTimeoutError`); at most
    ``max_rows`` rows are kept (``result.truncated`` says if more were found). Every article's
    graph is merged into the default graph unless the query has FROM.

    >>> run_query(ox.Store(), "ASK { ?s ?p ?o }").boolean
    False
    """
    with QueryWorker(graph) as worker:
        return worker.run(text, params=params, timeout_s=timeout_s, max_rows=max_rows)


@dataclass(frozen=True, slots=True)
class LibraryQuery:
    """One query of ``graph/queries/``: its name, the question it answers, its parameters."""

    name: str
    question: str
    parameters: tuple[str, ...]  # variable names, without "?"
    parameters_text: str  # the header's own words about them
    text: str


@cache
def library() -> dict[str, LibraryQuery]:
    """Every query of the library by name (the file name without ``.rq``), sorted."""
    found = {}
    for entry in sorted(files("casegraph.graph").joinpath("queries").iterdir(), key=str):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            found[entry.name.removesuffix(".rq")] = _parse_header(entry.name, text)
    return found


def _parse_header(file_name: str, text: str) -> LibraryQuery:
    question, params = [], []
    target = question
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("Parameters:"):
            target, body = params, body.removeprefix("Parameters:").strip()
        target.append(body)
    params_text = " ".join(params)
    if not question or not params:
        raise QueryError(f"{file_name}: the header must say the question and '# Parameters:'")
    names = tuple(dict.fromkeys(re.findall(r"\?([A-Za-z_][A-Za-z0-9_]*)", params_text)))
    return LibraryQuery(file_name.removesuffix(".rq"), " ".join(question), names, params_text, text)


_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.rq)?")


def resolve_query(spec: str) -> str:
    """The query text for ``spec``: a ``.rq`` file, a library query name, or SPARQL text."""
    if "\n" not in spec and len(spec) < 4096:
        path = Path(spec)
        if path.suffix == ".rq" or path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                if _NAME.fullmatch(spec) is None:
                    raise QueryError(f"{spec}: cannot read the query file: {e}") from e
    if _NAME.fullmatch(spec):
        name = spec.removesuffix(".rq")
        if name in library():
            return library()[name].text
        raise QueryError(f"no library query named {name!r}; known: {', '.join(library())}")
    return spec
