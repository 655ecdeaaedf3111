"""Issue 11, the first hour: `make build` printed about 216 lines of setuptools warnings about
package discovery, then 80 s of silence while pip ran. Every folder of the package is now
declared (the warnings' cause), and the Makefile says what it installs while pip's own output
goes to build/pip.log (shown if pip fails)."""

from __future__ import annotations

import subprocess
import tomllib

from reliability_helpers import REPO


def test_every_folder_of_the_package_is_declared():
    tool = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]
    declared = set(tool["packages"])
    for name, folder in tool["package-dir"].items():
        for sub in (REPO / folder).rglob("*"):
            if sub.is_dir() and "__pycache__" not in sub.parts and not sub.name.startswith("."):
                package = ".".join([name, *sub.relative_to(REPO / folder).parts])
                assert package in declared, (
                    f"{sub} is not declared as {package!r} in pyproject.toml"
                )
    # a declared folder holds code, or data declared as package data, or folders of either
    roots = sorted(tool["package-dir"], key=len, reverse=True)
    for name in declared:
        root = next(r for r in roots if name == r or name.startswith(r + "."))
        folder = (
            REPO / tool["package-dir"][root] / name.removeprefix(root).lstrip(".").replace(".", "/")
        )
        code = any(folder.glob("*.py"))
        assert code or name in tool["package-data"] or any(p.is_dir() for p in folder.iterdir()), (
            name
        )


def test_make_says_what_it_installs_and_keeps_pip_quiet():
    r = subprocess.run(["make", "-n", "-B", "setup"], cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert 'echo "Installing casegraph into .venv with spaCy' in r.stdout
    pip_lines = [line for line in r.stdout.splitlines() if "pip install" in line]
    assert pip_lines and "> build/pip.log 2>&1" in r.stdout
    assert "tail -n 40 build/pip.log" in r.stdout  # pip's output is shown when it fails
