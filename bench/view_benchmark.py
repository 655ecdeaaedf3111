"""Benchmark of the HTML view: Python render time, file size, time to first drawing in headless
Chromium, and search/click response, for the bundled corpus and synthetic graphs.

Not a test: machines are shared and noisy, so compare the rows of one run with each other.
Usage: python bench/view_benchmark.py [--sizes 1000x4000 5000x20000 20000x80000]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from casegraph.extract.records import Article, EntityType, Evidence
from casegraph.graph.view import render_html

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KINDS = ["worksFor", "parentOrganization", "operatedBy", "organizer", "participant", "location"]


def synthetic(n_nodes: int, n_edges: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A deterministic graph shaped like casegraph's: typed and co-occurrence edges."""
    rng = random.Random(seed)
    types = list(EntityType)
    G = nx.MultiDiGraph()
    G.graph["articles"] = {
        f"a{i}": Article(
            f"a{i}", f"a{i}.txt", f"Article {i}", "x" * 80, f"20{10 + i % 14}-0{1 + i % 9}-1{i % 9}"
        )
        for i in range(200)
    }
    for i in range(n_nodes):
        arts = sorted({f"a{rng.randrange(200)}" for _ in range(rng.randint(1, 3))})
        G.add_node(
            f"n{i:06d}",
            type=rng.choice(types),
            label=f"Entity {i}",
            aliases=(f"Entity {i}", f"E{i}"),
            mention_count=rng.randint(1, 30),
            articles=tuple(arts),
            mentions=(),
            claims=(),
        )
    keys = list(G.nodes)
    # preferential attachment so a few hubs exist, like INTERPOL in real corpora
    hubs = keys[: max(10, n_nodes // 100)]
    for i in range(n_edges):
        u = rng.choice(hubs) if rng.random() < 0.3 else rng.choice(keys)
        v = rng.choice(keys)
        if u == v:
            continue
        typed = rng.random() < 0.4
        kind = rng.choice(KINDS) if typed else "coOccursWith"
        art = f"a{rng.randrange(200)}"
        ev = (Evidence(art, 0, 40, f"Sentence {i} about {u} and {v}.", "bench"),)
        G.add_edge(
            u,
            v,
            key=kind,
            kind=kind,
            typed=typed,
            weight=1,
            evidence=ev,
            role=None,
            articles=(art,),
        )
    return G


def measure(browser, path: Path, search: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_function("window.casegraph && window.casegraph.drawnAt !== null", timeout=120_000)
    wall = time.perf_counter() - start
    drawn = page.evaluate("window.casegraph.drawnAt") / 1000
    t0 = time.perf_counter()
    page.fill("#cg-search", search)
    page.press("#cg-search", "Enter")
    page.wait_for_function("window.casegraph.network.getSelectedNodes().length >= 1")
    search_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    page.click(".cg-toggle[data-type='Place']")
    page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
    toggle_s = time.perf_counter() - t0
    page.close()
    return {"drawn_s": drawn, "loaded_s": wall, "search_s": search_s, "toggle_s": toggle_s}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", nargs="*", default=["1000x4000", "5000x20000", "20000x80000"])
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no system Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    out = Path(tempfile.mkdtemp(prefix="casegraph-bench-"))
    cases = []
    subprocess.run(
        [sys.executable, "-m", "casegraph", "build", "--out", str(out / "bundled")],
        check=True,
        capture_output=True,
    )
    cases.append(("bundled corpus", out / "bundled" / "graph.html", "Europol", None))
    for size in args.sizes:
        n, m = (int(x) for x in size.split("x"))
        G = synthetic(n, m)
        t0 = time.perf_counter()
        html = render_html(G)
        render_s = time.perf_counter() - t0
        path = out / f"synthetic-{size}.html"
        path.write_bytes(html)
        cases.append((f"synthetic {n} nodes / {m} edges", path, "Entity 1", render_s))
    print(
        "| graph | Python render s | file MB | first drawing s | load wall s | search s "
        "| type toggle s |"
    )
    print("|---|---|---|---|---|---|---|")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for name, path, search, render_s in cases:
            r = measure(browser, path, search)
            render = "—" if render_s is None else f"{render_s:.1f}"
            print(
                f"| {name} | {render} | {path.stat().st_size / 1e6:.1f} | {r['drawn_s']:.2f} "
                f"| {r['loaded_s']:.2f} | {r['search_s']:.2f} | {r['toggle_s']:.2f} |"
            )
        browser.close()
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
