"""Fixtures shared by the whole suite: the NLP pipeline and the bundled corpus built once."""

from __future__ import annotations

import pytest

import casegraph


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
