"""Benchmark of the RDF export writer (graph/rdf.py + graph/serialize.py) against rdflib's
serializers on the same quads, for the bundled corpus and a synthetic graph of N articles
made without spaCy (made-up sentences, ~330 words each, names drawn from pools that grow with
N, co-occurrence and typed links with evidence).

Each measurement runs in its own process, so peak memory (ru_maxrss) is that variant's alone;
times are medians of the repeats. Not a test: machines are shared and noisy, so compare the
rows of one run with each other.

Usage: python bench/export_benchmark.py [--articles 1000] [--repeats 3] [--no-rdflib]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

WORDS = (
    "officers agencies cooperation network investigation suspects evidence border analysts "
    "partners meeting operation experts countries information exchange support training"
).split()


def synthetic_graph(articles: int, *, seed: int = 7):
    """A graph of ``articles`` made-up articles of ~330 words (16 sentences, 3 names each)."""
    from casegraph.extract.records import (
        COOCCURS,
        Article,
        Entity,
        EntityType,
        Evidence,
        Extraction,
        Mention,
        Relation,
    )
    from casegraph.graph.build import build_graph

    rng = random.Random(seed)
    pools = {
        EntityType.PERSON: [f"Person{i} Surname{i % 97}" for i in range(articles * 3)],
        EntityType.ORGANIZATION: [f"Unit {i} Directorate" for i in range(articles)],
        EntityType.PLACE: [f"Town{i}" for i in range(max(10, articles // 2))],
    }
    mentions, types, evidence, out = {}, {}, {}, []
    for a in range(articles):
        aid = f"article-{a:06d}"
        text = f"Synthetic release {a}\n\n"
        for _ in range(16):
            names = [(rng.choice(pools[t]), t) for t in pools]
            filler = " ".join(rng.choice(WORDS) for _ in range(14))
            start = len(text)
            sentence = f"{names[0][0]} of {names[1][0]} met {filler} in {names[2][0]}."
            text += sentence + " "
            keys = []
            for name, etype in names:
                at = start + sentence.index(name)
                key = name.lower()
                types[key] = etype
                mentions.setdefault(key, []).append(
                    Mention(aid, at, at + len(name), name, etype, start, start + len(sentence), "x")
                )
                keys.append(key)
            end = start + len(sentence)
            evidence.setdefault((keys[0], "worksFor", keys[1]), []).append(
                Evidence(aid, start, end, sentence, "pattern:role", 0.8)
            )
            evidence.setdefault((keys[1], "location", keys[2]), []).append(
                Evidence(aid, start, end, sentence, "pattern:place", 2 / 3)
            )
            for x, y in ((keys[0], keys[1]), (keys[0], keys[2]), (keys[1], keys[2])):
                s, o = sorted((x, y))
                evidence.setdefault((s, COOCCURS, o), []).append(
                    Evidence(aid, start, end, sentence, "co-occurrence")
                )
        out.append(Article(aid, f"{aid}.txt", f"Synthetic release {a}", text.rstrip()))
    entities = [
        Entity(k, types[k], ms[0].text, (ms[0].text,), tuple(ms)) for k, ms in mentions.items()
    ]
    relations = [Relation(s, k, o, tuple(dict.fromkeys(ev))) for (s, k, o), ev in evidence.items()]
    return build_graph(Extraction(tuple(out), tuple(entities), tuple(relations)))


def bundled_graph():
    import casegraph
    from casegraph.extract.corpus import read_corpus
    from casegraph.extract.run import extract
    from casegraph.graph.build import build_graph

    articles, _ = read_corpus([casegraph.bundled_corpus()])
    return build_graph(extract(articles))


class Clock:
    def __init__(self) -> None:
        self.times: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        t = time.perf_counter()
        yield
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - t


def measure_new(G, directory: Path) -> dict[str, float]:
    """graph -> quads -> four files (pyoxigraph writers) -> strict checks -> store."""
    from casegraph.graph.atomic import new_file
    from casegraph.graph.rdf import rdf_quads
    from casegraph.graph.serialize import FORMATS, check_rdf, write_rdf
    from casegraph.graph.store import load_store

    clock = Clock()
    with clock("quads"):
        quads = rdf_quads(G)

    @contextmanager
    def opener(name):
        with clock(name), new_file(directory / name) as f:
            yield f

    with clock("write (4 files)"):
        expected = write_rdf(quads, opener)
    del quads
    with clock("check ttl/nt/jsonld"):
        for name in FORMATS:
            if name != "graph.trig":
                check_rdf(directory / name, expected=expected[name])
    clock.times["peak before store"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with clock("store load"):
        load_store(directory / "store", directory / "graph.trig")
    clock.times["triples"] = expected["graph.nt"]
    clock.times["quads n"] = expected["graph.trig"]
    return clock.times


def measure_rdflib(G, directory: Path) -> dict[str, float]:
    """The same quads through rdflib: a Dataset, the union copy, rdflib's serializers."""
    from casegraph.graph.rdf import to_dataset, union_graph

    clock = Clock()
    with clock("quads"):  # includes building the rdflib Dataset
        ds = to_dataset(G)
    with clock("union copy"):
        union = union_graph(ds)
    for name, target, fmt in (
        ("graph.ttl", union, "turtle"),
        ("graph.trig", ds, "trig"),
        ("graph.nt", union, "nt"),
        ("graph.jsonld", ds, "json-ld"),
    ):
        with clock(name):
            target.serialize(destination=str(directory / name), format=fmt, encoding="utf-8")
    return clock.times


