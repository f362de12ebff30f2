"""Property tests: arbitrary text never crashes the pipeline, and every offset
slices the original text.

Text is drawn from a mix meant to hurt: every kind of quotation mark (so,
unbalanced and nested ones), apostrophes and primes, letters of several
scripts, control characters, CR/LF/CRLF and Unicode line separators, very
long lines, plus arbitrary Unicode.  Example counts stay modest so the file
runs in seconds.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xref.errors import ReadError
from xref.extract import Extraction, extract_from_text, extract_quotes
from xref.model import Document
from xref.normalize import normalize, tokenize
from xref.readers.text import read_text

_PIECES = [
    "“", "”", "‘", "’", "\"", "'", "„", "‚", "«", "»", "‹", "›", "「", "」", "『", "』",
    "″", "′", "`", "´", "…", "—", "-", ",", ".", ":", ";", "?", "!", "(", ")", "[", "]",
    " ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\t", "\u2028", "\u00a0",
    "\x00", "\x07", "\x1b", "\ufeff", "\u200b", "\u0301",
    "said", "the letter states", "Hawley said:", "according to", "titled", "> ",
    "```", "don’t", "O’Brien", "’90s", "5'11\"", "Attorney General Lynn Fitch",
    "Wir", "sagte", "ministre", "彼は", "言った", "Привет", "مرحبا", "שלום", "😀",
    "word", "Word", "a", "I", "19,752", " date 2021-02-19 ",
]

_mixed = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=60
).map("".join)
_long_line = st.tuples(st.sampled_from(_PIECES), st.integers(200, 3000)).map(
    lambda t: ("“" + "word " * (t[1] // 5) + t[0]) * 2
)
TEXTS = st.one_of(_mixed, st.text(max_size=300), _long_line)

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check_extraction(doc: Document, ex: Extraction) -> None:
    text = doc.text
    for q in ex.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert q.text == text[q.start : q.end]
        assert q.start >= doc.body_start
        assert q.kind in ("inline", "block", "term")
        assert q.depth >= 0 and q.group >= 0
        if q.speaker is not None:
            assert q.speaker_start is not None and q.speaker_end is not None
            assert q.speaker == text[q.speaker_start : q.speaker_end]
        else:
            assert q.speaker_start is None and q.speaker_end is None
    assert list(ex.quotes) == sorted(ex.quotes, key=lambda q: (q.start, -q.end))
    for f in ex.findings:
        assert f.rule == "unbalanced-quote"
        for loc in f.locations:
            assert loc.doc == doc.id
            assert loc.text == text[loc.start : loc.end]


@SETTINGS
@given(TEXTS)
def test_normalize_keeps_an_offset_map(text: str) -> None:
    for casefold in (False, True):
        n = normalize(text, casefold=casefold)
        assert len(n.offsets) == len(n.text) + 1
        assert n.offsets[-1] == len(text)
        assert list(n.offsets) == sorted(n.offsets)
        assert all(0 <= o <= len(text) for o in n.offsets)
        s, e = n.span(0, len(n.text))
        assert 0 <= s <= e <= len(text)


@SETTINGS
@given(TEXTS)
def test_tokens_slice_the_original(text: str) -> None:
    for tok in tokenize(text):
        assert 0 <= tok.start <= tok.end <= len(text)
        assert tok.kind in ("word", "number", "punct")


@SETTINGS
@given(TEXTS)
def test_extract_from_text_never_raises(text: str) -> None:
    ex = extract_from_text(text, "prop")
    _check_extraction(Document("prop", "<string>", text), ex)


@SETTINGS
@given(TEXTS, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_read_then_extract(text: str, encoding: str) -> None:
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # lone surrogates
        return
    try:
        ex = read_text(data, path="prop.txt")
    except ReadError:
        return  # empty or binary: a one-line user error, never a crash
    assert 0 <= ex.body_start <= len(ex.text)
    doc = Document("prop", "prop.txt", ex.text, ex.meta, ex.body_start, ex.pages)
    for min_words in (1, 3):
        _check_extraction(doc, extract_quotes(doc, min_words=min_words))


def test_a_very_long_messy_line() -> None:
    text = ("“He said ‘don’t’ « x » 5'11\" and " * 3000) + "„end“"
    _check_extraction(Document("long", "<string>", text), extract_from_text(text, "long"))
