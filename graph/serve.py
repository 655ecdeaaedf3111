"""A read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1, with the query guard and limits."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox

from casegraph.errors import CasegraphError, QueryError, QueryTimeoutError
from casegraph.graph.guard import check_graphs
from casegraph.graph.query import (
    DEFAULT_MAX_ROWS,
    DEFAULT_TIMEOUT_S,
    QueryWorker,
)
from casegraph.graph.results import FORMATS, QueryResult

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 1 << 20  # bytes of POSTed query
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
# The oxigraph server's query page (YASGUI) and the files it loads, all served locally.
UI_FILES = {
    "/": "text/html; charset=utf-8",
    "/yasgui.min.js": "application/javascript",
    "/yasgui.min.css": "text/css",
    "/logo.svg": "image/svg+xml",
}
_NO_UI = (
    "<!doctype html><meta charset='utf-8'><title>casegraph SPARQL endpoint</title>"
    "<p>SPARQL 1.1 endpoint: <code>/query</code> (GET or POST). The query page needs the "
    "<code>oxigraph</code> package. <a href='graph.html'>The graph view</a>.</p>"
)


class WorkerPool:
    """A few query workers over one store; a worker killed at the time limit is replaced.

    Restart the server after a rebuild: a replaced worker would open the new store while the
    others still answer from the old one.
    """

    def __init__(self, graph_dir: str | os.PathLike[str], *, size: int = 2):
        self.graph_dir = Path(graph_dir)
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._workers: list[QueryWorker] = []
        self._lock = threading.Lock()
        self._closed = False
        try:
            for _ in range(size):
                self._add()
        except BaseException:
            self.close()
            raise
        self.graphs = self._workers[0].graphs

    def _add(self) -> None:
        worker = QueryWorker(self.graph_dir)
        with self._lock:
            if self._closed:
                worker.close()
                return
            self._workers.append(worker)
        self._idle.put(worker)

    def _replace(self, dead: QueryWorker) -> None:
        with self._lock:
            if dead in self._workers:
                self._workers.remove(dead)
        try:
            self._add()
        except CasegraphError as e:
            log.error("could not restart a query worker: %s", e)

    def run(self, text: str, *, timeout_s: float, **options) -> QueryResult:
        """Run ``text`` on an idle worker (see :meth:`QueryWorker.run`)."""
        try:
            worker = self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise QueryTimeoutError(
                f"every query worker stayed busy for {timeout_s:g} s; try again"
            ) from None
        try:
            return worker.run(text, timeout_s=timeout_s, **options)
        finally:
            if worker.alive:
                self._idle.put(worker)
            else:
                # Restart in the background so that the error reaches the client at once.
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.close()


class Endpoint:
    """The HTTP server: ``/query`` and ``/sparql`` (SPARQL 1.1 Protocol, read-only), the query
    page at ``/``, the graph view at ``/graph.html``. Binds 127.0.0.1 only.

    Every query passes the guard (no updates, SERVICE or FROM outside the store), runs in a
    worker process killed at ``timeout_s`` (503 with a message; the server keeps answering)
    and returns at most ``max_rows`` rows (header ``X-Casegraph-Truncated`` when cut).
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
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self.pool = WorkerPool(self.graph_dir, size=workers)
        try:
            self.ui = _oxigraph_ui()
            try:
                self.httpd = ThreadingHTTPServer((HOST, port), _Handler)
            except OSError as e:
                raise CasegraphError(f"cannot listen on {HOST}:{port}: {e}") from e
        except BaseException:
            self.pool.close()
            raise
        self.httpd.daemon_threads = True
        self.httpd.endpoint = self
        self.port = self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` (from another thread) or Ctrl-C."""
        self.httpd.serve_forever()

    def shutdown(self) -> None:
        self.httpd.shutdown()

    def close(self) -> None:
        self.httpd.server_close()
        self.pool.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Handler(BaseHTTPRequestHandler):
    server_version = "casegraph"

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        # A page on another site may point a hostname at 127.0.0.1 (DNS rebinding): only
        # answer requests addressed to this machine's loopback names.
        host = self.headers.get("Host", "").rsplit(":", 1)[0]
        if host not in {"", HOST, "localhost", "[::1]"}:
            return self._send(403, f"unexpected Host {host!r}; use {self.endpoint.url}")
        path, _, query_string = self.path.partition("?")
        if path in {"/query", "/sparql"}:
            return self._sparql(method, query_string)
        if path == "/update":
            return self._send(403, "this endpoint is read-only: updates are refused")
        if method == "GET" and path in UI_FILES:
            body = self.endpoint.ui.get(path)
            if body is None and path == "/":
                body = _NO_UI.encode()
            if body is not None:
                return self._send(200, body, UI_FILES[path])
        if method == "GET" and path == VIEW_PATH:
            view = self.endpoint.graph_dir / "graph.html"
            if view.is_file():
                return self._send(200, view.read_bytes(), "text/html; charset=utf-8")
        self._send(404, f"nothing at {path}; the SPARQL endpoint is /query")

    def _sparql(self, method: str, query_string: str) -> None:
        params = parse_qs(query_string, keep_blank_values=True)
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._send(413, f"request body over {MAX_BODY} bytes")
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            kind = self.headers.get_content_type()
            if kind == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif kind == "application/sparql-query":
                params.setdefault("query", []).append(body)
            elif kind == "application/sparql-update":
                params["update"] = [body]
            else:
                return self._send(415, f"unsupported content type {kind}")
        if "update" in params:
            return self._send(403, "this endpoint is read-only: updates are refused")
        if len(params.get("query", [])) != 1:
            return self._send(400, "send exactly one 'query' parameter")
        default_graph = tuple(params.get("default-graph-uri", []))
        named_graphs = tuple(params.get("named-graph-uri", []))
        endpoint = self.endpoint
        try:
            graphs = endpoint.pool.graphs
            check_graphs(default_graph, graphs=graphs, what="default-graph-uri")
            check_graphs(named_graphs, graphs=graphs, what="named-graph-uri")
            result = endpoint.pool.run(
                params["query"][0],
                timeout_s=endpoint.timeout_s,
                max_rows=endpoint.max_rows,
                default_graph=default_graph,
                named_graphs=named_graphs,
            )
        except QueryTimeoutError as e:
            return self._send(503, str(e))
        except QueryError as e:
            return self._send(400, str(e))
        body, media_type = _serialise(result, self.headers.get("Accept", "*/*"))
        extra = {"X-Casegraph-Truncated": str(endpoint.max_rows)} if result.truncated else {}
        self._send(200, body, media_type, extra)

    def _send(
        self,
        status: int,
        body: bytes | str,
        media_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _accepted(accept: str) -> list[str]:
    """Media types from an Accept header, most preferred first (q=0 dropped)."""
    ranked = []
    for i, item in enumerate(accept.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        q = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranked.append((-q, i, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def _serialise(result: QueryResult, accept: str) -> tuple[bytes, str]:
    if result.form == "graph":
        media = next((m for m in _accepted(accept) if m in GRAPH_TYPES), "text/turtle")
        data = ox.serialize(list(result.triples()), format=GRAPH_TYPES[media])
        return data, f"{media}; charset=utf-8"
    media = next(
        (m for m in _accepted(accept) if m in SOLUTION_TYPES), "application/sparql-results+json"
    )
    return FORMATS[SOLUTION_TYPES[media]](result).encode("utf-8"), f"{media}; charset=utf-8"


def _oxigraph_ui() -> dict[str, bytes]:
    """The query page and its files, taken from the ``oxigraph`` server (they are built into
    its binary): it runs for a moment with an empty in-memory store on a loopback port, never
    over the case data, so no query ever reaches an engine without our guard.
    """
    # The command sits next to our interpreter in a venv that is not on PATH.
    here = str(Path(sys.executable).parent)
    exe = shutil.which("oxigraph", path=here) or shutil.which("oxigraph")
    if exe is None:
        log.warning("no `oxigraph` command: the endpoint works, the query page does not")
        return {}
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    try:
        proc = subprocess.Popen(
            [exe, "serve", "--bind", f"{HOST}:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as e:
        log.warning("could not run %s (%s); the endpoint works, the query page does not", exe, e)
        return {}
    # Never through a proxy: this is a loopback address.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    files: dict[str, bytes] = {}
    try:
        deadline = time.monotonic() + 10
        for path in UI_FILES:
            while path not in files and time.monotonic() < deadline:
                try:
                    with opener.open(f"http://{HOST}:{port}{path}", timeout=5) as r:
                        files[path] = r.read()
                except urllib.error.HTTPError:
                    break  # the server is up but has no such file
                except (urllib.error.URLError, OSError):
                    if proc.poll() is not None:
                        break
                    time.sleep(0.05)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if "/" not in files:
        log.warning("could not take the query page from `oxigraph`; the endpoint still works")
    return files
