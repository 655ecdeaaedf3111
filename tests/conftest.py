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
