"""The NLP stage on several processes: a pool of workers, each loading the model once and
annotating batches of articles into plain :class:`Annotation` records.

spaCy's own ``n_process`` pickles Docs with their extension values and restarts its workers'
streams per call; a pool over batches of articles ships only articles out and records back,
and the results do not depend on how articles were batched (the caller sorts by article id),
so any number of workers gives the same output as one.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from casegraph.errors import CasegraphError
from casegraph.extract.annotate import BATCH_SIZE, Annotation, annotate_stream
from casegraph.extract.records import Article

__all__ = ["annotate_batch", "annotate_in_pool", "batches"]

log = logging.getLogger(__name__)

ARTICLES_PER_TASK = 32  # one task per nlp.pipe batch: small enough to spread, big to amortise


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """``articles`` in lists of ``size`` (the last may be shorter).

    >>> [len(b) for b in batches([None] * 5, 2)]
    [2, 2, 1]
    """
    it = iter(articles)
    while batch := list(islice(it, size)):
        yield batch


def annotate_batch(articles: Sequence[Article], batch_size: int = BATCH_SIZE) -> list[Annotation]:
    """The annotations of ``articles`` with this process's model (loaded on first use): the
    function every worker runs, in a pool or on a Dask cluster."""
    from casegraph.extract.pipeline import build_nlp

    nlp = build_nlp()
    try:
        return [a for a, _ in annotate_stream(articles, nlp=nlp, batch_size=batch_size)]
    except Exception:
        if len(articles) == 1:
            raise
    # Something in the batch failed: find the article, and say which it is.
    found = []
    for article in articles:
        try:
            found += [a for a, _ in annotate_stream([article], nlp=nlp)]
        except Exception as e:
            raise CasegraphError(f"{article.source}: the NLP stage failed on it: {e!r}") from e
    return found


def _load_model() -> None:
    from casegraph.extract.pipeline import build_nlp

    build_nlp()


def annotate_in_pool(
    articles: Sequence[Article],
    *,
    workers: int,
    batch_size: int = BATCH_SIZE,
    per_task: int = ARTICLES_PER_TASK,
) -> Iterator[tuple[Annotation, Article]]:
    """``(annotation, article)`` of every article, computed by ``workers`` processes, in the
    order batches finish. At most two tasks per worker are in flight, so neither articles nor
    results pile up in the pipes."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    # "spawn": a fresh interpreter per worker; forking a process that holds threads (the
    # progress display) and a loaded model is not safe.
    context = multiprocessing.get_context("spawn")
    todo = batches(articles, per_task)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_load_model) as pool:
        running: dict[Future, list[Article]] = {}

        def submit() -> bool:
            batch = next(todo, None)
            if batch is None:
                return False
            running[pool.submit(annotate_batch, batch, batch_size)] = batch
            return True

        while len(running) < 2 * workers and submit():
            pass
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                batch = running.pop(future)
                try:
                    found = future.result()
                except CasegraphError:
                    raise  # it names the article
                except Exception as e:
                    first = batch[0].source if batch else "?"
                    raise CasegraphError(
                        f"a worker failed on the batch starting with {first}: {e!r}"
                    ) from e
                yield from zip(found, batch, strict=True)
                submit()
