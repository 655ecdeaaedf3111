"""Layout starts sentences: the headline is never glued to the body's first sentence."""

from __future__ import annotations

import spacy

from casegraph.extract.sentences import LineBreaks


def starts(text: str) -> list[str]:
    doc = LineBreaks()(spacy.blank("en").make_doc(text))
    return [t.text for t in doc if t.is_sent_start and not t.is_space]


def test_headline_list_items_and_list_lines_start_sentences():
    text = (
        "Police seize cocaine in port\n\nTHE HAGUE – Officers acted.\n"
        "Countries taking part:\n- Spain\n- France"
    )
    assert starts(text) == ["Police", "THE", "Countries", "-", "-"]


def test_text_wrapped_by_hand_is_not_cut_at_each_line():
    text = (
        "The operation brought together officers from many agencies across the\n"
        "region, who met in Lyon."
    )
    assert starts(text) == ["The"]
