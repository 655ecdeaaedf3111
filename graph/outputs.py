"""The layout of a built output directory, and how a reader finds the output set in use.

::

    output/
      current -> .generations/<id>     the one pointer, switched by a single rename
      .generations/<id>/               a complete, verified set; <id> is its manifest's hash
          graph.ttl graph.trig graph.nt graph.jsonld graph.html summary.json manifest.json
          store/                       the Oxigraph database (binary; not under version control)
      graph.ttl -> current/graph.ttl   every name of the set, as a fixed relative link
      ...
      .lock                            the build lock

A reader that needs several files of one set (the store and the page, say) resolves
``current`` once with :func:`published_dir` and reads inside that directory: a build that
publishes meanwhile never mixes two sets under it. Docs: docs/decisions/0006.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = [
    "CURRENT",
    "DEFAULT_FORMATS",
    "FORMATS",
    "GENERATIONS",
    "MANIFEST_NAME",
    "OPTIONAL_NAMES",
    "SET_NAMES",
    "current_manifest",
    "format_names",
    "published_articles",
    "published_dir",
]

CURRENT = "current"
GENERATIONS = ".generations"
MANIFEST_NAME = "manifest.json"
SUMMARY_NAME = "summary.json"
STORE_DIR = "store"
# Every name of a published set, linked at the top of the output directory.
SET_NAMES = (
    "graph.ttl",
    "graph.trig",
    "graph.nt",
    "graph.jsonld",
    "graph.html",
    SUMMARY_NAME,
    MANIFEST_NAME,
    STORE_DIR,
)
# What ``casegraph build --formats`` can add or leave out, and the names each one writes.
# graph.trig is always written: the store is made of its quads and `casegraph query` reads it
# where a set has no store (a fresh clone).
FORMATS = {
    "ttl": ("graph.ttl",),
    "trig": ("graph.trig",),
    "nt": ("graph.nt",),
    "jsonld": ("graph.jsonld",),
    "nquads": ("nquads",),  # the dataset as N-Quads shards, for bulk loaders (a folder)
    "graphml": ("graph.graphml",),
    "gexf": ("graph.gexf",),
    "csv": ("entities.csv", "links.csv"),  # i2 Analyst's Notebook, Maltego
    "neo4j": ("neo4j",),  # neo4j-admin database import full (a folder)
    "records": ("records",),  # each article's extraction records, JSON lines (a folder)
}
DEFAULT_FORMATS = ("ttl", "trig", "nt", "jsonld")
# Names only some sets hold; linked at the top of the output directory while the set in use
# holds them.
OPTIONAL_NAMES = tuple(n for f in FORMATS for n in FORMATS[f] if n not in SET_NAMES)


def format_names(formats) -> tuple[str, ...]:
    """The names of a set written with ``formats`` (graph.trig, the page, the summary, the
    manifest and the store always), in :data:`SET_NAMES` order then the optional ones.

    >>> format_names(["graphml"])
    ('graph.trig', 'graph.html', 'summary.json', 'manifest.json', 'store', 'graph.graphml')
    """
    chosen = {"graph.trig", "graph.html", SUMMARY_NAME, MANIFEST_NAME, STORE_DIR}
    for f in formats:
        chosen.update(FORMATS[f])
    return tuple(n for n in (*SET_NAMES, *OPTIONAL_NAMES) if n in chosen)


def published_dir(graph_dir: str | os.PathLike[str]) -> Path:
    """The directory of the output set in use in ``graph_dir``: where ``current`` points,
    resolved now; ``graph_dir`` itself when it holds no published set (an older layout, or
    files put there by hand).

    >>> published_dir("/nonexistent") == Path("/nonexistent")
    True
    """
    graph_dir = Path(graph_dir)
    pointer = graph_dir / CURRENT
    if pointer.is_symlink() and pointer.is_dir():
        return pointer.resolve()
    return graph_dir


def current_manifest(graph_dir: str | os.PathLike[str]) -> dict | None:
    """The manifest (else the summary, for sets older than manifests) of the set in use, or
    None when there is none or it cannot be read."""
    here = published_dir(graph_dir)
    for name in (MANIFEST_NAME, SUMMARY_NAME):
        try:
            data = json.loads((here / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def published_articles(graph_dir: str | os.PathLike[str]) -> int:
    """How many articles the set in use in ``graph_dir`` holds (0 when there is none)."""
    data = current_manifest(graph_dir) or {}
    counts = data.get("counts", data)
    n = counts.get("articles", 0) if isinstance(counts, dict) else 0
    return n if isinstance(n, int) else 0
