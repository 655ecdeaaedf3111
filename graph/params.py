"""Query parameters with rdflib ``initBindings`` semantics on Oxigraph's substitution.

A parameter is a constant for its variable wherever the query uses it: in a FILTER, an
OPTIONAL, a sub-query. Its value is never written into the query text: Oxigraph substitutes it
(SEP-0007). Oxigraph substitutes only a variable that the query (or sub-query) returns, so the
query's structure is adjusted, with variable names only: the variable is added to the SELECT
of every (sub-)query that uses it (and to its GROUP BY when it aggregates), and the columns that
were added are dropped from the answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from casegraph.errors import QueryError
from casegraph.graph.sparql_text import Token, tokens

PARAM_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


@dataclass(frozen=True, slots=True)
class BoundQuery:
    """The text to give Oxigraph with the substitutions, and the columns to drop after."""

    text: str
    hidden: tuple[str, ...]


@dataclass(slots=True)
class _Select:
    """One SELECT (or DESCRIBE) and where its parts are, as token indexes."""

    keyword: int  # the SELECT token
    projection: tuple[int, int]  # [start, end) of the projected items
    group_end: int  # the "}" closing its WHERE pattern
    end: int  # one past its last token (modifiers included)


def check_params(
    params: dict[str, str], *, variables: Collection[str], assigned: Collection[str]
) -> None:
    """Refuse parameters that are not variables of the query, or that the query assigns."""
    for name, value in params.items():
        if not PARAM_NAME.fullmatch(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        if not isinstance(value, str):
            raise QueryError(f"parameter {name!r} must be a string, not {type(value).__name__}")
        if name not in variables:
            known = ", ".join(f"?{v}" for v in sorted(variables)) or "none"
            raise QueryError(f"parameter {name!r} is not a variable of this query ({known})")
        if name in assigned:
            raise QueryError(
                f"parameter {name!r}: the query sets ?{name} itself (BIND ... AS, a projected "
                "expression or VALUES), so it cannot also be given a value"
            )


def bind_parameters(
    text: str, names: Collection[str], *, star_columns: Callable[[str], list[str]]
) -> BoundQuery:
    """Adjust ``text`` so that Oxigraph substitutes every variable of ``names`` everywhere.

    ``star_columns(query)`` returns the columns ``SELECT *`` has for a query (asked of the
    engine, so that its own order is kept).

    >>> cols = lambda q: ["e", "l"]
    >>> bound = bind_parameters("SELECT ?e { ?e ?p ?l FILTER (?l = ?name) }", ["name"],
    ...                         star_columns=cols)
    >>> bound.text, bound.hidden
    ('SELECT ?name ?e { ?e ?p ?l FILTER (?l = ?name) }', ('name',))
    """
    if not names:
        return BoundQuery(text, ())
    code = tokens(text)
    form_index = next(
        (i for i, t in enumerate(code) if t.kind == "word" and t.text.upper() in _FORMS), None
    )
    if form_index is None:
        return BoundQuery(text, ())
    prologue = text[: code[form_index].start]
    inserts: list[tuple[int, str]] = []
    replaced: dict[int, tuple[int, str]] = {}
    hidden: list[str] = []
    for select in _selects(code, form_index):
        inside = {code[i].text[1:] for i in range(select.keyword, select.end)
                  if code[i].kind == "var"}  # fmt: skip
        wanted = [n for n in names if n in inside]
        top = select.keyword == form_index
        if top:  # Oxigraph substitutes a parameter only if the query returns it
            wanted = list(names)
        if not wanted:
            continue
        start, end = select.projection
        items = code[start:end]
        projected = {t.text[1:] for t in _depth_zero(items) if t.kind == "var"}
        missing = [n for n in wanted if n not in projected]
        if len(items) == 1 and items[0].text == "*":
            keyword = code[select.keyword]
            rest = text[keyword.start + len(keyword.text) : _offset(code, select.end, text)]
            star = star_columns(prologue + "SELECT" + rest)
            missing = [n for n in wanted if n not in star]
            if missing:
                replaced[items[0].start] = (1, " ".join(f"?{v}" for v in [*star, *missing]))
        elif missing:
            at = code[start - 1]
            inserts.append((at.start + len(at.text), "".join(f" ?{n}" for n in missing)))
        if top and code[select.keyword].text.upper() in {"SELECT", "DESCRIBE"}:
            hidden = missing
        if missing:
            inserts.extend(_grouping(code, select, missing, text))
    out = text
    edits = [(pos, 0, s) for pos, s in inserts] + [(p, n, s) for p, (n, s) in replaced.items()]
    for pos, length, insert in sorted(edits, reverse=True):
        out = out[:pos] + insert + out[pos + length :]
    return BoundQuery(out, tuple(hidden))


def _offset(code: list[Token], index: int, text: str) -> int:
    return code[index].start if index < len(code) else len(text)


def _grouping(code: list[Token], select: _Select, missing: list[str], text: str):
    """Where ``missing`` joins the GROUP BY (an aggregating query may only return groups)."""
    added = "".join(f" ?{n}" for n in missing)
    for i in range(select.group_end + 1, select.end - 1):
        if code[i].text.upper() == "GROUP" and code[i + 1].text.upper() == "BY":
            return [(code[i + 1].start + 2, added)]
    words = [
        t.text.upper()
        for t in code[select.projection[0] : select.projection[1]]
        + code[select.group_end + 1 : select.end]
        if t.kind == "word"
    ]
    if AGGREGATES.intersection(words):
        closing = code[select.group_end]
        return [(closing.start + 1, f" GROUP BY{added}")]
    return []


def _depth_zero(items: list[Token]) -> list[Token]:
    depth, out = 0, []
    for t in items:
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth -= 1
        elif depth == 0:
            out.append(t)
    return out


def _selects(code: list[Token], form_index: int) -> list[_Select]:
    """The query's own SELECT / DESCRIBE and every sub-SELECT, with their parts."""
    found = []
    for i, token in enumerate(code):
        if token.kind != "word":
            continue
        word = token.text.upper()
        if not (word == "SELECT" or (i == form_index and word == "DESCRIBE")):
            continue
        j, depth = i + 1, 0
        while j < len(code) and code[j].text.upper() in {"DISTINCT", "REDUCED"}:
            j += 1
        first = j
        while j < len(code):
            t = code[j]
            if depth == 0 and (t.text == "{" or t.text.upper() in {"WHERE", "FROM"}):
                break
            depth += {"(": 1, ")": -1}.get(t.text, 0)
            j += 1
        projection = (first, j)
        while j < len(code) and code[j].text != "{":
            j += 1
        group_end = _matching(code, j)
        end = group_end + 1
        if i != form_index:  # a sub-query ends where the group holding it closes
            level = 0
            while end < len(code) and not (code[end].text == "}" and level == 0):
                level += {"{": 1, "}": -1}.get(code[end].text, 0)
                end += 1
        else:
            end = len(code)
        found.append(_Select(i, projection, group_end, end))
    return found


def _matching(code: list[Token], opening: int) -> int:
    depth = 0
    for k in range(opening, len(code)):
        depth += {"{": 1, "}": -1}.get(code[k].text, 0)
        if depth == 0:
            return k
    raise QueryError("unbalanced braces in the query")
