"""The SPARQL endpoint: a real server on a free loopback port, queried over HTTP, then stopped."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from query_fixture import case_extraction
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from casegraph.graph.build import build_graph
from casegraph.graph.query import library, run_query
from casegraph.graph.rdf import render_rdf
from casegraph.graph.serve import Endpoint
from casegraph.graph.store import write_store

JSON = "application/sparql-results+json"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT_S = 2
# Loopback only: never through a proxy from the environment.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    files = render_rdf(build_graph(case_extraction()))
    write_store(out, files["graph.trig"])
    (out / "graph.html").write_bytes(b"<!doctype html><title>the view</title>")
    return out


@pytest.fixture(scope="module")
def server(case):
    """``casegraph serve`` as a user starts it; yields its base URL, stops it with SIGINT."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "casegraph", "serve", "--graph", str(case), "--port", "0",
         "--timeout", str(TIMEOUT_S)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    url, deadline, seen = None, time.monotonic() + 60, []
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        if select.select([proc.stdout], [], [], 1)[0]:
            line = proc.stdout.readline()
            seen.append(line)
            if line.startswith("SPARQL endpoint:"):
                url = line.split()[-1].removesuffix("/query")
    if url is None:
        proc.kill()
        pytest.fail(f"the server did not start: {seen} {proc.stderr.read()}")
    yield url, proc
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def request(url, *, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def get(base, query, accept=JSON, path="/query"):
    q = urllib.parse.urlencode({"query": query})
    return request(f"{base}{path}?{q}", headers={"Accept": accept})


def bindings(body):
    doc = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def test_server_prints_its_loopback_url_and_answers_a_library_query(server, case):
    base, _ = server
    assert base.startswith("http://127.0.0.1:")
    status, headers, body = get(base, library()["co-participation"].text)
    assert status == 200 and headers.get_content_type() == JSON
    assert [(b["agency"], b["other"], b["events"]) for b in bindings(body)] == [
        ("Europol", "INTERPOL", "3"),
        ("Europol", "Police Scotland", "3"),
        ("INTERPOL", "Police Scotland", "2"),
    ]


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [
        ("application/x-www-form-urlencoded", lambda q: urllib.parse.urlencode({"query": q})),
        ("application/sparql-query", lambda q: q),
    ],
)
def test_post_queries_as_the_protocol_allows(server, content_type, encode):
    base, _ = server
    query = 'ASK { ?s <http://www.w3.org/2000/01/rdf-schema#label> "ICAID" }'
    status, _, body = request(
        f"{base}/sparql",
        data=encode(query).encode(),
        headers={"Content-Type": content_type, "Accept": JSON},
    )
    assert status == 200 and json.loads(body)["boolean"] is True


def test_rdflib_sparqlstore_gets_the_same_rows_as_the_query_command(server, case):
    base, _ = server
    text = library()["sub-units"].text
    expected = [tuple(r.values()) for r in run_query(case, text).records()]
    for fmt in ["xml", "json"]:
        g = Graph(store=SPARQLStore(f"{base}/query", returnFormat=fmt))
        assert [tuple(str(v) for v in row) for row in g.query(text)] == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/html;q=0.9, */*;q=0.1", JSON),
    ],
)
def test_results_follow_the_accept_header(server, accept, expected):
    base, _ = server
    status, headers, body = get(base, "SELECT ?l WHERE { ?s ?p ?l } LIMIT 1", accept=accept)
    assert status == 200 and headers.get_content_type() == expected and body


def test_construct_answers_in_turtle(server):
    base, _ = server
    text = 'CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "ICAID" }'
    status, headers, body = get(base, text, accept="text/turtle")
    assert status == 200 and headers.get_content_type() == "text/turtle"
    assert len(Graph().parse(data=body, format="turtle")) == 1


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", "FROM"),
        ("LOAD <file:///etc/passwd>", "LOAD"),
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
        ("DROP ALL", "DROP"),
    ],
)
def test_endpoint_refuses_with_a_clear_message(server, query, word):
    base, _ = server
    status, _, body = get(base, query)
    assert status == 400 and word in body


@pytest.mark.parametrize(
    ("path", "data", "content_type"),
    [
        ("/update", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("/query", b"update=DROP+ALL", "application/x-www-form-urlencoded"),
        ("/query", b"DROP ALL", "application/sparql-update"),
    ],
)
def test_updates_are_refused(server, path, data, content_type):
    base, _ = server
    status, _, body = request(f"{base}{path}", data=data, headers={"Content-Type": content_type})
    assert status == 403 and "read-only" in body


def test_protocol_graphs_outside_the_store_are_refused(server):
    base, _ = server
    q = urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "file:///etc/passwd"})
    status, _, body = request(f"{base}/query?{q}")
    assert status == 400 and "not a graph of this store" in body


def test_pathological_query_stops_at_the_time_limit_and_the_server_keeps_answering(server):
    base, _ = server
    results = {}
    slow = threading.Thread(target=lambda: results.update(slow=get(base, CROSS_JOIN)))
    started = time.monotonic()
    slow.start()
    time.sleep(0.3)
    # Another client is served while the runaway query runs.
    assert get(base, "ASK { ?s ?p ?o }")[0] == 200
    slow.join(timeout=60)
    status, _, body = results["slow"]
    assert status == 503 and f"time limit of {TIMEOUT_S} s" in body
    assert time.monotonic() - started < TIMEOUT_S + 10
    for _ in range(3):  # the killed worker is replaced
        assert get(base, "ASK { ?s ?p ?o }")[0] == 200


def test_query_page_and_graph_view_are_served_from_the_same_place(server, case):
    base, _ = server
    status, headers, page = request(f"{base}/")
    assert status == 200 and headers.get_content_type() == "text/html"
    assert "http://" not in page and "https://" not in page  # the page loads nothing remote
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    assert request(f"{base}/graph.html")[2] == (case / "graph.html").read_text()
    assert request(f"{base}/nothing-here")[0] == 404


def test_requests_for_another_host_name_are_refused(server):
    base, _ = server
    status, _, _ = request(f"{base}/query?query=ASK%7B%7D", headers={"Host": "evil.example"})
    assert status == 403


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(p) for p in found.stdout.split()]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to see the workers")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_ctrl_c_or_kill_stops_the_server_and_its_workers_cleanly(case, signum):
    proc = subprocess.Popen(
        [sys.executable, "-m", "casegraph", "serve", "--graph", str(case), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = ""
        deadline = time.monotonic() + 60
        while not line.startswith("SPARQL endpoint:") and time.monotonic() < deadline:
            if select.select([proc.stdout], [], [], 1)[0]:
                line = proc.stdout.readline()
        assert line.startswith("SPARQL endpoint:")
        workers = children(proc.pid)
        assert workers  # the query workers it started
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
        assert proc.returncode == 0
        assert "stopped" in err and "Traceback" not in err
        assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_endpoint_binds_loopback_only_and_closes_its_workers(case):
    with Endpoint(case, port=0) as endpoint:
        assert endpoint.server.effective_host == "127.0.0.1"
        workers = endpoint.pools.current.workers
        assert workers and all(w.alive for w in workers)
    assert not any(w.alive for w in workers)


def test_a_busy_port_is_a_clear_error(case):
    from casegraph.errors import CasegraphError

    with Endpoint(case, port=0) as first:
        with pytest.raises(CasegraphError, match=f"{first.port}"):
            Endpoint(case, port=first.port)
