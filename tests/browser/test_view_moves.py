"""The link-chart moves in a real browser: expand / collapse, hide, pin, undo / redo, reset,
focus, groups, size measures, path steps, keyboard, and the view kept in the address."""

from __future__ import annotations

import json
import urllib.parse

import networkx as nx
import pytest

from casegraph.extract.records import Article, Entity, EntityType, Evidence, Extraction, Mention
from casegraph.extract.records import Relation as Rel
from casegraph.graph.build import build_graph
from casegraph.graph.view import render_html

pytestmark = pytest.mark.browser

DRAWN = "() => window.casegraph.network.body.nodeIndices.map(Number).sort((a, b) => a - b)"
SELECTED = "() => window.casegraph.network.getSelectedNodes().map(Number).sort((a, b) => a - b)"
DOM_POINT = """i => { const n = window.casegraph.network, p = n.canvasToDOM(n.getPosition(i));
  const r = document.getElementById('cg-network').getBoundingClientRect();
  return [p.x + r.left, p.y + r.top]; }"""


def _index(data: dict, label: str) -> int:
    (i,) = [i for i, n in enumerate(data["nodes"]) if n["label"] == label]
    return i


def _typed(data: dict, *, cooccurrence: bool = False) -> nx.Graph:
    G = nx.Graph()
    G.add_nodes_from(range(len(data["nodes"])))
    G.add_edges_from((e["from"], e["to"]) for e in data["edges"] if e["typed"] or cooccurrence)
    return G


def _around(data: dict, i: int, hops: int, *, cooccurrence: bool = False) -> set[int]:
    return set(nx.single_source_shortest_path_length(_typed(data, cooccurrence=cooccurrence), i,
                                                     cutoff=hops))  # fmt: skip


@pytest.fixture
def data(bundled_page):
    return bundled_page.evaluate("window.casegraph.data")


def _hub(data: dict) -> int:
    """The entity with most typed neighbours."""
    return max(
        range(len(data["nodes"])), key=lambda i: (data["nodes"][i]["measures"]["degree"], -i)
    )


# --- focus, expand, collapse ------------------------------------------------------------------


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_focus_shows_only_the_entity_and_its_neighbours_within_n_hops(bundled_page, data, hops):
    page = bundled_page
    hub = _hub(data)
    page.select_option("#cg-focus-hops", str(hops))
    page.evaluate("i => window.casegraph.focusNode(i)", hub)
    page.click("#cg-panel [data-action='focus']")

    assert set(page.evaluate(DRAWN)) == _around(data, hub, hops)
    assert data["nodes"][hub]["label"] in page.inner_text("#cg-focus-state")
    page.click("#cg-focus-clear")
    assert len(page.evaluate(DRAWN)) == len(data["nodes"])


def test_focus_can_follow_cooccurrence_too(bundled_page, data):
    page = bundled_page
    hub = _hub(data)
    page.check("#cg-focus-cooccurrence")
    page.select_option("#cg-focus-hops", "1")
    page.evaluate("i => window.casegraph.focusNode(i)", hub)
    page.click("#cg-panel [data-action='focus']")

    assert set(page.evaluate(DRAWN)) == _around(data, hub, 1, cooccurrence=True)


def test_double_click_expands_hidden_neighbours_and_again_collapses_them(bundled_page, data):
    page = bundled_page
    hub = _hub(data)
    page.select_option("#cg-focus-hops", "1")
    page.evaluate("i => window.casegraph.focusNode(i)", hub)
    page.click("#cg-panel [data-action='focus']")
    focused = set(page.evaluate(DRAWN))
    G = _typed(data)
    # a neighbour of the hub with neighbours of its own outside the focus
    edge = next(i for i in sorted(G[hub]) if set(G[i]) - focused)
    page.mouse.dblclick(*page.evaluate(DOM_POINT, edge))

    expanded = set(page.evaluate(DRAWN))
    assert expanded == focused | set(G[edge])
    page.mouse.dblclick(*page.evaluate(DOM_POINT, edge))
    assert set(page.evaluate(DRAWN)) == focused


