"""The NLP stage on a Dask cluster: the same per-batch function as the local pool
(:func:`casegraph.extract.workers.annotate_batch`) shipped to the cluster's workers.

Every worker needs casegraph installed (``pip install casegraph`` with its model); it loads
the model once, on its first batch. Only articles go out and plain records come back; the
client merges them in article order, so the graph is the same, byte for byte, as a local
build's. Dask is an optional dependency (``pip install "casegraph[distributed]"``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from casegraph.errors import CasegraphError
from casegraph.extract.annotate import BATCH_SIZE, Annotation
from casegraph.extract.records import Article
from casegraph.extract.workers import ARTICLES_PER_TASK, annotate_batch, batches

__all__ = ["dask_engine"]

log = logging.getLogger(__name__)

_IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: enough to keep it busy, bounded memory
CONNECT_TIMEOUT_S = 20  # how long to wait for the scheduler to answer


def _client(scheduler):
    try:
        from dask.distributed import Client
    except ImportError as e:
        raise CasegraphError(
            "--engine dask needs Dask: pip install 'casegraph[distributed]' (dask and distributed)"
        ) from e
    if not isinstance(scheduler, str):
        return scheduler, False  # a Client (or a LocalCluster) the caller manages
    try:
        return Client(scheduler, timeout=f"{CONNECT_TIMEOUT_S}s"), True
    except OSError as e:
        raise CasegraphError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from e


def dask_engine(
    scheduler,
    *,
    batch_size: int = BATCH_SIZE,
    per_task: int = ARTICLES_PER_TASK,
):
    """An engine (see :func:`casegraph.extract.run.local_engine`) that annotates on the
    Dask cluster of ``scheduler``: its address (``tcp://host:8786``), a
    ``dask.distributed.Client`` or a ``LocalCluster``."""

    def run(todo: Sequence[Article]) -> Iterator[tuple[Annotation, Article]]:
        if not todo:
            return
        try:
            from dask.distributed import as_completed
        except ImportError as e:
            raise CasegraphError("--engine dask needs Dask: pip install dask distributed") from e
        target = scheduler
        if hasattr(target, "scheduler_address") and not hasattr(target, "submit"):
            target = target.scheduler_address  # a LocalCluster: connect to it
        client, owned = _client(target)
        try:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            pending = iter(enumerate(batches(todo, per_task)))
            shipped: dict = {}

            def submit() -> bool:
                item = next(pending, None)
                if item is None:
                    return False
                n, batch = item
                # pure=False: the same batch submitted twice (a retry) is parsed again
                future = client.submit(
                    annotate_batch, batch, batch_size, pure=False, key=f"casegraph-batch-{n}"
                )
                shipped[future.key] = batch
                queue.add(future)
                return True

            queue = as_completed()
            while len(shipped) < _IN_FLIGHT_PER_WORKER * workers and submit():
                pass
            for future in queue:
                batch = shipped.pop(future.key)
                try:
                    found = future.result()
                except Exception as e:
                    raise CasegraphError(
                        f"a Dask worker failed on the batch starting with {batch[0].source}: {e!r}"
                    ) from e
                finally:
                    future.release()
                yield from zip(found, batch, strict=True)
                submit()
        finally:
            if owned:
                client.close()

    return run
