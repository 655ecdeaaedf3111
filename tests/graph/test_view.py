"""The single-file HTML view: hostile text stays text, nothing is fetched, output is stable."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from casegraph.errors import ExportError
from casegraph.extract.records import (
    COOCCURS,
    Article,
    Claim,
    Entity,
    EntityType,
    EventDetail,
    Evidence,
    Extraction,
    Mention,
    Relation,
)
from casegraph.graph import view
from casegraph.graph.build import build_graph
from casegraph.graph.view import SCRIPTS, _inline_text, render_html
from casegraph.graph.viewdata import page_data
from casegraph.graph.viewstyle import load_style, parse_style

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    'see <a href="javascript:alert(1)">here</a>',
    'href="javascript:alert(1)"',
    "</script><script>alert(2)</script>",
    "<!--",
    "<!--<script>",
    "]]></SCRIPT ><svg onload=alert(3)>",
    "line\u2028sep\u2029para & <b>",
]

# Every http(s) URL in vis-network 9.1.2, none of which loads anything: the licence header and
# core-js's licence metadata (text), the uuid error message, and the SVG namespace passed to
# document.createElementNS. The licence header is kept: the licences require the notice.
INERT_VENDOR_URLS = {
    "https://visjs.github.io/vis-network/",
    "http://almende.com",
    "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://opensource.org/licenses/MIT",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://github.com/zloirock/core-js",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "http://www.w3.org/2000/svg",
}
URL = re.compile(r"https?://[^\s\"'()<>\\]*", re.IGNORECASE)
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})


# --- a tiny graph built from hand-made records ---------------------------------------------


def _mention(article_id: str, text: str, etype: EntityType) -> Mention:
    return Mention(article_id, 0, len(text), text, etype, 0, len(text), "test")


def _entity(
    name: str,
    etype: EntityType = EntityType.PERSON,
    *,
    aliases: tuple[str, ...] = (),
    mentions: int = 1,
    articles: tuple[str, ...] = ("a1",),
    key: str | None = None,
) -> Entity:
    spread = [articles[i % len(articles)] for i in range(mentions)]
    return Entity(
        key=key or f"{etype.value}:{name.lower()}",
        type=etype,
        label=name,
        aliases=tuple(sorted({name, *aliases})),
        mentions=tuple(_mention(a, name, etype) for a in spread),
    )


def _relation(
    subject: Entity,
    obj: Entity,
    kind: str = COOCCURS,
    *,
    sentences: tuple[str, ...] = ("They met in Lyon.",),
    role: str | None = None,
) -> Relation:
    a, b = subject.key, obj.key
    if kind == COOCCURS:
        a, b = sorted((a, b))
    evidence = tuple(Evidence("a1", 0, len(s), s, "test") for s in sentences)
    return Relation(a, kind, b, evidence, role)


def _article(article_id: str = "a1", title: str = "Joint action day") -> Article:
    return Article(article_id, f"{article_id}.txt", title, "text", date="2021-03-04")


def _sample_extraction() -> Extraction:
    europol = _entity("Europol", EntityType.ORGANIZATION, aliases=("EC3",), mentions=7)
    smith = _entity("John Smith", mentions=2)
    doe = _entity("Jane Doe")
    lyon = _entity("Lyon", EntityType.PLACE, mentions=3)
    op = _entity("Operation Pangea", EntityType.OPERATION, mentions=4, articles=("a1", "a2"))
    sis = _entity("SIS II", EntityType.DATABASE)
    relations = (
        _relation(europol, smith, sentences=("a", "b", "c")),
        _relation(europol, lyon),
        _relation(op, europol, sentences=("x", "y")),
        _relation(doe, smith),
        _relation(smith, europol, "memberOf", role="analyst"),
        _relation(op, sis, "uses"),
    )
    return Extraction(
        (_article("a1"), _article("a2", "Second release")),
        (europol, smith, doe, lyon, op, sis),
        relations,
    )


def _sample_graph() -> nx.MultiDiGraph:
    return build_graph(_sample_extraction())


def _hostile_graph(where: str, payload: str) -> nx.MultiDiGraph:
    """A two-entity graph with ``payload`` in one text field."""
    name = payload if where == "name" else "Europol"
    a = _entity(
        name,
        EntityType.ORGANIZATION,
        aliases=(payload,) if where == "alias" else ("EC3",),
        key=payload if where == "key" else None,
    )
    b = _entity("Lyon", EntityType.PLACE)
    sentence = payload if where == "evidence" else "Europol met in Lyon."
    role = payload if where == "role" else None
    relations = (
        _relation(a, b, sentences=(sentence,)),
        _relation(a, b, "locatedIn", sentences=(sentence,), role=role),
    )
    title = payload if where == "article title" else "Press release"
    return build_graph(Extraction((_article("a1", title),), (a, b), relations))


# Where each hostile field lands in the embedded JSON.
FIELDS = {
    "name": lambda d: [n["label"] for n in d["nodes"]],
    "alias": lambda d: [a for n in d["nodes"] for a in n["aliases"]],
    "key": lambda d: [n["key"] for n in d["nodes"]],
    "evidence": lambda d: [
        d["sentences"][ev[0]]["text"] for e in d["edges"] for ev in e["evidence"]
    ],
    "role": lambda d: [e["role"] for e in d["edges"]],
    "article title": lambda d: [a["title"] for a in d["articles"]],
}


# --- reading the page back ----------------------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    parent: _Element | None
    text: str = ""
    children: list[_Element] = field(default_factory=list)

    def attr(self, name: str) -> str | None:
        return dict(self.attrs).get(name)

    def has(self, name: str) -> bool:
        return name in dict(self.attrs)


class _Page(HTMLParser):
    """Elements (with parent links and own text) and comments, as html.parser sees them."""

    def __init__(self, html: bytes) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self.comments: list[str] = []
        self._stack: list[_Element] = []
        self.feed(html.decode("utf-8"))
        self.close()

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, attrs, self._stack[-1] if self._stack else None)
        self.elements.append(element)
        if element.parent is not None:
            element.parent.children.append(element)
        if tag not in VOID:
            self._stack.append(element)

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        if self._stack:
            self._stack[-1].text += data

    def handle_comment(self, data):
        self.comments.append(data)

    def find(self, tag: str, **attrs: str) -> list[_Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attr(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def one(self, tag: str, **attrs: str) -> _Element:
        (element,) = self.find(tag, **attrs)
        return element

    def data(self) -> dict:
        return json.loads(self.one("script", id="cg-data").text)

    def executable_scripts(self) -> list[str]:
        return [s.text for s in self.find("script") if s.attr("type") is None]


# --- RELIABILITY rows 1-3: hostile text is data, never markup ------------------------------


@pytest.mark.parametrize("where", sorted(FIELDS))
@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_only_in_the_escaped_json_block(where, payload):
    html = render_html(_hostile_graph(where, payload))
    page = _Page(html)

    scripts = [(s.attr("type"), s.attr("id")) for s in page.find("script")]
    assert scripts == [("application/json", "cg-data")] + [(None, None)] * (1 + len(SCRIPTS))
    assert html.lower().count(b"</script") == len(scripts)
    assert not page.find("img")
    assert not page.find("a")
    assert page.comments == []
    assert b"<!--" not in html
    for element in page.elements:
        for name, value in element.attrs:
            assert not name.lower().startswith("on"), (element.tag, name)
            assert "javascript:" not in (value or "").lower(), (element.tag, name)
    assert payload.encode() not in html
    assert payload in FIELDS[where](page.data())


@pytest.mark.parametrize("payload", HOSTILE)
def test_page_title_is_escaped_text(payload):
    page = _Page(render_html(_sample_graph(), title=payload))

    assert page.one("title").text == payload
    assert page.one("h1").text == payload
    assert len(page.find("script")) == 2 + len(SCRIPTS)
    assert not page.find("img")


def test_lone_surrogates_in_data_are_escaped_but_a_broken_title_is_refused():
    html = render_html(_hostile_graph("evidence", "bad \udcff"))

    assert "bad \udcff" in FIELDS["evidence"](_Page(html).data())
    with pytest.raises(ExportError, match="title"):
        render_html(_sample_graph(), title="bad \udcff")


@pytest.mark.parametrize("char", ["<", ">", "&", "\u2028", "\u2029"])
def test_json_block_escapes_characters_that_could_end_it(char):
    html = render_html(_hostile_graph("evidence", f"a{char}b"))
    raw = _Page(html).one("script", id="cg-data").text

    assert char not in raw
    assert f"\\u{ord(char):04x}" in raw


def test_page_scripts_never_turn_data_into_html():
    _, *ours = _Page(render_html(_sample_graph())).executable_scripts()
    app_js = "\n".join(ours)

    assert len(ours) == len(SCRIPTS)
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "setAttribute(\"on", "srcdoc"):  # fmt: skip
        assert sink not in app_js
    assert "createTextNode" in app_js


# --- RELIABILITY row 4: offline --------------------------------------------------------------


@pytest.mark.parametrize("graph", [_sample_graph, nx.MultiDiGraph], ids=["sample", "empty"])
def test_page_references_no_network_resource(graph):
    html = render_html(graph())
    page = _Page(html)

    fetching = {"link", "img", "iframe", "frame", "object", "embed", "base", "source", "video"}
    assert not [e.tag for e in page.elements if e.tag in fetching]
    for element in page.elements:
        for name, _ in element.attrs:
            assert name not in {"src", "href", "srcset", "action", "formaction", "xlink:href"}
    for style in page.find("style"):
        assert "@import" not in style.text
        assert re.findall(r"url\(\s*(?!['\"]?data:)", style.text) == []
    vis_js, *ours = page.executable_scripts()
    assert set(URL.findall(vis_js)) <= INERT_VENDOR_URLS
    assert URL.findall("\n".join(ours)) == []
    assert URL.findall(page.one("script", id="cg-data").text) == []
    assert set(URL.findall(html.decode())) <= INERT_VENDOR_URLS


def test_content_security_policy_blocks_the_network_and_allows_our_scripts():
    page = _Page(render_html(_sample_graph()))
    (meta,) = [m for m in page.find("meta") if m.attr("http-equiv") == "Content-Security-Policy"]
    policy = dict(d.strip().split(" ", 1) for d in meta.attr("content").split(";"))

    assert policy["default-src"] == "'none'"
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in page.executable_scripts()
    }
    assert set(policy["script-src"].split()) == hashes


@pytest.mark.parametrize(
    ("tag", "content"),
    [
        ("script", "var a = '</script>';"),
        ("script", "var a = '</SCRIPT ';"),
        ("script", "var a = '<!--';"),
        ("style", "a{b:c}</style>"),
        ("style", "@import 'x.css';"),
        ("style", "a{background:url(http://example.org/x.png)}"),
        ("style", "a{background:url( 'x.png')}"),
    ],
)
def test_inlined_file_that_could_break_out_or_fetch_is_refused(tmp_path, tag, content):
    path = tmp_path / "vendor.txt"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ExportError, match=r"vendor\.txt"):
        _inline_text(path, tag=tag)


# --- what the page shows -----------------------------------------------------------------


@pytest.mark.parametrize(
    "types",
    [
        [EntityType.PERSON],
        [EntityType.PERSON, EntityType.PERSON, EntityType.ORGANIZATION],
        list(EntityType) * 2 + [EntityType.EVENT],
    ],
    ids=["one", "mixed", "every-type"],
)
def test_legend_lists_every_type_with_its_node_count(types):
    entities = tuple(_entity(f"n{i}", t) for i, t in enumerate(types))
    page = _Page(render_html(build_graph(Extraction((_article(),), entities, ()))))
    style = load_style()

    rows = {li.attr("data-type"): li for li in page.find("li") if li.attr("data-type")}
    assert list(rows) == [t.value for t in EntityType]
    for etype in EntityType:
        (label,) = rows[etype.value].children
        (count,) = [c for c in label.children if c.attr("class") == "cg-count"]
        assert int(count.text) == types.count(etype)
        (icon,) = [c for c in label.children if c.tag == "svg"]
        fills = {e.attr("fill") for e in page.elements if e.parent is icon}
        assert fills == {style.types[etype].color}
        (toggle,) = [c for c in label.children if c.tag == "input"]
        assert (toggle.attr("type"), toggle.attr("data-type")) == ("checkbox", etype.value)
        assert toggle.has("checked")
    legend = {t["type"]: t["count"] for t in page.data()["types"]}
    assert legend == {t.value: types.count(t) for t in EntityType}


def test_header_summarises_the_corpus():
    page = _Page(render_html(_sample_graph()))
    summary = " ".join(page.one("p", id="cg-summary").text.split())
    spans = [s.text for s in page.find("span") if s.parent.attr("id") == "cg-summary"]

    assert spans == ["2 articles", "6 entities", "6 links"]
    assert "(2 typed, 4 co-occurrence)" in summary


@pytest.mark.parametrize("measure", ["degree", "mentions", "pagerank", "betweenness"])
def test_nodes_carry_type_and_a_size_per_measure_and_the_legend_carries_the_looks(measure):
    chain = [
        _entity(name, etype, mentions=m)
        for name, etype, m in [("A", EntityType.PERSON, 1), ("B", EntityType.ORGANIZATION, 5),
                               ("C", EntityType.ORGANIZATION, 2), ("D", EntityType.PLACE, 3)]
    ]  # fmt: skip
    relations = tuple(_relation(a, b, "worksFor") for a, b in itertools.pairwise(chain))
    G = build_graph(Extraction((_article(),), tuple(chain), relations))
    data = _Page(render_html(G)).data()
    style = load_style()

    looks = {t["type"]: (t["color"], t["shape"]) for t in data["types"]}
    assert looks == {t.value: (s.color, s.shape) for t, s in style.types.items()}
    for node in data["nodes"]:
        assert node["label"] == G.nodes[node["key"]]["label"]
        assert node["type"] == G.nodes[node["key"]]["type"]
        assert style.min_size <= node["sizes"][measure] <= style.max_size
        assert node["size"] == node["sizes"][style.size_measure]
    ranked = sorted(data["nodes"], key=lambda n: n["measures"][measure])
    sizes = [n["sizes"][measure] for n in ranked]
    assert sizes == sorted(sizes)
    assert sizes[0] < sizes[-1] == style.max_size


def test_default_size_follows_degree_over_typed_links_not_mentions():
    hub = _entity("Hub", EntityType.ORGANIZATION, mentions=1)
    talked = _entity("Talked about", EntityType.ORGANIZATION, mentions=9)
    others = [_entity(f"n{i}", EntityType.PLACE) for i in range(3)]
    relations = tuple(_relation(hub, o, "location") for o in others) + tuple(
        _relation(talked, o)
        for o in others  # co-occurrence does not count
    )
    G = build_graph(Extraction((_article(),), (hub, talked, *others), relations))
    nodes = {n["label"]: n for n in page_data(G, load_style())["nodes"]}

    assert load_style().size_measure == "degree"
    assert nodes["Hub"]["measures"]["degree"] == 3
    assert nodes["Talked about"]["measures"]["degree"] == 0
    assert nodes["Hub"]["size"] > nodes["Talked about"]["size"]


def test_links_refer_to_their_ends_by_index_and_keep_kind_role_and_width():
    G = _sample_graph()
    data = _Page(render_html(G)).data()
    style = load_style()
    keys = [n["key"] for n in data["nodes"]]

    seen = set()
    for edge in data["edges"]:
        u, v = keys[edge["from"]], keys[edge["to"]]
        attrs = G.edges[u, v, edge["kind"]]
        assert edge["typed"] is attrs["typed"] is (edge["kind"] != COOCCURS)
        assert edge["role"] == attrs["role"]
        assert style.min_width <= edge["width"] <= style.max_width
        assert [data["sentences"][ev[0]]["text"] for ev in edge["evidence"]] == sorted(
            e.text for e in attrs["evidence"]
        )
        seen.add((u, v, edge["kind"]))
    assert seen == set(G.edges(keys=True))


def test_positions_are_precomputed_and_physics_is_off():
    page = _Page(render_html(_sample_graph()))
    nodes = page.data()["nodes"]

    points = {(n["x"], n["y"]) for n in nodes}
    assert len(points) == len(nodes)
    assert all(type(c) is int for p in points for c in p)
    _, *ours = page.executable_scripts()
    main_js = ours[SCRIPTS.index("graph.js")]
    assert re.search(r"physics:\s*\{\s*enabled:\s*false\s*\}", main_js)
    assert "app.fit()" in main_js


@pytest.mark.parametrize("typed_links", [0, 1], ids=["co-occurrence only", "with typed"])
def test_cooccurrence_is_hidden_by_default_only_when_there_are_typed_relations(typed_links):
    a, b, c = (_entity(n, EntityType.ORGANIZATION) for n in ("Europol", "Eurojust", "Frontex"))
    relations = [_relation(a, b)] + [_relation(a, c, "funder")] * typed_links
    page = _Page(render_html(build_graph(Extraction((_article(),), (a, b, c), tuple(relations)))))

    toggle = page.one("input", id="cg-cooccurrence")
    assert toggle.has("checked") is (typed_links == 0)


# --- evidence sentences and what is marked in them ------------------------------------------


def _marked(data: dict, sentence: int) -> list[tuple[str, str]]:
    """(marked text, node label) for every span of a sentence, decoding UTF-16 offsets."""
    item = data["sentences"][sentence]
    units = item["text"].encode("utf-16-le")
    return [
        (units[2 * s : 2 * e].decode("utf-16-le"), data["nodes"][n]["label"])
        for s, e, n in item["spans"]
    ]


@pytest.mark.parametrize(
    "prefix", ["", "Café — ", "\U0001f46e\U0001f46e police: "], ids=["ascii", "bmp", "astral"]
)
def test_names_in_evidence_are_marked_from_mention_offsets(prefix):
    sentence = f"{prefix}Europol and Eurojust met in The Hague."
    at = {name: sentence.index(name) for name in ("Europol", "Eurojust", "The Hague")}

    def entity(name, etype):
        m = Mention("a1", 100 + at[name], 100 + at[name] + len(name), name, etype, 100,
                    100 + len(sentence), "test")  # fmt: skip
        return Entity(f"{etype.value}:{name}", etype, name, (name,), (m,))

    europol = entity("Europol", EntityType.ORGANIZATION)
    eurojust = entity("Eurojust", EntityType.ORGANIZATION)
    hague = entity("The Hague", EntityType.PLACE)
    evidence = (Evidence("a1", 100, 100 + len(sentence), sentence, "test"),)
    relation = Relation(europol.key, "location", hague.key, evidence)
    G = build_graph(Extraction((_article(),), (europol, eurojust, hague), (relation,)))
    data = page_data(G, load_style())

    (edge,) = data["edges"]
    assert sorted(_marked(data, edge["evidence"][0][0])) == sorted(
        [("Europol", "Europol"), ("Eurojust", "Eurojust"), ("The Hague", "The Hague")]
    )


def test_names_are_found_by_alias_when_mention_offsets_do_not_fit_the_sentence():
    europol = _entity("Europol", EntityType.ORGANIZATION, aliases=("EC3",))
    lyon = _entity("Lyon", EntityType.PLACE)
    relation = _relation(europol, lyon, sentences=("EC3 (not EC35) met in Lyon; Europol too.",))
    data = page_data(
        build_graph(Extraction((_article(),), (europol, lyon), (relation,))), load_style()
    )

    (edge,) = data["edges"]
    marked = _marked(data, edge["evidence"][0][0])
    assert marked == [("EC3", "Europol"), ("Lyon", "Lyon"), ("Europol", "Europol")]


def test_a_sentence_cited_by_several_links_is_stored_once():
    a, b, c = (_entity(n, EntityType.ORGANIZATION) for n in ("Europol", "Eurojust", "Frontex"))
    sentence = ("Europol, Eurojust and Frontex met.",)
    relations = tuple(_relation(x, y, sentences=sentence) for x, y in ((a, b), (a, c), (b, c)))
    data = page_data(build_graph(Extraction((_article(),), (a, b, c), relations)), load_style())

    assert [s["text"] for s in data["sentences"]] == list(sentence)
    assert {ev[0] for e in data["edges"] for ev in e["evidence"]} == {0}


def test_hypothetical_evidence_claims_and_event_dates_reach_the_page():
    europol = _entity("Europol", EntityType.ORGANIZATION)
    meeting = _entity("Annual meeting", EntityType.EVENT)
    plan = Evidence("a1", 0, 30, "Europol will host the meeting.", "test", 0.5, "hypothetical")
    fact = Evidence("a1", 40, 70, "Europol made 120 arrests.", "test")
    relations = (Relation(meeting.key, "organizer", europol.key, (plan,)),)
    claims = (Claim(europol.key, "arrests", 120, "2021-03-04", fact, "more than"),)
    events = (EventDetail(meeting.key, "2021-05-01", "2021-05-03", plan),)
    G = build_graph(Extraction((_article(),), (europol, meeting), relations, (), 0, claims, events))
    data = page_data(G, load_style())
    nodes = {n["label"]: n for n in data["nodes"]}

    (edge,) = data["edges"]
    assert edge["evidence"] == [[edge["evidence"][0][0], "hypothetical"]]
    (claim,) = nodes["Europol"]["claims"]
    assert {k: claim[k] for k in ("measure", "value", "date", "qualifier")} == {
        "measure": "arrests", "value": 120, "date": "2021-03-04", "qualifier": "more than"
    }  # fmt: skip
    assert data["sentences"][claim["evidence"][0]]["text"] == fact.text
    assert (nodes["Annual meeting"]["start"], nodes["Annual meeting"]["end"]) == (
        "2021-05-01", "2021-05-03"
    )  # fmt: skip
    assert "start" not in nodes["Europol"]


# --- graphs too large to draw ---------------------------------------------------------------


def test_a_graph_too_large_to_draw_keeps_its_most_connected_entities_and_says_so(monkeypatch):
    small = dataclasses.replace(load_style(), max_nodes=3, max_edges=2)
    monkeypatch.setattr(view, "load_style", lambda: small)
    G = _sample_graph()
    page = _Page(render_html(G))
    data = page.data()

    kept = {n["key"] for n in data["nodes"]}
    degree = {k: len(set(G.predecessors(k)) | set(G.successors(k))) for k in G}
    assert len(kept) == 3
    assert min(degree[k] for k in kept) >= max(degree[k] for k in set(G) - kept)
    assert len(data["edges"]) == 2
    typed = [e for e in data["edges"] if e["typed"]]
    available = [(u, v) for u, v, d in G.edges(data="typed") if d and {u, v} <= kept]
    assert len(typed) == min(2, len(available))
    assert (data["summary"]["entities"], data["summary"]["shown_entities"]) == (6, 3)
    notice = " ".join(page.one("p", id="cg-limit").text.split())
    assert "showing the 3 most connected of 6 entities and 2 of 6 links" in notice


def test_a_graph_within_the_limits_has_no_notice():
    assert not _Page(render_html(_sample_graph())).find("p", id="cg-limit")


# --- RELIABILITY row 14: nothing to show ----------------------------------------------------


@pytest.mark.parametrize(
    "graph",
    [
        lambda: nx.MultiDiGraph(),
        lambda: build_graph(Extraction((), (), ())),
        lambda: build_graph(Extraction((_article("a1"), _article("a2")), (), ())),
    ],
    ids=["bare", "no-articles", "articles-without-entities"],
)
def test_empty_graph_renders_a_page_that_says_so(graph):
    G = graph()
    page = _Page(render_html(G))

    assert "Nothing to show" in page.one("p", id="cg-empty").text
    assert not page.find("div", id="cg-network")
    data = page.data()
    assert (data["nodes"], data["edges"]) == ([], [])
    assert data["summary"]["articles"] == len(G.graph.get("articles", {}))
    assert all(t["count"] == 0 for t in data["types"])


# --- determinism ---------------------------------------------------------------------------


def _reinserted(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in reverse order."""
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(reversed(list(G.nodes(data=True))))
    H.add_edges_from(reversed(list(G.edges(keys=True, data=True))))
    return H