def _star() -> nx.MultiDiGraph:
    """Hub - A, Hub - B; A and B both - Shared; A - X; B - Y (typed links)."""
    names = ["Hub", "A", "B", "Shared", "X", "Y"]
    text = " ".join(names) + "."
    entities, at = [], 0
    for name in names:
        m = Mention("a1", at, at + len(name), name, EntityType.ORGANIZATION, 0, len(text), "test")
        entities.append(Entity(name.lower(), EntityType.ORGANIZATION, name, (name,), (m,)))
        at += len(name) + 1
    ev = (Evidence("a1", 0, len(text), text, "test"),)
    pairs = [("a", "hub"), ("b", "hub"), ("a", "shared"), ("b", "shared"), ("x", "a"), ("y", "b")]
    relations = tuple(Rel(u, "parentOrganization", v, ev) for u, v in pairs)
    article = Article("a1", "a1.txt", "Six offices", text, "2020-01-01")
    return build_graph(Extraction((article,), tuple(entities), relations))


def test_collapse_hides_only_what_no_other_expand_brought_in(open_page, tmp_path):
    path = tmp_path / "star.html"
    path.write_bytes(render_html(_star()))
    page = open_page(path)
    at = {n["label"]: i for i, n in enumerate(page.evaluate("window.casegraph.data.nodes"))}
    page.evaluate("i => window.casegraph.moves.focus(i, 1, false)", at["Hub"])
    shown = lambda: {n for n, i in at.items() if i in page.evaluate(DRAWN)}  # noqa: E731

    assert shown() == {"Hub", "A", "B"}
    page.evaluate("i => window.casegraph.moves.expand(i)", at["A"])
    assert shown() == {"Hub", "A", "B", "Shared", "X"}
    page.evaluate("i => window.casegraph.moves.expand(i)", at["B"])
    page.evaluate("i => window.casegraph.moves.collapse(i)", at["A"])
    assert shown() == {"Hub", "A", "B", "Shared", "Y"}  # Shared: B brought it in too
    page.evaluate("() => window.casegraph.moves.undo()")
    assert shown() == {"Hub", "A", "B", "Shared", "X", "Y"}
    assert page.errors == []


# --- hide, pin, undo, redo, reset ---------------------------------------------------------------


def test_hide_then_undo_redo_and_reset(bundled_page, data):
    page = bundled_page
    europol = _index(data, "Europol")
    page.evaluate("i => window.casegraph.focusNode(i)", europol)
    page.click("#cg-panel [data-action='hide']")

    assert europol not in page.evaluate(DRAWN)
    assert page.locator("#cg-panel").is_hidden()
    page.click("#cg-undo")
    assert europol in page.evaluate(DRAWN)
    page.click("#cg-redo")
    assert europol not in page.evaluate(DRAWN)
    page.keyboard.press("Control+z")
    assert europol in page.evaluate(DRAWN)
    page.keyboard.press("Control+y")
    assert europol not in page.evaluate(DRAWN)
    page.check("#cg-cooccurrence")
    page.select_option("#cg-size", "mentions")
    page.select_option("#cg-colour", "group")
    page.uncheck("#cg-legend input[data-type='Place']")
    page.click("#cg-map-toggle")
    page.click("#cg-reset")
    assert len(page.evaluate(DRAWN)) == len(data["nodes"])
    assert page.is_checked("#cg-cooccurrence") is False
    assert (page.input_value("#cg-size"), page.input_value("#cg-colour")) == ("degree", "type")
    assert page.locator("#cg-map").is_hidden()
    assert len(page.evaluate("window.casegraph.network.body.edgeIndices")) == sum(
        1 for e in data["edges"] if e["typed"]
    )
    page.click("#cg-undo")  # reset is a move too
    assert europol not in page.evaluate(DRAWN)


