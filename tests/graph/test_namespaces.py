"""The vocabulary module and the single IRI-minting function."""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from casegraph.extract.records import EntityType
from casegraph.graph.namespaces import (
    CG,
    ID_BASE,
    OWL,
    RDF,
    RDFS,
    SDO,
    TYPE_CLASS,
    mint_iri,
    normalise_key,
    relation_predicate,
    vocabulary_triples,
)

# Longest possible IRI: base, kind, "/", 48-char slug, "-", 12 hex.
MAX_LEN = len(ID_BASE) + len("statement") + 1 + 48 + 1 + 12
IRI_SHAPE = re.compile(re.escape(ID_BASE) + r"[a-z]+/(?:[a-z0-9]+(?:-[a-z0-9]+)*-)?[0-9a-f]{12}")


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        (unicodedata.normalize("NFD", "Person:José Müller"), "Person:José Müller"),
        ("Person:Ann  Lee", "Person:Ann Lee"),
        ("Person:Ann\u00a0Lee", "Person:Ann Lee"),
        ("Person:Ann\n\tLee", "Person:Ann Lee"),
        ("  Person:Ann Lee \u2003", "Person:Ann Lee"),
        ("Person:Ann\u200b Lee\ufeff", "Person:Ann Lee"),
        ("Person:Jos\u200de\u0301", "Person:José"),
    ],
)
def test_equivalent_spellings_mint_one_iri(variant: str, canonical: str) -> None:
    assert variant != canonical
    assert mint_iri("person", variant) == mint_iri("person", canonical)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Person:Ann Lee", "Person:ann lee"),
        ("Person:Ann Lee", "Person:Ann-Lee"),
        ("Organization:北京", "Organization:上海"),
        ("Person:Ann\x00Lee", "Person:AnnLee"),
        ("x" * 10_000 + "a", "x" * 10_000 + "b"),
    ],
)
def test_different_keys_mint_different_iris(a: str, b: str) -> None:
    assert mint_iri("person", a) != mint_iri("person", b)


@pytest.mark.parametrize(
    ("key", "slug"),
    [
        ("Person:Jürgen  Stock", "person-jurgen-stock"),
        ('Jo "The Fox" <Smith>', "jo-the-fox-smith"),
        ("İstanbul Ærø ﬁle", "istanbul-r-file"),
        ("北京", ""),
        ("!!!", ""),
        ("alpha " * 20, "alpha-alpha-alpha-alpha-alpha-alpha-alpha-alpha"),
        ("y" * 100, "y" * 48),
    ],
)
def test_slug_is_readable_ascii_cut_at_a_word_boundary(key: str, slug: str) -> None:
    local = mint_iri("person", key).removeprefix(f"{ID_BASE}person/")
    assert local[:-13] == slug if slug else re.fullmatch(r"[0-9a-f]{12}", local)


def test_ten_kilobyte_key_gives_a_bounded_iri() -> None:
    iri = mint_iri("organization", "Very long name " * 700)
    assert len(iri) <= MAX_LEN
    assert IRI_SHAPE.fullmatch(iri)


@pytest.mark.parametrize("kind", ["", "Person", "per son", "person1", "ärticle", "a/b", "x\n"])
def test_kind_must_be_a_lowercase_word(kind: str) -> None:
    with pytest.raises(ValueError, match="kind"):
        mint_iri(kind, "Person:Ann Lee")


@pytest.mark.parametrize("key", ["", "   ", "\u200b", "\n\t\u00a0\ufeff"])
def test_key_empty_after_normalisation_is_refused(key: str) -> None:
    with pytest.raises(ValueError, match="empty") as info:
        mint_iri("person", key)
    assert repr(key) in str(info.value)


def test_lone_surrogate_is_refused() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        mint_iri("person", "Ann\udcffLee")


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300))
def test_any_text_mints_a_valid_bounded_deterministic_iri(key: str) -> None:
    if not normalise_key(key):
        with pytest.raises(ValueError):
            mint_iri("mention", key)
        return
    iri = mint_iri("mention", key)
    assert ox.NamedNode(str(iri)).value == str(iri)  # Oxigraph accepts it as an IRI
    assert IRI_SHAPE.fullmatch(iri)
    assert len(iri) <= MAX_LEN
    assert mint_iri("mention", key) == iri
    assert mint_iri("mention", normalise_key(key)) == iri
    assert mint_iri("mention", unicodedata.normalize("NFD", key)) == iri


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_normalise_key_is_idempotent(key: str) -> None:
    assert normalise_key(normalise_key(key)) == normalise_key(key)


@given(st.text(alphabet=st.characters(max_codepoint=127), min_size=1), st.integers(0, 300))
def test_ascii_keys_mint_what_the_general_path_mints(key: str, at: int) -> None:
    # A zero-width space (a format character, dropped) sends the same key down the path for
    # non-ASCII text: ASCII keys take a shortcut that must mint the same IRI.
    at = at % (len(key) + 1)
    if normalise_key(key):
        assert mint_iri("entity", key) == mint_iri("entity", key[:at] + "\u200b" + key[at:])


def test_every_entity_type_has_a_class() -> None:
    assert set(TYPE_CLASS) == set(EntityType)
    assert TYPE_CLASS[EntityType.OPERATION] == CG.Operation
    assert TYPE_CLASS[EntityType.DATABASE] == CG.Database


@pytest.mark.parametrize(
    "axiom",
    [
        (CG.Operation, RDFS.subClassOf, SDO.Event),
        (CG.Database, RDFS.subClassOf, SDO.Dataset),
        (CG.coOccursWith, RDF.type, OWL.SymmetricProperty),
        (CG.confidence, RDF.type, OWL.DatatypeProperty),
        (CG.rule, RDF.type, OWL.DatatypeProperty),
        (CG.weight, RDF.type, OWL.DatatypeProperty),
        (CG.role, RDF.type, OWL.DatatypeProperty),
    ],
)
def test_vocabulary_declares_our_terms(axiom: tuple) -> None:
    assert axiom in vocabulary_triples()


def test_every_own_term_has_a_comment() -> None:
    triples = vocabulary_triples()
    terms = {s for s, _, _ in triples}
    assert terms == {s for s, p, _ in triples if p == RDFS.comment}


@pytest.mark.parametrize("kind", ["", "has space", "a>b", "1st", "ns#x"])
def test_relation_kind_must_be_a_term_name(kind: str) -> None:
    with pytest.raises(ValueError, match="relation kind"):
        relation_predicate(kind)
