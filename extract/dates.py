"""Dates as articles write them: one grammar for single days and for day ranges.

"12 March 2024", "4th June, 2019", "March 12, 2024", "Mon, Oct 6th, 2014", "2024-03-12" are
days; "28-31 October", "29 September to 3 October", "October 28-31, 2013" are ranges, whose
missing year comes from the publication date. Month and weekday names are in
``patterns/dates.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from functools import cache
from importlib.resources import files

EVENT_DATE_SLACK_DAYS = 60  # a meeting "in December" in a January article was last year

Day = tuple[int, int, int | None]  # (day, month, year or None) as written


@dataclass(frozen=True, slots=True)
class Grammar:
    months: dict[str, int]
    weekdays: frozenset[str]
    date: str  # regex source of one day with its year (named groups d1/m1/y1 ...)
    day: re.Pattern[str]
    ranges: tuple[re.Pattern[str], ...]


@cache
def grammar() -> Grammar:
    raw = tomllib.loads((files("casegraph.extract") / "patterns" / "dates.toml").read_text("utf-8"))
    months = raw["dates"]["months"]
    weekdays = raw["dates"]["weekdays"]
    month = "|".join(sorted(months, key=len, reverse=True))
    weekday = "|".join(sorted(weekdays, key=len, reverse=True))
    wd = rf"(?:(?:{weekday})\.?,?\s+)?"
    day = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
    date = (
        rf"(?<![\w-])(?:{wd}{day.format('d1')}(?:\s+of)?\s+(?P<m1>{month})\.?,?\s+(?P<y1>\d{{4}})"
        rf"|{wd}(?P<m2>{month})\.?\s+{day.format('d2')},?\s+(?P<y2>\d{{4}})"
        r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?![\w-])"
    )
    m = rf"(?P<{{g}}>{month})\.?"
    d = r"(?P<{g}>\d{{1,2}})(?:st|nd|rd|th)?"
    y = r"(?:,?\s+(?P<y>(?:19|20)\d\d))?"
    dash = r"\s*(?:-|–|—|to|until|and)\s*"
    ranges = (
        d.format(g="d1") + dash + d.format(g="d2") + r"\s+" + m.format(g="m2") + y,
        d.format(g="d1") + r"\s+" + m.format(g="m1") + dash + d.format(g="d2") + r"\s+"
        + m.format(g="m2") + y,
        m.format(g="m2") + r"\s+" + d.format(g="d1") + dash + d.format(g="d2") + y,
    )  # fmt: skip
    return Grammar(
        months=months,
        weekdays=frozenset(weekdays),
        date=date,
        day=re.compile(date, re.IGNORECASE),
        ranges=tuple(re.compile(r, re.IGNORECASE) for r in ranges),
    )


def iso(m: re.Match[str]) -> str | None:
    """The ISO date of a match of the day grammar (None when it is no real calendar day)."""
    g = m.groupdict()
    for n in "123":
        if g.get("y" + n):
            month = g["m" + n]
            number = int(month) if month.isdigit() else grammar().months[month.casefold()]
            try:
                return Date(int(g["y" + n]), number, int(g["d" + n])).isoformat()
            except ValueError:
                return None
    return None


def parse_date(text: str) -> str | None:
    """The ISO date of ``text`` when all of it is one date.

    >>> parse_date("Oct 6th, 2014"), parse_date("4th June, 2019"), parse_date("June")
    ('2014-10-06', '2019-06-04', None)
    """
    m = grammar().day.fullmatch(" ".join(text.split()))
    return iso(m) if m else None


def find_dates(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, ISO date)`` of every day with a year written in ``text``.

    >>> [d for _, _, d in find_dates("Police on 12 March 2024, not 31 February 2024, ...")]
    ['2024-03-12']
    """
    for m in grammar().day.finditer(text):
        day = iso(m)
        if day is not None:
            yield m.start(), m.end(), day


def date_range(text: str) -> tuple[Day, Day] | None:
    """The first day range written in ``text``, as ``((d, m, y), (d, m, y))``; y may be None.

    >>> date_range("The four-day (28-31 October) meeting")
    ((28, 10, None), (31, 10, None))
    >>> date_range("The five-day (29 September to 3 October) meeting")
    ((29, 9, None), (3, 10, None))
    >>> date_range("met on October 28-31, 2013 in Lyon")
    ((28, 10, 2013), (31, 10, 2013))
    """
    months = grammar().months
    best = None
    for pattern in grammar().ranges:
        for m in pattern.finditer(text):
            g = m.groupdict()
            m2 = months.get(g["m2"].lower().rstrip("."))
            m1 = months.get((g.get("m1") or g["m2"]).lower().rstrip("."))
            if m1 is None or m2 is None:
                continue
            year = int(m["y"]) if m["y"] else None
            found = (m.start(), ((int(m["d1"]), m1, year), (int(m["d2"]), m2, year)))
            if best is None or found[0] < best[0]:
                best = found
            break
    return best[1] if best else None


def resolve_range(start: Day, end: Day, published: str | None) -> tuple[str, str] | None:
    """ISO dates of a written day range; a missing year comes from the publication date.

    >>> resolve_range((28, 10, None), (31, 10, None), "2013-10-31")
    ('2013-10-28', '2013-10-31')
    >>> resolve_range((3, 11, None), (14, 11, None), "2015-01-16")
    ('2014-11-03', '2014-11-14')
    """
    (d1, m1, y1), (d2, m2, y2) = start, end
    pub = Date.fromisoformat(published) if published else None
    year = y2 or y1 or (pub.year if pub else None)
    if year is None:
        return None
    try:
        first, last = Date(y1 or year, m1, d1), Date(year, m2, d2)
        if first > last:  # "29 December to 3 January"
            first = Date(year - 1, m1, d1)
        if not (y1 or y2) and pub and (first - pub).days > EVENT_DATE_SLACK_DAYS:
            first, last = Date(first.year - 1, m1, d1), Date(last.year - 1, m2, d2)
    except ValueError:  # "31 September"
        return None
    return first.isoformat(), last.isoformat()
