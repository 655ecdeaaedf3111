"""Links inferred from stated ones: a person's link to the organisation their unit is part of.

"Jane Roe, Head of the Cyber Unit" and "the Cyber Unit of Europol" in one article state
worksFor(Roe, Cyber Unit) and parentOrganization(Cyber Unit, Europol); from them follows
worksFor(Roe, Europol), marked as inferred (rule ``inferred``, ``Evidence.basis`` naming the two
links), so that "who works for Europol" finds her without the link passing for a stated one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from casegraph.extract.records import Evidence, Relation

INFERRED = "inferred"
MAX_HOPS = 3  # unit -> department -> directorate -> agency
DISCOUNT = 0.9  # an inferred link is a little less sure than the links it comes from


def infer_links(relations: Iterable[Relation]) -> list[Relation]:
    """The worksFor links that follow, within one article, from worksFor and a chain of
    parentOrganization links; none where the text states the link itself.

    >>> from casegraph.extract.records import Evidence as E, Relation as R
    >>> ev = E("a", 0, 9, "...", "rule", 0.8)
    >>> [(r.subject, r.object, r.evidence[0].basis) for r in infer_links([
    ...     R("roe", "worksFor", "unit", (ev,)), R("unit", "parentOrganization", "org", (ev,))])]
    [('roe', 'org', (('roe', 'worksFor', 'unit'), ('unit', 'parentOrganization', 'org')))]
    """
    relations = list(relations)
    stated = {(r.subject, r.kind, r.object) for r in relations}
    parents: dict[tuple[str, str], list[tuple[str, Evidence]]] = defaultdict(list)
    for r in relations:
        if r.kind == "parentOrganization":
            for ev in r.evidence:
                if ev.modality == "asserted":
                    parents[(ev.article_id, r.subject)].append((r.object, ev))
    found: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    roles: dict[tuple[str, str, str], str | None] = {}
    for r in relations:
        # "X, Head of the unit" (worksFor) or "X, who heads the unit" (ledBy: unit -> person)
        if r.kind == "worksFor":
            person, unit = r.subject, r.object
        elif r.kind == "ledBy":
            person, unit = r.object, r.subject
        else:
            continue
        for ev in r.evidence:
            if ev.modality != "asserted" or ev.inferred:
                continue
            chain = [(r.subject, r.kind, r.object)]
            confidence, seen = ev.confidence, {person, unit}
            for _ in range(MAX_HOPS):
                step = sorted(parents.get((ev.article_id, unit), ()), key=lambda p: p[0])
                if not step or step[0][0] in seen:
                    break
                parent, pev = step[0]
                chain.append((unit, "parentOrganization", parent))
                confidence = min(confidence, pev.confidence) * DISCOUNT
                seen.add(parent)
                key = (person, "worksFor", parent)
                if key not in stated:
                    found[key].append(
                        Evidence(
                            ev.article_id,
                            ev.start,
                            ev.end,
                            ev.text,
                            INFERRED,
                            round(confidence, 3),
                            basis=tuple(chain),
                        )
                    )
                    roles.setdefault(key, r.role if r.kind == "worksFor" else "head")
                unit = parent
    return [
        Relation(s, kind, o, tuple(dict.fromkeys(evs)), roles[(s, kind, o)])
        for (s, kind, o), evs in sorted(found.items())
    ]
