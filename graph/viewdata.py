"""Graph -> the plain data the HTML view draws: nodes, links, their sentences and articles."""

from __future__ import annotations

import bisect
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from casegraph.errors import ExportError
from casegraph.extract.records import EntityType, Evidence
from casegraph.graph.footprints import footprint, wrap_label
from casegraph.graph.layout import compact_layout
from casegraph.graph.viewgeo import place_coordinates
from casegraph.graph.viewmeasures import MEASURES, communities, node_measures
from casegraph.graph.viewstyle import Style

log = logging.getLogger(__name__)


def page_data(G: nx.MultiDiGraph, style: Style) -> dict[str, Any]:
    """Everything the page's script needs, as JSON-ready values in a fixed order.

    Nodes and links refer to each other, to ``articles`` and to ``sentences`` by list index.
    A sentence is stored once however many links cite it, with ``spans``: ``[start, end, node]``
    for every name of a drawn entity in it (UTF-16 offsets, as JavaScript counts). Each node
    has its measures, a size per measure and its group; a link inferred from other links names
    them in ``basis`` (link indices). Graphs over ``style.max_nodes`` / ``style.max_edges``
    keep the most connected entities and the links with the most evidence among them;
    ``summary`` then says how many were left out.

    >>> from casegraph.graph.viewstyle import load_style
    >>> page_data(nx.MultiDiGraph(), load_style())["summary"]["entities"]
    0
    """
    keys = top_nodes(G, limit=style.max_nodes)
    node_index = {key: i for i, key in enumerate(keys)}
    edges = top_edges(G, node_index, limit=style.max_edges)
    articles = G.graph.get("articles", {})
    article_index = {aid: i for i, aid in enumerate(sorted(articles))}
    sentences = _Sentences(G, keys, article_index)
    measures = node_measures(
        G,
        keys,
        seed=style.seed,
        exact_limit=style.exact_betweenness,
        sample=style.betweenness_sample,
    )
    sizes = _sizes(measures, style)
    groups = communities(G, keys, seed=style.seed)
    located = place_coordinates(G, keys)
    lines = {
        key: wrap_label(
            G.nodes[key]["label"],
            font_size=style.font_size,
            max_width=style.label_width,
            char_width=style.char_width,
        )
        for key in keys
    }
    positions = _positions(keys, edges, sizes, lines, style)

    nodes = [
        _node(G, key, positions[key], article_index, sentences)
        | {
            "measures": measures[key],
            "sizes": sizes[key],
            "size": sizes[key][style.size_measure],
            "group": groups[key],
            "lines": lines[key],
        }
        | ({"lat": located[key][0], "lon": located[key][1]} if key in located else {})
        for key in keys
    ]
    edge_index = {(u, kind, v): j for j, (u, v, kind, _) in enumerate(edges)}
    top_articles = max((len(d["articles"]) for *_, d in edges), default=0)
    links = []
    for u, v, kind, attrs in edges:
        ends = (node_index[u], node_index[v])
        evidence = _link_evidence(attrs["evidence"], sentences, ends)
        basis = sorted({b for e in attrs["evidence"] for b in e.basis})
        inferred = bool(attrs["evidence"]) and all(e.inferred for e in attrs["evidence"])
        link = {
            "from": ends[0],
            "to": ends[1],
            "kind": kind,
            "typed": bool(attrs["typed"]),
            "inferred": inferred,
            "role": attrs.get("role"),
            "weight": attrs["weight"],
            "width": _scaled(
                len(attrs["articles"]), top_articles, style.min_width, style.max_width
            ),
            "articles": sorted(article_index[a] for a in attrs["articles"]),
            "evidence": evidence,
        }
        if basis:
            link["basis"] = [edge_index[b] for b in basis if b in edge_index]
            link["basis_missing"] = sum(1 for b in basis if b not in edge_index)
        links.append(link)
    counts = {t: 0 for t in EntityType}
    for node in nodes:
        counts[EntityType(node["type"])] += 1
    typed_links = sum(1 for *_, d in G.edges(keys=True, data="typed") if d)
    group_sizes = Counter(g for g in groups.values() if g is not None)
    return {
        "summary": {
            "articles": len(articles),
            "entities": G.number_of_nodes(),
            "links": G.number_of_edges(),
            "typed_links": typed_links,
            "cooccurrence_links": G.number_of_edges() - typed_links,
            "shown_entities": len(nodes),
            "shown_links": len(links),
            "shown_typed_links": sum(1 for link in links if link["typed"]),
            "shown_inferred_links": sum(1 for link in links if link["inferred"]),
            "located": len(located),
        },
        "types": [
            {"type": t.value, "color": s.color, "shape": s.shape, "count": counts[t]}
            for t, s in style.types.items()
        ],
        "groups": [
            {
                "group": g,
                "color": style.group_colors[g % len(style.group_colors)],
                "count": group_sizes[g],
                "label": _group_label(nodes, g),
            }
            for g in sorted(group_sizes)
        ],
        "style": {
            "typed": style.typed_color,
            "cooccurrence": style.cooccurrence_color,
            "inferred": style.inferred_color,
            "highlight": style.highlight_color,
            "ungrouped": style.ungrouped_color,
            "max_items": style.max_items,
            "search_results": style.search_results,
            "font_size": style.font_size,
            "label_width": style.label_width,
            "size_measure": style.size_measure,
            "measures": list(MEASURES),
        },
        "articles": [
            {"id": aid, "title": articles[aid].title, "date": articles[aid].date}
            for aid in sorted(articles)
        ],
        "sentences": sentences.finish(),
        "nodes": nodes,
        "edges": links,
    }


