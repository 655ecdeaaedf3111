"""Load test of `casegraph serve`: N clients send M requests in all over loopback, and the run
prints the errors and the latency percentiles (p50, p99) per kind of request and overall.

Not a test: machines are shared and noisy. Bounded: a fixed number of requests, a deadline,
and only 127.0.0.1. The served graph is a built directory (default: output/, whose graph.trig
is loaded when it has no store yet).
Usage: python bench/serve_load.py [--graph output] [--clients 8] [--requests 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from casegraph.graph.query import library
from casegraph.graph.serve import Endpoint

OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
JSON = "application/sparql-results+json"


def mix(base: str) -> list[tuple[str, urllib.request.Request]]:
    """The kinds of request a client cycles through: GET, POST form, POST body, the page."""
    ask = "ASK { ?s ?p ?o }"
    people = library()["people-by-organisation"].text
    ranked = library()["entities-by-articles"].text
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON}
    return [
        ("GET ask", urllib.request.Request(f"{base}/query?" + urllib.parse.urlencode(
            {"query": ask}), headers={"Accept": JSON})),
        ("POST form people-by-organisation", urllib.request.Request(
            f"{base}/query", data=urllib.parse.urlencode({"query": people}).encode(),
            headers=form)),
        ("POST body entities-by-articles", urllib.request.Request(
            f"{base}/sparql", data=ranked.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})),
        ("GET query page", urllib.request.Request(f"{base}/")),
    ]  # fmt: skip


def one(req: urllib.request.Request) -> tuple[float, str | None]:
    started = time.perf_counter()
    try:
        with OPENER.open(req, timeout=60) as r:
            r.read()
            error = None if r.status == 200 else f"HTTP {r.status}"
    except (urllib.error.URLError, OSError) as e:
        error = repr(e)
    return time.perf_counter() - started, error


def percentile(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[q - 1]
        if len(values) > 1
        else values[0]
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--graph", type=Path, default=Path("output"))
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--deadline", type=float, default=600.0, help="stop after this many seconds")
    args = p.parse_args(argv)

    with Endpoint(args.graph, port=0) as endpoint:
        thread = threading.Thread(target=endpoint.serve_forever, daemon=True)
        thread.start()
        kinds = mix(endpoint.url)
        stop_at = time.monotonic() + args.deadline

        def task(i: int) -> tuple[str, float, str | None]:
            name, req = kinds[i % len(kinds)]
            if time.monotonic() > stop_at:
                return name, 0.0, "not sent: deadline"
            return (name, *one(req))

        for _, req in kinds:  # warm up: every worker has opened the store
            one(req)
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as clients:
            results = list(clients.map(task, range(args.requests)))
        wall = time.perf_counter() - started
        endpoint.shutdown()
        thread.join(timeout=10)

    errors = [(name, e) for name, _, e in results if e]
    print(f"{args.requests} requests, {args.clients} clients, loopback, {wall:.1f} s "
          f"({args.requests / wall:.0f} requests/s)")  # fmt: skip
    print(f"errors: {len(errors)}")
    for name, error in errors[:10]:
        print(f"  {name}: {error}")
    print(f"{'request':36} {'n':>5} {'p50 ms':>8} {'p99 ms':>8}")
    for name in [k for k, _ in kinds] + ["all"]:
        times = [t * 1000 for n, t, e in results if not e and (name == "all" or n == name)]
        if times:
            print(f"{name:36} {len(times):5d} {percentile(times, 50):8.1f} "
                  f"{percentile(times, 99):8.1f}")  # fmt: skip
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
