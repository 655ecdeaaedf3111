"""Shared pieces of the reliability tests: graphs made without spaCy, a build without the CLI,
and the check of every file of a published output set."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

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
from casegraph.graph.build import build_graph, summarize
from casegraph.graph.outputs import CURRENT, GENERATIONS, MANIFEST_NAME, SET_NAMES, STORE_DIR
from casegraph.graph.publish import Published, make_manifest, publish_graph
from casegraph.graph.serialize import DATASET_FILES, FORMATS

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent


def graph_fixture():
    """tests/graph/conftest.py as a module (its hostile names and literals)."""
    spec = importlib.util.spec_from_file_location("graph_fixture", TESTS / "graph" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hostile_graph() -> nx.MultiDiGraph:
    return build_graph(graph_fixture().make_extraction())


def synthetic_extraction(articles: int, *, seed: int = 1, sentences: int = 12) -> Extraction:
    """``articles`` articles of made-up sentences naming people, organisations and places,
    with co-occurrence and worksFor links: a graph of any size without the NLP stage."""
    rng = random.Random(seed)
    pool = max(8, articles * 2)
    names = {
        EntityType.PERSON: [f"Person {i} Lee" for i in range(pool)],
        EntityType.ORGANIZATION: [f"Unit {i} of Police" for i in range(pool // 2)],
        EntityType.PLACE: [f"Town {i}" for i in range(pool // 4)],
    }
    found: dict[str, list[Mention]] = {}
    types: dict[str, EntityType] = {}
    out_articles, evidence = [], {}
    for a in range(articles):
        aid = f"a{a:05d}"
        text = f"Article {a} about police cooperation\n\n"
        for _ in range(sentences):
            person = rng.choice(names[EntityType.PERSON])
            org = rng.choice(names[EntityType.ORGANIZATION])
            place = rng.choice(names[EntityType.PLACE])
            start = len(text)
            sentence = f'{person} of {org} met colleagues in {place} on "day" \\{a}.'
            text += sentence + " "
            end = start + len(sentence)
            keys = []
            for name, etype in ((person, EntityType.PERSON), (org, EntityType.ORGANIZATION),
                                (place, EntityType.PLACE)):  # fmt: skip
                at = start + sentence.index(name)
                key = name.lower()
                types[key] = etype
                found.setdefault(key, []).append(
                    Mention(aid, at, at + len(name), name, etype, start, end, "synthetic")
                )
                keys.append(key)
            ev = Evidence(aid, start, end, sentence, "synthetic", 0.75)
            evidence.setdefault((keys[0], "worksFor", keys[1]), []).append(ev)
            for x, y in ((keys[0], keys[1]), (keys[0], keys[2]), (keys[1], keys[2])):
                s, o = sorted((x, y))
                evidence.setdefault((s, COOCCURS, o), []).append(
                    Evidence(aid, start, end, sentence, "co-occurrence")
                )
        out_articles.append(Article(aid, f"{aid}.txt", f"Article {a}", text.rstrip()))
    entities = [
        Entity(key, types[key], mentions[0].text, (mentions[0].text,), tuple(mentions))
        for key, mentions in sorted(found.items())
    ]
    relations = [
        Relation(s, kind, o, tuple(dict.fromkeys(evs))) for (s, kind, o), evs in evidence.items()
    ]
    return Extraction(tuple(out_articles), tuple(entities), tuple(relations))


def publish(out: Path, G: nx.MultiDiGraph, **kwargs) -> Published:
    """What ``casegraph build`` does after extraction, for a graph made by hand."""
    summary = summarize(G)
    counts = {"articles": summary["articles"], "entities": summary["entities"]}
    manifest = make_manifest(paths=["(test)"], files=(), counts=counts)
    return publish_graph(out, G, summary=summary, manifest=manifest, **kwargs)


def check_set(out: Path, *, store: bool = True, store_link: bool = True) -> dict:
    """Check every file of the set in use in ``out`` and return its manifest: ``current``
    points into .generations, every name is the fixed link into it, every file has the hash
    the manifest gives, every RDF file strict-parses to the number of statements written,
    and the store (when present) holds the dataset and, as its default graph, the union."""
    pointer = out / CURRENT
    assert pointer.is_symlink(), f"{pointer} is not the pointer"
    directory = pointer.resolve()
    assert directory.parent == (out / GENERATIONS).resolve(), directory
    manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    for name in SET_NAMES:
        if name != STORE_DIR or store_link:  # a fresh clone has no store link (not in git)
            assert os.readlink(out / name) == f"{CURRENT}/{name}", name
    assert sorted(manifest["outputs"]) == sorted(
        n for n in SET_NAMES if n not in (MANIFEST_NAME, STORE_DIR)
    )
    for name, meta in manifest["outputs"].items():
        data = (out / name).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (meta["bytes"], meta["sha256"])
    counts = manifest["counts"]
    for name, rdf_format in FORMATS.items():
        found = sum(1 for _ in ox.parse(path=str(out / name), format=rdf_format))
        assert found == counts["quads" if name in DATASET_FILES else "triples"], name
    if store and (directory / STORE_DIR).is_dir():
        stored = counts.get("store_quads", counts["quads"])  # sets before the union layout
        assert len(ox.Store.read_only(str(directory / STORE_DIR))) == stored
    return manifest


def store_files(out: Path) -> dict[str, int]:
    """The files of the store in use and their sizes (a cheap check that it is untouched)."""
    root = (out / CURRENT).resolve() / STORE_DIR
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*"))}


def leftovers(out: Path) -> list[str]:
    """Anything a build leaves besides the set in use, its links, the lock and the one
    complete set that was in use before it (kept for readers still on it until the next
    build)."""
    expected = {CURRENT, GENERATIONS, ".lock", ".cache", *SET_NAMES}
    found = [p.name for p in out.iterdir() if p.name not in expected]
    in_use = (out / CURRENT).resolve() if (out / CURRENT).exists() else None
    if (out / GENERATIONS).is_dir():
        others = [p for p in (out / GENERATIONS).iterdir() if p.resolve() != in_use]
        complete = [
            p for p in others if not p.name.startswith(".") and (p / "manifest.json").is_file()
        ]
        found += [f"{GENERATIONS}/{p.name}" for p in others if p not in complete[:1]]
    return sorted(found)


def publish_forever(out: str, ready) -> None:
    """Publish two different graphs into ``out`` by turns until killed, under the build lock
    (the child process of the kill -9 tests); ``ready`` is set after the first set is in use."""
    from casegraph.graph.atomic import build_lock

    graphs = [hostile_graph(), build_graph(synthetic_extraction(3))]
    with build_lock(out):
        n = 0
        while True:
            publish(Path(out), graphs[n % 2])
            ready.set()
            n += 1
