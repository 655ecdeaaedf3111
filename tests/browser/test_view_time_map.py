"""Timeline, map, inferred links, evidence listed once and the query-page link, in a real
browser."""

from __future__ import annotations

import http.server
import threading
from functools import partial

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

DRAWN = "() => window.casegraph.network.body.nodeIndices.map(Number).sort((a, b) => a - b)"


def _labels(page) -> set[str]:
    nodes = page.evaluate("window.casegraph.data.nodes")
    return {nodes[i]["label"] for i in page.evaluate(DRAWN)}


def _records(spec):
    """``spec``: article id -> (date, [(sentence, [(name, type[, gazetteer id]), ...],
    [(a, kind, b, basis), ...]), ...])."""
    articles, mentions, relations, types = [], {}, {}, {}
    for aid, (date, sentences) in spec.items():
        text, spans = "", []
        for sentence, names, links in sentences:
            start = len(text)
            text += sentence + " "
            for name, etype, *canonical in names:
                at = start + sentence.index(name)
                types[name] = etype
                mentions.setdefault(name, []).append(
                    Mention(aid, at, at + len(name), name, etype, start, start + len(sentence), "t",
                            *canonical)
                )  # fmt: skip
            for a, kind, b, basis in links:
                ev = Evidence(aid, start, start + len(sentence), sentence,
                              "inferred" if basis else "t", basis=basis)  # fmt: skip
                relations.setdefault((a, kind, b), []).append(ev)
            spans.append(sentence)
        articles.append(Article(aid, f"{aid}.txt", f"Release {aid}", text, date))
    entities = tuple(Entity(n, types[n], n, (n,), tuple(ms)) for n, ms in sorted(mentions.items()))
    rels = tuple(Relation(a, k, b, tuple(ev)) for (a, k, b), ev in sorted(relations.items()))
    return build_graph(Extraction(tuple(articles), entities, rels))


# --- timeline -------------------------------------------------------------------------------


def _bar_bins(page) -> list[dict]:
    return page.evaluate("window.casegraph.timeline.bins")


def test_the_timeline_counts_dated_articles_events_and_figures(bundled_page):
    data = bundled_page.evaluate("window.casegraph.data")
    bins = _bar_bins(bundled_page)
    counts = {k: sum(b["counts"][k] for b in bins) for k in ("article", "event", "figure")}

    assert counts["article"] == sum(1 for a in data["articles"] if a["date"])
    assert counts["event"] == sum(1 for n in data["nodes"] if n.get("start") or n.get("end"))
    assert counts["figure"] == sum(1 for n in data["nodes"] for c in n["claims"] if c["date"])
    assert bundled_page.locator("#cg-timeline-svg rect.cg-bar-article").count() >= 1


def test_brushing_the_timeline_filters_the_chart_and_steps_move_the_range(bundled_page):
    page = bundled_page
    bins = _bar_bins(page)
    box = page.locator("#cg-timeline-svg").bounding_box()
    bar = box["width"] / len(bins)
    first = next(k for k, b in enumerate(bins) if b["counts"]["article"])
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + bar * (first + 0.5), y)
    page.mouse.down()
    page.mouse.move(box["x"] + bar * (first + 1.5), y, steps=4)
    page.mouse.up()

    expected = (bins[first]["from"], bins[first + 1]["to"])
    assert page.evaluate("[window.casegraph.filters.from, window.casegraph.filters.to]") == list(
        expected
    )
    assert (page.input_value("#cg-date-from"), page.input_value("#cg-date-to")) == expected
    shown = len(page.evaluate(DRAWN))
    assert 0 < shown < len(page.evaluate("window.casegraph.data.nodes"))
    page.click("#cg-time-next")
    assert page.evaluate("window.casegraph.filters.from") == bins[first + 2]["from"]
    page.click("#cg-time-back")
    assert page.evaluate("window.casegraph.filters.from") == bins[first]["from"]
    page.click("#cg-date-reset")
    assert page.evaluate("window.casegraph.filters.from") == ""
    assert page.locator("#cg-brush").count() == 0


