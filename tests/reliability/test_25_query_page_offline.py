"""Row 25: the query page, opened with the network off, works; no request leaves 127.0.0.1."""

from __future__ import annotations

import pytest
from sparql_rows_15_16_17_23_24_25_30 import bundled_graph, chromium, served

pytestmark = pytest.mark.browser


def test_the_query_page_runs_a_query_with_every_outside_request_failing(tmp_path):
    with served(bundled_graph(tmp_path)) as endpoint, chromium() as browser:
        context = browser.new_context()
        outside = []

        def route(r):
            if r.request.url.startswith(endpoint.url + "/"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.goto(endpoint.url + "/")
        page.wait_for_function("() => window.casegraphQuery && window.casegraphQuery.ready")
        page.select_option("#examples", "databases")
        page.click(".yasqe_queryButton")
        page.locator(".yasr table tbody tr").first.wait_for()
        assert "INTERPOL" in page.inner_text(".yasr table tbody")
        context.close()
    assert outside == []
