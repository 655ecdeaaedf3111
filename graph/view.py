"""Graph -> one self-contained offline HTML page (vis-network inlined, data as escaped JSON)."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from casegraph.extract.errors import ExportError
from casegraph.extract.records import EntityType
from casegraph.graph.layout import layout_positions

log = logging.getLogger(__name__)

STYLE_FILE = "graph/styles/types.toml"
# The shapes the legend macro in graph.html.j2 can draw (a subset of vis-network's shapes).
LEGEND_SHAPES = frozenset(
    {"dot", "box", "square", "ellipse", "triangle", "diamond", "star", "database"}
)
# vis-network as shipped inside pyvis; we inline its files, never pyvis's template.
VIS_DIR = ("lib", "vis-9.1.2")
# Characters that could end the JSON <script> block, open a comment, or end a JS line.
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")
_CSS_REMOTE = re.compile(r"@import|url\(\s*(?!['\"]?data:)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TypeStyle:
    """How one entity type is drawn."""

    color: str
    shape: str


@dataclass(frozen=True, slots=True)
class Style:
    """The validated contents of ``graph/styles/types.toml``."""

    types: MappingProxyType[EntityType, TypeStyle]
    min_size: float
    max_size: float
    cooccurrence_color: str
    typed_color: str
    min_width: float
    max_width: float
    seed: int
    spacing: float
    iterations: int
    max_nodes: int
    max_items: int


@dataclass(frozen=True, slots=True)
class _Assets:
    template: jinja2.Template
    vis_js: str
    vis_css: str
    app_js: str
    app_css: str


def render_html(G: nx.MultiDiGraph, *, title: str = "casegraph") -> bytes:
    """The whole page as UTF-8 bytes; the same graph always gives the same bytes.

    >>> import networkx as nx
    >>> b"Nothing to show" in render_html(nx.MultiDiGraph())
    True
    """
    style = load_style()
    assets = _assets()
    data = _page_data(G, style)
    page = assets.template.render(
        title=title,
        csp=_content_security_policy([assets.vis_js, assets.app_js]),
        summary=data["summary"],
        legend=data["types"],
        edge_colors={"typed": style.typed_color, "cooccurrence": style.cooccurrence_color},
        vis_css=Markup(assets.vis_css),
        app_css=Markup(assets.app_css),
        vis_js=Markup(assets.vis_js),
        app_js=Markup(assets.app_js),
        data_json=Markup(_script_json(data)),
    )
    try:
        return page.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ExportError(f"page title {title!r} is not valid Unicode: {e.reason}") from e


@cache
def load_style() -> Style:
    """Read and check ``graph/styles/types.toml``; errors name the file and the key."""
    try:
        raw = tomllib.loads((files("casegraph.graph") / "styles" / "types.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ExportError(f"{STYLE_FILE}: {e}") from e

    def positive(value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and value > 0

    def colour(value: object) -> bool:
        return isinstance(value, str) and _HEX_COLOUR.match(value) is not None

    def get(section: str, key: str, check: Any, expected: str) -> Any:
        table = raw
        for part in section.split("."):
            table = table.get(part, {}) if isinstance(table, dict) else {}
        value = table.get(key) if isinstance(table, dict) else None
        if not check(value):
            raise ExportError(f"{STYLE_FILE}: [{section}] {key} = {value!r}: expected {expected}")
        return value

    types = {
        t: TypeStyle(
            color=get(f"types.{t.value}", "color", colour, "#rrggbb"),
            shape=get(
                f"types.{t.value}",
                "shape",
                LEGEND_SHAPES.__contains__,
                f"one of {sorted(LEGEND_SHAPES)}",
            ),
        )
        for t in EntityType
    }
    style = Style(
        types=MappingProxyType(types),
        min_size=get("nodes", "min_size", positive, "a positive number"),
        max_size=get("nodes", "max_size", positive, "a positive number"),
        cooccurrence_color=get("edges", "cooccurrence_color", colour, "#rrggbb"),
        typed_color=get("edges", "typed_color", colour, "#rrggbb"),
        min_width=get("edges", "min_width", positive, "a positive number"),
        max_width=get("edges", "max_width", positive, "a positive number"),
        seed=get("layout", "seed", lambda v: type(v) is int, "an integer"),
        spacing=get("layout", "spacing", positive, "a positive number"),
        max_nodes=get("view", "max_nodes", lambda v: type(v) is int and v > 0, "an int > 0"),
        iterations=get("layout", "iterations", lambda v: type(v) is int and v > 0, "an int > 0"),
        max_items=get("tooltip", "max_items", lambda v: type(v) is int and v > 0, "an int > 0"),
    )
    if style.min_size > style.max_size or style.min_width > style.max_width:
        raise ExportError(f"{STYLE_FILE}: a min_size/min_width is larger than its maximum")
    return style


def shown_subgraph(G: nx.MultiDiGraph, *, max_nodes: int) -> nx.MultiDiGraph:
    """``G`` itself, or its ``max_nodes`` best-connected entities when it is larger than a
    browser can draw (ties broken by key, so the choice is stable).

    >>> G = nx.MultiDiGraph([("a", "b"), ("a", "c")])
    >>> sorted(shown_subgraph(G, max_nodes=2))
    ['a', 'b']
    """
    if G.number_of_nodes() <= max_nodes:
        return G
    keep = sorted(G.nodes, key=lambda n: (-G.degree(n), n))[:max_nodes]
    return G.subgraph(keep)


def _page_data(G: nx.MultiDiGraph, style: Style) -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-ready values in a fixed order."""
    total_entities = G.number_of_nodes()
    G = shown_subgraph(G, max_nodes=style.max_nodes)
    positions = _layout(G, style)
    articles = G.graph.get("articles", {})
    keys = sorted(G.nodes)
    top_mentions = max((G.nodes[k]["mention_count"] for k in keys), default=0)
    nodes = []
    for key in keys:
        attrs = G.nodes[key]
        entity_type = _entity_type(key, attrs.get("type"))
        look = style.types[entity_type]
        x, y = positions[key]
        size = _scaled(attrs["mention_count"], top_mentions, style.min_size, style.max_size)
        nodes.append(
            {
                "id": key,
                "label": attrs["label"],
                "type": entity_type.value,
                "aliases": list(attrs["aliases"]),
                "mentions": attrs["mention_count"],
                "articles": list(attrs["articles"]),
                "start": attrs.get("start"),
                "end": attrs.get("end"),
                "claims": [
                    {
                        "measure": c.measure,
                        "value": c.value,
                        "date": c.date,
                        "qualifier": c.qualifier,
                        "text": c.evidence.text,
                        "article": c.evidence.article_id,
                    }
                    for c in attrs.get("claims", ())
                ],
                "x": x,
                "y": y,
                "vis": {"shape": look.shape, "color": look.color, "size": size},
            }
        )
    edge_list = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
    top_weight = max((d["weight"] for *_, d in edge_list), default=0)
    edges = []
    for i, (u, v, kind, attrs) in enumerate(edge_list):
        typed = bool(attrs["typed"])
        vis: dict[str, Any] = {
            "width": _scaled(attrs["weight"], top_weight, style.min_width, style.max_width),
            "color": style.typed_color if typed else style.cooccurrence_color,
            "dashes": not typed,
        }
        if typed:  # an arrow and a visible label (co-occurrence is dashed, grey, unlabelled)
            vis |= {"arrows": "to", "label": kind}
        vis["smooth"] = False
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "kind": kind,
                "typed": typed,
                "weight": attrs["weight"],
                "role": attrs.get("role"),
                "articles": len(attrs["articles"]),
                "evidence": [
                    {
                        "article": e.article_id,
                        "text": e.text,
                        "modality": e.modality,
                        "rule": e.rule,
                    }
                    for e in attrs["evidence"]
                ],
                "vis": vis,
            }
        )
    counts = {t: 0 for t in EntityType}
    for node in nodes:
        counts[EntityType(node["type"])] += 1
    typed_links = sum(e["typed"] for e in edges)
    return {
        "summary": {
            "articles": len(articles),
            "entities": len(nodes),
            "all_entities": total_entities,
            "links": len(edges),
            "typed_links": typed_links,
            "cooccurrence_links": len(edges) - typed_links,
        },
        "types": [
            {"type": t.value, "color": s.color, "shape": s.shape, "count": counts[t]}
            for t, s in style.types.items()
        ],
        "articles": {
            aid: {"title": articles[aid].title, "date": articles[aid].date}
            for aid in sorted(articles)
        },
        "nodes": nodes,
        "edges": edges,
        "tooltip": {"max_items": style.max_items},
    }


