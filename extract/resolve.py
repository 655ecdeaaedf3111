"""Mentions -> canonical entities: known ids, names, acronyms, surnames and spelling variants.

Every merge of two different names keeps its reason on the entity (``Entity.merges``); merges
that rest only on similarity (``"spelling"``, ``"word order"``) are marked for review.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

from networkx.utils import UnionFind

from casegraph.extract import knowledge
from casegraph.extract.names import content_words, display, name_key, normalise, variant
from casegraph.extract.records import Acronym, Entity, EntityType, Mention, Merge

_PAREN = re.compile(r"\s*\([^)]*\)")
# Type-decision tie-break: the more specific type wins an equal vote.
_TYPE_ORDER = [
    EntityType.DATABASE,
    EntityType.OPERATION,
    EntityType.EVENT,
    EntityType.PERSON,
    EntityType.PLACE,
    EntityType.ORGANIZATION,
]
FUZZY_REASONS = frozenset({"spelling", "word order"})
_MAX_BLOCK = 400  # candidates compared pairwise at most: resolution stays near-linear


def _description(text: str) -> str:
    """ "the three-day meeting" -> "three-day meeting": how an alias shows a description."""
    return re.sub(r"^(?:the|this|that)\s+", "", display(text), flags=re.IGNORECASE)


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or word.lower() == "db"


class _Links:
    """Union-find over mention indices that remembers why two groups were joined."""

    def __init__(self, mentions: list[Mention]):
        self.ms = mentions
        self.uf = UnionFind(range(len(mentions)))
        self.why: list[tuple[int, int, str]] = []

    def join(self, i: int, j: int, reason: str) -> None:
        if self.uf[i] != self.uf[j]:
            self.uf.union(i, j)
            if display(self.ms[i].text) != display(self.ms[j].text):
                self.why.append((i, j, reason))

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.ms)):
            out[self.uf[i]].append(i)
        return out


class Resolver:
    """Decides which mentions name the same real-world entity."""

    def __init__(self):
        lex = knowledge.lexicon()
        self.generic = {
            EntityType(t): frozenset(w.lower() for w in ws)
            for t, ws in lex["generic_heads"].items()
        }
        self.all_generic = frozenset().union(*self.generic.values())
        self.weights = lex["rule_weights"]
        self.owners = frozenset(
            e.form.lower() for e in knowledge.gazetteer() if e.canonical.startswith("institution:")
        )
        self.honorifics = knowledge.words("titles", "honorifics")
        heads = set().union(*(knowledge.words("heads", t) for t in lex["heads"]))
        self.plurals = frozenset(h + "s" for h in heads if not h.endswith("s"))
        self.country_body_words = knowledge.words("country_bodies", "words")
        self.place_country = {
            **{
                e.canonical: e.name
                for e in knowledge.gazetteer()
                if e.canonical.startswith("country:")
            },
            **knowledge.city_countries(),
        }
        self.lower_heads = frozenset(h for h in heads if h.islower() and " " not in h)

    def core(self, text: str, type_: EntityType | None, *, key=name_key) -> str:
        """The name without generic head words ("ICSE DB" -> "icse") or a leading owner
        institution ("INTERPOL General Secretariat" -> "general secretariat"); ``type_`` None
        drops the generic heads of every type (the entity key must not depend on its type).
        ``key`` compares the words (:func:`name_key`; :func:`normalise` keeps them as written)."""
        words = key(text).split()
        if words and words[-1] in self.plurals:  # "Red Notices" = "Red Notice"
            words[-1] = words[-1][:-1]
        generic = self.all_generic if type_ is None else self.generic.get(type_, frozenset())
        while len(words) > 1 and words[-1] in generic:
            words.pop()
        for n in (3, 2, 1):
            if len(words) > n and " ".join(words[:n]) in self.owners:
                words = words[n:]
                break
        operation = type_ in (None, EntityType.OPERATION)
        if words and words[0] == "operation" and operation and len(words) > 1:
            words = words[1:]
        return " ".join(words)

    def _keys(
        self, text: str, type_: EntityType, article: str, country: dict[str, str]
    ) -> list[tuple]:
        """The keys under which a name joins the same name elsewhere. "The Federal Police" of an
        article about Brazil is the "Brazilian Federal Police"; of one about Germany, another
        body: such a name is keyed with its article's country."""
        bare = _PAREN.sub("", text).strip()
        if self._country_body(text):
            where = country.get(article)
            if where is None:
                return [("name", name_key(bare), article)]
            return [("name", name_key(f"{where} {bare}"))]
        return [("name", name_key(text)), ("core", self.core(text, type_))]

    def _country_body(self, text: str) -> bool:
        """Does the name need a country to name one body ("Federal Police", "Border Force")?"""
        words = normalise(_PAREN.sub("", text)).split()
        return len(words) >= 2 and all(w in self.country_body_words for w in words)

    def _article_countries(self, ms: list[Mention]) -> dict[str, str]:
        """Each article's country: that of the first place it names that has one (the
        dateline's city, or the headline's country)."""
        out: dict[str, str] = {}
        for m in ms:
            if m.article_id not in out and m.type == EntityType.PLACE and m.canonical:
                where = self.place_country.get(m.canonical)
                if where is not None:
                    out[m.article_id] = where
        return out

    def weight(self, mention: Mention) -> float:
        return float(self.weights.get(mention.rule.split(":", 1)[0], 1.0))

    def resolve(self, mentions: Iterable[Mention], acronyms: Iterable[Acronym]) -> list[Entity]:
        acronyms = list(acronyms)
        # "AFP" is the Australian Federal Police in one article, the Armed Forces of the
        # Philippines in another: such an acronym names its long form only where defined, and
        # the gazetteer's reading of it is not taken
        longs: dict[str, set[str]] = defaultdict(set)
        for a in acronyms:
            longs[name_key(a.short)].add(name_key(a.long))
        clashing = {short for short, forms in longs.items() if _clash(forms)}
        ms = sorted(
            (replace(m, canonical=None) if name_key(m.text) in clashing else m for m in mentions),
            key=lambda m: (m.article_id, m.start, m.end),
        )
        links = _Links(ms)
        first: dict[tuple, int] = {}

        def link(key: tuple, i: int, reason: str) -> None:
            if key in first:
                links.join(first[key], i, reason)
            else:
                first[key] = i

        country = self._article_countries(ms)
        at = {(m.article_id, m.start, m.end): i for i, m in enumerate(ms) if m.refers_to is None}
        for i, m in enumerate(ms):
            if m.refers_to is not None:  # "the operation": the entity it points back to
                j = at.get((m.article_id, *m.refers_to))
                if j is not None:
                    links.join(j, i, "description")
                continue
            key = name_key(m.text)
            if key in clashing:
                link(("name", key, m.article_id), i, "same name")
                continue
            keys = self._keys(m.text, m.type, m.article_id, country)
            if m.canonical and not self._country_body(m.text):
                # ("Border Force" is the UK's in a British article, Australia's in another)
                link(("id", m.canonical), i, "known name")
            if m.canonical and m.canonical.startswith("event:"):
                continue  # "the meeting" of one article is not the meeting of another
            for k in keys:
                link(k, i, "same name" if k[0] == "name" else "same name without generic words")
        # "Long Form (LF)" makes LF a name of the long form everywhere in the corpus.
        for a in acronyms:
            keys = self._keys(a.long, EntityType.DATABASE, a.article_id, country)
            shorts = [
                ("name", name_key(a.short)),
                ("core", self.core(a.short, EntityType.DATABASE)),
            ]
            if name_key(a.short) in clashing:
                shorts = [("name", name_key(a.short), a.article_id)]
            anchors = [first[k] for k in keys + shorts if k in first]
            for j in anchors[1:]:
                links.join(anchors[0], j, "acronym")
        self._surnames(ms, links)
        self._shorter_event_names(ms, links)
        self._variants(ms, links)
        self._surnames_elsewhere(ms, links)

        entities = []
        reasons: dict[int, list[Merge]] = defaultdict(list)
        for i, j, why in links.why:
            reasons[links.uf[i]].append(
                Merge(why, display(ms[i].text), display(ms[j].text), why in FUZZY_REASONS)
            )
        for root, idx in links.groups().items():
            cluster = [ms[i] for i in idx]
            # A description whose antecedent was dropped names nothing on its own.
            if any(m.refers_to is None for m in cluster):
                entities.append(self._entity(cluster, reasons.get(root, ())))
        return sorted(entities, key=lambda e: e.key)

    def _surnames(self, ms: list[Mention], links: _Links) -> None:
        """Within an article, "Moran" and "Mr Moran" join the one "Michael Moran"; a name
        written surname first ("Yeung" of "Yeung Ka-yan") joins too when no one else has it."""
        by_article: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(ms):
            if m.refers_to is None:
                by_article[m.article_id].append(i)
        for idx in by_article.values():
            full: dict[str, set[int]] = defaultdict(set)
            given: dict[str, set[int]] = defaultdict(set)
            for i in idx:
                words = normalise(ms[i].text).split()
                titled = bool(words) and words[0].rstrip(".") in self.honorifics
                if ms[i].type == EntityType.PERSON and len(words) >= 2 and not titled:
                    for n in (1, 2, 3):  # "Van der Sypt" of "Eric Van der Sypt"
                        if len(words) > n:
                            full[" ".join(words[-n:])].add(links.uf[i])
                    given[words[0]].add(links.uf[i])
            for i in idx:
                words = normalise(ms[i].text).split()
                if words and words[0].rstrip(".") in self.honorifics:
                    words = words[1:]
                key = " ".join(words)
                owners = full.get(key, set())
                if len(owners) == 1 and len(words) <= 3:
                    links.join(next(iter(owners)), i, "surname")
                elif not owners and len(words) == 1 and len(given.get(key, ())) == 1:
                    if ms[i].type == EntityType.PERSON or ms[i].rule == "model":
                        links.join(next(iter(given[key])), i, "surname first")

    def _shorter_event_names(self, ms: list[Mention], links: _Links) -> None:
        """Within an article, "the 6th Global Meeting" and "the Assembly" are the "6th AIRCOP
        Global Meeting" and the "77th General Assembly" named before or after them: an event
        name made only of words of a longer one (its last word included)."""
        by_article: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(ms):
            if m.type == EntityType.EVENT and m.refers_to is None:
                by_article[m.article_id].append(i)
        for idx in by_article.values():
            words = {i: name_key(ms[i].text).split() for i in idx}
            for i in idx:
                longer = [
                    j
                    for j in idx
                    if len(words[j]) > len(words[i])
                    and words[i]
                    and words[i][-1] == words[j][-1]
                    and set(words[i]) <= set(words[j])
                ]
                if len({links.uf[j] for j in longer}) == 1:
                    links.join(longer[0], i, "shorter name")

    def _variants(self, ms: list[Mention], links: _Links) -> None:
        """Spelling variants and other word orders of one name, within one type: candidates
        share a content word, so only names that could match are compared."""
        reps: dict[tuple[str, EntityType], int] = {}
        for i, m in enumerate(ms):
            if m.refers_to is None and not (m.canonical or "").startswith("event:"):
                key = name_key(m.text)
                if len(key) >= 8 and len(key.split()) >= 2:
                    reps.setdefault((key, m.type), i)
        blocks: dict[tuple[str, EntityType], list[tuple[str, int]]] = defaultdict(list)
        for (key, type_), i in reps.items():
            for word in sorted(content_words(key))[:3]:
                blocks[(word, type_)].append((key, i))
        seen: set[tuple[int, int]] = set()
        for block in blocks.values():
            if len(block) > _MAX_BLOCK:  # a word in every name tells nothing
                continue
            for n, (a, i) in enumerate(block):
                for b, j in block[n + 1 :]:
                    pair = (min(i, j), max(i, j))
                    if pair in seen or links.uf[i] == links.uf[j]:
                        continue
                    seen.add(pair)
                    why = variant(a, b)
                    if why is not None:
                        links.join(i, j, why)

    def _surnames_elsewhere(self, ms: list[Mention], links: _Links) -> None:
        """A surname alone ("Marset") in an article that never gives the full name joins the
        one person of the corpus with that surname, if there is exactly one."""
        groups = links.groups()
        by_surname: dict[str, set[int]] = defaultdict(set)
        single: list[tuple[str, int]] = []
        for root, idx in groups.items():
            people = [ms[i] for i in idx if ms[i].type == EntityType.PERSON]
            if not people or len(people) * 2 < len(idx):
                continue
            names = [normalise(m.text).split() for m in people if m.refers_to is None]
            names = [w[1:] if w and w[0].rstrip(".") in self.honorifics else w for w in names]
            if any(len(w) >= 2 for w in names):
                for w in names:
                    if len(w) >= 2:
                        by_surname[w[-1]].add(root)
            elif names and all(len(w) == 1 for w in names):
                single.append((names[0][0], root))
        for surname, root in single:
            owners = by_surname.get(surname, set())
            if len(owners) == 1:
                links.join(next(iter(owners)), root, "surname elsewhere")

    def _entity(self, mentions: list[Mention], merges) -> Entity:
        names = [m for m in mentions if m.refers_to is None]  # descriptions name nothing
        type_ = self._type(names)
        forms = Counter(display(m.text) for m in names)
        aliases = set(forms)
        aliases.update(display(_PAREN.sub("", f)) for f in forms if "(" in f)
        # "the Fugitive Investigative Support unit" is also "Fugitive Investigative Support"
        for f in list(aliases):
            words = f.split()
            if len(words) > 2 and words[-1] in self.lower_heads:
                aliases.add(" ".join(words[:-1]))
        if type_ == EntityType.EVENT:  # an event is named by how articles describe it
            aliases.update(_description(m.text) for m in mentions if m.refers_to is not None)
        canonical = sorted({m.canonical for m in names if m.canonical})
        known = [knowledge.canonical_name(c) for c in canonical if not c.startswith("event:")]
        label = known[0] if known else self._label(forms)
        aliases.add(label)
        # The key (and so the IRI) does not depend on the voted type: an article that retypes
        # a shared entity must not rename it in every other article.
        key = canonical[0] if canonical else self.core(label, None, key=normalise)
        key = key or normalise(label)
        return Entity(
            key=key,
            type=type_,
            label=label,
            aliases=tuple(sorted(aliases)),
            mentions=tuple(sorted(mentions, key=lambda m: (m.article_id, m.start))),
            merges=tuple(sorted(set(merges))),
        )

    def _type(self, names: list[Mention]) -> EntityType:
        """The type the strongest evidence gives ("Operation X" or a gazetteer entry outweighs
        any number of the model's guesses); more mentions only break a tie."""
        best: dict[EntityType, float] = {}
        count: Counter[EntityType] = Counter()
        for m in names:
            best[m.type] = max(best.get(m.type, 0.0), self.weight(m))
            count[m.type] += 1
        return max(best, key=lambda t: (best[t], count[t], -_TYPE_ORDER.index(t)))

    def _label(self, forms: Counter[str]) -> str:
        """The most telling name: a spelled-out form over one with an acronym, a full name over
        a surname, then the commonest, then the longest."""
        counts: Counter[str] = Counter()
        for form, n in forms.items():
            counts[display(_PAREN.sub("", form))] += n

        def score(form: str):
            words = form.split()
            acronyms = [w for w in words if _is_acronym(w) and w.lower() not in self.owners]
            return (
                len(acronyms) < len(words),
                not acronyms,
                len(words) >= 2,
                counts[form],
                len(form),
                form,
            )

        return max(counts, key=score)


def _clash(longs: set[str]) -> bool:
    """Do these long forms of one acronym name different bodies ("australian federal police",
    "armed forces of the philippines"), not one written longer or shorter?"""
    forms = sorted(longs, key=len)
    return any(a not in b for i, a in enumerate(forms) for b in forms[i + 1 :])


def resolve(mentions: Iterable[Mention], acronyms: Iterable[Acronym] = ()) -> list[Entity]:
    """Group mentions into entities (see :class:`Resolver`)."""
    return Resolver().resolve(mentions, acronyms)
