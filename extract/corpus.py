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

Each text is cleaned by :func:`casegraph.extract.cleaning.parse_article`; HTML pages are read by
:mod:`casegraph.extract.htmltext`.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from hashlib import sha1
from importlib.resources.abc import Traversable
from pathlib import Path

from casegraph.extract.cleaning import SURROGATE, BadInput, parse_article, parse_date
from casegraph.extract.htmltext import html_text
from casegraph.extract.records import Article, Problem

__all__ = ["SUFFIXES", "read_corpus"]

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


def _binary(text: str, at: int, bom: bytes, encoding: str) -> BadInput:
    line = text.count("\n", 0, at) + 1
    offset = len(bom) + len(text[:at].encode(encoding))
    hint = " (or UTF-16/32 without a byte-order mark)" if text[at] == "\0" and not bom else ""
    return BadInput(
        f"binary data, not text: control character U+{ord(text[at]):04X} at line {line}, "
        f"byte offset {offset}{hint}",
        line=line,
    )


def _decode(data: bytes) -> str:
    """Strict decoding (see the module docstring); raises BadInput naming line and byte offset."""
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    body = data[len(bom) :]
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as e:
        prefix = body[: e.start].decode(encoding, "replace")
        if "\0" in prefix:  # a NUL before the bad byte says more: binary, or UTF-16 sans BOM
            raise _binary(prefix, prefix.index("\0"), bom, encoding) from e
        line = prefix.count("\n") + 1
        raise BadInput(
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
                    raise BadInput(f"not valid UTF-8 at byte {e.start} of the line") from e
            if row.strip():
                article, notes = _json_article(row, source, n, f"{stem}-{n}", max_chars)
                found.append((n, article))
                problems += [Problem(source, n, note, fatal=False) for note in notes]
        except BadInput as e:
            problems.append(Problem(source, n, e.reason, e.fatal))
    return found, problems


def _json_article(
    row: str, source: str, n: int, fallback_id: str, max_chars: int
) -> tuple[Article, list[str]]:
    """One JSONL line as an Article, with notes about fields that were ignored."""
    try:
        obj = json.loads(row, parse_constant=_reject_constant)
    except RecursionError as e:
        raise BadInput("JSON nested too deeply") from e
    except ValueError as e:
        raise BadInput(f"malformed JSON: {e}") from e
    if not isinstance(obj, dict):
        raise BadInput(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadInput('"text" is missing' if text is None else '"text" is not a string')
    if len(text) > max_chars:
        raise BadInput(f"text of {len(text):,} characters is over the limit of {max_chars:,}")
    if not text.strip():
        raise BadInput("empty text, skipped", fatal=False)
    fields, notes = {}, []
    for key in ("id", "title", "date", "dateline"):
        value = obj.get(key)
        if isinstance(value, str) and (bad := SURROGATE.search(value)):
            raise BadInput(f'lone surrogate U+{ord(bad.group()):04X} in "{key}" (rejected)')
        if isinstance(value, str) and value.strip():
            fields[key] = value
        elif value is not None and key != "id":
            notes.append(f'"{key}" ignored: not a non-empty string')
    art_id = _slug(fields.get("id", fallback_id))
    try:
        art = parse_article(
            text, article_id=art_id, source=f"{source}:{n}", title=fields.get("title")
        )
    except BadInput as e:
        raise BadInput(e.reason.removeprefix(f"{source}:{n}: "), fatal=e.fatal) from e
    if "date" in fields:
        if (day := parse_date(fields["date"])) is None:
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
            raise BadInput(f"file is over the limit of {max_chars:,} characters")
        text = _decode(data)
        if len(text) > max_chars:
            raise BadInput(f"{len(text):,} characters, over the limit of {max_chars:,}")
        title = None
        if suffix in (".html", ".htm"):
            text, title = html_text(text)
        if not text.strip():
            raise BadInput("empty file, skipped", fatal=False)
        stem = node.name[: -len(suffix)]
        return [(None, parse_article(text, article_id=_slug(stem), source=source, title=title))], []
    except OSError as e:
        return [], [Problem(source, None, f"cannot read: {e.strerror or type(e).__name__}")]
    except BadInput as e:
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