@pytest.mark.parametrize(
    "graph",
    [_sample_graph, lambda: _hostile_graph("evidence", HOSTILE[0]), nx.MultiDiGraph],
    ids=["sample", "hostile", "empty"],
)
def test_same_graph_gives_identical_bytes(graph):
    first = render_html(graph())

    assert render_html(graph()) == first
    assert render_html(_reinserted(graph())) == first


def test_reordered_records_give_identical_bytes():
    extraction = _sample_extraction()
    shuffled = Extraction(
        extraction.articles[::-1], extraction.entities[::-1], extraction.relations[::-1]
    )

    assert render_html(build_graph(shuffled)) == render_html(build_graph(extraction))


@pytest.mark.parametrize("hashseed", ["0", "4242"])
def test_output_does_not_depend_on_the_hash_seed(hashseed):
    here = Path(__file__).parent
    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]); import test_view as t; "
        "print(hashlib.sha256(t.render_html(t._sample_graph())).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run(
        [sys.executable, "-c", code, str(here)], env=env, capture_output=True, text=True, check=True
    )

    assert out.stdout.strip() == hashlib.sha256(render_html(_sample_graph())).hexdigest()


# --- the style file -------------------------------------------------------------------------


def _style_raw() -> dict:
    from importlib.resources import files

    text = (files("casegraph.graph") / "styles" / "types.toml").read_text("utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize(
    ("section", "key", "value", "message"),
    [
        ("types.Place", "color", "green", r"\[types\.Place\] color = 'green': expected #rrggbb"),
        ("types.Event", "shape", "box", r"\[types\.Event\] shape = 'box'"),
        ("limits", "max_nodes", 0, r"\[limits\] max_nodes = 0: expected an int > 0"),
        ("layout", "unit", True, r"\[layout\] unit = True: expected a positive number"),
        ("panel", "max_items", 2.5, r"\[panel\] max_items = 2.5"),
        ("nodes", "min_size", 100, r"min_size/min_width is larger than its maximum"),
    ],
)
def test_a_bad_style_value_is_refused_naming_the_file_and_key(section, key, value, message):
    raw = _style_raw()
    table = raw
    for part in section.split("."):
        table = table[part]
    table[key] = value

    with pytest.raises(ExportError, match=r"graph/styles/types\.toml: .*" + message):
        parse_style(raw)