def _positions(
    keys: list[str],
    edges: list[tuple[str, str, str, dict[str, Any]]],
    sizes: dict[str, dict[str, float]],
    lines: dict[str, list[str]],
    style: Style,
) -> dict[str, tuple[int, int]]:
    """The layout, with room for each node's largest size (any measure) and its label."""
    H = nx.Graph()
    H.add_nodes_from(keys)
    for u, v, _, attrs in edges:  # typed relations shape the layout more than co-occurrence
        pull = 1.0 if attrs["typed"] else style.cooccurrence_pull
        if not H.has_edge(u, v) or H.edges[u, v]["weight"] < pull:
            H.add_edge(u, v, weight=pull)
    boxes = {
        key: footprint(
            lines[key],
            sizes[key][style.size_measure],
            font_size=style.font_size,
            char_width=style.char_width,
            line_height=style.line_height,
            offset=style.label_offset,
        )
        for key in keys
    }
    return compact_layout(
        H,
        seed=style.seed,
        iterations=style.iterations,
        unit=style.unit,
        boxes=boxes,
        gap=style.gap,
        aspect=style.aspect,
    )


def _sizes(measures: dict[str, dict[str, float]], style: Style) -> dict[str, dict[str, float]]:
    """Node radius per measure, ``min_size`` .. ``max_size`` by the square root of the value."""
    top = {m: max((v[m] for v in measures.values()), default=0) for m in MEASURES}
    return {
        key: {m: _scaled(v[m], top[m], style.min_size, style.max_size) for m in MEASURES}
        for key, v in measures.items()
    }


def _group_label(nodes: list[dict[str, Any]], group: int) -> str:
    """A group is named after its member with the most typed neighbours (then mentions)."""
    members = [n for n in nodes if n["group"] == group]
    best = min(members, key=lambda n: (-n["measures"]["degree"], -n["mentions"], n["key"]))
    return best["label"]


def _link_evidence(
    found: Iterable[Evidence], sentences: _Sentences, ends: tuple[int, int]
) -> list[list[Any]]:
    """Each sentence once (asserted if any of its evidence is), in text order."""
    by_sentence: dict[int, list[Any]] = {}
    for e in sorted(found, key=lambda e: (e.article_id, e.start, e.end, e.text, e.modality)):
        index = sentences.add(e, ends)
        if index not in by_sentence or e.modality == "asserted":
            by_sentence[index] = _evidence(index, e)
    return list(by_sentence.values())


def top_nodes(G: nx.MultiDiGraph, *, limit: int) -> list[str]:
    """Sorted keys of the ``limit`` entities with most neighbours (then mentions, then key).

    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> nx.set_node_attributes(G, 1, "mention_count")
    >>> top_nodes(G, limit=1)
    ['a']
    """
    if G.number_of_nodes() <= limit:
        return sorted(G.nodes)
    U = nx.Graph(G.to_undirected(as_view=True))
    U.remove_edges_from(nx.selfloop_edges(U))
    ranked = sorted(G.nodes, key=lambda k: (-U.degree(k), -G.nodes[k]["mention_count"], k))
    log.info("view: drawing %d of %d entities", limit, G.number_of_nodes())
    return sorted(ranked[:limit])


