"""Dates in their formats and relative dates resolved (xref.dates)."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

import xref.dates
from xref.checks.context import Context
from xref.dates import find_dates, overlap, resolve_weekday
from xref.model import Document

D = dt.date


def test_doctests() -> None:
    result = doctest.testmod(xref.dates)
    assert result.attempted > 0 and result.failed == 0


ABSOLUTE = [
    ("Oct. 2014", D(2014, 10, 1), D(2014, 10, 31)),
    ("October 2014", D(2014, 10, 1), D(2014, 10, 31)),
    ("2021-02-19", D(2021, 2, 19), D(2021, 2, 19)),
    ("February 18, 2021", D(2021, 2, 18), D(2021, 2, 18)),
    ("18 February 2021", D(2021, 2, 18), D(2021, 2, 18)),
    ("2/18/2021", D(2021, 2, 18), D(2021, 2, 18)),
    ("Sept. 2024", D(2024, 9, 1), D(2024, 9, 30)),
]


@pytest.mark.parametrize(("text", "low", "high"), ABSOLUTE, ids=[a[0] for a in ABSOLUTE])
def test_absolute(text: str, low: dt.date, high: dt.date) -> None:
    [d] = find_dates(text)
    assert (d.text, d.low, d.high, d.relative) == (text, low, high, False)


REF = D(2021, 2, 19)  # a Friday, seeds/001's date
RELATIVE = [
    ("in a letter Thursday", "Thursday", D(2021, 2, 18), D(2021, 2, 18)),
    ("on Monday", "Monday", D(2021, 2, 15), D(2021, 2, 15)),
    ("last Friday", "last Friday", D(2021, 2, 12), D(2021, 2, 12)),
    ("Last month", "Last month", D(2021, 1, 1), D(2021, 1, 31)),
    ("this week", "this week", D(2021, 2, 15), D(2021, 2, 21)),
    ("last week", "last week", D(2021, 2, 8), D(2021, 2, 14)),
    ("yesterday", "yesterday", D(2021, 2, 18), D(2021, 2, 18)),
    ("Feb. 18", "Feb. 18", D(2021, 2, 18), D(2021, 2, 18)),
    ("said in May", "May", D(2020, 5, 1), D(2020, 5, 31)),
]


@pytest.mark.parametrize(("text", "span", "low", "high"), RELATIVE, ids=[r[0] for r in RELATIVE])
def test_relative(text: str, span: str, low: dt.date, high: dt.date) -> None:
    [d] = find_dates(text, REF)
    assert (d.text, d.low, d.high, d.relative) == (span, low, high, True)


def test_unresolved_without_reference() -> None:
    [d] = find_dates("in a letter Thursday")
    assert not d.resolved and overlap(d, d)


def test_not_dates() -> None:
    assert find_dates("you may go; 300 people; 4.38.41 PM") == []


@pytest.mark.parametrize(
    ("text", "span", "low", "high"),
    [
        ("on January 21-28, 2024, 300 people", "January 21-28, 2024", D(2024, 1, 21),
         D(2024, 1, 28)),
        ("on January 21\u201328 the", "January 21\u201328", D(2021, 1, 21), D(2021, 1, 28)),
        ("on January 21 and 28, 2024, it", "January 21 and 28, 2024", D(2024, 1, 21),
         D(2024, 1, 28)),
        ("on Jan. 21, 22 and 28, 2024, it", "Jan. 21, 22 and 28, 2024", D(2024, 1, 21),
         D(2024, 1, 28)),
        ("from March 3 to 5, 2023 we", "March 3 to 5, 2023", D(2023, 3, 3), D(2023, 3, 5)),
        ("on 21 and 28 January 2024, 300", "21 and 28 January 2024", D(2024, 1, 21),
         D(2024, 1, 28)),
        ("from 3-5 March, it", "3-5 March", D(2021, 3, 3), D(2021, 3, 5)),
    ],
)
def test_a_list_or_range_of_days_is_one_date(
    text: str, span: str, low: dt.date, high: dt.date
) -> None:
    """The days share the month and the year written after the last; none of
    them is a count (the numbers leave dates out)."""
    from xref.numbers import find_numbers

    [d] = find_dates(text, REF)
    assert (d.text, d.low, d.high) == (span, low, high)
    assert text[d.start : d.end] == span
    assert all(not (d.start <= m.start < d.end) for m in find_numbers(text))


@pytest.mark.parametrize(
    ("text", "dates", "numbers"),
    [
        ("On May 5, 12 people died", ["May 5"], ["12"]),  # a day and a count
        ("on January 21 or 22, 300 people", ["January 21"], ["22", "300"]),  # no year: unsure
        ("the Hawks won May 5-3 over", ["May 5"], ["3"]),  # days out of order: a score
        ("on February 28-30, 2024 x", ["February 28"], ["30"]),  # no such day
    ],
)
def test_numbers_after_a_day_that_are_not_days(
    text: str, dates: list[str], numbers: list[str]
) -> None:
    from xref.numbers import find_numbers

    assert [d.text for d in find_dates(text, REF)] == dates
    assert [m.text for m in find_numbers(text)] == numbers


def test_weekday_resolution() -> None:
    assert resolve_weekday("Friday", REF) == REF
    assert resolve_weekday("Saturday", REF) == D(2021, 2, 13)


def test_seed_letter_thursday_matches_tweet(seed_docs: dict[str, Document]) -> None:
    """seeds/001, dated Friday 2021-02-19: "a letter Thursday" is the tweet's February 18, 2021."""
    doc = seed_docs["001_f0198ec2f486b8dd"]
    ctx = Context((doc,))
    dates = {d.text: d for d in ctx.dates(doc)}
    assert dates["Thursday"].low == D(2021, 2, 18)
    assert dates["February 18, 2021"].low == D(2021, 2, 18)
    assert overlap(dates["Thursday"], dates["February 18, 2021"])
    # "Today" inside the embedded tweet is the tweet's day, not the story's
    assert dates["Today"].low == D(2021, 2, 18)
    assert dates["Oct. 2014"].low == D(2014, 10, 1)
    for d in ctx.dates(doc):
        assert doc.text[d.start : d.end] == d.text
