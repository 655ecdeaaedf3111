"""Shared pieces of the SPARQL rows (15, 16, 17, 23, 24, 25, 30): a served copy of the bundled
graph, HTTP helpers, the loopback listener of tests/graph and a headless Chromium."""

from __future__ import annotations

import shutil
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "graph"))  # the listener and bypass list live there

from loopback import Listener, bypasses  # noqa: E402

from casegraph.graph.serve import Endpoint  # noqa: E402

__all__ = ["Listener", "bundled_graph", "bypasses", "chromium", "post", "request", "served"]
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def bundled_graph(tmp: Path) -> Path:
    """A directory holding the bundled build's graph.trig and graph.html (no store: the
    workers load the TriG), so no test here needs a build."""
    for name in ("graph.trig", "graph.html"):
        shutil.copy(REPO / "output" / name, tmp / name)
    return tmp


@contextmanager
def served(graph_dir: Path, **options):
    endpoint = Endpoint(graph_dir, port=0, **options)
    thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
    thread.start()
    try:
        yield endpoint
    finally:
        endpoint.shutdown()
        thread.join(timeout=10)
        endpoint.close()


def request(url, *, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with OPENER.open(req, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def post(base: str, query: str, **headers: str):
    data = urllib.parse.urlencode({"query": query}).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return request(f"{base}/query", data=data, headers={**form, **headers})


@contextmanager
def chromium():
    """Headless system Chromium through Playwright (never a downloaded browser)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("no system Chromium (apt-get install chromium): browser test skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        browser = p.chromium.launch(executable_path=path, args=args)
        try:
            yield browser
        finally:
            browser.close()
