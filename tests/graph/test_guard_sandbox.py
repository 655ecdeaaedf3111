"""The second wall: a query worker cannot open a connection, whatever the guard let through.

A loopback listener records every connection. Oxigraph's own HTTP client (Rust) reaches it from
an ordinary process (the control), not from one that called ``deny_network`` as the worker does,
nor through ``casegraph query`` with any bypass form.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from loopback import Listener, bypasses
from query_fixture import case_extraction

from casegraph.errors import QueryError
from casegraph.graph import cli
from casegraph.graph.build import build_graph
from casegraph.graph.query import QueryWorker
from casegraph.graph.rdf import render_rdf
from casegraph.graph.store import write_store

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux only")

SERVICE_IN_CHILD = """
import sys, pyoxigraph as ox
if sys.argv[2] == "deny":
    from casegraph.graph.sandbox import deny_network
    print(deny_network())
try:
    rows = list(ox.Store().query("SELECT * { SERVICE <%s/x> { ?s ?p ?o } }" % sys.argv[1]))
    print("rows", len(rows))
except OSError as e:
    print("refused:", e)
import socket
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1].rsplit(":", 1)[1])), timeout=2)
    print("python connected")
except OSError as e:
    print("python refused:", e)
"""


def child(url: str, mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SERVICE_IN_CHILD, url, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    out = tmp_path_factory.mktemp("case")
    write_store(out, render_rdf(build_graph(case_extraction()))["graph.trig"])
    return out


def test_control_oxigraph_service_does_reach_the_listener_from_an_ordinary_process():
    # Without this the listener tests below could pass by never hearing anything.
    with Listener() as listener:
        out = child(listener.url, "allow")
    assert "rows 1" in out  # the listener's answer came back as a row
    assert any(r.startswith(b"POST /x") for r in listener.received)


@linux
def test_after_deny_network_neither_rust_nor_python_can_connect():
    with Listener() as listener:
        out = child(listener.url, "deny")
    assert out.splitlines()[0] == "seccomp"
    assert "refused: Operation not permitted" in out
    assert "python refused" in out
    assert listener.received == []


@linux
def test_the_worker_process_runs_under_the_filter(case):
    with QueryWorker(case) as worker:
        status = open(f"/proc/{worker._proc.pid}/status").read()
    assert "NoNewPrivs:\t1" in status
    assert "Seccomp:\t2" in status  # 2: filter mode


@pytest.fixture(scope="module")
def listener():
    with Listener() as running:
        yield running


@pytest.fixture(scope="module")
def worker(case):
    with QueryWorker(case) as w:
        yield w


def test_every_bypass_is_refused_by_the_worker_and_nothing_connects(worker, listener):
    for text in bypasses(listener.url):
        with pytest.raises(QueryError):
            worker.run(text)
        assert worker.alive
    assert listener.received == []


@pytest.mark.parametrize("index", range(len(bypasses("http://127.0.0.1:1"))))
def test_casegraph_query_refuses_every_bypass_and_nothing_connects(case, listener, capsys, index):
    text = bypasses(listener.url)[index]
    assert cli.main(["query", text, "--graph", str(case)]) == cli.EXIT_FAILED
    assert "error:" in capsys.readouterr().err
    assert listener.received == []


@linux
def test_a_worker_that_cannot_sandbox_itself_refuses_to_start(case, monkeypatch):
    # An unknown architecture has no filter: the worker must not run queries unprotected.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(sys.path))
    code = (
        "import platform, sys; platform.machine = lambda: 'pdp11'; "
        "from casegraph.graph import worker; sys.exit(worker.main(sys.argv))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(case / "store"), "512"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert b"cannot take the network away" in done.stdout


def test_pyoxigraph_has_no_switch_to_turn_service_off():
    # Documents the dependency: pyoxigraph 0.5 has no switch to turn SERVICE off.
    with pytest.raises(TypeError):
        ox.Store().query("ASK {}", service_handler=None)
