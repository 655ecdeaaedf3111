"""Definite descriptions, "its" and "he"/"she" point back to the entity named before them."""

from __future__ import annotations

import pytest
from frozen import frozen_doc

from casegraph.extract.discourse import REFS, Discourse
from casegraph.extract.events import EVENTS


def resolved(text: str) -> set[tuple[str, str]]:
    doc = frozen_doc(text)
    doc.spans[EVENTS] = []
    Discourse()(doc)
    pairs = zip(doc.spans[REFS], doc._.casegraph_antecedents, strict=True)
    return {(ref.text, doc[slice(*ante)].text) for ref, (_, ante) in pairs}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Europol coordinated Operation Atlas. The three-month operation ended in May.",
            ("The three-month operation", "Operation Atlas"),
        ),
        (
            "Europol said its European Cybercrime Centre supported the case.",
            ("its", "Europol"),
        ),
        (
            "The Cyber Crime Unit of the Federal Police led the case. The unit arrested two men.",
            ("The unit", "Cyber Crime Unit"),
        ),
        (
            "Graeme Biggar was appointed in 2022. He was Director General of the NECC.",
            ("He", "Graeme Biggar"),
        ),
        (
            "John Smith flew in from Lagos. Customs officers arrested him at the airport.",
            ("him", "John Smith"),
        ),
        (
            "John Smith flew in from Lagos. After his arrest he was charged.",
            ("his", "John Smith"),
        ),
        (
            "John Smith flew in from Lagos. Customs officers arrested the man at the airport.",
            ("the man", "John Smith"),
        ),
        (
            "The Hong Kong Customs and Excise Department seized ivory. Yeung Ka-yan heads the "
            "department's Ports and Maritime Command.",
            ("the department", "Hong Kong Customs and Excise Department"),
        ),
    ],
)
def test_description_resolves_to_the_entity_named_before(text, expected):
    assert expected in resolved(text)


@pytest.mark.parametrize(
    "text",
    [
        # nothing of the kind was named before
        "The operation ended in May after police arrested two men.",
        # "the unit" needs an antecedent whose name ends in "unit"
        "Europol coordinated Operation Atlas. The unit arrested two men.",
        # no person named in this sentence or the two before
        "Police said a man was held. It was late. Rain fell. Customs arrested the man.",
    ],
)
def test_description_without_antecedent_stays_unresolved(text):
    assert resolved(text) == set()


def test_a_description_followed_by_an_event_name_is_not_a_crash():
    # "the meeting, the Global Summit": the tokens after "meeting" belong to an event, which
    # is not among the named entities; it used to raise AttributeError (a 10,000-article run).
    import spacy
    from spacy.tokens import Doc, Span

    from casegraph.extract.components import ENTITIES

    words = ["INTERPOL", "hosted", "the", "meeting", ",", "the", "Global", "Summit", "."]
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        heads=[1, 1, 3, 1, 3, 7, 7, 3, 1],
        deps=["nsubj", "ROOT", "det", "dobj", "punct", "det", "compound", "appos", "punct"],
        tags=["NNP", "VBD", "DT", "NN", ",", "DT", "NNP", "NNP", "."],
        pos=["PROPN", "VERB", "DET", "NOUN", "PUNCT", "DET", "PROPN", "PROPN", "PUNCT"],
    )
    doc.spans[ENTITIES] = [Span(doc, 0, 1, label="Organization")]
    doc.spans[EVENTS] = [Span(doc, 6, 8, label="Event")]
    Discourse()(doc)
    assert [r.text for r in doc.spans[REFS]] == []  # no earlier event for "the meeting"
