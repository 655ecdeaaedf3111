"""Row 23: SERVICE hidden behind \\u escapes in a string and an IRI, comments, odd case,
SERVICE SILENT, a sub-query or a prefixed name is refused, and no connection is ever opened
(a loopback listener receives nothing), through `casegraph query` and `casegraph serve`."""

from __future__ import annotations

import pytest
from sparql_rows_15_16_17_23_24_25_30 import Listener, bundled_graph, bypasses, post, served

from casegraph.errors import QueryError
from casegraph.graph.query import QueryWorker


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    return bundled_graph(tmp_path_factory.mktemp("g"))


def test_query_refuses_every_disguise_and_the_listener_hears_nothing(graph):
    with Listener() as listener, QueryWorker(graph) as worker:
        for text in bypasses(listener.url):
            with pytest.raises(QueryError):
                worker.run(text)
    assert listener.received == []


def test_serve_refuses_every_disguise_and_the_listener_hears_nothing(graph):
    with Listener() as listener, served(graph) as endpoint:
        for text in bypasses(listener.url):
            assert post(endpoint.url, text)[0] == 400
    assert listener.received == []
