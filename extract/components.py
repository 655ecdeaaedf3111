"""spaCy factory that turns candidate spans into casegraph's typed entity mentions.

``casegraph_entities`` cleans the candidates of ``doc.spans["casegraph_candidates"]``
(possessives, determiners, titles), applies the typing rules (heads, titles, copulas, example
lists), links acronyms and keeps one non-overlapping set in ``doc.spans["casegraph"]``:
``label_`` is the type, ``kb_id_`` the gazetteer id, ``id_`` the rule that decided the type.
Acronym definitions go to ``doc._.casegraph_acronyms``.
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from casegraph.extract import knowledge
from casegraph.extract.acronyms import find_acronyms
from casegraph.extract.candidates import CANDIDATES, make_span, source_of
from casegraph.extract.records import EntityType

ENTITIES = "casegraph"
# Words before a name that are not part of it ("the", "this system", "its unit").
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her"}
)
# Person names never contain these; a model PERSON made only of them is a misreading.
_NAME_CHARS = re.compile(r"[^\W\d_]")

if not Doc.has_extension("casegraph_acronyms"):
    Doc.set_extension("casegraph_acronyms", default=None)
if not Doc.has_extension("casegraph_skipped"):
    Doc.set_extension("casegraph_skipped", default=0)


@Language.factory(
    "casegraph_entities",
    requires=["doc.spans", "token.dep"],
    assigns=["doc.spans", "doc._.casegraph_acronyms"],
)
def make_entities(nlp: Language, name: str) -> EntityRules:
    return EntityRules(common_words=_common_words(nlp))


def _common_words(nlp: Language) -> frozenset[str]:
    """The English words the model's lemmatizer knows (its WordNet-derived index): a name
    made only of words outside it is more likely a person's than an organisation's."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for pos in ("noun", "verb", "adj", "adv") for w in index.get(pos, ()))


