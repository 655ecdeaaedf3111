"""Atomic output writes and the build lock (RELIABILITY rows 18, 19, 20)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casegraph.errors import BuildLockedError, ExportError
from casegraph.graph import atomic
from casegraph.graph.atomic import LOCK_NAME, atomic_write, build_lock, write_all


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.parametrize("existing", [None, b"old content\n"])
def test_atomic_write_leaves_exactly_the_new_file(tmp_path: Path, existing: bytes | None) -> None:
    target = tmp_path / "graph.ttl"
    if existing is not None:
        target.write_bytes(existing)
    atomic_write(target, b"new \x00 content")
    assert target.read_bytes() == b"new \x00 content"
    assert _listing(tmp_path) == ["graph.ttl"]


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "graph.nt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "graph.nt").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("failing", ["fsync", "replace", "open"])
def test_failed_write_keeps_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    cause = OSError(28, "No space left on device")

    def fail(*args, **kwargs):
        raise cause

    monkeypatch.setattr(atomic.os, failing, fail)
    with pytest.raises(ExportError, match=r"graph\.ttl") as info:
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert info.value.__cause__ is cause
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["graph.ttl"]


def test_interrupted_write_removes_temp_and_propagates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["graph.ttl"]


def test_missing_directory_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="nowhere"):
        atomic_write(tmp_path / "nowhere" / "graph.ttl", b"x")


def test_write_all_writes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = {"graph.ttl": b"a", "graph.nt": b"b"}
    assert write_all(out, files) == [out / "graph.ttl", out / "graph.nt"]
    assert {name: (out / name).read_bytes() for name in files} == files


@pytest.mark.parametrize("name", ["../escape.ttl", "sub/graph.ttl", ".hidden", "", "/abs.ttl"])
def test_write_all_refuses_unsafe_names_before_writing(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="output name"):
        write_all(tmp_path, {"graph.ttl": b"a", name: b"b"})
    assert _listing(tmp_path) == []


def test_failure_midway_leaves_each_file_whole_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {"a.ttl": b"old a", "b.ttl": b"old b"}
    write_all(tmp_path, old)
    real_replace = os.replace
    calls = []

    def replace_once(src, dst):
        calls.append(dst)
        if len(calls) > 1:
            raise OSError(5, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace_once)
    with pytest.raises(ExportError, match=r"b\.ttl"):
        write_all(tmp_path, {"a.ttl": b"new a", "b.ttl": b"new b"})
    monkeypatch.undo()
    assert (tmp_path / "a.ttl").read_bytes() == b"new a"
    assert (tmp_path / "b.ttl").read_bytes() == b"old b"
    assert _listing(tmp_path) == ["a.ttl", "b.ttl"]


def test_second_build_on_the_same_directory_fails_fast(tmp_path: Path) -> None:
    with build_lock(tmp_path) as lock:
        assert lock == tmp_path / LOCK_NAME
        with pytest.raises(BuildLockedError, match="another build") as info:
            with build_lock(tmp_path):
                pass
        assert str(tmp_path) in str(info.value)
    with build_lock(tmp_path):  # released on exit
        pass


def test_lock_held_by_another_process_is_refused(tmp_path: Path) -> None:
    holder = textwrap.dedent(
        f"""
        import sys
        from casegraph.graph.atomic import build_lock
        with build_lock({str(tmp_path)!r}):
            print("locked", flush=True)
            sys.stdin.readline()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        with pytest.raises(BuildLockedError):
            with build_lock(tmp_path):
                pass
    finally:
        proc.communicate("\n", timeout=30)
    with build_lock(tmp_path):
        pass
