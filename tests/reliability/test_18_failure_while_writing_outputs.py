"""RELIABILITY row 18: a failure in the middle of writing outputs (serializer error, disk full)
leaves the previous outputs intact and in use, no temp files, and a message naming the file.

Every file-system call a build makes is made to fail in turn (the 1st, the 2nd, ... until a
build gets through), as a full disk or an I/O error would."""

from __future__ import annotations

import errno
import os

import pytest
from reliability_helpers import (
    check_set,
    hostile_graph,
    leftovers,
    publish,
    store_files,
    synthetic_extraction,
)

from casegraph.errors import ExportError
from casegraph.extract.records import Extraction
from casegraph.graph import publish as publish_module
from casegraph.graph import serialize
from casegraph.graph.build import build_graph

# The calls through which graph/atomic.py (and so every write of a build) touches the disk.
WRITES = ("open", "write", "fsync", "close", "replace", "symlink", "mkdir")


class _FailAt:
    """Make the ``n``-th call of any of WRITES fail with ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, n: int):
        self.n, self.calls, self.failed = n, 0, None
        for name in WRITES:
            monkeypatch.setattr(os, name, self._wrap(name, getattr(os, name)))

    def _wrap(self, name, real):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == self.n:
                self.failed = name
                raise OSError(errno.ENOSPC, "No space left on device (injected)")
            if name == "fsync":  # durability is not what is tested here; time is saved
                return None
            return real(*args, **kwargs)

        return call


def test_a_fault_at_every_write_leaves_the_previous_set_whole_and_in_use(fast_dir):
    out = fast_dir / "out"
    old_graph, new_graph = hostile_graph(), build_graph(synthetic_extraction(1, sentences=1))
    publish(out, old_graph)
    old, old_store = check_set(out), store_files(out)
    failures: dict[str, int] = {}
    n = 0
    while True:
        n += 1
        with pytest.MonkeyPatch.context() as mp:
            fault = _FailAt(mp, n)
            try:
                publish(out, new_graph)
            except ExportError as e:
                assert "(injected)" in str(e) and str(out) in str(e), e
            else:
                if fault.failed is None:
                    break  # no call left to fail: every step was tried
        assert fault.failed is not None
        failures[fault.failed] = failures.get(fault.failed, 0) + 1
        if check_set(out, store=False) == old:  # the fault came before the switch
            assert store_files(out) == old_store
            assert leftovers(out) == [], (n, fault.failed)
        else:  # the fault came after the switch: the new set is complete and in use
            assert check_set(out)["counts"]["articles"] == 1
            publish(out, old_graph)  # back to the old set for the next round
            old_store = store_files(out)
    assert check_set(out)["counts"]["articles"] == 1  # the last round got through
    assert set(failures) >= {"open", "write", "fsync", "close", "replace", "symlink", "mkdir"}
    assert sum(failures.values()) == n - 1 > 40


@pytest.mark.parametrize("writer", ["_jsonld", "check_rdf", "StoreLoader"])
def test_a_serializer_or_checker_error_keeps_the_previous_set(fast_dir, monkeypatch, writer):
    publish(fast_dir, hostile_graph())
    old = check_set(fast_dir)

    def explode(*args, **kwargs):
        raise RuntimeError(f"{writer} exploded")

    module = serialize if writer == "_jsonld" else publish_module
    monkeypatch.setattr(module, writer, explode)
    with pytest.raises((RuntimeError, ExportError), match="exploded"):
        publish(fast_dir, build_graph(Extraction((), (), ())))
    assert check_set(fast_dir) == old
    assert leftovers(fast_dir) == []
