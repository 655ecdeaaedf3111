"""RELIABILITY row 4: the HTML view opened with the network off renders fully (chart, legend,
timeline, map, card) and asks for nothing: no request leaves the file, and no element or
stylesheet names an http(s) resource."""

from __future__ import annotations

import re

import pytest
from view_pages import open_offline, visit_everything


@pytest.mark.browser
def test_the_bundled_page_renders_fully_with_the_network_off(browser, bundled_build):
    page = open_offline(browser, bundled_build / "graph.html")
    data = page.evaluate("window.casegraph.data")
    visit_everything(page)

    assert page.evaluate("window.casegraph.network.body.nodeIndices.length") == len(data["nodes"])
    assert page.locator("#cg-legend li").count() >= 6
    assert page.locator("#cg-timeline-svg rect").count() > 0
    assert page.locator("#cg-map-svg path.cg-land").count() > 100
    assert page.locator("#cg-panel .cg-panel-title").is_visible()
    assert page.requests == []
    assert page.evaluate("performance.getEntriesByType('resource').length") == 0
    urls = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
        [...e.attributes].filter(a => /^(src|href|srcset|action|xlink:href|data)$/.test(a.name))
        .map(a => a.value))""")
    assert [u for u in urls if re.match(r"\s*(https?:)?//", u)] == []
    sheets = page.evaluate("""() => [...document.styleSheets].flatMap(s => [...s.cssRules])
        .map(r => r.cssText).join('\\n')""")
    assert re.findall(r"url\(\s*(?!['\"]?data:)", sheets) == []
    assert page.errors == []
    page.context.close()
