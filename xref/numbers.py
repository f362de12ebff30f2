"""Numbers as values, not strings, with the interval their wording allows.

"19,752", "Eighteen", "three hundred", "twenty-one", "77.5 percent",
"77.5%", "9-in-10", "4,601 out of 5,939", "$1.2 million", "£3.25bn",
"3.25 billion pounds", "hundreds of":
each becomes a :class:`NumberMention` with its value and the interval
``low``..``high`` of true values the wording is consistent with.  Rounding
widens the interval ("1.2 million" is 1.15 to 1.25 million; "77.5" is 77.45
to 77.55); qualifiers from ``rules/words/qualifiers.toml`` widen it further
("more than 300" is 300 and up; "about 20,000" is within the tolerance the
data file states).  Years, dates, ages ("23-year old"), ordinals, times
("4.38.41 PM"), section numbers, identifiers ("COVID-19") and numbers inside
URLs or handles (pic.twitter.com/UOLF8l147s) are not taken for numbers.
Scale words, their abbreviations ("bn", "mn"; "m" and "k" only next to a
currency) and currency words ("pounds" is "£") come from
``rules/words/numbers.toml``, the table the compare engine
(:mod:`xref.align`) reads too; a money mention's ``unit`` is the currency
symbol whichever way it is written.  Offsets index the original text.

Contents
--------
NumberMention       one number with value, interval, kind, qualifier, offsets
Qualifier           a qualifier group from the data file
find_numbers        text -> list[NumberMention]
parse_number_words  "three hundred and five" -> 305
agree               do two numbers (or intervals) agree, within a tolerance?
qualifiers          the qualifier groups (cached; from rules/words/qualifiers.toml)
fmt                 a number for messages: 4518 -> "4,518", 77.4676 -> "77.47"
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from xref.dates import date_spans
from xref.errors import XrefError
from xref.lexicon import default_lexicon
from xref.normalize import Normalized, caseless, normalize

ONES: dict[str, int] = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS: dict[str, int] = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_LEX = default_lexicon()
#: scale words ("million"), from rules/words/numbers.toml
SCALES: dict[str, int] = dict(_LEX.number_scales)
#: abbreviated scales glued to a number ("bn", "mn", "m", "k") and those
#: that count only next to a currency ("m", "k")
SCALE_ABBREVIATIONS: dict[str, int] = dict(_LEX.scale_abbreviations)
CURRENCY_ONLY_ABBREVIATIONS: frozenset[str] = _LEX.scale_abbreviations_with_currency
#: currency words after a number and the symbol they stand for ("pounds": "£")
CURRENCIES: dict[str, str] = dict(_LEX.currencies)
KINDS: tuple[str, ...] = ("count", "percent", "money", "ratio", "fraction", "duration", "points")
DURATION_UNITS: tuple[str, ...] = ("year", "month", "week", "day", "hour", "minute")

_NW = "|".join(sorted([*ONES, *TENS, *SCALES], key=len, reverse=True))
_WORDNUM = (
    rf"(?:\b(?:{_NW})|\ba(?=\s+(?:hundred|thousand|million|billion)\b))"
    rf"(?:(?:\s+and\s+|\s+|-)(?:{_NW})\b)*"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_ABBR = "|".join(sorted(map(re.escape, SCALE_ABBREVIATIONS), key=len, reverse=True)) or "(?!)"
_NUMERAL_RE = re.compile(
    rf"(?P<digits>(?<![\w.,/:@#&=+])(?<!\b[A-Za-z]-)(?<!(?-i:[A-Z]{{2}})-)(?<!\d-\d)\$?{_DIGITS}"
    rf"(?:(?=(?:{_ABBR})\b)|(?![\w]|[.,:/]\d)))"
    rf"|(?P<words>{_WORDNUM})(?![\w]|-(?!(?:{'|'.join(DURATION_UNITS)})s?\b))",
    re.I,
)
#: the number words of :data:`_NUMERAL_RE`, lower case: each match of its
#: words alternative starts with one of them, or with an "a" before one
_NUMBER_WORDS: tuple[str, ...] = tuple(sorted({*ONES, *TENS, *SCALES}))
_DIGIT_START_RE = re.compile(r"[$\d]")
_SCALE_RE = re.compile(rf"\A(?:\s+|-)({'|'.join(map(re.escape, SCALES))})\b", re.I)
_ABBR_RE = re.compile(rf"\A({_ABBR})\b", re.I)
_PERCENT_RE = re.compile(r"\A(?:\s*%|\s+(?:percent|per\s+cent|pct)\b)", re.I)
_POINTS_RE = re.compile(r"\A\s+percentage\s+points?\b", re.I)
_MONEY_AFTER_RE = re.compile(
    rf"\A\s+({'|'.join(sorted(map(re.escape, CURRENCIES), key=len, reverse=True))})\b", re.I
)
_CURRENCY_BEFORE_RE = re.compile(r"([$€£¥])\s?\Z")
_FRACTION_GAP_RE = re.compile(r"\A\s+out\s+of(?:\s+every)?\s+\Z", re.I)
_OF_THE_GAP_RE = re.compile(r"\A\s+of\s+the\s+\Z", re.I)
_RATIO_GAP_RE = re.compile(r"\A(?:\s*-\s*in\s*-\s*|\s+in\s+(?:every\s+)?)\Z", re.I)
_RANGE_GAP_RE = re.compile(r"\A\s*(?:-|to)\s*\Z", re.I)
#: a figure written with a decimal comma, told by its leading zero ("0,712":
#: a thousands separator never follows a lone 0)
_DECIMAL_COMMA_RE = re.compile(r"0,\d+")
#: what parts the numbers of a list ("5, 6 and 7 percent")
_LIST_GAP_RE = re.compile(r"\A(?:,\s*(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)\Z", re.I)
#: the longest gap :data:`_LIST_GAP_RE` matches in normalized text (", and ")
_LIST_GAP_MAX = 12
_DURATION_RE = re.compile(
    rf"\A(?:\s+|-|\s*-\s*)(?P<unit>{'|'.join(DURATION_UNITS)})s?\b(?P<old>(?:\s+|-)old\b|\s+of\s+age\b)?",
    re.I,
)
_AGE_BEFORE_RE = re.compile(r"\b(?:aged?|ages)\s+(?:of\s+)?\Z", re.I)
_SECTION_BEFORE_RE = re.compile(
    r"(?:\b(?:section|sec\.|sections|article|art\.|chapter|title|rule|page|pages|p\.|pp\."
    r"|no\.|nos\.|number|item|paragraph|para\.|clause|amendment|docket|vol\.|volume|issue"
    r"|exhibit|figure|fig\.|table|appendix|step|phase|room|suite|route|highway|interstate"
    r"|flight|district|precinct|h\.r\.|s\.|version|v\.|line|verse|psalm)"
    r"|\bu\.?\s?s\.?\s?c\.?(?:\s*§+)?|\bc\.?f\.?r\.?(?:\s*§+)?|[§¶#])\s*\Z",
    re.I,
)
#: what the (case-folded) text before a number ends with, its trailing
#: space left out, wherever :data:`_SECTION_BEFORE_RE` matches: each of its
#: words, and the last characters of its statute and sign alternatives
_SECTION_BEFORE_ENDINGS: tuple[str, ...] = (
    "section", "sec.", "sections", "article", "art.", "chapter", "title", "rule", "page",
    "pages", "p.", "pp.", "no.", "nos.", "number", "item", "paragraph", "para.", "clause",
    "amendment", "docket", "vol.", "volume", "issue", "exhibit", "figure", "fig.", "table",
    "appendix", "step", "phase", "room", "suite", "route", "highway", "interstate", "flight",
    "district", "precinct", "h.r.", "s.", "version", "v.", "line", "verse", "psalm",
    "c", "c.", "r", "r.", "§", "¶", "#",
)  # fmt: skip
_SECTION_AFTER_RE = re.compile(r"\A\s*(?:U\.?\s?S\.?\s?C\.?|C\.?F\.?R\.?|Stat\.)", re.I)
_ORDINAL_AFTER_RE = re.compile(r"\A(?:st|nd|rd|th)\b", re.I)
_TIME_RE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?|o'clock)(?![\w])"
    r"|\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b)"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"
    r"|\b\d+\.\d+\.\d+(?:\.\d+)*\b",
    re.I,
)
_URL_RE = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w.-]+\.(?:com|org|net|gov|edu|io|co|us|uk|ly|me|info|news)(?:/\S*)?"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"
    r"|@\w+|#\w+",
    re.I,
)

#: what every match of :data:`_TIME_RE` holds: a digit before ":" or "."
#: and a digit, or before "am"/"pm" ("a.m", spaces between)
_TIME_GATE_RE = re.compile(r"\d(?:[:.]\d|\s*[ap]\.?m)", re.I)
#: a dot before a domain ending, as :data:`_URL_RE` has it
_DOT_DOMAIN_RE = re.compile(r"\.(?:com|org|net|gov|edu|io|co|us|uk|ly|me|info|news)", re.I)
_WWW_RE = re.compile(r"www\.", re.I)


def _may_hold_url(text: str) -> bool:
    """Whether ``text`` holds what every match of :data:`_URL_RE` does:
    "://" or "www.", a dot before a domain ending, "@" or "#" (tests the
    regex engine runs fast: literals, or a pattern that starts with one)."""
    if "://" in text or "@" in text or "#" in text:
        return True
    if _DOT_DOMAIN_RE.search(text) is not None:
        return True
    view = caseless(text)
    return "www." in view if view is not None else _WWW_RE.search(text) is not None


@attrs.frozen
class Qualifier:
    """A group of qualifier words and the interval they give a number.

    ``bound`` is ``above``, ``below``, ``approx`` or ``near`` (see the data
    file); ``tolerance`` is a fraction of the number.
    """

    bound: str
    words: tuple[str, ...]
    tolerance: float = 0.0


@attrs.frozen
class Vague:
    """A vague plural ("hundreds of") and the interval it means."""

    words: tuple[str, ...]
    low: float
    high: float


@attrs.frozen
class QualifierTable:
    qualifiers: tuple[Qualifier, ...]
    vague: tuple[Vague, ...]

    def lookup(self, phrase: str) -> Qualifier | None:
        p = " ".join(phrase.lower().split())
        for q in self.qualifiers:
            if p in q.words:
                return q
        return None


@attrs.frozen
class NumberMention:
    """A number in the text, as a value with the interval its wording allows.

    ``start``/``end`` cover the whole mention including its qualifier
    ("More than 300"); ``value_start``/``value_end`` the numeral itself.
    ``stated`` is the interval of the figure as written, before a qualifier
    widened it ("more than 300" -> (300, 300)); None without a qualifier
    and for vague plurals ("hundreds of"), which state no figure.
    ``kind`` is one of :data:`KINDS`; ``unit`` is a currency symbol, a
    duration unit ("day") or None; ``parts`` holds the two sides of a
    fraction or ratio ("4,601 out of 5,939" -> (4601, 5939)).  A fraction's
    and a ratio's ``value`` is the quotient (0.7747), a percentage's the
    number of percent (77.5).
    """

    value: float
    low: float
    high: float
    kind: str
    start: int
    end: int
    text: str
    qualifier: str | None = None
    unit: str | None = None
    parts: tuple[float, ...] = ()
    value_start: int = -1
    value_end: int = -1
    stated: tuple[float, float] | None = None

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def describe(self) -> str:
        """The interval in words: ``302``, ``300 or more``, ``19,000 to 21,000``."""
        if self.low == self.high:
            return fmt(self.value)
        if math.isinf(self.high):
            return f"{fmt(self.low)} or more"
        if self.low <= 0:
            return f"at most {fmt(self.high)}"
        return f"{fmt(self.low)} to {fmt(self.high)}"


def fmt(x: float) -> str:
    """A number for messages.

    >>> fmt(4518.0), fmt(77.46759), fmt(0.5), fmt(float("inf"))
    ('4,518', '77.47', '0.5', 'infinity')
    """
    if math.isinf(x):
        return "infinity"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _read_qualifiers(text: str, source: str) -> QualifierTable:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise XrefError(
            f"malformed TOML: {e}", path=source, line=getattr(e, "lineno", None)
        ) from None
    quals = []
    for q in data.get("qualifier", []):
        if q.get("bound") not in ("above", "below", "approx", "near"):
            raise XrefError(
                f"qualifier bound must be above/below/approx/near, not {q.get('bound')!r}",
                path=source,
            )
        words = tuple(" ".join(w.lower().split()) for w in q.get("words", []))
        quals.append(Qualifier(q["bound"], words, float(q.get("tolerance", 0.0))))
    vague = [
        Vague(tuple(w.lower() for w in v["words"]), float(v["low"]), float(v["high"]))
        for v in data.get("vague", [])
    ]
    return QualifierTable(tuple(quals), tuple(vague))


@lru_cache(maxsize=1)
def qualifiers() -> QualifierTable:
    """The qualifier groups shipped in ``rules/words/qualifiers.toml``."""
    res = resources.files("xref") / "rules" / "words" / "qualifiers.toml"
    return _read_qualifiers(res.read_text(encoding="utf-8"), "rules/words/qualifiers.toml")


def load_qualifiers(path: Path) -> QualifierTable:
    """A qualifier table from a user's file (same format as the shipped one)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise XrefError(f"cannot read qualifiers: {e.strerror}", path=str(path)) from None
    return _read_qualifiers(text, str(path))


