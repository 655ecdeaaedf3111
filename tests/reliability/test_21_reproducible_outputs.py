"""RELIABILITY row 21: the same corpus built twice, with shuffled input order and another
PYTHONHASHSEED: byte-identical files (every one of the set), identical IRIs and set name."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from reliability_helpers import REPO, TESTS, check_set

from casegraph.graph.outputs import SET_NAMES
from casegraph.graph.store import STORE_NAME

SCRIPT = textwrap.dedent(
    f"""
    import sys
    sys.path[:0] = [{str(TESTS / "graph")!r}, {str(TESTS / "reliability")!r}]
    from pathlib import Path
    from conftest import make_extraction, reinsert
    from reliability_helpers import publish
    from casegraph.graph.build import build_graph
    seed = int(sys.argv[2])
    G = reinsert(build_graph(make_extraction(seed=seed)), seed=seed)
    print(publish(Path(sys.argv[1]), G).directory.name)
    """
)


def test_shuffled_records_and_another_hash_seed_give_the_same_bytes(tmp_path):
    names = {}
    for seed, hash_seed in ((1, "0"), (2, "4242")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        r = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / str(seed)), str(seed)],
                           env=env, capture_output=True, text=True, cwd=REPO)  # fmt: skip
        assert r.returncode == 0, r.stderr
        names[seed] = r.stdout.strip()
        check_set(tmp_path / str(seed))
    assert len(set(names.values())) == 1  # the set's name is the hash of its manifest
    files = [n for n in SET_NAMES if n != STORE_NAME]
    first = {n: (tmp_path / "1" / n).read_bytes() for n in files}
    for seed in (2,):
        assert {n: (tmp_path / str(seed) / n).read_bytes() for n in files} == first
