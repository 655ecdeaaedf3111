"""RELIABILITY row 2: an evidence sentence containing `href="javascript:..."` shows as the
literal text in the tooltip and the panel; no link is made of it."""

from __future__ import annotations

import pytest
from view_pages import hostile_graph, injected_anything, open_offline, visit_everything

from casegraph.graph.view import render_html

PAYLOAD = 'see <a href="javascript:window.__pwned = 2">here</a> and href="javascript:alert(2)"'


@pytest.mark.browser
@pytest.mark.parametrize("where", [("evidence",), ("evidence", "role")], ids=["sentence", "role"])
def test_a_javascript_href_in_evidence_is_shown_literally(browser, tmp_path, where):
    path = tmp_path / "href.html"
    path.write_bytes(render_html(hostile_graph(PAYLOAD, where=where)))
    page = open_offline(browser, path)
    visit_everything(page)
    typed = page.evaluate("window.casegraph.data.edges.findIndex(e => e.typed)")
    page.evaluate("j => window.casegraph.showEdge(j)", typed)
    tooltip = page.evaluate("j => window.casegraph.edges.get(j).title", typed)

    assert injected_anything(page) == []
    assert page.locator("a").count() == 0
    assert PAYLOAD in page.inner_text("#cg-panel .cg-evidence .cg-sentence")
    if "role" in where:
        assert PAYLOAD in page.inner_text("#cg-panel .cg-role")
        assert PAYLOAD in tooltip  # vis-network's tooltip holds it as text
    assert page.errors == []
    page.context.close()
