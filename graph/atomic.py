"""Atomic output writes and the build lock: each output is the complete old or new version."""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from casegraph.errors import BuildLockedError, ExportError

log = logging.getLogger(__name__)

LOCK_NAME = ".lock"


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never a stub.

    Writes a hidden temp file in the same directory, fsyncs it, renames it over ``path`` and
    fsyncs the directory. On failure the temp file is gone, the old file is untouched and
    :class:`ExportError` names the path.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    created = False
    try:
        # O_EXCL: never reuse someone else's file; mode 0o666 lets the umask decide as for open().
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        created = True
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException as e:
        if created:
            tmp.unlink(missing_ok=True)
        if isinstance(e, Exception):
            raise ExportError(f"{path}: could not write output: {e}") from e
        raise
    log.debug("wrote %s (%d bytes)", path, len(data))


def fsync_dir(directory: Path) -> None:
    # The rename is only durable once the directory entry is on disk.
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(out_dir: str | os.PathLike[str], files: Mapping[str, bytes]) -> list[Path]:
    """Write every rendered output (file name -> bytes) atomically into ``out_dir``.

    Render everything first, then call this: a serializer failure then touches no file.
    """
    out_dir = Path(out_dir)
    for name in files:
        if Path(name).name != name or name in {"", ".", ".."} or name.startswith("."):
            raise ValueError(f"output name {name!r} must be a plain, visible file name")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"{out_dir}: could not create output directory: {e}") from e
    written = []
    for name, data in files.items():
        atomic_write(out_dir / name, data)
        written.append(out_dir / name)
    return written


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
