"""Read-only SPARQL: the question library, bound parameters, the guard, limits and formats."""

from __future__ import annotations

import csv
import io
import json
import time
from datetime import date
from decimal import Decimal

import pyoxigraph as ox
import pytest
from query_fixture import case_extraction
from rdflib import Dataset
from rdflib import Literal as RdflibLiteral

from casegraph.errors import QueryError, QueryTimeoutError
from casegraph.graph import cli
from casegraph.graph.build import build_graph
from casegraph.graph.guard import check_query
from casegraph.graph.query import (
    QueryWorker,
    library,
    resolve_query,
    run_query,
)
from casegraph.graph.rdf import render_rdf
from casegraph.graph.results import FORMATS, to_csv, to_json, to_tsv
from casegraph.graph.store import write_store

D = date.fromisoformat
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# Rust's regex engine does not backtrack, so the pathology comes from the pairs it must test.
REGEX_JOIN = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?x ?y ?z . ?a ?b ?c . ?d ?e ?f "
    'FILTER (REGEX(CONCAT(STR(?z), STR(?c), STR(?f)), "(a|aa|a?)+(b+b+)+$", "i")) }'
)


def write_case(out) -> str:
    files = render_rdf(build_graph(case_extraction()))
    (out / "graph.trig").write_bytes(files["graph.trig"])
    write_store(out, files["graph.trig"])
    return str(out)


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> str:
    """The hand-made case of query_fixture.py, built into a store."""
    return write_case(tmp_path_factory.mktemp("case"))


@pytest.fixture(scope="module")
def worker(case):
    with QueryWorker(case) as w:
        yield w


def rows(worker, query, **params):
    result = worker.run(library()[query].text, params=params)
    return [tuple(r.values()) for r in result.records()]


# --- the question library on the hand-made case ------------------------------------------------

