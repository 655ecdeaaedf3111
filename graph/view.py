"""Graph -> one self-contained offline HTML page (vis-network inlined, data as escaped JSON)."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup

from casegraph.errors import ExportError
from casegraph.graph.viewdata import page_data
from casegraph.graph.viewgeo import world_outline
from casegraph.graph.viewmeasures import MEASURES
from casegraph.graph.viewstyle import load_style

log = logging.getLogger(__name__)

# The page's own scripts, in load order; each defines one part on window.casegraphParts.
SCRIPTS = (
    "util.js",
    "model.js",
    "filters.js",
    "search.js",
    "panel.js",
    "export.js",
    "moves.js",
    "timeline.js",
    "map.js",
    "viewstate.js",
    "keys.js",
    "graph.js",
)
MEASURE_NAMES = {
    "degree": "links (typed)",
    "mentions": "mentions",
    "pagerank": "PageRank",
    "betweenness": "betweenness",
}
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
_CSS_REMOTE = re.compile(r"@import|url\(\s*(?!['\"]?data:)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Assets:
    template: jinja2.Template
    vis_js: str
    vis_css: str
    app_js: tuple[str, ...]
    app_css: str


def render_html(G: nx.MultiDiGraph, *, title: str = "casegraph") -> bytes:
    """The whole page as UTF-8 bytes; the same graph always gives the same bytes.

    >>> import networkx as nx
    >>> b"Nothing to show" in render_html(nx.MultiDiGraph())
    True
    """
    style = load_style()
    assets = _assets()
    data = page_data(G, style)
    page = assets.template.render(
        title=title,
        csp=_content_security_policy([assets.vis_js, *assets.app_js]),
        summary=data["summary"],
        legend=data["types"],
        edge_colors={
            "typed": style.typed_color,
            "cooccurrence": style.cooccurrence_color,
            "inferred": style.inferred_color,
        },
        measures=MEASURES,
        measure_names=MEASURE_NAMES,
        size_measure=style.size_measure,
        vis_css=Markup(assets.vis_css),
        app_css=Markup(assets.app_css),
        vis_js=Markup(assets.vis_js),
        app_js=[Markup(js) for js in assets.app_js],
        data_json=Markup(_script_json(data)),
        world_json=Markup(_inline_json(world_outline())) if data["summary"]["located"] else "",
    )
    try:
        return page.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ExportError(f"page title {title!r} is not valid Unicode: {e.reason}") from e


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


def _inline_json(text: str) -> str:
    """A vendored JSON file, unchanged but for the escapes :func:`_script_json` makes (which
    mean the same in JSON), so it too is inert inside ``<script type="application/json">``.

    >>> _inline_json('{"a": "</script>"}')
    '{"a": "\\u003c/script\\u003e"}'
    """
    try:
        json.loads(text)
    except ValueError as e:
        raise ExportError(f"vendored world outline is not JSON: {e}") from e
    return text.translate(str.maketrans(_JSON_ESCAPES))


def _content_security_policy(scripts: list[str]) -> str:
    """No network at all; only our inline scripts (by hash) may run."""
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
        app_js=tuple(_inline_text(templates / name, tag="script") for name in SCRIPTS),
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
