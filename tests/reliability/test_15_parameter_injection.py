"""Row 15: a value like `nobody" || "1" = "1` passed to a query parameter matches exactly."""

from __future__ import annotations

import pytest
from sparql_rows_15_16_17_23_24_25_30 import bundled_graph

from casegraph.graph.query import QueryWorker, library

VALUES = ['nobody" || "1" = "1', "nobody' || '1' = '1", 'x" } UNION { ?s ?p ?name } #',
          "Europol\n} ; DROP ALL #"]  # fmt: skip


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    with QueryWorker(bundled_graph(tmp_path_factory.mktemp("g"))) as w:
        yield w


@pytest.mark.parametrize("value", VALUES)
def test_injection_shaped_values_match_nothing_and_raise_no_parse_error(worker, value):
    assert worker.run(library()["cooccurs-with"].text, params={"name": value}).rows == ()


def test_the_same_parameter_matches_the_real_name_exactly(worker):
    found = worker.run(library()["cooccurs-with"].text, params={"name": "Europol"}).records()
    assert found and {r["name"] for r in found} == {"Europol"}
