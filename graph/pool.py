"""Query workers for the endpoint: a pool per published store, switched atomically on a rebuild."""

from __future__ import annotations

import logging
import os
import queue
import threading
from pathlib import Path

from casegraph.errors import CasegraphError, QueryError, QueryTimeoutError
from casegraph.graph.query import QueryWorker
from casegraph.graph.results import QueryResult
from casegraph.graph.store import TRIG_NAME, find_store

log = logging.getLogger(__name__)


def published(graph_dir: str | os.PathLike[str]) -> tuple[Path, int]:
    """What ``graph_dir`` publishes now: the store (or TriG file) and a stamp of its version.

    The one place the endpoint learns where the current graph is; a changed answer means a
    rebuild published a new store. A store directory is a new generation on every build, so its
    path says it all; a TriG file read in place of a store is told apart by its mtime.
    """
    source = find_store(graph_dir)
    stamp = source.stat().st_mtime_ns if source.name == TRIG_NAME else 0
    return source, stamp


class WorkerPool:
    """A few query workers over one store; a worker killed at the time limit is replaced by
    one over the same store, so a pool never mixes two versions of the graph."""

    def __init__(self, source: Path, *, size: int = 2):
        self.source = source
        self._idle: queue.Queue[QueryWorker] = queue.Queue()
        self._workers: list[QueryWorker] = []
        self._lock = threading.Lock()
        self._closed = False
        self._users = 0
        self._retired = False
        try:
            for _ in range(size):
                self._add()
        except BaseException:
            self.close()
            raise
        self.graphs = self._workers[0].graphs

    def _add(self) -> None:
        worker = QueryWorker(self.source, resolved=True)
        with self._lock:
            if self._closed:
                worker.close()
                return
            self._workers.append(worker)
        self._idle.put(worker)

    def _replace(self, dead: QueryWorker) -> None:
        with self._lock:
            if dead in self._workers:
                self._workers.remove(dead)
        try:
            self._add()
        except CasegraphError as e:
            log.error("could not restart a query worker: %s", e)

    def run(self, text: str, *, timeout_s: float, **options) -> QueryResult:
        """Run ``text`` on an idle worker (see :meth:`QueryWorker.run`)."""
        try:
            worker = self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise QueryTimeoutError(
                f"every query worker stayed busy for {timeout_s:g} s; try again"
            ) from None
        try:
            return worker.run(text, timeout_s=timeout_s, **options)
        finally:
            if worker.alive:
                self._idle.put(worker)
            else:
                # Restart in the background so that the error reaches the client at once.
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def enter(self) -> None:
        with self._lock:
            self._users += 1

    def leave(self) -> None:
        with self._lock:
            self._users -= 1
            done = self._retired and self._users == 0
        if done:
            self.close()

    def retire(self) -> None:
        """Close once the requests using this pool have finished."""
        with self._lock:
            self._retired = True
            done = self._users == 0
        if done:
            self.close()

    @property
    def workers(self) -> list[QueryWorker]:
        with self._lock:
            return list(self._workers)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
        for worker in workers:
            worker.close()


class PublishedPools:
    """The pool of the store ``graph_dir`` publishes now; a new one after every rebuild.

    :meth:`acquire` checks :func:`published` on each request: when it changed, the request
    waits while a pool over the new store starts, then every new request goes to it, while the
    requests in flight finish on the old pool, which closes after the last of them. An answer
    therefore always comes from one store, and answers after a rebuild never go back to the old.
    """

    def __init__(self, graph_dir: str | os.PathLike[str], *, size: int = 2):
        self.graph_dir = Path(graph_dir)
        self.size = size
        self._switch = threading.Lock()
        self._stamp = published(self.graph_dir)
        self._pool = WorkerPool(self._stamp[0], size=size)

    @property
    def current(self) -> WorkerPool:
        return self._pool

    def acquire(self) -> WorkerPool:
        """The pool for one request; give it back with :meth:`release`."""
        with self._switch:
            try:
                stamp = published(self.graph_dir)
            except QueryError as e:
                raise QueryError(f"{e} (the graph disappeared while serving)") from e
            if stamp != self._stamp:
                try:
                    fresh = WorkerPool(stamp[0], size=self.size)
                except CasegraphError as e:
                    raise QueryError(
                        f"{self.graph_dir} was rebuilt, and its new store could not be opened "
                        f"({e}); restart `casegraph serve` if this lasts"
                    ) from e
                log.info("the graph was rebuilt: now answering from %s", stamp[0])
                old, self._pool, self._stamp = self._pool, fresh, stamp
                old.retire()
            pool = self._pool
            pool.enter()
        return pool

    def release(self, pool: WorkerPool) -> None:
        pool.leave()

    def close(self) -> None:
        with self._switch:
            self._pool.close()
