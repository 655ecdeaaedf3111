"""Fixtures of the reliability tests (one file per row of RELIABILITY.md and per failure of
issue 11; helpers in reliability_helpers.py)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.fixture
def fast_dir(tmp_path: Path):
    """A fresh directory in memory (/dev/shm) when the machine has one, else ``tmp_path``:
    tests that publish dozens of output sets spend their time in fsync otherwise."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and shm.stat().st_mode & 0o002):
        yield tmp_path
        return
    directory = Path(tempfile.mkdtemp(prefix="casegraph-test-", dir=shm))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