def child(corpus: str, variant: str) -> None:
    G = bundled_graph() if corpus == "bundled" else synthetic_graph(int(corpus))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as d:
        run = measure_new if variant == "pyoxigraph" else measure_rdflib
        times = run(G, Path(d))
        sizes = {p.name: p.stat().st_size for p in Path(d).iterdir() if p.is_file()}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"times": times, "rss_graph_mb": before / 1024, "rss_peak_mb": peak / 1024,
                      "sizes": sizes}))  # fmt: skip


def run_child(corpus: str, variant: str) -> dict:
    r = subprocess.run(
        [sys.executable, __file__, "--child", corpus, variant],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(r.stdout.strip().splitlines()[-1])


def _files_peak(run: dict) -> str:
    before_store = run["times"].get("peak before store")
    return "—" if before_store is None else f"{before_store - run['rss_graph_mb']:.0f}"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--no-rdflib", action="store_true", help="skip rdflib (minutes at 1,000)")
    p.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(*args.child)
        return
    rows = []
    for corpus in ("bundled", str(args.articles)):
        variants = ["pyoxigraph"] + ([] if args.no_rdflib else ["rdflib"])
        for variant in variants:
            repeats = args.repeats if variant == "pyoxigraph" or corpus == "bundled" else 1
            runs = [run_child(corpus, variant) for _ in range(repeats)]
            times = {k: statistics.median(r["times"][k] for r in runs) for k in runs[0]["times"]}
            rows.append((corpus, variant, repeats, times, runs[0]))
    print(
        "| corpus | writer | runs | triples | quads -> files s | each file s | checks s "
        "| store s | peak RSS over the graph MB | files MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for corpus, variant, repeats, t, first in rows:
        files = {k: v for k, v in t.items() if k.startswith("graph.")}
        t.pop("peak before store", None)
        export = t.get("quads", 0) + t.get("union copy", 0) + sum(files.values())
        each = ", ".join(f"{k[6:]} {v:.2f}" for k, v in sorted(files.items()))
        name = "bundled (5 articles)" if corpus == "bundled" else f"synthetic {corpus} articles"
        triples = int(t.get("triples", 0)) or "—"
        print(
            f"| {name} | {variant} | {repeats} | {triples} | {export:.2f} | {each} "
            f"| {t.get('check ttl/nt/jsonld', float('nan')):.2f} "
            f"| {t.get('store load', float('nan')):.2f} "
            f"| {_files_peak(first)} / {first['rss_peak_mb'] - first['rss_graph_mb']:.0f} "
            f"| {sum(first['sizes'].values()) / 1e6:.1f} |"
        )


if __name__ == "__main__":
    main()
