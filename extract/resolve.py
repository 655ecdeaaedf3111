"""Mentions -> canonical entities: names, surnames, acronyms and known ids, across articles."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from casegraph.extract import knowledge
from casegraph.extract.records import Acronym, Entity, EntityType, Mention

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
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


def display(text: str) -> str:
    """A surface form as shown: NFC with whitespace runs (NBSP, newlines) collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def normalise(text: str) -> str:
    """The comparison key of a name: case, quotes, a leading "the", a possessive, a
    parenthesised acronym and surrounding punctuation do not matter.

    >>> normalise("the INTERPOL’s  International (ICSE) Database")
    "interpol's international database"
    """
    t = display(text).translate(_QUOTES).replace(" & ", " and ")
    t = _PAREN.sub("", t).casefold().strip(" .,;:-–—'\"")
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"'s?$", "", t).strip()
    return t


def _is_acronym(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2 or word.lower() == "db"


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


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

    def core(self, text: str, type_: EntityType | None) -> str:
        """The name without generic head words ("ICSE DB" -> "icse") or a leading owner
        institution ("INTERPOL General Secretariat" -> "general secretariat"); ``type_`` None
        drops the generic heads of every type (the entity key must not depend on its type)."""
        words = normalise(text).split()
        if words and words[-1] in self.plurals:  # "Red Notices" = "Red Notice"
            words[-1] = words[-1][:-1]
        generic = self.all_generic if type_ is None else self.generic.get(type_, frozenset())
        while len(words) > 1 and words[-1] in generic:
            words.pop()
        for n in (3, 2, 1):
            if len(words) > n and " ".join(words[:n]) in self.owners:
                words = words[n:]
                break
        if (
            words
            and words[0] == "operation"
            and type_ in (None, EntityType.OPERATION)
            and len(words) > 1
        ):
            words = words[1:]
        return " ".join(words)

    def weight(self, mention: Mention) -> float:
        return float(self.weights.get(mention.rule.split(":", 1)[0], 1.0))

    def resolve(self, mentions: Iterable[Mention], acronyms: Iterable[Acronym]) -> list[Entity]:
        ms = sorted(mentions, key=lambda m: (m.article_id, m.start, m.end))
        uf = _UnionFind(len(ms))
        first: dict[tuple, int] = {}

        def link(key: tuple, i: int) -> None:
            if key in first:
                uf.union(first[key], i)
            else:
                first[key] = i

        at = {(m.article_id, m.start, m.end): i for i, m in enumerate(ms) if m.refers_to is None}
        for i, m in enumerate(ms):
            if m.refers_to is not None:  # "the operation": the entity it points back to
                j = at.get((m.article_id, *m.refers_to))
                if j is not None:
                    uf.union(j, i)
                continue
            if m.canonical:
                link(("id", m.canonical), i)
            if m.canonical and m.canonical.startswith("event:"):
                continue  # "the meeting" of one article is not the meeting of another
            link(("name", normalise(m.text)), i)
            if m.type != EntityType.PERSON:
                link(("core", self.core(m.text, m.type)), i)
        # "Long Form (LF)" makes LF a name of the long form everywhere in the corpus.
        for a in acronyms:
            keys = [("name", normalise(a.long)), ("core", self.core(a.long, EntityType.DATABASE))]
            shorts = [
                ("name", normalise(a.short)),
                ("core", self.core(a.short, EntityType.DATABASE)),
            ]
            anchors = [first[k] for k in keys + shorts if k in first]
            for j in anchors[1:]:
                uf.union(anchors[0], j)
        self._surnames(ms, uf)

        clusters: dict[int, list[Mention]] = defaultdict(list)
        for i, m in enumerate(ms):
            clusters[uf.find(i)].append(m)
        # A description whose antecedent was dropped names nothing on its own.
        named = [c for c in clusters.values() if any(m.refers_to is None for m in c)]
        return sorted((self._entity(c) for c in named), key=lambda e: e.key)

    def _surnames(self, ms: list[Mention], uf: _UnionFind) -> None:
        """Within an article, "Moran" and "Mr Moran" join the one "Michael Moran"."""
        by_article: dict[str, list[int]] = defaultdict(list)
        for i, m in enumerate(ms):
            if m.refers_to is None:
                by_article[m.article_id].append(i)
        for idx in by_article.values():
            full: dict[str, set[int]] = defaultdict(set)
            for i in idx:
                words = normalise(ms[i].text).split()
                titled = bool(words) and words[0].rstrip(".") in self.honorifics
                if ms[i].type == EntityType.PERSON and len(words) >= 2 and not titled:
                    for n in (1, 2):
                        if len(words) > n:
                            full[" ".join(words[-n:])].add(uf.find(i))
            for i in idx:
                words = normalise(ms[i].text).split()
                if words and words[0].rstrip(".") in self.honorifics:
                    words = words[1:]
                owners = full.get(" ".join(words), set())
                if len(owners) == 1 and len(words) <= 2:
                    uf.union(next(iter(owners)), i)

    def _entity(self, mentions: list[Mention]) -> Entity:
        votes: Counter[EntityType] = Counter()
        names = [m for m in mentions if m.refers_to is None]  # descriptions name nothing
        for m in names:
            votes[m.type] += self.weight(m)
        type_ = max(votes, key=lambda t: (votes[t], -_TYPE_ORDER.index(t)))
        forms = Counter(display(m.text) for m in names)
        aliases = set(forms)
        aliases.update(display(_PAREN.sub("", f)) for f in forms if "(" in f)
        canonical = sorted({m.canonical for m in names if m.canonical})
        known = [knowledge.canonical_name(c) for c in canonical if not c.startswith("event:")]
        label = known[0] if known else self._label(forms)
        aliases.add(label)
        # The key (and so the IRI) does not depend on the voted type: an article that retypes
        # a shared entity must not rename it in every other article.
        key = canonical[0] if canonical else self.core(label, None) or normalise(label)
        return Entity(
            key=key,
            type=type_,
            label=label,
            aliases=tuple(sorted(aliases)),
            mentions=tuple(sorted(mentions, key=lambda m: (m.article_id, m.start))),
        )

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


def resolve(mentions: Iterable[Mention], acronyms: Iterable[Acronym] = ()) -> list[Entity]:
    """Group mentions into entities (see :class:`Resolver`)."""
    return Resolver().resolve(mentions, acronyms)
