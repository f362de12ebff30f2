"""Per-document processing got faster without changing its output.

Two kinds of test:

- each fast path against the plain code it replaced (kept here as the
  reference), on labelled near-misses and on hypothesis text made to hurt:
  folds to several characters or to none, spaces of every kind, capitals
  whose case fold is not their lower case, quotation marks;
- the output of :func:`xref.extract.extract_quotes`,
  :func:`xref.index.index_tokens` and :func:`xref.cluster.units_of` on the
  seed documents, pinned in ``tests/data/process_pins.json`` (counts and a
  SHA-256 of each), so that a later speed-up cannot change them silently.
  When a change of that output is intended, regenerate the pins with
  ``.venv/bin/python tests/test_process_speed_equivalence.py --update``.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xref.cluster import (
    _any_of,
    _content,
    _numbers_of,
    _top_level_branch,
    boilerplate_rules,
    units_of,
)
from xref.extract import _MARKS, _classify, _marks, extract_quotes
from xref.index import index_tokens
from xref.model import Document
from xref.normalize import (
    _count,
    _normalize_chars,
    _normalized_text,
    normalize,
    tokenize,
    word_norms,
    words,
)
from xref.segment import _last_word, sentences

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PINS = Path(__file__).resolve().parent / "data" / "process_pins.json"

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: characters whose fold is not one plain character, or not their lower case
_HARD = [
    "…", "ß", "ﬁ", "½", "¨", "´", "Ａ", "İ", "K", "Å", "ſ", "Ꭰ", "ꭰ", "ǅ", "ﬀ", "㎏", "Ω",
    "é", "é", "\u0301", "\u200b", "\u00ad", "\ufeff", "\x00", "\x1c", "\u1680", "\u2028",
    "\u00a0", "\u3000", "\t", "\r\n", "\n\n", "  ", " ", "“", "”", "‘", "’", "„", "«", "»",
    "\"", "'", "`", "\x7f", "″", "′", "—", "–", "-", "...", ".", ",", "!", "?", "$", "€", "%", "_",
]
_WORDS = [
    "said", "Hawley", "U.S.", "don’t", "O'Brien", "well-known", "19,752", "2014", "3rd",
    "$1.2", "4.38.41", "90s", "AGs", "Sen.", "word", "Привет", "彼は", "abc_def", "x2",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(_HARD + _WORDS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(_HARD + _WORDS), st.text(max_size=5)), max_size=30).map(
        " ".join
    ),
    st.text(max_size=80),
)
OPTIONS = st.sampled_from([(False, False), (True, False), (False, True), (True, True)])


# ------------------------------------------------------------- normalize


@SETTINGS
@given(TEXTS, OPTIONS)
def test_normalize_equals_the_character_loop(text: str, opts: tuple[bool, bool]) -> None:
    casefold, strip_accents = opts
    fast = normalize(text, casefold=casefold, strip_accents=strip_accents)
    assert fast == _normalize_chars(text, casefold, strip_accents)
    assert _normalized_text(text, casefold, strip_accents) == fast.text


@pytest.mark.parametrize(
    "text",
    ["Ꭰ and ꭰ", "a ¨ b", "¨ a", "a ¨", "a\u200b \u200bb", "x.… y", "Straße ﬁne", "İstanbul",
     "\u1680a\u1680 \u1680b", "  ", "", "a" * 70000 + " b"],
)
def test_normalize_near_misses(text: str) -> None:
    for cf in (False, True):
        for sa in (False, True):
            assert normalize(text, casefold=cf, strip_accents=sa) == _normalize_chars(text, cf, sa)
            assert _normalized_text(text, cf, sa) == _normalize_chars(text, cf, sa).text


#: the token pattern as written before its shortcut for plain words
_TOKEN_REFERENCE = re.compile(
    r"(?P<number>[$€£¥]?\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?)"
    r"|(?P<word>\w+(?:(?:'|\.|(?<=[^\W\d_])-(?=[^\W\d_]))\w+)*(?:'s?)?)"
    r"|(?P<punct>\.\.\.|[^\w\s])"
)


@SETTINGS
@given(TEXTS, st.booleans())
def test_token_patterns_match_as_written_before(text: str, casefold: bool) -> None:
    from xref.normalize import _TOKEN_RE, _WORD_KIND_RE, _WORD_RE

    t = normalize(text, casefold=casefold).text
    ref = [(m.span(), m.lastgroup) for m in _TOKEN_REFERENCE.finditer(t)]
    assert [(m.span(), m.lastgroup) for m in _TOKEN_RE.finditer(t)] == ref
    ref_words = [(span, kind) for span, kind in ref if kind != "punct"]
    assert [(m.span(), m.lastgroup) for m in _WORD_KIND_RE.finditer(t)] == ref_words
    assert _WORD_RE.findall(t) == [t[a:b] for (a, b), _ in ref_words]


@pytest.mark.parametrize(
    "text",
    ["word.", "word.x", "word's", "words'", "well-known", "a-1", "abc_d", "abcé", "ab2", "x...",
     "u.s.", "don't", "it'", "ab-", "-ab", "$5", "5th", "abc def", "ABC abc"],
)
def test_token_pattern_near_misses(text: str) -> None:
    from xref.normalize import _TOKEN_RE

    assert [(m.span(), m.lastgroup) for m in _TOKEN_RE.finditer(text)] == [
        (m.span(), m.lastgroup) for m in _TOKEN_REFERENCE.finditer(text)
    ]


@SETTINGS
@given(TEXTS)
def test_word_spans_are_the_words(text: str) -> None:
    from xref.normalize import word_spans

    assert word_spans(text, 7) == [(t.norm, t.start + 7, t.end + 7, t.kind) for t in words(text)]


@SETTINGS
@given(TEXTS)
def test_word_norms_are_the_words_norms(text: str) -> None:
    assert word_norms(text) == [t.norm for t in words(text)]


def test_count_is_a_range() -> None:
    for a, b in [(0, 0), (3, 9), (4000, 5000), (0, 70000), (65530, 65540)]:
        assert _count(a, b) == tuple(range(a, b))


# --------------------------------------------------------------- segment


def _last_word_reference(text: str, start: int, end: int) -> str | None:
    m = re.search(r"([\w.]+)[.!?]*$", text[start:end])
    return m.group(1) if m else None


@SETTINGS
@given(st.lists(st.sampled_from(["a", "B", "é", "1", "_", ".", "!", "?", " ", "-", "’", "\n",
                                 "Sen", "U.S", "²"]), max_size=25).map("".join),
       st.integers(0, 30), st.integers(0, 30))
def test_last_word_equals_the_search_of_the_whole_slice(text: str, a: int, b: int) -> None:
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    m = _last_word(text, start, end)
    assert (m.group(1) if m else None) == _last_word_reference(text, start, end)


#: sentence ends as written before they opened with one character set
_END_REFERENCE = re.compile(
    r"[.!?]+[\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]?[A-Z0-9]|pic\.twitter\.com/|https?://|www\.))"
    r"|[.!?]+[\"'”’)\]]*\s*$"
)
_SENT_END_REFERENCE = re.compile(r"[.!?;]+[\"'”’»)\]]*(?=\s)")
_END_PIECES = ["a", "Z", "1", " ", "\n", "\t", ".", "!", "?", ";", "...", "\"", "'", "”", "’",
               ")", "]", "»", "“", "(", "pic.twitter.com/", "http://", "www.", "Sen."]


@SETTINGS
@given(st.lists(st.sampled_from(_END_PIECES), max_size=30).map("".join), st.integers(0, 5))
def test_sentence_end_patterns_match_as_written_before(text: str, lo: int) -> None:
    from xref.attribution import _SENT_END_RE
    from xref.segment import _END_RE

    lo = min(lo, len(text))
    for new, old in ((_END_RE, _END_REFERENCE), (_SENT_END_RE, _SENT_END_REFERENCE)):
        assert [m.span() for m in new.finditer(text, lo)] == [
            m.span() for m in old.finditer(text, lo)
        ]


def test_sentences_on_the_seeds() -> None:
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text("utf-8")
        spans = sentences(text)
        assert spans and all(text[s:e] == text[s:e].strip() and s < e for s, e in spans)


# ------------------------------------------------------------- boilerplate


def _plain_join(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.I)


_BOILER_PIECES = [
    "By", "by", "Kelly Brandt", ",", "Valley News", "is a", "is an", "senior", "reporter",
    "for", "Breitbart News", "email", "him", "at", "follow", "us", "on", "Twitter", "x",
    "please let us know", "all rights reserved", "Copyright", "©", "(c)", "2024", "subscribe",
    "to", "now", "sign up for", "our", "free", "daily", "newsletter", "this article",
    "was", "originally", "published", "for immediate release", "media contact", ":", "###",
    "- ends -", "ENDS", "thisis", "emailing", "reporters", "\n", ".",
]


@SETTINGS
@given(st.lists(st.sampled_from(_BOILER_PIECES), max_size=12).map(" ".join))
def test_factored_boilerplate_search_finds_what_the_plain_join_finds(text: str) -> None:
    rules = boilerplate_rules()
    plain = _plain_join(list(rules.sentence))
    assert bool(rules.any_sentence.search(text)) == bool(plain.search(text))
    assert bool(rules.any_paragraph.match(text)) == bool(
        _plain_join(list(rules.paragraph)).match(text)
    )


def test_factored_boilerplate_search_on_the_seed_sentences() -> None:
    rules = boilerplate_rules()
    plain = _plain_join(list(rules.sentence))
    n = 0
    for path in sorted(SEEDS.iterdir()):
        text = path.read_text("utf-8")
        for s, e in sentences(text):
            for piece in (text[s:e], *text[s:e].splitlines()):
                n += 1
                assert bool(rules.any_sentence.search(piece)) == bool(plain.search(piece)), piece
    assert n > 100


@pytest.mark.parametrize(
    ("pattern", "branch"),
    [
        (r"a|b", True),
        (r"^by\s+x|y", True),
        (r"\bis an? (?:\w+ )?(?:reporter|writer)", False),
        (r"[|]", False),
        (r"\|", False),
        (r"[]|]", False),
        (r"[^]|]", False),
        (r"[\]|]", False),
        (r"(a|(b|c))d", False),
        (r"(a)|b", True),
        (r"(?-i:[A-Z]|x)y", False),
    ],
)
def test_top_level_branch(pattern: str, branch: bool) -> None:
    assert _top_level_branch(pattern) is branch


def test_any_of_keeps_a_pattern_with_an_outer_branch_whole() -> None:
    pats = [re.compile(p, re.I) for p in (r"\bab|cd", r"\bef", r"^gh|ij", r"^kl")]
    any_ = _any_of(pats, factor=True)
    for text in ["xcd", "ab", "zab", "ef", "zef", "ij", "gh", "zgh", "kl", "zkl", ""]:
        assert bool(any_.search(text)) == bool(_plain_join(pats).search(text)), text


# --------------------------------------------------------------- extract


def _marks_reference(text: str, start: int, end: int) -> list[Any]:
    out = []
    for i in range(start, end):
        if text[i] in _MARKS:
            m = _classify(text, i)
            if m is not None:
                out.append(m)
    return out


@SETTINGS
@given(TEXTS)
def test_marks_found_by_regex_equal_the_character_loop(text: str) -> None:
    assert _marks(text, 0, len(text)) == _marks_reference(text, 0, len(text))
    if len(text) > 4:
        assert _marks(text, 2, len(text) - 2) == _marks_reference(text, 2, len(text) - 2)


# ---------------------------------------------------------------- cluster


@SETTINGS
@given(TEXTS)
def test_numbers_of_word_norms_equal_the_content_numbers(text: str) -> None:
    assert _numbers_of(word_norms(text)) == frozenset(_content(text)[1])


def test_units_count_words_as_words_does() -> None:
    for path in sorted(SEEDS.iterdir()):
        doc = Document(path.stem, str(path), path.read_text("utf-8"))
        for u in units_of(doc, extract_quotes(doc).quotes):
            assert u.n_words == len(words(tokenize(u.text)))
            assert u.numbers == frozenset(_content(u.text)[1])


# ------------------------------------------------------------------- pins


def _digest(value: Any) -> str:
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, default=sorted)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _outputs(doc: Document) -> dict[str, Any]:
    ex = extract_quotes(doc)
    units = units_of(doc, ex.quotes)
    return {
        "quotes": [attrs.astuple(q) for q in ex.quotes],
        "findings": [[f.rule, f.message, [attrs.astuple(loc) for loc in f.locations]]
                     for f in ex.findings],
        "index_tokens": [[t.norm, t.start, t.end, t.kind] for t in index_tokens(doc)],
        "units": [[u.start, u.end, u.quoted, u.speaker, u.cue, u.n_words, sorted(u.numbers)]
                  for u in units],
    }


def _pins() -> dict[str, dict[str, Any]]:
    from xref.load import load

    out: dict[str, dict[str, Any]] = {}
    for doc in load([SEEDS]).documents:
        outputs = _outputs(doc)
        out[Path(doc.path).name] = {
            key: {"count": len(value), "sha256": _digest(value)} for key, value in outputs.items()
        }
    return out


def test_seed_outputs_match_the_pins() -> None:
    pinned = json.loads(PINS.read_text("utf-8"))
    now = _pins()
    assert sorted(now) == sorted(pinned)
    changed = [
        f"{name} {key}: {pinned[name][key]['count']} -> {now[name][key]['count']} items"
        for name in sorted(now)
        for key in sorted(now[name])
        if now[name][key] != pinned[name][key]
    ]
    assert not changed, (
        "extraction, index tokens or units of the seeds changed: " + "; ".join(changed)
        + " (if intended: .venv/bin/python tests/test_process_speed_equivalence.py --update)"
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: test_process_speed_equivalence.py --update  (rewrites the pins)")
    PINS.write_text(json.dumps(_pins(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PINS}")