def test_play_steps_through_time_until_stopped(bundled_page):
    page = bundled_page
    page.click("#cg-time-play")
    first = page.evaluate("window.casegraph.filters.from")
    page.wait_for_function(
        "f => window.casegraph.filters.from && window.casegraph.filters.from !== f",
        arg=first,
        timeout=5000,
    )
    page.click("#cg-time-play")
    stopped = page.evaluate("window.casegraph.filters.from")
    page.wait_for_timeout(1300)

    assert first and stopped != first
    assert page.evaluate("window.casegraph.filters.from") == stopped
    assert page.get_attribute("#cg-time-play", "aria-pressed") == "false"


def test_entities_without_dates_follow_the_links_that_connect_them(open_page, tmp_path):
    P, Org = EntityType.PLACE, EntityType.ORGANIZATION
    G = _records({
        "old": ("2010-05-01", [("Europol met in Lyon.", [("Europol", Org), ("Lyon", P)],
                                [("Europol", "location", "Lyon", ())])]),
        "new": ("2020-05-01", [("Eurojust met in Oslo.", [("Eurojust", Org), ("Oslo", P)],
                                [("Eurojust", "location", "Oslo", ())])]),
        "undated": (None, [("Oslo and Lyon and Riga are cities.", [("Oslo", P), ("Lyon", P),
                                                                     ("Riga", P)], [])]),
    })  # fmt: skip
    # Riga is named only in an undated article, with no link: nothing says when it matters
    path = tmp_path / "dates.html"
    path.write_bytes(render_html(G))
    page = open_page(path)
    page.fill("#cg-date-from", "2019-01-01")
    page.fill("#cg-date-to", "2021-12-31")

    assert _labels(page) == {"Eurojust", "Oslo", "Riga"}
    page.fill("#cg-date-from", "2009-01-01")
    page.fill("#cg-date-to", "2011-12-31")
    assert _labels(page) == {"Europol", "Lyon", "Riga"}


# --- map --------------------------------------------------------------------------------------


def test_the_map_draws_located_places_on_the_world_outline_and_a_click_selects(bundled_page):
    page = bundled_page
    data = page.evaluate("window.casegraph.data")
    located = [i for i, n in enumerate(data["nodes"]) if "lat" in n]
    page.keyboard.press("m")

    assert page.locator("#cg-map").is_visible()
    assert page.locator("#cg-map-svg path.cg-land").count() > 100  # the countries
    dots = page.locator("#cg-map-svg circle.cg-map-place")
    assert sorted(int(d) for d in dots.evaluate_all("ds => ds.map(d => d.dataset.node)")) == located
    lyon = next(i for i in located if data["nodes"][i]["label"] == "Lyon")
    page.locator(f"#cg-map-svg circle[data-node='{lyon}']").dispatch_event("click")
    assert page.inner_text("#cg-panel .cg-panel-title") == "Lyon"
    assert lyon in page.evaluate("window.casegraph.network.getSelectedNodes().map(Number)")
    assert page.locator(f"#cg-map-svg circle[data-node='{lyon}'].cg-selected").count() == 1
    page.uncheck("#cg-legend input[data-type='Place']")
    assert page.locator("#cg-map-svg circle.cg-map-place").count() == 0
    assert page.errors == []


def test_the_map_draws_the_links_between_located_places(open_page, tmp_path):
    P = EntityType.PLACE
    # located through their gazetteer ids, as the extraction sets them
    names = [("Lyon", P, "city:lyon"), ("France", P, "country:FR")]
    links = [("Lyon", "containedInPlace", "France", ())]
    G = _records({"a": ("2020-01-01", [("Lyon is in France.", names, links)])})
    path = tmp_path / "places.html"
    path.write_bytes(render_html(G))
    page = open_page(path)
    page.click("#cg-map-toggle")

    assert page.locator("#cg-map-svg circle.cg-map-place").count() == 2
    assert page.locator("#cg-map-svg line.cg-map-link").count() == 1


# --- inferred links and evidence ------------------------------------------------------------


