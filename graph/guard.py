"""Read-only guard: a query runs only if it provably reads nothing but this store.

The decision is taken on the parsed query: rdflib parses it into SPARQL algebra, which must hold
no SERVICE and no dataset (FROM / FROM NAMED) outside the store's graphs; an update is refused.
Because the query is then run by Oxigraph, a second parser, the guard also refuses every query
the two might read differently: ``\\u`` escapes outside strings and IRIs, or decoding to a
character that would end the string or IRI they sit in (SPARQL 1.1 decodes escapes before
parsing, Oxigraph only inside strings and IRIs), and queries rdflib cannot parse at all. A
lexical check of Oxigraph's own reading (keywords outside strings, comments and IRIs, also
glued to what follows) must agree as well. The query worker cannot open a socket in any case
(:mod:`casegraph.graph.sandbox`).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from casegraph.errors import QueryError
from casegraph.graph.sparql_text import (
    RDFLIB_ESCAPE,
    Token,
    decode_iri,
    escapes,
    line_of,
    tokens,
)

# Update operations (SPARQL 1.1 Update). Queries can never contain these words as keywords.
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING"}
)
FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_IRI_FORBIDDEN = set('<>"{}|^`\\')


@dataclass(frozen=True, slots=True)
class QueryShape:
    """What the guard learnt about an accepted query."""

    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: frozenset[str]  # every ?var / $var named in the text, without the sigil
    has_dataset: bool  # it has FROM / FROM NAMED, so the engine must not merge all graphs
    assigned: frozenset[str] = frozenset()  # variables the query sets (AS ?v, VALUES ?v)


def check_query(text: str, *, graphs: Container[str] = frozenset()) -> QueryShape:
    """Refuse ``text`` unless it only reads this store; say what kind of query it is.

    Refused, with :class:`QueryError` naming the line: updates, SERVICE (also SILENT, in
    sub-queries, with a variable), FROM / FROM NAMED unless the IRI is one of ``graphs`` (the
    store's named graphs), queries rdflib cannot parse, and queries that rdflib and Oxigraph
    could read differently (``\\u`` escapes, see the module doc).

    >>> check_query("SELECT ?s WHERE { ?s ?p 'DROP' } # INSERT").form
    'SELECT'
    >>> check_query("select * { sErViCe <http://example.org/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    casegraph.errors.QueryError: line 1: SERVICE is not allowed: queries may only ...
    """
    found = tokens(text, comments=True)
    _check_escapes(text, found)
    code = [t for t in found if t.kind != "comment"]
    has_from = _check_words(code, graphs)
    algebra = _parse(text)
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            line = next((t.line for t in code if t.text.upper().startswith("SERVICE")), 1)
            raise QueryError(_service_message(line))
    dataset = algebra.get("datasetClause") or []
    for clause in dataset:
        iri = str(clause["default"] if "default" in clause else clause["named"])
        if iri not in graphs:
            line = next((t.line for t in code if t.text.upper().startswith("FROM")), 1)
            raise QueryError(_from_message(line, f"<{iri}>"))
    return QueryShape(
        form=FORMS[algebra.name],
        variables=frozenset(t.text[1:] for t in code if t.kind == "var"),
        has_dataset=bool(dataset) or has_from,
        assigned=_assigned(code),
    )


def _service_message(line: int) -> str:
    return (
        f"line {line}: SERVICE is not allowed: queries may only read this store "
        "(a SERVICE clause would send the query to another server)"
    )


def _from_message(line: int, shown: str) -> str:
    return (
        f"line {line}: FROM {shown} is not a graph of this store; "
        "FROM / FROM NAMED may only name the store's article graphs"
    )


def _check_escapes(text: str, found: list[Token]) -> None:
    decoded = escapes(found)
    for m in RDFLIB_ESCAPE.finditer(text):
        line = line_of(text, m.start())
        escape = decoded.get(m.start())
        if escape is None or escape.end != m.end():
            raise QueryError(
                f"line {line}: the escape {m.group()} is outside a string or IRI, or part of "
                "another escape; SPARQL 1.1 and Oxigraph read such a query differently, so it "
                "is refused (write the character itself)"
            )
        char, token = escape.char, escape.token
        if not char or 0xD800 <= ord(char) <= 0xDFFF:
            raise QueryError(f"line {line}: {m.group()} is not a Unicode character")
        if token.kind == "iri":
            harmful = char in _IRI_FORBIDDEN or ord(char) <= 0x20
        else:
            quote = token.text[0]
            short = len(token.text) < 6 or token.text[:3] != quote * 3
            harmful = char in {quote, "\\"} or (short and char in "\r\n")
        if harmful:
            where = "IRI" if token.kind == "iri" else "string"
            raise QueryError(
                f"line {line}: {m.group()} decodes to {char!r}, which would end or change the "
                f"{where} it is in when the escape is decoded before parsing (SPARQL 1.1) but "
                "not when it is decoded inside the string (Oxigraph); the query is refused "
                "because the two readings differ"
            )


def _split_glued(token: Token) -> list[Token]:
    # "SERVICEex:x", "FROM:g", "NAMEDex:g" are a keyword and an IRI to Oxigraph's parser.
    if token.kind not in {"word", "pname"}:
        return [token]
    upper = token.text.upper()
    for keyword in ("SERVICE", "FROM", "NAMED"):
        if upper.startswith(keyword) and len(upper) > len(keyword):
            rest = token.text[len(keyword) :]
            kind = "pname" if ":" in rest else "word"
            start = token.start + len(keyword)
            return [Token("word", keyword, token.line, token.start),
                    Token(kind, rest, token.line, start)]  # fmt: skip
    return [token]


def _check_words(raw: list[Token], graphs: Container[str]) -> bool:
    """Oxigraph's reading, word by word: no update keyword, no SERVICE, FROM only our graphs."""
    code = [part for token in raw for part in _split_glued(token)]
    prefixes: dict[str, str] = {}
    base = ""
    has_from = False
    for i, token in enumerate(code):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if word in UPDATE_WORDS:
            raise QueryError(
                f"line {token.line}: {word} is an update operation; this store is read-only"
            )
        if word == "SERVICE":
            raise QueryError(_service_message(token.line))
        if word == "PREFIX" and i + 2 < len(code) and code[i + 2].kind == "iri":
            prefixes[code[i + 1].text.rstrip(":")] = urljoin(base, decode_iri(code[i + 2]))
        elif word == "BASE" and i + 1 < len(code) and code[i + 1].kind == "iri":
            base = urljoin(base, decode_iri(code[i + 1]))
        elif word == "FROM":
            has_from = True
            target = code[i + 1] if i + 1 < len(code) else None
            if target is not None and target.kind == "word" and target.text.upper() == "NAMED":
                target = code[i + 2] if i + 2 < len(code) else None
            iri = _resolve(target, prefixes, base)
            if iri is None or iri not in graphs:
                shown = target.text if target is not None else "nothing"
                raise QueryError(_from_message(token.line, shown))
    return has_from


def _resolve(token: Token | None, prefixes: dict[str, str], base: str) -> str | None:
    if token is None:
        return None
    if token.kind == "iri":
        return urljoin(base, decode_iri(token))
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _parse(text: str) -> CompValue:
    try:
        return translateQuery(parseQuery(text)).algebra
    except ParseException as e:
        try:
            parseUpdate(text)
        except Exception:
            pass
        else:
            raise QueryError(
                f"line {e.lineno}: this is an update; this store is read-only"
            ) from None
        raise QueryError(
            f"line {e.lineno}, column {e.col}: SPARQL syntax error, or syntax casegraph "
            f"cannot check ({e.msg}): queries are parsed by rdflib before Oxigraph runs them, "
            "and one that rdflib cannot read is refused"
        ) from e
    except RecursionError as e:
        raise QueryError("the query is nested too deeply to be checked") from e
    except Exception as e:  # rdflib's translation: unknown prefix, bad aggregate use ...
        raise QueryError(f"the query cannot be read: {e}") from e


def _walk(root: CompValue) -> Iterator[CompValue]:
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif hasattr(node, "as_list") and not isinstance(node, str):  # pyparsing results
            stack.extend(list(node))


def _assigned(code: list[Token]) -> frozenset[str]:
    """Variables the query sets itself: ``AS ?v`` (BIND, projections) and ``VALUES``."""
    names = set()
    for i, token in enumerate(code):
        word = token.text.upper() if token.kind == "word" else ""
        if word == "AS" and i + 1 < len(code) and code[i + 1].kind == "var":
            names.add(code[i + 1].text[1:])
        elif word == "VALUES":
            for follower in code[i + 1 :]:
                if follower.kind == "var":
                    names.add(follower.text[1:])
                elif follower.text not in "()":
                    break
    return frozenset(names)


def check_graphs(iris: list[str], *, graphs: Container[str], what: str) -> None:
    """Refuse protocol ``default-graph-uri`` / ``named-graph-uri`` outside the store."""
    for iri in iris:
        if iri not in graphs:
            raise QueryError(f"{what} {iri!r} is not a graph of this store")
