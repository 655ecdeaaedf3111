"""Plain, frozen records passed between the stages (no spaCy objects past this boundary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The six entity types casegraph extracts."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    OPERATION = "Operation"
    DATABASE = "Database"
    EVENT = "Event"


@dataclass(frozen=True, slots=True)
class Article:
    """One input article after cleaning.

    ``text`` is the stored article text: page furniture removed, every offset in every other
    record refers to it. ``id`` is stable across runs (derived from the file name), so an edited
    article keeps its IRI.
    """

    id: str
    source: str
    title: str
    text: str
    date: str | None = None  # ISO 8601 yyyy-mm-dd, when the text states it
    dateline: str | None = None  # "LYON, France" as written (normalised spacing)
    body_start: int = 0  # offset in ``text`` where the body starts (after title/date header)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input that did not stop the build (named file/line/value)."""

    source: str
    line: int | None
    message: str
    fatal: bool = True  # True: that input (file or line) was not ingested

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of article text that names an entity."""

    article_id: str
    start: int
    end: int
    text: str
    type: EntityType
    sentence_start: int
    sentence_end: int
    rule: str  # what produced it: "model", "gazetteer", "pattern:<id>", "anaphor", ...
    canonical: str | None = None  # gazetteer id when the name is a known one
    # For a description or pronoun ("the operation", "its"): the offsets of the named mention
    # of the same article it refers to. Such mentions join that entity but never name it.
    refers_to: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Acronym:
    """``long`` was introduced with ``short`` in parentheses: "Long Name (LN)"."""

    article_id: str
    short: str
    long: str


@dataclass(frozen=True, slots=True, order=True)
class Merge:
    """Why two different names were taken for one entity ("acronym", "surname", "spelling")."""

    reason: str
    name: str
    other: str
    fuzzy: bool = False  # only similarity says so: worth a reviewer's look


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved real-world entity: every mention of it across the corpus."""

    key: str  # stable identity, the input of IRI minting ("<Type>:<normalised name>")
    type: EntityType
    label: str  # canonical name
    aliases: tuple[str, ...]  # every distinct surface form (includes the label), sorted
    mentions: tuple[Mention, ...] = field(default=(), repr=False)
    merges: tuple[Merge, ...] = field(default=(), repr=False)  # why its names were joined

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({m.article_id for m in self.mentions}))


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that supports a link."""

    article_id: str
    start: int  # sentence offsets in Article.text
    end: int
    text: str
    rule: str
    confidence: float = 1.0
    # "asserted", or "hypothetical" for statements of intent or possibility ("will", "plans to");
    # negated statements ("did not") are not extracted at all.
    modality: str = "asserted"
    # A link inferred from other links (rule "inferred": a person's link to the parent of
    # their unit) names the links it was derived from, as (subject key, kind, object key);
    # their own evidence in the same article is the support. Empty for stated links.
    basis: tuple[tuple[str, str, str], ...] = ()

    @property
    def inferred(self) -> bool:
        return bool(self.basis)


@dataclass(frozen=True, slots=True)
class Relation:
    """A link between two entities (by key) with all the evidence found for it.

    ``kind`` is a term of the vocabulary (graph/namespaces.py). ``coOccursWith`` is symmetric
    and never a typed relation: for it subject < object.
    """

    subject: str
    kind: str
    object: str
    evidence: tuple[Evidence, ...]
    role: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({e.article_id for e in self.evidence}))


COOCCURS = "coOccursWith"

# Typed relation kinds (subject -> object). graph/namespaces.py maps each to its RDF predicate.
RELATION_KINDS = (
    "worksFor",  # Person -> Organization; Relation.role holds the title ("Head", "Commissioner")
    "parentOrganization",  # unit -> the organisation it belongs to
    "operatedBy",  # Database / Operation / project -> the organisation that runs or hosts it
    "successorOf",  # newer -> older (databases, systems, operations)
    "funder",  # funded thing -> funder
    "sponsor",  # sponsored or backed thing -> sponsor
    "organizer",  # Event / Operation -> who coordinated, hosted or organised it
    "participant",  # Event / Operation -> agency, country or person taking part
    "location",  # Event / Operation / Organization -> Place
    "containedInPlace",  # Place -> larger Place
    "ledBy",  # Database / Operation / Organization -> Person who leads or developed it
    "areaServed",  # Organization -> the Place its name implies ("Royal Malaysia Police")
    "memberOf",  # country, agency or person -> the network, alliance or group it belongs to
    "developer",  # Database / tool -> who developed or built it
    "contributor",  # Database / Operation -> who contributed to it
    "agreementWith",  # party -> the other party of an agreement (symmetric)
    "arrested",  # Person -> the agency or operation that arrested them
)


@dataclass(frozen=True, slots=True)
class Link:
    """A typed relation between two mentions of one article, before resolution."""

    kind: str
    subject: tuple[int, int]  # mention offsets in Article.text
    object: tuple[int, int] | str  # mention offsets, or a gazetteer id ("institution:interpol")
    evidence: Evidence
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number stated about a mention, before resolution."""

    subject: tuple[int, int]
    measure: str
    value: int
    evidence: Evidence
    qualifier: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure stated about an entity: "the ICSE database ... 2,345 identified victims"."""

    subject: str  # entity key
    measure: str  # what is counted, as a short lowercase phrase: "identified victims", "arrests"
    value: int
    date: str | None  # ISO date the figure holds for (the article's date unless the text says)
    evidence: Evidence
    qualifier: str | None = None  # "more than", "nearly", "over", "some", ...


@dataclass(frozen=True, slots=True)
class EventDetail:
    """When an Event entity took place (dates resolved against the article's date)."""

    key: str  # entity key of the event
    start: str | None  # ISO date
    end: str | None  # ISO date
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extract/ hands to graph/."""

    articles: tuple[Article, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    problems: tuple[Problem, ...] = ()
    skipped_mentions: int = 0  # empty / punctuation-only entity texts dropped
    claims: tuple[Claim, ...] = ()
    events: tuple[EventDetail, ...] = ()
