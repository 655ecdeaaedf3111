"""RELIABILITY row 3: `</script><script>...</script>` in any text cannot close the page's
inline script blocks: the data arrives intact and no script is added or run."""

from __future__ import annotations

import pytest
from view_pages import hostile_graph, injected_anything, open_offline, visit_everything

from casegraph.graph.view import render_html

PAYLOAD = "</script><script>window.__pwned = 3; alert(3)</script><!--"


@pytest.mark.browser
@pytest.mark.parametrize("where", ["name", "alias", "evidence", "title", "role"])
def test_a_script_end_tag_in_any_text_stays_inside_the_data(browser, tmp_path, where):
    path = tmp_path / "script.html"
    html = render_html(hostile_graph(PAYLOAD, where=(where,)))
    path.write_bytes(html)
    page = open_offline(browser, path)
    scripts = page.evaluate("document.scripts.length")
    visit_everything(page)
    data = page.evaluate("window.casegraph.data")
    texts = {
        "name": [n["label"] for n in data["nodes"]],
        "alias": [a for n in data["nodes"] for a in n["aliases"]],
        "evidence": [s["text"] for s in data["sentences"]],
        "title": [a["title"] for a in data["articles"]],
        "role": [e["role"] for e in data["edges"]],
    }[where]

    assert html.lower().count(b"</script") == scripts  # only the page's own blocks end
    assert page.evaluate("document.scripts.length") == scripts
    assert any(PAYLOAD in (t or "") for t in texts)
    assert injected_anything(page) == []
    assert page.errors == []
    page.context.close()
