"""The on-disk Oxigraph store of a published output set: built from its graph.trig, opened
read-only by queries."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
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


def load_store(directory: Path, trig: Path) -> int:
    """Create the store ``directory`` (it must not exist) from the TriG file ``trig``, flush it
    to disk and return the number of quads it holds.

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
        return store
    except (OSError, SyntaxError) as e:
        raise QueryError(f"{source}: could not open the graph: {e}") from e


def open_store(graph_dir: str | os.PathLike[str], *, read_only: bool = True) -> ox.Store:
    """The pyoxigraph Store of the graph built in ``graph_dir`` (read-only by default).

    Falls back to loading ``graph.trig`` into memory when the directory has no store yet.
    Query it with ``use_default_graph_as_union=True`` to see every article's graph at once.
    """
    return open_source(find_store(graph_dir), read_only=read_only)
