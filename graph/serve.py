"""A read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1 (waitress), with our own query page."""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
import waitress

from casegraph.errors import CasegraphError, QueryError, QueryTimeoutError
from casegraph.graph.guard import check_graphs
from casegraph.graph.namespaces import PREFIXES
from casegraph.graph.pool import PublishedPools
from casegraph.graph.query import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, library
from casegraph.graph.results import FORMATS, QueryResult

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of POSTed query; waitress answers 413 above it, before reading
MAX_HEADERS = 64 << 10
CHANNEL_TIMEOUT_S = 30  # a client that sends nothing for this long is disconnected
CONNECTION_LIMIT = 64
QUERY_PATHS = {"/query", "/sparql"}
PAGE_PATH = "/"
VIEW_PATH = "/graph.html"
# Result media types we write, by preference when the client accepts anything.
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
# The query page: our files and the vendored YASGUI, by URL path.
STATIC = {
    "/": ("querypage/index.html", "text/html; charset=utf-8"),
    "/querypage.js": ("querypage/querypage.js", "text/javascript; charset=utf-8"),
    "/querypage.css": ("querypage/querypage.css", "text/css; charset=utf-8"),
    "/vendor/yasgui.min.js": ("vendor/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    "/vendor/yasgui.min.css": ("vendor/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
}
LIBRARY_PATH = "/library.json"
# Nothing the page loads may come from anywhere but this server; YASGUI sets inline styles.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
COMMON_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
]
_REASONS = {
    200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
    405: "Method Not Allowed", 406: "Not Acceptable", 413: "Payload Too Large",
    415: "Unsupported Media Type", 503: "Service Unavailable",
}  # fmt: skip

StartResponse = Callable[[str, list[tuple[str, str]]], object]


def check_timeout(value: float) -> float:
    """A query time limit: a finite number of seconds above 0 (QueryError otherwise)."""
    if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
        raise QueryError(f"time limit {value!r}: give a finite number of seconds above 0")
    return float(value)


class _Answer(Exception):
    """An HTTP answer other than 200, raised from deep in a request."""

    def __init__(self, status: int, message: str, headers: Iterable[tuple[str, str]] = ()):
        super().__init__(message)
        self.status, self.headers = status, list(headers)


