"""RELIABILITY row 1: `<img src=x onerror=...>` as an entity name, alias, evidence sentence or
article title is shown as text everywhere in the HTML view; nothing executes in a real
browser, with the Content-Security-Policy on or bypassed."""

from __future__ import annotations

import pytest
from view_pages import hostile_graph, injected_anything, open_offline, visit_everything

from casegraph.graph.view import render_html

PAYLOAD = '<img src=x onerror="window.__pwned = 1; alert(1)">'


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["CSP on", "CSP bypassed"])
@pytest.mark.parametrize("where", ["name", "alias", "evidence", "title"])
def test_markup_in_names_aliases_evidence_and_titles_is_text(browser, tmp_path, where, bypass_csp):
    path = tmp_path / "hostile.html"
    path.write_bytes(render_html(hostile_graph(PAYLOAD, where=(where,))))
    page = open_offline(browser, path, bypass_csp=bypass_csp)
    visit_everything(page)

    assert injected_anything(page) == []
    assert page.errors == []
    shown = {
        "name": lambda: page.inner_text("#cg-panel .cg-panel-title"),
        "alias": lambda: page.inner_text("#cg-panel .cg-aliases"),
        "evidence": lambda: page.inner_text("#cg-panel .cg-evidence"),
        "title": lambda: page.inner_text("#cg-panel .cg-articles"),
    }[where]()
    assert PAYLOAD in shown
    page.context.close()
