"""Benchmark of the HTML view: Python render and layout time, file size, time to the first
drawing in headless Chromium, and how fast search focus, a click, expand, a type toggle and a
timeline brush respond, for the bundled corpus and deterministic synthetic graphs. Each
interaction is repeated and the median reported.

Not a test: machines are shared and noisy, so compare the rows of one run with each other.
Usage: python bench/view_benchmark.py [--sizes 1000x4000 5000x20000 10000x40000] [--no-bundled]
       [--repeats 5]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from casegraph.extract.records import (
    COOCCURS,
    RELATION_KINDS,
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from casegraph.graph import viewdata
from casegraph.graph.build import build_graph
from casegraph.graph.view import render_html

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WORDS = ["North", "Blue", "Iron", "Delta", "Falcon", "Harbour", "Silver", "Orion", "Atlas", "Vega"]


def synthetic(n_nodes: int, n_edges: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """Records shaped like casegraph's (hubs, 40 % typed links, dated articles, names marked in
    every evidence sentence), built into a graph by the real ``build_graph``."""
    rng = random.Random(seed)

    def date(i: int) -> str:
        return f"20{10 + i % 14}-{i % 12 + 1:02d}-15"

    n_articles = max(5, n_nodes // 10)
    articles = [
        Article(f"a{i:05d}", f"a{i}.txt", f"Release {i}", "", date(i)) for i in range(n_articles)
    ]
    names = [f"{WORDS[i % 10]} {WORDS[i // 10 % 10]} {i}" for i in range(n_nodes)]
    types = [rng.choice(list(EntityType)) for _ in range(n_nodes)]
    mentions: list[list[Mention]] = [[] for _ in range(n_nodes)]
    hubs = max(10, n_nodes // 100)
    found: dict[tuple[int, str, int], list[Evidence]] = {}
    offset = 0
    while len(found) < n_edges:
        u = rng.randrange(hubs) if rng.random() < 0.3 else rng.randrange(n_nodes)
        v = rng.randrange(n_nodes)
        if u == v:
            continue
        kind = rng.choice(RELATION_KINDS) if rng.random() < 0.4 else COOCCURS
        if kind == COOCCURS and u > v:
            u, v = v, u
        article = articles[rng.randrange(n_articles)].id
        sentence = f"{names[u]} worked with {names[v]} on case {offset}."
        for node, at in ((u, 0), (v, sentence.index(names[v]))):
            start = offset + at
            mentions[node].append(
                Mention(article, start, start + len(names[node]), names[node], types[node],
                        offset, offset + len(sentence), "bench")
            )  # fmt: skip
        evidence = Evidence(article, offset, offset + len(sentence), sentence, "bench")
        found.setdefault((u, kind, v), []).append(evidence)
        offset += len(sentence) + 1
    for node in range(n_nodes):  # every entity is mentioned at least once
        if not mentions[node]:
            article = articles[node % n_articles].id
            mentions[node].append(
                Mention(article, 0, len(names[node]), names[node], types[node], 0, 1, "bench")
            )
    entities = tuple(
        Entity(f"{types[i].value}:{names[i]}", types[i], names[i], (names[i],), tuple(mentions[i]))
        for i in range(n_nodes)
    )
    key = [e.key for e in entities]
    relations = tuple(Relation(key[u], k, key[v], tuple(ev)) for (u, k, v), ev in found.items())
    return build_graph(Extraction(tuple(articles), entities, relations))


def render_timed(G: nx.MultiDiGraph) -> tuple[bytes, float, float]:
    """The page, the seconds to render it, and the seconds of those spent on the layout."""
    spent = []
    original = viewdata._positions

    def timed(*args, **kwargs):
        start = time.perf_counter()
        found = original(*args, **kwargs)
        spent.append(time.perf_counter() - start)
        return found

    viewdata._positions = timed
    try:
        start = time.perf_counter()
        html = render_html(G)
        return html, time.perf_counter() - start, sum(spent)
    finally:
        viewdata._positions = original


# From the input event (its timeStamp) to the end of the first drawing after it, in the page.
TIMER = """() => {
  window.__t = {};
  const start = (e) => { if (!window.__t.start) window.__t.start = e.timeStamp; };
  document.addEventListener('pointerdown', start, true);
  document.addEventListener('keydown', start, true);
  window.casegraph.network.on('afterDrawing', () => {
    if (window.__t.start && !window.__t.end) window.__t.end = performance.now();
  });
}"""


def measure(browser, path: Path, search: str, *, repeats: int) -> dict[str, float]:
    """Load and interaction times (medians of ``repeats``); each interaction counts until the
    drawing that shows it."""
    loads = []
    for attempt in range(repeats):  # the first drawing, on fresh pages; the last one stays
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort(),
        )
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function(
            "() => window.casegraph && window.casegraph.drawnAt", timeout=300_000
        )
        wall = time.perf_counter() - start
        loads.append((page.evaluate("window.casegraph.drawnAt") / 1000, wall))  # since navigation
        if attempt < repeats - 1:
            page.close()
    drawn = statistics.median(d for d, _ in loads)
    wall = statistics.median(w for _, w in loads)
    shown = page.evaluate("window.casegraph.network.body.nodeIndices.length")
    page.evaluate(TIMER)

    def timed(action) -> float:
        page.evaluate("() => { window.__t = {}; }")
        action()
        page.wait_for_function("() => window.__t.end", timeout=60_000)
        return page.evaluate("(window.__t.end - window.__t.start) / 1000")

    def median(action, undo=None) -> float:
        found = []
        for _ in range(repeats):
            found.append(timed(action))
            if undo:
                undo()
        return statistics.median(found)

    def search_and_enter():
        page.fill("#cg-search", search)
        page.press("#cg-search", "Enter")

    results = {"search_focus_s": median(search_and_enter)}
    point = page.evaluate(
        """() => {
          const c = window.casegraph, i = c.network.getSelectedNodes()[0];
          const p = c.network.canvasToDOM(c.network.getPosition(i));
          const r = document.getElementById('cg-network').getBoundingClientRect();
          return [p.x + r.left, p.y + r.top];
        }"""
    )
    results["click_s"] = median(lambda: page.mouse.click(*point))
    # expand: the hub and its neighbours in focus, then the neighbour with the most entities
    # outside the focus expanded with its card's button
    target = page.evaluate(
        """() => { const c = window.casegraph, d = c.data.nodes, m = c.model;
          let hub = 0;
          d.forEach((n, i) => { if (n.measures.degree > d[hub].measures.degree) hub = i; });
          c.moves.focus(hub, 1, false);
          const outside = (k) => m.incident[k].filter((j) => m.edges[j].typed &&
            !c.filters.nodeShown[m.other(j, k)]).length;
          const around = m.incident[hub].map((j) => m.other(j, hub));
          return around.reduce((a, b) => (outside(b) > outside(a) ? b : a), around[0]); }"""
    )
    page.evaluate("i => window.casegraph.focusNode(i, false)", target)
    count = "() => window.casegraph.filters.shownNodes().length"
    before = page.evaluate(count)
    page.click("#cg-panel [data-action='expand']")
    results["expanded"] = page.evaluate(count) - before  # entities the expand brings in
    page.evaluate("window.casegraph.moves.undo()")
    page.evaluate("i => window.casegraph.focusNode(i, false)", target)
    results["expand_s"] = median(
        lambda: page.click("#cg-panel [data-action='expand']"),
        undo=lambda: (page.evaluate("window.casegraph.moves.undo()"),
                      page.evaluate("i => window.casegraph.focusNode(i, false)", target)),
    )  # fmt: skip
    page.evaluate("window.casegraph.reset()")
    results["toggle_s"] = median(lambda: page.click("#cg-legend input[data-type='Place']"))
    box = page.locator("#cg-timeline-svg").bounding_box()

    def brush(a: float, b: float):
        y = box["y"] + box["height"] / 2
        page.mouse.move(box["x"] + box["width"] * a, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * b, y)
        page.mouse.up()

    results["brush_s"] = median(lambda: brush(0.2, 0.6), undo=lambda: page.click("#cg-date-reset"))
    brush(0.2, 0.6)
    results["brushed"] = page.evaluate(count)  # entities left in the brushed period
    page.close()
    return {"drawn_s": drawn, "loaded_s": wall, "shown": shown, **results}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", nargs="*", default=["1000x4000", "5000x20000", "10000x40000"])
    ap.add_argument("--no-bundled", action="store_true", help="skip the bundled corpus")
    ap.add_argument("--repeats", type=int, default=5, help="repeats of each interaction")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no system Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="casegraph-bench-"))
    cases = []
    if not args.no_bundled:
        subprocess.run(
            [sys.executable, "-m", "casegraph", "build", "--out", str(out / "bundled")],
            check=True,
            capture_output=True,
        )
        cases.append(("bundled corpus", out / "bundled" / "graph.html", "Europol", None, None))
    for size in args.sizes:
        n, m = (int(x) for x in size.split("x"))
        G = synthetic(n, m)
        html, render_s, layout_s = render_timed(G)
        path = out / f"synthetic-{size}.html"
        path.write_bytes(html)
        name = f"synthetic {n:,} nodes / {G.number_of_edges():,} links"
        cases.append((name, path, "North Blue 1", render_s, layout_s))
    print(
        "| graph | render s (layout s) | file MB | drawn nodes | first drawing s | load s "
        "| search focus s | click s | expand s | type toggle s | timeline brush s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for name, path, search, render_s, layout_s in cases:
            r = measure(browser, path, search, repeats=args.repeats)
            render = "—" if render_s is None else f"{render_s:.1f} ({layout_s:.1f})"
            print(
                f"| {name} | {render} | {path.stat().st_size / 1e6:.2f} | {r['shown']:,} "
                f"| {r['drawn_s']:.2f} | {r['loaded_s']:.2f} | {r['search_focus_s']:.2f} "
                f"| {r['click_s']:.2f} | {r['expand_s']:.2f} (+{r['expanded']:,}) "
                f"| {r['toggle_s']:.2f} | {r['brush_s']:.2f} ({r['brushed']:,} left) |",
                flush=True,
            )
        browser.close()
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
