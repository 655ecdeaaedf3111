"""The endpoint under hostile clients: bypass forms over every protocol form, other sites,
broken Content-Length, slow and idle connections, unproducible types, and a rebuild."""

from __future__ import annotations

import json
import math
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from loopback import Listener, bypasses
from query_fixture import case_extraction

from casegraph.errors import QueryError
from casegraph.graph import cli
from casegraph.graph.build import build_graph
from casegraph.graph.rdf import render_rdf
from casegraph.graph.serve import CONNECTION_LIMIT, MAX_BODY, Endpoint
from casegraph.graph.store import write_store

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
FORM = "application/x-www-form-urlencoded"
LABELS = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"


def request(url, *, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def raw(port: int, data: bytes) -> bytes:
    """Send ``data`` as is and read the answer until the server closes or stops sending."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        except TimeoutError:
            pass
    return b"".join(chunks)


def serve(graph_dir, **options):
    endpoint = Endpoint(graph_dir, port=0, **options)
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    return endpoint, thread


def stop(endpoint, thread):
    endpoint.shutdown()
    thread.join(timeout=10)
    endpoint.close()


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    write_store(out, render_rdf(build_graph(case_extraction()))["graph.trig"])
    return out


@pytest.fixture(scope="module")
def endpoint(case):
    running = serve(case, timeout_s=10)
    yield running[0]
    stop(*running)


# --- SERVICE in every disguise, by GET, POST form and POST body: nothing connects -----------


@pytest.fixture(scope="module")
def listener():
    with Listener() as running:
        yield running


def _forms(base: str, text: str):
    yield request(f"{base}/query?" + urllib.parse.urlencode({"query": text}))
    yield request(f"{base}/sparql", data=urllib.parse.urlencode({"query": text}).encode(),
                  headers={"Content-Type": FORM})  # fmt: skip
    yield request(f"{base}/query", data=text.encode(),
                  headers={"Content-Type": "application/sparql-query"})  # fmt: skip


def test_every_bypass_is_refused_over_every_protocol_form_and_nothing_connects(endpoint, listener):
    for text in bypasses(listener.url):
        for status, _, body in _forms(endpoint.url, text):
            assert status in {400, 403}, (text, body)
    assert listener.received == []
    assert request(f"{endpoint.url}/query?query=ASK%7B%7D")[0] == 200


# --- other sites -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Origin": "http://127.0.0.1:1"}, 403),  # another local server's page
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Sec-Fetch-Site": "same-origin"}, 200),
        ({"Sec-Fetch-Site": "none"}, 200),
        ({}, 200),  # curl, rdflib, scripts: no browser headers at all
    ],
)
def test_a_form_post_from_another_site_is_refused(endpoint, headers, status):
    data = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    got, _, body = request(f"{endpoint.url}/query", data=data,
                           headers={"Content-Type": FORM, **headers})  # fmt: skip
    assert got == status, body


def test_our_own_origin_may_query(endpoint):
    for origin in (endpoint.url, endpoint.url.replace("127.0.0.1", "localhost")):
        data = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
        got, _, _ = request(f"{endpoint.url}/query", data=data,
                            headers={"Content-Type": FORM, "Origin": origin})  # fmt: skip
        assert got == 200


def test_navigating_to_the_page_from_elsewhere_works_but_fetching_the_endpoint_does_not(endpoint):
    nav = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    assert request(f"{endpoint.url}/", headers=nav)[0] == 200
    assert request(f"{endpoint.url}/query?query=ASK%7B%7D", headers=nav)[0] == 403
    sub = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
    assert request(f"{endpoint.url}/library.json", headers=sub)[0] == 403


# --- the HTTP layer --------------------------------------------------------------------------


@pytest.mark.parametrize("length", [b"-1", b"abc", b"1e3", b" 5", b"+5", b"0x10"])
def test_a_malformed_content_length_gets_400_and_the_server_answers_on(endpoint, length):
    head = b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query"
    answer = raw(endpoint.port, head + b"\r\nContent-Length: " + length + b"\r\n\r\nASK {}")
    assert answer.startswith(b"HTTP/1.1 400")
    assert request(f"{endpoint.url}/query?query=ASK%7B%7D")[0] == 200


def test_a_body_over_the_cap_gets_413_without_being_sent(endpoint):
    head = (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query"
            b"\r\nContent-Length: " + str(MAX_BODY + 1).encode() + b"\r\n\r\n")  # fmt: skip
    assert raw(endpoint.port, head).startswith(b"HTTP/1.1 413")


def test_slow_and_idle_clients_do_not_stop_others(endpoint):
    # More idle connections than worker threads, each with half a request line sent.
    idle = []
    try:
        for _ in range(CONNECTION_LIMIT // 2):
            s = socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
            s.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le")
            idle.append(s)
        for _ in range(5):
            assert request(f"{endpoint.url}/query?query=ASK%7B%7D")[0] == 200
    finally:
        for s in idle:
            s.close()


def test_more_connections_than_the_limit_wait_and_are_then_served(endpoint):
    held = [socket.create_connection(("127.0.0.1", endpoint.port), timeout=10)
            for _ in range(CONNECTION_LIMIT + 10)]  # fmt: skip
    for s in held:
        s.close()
    assert request(f"{endpoint.url}/query?query=ASK%7B%7D")[0] == 200


@pytest.mark.parametrize(
    ("accept", "status", "media"),
    [
        ("image/png", 406, None),
        ("text/html", 406, None),
        ("application/sparql-results+json;q=0, image/png", 406, None),
        ("text/*", 200, "text/xml"),  # the first text/ type we write
        ("application/*", 200, "application/sparql-results+json"),
        ("image/png, */*;q=0.1", 200, "application/sparql-results+json"),
        ("", 200, "application/sparql-results+json"),
    ],
)
def test_content_negotiation_answers_406_for_types_it_cannot_write(endpoint, accept, status, media):
    got, headers, body = request(f"{endpoint.url}/query?query=ASK%7B%7D",
                                 headers={"Accept": accept})  # fmt: skip
    assert got == status
    if media:
        assert headers.get_content_type() == media
    else:
        assert "available:" in body


def test_a_graph_answer_negotiates_its_own_types(endpoint):
    text = urllib.parse.quote("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1")
    assert request(f"{endpoint.url}/query?query={text}", headers={"Accept": "text/csv"})[0] == 406
    got, headers, _ = request(f"{endpoint.url}/query?query={text}",
                              headers={"Accept": "application/n-triples"})  # fmt: skip
    assert got == 200 and headers.get_content_type() == "application/n-triples"


@pytest.mark.parametrize("value", [math.inf, math.nan, 0, -1])
def test_the_time_limit_must_be_finite_and_positive(case, value):
    with pytest.raises(QueryError, match="finite number of seconds above 0"):
        Endpoint(case, port=0, timeout_s=value)


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-1", "abc"])
def test_cli_refuses_a_time_limit_that_is_not_finite_and_positive(case, capsys, value):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", "--graph", str(case), "--timeout", value])
    assert stopped.value.code == cli.EXIT_USAGE
    assert "--timeout" in capsys.readouterr().err


# --- after a rebuild ---------------------------------------------------------------------------


def labels(base: str) -> list[str]:
    _, _, body = request(f"{base}/query?" + urllib.parse.urlencode({"query": LABELS}),
                         headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    return [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_after_a_rebuild_every_answer_comes_from_the_new_store(tmp_path):
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import RDFS

    def publish(name: str) -> None:
        ds = Dataset()
        ds.add((URIRef("https://x.example/e"), RDFS.label, Literal(name)))
        write_store(tmp_path, ds)

    publish("old")
    endpoint, thread = serve(tmp_path, timeout_s=10, workers=2)
    try:
        first = endpoint.pools.current
        assert labels(endpoint.url) == ["old"]
        publish("new")
        answers = [labels(endpoint.url) for _ in range(12)]
        assert answers == [["new"]] * 12  # never the old one again, on any worker
        assert endpoint.pools.current is not first
        assert not any(w.alive for w in first.workers)  # the old pool closed after its last use
    finally:
        stop(endpoint, thread)
