"""RELIABILITY row 20: two builds on the same output directory: the second fails fast with a
clear message (exit 1) and the first one's set is never interleaved with anything."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reliability_helpers import check_set, hostile_graph, publish

from casegraph.graph import cli


def test_a_second_build_fails_fast_while_another_holds_the_directory(tmp_path, capsys):
    out = tmp_path / "out"
    publish(out, hostile_graph())
    before = check_set(out)
    holder = textwrap.dedent(
        f"""
        import sys
        from casegraph.graph.atomic import build_lock
        with build_lock({str(out)!r}):
            print("locked", flush=True)
            sys.stdin.readline()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "locked"
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "a.txt").write_text("Title\n\nEuropol met INTERPOL in Lyon.\n")
        assert cli.main(["build", str(tmp_path / "in"), "--out", str(out)]) == cli.EXIT_FAILED
    finally:
        proc.communicate("\n", timeout=30)
    err = capsys.readouterr().err
    assert f"{out}: another build is writing this directory" in err
    assert check_set(out) == before
