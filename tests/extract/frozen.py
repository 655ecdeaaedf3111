"""Documents rebuilt from frozen parses (tests/data/parses.jsonl), so that the rule tests do not
move when the statistical model does. ``python tests/extract/frozen.py TEXT ...`` parses
new sentences once with the model and adds them; the expected links stay in the tests."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from casegraph.extract.components import ENTITIES
from casegraph.extract.rules.context import Context, rule_knowledge

PARSES = Path(__file__).resolve().parents[1] / "data" / "parses.jsonl"


@cache
def _parses() -> dict[str, dict]:
    rows = [json.loads(line) for line in PARSES.read_text(encoding="utf-8").splitlines() if line]
    return {row["text"]: row for row in rows}


@cache
def _vocab() -> Vocab:
    # English lexical attributes (lower, is_title, like_num), none of the model's statistics
    return spacy.blank("en").vocab


def frozen_doc(text: str) -> Doc:
    """The frozen parse of ``text`` with its mentions in ``doc.spans["casegraph"]``."""
    row = _parses()[text]
    toks = row["tokens"]
    doc = Doc(
        _vocab(),
        words=[t[0] for t in toks],
        spaces=[bool(t[6]) for t in toks],
        pos=[t[1] for t in toks],
        tags=[t[2] for t in toks],
        deps=[t[3] for t in toks],
        heads=[t[4] for t in toks],
        lemmas=[t[5] for t in toks],
    )
    doc.spans[ENTITIES] = [
        Span(doc, s, e, label=label, kb_id=kb, span_id=rule)
        for s, e, label, kb, rule in row["mentions"]
    ]
    return doc


def context(doc: Doc) -> Context:
    return Context(doc, sorted(doc.spans[ENTITIES], key=lambda s: s.start), [], rule_knowledge())


def links(rule, text: str) -> set[tuple[str, str, str]]:
    """(subject, kind, object) texts of what ``rule`` finds in the frozen parse of ``text``."""
    doc = frozen_doc(text)
    out = set()
    for f in rule(doc, context(doc)):
        obj = f.object if isinstance(f.object, str) else doc[slice(*f.object)].text
        out.add((doc[slice(*f.subject)].text, f.kind, obj))
    return out


def _freeze(texts: list[str]) -> None:
    from casegraph.extract.pipeline import build_nlp

    nlp = build_nlp()
    known = _parses() if PARSES.exists() else {}
    with PARSES.open("a", encoding="utf-8") as out:
        for text in texts:
            if text in known:
                continue
            doc = nlp(text)
            row = {
                "text": text,
                "tokens": [
                    [t.text, t.pos_, t.tag_, t.dep_, t.head.i, t.lemma_, t.whitespace_] for t in doc
                ],
                "mentions": [
                    [s.start, s.end, s.label_, s.kb_id_, s.id_] for s in doc.spans[ENTITIES]
                ],
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    _freeze(sys.argv[1:])
