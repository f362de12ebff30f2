"""The per-document facts (dates, numbers, names, quantities, citations)
got faster without changing what they find.

Two kinds of test:

- each fast path against the plain code it replaced, kept here as the
  reference, on hypothesis text made of what the patterns look for (digits,
  month and weekday names, unit and number words, statute signs, names and
  connectors) mixed with the characters that break case-insensitive
  shortcuts ("İ", "ı", "ſ", the Kelvin sign) and odd spaces; and the whole
  of ``find_numbers``, ``find_names`` and ``find_quantities`` with every
  fast part swapped back for its reference;
- the output of the public functions on the seeds, the text files of
  ``tests/data`` and 200 generated documents (``bench.generate``), pinned in
  ``tests/data/facts_pins.json`` (counts and a SHA-256 of each), written by
  the code before the speed-up (commit a51d838).  When a change of that
  output is intended, regenerate the pins with
  ``.venv/bin/python tests/test_facts_speed_equivalence.py --update``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # bench, when run as a script (after PYTHONPATH's xref)

from xref import dates as D  # noqa: E402
from xref import legal_cites as LC  # noqa: E402
from xref import names as NM  # noqa: E402
from xref import normalize as NZ  # noqa: E402
from xref import numbers as N  # noqa: E402
from xref import quantities as Q  # noqa: E402

SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
PINS = DATA / "facts_pins.json"
REF_DATE = dt.date(2021, 2, 19)

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: what the patterns look for, and what breaks shortcuts
_PIECES = [
    # dates
    "January", "Feb.", "Sept", "Sept.", "May", "March", "Mar", "Oct", "December", "Monday",
    "Thursday", "friday", "morning", "last", "Last", "this", "next", "past", "earlier", "week",
    "WEEK", "month", "Months", "year", "years", "ago", "AGO", "Chicago", "today", "Tonight",
    "yesterday", "tomorrow", "in", "IN", "since", "of", "by", "mid-", "early", "during", "to",
    "2021-02-19", "2021-13-40", "1999", "2019", "2019,", "1887", "3/4/21", "12/31/2020", "5th",
    "31st", "30", "18", "0", "07", "2.5", "19,752", "4.38.41", "4:30", "10 a.m.", "pm", "PM",
    # numbers
    "$", "$1.2", "€3", "£3.25bn", "5k", "100m", "%", "percent", "per cent", "percentage points",
    "one", "One", "two", "twenty-one", "Eighteen", "a", "A", "hundred", "thousand", "million",
    "billion", "hundreds of", "Tens of thousands of", "dozens OF", "more than", "About",
    "at least", "up to", "out of", "in every", "-in-", "aged", "ages", "Ages", "year-old",
    "section", "Sec.", "page", "pp.", "No.", "Nos.", "U.S.C.", "u.s.c", "C.F.R.", "§", "§§", "¶",
    "#5", "@ag", "www.x", "WWW.", "x.com", ".gov", "https://a.b/c", "and", "dollars", "pounds",
    # citations
    "512 U.S. 101", "880 F.3d 77, 82", "(1994)", "Id. at 82", "supra note 3, at 12", "at 5",
    "No. 17-4412", "12 Cal. App. 4th 5",
    # names
    "Smith", "Smith’s", "ICE's", "Mr.", "J.", "U.S.", "Attorney General", "the", "and", "&",
    "for", "van", "de", "Immigration", "Customs", "Enforcement", "(ICE)", "Jr.", "Inc.",
    # quantities
    "people", "arrests", "attorneys", "general", "convicted", "crimes", "state", "women",
    # shortcut breakers and spaces
    "İ", "ı", "ſ", "\u212a", "K", "é", "Ä", "’", "“", "”", "—", "-", ",", ".", "/", ":",
    "\u1680", "\u00a0", "\t", "\n", "\n\n", "\r\n", "  ", "\x1c", "٣", "²",
]  # fmt: skip
_SEPARATORS = st.sampled_from([" ", " ", " ", "", "  ", "\n", ", ", "-", "\u1680"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=4)), max_size=30))
    out: list[str] = []
    for p in pieces:
        out.append(p)
        out.append(draw(_SEPARATORS))
    return "".join(out)


TEXTS = st.one_of(_texts(), st.text(max_size=60))


# ----------------------------------------------------------- references
# The code each fast path replaced, as it was.


def _ref_found_dates(text: str, ref: dt.date | None) -> list[tuple[Any, ...]]:
    """find_dates' loop before the gates: every pattern over the whole text."""
    taken: list[tuple[int, int]] = []
    out: list[tuple[Any, ...]] = []
    for kind, pattern in D._PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if "pre" in m.groupdict() and m.group("pre"):
                s = m.start("pre") + len(m.group("pre"))
            if (
                kind == "weekday"
                and m.group("rel")
                and m.group("rel").lower() in ("on", "early", "late")
            ):
                s = m.start("wd")
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind in ("mdy-days", "dmy-days") and not D._rising(D._days_of(m)):
                continue
            precision, relative, low, high = D._interval(kind, m, ref)
            if kind in ("iso", "slash", "mdy", "dmy", "mdy-days", "dmy-days") and (
                not relative and (low is None or high is None)
            ):
                continue
            taken.append((s, e))
            out.append((s, e, kind, precision, relative, low, high))
    return out


