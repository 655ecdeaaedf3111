"""Pages of the view opened in the headless system Chromium (the ``browser`` fixture of
tests/conftest.py), with the network blocked."""

from __future__ import annotations

import pytest

VIEWPORT = {"width": 1400, "height": 900}
LOCAL = ("file:", "data:", "blob:")


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
