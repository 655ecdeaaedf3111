"""Shared by the RELIABILITY tests of the HTML view (rows 1-4): pages opened in the system
Chromium (the ``browser`` fixture of tests/conftest.py) with every request that is not for
the file itself blocked, and hostile graphs to open in it."""

from __future__ import annotations

from casegraph.extract.records import (
    COOCCURS,
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from casegraph.graph.build import build_graph


def open_offline(browser, path, *, bypass_csp: bool = False):
    """The page at ``path`` drawn with the network off: ``page.requests`` lists every request
    that was not for the file itself (all aborted), ``page.errors`` console errors and
    uncaught exceptions, ``page.dialogs`` any alert/confirm/prompt."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp,
                                   accept_downloads=True)  # fmt: skip
    page = context.new_page()
    page.requests, page.errors, page.dialogs = [], [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    me = path.as_uri()

    def route(r):
        if r.request.url.split("#")[0] == me:
            r.continue_()
        else:
            page.requests.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.goto(me)
    page.wait_for_function("() => window.casegraph && window.casegraph.drawnAt !== null")
    return page


def hostile_graph(payload: str, *, where: tuple[str, ...]):
    """Two entities and a typed link with ``payload`` in the fields named in ``where``:
    "name", "alias", "evidence", "title" (article title), "role"."""
    name = payload if "name" in where else "Europol"
    sentence = f"{payload} met Lyon." if "evidence" in where else f"{name} met Lyon."
    start = sentence.index(name) if name in sentence else 0
    m1 = Mention(
        "a1", start, start + len(name), name, EntityType.ORGANIZATION, 0, len(sentence), "t"
    )
    at = sentence.index("Lyon")
    m2 = Mention("a1", at, at + 4, "Lyon", EntityType.PLACE, 0, len(sentence), "t", "city:lyon")
    aliases = tuple(sorted({name, payload} if "alias" in where else {name}))
    a = Entity("a", EntityType.ORGANIZATION, name, aliases, (m1,))
    b = Entity("b", EntityType.PLACE, "Lyon", ("Lyon",), (m2,))
    ev = (Evidence("a1", 0, len(sentence), sentence, "t"),)
    role = payload if "role" in where else None
    relations = (Relation("a", "location", "b", ev, role), Relation("a", COOCCURS, "b", ev))
    title = payload if "title" in where else "Press release"
    article = Article("a1", "a1.txt", title, sentence, "2024-01-02")
    return build_graph(Extraction((article,), (a, b), relations))


def visit_everything(page) -> None:
    """Search, open every card and link, find a path, open the map and the help, hover."""
    page.check("#cg-cooccurrence")
    page.fill("#cg-search", page.evaluate("window.casegraph.data.nodes[0].label")[:8])
    page.keyboard.press("Enter")
    page.evaluate("""() => { const c = window.casegraph;
      c.data.nodes.forEach((_, i) => c.focusNode(i));
      c.data.edges.forEach((_, j) => c.showEdge(j));
      c.findPath(0, 1, true); c.toggleMap(true); c.focusNode(0); }""")
    page.keyboard.press("?")
    page.keyboard.press("Escape")
    page.evaluate("window.casegraph.focusNode(0, false)")
    page.wait_for_timeout(300)


def injected_anything(page) -> list[str]:
    """What a payload would have left behind if it had run or become markup."""
    found = []
    if page.evaluate("window.__pwned") is not None:
        found.append("script ran")
    if page.dialogs:
        found.append(f"dialogs: {page.dialogs}")
    if page.locator("img, iframe, object, embed, svg script, a[href^='javascript']").count():
        found.append("markup from the payload")
    handlers = page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
        ".filter(a => a.name.startsWith('on')).length"
    )
    if handlers:
        found.append(f"{handlers} on* attributes")
    return found
