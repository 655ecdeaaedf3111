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


# --- `make test` leaves `git status` clean (issue 11) ----------------------------------------
# Tests write under temporary directories, never into tracked files. The state of the working
# tree is taken when the session starts; test_issue11_tests_leave_the_tree_clean.py compares
# against it, and so does the end of the session (a test that wrote into the tree fails it).
# docs/screenshot.png is the browser tests' known exception (the view's screenshot).
ALLOWED_CHANGES = {"docs/screenshot.png"}
_TREE = pytest.StashKey[set]()


def tree_state() -> set[str] | None:
    """``git status --porcelain`` lines of the repository (None outside a git checkout)."""
    import subprocess
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    try:
        r = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=repo, capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return {line for line in r.stdout.splitlines() if line[3:] not in ALLOWED_CHANGES}


def _tree_changes(config) -> list[str]:
    """What tests changed in the working tree since the session started."""
    now, before = tree_state(), config.stash.get(_TREE, None)
    return [] if now is None or before is None else sorted(now - before)


@pytest.fixture
def tree_changes(request):
    """``() -> list``: what tests changed in the working tree so far (None: not a checkout)."""
    return lambda: None if tree_state() is None else _tree_changes(request.config)


def pytest_sessionstart(session):
    state = tree_state()
    if state is not None:
        session.config.stash[_TREE] = state


def pytest_sessionfinish(session, exitstatus):
    changes = _tree_changes(session.config)
    if changes:
        print(
            "\nTests changed the working tree (write under tmp_path instead):", *changes, sep="\n  "
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