def _ref_excluded_spans(text: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in N._TIME_RE.finditer(text)]
    spans += [(m.start(), m.end()) for m in N._URL_RE.finditer(text)]
    for s, e, *_ in _ref_found_dates(text, None):
        if any(c.isdigit() for c in text[s:e]):
            spans.append((s, e))
    return spans


def _ref_qualifier_before(
    text: str, start: int, table: N.QualifierTable
) -> tuple[int, str, N.Qualifier | None, N.Vague | None] | None:
    before = text[max(0, start - 60) : start].lower()
    best: tuple[int, str, N.Qualifier | None, N.Vague | None] | None = None
    for q in table.qualifiers:
        for w in q.words:
            if not before.endswith(w + " "):
                continue
            bounded = len(before) == len(w) + 1 or not before[-len(w) - 2].isalnum()
            if bounded and (best is None or len(w) > len(best[1])):
                best = (start - len(w) - 1, w, q, None)
    return best


def _ref_vague_mentions(n: NZ.Normalized, table: N.QualifierTable) -> list[N.NumberMention]:
    out: list[N.NumberMention] = []
    phrases = sorted(((w, v) for v in table.vague for w in v.words), key=lambda p: -len(p[0]))
    taken: list[tuple[int, int]] = []
    for w, v in phrases:
        pat = re.compile(rf"(?<![\w-]){re.escape(w)}(?=\s+[^\W\d])", re.I)
        for m in pat.finditer(n.text):
            if any(m.start() < te and ts < m.end() for ts, te in taken):
                continue
            taken.append((m.start(), m.end()))
            s, e = n.span(m.start(), m.end())
            out.append(
                N.NumberMention(
                    v.low, v.low, v.high, "count", s, e, n.original[s:e], w, None, (), s, e
                )
            )
    return out


def _ref_headline(line: str) -> bool:
    ws = re.findall(r"[A-Za-z][\w'’-]*", line)
    if len(ws) < 5:
        return False
    caps = sum(1 for w in ws if w[0].isupper())
    return caps / len(ws) >= 0.7 and not line.rstrip().endswith((".", "”", '"'))


