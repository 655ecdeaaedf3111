"""SPARQL text as Oxigraph's parser reads it: tokens with their lines, and where \\u escapes are.

SPARQL 1.1 says ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes are decoded before the query is parsed
(rdflib does so); Oxigraph decodes them only inside strings and IRIs. This module tokenises the
raw text the way Oxigraph does, so that :mod:`casegraph.graph.guard` can tell whether the two
readings agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<ws>[ \t\r\n]+)",
            r"(?P<comment>#[^\r\n]*)",
            rf'(?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)',
            r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
            r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
            r"|'(?:[^'\\\n\r]|\\.)*'"
            r'|"(?:[^"\\\n\r]|\\.)*")',
            f"(?P<var>[?$][{_U}0-9][{_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
            f"(?P<bnode>_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?)",
            f"(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
            r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
            r"(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)
_ESCAPE_IN_TOKEN = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|.)", re.DOTALL)
# What rdflib decodes before parsing (rdflib.plugins.sparql.parser.expandUnicodeEscapes_re).
RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, word, langtag, number, other, comment
    text: str
    line: int
    start: int  # offset in the query text


@dataclass(frozen=True, slots=True)
class Escape:
    """A \\u escape that Oxigraph decodes: inside a string or an IRI."""

    start: int
    end: int
    char: str  # the decoded character ("" when the code point does not exist)
    token: Token


def tokens(text: str, *, comments: bool = False) -> list[Token]:
    """The tokens of ``text`` (white space dropped; comments too unless ``comments``).

    >>> [t.kind for t in tokens('SELECT ?s { ?s <a:b> "x" } # done')]
    ['word', 'var', 'other', 'var', 'iri', 'string', 'other']
    """
    found, line = [], 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind != "ws" and (comments or kind != "comment"):
            found.append(Token(kind, m.group(), line, m.start()))
        line += m.group().count("\n")
    return found


def escapes(found: list[Token]) -> dict[int, Escape]:
    """Every \\u escape Oxigraph decodes, by its offset in the text."""
    out = {}
    for token in found:
        if token.kind not in {"string", "iri"}:
            continue
        for m in _ESCAPE_IN_TOKEN.finditer(token.text):
            digits = m.group(1) or m.group(2)
            if digits is None:
                continue  # \t, \", \\ ...: an ECHAR, not a code point
            code = int(digits, 16)
            char = chr(code) if code <= 0x10FFFF else ""
            start = token.start + m.start()
            out[start] = Escape(start, token.start + m.end(), char, token)
    return out


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def decode_iri(token: Token) -> str:
    """An IRI token's text without the brackets, its \\u escapes decoded."""

    def one(m: re.Match[str]) -> str:
        digits = m.group(1) or m.group(2)
        return chr(int(digits, 16)) if digits else m.group(0)

    return _ESCAPE_IN_TOKEN.sub(one, token.text[1:-1])