LIBRARY_CASES = [
    ("people-by-organisation", {}, [
        ("Crimes against Children unit", "Ann Lee", "Head", 1),
        ("Europol", "Bob Stone", None, 1),
    ]),
    ("people-by-organisation", {"organisation": "Europol"}, [("Europol", "Bob Stone", None, 1)]),
    ("sub-units", {"organisation": "INTERPOL"}, [
        ("INTERPOL", "Crimes against Children unit", "INTERPOL"),
        ("INTERPOL", "Victim Identification Team", "Crimes against Children unit"),
    ]),
    ("sub-units", {"organisation": "Crimes against Children unit"}, [
        ("Crimes against Children unit", "Victim Identification Team",
         "Crimes against Children unit"),
    ]),
    # The hypothetical "Europol may join it" is evidence, not an operator.
    ("databases", {}, [
        ("ICSE database", "funder", "European Commission", 1),
        ("ICSE database", "ledBy", "Bob Stone", 1),
        ("ICSE database", "operatedBy", "INTERPOL", 2),
        ("ICSE database", "successorOf", "ICAID", 1),
    ]),
    ("operations", {"operation": "Operation Nightfall"}, [
        ("Operation Nightfall", "arrests", 12, D("2015-01-16"), None),
        ("Operation Nightfall", "location", "The Hague", None, None),
        ("Operation Nightfall", "organizer", "Europol", None, None),
        ("Operation Nightfall", "participant", "Police Scotland", None, None),
    ]),
    ("events", {"place": "Lyon"}, [
        ("Lyon meeting 2013", D("2013-10-28"), D("2013-10-31"), "Lyon", "organizer", "INTERPOL",
         None, None, "Lyon"),
        ("Lyon meeting 2013", D("2013-10-28"), D("2013-10-31"), "Lyon", "participant", "Europol",
         None, None, "Lyon"),
        ("Lyon meeting 2013", D("2013-10-28"), D("2013-10-31"), "Lyon", "participant",
         "Police Scotland", None, None, "Lyon"),
    ]),
    ("neighbourhood", {"name": "Ann Lee"}, [
        ("Ann Lee", 1, "worksFor", "", "", "Crimes against Children unit"),
        ("Ann Lee", 2, "worksFor", "Crimes against Children unit", "parentOrganization",
         "INTERPOL"),
        ("Ann Lee", 2, "worksFor", "Crimes against Children unit", "^parentOrganization",
         "Victim Identification Team"),
    ]),
    ("co-participation", {}, [
        ("Europol", "INTERPOL", 3),
        ("Europol", "Police Scotland", 3),
        ("INTERPOL", "Police Scotland", 2),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "params", "expected"), LIBRARY_CASES)
def test_library_query_answers_its_question(worker, name, params, expected):
    assert rows(worker, name, **params) == expected


def test_figure_over_time_lists_values_oldest_first_with_their_evidence(worker):
    found = rows(worker, "figure-over-time", measure="identified victims")
    assert [r[:6] for r in found] == [
        ("ICSE database", "identified victims", D("2011-09-07"), 2345, "more than", "a2011"),
        ("ICSE database", "identified victims", D("2013-10-31"), 4500, None, "a2013"),
        ("ICSE database", "identified victims", D("2015-01-16"), 6000, None, "a2015"),
    ]
    assert all(str(value) in sentence for *_, value, _, _, sentence in found)


@pytest.mark.parametrize(
    ("params", "events"),
    [
        ({}, {"Lyon meeting 2013", "Hague meeting 2014", "Taskforce 2015"}),
        ({"from": "2014"}, {"Hague meeting 2014"}),
        ({"to": "2013-10-30"}, {"Lyon meeting 2013"}),
        ({"from": "2013-10-31", "to": "2014-10"}, {"Lyon meeting 2013", "Hague meeting 2014"}),
        ({"from": "2014-10-10"}, set()),
        ({"place": "The Hague"}, {"Hague meeting 2014"}),
        ({"from": "2014", "place": "Lyon"}, set()),
    ],
)
def test_events_filter_by_overlapping_date_range_and_place(worker, params, events):
    assert {r[0] for r in rows(worker, "events", **params)} == events


def test_undated_events_have_no_dates_and_still_list_organisers(worker):
    taskforce = [r for r in rows(worker, "events") if r[0] == "Taskforce 2015"]
    assert [(r[1], r[2], r[4], r[5]) for r in taskforce] == [
        (None, None, "organizer", "Europol"),
        (None, None, "participant", "INTERPOL"),
    ]


def test_link_evidence_gives_sentence_article_and_modality(worker):
    found = rows(worker, "link-evidence", name="Europol", other="ICSE database")
    assert found == [
        ("Europol", "ICSE database", "^operatedBy", "hypothetical", "a2013",
         "Bob Stone of Europol leads the ICSE database work and Europol may join it.",
         "may-join", 0.5),
    ]  # fmt: skip
    supported = rows(worker, "link-evidence", name="ICSE database", other="INTERPOL")
    assert [(r[2], r[3], r[4]) for r in supported] == [
        ("operatedBy", "asserted", "a2011"),
        ("operatedBy", "asserted", "a2013"),
    ]


def test_neighbourhood_follows_asserted_links_only_and_cooccurrence_has_no_direction(worker):
    found = rows(worker, "neighbourhood", name="Europol")
    first_hops = {(kind, other) for _, hops, kind, _, _, other in found if hops == 1}
    assert ("coOccursWith", "Bob Stone") in first_hops
    assert ("^worksFor", "Bob Stone") in first_hops
    assert ("^organizer", "Operation Nightfall") in first_hops
    assert not any(other == "ICSE database" for _, other in first_hops)  # hypothetical only
    assert ("Europol", 2, "^worksFor", "Bob Stone", "^ledBy", "ICSE database") in found


def test_entities_ranked_by_articles_and_cooccurrence_on_the_case(worker):
    ranked = rows(worker, "entities-by-articles")
    assert all(r[3].startswith("https://casegraph.example/id/entity/") for r in ranked)
    assert [r[:3] for r in ranked[:3]] == [
        ("ICSE database", "https://casegraph.example/ns#Database", 3),
        ("INTERPOL", "https://schema.org/Organization", 3),
        ("Lyon", "https://schema.org/Place", 3),
    ]
    assert [r[:2] for r in rows(worker, "cooccurs-with", name="Europol")] == [
        ("Europol", "Bob Stone")
    ]


def test_every_library_query_says_its_question_and_binds_its_parameters(worker):
    assert len(library()) >= 11
    for name, entry in library().items():
        assert entry.question and entry.parameters_text, name
        # Each declared parameter is one Oxigraph can bind (a returned variable).
        for param in entry.parameters:
            worker.run(entry.text, params={param: "nobody"})


# --- Oxigraph and rdflib agree -----------------------------------------------------------------


def rdflib_rows(ds: Dataset, text: str, params: dict[str, str]) -> list[tuple]:
    def plain(term):
        if term is None or not isinstance(term, RdflibLiteral):
            return None if term is None else str(term)
        value = term.toPython()
        return float(value) if isinstance(value, Decimal) else value

    found = ds.query(text, initBindings={k: RdflibLiteral(v) for k, v in params.items()})
    return [tuple(plain(term) for term in row) for row in found]


def rdflib_dataset(graph_dir) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(f"{graph_dir}/graph.trig", format="trig")
    return ds


@pytest.mark.parametrize(("name", "params", "_"), LIBRARY_CASES)
def test_oxigraph_and_rdflib_agree_on_the_case(case, worker, name, params, _):
    text = library()[name].text
    assert rows(worker, name, **params) == rdflib_rows(rdflib_dataset(case), text, params)


# rdflib needs minutes for every entity's two-hop neighbourhood; one entity is enough.
BUNDLED_PARAMS = {"neighbourhood": {"name": "Europol"}}


def test_oxigraph_and_rdflib_give_identical_results_on_the_bundled_corpus(bundled_build):
    ds = rdflib_dataset(bundled_build)
    with QueryWorker(bundled_build) as w:
        for name, entry in library().items():
            params = BUNDLED_PARAMS.get(name, {})
            ours = [tuple(r.values()) for r in w.run(entry.text, params=params).records()]
            assert ours == rdflib_rows(ds, entry.text, params), name


def test_entities_by_articles_on_the_bundled_corpus(bundled_build):
    result = run_query(bundled_build, library()["entities-by-articles"].text)
    found = [tuple(r.values())[:3] for r in result.records()]
    assert found[0] == ("INTERPOL", "https://schema.org/Organization", 5)
    assert (
        "International Child Sexual Exploitation database",
        "https://casegraph.example/ns#Database",
        5,
    ) in found


def test_cooccurs_with_on_the_bundled_corpus(bundled_build):
    result = run_query(bundled_build, library()["cooccurs-with"].text, params={"name": "Europol"})
    found = [tuple(r.values()) for r in result.records()]
    assert {"European Cybercrime Centre", "INTERPOL", "Australia"} <= {o for _, o, _ in found}
    assert all(name == "Europol" and "Europol" in sentence for name, _, sentence in found)


# --- parameters: bound, never spliced (RELIABILITY row 15) ------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        'nobody" || "1" = "1',
        "nobody' || '1' = '1",
        'Europol" } UNION { ?entity ?p ?name } #',
        "Europol\n} ; DROP ALL #",
        "europol",  # exact match: case matters
        " Europol",
        "",
    ],
)
def test_parameter_values_match_exactly_and_cannot_change_the_query(worker, value):
    assert rows(worker, "cooccurs-with", name=value) == []


