"""The file-system steps of writing outputs, each complete or undone, and the build lock.

Every write of a build goes through these few functions (``graph/publish.py`` composes them),
so a reader sees an old or a new file, never a stub, and a failure names the path.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from casegraph.errors import BuildLockedError, ExportError

log = logging.getLogger(__name__)

LOCK_NAME = ".lock"
_TOKEN_BYTES = 6  # temp names: 12 hex digits


def temp_name(name: str) -> str:
    """A hidden, unique temp name for ``name`` in the same directory (``.name.<hex>.tmp``)."""
    return f".{name}.{secrets.token_hex(_TOKEN_BYTES)}.tmp"


class HashingFile:
    """A new file opened for writing that counts and hashes what goes through it."""

    def __init__(self, path: Path, fd: int):
        self.path, self._fd = path, fd
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            n = os.write(self._fd, view)
            view = view[n:]
        self._sha.update(data)
        self.size += len(data)
        return len(data)

    def flush(self) -> None:  # os.write is unbuffered
        pass

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()


@contextmanager
def new_file(path: str | os.PathLike[str]) -> Iterator[HashingFile]:
    """Create ``path`` (it must not exist), yield it for writing, fsync and close it.

    On failure the partial file is removed and :class:`ExportError` names the path.
    """
    path = Path(path)
    created = False
    try:
        # O_EXCL: never reuse someone else's file; mode 0o666 lets the umask decide.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        created = True
        try:
            f = HashingFile(path, fd)
            yield f
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException as e:
        if created:
            path.unlink(missing_ok=True)
        if isinstance(e, Exception) and not isinstance(e, ExportError):
            raise ExportError(f"{path}: could not write output: {e}") from e
        raise
    log.debug("wrote %s (%d bytes)", path, f.size)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a stub.

    Writes a hidden temp file in the same directory, fsyncs it, renames it over ``path`` and
    fsyncs the directory. On failure the temp file is gone, the old file is untouched and
    :class:`ExportError` names the path.
    """
    path = Path(path)
    tmp = path.with_name(temp_name(path.name))
    try:
        with new_file(tmp) as f:
            f.write(data)
        replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def replace(src: Path, dst: Path) -> None:
    """Rename ``src`` over ``dst`` (one atomic step) and make the rename durable.

    Once the rename is done it is reported as done: a failure to flush the directory
    afterwards is only logged (after a crash the old version may come back, complete).
    """
    try:
        os.replace(src, dst)
    except OSError as e:
        raise ExportError(f"{dst}: could not put the new version in place: {e}") from e
    try:
        fsync_dir(dst.parent)
    except ExportError as e:
        log.warning("%s: renamed, but %s", dst, e)


def point_symlink(link: Path, target: str) -> None:
    """Make ``link`` a symlink to ``target`` in one rename: readers see the old or the new
    target, never no link."""
    tmp = link.with_name(temp_name(link.name))
    try:
        os.symlink(target, tmp)
    except OSError as e:
        raise ExportError(f"{link}: could not create the link to {target}: {e}") from e
    try:
        replace(tmp, link)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def make_dir(path: Path) -> None:
    """Create the directory ``path`` (its parents too); :class:`ExportError` names it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{path}: could not create the directory: {e}") from e


def _fsync(path: str | Path, flags: int = os.O_RDONLY) -> None:
    try:
        fd = os.open(path, flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        raise ExportError(f"{path}: could not flush to disk: {e}") from e


def fsync_dir(directory: Path) -> None:
    """Flush ``directory`` itself: a rename or a new entry is only durable once it is on disk."""
    _fsync(directory, os.O_RDONLY | os.O_DIRECTORY)


def fsync_tree(root: Path) -> None:
    """fsync every file and directory under ``root`` (a database written by a library)."""
    for folder, _, names in os.walk(root):
        for name in names:
            _fsync(os.path.join(folder, name))
        fsync_dir(Path(folder))


def remove(path: Path) -> None:
    """Delete a file, link or directory tree we made; a failure is logged, never raised
    (what is left is removed by the next build)."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as e:
        log.warning("%s: could not remove (the next build will retry): %s", path, e)


@contextmanager
def build_lock(out_dir: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold an exclusive lock on ``out_dir`` for one build; fail fast if another build has it.

    The lock file stays in place (deleting it would let two builds lock different files).
    """
    out_dir = Path(out_dir)
    lock_path = out_dir / LOCK_NAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as e:
        raise ExportError(f"{lock_path}: could not open the build lock: {e}") from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise BuildLockedError(
                f"{out_dir}: another build is writing this directory (lock held on {lock_path})"
            ) from e
        yield lock_path
    finally:
        os.close(fd)  # closing the descriptor releases the lock
