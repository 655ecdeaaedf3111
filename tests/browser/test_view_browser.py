"""The built page in a real browser: drawing, search, panels, filters, path, export, safety."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import networkx as nx
import pytest

from casegraph.extract.records import (
    COOCCURS,
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

DRAWN_NODES = "() => window.casegraph.network.body.nodeIndices.map(i => Number(i))"
DRAWN_EDGES = "() => window.casegraph.network.body.edgeIndices.map(j => Number(j))"
SELECTED = "() => window.casegraph.network.getSelectedNodes().map(i => Number(i))"
# The page position of a canvas point, for real mouse clicks.
DOM_POINT = """([x, y]) => {
  const p = window.casegraph.network.canvasToDOM({x, y});
  const r = document.getElementById('cg-network').getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""


@pytest.fixture
def data(bundled_page):
    """The data embedded in the page, as the page's script reads it."""
    return bundled_page.evaluate("window.casegraph.data")


def _index(data: dict, label: str) -> int:
    (i,) = [i for i, n in enumerate(data["nodes"]) if n["label"] == label]
    return i


def _pick(page, input_id: str, label: str) -> None:
    """Type a name into a search box and choose the result with exactly that label."""
    page.fill(f"#{input_id}", label)
    page.locator(f"#{input_id}-results button.cg-result").filter(has_text=label).first.click()


# --- drawing --------------------------------------------------------------------------------


def test_page_draws_every_entity_offline_without_errors(bundled_page, bundled_build):
    summary = json.loads((bundled_build / "summary.json").read_text("utf-8"))

    assert len(bundled_page.evaluate(DRAWN_NODES)) == summary["entities"]
    assert bundled_page.errors == []
    assert bundled_page.blocked == []
    assert bundled_page.evaluate("window.casegraph.drawnAt") > 0


def test_layout_is_the_precomputed_one_and_fits_the_window(bundled_page, data):
    positions = bundled_page.evaluate("window.casegraph.network.getPositions()")
    points = bundled_page.evaluate(
        """() => Object.values(window.casegraph.network.getPositions()).map(p => {
          const d = window.casegraph.network.canvasToDOM(p); return [d.x, d.y]; })"""
    )
    box = bundled_page.evaluate(
        "() => { const r = document.getElementById('cg-network').getBoundingClientRect();"
        " return [r.width, r.height]; }"
    )

    for i, node in enumerate(data["nodes"]):
        assert (positions[str(i)]["x"], positions[str(i)]["y"]) == (node["x"], node["y"])
    assert all(0 <= x <= box[0] and 0 <= y <= box[1] for x, y in points)
    assert bundled_page.evaluate("window.casegraph.network.physics.options.enabled") is False


def test_typed_relations_and_cooccurrence_are_drawn_differently(bundled_page, data):
    looks = bundled_page.evaluate(
        """() => window.casegraph.edges.get().map(e => ({
          typed: window.casegraph.data.edges[e.id].typed,
          arrow: e.arrows === 'to', dashed: e.dashes === true, label: e.label || null }))"""
    )

    assert {(x["typed"], x["arrow"], x["dashed"]) for x in looks} == {
        (True, True, False),
        (False, False, True),
    }
    for look, edge in zip(looks, data["edges"], strict=True):
        assert look["label"] == (edge["kind"] if edge["typed"] else None)


def test_a_screenshot_goes_to_the_build_directory_not_to_docs(bundled_page, tmp_path):
    # The README's screenshots are made on purpose by `make screenshots`, never by the tests.
    bundled_page.fill("#cg-search", "Europol")
    bundled_page.press("#cg-search", "Enter")
    shot = tmp_path / "screenshot.png"
    bundled_page.screenshot(path=str(shot))

    assert shot.read_bytes().startswith(b"\x89PNG")


# --- search and panels ----------------------------------------------------------------------


def test_searching_europol_selects_focuses_and_highlights_its_neighbourhood(bundled_page, data):
    page = bundled_page
    page.fill("#cg-search", "europ")
    first = page.locator("#cg-search-results button.cg-result").first.inner_text()
    page.fill("#cg-search", "Europol")
    page.press("#cg-search", "Enter")

    europol = _index(data, "Europol")
    assert first.startswith("Europol")
    neighbours = {
        e["from"] if e["to"] == europol else e["to"]
        for j, e in enumerate(data["edges"])
        if europol in (e["from"], e["to"]) and j in page.evaluate(DRAWN_EDGES)
    }
    assert set(page.evaluate(SELECTED)) == {europol} | neighbours
    # centred in the part of the chart the card leaves free
    distance = page.evaluate(
        """i => { const n = window.casegraph.network, p = n.canvasToDOM(n.getPosition(i));
                 const box = document.getElementById('cg-network');
                 const free = box.clientWidth - document.getElementById('cg-panel').offsetWidth;
                 return Math.hypot(p.x - free / 2, p.y - box.clientHeight / 2); }""",
        europol,
    )
    assert distance < 1.0
    assert page.inner_text("#cg-panel .cg-panel-title") == "Europol"


def test_clicking_a_node_shows_its_card_with_links_by_kind_and_marked_names(bundled_page, data):
    page = bundled_page
    europol = _index(data, "Europol")
    page.evaluate("i => window.casegraph.network.focus(i, {scale: 1.5})", europol)
    page.mouse.click(*page.evaluate(DOM_POINT, [data["nodes"][europol]["x"],
                                                data["nodes"][europol]["y"]]))  # fmt: skip

    panel = page.locator("#cg-panel")
    assert panel.locator(".cg-panel-kind").inner_text() == "Organization"
    titles = [data["articles"][a]["title"] for a in data["nodes"][europol]["articles"]]
    articles = panel.locator(".cg-articles li").all_inner_texts()
    assert [t.split(" (")[0] for t in articles] == titles
    kinds = {e["kind"] for e in data["edges"] if europol in (e["from"], e["to"])}
    headings = {h.rsplit(" (", 1)[0] for h in panel.locator("h4.cg-kind").all_inner_texts()}
    assert headings == kinds
    marked = set(panel.locator("mark").all_inner_texts())
    assert set(data["nodes"][europol]["aliases"]) & marked


def test_clicking_an_edge_shows_kind_and_every_evidence_sentence(bundled_page, data):
    page = bundled_page
    # a drawn edge whose midpoint is clear of nodes and other edges, clicked with the mouse
    found = page.evaluate(
        """() => {
          const n = window.casegraph.network;
          for (const j of n.body.edgeIndices) {
            const p = n.body.edges[j].edgeType.getPoint(0.5);
            n.moveTo({position: p, scale: 2});
            const dom = n.canvasToDOM(p);
            // clear within 2 px: the mouse lands on whole pixels of the page
            const near = [-2, 0, 2].flatMap(dx => [-2, 0, 2].map(
              dy => ({x: dom.x + dx, y: dom.y + dy})));
            const free = near.every(q => n.getNodeAt(q) === undefined && n.getEdgeAt(q) === j);
            if (free) return [Number(j), p.x, p.y];
          }
          return null;
        }"""
    )
    assert found is not None
    j, x, y = found
    page.mouse.click(*page.evaluate(DOM_POINT, [x, y]))

    edge = data["edges"][j]
    panel = page.locator("#cg-panel")
    assert panel.locator(".cg-panel-title").inner_text() == edge["kind"]
    shown = panel.locator(".cg-evidence .cg-sentence").all_inner_texts()
    # the page shows the sentence as text; the browser folds its trailing line breaks
    expected = [data["sentences"][ev[0]]["text"] for ev in edge["evidence"]]
    assert [" ".join(s.split()) for s in shown] == [" ".join(s.split()) for s in expected]
    assert f"Supported by {len(edge['articles'])} article" in panel.inner_text()
    assert page.evaluate("() => window.casegraph.network.getSelectedEdges().map(Number)") == [j]


def test_names_in_a_card_lead_to_their_own_cards(bundled_page, data):
    page = bundled_page
    page.fill("#cg-search", "Europol")
    page.press("#cg-search", "Enter")
    link = page.locator("#cg-panel .cg-link").first
    other = link.locator("button.cg-node-link").inner_text()
    link.locator("button.cg-edge-link").click()
    kind = page.inner_text("#cg-panel .cg-panel-title")
    page.locator("#cg-panel .cg-ends button.cg-node-link", has_text=other).first.click()

    assert kind in {e["kind"] for e in data["edges"]}
    assert page.inner_text("#cg-panel .cg-panel-title") == other
    page.click("#cg-panel-close")
    assert page.locator("#cg-panel").is_hidden()
    assert page.evaluate(SELECTED) == []


def test_physics_is_off_until_the_toggle_turns_it_on(bundled_page):
    enabled = "window.casegraph.network.physics.options.enabled"
    assert bundled_page.evaluate(enabled) is False
    bundled_page.check("#cg-physics")
    assert bundled_page.evaluate(enabled) is True
    bundled_page.uncheck("#cg-physics")
    assert bundled_page.evaluate(enabled) is False


def test_an_empty_graph_gives_a_page_that_says_so_without_errors(open_page, tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(render_html(build_graph(Extraction((), (), ()))))
    page = open_page(path)

    assert "Nothing to show" in page.inner_text("#cg-empty")
    assert page.errors == [] and page.blocked == []


# --- filters --------------------------------------------------------------------------------


@pytest.mark.parametrize("etype", ["Place", "Organization"])
def test_hiding_a_type_hides_its_nodes_and_showing_it_brings_them_back(bundled_page, data, etype):
    page = bundled_page
    of_type = {i for i, n in enumerate(data["nodes"]) if n["type"] == etype}
    page.uncheck(f"#cg-legend input[data-type='{etype}']")
    hidden = set(range(len(data["nodes"]))) - set(page.evaluate(DRAWN_NODES))
    drawn_edges = [data["edges"][j] for j in page.evaluate(DRAWN_EDGES)]
    page.check(f"#cg-legend input[data-type='{etype}']")

    assert of_type and hidden == of_type
    assert not [e for e in drawn_edges if {e["from"], e["to"]} & of_type]
    assert len(page.evaluate(DRAWN_NODES)) == len(data["nodes"])


def test_cooccurrence_is_hidden_by_default_and_one_control_shows_it(bundled_page, data):
    page = bundled_page
    typed = {j for j, e in enumerate(data["edges"]) if e["typed"]}
    assert typed, "the bundled corpus has typed relations"

    assert set(page.evaluate(DRAWN_EDGES)) == typed
    page.check("#cg-cooccurrence")
    assert set(page.evaluate(DRAWN_EDGES)) == set(range(len(data["edges"])))


def _visible_in_range(data: dict, start: str, end: str) -> set[int]:
    """Nodes the date filter should keep: undated, or a date / event span meeting the range."""
    keep = set()
    for i, n in enumerate(data["nodes"]):
        spans = [(d, d) for a in n["articles"] if (d := data["articles"][a]["date"])]
        if n.get("start") or n.get("end"):
            spans.append((n.get("start") or n["end"], n.get("end") or n["start"]))
        if not spans or any(e >= start and s <= end for s, e in spans):
            keep.add(i)
    return keep


def test_date_range_hides_what_is_outside(bundled_page, data):
    page = bundled_page
    dates = sorted({a["date"] for a in data["articles"] if a["date"]})
    start, end = dates[1], dates[-2]
    page.fill("#cg-date-from", start)
    page.fill("#cg-date-to", end)

    expected = _visible_in_range(data, start, end)
    assert set(page.evaluate(DRAWN_NODES)) == expected
    assert 0 < len(expected) < len(data["nodes"])
    page.click("#cg-date-reset")
    assert len(page.evaluate(DRAWN_NODES)) == len(data["nodes"])


# --- path -----------------------------------------------------------------------------------


def _farthest_pair(data: dict, *, typed_only: bool) -> tuple[int, int, int]:
    """(a, b, links) with the longest shortest path; ties broken by the labels."""
    G = nx.Graph()
    G.add_nodes_from(range(len(data["nodes"])))
    G.add_edges_from((e["from"], e["to"]) for e in data["edges"] if e["typed"] or not typed_only)
    label = [n["label"] for n in data["nodes"]]
    pairs = [
        (-d, label[a], label[b], a, b)
        for a, found in nx.all_pairs_shortest_path_length(G)
        for b, d in found.items()
        if label[a] < label[b]
    ]
    _, _, _, a, b = min(pairs)
    return a, b, nx.shortest_path_length(G, a, b)


@pytest.mark.parametrize("typed_only", [True, False], ids=["typed", "with co-occurrence"])
def test_a_shortest_path_between_two_entities_is_highlighted(bundled_page, data, typed_only):
    page = bundled_page
    a, b, links = _farthest_pair(data, typed_only=typed_only)
    _pick(page, "cg-path-from", data["nodes"][a]["label"])
    _pick(page, "cg-path-to", data["nodes"][b]["label"])
    page.set_checked("#cg-path-cooccurrence", not typed_only)
    page.click("#cg-path-find")

    nodes = page.evaluate("window.casegraph.path.nodes")
    edges = page.evaluate("window.casegraph.path.edges")
    assert (nodes[0], nodes[-1], len(edges)) == (a, b, links)
    for (u, v), j in zip(itertools.pairwise(nodes), edges, strict=True):
        assert {data["edges"][j]["from"], data["edges"][j]["to"]} == {u, v}
        assert data["edges"][j]["typed"] or not typed_only
    every = page.evaluate("window.casegraph.paths")
    for path in every:  # every shortest path is listed and highlighted
        assert (path["nodes"][0], path["nodes"][-1], len(path["edges"])) == (a, b, links)
    assert len({tuple(p["edges"]) for p in every}) == len(every)
    assert set(page.evaluate(SELECTED)) == {i for p in every for i in p["nodes"]}
    assert set(page.evaluate(DRAWN_EDGES)) >= set(edges)  # shown even if co-occurrence is off
    assert page.inner_text("#cg-path-result").startswith(f"{links} link")


# --- export ---------------------------------------------------------------------------------


def test_png_export_downloads_an_image(bundled_page):
    with bundled_page.expect_download() as download:
        bundled_page.click("#cg-png")

    assert download.value.suggested_filename == "casegraph.png"
    assert Path(download.value.path()).read_bytes().startswith(b"\x89PNG")


def _csv(page, button: str) -> list[dict[str, str]]:
    with page.expect_download() as download:
        page.click(button)
    text = Path(download.value.path()).read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_lists_the_shown_entities_and_links(bundled_page, data):
    page = bundled_page
    page.uncheck("#cg-legend input[data-type='Place']")
    entities = _csv(page, "#cg-csv-nodes")
    links = _csv(page, "#cg-csv-edges")

    shown = [n for n in data["nodes"] if n["type"] != "Place"]
    assert [r["key"] for r in entities] == [n["key"] for n in shown]
    assert [r["label"] for r in entities] == [n["label"] for n in shown]
    drawn = [data["edges"][j] for j in sorted(page.evaluate(DRAWN_EDGES))]
    assert [(r["from_key"], r["kind"], r["to_key"]) for r in links] == [
        (data["nodes"][e["from"]]["key"], e["kind"], data["nodes"][e["to"]]["key"]) for e in drawn
    ]


# --- RELIABILITY rows 1-3 in a real browser -----------------------------------------------

PAYLOADS = [
    '<img src=x onerror="window.__pwned = 1; alert(1)">',
    'see <a href="javascript:window.__pwned = 2">here</a> href="javascript:alert(2)"',
    "</script><script>window.__pwned = 3; alert(3)</script>",
    '=HYPERLINK("javascript:alert(4)")',
]


def _hostile_graph() -> nx.MultiDiGraph:
    """Payloads as entity names, aliases, evidence sentences, roles, article titles."""
    entities, texts = [], []
    for i, payload in enumerate(PAYLOADS):
        sentence = f"{payload} met {PAYLOADS[(i + 1) % len(PAYLOADS)]} in Lyon."
        texts.append(sentence)
    text = " ".join(texts)
    sentences, offset = [], 0
    for sentence in texts:
        sentences.append((offset, offset + len(sentence), sentence))
        offset += len(sentence) + 1
    for i, payload in enumerate(PAYLOADS):
        start, end, sentence = sentences[i]
        m = Mention(f"a{i % 2}", start, start + len(payload), payload, EntityType.ORGANIZATION,
                    start, end, "test")  # fmt: skip
        alias = PAYLOADS[(i + 2) % len(PAYLOADS)]
        entities.append(
            Entity(f"Organization:{payload}", EntityType.ORGANIZATION, payload, (alias, payload),
                   (m,))
        )  # fmt: skip
    relations = []
    for i in range(len(PAYLOADS)):
        start, end, sentence = sentences[i]
        a, b = entities[i].key, entities[(i + 1) % len(PAYLOADS)].key
        evidence = (Evidence(f"a{i % 2}", start, end, sentence, PAYLOADS[i], 1.0, "hypothetical"),)
        relations.append(Relation(a, "sponsor", b, evidence, role=PAYLOADS[(i + 3) % 4]))
        first, second = sorted((a, b))
        relations.append(Relation(first, COOCCURS, second, evidence))
    articles = tuple(
        Article(f"a{i}", f"a{i}.txt", PAYLOADS[i], text, f"2024-01-0{i + 1}") for i in range(2)
    )
    return build_graph(Extraction(articles, tuple(entities), tuple(relations)))


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with CSP", "CSP bypassed"])
def test_hostile_text_is_shown_as_text_and_runs_nothing(open_page, tmp_path, bypass_csp):
    path = tmp_path / "hostile.html"
    path.write_bytes(render_html(_hostile_graph(), title=PAYLOADS[0]))
    page = open_page(path, bypass_csp=bypass_csp)
    before = page.evaluate("document.scripts.length")

    page.check("#cg-cooccurrence")
    for payload in PAYLOADS:  # search, choose, and open every card and link
        page.fill("#cg-search", payload[:12])
        page.press("#cg-search", "Enter")
        page.fill("#cg-path-from", payload[:12])
    page.evaluate(
        """async () => {
          const c = window.casegraph;
          for (let i = 0; i < c.data.nodes.length; i++) c.focusNode(i);
          for (let j = 0; j < c.data.edges.length; j++) c.showEdge(j);
          c.findPath(0, 2, true);
          c.focusNode(0);
        }"""
    )
    x, y = page.evaluate(
        "p => ("
        + DOM_POINT
        + ")([window.casegraph.data.nodes[1].x, window.casegraph.data.nodes[1].y])",
        None,
    )
    page.mouse.move(x, y)  # the vis-network tooltip
    page.wait_for_timeout(400)
    with page.expect_download() as download:
        page.click("#cg-csv-nodes")
    exported = Path(download.value.path()).read_text("utf-8-sig")

    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.errors == []
    assert page.locator("img, iframe, object, embed, a[href]").count() == 0
    assert page.evaluate("document.scripts.length") == before
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
            ".filter(a => a.name.startsWith('on')).length"
        )
        == 0
    )
    shown = page.evaluate("window.casegraph.data.nodes[0].label")  # the card open last
    assert page.inner_text("#cg-panel .cg-panel-title") == shown
    assert shown in page.locator("#cg-panel mark").all_inner_texts()
    assert "hypothetical" in page.inner_text("#cg-panel")
    assert page.title() == PAYLOADS[0]
    # a spreadsheet would run the last payload as a formula: it is exported as text
    assert '"\'=HYPERLINK(""javascript:alert(4)"")"' in exported
