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
    "GENERATIONS",
    "MANIFEST_NAME",
    "SET_NAMES",
    "current_manifest",
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
