"""The guard decides on the parsed query and refuses what rdflib and Oxigraph could read apart."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from loopback import bypasses

from casegraph.errors import QueryError
from casegraph.graph.guard import check_query

GRAPH = "https://casegraph.example/id/article/a"


@pytest.mark.parametrize("text", bypasses("http://127.0.0.1:9"))
def test_every_known_bypass_is_refused(text):
    with pytest.raises(QueryError, match=r"^line \d+"):
        check_query(text, graphs={GRAPH})


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        # Decoded before parsing, \u0022 closes the string; decoded inside it, it does not.
        ('SELECT * { ?s ?p "a\\u0022" }', "decodes to '\"'"),
        ("SELECT * { ?s ?p 'a\\u0027' }", 'decodes to "\'"'),
        ('SELECT * { ?s ?p "a\\u005C" }', "decodes to '\\\\\\\\'"),
        ('SELECT * { ?s ?p "a\\u000A" }', "decodes to '\\\\n'"),
        ("SELECT * { <http://x/\\u003E> ?p ?o }", "decodes to '>'"),
        ("SELECT * { <http://x/\\u0020> ?p ?o }", "decodes to ' '"),
        # Outside strings and IRIs Oxigraph does not decode at all.
        ("\\u0053ELECT * { ?s ?p ?o }", "outside a string or IRI"),
        ("PREFIX ex: <http://x/> SELECT * { ?s ex:\\u0061 ?o }", "outside a string or IRI"),
        ("SELECT * { ?s ?p ?o } # \\u0041", "outside a string or IRI"),
        # \\u in a string is a backslash and a "u" to Oxigraph, an escape to SPARQL 1.1.
        ('SELECT * { ?s ?p "\\\\u0041" }', "part of another escape"),
        # rdflib reads 8 digits after \u; Oxigraph reads 4 and then text.
        ('SELECT * { ?s ?p "\\u00410041" }', "part of another escape"),
        ('SELECT * { ?s ?p "\\uD800" }', "not a Unicode character"),
    ],
)
def test_escapes_the_two_readings_disagree_on_are_refused(text, reason):
    with pytest.raises(QueryError, match="line 1") as refused:
        check_query(text)
    assert reason.replace("\\\\", "\\") in str(refused.value)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * { ?s ?p "caf\\u00e9" }',
        "SELECT * { <http://x/caf\\u00e9> ?p ?o }",
        'SELECT * { ?s ?p """line\\u000Abreak""" }',
        'SELECT * { ?s ?p "it\\u0027s" }',  # the other quote
        'SELECT * { ?s ?p "\\U0001F600" }',
    ],
)
def test_escapes_both_readings_agree_on_are_accepted(text):
    assert check_query(text).form == "SELECT"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELEC * { ?s ?p ?o }", "line 1, column 1: SPARQL syntax error"),
        # Oxigraph reads LATERAL (SPARQL 1.2 draft); the checker does not, so it is refused.
        ("SELECT * { ?s ?p ?o LATERAL { ?s ?q ?r } }", "rdflib cannot read"),
        ("SELECT * {\n ?s ?p ?o .\n ?s ?p }", "line 3"),
        ("SELECT * { ?s nope:p ?o }", "cannot be read"),
    ],
)
def test_queries_the_checker_cannot_parse_are_refused_naming_the_line(text, message):
    with pytest.raises(QueryError, match=message):
        check_query(text)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE ?s WHERE { ?s ?p ?o }", "DESCRIBE"),
        ("PREFIX load: <http://x/> SELECT ?service { ?service load:from ?from }", "SELECT"),
        ("SELECT ?s WHERE { ?s ?p 'SERVICE <http://x/> { }' }", "SELECT"),
    ],
)
def test_the_form_comes_from_the_algebra(text, form):
    assert check_query(text).form == form


def test_a_dataset_of_the_store_is_allowed_and_reported():
    shape = check_query(f"SELECT * FROM <{GRAPH}> WHERE {{ ?s ?p ?o }}", graphs={GRAPH})
    assert shape.has_dataset
    with pytest.raises(QueryError, match="FROM <g> is not a graph of this store"):
        check_query("BASE <http://x/> SELECT * FROM <g> WHERE { ?s ?p ?o }", graphs={GRAPH})


def test_variables_the_query_assigns_are_known():
    shape = check_query("SELECT (1 AS ?one) WHERE { VALUES (?a ?b) { (1 2) } BIND (3 AS ?c) }")
    assert shape.assigned == {"one", "a", "b", "c"}


# --- hypothesis: SERVICE hidden in ever new ways ---------------------------------------------

_SPACE = st.sampled_from([" ", "\t", "\n", "\r\n", " # note\n", "  ", "\n#\n"])
_ENDPOINT = st.sampled_from(
    [
        ("", "<http://127.0.0.1:9/x>"),
        ("PREFIX e: <http://127.0.0.1:9/> ", "e:x"),
        ("BASE <http://127.0.0.1:9/> ", "<x>"),
        ("", "<http://127.0.0.1:9/\\u0078>"),
        ("", "?endpoint"),
    ]
)


@st.composite
def hidden_service(draw) -> str:
    keyword = "".join(c.upper() if draw(st.booleans()) else c.lower() for c in "service")
    if draw(st.booleans()):
        keyword += draw(_SPACE) + "SILENT"
    prologue, target = draw(_ENDPOINT)
    body = f"{keyword}{draw(_SPACE)}{target}{draw(_SPACE)}{{ ?a ?b ?c }}"
    for _ in range(draw(st.integers(0, 3))):
        wrap = draw(st.sampled_from(["{ %s }", "OPTIONAL { %s }", "{ SELECT * { %s } }",
                                     "FILTER EXISTS { %s }", "{ ?s ?p ?o } UNION { %s }",
                                     "MINUS { %s }", "GRAPH ?g { %s }"]))  # fmt: skip
        body = wrap % body
    before = draw(st.sampled_from(["", '?s ?p "x" . ', "?s ?p 'it''s' . ", "?s ?p '''a\nb''' . "]))
    return f"{prologue}SELECT *{draw(_SPACE)}WHERE {{ {before}{body} }}"


@settings(max_examples=300, deadline=None)
@given(hidden_service())
def test_generated_service_variants_are_refused(text):
    with pytest.raises(QueryError, match=r"SERVICE|escape"):
        check_query(text)
