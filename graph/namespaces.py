"""The casegraph vocabulary and the single function that mints every resource IRI."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from casegraph.extract.records import COOCCURS, EntityType

__all__ = [
    "CG",
    "ID_BASE",
    "ID_PREFIXES",
    "INFERRED_RULE",
    "ITSRDF",
    "NIF",
    "OWL",
    "PREDICATES",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SDO_OBSERVATION_ABOUT",
    "SKOS",
    "TYPE_CLASS",
    "XSD",
    "mint_iri",
    "normalise_key",
    "relation_predicate",
    "vocabulary_triples",
]

# Our vocabulary; ``.example`` is reserved (RFC 2606), so these IRIs can never clash with a real
# site. Resources live under a separate base so that vocabulary and data never share a path.
CG = Namespace("https://casegraph.example/ns#")
ID_BASE = "https://casegraph.example/id/"

# NLP Interchange Format core: article text as nif:Context, sentences and mentions as offsets.
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
# Internationalization Tag Set: itsrdf:taIdentRef links a mention to the entity it names.
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")

# Prefixes bound in every serialisation (sorted by prefix; only the used ones are written).
PREFIXES: dict[str, str] = {
    "cg": str(CG),
    "itsrdf": str(ITSRDF),
    "nif": str(NIF),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

# Kinds of resource minted under ID_BASE (mint_iri's first argument), each with a prefix of the
# same name in Turtle and TriG ("entity:ann-lee-e4959174ae7b") so the files stay readable.
IRI_KINDS = ("article", "claim", "entity", "mention", "sentence", "statement")
ID_PREFIXES: dict[str, str] = {kind: f"{ID_BASE}{kind}/" for kind in IRI_KINDS}

# The cg:rule of an inferred link's statement (Evidence.basis not empty): it is derived, with
# prov:wasDerivedFrom, from the statements of the links it rests on instead of a sentence.
INFERRED_RULE = "inferred"

# schema.org terms newer than rdflib's copy of the vocabulary.
SDO_OBSERVATION_ABOUT = URIRef(f"{SDO}observationAbout")

TYPE_CLASS: dict[EntityType, URIRef] = {
    EntityType.PERSON: SDO.Person,
    EntityType.ORGANIZATION: SDO.Organization,
    EntityType.PLACE: SDO.Place,
    EntityType.EVENT: SDO.Event,
    EntityType.OPERATION: CG.Operation,
    EntityType.DATABASE: CG.Database,
}

# Our own terms, each declared once: (term, rdf:type, extra (predicate, object) pairs, comment).
_TERMS: tuple[tuple[URIRef, URIRef, tuple[tuple[URIRef, URIRef], ...], str], ...] = (
    # A named police operation is an event with participants, a place and a time.
    (
        CG.Operation,
        OWL.Class,
        ((RDFS.subClassOf, SDO.Event),),
        "A named police or judicial operation.",
    ),
    # A police information system (SIS II, ECRIS, ...) is a dataset in schema.org's sense.
    (
        CG.Database,
        OWL.Class,
        ((RDFS.subClassOf, SDO.Dataset),),
        "A police or judicial information system.",
    ),
    # Co-occurrence is a weak, undirected signal; it is never a typed relation.
    (
        CG[COOCCURS],
        OWL.SymmetricProperty,
        (),
        "Both entities are mentioned in the same sentence; not a typed relation.",
    ),
    # The extraction rule that produced a mention or a piece of evidence ("model", "pattern:x").
    (CG.rule, OWL.DatatypeProperty, (), "The extraction rule that produced this."),
    # How sure that rule is, 0..1, as xsd:decimal with three places.
    (
        CG.confidence,
        OWL.DatatypeProperty,
        ((RDFS.range, XSD.decimal),),
        "Confidence of the rule, from 0 to 1.",
    ),
    # Number of pieces of evidence behind a link.
    (
        CG.weight,
        OWL.DatatypeProperty,
        ((RDFS.range, XSD.nonNegativeInteger),),
        "Number of pieces of evidence behind a link.",
    ),
    # The role a participant plays in a relation ("suspect", "coordinator", ...).
    (CG.role, OWL.DatatypeProperty, (), "The role a participant plays in a relation."),
    # "hypothetical" on evidence that states an intention or possibility, not a fact.
    (CG.modality, OWL.DatatypeProperty, (), "hypothetical: the sentence does not assert it."),
    # A figure's qualifier as written ("more than", "nearly").
    (CG.qualifier, OWL.DatatypeProperty, (), "How the text qualifies a figure."),
    # Who runs or hosts a database, tool or project; schema:provider is the nearest term.
    (
        CG.operatedBy,
        OWL.ObjectProperty,
        ((RDFS.subPropertyOf, SDO.provider),),
        "The organisation that runs or hosts it.",
    ),
    # Newer system / operation -> the one it replaced.
    (CG.successorOf, OWL.ObjectProperty, (), "It replaced or continued the object."),
    # Thing -> the person who leads it or led its development.
    (CG.ledBy, OWL.ObjectProperty, (), "The person who leads it or led its development."),
    # Database or tool -> who developed or built it; schema:creator is the nearest term.
    (
        CG.developedBy,
        OWL.ObjectProperty,
        ((RDFS.subPropertyOf, SDO.creator),),
        "The organisation or person that developed or built it.",
    ),
    # Two parties of a signed agreement, memorandum or working arrangement.
    (
        CG.agreementWith,
        OWL.SymmetricProperty,
        (),
        "The two have signed an agreement, memorandum or working arrangement.",
    ),
    # Why two different names were taken for one entity (extract/resolve.py): one node per
    # joining, with the reason and the two names; cg:fuzzy true when only similarity says so.
    (CG.Merge, OWL.Class, (), "The joining of two names into one entity, and why."),
    (CG.merge, OWL.ObjectProperty, (), "A joining of two of the entity's names."),
    (CG.reason, OWL.DatatypeProperty, (), "Why the names were joined: acronym, surname, ..."),
    (CG.mergedName, OWL.DatatypeProperty, (), "One of the two names joined."),
    (
        CG.fuzzy,
        OWL.DatatypeProperty,
        ((RDFS.range, XSD.boolean),),
        "Only the names' similarity says they are one: worth a reviewer's look.",
    ),
    # Person -> the agency or operation that arrested them.
    (CG.arrestedBy, OWL.ObjectProperty, (), "The agency or operation that arrested the person."),
)

# Typed relation kinds (extract/records.py RELATION_KINDS) -> the predicate of the direct triple.
PREDICATES: dict[str, URIRef] = {
    "worksFor": SDO.worksFor,
    "parentOrganization": SDO.parentOrganization,
    "operatedBy": CG.operatedBy,
    "successorOf": CG.successorOf,
    "funder": SDO.funder,
    "sponsor": SDO.sponsor,
    "organizer": SDO.organizer,
    "participant": SDO.attendee,
    "location": SDO.location,
    "containedInPlace": SDO.containedInPlace,
    "ledBy": CG.ledBy,
    "areaServed": SDO.areaServed,
    "memberOf": SDO.memberOf,
    "developer": CG.developedBy,
    "contributor": SDO.contributor,
    "agreementWith": CG.agreementWith,
    "arrested": CG.arrestedBy,
    COOCCURS: CG[COOCCURS],
}


def vocabulary_triples() -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The axioms of our own terms, to sit in the default graph of every export.

    >>> (CG.Operation, RDFS.subClassOf, SDO.Event) in vocabulary_triples()
    True
    """
    triples: list[tuple[URIRef, URIRef, URIRef | Literal]] = []
    for term, kind, extra, comment in _TERMS:
        triples.append((term, RDF.type, kind))
        if kind == OWL.SymmetricProperty:
            triples.append((term, RDF.type, OWL.ObjectProperty))
        triples.extend((term, p, o) for p, o in extra)
        triples.append((term, RDFS.comment, Literal(comment, lang="en")))
    return triples


