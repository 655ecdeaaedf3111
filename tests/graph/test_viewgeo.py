"""Places on the view's map: gazetteer coordinates, and the vendored world outline."""

from __future__ import annotations

import json
from importlib.resources import files

import networkx as nx
import pytest

from casegraph.extract.records import EntityType, Mention
from casegraph.graph.viewgeo import WORLD_FILE, place_coordinates, world_outline


def _place(G: nx.MultiDiGraph, key: str, canonical: str | None, article: str = "a1") -> None:
    m = Mention(article, 0, 4, key, EntityType.PLACE, 0, 4, "gazetteer", canonical)
    G.add_node(key, type=EntityType.PLACE, mentions=(m,), articles=(article,))


def test_a_country_sits_at_its_capital_and_unknown_places_are_not_located():
    G = nx.MultiDiGraph()
    _place(G, "France", "country:FR")
    _place(G, "Africa", "region:africa")
    _place(G, "Somewhere", None)
    G.add_node("Europol", type=EntityType.ORGANIZATION, mentions=(), articles=())

    located = place_coordinates(G, sorted(G))

    assert located == {"France": (48.85, 2.35)}  # Paris


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        (None, (43.25, -79.85)),  # the most populous Hamilton (Ontario)
        ("linked", (32.29, -64.78)),  # Hamilton, Bermuda
        ("same article", (32.29, -64.78)),
    ],
)
def test_a_city_name_is_resolved_by_the_countries_around_it(context, expected):
    G = nx.MultiDiGraph()
    _place(G, "Hamilton", "city:hamilton")
    if context:
        _place(G, "Bermuda", "country:BM", article="a1" if context == "same article" else "a2")
        if context == "linked":
            G.add_edge("Hamilton", "Bermuda", key="containedInPlace", typed=True)

    assert place_coordinates(G, sorted(G))["Hamilton"] == expected


def test_the_world_outline_is_the_vendored_file_with_its_licence():
    folder = files("casegraph.graph").joinpath(*WORLD_FILE[:-1])
    text = world_outline()
    topology = json.loads(text)

    assert text == folder.joinpath(WORLD_FILE[-1]).read_text("utf-8")
    assert topology["type"] == "Topology" and topology["objects"]["countries"]["geometries"]
    assert "Permission to use, copy, modify" in folder.joinpath("LICENSE").read_text("utf-8")
    assert json.loads(folder.joinpath("package.json").read_text("utf-8"))["name"] == "world-atlas"
