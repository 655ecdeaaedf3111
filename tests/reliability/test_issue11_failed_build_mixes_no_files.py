"""Issue 11, failure 2: disk full at different points left Turtle and TriG new, the rest old
and the store stale, while exit 1 said "outputs unchanged". Now a failed build changes
nothing in use: the same check of every file passes with the old manifest, and the message
is true."""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path

import pytest
from reliability_helpers import check_set

import casegraph
from casegraph.graph import cli, publish

CORPUS = sorted(Path(str(casegraph.bundled_corpus())).glob("*.txt"))


def corpus(tmp_path: Path, n: int) -> Path:
    src = tmp_path / f"in{n}"
    src.mkdir(exist_ok=True)
    for f in CORPUS[:n]:
        (src / f.name).write_bytes(f.read_bytes())
    return src


@pytest.mark.parametrize("stage", ["write_rdf", "render_html", "StoreLoader"])
def test_a_full_disk_at_any_stage_of_a_real_build_changes_nothing(
    tmp_path, monkeypatch, capsys, stage
):
    out = tmp_path / "out"
    assert cli.main(["build", str(corpus(tmp_path, 1)), "--out", str(out)]) == cli.EXIT_OK
    old = check_set(out)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish, stage, disk_full)
    capsys.readouterr()
    assert cli.main(["build", str(corpus(tmp_path, 3)), "--out", str(out)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "No space left on device" in err and "the output set in use was not changed" in err
    assert check_set(out) == old  # every file, the store included, is the old set's


def test_on_a_real_small_disk_the_build_fails_cleanly(tmp_path, capsys):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:  # fmt: skip
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        out = disk / "out"
        assert cli.main(["build", str(corpus(tmp_path, 1)), "--out", str(out)]) == cli.EXIT_OK
        old = check_set(out)
        capsys.readouterr()
        assert cli.main(["build", str(corpus(tmp_path, 5)), "--out", str(out)]) == cli.EXIT_FAILED
        assert "No space left on device" in capsys.readouterr().err
        assert check_set(out) == old
        assert sorted(p.name for p in (out / ".generations").iterdir()) == [
            out.joinpath("current").resolve().name
        ]
    finally:
        subprocess.run(["umount", str(disk)], check=False)
