"""Row 30: Content-Length -1 or abc, a slow client, 8 clients x 250 requests: 400/413 without
reading the body, and the server keeps answering."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor

from sparql_rows_15_16_17_23_24_25_30 import bundled_graph, post, served

from casegraph.graph.serve import MAX_BODY


def send(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head)
        return s.recv(4096)


def test_broken_lengths_slow_clients_and_load(tmp_path):
    with served(bundled_graph(tmp_path)) as endpoint:
        for length in (b"-1", b"abc"):
            head = b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length
            assert send(endpoint.port, head + b"\r\n\r\n").startswith(b"HTTP/1.1 400")
        too_big = str(MAX_BODY + 1).encode()
        head = b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + too_big
        assert send(endpoint.port, head + b"\r\n\r\n").startswith(b"HTTP/1.1 413")
        slow = socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
        slow.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nA")
        try:
            with ThreadPoolExecutor(8) as clients:
                statuses = list(clients.map(
                    lambda _: post(endpoint.url, "ASK { ?s ?p ?o }")[0], range(8 * 250)
                ))  # fmt: skip
        finally:
            slow.close()
        assert statuses.count(200) == 8 * 250
