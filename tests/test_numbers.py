"""Numbers as values with intervals, quantities with subjects (xref.numbers, xref.quantities)."""

from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xref.numbers
import xref.quantities
from xref.numbers import agree, find_numbers, parse_number_words
from xref.quantities import find_quantities, lemma, same_subject


@pytest.mark.parametrize("module", [xref.numbers, xref.quantities])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


# (text, [(mention text, kind, value, low, high)])
CASES = [
    ("19,752 arrests", [("19,752", "count", 19752, 19752, 19752)]),
    ("Eighteen GOP attorneys", [("Eighteen", "count", 18, 18, 18)]),
    ("three hundred people", [("three hundred", "count", 300, 300, 300)]),
    ("twenty-one states", [("twenty-one", "count", 21, 21, 21)]),
    ("77.5 percent", [("77.5 percent", "percent", 77.5, 77.45, 77.55)]),
    ("77.5%", [("77.5%", "percent", 77.5, 77.45, 77.55)]),
    ("77 percent", [("77 percent", "percent", 77, 76.5, 77.5)]),
    ("$1.2 million", [("$1.2 million", "money", 1.2e6, 1.15e6, 1.25e6)]),
    ("More than 300", [("More than 300", "count", 300, 300, math.inf)]),
    ("at least 4,829 arrests", [("at least 4,829", "count", 4829, 4829, math.inf)]),
    ("under 50 cases", [("under 50", "count", 50, 0, 50)]),
    ("nearly 20,000 cases", [("nearly 20,000", "count", 20000, 18000, 20000)]),
    ("about 20,000 cases", [("about 20,000", "count", 20000, 19000, 21000)]),
    ("roughly 10 cases", [("roughly 10", "count", 10, 9.5, 10.5)]),
    ("hundreds of illegal aliens", [("hundreds of", "count", 200, 200, 999)]),
    ("11 Million Illegal Immigrants", [("11 Million", "count", 11e6, 10.5e6, 11.5e6)]),
    # abbreviated scales and currency words (rules/words/numbers.toml)
    ("committed £3.25bn of equity", [("£3.25bn", "money", 3.25e9, 3.245e9, 3.255e9)]),
    ("committed £3.25 billion", [("£3.25 billion", "money", 3.25e9, 3.245e9, 3.255e9)]),
    ("3.25 billion pounds of equity", [("3.25 billion pounds", "money", 3.25e9, 3.245e9, 3.255e9)]),
    ("revenue of $1.2bn", [("$1.2bn", "money", 1.2e9, 1.15e9, 1.25e9)]),
    ("1.2 billion dollars", [("1.2 billion dollars", "money", 1.2e9, 1.15e9, 1.25e9)]),
    ("a £40m contract", [("£40m", "money", 40e6, 39.5e6, 40.5e6)]),
    ("a 5m euros grant", [("5m euros", "money", 5e6, 4.5e6, 5.5e6)]),
    ("a $300k salary", [("$300k", "money", 300e3, 299.5e3, 300.5e3)]),
    ("16mn customers", [("16mn", "count", 16e6, 15.5e6, 16.5e6)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_values_and_intervals(
    text: str, expected: list[tuple[str, str, float, float, float]]
) -> None:
    got = find_numbers(text)
    assert [(m.text, m.kind) for m in got] == [(e[0], e[1]) for e in expected]
    for m, (_, _, value, low, high) in zip(got, expected, strict=True):
        assert m.value == pytest.approx(value)
        assert m.low == pytest.approx(low)
        assert m.high == pytest.approx(high) if math.isfinite(high) else math.isinf(m.high)


def test_ratio_and_fraction() -> None:
    [r] = find_numbers("about 9-in-10 deportations")
    assert (r.kind, r.parts) == ("ratio", (9.0, 10.0))
    [f] = find_numbers("(4,601 out of 5,939)")
    assert f.kind == "fraction" and f.value == pytest.approx(4601 / 5939)
    [o] = find_numbers("one in five voters")
    assert (o.kind, o.value) == ("ratio", 0.2)


# Not counts: years, dates, ages, ordinals, times, handles and URLs, section numbers, identifiers
NOT_NUMBERS = [
    "in 2019",
    "from October 2014 to May 2018",
    "February 18, 2021",
    "as of early June 4",
    "2021-02-19",
    "a 23-year old Honduran woman",
    "a 23-year-old woman",
    "aged 23",
    "under 14 years of age",
    "the 18th state",
    "Screen Shot 2021-07-26 at 4.38.41 PM",
    "at 10:30 a.m.",
    "pic.twitter.com/UOLF8l147s",
    "(@AGJeffLandry)",
    "https://example.com/2021/02/19/story-123",
    "Section 3 of the act",
    "8 U.S.C. 1357",
    "COVID-19 cases",
    "the 1990s",
    "One incident involved",
    "she won the 100m sprint",
    "a 5k charity run",
]


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_not_taken_for_counts(text: str) -> None:
    assert find_numbers(text) == []


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("rates rose 5, 6 and 7 percent", ["percent", "percent", "percent"]),
        ("rose 5 and 7 percent", ["percent", "percent"]),
        ("by 5, 6, or 7 percentage points", ["points", "points", "points"]),
        # a comma between two numbers is a restatement or a new clause, not a list
        ("fell from 48,000 to 36,000, or 40 percent", ["count", "count", "percent"]),
        ("Of the 300, 20 percent left", ["count", "percent"]),
        ("five, six and 7 percent", ["count", "count", "percent"]),  # not in digits
        ("$5, 6 and 7 percent", ["money", "percent", "percent"]),
        ("from 6027 and 66.2% script systems", ["count", "percent"]),  # no percent above 100
    ],
)
def test_a_list_shares_the_unit_of_its_last_number(text: str, kinds: list[str]) -> None:
    got = find_numbers(text)
    assert [m.kind for m in got] == kinds
    for m in got:
        if m.kind == "percent" and m.text.isdigit():
            assert (m.low, m.high) == (m.value - 0.5, m.value + 0.5)  # rounded like "7 percent"


def test_a_leading_zero_before_a_comma_is_a_decimal_comma() -> None:
    """No figure grouped in thousands opens with "0,": "0,712" is 0.712."""
    [m] = find_numbers("with z = 0,712 in the test")
    assert (m.text, m.value) == ("0,712", 0.712)
    assert m.low < 0.712 < m.high < 0.713
    [m] = find_numbers("about 10,712 people")
    assert m.value == 10712


def test_currency_is_one_unit_however_written() -> None:
    """The figures "£3.25bn", "£3.25 billion" and "3.25 billion pounds" are one
    figure in one currency, as are "$1.2bn" and "1.2 billion dollars"."""
    pounds = find_numbers("£3.25bn, £3.25 billion and 3.25 billion pounds")
    assert [(m.unit, m.value) for m in pounds] == [("£", 3.25e9)] * 3
    dollars = find_numbers("$1.2bn; 1.2 billion dollars")
    assert [(m.unit, m.value) for m in dollars] == [("$", 1.2e9)] * 2
    assert agree(pounds[0], pounds[2]) and agree(dollars[0], dollars[1])


def test_durations_are_not_counts() -> None:
    [d] = find_numbers("over a six day period")
    assert (d.kind, d.unit, d.value) == ("duration", "day", 6)


def test_seed_numbers(seed_docs: dict[str, object]) -> None:
    from xref.model import Document

    doc = seed_docs["001_f0198ec2f486b8dd"]
    assert isinstance(doc, Document)
    got = [(m.text, m.kind) for m in find_numbers(doc.text)]
    # the date header, "Thursday", the tweet's date and handle, "23-year old" are not numbers
    assert got == [
        ("Eighteen", "count"),
        ("19,752", "count"),
        ("11 Million", "count"),
        ("18", "count"),
        ("more than 11,500", "count"),
    ]


def test_number_words() -> None:
    assert parse_number_words("one hundred and five") == 105
    assert parse_number_words("two thousand three hundred") == 2300
    assert parse_number_words("twenty twenty") is None


def test_agree() -> None:
    [more] = find_numbers("More than 300")
    [about] = find_numbers("about 20,000")
    assert agree(more, 302) and not agree(more, 299)
    assert agree(about, 19_752) and not agree(about, 15_000)
    assert not agree(18, 19) and agree(18, 19, tolerance=0.06)
    assert agree((10, 20), (20, 30)) and not agree((10, 19), (20, 30))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("at least 18 months", "at least 36 months", False),  # both open-ended: still two claims
        ("more than 300 arrests", "more than 250 arrests", False),
        ("Up to 50 jobs", "up to 500 jobs", False),
        ("at least 18 months", "no fewer than 18 months", True),
        ("about 20,000", "nearly 20,000", True),
        ("about $1.2 million", "roughly $1.2 million", True),
        ("hundreds of people", "more than 300 people", True),  # vague plural: an interval only
    ],
)
def test_agree_two_qualified_figures(a: str, b: str, same: bool) -> None:
    [ma] = find_numbers(a)
    [mb] = find_numbers(b)
    assert agree(ma, mb) is same
    assert agree(mb, ma) is same


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789,.% -$abc about more than\n")), max_size=60)
)
def test_offsets_slice_the_original(text: str) -> None:
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
        assert m.low <= m.value <= m.high or m.kind in ("ratio", "fraction")


