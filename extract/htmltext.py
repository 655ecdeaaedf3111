"""Read the visible text and the title of an HTML page, one paragraph per block element."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from importlib.resources import files

__all__ = ["html_text"]


@dataclass(frozen=True, slots=True)
class _Tags:
    """The [html] table of furniture.toml."""

    skip: frozenset[str]
    blocks: frozenset[str]
    breaks: frozenset[str]


@cache
def _tags() -> _Tags:
    raw = tomllib.loads(
        (files("casegraph.extract") / "patterns" / "furniture.toml").read_text("utf-8")
    )["html"]
    return _Tags(
        skip=frozenset(raw["skip"]),
        blocks=frozenset(raw["blocks"]),
        breaks=frozenset(raw["breaks"]),
    )


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
        tags = _tags()
        if tag in tags.skip:
            self.skipping[tag] += 1
        elif tag == "body":  # </head> may be left out
            self.skipping["head"] = 0
        if self.state.get(tag) == 0:
            self.state[tag] = 1
        if tag in tags.blocks:
            self.parts.append("\n\n")
        elif tag in tags.breaks:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping[tag] > 0:
            self.skipping[tag] -= 1
        if self.state.get(tag) == 1:
            self.state[tag] = 2
        if tag in _tags().blocks:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.state["title"] == 1:
            self.title.append(data)
        if self.state["h1"] == 1:
            self.h1.append(data)
        if self.state["title"] != 1 and not self.skipping.total():
            self.parts.append(re.sub(r"\s+", " ", data))


def html_text(markup: str) -> tuple[str, str | None]:
    """(visible text, title) of an HTML document: the title is the first <h1>, else <title>."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "\n".join(s.strip() for s in "".join(parser.parts).split("\n"))
    title = " ".join("".join(parser.h1).split()) or " ".join("".join(parser.title).split())
    return text, title or None
