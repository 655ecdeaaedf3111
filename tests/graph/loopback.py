"""A loopback listener that records every connection made to it (and answers like SPARQL)."""

from __future__ import annotations

import socket
import threading

_ROWS = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"leak"}}]}}'
ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
    + f"Content-Length: {len(_ROWS)}\r\nConnection: close\r\n\r\n".encode()
    + _ROWS
)


class Listener:
    """Listens on 127.0.0.1 on a free port; ``received`` holds the first bytes of every
    connection. Use as a context manager; ``url`` is its base URL."""

    def __init__(self):
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.2)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.received.append(conn.recv(4096) or b"(connected)")
                    conn.sendall(ANSWER)
                except OSError:
                    self.received.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bypasses(url: str) -> list[str]:
    """Every way we know to hide a SERVICE (or another fetch) to ``url`` from a guard."""
    escaped_host = url.removeprefix("http://").replace("1", "\\u0031")
    pattern = "{ ?a ?b ?c }"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/x> {pattern} }}",
        # The escapes of the audit: a quote decoded inside a string, a letter inside an IRI.
        f'SELECT * WHERE {{ ?s ?p "\\u0022" . SERVICE <{url}/x> {pattern} }}',
        f"SELECT * WHERE {{ <http://x/\\u0061> ?p ?o . SERVICE <{url}/x> {pattern} }}",
        f'SELECT * WHERE {{ ?s <http://x/\\u0061> "a\\u0022b" . SERVICE <{url}/x> {pattern} '
        '?s ?p "\\u0022" }',
        f"SELECT * WHERE {{ <http://x/\\u003E SERVICE <{url}/x> {pattern} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}/x> {pattern} }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} #\\u000A SERVICE <{url}/x> {pattern}",
        f"SELECT * WHERE {{ # a comment\n SERVICE <{url}/x> {pattern} }}",
        f"select * where {{ sErViCe <{url}/x> {pattern} }}",
        f"SELECT * WHERE {{ SERVICE\t\r\n <{url}/x>\n{pattern} }}",
        f"SELECT*WHERE{{SERVICE<{url}/x>{pattern}}}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}/x> {pattern} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}/x> {pattern} }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/x> {pattern} }} }}",
        f"ASK {{ OPTIONAL {{ SERVICE <{url}/x> {pattern} }} }}",
        f"CONSTRUCT {{ ?a ?b ?c }} WHERE {{ SERVICE <{url}/x> {pattern} }}",
        f"PREFIX l: <{url}/> SELECT * WHERE {{ SERVICE l:x {pattern} }}",
        f"PREFIX l: <{url}/> SELECT * WHERE {{ SERVICEl:x {pattern} }}",
        f"BASE <{url}/> SELECT * WHERE {{ SERVICE <x> {pattern} }}",
        f"SELECT * WHERE {{ VALUES ?u {{ <{url}/x> }} SERVICE ?u {pattern} }}",
        f"SELECT * WHERE {{ SERVICE <http://{escaped_host}/x> {pattern} }}",
        f"SELECT * FROM <{url}/x> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{url}/x> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"LOAD <{url}/x>",
        f"SELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{url}/x>",
    ]
