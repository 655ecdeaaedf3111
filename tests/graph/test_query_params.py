"""Parameters bind their variable wherever the query uses it, like rdflib's initBindings, and
are never spliced into the text nor added to the result columns."""

from __future__ import annotations

import pytest
from query_fixture import case_extraction
from rdflib import Dataset
from rdflib import Literal as RdflibLiteral

from casegraph.errors import QueryError
from casegraph.graph import cli
from casegraph.graph.build import build_graph
from casegraph.graph.params import bind_parameters
from casegraph.graph.query import QueryWorker, library
from casegraph.graph.rdf import render_rdf
from casegraph.graph.store import write_store

LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
FILTERED = f"SELECT ?e WHERE {{ ?e {LABEL} ?l FILTER (STR(?l) = ?name) }}"


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    out = tmp_path_factory.mktemp("case")
    trig = render_rdf(build_graph(case_extraction()))["graph.trig"]
    (out / "graph.trig").write_bytes(trig)
    write_store(out, trig)
    return out


@pytest.fixture(scope="module")
def worker(case):
    with QueryWorker(case) as w:
        yield w


@pytest.fixture(scope="module")
def dataset(case):
    ds = Dataset(default_union=True)
    ds.parse(case / "graph.trig", format="trig")
    return ds


def ours(worker, text, **params):
    result = worker.run(text, params=params)
    if result.form == "ask":
        return result.boolean
    return result.variables, sorted(tuple(map(str, r.values())) for r in result.records())


def rdflibs(ds, text, columns, **params):
    """rdflib's answer on ``columns`` (SELECT * lists other columns in rdflib: see below)."""
    found = ds.query(text, initBindings={k: RdflibLiteral(v) for k, v in params.items()})
    if found.type == "ASK":
        return found.askAnswer
    rows = sorted(
        tuple(str(row[c]) if row[c] is not None else "None" for c in columns) for row in found
    )
    return tuple(columns), rows


# Each binds ?name somewhere Oxigraph's own substitution would not reach.
SHAPES = [
    FILTERED,
    f"SELECT DISTINCT ?e WHERE {{ ?e {LABEL} ?l FILTER (?l = ?name) }}",
    f"SELECT ?e ?name WHERE {{ ?e {LABEL} ?name }}",
    f"SELECT ?e WHERE {{ {{ SELECT ?e WHERE {{ ?e {LABEL} ?l FILTER (?l = ?name) }} }} }}",
    f"SELECT ?e WHERE {{ {{ SELECT ?e {{ {{ SELECT ?e {{ ?e {LABEL} ?name }} }} }} }} }}",
    f"SELECT ?e (COUNT(*) AS ?n) WHERE {{ ?e {LABEL} ?l FILTER (?l = ?name) }} GROUP BY ?e",
    f"SELECT ?e WHERE {{ ?e {LABEL} ?l OPTIONAL {{ ?e {LABEL} ?name }} FILTER (BOUND(?name)) }}",
    f"SELECT ?e WHERE {{ ?e {LABEL} ?l MINUS {{ ?e {LABEL} ?name }} }}",
    f"SELECT ?e WHERE {{ ?e {LABEL} ?l FILTER NOT EXISTS {{ ?e {LABEL} ?name }} }}",
    f"SELECT * WHERE {{ ?e {LABEL} ?l FILTER (?l = ?name) }}",
    f"SELECT * WHERE {{ ?e {LABEL} ?name }}",
    f"SELECT ?e WHERE {{ {{ SELECT * {{ ?e {LABEL} ?l FILTER (?l = ?name) }} }} }}",
    f"ASK {{ ?e {LABEL} ?name }}",
    f"ASK {{ {{ SELECT ?e {{ ?e {LABEL} ?l FILTER (?l = ?name) }} }} }}",
]


@pytest.mark.parametrize("value", ["Europol", "nobody", 'nobody" || "1" = "1'])
@pytest.mark.parametrize("text", SHAPES)
def test_a_parameter_binds_like_rdflib_init_bindings(worker, dataset, text, value):
    answer = ours(worker, text, name=value)
    columns = answer[0] if isinstance(answer, tuple) else ()
    assert answer == rdflibs(dataset, text, columns, name=value)


