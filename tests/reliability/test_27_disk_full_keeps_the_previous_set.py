"""RELIABILITY row 27: disk full (a real, small tmpfs) or a serializer error after some files
are written: the whole previous output set stays, in use by query, serve and the HTML alike.

The new sets are sized so that the disk fills while a different file is written each time
(a dataset file, a union file, the HTML page, the store)."""

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
from casegraph.graph.outputs import published_dir
from casegraph.graph.query import run_query
from casegraph.graph.store import find_store

DISK = "3m"  # the hostile fixture's set takes about 1.1 MB of it


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs of our own (needs root); skipped with the reason when it cannot be had."""
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


def used(directory: Path) -> int:
    usage = shutil.disk_usage(directory)
    return usage.total - usage.free


def test_a_full_disk_keeps_the_previous_set_whole_and_in_use(small_disk):
    out = small_disk / "out"
    where = set()
    for articles in (3, 5, 10, 20):
        publish(out, hostile_graph())
        old, before = check_set(out), used(small_disk)
        page = (out / "graph.html").read_bytes()
        with pytest.raises(ExportError, match="No space left on device") as info:
            publish(out, build_graph(synthetic_extraction(articles)))
        where.add(str(info.value).split(":")[0].rsplit("/", 1)[-1])
        assert str(out) in str(info.value)
        assert check_set(out) == old
        # nothing half-written (the set in use before the last one may have been removed)
        assert leftovers(out) == [] and used(small_disk) <= before
        assert find_store(out).parent == published_dir(out)
        assert (out / "graph.html").read_bytes() == page
        # A smaller set fits; the old one is removed once the new one is in use.
        publish(out, build_graph(Extraction((), (), ())))
        assert check_set(out)["counts"]["articles"] == 0 and leftovers(out) == []
    assert len(where) >= 3, where  # the disk filled while writing different files


def test_query_and_the_page_still_answer_from_the_old_set_after_a_full_disk(small_disk):
    out = small_disk / "out"
    publish(out, hostile_graph())
    question = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }"
    assert run_query(out, question).records() == [{"n": 2}]
    with pytest.raises(ExportError):
        publish(out, build_graph(synthetic_extraction(10)))
    assert run_query(out, question).records() == [{"n": 2}]
    assert b"Nothing to show" not in (out / "graph.html").read_bytes()