class EntityRules:
    """Clean, type and de-overlap candidate spans; link acronyms to their long forms."""

    def __init__(self, *, common_words: frozenset[str] = frozenset()):
        self.common_words = common_words
        self.titles = knowledge.words("titles", "words")
        self.honorifics = knowledge.words("titles", "honorifics")
        self.roles = knowledge.words("titles", "roles")
        self.heads = {
            EntityType(t.capitalize()): knowledge.words("heads", t)
            for t in ("organization", "database", "operation", "event", "place")
        }
        self.body_words = knowledge.words("heads", "body_words")
        self.copula = {
            EntityType(t): knowledge.words("copula_types", t)
            for t in knowledge.lexicon()["copula_types"]
        }
        self.list_nouns = {
            EntityType.ORGANIZATION: knowledge.words("list_nouns", "organization"),
            EntityType.PLACE: knowledge.words("list_nouns", "place"),
        }
        self.not_names = knowledge.words("not_names", "words") | knowledge.currency_names()
        self.head_words = frozenset().union(*self.heads.values())
        self.small_places = knowledge.small_place_names()
        self.postnominals = knowledge.words("titles", "postnominals")
        self.bare_titles = self.titles - {"of", "and", "the", "for"}
        self.possessor_nouns = knowledge.words("not_names", "possessor_nouns")
        self.particles = knowledge.words("titles", "name_particles")
        self.keep_possessive = knowledge.words("not_names", "keep_possessive_patterns")
        self.months = knowledge.words("not_names", "months")
        self.lower_generic = knowledge.words("not_names", "lowercase_heads")
        self.place_words = knowledge.words("not_names", "place_words")
        self.plural_heads = knowledge.words("not_names", "plural_heads")
        self.malware_words = knowledge.words("not_names", "software_nouns")
        self.gazetteer_forms = frozenset(knowledge.gazetteer_index())
        rows = knowledge.demonym_table()
        names = {n.lower() for row in rows for n in (row["name"], *row["name_forms"])}
        # "Tajik", "Kenyan"; not "Netherlands", which is both
        self.demonyms = frozenset(d.lower() for row in rows for d in row["demonyms"]) - names
        self.country_forms = frozenset(
            f.lower() for row in rows for f in (row["name"], *row["name_forms"])
        )
        self.unit_heads = frozenset(knowledge.relation_lexicon()["units"]["heads"])
        self.participant_nouns = frozenset(knowledge.relation_lexicon()["participants"]["nouns"])
        self.law_heads = knowledge.words("not_names", "law_heads")
        self.place_kinds = frozenset(knowledge.relation_lexicon()["places"]["kinds"])
        self.naming_words = knowledge.words("naming", "words")
        self.named_nouns = {
            w.lower(): EntityType(t)
            for t, ws in knowledge.lexicon()["naming"]["nouns"].items()
            for w in ws
        }
        self.priority = knowledge.lexicon()["source_priority"]

    def __call__(self, doc: Doc) -> Doc:
        skipped = 0
        cleaned: list[Span] = []
        candidates = [part for span in doc.spans[CANDIDATES] for part in self._split(span)]
        for span in candidates + self._list_members(doc):
            span = self._clean(span)
            if span is None:
                skipped += 1
                continue
            cleaned.append(self._retype(span))
        chosen = self._select(cleaned + self._named_after(doc) + self._of_country(cleaned))
        chosen = self._select(
            chosen + self._appositive_units(doc, chosen) + self._named_by_role(doc)
        )
        chosen, acronyms = find_acronyms(doc, self._select(chosen), retype=self._retype)
        chosen = _places_listed_with_places(_surnames_of_people(chosen))
        doc.spans[ENTITIES] = chosen
        doc._.casegraph_acronyms = sorted(
            {*acronyms, *_appositive_names(doc, chosen), *_alias_names(doc, chosen)}
        )
        doc._.casegraph_skipped = skipped
        return doc

    # -- cleaning ------------------------------------------------------------------

    def _split(self, span: Span) -> list[Span]:
        """The model's one name for several: "Bitdefender, Proofpoint", "Europol and the
        European Commission", "Nordwave and Kestrel", "Assistant Attorney General Jane Roe of
        the Justice Department" (a person, then her office). Names that hold "and" or "of"
        themselves ("Office of Drugs and Crime") stay whole."""
        if source_of(span) not in ("model", "pattern"):
            return [span]
        person = self._person_of_org(span)
        if person is not None:  # the body's part may still name several
            return [person[0], *self._cut(person[1])]
        titled = self._org_then_person(span)
        if titled is not None:
            return titled
        return self._cut(span)

    def _org_then_person(self, span: Span) -> list[Span] | None:
        """ "AFP Detective Superintendent Andrew Donoghoe", "MBC commander Rear Admiral Peter
        Laver" as one model name: the body, then titles, then the person."""
        if span.label_ != EntityType.ORGANIZATION:
            return None
        doc = span.doc
        titles = [t.i for t in span if t.lower_.rstrip(".") in self.bare_titles]
        if not titles:
            return None
        first, last = titles[0], titles[-1]
        if first == span.start:  # "IGP Kayode Adeolu Egbetokun": titles, then the person
            name = doc[last + 1 : span.end]
            if last - first + 1 != len(titles) or not 2 <= len(name) <= 4:
                return None
            if all(t.is_title and t.pos_ == "PROPN" for t in name) and not any(
                t.lower_ in self.head_words for t in name
            ):
                return [make_span(doc, name.start, name.end, EntityType.PERSON, "title")]
            return None
        if any(doc[i].lower_.rstrip(".") not in self.bare_titles for i in range(first, last)):
            return None
        name = doc[last + 1 : span.end]
        owner = doc[span.start : first]
        if not 2 <= len(name) <= 4 or not all(t.is_title and t.pos_ == "PROPN" for t in name):
            return None
        if any(t.lower_ in self.head_words for t in name):
            return None
        if owner.text.lower() not in self.gazetteer_forms and not owner.text.isupper():
            return None
        return [
            make_span(doc, owner.start, owner.end, EntityType.ORGANIZATION, span.id_),
            make_span(doc, name.start, name.end, EntityType.PERSON, "title"),
        ]

    def _cut(self, span: Span) -> list[Span]:
        doc = span.doc
        owner = self._unit_of_owner(span)
        if owner is not None:  # "the Cyber Crime Unit of the Federal Police": two bodies
            return [*self._cut(owner[0]), *self._cut(owner[1])]
        cuts = []
        for tok in span:
            if not span.start < tok.i < span.end - 1:
                continue
            if tok.text == "," and span.label_ != EntityType.PLACE:
                cuts.append(tok.i)
            elif tok.text == "," and self._known_places_around(span, tok):
                cuts.append(tok.i)  # "Democratic Republic of the Congo, Gabon": a list
            elif tok.lower_ in ("and", "&") and self._coordinates_names(span, tok):
                cuts.append(tok.i)
        if not cuts:
            return [span]
        parts, start = [], span.start
        for cut in [*cuts, span.end]:
            end = cut
            s0 = start + 1 if start < end and doc[start].lower_ == "the" else start
            if s0 < end:
                parts.append(make_span(doc, s0, end, span.label_, span.id_))
            start = cut + 1
        return parts

    def _known_places_around(self, span: Span, comma: Token) -> bool:
        left = span.doc[span.start : comma.i].text.lower().removeprefix("the ")
        right = span.doc[comma.i + 1 : span.end].text.lower().removeprefix("the ")
        return left in self.country_forms and right in self.country_forms

    def _unit_of_owner(self, span: Span) -> tuple[Span, Span] | None:
        """A unit's name, then "of (the)" and the body it belongs to; "Ministry of the Interior"
        and "Office of the Prosecutor" stay whole (what follows "of" is no body's name)."""
        if span.label_ != EntityType.ORGANIZATION:
            return None
        doc = span.doc
        for tok in span:
            if tok.lower_ != "of" or not span.start + 1 < tok.i < span.end - 1:
                continue
            owner_start = tok.i + 2 if doc[tok.i + 1].lower_ == "the" else tok.i + 1
            unit_head = doc[tok.i - 1].lower_ in self.unit_heads
            owner_head = doc[span.end - 1].lower_ in self.heads[EntityType.ORGANIZATION]
            known = doc[owner_start : span.end].text.lower() in self.gazetteer_forms
            # "the Cyber Crime Unit of the Federal Police" is two bodies, "the General
            # Commissariat of Judicial Police" one
            article = owner_start == tok.i + 2
            if unit_head and ((owner_head and article) or known) and owner_start < span.end:
                return (
                    make_span(doc, span.start, tok.i, span.label_, span.id_),
                    make_span(doc, owner_start, span.end, span.label_, span.id_),
                )
        return None

    def _coordinates_names(self, span: Span, tok: Token) -> bool:
        doc = span.doc
        left, right = doc[span.start : tok.i], doc[tok.i + 1 : span.end]
        if right[0].lower_ == "the":
            # "Europol and the European Commission", "the Central Service for International
            # Police Cooperation and the Federal Police"
            return True
        if any(t.pos_ == "ADP" or t.lower_ == "of" for t in left):
            return False  # "Office of Drugs and Crime", "Bureau of Alcohol, Tobacco, ..."
        # "Ports and Maritime Command" is one name: a lone plural noun is no name of its own
        lone_common = len(left) == 1 and left[0].tag_ in ("NNS", "NNPS", "NN")
        if right.root.dep_ == "conj" and right.root.head == left.root and not lone_common:
            return True
        known = left.text.lower() in self.gazetteer_forms or left.text.isupper()
        return known or (left[-1].lower_ in self.head_words and right[-1].lower_ in self.head_words)

    def _person_of_org(self, span: Span) -> list[Span] | None:
        """ "Assistant Attorney General Kenneth A. Polite Jr. of the Justice Department", "Gen.
        Khin Yi of the Myanmar Police Force": a person, then the body they belong to."""
        doc = span.doc
        if span.label_ != EntityType.ORGANIZATION:
            return None
        of = next((t.i for t in span if t.lower_ == "of"), None)
        if of is None or of == span.start:
            return None
        start = span.start
        while start < of and doc[start].lower_.rstrip(".") in self.bare_titles:
            start += 1
        titled = start > span.start
        name = doc[start:of]
        if not 1 <= len(name) <= 5 or not all(t.text[:1].isupper() for t in name):
            return None
        if len(name) == 1 and name[0].tag_ in ("NNS", "NNPS"):
            return None  # "Officers of the National Police": no one's name
        if any(t.lower_ in self.head_words for t in name):
            return None
        unknown = [t for t in name if t.is_alpha and t.lower_ not in self.common_words]
        if not titled and (not unknown or 2 * len(unknown) < len(name)):
            return None
        org = of + 2 if of + 1 < span.end and doc[of + 1].lower_ == "the" else of + 1
        if span.end - org < 1 or doc[span.end - 1].lower_ not in self.head_words:
            return None
        out = [make_span(doc, start, of, EntityType.PERSON, "title")]
        out.append(make_span(doc, org, span.end, EntityType.ORGANIZATION, span.id_))
        return out

    def _clean(self, span: Span) -> Span | None:
        """Trim determiners, possessive owners, punctuation and titles; None if nothing is left."""
        doc = span.doc
        start, end = span.start, span.end
        if "\n" in span.text:  # a name never runs across a line break
            return None
        # "INTERPOL's Crimes Against Children unit": the owner is a mention of its own; but
        # "the Federal Prosecutor's Office" is one name.
        keep = span.id_.removeprefix("pattern:") in self.keep_possessive  # "Europe's Most Wanted"
        for tok in span:
            if tok.tag_ == "POS" and tok.i < end - 1 and tok.i > start and not keep:
                if doc[tok.i - 1].lower_ not in self.possessor_nouns:
                    start = tok.i + 1
        if end - start > 3 and doc[start].tag_ in ("NNS", "NNPS") and doc[start + 1].lower_ == "of":
            # "Agents of the National Police", "Operatives of the NDLEA": who, not the name
            if doc[start].lower_ in self.participant_nouns:
                start += 2
        while start < end and (doc[start].is_punct or doc[start].lower_ in _DETERMINERS):
            if doc[start].text == "A" and not doc[start].is_sent_start and start < end - 1:
                break  # "A Coruña", a name, not an article
            start += 1
        if start < end - 1 and doc[start].lower_ == "about" and _line_start(doc, start):
            start += 1  # an "About Europol" closing section's heading
            while start < end and doc[start].lower_ in ("the", "a", "an"):
                start += 1
        if source_of(span) == "pattern":
            # "Officers of the X unit": a capitalised common noun opening the sentence
            while start < end and (
                (
                    doc[start].is_sent_start
                    and doc[start].pos_ in ("NOUN", "VERB", "ADV", "ADJ")
                    and doc[start].lower_ not in self.heads[EntityType.OPERATION]
                )
                or (doc[start].lower_ in ("of", "the", "and", "for", "on") and start > span.start)
            ):
                start += 1
        for tok in doc[start : end - 1] if span.label_ != EntityType.PERSON else ():
            # "Operation Pandora V. Even ...": a name ends at a full stop inside it
            if tok.text.endswith(".") and len(tok.text) <= 4 and doc[tok.i + 1].is_title:
                if tok.text[:-1].isupper() and "." not in tok.text[:-1]:  # not "U.S."
                    end = tok.i + 1
                    break
        if source_of(span) == "pattern" and _title_case_line(doc, start):
            # "Operation Seizes Control Of LockBit": a headline in title case; a name stops
            # at its first verb
            verb = next((t.i for t in doc[start + 1 : end] if t.tag_ in ("VBZ", "VBD")), None)
            if verb is not None:
                end = verb
        if span.id_ == "pattern:operation-capitals" and _capitals_line(doc, start):
            return None  # "INTERPOL OPERATION NETS ...": a headline in capitals, no name
        if source_of(span) in ("model", "pattern") and not span.kb_id_:
            if start < end and _title_case_line(doc, start) and _headline(doc, start):
                # the tagger reads "Seizes" as a name in a title-case headline: a name there is
                # as long as the body confirms ("Operation Pandora V Nets ..."), else none
                trigger = (
                    span.label_ == EntityType.OPERATION
                    and doc[start].lower_ in self.heads[EntityType.OPERATION]
                )
                end = _confirmed_by_body(doc, start + 1 if trigger else start, end)
                if end is None:
                    return None
        while end > start and (
            (doc[end - 1].is_punct and doc[end - 1].text not in ").")
            or doc[end - 1].tag_ == "POS"
            or doc[end - 1].lower_ in ("in", "at", "of", "for", "and", "on", "to", "the")
        ):
            end -= 1
        if end > start and doc[end - 1].text == ")" and "(" not in doc[start:end].text:
            end -= 1
        label, rule = span.label_, span.id_
        if start < end and doc[start].lower_.rstrip(".") in self.honorifics and end - start > 1:
            label, rule = EntityType.PERSON, "title"  # "Ms de Wild"
        if label == EntityType.PERSON:
            while start < end and doc[start].lower_.rstrip(".") in self.titles:
                start += 1
            org_heads = self.heads[EntityType.ORGANIZATION]
            while end > start and (
                doc[end - 1].lower_ in self.titles - org_heads
                or doc[end - 1].lower_.rstrip(".") in self.postnominals
            ):
                end -= 1
            end = self._rest_of_name(doc, end)
            if start == span.start and rule == "model":
                start = self._first_name(doc, start, end)
        else:
            # "Director General of the National Crime Agency": the role is not part of it.
            j = start
            while j < end and (doc[j].lower_ in self.roles or doc[j].lower_ in self.bare_titles):
                j += 1
            role = doc[start].lower_ in self.roles or doc[start].lower_ in self.bare_titles
            if start < j < end - 1 and doc[j].lower_ == "of" and role:
                start = j + 1
                while start < end and doc[start].lower_ in ("the", "a", "an"):
                    start += 1
        if label == EntityType.PLACE and end - start > 1 and doc[end - 1].is_lower:
            if doc[end - 1].lower_ in self.place_words:  # "Shandong province"
                end -= 1
        if end <= start:
            return None
        text = doc[start:end].text
        if not _NAME_CHARS.search(text) or text.lower() in self.not_names or ":" in text:
            return None
        if text.lower() in self.demonyms:  # "the Tajik beneficiary agencies"
            return None
        if (
            end - start > 1
            and doc[end - 1].text.lower() in self.law_heads
            and doc[end - 1].is_title
        ):
            return None  # "the Comprehensive Dangerous Drugs Act": a law
        if not span.kb_id_ and not any(t.text[:1].isupper() for t in doc[start:end]):
            return None  # "the unit", "agency": a common noun, no name
        if source_of(span) in ("model", "pattern") and not span.kb_id_:
            words = [t for t in doc[start:end] if t.lower_.rstrip(".") not in self.bare_titles]
            if label == EntityType.ORGANIZATION and len(words) <= 1 and end - start > 1:
                body = doc[end - 1].lower_ in self.heads[EntityType.ORGANIZATION]
                if (not words and not body) or (words and words[0].lower_ in self.gazetteer_forms):
                    return None  # "Deputy Chief", "U.S. Magistrate": a title, not a body
            if source_of(span) == "pattern" and doc[end - 1].text in self.lower_generic:
                return None  # "Dutch police", "European customs": a description
            if label == EntityType.ORGANIZATION and doc[end - 1].lower_ in self.plural_heads:
                return None  # "National Liaison Offices": several bodies, not one
            if end < len(doc) and doc[end].lower_ in self.malware_words:
                return None  # "the Emotet botnet": software, not an entity
        if "(" in text and ")" not in text:  # a model span cut inside a parenthesis
            end = next(t.i for t in doc[start:end] if t.text == "(")
            text = doc[start:end].text
            if end <= start:
                return None
        if rule == "model" and not self._looks_like_a_name(doc[start:end]):
            return None
        if _wire_credit(doc, start, end):
            return None  # "WASHINGTON (Reuters) -", "NEW YORK (AFP) -": who wrote the story
        if label == EntityType.EVENT and rule == "model" and doc[start].lower_ in self.months:
            return None  # "September 11": a date
        if label == EntityType.PERSON:
            of = next((t.i for t in doc[start:end] if t.lower_ == "of"), None)
            heads = self.heads[EntityType.ORGANIZATION]
            rest = [t for t in doc[of + 1 : end] if t.lower_ != "the"] if of is not None else []
            if rest and len(rest) >= 2 and rest[0].is_title and doc[end - 1].lower_ in heads:
                # "Constable of Essex Police": a title and the body, no name
                start, label, rule = rest[0].i, EntityType.ORGANIZATION, "head"
        if label == EntityType.PERSON and rule == "model":
            # "G8", "COVID": digits or a lone all-capitals word are not a person's name.
            if any(c.isdigit() for c in text) or (end - start == 1 and text.isupper()):
                return None
            if not doc[start].text[:1].isupper():
                return None
        return make_span(doc, start, end, label, rule, span.kb_id_)

    def _first_name(self, doc: Doc, start: int, end: int) -> int:
        """Where a person's name really starts when the model cut its unfamiliar first word:
        "The passenger, Udogwu | James Johnson", "Briley | Jesus Ballera Farias, 32"."""
        if start == 0 or end - start < 2:
            return start
        before = doc[start - 1]
        if before.pos_ != "PROPN" or not before.is_title or not before.is_alpha:
            return start
        word = before.lower_
        if word in self.titles or word in self.roles or word in self.common_words:
            return start
        if (
            word in self.gazetteer_forms
            or word in self.demonyms
            or before.ent_type_ not in ("", "PERSON")
        ):
            return start
        if before.i > 0 and not (before.is_sent_start or doc[before.i - 1].is_punct):
            return start  # "Kenya Police ... Bruno Shioso": only after a comma or at the start
        return before.i

    def _rest_of_name(self, doc: Doc, end: int) -> int:
        """Where a person's name really ends when the model cut it short: "Khoo Boon | Hui",
        "María | del Pilar Hurtado Afanador"."""
        sent_end = doc[end - 1].sent.end if end > 0 else len(doc)
        while end < sent_end:
            tok = doc[end]
            if tok.lower_ in self.particles and end + 1 < sent_end and doc[end + 1].is_title:
                end += 2
                continue
            if (
                tok.is_title
                and tok.is_alpha
                and tok.lower_ not in self.common_words
                and tok.lower_ not in self.bare_titles
                and tok.lower_ not in self.head_words
                and tok.text.lower() not in self.gazetteer_forms
                and not tok.is_sent_start
            ):
                end += 1
                continue
            break
        return end

    def _person_shaped(self, span: Span) -> bool:
        """ "Artur Sungatov", "Ketil Ottersen": a name the model calls an organisation, made of
        words no English dictionary has, with no "the" before it, reads as a person's."""
        doc = span.doc
        words = [t for t in span if t.lower_ not in self.particles]
        if not 2 <= len(words) <= 4 or not all(t.is_title and t.is_alpha for t in words):
            return False
        if span.start > 0 and doc[span.start - 1].lower_ == "the":
            return False
        if span.text.lower() in self.gazetteer_forms:
            return False
        if any(t.lower_ in self.head_words or t.lower_ in self.bare_titles for t in words):
            return False
        if any(t.text.lower() in self.gazetteer_forms for t in words):
            return False  # "Ville de Montréal", "Qatar Airways": a place in the name
        unknown = [
            t
            for t in words
            if t.lower_ not in self.common_words and t.lemma_.lower() not in self.common_words
        ]
        return words[-1] in unknown and 2 * len(unknown) >= len(words)

    def _looks_like_a_name(self, span: Span) -> bool:
        """Rejects the model's capitalised common words: "Agency", "Non-EU", "Minister of the
        Interior", a sentence-initial "Arrest", "International Cooperation"."""
        first = span[0]
        if first.lower_.startswith("non-") or first.lower_ == "non":
            return False
        if len(span) == 1:
            return (
                first.pos_ == "PROPN"
                and first.lower_ not in self.head_words
                and first.lower_ not in self.titles  # "National", "International"
                and not self._after_role_of(span.doc, first.i)
            )
        return any(t.pos_ == "PROPN" for t in span)

    def _after_role_of(self, doc: Doc, i: int) -> bool:
        j = i - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        return j >= 1 and doc[j].lower_ == "of" and doc[j - 1].lower_ in self.roles

    # -- typing --------------------------------------------------------------------

    def _retype(self, span: Span) -> Span:
        """Apply the typing rules whose evidence is stronger than the model's guess."""
        if source_of(span) == "gazetteer":
            return span
        rules = [("copula", self._copula_type(span))]
        if span.label_ == EntityType.EVENT and self._standing_taskforce(span):
            rules.append(("head", EntityType.ORGANIZATION))
        if source_of(span) == "model":
            rules += [("title", self._title_type(span)), ("head", self._head_type(span))]
            if span.label_ == EntityType.ORGANIZATION and self._person_shaped(span):
                rules.append(("shape", EntityType.PERSON))
            if span.label_ == EntityType.ORGANIZATION and span.text in self.small_places:
                rules.append(("gazetteer", EntityType.PLACE))  # "Traunstein", a town
            if span.label_ != EntityType.PLACE and self._placed(span):
                rules.append(("head", EntityType.PLACE))
        for rule, label in rules:
            if label is not None:
                return make_span(span.doc, span.start, span.end, label, rule, span.kb_id_)
        return span

    def _placed(self, span: Span) -> bool:
        """Do the words around ``span`` say it is a place: "the city's Mong Kok district", "the
        municipality of Ames", "Africo in the province of X", "Segerea, a suburb of X"?"""
        doc = span.doc
        before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
        after = [t for t in doc[span.end : span.end + 4]]
        if after and after[0].is_lower and after[0].lower_ in self.place_words:
            return True
        if len(before) == 2 and before[0] in self.place_kinds and before[1] == "of":
            return True
        words = [t.lower_ for t in after]
        if words[:1] == [","] or words[:1] == ["in"]:
            rest = [w for w in words[1:] if w not in ("a", "an", "the")]
            return len(rest) >= 2 and rest[0] in self.place_kinds and rest[1] in ("of", "in")
        return False

    def _standing_taskforce(self, span: Span) -> bool:
        """ "Queensland Joint Organised Crime Taskforce" is a body, not a gathering."""
        taskforce = span[-1].lower_ == "taskforce" or span[-2:].text.lower() == "task force"
        return taskforce and any(t.lower_ in self.body_words for t in span)

    def _head_type(self, span: Span) -> EntityType | None:
        last = span[-1].lower_
        if span[0].lower_ == "operation" and len(span) > 1:
            return EntityType.OPERATION
        for label, heads in self.heads.items():
            # Gatherings are named with a capital ("General Assembly"), units need not be.
            if last in heads and len(span) > 1 and (label != EntityType.EVENT or span[-1].is_title):
                if label == EntityType.EVENT and self._standing_taskforce(span):
                    return EntityType.ORGANIZATION
                return label
        return None

    def _title_type(self, span: Span) -> EntityType | None:
        """ "Mr Moran", "Commissioner Michael X", "Ilana de Wild, Director," are people."""
        doc = span.doc
        if span[-1].lower_ in self.head_words:  # "Chief Constable of Essex Police"
            return None
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.text[:1].isupper():
            word = before.lower_.rstrip(".")
            if word in self.honorifics or word in self.roles:
                return EntityType.PERSON
        after = doc[span.end : span.end + 3]
        if len(after) == 3 and after[0].text in (",", "(") and after[1].like_num:
            if after[2].text in (",", ")") and after[1].text.isdigit() and int(after[1].text) < 120:
                return EntityType.PERSON  # "Gheorghe Nica, 43," / "Jane Roe (35)": an age
        if span.end + 1 < len(doc) and doc[span.end].text == ",":
            # ", Director," / ", Belgium's Minister of ..." / ", the head of ..."
            i = span.end + 1
            if i + 2 < len(doc) and doc[i + 1].tag_ == "POS":
                i += 2
            elif doc[i].lower_ == "the":
                i += 1
            if i < len(doc) and doc[i].lower_ in self.roles and self._head_type(span) is None:
                return EntityType.PERSON
        return None

    def _copula_type(self, span: Span) -> EntityType | None:
        """ "The ViLab is a mobile investigative tool": the predicate noun types the subject."""
        root = span.root
        nouns: list[Token] = []
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            nouns = [t for t in root.head.children if t.dep_ == "attr"]
        # "X, a database of ...": an indefinite appositive noun, not "X, the ICSE database".
        nouns += [
            t
            for t in root.children
            if t.dep_ == "appos"
            and t.pos_ == "NOUN"
            and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)
        ]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":  # "his wife, Remedios Nieto Mayo"
            nouns.append(root.head)
        for noun in nouns:
            for label, words in self.copula.items():
                if noun.lemma_.lower() in words:
                    return label
        return None

    def _list_members(self, doc: Doc) -> list[Span]:
        """ "partners such as A and B", "companies including A", "N ... along with A, B"."""
        out = []
        for tok in doc:
            members: list[Token] = []
            label = None
            if tok.lower_ == "as" and tok.i > 0 and doc[tok.i - 1].lower_ == "such":
                label = self._list_label(tok.head)
                members = [c for c in tok.children if c.dep_ == "pobj"]
            elif tok.lower_ == "including" and tok.dep_ == "prep":
                label = self._list_label(tok.head)
                members = [c for c in tok.children if c.dep_ == "pobj"]
            elif tok.lower_ == "with" and tok.head.lower_ in ("along", "together"):
                verb = tok.head.head
                subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                label = self._list_label(subjects[0]) if subjects else None
                members = [c for c in tok.children if c.dep_ == "pobj"]
            if label is None:
                continue
            for member in members:
                for m in [member, *member.conjuncts]:
                    if m.pos_ != "PROPN":
                        continue
                    start = min([m.i] + [c.i for c in m.children if c.dep_ == "compound"])
                    out.append(make_span(doc, start, m.i + 1, label, "list"))
        return out

    def _list_label(self, noun: Token) -> EntityType | None:
        for label, nouns in self.list_nouns.items():
            if noun.lower_ in nouns:
                return label
        return None

    def _appositive_units(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """ "Ilana de Wild, Director, Organized and Emerging Crime," names the person's unit."""
        out = []
        for span in chosen:
            if span.label_ != EntityType.PERSON:
                continue
            i = span.end
            if not (
                i + 2 < len(doc)
                and doc[i].text == ","
                and doc[i + 1].lower_ in self.roles
                and doc[i + 2].text == ","
            ):
                continue
            start = end = i + 3
            while end < len(doc) and (
                doc[end].text[:1].isupper() or doc[end].lower_ in ("and", "of", "&")
            ):
                end += 1
            while end > start and not doc[end - 1].text[:1].isupper():
                end -= 1
            if start < end < len(doc) and doc[end].text in (",", ".", ";"):
                out.append(make_span(doc, start, end, EntityType.ORGANIZATION, "appos"))
        return out

    def _named_after(self, doc: Doc) -> list[Span]:
        """ "an operation, codenamed Pangea", "a platform called AN0M", "the meeting, known as
        the Lyon Forum": the name that follows a naming word is an entity of the noun's type."""
        out = []
        for tok in doc:
            if tok.lower_ not in self.naming_words or tok.i + 1 >= len(doc):
                continue
            start = tok.i + 1
            if tok.lower_ == "as":  # "known as"
                if tok.i == 0 or doc[tok.i - 1].lower_ != "known":
                    continue
            noun = next(
                (
                    t
                    for t in reversed(doc[max(tok.sent.start, tok.i - 4) : tok.i])
                    if t.lower_ in self.named_nouns
                ),
                None,
            )
            if noun is None:
                continue
            while start < len(doc) and (doc[start].is_quote or doc[start].lower_ == "the"):
                start += 1
            end = start
            while end < len(doc) and (
                doc[end].text[:1].isupper() or doc[end].text[:1].isdigit() or doc[end].text == "-"
            ):
                end += 1
            while end > start and doc[end - 1].text == "-":
                end -= 1
            if end > start:
                out.append(make_span(doc, start, end, self.named_nouns[noun.lower_], "named"))
        return out

    def _of_country(self, spans: list[Span]) -> list[Span]:
        """ "the State Border Guard Service of Ukraine", "the National Police of Colombia": a
        body's name runs on with "of (the) <country>"."""
        out = []
        countries = {s.start: s for s in spans if s.kb_id_.startswith("country:")}
        heads = self.heads[EntityType.ORGANIZATION]
        for s in spans:
            if s.label_ != EntityType.ORGANIZATION or s[-1].lower_ not in heads:
                continue
            doc, i = s.doc, s.end
            if i + 1 >= len(doc) or doc[i].lower_ != "of":
                continue
            j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
            country = countries.get(j)
            if country is not None:
                out.append(make_span(doc, s.start, country.end, s.label_, s.id_))
        return out

    def _select(self, spans: list[Span]) -> list[Span]:
        return select(spans, self.priority)

    def _named_by_role(self, doc: Doc) -> list[Span]:
        """ "Troels Oerting, Head of ...": capitalised words before ", <Role>" name a person;
        so do those after a role and any ranks ("Hawks spokesperson Capt Ndivhuwo Mulamu")."""
        out = []
        heads = set().union(*self.heads.values())
        for tok in doc:
            if tok.lower_ in self.roles and tok.pos_ == "NOUN":
                start = tok.i + 1
                while start < len(doc) and doc[start].lower_.rstrip(".") in self.titles:
                    start += 1
                end = start
                while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title:
                    end += 1
                if 2 <= end - start <= 4 and doc[end - 1].lower_ not in heads:
                    if end == len(doc) or doc[end].tag_ != "POS":
                        out.append(make_span(doc, start, end, EntityType.PERSON, "title"))
            if not (tok.lower_ in self.roles and tok.text[:1].isupper() and tok.i >= 3):
                continue
            if doc[tok.i - 1].text != ",":
                continue
            end = start = tok.i - 1
            while (
                start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper()
            ):
                start -= 1
            if 2 <= end - start <= 4 and doc[start].lower_ not in self.titles:
                if doc[end - 1].lower_ not in heads:
                    out.append(make_span(doc, start, end, EntityType.PERSON, "title"))
        return out


def _places_listed_with_places(spans: list[Span]) -> list[Span]:
    """In a list of three or more names, two thirds of them places ("Apulia, Lombardy,
    Liguria, Veneto and Campania"), the model's other guesses are places too."""
    spans = sorted(spans, key=lambda s: (s.start, s.end))
    groups: list[list[int]] = []
    for i, s in enumerate(spans):
        prev = spans[i - 1] if i else None
        gap = s.doc[prev.end : s.start].text.strip() if prev is not None else None
        if groups and gap in (",", "and", ", and", "or", ", or"):
            groups[-1].append(i)
        else:
            groups.append([i])
    out = list(spans)
    for group in (g for g in groups if len(g) >= 3):
        places = [i for i in group if spans[i].label_ == EntityType.PLACE]
        if 3 * len(places) < 2 * len(group):
            continue
        for i in group:
            if spans[i].label_ != EntityType.PLACE and source_of(spans[i]) == "model":
                out[i] = make_span(
                    spans[i].doc, spans[i].start, spans[i].end, EntityType.PLACE, "list"
                )
    return out


def _surnames_of_people(spans: list[Span]) -> list[Span]:
    """A one-word name that is the surname of a person the article names in full is that person,
    whatever a gazetteer or the model says: "Ali Hassan ... the FBI arrested Hassan" (Hassan is
    also a town in India). Not after a place preposition ("flew to Jordan")."""
    people = [s for s in spans if s.label_ == EntityType.PERSON and len(s) >= 2]
    surnames = {s[-1].text for s in people if s[-1].is_title}
    out = []
    for s in spans:
        before = s.doc[s.start - 1].lower_ if s.start else ""
        if (
            len(s) == 1
            and s.label_ != EntityType.PERSON
            and s.text in surnames
            and before not in ("in", "to", "from", "at", "near", "of", "across")
        ):
            s = make_span(s.doc, s.start, s.end, EntityType.PERSON, "surname")
        out.append(s)
    return out


def _appositive_names(doc: Doc, chosen: list[Span]) -> list[tuple[str, str]]:
    """ "The Hawks, the South African Police Service's Directorate for Priority Crime
    Investigation (DPCI), ...": an organisation named again, in full, right after a comma.
    Returned as (name, other name) pairs, like acronym definitions."""
    out = []
    for n, a in enumerate(chosen):
        if a.label_ != EntityType.ORGANIZATION or a.end + 2 >= len(doc):
            continue
        if doc[a.end].text != "," or doc[a.end + 1].lower_ != "the":
            continue
        rest = chosen[n + 1 : n + 3]
        if len(rest) == 2 and rest[0].start == a.end + 2 and doc[rest[0].end].tag_ == "POS":
            b = rest[1]  # "the SAPS's DPCI": the owner stands in between
            if b.start != rest[0].end + 1:
                continue
        elif rest and rest[0].start == a.end + 2:
            b = rest[0]
        else:
            continue
        if b.label_ != a.label_ or b.end >= len(doc) or doc[b.end].text != ",":
            continue
        if b.end + 1 < len(doc) and doc[b.end + 1].lower_ in ("and", "or", "the"):
            continue  # "X, the Y, and the Z", "X, the Y, the Z and ...": a list
        if a.kb_id_ and b.kb_id_ and a.kb_id_ != b.kb_id_:
            continue  # two bodies the gazetteer knows apart
        out.append((_strip_parens(a.text), _strip_parens(b.text)))
    return out


_ALIAS_CUES = ("alias", "aka", "nicknamed", "dubbed")


def _alias_names(doc: Doc, chosen: list[Span]) -> list[tuple[str, str]]:
    """ "Dairo Antonio Úsuga, the drug lord known as "Otoniel"", "the Italian Financial Corps
    (Guardia di Finanza)": one entity under a second name."""
    out = []
    for a, b in pairwise(chosen):
        between = doc[a.end : b.start]
        words = [t.lower_ for t in between if not t.is_quote]
        if a.label_ == b.label_ == EntityType.ORGANIZATION and words == ["("]:
            if b.end < len(doc) and doc[b.end].text == ")" and not b.text.isupper():
                out.append((_strip_parens(a.text), _strip_parens(b.text)))
            continue
        if a.label_ != EntityType.PERSON or len(between) > 10 or a.sent != b.sent:
            continue
        known_as = len(words) >= 2 and words[-2:] == ["known", "as"]
        if known_as or (words and words[-1] in _ALIAS_CUES):
            if "," in words[:1] or len(words) <= 2:  # the alias belongs to the name before
                out.append((a.text, b.text))
    return out


def _strip_parens(text: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def _wire_credit(doc: Doc, start: int, end: int) -> bool:
    """ "WASHINGTON (Reuters) -", "PARIS (AFP) –": a name in parentheses after a dateline's
    capitals at the start of a paragraph."""
    if start < 2 or end >= len(doc) or doc[start - 1].text != "(" or doc[end].text != ")":
        return False
    place = start - 2
    while place > 0 and doc[place].is_upper and not _line_start(doc, place):
        place -= 1
    return doc[place].is_upper and _line_start(doc, place)


def _title_case_line(doc: Doc, i: int) -> bool:
    """Is token ``i`` in a sentence written in title case ("Operation Seizes Control Of ...")?"""
    sent = doc[i].sent
    known = doc.user_data.setdefault("casegraph_title_lines", {})  # one answer per sentence
    if sent.start not in known:
        words = [t for t in sent if t.is_alpha]
        small_words = ("of", "the", "and", "in", "to", "for", "on", "as")
        small = [t for t in words[1:] if t.lower_ in small_words]
        known[sent.start] = (
            len(words) >= 4
            and any(t.is_title for t in small)
            and sum(t.is_title for t in words) >= 0.7 * len(words)
        )
    return known[sent.start]


def _headline(doc: Doc, i: int) -> bool:
    """Is token ``i`` in a line of its own with no full stop at its end (a headline)?"""
    sent = doc[i].sent
    words = [t for t in sent if not t.is_space]
    return _line_start(doc, words[0].i) and words[-1].text not in (".", "!", "?")


def _capitals_line(doc: Doc, i: int) -> bool:
    """Is token ``i`` in a sentence written in capitals?"""
    words = [t for t in doc[i].sent if t.is_alpha]
    return sum(t.is_upper for t in words) >= 0.7 * len(words)


def _confirmed_by_body(doc: Doc, first: int, end: int) -> int | None:
    """Where a name on a headline ends: after the longest run of its words from ``first`` on
    that the rest of the text repeats; None if it repeats none."""
    sent = doc[first].sent
    rest = doc.text[: sent.start_char] + "\n" + doc.text[sent.end_char :]
    for k in range(end, first, -1):
        if doc[first:k].text in rest:
            return k
    return None


def _line_start(doc: Doc, i: int) -> bool:
    return i == 0 or "\n" in doc[i - 1].text or doc[i - 1].text.endswith("\n")


def select(spans: list[Span], priority: dict[str, int]) -> list[Span]:
    """Keep the longest, then most trusted, non-overlapping spans."""
    order = sorted(spans, key=lambda s: (-(s.end - s.start), -priority[source_of(s)], s.start))
    taken: set[int] = set()
    out = []
    for s in order:
        if taken.isdisjoint(range(s.start, s.end)):
            out.append(s)
            taken.update(range(s.start, s.end))
    return out
