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


def test_the_committed_output_set_is_what_a_fresh_build_makes(bundled_build):
    import json

    # Links, hashes, strict re-parse; the store and its link are not in git.
    committed = check_set(REPO / "output", store=False, store_link=False)
    fresh = check_set(bundled_build)
    versions = ("versions",)
    assert {k: v for k, v in committed.items() if k not in versions} == {
        k: v for k, v in fresh.items() if k not in versions
    }
    if committed["versions"] == fresh["versions"]:  # same libraries: the same set, by name
        assert (REPO / "output" / "current").resolve().name == (
            bundled_build / "current"
        ).resolve().name
    assert (
        json.loads((REPO / "output" / "summary.json").read_text(encoding="utf-8"))["articles"] == 5
    )
