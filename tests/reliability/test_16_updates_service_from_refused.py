"""Row 16: SERVICE, FROM <file:...>, LOAD, INSERT, DROP are refused before evaluation, by the
query command and by the endpoint, with a clear message."""

from __future__ import annotations

import pytest
from sparql_rows_15_16_17_23_24_25_30 import bundled_graph, post, served

from casegraph.graph import cli

REFUSED = [
    ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", "FROM"),
    ("LOAD <file:///etc/passwd>", "LOAD"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("DROP ALL", "DROP"),
]


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return bundled_graph(tmp_path_factory.mktemp("g"))


@pytest.mark.parametrize(("text", "word"), REFUSED)
def test_the_query_command_refuses(graph, capsys, text, word):
    assert cli.main(["query", text, "--graph", str(graph)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert word in err and "line 1" in err


def test_the_endpoint_refuses(graph):
    with served(graph) as endpoint:
        for text, word in REFUSED:
            status, body = post(endpoint.url, text)
            assert status == 400 and word in body
