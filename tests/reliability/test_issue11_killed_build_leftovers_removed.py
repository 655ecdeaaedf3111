"""Issue 11, failure 2 (second half): after a kill -9, .graph.ttl.*.tmp files stayed and later
builds never removed them. Now the next build removes whatever a killed build left (temp
files of any version, half-written sets) and nothing else."""

from __future__ import annotations

from reliability_helpers import check_set, hostile_graph, leftovers, publish

from casegraph.graph.atomic import build_lock
from casegraph.graph.outputs import GENERATIONS


def test_the_next_build_removes_what_a_killed_build_left(fast_dir):
    out = fast_dir / "out"
    publish(out, hostile_graph())
    left = [
        ".graph.ttl.3fa2c1d0e9b8.tmp",  # atomic writes of earlier versions
        ".graph.nt.0a1b2c3d4e5f.tmp",
        ".store.aaaaaaaaaaaa.tmp",
        ".current.bbbbbbbbbbbb.tmp",
    ]
    for name in left:
        (out / name).write_bytes(b"half")
    (out / ".store-0123456789ab").mkdir()  # a store of the layout before output sets
    (out / GENERATIONS / ".new-0123456789ab").mkdir()  # a set being written when killed
    (out / GENERATIONS / ".new-0123456789ab" / "graph.ttl").write_bytes(b"@prefix")
    (out / "my-notes.txt").write_bytes(b"an analyst's file: never touched")
    assert len(leftovers(out)) == len(left) + 3
    with build_lock(out):
        publish(out, hostile_graph())
    check_set(out)
    assert leftovers(out) == ["my-notes.txt"]
