"""xref.align: units, opcodes, locate — offsets into the original text."""

from __future__ import annotations

import doctest
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import xref.align
from xref.align import _normalized, align_units, locate, units, word_opcodes
from xref.normalize import normalize

SEEDS = Path(__file__).parent.parent / "seeds"


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_units_keys_and_offsets() -> None:
    text = "“Eighteen” AGs didn’t sign on May 8, 2015 — 19,752 arrests (5 percent)."
    us = units(text)
    keys = [u.key for u in us if u.is_word]
    assert keys == [
        "#18",
        "ags",
        "did",
        "not",
        "sign",
        "on",
        "@2015-05-08",
        "#19752",
        "arrests",
        "#5%",
    ]
    for u in us:
        assert text[u.start : u.end] == u.text


def test_units_same_key_for_renderings() -> None:
    def k(s: str) -> list[str]:
        return [u.key for u in units(s) if u.is_word]

    assert k("8 May 2015") == k("May 8, 2015")
    assert k("Oct. 2014") == k("October 2014")
    assert k("two hundred and five") == k("205")
    assert k("4.5 million") == k("4,500,000")
    assert k("twenty-one") == k("21")
    assert k("colour") == k("color")
    assert k("Segheș") == k("Seghes")
    assert k("may 8 people") != k("May 8")  # a modal, not a month


def test_abbreviated_scales_and_currency_words_share_a_key() -> None:
    def k(s: str) -> list[tuple[str, str | None]]:
        return [(u.key, u.currency) for u in units(s) if u.is_word]

    assert k("£3.25bn") == k("£3.25 billion") == k("3.25 billion pounds")
    assert k("£3.25bn") == [("#3250000000", "£")]
    assert k("$1.2bn") == k("1.2 billion dollars") == [("#1200000000", "$")]
    assert k("£40m") == k("£40 million") == k("40m pounds")
    assert k("16mn people") == k("16 million people")
    # "m" and "k" alone are metres and races, not millions and thousands
    assert k("the 100m sprint")[1:] == [("#100", None), ("m", None), ("sprint", None)]
    assert k("a 5k run")[1] == ("#5", None)
    # the currency is kept apart from the key: "$5" and "£5" align, and differ
    assert k("$5")[0][0] == k("£5")[0][0] and k("$5") != k("£5")
    text = "raised 3.25 billion pounds, or £3.25bn"
    for u in units(text):
        assert text[u.start : u.end] == u.text


def test_apostrophe_glued_to_a_word_is_punctuation() -> None:
    us = units("the trains are always late', but")
    assert [(u.key, u.kind) for u in us][4:6] == [("late", "word"), ("'", "punct")]
    assert [u.key for u in units("Jones' lawyer")] == ["jones", "'s", "lawyer"]
    assert [u.key for u in units("they didn't")] == ["they", "did", "not"]


def test_number_words_that_are_not_numbers_stay_words() -> None:
    assert [u.kind for u in units("hundreds of people")] == ["word", "word", "word"]


def test_word_opcodes_replace() -> None:
    ops = word_opcodes(["a", "b", "c", "d"], ["a", "x", "y", "d"])
    assert ops == [("equal", 0, 1, 0, 1), ("replace", 1, 3, 1, 3), ("equal", 3, 4, 3, 4)]


def test_align_units_cuts_stray_matches() -> None:
    q = [u for u in units("the cancellation of this program") if u.is_word]
    t = [
        u
        for u in units("in the period from 2014 to 2018 the cancellation of this program")
        if u.is_word
    ]
    got = align_units(q, t)
    assert got is not None
    first, last, ops = got
    assert [u.text for u in t[first:last]] == ["the", "cancellation", "of", "this", "program"]
    assert ops == [("equal", 0, 5, 0, 5)]


def test_locate_in_seed_document() -> None:
    s0 = _seed("000")
    q = "the White House is encouraging sexual predators to seek illegal entry"
    a = locate(q, s0)
    assert a is not None
    assert s0[a.start : a.end] == q
    assert a.score == 100.0
    assert all(op[0] == "equal" for op in a.opcodes)


def test_locate_with_typos_and_range() -> None:
    s0 = _seed("000")
    q = "ICE arested 19,752 ilegal aliens"
    a = locate(q, s0)
    assert a is not None
    assert s0[a.start : a.end] == "ICE arrested 19,752 illegal aliens"
    assert 0 < a.score < 100
    # restricted to a range that does not hold it: something weaker or nothing
    b = locate(q, s0, start=0, end=400, score_cutoff=90)
    assert b is None


def test_locate_offsets_with_leading_whitespace_and_start() -> None:
    text = "  \u00a0 prefix text. “Human trafficking and rape at the border”"
    a = locate("human trafficking and rape", text, start=5)
    assert a is not None
    assert text[a.start : a.end] == "Human trafficking and rape"


def test_locate_nothing() -> None:
    assert locate("", "some text") is None
    assert locate("words", "") is None
    assert locate("...", "text") is None


TYPOGRAPHY = " \t\n\r\x0b\x01\x7f\x85`'\"abcXYZ-.,“”‘’„«»—–…\u00a0\u2009\u200b\u00ad\u2028éﬁ"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40) | st.text(TYPOGRAPHY))
def test_fast_normalization_equals_normalize(text: str) -> None:
    n = normalize(text, casefold=True, strip_accents=True)
    got, offsets = _normalized(text)
    assert got == n.text
    assert list(offsets) == list(n.offsets)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_units_and_locate_keep_offsets(a: str, b: str) -> None:
    for u in units(a):
        assert a[u.start : u.end] == u.text
    found = locate(a, b)
    if found is not None:
        assert 0 <= found.start <= found.end <= len(b)
        for u in found.text_units:
            assert b[u.start : u.end] == u.text


def test_doctests() -> None:
    result = doctest.testmod(xref.align)
    assert result.failed == 0 and result.attempted > 0