def _ref_names_in_line(text: str, s: int, e: int) -> list[NM.NameMention]:
    out = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        while run and not NM._CAP_RE.match(run[-1][0]):
            run.pop()
        if run:
            out.append(
                NM.NameMention(run[0][1], run[-1][2], text[run[0][1] : run[-1][2]], tuple(run))
            )
        run.clear()

    last_end = s
    for m in NM._WORD_RE.finditer(text, s, e):
        gap = text[last_end : m.start()]
        word = re.sub(r"['’]s$", "", m.group())
        if run and (gap.strip() or "\n" in gap):
            flush()
        if not run and not NM._CAP_RE.match(word):
            last_end = m.end()
            continue
        if word.endswith(".") and len(word) > 2 and not NM._abbreviation(word):
            word = word[:-1]
            run.append((word, m.start(), m.start() + len(word)))
            last_end = m.end()
            flush()
            continue
        run.append((word, m.start(), m.start() + len(word)))
        last_end = m.start() + len(m.group())
        if m.group() != word:
            flush()
    flush()
    return out


def _ref_subject_of(text: str, offset: int, *, limit: int = 120) -> Q.Subject | None:
    window = text[offset : offset + limit]
    toks = NZ.tokenize(window)
    words: list[tuple[str, int, int]] = []
    head_index = -1
    i = 0
    while i < len(toks):
        t = toks[i]
        w = t.norm
        if t.kind != "word" or (w in Q.STOP and w != "of"):
            break
        if head_index < 0:
            if w == "of":
                if words:
                    break
                i += 1
                continue
            words.append((w, t.start, t.end))
            if Q.is_plural(w):
                head_index = len(words) - 1
            elif len(words) >= 5:
                break
        else:
            nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
            if w in Q.POSTPOSITIVE and len(words) == head_index + 1:
                words.append((w, t.start, t.end))
            elif w.endswith("ed") and nxt == "of":
                words.append((w, t.start, t.end))
                i += 1
                j = i + 1
                while (
                    j < len(toks)
                    and j <= i + 3
                    and toks[j].kind == "word"
                    and toks[j].norm not in Q.STOP
                ):
                    words.append((toks[j].norm, toks[j].start, toks[j].end))
                    j += 1
                break
            elif w == "of" and len(words) - head_index <= 2:
                j = i + 1
                added = 0
                while (
                    j < len(toks)
                    and added < 3
                    and toks[j].kind == "word"
                    and toks[j].norm not in Q.STOP
                ):
                    words.append((toks[j].norm, toks[j].start, toks[j].end))
                    j += 1
                    added += 1
                break
            else:
                break
        i += 1
    if head_index < 0 or not words:
        return None
    head = Q.lemma(words[head_index][0])
    mods = frozenset(Q.lemma(w) for k, (w, _, _) in enumerate(words) if k != head_index)
    s, e = offset + words[0][1], offset + words[-1][2]
    return Q.Subject(text[s:e], s, e, head, mods)