def test_a_dropped_node_stays_pinned_where_it_was_dropped_and_undo_puts_it_back(bundled_page, data):
    page = bundled_page
    i = _index(data, "Europol")
    page.evaluate("i => window.casegraph.network.focus(i, {scale: 1.2})", i)
    x, y = page.evaluate(DOM_POINT, i)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    dropped = page.evaluate("i => window.casegraph.network.getPosition(i)", i)

    assert (dropped["x"], dropped["y"]) != (data["nodes"][i]["x"], data["nodes"][i]["y"])
    assert page.evaluate("i => window.casegraph.nodes.get(i).fixed", i) is True
    pinned = page.evaluate("[...window.casegraph.pinned]")
    assert pinned == [[i, [round(dropped["x"]), round(dropped["y"])]]]
    page.check("#cg-physics")  # physics does not move a pinned node
    page.wait_for_timeout(300)
    after = page.evaluate("i => window.casegraph.network.getPosition(i)", i)
    page.uncheck("#cg-physics")
    assert (round(after["x"]), round(after["y"])) == (round(dropped["x"]), round(dropped["y"]))
    page.click("#cg-undo")
    back = page.evaluate("i => window.casegraph.network.getPosition(i)", i)
    assert (back["x"], back["y"]) == (data["nodes"][i]["x"], data["nodes"][i]["y"])


# --- groups and measures ------------------------------------------------------------------------


def test_colour_by_group_shows_a_legend_of_groups_and_selects_one(bundled_page, data):
    page = bundled_page
    page.select_option("#cg-colour", "group")
    colours = page.evaluate("window.casegraph.nodes.get().map(n => n.color.background)")
    rows = page.locator("#cg-groups li")

    assert page.locator("#cg-groups").is_visible()
    assert rows.count() == len(data["groups"]) > 1
    for node, colour in zip(data["nodes"], colours, strict=True):
        expected = (
            data["style"]["ungrouped"]
            if node["group"] is None
            else data["groups"][node["group"]]["color"]
        )
        assert colour == expected
    rows.first.locator("button").click()
    members = [i for i, n in enumerate(data["nodes"]) if n["group"] == 0]
    assert page.evaluate(SELECTED) == members
    assert page.inner_text("#cg-panel .cg-panel-title").startswith("Group 1")


@pytest.mark.parametrize("measure", ["mentions", "pagerank", "betweenness", "degree"])
def test_node_size_follows_the_chosen_measure(bundled_page, data, measure):
    page = bundled_page
    page.select_option("#cg-size", measure)
    sizes = page.evaluate("window.casegraph.nodes.get().map(n => n.size)")

    assert sizes == [n["sizes"][measure] for n in data["nodes"]]


def test_the_most_connected_entity_is_drawn_largest_by_default(bundled_page, data):
    sizes = bundled_page.evaluate("window.casegraph.nodes.get().map(n => n.size)")
    hub = _hub(data)

    assert sizes[hub] == max(sizes)
    assert bundled_page.input_value("#cg-size") == "degree"


# --- path -----------------------------------------------------------------------------------


def _diamond() -> nx.MultiDiGraph:
    """A -> B -> D and A -> C -> D: two shortest paths from A to D."""
    names = ["Alpha Agency", "Bravo Bureau", "Charlie Centre", "Delta Desk"]
    text = " ".join(names) + "."
    entities, at = [], 0
    for name in names:
        m = Mention("a1", at, at + len(name), name, EntityType.ORGANIZATION, 0, len(text), "test")
        entities.append(Entity(name.lower(), EntityType.ORGANIZATION, name, (name,), (m,)))
        at += len(name) + 1
    ev = (Evidence("a1", 0, len(text), text, "test"),)
    k = [e.key for e in entities]
    relations = (
        Rel(k[0], "parentOrganization", k[1], ev),
        Rel(k[2], "parentOrganization", k[0], ev),
        Rel(k[1], "funder", k[3], ev),
        Rel(k[2], "sponsor", k[3], ev),
    )
    article = Article("a1", "a1.txt", "Four offices", text, "2020-01-01")
    return build_graph(Extraction((article,), tuple(entities), relations))


def test_path_lists_every_shortest_path_with_kind_and_direction_of_each_step(open_page, tmp_path):
    path = tmp_path / "diamond.html"
    path.write_bytes(render_html(_diamond()))
    page = open_page(path)
    page.evaluate("() => window.casegraph.findPath(0, 3, false)")

    steps = page.locator("#cg-path-result ol").all_inner_texts()
    assert len(steps) == 2
    texts = [" ".join(s.split()) for s in steps]
    assert "Alpha Agency —parentOrganization→ Bravo Bureau" in texts[0] + texts[1]
    assert "Alpha Agency ←parentOrganization— Charlie Centre" in texts[0] + texts[1]
    assert any("—funder→ Delta Desk" in t for t in texts)
    assert any("—sponsor→ Delta Desk" in t for t in texts)
    page.locator("#cg-path-result .cg-step-link", has_text="funder").click()
    assert page.inner_text("#cg-panel .cg-panel-title") == "funder"
    assert page.errors == []


