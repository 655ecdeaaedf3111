"""Run a command and sample the resident memory of it and all its child processes (the sum),
every ``interval`` seconds, from /proc (Linux).

Usage: python bench/rss.py [--interval 0.2] -- COMMAND ...   (prints JSON on the last line)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> tuple[int, int]:
    """(resident memory of ``pid``, of ``pid`` and every descendant), in KiB."""
    own, total, todo, seen = _rss_kb(pid), 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _rss_kb(p)
        todo += _children(p)
    return own, total


def run(command: list[str], *, interval: float = 0.2, **popen) -> dict:
    """Run ``command``; its wall time, return code and peak memory (MB), the main process
    alone and with its children."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, **popen)
    peak_own = peak_tree = 0
    while proc.poll() is None:
        own, tree = tree_rss_kb(proc.pid)
        peak_own, peak_tree = max(peak_own, own), max(peak_tree, tree)
        time.sleep(interval)
    return {
        "seconds": time.perf_counter() - start,
        "returncode": proc.returncode,
        "peak_mb": peak_own / 1024,
        "peak_tree_mb": peak_tree / 1024,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--interval", type=float, default=0.2)
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    result = run(command, interval=args.interval)
    print(json.dumps(result))
    sys.exit(result["returncode"] if result["returncode"] >= 0 else 1)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
