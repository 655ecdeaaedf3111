"""The file-system steps of writing outputs, each complete or undone, and the build lock."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casegraph.errors import BuildLockedError, ExportError
from casegraph.graph import atomic
from casegraph.graph.atomic import (
    LOCK_NAME,
    atomic_write,
    build_lock,
    new_file,
    point_symlink,
    remove,
    temp_name,
)


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


@pytest.mark.parametrize("failing", ["fsync", "replace", "open", "write"])
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


def test_new_file_hashes_and_counts_what_is_written(tmp_path: Path) -> None:
    with new_file(tmp_path / "a.nt") as f:
        f.write(b"first ")
        f.write(memoryview(b"second"))
    assert (tmp_path / "a.nt").read_bytes() == b"first second"
    assert (f.size, f.sha256) == (12, hashlib.sha256(b"first second").hexdigest())


def test_new_file_never_overwrites_and_a_failed_body_leaves_nothing(tmp_path: Path) -> None:
    (tmp_path / "taken").write_bytes(b"mine")
    with pytest.raises(ExportError, match="taken"):
        with new_file(tmp_path / "taken"):
            pass
    assert (tmp_path / "taken").read_bytes() == b"mine"
    with pytest.raises(ExportError, match="serializer exploded"):
        with new_file(tmp_path / "b.nt") as f:
            f.write(b"half")
            raise RuntimeError("serializer exploded")
    assert _listing(tmp_path) == ["taken"]


def test_point_symlink_switches_in_one_step_and_leaves_no_temp(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    point_symlink(tmp_path / "current", "one")
    point_symlink(tmp_path / "current", "two")
    assert os.readlink(tmp_path / "current") == "two"
    assert _listing(tmp_path) == ["current", "one", "two"]


def test_failed_switch_keeps_the_old_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    point_symlink(tmp_path / "current", "one")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(ExportError, match="current"):
        point_symlink(tmp_path / "current", "two")
    monkeypatch.undo()
    assert os.readlink(tmp_path / "current") == "one"
    assert _listing(tmp_path) == ["current"]


def test_temp_names_are_hidden_unique_and_recognisable() -> None:
    names = {temp_name("graph.ttl") for _ in range(50)}
    assert len(names) == 50
    assert all(n.startswith(".graph.ttl.") and n.endswith(".tmp") for n in names)


def test_remove_deletes_trees_files_and_links_but_never_raises(tmp_path: Path) -> None:
    (tmp_path / "tree" / "deep").mkdir(parents=True)
    (tmp_path / "tree" / "deep" / "f").write_bytes(b"x")
    (tmp_path / "target").mkdir()
    (tmp_path / "link").symlink_to("target")
    for name in ("tree", "link", "absent"):
        remove(tmp_path / name)
    assert _listing(tmp_path) == ["target"]  # a link's target is left alone


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