def test_a_parameter_with_quotes_and_brackets_finds_exactly_that_entity(tmp_path, graph):
    # tests/graph/conftest.py: names with ", <>, {}|^`, \, #, %, NUL, NBSP ...
    write_store(tmp_path, render_rdf(graph)["graph.trig"])
    found = run_query(
        tmp_path, library()["cooccurs-with"].text, params={"name": 'Jo "The Fox" <Smith>'}
    )
    assert [r["other"] for r in found.records()] == ["Ann Lee"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nmae": "Europol"}, "not a variable of this query"),
        ({"modality": "x"}, "the query sets [?]modality itself"),
        ({"na me": "x"}, "not a SPARQL variable name"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(worker, params, message):
    with pytest.raises(QueryError, match=message):
        worker.run(library()["link-evidence"].text, params=params)


# --- the guard: read-only, no SERVICE, no FROM outside the store (RELIABILITY row 16) ---------

REFUSED = [
    ("INSERT DATA { <https://x.example/a> <https://x.example/b> 1 }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("LOAD <file:///etc/passwd>", "LOAD"),
    ("DROP ALL", "DROP"),
    ("CLEAR DEFAULT", "CLEAR"),
    ("CREATE GRAPH <https://x.example/g>", "CREATE"),
    ("ADD DEFAULT TO <https://x.example/g>", "ADD"),
    ("MOVE DEFAULT TO <https://x.example/g>", "MOVE"),
    ("COPY DEFAULT TO <https://x.example/g>", "COPY"),
    ("WITH <https://x.example/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("# a comment first\ninsert data { <a:b> <a:c> <a:d> }", "INSERT"),
    ("SELECT * { ?s ?p ?o } ;\n\tdRoP   SILENT ALL", "DROP"),
    ("SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("select * { sErViCe\n\t<http://example.org/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * { SERVICE SILENT <http://example.org/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * {SERVICE<http://example.org/>{?s ?p ?o}}", "SERVICE"),
    # Oxigraph reads a keyword glued to a prefixed name: "SERVICEex:x" is SERVICE ex:x.
    ("PREFIX ex: <http://example.org/> SELECT * { SERVICEex:x { ?s ?p ?o } }", "SERVICE"),
    ("PREFIX : <http://example.org/> SELECT * { SERVICE:x { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }", "escape"),
    # A prefixed name may hold \' and \#: they must not open a string or a comment.
    ("PREFIX ex: <http://x/> SELECT * { ?s ex:a\\' . SERVICE <http://e/> { ?a ?b ?c } "
     "?s ex:b\\' ?o }", "SERVICE"),
    ("PREFIX ex: <http://x/> SELECT * { ?s ex:a\\# SERVICE <http://e/> { ?a ?b ?c } }",
     "SERVICE"),
    ('SELECT * { ?s ?p """x""" . SERVICE <http://e/> { ?a ?b ?c } }', "SERVICE"),
    ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/g> { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ("PREFIX f: <file:///etc/> SELECT * FROM f:passwd { ?s ?p ?o }", "FROM"),
    ("PREFIX f: <file:///etc/> SELECT * FROMf:passwd { ?s ?p ?o }", "FROM"),
    ("BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }", "FROM"),
    ("SELECT * from\n<http://127.0.0.1:1/x.ttl> { ?s ?p ?o }", "FROM"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "word"), REFUSED)
def test_guard_refuses_before_evaluation(text, word):
    with pytest.raises(QueryError, match=word):
        check_query(text, graphs={"https://casegraph.example/id/article/a"})


@pytest.mark.parametrize(("text", "word"), REFUSED[::4])
def test_run_query_refuses_without_touching_the_store(worker, text, word):
    with pytest.raises(QueryError, match=word):
        worker.run(text)
    assert worker.alive


ACCEPTED = [
    'SELECT ?s WHERE { ?s ?p "INSERT DATA and SERVICE <http://x/> and FROM <file:///>" }',
    "SELECT ?s WHERE { ?s ?p ?o } # DROP ALL; SERVICE <http://x/> {}",
    "SELECT ?s WHERE { ?s <http://example.org/service/load/from> ?o }",
    "PREFIX load: <http://x/> SELECT ?drop WHERE { ?drop load:insert ?copy }",
    "SELECT ?service $from WHERE { ?service ?p $from }",
    "SELECT ?s WHERE { ?s ?p 'x'@from }",
    "SELECT ?s WHERE { ?s ?p '''multi\nline DELETE ''' }",
    "SELECT ?s WHERE { ?s ?p ?o FILTER (REGEX(?o, 'service|drop')) }",
    "SELECT ?s FROM <https://casegraph.example/id/article/a> WHERE { ?s ?p ?o }",
    "PREFIX a: <https://casegraph.example/id/article/> SELECT * FROM NAMED a:a { ?s ?p ?o }",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_guard_ignores_keywords_in_strings_comments_iris_names_and_allows_own_graphs(text):
    shape = check_query(text, graphs={"https://casegraph.example/id/article/a"})
    assert shape.form == "SELECT"


def test_guard_reports_variables_and_dataset_clauses():
    plain = check_query("SELECT ?a WHERE { ?a ?b $c }")
    assert plain.variables == {"a", "b", "c"} and not plain.has_dataset
    scoped = check_query("ASK FROM <g:1> { ?s ?p ?o }", graphs={"g:1"})
    assert scoped.form == "ASK" and scoped.has_dataset


def test_from_a_graph_of_the_store_restricts_the_query_to_it(worker):
    a2011 = next(g for g in worker.graphs if "a2011" in g)
    text = f"SELECT (COUNT(DISTINCT ?a) AS ?n) FROM <{a2011}> WHERE {{ ?a a <https://schema.org/NewsArticle> }}"  # noqa: E501
    assert worker.run(text).records() == [{"n": 1}]


# --- time limit and row cap (RELIABILITY row 17) ---------------------------------------------


@pytest.mark.parametrize("text", [CROSS_JOIN, REGEX_JOIN], ids=["cross-join", "regex-join"])
def test_pathological_query_is_stopped_at_the_time_limit(case, text):
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=r"time limit of 1\.5 s"):
        run_query(case, text, timeout_s=1.5)
    assert time.monotonic() - started < 10
    assert run_query(case, "ASK { ?s ?p ?o }", timeout_s=5).boolean is True


def test_a_query_that_needs_too_much_memory_is_stopped(case):
    ordered = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    with QueryWorker(case, memory_mb=300) as w, pytest.raises(QueryError, match="300 MB"):
        w.run(ordered, timeout_s=60)


@pytest.mark.parametrize(("max_rows", "truncated"), [(0, True), (5, True), (100_000, False)])
def test_row_cap_keeps_the_first_rows_and_says_so(worker, max_rows, truncated):
    result = worker.run("SELECT * WHERE { ?s ?p ?o }", max_rows=max_rows)
    assert len(result.rows) == (max_rows if truncated else len(result.rows))
    assert result.truncated is truncated


def test_construct_and_describe_give_triples(worker):
    result = worker.run(
        "CONSTRUCT { ?e <https://x.example/named> ?l } WHERE { ?e "
        '<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (?l = "ICAID") }'
    )
    assert result.form == "graph"
    assert [t.object.value for t in result.triples()] == ["ICAID"]
    described = worker.run(
        'DESCRIBE ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> "ICAID" }'
    )
    assert len(described.rows) >= 2


def test_an_in_memory_store_can_be_queried_with_the_same_limits():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://x.example/s"), ox.NamedNode("https://x.example/p"),
                      ox.Literal("v")))  # fmt: skip
    assert run_query(store, "SELECT ?o WHERE { ?s ?p ?o }").records() == [{"o": "v"}]


# --- formats ---------------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path, graph):
    """Every sentence of tests/graph/conftest.py's hostile graph (quotes, CRLF, NUL, bidi)."""
    out = tmp_path / "hostile"
    write_store(out, render_rdf(graph)["graph.trig"])
    text = (
        "SELECT ?sentence ?start WHERE { ?s a <http://persistence.uni-leipzig.org/nlp2rdf/"
        "ontologies/nif-core#Sentence> ; <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/"
        "nif-core#anchorOf> ?sentence ; <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/"
        "nif-core#beginIndex> ?start } ORDER BY ?start ?sentence"
    )
    return run_query(out, text)


@pytest.mark.parametrize(
    ("write", "fmt"),
    [(to_json, ox.QueryResultsFormat.JSON), (to_tsv, ox.QueryResultsFormat.TSV)],
)
def test_json_and_tsv_results_parse_back_exactly(hostile, write, fmt):
    parsed = ox.parse_query_results(write(hostile), format=fmt)
    assert [tuple(s) for s in parsed] == list(hostile.rows)
    assert any("\x00" in row[0].value for row in hostile.rows)  # the hostile text is in there


def test_xml_results_parse_back_exactly(worker):
    result = worker.run(library()["figure-over-time"].text)
    parsed = ox.parse_query_results(FORMATS["xml"](result), format=ox.QueryResultsFormat.XML)
    assert [tuple(s) for s in parsed] == list(result.rows)


def test_csv_results_hold_the_plain_values(hostile):
    parsed = list(csv.reader(io.StringIO(to_csv(hostile), newline="")))
    assert parsed[0] == ["sentence", "start"]
    assert parsed[1:] == [[row[0].value, row[1].value] for row in hostile.rows]


@pytest.mark.parametrize("write", [to_json, to_csv, to_tsv, FORMATS["xml"]])
def test_ask_results_in_every_format(worker, write):
    assert "true" in write(worker.run("ASK { ?s ?p ?o }"))


# --- resolving QUERY and the command line -----------------------------------------------------


def test_query_spec_is_a_library_name_a_file_or_text(tmp_path):
    assert resolve_query("co-participation") == library()["co-participation"].text
    assert resolve_query("co-participation.rq") == library()["co-participation"].text
    (tmp_path / "mine.rq").write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(tmp_path / "mine.rq")) == "ASK { ?s ?p ?o }"
    assert resolve_query("SELECT * { ?s ?p ?o }") == "SELECT * { ?s ?p ?o }"
    with pytest.raises(QueryError, match="no library query named 'nope'"):
        resolve_query("nope")


def test_cli_runs_a_library_query_with_a_parameter_as_json(case, capsys):
    argv = ["query", "cooccurs-with", "--graph", case, "--param", "name=Europol", "--format",
            "json"]  # fmt: skip
    assert cli.main(argv) == cli.EXIT_OK
    doc = json.loads(capsys.readouterr().out)
    assert doc["head"]["vars"] == ["name", "other", "sentence"]
    assert [b["other"]["value"] for b in doc["results"]["bindings"]] == ["Bob Stone"]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_cli_prints_every_format(case, capsys, fmt):
    argv = ["query", "co-participation", "--graph", case, "--format", fmt]
    assert cli.main(argv) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "Police Scotland" in out and "INTERPOL" in out


def test_cli_reports_truncation_on_stderr(case, capsys):
    argv = ["query", "SELECT * { ?s ?p ?o }", "--graph", case, "--max-rows", "3", "--format",
            "csv"]  # fmt: skip
    assert cli.main(argv) == cli.EXIT_OK
    captured = capsys.readouterr()
    assert len(captured.out.strip().splitlines()) == 4
    assert "first 3 rows" in captured.err


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"], cli.EXIT_FAILED, "SERVICE"),
        (["DROP ALL"], cli.EXIT_FAILED, "read-only"),
        (["no-such-query"], cli.EXIT_FAILED, "no library query"),
        (["SELEC nothing"], cli.EXIT_FAILED, "syntax error"),
        ([CROSS_JOIN, "--timeout", "1"], cli.EXIT_FAILED, "time limit"),
        (["cooccurs-with", "--param", "name"], cli.EXIT_USAGE, "NAME=VALUE"),
        ([], cli.EXIT_USAGE, "--list"),
    ],
)
def test_cli_refusals_and_errors_are_clear(case, capsys, argv, code, message):
    assert cli.main(["query", *argv, "--graph", case]) == code
    assert message in capsys.readouterr().err


def test_cli_lists_the_library_with_questions_and_parameters(capsys):
    assert cli.main(["query", "--list"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    for name, entry in library().items():
        assert name in out and entry.question in out


def test_cli_on_a_directory_without_a_graph_says_how_to_build_one(tmp_path, capsys):
    assert cli.main(["query", "ASK {}", "--graph", str(tmp_path)]) == cli.EXIT_FAILED
    assert "casegraph build" in capsys.readouterr().err
