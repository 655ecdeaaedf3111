"""casegraph at scale (issue 10): makes synthetic corpora of 1,000 and 10,000 articles
(bench/synthetic.py), then measures, on this machine, in this run:

* bare spaCy (``nlp.pipe``, the same model, no casegraph component) words/s, and batch sizes;
* ``casegraph build`` with 1 and 2 workers: wall time, words/s with the HTML page excluded and
  its ratio to bare spaCy, peak memory of the build and its workers (sampled from /proc);
* rebuilds with the cache: unchanged, one article edited, added, deleted;
* each stage after the NLP (reading, resolution, links, graph, each export, store, layout,
  HTML), run one by one on the cached records;
* the query store: load time per million triples, every library query (medians), Oxigraph
  against rdflib on the 1,000-article build, and the time to open the page in Chromium.

It prints one table (Markdown). Every measurement runs in its own process. Not a test: the
machine is shared, so compare the rows of one run with each other.

Usage: python bench/scale_benchmark.py [--sizes 1000 10000] [--repeats 1] [--out build/bench]
       [--no-rdflib] [--rdflib-limit SECONDS] [--no-view]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import rss  # noqa: E402  (bench/rss.py)
import synthetic  # noqa: E402  (bench/synthetic.py)

CASEGRAPH = [sys.executable, "-m", "casegraph"]
STAGE = re.compile(r"^casegraph \[ *([\d.]+) s\] (.*?)(?: \(\d+\))?$")
RDFLIB_LIMIT_S = 120  # per library query, unless --rdflib-limit says otherwise
CACHE_LINE = re.compile(r"cache: (\d+) articles found, (\d+) to parse")
# Parameters of the library queries that name something of the synthetic corpora.
EXAMPLES = {
    "people-by-organisation": {"organisation": "INTERPOL"},
    "sub-units": {"organisation": "INTERPOL"},
    "databases": {"database": "I-24/7"},
    "figure-over-time": {"measure": "arrests"},
    "events": {"from": "2013", "to": "2014", "place": "Lyon"},
    "neighbourhood": {"name": "Europol"},
    "link-evidence": {"name": "Europol", "other": "INTERPOL"},
    "cooccurs-with": {"name": "Europol"},
}


def words_of(corpus: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))


# --- children ---------------------------------------------------------------------------------


def child_bare(corpus: str, batch: str) -> dict:
    """Bare spaCy: the model casegraph uses, its own components only."""
    import spacy

    from casegraph.extract.pipeline import MODEL

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(corpus).glob("*.txt"))]
    nlp = spacy.load(MODEL)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=int(batch)):
        pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "words": sum(len(t.split()) for t in texts)}


def child_stages(corpus: str, cache_dir: str, scratch: str) -> dict:
    """Every stage after the NLP, one at a time, on the records the cache holds."""
    from casegraph.extract.cache import AnnotationCache
    from casegraph.extract.corpus import read_inputs
    from casegraph.extract.resolve import resolve
    from casegraph.extract.run import annotate_corpus, merge
    from casegraph.graph import viewdata
    from casegraph.graph.build import build_graph
    from casegraph.graph.exports import write_exports
    from casegraph.graph.rdf import rdf_graphs
    from casegraph.graph.serialize import write_rdf
    from casegraph.graph.store import StoreLoader
    from casegraph.graph.view import render_html

    t: dict[str, float] = {}
    clock = time.perf_counter
    start = clock()
    found = read_inputs([corpus])
    t["reading"] = clock() - start
    articles = sorted(found.articles, key=lambda a: a.id)

    def no_engine(todo):
        if todo:
            raise RuntimeError(f"{len(todo)} articles are not in the cache")
        return ()

    with AnnotationCache(cache_dir) as cache:
        start = clock()
        annotations = annotate_corpus(articles, engine=no_engine, cache=cache)
        t["cached records"] = clock() - start
    start = clock()
    resolve(
        [m for a in annotations for m in a.mentions], [x for a in annotations for x in a.acronyms]
    )
    t["resolution"] = clock() - start
    start = clock()
    extraction = merge(articles, annotations)
    t["links"] = clock() - start - t["resolution"]  # merge resolves again: subtract it
    start = clock()
    G = build_graph(extraction)
    t["graph"] = clock() - start
    del extraction, annotations
    out = Path(scratch)
    out.mkdir(parents=True, exist_ok=True)

    def opener(name):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "wb")

    start = clock()
    for _ in rdf_graphs(G):
        pass
    t["quads"] = clock() - start
    quads = 0
    for name in ("graph.trig", "graph.jsonld", "graph.ttl", "graph.nt"):
        start = clock()
        quads = write_rdf(rdf_graphs(G), opener, names=[name], spill_dir=out / ".spill").get(
            "graph.trig", quads
        )
        t[name] = clock() - start - t["quads"]
    start = clock()
    write_rdf(rdf_graphs(G), opener, names=[], nquads=True, spill_dir=out / ".spill")
    t["nquads"] = clock() - start - t["quads"]
    shutil.rmtree(out / "store", ignore_errors=True)
    start = clock()
    loader = StoreLoader(out / "store")
    counts = write_rdf(rdf_graphs(G), opener, names=[], store=loader, spill_dir=out / ".spill")
    stored = loader.finish()
    t["store (quads -> store)"] = clock() - start - t["quads"]
    for fmt in ("graphml", "gexf", "csv", "neo4j"):
        start = clock()
        write_exports(G, opener, formats=[fmt])
        t[fmt] = clock() - start
    spent = []
    original = viewdata._positions

    def timed(*args, **kwargs):
        s = clock()
        found = original(*args, **kwargs)
        spent.append(clock() - s)
        return found

    viewdata._positions = timed
    start = clock()
    render_html(G)
    t["HTML"] = clock() - start
    t["layout"] = sum(spent)
    return {"times": t, "triples": counts["union"], "quads": quads,
            "stored": stored}  # fmt: skip


def child_store(out: str, scratch: str) -> dict:
    """The store made again from the build's own files, as the build loads it: the dataset in
    N-Quads pieces and its union (graph.nt) in N-Triples pieces, on one thread per core."""
    import pyoxigraph as ox

    from casegraph.graph.store import StoreLoader

    directory = Path(out)
    nq = Path(scratch) / "dataset.nq"
    nq.parent.mkdir(parents=True, exist_ok=True)
    ox.serialize(ox.parse(path=str(directory / "graph.trig"), format=ox.RdfFormat.TRIG), str(nq),
                 ox.RdfFormat.N_QUADS)  # fmt: skip

    def pieces(path: Path, lines: int = 50_000):
        with open(path, "rb") as f:
            batch = []
            for line in f:
                batch.append(line)
                if len(batch) >= lines:
                    yield b"".join(batch)
                    batch = []
            if batch:
                yield b"".join(batch)

    target = Path(scratch) / "store"
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    loader = StoreLoader(target)
    for piece in pieces(nq):
        loader.load(piece, ox.RdfFormat.N_QUADS)
    for piece in pieces(directory / "graph.nt"):
        loader.load(piece, ox.RdfFormat.N_TRIPLES)
    quads = loader.finish()
    seconds = time.perf_counter() - start
    triples = sum(1 for _ in open(directory / "graph.nt", "rb"))
    shutil.rmtree(Path(scratch), ignore_errors=True)
    return {"seconds": seconds, "quads": quads, "triples": triples}


def child_queries(out: str, repeats: str) -> dict:
    """Every library query through the query worker (process start excluded): medians."""
    from casegraph.graph.query import QueryWorker, library

    found: dict[str, dict] = {}
    worker = QueryWorker(out)
    # A typical entity besides the hubs: the median of those with at least five links.
    rows = worker.run(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?l (COUNT(*) AS ?n) WHERE { ?e rdfs:label ?l . ?e ?p ?o . ?o rdfs:label ?x } "
        "GROUP BY ?l HAVING (COUNT(*) >= 5) ORDER BY ?n ?l",
        max_rows=1_000_000,
    ).rows
    typical = rows[len(rows) // 2][0].value if rows else "INTERPOL"
    top = worker.run(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX cg: <https://casegraph.example/ns#> PREFIX schema: <https://schema.org/> "
        "SELECT ?l (COUNT(?a) AS ?n) WHERE { ?o a cg:Operation ; rdfs:label ?l . "
        "?a schema:mentions ?o } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"
    ).rows
    examples = {**EXAMPLES, "operations": {"operation": top[0][0].value}} if top else EXAMPLES
    cases = []
    for name in library():
        cases.append((name, examples.get(name, {})))
        if name in ("neighbourhood", "cooccurs-with"):
            cases.append((name, {"name": typical}))
        if name == "link-evidence":
            cases.append((name, {"name": typical, "other": "INTERPOL"}))
    for name, params in cases:
        times, rows_n = [], None
        for _ in range(int(repeats)):
            start = time.perf_counter()
            try:
                result = worker.run(library()[name].text, params=params, timeout_s=120)
            except Exception as e:  # reported in the table
                rows_n = f"stopped: {str(e)[:40]}"
                worker.close()
                worker = QueryWorker(out)
                times = [float("nan")]
                break
            times.append(time.perf_counter() - start)
            rows_n = len(result.rows)
        label = name + (f" ({', '.join(f'{k}={v}' for k, v in params.items())})" if params else "")
        found[label] = {"ms": statistics.median(times) * 1000, "rows": rows_n}
    worker.close()
    return {"queries": found, "typical": typical}


def child_rdflib(out: str, limit: str = str(RDFLIB_LIMIT_S)) -> dict:
    """Oxigraph and rdflib on the same build: the rows of every library query."""
    from decimal import Decimal

    from rdflib import Dataset, Literal

    from casegraph.graph.query import QueryWorker, library

    def plain(term):
        if term is None or not isinstance(term, Literal):
            return None if term is None else str(term)
        value = term.toPython()
        return float(value) if isinstance(value, Decimal) else value

    def stop(*_):
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    start = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(f"{out}/graph.trig", format="trig")
    loaded = time.perf_counter() - start
    verdicts = {}
    with QueryWorker(out) as worker:
        for name, entry in library().items():
            params = EXAMPLES.get(name, {})
            result = worker.run(entry.text, params=params, max_rows=10_000_000)
            ours = [tuple(r.values()) for r in result.records()]
            start = time.perf_counter()
            signal.alarm(int(limit))  # rdflib's evaluator is no planner: some never end
            try:
                bindings = {k: Literal(v) for k, v in params.items()}
                found = ds.query(entry.text, initBindings=bindings)
                theirs = [tuple(map(plain, row)) for row in found]
            except TimeoutError:
                theirs = None
            finally:
                signal.alarm(0)
            verdicts[name] = {
                "identical": None if theirs is None else ours == theirs,
                "rows": len(ours),
                "distinct": len(set(ours)) == len(ours),
                "rdflib_s": time.perf_counter() - start,
            }
    return {"load_s": loaded, "limit_s": int(limit), "queries": verdicts}


def child_view(page: str, repeats: str) -> dict:
    """Seconds from navigation to the first drawing of the page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        for _ in range(int(repeats)):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                ("file:", "data:")) else r.abort())  # fmt: skip
            tab.goto(Path(page).as_uri())
            tab.wait_for_function("() => window.casegraph && window.casegraph.drawnAt",
                                  timeout=600_000)  # fmt: skip
            found.append(tab.evaluate("window.casegraph.drawnAt") / 1000)
            shown = tab.evaluate("window.casegraph.network.body.nodeIndices.length")
            tab.close()
        browser.close()
    return {"seconds": statistics.median(found), "drawn": shown,
            "mb": Path(page).stat().st_size / 1e6}  # fmt: skip