def test_the_shipped_style_is_valid():
    assert parse_style(_style_raw()) == load_style()


# --- inferred links, evidence once, widths ---------------------------------------------------


def _inferred_extraction(*, stated_too: bool = False, inferred_sentences: int = 1) -> Extraction:
    """Ann works for a unit of INTERPOL (stated); so she works for INTERPOL (inferred)."""
    ann = _entity("Ann Lee")
    unit = _entity("Crimes Unit", EntityType.ORGANIZATION)
    interpol = _entity("INTERPOL", EntityType.ORGANIZATION)
    works = _relation(ann, unit, "worksFor", sentences=("Ann Lee heads the Crimes Unit.",))
    part = _relation(unit, interpol, "parentOrganization", sentences=("INTERPOL's Crimes Unit.",))
    basis = ((ann.key, "worksFor", unit.key), (unit.key, "parentOrganization", interpol.key))
    evidence = [
        Evidence("a1", 100 * i, 100 * i + 30, f"Ann Lee heads the Crimes Unit ({i}).", "inferred",
                 0.8, basis=basis)
        for i in range(inferred_sentences)
    ]  # fmt: skip
    if stated_too:
        evidence.append(Evidence("a1", 40, 60, "Ann Lee works for INTERPOL.", "test"))
    inferred = Relation(ann.key, "worksFor", interpol.key, tuple(evidence))
    return Extraction((_article(),), (ann, unit, interpol), (works, part, inferred))


