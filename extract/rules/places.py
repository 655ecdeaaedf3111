"""Where things are: "LYON, France", "Operation X ... in Colombia", the dateline."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from casegraph.extract.names import name_key
from casegraph.extract.rules.context import ACTIONS, Context, FoundLink, T, verb_phrase


def place_in_place(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "LYON, France", "Hamilton, Bermuda", "Tilbury, Essex", "Mayobridge, County Down": a
    town, then the state, county or country it is in (not a list of countries or cities)."""
    for a, b in pairwise(ctx.mentions):
        if a.label_ != T.PLACE or b.label_ != T.PLACE or doc[a.end : b.start].text != ",":
            continue
        inner, outer = a.kb_id_.split(":")[0], b.kb_id_.split(":")[0]
        if inner in ("country", "region") or outer == "city":
            continue
        if outer != "country" and b.end < len(doc) and doc[b.end].lower_ in (",", "and"):
            following = ctx.listed(b.end + 1, (T.PLACE,))
            if following:  # "Alberta, British Columbia, Nova Scotia and ...": a list
                continue
        yield ctx.link("containedInPlace", a, b, "place-comma-place")


def place_part_of_place(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Segerea, a suburb of Dar es Salaam", "the Westend district of Frankfurt", "Africo in
    the province of Reggio Calabria", "Milladoiro, in the municipality of Ames", "Ames (A
    Coruña)": a place, then words that make it part of the next."""
    for a, b in pairwise(ctx.mentions):
        if a.label_ != T.PLACE or b.label_ != T.PLACE or a.kb_id_.startswith("country:"):
            continue
        between = list(doc[a.end : b.start])
        if [t.text for t in between] == ["("]:
            if b.end < len(doc) and doc[b.end].text == ")":
                yield ctx.link("containedInPlace", a, b, "place-part-of-place")
            continue
        after = doc[b.end] if b.end < len(doc) else None
        if [t.lower_ for t in between] in ([",", "a"], [",", "an"]) and after is not None:
            if after.lower_ in ctx.know.place_kinds:  # "Ntinda, a Kampala suburb"
                yield ctx.link("containedInPlace", a, b, "place-part-of-place")
                continue
        words = between[1:] if between[:1] and between[0].text == "," else between
        words = words[1:] if words[:1] and words[0].lower_ == "in" else words
        words = words[1:] if words[:1] and words[0].lower_ in ("a", "an", "the") else words
        while words and words[0].pos_ == "ADJ":  # "a coastal city in"
            words = words[1:]
        if len(words) < 2 or words[0].lower_ not in ctx.know.place_kinds:
            continue
        # "... a coastal city in northeastern Brazil"
        if words[1].lower_ in ("of", "in") and all(t.pos_ == "ADJ" for t in words[2:]):
            inner, outer = a, b
            if between[0] is words[0] and a.kb_id_ and not b.kb_id_:
                # "the Sydney suburb of Balgowlah" (but "the Westend district of Frankfurt"):
                # the place the gazetteer knows is the larger
                inner, outer = b, a
            yield ctx.link("containedInPlace", inner, outer, "place-part-of-place")


def located_in(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """An event or operation whose clause says "in <Place>"."""
    for place in (m for m in ctx.mentions if m.label_ == T.PLACE):
        root = place.root
        while root.dep_ == "conj" and root.head.i != root.i:  # "in A, B and C"
            root = root.head
        prep = root.head
        if root.dep_ != "pobj" or prep.lower_ not in ("in", "at"):
            continue
        tok, hops = prep.head, 0
        while hops < 10:
            m = ctx.mention(tok)
            if m is not None and m.label_ in (T.EVENT, T.OPERATION):
                yield ctx.link("location", m, place, "located-in")
                break
            found = None
            for c in tok.children:  # "INTERPOL coordinated Operation X, ... in Y"
                if c.dep_ in ("dobj", "nsubj", "nsubjpass", "appos"):
                    found = ctx.mention(c)
                elif c.dep_ == "prep" and c.lower_ in ("for", "during", "of") and c != prep:
                    found = next((ctx.mention(o) for o in c.children if ctx.mention(o)), None)
                if found is not None and found.label_ in (T.EVENT, T.OPERATION):
                    break
                found = None
            if found is not None:
                yield ctx.link("location", found, place, "located-in")
                break
            if tok.lemma_.lower() in ctx.know.action_verbs and ctx.salient is not None:
                if ctx.salient.label_ == T.OPERATION:  # "servers were taken down in X"
                    yield ctx.link("location", ctx.salient, place, "action-in")
                    break
            if tok.head.i == tok.i:
                break
            tok, hops = tok.head, hops + 1


def person_from(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Gheorghe Nica, 43, from Basildon", "Eamonn Harrison, 24, of Mayobridge", "Mostapha
    Mouzouni of Morocco": where a person is from (or whom a delegate represents)."""
    for person in (m for m in ctx.mentions if m.label_ == T.PERSON and m.id_ != "anaphor"):
        i = person.end
        if i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].like_num:
            i += 3 if doc[i + 2].text == "," else 2  # the age
        words = [t.lower_ for t in doc[i : i + 2]]
        if not words or words[0] not in ("from", "of"):
            continue
        j = i + 2 if words[1:2] == ["the"] else i + 1
        for place in ctx.listed(j, (T.PLACE,))[:2]:
            yield ctx.link("location", person, place, "person-from")


def stays_in(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Kerry was in Paris", "X is in custody in Canada", "Y is being held in the United
    States", "a network active in the Netherlands and Belgium": where someone is."""
    for tok in ctx.tokens:
        lemma = tok.lemma_.lower()
        if lemma not in ctx.know.stative_words:
            continue
        places = ctx.prep_objects(tok, ("in", "at", "inside"), (T.PLACE,))
        if not places:
            continue
        if tok.dep_ in ("amod", "acl"):  # "a network active in ..."
            who = [_holder_of(ctx, tok.head)] if _holder_of(ctx, tok.head) else []
            if tok.head.dep_ == "appos" and not who:
                who = [ctx.mention(tok.head.head)] if ctx.mention(tok.head.head) else []
        else:
            who = [
                m for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for m in ctx.expand(c)
            ]
        for w in who:
            if w is not None and w.label_ in (T.PERSON, T.ORGANIZATION):
                for place in places:
                    yield ctx.link("location", w, place, "stays-in")


def based_in(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "X, based in Y", "X is headquartered in Y", "the Y-based X", "X's headquarters in Y"."""
    words = ctx.know.based_words
    for tok in ctx.tokens:
        if tok.lower_ not in words:
            continue
        if tok.i >= 2 and doc[tok.i - 1].text == "-":  # "the Hague-based agency"
            place = ctx.mention(doc[tok.i - 2])
            thing = _holder_of(ctx, tok.head) if tok.dep_ == "amod" else None
            if thing is None:
                thing = next(
                    (m for t in doc[tok.i + 1 : tok.i + 4] if (m := ctx.mention(t)) is not None),
                    None,
                )
            if place is not None and place.label_ == T.PLACE and thing is not None:
                if thing.label_ != T.PLACE:
                    yield ctx.link("location", thing, place, "based-in")
            continue
        places = ctx.prep_objects(tok, ("in", "at", "near"), (T.PLACE,))
        if not places:
            continue
        if tok.lower_ in ("headquarters", "seat", "offices"):
            thing = next(
                (ctx.mention(c) for c in tok.children if c.dep_ == "poss" and ctx.mention(c)),
                None,
            )
        elif tok.dep_ in ("acl", "amod"):
            thing = _holder_of(ctx, tok.head)
        else:
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ in ("which", "that", "who"):
                subject = tok.head if tok.dep_ == "relcl" else None  # "X, which is based in"
            found = ctx.expand(subject)[:1] if subject is not None else []
            thing = found[0] if found else None
        if thing is not None and thing.label_ != T.PLACE:
            for place in places:
                yield ctx.link("location", thing, place, "based-in")


def arrested_in(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "X was arrested in Madrid", "police detained X at Lagos airport": where a person was."""
    verbs = ctx.know.arrest_verbs
    for tok in ctx.tokens:
        if tok.pos_ != "VERB":
            continue
        if tok.lemma_.lower() not in verbs and ctx.know.verbs.get(verb_phrase(tok)) != "arrest":
            continue
        people = [
            m  # "a student of X, Ali Mohammed, was arrested": with appositions
            for c in tok.children
            if c.dep_ in ("nsubjpass", "dobj")
            for m in ctx.members(c, (T.PERSON,), closed=("relcl", "advcl", "ccomp"))
        ]
        if tok.dep_ == "relcl" and not people:  # "X, who was arrested in Y"
            people = [m for m in ctx.expand(tok.head) if m.label_ == T.PERSON]
        if not people or ctx.modality(tok) is None:
            continue
        for place in ctx.prep_objects(tok, ("in", "at"), (T.PLACE,)):
            for person in people:
                yield ctx.link("location", person, place, "arrested-in")


def name_place(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Royal Malaysia Police", "the Dutch National Police", "Spain's Guardia Civil": the
    country a body's name (or the demonym before it) implies; flagged as name-derived."""
    countries, public = ctx.know.country_words, ctx.know.public_heads
    places = {
        name_key(m.text): m
        for m in reversed(ctx.mentions)
        if m.label_ == T.PLACE and m.id_ != "anaphor"
    }
    for m in ctx.mentions:
        if m.label_ != T.ORGANIZATION or m.id_ == "anaphor" or m.kb_id_.startswith("country:"):
            continue
        name = m
        if m[-1].text == ")" and "(" in m.text:  # "Ontario Provincial Police (OPP)"
            name = doc[m.start : next(t.i for t in m if t.text == "(")]
        # "Qatar Airways" serves no country by its name; "Police of Ukraine" does
        ends = [name[-1], *(t.nbor(-1) for t in name[1:] if t.lower_ == "of")] if len(name) else []
        if not any(t.lower_ in public for t in ends):
            continue
        words = [t for t in name] + ([doc[m.start - 1]] if m.start > 0 else [])
        found = {
            countries[t.text]
            for t in words
            if t.text in countries and not _compound_demonym(doc, t.i)
        }
        for i in range(len(name) - 1):  # two-word names: "South Africa", "Czech Republic"
            pair = f"{name[i].text} {name[i + 1].text}"
            if pair in countries:
                found.add(countries[pair])
        if len(found) == 1:
            yield ctx.link("areaServed", m, f"country:{found.pop()}", "name-place")
        elif not found and (place := _local_place(ctx, name, places)) is not None:
            yield ctx.link("areaServed", m, place, "name-place")


def _local_place(ctx: Context, name: Span, places: dict[str, Span]) -> Span | str | None:
    """ "Essex Police", "Hamburg Main Customs Office", "Sûreté du Québec": the town, county or
    state that opens a body's name or follows its last "of"/"du"/"de", when the article names
    that place too (else when the gazetteer knows it as a city or state)."""
    words = list(name)
    tails = [i + 1 for i, t in enumerate(words) if t.lower_ in ("of", "du", "de", "des", "for")]
    runs = [words[:n] for n in (3, 2, 1) if n < len(words)]
    if tails:
        runs.insert(0, [t for t in words[tails[-1] :] if t.lower_ not in ("la", "the")])
    for run in runs:
        if not run or not run[0].is_title:
            continue
        key = name_key(" ".join(t.text for t in run))
        if key in places:
            return places[key]
        canonical = ctx.know.local_places.get(key)
        if canonical is not None:
            return canonical
    return None


def place_wide(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Europe-wide Operation Pandora V", "a Europe-wide operation": where an operation or
    gathering took place."""
    for tok in ctx.tokens:
        if tok.lower_ != "wide" or tok.i < 2 or doc[tok.i - 1].text not in ("-", "–"):
            continue
        place = ctx.mention(doc[tok.i - 2])
        if place is None or place.label_ != T.PLACE:
            continue
        end = min(tok.i + 5, tok.sent.end)
        target = next(
            (m for t in doc[tok.i + 1 : end] if (m := ctx.mention(t)) and m.label_ in ACTIONS),
            None,
        )
        if target is None and tok.dep_ == "amod" and tok.head.lower_ in ctx.know.action_nouns:
            target = ctx.about(tok.head)  # "a Europe-wide operation"
        if target is not None:
            yield ctx.link("location", target, place, "place-wide")


def _compound_demonym(doc: Doc, i: int) -> bool:
    """ "Ibero-American", "Latin American", "Western Australia": not the country's name."""
    if i == 0:
        return False
    prev = doc[i - 1]
    return prev.text in ("-", "–") or prev.lower_ in _COMPOUND_PREFIXES


_COMPOUND_PREFIXES = frozenset(
    {"latin", "north", "south", "central", "western", "eastern", "northern", "southern",
     "ibero", "pan", "afro", "anglo", "franco", "new", "greater", "upper", "lower", "east",
     "west"}
)  # fmt: skip


def _holder_of(ctx: Context, tok: Token) -> Span | None:
    m = ctx.mention(tok)
    if m is None:
        m = next((ctx.mention(c) for c in tok.children if c.dep_ == "compound"), None)
    return m


def dateline_place(doc: Doc, ctx: Context, found: list[FoundLink]) -> Iterator[FoundLink]:
    """Without an explicit place, the event is where the release is datelined."""
    event = ctx.main_event
    if event is None:
        return
    if any(f.kind == "location" and ctx.spans[f.subject].label_ == T.EVENT for f in found):
        return
    dateline = next((f for f in found if f.rule == "place-comma-place" and f.subject[0] < 60), None)
    if dateline is not None:
        yield ctx.link("location", event, ctx.spans[dateline.subject], "dateline")


def did_there(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "Coulibaly, the gunman who seized a supermarket in eastern Paris", "Harrison, who towed
    the trailer to Zeebrugge": where the person a relative clause describes acted."""
    for verb in ctx.tokens:
        if verb.dep_ != "relcl" or verb.pos_ not in ("VERB", "AUX"):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.lower_ not in ("who", "that"):
            continue
        people = [m for m in ctx.expand(verb.head) if m.label_ == T.PERSON]
        if not people or ctx.modality(verb) is None:
            continue
        places = ctx.prep_objects(verb, ("in", "at", "to", "across", "near", "inside"), (T.PLACE,))
        for o in (c for c in verb.children if c.dep_ == "dobj"):  # "seized a shop in Paris"
            places += ctx.prep_objects(o, ("in", "at"), (T.PLACE,))
        for person in people:
            for place in places:
                yield ctx.link("location", person, place, "did-there")


def described_by_place(doc: Doc, ctx: Context) -> Iterator[FoundLink]:
    """ "the Guadalajara Cartel was one of Latin America's most powerful organisations",
    "Hamburg, Germany's biggest port", "the Mocro Maffia, a network active in the Netherlands":
    a description of an entity that names its place."""
    for m in ctx.mentions:
        if m.label_ not in (T.ORGANIZATION, T.PERSON, T.OPERATION) or m.id_ == "anaphor":
            continue
        root = m.root
        descriptions = [c for c in root.children if c.dep_ == "appos" and ctx.mention(c) is None]
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            descriptions += [c for c in root.head.children if c.dep_ == "attr"]
        places: list[Span] = []
        for d in descriptions:
            nouns = [d, *(o for p in d.children if p.lower_ == "of" for o in p.children)]
            for noun in nouns:
                places += [
                    p
                    for c in noun.children
                    if c.dep_ == "poss"
                    and (p := ctx.mention(c)) is not None
                    and p.label_ == T.PLACE
                ]
                for c in noun.children:  # "a network (of criminals) active in X"
                    if c.dep_ in ("amod", "acl") and c.lemma_.lower() in ctx.know.stative_words:
                        places += ctx.prep_objects(c, ("in", "at", "across"), (T.PLACE,))
                for o in (c for p in noun.children if p.lower_ == "of" for c in p.children):
                    for c in o.children:
                        if c.dep_ in ("amod", "acl") and c.lemma_.lower() in ctx.know.stative_words:
                            places += ctx.prep_objects(c, ("in", "at", "across"), (T.PLACE,))
        for place in places:
            yield ctx.link("location", m, place, "described-by-place")


RULES = (
    place_in_place,
    place_part_of_place,
    located_in,
    based_in,
    arrested_in,
    name_place,
    place_wide,
    person_from,
    stays_in,
    did_there,
    described_by_place,
)
