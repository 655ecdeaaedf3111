"""Issue 11, the first hour: `casegraph --help` showed a developer's docstring ("composes the
stages, owns no logic"). It now says what casegraph does, what each command is for, with
examples and the exit codes."""

from __future__ import annotations

import subprocess
import sys


def help_text(*args: str) -> str:
    r = subprocess.run(
        [sys.executable, "-m", "casegraph", *args, "--help"], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_main_help_is_written_for_users():
    text = help_text()
    assert "owns no logic" not in text and "composes" not in text
    assert "knowledge graph" in text and "press releases" in text
    for command in ("build", "query", "serve", "eval"):
        assert f"\n    {command} " in text, command
    assert "examples:" in text and "casegraph build articles/ --out case42" in text
    assert "Exit codes: 0 done, 1 failed (outputs unchanged)" in text


def test_build_help_explains_its_options():
    text = help_text("build")
    for option in ("--out", "--max-chars", "--allow-empty"):
        assert option in text
    assert "all at once" in text  # the outputs are replaced as one set
