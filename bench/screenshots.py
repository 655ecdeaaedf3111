"""The README's screenshots of the HTML view, made on purpose (never by the test run).

Builds the bundled corpus into a temporary directory, opens its page in headless Chromium with
the network blocked, and writes ``screenshot.png`` (the chart at 1600x1000) and
``screenshot-timeline-map.png`` (a period brushed on the timeline, groups coloured, the map
open) into ``--out`` (default ``build/screenshots``; ``make screenshots`` writes ``docs/``).
Usage: python bench/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZE = {"width": 1600, "height": 1000}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=Path("build") / "screenshots")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no system Chromium: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="casegraph-shots-") as tmp:
        build = Path(tmp) / "output"
        subprocess.run(
            [sys.executable, "-m", "casegraph", "build", "--out", str(build)],
            check=True,
            capture_output=True,
        )
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport=SIZE)
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                       else r.abort())  # fmt: skip
            page.goto((build / "graph.html").as_uri())
            page.wait_for_function("() => window.casegraph && window.casegraph.drawnAt")
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.out / "screenshot.png"))

            bins = page.evaluate("window.casegraph.timeline.bins")
            first = next(k for k, b in enumerate(bins) if b["counts"]["article"])
            page.evaluate(
                "([a, b]) => window.casegraph.timeline.select(a, b)",
                [first + 2, min(first + 4, len(bins) - 1)],
            )
            page.select_option("#cg-colour", "group")
            page.click("#cg-map-toggle")
            page.fill("#cg-search", "Bermuda")
            page.press("#cg-search", "Enter")
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.out / "screenshot-timeline-map.png"))
            browser.close()
    print(f"wrote {args.out / 'screenshot.png'} and {args.out / 'screenshot-timeline-map.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
