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