def test_the_audit_query_finds_europol_through_its_filter(worker):
    variables, rows = ours(worker, FILTERED, name="Europol")
    assert variables == ("e",)  # ?name is not added to the columns
    assert len(rows) == 1 and "europol" in rows[0][0]


def test_select_star_keeps_its_own_columns(worker):
    # rdflib's SELECT * would list ?name too (it lists every variable of the text).
    result = worker.run(f"SELECT * WHERE {{ ?e {LABEL} ?l FILTER (?l = ?name) }}",
                        params={"name": "Europol"})  # fmt: skip
    assert result.variables == ("e", "l")


def test_aggregates_without_group_by_take_a_parameter(worker):
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e {LABEL} ?l FILTER (?l = ?name) }}"
    assert worker.run(text, params={"name": "Europol"}).records() == [{"n": 1}]
    # Documented: with no match there is no group, so no row (rdflib gives one row of 0).
    assert worker.run(text, params={"name": "nobody"}).records() == []


def test_construct_binds_in_template_and_pattern(worker, dataset):
    text = f"CONSTRUCT {{ ?e <https://x.example/named> ?name }} WHERE {{ ?e {LABEL} ?name }}"
    triples = list(worker.run(text, params={"name": "ICAID"}).triples())
    assert [t.object.value for t in triples] == ["ICAID"]


@pytest.mark.parametrize("name", sorted(library()))
def test_library_parameters_are_not_returned_as_columns(worker, name):
    entry = library()[name]
    params = dict.fromkeys(entry.parameters, "nobody")
    result = worker.run(entry.text, params=params)
    plain = worker.run(entry.text)
    assert result.variables == plain.variables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT ?e { ?e ?p ?name }", "SELECT ?name ?e { ?e ?p ?name }"),
        ("SELECT DISTINCT ?e { ?e ?p ?l FILTER (?l = ?name) }",
         "SELECT DISTINCT ?name ?e { ?e ?p ?l FILTER (?l = ?name) }"),
        ("SELECT (COUNT(*) AS ?n) { ?e ?p ?l FILTER (?l = ?name) }",
         "SELECT ?name (COUNT(*) AS ?n) { ?e ?p ?l FILTER (?l = ?name) } GROUP BY ?name"),
        ("SELECT ?e (COUNT(*) AS ?n) { ?e ?p ?name } GROUP BY ?e",
         "SELECT ?name ?e (COUNT(*) AS ?n) { ?e ?p ?name } GROUP BY ?name ?e"),
        ("ASK { ?e ?p ?name }", "ASK { ?e ?p ?name }"),
        ("SELECT ?e { { SELECT ?e { ?e ?p ?name } } }",
         "SELECT ?name ?e { { SELECT ?name ?e { ?e ?p ?name } } }"),
    ],
)  # fmt: skip
def test_only_variable_names_are_added_to_the_text(text, expected):
    assert bind_parameters(text, ["name"], star_columns=lambda q: []).text == expected


def test_the_value_never_reaches_the_text():
    bound = bind_parameters(FILTERED, ["name"], star_columns=lambda q: [])
    assert "Europol" not in bound.text and bound.hidden == ("name",)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"nmae": "Europol"}, "not a variable of this query"),
        ({"one": "1"}, "sets [?]one itself"),
        ({"na me": "x"}, "not a SPARQL variable name"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(worker, params, message):
    with pytest.raises(QueryError, match=message):
        worker.run(f"SELECT ?e ?one WHERE {{ ?e {LABEL} ?l BIND (1 AS ?one) }}", params=params)


def test_cli_binds_a_filter_variable(case, capsys):
    argv = ["query", "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?e WHERE "
            "{ ?e rdfs:label ?l FILTER(STR(?l) = ?name) }", "--param", "name=Europol",
            "--graph", str(case), "--format", "csv"]  # fmt: skip
    assert cli.main(argv) == cli.EXIT_OK
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "e" and len(out) == 2 and "europol" in out[1]