# --- keyboard -------------------------------------------------------------------------------


def test_keyboard_escape_slash_f_arrows_and_help(bundled_page, data):
    page = bundled_page
    page.evaluate("i => window.casegraph.focusNode(i)", _index(data, "Europol"))
    page.locator("#cg-network").click(position={"x": 5, "y": 300})
    page.evaluate("i => window.casegraph.focusNode(i)", _index(data, "Europol"))
    page.keyboard.press("Escape")
    assert page.locator("#cg-panel").is_hidden()
    assert page.evaluate(SELECTED) == []

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "cg-search"
    page.keyboard.type("inter")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.textContent")
    assert first != second and "INTERPOL" in first + second
    page.keyboard.press("Enter")
    assert page.inner_text("#cg-panel .cg-panel-title") in first + second

    fitted = page.evaluate("window.casegraph.network.getScale()")
    page.evaluate("window.casegraph.network.moveTo({scale: 3})")
    page.locator("#cg-toolbar").click(position={"x": 400, "y": 5}, force=True)
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("f")
    assert page.evaluate("window.casegraph.network.getScale()") < 3
    page.keyboard.press("?")
    assert page.locator("#cg-help").is_visible()
    assert "Esc" in page.inner_text("#cg-help")
    page.keyboard.press("Escape")
    assert page.locator("#cg-help").is_hidden()
    assert fitted > 0


# --- the view in the address ---------------------------------------------------------------


def test_the_view_survives_a_reload_from_its_address(bundled_page, data, open_page):
    page = bundled_page
    europol, hub = _index(data, "Europol"), _hub(data)
    page.uncheck("#cg-legend input[data-type='Person']")
    page.fill("#cg-date-from", "2013-01-01")
    page.fill("#cg-date-to", "2015-12-31")
    page.select_option("#cg-size", "pagerank")
    page.select_option("#cg-colour", "group")
    page.evaluate("i => window.casegraph.moves.pin(i, 123, -45)", hub)
    hidden = next(i for i in page.evaluate(DRAWN) if i not in (europol, hub))
    page.evaluate("i => window.casegraph.moves.hide(i)", hidden)
    page.evaluate("i => window.casegraph.focusNode(i, false)", europol)
    page.evaluate("window.casegraph.network.moveTo({position: {x: 40, y: 60}, scale: 1.3})")
    page.click("#cg-map-toggle")
    page.wait_for_function("() => location.hash.startsWith('#view=')")
    page.wait_for_timeout(400)
    url = page.url
    before = page.evaluate("window.casegraph.viewState()")
    drawn = page.evaluate(DRAWN)

    again = open_page(url)
    after = again.evaluate("window.casegraph.viewState()")
    assert after == before
    assert again.evaluate(DRAWN) == drawn
    assert again.inner_text("#cg-panel .cg-panel-title") == "Europol"
    assert again.input_value("#cg-date-from") == "2013-01-01"
    assert again.is_checked("#cg-legend input[data-type='Person']") is False
    assert again.locator("#cg-map").is_visible()
    position = again.evaluate("i => window.casegraph.network.getPosition(i)", hub)
    assert (position["x"], position["y"]) == (123, -45)
    state = json.loads(urllib.parse.unquote(url.split("#view=", 1)[1]))
    assert data["nodes"][hub]["key"] in json.dumps(state["p"])  # entities by key, not index
    assert again.errors == []


def test_a_broken_or_foreign_address_opens_the_default_view(open_page, bundled_build):
    base = (bundled_build / "graph.html").as_uri()
    foreign = urllib.parse.quote('{"h": ["nobody"], "z": "x"}')
    for fragment in ["#view=%7Bnot json", "#view=" + foreign, "#somewhere"]:
        page = open_page(base + fragment)
        assert len(page.evaluate(DRAWN)) == len(page.evaluate("window.casegraph.data.nodes"))
        assert page.errors == []
