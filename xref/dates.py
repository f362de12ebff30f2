"""Dates in text: absolute ones in their formats, relative ones resolved.

Absolute dates ("2021-02-19", "February 18, 2021", "Feb. 18", "18 February
2021", "Oct. 2014", "October 2014", "in 2019"; a list or range of days,
"January 21-28, 2024", "January 21 and 28, 2024", "21 and 28 January", as
one mention from its first day to its last) and relative ones
("Thursday", "on Monday", "last month", "this week", "yesterday", "two days
ago") become a :class:`DateMention` with the interval of days it may mean
(``low``..``high``, both inclusive).  A relative date, or an absolute one
without a year, is resolved against a reference date (the document's date);
without one its interval is ``None``.  Offsets index the original text.

Contents
--------
DateMention        one date mention, with its interval and precision
find_dates         text -> list[DateMention]
resolve_weekday    the weekday named, on or before the reference date
month_interval     first and last day of a month
overlap            whether two mentions can mean the same day
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Iterator

import attrs

from xref.normalize import Normalized, caseless, normalize

MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        MONTHS[_name.lower()] = _i
        MONTHS[_name[:3].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SMALL_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
}  # fmt: skip

#: what parts the days of a list or range ("21-28", "21 and 28", "3 to 5",
#: "21, 22 and 28")
_DAYS_SEP = r"(?:\s*-\s*|\s+(?:to|through|and|or)\s+|,\s+(?:(?:and|or)\s+)?)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"(?<![\w-])(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w-])")),
    (
        "slash",
        re.compile(
            r"(?<![\w/])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])/(?P<y>\d{4}|\d{2})(?![\w/])"
        ),
    ),
    (
        # "January 21-28" (a year or not), "January 21 and 28, 2024", "Jan.
        # 21, 22 and 28, 2024", "March 3 to 5, 2023": a list in words only
        # before a year ("May 5, 12 people" is a day and a count)
        "mdy-days",
        re.compile(
            rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d>{_DAY})(?:"
            rf"(?P<more>(?:{_DAYS_SEP}{_DAY}(?!\d))+),?\s+(?P<y>{_YEAR})"
            rf"|\s*-\s*(?P<d2>{_DAY})(?!\d)(?:,?\s+(?P<y2>{_YEAR}))?)"
            r"(?![\w,]\d)(?!\s*(?:percent|%))"
        ),
    ),
    (
        # "21 and 28 January 2024", "21-28 January": the month after the days
        "dmy-days",
        re.compile(
            rf"\b(?P<d>{_DAY})(?P<more>(?:{_DAYS_SEP}{_DAY})+)\s+(?:of\s+)?(?P<mon>{_MONTH_RE})"
            rf"(?:,?\s+(?P<y>{_YEAR}))?\b"
        ),
    ),
    (
        "mdy",
        re.compile(
            rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d>{_DAY})(?!\d)(?:,?\s+(?P<y>{_YEAR}))?(?![\w,]\d)"
            r"(?!\s*(?:percent|%))"
        ),
    ),
    (
        "dmy",
        re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<mon>{_MONTH_RE})(?:,?\s+(?P<y>{_YEAR}))?\b"),
    ),
    ("my", re.compile(rf"\b(?P<mon>{_MONTH_RE})\s*,?\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    (
        "month",
        re.compile(
            rf"\b(?P<pre>(?i:in|since|from|until|by|through|last|this|next|early|late|mid-?|of|during)\s+)"
            rf"(?P<mon>{_MONTH_RE})(?![\w-])"
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?P<pre>(?i:in|since|from|until|by|through|during|of|to|between|early|late|mid-?)\s+)"
            rf"(?P<y>{_YEAR})(?![\w-]|[.,]\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>(?i:last|this|next|on|early|late))\s+)?(?P<wd>{_WEEKDAY_RE})"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "period",
        re.compile(
            r"\b(?:(?P<early>earlier|later)\s+)?(?P<rel>last|this|next|past)\s+"
            r"(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    ("day", re.compile(r"\b(?P<word>today|tonight|yesterday|tomorrow)\b", re.I)),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
)


@attrs.frozen
class DateMention:
    """A date in the text and the interval of days it may mean.

    ``kind`` is the format matched (``iso``, ``mdy``, ``my``, ``weekday``,
    ``period`` …); ``precision`` is ``day``, ``week``, ``month`` or
    ``year``; ``relative`` is true when the reference date was needed (a
    weekday, "last month", a day without a year).  ``low``/``high`` are None
    when a relative date could not be resolved.
    """

    start: int
    end: int
    text: str
    kind: str
    precision: str
    relative: bool
    low: dt.date | None
    high: dt.date | None

    @property
    def resolved(self) -> bool:
        return self.low is not None and self.high is not None

    def describe(self) -> str:
        """The interval in words, e.g. ``2021-02-18`` or ``2014-10-01..2014-10-31``."""
        if self.low is None or self.high is None:
            return "unresolved"
        if self.low == self.high:
            return self.low.isoformat()
        return f"{self.low.isoformat()}..{self.high.isoformat()}"


def month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month.

    >>> month_interval(2024, 2)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def resolve_weekday(name: str, ref: dt.date, rel: str | None = None) -> dt.date:
    """The day ``name`` means in a text dated ``ref``.

    A bare weekday ("Thursday", "on Thursday") or "last Thursday" is the most
    recent one on or before ``ref`` (strictly before for "last"); "next"
    looks forward.  seeds/001 is dated Friday 2021-02-19:

    >>> resolve_weekday("Thursday", dt.date(2021, 2, 19))
    datetime.date(2021, 2, 18)
    >>> resolve_weekday("Friday", dt.date(2021, 2, 19), "last")
    datetime.date(2021, 2, 12)
    >>> resolve_weekday("monday", dt.date(2021, 2, 19), "next")
    datetime.date(2021, 2, 22)
    """
    target = WEEKDAYS[name.lower()]
    if rel == "next":
        ahead = (target - ref.weekday()) % 7 or 7
        return ref + dt.timedelta(days=ahead)
    back = (ref.weekday() - target) % 7
    if rel == "last" and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _month_of(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _year_of(raw: str) -> int:
    y = int(raw)
    return y + (2000 if y < 70 else 1900) if len(raw) == 2 else y


def _day_of(raw: str) -> int:
    return int(re.sub(r"\D", "", raw))


def _days_of(m: re.Match[str]) -> list[int]:
    """The days of a list or range match, in the order written."""
    g = m.groupdict()
    rest = g.get("more") or g.get("d2") or ""
    return [_day_of(g["d"])] + [int(x) for x in re.findall(r"\d+", rest)]


def _rising(days: list[int]) -> bool:
    """Days in order, as a list or a range of them is written ("21-28",
    not "5-3": a score)."""
    return all(a < b for a, b in itertools.pairwise(days))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _recent_month(month: int, ref: dt.date) -> tuple[dt.date, dt.date]:
    """The most recent ``month`` on or before ``ref`` (this year or last)."""
    year = ref.year if month <= ref.month else ref.year - 1
    return month_interval(year, month)


def _shift_month(d: dt.date, months: int) -> tuple[int, int]:
    idx = d.year * 12 + (d.month - 1) + months
    return idx // 12, idx % 12 + 1


def _period(rel: str, unit: str, ref: dt.date) -> tuple[dt.date, dt.date]:
    step = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=step)
        if rel == "past":  # "the past week": the seven days before ref
            return ref - dt.timedelta(days=7), ref
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        if rel == "past":
            return ref - dt.timedelta(days=31), ref
        y, m = _shift_month(ref, step)
        return month_interval(y, m)
    if rel == "past":
        return ref - dt.timedelta(days=366), ref
    return dt.date(ref.year + step, 1, 1), dt.date(ref.year + step, 12, 31)


def _interval(
    kind: str, m: re.Match[str], ref: dt.date | None
) -> tuple[str, bool, dt.date | None, dt.date | None]:
    """(precision, relative, low, high) for one match."""
    g = m.groupdict()
    if kind in ("iso", "slash"):
        d = _safe_date(_year_of(g["y"]), int(g["m"]), int(g["d"]))
        return "day", False, d, d
    if kind in ("mdy-days", "dmy-days"):
        month, listed = _month_of(g["mon"]), _days_of(m)
        written = g.get("y") or g.get("y2")
        if written:
            y, relative = int(written), False
        elif ref is not None:
            y, relative = ref.year, True
        else:
            return "day", True, None, None
        return "day", relative, _safe_date(y, month, listed[0]), _safe_date(y, month, listed[-1])
    if kind in ("mdy", "dmy"):
        month, day = _month_of(g["mon"]), _day_of(g["d"])
        if g.get("y"):
            d = _safe_date(int(g["y"]), month, day)
            return "day", False, d, d
        d = _safe_date(ref.year, month, day) if ref else None
        return "day", True, d, d
    if kind == "my":
        low, high = month_interval(int(g["y"]), _month_of(g["mon"]))
        return "month", False, low, high
    if kind == "month":
        if ref is None:
            return "month", True, None, None
        low, high = _recent_month(_month_of(g["mon"]), ref)
        return "month", True, low, high
    if kind == "year":
        y = int(g["y"])
        return "year", False, dt.date(y, 1, 1), dt.date(y, 12, 31)
    if kind == "weekday":
        if ref is None:
            return "day", True, None, None
        rel = (g.get("rel") or "").lower() or None
        d = resolve_weekday(g["wd"], ref, rel)
        return "day", True, d, d
    if kind == "period":
        unit = g["unit"].lower()
        if ref is None:
            return unit, True, None, None
        low, high = _period(g["rel"].lower(), unit, ref)
        if g.get("early"):
            # "earlier this month": from the start of the period up to ref
            high = min(high, ref)
        return unit, True, low, high
    if kind == "day":
        if ref is None:
            return "day", True, None, None
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[g["word"].lower()]
        d = ref + dt.timedelta(days=shift)
        return "day", True, d, d
    # "N units ago"
    unit = g["unit"].lower()
    if ref is None:
        return unit, True, None, None
    raw = g["n"].lower()
    n = int(raw) if raw.isdigit() else _SMALL_WORDS[raw]
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
    d = ref - dt.timedelta(days=days)
    slack = {"day": 0, "week": 3, "month": 15, "year": 183}[unit]
    return unit, True, d - dt.timedelta(days=slack), d + dt.timedelta(days=slack)


_DIGIT_RE = re.compile(r"\d")
#: every month name and abbreviation of :data:`_MONTH_RE` starts with one of these
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: a year after a space: what the "year" and "my" patterns need ("in 2019", "May 2019")
_SPACED_YEAR_RE = re.compile(rf"\s{_YEAR}")
#: what the "iso" pattern needs: "-MM-" after a digit
_ISO_NEED_RE = re.compile(r"\d-[01]\d-")
#: a month name (a stem, letters, a period) before a day: what "mdy" needs
_MON_DAY_RE = re.compile(rf"(?:{'|'.join(_MONTH_STEMS)})[a-z]*\.?\s+\d")
#: a day (its last digit) before a month name: what "dmy" needs
_DAY_MON_RE = re.compile(rf"\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{'|'.join(_MONTH_STEMS)})")
#: days parted as in a list, then a month name: what "dmy-days" needs
_DAYS_MON_RE = re.compile(
    rf"\d{_DAYS_SEP}{_DAY}\s+(?:of\s+)?(?:{'|'.join(_MONTH_STEMS)})"
)
#: a whole month name after a space: what the "month" pattern needs ("in May")
_SPACED_MONTH_RE = re.compile(rf"\s{_MONTH_RE}(?![\w-])")
#: what each case-insensitive pattern needs, in the lower-case view of the
#: text (:func:`xref.normalize.caseless`)
_CASELESS_NEEDS: dict[str, re.Pattern[str]] = {
    "period": re.compile(r"(?:last|this|next|past)\s+(?:week|month|year)"),
    "day": re.compile(r"to(?:day|night|morrow)|yesterday"),
    "ago": re.compile(r"(?:day|week|month|year)s?\s+ago"),
}
#: the kinds whose mentions can hold a digit
_DIGIT_KINDS = frozenset(
    {"iso", "slash", "mdy-days", "dmy-days", "mdy", "dmy", "my", "year", "ago"}
)


def _possible_kinds(text: str, *, digits_only: bool = False) -> frozenset[str]:
    """The kinds of :data:`_PATTERNS` that can match somewhere in ``text``
    (with ``digits_only``, only those of :data:`_DIGIT_KINDS`).

    Each test is a necessary condition of its pattern (a digit, "-MM-", a
    month name next to a day, a year after a space, "day" for a weekday, a
    unit word), found by a search the regex engine runs fast (a literal or a
    class first), so the patterns left out find nothing: a cheap filter,
    since most paragraphs hold no date and every pattern would scan them.
    """
    kinds: set[str] = set()
    digit = _DIGIT_RE.search(text) is not None
    month = any(stem in text for stem in _MONTH_STEMS)
    if digit:
        if "-" in text and _ISO_NEED_RE.search(text) is not None:
            kinds.add("iso")
        if "/" in text:
            kinds.add("slash")
        spaced_year = _SPACED_YEAR_RE.search(text) is not None
        if spaced_year:
            kinds.add("year")
        if month:
            if _MON_DAY_RE.search(text) is not None:
                kinds.add("mdy")
                kinds.add("mdy-days")
            if _DAY_MON_RE.search(text) is not None:
                kinds.add("dmy")
                if _DAYS_MON_RE.search(text) is not None:
                    kinds.add("dmy-days")
            if spaced_year:
                kinds.add("my")
    if not digits_only:
        if month and _SPACED_MONTH_RE.search(text) is not None:
            kinds.add("month")
        if "day" in text:
            kinds.add("weekday")
    view = caseless(text)
    for kind, need in _CASELESS_NEEDS.items():
        if digits_only and kind not in _DIGIT_KINDS:
            continue
        if view is None or need.search(view) is not None:
            kinds.add(kind)
    return frozenset(kinds)


#: the lengths of the words that start a "month" match ("in", "through",
#: "mid-") and a "year" match, the pre groups of their patterns
_MONTH_PRE_LENGTHS = (2, 3, 4, 5, 6, 7)  # in|since|from|until|by|through|last|this|next|...
_YEAR_PRE_LENGTHS = (2, 3, 4, 5, 6, 7)  # in|since|from|until|by|through|during|of|to|between|...


def _before_spaces(text: str, anchors: list[int], lengths: tuple[int, ...]) -> list[int]:
    """Where a match can start whose pre word (of one of ``lengths``) and
    spaces stand right before an anchor (a month name, a year): each
    anchor's run of spaces is walked back, then each length."""
    out: set[int] = set()
    for a in anchors:
        k = a
        while k > 0 and text[k - 1].isspace():  # ``\s`` is ``str.isspace``
            k -= 1
        out.update(k - n for n in lengths if k - n >= 0)
    return sorted(out)