CHILDREN = {
    "bare": child_bare,
    "stages": child_stages,
    "store": child_store,
    "queries": child_queries,
    "rdflib": child_rdflib,
    "view": child_view,
}


def run_child(kind: str, *args: str, timeout: float | None = None) -> dict:
    r = subprocess.run(
        [sys.executable, __file__, "--child", kind, *map(str, args)],
        capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if r.returncode != 0:
        raise RuntimeError(f"{kind} failed (exit {r.returncode}):\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


# --- builds -----------------------------------------------------------------------------------


def stage_times(stderr: str, total: float) -> dict[str, float]:
    marks = [(float(m[1]), m[2]) for line in stderr.splitlines() if (m := STAGE.match(line))]
    marks.append((total, "end"))
    times: dict[str, float] = {}
    for (t0, name), (t1, _) in pairwise(marks):
        times[name] = times.get(name, 0.0) + t1 - t0
    return times


def build(corpus: Path, out: Path, *args: str) -> dict:
    """One ``casegraph build`` (verbose, for the cache's counts) with its memory sampled."""
    log = out.parent / f"{out.name}.log"
    with open(log, "w") as err:
        result = rss.run([*CASEGRAPH, "-v", "build", str(corpus), "--out", str(out), *args],
                         stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
    text = log.read_text()
    if result["returncode"] not in (0, 3):
        raise RuntimeError(f"build failed:\n{text[-3000:]}")
    cache = CACHE_LINE.search(text)
    stages = stage_times("\n".join(line for line in text.splitlines() if STAGE.match(line)),
                         result["seconds"])  # fmt: skip
    return {**result, "stages": stages, "parsed": int(cache[2]) if cache else None}


def html_seconds(stages: dict[str, float]) -> float:
    return stages.get("rendering the HTML view", 0.0)


def extraction_seconds(stages: dict[str, float]) -> float:
    return sum(v for k, v in stages.items() if k.startswith(("extracting", "loading the lang")))


def measure(
    size: int, root: Path, *, repeats: int, rdflib: bool, view: bool, rdflib_limit: int
) -> dict:
    corpus = synthetic.write_corpus(root / f"corpus-{size}", size)
    words = words_of(corpus)
    row: dict = {"size": size, "words": words}
    print(f"[{size}] corpus: {words} words", file=sys.stderr, flush=True)
    bare = [run_child("bare", corpus, 32) for _ in range(repeats)]
    row["bare_s"] = statistics.median(b["seconds"] for b in bare)
    if size <= 1000:
        row["batches"] = {b: run_child("bare", corpus, b)["seconds"] for b in (1, 16, 64, 256)}
        row["batches"][32] = row["bare_s"]
    print(f"[{size}] bare spaCy {row['bare_s']:.0f} s", file=sys.stderr, flush=True)
    # 1 worker without the cache; 2 workers as a first build that fills the cache (the last
    # run's cache is the one the rebuilds below use).
    out = root / f"build-{size}-cached"
    for workers, options in ((1, ("--no-cache",)), (2, ())):
        runs = []
        for _ in range(repeats):
            shutil.rmtree(out, ignore_errors=True)
            runs.append(build(corpus, out, "--workers", str(workers), *options))
        best = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
        row[f"w{workers}"] = best
        print(f"[{size}] {workers} worker(s): {best['seconds']:.0f} s", file=sys.stderr, flush=True)
    row["cached_first"] = row["w2"]
    row["unchanged"] = build(corpus, out, "--workers", "2")
    victim = sorted(corpus.glob("*.txt"))[size // 2]
    original = victim.read_text(encoding="utf-8")
    try:
        victim.write_text(
            original + "\nINTERPOL and Europol met again in Lyon.\n", encoding="utf-8"
        )
        row["edited"] = build(corpus, out, "--workers", "2")
    finally:
        victim.write_text(original, encoding="utf-8")
    extra = corpus / "added-article.txt"
    extra.write_text(original.replace("Published", "Posted"), encoding="utf-8")
    try:
        row["added"] = build(corpus, out, "--workers", "2")
    finally:
        extra.unlink()
    row["deleted"] = build(corpus, out, "--workers", "2")  # the added one is gone again
    print(f"[{size}] cache rebuilds done", file=sys.stderr, flush=True)
    row["stages"] = run_child("stages", corpus, out / ".cache", root / f"stages-{size}")
    shutil.rmtree(root / f"stages-{size}", ignore_errors=True)
    row["store"] = run_child("store", out / "current", root / f"store-{size}")
    row["queries"] = run_child("queries", out, 5)
    print(f"[{size}] stages, store and queries done", file=sys.stderr, flush=True)
    if rdflib and size <= 1000:
        try:  # rdflib may exhaust the machine's memory: its verdict is one row, not the run
            row["rdflib"] = run_child("rdflib", out / "current", rdflib_limit, timeout=7200)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            row["rdflib"] = {"failed": str(e).strip()[:300]}
    if view:
        row["view"] = run_child("view", out / "current" / "graph.html", 3)
    return row


# --- the table --------------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    sizes = [r["size"] for r in rows]
    head = "| | " + " | ".join(f"{s:,} articles" for s in sizes) + " |"
    lines = [head, "|---|" + "---|" * len(rows)]

    def add(label, fmt):
        cells = []
        for r in rows:
            try:
                cells.append(fmt(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    def wps(r, key):
        b = r[key]
        return r["words"] / (b["seconds"] - html_seconds(b["stages"]))

    add("words", lambda r: f"{r['words']:,}")
    add(
        "bare `nlp.pipe` (batch 32)",
        lambda r: f"{r['bare_s']:.0f} s, {r['words'] / r['bare_s']:,.0f} words/s",
    )
    add(
        "batch 1 / 16 / 32 / 64 / 256",
        lambda r: " / ".join(f"{r['batches'][b]:.0f}" for b in (1, 16, 32, 64, 256)) + " s",
    )
    for w in (1, 2):
        add(f"`build --workers {w}`", lambda r, w=w: f"{r[f'w{w}']['seconds']:.0f} s")
        add(
            f"  words/s without the page ({w}), ratio to bare",
            lambda r, w=w: (
                f"{wps(r, f'w{w}'):,.0f} ({wps(r, f'w{w}') / (r['words'] / r['bare_s']):.2f})"
            ),
        )
        add(
            f"  NLP stage ({w})", lambda r, w=w: f"{extraction_seconds(r[f'w{w}']['stages']):.0f} s"
        )
        add(
            f"  peak memory ({w}): build / with workers",
            lambda r, w=w: (
                f"{r[f'w{w}']['peak_mb'] / 1024:.2f} / {r[f'w{w}']['peak_tree_mb'] / 1024:.2f} GB"
            ),
        )
    add(
        "speed-up of the NLP stage, 2 workers",
        lambda r: (
            f"{extraction_seconds(r['w1']['stages']) / extraction_seconds(r['w2']['stages']):.2f}×"
        ),
    )
    add(
        "our components (NLP stage, 1 worker, minus bare spaCy)",
        lambda r: f"{extraction_seconds(r['w1']['stages']) - r['bare_s']:.0f} s",
    )
    add(
        "rebuild unchanged (share of the first)",
        lambda r: (
            f"{r['unchanged']['seconds']:.1f} s "
            f"({r['unchanged']['seconds'] / r['cached_first']['seconds']:.0%})"
        ),
    )
    for k in ("edited", "added", "deleted"):
        add(
            f"rebuild, one article {k}: time, parsed",
            lambda r, k=k: f"{r[k]['seconds']:.0f} s, {r[k]['parsed']}",
        )
    stage_names = [
        "reading",
        "resolution",
        "links",
        "graph",
        "quads",
        "graph.trig",
        "graph.jsonld",
        "graph.ttl",
        "graph.nt",
        "nquads",
        "store (quads -> store)",
        "graphml",
        "gexf",
        "csv",
        "neo4j",
        "layout",
        "HTML",
    ]
    for name in stage_names:
        add(f"stage: {name}", lambda r, n=name: f"{r['stages']['times'][n]:.1f} s")
    add(
        "triples / quads in the store",
        lambda r: f"{r['stages']['triples']:,} / {r['stages']['stored']:,}",
    )
    add(
        "store load from the files, s per million triples",
        lambda r: (
            f"{r['store']['seconds']:.1f} s, "
            f"{r['store']['seconds'] / r['store']['triples'] * 1e6:.1f}"
        ),
    )
    names = list(rows[-1]["queries"]["queries"]) if rows else []
    for q in names:
        add(
            f"query {q}",
            lambda r, q=q: (
                "{:.0f} ms ({} rows)".format(
                    r["queries"]["queries"][q]["ms"], r["queries"]["queries"][q]["rows"]
                )
                if q in r["queries"]["queries"]
                else "—"
            ),
        )
    add("typical entity (median links)", lambda r: r["queries"]["typical"])
    add(
        "Oxigraph = rdflib, every library query",
        lambda r: rdflib_verdict(r["rdflib"]),
    )
    add(
        "page: first drawing, file, nodes drawn",
        lambda r: f"{r['view']['seconds']:.1f} s, {r['view']['mb']:.0f} MB, {r['view']['drawn']}",
    )
    return "\n".join(lines)


def rdflib_verdict(found: dict) -> str:
    if "failed" in found:
        return found["failed"].splitlines()[0]
    queries = found["queries"]
    same = [k for k, v in queries.items() if v["identical"] and v["distinct"]]
    differ = [k for k, v in queries.items() if v["identical"] is False or not v["distinct"]]
    stopped = [k for k, v in queries.items() if v["identical"] is None]
    text = f"identical rows: {len(same)} of {len(queries)}"
    if differ:
        text += "; differ: " + ", ".join(differ)
    if stopped:
        limit = found.get("limit_s", RDFLIB_LIMIT_S)
        text += f"; rdflib stopped after {limit} s: " + ", ".join(stopped)
    return text


def machine() -> str:
    cpu = "?"
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"{mem:.0f} GB, Python {platform.python_version()}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--repeats", type=int, default=1, help="runs of each build (the median)")
    p.add_argument("--out", type=Path, default=HERE.parent / "build" / "bench")
    p.add_argument("--no-rdflib", action="store_true", help="skip Oxigraph against rdflib")
    p.add_argument(
        "--rdflib-limit",
        type=int,
        default=RDFLIB_LIMIT_S,
        help="seconds rdflib may take for each library query (default %(default)s)",
    )
    p.add_argument("--no-view", action="store_true", help="skip opening the page in Chromium")
    p.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child[0]](*args.child[1:])))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in args.sizes:
        rows.append(measure(size, args.out, repeats=args.repeats, rdflib=not args.no_rdflib,
                            view=not args.no_view, rdflib_limit=args.rdflib_limit))  # fmt: skip
        (args.out / "scale.json").write_text(json.dumps(rows, indent=1))
    print(f"Machine: {machine()}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