def _entity_type(key: str, value: object) -> EntityType:
    try:
        return EntityType(value)
    except ValueError as e:
        raise ExportError(f"node {key!r} has unknown entity type {value!r}") from e


def _layout(G: nx.MultiDiGraph, style: Style) -> dict[str, tuple[float, float]]:
    """Seeded force layout per component (graph/layout.py), packed: stable across runs.

    Parallel and opposite edges merge into one undirected edge.
    """
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes))
    H.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in G.edges() if u != v))
    positions = layout_positions(
        H, seed=style.seed, iterations=style.iterations, unit=style.spacing
    )
    # + 0.0 turns -0.0 into 0.0 so the JSON text does not depend on the sign of a zero
    return {n: (float(x) + 0.0, float(y) + 0.0) for n, (x, y) in positions.items()}


def _scaled(value: float, top: float, low: float, high: float) -> float:
    """``low`` .. ``high`` by the square root of ``value / top`` (bounded both ways)."""
    if top <= 0 or value <= 0:
        return float(low)
    return round(low + (high - low) * math.sqrt(min(value, top) / top), 1)


def _script_json(data: Any) -> str:
    """JSON that is inert inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes, so no string can close the block
    (``</script>``) or open a comment (``<!--``); U+2028/U+2029 are escaped too. ``ensure_ascii``
    also keeps lone surrogates encodable.

    >>> _script_json({"a": "</script>"})
    '{"a":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.translate(str.maketrans(_JSON_ESCAPES))


def _content_security_policy(scripts: list[str]) -> str:
    """No network at all; only our two inline scripts (by hash) may run."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


