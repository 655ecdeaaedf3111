"""Per-article results kept between builds: found again for an unchanged article under the same
extraction version, never trusted when damaged, foreign or outdated; the records round-trip
through their JSON form exactly."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
import zlib
from importlib import invalidate_caches

import pytest

from casegraph.extract import cache as cache_module
from casegraph.extract.annotate import Annotation
from casegraph.extract.cache import AnnotationCache, extraction_version, package_digest
from casegraph.extract.codec import BadRecord, decode, encode
from casegraph.extract.records import Acronym, Article, EntityType, Evidence, Figure, Link, Mention
from casegraph.extract.run import annotate_corpus

TEXT = 'Europol and INTERPOL met in Lyon.\n\nThe meeting of Europol (EP) ended. "Q\\" end.'


def article(aid: str = "a1", text: str = TEXT, **changes) -> Article:
    return Article(aid, f"{aid}.txt", "Title", text, **({"date": "2024-01-02"} | changes))


def annotation(a: Article) -> Annotation:
    t = a.text
    sent = (0, t.index(".") + 1)
    at = t.index("INTERPOL")
    ev = Evidence(a.id, *sent, t[slice(*sent)], "pattern:met", 2 / 3, "hypothetical",
                  (("europol", "participant", "interpol"),))  # fmt: skip
    mentions = (
        Mention(a.id, 0, 7, "Europol", EntityType.ORGANIZATION, *sent, "gazetteer",
                "institution:europol"),
        Mention(a.id, at, at + 8, "INTERPOL", EntityType.ORGANIZATION, *sent, "model"),
        Mention(a.id, t.index("The meeting"), t.index("The meeting") + 11, "The meeting",
                EntityType.EVENT, t.index("The meeting"), len(t), "anaphor", None, (0, 7)),
    )  # fmt: skip
    return Annotation(
        a.id,
        mentions,
        (Acronym(a.id, "EP", "Europol"),),
        2,
        (Link("participant", (0, 7), (at, at + 8), ev, "host"),
         Link("memberOf", (0, 7), "institution:interpol", dataclasses.replace(ev, text="x"))),
        (Figure((0, 7), "arrests", 12, ev, "more than"),),
        ("2024-01-01", "2024-01-02", ev),
    )  # fmt: skip


def test_records_round_trip_through_json_exactly():
    a = article()
    data = json.loads(json.dumps(encode(annotation(a), a)))
    assert decode(data, a) == annotation(a)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(article="other"), "record of article 'other'"),
        (lambda d: d["mentions"][0].__setitem__(1, 10_000), "outside the article"),
        (lambda d: d["mentions"][0].__setitem__(3, "Alien"), "Alien"),
        (lambda d: d.update(skipped="2"), "expected an integer"),
        (lambda d: d.pop("links"), "expected an object"),
        (lambda d: d["figures"][0][3].__setitem__(4, "high"), "not a number"),
        (lambda d: d.update(format=99), "format 99"),
    ],
)
def test_a_record_that_does_not_fit_the_article_is_refused(damage, message):
    a = article()
    data = json.loads(json.dumps(encode(annotation(a), a)))
    damage(data)
    with pytest.raises(BadRecord, match=message):
        decode(data, a)


@pytest.fixture
def store(tmp_path):
    with AnnotationCache(tmp_path, version="v1") as c:
        yield c


def test_an_unchanged_article_is_found_and_an_edited_one_is_not(store):
    a = article()
    store.put(a, annotation(a))
    assert store.get(a) == annotation(a)
    assert store.get(dataclasses.replace(a, text=a.text + " More.")) is None
    assert store.get(dataclasses.replace(a, date="2020-01-01")) is None
    assert (store.hits, store.misses) == (1, 2)


def test_another_extraction_version_misses_and_is_pruned(tmp_path):
    a = article()
    with AnnotationCache(tmp_path, version="v1") as old:
        old.put(a, annotation(a))
    with AnnotationCache(tmp_path, version="v2") as new:
        assert new.get(a) is None
        assert new.prune() == 1
    with AnnotationCache(tmp_path, version="v1") as old:
        assert old.get(a) is None


def _rows(store: AnnotationCache) -> sqlite3.Connection:
    store.commit()
    return sqlite3.connect(store.path)


def test_a_damaged_entry_is_detected_and_recomputed(store, caplog):
    a = article()
    store.put(a, annotation(a))
    db = _rows(store)
    (payload,) = db.execute("SELECT payload FROM entry").fetchone()
    db.execute("UPDATE entry SET payload = ?", (payload[:-1] + bytes([payload[-1] ^ 1]),))
    db.commit()
    assert store.get(a) is None and store.rejected == 1
    assert "does not match its hash" in caplog.text


def test_a_foreign_entry_under_an_articles_key_is_refused(store, caplog):
    a, b = article("a1"), article("b2", text=TEXT.replace("Lyon", "Paris"))
    store.put(a, annotation(a))
    store.put(b, annotation(b))
    db = _rows(store)
    # b's entry, hash and all, copied under a's key: well-formed, but not a's
    key_a = cache_module.article_key(a, "v1")
    row_b = db.execute("SELECT digest, payload FROM entry WHERE article = 'b2'").fetchone()
    db.execute("UPDATE entry SET digest = ?, payload = ? WHERE key = ?", (*row_b, key_a))
    db.commit()
    assert store.get(a) is None and store.rejected == 1
    assert "another key" in caplog.text


def test_a_forged_entry_with_a_fresh_hash_is_still_checked_against_the_text(store):
    a = article()
    key = cache_module.article_key(a, "v1")
    data = {"key": key, **encode(annotation(a), a)}
    data["mentions"][0][1] = len(a.text) + 5
    payload = zlib.compress(json.dumps(data).encode())
    digest = cache_module.hashlib.sha256(payload).hexdigest()
    store.put(a, annotation(a))
    db = _rows(store)
    db.execute("UPDATE entry SET digest = ?, payload = ?", (digest, payload))
    db.commit()
    assert store.get(a) is None and store.rejected == 1


def test_a_file_that_is_not_a_cache_is_replaced(tmp_path, caplog):
    (tmp_path / cache_module.CACHE_NAME).write_bytes(b"not a database at all" * 100)
    with AnnotationCache(tmp_path, version="v1") as c:
        a = article()
        assert c.get(a) is None
        c.put(a, annotation(a))
        assert c.get(a) == annotation(a)
    assert "unreadable cache" in caplog.text


def test_the_extraction_version_changes_with_any_file_of_the_package(tmp_path, monkeypatch):
    pkg = tmp_path / "fakepkg"
    (pkg / "patterns").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "patterns" / "words.toml").write_text("a = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    invalidate_caches()
    before = package_digest("fakepkg")
    (pkg / "patterns" / "words.toml").write_text("a = 2\n")
    package_digest.cache_clear()
    assert package_digest("fakepkg") != before
    sys.modules.pop("fakepkg", None)


def test_the_extraction_version_covers_the_extract_package_and_the_model():
    version = extraction_version()
    assert len(version) == 64 and version == extraction_version()
    assert extraction_version(model="no_such_model") != version


class Engine:
    """Stands in for the NLP stage: records what it was asked to parse."""

    def __init__(self):
        self.asked: list[str] = []

    def __call__(self, todo):
        self.asked += [a.id for a in todo]
        return [(annotation(a), a) for a in todo]


def test_a_rebuild_parses_only_the_articles_added_or_edited(tmp_path):
    corpus = [article(f"a{i}", text=TEXT.replace("Lyon", f"Town {i}")) for i in range(4)]
    engine = Engine()
    with AnnotationCache(tmp_path, version="v1") as c:
        first = annotate_corpus(corpus, engine=engine, cache=c)
    assert engine.asked == ["a0", "a1", "a2", "a3"]
    edited = [*corpus[:2], dataclasses.replace(corpus[2], title="New"), article("a9")]
    engine.asked.clear()
    with AnnotationCache(tmp_path, version="v1") as c:
        again = annotate_corpus(edited, engine=engine, cache=c)
    assert engine.asked == ["a2", "a9"]  # a3 deleted: nothing to do for it
    assert again[:2] == first[:2]
