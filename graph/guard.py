"""Read-only guard: refuse updates, SERVICE and FROM outside the store before a query runs."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from urllib.parse import urljoin

from casegraph.errors import QueryError

# Update operations (SPARQL 1.1 Update). Queries can never contain these words as keywords.
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# The SPARQL 1.1 grammar's terminals (section 19.8), so that strings, comments and IRIs are
# skipped exactly where a SPARQL parser skips them and nowhere else.
_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_U = _BASE + "_"
_CHARS = _U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[ \t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
            r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
            r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
            r"|'(?:[^'\\\n\r]|\\.)*'"
            r'|"(?:[^"\\\n\r]|\\.)*")',
            f"(?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
            f"(?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
            f"(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True, slots=True)
class QueryShape:
    """What the guard learnt about an accepted query."""

    form: str | None  # SELECT, ASK, CONSTRUCT or DESCRIBE (None if none was found)
    variables: frozenset[str]  # every ?var / $var named in the text, without the sigil
    has_dataset: bool  # it has FROM / FROM NAMED, so the engine must not merge all graphs


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    line: int


def check_query(text: str, *, graphs: Container[str] = frozenset()) -> QueryShape:
    """Refuse ``text`` unless it only reads this store; say what kind of query it is.

    Refused, with :class:`QueryError` naming the line: update operations (INSERT, DELETE, LOAD,
    CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH, USING), SERVICE, and FROM / FROM NAMED unless
    the IRI is one of ``graphs`` (the store's named graphs). Keywords inside strings, comments
    and IRIs do not count; case, spacing and ``\\u`` escapes do not hide them. Oxigraph's
    parser also reads a keyword glued to what follows (``SERVICEex:x``), so any word or
    prefixed name that starts with SERVICE or FROM is read as that keyword.

    >>> check_query("SELECT ?s WHERE { ?s ?p 'DROP' } # INSERT").form
    'SELECT'
    >>> check_query("select * { sErViCe <http://example.org/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casegraph.errors.QueryError: line 1: SERVICE is not allowed: queries may only ...
    """
    unescaped = _CODEPOINT.sub(_codepoint, text)
    # Oxigraph resolves \\u escapes only inside strings and IRIs, the SPARQL 1.1 text before
    # parsing: check both readings so neither can hide a keyword.
    shape = _check(_tokens(unescaped), graphs)
    if unescaped != text:
        _check(_tokens(text), graphs)
    return shape


def _codepoint(m: re.Match[str]) -> str:
    code = int(m.group(1) or m.group(2), 16)
    return chr(code) if code <= 0x10FFFF else m.group(0)


def _tokens(text: str) -> list[_Token]:
    tokens, line = [], 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in {"ws", "comment"}:
            tokens.append(_Token(kind, m.group(), line))
        line += m.group().count("\n")
    return tokens


def _split_glued(token: _Token) -> list[_Token]:
    # "SERVICEex:x", "FROM:g", "NAMEDex:g" are a keyword and an IRI to oxigraph's parser.
    if token.kind not in {"word", "pname"}:
        return [token]
    upper = token.text.upper()
    for keyword in ("SERVICE", "FROM", "NAMED"):
        if upper.startswith(keyword) and len(upper) > len(keyword):
            rest = token.text[len(keyword) :]
            kind = "pname" if ":" in rest else "word"
            return [_Token("word", keyword, token.line), _Token(kind, rest, token.line)]
    return [token]


def _check(raw: list[_Token], graphs: Container[str]) -> QueryShape:
    tokens = [part for token in raw for part in _split_glued(token)]
    prefixes: dict[str, str] = {}
    base = ""
    form = None
    has_dataset = False
    variables = frozenset(t.text[1:] for t in tokens if t.kind == "var")
    for i, token in enumerate(tokens):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in UPDATE_WORDS:
            raise QueryError(
                f"line {token.line}: {word} is an update operation; this store is read-only"
            )
        if word == "SERVICE":
            raise QueryError(
                f"line {token.line}: SERVICE is not allowed: queries may only read this store"
            )
        if word == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text.rstrip(":")] = urljoin(base, tokens[i + 2].text[1:-1])
        elif word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = urljoin(base, tokens[i + 1].text[1:-1])
        elif word == "FROM":
            has_dataset = True
            target = tokens[i + 1] if i + 1 < len(tokens) else None
            if target is not None and target.kind == "word" and target.text.upper() == "NAMED":
                target = tokens[i + 2] if i + 2 < len(tokens) else None
            iri = _resolve(target, prefixes, base)
            if iri is None or iri not in graphs:
                shown = target.text if target is not None else "nothing"
                raise QueryError(
                    f"line {token.line}: FROM {shown} is not a graph of this store; "
                    "FROM / FROM NAMED may only name the store's article graphs"
                )
        elif form is None and word in FORMS:
            form = word
    return QueryShape(form, variables, has_dataset)


def _resolve(token: _Token | None, prefixes: dict[str, str], base: str) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def check_graphs(iris: list[str], *, graphs: Container[str], what: str) -> None:
    """Refuse protocol ``default-graph-uri`` / ``named-graph-uri`` outside the store."""
    for iri in iris:
        if iri not in graphs:
            raise QueryError(f"{what} {iri!r} is not a graph of this store")