_RELATION_KIND = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def relation_predicate(kind: str) -> URIRef:
    """The predicate IRI of a relation kind (a vocabulary term name such as ``coOccursWith``).

    >>> str(relation_predicate("coOccursWith"))
    'https://casegraph.example/ns#coOccursWith'
    >>> str(relation_predicate("worksFor"))
    'https://schema.org/worksFor'
    """
    if kind in PREDICATES:
        return PREDICATES[kind]
    if not _RELATION_KIND.fullmatch(kind):
        raise ValueError(f"relation kind {kind!r} is not a vocabulary term name")
    return CG[kind]


_KIND = re.compile(r"[a-z]+")
_WORD = re.compile(r"[a-z0-9]+")
_SLUG_MAX = 48
_HASH_HEX = 12


def normalise_key(key: str) -> str:
    """The identity of ``key``: format characters dropped, whitespace runs -> one space, NFC.

    >>> normalise_key(" Jos\\u0065\\u0301\\u00a0 Garc\\u200bía\\n") == "José García"
    True
    """
    if key.isascii():  # no format characters, and NFC changes nothing (the common case)
        return " ".join(key.split())
    text = "".join(c for c in key if unicodedata.category(c) != "Cf")
    # NFC last: dropping a format character can bring a base and its combining mark together.
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _slug(key: str) -> str:
    ascii_ish = key
    if not key.isascii():  # accents dropped: "Jürgen" -> "Jurgen"
        decomposed = unicodedata.normalize("NFKD", key)
        ascii_ish = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    slug = ""
    for word in _WORD.findall(ascii_ish.lower()):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _SLUG_MAX:
            return slug or word[:_SLUG_MAX]
        slug = candidate
    return slug


def mint_iri(kind: str, key: str) -> URIRef:
    """The IRI of the ``kind`` resource identified by ``key``: readable slug + short hash.

    The hash covers the whole normalised key, so the IRI is unique however long the key is,
    and the same for NFC/NFD forms, doubled spaces or NBSP. Deterministic across runs.

    >>> str(mint_iri("person", "Person:Jürgen  Stock"))
    'https://casegraph.example/id/person/person-jurgen-stock-1345bb28a76a'
    """
    if not _KIND.fullmatch(kind):
        raise ValueError(f"IRI kind {kind!r} must be a lowercase word [a-z]+")
    normal = normalise_key(key)
    if not normal:
        raise ValueError(f"IRI key {key!r} for kind {kind!r} is empty after normalisation")
    try:
        digest = hashlib.sha256(normal.encode("utf-8")).hexdigest()[:_HASH_HEX]
    except UnicodeEncodeError as e:
        raise ValueError(f"IRI key {key!r} contains a lone surrogate") from e
    slug = _slug(normal)
    return URIRef(f"{ID_BASE}{kind}/{slug}-{digest}" if slug else f"{ID_BASE}{kind}/{digest}")