def test_a_link_derived_from_other_links_is_marked_inferred_and_names_them():
    data = page_data(build_graph(_inferred_extraction()), load_style())
    label = [n["label"] for n in data["nodes"]]
    by_ends = {(label[e["from"]], e["kind"], label[e["to"]]): e for e in data["edges"]}

    inferred = by_ends["Ann Lee", "worksFor", "INTERPOL"]
    assert inferred["inferred"] is True
    basis = [data["edges"][j] for j in inferred["basis"]]
    assert {(label[e["from"]], e["kind"], label[e["to"]]) for e in basis} == {
        ("Ann Lee", "worksFor", "Crimes Unit"),
        ("Crimes Unit", "parentOrganization", "INTERPOL"),
    }
    assert inferred["basis_missing"] == 0
    assert by_ends["Ann Lee", "worksFor", "Crimes Unit"]["inferred"] is False
    assert "basis" not in by_ends["Ann Lee", "worksFor", "Crimes Unit"]
    assert data["summary"]["shown_inferred_links"] == 1


def test_a_link_also_stated_is_not_drawn_as_inferred():
    data = page_data(build_graph(_inferred_extraction(stated_too=True)), load_style())

    assert [e["inferred"] for e in data["edges"]] == [False, False, False]


def test_a_basis_link_that_is_not_drawn_is_counted_not_dropped():
    small = dataclasses.replace(load_style(), max_edges=2)  # the inferred link has most evidence
    data = page_data(build_graph(_inferred_extraction(inferred_sentences=2)), small)
    (inferred,) = [e for e in data["edges"] if e["inferred"]]

    assert len(inferred["basis"]) == inferred["basis_missing"] == 1