class QueryApp:
    """The WSGI application: ``/query`` and ``/sparql`` (SPARQL 1.1 Protocol, GET and POST,
    read-only), the query page at ``/``, the graph view at ``/graph.html``.

    Refused: a Host that is not this machine's loopback name (DNS rebinding), a request from
    another site (``Origin`` or ``Sec-Fetch-Site``; browsers send them, other clients need not),
    updates, and whatever the guard refuses (400 with the reason). A query over its time limit
    gets 503 and the server keeps answering; at most ``max_rows`` rows are returned (header
    ``X-Casegraph-Truncated`` when cut). 406 when the client accepts no type we write.
    """

    def __init__(
        self,
        graph_dir: str | os.PathLike[str],
        pools: PublishedPools,
        *,
        timeout_s: float,
        max_rows: int,
    ):
        self.graph_dir = Path(graph_dir)
        self.pools = pools
        self.timeout_s = check_timeout(timeout_s)
        self.max_rows = max_rows
        self.port = 0  # set once the server listens; part of our own origin

    def __call__(self, environ: dict, start_response: StartResponse) -> list[bytes]:
        try:
            status, headers, body = self._route(environ)
        except _Answer as e:
            status, headers = e.status, [("Content-Type", "text/plain; charset=utf-8")]
            headers += e.headers
            body = str(e).encode("utf-8")
        headers = [*headers, *COMMON_HEADERS, ("Content-Length", str(len(body)))]
        start_response(f"{status} {_REASONS.get(status, '')}".strip(), headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def _route(self, environ: dict) -> tuple[int, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        self._check_host(environ)
        navigation = environ.get("HTTP_SEC_FETCH_MODE") == "navigate" and method == "GET"
        if not (navigation and path in {PAGE_PATH, VIEW_PATH}):
            self._check_site(environ)
        if path in QUERY_PATHS:
            if method not in {"GET", "POST"}:
                raise _Answer(405, f"{method} is not allowed here", [("Allow", "GET, POST")])
            return self._sparql(environ, method)
        if path == "/update":
            raise _Answer(403, "this endpoint is read-only: updates are refused")
        if method not in {"GET", "HEAD"}:
            raise _Answer(405, f"{method} is not allowed here", [("Allow", "GET, HEAD")])
        if path in STATIC:
            resource, media = STATIC[path]
            data = files("casegraph.graph").joinpath(resource).read_bytes()
            policy = (
                [("Content-Security-Policy", PAGE_POLICY)] if media.startswith("text/html") else []
            )
            return 200, [("Content-Type", media), *policy], data
        if path == LIBRARY_PATH:
            return 200, [("Content-Type", "application/json")], _library_json()
        if path == VIEW_PATH:
            view = self.graph_dir / "graph.html"
            if view.is_file():
                headers = [("Content-Type", "text/html; charset=utf-8"),
                           ("Content-Security-Policy", "frame-ancestors 'none'")]  # fmt: skip
                return 200, headers, view.read_bytes()
        raise _Answer(404, f"nothing at {path}; the SPARQL endpoint is /query")

    def _check_host(self, environ: dict) -> None:
        # A page on another site may point a hostname at 127.0.0.1 (DNS rebinding): only
        # answer requests addressed to this machine's loopback names.
        host = environ.get("HTTP_HOST", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in {"", HOST, "localhost", "[::1]"}:
            raise _Answer(403, f"unexpected Host {host!r}; use http://{HOST}:{self.port}/")

    def _check_site(self, environ: dict) -> None:
        site = environ.get("HTTP_SEC_FETCH_SITE")
        if site is not None and site not in {"same-origin", "none"}:
            raise _Answer(403, f"a request from another site ({site}) is refused")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and origin not in self._origins():
            raise _Answer(403, f"a request from {origin!r} is refused: only this page may query")

    def _origins(self) -> set[str]:
        return {f"http://{name}:{self.port}" for name in (HOST, "localhost", "[::1]")}

    def _sparql(self, environ: dict, method: str) -> tuple[int, list[tuple[str, str]], bytes]:
        params = _form(environ.get("QUERY_STRING", ""))
        if method == "POST":
            kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
            body = _body(environ)
            if kind == "application/x-www-form-urlencoded":
                for key, values in _form(body).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                params.setdefault("query", []).append(body)
            elif kind == "application/sparql-update":
                params["update"] = [body]
            else:
                raise _Answer(415, f"unsupported content type {kind or '(none)'}")
        if "update" in params:
            raise _Answer(403, "this endpoint is read-only: updates are refused")
        if len(params.get("query", [])) != 1:
            raise _Answer(400, "send exactly one 'query' parameter")
        accept = environ.get("HTTP_ACCEPT") or "*/*"
        _negotiate(accept, "any")  # 406 before any work when nothing we write is accepted
        default_graph = tuple(params.get("default-graph-uri", []))
        named_graphs = tuple(params.get("named-graph-uri", []))
        try:
            pool = self.pools.acquire()
        except QueryError as e:
            raise _Answer(503, str(e)) from e
        try:
            check_graphs(default_graph, graphs=pool.graphs, what="default-graph-uri")
            check_graphs(named_graphs, graphs=pool.graphs, what="named-graph-uri")
            result = pool.run(
                params["query"][0],
                timeout_s=self.timeout_s,
                max_rows=self.max_rows,
                default_graph=default_graph,
                named_graphs=named_graphs,
            )
        except QueryTimeoutError as e:
            raise _Answer(503, str(e)) from e
        except QueryError as e:
            raise _Answer(400, str(e)) from e
        finally:
            self.pools.release(pool)
        body, media = _serialise(result, accept)
        headers = [("Content-Type", media)]
        if result.truncated:
            headers.append(("X-Casegraph-Truncated", str(self.max_rows)))
        return 200, headers, body


def _form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError as e:
        raise _Answer(400, f"the request is not UTF-8: {e}") from e


def _body(environ: dict) -> str:
    # waitress has checked Content-Length (digits only, under MAX_BODY) and read the body.
    length = int(environ.get("CONTENT_LENGTH") or 0)
    data = environ["wsgi.input"].read(length) if length else b""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _Answer(400, f"the request body is not UTF-8: {e}") from e


def accepted(accept: str) -> list[str]:
    """Media types from an Accept header, most preferred first (q=0 dropped).

    >>> accepted("text/csv;q=0.5, application/json")
    ['application/json', 'text/csv']
    """
    ranked = []
    for i, item in enumerate(accept.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        q = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and math.isfinite(q) and q > 0:
            ranked.append((-q, i, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def _negotiate(accept: str, form: str) -> str:
    """The media type to answer with, or 406 naming the ones we can write."""
    offered = {
        "graph": list(GRAPH_TYPES),
        "select": list(SOLUTION_TYPES),
        "any": [*SOLUTION_TYPES, *GRAPH_TYPES],
    }[form]
    for media in accepted(accept):
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            family = media[:-1]
            match = next((m for m in offered if m.startswith(family)), None)
            if match:
                return match
        elif media in offered:
            return media
    raise _Answer(406, f"cannot answer in {accept!r}; available: {', '.join(offered)}")


def _serialise(result: QueryResult, accept: str) -> tuple[bytes, str]:
    media = _negotiate(accept, "graph" if result.form == "graph" else "select")
    if result.form == "graph":
        data = ox.serialize(list(result.triples()), format=GRAPH_TYPES[media])
        return data, f"{media}; charset=utf-8"
    return FORMATS[SOLUTION_TYPES[media]](result).encode("utf-8"), f"{media}; charset=utf-8"


def _library_json() -> bytes:
    queries = [
        {"name": q.name, "question": q.question, "parameters": q.parameters_text, "text": q.text}
        for q in library().values()
    ]
    return json.dumps({"prefixes": PREFIXES, "queries": queries}, ensure_ascii=False).encode()


class Endpoint:
    """The server: :class:`QueryApp` on waitress, bound to 127.0.0.1 only.

    waitress reads each request in full (headers up to 64 KiB, a body up to 1 MiB; a malformed
    or negative Content-Length gets 400, a larger one 413, without reading the body) before a
    thread handles it, so slow clients hold no thread; idle connections are closed after 30 s
    and at most 64 are open at once.
    """

    def __init__(
        self,
        graph_dir: str | os.PathLike[str],
        *,
        port: int = DEFAULT_PORT,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
        workers: int = 2,
    ):
        self.graph_dir = Path(graph_dir)
        check_timeout(timeout_s)
        # waitress warns on every queued request; under load that floods the terminal.
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)
        self.pools = PublishedPools(self.graph_dir, size=workers)
        try:
            self.app = QueryApp(self.graph_dir, self.pools, timeout_s=timeout_s, max_rows=max_rows)
            try:
                self.server = waitress.create_server(
                    self.app,
                    host=HOST,
                    port=port,
                    threads=2 * workers + 2,
                    connection_limit=CONNECTION_LIMIT,
                    channel_timeout=CHANNEL_TIMEOUT_S,
                    max_request_body_size=MAX_BODY,
                    max_request_header_size=MAX_HEADERS,
                    asyncore_use_poll=True,  # select() fails beyond 1024 descriptors
                    expose_tracebacks=False,
                    ident="casegraph",
                )
            except OSError as e:
                raise CasegraphError(f"cannot listen on {HOST}:{port}: {e}") from e
        except BaseException:
            self.pools.close()
            raise
        self.port = self.server.effective_port
        self.app.port = self.port

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` (from another thread) or Ctrl-C."""
        self._running = True
        try:
            self.server.run()
        finally:
            self._running = False

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever`: every connection is closed from the server's own loop."""

        def stop() -> None:
            for dispatcher in list(self.server._map.values()):
                if dispatcher not in (self.server, self.server.trigger):
                    dispatcher.close()
            self.server.close()

        try:
            self.server.trigger.pull_trigger(stop)
        except OSError:  # the loop's wake-up pipe is already gone: close from here
            stop()

    def close(self) -> None:
        try:
            if not getattr(self, "_running", False):
                self.server.close()
            self.server.task_dispatcher.shutdown(timeout=5)
        finally:
            self.pools.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