@cache
def _assets() -> _Assets:
    templates = files("casegraph.graph") / "templates"
    vis = files("pyvis").joinpath(*VIS_DIR)
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return _Assets(
        template=env.from_string((templates / "graph.html.j2").read_text("utf-8")),
        vis_js=_inline_text(vis / "vis-network.min.js", tag="script"),
        vis_css=_inline_text(vis / "vis-network.css", tag="style"),
        app_js=_inline_text(templates / "graph.js", tag="script"),
        app_css=_inline_text(templates / "graph.css", tag="style"),
    )


def _inline_text(resource: Traversable, *, tag: str) -> str:
    """A packaged file's text, checked so it can sit unchanged inside ``<tag>...</tag>``.

    Newlines are normalised as the HTML parser would, so the CSP hash matches what the browser
    hashes. Stylesheets must not fetch anything (only ``data:`` URLs).
    """
    text = resource.read_text("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lowered = text.lower()
    for bad in (f"</{tag}", "<!--", "\x00"):
        if bad in lowered:
            raise ExportError(f"{resource}: contains {bad!r}, cannot be inlined in <{tag}>")
    if tag == "style" and (m := _CSS_REMOTE.search(text)):
        raise ExportError(f"{resource}: {m.group(0)!r} would load a resource over the network")
    log.debug("inlined %s (%d characters)", resource, len(text))
    return text