def test_the_legend_has_an_entry_for_inferred_relations():
    page = _Page(render_html(build_graph(_inferred_extraction())))
    (row,) = [li for li in page.find("li") if li.attr("data-edge") == "inferred"]
    (label,) = row.children
    count = [c for c in label.children if c.attr("class") == "cg-count"]

    assert count[0].text == "1"
    assert any(e.tag == "line" and e.attr("stroke-dasharray") for e in page.elements
               if e.parent is not None and e.parent.parent is label)  # fmt: skip


def test_each_sentence_is_listed_once_per_link_asserted_if_any_evidence_is():
    a, b = _entity("Europol", EntityType.ORGANIZATION), _entity("SIS II", EntityType.DATABASE)
    s = "Europol checked SIS II."
    evidence = (
        Evidence("a1", 0, len(s), s, "rule-one", 0.5, "hypothetical"),
        Evidence("a1", 0, len(s), s, "rule-two"),
        Evidence("a1", 30, 40, "SIS II again.", "rule-one"),
    )
    G = build_graph(
        Extraction((_article(),), (a, b), (Relation(a.key, "operatedBy", b.key, evidence),))
    )
    data = page_data(G, load_style())

    (edge,) = data["edges"]
    assert [data["sentences"][ev[0]]["text"] for ev in edge["evidence"]] == [s, "SIS II again."]
    assert edge["evidence"][0] == [edge["evidence"][0][0]]  # asserted: no modality tag


