"""Tests of the article reader: cleaning, metadata, formats and hostile input."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casegraph
from casegraph.errors import InputError
from casegraph.extract.cleaning import parse_article
from casegraph.extract.corpus import _digest, article_id, read_corpus, read_inputs
from casegraph.extract.records import Article

DATA = Path(__file__).parent.parent / "data" / "corpus"
BODY = (
    "Police officers from five countries took part in the operation, which targeted networks "
    "trafficking stolen vehicles across the region over several months."
)


def parse(text: str) -> Article:
    return parse_article(text, article_id="a", source="a.txt")


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def paragraphs(n: int) -> list[str]:
    return [f"Paragraph {i}. {BODY}" for i in range(1, n + 1)]


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("header", "iso"),
    [
        ("31 October 2013 - Media release", "2013-10-31"),
        ("Published On: Mon, Oct 6th, 2014", "2014-10-06"),
        ("INTERPOL on September 7, 2011 released the following:", "2011-09-07"),
        ("16 January 2015", "2015-01-16"),
        ("2014-10-06", "2014-10-06"),
        ("October 6, 2014", "2014-10-06"),
        ("6th Oct. 2014", "2014-10-06"),
        ("OCTOBER 6 2014", "2014-10-06"),
        ("Sept 9, 2019", "2019-09-09"),
        ("Posted on 3 May 2020 at 10:32 am", "2020-05-03"),
        ("Last updated: Friday, 1st of March 2019", "2019-03-01"),
        ("Lyon, France, 14 March 2022", "2022-03-14"),
        ("THE HAGUE | 5 June 2019 | Press release", "2019-06-05"),
    ],
)
@pytest.mark.parametrize("before_title", [True, False])
def test_date_header_line_gives_iso_date_and_is_removed(header, iso, before_title):
    parts = [header, "Title of the story"] if before_title else ["Title of the story", header]
    article = parse("\n\n".join([*parts, BODY]))
    assert article.date == iso
    assert article.title == "Title of the story"
    assert header not in article.text
    assert article.text == f"Title of the story\n\n{BODY}"


@pytest.mark.parametrize(
    "line",
    [
        "06/10/2014",  # ambiguous day/month order: never guessed
        "31 February 2014",  # not a calendar day
    ],
)
def test_line_that_is_not_a_date_header_gives_no_date_and_stays(line):
    article = parse(f"Title of the story\n\n{line}\n\n{BODY}")
    assert article.date is None
    assert line in article.text


def test_a_date_in_the_first_paragraph_dates_the_article_and_stays_in_it():
    # no date line and no dateline date: the first paragraph's first dated day (issue 9)
    article = parse(f"Title\n\nOn 5 March 2020 police arrested two men. {BODY}")
    assert article.date == "2020-03-05"
    assert "On 5 March 2020 police arrested" in article.text


def test_title_that_mentions_a_date_stays_the_title():
    article = parse(f"Operation ends on 5 May 2020\n\n{BODY}")
    assert article.title == "Operation ends on 5 May 2020"
    assert article.date is None


# ---------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("opening", "dateline", "clean_opening"),
    [
        ("LYON, France – Police", "LYON, France", "LYON, France – Police"),
        ("LYON, France –Police", "LYON, France", "LYON, France –Police"),
        ("HAMILTON, Bermuda -- Police", "HAMILTON, Bermuda", "HAMILTON, Bermuda -- Police"),
        ("THE HAGUE, Netherlands - Police", "THE HAGUE, Netherlands", None),
        ("WASHINGTON, D.C. — Police", "WASHINGTON, D.C.", None),
        ("SINGAPORE – Police", "SINGAPORE", None),
        ("SMALLTOWNVILLE, France – Police", "SMALLTOWNVILLE, France", None),
        ("“LYON, France – Police", "LYON, France", "“LYON, France – Police"),
        ("LYON,  France  – Police", "LYON, France", None),
        # scraping junk glued before the place is removed from the text as well
        (
            "Interpol-logo_CIHAMILTON, Bermuda -- Police",
            "HAMILTON, Bermuda",
            "HAMILTON, Bermuda -- Police",
        ),
        ("banner.pngLYON, France — Police", "LYON, France", "LYON, France — Police"),
        ("site_header_imgROTTERDAM – Police", "ROTTERDAM", "ROTTERDAM – Police"),
        # a capital prefix is stripped when the rest is a place of the region's country
        ("CIHAMILTON, Bermuda -- Police", "HAMILTON, Bermuda", "HAMILTON, Bermuda -- Police"),
    ],
)
def test_dateline_is_read_and_cleaned(opening, dateline, clean_opening):
    article = parse(f"Title\n\n{opening} {BODY}")
    assert article.dateline == dateline
    assert article.text[article.body_start :].startswith(clean_opening or opening)


@pytest.mark.parametrize(
    "opening",
    [
        "INTERPOL – the world’s largest police organization said",
        "INTERPOL, Europol and the FBI – working together,",
        "Police in Lyon, France – said",
        "The meeting - held in LYON -",
        "ZZQXW, Nowhereland – Police",
        "Mr.LYON, France – Police",
    ],
)
def test_paragraph_that_is_not_a_dateline_gives_none_and_stays(opening):
    article = parse(f"Title\n\n{opening} {BODY}")
    assert article.dateline is None
    assert opening in article.text


def test_dateline_is_found_after_a_subtitle():
    article = parse(f"Title\n\nA short subtitle line\n\nLYON, France – {BODY}")
    assert article.dateline == "LYON, France"


def test_dateline_deep_in_the_article_is_not_the_dateline():
    text = "\n\n".join(["Title", *paragraphs(5), f"LYON, France – {BODY}"])
    assert parse(text).dateline is None


# ---------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    "furniture",
    [
        "All news",
        "Press Release",
        "Press Release/News",
        "Media release",
        "View all crime areas",
        "This News/Press release is about Cybercrime",
        "Bookmark and Share",
        "Comments are closed.",
        "Click Tag(s) for Related Articles:",
        "Share this",
        "Print",
        "Tweet",
    ],
)
@pytest.mark.parametrize("where", ["header", "middle", "end"])
def test_furniture_line_is_removed(furniture, where):
    body = paragraphs(4)
    if where == "header":
        lines = [furniture, "Title", *body]
    elif where == "middle":
        lines = ["Title", body[0], furniture, *body[1:]]
    else:
        lines = ["Title", *body, furniture]
    article = parse("\n\n".join(lines))
    assert furniture not in article.text
    assert article.text == "\n\n".join(["Title", *body])


def test_captions_and_quotes_are_kept():
    kept = ["[Photo: seized weapons on a table]", "“We will not stop,” said the chief."]
    article = parse("\n\n".join(["Title", kept[0], BODY, kept[1]]))
    assert all(line in article.text for line in kept)


@pytest.mark.parametrize(
    "footer",
    [
        "To find additional global criminal news, please read The Daily.",
        "Jane Doe and other members of the U.S. law firm write on extradition.",
        "The author of this blog is Jane Doe.",
        "Questions? Please feel free to contact him directly.",
        "Click Tag(s) for Related Articles:\nINTERPOL, Lyon",
        "Related articles:\nOther story one",
    ],
)
def test_footer_at_the_end_is_cut_with_everything_after_it(footer):
    body = paragraphs(8)
    after = "Some trailing sign-off line after the footer."
    article = parse("\n\n".join(["Title", *body, footer, after]))
    assert article.text == "\n\n".join(["Title", *body])


@pytest.mark.parametrize(
    "footer",
    [
        "The author of this blog is Jane Doe.",
        "Questions? Please feel free to contact him directly.",
    ],
)
def test_footer_phrase_in_the_middle_of_the_article_is_kept(footer):
    body = paragraphs(8)
    body.insert(2, footer)
    article = parse("\n\n".join(["Title", *body]))
    assert article.text == "\n\n".join(["Title", *body])


def test_blog_post_fixture_loses_header_widgets_and_footer():
    (article,), problems = read_corpus([DATA / "blog-post.txt"])
    assert problems == ()
    assert article.title == "Customs officers find cocaine hidden in banana boxes"
    assert article.date == "2020-03-03"
    assert article.dateline == "ROTTERDAM, Netherlands"
    assert article.text.endswith("Two men were arrested in Antwerp.")
    assert "[Photo: boxes of bananas stacked in a warehouse]" in article.text
    for gone in ("All news", "Published On", "Bookmark", "law firm", "Comments", "Share this"):
        assert gone not in article.text


# ---------------------------------------------------------------- normalisation and offsets


def test_text_is_normalised_without_touching_quotes():
    raw = "  Title “quoted”  \r\n\r\n\r\n\r\nCafe\u0301 ‘one’ – two  \rnext line\t\n\n\n\nlast"
    article = parse(raw)
    assert article.text == "Title “quoted”\n\nCafé ‘one’ – two\nnext line\n\nlast"
    assert article.title == "Title “quoted”"
    assert article.text[article.body_start :].startswith("Café")


def test_title_is_the_first_line_and_body_start_points_after_it():
    article = parse(f"\n\nHeadline here\n{BODY}\n\n{BODY}")
    assert article.text.split("\n", 1)[0] == article.title == "Headline here"
    assert article.text[article.body_start :] == f"{BODY}\n\n{BODY}"


def test_text_with_only_a_title_has_an_empty_body():
    article = parse("Only a headline")
    assert (article.text, article.body_start) == ("Only a headline", len("Only a headline"))


def test_overlong_first_line_is_body_and_title_is_shortened():
    long_line = " ".join([BODY] * 5)
    article = parse(long_line)
    assert article.body_start == 0
    assert article.text == long_line
    assert article.title.endswith("…") and len(article.title) <= 301


def test_text_with_nothing_but_furniture_is_refused():
    with pytest.raises(InputError, match="no article text"):
        parse("All news\n\nPrint\n\n14 March 2022")


@pytest.mark.parametrize("bad", ["\udcff", "\ud800", "x\udfffy"])
def test_lone_surrogate_is_rejected(bad):
    with pytest.raises(InputError, match="lone surrogate"):
        parse(f"Title\n\n{bad} {BODY}")


def test_noncharacters_other_than_surrogates_pass_through():
    article = parse(f"Title\n\nA \ufffe B \uffff {BODY}")
    assert "A \ufffe B \uffff" in article.text


PIECES = [
    *("LYON", ", France", " – ", " -- ", "logo_", "HAMILTON", "Bermuda", "All news", "Print"),
    *("14 March 2022", "Published On:", "The author of this blog is", "“", "x", "e\u0301"),
    *("\n", "\n\n", "\r\n", "\r", " ", "\t", "#", "\xa0"),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text())
def test_any_text_gives_a_normalised_article_or_an_input_error(text):
    try:
        article = parse(text)
    except InputError:
        return
    assert "\r" not in article.text and "\n\n\n" not in article.text
    assert article.text == article.text.strip("\n")
    assert 0 <= article.body_start <= len(article.text)
    if article.body_start:
        assert article.text == article.title or article.text.startswith(article.title + "\n\n")
    assert article.body_start > 0 or article.title.endswith("…")
    assert article.date is None or len(article.date) == 10


# ---------------------------------------------------------------- decoding


@pytest.mark.parametrize(
    ("encoded", "text"),
    [
        (codecs.BOM_UTF8 + "Titre\n\nCafé".encode(), "Titre\n\nCafé"),
        (codecs.BOM_UTF16_LE + "Titre\n\nCafé".encode("utf-16-le"), "Titre\n\nCafé"),
        (codecs.BOM_UTF16_BE + "Titre\n\nCafé".encode("utf-16-be"), "Titre\n\nCafé"),
        (codecs.BOM_UTF32_LE + "Titre\n\nCafé".encode("utf-32-le"), "Titre\n\nCafé"),
        ("Titre\n\nCafé 😀".encode(), "Titre\n\nCafé 😀"),
    ],
)
def test_utf8_and_bom_marked_unicode_are_decoded(tmp_path, encoded, text):
    write(tmp_path, "a.txt", encoded)
    (article,), problems = read_corpus([tmp_path])
    assert problems == ()
    assert article.text == text


@pytest.mark.parametrize(
    ("content", "line", "offset", "reason"),
    [
        ("Title\n\nCafé crème".encode("latin-1"), 3, 10, "not valid UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, 0, "not valid UTF-8"),
        (b"Title\n\nsome\x00binary\x00data", 3, 11, "binary data"),
        ("Title\n\nCafé".encode("utf-16-le"), 1, 1, "binary data"),  # UTF-16 without a BOM
        (bytes(range(1, 9)) * 20, 1, 0, "binary data"),
        (codecs.BOM_UTF16_LE + b"T\x00\x00\xdc", 1, 4, "not valid UTF-16"),
    ],
)
def test_undecodable_file_is_refused_and_others_still_read(tmp_path, content, line, offset, reason):
    write(tmp_path, "bad.txt", content)
    write(tmp_path, "good.txt", f"Good title\n\n{BODY}")
    articles, (problem,) = read_corpus([tmp_path])
    assert [a.id for a in articles] == ["good"]
    assert (problem.source, problem.line, problem.fatal) == ("bad.txt", line, True)
    assert reason in problem.message
    assert f"byte offset {offset}" in problem.message
    assert str(problem).startswith(f"bad.txt:{line}: ")


def test_a_few_stray_control_characters_are_not_binary(tmp_path):
    write(tmp_path, "a.txt", f"Title\n\n{BODY}\x0b {BODY}")
    (article,), problems = read_corpus([tmp_path])
    assert problems == () and "\x0b" in article.text


# ---------------------------------------------------------------- JSONL


def jsonl_lines() -> list[str]:
    good = {"id": "Story One", "title": "First story", "text": BODY, "date": "2020-01-02"}
    return [
        "\ufeff" + json.dumps(good),  # 1: BOM on the first line is fine
        '{"text": "broken',  # 2
        "[1, 2, 3]",  # 3
        '{"text": NaN}',  # 4
        '{"title": "no text"}',  # 5
        '{"text": 12}',  # 6
        "[" * 100_000 + "]" * 100_000,  # 7
        '{"text": "\\udcff bad"}',  # 8
        "",  # 9: blank lines are skipped silently
        json.dumps({"text": f"Second story\n\nLYON, France – {BODY}"}),  # 10
        json.dumps({"text": "   "}),  # 11
        json.dumps({"text": BODY, "title": "\ud800"}),  # 12 (written with an escape)
        '{"text": Infinity}',  # 13
    ]


def test_jsonl_bad_lines_are_reported_and_good_lines_ingested(tmp_path):
    write(tmp_path, "feed.jsonl", "\n".join(jsonl_lines()) + "\n")
    articles, problems = read_corpus([tmp_path])
    second_text = f"Second story\n\nLYON, France – {BODY}"
    second = "feed.jsonl_" + _digest("", second_text)
    assert sorted((a.id, a.source, a.title, a.date) for a in articles) == [
        (second, "feed.jsonl:10", "Second story", None),
        (article_id("Story One"), "feed.jsonl:1", "First story", "2020-01-02"),
    ]
    by_line = {a.source: a for a in articles}
    assert by_line["feed.jsonl:10"].dateline == "LYON, France"
    assert by_line["feed.jsonl:1"].text == f"First story\n\n{BODY}"
    reasons = {p.line: p for p in problems}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8, 11, 12, 13]
    assert "malformed JSON" in reasons[2].message
    assert "expected a JSON object, got an array" in reasons[3].message
    assert "NaN" in reasons[4].message and "Infinity" in reasons[13].message
    assert reasons[5].message == "text: missing"
    assert reasons[6].message == "text: expected a string, got a number"
    assert "nested too deeply" in reasons[7].message
    assert "lone surrogate U+DCFF" in reasons[8].message
    assert reasons[12].message.startswith("title: lone surrogate U+D800")
    assert reasons[11].fatal is False
    assert all(p.fatal for line, p in reasons.items() if line != 11)
    assert str(reasons[2]).startswith("feed.jsonl:2: ")


def test_jsonl_line_with_invalid_utf8_spoils_only_itself(tmp_path):
    good = [json.dumps({"text": f"Title {i}\n\n{BODY}"}).encode() for i in (1, 3)]
    write(tmp_path, "feed.jsonl", good[0] + b'\n{"text": "caf\xe9"}\n' + good[1])
    articles, (problem,) = read_corpus([tmp_path])
    assert sorted(a.source for a in articles) == ["feed.jsonl:1", "feed.jsonl:3"]
    assert (problem.line, problem.fatal) == (2, True)
    assert "not valid UTF-8" in problem.message


@pytest.mark.parametrize(
    ("fields", "date", "dateline"),
    [
        ({"date": "Oct 6th, 2014"}, "2014-10-06", None),
        ({"dateline": "LYON,  France"}, None, "LYON, France"),
        ({"title": None, "date": "", "dateline": "  "}, None, None),  # null or blank: absent
        ({"url": 5, "tags": ["x"]}, None, None),  # fields casegraph does not read
    ],
)
def test_jsonl_optional_fields(tmp_path, fields, date, dateline):
    write(tmp_path, "feed.jsonl", json.dumps({"text": f"Title\n\n{BODY}", **fields}))
    (article,), problems = read_corpus([tmp_path])
    assert (article.date, article.dateline, problems) == (date, dateline, ())


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "06/10/2014"}, "date: '06/10/2014' is not a date (use yyyy-mm-dd)"),
        ({"date": "[/x]"}, "date: '[/x]' is not a date (use yyyy-mm-dd)"),
        ({"date": 2014}, "date: expected a string, got a number"),
        ({"title": 5}, "title: expected a string, got a number"),
        ({"title": {"en": "x"}}, "title: expected a string, got an object"),
        ({"dateline": ["LYON"]}, "dateline: expected a string, got an array"),
        ({"id": True}, "id: expected a string, got true/false"),
        ({"text": 12}, "text: expected a string, got a number"),
    ],
)
def test_jsonl_field_of_the_wrong_type_or_shape_refuses_the_line(tmp_path, fields, message):
    row = {"text": f"Title\n\n{BODY}", **fields}
    good = {"text": f"Other\n\n{BODY}"}
    write(tmp_path, "feed.jsonl", json.dumps(good) + "\n" + json.dumps(row) + "\n")
    (article,), (problem,) = read_corpus([tmp_path])
    assert article.source == "feed.jsonl:1"
    assert str(problem) == f"feed.jsonl:2: {message}" and problem.fatal


# ---------------------------------------------------------------- HTML


def test_html_keeps_visible_article_text_only():
    (article,), problems = read_corpus([DATA / "page.html"])
    assert problems == ()
    for hidden in ("STYLE", "SCRIPT", "COMMENT", "hidden paragraph", "NAV", "HEADER", "FOOTER"):
        assert hidden not in article.text
    for hidden in ("NOSCRIPT", "JSON-LD", "ALT TEXT", "Example Police News", "All news"):
        assert hidden not in article.text
    assert article.title == "Police seize forged passports in Lisbon"
    assert article.date == "2021-05-12"
    assert article.dateline == "LISBON, Portugal"
    assert "The code &lt;b&gt; was printed on each one & more." in article.text
    assert "Seized documents on display." in article.text
    assert "“This was a long investigation,” said Chief Inspector Ana Costa.\n" in article.text


@pytest.mark.parametrize(
    ("markup", "title", "text"),
    [
        ("<title>Head title</title><p>Body &amp;amp; more</p>", "Head title", "Body &amp; more"),
        ("<h1>A</h1><title>B</title><p>x</p>", "A", "x"),
        ("<header><h1>In header</h1></header><p>Body</p>", "In header", "Body"),
        ("<html><head><title>T</title><body><p>No closing head</p>", "T", "No closing head"),
        ("<p>One</p><div>Two<br>three</div>", None, "Two\nthree"),
        ("<p>x</p><script>document.write('<p>y</p>')</script><!-- <p>z</p> -->", None, ""),
    ],
)
def test_html_cleaning(tmp_path, markup, title, text):
    write(tmp_path, "p.html", markup)
    (article,), _ = read_corpus([tmp_path])
    assert article.title == (title or article.text.split("\n")[0])
    assert article.text[article.body_start :] == text


# ---------------------------------------------------------------- files and directories


def test_over_the_limit_is_refused_naming_the_limit(tmp_path):
    write(tmp_path, "big.txt", "Title\n\n" + "x" * 100)
    write(tmp_path, "feed.jsonl", json.dumps({"text": "y" * 100}))
    write(tmp_path, "ok.txt", "Small\n\nfine")
    articles, problems = read_corpus([tmp_path], max_chars=50)
    assert [a.id for a in articles] == ["ok"]
    assert [(p.source, p.line) for p in problems] == [("big.txt", None), ("feed.jsonl", 1)]
    assert all("limit of 50" in p.message and p.fatal for p in problems)


def test_text_at_the_limit_is_accepted(tmp_path):
    write(tmp_path, "a.txt", "Title\n\n" + "x" * 43)
    articles, problems = read_corpus([tmp_path], max_chars=50)
    assert len(articles) == 1 and problems == ()


def test_empty_directory_gives_nothing(tmp_path):
    assert read_corpus([tmp_path]) == ((), ())


@pytest.mark.parametrize("content", ["", "  \n\n\t\n", "\ufeff"])
def test_empty_file_is_skipped_with_a_non_fatal_problem(tmp_path, content):
    write(tmp_path, "empty.txt", content)
    articles, (problem,) = read_corpus([tmp_path])
    assert articles == ()
    assert (problem.source, problem.fatal) == ("empty.txt", False)


def test_directory_walk_is_recursive_sorted_and_skips_hidden_and_foreign(tmp_path):
    write(tmp_path, "b.txt", "B\n\nbody")
    write(tmp_path, "sub/deeper/a.md", "# A\n\nbody")
    write(tmp_path, "sub/c.htm", "<h1>C</h1><p>body</p>")
    write(tmp_path, ".hidden.txt", "H\n\nbody")
    write(tmp_path, ".git/x.txt", "X\n\nbody")
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    articles, problems = read_corpus([tmp_path])
    assert problems == ()
    assert [(a.id, a.source, a.title) for a in articles] == [
        ("b", "b.txt", "B"),
        ("sub/c.htm", "sub/c.htm", "C"),
        ("sub/deeper/a.md", "sub/deeper/a.md", "A"),
    ]


@pytest.mark.parametrize(
    ("name", "message"), [("notes.pdf", "unsupported format"), ("missing.txt", "no such file")]
)
def test_explicit_unusable_path_is_a_problem(tmp_path, name, message):
    if name != "missing.txt":
        write(tmp_path, name, b"%PDF-1.4")
    good = write(tmp_path, "good.txt", "Good\n\nbody")
    articles, (problem,) = read_corpus([tmp_path / name, good])
    assert [a.id for a in articles] == ["good"]
    assert problem.source == name and message in problem.message and problem.fatal


def test_unreadable_directory_or_file_is_a_problem_and_the_rest_is_read(tmp_path, monkeypatch):
    write(tmp_path, "locked/a.txt", "A\n\nbody")
    write(tmp_path, "open/b.txt", "B\n\nbody")
    write(tmp_path, "open/c.txt", "C\n\nbody")
    iterdir, read_open = Path.iterdir, Path.open

    def refuse_dir(self):
        if self.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return iterdir(self)

    def refuse_file(self, *args, **kwargs):
        if self.name == "c.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return read_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "iterdir", refuse_dir)
    monkeypatch.setattr(Path, "open", refuse_file)
    articles, problems = read_corpus([tmp_path])
    assert [a.id for a in articles] == ["open/b"]
    assert [(p.source, p.message) for p in problems] == [
        ("locked", "cannot list: Permission denied"),
        ("open/c.txt", "cannot read: Permission denied"),
    ]


def test_sources_are_relative_and_ids_are_clean_paths_or_slugs_with_a_hash(tmp_path):
    write(tmp_path, "Sub Dir/Été 2020_Report (final).TXT", "T\n\nbody")
    write(tmp_path, "sub/plain-name.txt", "P\n\nbody")
    one, two = sorted(read_corpus([tmp_path])[0], key=lambda a: a.source)
    assert one.source == "Sub Dir/Été 2020_Report (final).TXT"
    assert one.id == "sub-dir/ete-2020-report-final_" + _digest(one.source)
    assert (two.source, two.id) == ("sub/plain-name.txt", "sub/plain-name")


def test_ids_never_depend_on_other_files(tmp_path):
    names = ["foo-bar.txt", "foo bar.txt", "Foo-Bar.txt", "foo-bar.md", "x/foo-bar.txt"]
    ids = {}
    for n, name in enumerate(names):
        write(tmp_path, name, f"Title {n}\n\nbody")
        ids[n] = {a.source: a.id for a in read_corpus([tmp_path])[0]}
    assert len(set(ids[len(names) - 1].values())) == len(names)  # no two share an id
    for n in range(len(names)):  # adding a file renamed none of those before it
        assert {s: i for s, i in ids[len(names) - 1].items() if s in ids[n]} == ids[n]
    assert ids[0] == {"foo-bar.txt": "foo-bar"}


def test_a_duplicate_id_is_an_error_naming_both_sources(tmp_path):
    one = write(tmp_path, "one/story.txt", "First\n\nbody one")
    two = write(tmp_path, "two/story.txt", "Second\n\nbody two")
    results = {read_corpus(order) for order in ([one, two], [two, one])}
    (articles, (problem,)), *others = results
    assert others == []
    assert [a.title for a in articles] == ["First"]  # by source, then text: the same each time
    assert problem.fatal and problem.source == "story.txt"
    assert "'story' is already used by story.txt" in problem.message


def test_jsonl_ids_come_from_the_content_not_the_line_number(tmp_path):
    lines = [json.dumps({"text": f"Story {i}\n\n{BODY}"}) for i in range(3)]
    write(tmp_path, "feed.jsonl", "\n".join(lines[1:]))
    before = {a.text: a.id for a in read_corpus([tmp_path])[0]}
    write(tmp_path, "feed.jsonl", "\n".join(lines))  # one line inserted at the top
    after = {a.text: a.id for a in read_corpus([tmp_path])[0]}
    assert {t: i for t, i in after.items() if t in before} == before
    assert len(set(after.values())) == 3


def test_the_same_jsonl_article_twice_is_reported_once(tmp_path):
    line = json.dumps({"text": f"Story\n\n{BODY}"})
    write(tmp_path, "feed.jsonl", f"{line}\n{line}\n")
    (article,), (problem,) = read_corpus([tmp_path])
    assert article.source == "feed.jsonl:1"
    assert (problem.line, problem.fatal) == (2, True)
    assert "already used by feed.jsonl:1" in problem.message


def test_read_inputs_hashes_every_file_it_read_whole(tmp_path):
    import hashlib

    write(tmp_path, "a.txt", "A\n\nbody")
    write(tmp_path, "bad.txt", b"\xff\xfe\xfd")
    corpus = read_inputs([tmp_path])
    assert [(f.source, f.bytes) for f in corpus.files] == [("a.txt", 7), ("bad.txt", 3)]
    assert corpus.files[0].sha256 == hashlib.sha256(b"A\n\nbody").hexdigest()
    assert (corpus.articles, corpus.problems) == read_corpus([tmp_path])


def test_result_does_not_depend_on_path_order(tmp_path):
    for i in range(4):
        write(tmp_path, f"d{i}/a{i}.txt", f"Title {i}\n\n{BODY}")
    write(tmp_path, "d0/bad.txt", b"\xff\xfe\xfd")
    paths = sorted(tmp_path.iterdir())
    assert read_corpus(paths) == read_corpus(paths[::-1])


# ---------------------------------------------------------------- the bundled sample


def test_bundled_articles_get_title_date_dateline_and_lose_furniture():
    articles, problems = read_corpus([casegraph.bundled_corpus()])
    assert problems == ()
    assert [(a.date, a.dateline) for a in articles] == [
        ("2011-09-07", "LYON, France"),
        ("2013-10-31", "LYON, France"),
        ("2014-10-06", "HAMILTON, Bermuda"),
        ("2015-01-16", None),
        ("2022-03-14", "LYON, France"),
    ]
    furniture = [
        "All news",
        "Media release",
        "Published On",
        "released the following",
        "Press Release",
        "View all crime areas",
        "This News/Press release is about",
        "Bookmark and Share",
        "Comments are closed",
        "Click Tag(s)",
        "The author of this blog",
        "please feel free to contact",
        "To find additional",
        "law firm",
        "Interpol-logo",
    ]
    for article in articles:
        assert article.title and article.text.startswith(article.title + "\n\n")
        assert not article.source.startswith("/")
        assert not any(line in article.text for line in furniture), article.id
        assert "\n\n\n" not in article.text and "\r" not in article.text
    assert articles[0].title.startswith("Protecting children from actual and virtual abuse")
    assert articles[2].text[articles[2].body_start :].startswith("HAMILTON, Bermuda -- Child")