def _inferred_graph():
    Org, Pe = EntityType.ORGANIZATION, EntityType.PERSON
    basis = (
        ("Ann Lee", "worksFor", "Crimes Unit"),
        ("Crimes Unit", "parentOrganization", "INTERPOL"),
    )
    return _records({"a": ("2020-01-01", [
        ("Ann Lee heads the Crimes Unit of INTERPOL.",
         [("Ann Lee", Pe), ("Crimes Unit", Org), ("INTERPOL", Org)],
         [("Ann Lee", "worksFor", "Crimes Unit", ()),
          ("Crimes Unit", "parentOrganization", "INTERPOL", ()),
          ("Ann Lee", "worksFor", "INTERPOL", basis)]),
    ])})  # fmt: skip


def test_an_inferred_link_is_drawn_apart_and_its_card_leads_to_the_links_it_comes_from(
    open_page, tmp_path
):
    path = tmp_path / "inferred.html"
    path.write_bytes(render_html(_inferred_graph()))
    page = open_page(path)
    data = page.evaluate("window.casegraph.data")
    (j,) = [j for j, e in enumerate(data["edges"]) if e["inferred"]]
    looks = page.evaluate("window.casegraph.edges.get()")

    assert (
        isinstance(looks[j]["dashes"], list)
        and looks[j]["color"]["color"] == data["style"]["inferred"]
    )
    stated = [x for k, x in enumerate(looks) if k != j]
    assert all(
        x["dashes"] is False and x["color"]["color"] == data["style"]["typed"] for x in stated
    )
    page.evaluate("j => window.casegraph.showEdge(j)", j)
    basis = page.locator("#cg-panel .cg-basis")
    assert basis.inner_text().startswith("inferred from:")
    buttons = basis.locator("button")
    assert sorted(buttons.all_inner_texts()) == [
        "Ann Lee —worksFor→ Crimes Unit", "Crimes Unit —parentOrganization→ INTERPOL"]  # fmt: skip
    assert "Inferred relation" in page.inner_text("#cg-panel .cg-panel-kind")
    buttons.filter(has_text="parentOrganization").click()
    assert page.inner_text("#cg-panel .cg-panel-title") == "parentOrganization"
    assert page.evaluate("window.casegraph.selectedEdge") == data["edges"].index(
        next(e for e in data["edges"] if e["kind"] == "parentOrganization"))  # fmt: skip
    legend = page.locator("#cg-legend li[data-edge='inferred'] .cg-count")
    assert legend.inner_text() == "1"


def test_an_entity_card_lists_each_sentence_once_typed_links_first(bundled_page):
    page = bundled_page
    data = page.evaluate("window.casegraph.data")
    for label in ("INTERPOL", "Europol"):
        i = next(k for k, n in enumerate(data["nodes"]) if n["label"] == label)
        page.evaluate("i => window.casegraph.focusNode(i, false)", i)
        page.evaluate(
            "() => document.querySelectorAll('#cg-panel .cg-more').forEach(b => b.click())"
        )
        sentences = page.locator("#cg-panel .cg-links .cg-sentence").all_inner_texts()
        assert len(sentences) == len(set(sentences)), label
        cited = {ev[0] for e in data["edges"] if i in (e["from"], e["to"]) for ev in e["evidence"]}
        assert len(sentences) == len(cited)
        kinds = page.locator("#cg-panel h4.cg-kind").all_inner_texts()
        typed = [not k.startswith("coOccursWith") for k in kinds]
        assert typed == sorted(typed, reverse=True)


# --- served by casegraph serve --------------------------------------------------------------


@pytest.fixture
def served(bundled_build):
    """The built page over http on 127.0.0.1 (as `casegraph serve` serves it)."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(bundled_build))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/graph.html"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_served_on_this_machine_the_page_links_to_the_query_page(browser, served):
    page = browser.new_page()
    page.goto(served)
    page.wait_for_function("() => window.casegraph && window.casegraph.drawnAt !== null")
    link = page.locator("#cg-sparql-link")

    assert link.get_attribute("href") == "/"
    assert link.inner_text() == "SPARQL query page"
    page.close()


def test_opened_from_disk_the_page_has_no_query_link(bundled_page):
    assert bundled_page.locator("#cg-sparql-link").count() == 0
    assert bundled_page.locator("a[href]").count() == 0
