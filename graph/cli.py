"""casegraph turns press releases and news about police cooperation into a knowledge graph:
the people, organisations, places, operations, databases and events they name, how they are
linked, and the sentences that say so. It writes RDF (Turtle, TriG, N-Triples, JSON-LD), a
SPARQL store and an interactive HTML page that opens offline."""

# Developer's note: this module composes the stages and owns no logic of its own.

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from rich.console import Console

import casegraph
from casegraph.errors import CasegraphError
from casegraph.graph.progress import Progress, warn

# Exit codes: 0 done; 1 failed (no output changed); 2 bad usage; 3 done, but inputs were rejected.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEFAULT_OUT = Path("output")

_EPILOG = """\
examples:
  casegraph build                         build the bundled demo articles into output/
  casegraph build articles/ --out case42  build your own articles into case42/
  casegraph query --list                  the questions you can ask a built graph
  casegraph query people-by-organisation  ask one
  casegraph serve                         a SPARQL endpoint and the graph page on 127.0.0.1
  casegraph eval tests/data/gold output/  score a graph against a gold annotation
  casegraph build --workers 1             parse in this process only (default: a process per core)
  casegraph load big/ shards/*/nquads     one query store from the shards of many builds

Open output/graph.html in a browser to explore the graph. `casegraph COMMAND --help` tells more.
Exit codes: 0 done, 1 failed (outputs unchanged), 2 bad usage, 3 done but some inputs rejected.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="casegraph",
        description=__doc__,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=casegraph.__version__)
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser(
        "build",
        help="read articles and write the graph (RDF, query store, HTML page)",
        description="Read articles (.txt, .md, .html, .jsonl files or folders of them) and "
        "write their knowledge graph into an output folder. The new outputs replace the old "
        "ones all at once, only after every file has been written and checked.",
    )
    b.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or folders (.txt .md .html .jsonl); default: the bundled demo corpus",
    )
    b.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: output/)")
    b.add_argument(
        "--max-chars",
        type=int,
        default=5_000_000,
        help="refuse articles longer than this many characters (default: 5,000,000)",
    )
    b.add_argument(
        "--allow-empty",
        action="store_true",
        help="let an input without any article replace a graph that has articles",
    )
    b.add_argument(
        "--formats",
        type=_formats,
        default=_formats("default"),
        metavar="LIST",
        help="comma-separated exports to write besides graph.trig, the page and the query "
        "store: ttl, trig, nt, jsonld, nquads, graphml, gexf, csv (entities.csv and links.csv), "
        "neo4j, records; 'default' (ttl,trig,nt,jsonld) or 'all' (default: default)",
    )
    b.add_argument(
        "--workers",
        type=_workers,
        default=None,
        metavar="N",
        help="parse articles on N processes, or 'auto' (the default): one per core when there "
        "are at least 50 articles to parse for each",
    )
    b.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="where articles are parsed: this machine, or a Dask cluster (--scheduler)",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786",
    )
    b.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where parsed articles are kept between builds (default: OUT/.cache)",
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="parse every article again and keep nothing for the next build",
    )
    b.add_argument(
        "--batch-size",
        type=_positive,
        default=32,
        metavar="N",
        help="texts per spaCy batch (default: 32)",
    )

    e = sub.add_parser(
        "eval",
        help="score a graph's entities and relations against a gold annotation",
        description="Precision, recall and F1 of a built graph's entities (and typed "
        "relations, when the gold has relations.jsonl) against a gold annotation.",
    )
    e.add_argument(
        "gold",
        type=Path,
        help="gold directory (entities.jsonl, optional relations.jsonl) or its entities.jsonl",
    )
    e.add_argument(
        "graph",
        type=Path,
        nargs="?",
        default=DEFAULT_OUT,
        help="graph.ttl or the directory holding it (default: output/)",
    )
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    _add_query_commands(sub)
    return p


def _formats(text: str) -> tuple[str, ...]:
    from casegraph.graph.outputs import DEFAULT_FORMATS, FORMATS

    known = tuple(FORMATS)
    chosen: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if part == "default":
            chosen += DEFAULT_FORMATS
        elif part == "all":
            chosen += known
        elif part in known:
            chosen.append(part)
        else:
            raise argparse.ArgumentTypeError(
                f"unknown format {part!r}; choose among {', '.join(known)}, default, all"
            )
    return tuple(f for f in known if f in chosen)


def _workers(text: str) -> int | None:
    return None if text == "auto" else _positive(text)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of at least 1")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "build" and args.engine == "dask" and not args.scheduler:
        parser.error("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if args.command == "build" and args.scheduler and args.engine != "dask":
        parser.error("--scheduler is for --engine dask")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    # markup=False: messages quote input ("[/x]" in a value, a path, a query); a message that
    # wants colour says so with markup=True or a rich Text.
    err = Console(stderr=True, soft_wrap=True, markup=False)
    # A build that fails, however, has not touched the output set in use (graph/publish.py).
    kept = "the output set in use was not changed" if args.command == "build" else None
    try:
        if args.command == "build":
            return _build(args, err)
        if args.command in COMMANDS:
            return COMMANDS[args.command](args, err)
        return _eval(args)
    except BrokenPipeError:  # "casegraph eval ... | head": the reader left; not an error
        sys.stderr.close()
        return EXIT_OK
    except (CasegraphError, OSError) as e:  # bad input, a full disk, a permission: not a bug
        warn(err, str(e) + (f"; {kept}" if kept else ""), label="error")
        return EXIT_FAILED
    except KeyboardInterrupt:
        err.print(f"interrupted; {kept}" if kept else "interrupted", highlight=False)
        return EXIT_FAILED
    except Exception as e:  # a bug: say so plainly
        if args.verbose:
            raise
        message = f"{type(e).__name__}: {e} (run with -v for the traceback)"
        warn(err, message + (f"; {kept}" if kept else ""), label="internal error")
        return EXIT_FAILED


def _build(args: argparse.Namespace, err: Console) -> int:
    # Imported here, after the first progress line: spaCy, rdflib and the writers take
    # seconds to load, and `casegraph --help` needs none of them.
    with Progress(err) as progress:
        progress.stage("reading the input files")
        from casegraph.extract.corpus import read_inputs
        from casegraph.graph.atomic import build_lock
        from casegraph.graph.outputs import format_names, published_articles
        from casegraph.graph.publish import (
            BUILD_RECORD,
            build_key,
            make_manifest,
            remember_build,
            unchanged_set,
        )

        formats = args.formats
        if args.engine == "dask":  # a distributed build also leaves its shards and records
            formats = _formats(",".join((*formats, "nquads", "records")))
        paths = args.paths or [casegraph.bundled_corpus()]
        corpus = read_inputs(paths, max_chars=args.max_chars)
        for problem in corpus.problems:
            warn(err, str(problem))
        if not corpus.articles and any(p.fatal for p in corpus.problems):
            raise CasegraphError("no article could be read")
        rejected = any(p.fatal for p in corpus.problems)
        roots = [str(p) for p in args.paths] or ["(the bundled demo corpus)"]
        with build_lock(args.out):
            held = published_articles(args.out)
            if not corpus.articles and held and not args.allow_empty:
                raise CasegraphError(
                    f"the input holds no article; {args.out} keeps its graph of {held} "
                    f"article{'s' if held != 1 else ''} (give --allow-empty to replace it "
                    "with an empty one)"
                )
            key = build_key(files=corpus.files, paths=roots, formats=formats)
            record = (args.cache_dir or args.out / ".cache") / BUILD_RECORD
            # The same inputs, code and formats as the set in use: it is what this build
            # would write, byte for byte (checked against its manifest's hashes).
            same = None if args.no_cache else unchanged_set(args.out, key, record=record)
            if same is not None:
                progress.stage("unchanged: the inputs, code and formats of the set in use")
                _print_summary(same.summary, args.out, same.published)
                return EXIT_PARTIAL if rejected else EXIT_OK
            extraction, annotations = _extract(args, corpus, progress)
            from casegraph.graph.build import build_graph, summarize
            from casegraph.graph.publish import publish_graph

            progress.stage("building the graph")
            G = build_graph(extraction)
            del extraction
            summary = {**summarize(G), "files": sorted(format_names(formats))}
            counts = {k: summary[k] for k in ("articles", "entities", "links", "mentions")}
            manifest = make_manifest(paths=roots, files=corpus.files, counts=counts)
            records = (corpus.articles, annotations) if "records" in formats else None
            published = publish_graph(
                args.out,
                G,
                summary=summary,
                manifest=manifest,
                stage=progress.stage,
                formats=formats,
                records=records,
            )
            if not args.no_cache:
                remember_build(record, key, published)
    _print_summary(summary, args.out, published)
    return EXIT_PARTIAL if rejected else EXIT_OK


def _extract(args: argparse.Namespace, corpus, progress: Progress):
    """The extraction stage as the options ask: engine, workers, cache."""
    from casegraph.extract.cache import AnnotationCache
    from casegraph.extract.run import annotate_corpus, local_engine, merge, workers_for

    articles = sorted(corpus.articles, key=lambda a: a.id)
    if args.engine == "dask":
        from casegraph.extract.distributed import dask_engine

        engine = dask_engine(args.scheduler, batch_size=args.batch_size)
    else:
        engine = local_engine(workers=args.workers, batch_size=args.batch_size)
    cache = None if args.no_cache else AnnotationCache(args.cache_dir or args.out / ".cache")
    counted: list = []

    def before(todo: int) -> None:
        where = f" on {args.scheduler}" if args.engine == "dask" else ""
        if args.engine == "local" and todo:
            processes = workers_for(todo, args.workers)
            where = f" on {processes} processes" if processes > 1 else ""
            if processes == 1:
                from casegraph.extract import pipeline

                progress.stage("loading the language model")
                pipeline.build_nlp()  # cached: the engine reuses it
        counted.append(progress.count(f"extracting entities and links{where}", total=len(articles)))

    try:
        annotations = annotate_corpus(
            articles,
            engine=engine,
            cache=cache,
            before=before,
            on_article=lambda article: counted[0](article),
        )
        if cache is not None:
            cache.prune()
    finally:
        if cache is not None:
            cache.close()
    extraction = merge(articles, annotations, problems=corpus.problems, stage=progress.stage)
    return extraction, annotations


def _print_summary(s: dict, out: Path, published) -> None:
    by_type = ", ".join(f"{n} {t}" for t, n in s["entities_by_type"].items() if n)
    typed = ", ".join(f"{n} {k}" for k, n in s["links_by_kind"].items() if k != "coOccursWith")
    links = f"{s['links_typed']} typed" + (f": {typed}" if typed else "")
    print(f"articles read:   {s['articles']}")
    print(f"entities:        {s['entities']} ({by_type or 'none'})")
    print(f"links:           {s['links']} ({links}; {s['links_cooccurrence']} co-occurrence)")
    print(f"skipped names:   {s['skipped_names']} (empty or punctuation only)")
    print(f"warnings:        {len(s['warnings'])}")
    state = "unchanged, already in use" if published.unchanged else "new set, now in use"
    print(f"output:          {out}/ ({state}: {published.directory.name})")
    print(f"files:           {', '.join(s['files'])}")
    print(f"open:            {out / 'graph.html'}")


def _eval(args: argparse.Namespace) -> int:
    from casegraph.graph.evaluate import (
        entities_of,
        load_gold,
        load_gold_relations,
        load_graph,
        recall_by_kind,
        score_entities,
        score_relations,
        typed_links_of,
    )

    gold = load_gold(args.gold)
    graph = load_graph(args.graph)
    scores = {"entities": score_entities(gold, entities_of(graph))}
    relations = (args.gold if args.gold.is_dir() else args.gold.parent) / "relations.jsonl"
    by_kind = {}
    if relations.exists():
        gold_relations, links = load_gold_relations(relations), typed_links_of(graph)
        scores["relations"] = score_relations(gold, gold_relations, links, scores["entities"])
        by_kind = recall_by_kind(gold, gold_relations, links, scores["entities"])
    if args.json:
        fields = (
            "precision",
            "recall",
            "f1",
            "true_positives",
            "predicted",
            "gold",
            "false_positives",
            "false_negatives",
        )
        report = {name: {f: getattr(s, f) for f in fields} for name, s in scores.items()}
        if by_kind:
            report["relations_found_by_kind"] = {k: list(v) for k, v in by_kind.items()}
        print(json.dumps(report, indent=2))
        return EXIT_OK
    for name, s in scores.items():
        print(
            f"{name:9} precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
            f"({s.true_positives} correct, {s.predicted} predicted, {s.gold} gold)"
        )
        for fp in s.false_positives:
            print(f"  false positive: {fp}")
        for fn in s.false_negatives:
            print(f"  missed:         {fn}")
    if by_kind:
        found = ", ".join(f"{k} {f}/{n}" for k, (f, n) in by_kind.items())
        print(f"relations found / stated, by kind: {found}")
    return EXIT_OK


# --- query and serve ------------------------------------------------------------------------
# SPARQL for analysts (issue 5): everything below reads a built graph and never writes one.


def _add_query_commands(sub) -> None:
    from casegraph.graph.query import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S
    from casegraph.graph.serve import DEFAULT_PORT

    q = sub.add_parser(
        "query",
        help="run a read-only SPARQL query (text, .rq file or library name) over a built graph",
        description="Run a SELECT / ASK / CONSTRUCT / DESCRIBE query over a built graph. "
        "QUERY is SPARQL text, a .rq file, or the name of a library query "
        "(`casegraph query --list`). Updates, SERVICE and FROM outside the store are refused; "
        "the query runs in a process that cannot open a network connection.",
    )
    q.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL text, .rq file or name")
    q.add_argument("--list", action="store_true", help="list the library queries and exit")
    _graph_options(q, DEFAULT_TIMEOUT_S)
    q.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind ?NAME to the string VALUE wherever the query uses it (exact match; "
        "never spliced into the text; repeatable)",
    )
    q.add_argument("--format", choices=["table", "csv", "json", "tsv"], default="table")
    q.add_argument(
        "--max-rows", type=int, default=DEFAULT_MAX_ROWS, help="keep at most this many rows"
    )

    ld = sub.add_parser(
        "load",
        help="bulk-load N-Quads files (a build's nquads/ shards) into a new query store",
        description="Create DIR/store, an Oxigraph store, from N-Quads files (a build's "
        "nquads/ shards, from one machine or many, in any order) with their union as the "
        "default graph, as a build makes it; then `casegraph query --graph DIR` and "
        "`casegraph serve --graph DIR` read it. An existing DIR/store is never replaced.",
    )
    ld.add_argument("directory", type=Path, metavar="DIR", help="where the store is created")
    ld.add_argument(
        "shards",
        nargs="+",
        type=Path,
        metavar="NQ",
        help=".nq files, or folders of them (a build's nquads/)",
    )

    s = sub.add_parser(
        "serve",
        help="a read-only SPARQL 1.1 endpoint on 127.0.0.1 with a query page",
        description="Serve the graph as a read-only SPARQL 1.1 Protocol endpoint on "
        "127.0.0.1 (/query), with a query page (/) and the graph view (/graph.html). "
        "After a rebuild it answers from the new store. Ctrl-C stops it.",
    )
    _graph_options(s, DEFAULT_TIMEOUT_S)
    s.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (0: any free port)")
    s.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, help="rows per answer at most")


def _graph_options(p: argparse.ArgumentParser, timeout_s: float) -> None:
    p.add_argument(
        "--graph",
        type=Path,
        default=DEFAULT_OUT,
        help="directory of a built graph (default: output/)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=timeout_s,
        help="seconds before a query is stopped (a finite number above 0)",
    )


def _seconds(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"{text!r}: give a finite number of seconds above 0")
    return value


def _query(args: argparse.Namespace, err: Console) -> int:
    from casegraph.graph import results
    from casegraph.graph.query import library, resolve_query, run_query

    if args.list:
        for name, entry in library().items():
            print(f"{name}\n    {entry.question}\n    Parameters: {entry.parameters_text}")
        return EXIT_OK
    if not args.query:
        err.print("error: give a QUERY (SPARQL, .rq file or library name) or --list")
        return EXIT_USAGE
    params = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep:
            err.print(f"error: --param {item!r} must look like NAME=VALUE", highlight=False)
            return EXIT_USAGE
        params[name.strip().lstrip("?$")] = value
    try:
        result = run_query(
            args.graph,
            resolve_query(args.query),
            params=params,
            timeout_s=args.timeout,
            max_rows=args.max_rows,
        )
    except KeyboardInterrupt:
        err.print("interrupted; the query was stopped")
        return EXIT_FAILED
    if args.format == "table":
        Console(soft_wrap=False).print(results.to_table(result))
        if result.form != "ask":
            err.print(f"{len(result.rows)} rows", highlight=False)
    else:
        sys.stdout.write(results.FORMATS[args.format](result))
    if result.truncated:
        err.print(
            f"[yellow]warning:[/yellow] only the first {args.max_rows} rows are shown (--max-rows)",
            markup=True,
            highlight=False,
        )
    return EXIT_OK


def _serve(args: argparse.Namespace, err: Console) -> int:
    import signal

    from casegraph.graph.serve import VIEW_PATH, Endpoint

    with Endpoint(
        args.graph, port=args.port, timeout_s=args.timeout, max_rows=args.max_rows
    ) as endpoint:
        view = args.graph / "graph.html"
        print(f"SPARQL endpoint: {endpoint.url}/query", flush=True)
        print(f"query page:      {endpoint.url}/", flush=True)
        if view.is_file():
            print(f"graph view:      {endpoint.url}{VIEW_PATH}  ({view})", flush=True)
        err.print(
            f"read-only; queries stop after {args.timeout:g} s and return at most "
            f"{args.max_rows} rows. Ctrl-C stops the server.",
            highlight=False,
        )
        # `kill` (SIGTERM) stops it as cleanly as Ctrl-C.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            endpoint.serve_forever()  # returns on Ctrl-C (waitress catches the interrupt)
        except KeyboardInterrupt:
            pass
        err.print("stopped")
    return EXIT_OK


def _load(args: argparse.Namespace, err: Console) -> int:
    from casegraph.graph.atomic import remove, replace, temp_name
    from casegraph.graph.store import STORE_NAME, load_shards

    shards = []
    for path in args.shards:
        found = sorted(path.glob("*.nq")) if path.is_dir() else [path]
        if not found:
            raise CasegraphError(f"{path}: no .nq file in this folder")
        shards.extend(found)
    target = args.directory / STORE_NAME
    if target.exists() or target.is_symlink():
        raise CasegraphError(f"{target}: already exists; remove it or choose another DIR")
    args.directory.mkdir(parents=True, exist_ok=True)
    # Loaded beside its place and renamed into it: a failed load leaves no half store.
    scratch = args.directory / temp_name(STORE_NAME)
    try:
        quads = load_shards(scratch, shards)
        replace(scratch, target)
    finally:
        remove(scratch)
    err.print(f"{target}: {quads:,} quads from {len(shards)} files", highlight=False)
    return EXIT_OK


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


COMMANDS = {"query": _query, "serve": _serve, "load": _load}


if __name__ == "__main__":
    sys.exit(main())
