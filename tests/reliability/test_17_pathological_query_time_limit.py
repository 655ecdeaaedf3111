"""Row 17: a pathological query is stopped at the time limit with a clear error, and the
server keeps answering."""

from __future__ import annotations

import threading

import pytest
from sparql_rows_15_16_17_23_24_25_30 import bundled_graph, post, served

from casegraph.errors import QueryTimeoutError
from casegraph.graph.query import run_query

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
REGEX = ('SELECT (COUNT(*) AS ?n) WHERE { ?x ?y ?z . ?a ?b ?c FILTER (REGEX(CONCAT(STR(?z), '
         'STR(?c)), "(a|aa|a?)+(b+b+)+$", "i")) }')  # fmt: skip


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return bundled_graph(tmp_path_factory.mktemp("g"))


@pytest.mark.parametrize("text", [CROSS_JOIN, REGEX], ids=["cross-join", "regex"])
def test_the_query_command_stops_at_the_limit(graph, text):
    with pytest.raises(QueryTimeoutError, match=r"time limit of 1 s"):
        run_query(graph, text, timeout_s=1)


def test_the_server_answers_others_during_and_after_a_runaway_query(graph):
    with served(graph, timeout_s=2) as endpoint:
        slow = {}
        runaway = threading.Thread(target=lambda: slow.update(a=post(endpoint.url, CROSS_JOIN)))
        runaway.start()
        assert post(endpoint.url, "ASK { ?s ?p ?o }")[0] == 200
        runaway.join(timeout=60)
        assert slow["a"][0] == 503 and "time limit of 2 s" in slow["a"][1]
        assert post(endpoint.url, "ASK { ?s ?p ?o }")[0] == 200
