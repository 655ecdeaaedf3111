"""What the view sizes and colours nodes by: degree, PageRank, betweenness, Louvain groups."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import networkx as nx

log = logging.getLogger(__name__)

# The size measures the page offers, the default first.
MEASURES = ("degree", "mentions", "pagerank", "betweenness")


def typed_graph(G: nx.MultiDiGraph, keys: Iterable[str]) -> nx.Graph:
    """The undirected simple graph of the typed links among ``keys`` (co-occurrence left out).

    Nodes and edges are inserted in sorted order, so every measure computed on it is the same
    whatever order ``G`` was built in.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="funder", typed=True)
    'funder'
    >>> G.add_edge("a", "c", key="coOccursWith", typed=False)
    'coOccursWith'
    >>> sorted(typed_graph(G, "abc").edges)
    [('a', 'b')]
    """
    keys = sorted(keys)
    shown = set(keys)
    T = nx.Graph()
    T.add_nodes_from(keys)
    T.add_edges_from(
        sorted(
            tuple(sorted((u, v)))
            for u, v, typed in G.edges(data="typed")
            if typed and u != v and u in shown and v in shown
        )
    )
    return T


def node_measures(
    G: nx.MultiDiGraph, keys: list[str], *, seed: int, exact_limit: int, sample: int
) -> dict[str, dict[str, float]]:
    """``key -> {measure: value}`` for every measure of :data:`MEASURES`.

    ``degree`` counts distinct neighbours over typed links, ``mentions`` the entity's
    mentions; ``pagerank`` and normalised ``betweenness`` are computed on the undirected typed
    graph. Betweenness is exact up to ``exact_limit`` nodes, else estimated from ``sample``
    seeded source nodes. Floats are rounded to 6 decimals so the page's bytes do not depend
    on the last bits of a sum.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from("abc", mention_count=1)
    >>> _ = G.add_edge("a", "b", key="k", typed=True)
    >>> _ = G.add_edge("b", "c", key="k", typed=True)
    >>> m = node_measures(G, ["a", "b", "c"], seed=1, exact_limit=10, sample=2)
    >>> (m["b"]["degree"], m["b"]["betweenness"], m["a"]["betweenness"])
    (2, 1.0, 0.0)
    """
    T = typed_graph(G, keys)
    n = T.number_of_nodes()
    pagerank = nx.pagerank(T) if T.number_of_edges() else {k: 1 / max(n, 1) for k in T}
    k = None if n <= exact_limit else min(sample, n)
    if k is not None:
        log.info("view: betweenness estimated from %d of %d nodes", k, n)
    betweenness = nx.betweenness_centrality(T, k=k, seed=seed) if n > 1 else dict.fromkeys(T, 0.0)
    return {
        key: {
            "degree": T.degree(key),
            "mentions": G.nodes[key]["mention_count"],
            "pagerank": round(pagerank[key], 6),
            "betweenness": round(betweenness[key], 6),
        }
        for key in keys
    }


def communities(G: nx.MultiDiGraph, keys: list[str], *, seed: int) -> dict[str, int | None]:
    """``key -> group number`` from seeded Louvain over the typed links; ``None`` for an entity
    without typed links. Groups are numbered from 0 by size, largest first (ties: the group
    with the smallest key first).

    >>> G = nx.MultiDiGraph()
    >>> for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y")]:
    ...     _ = G.add_edge(u, v, key="k", typed=True)
    >>> G.add_node("z")
    >>> communities(G, sorted(G), seed=1)
    {'a': 0, 'b': 0, 'c': 0, 'x': 1, 'y': 1, 'z': None}
    """
    T = typed_graph(G, keys)
    T.remove_nodes_from([k for k in keys if T.degree(k) == 0])
    found = nx.community.louvain_communities(T, seed=seed) if T.number_of_nodes() else []
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    group: dict[str, int | None] = dict.fromkeys(keys)
    for number, members in enumerate(ordered):
        for key in members:
            group[key] = number
    return group
