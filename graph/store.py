"""The on-disk Oxigraph store of a published output set: the dataset of graph.trig (one named
graph per article) and, as its default graph, the union of all graphs with each triple once;
opened read-only by queries.

A plain query therefore reads each fact once (Oxigraph's own union of graphs,
``use_default_graph_as_union``, repeats a triple once per graph that holds it), and gives the
rows rdflib gives; ``GRAPH ?g`` and ``FROM <article>`` still read the article graphs. A store
built before this layout (its default graph is not the union) is read with Oxigraph's union,
as before (:func:`default_is_union`).
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from casegraph.errors import ExportError, QueryError
from casegraph.graph.atomic import fsync_dir, fsync_tree
from casegraph.graph.outputs import published_dir

log = logging.getLogger(__name__)

STORE_NAME = "store"
# write_store (a store on its own) writes a new ".store-<hex>" and points the "store" symlink
# at it: replacing a symlink is one rename, so readers see the complete old or new store.
_GENERATION_PREFIX = ".store-"
TRIG_NAME = "graph.trig"


class StoreLoader:
    """A new store ``directory`` (it must not exist) filled while the exports are written:
    each piece of N-Quads (the dataset) or N-Triples (its union, into the default graph) is
    bulk-loaded by one of ``threads`` threads; pyoxigraph releases the GIL while it loads, so
    the store grows beside the writers. At most two pieces per thread wait in memory.

    :meth:`finish` waits, flushes the store to disk and returns its number of quads;
    :class:`ExportError` names the store on failure (the caller removes ``directory``).
    """

    def __init__(self, directory: Path, *, threads: int | None = None):
        if directory.exists():
            raise ExportError(f"{directory}: already exists; a store is only ever built fresh")
        self.directory = directory
        threads = threads or max(1, min(4, os.cpu_count() or 1))
        try:
            self._store: ox.Store | None = ox.Store(str(directory))
        except OSError as e:
            raise ExportError(f"{directory}: could not create the query store: {e}") from e
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="casegraph-store")
        self._slots = threading.BoundedSemaphore(2 * threads)
        self._futures: list[Future] = []

    def load(self, data: bytes, rdf_format: ox.RdfFormat) -> None:
        """Queue ``data`` (N-Quads or N-Triples bytes) for loading; N-Triples go into the
        default graph. The first failure of an earlier piece is raised here."""
        self._raise_failed()
        self._slots.acquire()
        try:
            future = self._pool.submit(self._load, data, rdf_format)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        self._futures.append(future)

    def _load(self, data: bytes, rdf_format: ox.RdfFormat) -> None:
        # The dataset's pieces are the quads graph.trig holds (that file is parsed strictly
        # on its own); the union's pieces are graph.nt's bytes: parsed strictly here.
        lenient = rdf_format == ox.RdfFormat.N_QUADS
        self._store.bulk_load(data, format=rdf_format, lenient=lenient)

    def _raise_failed(self) -> None:
        running = []
        for future in self._futures:
            if not future.done():
                running.append(future)
            elif future.exception() is not None:
                self._error(future.exception())
        self._futures = running

    def _error(self, e: BaseException) -> None:
        if isinstance(e, SyntaxError):
            raise ExportError(f"{self.directory}: the RDF to load does not parse: {e}") from e
        if isinstance(e, OSError):
            raise ExportError(f"{self.directory}: could not write the query store: {e}") from e
        raise e

    def finish(self) -> int:
        """Wait for every piece, flush to disk, close; the number of quads stored."""
        try:
            self._pool.shutdown(wait=True)
            self._raise_failed()
            store, self._store = self._store, None
            try:
                store.flush()
                quads = len(store)
            finally:
                del store  # pyoxigraph has no close(): dropping the reference closes it
        except OSError as e:
            raise ExportError(f"{self.directory}: could not write the query store: {e}") from e
        finally:
            self.close()
        fsync_tree(self.directory)
        log.debug("loaded %s: %d quads", self.directory, quads)
        return quads

    def close(self) -> None:
        """Stop loading (after a failure elsewhere); the store is closed, not removed."""
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._futures = []
        self._store = None


def load_store(directory: Path, trig: Path) -> int:
    """Create the store ``directory`` (it must not exist) from the TriG file ``trig``: its
    dataset, and its union as the default graph. Flush it to disk and return the number of
    quads it holds. (A build fills its store with :class:`StoreLoader` instead.)

    The loader parses strictly, so this also checks the file; the store keeps every literal's
    lexical form because graph/rdf.py writes the canonical forms Oxigraph stores.
    :class:`ExportError` names the path on failure (the caller removes ``directory``).
    """
    if directory.exists():
        raise ExportError(f"{directory}: already exists; a store is only ever built fresh")
    try:
        store = ox.Store(str(directory))
        try:
            store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
            merge_union(store)
            store.flush()
            quads = len(store)
        finally:
            # pyoxigraph has no close(): dropping the last reference closes the database.
            del store
    except SyntaxError as e:
        raise ExportError(f"{trig}: does not re-parse as TriG: {e}") from e
    except OSError as e:
        raise ExportError(f"{directory}: could not write the query store: {e}") from e
    fsync_tree(directory)
    log.debug("loaded %s: %d quads", directory, quads)
    return quads


def load_shards(
    directory: Path, shards: Iterable[str | os.PathLike[str]], *, threads: int | None = None
) -> int:
    """Create the store ``directory`` from N-Quads files (a build's ``nquads/`` shards, in
    any order): their quads, and their union as the default graph, loaded in parallel; the
    number of quads stored. :class:`ExportError` names a shard that does not parse."""
    loader = StoreLoader(directory, threads=threads)
    try:
        for shard in shards:
            path = Path(shard)
            try:
                data = path.read_bytes()
                loader.load(data, ox.RdfFormat.N_QUADS)
                triples: list[ox.Triple] = []
                for q in ox.parse(data, format=ox.RdfFormat.N_QUADS):
                    triples.append(ox.Triple(q.subject, q.predicate, q.object))
                    if len(triples) >= _UNION_BATCH:
                        loader.load(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                                    ox.RdfFormat.N_TRIPLES)  # fmt: skip
                        triples = []
                if triples:
                    loader.load(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                                ox.RdfFormat.N_TRIPLES)  # fmt: skip
            except (SyntaxError, ValueError) as e:
                raise ExportError(f"{path}: not N-Quads casegraph can load: {e}") from e
            except OSError as e:
                raise ExportError(f"{path}: cannot read the shard: {e}") from e
        return loader.finish()
    except BaseException:
        loader.close()
        raise


_UNION_BATCH = 100_000


def merge_union(store: ox.Store) -> None:
    """Copy every triple of ``store``'s named graphs into its default graph (each once: a
    store is a set), so that the default graph is the union of all graphs."""
    default = ox.DefaultGraph()
    batch: list[ox.Quad] = []
    for g in list(store.named_graphs()):
        for q in store.quads_for_pattern(None, None, None, g):
            batch.append(ox.Quad(q.subject, q.predicate, q.object, default))
        if len(batch) >= _UNION_BATCH:
            store.extend(batch)
            batch = []
    if batch:
        store.extend(batch)


def default_is_union(store: ox.Store) -> bool:
    """Whether ``store``'s default graph holds the union of its graphs (the layout casegraph
    builds), judged on the first triple of its first named graph; a store without named
    graphs needs no union.

    >>> s = ox.Store()
    >>> default_is_union(s)
    True
    """
    for g in store.named_graphs():
        for q in store.quads_for_pattern(None, None, None, g):
            found = store.quads_for_pattern(q.subject, q.predicate, q.object, ox.DefaultGraph())
            return next(iter(found), None) is not None
    return True


def write_store(out_dir: str | os.PathLike[str], data: bytes | Dataset) -> Path:
    """A store on its own, outside a published output set (tools and tests): load ``data``
    (TriG bytes, or an rdflib Dataset) into a new store ``out_dir/store``.

    ``casegraph build`` does not use this: its store is part of the output set
    (graph/publish.py). The store is built in a hidden directory next to the old one and
    swapped in by renaming a symlink; on failure the previous store is untouched, the partial
    one is removed and :class:`ExportError` names the path. Older generations are deleted.
    """
    out_dir = Path(out_dir)
    link = out_dir / STORE_NAME
    generation = out_dir / f"{_GENERATION_PREFIX}{secrets.token_hex(6)}"
    tmp_link = out_dir / f".{STORE_NAME}.{secrets.token_hex(6)}.tmp"
    if isinstance(data, Dataset):
        data = data.serialize(format="nquads", encoding="utf-8")
        rdf_format = ox.RdfFormat.N_QUADS
    else:
        rdf_format = ox.RdfFormat.TRIG
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _load(generation, data, rdf_format)
        if link.is_dir() and not link.is_symlink():
            # A store from before generations existed: move it aside so the link can replace it.
            link.rename(out_dir / f"{_GENERATION_PREFIX}old-{secrets.token_hex(6)}")
        os.symlink(generation.name, tmp_link, target_is_directory=True)
        os.replace(tmp_link, link)
        fsync_dir(out_dir)
    except BaseException as e:
        tmp_link.unlink(missing_ok=True)
        shutil.rmtree(generation, ignore_errors=True)
        if isinstance(e, Exception):
            raise ExportError(f"{link}: could not write the query store: {e}") from e
        raise
    _remove_old_generations(out_dir, keep=generation.name)
    log.debug("wrote store %s -> %s", link, generation.name)
    return link


def _load(path: Path, data: bytes, rdf_format: ox.RdfFormat) -> None:
    store = ox.Store(str(path))
    try:
        store.bulk_load(data, format=rdf_format)
        merge_union(store)
        store.flush()
    except SyntaxError as e:
        raise ExportError(f"{path}: the RDF to load is invalid: {e}") from e
    finally:
        del store


def _remove_old_generations(out_dir: Path, *, keep: str) -> None:
    for old in out_dir.glob(f"{_GENERATION_PREFIX}*"):
        if old.name != keep and old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


def find_store(graph_dir: str | os.PathLike[str]) -> Path:
    """What holds the graph in ``graph_dir``: the store's real directory, else ``graph.trig``.

    The symlink is resolved once, so a reader keeps the generation it opened even if a build
    swaps in a new one meanwhile. Raises :class:`QueryError` when there is neither.
    """
    graph_dir = published_dir(graph_dir)  # the set `current` points to (graph/outputs.py)
    link = graph_dir / STORE_NAME
    if link.is_dir():
        return link.resolve()
    if (graph_dir / TRIG_NAME).is_file():
        log.info(
            "%s: no store; %s is loaded into memory (rebuild to add one)", graph_dir, TRIG_NAME
        )
        return graph_dir / TRIG_NAME
    raise QueryError(
        f"{graph_dir}: no graph here (neither {STORE_NAME}/ nor {TRIG_NAME}); "
        f"run `casegraph build --out {graph_dir}` first"
    )


def open_source(source: Path, *, read_only: bool = True) -> ox.Store:
    """Open what :func:`find_store` found: the store directory, or ``graph.trig`` in memory."""
    try:
        if source.is_dir():
            return ox.Store.read_only(str(source)) if read_only else ox.Store(str(source))
        store = ox.Store()
        store.bulk_load(path=str(source), format=ox.RdfFormat.TRIG)
        merge_union(store)
        return store
    except (OSError, SyntaxError) as e:
        raise QueryError(f"{source}: could not open the graph: {e}") from e


def open_store(graph_dir: str | os.PathLike[str], *, read_only: bool = True) -> ox.Store:
    """The pyoxigraph Store of the graph built in ``graph_dir`` (read-only by default).

    Falls back to loading ``graph.trig`` into memory when the directory has no store yet.
    Its default graph is the union of every article's graph (see the module docstring).
    """
    return open_source(find_store(graph_dir), read_only=read_only)