def parse_number_words(phrase: str) -> int | None:
    """The value of a number written in words, or None if it is not one.

    >>> parse_number_words("Eighteen"), parse_number_words("twenty-one")
    (18, 21)
    >>> parse_number_words("three hundred and five"), parse_number_words("a million")
    (305, 1000000)
    >>> parse_number_words("one two") is None
    True
    """
    words = [w for w in re.split(r"[\s-]+", phrase.lower().strip()) if w and w != "and"]
    if not words:
        return None
    total = current = 0
    last = ""  # kind of the previous word: "one", "ten", "teen", "hundred", "scale"
    for i, w in enumerate(words):
        if w == "a" and i == 0 and len(words) > 1:
            current, last = 1, "one"
        elif w in ONES:
            v = ONES[w]
            kind = "one" if v < 10 else "teen"
            if last in ("one", "teen") or (last == "ten" and kind == "teen"):
                return None
            current += v
            last = kind
        elif w in TENS:
            if last in ("one", "teen", "ten"):
                return None
            current += TENS[w]
            last = "ten"
        elif w == "hundred":
            if last in ("hundred", "") or current >= 100:
                return None
            current *= 100
            last = "hundred"
        elif w in SCALES:
            if last == "" or last == "scale":
                return None
            total += current * SCALES[w]
            current = 0
            last = "scale"
        else:
            return None
    return total + current