def _starts(kind: str, text: str) -> list[int] | None:
    """The offsets where a match of the ``kind`` pattern can start (and some
    where none does), in order; None where every offset must be tried.

    Each comes from a search the regex engine runs fast and that every
    match implies: "mdy" starts where a month name before a day does, "dmy"
    at (or one before) the last digit of a day before a month name, "year"
    and "month" a pre word before the spaces before a year or a month name.
    """
    if kind in ("mdy", "mdy-days"):
        return [m.start() for m in _MON_DAY_RE.finditer(text)]
    if kind == "dmy":
        return sorted({p for m in _DAY_MON_RE.finditer(text) for p in (m.start() - 1, m.start())})
    if kind == "year":
        anchors = [m.start() + 1 for m in _SPACED_YEAR_RE.finditer(text)]
        return _before_spaces(text, anchors, _YEAR_PRE_LENGTHS)
    if kind == "month":
        anchors = [m.start() + 1 for m in _SPACED_MONTH_RE.finditer(text)]
        return _before_spaces(text, anchors, _MONTH_PRE_LENGTHS)
    return None


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only at :func:`_starts`: the first
    match at or after the end of the previous one, as ``finditer`` finds it
    (no match is empty, and ``match`` at an offset sees the text before it)."""
    starts = _starts(kind, text)
    if starts is None:
        yield from pattern.finditer(text)
        return
    pos = 0
    for p in starts:
        if p < pos or p < 0:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            pos = m.end()


#: one date found in normalized text: (start, end, kind, precision,
#: relative, low, high), offsets into the normalized text
_Found = tuple[int, int, str, str, bool, dt.date | None, dt.date | None]


def _found_dates(text: str, ref: dt.date | None, *, digits_only: bool = False) -> list[_Found]:
    """The dates of (normalized) ``text`` in the order :func:`find_dates`
    takes them, before sorting and mapping to original offsets.

    Earlier patterns win where matches overlap (a full date before its month
    and year); patterns that cannot match (:func:`_possible_kinds`) are not
    run.  ``digits_only`` leaves out the kinds whose mentions never hold a
    digit (a month or weekday name, "last week", "today"): none of those can
    overlap a mention that holds one, so the others come out the same.
    """
    possible = _possible_kinds(text, digits_only=digits_only)
    taken: list[tuple[int, int]] = []
    out: list[_Found] = []
    for kind, pattern in _PATTERNS:
        if kind not in possible:
            continue
        for m in _matches(kind, pattern, text):
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
            precision, relative, low, high = _interval(kind, m, ref)
            if kind in ("mdy-days", "dmy-days") and not _rising(_days_of(m)):
                continue  # "May 5-3": a score, not days
            if kind in ("iso", "slash", "mdy", "dmy", "mdy-days", "dmy-days") and (
                not relative and (low is None or high is None)
            ):
                continue  # not a real date (February 30)
            taken.append((s, e))
            out.append((s, e, kind, precision, relative, low, high))
    return out


def date_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every date in ``text`` (taken as already
    normalized: offsets index ``text``) written with a digit, in the order
    found: what :func:`xref.numbers.find_numbers` leaves out as not a
    quantity.  The spans of ``find_dates(text, normalized=identity)`` whose
    text holds a digit, without building the mentions.

    >>> date_spans("On May 5, 2021 and in May, 3 people")
    [(3, 14)]
    """
    return [
        (s, e)
        for s, e, *_ in _found_dates(text, None, digits_only=True)
        if any(c.isdigit() for c in text[s:e])
    ]


