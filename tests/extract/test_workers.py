"""The NLP stage on several processes gives the records one process gives, whatever the
batches; a failure names the article."""

from __future__ import annotations

import dataclasses

import pytest

import casegraph
from casegraph.errors import CasegraphError
from casegraph.extract import workers
from casegraph.extract.annotate import annotate
from casegraph.extract.corpus import read_corpus
from casegraph.extract.run import local_engine


@pytest.fixture(scope="module")
def articles():
    found, _ = read_corpus([casegraph.bundled_corpus()])
    return sorted(found, key=lambda a: a.id)[:3]


def test_two_workers_give_what_one_process_gives(nlp, articles):
    alone = annotate(articles, nlp=nlp)
    pooled = dict(
        (a.id, annotation)
        for annotation, a in workers.annotate_in_pool(articles, workers=2, per_task=1)
    )
    assert [pooled[a.id] for a in articles] == alone


def test_batches_of_any_size_give_the_same_records(nlp, articles):
    one_by_one = [x for a in articles for x in annotate([a], nlp=nlp, batch_size=1)]
    assert annotate(articles, nlp=nlp, batch_size=64) == one_by_one


def test_a_failing_article_is_named(nlp, articles, monkeypatch):
    bad = dataclasses.replace(articles[1], text=articles[1].text + " BOOM")
    real = workers.annotate_stream

    def stream(batch, **kwargs):
        if any("BOOM" in a.text for a in batch):
            raise RuntimeError("a component failed")
        return real(batch, **kwargs)

    monkeypatch.setattr(workers, "annotate_stream", stream)
    engine = local_engine()
    with pytest.raises(CasegraphError, match=f"{bad.source}: the NLP stage failed"):
        list(engine([articles[0], bad, articles[2]]))


@pytest.mark.parametrize(
    ("todo", "requested", "cores", "expected"),
    [
        (5, None, 2, 1),  # the bundled corpus: a pool would only load the model again
        (99, None, 2, 1),
        (100, None, 2, 2),
        (10_000, None, 2, 2),  # never more processes than cores
        (160, None, 8, 3),  # never fewer than 50 articles each
        (5, 3, 2, 3),  # a number asked for is kept
    ],
)
def test_auto_workers_one_per_core_when_each_has_enough_articles(
    monkeypatch, todo, requested, cores, expected
):
    from casegraph.extract import run

    monkeypatch.setattr(run.os, "sched_getaffinity", lambda _: set(range(cores)), raising=False)
    assert run.workers_for(todo, requested) == expected


def test_the_auto_engine_uses_the_pool_when_it_is_worth_it(monkeypatch, articles):
    from casegraph.extract import run

    monkeypatch.setattr(run, "ARTICLES_PER_WORKER", 1)
    monkeypatch.setattr(run.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    calls = []
    monkeypatch.setattr(
        workers, "annotate_in_pool", lambda todo, **kwargs: calls.append(kwargs["workers"]) or []
    )
    list(local_engine(workers=None)(articles))
    assert calls == [2]