# ------------------------------------------------------------------ quantities


def test_seed_quantities(seed_docs: dict[str, object]) -> None:
    from xref.model import Document

    doc = seed_docs["002_effaf23c737ff1e8"]
    assert isinstance(doc, Document)
    got = [(q.text, q.subject.head) for q in find_quantities(doc.text)]
    assert got == [
        ("More than 300 Illegal Alien Sex Offenders", "offender"),
        ("Hundreds of illegal alien sex offenders", "offender"),
        ("302 illegal aliens convicted of sex crimes", "alien"),
    ]
    for q in find_quantities(doc.text):
        assert doc.text[q.start : q.end] == q.text
        assert doc.text[q.subject.start : q.subject.end] == q.subject.text


def test_lemma() -> None:
    assert [lemma(w) for w in ("attorneys", "cases", "victims", "people", "boxes")] == [
        "attorney",
        "case",
        "victim",
        "person",
        "box",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("18 state attorneys general", "Eighteen GOP state attorneys general", True),
        ("18 state attorneys general", "18 state attorneys general", True),
        ("302 illegal aliens convicted of sex crimes", "300 illegal alien sex offenders", False),
        ("19,752 illegal aliens", "19,752 unlawful immigrants", False),
        ("5 state senators", "5 federal senators", False),
        ("12 arrests", "40 deportations", False),
    ],
)
def test_same_subject(a: str, b: str, same: bool) -> None:
    [qa], [qb] = find_quantities(a), find_quantities(b)
    assert same_subject(qa, qb) is same
