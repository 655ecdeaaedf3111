"""Headless system Chromium driven by Playwright; skipped with a reason when there is none."""

from __future__ import annotations

import shutil

import pytest

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
LOCAL = ("file:", "data:", "blob:")


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no system Chromium (apt-get install chromium): browser tests skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    # executable_path: Playwright never downloads a browser of its own.
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """``open(path_or_url, *, bypass_csp=False, viewport=None)``: the page drawn, with every
    non-local request blocked and recorded in ``page.blocked``; console errors, uncaught
    exceptions and dialogs are collected in ``page.errors`` and ``page.dialogs``. A ``str``
    is opened as it is (a file URL with a fragment); ``page.context`` opens more pages."""
    contexts = []

    def _open(path, *, bypass_csp=False, viewport=None):
        context = browser.new_context(
            viewport=viewport or VIEWPORT, bypass_csp=bypass_csp, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.errors, page.dialogs, page.blocked = [], [], []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))

        def route(r):
            if r.request.url.startswith(LOCAL):
                r.continue_()
            else:
                page.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path if isinstance(path, str) else path.as_uri())
        page.wait_for_function("window.casegraph && window.casegraph.drawnAt !== null")
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def bundled_page(open_page, bundled_build):
    """The bundled corpus's page, drawn."""
    return open_page(bundled_build / "graph.html")
