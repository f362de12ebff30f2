"""Normalization keeps an exact map back to the original text."""

from __future__ import annotations

import pytest

from xref.normalize import normalize, tokenize, words

CASES = [
    ("“Don’t” — he said…", '"Don\'t" - he said...'),
    ("a\u00a0\u00a0b\t\n c", "a b c"),
    ("zero\u200bwidth\u00adhy", "zerowidthhy"),
    ("« Bonjour »", '" Bonjour "'),
    ("ﬁnal ＡＢ", "final AB"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_typographic_folds(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_numbers_negations_and_modals_survive() -> None:
    text = "They would not pay 19,752 or 77.5% — never, can’t."
    norm = normalize(text, casefold=True).text
    for kept in ("would", "not", "19,752", "77.5%", "never", "can't"):
        assert kept in norm


@pytest.mark.parametrize(
    "text", ["“Hello…” she said", "a \u2028 b\r\nc", "x\u0301y “z”", "Ⅻ ﬀ …… ‘’"]
)
def test_every_normalized_span_maps_into_the_original(text: str) -> None:
    n = normalize(text, casefold=True, strip_accents=True)
    assert len(n.offsets) == len(n.text) + 1
    for i in range(len(n.text)):
        s, e = n.span(i, i + 1)
        assert 0 <= s < e <= len(text)


def test_token_offsets_slice_the_original() -> None:
    text = "“Eighteen GOP state attorneys general,” — 19,752 arrests… didn’t"
    for t in tokenize(text):
        piece = text[t.start : t.end]
        assert normalize(piece, casefold=True).text == t.norm


def test_words_drop_punctuation_only() -> None:
    assert [t.norm for t in words("It's not 18 -- it's 19.")] == ["it's", "not", "18", "it's", "19"]