@pytest.fixture
def references(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fast part swapped back for the code it replaced."""
    _swap_references(monkeypatch)


# ------------------------------------------------------------- caseless


def _all_characters() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)


def test_caseless_is_the_ignorecase_view_over_every_character() -> None:
    """The lemma behind every caseless test: outside four characters,
    ``str.lower`` keeps the length and puts an ASCII letter exactly where
    ``re.IGNORECASE`` matches that letter."""
    every = _all_characters()
    odd = set("\u0130\u0131\u017f\u212a")
    assert {c for c in every if len(c.lower()) != 1} <= odd
    matching = re.compile("[a-z]", re.I).findall(every)
    assert {c for c in matching if not c.isascii()} == odd
    plain = "".join(c for c in every if c not in odd)
    view = NZ.caseless(plain)
    assert view is not None and len(view) == len(plain)
    for x in "abcdefghijklmnopqrstuvwxyz":
        by_regex = [m.start() for m in re.finditer(x, plain, re.I)]
        assert [m.start() for m in re.finditer(x, view)] == by_regex, x
    for c in odd:
        assert NZ.caseless(f"a{c}b") is None


# ---------------------------------------------------------------- dates


@SETTINGS
@given(TEXTS)
def test_dates_gated_equal_all_patterns(text: str) -> None:
    norm = NZ.normalize(text).text
    for t in (text, norm):
        for ref in (None, REF_DATE):
            assert D._found_dates(t, ref) == _ref_found_dates(t, ref)
        assert D.date_spans(t) == [
            (s, e) for s, e, *_ in _ref_found_dates(t, None) if any(c.isdigit() for c in t[s:e])
        ]


def test_pre_word_lengths_are_those_of_the_patterns() -> None:
    """The "month" and "year" matches start one of these lengths before
    the spaces before their anchor (a length the pattern lacks would only
    cost a try; one it has and the tuple lacks would lose a date)."""
    for kind, lengths in (("month", D._MONTH_PRE_LENGTHS), ("year", D._YEAR_PRE_LENGTHS)):
        source = dict(D._PATTERNS)[kind].pattern
        words = re.search(r"\(\?i:([^)]*)\)", source)
        assert words is not None
        sizes = set()
        for w in words.group(1).split("|"):
            sizes |= {len(w) - 2, len(w) - 1} if w.endswith("-?") else {len(w)}
        assert sizes == set(lengths), kind


def test_regex_space_is_str_isspace() -> None:
    """What walking back over spaces with ``str.isspace`` relies on."""
    every = _all_characters()
    assert re.findall(r"\s", every) == [c for c in every if c.isspace()]


@pytest.mark.parametrize(
    "text",
    ["in May 2019", "on May 5, 2021", "5 May", "18th of March 2020", "in 2019,", "in\u16802019",
     "mid-\u1680March", "last Thursday night", "three days AGO", "3 ſeconds", "2021-02-19",
     "the past month", "earlier this \u212aeek", "ınstead in İstanbul on Monday", "Sept. 4, 1999",
     "on 12/31/2020", "May\n\n2019", "from Oct. 2014 to May 2018", "Mayor May", "February 30",
     "12 May 5 June", "05 of May", "May 5 June 6", "JanMay 5", "Mayfoo May 5", "in  \u1680 2019",
     "mid- March", "THROUGH\tMay", "between 1999 and 2000", "ſince 2019", "İn May", "x in May"],
)
def test_dates_near_misses(text: str) -> None:
    for ref in (None, REF_DATE):
        assert D._found_dates(text, ref) == _ref_found_dates(text, ref)


# -------------------------------------------------------------- numbers


@SETTINGS
@given(TEXTS)
def test_numeral_matches_equal_finditer(text: str) -> None:
    t = NZ.normalize(text).text
    for x in (text, t):
        ref = [(m.span(), m.lastgroup) for m in N._NUMERAL_RE.finditer(x)]
        assert [(m.span(), m.lastgroup) for m in N._numeral_matches(x)] == ref
    assert N._excluded_spans(t) == _ref_excluded_spans(t)


@SETTINGS
@given(TEXTS)
def test_section_and_age_tests_equal_the_regexes(text: str) -> None:
    for cut in range(0, len(text) + 1, max(1, len(text) // 8)):
        before = text[max(0, cut - 40) : cut]
        view = NZ.caseless(before)
        assert N._section_before(before, view) == bool(N._SECTION_BEFORE_RE.search(before))
        assert N._age_before(before, view) == bool(N._AGE_BEFORE_RE.search(before))


@SETTINGS
@given(TEXTS)
def test_qualifier_and_vague_equal_the_loops(text: str) -> None:
    table = N.qualifiers()
    for start in range(len(text) + 1):
        assert N._qualifier_before(text, start, table) == _ref_qualifier_before(text, start, table)
    n = NZ.normalize(text)
    assert N._vague_mentions(n, table) == _ref_vague_mentions(n, table)


@SETTINGS
@given(TEXTS)
def test_find_numbers_equals_its_references(text: str) -> None:
    fast = N.find_numbers(text)
    with pytest.MonkeyPatch.context() as mp:
        _swap_references(mp)
        assert N.find_numbers(text) == fast


# ------------------------------------------------------- names, citations


@SETTINGS
@given(TEXTS, st.integers(0, 40), st.integers(0, 60))
def test_names_in_line_equal_the_one_scan(text: str, a: int, b: int) -> None:
    s, e = min(a, len(text)), min(max(a, b), len(text))
    assert NM._names_in_line(text, s, e) == _ref_names_in_line(text, s, e)
    assert NM._names_in_line(text, 0, len(text)) == _ref_names_in_line(text, 0, len(text))
    for line in text.splitlines(keepends=True):
        assert NM._headline(line) == _ref_headline(line)


@SETTINGS
@given(TEXTS)
def test_names_acronyms_and_citations_equal_their_references(text: str) -> None:
    names, acronyms = NM.find_names(text), NM.find_acronyms(text)
    cites = LC.citation_spans(text)
    assert cites == [(m.start(), m.end()) for m in LC._CITE_RE.finditer(text)]
    with pytest.MonkeyPatch.context() as mp:
        _swap_references(mp)
        assert NM.find_names(text) == names
        assert NM.find_acronyms(text) == acronyms


# ----------------------------------------------------------- quantities


@SETTINGS
@given(TEXTS)
def test_subject_of_and_tokens_equal_the_token_objects(text: str) -> None:
    for offset in range(0, len(text) + 1, max(1, len(text) // 6)):
        assert Q.subject_of(text, offset) == _ref_subject_of(text, offset)
    ref = [(t.norm, t.start, t.end, t.kind) for t in NZ.tokenize(text)]
    assert NZ.token_spans(text) == ref
    lazy = NZ.LazyTokens(text)
    assert not lazy.has(len(ref)) and lazy.read == ref


@SETTINGS
@given(TEXTS)
def test_find_quantities_equals_its_references(text: str) -> None:
    fast = Q.find_quantities(text)
    with pytest.MonkeyPatch.context() as mp:
        _swap_references(mp)
        assert Q.find_quantities(text) == fast


def _swap_references(mp: pytest.MonkeyPatch) -> None:
    """What the ``references`` fixture does, for use inside a hypothesis test."""

    def found(text: str, ref: dt.date | None, *, digits_only: bool = False) -> Any:
        return _ref_found_dates(text, ref)

    mp.setattr(D, "_found_dates", found)
    mp.setattr(N, "_excluded_spans", _ref_excluded_spans)
    mp.setattr(N, "_numeral_matches", lambda text: list(N._NUMERAL_RE.finditer(text)))
    mp.setattr(N, "_section_before", lambda b, v: bool(N._SECTION_BEFORE_RE.search(b)))
    mp.setattr(N, "_age_before", lambda b, v: bool(N._AGE_BEFORE_RE.search(b)))
    mp.setattr(N, "_qualifier_before", _ref_qualifier_before)
    mp.setattr(N, "_vague_mentions", _ref_vague_mentions)
    mp.setattr(NM, "_names_in_line", _ref_names_in_line)
    mp.setattr(NM, "_headline", _ref_headline)
    mp.setattr(Q, "subject_of", _ref_subject_of)
    mp.setattr(LC, "_may_cite", lambda text: True)


def test_references_fixture_swaps_every_fast_part(references: None) -> None:
    """With the references in place, a text holding one of everything reads
    as the fast code reads it (and the swap itself took)."""
    assert N._qualifier_before is _ref_qualifier_before
    text = (
        "About 1,200 state attorneys general, 77.5 percent (4,601 out of 5,939), Id. at 5, "
        "on May 5, 2021 last week, Attorney General Lynn Fitch of Mississippi said."
    )
    assert [m.text for m in N.find_numbers(text)] == [
        "About 1,200", "77.5 percent", "4,601 out of 5,939", "5",
    ]  # fmt: skip
    assert [d.text for d in D.find_dates(text, REF_DATE)] == ["May 5, 2021", "last week"]
    names = [n.text for n in NM.find_names(text)]
    assert names == ["About", "Id", "May", "Attorney General Lynn Fitch of Mississippi"]


# ------------------------------------------------------------------ pins


def _canon(x: Any) -> Any:
    """A JSON-ready form of a result, the same in every process."""
    if attrs.has(type(x)):
        fields = attrs.fields(type(x))
        return [type(x).__name__, {a.name: _canon(getattr(x, a.name)) for a in fields}]
    if isinstance(x, (list, tuple)):
        return [_canon(v) for v in x]
    if isinstance(x, (set, frozenset)):
        return sorted(json.dumps(_canon(v), sort_keys=True) for v in x)
    if isinstance(x, dt.date):
        return x.isoformat()
    if isinstance(x, float):
        return "inf" if math.isinf(x) else repr(x)
    return x


def _facts(text: str) -> dict[str, Any]:
    """Every public result this speed-up touches, for one text."""
    from xref.dates import find_dates
    from xref.legal_cites import citation_spans
    from xref.names import find_acronyms, find_names
    from xref.normalize import tokenize
    from xref.numbers import find_numbers
    from xref.quantities import find_quantities

    paras = text.split("\n\n")
    return {
        "dates": [find_dates(p, REF_DATE) for p in paras] + [find_dates(text)],
        "numbers": find_numbers(text),
        "names": find_names(text) + find_names(text, min(len(text), 40)),
        "acronyms": find_acronyms(text),
        "quantities": find_quantities(text),
        "citations": citation_spans(text),
        "tokens": [(t.norm, t.start, t.end, t.kind) for t in tokenize(text)],
    }


def _texts_of(group: str, tmp: Path) -> Iterator[str]:
    if group == "seeds":
        for f in sorted(SEEDS.iterdir()):
            if f.is_file():
                yield f.read_text(encoding="utf-8")
    elif group == "tests-data":
        for f in sorted(DATA.iterdir()):
            if f.suffix in (".toml", ".tsv", ".md", ".txt") and f.is_file():
                yield from f.read_text(encoding="utf-8").split("\n\n\n")
    else:
        from bench.generate import generate

        generate(tmp, docs=200, seed=7)
        for f in sorted((tmp / "corpus").glob("*.txt")):
            yield f.read_text(encoding="utf-8")


def _pins(tmp: Path) -> dict[str, dict[str, Any]]:
    pins: dict[str, dict[str, Any]] = {}
    for group in ("seeds", "tests-data", "generated"):
        per: dict[str, Any] = {}
        count: dict[str, int] = {}
        digests: dict[str, Any] = {}
        texts = list(_texts_of(group, tmp / group))
        for text in texts:
            for k, v in _facts(text).items():
                digests.setdefault(k, hashlib.sha256())
                digests[k].update(json.dumps(_canon(v), sort_keys=True).encode())
                count[k] = count.get(k, 0) + (len(v) if k != "dates" else sum(map(len, v)))
        for k, h in digests.items():
            per[k] = {"count": count[k], "sha256": h.hexdigest()}
        pins[group] = {"texts": len(texts), "outputs": per}
    return pins


def test_outputs_match_the_pins(tmp_path: Path) -> None:
    pinned = json.loads(PINS.read_text(encoding="utf-8"))
    now = _pins(tmp_path)
    for group in pinned:
        assert now[group] == pinned[group], (
            f"{group}: the facts changed"
            + " (if intended: .venv/bin/python tests/test_facts_speed_equivalence.py --update)"
        )
    assert pinned["generated"]["texts"] == 200
    assert pinned["generated"]["outputs"]["numbers"]["count"] > 1000  # real work pinned


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: test_facts_speed_equivalence.py --update  (rewrites the pins)")
    with tempfile.TemporaryDirectory() as d:
        PINS.write_text(json.dumps(_pins(Path(d)), indent=1, sort_keys=True) + "\n")
    print(f"wrote {PINS}")
