"""The built page in a real browser: drawing, search, panel, filters, path, safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casegraph.extract.records import (
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from casegraph.graph.build import build_graph
from casegraph.graph.view import render_html

pytestmark = pytest.mark.browser
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.png"


@pytest.fixture
def bundled_page(open_page, bundled_build):
    return open_page(bundled_build / "graph.html")


def summary(bundled_build):
    return json.loads((bundled_build / "summary.json").read_text("utf-8"))


def test_page_draws_every_entity_offline_without_errors(bundled_page, bundled_build):
    page = bundled_page
    drawn = page.evaluate("window.casegraph.nodes.length")
    assert drawn == summary(bundled_build)["entities"]
    assert page.errors == []
    page.screenshot(path=str(SCREENSHOT))  # the README shows this picture


def test_searching_focuses_the_entity_and_fills_the_panel(bundled_page):
    page = bundled_page
    page.fill("#cg-search", "Europol")
    page.press("#cg-search", "Enter")
    selected = page.evaluate("window.casegraph.network.getSelectedNodes()")
    labels = page.evaluate(
        "ids => ids.map(id => window.casegraph.data.nodes.find(n => n.id === id).label)", selected
    )
    assert labels[0] == "Europol"  # then its neighbourhood, highlighted with it
    centred = page.evaluate("""() => {
        const c = window.casegraph, id = c.data.nodes.find(n => n.label === 'Europol').id;
        const p = c.network.getPositions([id])[id], v = c.network.getViewPosition();
        return Math.hypot(p.x - v.x, p.y - v.y);
    }""")
    assert centred < 1.0
    assert page.inner_text("#cg-panel h2") == "Europol"


def _dom_point(page, canvas_point):
    return page.evaluate(
        """([x, y]) => {
          const p = window.casegraph.network.canvasToDOM({x, y});
          const r = document.getElementById('cg-network').getBoundingClientRect();
          return [p.x + r.left, p.y + r.top];
        }""",
        canvas_point,
    )


def test_clicking_an_edge_shows_its_evidence(bundled_page):
    page = bundled_page
    edge = page.evaluate("""() => {
        const c = window.casegraph, pos = c.network.getPositions();
        const e = c.data.edges.find(e => e.typed && e.kind === 'organizer' && e.weight === 1);
        const a = pos[e.from], b = pos[e.to];
        return {id: e.id, text: e.evidence[0].text, mid: [(a.x + b.x) / 2, (a.y + b.y) / 2]};
    }""")
    page.evaluate(
        "id => window.casegraph.network.focus(id, {scale: 1.0})",
        page.evaluate("id => window.casegraph.data.edges.find(e => e.id === id).from", edge["id"]),
    )
    x, y = _dom_point(page, edge["mid"])
    page.mouse.click(x, y)
    assert edge["text"][:40] in page.inner_text("#cg-panel")


def test_clicking_a_node_lists_links_by_kind_with_marked_names(bundled_page):
    page = bundled_page
    page.fill("#cg-search", "Operation Strikeback")
    page.press("#cg-search", "Enter")
    pos = page.evaluate("""() => {
        const c = window.casegraph;
        const id = c.data.nodes.find(n => n.label === 'Operation Strikeback').id;
        const p = c.network.getPositions([id])[id];
        return [p.x, p.y];
    }""")
    x, y = _dom_point(page, pos)
    page.mouse.click(x, y)
    panel = page.inner_text("#cg-panel")
    assert "organizer" in panel and "INTERPOL" in panel
    assert page.locator("#cg-panel mark", has_text="Operation Strikeback").count() >= 1


def test_hiding_a_type_hides_its_nodes(bundled_page):
    page = bundled_page
    page.click(".cg-toggle[data-type='Place']")
    hidden = page.evaluate("""() => {
        const c = window.casegraph;
        return c.data.nodes.filter(n => n.type === 'Place')
            .every(n => c.nodes.get(n.id).hidden === true)
          && c.data.nodes.filter(n => n.type !== 'Place').every(n => !c.nodes.get(n.id).hidden);
    }""")
    assert hidden


def test_cooccurrence_is_hidden_by_default_and_shown_on_request(bundled_page):
    page = bundled_page
    count = "() => window.casegraph.edges.get({filter: e => !e.hidden}).length"
    typed_only = page.evaluate(count)
    assert typed_only == page.evaluate("window.casegraph.data.edges.filter(e => e.typed).length")
    page.check("#cg-cooc")
    assert page.evaluate(count) > typed_only


def test_path_between_two_entities_is_highlighted(bundled_page):
    page = bundled_page
    page.fill("#cg-from", "Michael Moran")
    page.fill("#cg-to", "Europol")
    page.click("#cg-path")
    panel = page.inner_text("#cg-panel")
    assert panel.startswith("Path:")
    selected = page.evaluate("window.casegraph.network.getSelectedNodes()")
    labels = page.evaluate(
        "ids => ids.map(id => window.casegraph.data.nodes.find(n => n.id === id).label)", selected
    )
    assert labels[0] == "Michael Moran" and labels[-1] == "Europol" and len(labels) >= 3


def test_date_range_hides_what_is_outside(bundled_page):
    page = bundled_page
    page.fill("#cg-date-from", "2022-01-01")
    page.dispatch_event("#cg-date-from", "change")
    shown = page.evaluate("""() => window.casegraph.nodes.get({filter: n => !n.hidden})
        .map(n => window.casegraph.data.nodes.find(d => d.id === n.id).label)""")
    assert "Ilana de Wild" in shown and "Troels Oerting" not in shown


HOSTILE = [
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    'x" href="javascript:window.__pwned=2"',
    "</script><script>window.__pwned=3;alert(3)</script>",
]


def _hostile_graph():
    text = " ".join(f"{h} met {h}." for h in HOSTILE)
    arts = [Article("a1", "a1.txt", HOSTILE[0], text, "2024-01-01")]
    ents, offset = [], 0
    for i, h in enumerate(HOSTILE):
        start = text.index(h, offset)
        m = Mention("a1", start, start + len(h), h, EntityType.ORGANIZATION, 0, len(text), "t")
        ents.append(Entity(f"Organization:{i}", EntityType.ORGANIZATION, h, (h, HOSTILE[2]), (m,)))
        offset = start + len(h)
    ev = Evidence("a1", 0, len(text), text, HOSTILE[1])
    rel = Relation("Organization:0", "sponsor", "Organization:1", (ev,), role=HOSTILE[2])
    return build_graph(Extraction(tuple(arts), tuple(ents), (rel,)))


def test_hostile_text_runs_nothing_anywhere(open_page, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_bytes(render_html(_hostile_graph(), title=HOSTILE[0]))
    page = open_page(path)
    for name in ("img", 'x"', "</script>"):
        page.fill("#cg-search", name)
        page.press("#cg-search", "Enter")
    page.evaluate("window.casegraph.network.selectEdges([window.casegraph.data.edges[0].id])")
    page.evaluate("""() => window.casegraph.network.body.emitter.emit('click',
        {nodes: [], edges: [window.casegraph.data.edges[0].id]})""")
    assert HOSTILE[0] in page.inner_text("#cg-panel") or HOSTILE[1] in page.inner_text("body")
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.locator("img").count() == 0
