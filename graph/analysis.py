"""Small helpers for analysts' notebooks: query tables, the link network, centrality, paths."""

from __future__ import annotations

import html
import itertools
import os
from collections.abc import Mapping
from pathlib import Path

import networkx as nx

from casegraph.graph.query import library, resolve_query, run_query

COOCCURS = "coOccursWith"


def frame(graph_dir: str | os.PathLike[str], query: str, params: Mapping[str, str] | None = None):
    """A pandas DataFrame of ``query`` (library name, .rq file or SPARQL) over ``graph_dir``.

    ``params`` are bound as by ``casegraph query --param`` (exact string match).

    >>> frame("output", "people-by-organisation", {"organisation": "INTERPOL"})  # doctest: +SKIP
    """
    import pandas as pd

    result = run_query(graph_dir, resolve_query(query), params=params)
    return pd.DataFrame(result.records(), columns=list(result.variables))


def questions() -> list[dict[str, str]]:
    """The query library: each query's name, the question it answers and its parameters."""
    return [
        {"query": e.name, "question": e.question, "parameters": e.parameters_text}
        for e in library().values()
    ]


def figure_series(graph_dir: str | os.PathLike[str], entity: str):
    """The figures stated about ``entity`` (its label) as a table: one row per date, one
    column per measure (the latest article's value when several give one for a date).

    >>> figure_series("output", "ICSE database")  # doctest: +SKIP
    """
    import pandas as pd

    figures = frame(graph_dir, "figure-over-time", {"entity": entity})
    if figures.empty:
        return pd.DataFrame()
    figures["date"] = pd.to_datetime(figures["date"])
    return figures.pivot_table(index="date", columns="measure", values="value", aggfunc="last")


def load_network(graph_dir: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """The asserted links of the graph in ``graph_dir`` as a networkx graph.

    Nodes are entity IRIs with ``label`` and ``type`` (schema.org or cg class name); edges are
    keyed by relation kind (``worksFor``, ``coOccursWith``...) and carry ``articles``, the number
    of articles that support them.
    """
    result = run_query(graph_dir, library()["links"].text, max_rows=10_000_000)
    G = nx.MultiDiGraph()
    for row in result.records():
        for end in ("source", "target"):
            G.add_node(row[end], label=row[f"{end}Label"], type=_local(row[f"{end}Type"]))
        G.add_edge(row["source"], row["target"], key=row["kind"], articles=row["articles"])
    return G


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def undirected(G: nx.MultiDiGraph, *, typed_only: bool = True) -> nx.Graph:
    """``G`` as a simple undirected graph whose edge ``weight`` is the number of supporting
    articles summed over the kinds; with ``typed_only`` co-occurrence links are left out.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="worksFor", articles=2)
    'worksFor'
    >>> G.add_edge("b", "a", key="coOccursWith", articles=1)
    'coOccursWith'
    >>> undirected(G, typed_only=False)["a"]["b"]["weight"]
    3
    """
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, kind, data in G.edges(keys=True, data=True):
        if typed_only and kind == COOCCURS:
            continue
        weight = H.edges[u, v]["weight"] if H.has_edge(u, v) else 0
        H.add_edge(u, v, weight=weight + data["articles"])
    if typed_only:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H


def top_central(G: nx.MultiDiGraph, *, n: int = 10, typed_only: bool = True) -> list[dict]:
    """The ``n`` entities with the highest degree centrality, with betweenness alongside.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("h", label="Hub", type="Organization")
    >>> for x in "abc":
    ...     G.add_node(x, label=x, type="Person")
    ...     _ = G.add_edge(x, "h", key="worksFor", articles=1)
    >>> top_central(G, n=1)[0]["label"]
    'Hub'
    """
    H = undirected(G, typed_only=typed_only)
    degree = nx.degree_centrality(H)
    betweenness = nx.betweenness_centrality(H)
    ranked = sorted(H, key=lambda node: (-degree[node], H.nodes[node]["label"]))[:n]
    return [
        {
            "label": H.nodes[node]["label"],
            "type": H.nodes[node]["type"],
            "degree": round(degree[node], 3),
            "betweenness": round(betweenness[node], 3),
        }
        for node in ranked
    ]


def communities(G: nx.MultiDiGraph, *, typed_only: bool = True, seed: int = 0) -> list[list[str]]:
    """Groups of entities more linked to each other than to the rest (Louvain, weighted by
    supporting articles), largest first, each as sorted labels. ``seed`` makes it repeatable.

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "c"), ("x", "y")]:
    ...     G.add_node(u, label=u, type="Person"); G.add_node(v, label=v, type="Person")
    ...     _ = G.add_edge(u, v, key="worksFor", articles=1)
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y']]
    """
    H = undirected(G, typed_only=typed_only)
    found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    groups = [sorted(H.nodes[node]["label"] for node in group) for group in found]
    return sorted(groups, key=lambda labels: (-len(labels), labels))


def find_entity(G: nx.MultiDiGraph, label: str) -> str:
    """The node of the entity labelled ``label``; ValueError if none or several."""
    found = [node for node, data in G.nodes(data=True) if data["label"] == label]
    if len(found) != 1:
        raise ValueError(f"{len(found)} entities are labelled {label!r} in this graph")
    return found[0]


def path_between(
    G: nx.MultiDiGraph, source: str, target: str, *, typed_only: bool = False
) -> list[dict]:
    """The shortest chain of links between the entities labelled ``source`` and ``target``:
    one dict per step with ``from``, ``kind`` (``^kind`` when the link points backwards) and
    ``to``. ``nx.NetworkXNoPath`` if they are not connected.

    >>> G = nx.MultiDiGraph()
    >>> for x in "abc":
    ...     G.add_node(x, label=x.upper(), type="Organization")
    >>> _ = G.add_edge("a", "b", key="parentOrganization", articles=1)
    >>> _ = G.add_edge("c", "b", key="organizer", articles=1)
    >>> [step["kind"] for step in path_between(G, "A", "C")]
    ['parentOrganization', '^organizer']
    """
    H = undirected(G, typed_only=typed_only)
    nodes = nx.shortest_path(H, find_entity(G, source), find_entity(G, target))
    steps = []
    for u, v in itertools.pairwise(nodes):
        forward = [k for k in G[u].get(v, {}) if not (typed_only and k == COOCCURS)]
        backward = [k for k in G[v].get(u, {}) if not (typed_only and k == COOCCURS)]
        kinds = sorted(forward) + [k if k == COOCCURS else f"^{k}" for k in sorted(backward)]
        steps.append(
            {"from": G.nodes[u]["label"], "kind": ", ".join(kinds), "to": G.nodes[v]["label"]}
        )
    return steps


def inline_view(graph_dir: str | os.PathLike[str], *, height: int = 650) -> str:
    """An ``<iframe>`` holding the graph's interactive view (``graph.html``), for
    ``IPython.display.HTML``: the page is embedded whole, so it works offline and in any viewer.
    """
    page = (Path(graph_dir) / "graph.html").read_text(encoding="utf-8")
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" width="100%" height="{int(height)}" '
        'style="border: 1px solid #ccc" sandbox="allow-scripts"></iframe>'
    )