def find_dates(
    text: str, ref: dt.date | None = None, *, normalized: Normalized | None = None
) -> list[DateMention]:
    """Every date mention in ``text``, resolved against ``ref`` where needed.

    Earlier patterns win where matches overlap (a full date before its month
    and year).  Offsets index ``text`` exactly.  ``normalized`` may pass
    ``normalize(text)`` when the caller has it already.

    >>> [(d.text, d.describe()) for d in find_dates("from Oct. 2014 to May 2018")]
    [('Oct. 2014', '2014-10-01..2014-10-31'), ('May 2018', '2018-05-01..2018-05-31')]
    >>> [d.describe() for d in find_dates("in a letter Thursday", dt.date(2021, 2, 19))]
    ['2021-02-18']
    >>> [d.describe() for d in find_dates("— AG (@AG) February 18, 2021")]
    ['2021-02-18']
    """
    norm = normalized if normalized is not None else normalize(text)
    out: list[DateMention] = []
    for s, e, kind, precision, relative, low, high in _found_dates(norm.text, ref):
        os_, oe = norm.span(s, e)
        out.append(DateMention(os_, oe, text[os_:oe], kind, precision, relative, low, high))
    out.sort(key=lambda d: (d.start, d.end))
    return out


def overlap(a: DateMention, b: DateMention) -> bool:
    """Whether two resolved mentions can mean the same day (True if either is unresolved)."""
    if a.low is None or a.high is None or b.low is None or b.high is None:
        return True
    return a.low <= b.high and b.low <= a.high
