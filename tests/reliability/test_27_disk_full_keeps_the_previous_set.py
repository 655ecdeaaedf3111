"""RELIABILITY row 27: disk full (a real, small tmpfs) after some files are written: the whole
previous output set stays, in use by query, serve and the HTML alike.

A ballast file leaves room for a chosen share of the new set (10 % to 80 % of it), so the disk
fills early, midway and late in the write. Which file meets the full disk is a race between the
export writers and the store's loading threads, so the test pins the fill level, not the file;
test_18 and test_issue11_failed_build_mixes_no_files inject a failure at every single write."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from reliability_helpers import check_set, hostile_graph, leftovers, publish, synthetic_extraction

from casegraph.errors import ExportError
from casegraph.extract.records import Extraction
from casegraph.graph.build import build_graph
from casegraph.graph.outputs import SET_NAMES, published_dir
from casegraph.graph.publish import tidy
from casegraph.graph.query import run_query
from casegraph.graph.store import find_store

DISK = "16m"  # an empty set (~1 MB), the hostile one (~1.2 MB), the new one (~3.4 MB), ballast
SHARES = (0.1, 0.35, 0.6, 0.8)  # of the new set, the room the ballast leaves


@pytest.fixture
def small_disk(tmp_path: Path):
    """A small tmpfs of our own (needs root); skipped with the reason when it cannot be had."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root and mount(8); the fault-injection tests still run")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=False)


def occupied(path: Path) -> int:
    """Bytes ``path`` (a file or a directory tree) takes on its disk."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.lstat().st_blocks * 512 for p in files)


def test_a_full_disk_keeps_the_previous_set_whole_and_in_use(small_disk, tmp_path):
    new_graph = build_graph(synthetic_extraction(5))
    publish(tmp_path / "measure", new_graph)
    need = occupied(published_dir(tmp_path / "measure"))
    out, ballast = small_disk / "out", small_disk / "ballast"
    publish(out, build_graph(Extraction((), (), ())))
    where = []
    for share in SHARES:
        publish(out, hostile_graph())
        old, page = check_set(out), (out / "graph.html").read_bytes()
        tidy(out)  # what the next build does first: only the set in use stays
        with open(ballast, "wb") as f:
            f.write(b"\0" * (shutil.disk_usage(small_disk).free - int(share * need)))
        before = occupied(small_disk)
        with pytest.raises(ExportError, match="No space left on device") as info:
            publish(out, new_graph)
        named = str(info.value).split(":")[0]
        assert named.startswith(str(out)), info.value
        where.append(named.rsplit("/", 1)[-1])
        assert check_set(out) == old
        assert (out / "graph.html").read_bytes() == page
        assert find_store(out).parent == published_dir(out)
        # nothing half-written is left (the set before the one in use may have been removed)
        assert leftovers(out) == [] and occupied(small_disk) <= before
        ballast.unlink()
        publish(out, build_graph(Extraction((), (), ())))  # with room again, a new set goes in
        assert check_set(out)["counts"]["articles"] == 0 and leftovers(out) == []
    assert all(name in (*SET_NAMES, "store") or name.startswith(".") for name in where), where


def test_query_and_the_page_still_answer_from_the_old_set_after_a_full_disk(small_disk):
    out = small_disk / "out"
    publish(out, hostile_graph())
    question = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
    assert run_query(out, question).records() == [{"n": 2}]
    ballast = small_disk / "ballast"
    with open(ballast, "wb") as f:
        f.write(b"\0" * (shutil.disk_usage(small_disk).free - 500_000))
    with pytest.raises(ExportError):
        publish(out, build_graph(synthetic_extraction(10)))
    assert run_query(out, question).records() == [{"n": 2}]
    assert b"Nothing to show" not in (out / "graph.html").read_bytes()
