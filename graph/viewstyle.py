"""The HTML view's look and limits, read and checked from ``graph/styles/types.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

from casegraph.errors import ExportError
from casegraph.extract.records import EntityType
from casegraph.graph.viewmeasures import MEASURES

STYLE_FILE = "graph/styles/types.toml"
# The shapes the legend macro in graph.html.j2 can draw: vis-network shapes that draw their
# label below the node (so the layout knows each node's footprint; "box" would hold it inside).
LEGEND_SHAPES = frozenset({"dot", "square", "triangle", "diamond", "star", "hexagon"})
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\Z")


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
    highlight_color: str
    inferred_color: str
    min_width: float
    max_width: float
    seed: int
    unit: float
    cooccurrence_pull: float
    iterations: int
    gap: float
    aspect: float
    font_size: float
    label_width: float
    char_width: float
    line_height: float
    label_offset: float
    size_measure: str
    exact_betweenness: int
    betweenness_sample: int
    group_colors: tuple[str, ...]
    ungrouped_color: str
    max_nodes: int
    max_edges: int
    max_items: int
    search_results: int


@cache
def load_style() -> Style:
    """Read and check ``graph/styles/types.toml``; errors name the file and the key."""
    try:
        raw = tomllib.loads((files("casegraph.graph") / "styles" / "types.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ExportError(f"{STYLE_FILE}: {e}") from e
    return parse_style(raw)


def parse_style(raw: dict[str, Any]) -> Style:
    """A :class:`Style` from the parsed TOML; raises :class:`ExportError` naming the bad key.

    >>> parse_style({})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casegraph.errors.ExportError: ...: [types.Person] color = None: expected #rrggbb
    """

    def positive(value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and value > 0

    def count(value: object) -> bool:
        return type(value) is int and value > 0

    def colour(value: object) -> bool:
        return isinstance(value, str) and _HEX_COLOUR.match(value) is not None

    def get(section: str, key: str, check: Any, expected: str) -> Any:
        table: Any = raw
        for part in section.split("."):
            table = table.get(part, {}) if isinstance(table, dict) else {}
        value = table.get(key) if isinstance(table, dict) else None
        if not check(value):
            raise ExportError(f"{STYLE_FILE}: [{section}] {key} = {value!r}: expected {expected}")
        return value

    shapes = f"one of {sorted(LEGEND_SHAPES)}"
    types = {
        t: TypeStyle(
            color=get(f"types.{t.value}", "color", colour, "#rrggbb"),
            shape=get(f"types.{t.value}", "shape", LEGEND_SHAPES.__contains__, shapes),
        )
        for t in EntityType
    }
    style = Style(
        types=MappingProxyType(types),
        min_size=get("nodes", "min_size", positive, "a positive number"),
        max_size=get("nodes", "max_size", positive, "a positive number"),
        cooccurrence_color=get("edges", "cooccurrence_color", colour, "#rrggbb"),
        typed_color=get("edges", "typed_color", colour, "#rrggbb"),
        highlight_color=get("edges", "highlight_color", colour, "#rrggbb"),
        inferred_color=get("edges", "inferred_color", colour, "#rrggbb"),
        min_width=get("edges", "min_width", positive, "a positive number"),
        max_width=get("edges", "max_width", positive, "a positive number"),
        seed=get("layout", "seed", lambda v: type(v) is int, "an integer"),
        unit=get("layout", "unit", positive, "a positive number"),
        cooccurrence_pull=get("layout", "cooccurrence_pull", positive, "a positive number"),
        iterations=get("layout", "iterations", count, "an int > 0"),
        gap=get("layout", "gap", positive, "a positive number"),
        aspect=get("layout", "aspect", positive, "a positive number"),
        font_size=get("labels", "font_size", positive, "a positive number"),
        label_width=get("labels", "max_width", positive, "a positive number"),
        char_width=get("labels", "char_width", positive, "a positive number"),
        line_height=get("labels", "line_height", positive, "a positive number"),
        label_offset=get("labels", "offset", positive, "a positive number"),
        size_measure=get("measures", "default", MEASURES.__contains__, f"one of {MEASURES}"),
        exact_betweenness=get("measures", "exact_betweenness", count, "an int > 0"),
        betweenness_sample=get("measures", "betweenness_sample", count, "an int > 0"),
        group_colors=tuple(
            get(
                "groups",
                "colors",
                lambda v: isinstance(v, list) and v and all(map(colour, v)),
                "a list of #rrggbb",
            )
        ),
        ungrouped_color=get("groups", "ungrouped_color", colour, "#rrggbb"),
        max_nodes=get("limits", "max_nodes", count, "an int > 0"),
        max_edges=get("limits", "max_edges", count, "an int > 0"),
        max_items=get("panel", "max_items", count, "an int > 0"),
        search_results=get("panel", "search_results", count, "an int > 0"),
    )
    if style.min_size > style.max_size or style.min_width > style.max_width:
        raise ExportError(f"{STYLE_FILE}: a min_size/min_width is larger than its maximum")
    return style
