"""Row 24: a cross-site form POST to the endpoint (Origin of another site) is refused."""

from __future__ import annotations

from sparql_rows_15_16_17_23_24_25_30 import bundled_graph, post, served


def test_a_form_post_with_another_origin_is_refused_and_ours_is_answered(tmp_path):
    with served(bundled_graph(tmp_path)) as endpoint:
        assert post(endpoint.url, "ASK { ?s ?p ?o }", Origin="https://evil.example")[0] == 403
        assert post(endpoint.url, "ASK { ?s ?p ?o }", **{"Sec-Fetch-Site": "cross-site"})[0] == 403
        assert post(endpoint.url, "ASK { ?s ?p ?o }", Origin=endpoint.url)[0] == 200
        assert post(endpoint.url, "ASK { ?s ?p ?o }")[0] == 200  # a non-browser client
