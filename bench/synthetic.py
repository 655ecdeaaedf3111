"""Synthetic corpora for the benchmarks: articles of ~330 words made by recombining the
sentences of the bundled corpus and the development set (tests/data/devset, written by the
team), with the people and operations they name renamed from pools that grow with the corpus,
so the graph grows as a real feed's does. Deterministic: the same seed and size give the same
files, byte for byte.

Usage: python bench/synthetic.py OUT_DIR --articles 1000 [--seed 7] [--words 330]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO / "casegraph" / "corpus", REPO / "tests" / "data" / "devset")
GOLD = (REPO / "tests" / "data" / "devset" / "entities.jsonl", REPO / "tests" / "data" / "gold"
        / "entities.jsonl")  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_HONORIFICS = ("Mr", "Mr.", "Ms", "Ms.", "Mrs", "Mrs.", "Dr", "Dr.", "PG")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
# Syllables for made-up names: pools of thousands of distinct, pronounceable names.
_ONSETS = "b d f g h k l m n p r s t v z br dr gr kr pr st tr ch sh".split()
_VOWELS = "a e i o u ai ei ou ia".split()
_CODAS = ["", "", "n", "r", "s", "l", "k", "m", "nd", "rt"]
_CODEWORDS = (
    "Amber Basalt Cobalt Delta Ember Falcon Granite Harbour Iris Jade Kestrel Lantern Meridian "
    "Nimbus Onyx Pelican Quarry Raven Sable Tundra Umber Vortex Willow Zephyr"
).split()


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    people: tuple[tuple[str, str], ...]  # (form, the gold name it is a form of)
    operations: tuple[tuple[str, str], ...]


def _body_paragraphs(path: Path) -> Iterator[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    for para in "\n".join(lines[1:]).split("\n\n"):
        para = " ".join(para.split())
        # Date lines, bylines and other short furniture make poor body sentences.
        if len(para.split()) >= 8:
            yield para


def _forms(kind: str) -> dict[str, str]:
    """form -> gold name, for the gold entities of ``kind``."""
    out: dict[str, str] = {}
    for path in GOLD:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row["type"] == kind:
                for form in (row["name"], *row["forms"]):
                    out.setdefault(form, row["name"])
    return out


def sentences() -> list[Sentence]:
    """Every body sentence of the source articles, with the person and operation names in it."""
    people, operations = _forms("Person"), _forms("Operation")

    def found(text: str, forms: dict[str, str]) -> tuple[tuple[str, str], ...]:
        hits = []
        for form in sorted(forms, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) and not any(
                form in h for h, _ in hits
            ):
                hits.append((form, forms[form]))
        return tuple(hits)

    out = []
    for folder in SOURCES:
        for path in sorted(folder.glob("*.txt")):
            for para in _body_paragraphs(path):
                for text in _SENTENCE_END.split(para):
                    if 5 <= len(text.split()) <= 60:
                        out.append(Sentence(text, found(text, people), found(text, operations)))
    return out


def _made_up_name(rng: random.Random, syllables: int) -> str:
    return "".join(
        rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
    ).capitalize()


def _pool(rng: random.Random, n: int, make) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen.setdefault(make(), None)
    return list(seen)


class _Renamer:
    """Consistent renaming within one article: every form of one gold person becomes the
    matching form of one made-up person ("Mr Cox" -> "Mr Varen", "Cox" -> "Varen")."""

    def __init__(self, rng: random.Random, people: list[str], operations: list[str]):
        self.rng, self.people, self.operations = rng, people, operations
        self.chosen: dict[str, str] = {}

    def person(self, form: str, name: str) -> str:
        new = self.chosen.setdefault(("p", name), self.rng.choice(self.people))
        last = new.split(" ", 1)[1]
        words = form.split()
        if words[0] in _HONORIFICS:
            return f"{words[0]} {last}"
        if len(words) == 1:
            return last
        return new

    def operation(self, form: str, name: str) -> str:
        new = self.chosen.setdefault(("o", name), self.rng.choice(self.operations))
        return new if form.startswith("Operation ") else new.removeprefix("Operation ")

    def sentence(self, s: Sentence) -> str:
        text = s.text
        for form, name in s.people:
            text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", self.person(form, name), text)
        for form, name in s.operations:
            text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", self.operation(form, name), text)
        return text


def articles(n: int, *, seed: int = 7, words: int = 330) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` of ``n`` synthetic articles: a headline, a publication date line
    and paragraphs of two or three sentences, about ``words`` words in all."""
    rng = random.Random(seed)
    pool = sentences()
    people = _pool(
        rng,
        max(50, 3 * n),
        lambda: f"{_made_up_name(rng, rng.randint(1, 2))} {_made_up_name(rng, rng.randint(2, 3))}",
    )
    operations = _pool(
        rng,
        max(10, n // 4),
        lambda: f"Operation {rng.choice(_CODEWORDS)} {_made_up_name(rng, 2)}",
    )
    for i in range(n):
        renamer = _Renamer(rng, people, operations)
        headline = renamer.sentence(rng.choice(pool)).rstrip(".")
        day, month, year = rng.randint(1, 28), rng.choice(_MONTHS), rng.randint(2005, 2025)
        paragraphs, count = [], len(headline.split()) + 3
        while count < words - 40:  # the last paragraph takes it to about ``words``
            para = [renamer.sentence(rng.choice(pool)) for _ in range(rng.randint(2, 3))]
            count += sum(len(s.split()) for s in para)
            paragraphs.append(" ".join(para))
        text = f"{headline}\n\nPublished: {day} {month} {year}\n\n" + "\n\n".join(paragraphs)
        yield f"synthetic-{i:05d}.txt", text + "\n"


def write_corpus(out: Path, n: int, *, seed: int = 7, words: int = 330) -> Path:
    """Write ``n`` articles into ``out`` (created; files already there are replaced)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, text in articles(n, seed=seed, words=words):
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--words", type=int, default=330)
    args = p.parse_args()
    write_corpus(args.out, args.articles, seed=args.seed, words=args.words)


if __name__ == "__main__":
    main()