def test_link_width_follows_the_number_of_supporting_articles():
    a, b, c = (_entity(n, EntityType.ORGANIZATION) for n in ("Europol", "Eurojust", "Frontex"))
    many = tuple(
        Evidence("a1", i, i + 1, f"s{i}", "test") for i in range(5)
    )  # 5 sentences, 1 article
    two = (Evidence("a1", 0, 1, "x", "test"), Evidence("a2", 0, 1, "y", "test"))
    relations = (Relation(a.key, "funder", b.key, many), Relation(a.key, "sponsor", c.key, two))
    G = build_graph(Extraction((_article("a1"), _article("a2")), (a, b, c), relations))
    widths = {e["kind"]: e["width"] for e in page_data(G, load_style())["edges"]}

    assert widths["sponsor"] == load_style().max_width > widths["funder"]


# --- the world outline ---------------------------------------------------------------------


def _placed_graph(canonical: str | None) -> nx.MultiDiGraph:
    m = Mention("a1", 0, 4, "Lyon", EntityType.PLACE, 0, 4, "gazetteer", canonical)
    lyon = Entity("lyon", EntityType.PLACE, "Lyon", ("Lyon",), (m,))
    return build_graph(Extraction((_article(),), (lyon,), ()))


def test_the_world_outline_is_inlined_unmodified_only_when_a_place_is_located():
    from casegraph.graph.viewgeo import world_outline

    located = _Page(render_html(_placed_graph("city:lyon")))
    unlocated = _Page(render_html(_placed_graph(None)))

    (block,) = located.find("script", id="cg-world")
    assert block.attr("type") == "application/json"
    assert json.loads(block.text) == json.loads(world_outline())
    assert (located.data()["nodes"][0]["lat"], located.data()["nodes"][0]["lon"]) == (45.75, 4.85)
    assert unlocated.find("script", id="cg-world") == []
    assert "lat" not in unlocated.data()["nodes"][0]