_YEAR_RE = re.compile(r"(1[89]\d\d|20\d\d)")
_PLURAL_AFTER_RE = re.compile(r"\s+[a-z]+s\b")
_AGE_RANGE_GAP_RE = re.compile(r"\s*(?:-|to|and)\s*")


def _section_before(before: str, view: str | None) -> bool:
    """``_SECTION_BEFORE_RE.search(before)``, the regex run only where
    ``view`` (``before`` through :func:`xref.normalize.caseless`, or None)
    ends, its trailing space left out, as one of its matches must."""
    if view is not None and not view.rstrip().endswith(_SECTION_BEFORE_ENDINGS):
        return False
    return _SECTION_BEFORE_RE.search(before) is not None


def _age_before(before: str, view: str | None) -> bool:
    """``_AGE_BEFORE_RE.search(before)``, run only where ``view`` (as for
    :func:`_section_before`) holds "age", as each of its matches does."""
    if view is not None and "age" not in view:
        return False
    return _AGE_BEFORE_RE.search(before) is not None


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    """Spans (in ``text``, already normalized) where numbers are not quantities:
    dates, times, URLs."""
    spans = (
        [(m.start(), m.end()) for m in _TIME_RE.finditer(text)]
        if _TIME_GATE_RE.search(text) is not None
        else []
    )
    if _may_hold_url(text):
        spans += [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
    spans += date_spans(text)
    return spans


def _is_year(raw: str, after: str) -> bool:
    if not _YEAR_RE.fullmatch(raw):
        return False
    # "2000 people" is a count; "in 2019," is a year
    return not _PLURAL_AFTER_RE.match(after)


def _apply_qualifier(q: Qualifier, value: float, low: float, high: float) -> tuple[float, float]:
    if q.bound == "above":
        return low, math.inf
    if q.bound == "below":
        return 0.0, high
    if q.bound == "approx":
        return low * (1 - q.tolerance), high * (1 + q.tolerance)
    return low * (1 - q.tolerance), high  # near: just below


def _rounding(raw: str, scale: float) -> float:
    """Half a unit of the last digit written: "77.5" -> 0.05; "1.2" million -> 50,000."""
    if "." in raw:
        decimals = len(raw.split(".", 1)[1])
        return 0.5 * 10.0**-decimals * scale
    return 0.5 * scale if scale > 1 else 0.0


@attrs.frozen
class _Numeral:
    start: int  # normalized offsets
    end: int
    value: float
    half: float  # rounding half-width
    raw: str
    words: bool
    currency: str | None
    weak: bool = False  # "one": a number only inside "one in five", "one out of ten"


def _numeral_starts(text: str, view: str) -> list[int]:
    """Every offset of ``text`` where a match of :data:`_NUMERAL_RE` can
    start (and some where none does), in order: each "$" and digit, each
    number word of ``view`` (``text`` through :func:`xref.normalize.caseless`)
    and each "a" that spaces alone part from one."""
    starts = {m.start() for m in _DIGIT_START_RE.finditer(text)}
    for w in _NUMBER_WORDS:
        i = view.find(w)
        while i >= 0:
            starts.add(i)
            j = i
            while j > 0 and view[j - 1].isspace():
                j -= 1
            if j < i and j > 0 and view[j - 1] == "a":
                starts.add(j - 1)  # "a hundred"
            i = view.find(w, i + 1)
    return sorted(starts)


def _numeral_matches(text: str) -> list[re.Match[str]]:
    """``list(_NUMERAL_RE.finditer(text))``, the pattern tried only where a
    match can start (:func:`_numeral_starts`) instead of at every offset:
    the first match at or after the end of the previous one, as ``finditer``
    finds it (no match is empty, and ``match`` at an offset sees the text
    before it as the scan does)."""
    view = caseless(text)
    if view is None or not _WORDS_CASELESS:
        return list(_NUMERAL_RE.finditer(text))
    out: list[re.Match[str]] = []
    pos = 0
    for p in _numeral_starts(text, view):
        if p < pos:
            continue
        m = _NUMERAL_RE.match(text, p)
        if m is not None:
            out.append(m)
            pos = m.end()
    return out


#: whether the number words are plain ASCII lower case, as
#: :func:`_numeral_starts` needs to find them in a caseless view
_WORDS_CASELESS = all(w.isascii() and w.isalpha() and w == w.lower() for w in _NUMBER_WORDS)


def _numerals(n: Normalized) -> list[_Numeral]:
    text = n.text
    excluded = _excluded_spans(text)
    view = caseless(text)  # same offsets as ``text``
    out: list[_Numeral] = []
    age_end = -1
    for m in _numeral_matches(text):
        s, e = m.start(), m.end()
        if any(s < xe and xs < e for xs, xe in excluded):
            continue
        if age_end >= 0 and _AGE_RANGE_GAP_RE.fullmatch(text[age_end:s]):
            continue  # the second end of an age range ("ages 18-24")
        raw = m.group()
        currency = None
        if m.group("digits"):
            if raw.startswith("$"):
                currency, raw, s = "$", raw[1:], s + 1
            if _DECIMAL_COMMA_RE.fullmatch(raw):
                raw = raw.replace(",", ".")  # "0,712": no grouped figure opens with 0
            value = float(raw.replace(",", ""))
            is_words = False
        else:
            parsed = parse_number_words(raw)
            if parsed is None:
                continue
            if raw.lower() == "zero" or raw.lower().startswith("a "):
                continue  # "a hundred" alone: too ambiguous as a count
            value = float(parsed)
            is_words = True
        after = text[e:]
        before = text[max(0, s - 40) : s]
        before_view = None if view is None else view[max(0, s - 40) : s]
        if not is_words and _is_year(raw, after[:30]):
            continue
        if _ORDINAL_AFTER_RE.match(after) or _section_before(before, before_view):
            continue
        if _SECTION_AFTER_RE.match(after):
            continue
        if _age_before(before, before_view):
            age_end = e
            continue
        if currency is None:
            cm = _CURRENCY_BEFORE_RE.search(text[max(0, s - 2) : s])
            if cm:
                currency = cm.group(1)
        scale = 1.0
        am = None if is_words else _ABBR_RE.match(after)
        if am is not None:
            abbr = am.group(1).lower()
            if abbr in CURRENCY_ONLY_ABBREVIATIONS and not (
                currency or _MONEY_AFTER_RE.match(after[am.end() :])
            ):
                continue  # "100m", "5k": metres, a race; not a number we read
            scale = float(SCALE_ABBREVIATIONS[abbr])
            e += am.end()
        elif (sm := _SCALE_RE.match(after)) and not (
            is_words and raw.lower().split()[-1] in SCALES
        ):
            scale = float(SCALES[sm.group(1).lower()])
            e += sm.end()
        half = 0.0 if is_words else _rounding(raw, scale)
        weak = is_words and raw.lower() == "one"
        out.append(_Numeral(s, e, value * scale, half, text[s:e], is_words, currency, weak))
    return out


#: the endings :func:`_qualifier_before` looks for, by table (held with it)
_ENDINGS: dict[int, tuple[QualifierTable, tuple[str, ...]]] = {}


def _qualifier_endings(table: QualifierTable) -> tuple[str, ...]:
    """Each qualifier word of ``table`` and a space: ``str.endswith`` takes
    them all in one call."""
    held = _ENDINGS.get(id(table))
    if held is None or held[0] is not table:
        if len(_ENDINGS) >= 16:
            _ENDINGS.clear()  # tables made on the fly: keep a few
        held = (table, tuple(w + " " for q in table.qualifiers for w in q.words))
        _ENDINGS[id(table)] = held
    return held[1]


def _qualifier_before(
    text: str, start: int, table: QualifierTable
) -> tuple[int, str, Qualifier | None, Vague | None] | None:
    """A qualifier or vague plural ending right before ``start``."""
    before = text[max(0, start - 60) : start].lower()
    if not before.endswith(_qualifier_endings(table)):
        return None  # no qualifier word (and a space) ends ``before``
    best: tuple[int, str, Qualifier | None, Vague | None] | None = None
    for q in table.qualifiers:
        for w in q.words:
            if not before.endswith(w + " "):
                continue
            bounded = len(before) == len(w) + 1 or not before[-len(w) - 2].isalnum()
            if bounded and (best is None or len(w) > len(best[1])):
                best = (start - len(w) - 1, w, q, None)
    return best


@lru_cache(maxsize=256)
def _vague_pattern(phrase: str) -> re.Pattern[str]:
    """The pattern of a vague plural ("hundreds of") before a word."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?=\s+[^\W\d])", re.I)


def _vague_mentions(n: Normalized, table: QualifierTable) -> list[NumberMention]:
    out: list[NumberMention] = []
    phrases = sorted(((w, v) for v in table.vague for w in v.words), key=lambda p: -len(p[0]))
    taken: list[tuple[int, int]] = []
    view = caseless(n.text)
    for w, v in phrases:
        if view is not None and w.isascii() and w not in view:
            continue  # each match holds the (ASCII) phrase, in some case
        pat = _vague_pattern(w)
        for m in pat.finditer(n.text):
            if any(m.start() < te and ts < m.end() for ts, te in taken):
                continue
            taken.append((m.start(), m.end()))
            s, e = n.span(m.start(), m.end())
            out.append(
                NumberMention(
                    v.low, v.low, v.high, "count", s, e, n.original[s:e], w, None, (), s, e
                )
            )
    return out


def find_numbers(text: str, *, table: QualifierTable | None = None) -> list[NumberMention]:
    """Every number in ``text`` that states a quantity, in text order.

    >>> [(m.text, m.kind, m.describe()) for m in find_numbers("More than 300 arrests")]
    [('More than 300', 'count', '300 or more')]
    >>> ms = find_numbers("77.5 percent (4,601 out of 5,939)")
    >>> [(m.kind, round(m.value, 4), m.parts) for m in ms]
    [('percent', 77.5, ()), ('fraction', 0.7747, (4601.0, 5939.0))]
    >>> ms = find_numbers("Eighteen AGs; a 23-year old; 4.38.41 PM; in 2019")
    >>> [(m.text, m.value) for m in ms]
    [('Eighteen', 18.0)]
    >>> [(m.kind, m.value, m.describe()) for m in find_numbers("about $1.2 million")]
    [('money', 1200000.0, '1,092,500 to 1,312,500')]
    >>> [(m.text, m.unit, m.value) for m in find_numbers("£3.25bn or 3.25 billion pounds")]
    [('£3.25bn', '£', 3250000000.0), ('3.25 billion pounds', '£', 3250000000.0)]
    """
    table = table or qualifiers()
    n = normalize(text)
    nums = _numerals(n)
    lists = _list_ends(nums, n.text)
    out: list[NumberMention] = []
    i = 0
    while i < len(nums):
        a = nums[i]
        s, e = a.start, a.end
        kind, unit = "count", a.currency
        value, low, high = a.value, a.value - a.half, a.value + a.half
        parts: tuple[float, ...] = ()
        after = n.text[e:]
        nxt = nums[i + 1] if i + 1 < len(nums) else None
        gap = n.text[e : nxt.start] if nxt else ""
        consumed = 1
        of_the = (
            nxt is not None
            and _OF_THE_GAP_RE.match(gap) is not None
            and not (a.words or nxt.words)
            and 0 < a.value < nxt.value
        )
        if nxt and (_FRACTION_GAP_RE.match(gap) or of_the) and nxt.value:
            kind, parts = "fraction", (a.value, nxt.value)
            value = low = high = a.value / nxt.value
            e, consumed = nxt.end, 2
        elif nxt and _RATIO_GAP_RE.match(gap) and nxt.value and a.value <= nxt.value:
            kind, parts = "ratio", (a.value, nxt.value)
            value = low = high = a.value / nxt.value
            e, consumed = nxt.end, 2
        elif nxt and _RANGE_GAP_RE.match(gap) and not a.words and nxt.value > a.value:
            low, high = a.value - a.half, nxt.value + nxt.half
            e, consumed = nxt.end, 2
            after = n.text[e:]
        if a.weak and consumed == 1:
            i += 1
            continue  # a lone "one" is a pronoun or article far more often than a count
        # the unit written after the last number of a list holds for each
        # ("rose 5, 6 and 7 percent"; not for a figure above 100: "from 6027
        # and 66.2%" lists no percentages)
        last = lists.get(i) if consumed == 1 and unit is None else None
        tail = n.text[last.end :] if last is not None else ""
        if kind == "count":
            if pm := _POINTS_RE.match(after):
                kind, e = "points", e + pm.end()
            elif pm := _PERCENT_RE.match(after):
                kind, unit, e = "percent", "%", e + pm.end()
                low, high = _percent_interval(a, value, low, high)
            elif last is not None and value <= 100 and _POINTS_RE.match(tail):
                kind = "points"
            elif last is not None and value <= 100 and _PERCENT_RE.match(tail):
                kind, unit = "percent", "%"
                low, high = _percent_interval(a, value, low, high)
            elif mm := _MONEY_AFTER_RE.match(after):
                kind, e = "money", e + mm.end()
                unit = unit or CURRENCIES[mm.group(1).lower()]
            elif unit is not None:
                kind = "money"
            elif dm := _DURATION_RE.match(after):
                if dm.group("old") or _AGE_BEFORE_RE.search(n.text[max(0, s - 12) : s]):
                    i += consumed
                    continue  # an age, not a quantity
                kind, unit, e = "duration", dm.group("unit").lower(), e + dm.end()
        qual = None
        value_start, value_end = n.span(a.start, nums[i + consumed - 1].end)
        cur_start = s - 1 if unit in ("$", "€", "£", "¥") and s > 0 and n.text[s - 1] == unit else s
        q = _qualifier_before(n.text, cur_start, table)
        stated: tuple[float, float] | None = None
        if q is not None and q[2] is not None:
            s, qual = q[0], q[1]
            stated = (low, high)
            low, high = _apply_qualifier(q[2], value, low, high)
        else:
            s = cur_start
        os_, oe = n.span(s, e)
        out.append(
            NumberMention(
                value,
                low,
                high,
                kind,
                os_,
                oe,
                text[os_:oe],
                qual,
                unit,
                parts,
                value_start,
                value_end,
                stated,
            )
        )
        i += consumed
    out.extend(_vague_mentions(n, table))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _percent_interval(
    a: _Numeral, value: float, low: float, high: float
) -> tuple[float, float]:
    """A percentage's interval: a whole figure in digits is a rounded one
    ("77 percent" is 76.5-77.5)."""
    if not a.words and "." not in a.raw and a.half == 0 and low == high:
        return value - 0.5, value + 0.5
    return low, high


def _list_ends(nums: Sequence[_Numeral], text: str) -> dict[int, _Numeral]:
    """For each number of a list but its last ("5, 6 and 7", "5 or 7", "5,
    6, or 7"), the last one, whose unit the list shares.  A list is of
    numbers in digits, parted by commas and ended by "and" or "or"; two
    numbers parted by a comma are not one ("Of the 300, 20 percent"; "fell
    to 36,000, or 40 percent" restates).

    >>> n = normalize("rose 5, 6 and 7 percent; fell to 36,000, or 40 percent")
    >>> sorted((k, v.raw) for k, v in _list_ends(_numerals(n), n.text).items())
    [(0, '7'), (1, '7')]
    """
    out: dict[int, _Numeral] = {}
    i = 0
    while i < len(nums):
        j = i
        end = None
        if not nums[i].words and nums[i].currency is None:
            while j + 1 < len(nums):
                b = nums[j + 1]
                if b.start - nums[j].end > _LIST_GAP_MAX:
                    break  # most numbers stand far apart: no gap to read
                gap = text[nums[j].end : b.start]
                if b.words or b.currency is not None or _LIST_GAP_RE.match(gap) is None:
                    break
                j += 1
                if not gap.startswith(",") or gap.rstrip().endswith(("and", "or")):
                    end = j if not gap.startswith(",") or j - i >= 2 else None
                    break
        if end is None:
            i += 1
            continue
        for k in range(i, end):
            out[k] = nums[end]
        i = end + 1
    return out


Bounds = NumberMention | float | int | tuple[float, float]


def _interval(x: Bounds) -> tuple[float, float]:
    if isinstance(x, NumberMention):
        return x.low, x.high
    if isinstance(x, tuple):
        return float(x[0]), float(x[1])
    return float(x), float(x)


def agree(a: Bounds, b: Bounds, *, tolerance: float = 0.0) -> bool:
    """Whether two numbers can be the same quantity.

    Each side is a :class:`NumberMention` (its interval), a plain number or a
    ``(low, high)`` pair.  They agree when their intervals overlap once
    widened by ``tolerance`` (a fraction: 0.02 = 2 percent of each bound).
    Kinds are not compared: the caller decides what is comparable.

    A qualifier's interval is used only against a figure without one: when
    both sides state a qualified figure ("at least 18" / "at least 36"),
    they are two different claims unless the figures themselves agree, so
    the stated figures are compared (open intervals would overlap for any
    two figures).

    >>> [m] = find_numbers("More than 300"); agree(m, 302)
    True
    >>> [a] = find_numbers("at least 18"); [b] = find_numbers("at least 36")
    >>> agree(a, b), agree(a, find_numbers("no fewer than 18")[0])
    (False, True)
    >>> agree(find_numbers("up to 500")[0], find_numbers("Up to 50")[0])
    False
    >>> [m] = find_numbers("about 20,000"); agree(m, 19_752), agree(m, 18_000)
    (True, False)
    >>> agree(18, 19), agree(4518, 4829, tolerance=0.1)
    (False, True)
    """
    alo, ahi = _interval(a)
    blo, bhi = _interval(b)
    if (
        isinstance(a, NumberMention)
        and isinstance(b, NumberMention)
        and a.stated is not None
        and b.stated is not None
    ):
        (alo, ahi), (blo, bhi) = a.stated, b.stated
    if tolerance:
        alo, ahi = _widen(alo, ahi, tolerance)
        blo, bhi = _widen(blo, bhi, tolerance)
    return alo <= bhi and blo <= ahi


def _widen(low: float, high: float, tolerance: float) -> tuple[float, float]:
    lo = low - abs(low) * tolerance if math.isfinite(low) else low
    hi = high + abs(high) * tolerance if math.isfinite(high) else high
    return lo, hi


def values(mentions: Iterable[NumberMention], kinds: Sequence[str] = ("count",)) -> list[float]:
    """The values of the mentions of the given kinds (a helper for messages)."""
    return [m.value for m in mentions if m.kind in kinds]


def to_json(m: NumberMention) -> dict[str, Any]:
    """A mention as JSON-ready data (infinite bounds as None)."""
    return {
        "text": m.text,
        "value": m.value,
        "low": m.low,
        "high": None if math.isinf(m.high) else m.high,
        "kind": m.kind,
        "qualifier": m.qualifier,
        "unit": m.unit,
        "start": m.start,
        "end": m.end,
    }
