"""RELIABILITY row 19: the process killed (kill -9) during export leaves each output file the
complete old or the complete new version, the set consistent, and the next build cleans up.

A child process publishes two different graphs by turns and is killed at random moments; after
each kill every file of the set is checked against its manifest, every RDF file re-parsed and
the store opened. One real ``casegraph build`` is killed while it writes its new set."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reliability_helpers import REPO, check_set, hostile_graph, leftovers, publish

import casegraph
from casegraph.graph.cli import main
from casegraph.graph.outputs import GENERATIONS

KILLS = 8


@pytest.fixture(scope="module")
def spawner():
    # A fork server imports casegraph once; each child then starts in milliseconds. (Forking
    # pytest itself is unsafe: the store library runs threads.)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reliability_helpers"])
    return context


def test_kill_9_at_random_moments_never_leaves_a_broken_or_mixed_set(spawner, fast_dir):
    out = fast_dir / "out"
    publish(out, hostile_graph())
    first = check_set(out)
    seen, rng = {first["outputs"]["graph.ttl"]["sha256"]}, random.Random(11)
    import reliability_helpers

    for _ in range(KILLS):
        ready = spawner.Event()
        child = spawner.Process(target=reliability_helpers.publish_forever, args=(str(out), ready))
        child.start()
        try:
            assert ready.wait(60), "the child never published"
            time.sleep(rng.uniform(0, 0.4))
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.join(10)
        assert child.exitcode == -signal.SIGKILL
        manifest = check_set(out)  # complete, consistent, re-parses, store opens
        assert manifest["counts"]["articles"] in (2, 3)
        seen.add(manifest["outputs"]["graph.ttl"]["sha256"])
    assert len(seen) == 2  # both sets were caught in use at some kill
    publish(out, hostile_graph())  # the next build removes whatever the kills left
    assert check_set(out) == first
    assert leftovers(out) == []


def _corpus(tmp_path: Path, n: int) -> Path:
    src = tmp_path / f"in{n}"
    if src.is_dir():
        return src
    src.mkdir()
    for f in sorted(Path(str(casegraph.bundled_corpus())).glob("*.txt"))[:n]:
        (src / f.name).write_bytes(f.read_bytes())
    return src


def test_a_real_build_killed_while_writing_its_set_leaves_the_old_one(tmp_path):
    out = tmp_path / "out"
    build = [sys.executable, "-m", "casegraph", "build", "--out", str(out)]
    assert main(["build", str(_corpus(tmp_path, 1)), "--out", str(out)]) == 0
    old = check_set(out)
    proc = subprocess.Popen([*build, str(_corpus(tmp_path, 2))], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(".new-") for p in (out / GENERATIONS).iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, "never started writing"
            time.sleep(0.005)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert check_set(out) == old
    assert leftovers(out)  # the half-written set is still there...
    assert main(["build", str(_corpus(tmp_path, 1)), "--out", str(out)]) == 0
    assert check_set(out) == old and leftovers(out) == []  # ...until the next build
