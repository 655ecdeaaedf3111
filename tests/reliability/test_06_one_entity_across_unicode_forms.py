"""RELIABILITY row 6: the same name in NFC and NFD, with doubled spaces or an NBSP, is one
entity with one IRI."""

from __future__ import annotations

import unicodedata

from casegraph.extract.records import EntityType, Mention
from casegraph.extract.resolve import resolve
from casegraph.graph.namespaces import mint_iri

FORMS = [
    "José García",
    unicodedata.normalize("NFD", "José García"),
    "José  García",
    "José\u00a0García",
]


def test_every_form_of_one_name_resolves_to_one_entity():
    mentions = [
        Mention(f"a{i}", 0, len(text), text, EntityType.PERSON, 0, 40, "model")
        for i, text in enumerate(FORMS)
    ]
    [entity] = resolve(mentions)
    assert len(entity.mentions) == len(FORMS)
    assert entity.articles == tuple(f"a{i}" for i in range(len(FORMS)))


def test_every_form_of_one_key_mints_one_iri():
    # IRIs also ignore format characters (a zero-width space) that the resolver still keeps.
    assert len({mint_iri("entity", form) for form in [*FORMS, "José \u200bGarcía"]}) == 1
