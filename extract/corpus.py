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
* A JSONL field of the wrong type or shape (``"date": 5``, ``"date": "[/x]"``, ``"title": {}``)
  refuses its line with ``file:line: field: reason``; null or blank optional fields are absent,
  fields casegraph does not read are ignored.

Article ids (RELIABILITY rows 22 and 29) depend on nothing but the article itself, so adding,
editing or removing one article renames no other: a file's id is its path without ``.txt``
(other suffixes are kept: ``notes.md``) when that path is lowercase words joined by ``-``;
any other path, and any JSONL ``"id"`` that is not such a word run, is slugged and gets
``_`` plus a hash of its exact text (``foo bar.txt`` -> ``foo-bar_7d44f5e5a06d`` beside
``foo-bar.txt`` -> ``foo-bar``). A JSONL line without ``"id"`` gets the file's id, ``_`` and a
hash of its title and text. Two articles with one id (the same file given twice, a repeated
line) are an error naming both sources; the first by source and line is kept.

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
from dataclasses import dataclass, replace
from hashlib import sha256
from importlib.resources.abc import Traversable
from pathlib import Path

from casegraph.extract.cleaning import SURROGATE, BadInput, parse_article
from casegraph.extract.dates import parse_date
from casegraph.extract.htmltext import html_text
from casegraph.extract.records import Article, Problem

__all__ = ["SUFFIXES", "Corpus", "InputFile", "article_id", "read_corpus", "read_inputs"]

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


_CLEAN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)*")
_ID_HASH_HEX = 12


def _digest(*parts: str) -> str:
    return sha256("\0".join(parts).encode("utf-8")).hexdigest()[:_ID_HASH_HEX]


