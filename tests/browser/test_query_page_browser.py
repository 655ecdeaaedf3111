"""The query page of `casegraph serve` in a real Chromium: runs a library query, and no request
ever leaves the server's own origin (RELIABILITY row 25)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from casegraph.graph.serve import Endpoint

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
YASQE = "casegraphQuery.yasgui.getTab().getYasqe()"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """The bundled build's graph (graph.trig, loaded into the workers) served on a free port."""
    graph = tmp_path_factory.mktemp("served")
    shutil.copy(REPO / "output" / "graph.trig", graph / "graph.trig")
    shutil.copy(REPO / "output" / "graph.html", graph / "graph.html")
    with Endpoint(graph, port=0, timeout_s=20) as served:
        thread = threading.Thread(target=served.serve_forever, daemon=True)
        thread.start()
        yield served
        served.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def page(browser, endpoint):
    """The query page, with every request that is not for the endpoint's origin aborted and
    recorded in ``page.outside``; console errors in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.outside, page.errors = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(endpoint.url + "/"):
            r.continue_()
        else:
            page.outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.goto(endpoint.url + "/")
    page.wait_for_function("() => window.casegraphQuery && window.casegraphQuery.ready")
    yield page
    context.close()


def test_query_page_runs_a_library_query_and_shows_its_rows(page):
    assert page.title().startswith("casegraph")
    page.select_option("#examples", "entities-by-articles")
    assert "PREFIX schema:" in page.evaluate(f"() => {YASQE}.getValue()")
    page.click(".yasqe_queryButton")
    rows = page.locator(".yasr table tbody tr")
    rows.first.wait_for()
    first = rows.first.inner_text()
    assert "INTERPOL" in first and "5" in first
    assert rows.count() > 10
    assert page.outside == [] and page.errors == []


def test_default_query_has_our_prefixes_and_completion_knows_only_our_vocabulary(page):
    text = page.evaluate(f"() => {YASQE}.getValue()")
    assert "PREFIX cg: <https://casegraph.example/ns#>" in text
    assert page.evaluate("() => Yasgui.Yasqe.defaults.autocompleters") == [
        "casegraphPrefixes",
        "variables",
    ]
    page.evaluate(f"() => {{ {YASQE}.setValue('PREFIX '); {YASQE}.focus(); "
                  f"{YASQE}.setCursor({{line: 0, ch: 7}}); }}")  # fmt: skip
    page.keyboard.press("Control+Space")
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for()
    shown = hints.all_inner_texts()
    assert any(h.startswith("cg: <https://casegraph.example/ns#>") for h in shown)
    assert not any(h.startswith(("foaf:", "dbo:")) for h in shown)  # the bundled list is gone
    assert page.outside == [] and page.errors == []


def test_results_and_errors_of_the_endpoint_reach_the_page(page):
    page.evaluate(
        f"() => {YASQE}.setValue('SELECT * {{ SERVICE <http://127.0.0.1:9/> {{ ?s ?p ?o }} }}')"
    )
    page.click(".yasqe_queryButton")
    page.locator(".yasr .errorResult").wait_for()
    assert "SERVICE is not allowed" in page.locator(".yasr .errorResult").inner_text()
    assert page.outside == []


def test_the_page_links_the_graph_view_and_says_it_stays_local(page, endpoint):
    assert page.get_attribute("header nav a", "href") == "graph.html"
    assert endpoint.url + "/query" in page.inner_text("footer")
    page.screenshot(path=str(Path(endpoint.graph_dir) / "query-page.png"))
