"""Records -> ``nx.MultiDiGraph``: entity nodes, one edge per (subject, kind, object)."""

from __future__ import annotations

from collections import Counter

import networkx as nx

from casegraph.extract.records import COOCCURS, EntityType, Extraction


def build_graph(extraction: Extraction) -> nx.MultiDiGraph:
    """Turn an :class:`Extraction` into the graph every exporter reads.

    Nodes are entity keys with ``type``, ``label``, ``aliases``, ``mention_count``,
    ``articles``, ``mentions`` and ``claims`` (figures); Event nodes may also have ``start``,
    ``end`` (ISO dates) and ``when`` (their evidence); edges are keyed by relation kind and
    carry ``kind``, ``typed``, ``weight`` (pieces of evidence), ``evidence``, ``role`` and
    ``articles``.
    ``G.graph`` holds ``articles`` (id -> Article, sorted), ``problems`` and
    ``skipped_mentions``.

    >>> from casegraph.extract.records import Extraction
    >>> build_graph(Extraction((), (), ())).number_of_nodes()
    0
    """
    G = nx.MultiDiGraph()
    G.graph["articles"] = {a.id: a for a in sorted(extraction.articles, key=lambda a: a.id)}
    G.graph["problems"] = extraction.problems
    G.graph["skipped_mentions"] = extraction.skipped_mentions
    for entity in sorted(extraction.entities, key=lambda e: e.key):
        G.add_node(
            entity.key,
            type=entity.type,
            label=entity.label,
            aliases=entity.aliases,
            mention_count=len(entity.mentions),
            articles=entity.articles,
            mentions=entity.mentions,
            merges=entity.merges,
            claims=(),
        )
    claims: dict[str, list] = {}
    for claim in extraction.claims:
        claims.setdefault(claim.subject, []).append(claim)
    for key, found in claims.items():
        if key not in G:
            raise ValueError(f"claim about an unknown entity: {found[0]}")
        G.nodes[key]["claims"] = tuple(
            sorted(found, key=lambda c: (c.date or "", c.measure, c.value, c.evidence.article_id))
        )
    for detail in sorted(extraction.events, key=lambda d: (d.key, d.start or "")):
        if detail.key not in G:
            raise ValueError(f"event details for an unknown entity: {detail}")
        G.nodes[detail.key].update(start=detail.start, end=detail.end, when=detail.evidence)
    for rel in sorted(extraction.relations, key=lambda r: (r.subject, r.kind, r.object)):
        if rel.subject not in G or rel.object not in G:
            raise ValueError(f"relation {rel.kind} refers to an unknown entity: {rel}")
        G.add_edge(
            rel.subject,
            rel.object,
            key=rel.kind,
            kind=rel.kind,
            typed=rel.kind != COOCCURS,
            weight=len(rel.evidence),
            evidence=rel.evidence,
            role=rel.role,
            articles=rel.articles,
        )
    return G


def summarize(G: nx.MultiDiGraph) -> dict:
    """The counts of a built graph, as summary.json and the command's last lines give them.

    >>> from casegraph.extract.records import Extraction
    >>> summarize(build_graph(Extraction((), (), ())))["links_typed"]
    0
    """
    types = Counter(str(d["type"]) for _, d in G.nodes(data=True))
    kinds = Counter(k for _, _, k in G.edges(keys=True))
    cooccurrence = kinds.get(COOCCURS, 0)
    return {
        "articles": len(G.graph["articles"]),
        "entities": G.number_of_nodes(),
        "entities_by_type": {t.value: types.get(t.value, 0) for t in EntityType},
        "links": G.number_of_edges(),
        "links_by_kind": dict(sorted(kinds.items())),
        "links_typed": G.number_of_edges() - cooccurrence,
        "links_cooccurrence": cooccurrence,
        "mentions": sum(d["mention_count"] for _, d in G.nodes(data=True)),
        "skipped_names": G.graph["skipped_mentions"],
        # names joined only because they look alike: worth a reviewer's look
        "fuzzy_merges": sorted(
            f"{d['label']}: {m.name} ~ {m.other} ({m.reason})"
            for _, d in G.nodes(data=True)
            for m in d.get("merges", ())
            if m.fuzzy
        ),
        "warnings": [str(p) for p in G.graph["problems"]],
    }
