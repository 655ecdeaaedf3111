"""Issue 11, the first hour: the README said to open the notebook in Jupyter, but neither
`jupyter lab` nor `nbconvert` was installed. The `notebooks` extra (which `make setup`
installs) now declares both, and the commands the README gives exist."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from reliability_helpers import REPO

BIN = Path(sys.executable).parent


def readme_notebook_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Notebooks", 1)[1].split("\n## ", 1)[0]
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", section, re.S))
    return re.findall(r"^\s*(?:\.venv/bin/)?(jupyter [a-z]+)", blocks, re.M)


def test_the_notebooks_extra_declares_what_the_readme_runs():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    declared = {re.split(r"[<>=\[ ]", d)[0] for d in extras["notebooks"]}
    assert {"jupyterlab", "nbconvert", "ipykernel", "pandas", "matplotlib"} <= declared
    assert "casegraph[notebooks]" in extras["test"]  # so `make setup` installs it
    assert set(readme_notebook_commands()) == {"jupyter lab", "jupyter nbconvert"}


def test_the_jupyter_commands_are_installed():
    # `jupyter lab` runs the `jupyter-lab` script of the jupyterlab distribution, and so on.
    distribution = {"lab": "jupyterlab", "nbconvert": "nbconvert"}
    for command in readme_notebook_commands():
        sub = command.split()[1]
        assert metadata.version(distribution[sub])
        assert (BIN / f"jupyter-{sub}").is_file(), f"{command}: not installed in {BIN}"
    r = subprocess.run([str(BIN / "jupyter"), "--paths"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
