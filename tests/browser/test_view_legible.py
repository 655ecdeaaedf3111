"""The bundled corpus in a real browser: labels readable at every zoom, never overlapping, and
the card opening over the chart without changing what the analyst looks at."""

from __future__ import annotations

import itertools

import pytest

pytestmark = pytest.mark.browser

MIN_PX = 11
# [node, on-screen font px, drawn?] for every shown node, as vis-network draws them
LABELS = "window.casegraph.labelSizes()"
VIEW = """() => { const n = window.casegraph.network, p = n.getViewPosition();
  const r = document.getElementById('cg-network').getBoundingClientRect();
  return [n.getScale(), p.x, p.y, r.width, r.height]; }"""
# canvas boxes of every shown node's label and shape: [node, [l, t, r, b], [l, t, r, b]]
BOXES = """() => { const n = window.casegraph.network;
  n.body.emitter.emit('_resizeNodes');
  return n.body.nodeIndices.map(id => { const node = n.body.nodes[id], s = node.labelModule.size;
    const r = node.options.size;
    return [Number(id), [s.left, s.top, s.left + s.width, s.top + s.height],
            [node.x - r, node.y - r, node.x + r, node.y + r]]; }); }"""


@pytest.fixture(params=[(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def screen_page(request, open_page, bundled_build):
    width, height = request.param
    return open_page(bundled_build / "graph.html", viewport={"width": width, "height": height})


def _apart(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_every_label_is_drawn_and_at_least_11_px_at_the_opening_zoom(screen_page):
    labels = screen_page.evaluate(LABELS)

    assert len(labels) == len(screen_page.evaluate("window.casegraph.data.nodes"))
    assert all(drawn for _, _, drawn in labels)
    assert min(px for _, px, _ in labels) >= MIN_PX


def test_the_opening_zoom_shows_every_label_whole_inside_the_chart(screen_page):
    _, _, _, width, height = screen_page.evaluate(VIEW)
    corners = screen_page.evaluate(
        """() => { const n = window.casegraph.network;
          return n.body.nodeIndices.map(id => { const s = n.body.nodes[id].labelModule.size;
            const a = n.canvasToDOM({x: s.left, y: s.top});
            const b = n.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
            return [a.x, a.y, b.x, b.y]; }); }"""
    )

    for x0, y0, x1, y1 in corners:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height


def test_no_two_labels_overlap_and_no_node_hides_another_at_the_opening_zoom(screen_page):
    boxes = screen_page.evaluate(BOXES)

    for (i, label_a, shape_a), (j, label_b, shape_b) in itertools.combinations(boxes, 2):
        assert _apart(label_a, label_b), (i, j)
        assert _apart(shape_a, shape_b), (i, j)
        assert _apart(label_a, shape_b) and _apart(shape_a, label_b), (i, j)


def test_zoomed_far_out_only_the_most_important_labels_stay_and_never_below_11_px(
    bundled_page,
):
    page = bundled_page
    page.evaluate("window.casegraph.network.moveTo({scale: 0.2})")
    page.evaluate("window.casegraph.network.emit('zoom', {})")
    page.evaluate("window.casegraph.network.redraw()")
    labels = page.evaluate(LABELS)
    drawn = [i for i, _, shown in labels if shown]
    data = page.evaluate("window.casegraph.data")

    assert 0 < len(drawn) < len(labels)
    assert min(px for _, px, shown in labels if shown) >= MIN_PX
    degree = sorted((n["measures"]["degree"] for n in data["nodes"]), reverse=True)
    assert min(data["nodes"][i]["measures"]["degree"] for i in drawn) >= degree[len(drawn) - 1]
    page.evaluate("window.casegraph.fit()")
    assert all(shown for _, _, shown in page.evaluate(LABELS))


def test_opening_and_closing_the_card_keeps_the_zoom_centre_and_canvas(screen_page):
    page = screen_page
    before = page.evaluate(VIEW)
    page.evaluate("i => window.casegraph.focusNode(i, false)", 0)
    opened = page.evaluate(VIEW)
    labels = page.evaluate(LABELS)
    page.keyboard.press("Escape")
    closed = page.evaluate(VIEW)

    assert page.locator("#cg-panel").is_visible() is False
    assert opened == before == closed
    assert min(px for _, px, _ in labels) >= MIN_PX
    assert all(drawn for _, _, drawn in labels)


def test_the_label_estimate_of_the_layout_is_never_narrower_than_the_drawn_text(bundled_page):
    # graph/layout.py reserves room for each label from a glyph-width estimate
    from casegraph.graph.footprints import text_width
    from casegraph.graph.viewstyle import load_style

    style = load_style()
    words = sorted({w for n in bundled_page.evaluate("window.casegraph.data.nodes")
                    for w in n["label"].split()})  # fmt: skip
    drawn = bundled_page.evaluate(
        """([words, size]) => { const c = document.createElement('canvas').getContext('2d');
          c.font = size + 'px sans-serif'; return words.map(w => c.measureText(w).width); }""",
        [words, style.font_size],
    )
    for word, width in zip(words, drawn, strict=True):
        estimate = text_width(word, font_size=style.font_size, char_width=style.char_width)
        assert estimate >= width * 0.98, word