def top_edges(
    G: nx.MultiDiGraph, shown: dict[str, int], *, limit: int
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Edges between ``shown`` nodes, sorted; over ``limit``, typed and best-supported first.

    >>> G = nx.MultiDiGraph([("a", "b", "k", {"typed": True, "weight": 1})])
    >>> [(u, k, v) for u, v, k, _ in top_edges(G, {"a": 0, "b": 1}, limit=5)]
    [('a', 'k', 'b')]
    """
    edges = [
        (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in shown and v in shown
    ]
    if len(edges) > limit:
        edges.sort(key=lambda e: (not e[3]["typed"], -e[3]["weight"], e[0], e[2], e[1]))
        log.info("view: drawing %d of %d links", limit, len(edges))
        edges = edges[:limit]
    return sorted(edges, key=lambda e: (e[0], e[2], e[1]))


def _node(
    G: nx.MultiDiGraph,
    key: str,
    xy: tuple[float, float],
    article_index: dict[str, int],
    sentences: _Sentences,
) -> dict[str, Any]:
    attrs = G.nodes[key]
    try:
        entity_type = EntityType(attrs.get("type"))
    except ValueError as e:
        raise ExportError(f"node {key!r} has unknown entity type {attrs.get('type')!r}") from e
    here = (sentences.node_index[key],)
    node = {
        "key": key,
        "label": attrs["label"],
        "type": entity_type.value,
        "aliases": list(attrs["aliases"]),
        "mentions": attrs["mention_count"],
        "articles": sorted(article_index[a] for a in attrs["articles"]),
        "x": xy[0],
        "y": xy[1],
        "claims": [
            {
                "measure": c.measure,
                "value": c.value,
                "date": c.date,
                "qualifier": c.qualifier,
                "evidence": _evidence(sentences.add(c.evidence, here), c.evidence),
            }
            for c in attrs.get("claims", ())
        ],
    }
    if attrs.get("start") or attrs.get("end"):
        node |= {"start": attrs.get("start"), "end": attrs.get("end")}
        if attrs.get("when") is not None:
            node["when"] = _evidence(sentences.add(attrs["when"], here), attrs["when"])
    return node


def _evidence(sentence: int, evidence: Evidence) -> list[Any]:
    """``[sentence]``, or ``[sentence, modality]`` when it is not simply asserted."""
    return [sentence] if evidence.modality == "asserted" else [sentence, evidence.modality]


class _Sentences:
    """Evidence sentences, each stored once, with the spans of the entity names in them."""

    def __init__(self, G: nx.MultiDiGraph, keys: list[str], article_index: dict[str, int]):
        self.G = G
        self.keys = keys
        self.node_index = {key: i for i, key in enumerate(keys)}
        self.article_index = article_index
        self._ids: dict[tuple[str, int, int, str], int] = {}
        self._items: list[tuple[Evidence, set[int]]] = []
        self._patterns: dict[int, re.Pattern[str] | None] = {}
        # article -> sorted (start, end, text, node) of every mention of a drawn entity
        self._mentions: dict[str, list[tuple[int, int, str, int]]] = {}
        for i, key in enumerate(keys):
            for m in G.nodes[key]["mentions"]:
                self._mentions.setdefault(m.article_id, []).append((m.start, m.end, m.text, i))
        for found in self._mentions.values():
            found.sort()

    def add(self, evidence: Evidence, nodes: Iterable[int]) -> int:
        """The index of ``evidence``'s sentence; ``nodes`` should be highlighted in it."""
        if evidence.article_id not in self.article_index:
            raise ExportError(f"evidence cites an unknown article {evidence.article_id!r}")
        key = (evidence.article_id, evidence.start, evidence.end, evidence.text)
        if key not in self._ids:
            self._ids[key] = len(self._items)
            self._items.append((evidence, set()))
        index = self._ids[key]
        self._items[index][1].update(nodes)
        return index

    def finish(self) -> list[dict[str, Any]]:
        return [
            {
                "article": self.article_index[e.article_id],
                "text": e.text,
                "spans": _utf16(e.text, self._spans(e, wanted)),
            }
            for e, wanted in self._items
        ]

    def _spans(self, e: Evidence, wanted: set[int]) -> list[tuple[int, int, int]]:
        """Mentions inside the sentence (offsets checked against its text), then, for a wanted
        entity with none, its aliases found as whole words."""
        spans = []
        found = self._mentions.get(e.article_id, [])
        for start, end, text, node in found[bisect.bisect_left(found, (e.start,)) :]:
            if start >= e.end:
                break
            if end <= e.end and e.text[start - e.start : end - e.start] == text:
                spans.append((start - e.start, end - e.start, node))
        for node in sorted(wanted - {n for *_, n in spans}):
            pattern = self._names(node)
            for m in pattern.finditer(e.text) if pattern else ():
                if not any(s < m.end() and m.start() < t for s, t, _ in spans):
                    spans.append((m.start(), m.end(), node))
        return sorted(set(spans))

    def _names(self, node: int) -> re.Pattern[str] | None:
        """A node's aliases as whole words, longest first (compiled once per node)."""
        if node not in self._patterns:
            aliases = {a for a in self.G.nodes[self.keys[node]]["aliases"] if a.strip()}
            words = "|".join(re.escape(a) for a in sorted(aliases, key=lambda a: (-len(a), a)))
            self._patterns[node] = re.compile(rf"(?<!\w)(?:{words})(?!\w)") if words else None
        return self._patterns[node]


def _utf16(text: str, spans: list[tuple[int, int, int]]) -> list[list[int]]:
    """Spans with code-point offsets turned into UTF-16 offsets (JavaScript string indices)."""
    if text.isascii():
        return [list(s) for s in spans]
    units = [0]
    for char in text:
        units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
    return [[units[s], units[t], node] for s, t, node in spans]


def _scaled(value: float, top: float, low: float, high: float) -> float:
    """``low`` .. ``high`` by the square root of ``value / top`` (bounded both ways)."""
    if top <= 0 or value <= 0:
        return float(low)
    return round(low + (high - low) * math.sqrt(min(value, top) / top), 1)
