"""Comparison keys of names: what two spellings of one name have in common.

The resolver links mentions whose keys are equal; :func:`variant` says whether two names that
differ are spelling variants of one name (a dropped letter or diacritic, a typo, another word
order) rather than two names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from rapidfuzz.distance import DamerauLevenshtein

from casegraph.extract import knowledge

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
_PAREN = re.compile(r"\s*\([^)]*\)")
# "Department of Justice" = "Justice Department", "Ministry of the Interior" = "Interior Ministry"
_OF_FORM = re.compile(r"^(.*?)\b(department|ministry|office) of (?:the )?([\w-]+)$")
_NUMBERED = re.compile(r"^(?:\d+\w*|[ivxlcdm]+|(?:19|20)\d\d)$")
# One spelling of words that English writes two ways.
_SPELLING = {
    "center": "centre",
    "centers": "centres",
    "organization": "organisation",
    "program": "programme",
    "defense": "defence",
    "labor": "labour",
    "co-operation": "cooperation",
    "co-ordination": "coordination",
}
_FILLER = frozenset({"of", "for", "the", "and", "on", "against", "in", "de", "la", "del", "des"})
FUZZY_MIN_CHARS = 5  # shorter words must match exactly: "Unit A" is not "Unit B"
FUZZY_LONG_WORD = 9  # from this length a word may hold two slips, below it one


def display(text: str) -> str:
    """A surface form as shown: NFC with whitespace runs (NBSP, newlines) collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def normalise(text: str) -> str:
    """The comparison key of a name: case, quotes, a leading "the", a possessive, a
    parenthesised acronym and surrounding punctuation do not matter.

    >>> normalise("the INTERPOL’s  International (ICSE) Database")
    "interpol's international database"
    """
    t = "".join(c for c in display(text) if unicodedata.category(c) != "Cf")  # zero-width marks
    t = t.translate(_QUOTES).replace(" & ", " and ")
    t = _PAREN.sub("", t).casefold().strip(" .,;:-–—'\"")
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"'s?$", "", t).strip()
    return t


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def _country_forms() -> tuple[dict[str, str], dict[str, str]]:
    """(written country forms -> one short form, demonyms -> the country's name), lowercase:
    "u.s.", "united states" -> "us"; "kenyan" -> "kenya"."""
    short: dict[str, str] = {}
    demonym: dict[str, str] = {}
    for row in knowledge.demonym_table():
        name = row["name"].lower()
        for form in [row["name"], *row["name_forms"]]:
            short.setdefault(form.lower(), name)
        for d in row["demonyms"]:
            demonym.setdefault(d.lower(), name)
    for form in ("us", "u.s.", "u.s", "usa", "u.s.a.", "united states", "united states of america"):
        short[form] = "us"
    for form in ("uk", "u.k.", "united kingdom", "great britain"):
        short[form] = "uk"
    return short, demonym


def name_key(text: str) -> str:
    """The key under which two names are one: :func:`normalise`, without diacritics, with
    one spelling of each country ("U.S." = "United States"), a demonym read as its country
    ("Kenyan Police Service" = "Kenya Police Service") and "Department of X" read as "X
    Department".

    >>> name_key("U.S. Department of Justice") == name_key("US Justice Department")
    True
    >>> name_key("Kenyan Police Service") == name_key("Kenya Police Service")
    True
    >>> name_key("Federal Police of Brazil") == name_key("Brazilian Federal Police")
    True
    """
    t = _ascii(normalise(text))
    short, demonym = _country_forms()
    words = [_SPELLING.get(w, w) for w in t.split()]
    if not words:
        return t
    # the longest leading country form: "united states department of justice" -> "us ..."
    for n in (4, 3, 2, 1):
        if len(words) > n and " ".join(words[:n]) in short:
            words = [short[" ".join(words[:n])], *words[n:]]
            break
    else:
        if len(words) > 1 and words[0] in demonym:
            words = [demonym[words[0]], *words[1:]]
        else:  # "federal police of brazil" -> "brazil federal police"
            for n in (4, 3, 2, 1):
                tail = " ".join(words[-n:])
                if len(words) > n + 2 and words[-n - 1] == "of" and tail in short:
                    words = [short[tail], *words[: -n - 1]]
                    break
    if " ".join(words) in short:
        return short[" ".join(words)]
    t = " ".join(words)
    m = _OF_FORM.match(t)
    if m:
        t = f"{m[1]}{m[3]} {m[2]}"
    return t


def variant(a: str, b: str) -> str | None:
    """Why two different names are one name, or None: ``"word order"`` when they have the
    same words, ``"spelling"`` when every differing word is one slip (a letter dropped, added,
    changed, or two swapped; two slips in a long word) from its counterpart, by rapidfuzz's
    Damerau-Levenshtein distance. Numbers, roman numerals and short words must match exactly,
    so that "Pangea XIV" and "Pangea XV", "Unit A" and "Unit B" stay apart.

    >>> variant("directorate general for national security",
    ...         "general directorate for national security")
    'word order'
    >>> variant("kenya police servise", "kenya police service")
    'spelling'
    >>> variant("operation pangea xiv", "operation pangea xv") is None
    True
    """
    wa, wb = a.split(), b.split()
    if wa == wb:
        return None
    if sorted(wa) == sorted(wb) and len(wa) > 1:
        return "word order"
    if len(wa) != len(wb):
        return None
    differing = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    if len(differing) > max(1, len(wa) // 3):
        return None
    for x, y in differing:
        if _NUMBERED.match(x) or _NUMBERED.match(y):
            return None
        if min(len(x), len(y)) < FUZZY_MIN_CHARS or x[0] != y[0]:
            return None
        slips = 2 if min(len(x), len(y)) >= FUZZY_LONG_WORD else 1
        if DamerauLevenshtein.distance(x, y) > slips:
            return None
    return "spelling"


def content_words(key: str) -> frozenset[str]:
    """The words of a name key that tell names apart ("of", "the" do not)."""
    return frozenset(w for w in key.split() if w not in _FILLER)
