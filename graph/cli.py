"""The ``casegraph`` command line: composes the stages, owns no logic."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

import casegraph
from casegraph.errors import CasegraphError
from casegraph.extract.corpus import read_corpus
from casegraph.extract.records import EntityType
from casegraph.graph.atomic import build_lock, write_all
from casegraph.graph.build import build_graph
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
from casegraph.graph.rdf import render_rdf
from casegraph.graph.store import write_store
from casegraph.graph.view import render_html

# Exit codes: 0 done; 1 failed (no output changed); 2 bad usage; 3 done, but inputs were rejected.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
DEFAULT_OUT = Path("output")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="casegraph", description=__doc__)
    p.add_argument("--version", action="version", version=casegraph.__version__)
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="articles -> knowledge graph (RDF + HTML)")
    b.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="article files or directories (.txt .md .html .jsonl); "
        "default: the bundled demo corpus",
    )
    b.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output directory (default: output/)"
    )
    b.add_argument(
        "--max-chars",
        type=int,
        default=5_000_000,
        help="refuse articles longer than this many characters",
    )

    e = sub.add_parser("eval", help="precision/recall/F1 of a graph's entities against gold")
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    err = Console(stderr=True, soft_wrap=True)
    try:
        if args.command == "build":
            return _build(args, err)
        if args.command in QUERY_COMMANDS:
            return QUERY_COMMANDS[args.command](args, err)
        return _eval(args)
    except CasegraphError as e:
        err.print(f"[red]error:[/red] {e}", markup=True, highlight=False)
        return EXIT_FAILED
    except BrokenPipeError:  # "casegraph eval ... | head": the reader left; not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        err.print("interrupted; every output file is either the old or the new version")
        return EXIT_FAILED
    except Exception as e:  # a bug: say so plainly; the outputs were not touched half-way
        if args.verbose:
            raise
        err.print(
            f"[red]internal error:[/red] {type(e).__name__}: {e} (run with -v for the traceback)",
            markup=True,
            highlight=False,
        )
        return EXIT_FAILED


def _build(args: argparse.Namespace, err: Console) -> int:
    # Imported here: loading spaCy takes half a second that `query` and `serve` do not need.
    from casegraph.extract.run import extract

    paths = args.paths or [casegraph.bundled_corpus()]
    articles, problems = read_corpus(paths, max_chars=args.max_chars)
    for problem in problems:
        err.print(f"[yellow]warning:[/yellow] {problem}", markup=True, highlight=False)
    if not articles and any(p.fatal for p in problems):
        raise CasegraphError(f"no article could be read; {args.out} was left unchanged")
    with build_lock(args.out):
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("extracting", total=len(articles))
            extraction = extract(
                articles, problems=problems, on_article=lambda a: progress.advance(task)
            )
        G = build_graph(extraction)
        files = render_rdf(G)
        files["graph.html"] = render_html(G, title="casegraph")
        summary = _summary(G, problems, files)
        files["summary.json"] = (json.dumps(summary, indent=2, ensure_ascii=False) + "\n").encode()
        write_all(args.out, files)
        write_store(args.out, files["graph.trig"])
    _print_summary(summary, args.out)
    rejected = any(p.fatal for p in problems)
    return EXIT_PARTIAL if rejected else EXIT_OK


def _summary(G, problems, files) -> dict:
    types = Counter(str(d["type"]) for _, d in G.nodes(data=True))
    kinds = Counter(k for _, _, k in G.edges(keys=True))
    return {
        "articles": len(G.graph["articles"]),
        "entities": G.number_of_nodes(),
        "entities_by_type": {t.value: types.get(t.value, 0) for t in EntityType},
        "links": G.number_of_edges(),
        "links_by_kind": dict(sorted(kinds.items())),
        "mentions": sum(d["mention_count"] for _, d in G.nodes(data=True)),
        "skipped_names": G.graph["skipped_mentions"],
        "warnings": [str(p) for p in problems],
        "files": sorted([*files, "summary.json", "store"]),
    }


def _print_summary(s: dict, out: Path) -> None:
    by_type = ", ".join(f"{n} {t}" for t, n in s["entities_by_type"].items() if n)
    print(f"articles read:   {s['articles']}")
    print(f"entities:        {s['entities']} ({by_type or 'none'})")
    print(
        f"links:           {s['links']} "
        + ", ".join(f"{n} {k}" for k, n in s["links_by_kind"].items())
    )
    print(f"skipped names:   {s['skipped_names']} (empty or punctuation only)")
    print(f"warnings:        {len(s['warnings'])}")
    print(f"files written:   {', '.join(str(out / f) for f in s['files'])}")


def _eval(args: argparse.Namespace) -> int:
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


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


QUERY_COMMANDS = {"query": _query, "serve": _serve}


if __name__ == "__main__":
    sys.exit(main())
