"""Row 25: the query page, opened with the network off, works; no request leaves 127.0.0.1."""

from __future__ import annotations

import threading

import pytest
from sparql_rows_15_16_17_23_24_25_30 import bundled_graph, chromium, served

pytestmark = pytest.mark.browser


def run_page(url: str, outside: list[str]) -> str:
    with chromium() as browser:
        context = browser.new_context()

        def route(r):
            if r.request.url.startswith(url + "/"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(url + "/")
        page.wait_for_function("() => window.casegraphQuery && window.casegraphQuery.ready")
        page.select_option("#examples", "databases")
        page.click(".yasqe_queryButton")
        page.locator(".yasr table tbody tr").first.wait_for()
        shown = page.inner_text(".yasr table tbody")
        context.close()
        return shown


def test_the_query_page_runs_a_query_with_every_outside_request_failing(tmp_path):
    outside, found = [], {}

    def browse():
        # Its own thread: Playwright's sync API refuses to start where another one (the
        # browser tests' session browser) already runs.
        try:
            found["shown"] = run_page(endpoint.url, outside)
        except BaseException as e:
            found["error"] = e

    with served(bundled_graph(tmp_path)) as endpoint:
        thread = threading.Thread(target=browse)
        thread.start()
        thread.join(timeout=120)
    if isinstance(found.get("error"), pytest.skip.Exception):
        raise found["error"]
    assert "error" not in found, found.get("error")
    assert "INTERPOL" in found["shown"]
    assert outside == []