def _slug(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "/".join(
        s for s in (re.sub(r"[^a-z0-9]+", "-", p).strip("-") for p in folded.split("/")) if s
    )


def article_id(name: str) -> str:
    """The id of the article called ``name`` (a path without its suffix, or a JSONL "id").

    A name of lowercase words joined by ``-`` (``/`` between folders) is its own id. Any other
    name is slugged and gets ``_`` and a hash of its exact text, so two names never share an
    id ("foo bar" beside "foo-bar" renames nothing) and an id depends on nothing else.

    >>> article_id("2013-10-31-interpol-meeting"), article_id("Foo Bar")
    ('2013-10-31-interpol-meeting', 'foo-bar_55282c18206b')
    """
    if _CLEAN_ID.fullmatch(name):
        return name
    return f"{_slug(name) or 'article'}_{_digest(name)}"


def _path_id(source: str) -> str:
    # .txt is the plain case; another format keeps its suffix, so "a.md" beside "a.txt" differs.
    stem, suffix = source[: -len(_suffix(source))], _suffix(source)
    if _CLEAN_ID.fullmatch(stem):
        return stem if suffix == ".txt" else f"{stem}.{suffix[1:]}"
    return f"{_slug(stem) or 'article'}_{_digest(source)}"


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_Found = tuple[int | None, Article]  # (line number in a JSONL file, article)


def _jsonl(data: bytes, source: str, max_chars: int) -> tuple[list[_Found], list[Problem]]:
    """Articles and Problems of a JSONL file, line by line: a bad line spoils only itself."""
    file_id = _path_id(source)
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
                found.append((n, _json_article(row, source, n, file_id, max_chars)))
        except BadInput as e:
            problems.append(Problem(source, n, e.reason, e.fatal))
    return found, problems


_JSON_FIELDS = ("id", "title", "date", "dateline")


def _field(obj: dict, key: str) -> str | None:
    """The string value of ``key`` (None when absent, null or blank); BadInput names the
    field when the value has the wrong type or holds a lone surrogate."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"{key}: expected a string, got {_json_type(value)}")
    if bad := SURROGATE.search(value):
        raise BadInput(f"{key}: lone surrogate U+{ord(bad.group()):04X} (rejected)")
    return value if value.strip() else None


def _json_type(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", list: "an array"}
    return names.get(type(value), "an object" if isinstance(value, dict) else type(value).__name__)


def _json_article(row: str, source: str, n: int, file_id: str, max_chars: int) -> Article:
    """One JSONL line as an Article; a field of the wrong type or shape refuses the line with
    ``field: reason``."""
    try:
        obj = json.loads(row, parse_constant=_reject_constant)
    except RecursionError as e:
        raise BadInput("JSON nested too deeply") from e
    except ValueError as e:
        raise BadInput(f"malformed JSON: {e}") from e
    if not isinstance(obj, dict):
        raise BadInput(f"expected a JSON object, got {_json_type(obj)}")
    text = obj.get("text")
    if text is None:
        raise BadInput("text: missing")
    if not isinstance(text, str):
        raise BadInput(f"text: expected a string, got {_json_type(text)}")
    if len(text) > max_chars:
        raise BadInput(f"text: {len(text):,} characters, over the limit of {max_chars:,}")
    if bad := SURROGATE.search(text):
        raise BadInput(
            f"text: lone surrogate U+{ord(bad.group()):04X} at character {bad.start()} (rejected: "
            "it cannot be processed or exported)"
        )
    fields = {key: _field(obj, key) for key in _JSON_FIELDS}
    day = None
    if fields["date"] is not None and (day := parse_date(fields["date"])) is None:
        raise BadInput(f"date: {fields['date']!r} is not a date (use yyyy-mm-dd)")
    if not text.strip():
        raise BadInput("text: empty, skipped", fatal=False)
    if fields["id"] is not None:
        art_id = article_id(fields["id"])
    else:  # content-derived: another line added or removed elsewhere renames nothing
        art_id = f"{file_id}_{_digest(fields['title'] or '', text)}"
    try:
        art = parse_article(text, article_id=art_id, source=f"{source}:{n}", title=fields["title"])
    except BadInput as e:
        raise BadInput(e.reason.removeprefix(f"{source}:{n}: "), fatal=e.fatal) from e
    if day is not None:
        art = replace(art, date=day)
    if fields["dateline"] is not None:
        art = replace(art, dateline=" ".join(fields["dateline"].split()))
    return art


def _suffix(name: str) -> str:
    return "." + name.rsplit(".", 1)[1].lower() if "." in name.lstrip(".") else ""


def _read_file(
    node: Traversable, source: str, max_chars: int, files: list[InputFile]
) -> tuple[list[_Found], list[Problem]]:
    """The articles and Problems of one file; never raises for bad content. A file read
    whole is added to ``files`` with its hash."""
    suffix = _suffix(node.name)
    if suffix not in SUFFIXES:
        known = ", ".join(SUFFIXES)
        return [], [Problem(source, None, f"unsupported format {suffix or node.name!r} ({known})")]
    cap = 4 * max_chars + 4  # bytes: no more than 4 per character, plus a byte-order mark
    try:
        with node.open("rb") as fh:
            data = fh.read() if suffix == ".jsonl" else fh.read(cap + 1)
        if suffix == ".jsonl" or len(data) <= cap:
            files.append(InputFile(source, sha256(data).hexdigest(), len(data)))
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
        art = parse_article(text, article_id=_path_id(source), source=source, title=title)
        return [(None, art)], []
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


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file read whole: its source (as in Article.source), SHA-256 and size in bytes."""

    source: str
    sha256: str
    bytes: int


@dataclass(frozen=True, slots=True)
class Corpus:
    """What :func:`read_inputs` found: articles by id, problems, and the files read."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    files: tuple[InputFile, ...]


def read_corpus(
    paths: Sequence[os.PathLike | str | Traversable], *, max_chars: int = 5_000_000
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Read every article under ``paths`` (files or directories): (articles by id, problems).

    One bad file or line never stops the others, and the result does not depend on the order
    of ``paths``. Sources are relative to the directory given (the file name for a file).
    """
    corpus = read_inputs(paths, max_chars=max_chars)
    return corpus.articles, corpus.problems


def read_inputs(
    paths: Sequence[os.PathLike | str | Traversable], *, max_chars: int = 5_000_000
) -> Corpus:
    """:func:`read_corpus`, with the hash of every file read (for the build's manifest)."""
    nodes = [Path(p) if isinstance(p, str | os.PathLike) else p for p in paths]
    found: list[tuple[str, int, Article]] = []
    problems: list[Problem] = []
    files: list[InputFile] = []
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
            arts, probs = _read_file(file, source, max_chars, files)
            found += [(source, line or 0, art) for line, art in arts]
            problems += probs
    found.sort(key=lambda f: (f[0], f[1], f[2].text))  # ties broken without machine paths
    articles = _unique_ids(found, problems)
    order = sorted(problems, key=lambda p: (p.source, p.line or 0, p.message, p.fatal))
    inputs = tuple(sorted(set(files), key=lambda f: (f.source, f.sha256)))
    return Corpus(tuple(sorted(articles, key=lambda a: a.id)), tuple(order), inputs)


def _unique_ids(found: list[tuple[str, int, Article]], problems: list[Problem]) -> list[Article]:
    """Keep the first holder of each id (by source and line); a later one is refused with a
    Problem naming both sources. Ids never depend on other articles, so nothing is renamed."""
    first: dict[str, str] = {}
    out = []
    for source, line, art in found:
        if art.id in first:
            message = (
                f"article id {art.id!r} is already used by {first[art.id]}; not read "
                "(give one of them another id or file name)"
            )
            problems.append(Problem(source, line or None, message))
            continue
        first[art.id] = art.source
        out.append(art)
    return out
