"""Fixtures shared by the whole suite: the NLP pipeline, the bundled corpus built once, and
the system Chromium for the browser tests."""

from __future__ import annotations

import shutil

import pytest

import casegraph

# Headless system Chromium for the browser tests (tests/browser, tests/reliability).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def nlp():
    from casegraph.extract.pipeline import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def bundled_articles():
    from casegraph.extract.corpus import read_corpus

    articles, problems = read_corpus([casegraph.bundled_corpus()])
    assert not problems
    return articles


@pytest.fixture(scope="session")
def bundled_extraction(bundled_articles):
    from casegraph.extract.run import extract

    return extract(bundled_articles)


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory):
    """The bundled corpus built by the real command into a temporary directory."""
    from casegraph.graph.cli import main

    out = tmp_path_factory.mktemp("build") / "output"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright (one per session); skipped with a reason
    when there is none."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no system Chromium (apt-get install chromium): browser tests skipped")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
    )
    # executable_path: Playwright never downloads a browser of its own.
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()
