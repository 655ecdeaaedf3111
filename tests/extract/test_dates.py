"""One date grammar: header dates, datelines, the first paragraph, day ranges."""

from __future__ import annotations

import pytest

from casegraph.extract.cleaning import parse_article
from casegraph.extract.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 March 2024", "2024-03-12"),
        ("4th June, 2019", "2019-06-04"),
        ("March 12, 2024", "2024-03-12"),
        ("Mon, Oct 6th, 2014", "2014-10-06"),
        ("2024-03-12", "2024-03-12"),
        ("31 February 2024", None),
        ("June 2024", None),
    ],
)
def test_a_day_as_written(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("body", "date", "dateline"),
    [
        ("THE HAGUE, Netherlands – 12 March 2024 – It acted.", "2024-03-12", "THE HAGUE, Netherlands"),  # noqa: E501
        ("NAIROBI (Wire Agency) - 4th June, 2019 - Police said.", "2019-06-04", "NAIROBI"),
        ("OTTAWA, ON, June 21, 2023 /CNW/ - The RCMP said.", "2023-06-21", "OTTAWA, ON"),
        ("LYON, France – INTERPOL said on 3 May 2019 that it acted.", "2019-05-03", "LYON, France"),
        ("Police in Spain on 12 March 2024 arrested five people.", "2024-03-12", None),
        ("WASHINGTON (Reuters) - U.S. officials said on Tuesday.", None, "WASHINGTON"),
    ],
)  # fmt: skip
def test_the_article_date_from_the_dateline_or_the_first_paragraph(body, date, dateline):
    article = parse_article(f"Police act\n\n{body}", article_id="a", source="a.txt")
    assert (article.date, article.dateline) == (date, dateline)
    assert article.text.endswith(body)  # the text itself is kept as written


def test_only_the_first_paragraph_dates_an_article():
    text = "Police act\n\nOfficers acted last week.\n\nIn 2019, on 3 May 2019, it began."
    assert parse_article(text, article_id="a", source="a.txt").date is None


def test_every_dated_day_in_a_text():
    found = [d for _, _, d in find_dates("From 12 March 2024 to April 2, 2024 (not 2024).")]
    assert found == ["2024-03-12", "2024-04-02"]
