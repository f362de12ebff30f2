"""The ``arithmetic`` check: figures inside one document that do not add up.

Six relations are checked, each only where the text states it:

* a percentage against its parts: "77.5 percent (4,601 out of 5,939)" holds,
  since 4,601 / 5,939 = 77.47 % rounds to 77.5;
* a share of a whole the sentence opens with: "Of the 400 comments, 150
  were from industry …, or 45 percent from industry" does not (150 / 400 =
  37.5 %);
* an average times how many it is spread over: "took 3 days on average, for
  a total of 25 days across the 5 reviewers" does not (3 × 5 = 15);
* an average against a total and a period: "at least 4,829 arrests … an
  average of 753 over a six day period" does not, since 753 × 6 = 4,518 is
  below the stated minimum of 4,829 (the qualifier is respected: "at least"
  makes the total an interval, and the average is read as rounded);
* a total against its parts: "a total of 40: 12 … and 25 …" and "400
  comments: 150 … and 200 …" (parts that should make the total, unless the
  text says there are others) and "40 …, including 30 … and 15 …" (parts
  that may not exceed it).  The colon, bracket or "including" must follow
  the total with no other figure between, a bracket's or dash's parts are
  the ones inside it, and a score or ratio ("6 : 4", "6-4", "2.5 : 1") is
  neither a total nor a part;
* a percentage change stated with both its ends: "rose to 1,200 in 2024, up
  from 1,000 the year before, an increase of 35 percent" does not hold
  ((1,200 − 1,000) / 1,000 = 20 %); "from 5.2 percent to 7.9 percent, an
  increase of 3.7 percentage points" does not either (7.9 − 5.2 = 2.7).  The
  change, its two ends ("from", "to") and the words joining them must make
  one statement; a change with one end, a rate per period ("10 percent a
  year"), an adjusted figure ("in real terms") or a relative change between
  two percentages ("from 5 percent to 7 percent, a 40 percent rise") stays
  silent.

Only what does not hold is reported, with the computation shown.  The
rounding slack and the tolerances are the rule's options.

Contents
--------
percent_of_parts    Context, Document, Rule -> [Finding]
percent_of_whole    Context, Document, Rule -> [Finding]
average_of_total    Context, Document, Rule -> [Finding]
average_times_count Context, Document, Rule -> [Finding]
sum_of_parts        Context, Document, Rule -> [Finding]
percent_change      Context, Document, Rule -> [Finding]
check               Context, Rule -> [Finding]
"""

from __future__ import annotations

import itertools
import math
import re

import attrs

from xref.checks.context import Context, location, make_finding, quote_text
from xref.model import Document, Evidence, Finding
from xref.normalize import caseless_view
from xref.numbers import (
    SCALE_ABBREVIATIONS,
    SCALES,
    NumberMention,
    agree,
    find_numbers,
    fmt,
)
from xref.rules import Rule

_AVERAGE_RE = re.compile(r"\b(?:an?\s+)?average\s+of\s+$", re.I)
_PER_RE = re.compile(r"\A\s*(?:\w+\s+){0,3}?(?:per|a|each)\s+(day|week|month|year|hour)\b", re.I)
_TOTAL_RE = re.compile(r"\b(?:a\s+)?total\s+of\s+$|\bin\s+all\s*,?\s*$|\bcombined\s+$", re.I)
_EXHAUSTIVE_RE = re.compile(
    r"\A\s*(?:[\w-]+\s+){0,4}?[\w-]*\s*"
    r"(?:\(|:|—|, of (?:whom|which)|, consisting of|, made up of)",
    re.I,
)
#: words after the parts that say the list is not complete
_NOT_ALL_RE = re.compile(
    r"\b(?:rest|remainder|remaining|others?|among (?:them|others)|such as|e\.g\.|"
    r"for example|for instance|including|etc)\b",
    re.I,
)
#: "Of the 400 comments, …": the whole that the sentence's parts and shares are of
_OF_WHOLE_RE = re.compile(r"\A\W*(?:of|out of)\s+(?:the|its|their|all|these|those)?\s*$", re.I)
#: a percentage given as a part's share: ", or 45 percent", "(45 percent)"
_SHARE_LEAD_RE = re.compile(
    r"(?:,\s*or|\(|—|–|,\s*that is,?|,\s*i\.e\.,?)\s*"
    r"(?:about|nearly|almost|roughly|around|some|just over|just under|more than|less than)?\s*$",
    re.I,
)
#: a percentage that is a change, not a share ("45 percent more")
_CHANGE_RE = re.compile(
    r"\A\s*(?:more|less|fewer|higher|lower|increase|decrease|rise|drop|up|down|above|below)\b",
    re.I,
)
_ON_AVERAGE_RE = re.compile(r"\A\s*(?:[\w-]+\s+)?on\s+average\b", re.I)
_AVERAGE_NEAR_RE = re.compile(r"\baverag(?:e|ed)\b[^.;:\d]{0,40}$", re.I)
_ACROSS_RE = re.compile(
    r"\b(?:across|among|for|by|from|over|between)\s+(?:the|its|their|all|those|these)?\s*$",
    re.I,
)
_INCLUDING_RE = re.compile(r"\A\s*(?:[\w-]+\s+){0,4}?(?:[\w-]+)?\s*[,(]?\s*including\b", re.I)
#: two figures joined by a colon or a dash and nothing else: a score or a ratio
#: ("won 6-4, 6-3", "6 : 4", "a 2.5 : 1 ratio", "1 -- 0"), not a total and its parts.
#: A colon spaced on both sides or on neither, a hyphen or an en dash between
#: digits; a colon with a space after it only ("a total of 40: 12 in Texas …") opens a list
_SCORE_GAP_RE = re.compile(r"\s+:\s+|:|-|–")
#: a dash spaced on both sides joins a score only where no word follows the
#: second figure ("1 -- 0 (104 -- 0)"; but "a total of 40 -- 12 from Texas …" is a list)
_SPACED_DASH_GAP_RE = re.compile(r"\s+(?:--?|–|—)\s+")
_NO_WORD_AFTER_RE = re.compile(r"\s*(?:[^\w\s]|\Z)")
#: where a breakdown opened by a bracket or a dash ends
_BREAKDOWN_CLOSE = {"(": ")", "—": "—"}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}


def percent_of_parts(ctx: Context, doc: Document, rule: Rule) -> list[Finding]:
    """A percentage next to a fraction ("77.5 percent (4,601 out of 5,939)") must match it."""
    slack = float(rule.option("percent_points", 0.05))
    gap_limit = int(rule.option("percent_gap", 60))
    out = []
    nums = ctx.numbers(doc)
    for i, a in enumerate(nums):
        for b in nums[i + 1 : i + 2]:
            pair = {a.kind, b.kind}
            if pair != {"percent", "fraction"} or b.start - a.end > gap_limit:
                continue
            if ctx.sentence_of(doc, a.start) != ctx.sentence_of(doc, b.start):
                continue
            pct, frac = (a, b) if a.kind == "percent" else (b, a)
            computed = frac.parts[0] / frac.parts[1] * 100
            if (
                agree(pct, computed, tolerance=0)
                or abs(computed - pct.value) <= slack + (pct.high - pct.low) / 2
            ):
                continue
            n, d = frac.parts
            msg = f"{fmt(n)} / {fmt(d)} = {computed:.2f} %, not {pct.text.strip()}"
            ev = Evidence(
                "percent-of-parts", msg, a=pct.text, b=frac.text, value=computed, threshold=slack
            )
            end = (
                b.end + 1
                if doc.text[b.end : b.end + 1] == ")" and "(" in doc.text[a.end : b.start]
                else b.end
            )
            out.append(
                make_finding(rule, [location(doc, a.start, end)], [ev],
                             statement=quote_text(doc.text[a.start : end]), computation=msg)
            )  # fmt: skip
    return out


def average_of_total(ctx: Context, doc: Document, rule: Rule) -> list[Finding]:
    """ "an average of M over K days" against a total stated just before."""
    tol = float(rule.option("average_tolerance", 0.01))
    out = []
    sents = ctx.sentences(doc)
    for k, (s, e), inside in ctx.sentence_numbers(doc):
        for avg in inside:
            lead = _AVERAGE_RE.search(doc.text[max(s, avg.start - 25) : avg.start])
            if avg.kind not in ("count", "money") or not lead:
                continue
            avg_start = max(s, avg.start - 25) + lead.start()
            period = next(
                (m for m in ctx.numbers_in(doc, avg.end, e) if m.kind == "duration"), None
            )
            if period is None or period.unit is None:
                continue
            days = period.value * _UNIT_DAYS.get(period.unit, 1.0)
            per = _PER_RE.match(doc.text[avg.end : e])
            per_days = _UNIT_DAYS[per.group(1).lower()] if per else 1.0
            periods = days / per_days
            prev_start = sents[k - 1][0] if k > 0 else s
            totals = [
                m for m in ctx.numbers_in(doc, prev_start, avg.start)
                if m.kind == avg.kind and m is not avg and m.value > avg.value
            ]  # fmt: skip
            if not totals:
                continue
            total = totals[-1]
            half = 0.5 if float(avg.value).is_integer() and avg.exact else 0.0
            lo, hi = (avg.low - half) * periods, (avg.high + half) * periods
            if agree((lo, hi), total, tolerance=tol):
                continue
            per_total = f"{fmt(total.low)} / {fmt(periods)} = {fmt(round(total.low / periods, 1))}"
            bound = "at least " if math.isinf(total.high) else ""
            msg = (
                f"{fmt(avg.value)} × {fmt(periods)} = {fmt(avg.value * periods)}, "
                f"but the total is {bound}{total.describe() if not bound else fmt(total.low)} "
                f"({per_total} per {per.group(1).lower() if per else 'day'})"
            )
            ev = [
                Evidence("average-times-period", msg, a=avg.text, b=total.text,
                         value=avg.value * periods, threshold=total.low),
            ]  # fmt: skip
            stmt_end = period.end
            if tail := re.match(r"\s+period\b", doc.text[period.end : e]):
                stmt_end += tail.end()
            locs = [location(doc, total.start, total.end), location(doc, avg_start, stmt_end)]
            out.append(
                make_finding(rule, locs, ev, statement=quote_text(doc.text[avg_start:stmt_end]),
                             computation=msg)
            )  # fmt: skip
    return out


def sum_of_parts(ctx: Context, doc: Document, rule: Rule) -> list[Finding]:
    """A stated total against the parts the same sentence breaks it into."""
    tol = float(rule.option("sum_tolerance", 0.0))
    out = []
    for _, (s, e), inside in ctx.sentence_numbers(doc):
        scored = _score_members(doc, inside, e)
        counts = [m for m in inside if m.kind in ("count", "money")]
        if len(counts) < 3:
            continue  # a total and two parts at least
        for i, total in enumerate(counts):
            if id(total) in scored:
                continue  # "won 6 : 4 , 6 : 3": a score, not a total
            after = doc.text[total.end : e]
            stated_total = _TOTAL_RE.search(doc.text[max(s, total.start - 15) : total.start])
            opener = _own_opener(_EXHAUSTIVE_RE.match(after), total, inside)
            exhaustive = stated_total or opener
            including = _own_opener(_INCLUDING_RE.match(after), total, inside)
            if not (exhaustive or including):
                continue
            if stated_total and i >= 2 and not (exhaustive and opener):
                parts = counts[:i]  # "12 … and 25 …, a total of 40"
            else:
                bound = _breakdown_end(doc, total.end + opener.end(), e) if opener else e
                parts = [m for m in counts[i + 1 :] if m.kind == total.kind and m.end <= bound]
            parts = [p for p in parts if id(p) not in scored]
            if len(parts) < 2:
                continue
            if exhaustive and not stated_total and _NOT_ALL_RE.search(
                doc.text[parts[-1].end : e]
            ):
                continue  # "150 from industry, 200 from individuals and the rest …"
            lo = sum(p.low for p in parts)
            hi = sum(p.high for p in parts)
            sums = " + ".join(fmt(p.value) for p in parts)
            if including and not exhaustive:
                if lo <= total.high * (1 + tol):
                    continue
                msg = f"the parts {sums} = {fmt(lo)} exceed the total {total.describe()}"
            else:
                if agree((lo, hi), total, tolerance=tol):
                    continue
                msg = f"the parts {sums} = {fmt(lo)}, not the total {total.describe()}"
            ev = Evidence("sum-of-parts", msg, a=total.text, value=lo, threshold=total.low)
            locs = [
                location(doc, total.start, total.end),
                *(location(doc, p.start, p.end) for p in parts),
            ]
            out.append(
                make_finding(rule, locs, [ev], statement=quote_text(doc.text[s:e]), computation=msg)
            )
    return out


def _score_members(doc: Document, inside: list[NumberMention], end: int) -> set[int]:
    """The ids of a sentence's figures that are one side of a score or a
    ratio: two figures joined by a colon or a dash and nothing else ("won
    6-4, 6-3", "6 : 4", "a ratio of 2.5 : 1"; "1 -- 0 (104 -- 0)" where no
    word follows).  They are neither a total nor a part of one."""
    out: set[int] = set()
    for a, b in itertools.pairwise(inside):
        if a.kind != "count" or b.kind != "count" or b.start <= a.end:
            continue
        gap = doc.text[a.end : b.start]
        if _SCORE_GAP_RE.fullmatch(gap) or (
            _SPACED_DASH_GAP_RE.fullmatch(gap) and _NO_WORD_AFTER_RE.match(doc.text, b.end, end)
        ):
            out.update((id(a), id(b)))
    return out


def _own_opener(
    m: re.Match[str] | None, total: NumberMention, inside: list[NumberMention]
) -> re.Match[str] | None:
    """``m`` (a breakdown's opener matched after ``total``: a colon, a
    bracket, "including") if it belongs to ``total``: no other figure stands
    between them ("five games from round 1 (Leeds)": the bracket is round 1's)."""
    if m is None:
        return None
    at = total.end + m.end()
    if any(x is not total and total.end <= x.start < at for x in inside):
        return None
    return m


def _breakdown_end(doc: Document, opened: int, end: int) -> int:
    """Where a breakdown opened just before ``opened`` ends: at its closing
    bracket or dash (its parts are inside: "Three brigades (11 battalions)
    were raised and a militia (about 100,000) trained" breaks down nothing),
    else at the end of the sentence."""
    close = _BREAKDOWN_CLOSE.get(doc.text[opened - 1 : opened])
    if close is None:
        return end
    at = doc.text.find(close, opened, end)
    return end if at < 0 else at


def percent_of_whole(ctx: Context, doc: Document, rule: Rule) -> list[Finding]:
    """A share of a whole the sentence opens with: "Of the 400 comments, 150
    were from industry and 250 from individuals, or 45 percent from
    industry" — some part must make the percentage (150 / 400 = 37.5 %)."""
    slack = float(rule.option("percent_points", 0.05))
    out = []
    for _, (s, e), inside in ctx.sentence_numbers(doc):
        counts = [m for m in inside if m.kind == "count"]
        if not counts or not _OF_WHOLE_RE.match(doc.text[s : counts[0].start]):
            continue
        whole = counts[0]
        parts = [m for m in counts[1:] if m.high < whole.low]
        if not parts or whole.low <= 0:
            continue
        for pct in (m for m in inside if m.kind == "percent" and m.start > parts[0].end):
            if not _SHARE_LEAD_RE.search(doc.text[max(s, pct.start - 20) : pct.start]):
                continue
            if _CHANGE_RE.match(doc.text[pct.end : e]):
                continue
            shares = [(p, p.value / whole.value * 100) for p in parts if p.end <= pct.start]
            if not shares or any(
                agree(pct, c, tolerance=0) or abs(c - pct.value) <= slack + (pct.high - pct.low) / 2
                for _, c in shares
            ):
                continue
            computed = "; ".join(
                f"{fmt(p.value)} / {fmt(whole.value)} = {c:.2f} %" for p, c in shares
            )
            msg = f"{computed}, not {pct.text.strip()}"
            nearest = min(shares, key=lambda pc: abs(pc[1] - pct.value))
            ev = Evidence("percent-of-whole", msg, a=pct.text, b=whole.text,
                          value=round(nearest[1], 2), threshold=slack)  # fmt: skip
            locs = [location(doc, whole.start, whole.end), location(doc, pct.start, pct.end),
                    *(location(doc, p.start, p.end) for p, _ in shares)]  # fmt: skip
            out.append(
                make_finding(rule, locs, [ev], statement=quote_text(doc.text[s:e]),
                             computation=msg)
            )  # fmt: skip
    return out


def average_times_count(ctx: Context, doc: Document, rule: Rule) -> list[Finding]:
    """An average, a total and how many it is spread over, in one sentence:
    "took 3 days on average, for a total of 25 days across the 5 reviewers"
    (3 × 5 = 15, not 25).  The average is read as rounded."""
    tol = float(rule.option("average_tolerance", 0.01))
    out = []
    for _, (s, e), inside in ctx.sentence_numbers(doc):
        if len(inside) < 3:
            continue  # an average, a total and how many
        view = caseless_view(doc.text[s:e])
        if view is not None and "averag" not in view:
            continue  # both ways of saying "average" below need the word
        totals = [m for m in inside
                  if _TOTAL_RE.search(doc.text[max(s, m.start - 15) : m.start])]  # fmt: skip
        avgs = [m for m in inside if all(m is not t for t in totals) and (
                _AVERAGE_NEAR_RE.search(doc.text[max(s, m.start - 45) : m.start])
                or _ON_AVERAGE_RE.match(doc.text[m.end : e]))]  # fmt: skip
        if len(avgs) != 1 or len(totals) != 1:
            continue
        avg, total = avgs[0], totals[0]
        if (avg.kind, avg.unit) != (total.kind, total.unit) or avg.kind == "percent":
            continue
        rest = [m for m in inside if m is not avg and m is not total]
        if any(m.kind == "duration" for m in rest) and avg.kind != "duration":
            continue  # "an average of 753 over six days": average_of_total's shape
        by = [m for m in rest if m.kind == "count" and m.exact and float(m.value).is_integer()
              and m.value >= 2]  # fmt: skip
        if len(by) != 1 or not _ACROSS_RE.search(doc.text[max(s, by[0].start - 20) : by[0].start]):
            continue
        n = by[0].value
        # a whole-number average is rounded: 3 days may be 2.5 to 3.5
        half = 0.5 if float(avg.value).is_integer() else 0.0
        lo = min(avg.low, avg.value - half) * n
        hi = max(avg.high, avg.value + half) * n
        if agree((lo, hi), total, tolerance=tol):
            continue
        msg = (
            f"{fmt(avg.value)} × {fmt(n)} = {fmt(avg.value * n)}, but the total is "
            f"{total.text.strip()} ({fmt(total.value)} / {fmt(n)} = "
            f"{fmt(round(total.value / n, 2))} each)"
        )
        ev = Evidence("average-times-count", msg, a=avg.text, b=total.text,
                      value=avg.value * n, threshold=total.value)  # fmt: skip
        locs = [location(doc, m.start, m.end) for m in (avg, total, by[0])]
        out.append(
            make_finding(rule, locs, [ev], statement=quote_text(doc.text[s:e]), computation=msg)
        )
    return out


# ------------------------------------------------------------ percent change

#: words that state a change before a figure ("rose 20 percent", "up 20
#: percent") and the direction they give
_RISE_VERBS = frozenset(
    "rose rise rises rising risen increase increases increased increasing grew grow grows "
    "growing grown climb climbs climbed climbing jump jumps jumped jumping soar soars soared "
    "soaring surge surges surged surging gain gains gained gaining swell swells swelled "
    "swelling spike spikes spiked spiking rebound rebounds rebounded rebounding hike hikes "
    "hiked boost boosts boosted up".split()
)
_FALL_VERBS = frozenset(
    "fell fall falls falling fallen drop drops dropped dropping decline declines declined "
    "declining decrease decreases decreased decreasing plunge plunges plunged plunging plummet "
    "plummets plummeted plummeting sank sink sinks sinking slid slide slides sliding shrank "
    "shrink shrinks shrinking shrunk dip dips dipped dipping slip slips slipped slipping tumble "
    "tumbles tumbled tumbling slump slumps slumped slumping cut cuts cutting reduce reduces "
    "reduced reducing down".split()
)
#: nouns that name a change ("a 20 percent drop", "an increase of 20 percent")
_RISE_NOUNS = frozenset(
    "increase increases rise rises jump jumps gain gains growth surge surges climb hike hikes "
    "spike uptick boost rebound".split()
)
_FALL_NOUNS = frozenset(
    "drop drops decline declines decrease decreases fall falls reduction reductions cut cuts "
    "dip dips slide plunge slump loss losses downturn contraction".split()
)


def _alt(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


_VERB = _alt(_RISE_VERBS | _FALL_VERBS)
_NOUN = _alt(_RISE_NOUNS | _FALL_NOUNS)
_ADJ = (
    r"(?:sharp|steep|modest|slight|small|big|large|dramatic|marked|further|total|overall|net|"
    r"combined|year-(?:over|on)-year)"
)
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_SMALL = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_UNITS = r"(?:years?|months?|weeks?|days?|quarters?|decades?|periods?|seasons?|semesters?|terms?)"
#: a time phrase that may sit between the parts of a change without a comma
_TIME = (
    rf"(?:(?:in|during|by|for|through|as\s+of)\s+(?:fiscal\s+(?:year\s+)?)?"
    rf"(?:\d{{4}}(?:[-–/]\d{{2,4}})?|{_MONTHS}(?:\s+\d{{4}})?)"
    rf"|(?:in|during|over|for|through|across|within)\s+(?:the|a|its|their|this|that)\s+"
    rf"(?:(?:past|last|previous|prior|same|first|second|third|fourth|final|latest|"
    rf"most\s+recent)\s+)?(?:[\w-]+\s+)?{_UNITS}"
    rf"|(?:in|over|during|within)\s+{_SMALL}\s+{_UNITS}"
    rf"|(?:last|this|that|the\s+previous|the\s+prior)\s+"
    rf"(?:year|month|week|quarter|season|spring|summer|fall|autumn|winter|decade)"
    rf"|(?:a|one|{_SMALL})\s+{_UNITS}\s+(?:earlier|ago|before|later|prior)"
    rf"|the\s+(?:year|month|week|quarter|day|decade|season)\s+(?:before|earlier|prior|after|later)"
    rf"|year[- ](?:over|on)[- ]year)"
)
_WORD = r"(?:[^\W\d_]+(?:['’-][^\W\d_]+)*|\d{4})"
#: words that start another clause, or give the change another base ("50 percent since
#: 2019, to 1,200 from 1,000"): the figures around them need not belong together
_CLAUSE = (
    r"(?:and|but|while|whereas|although|though|than|versus|vs|compared|or|nor|yet|because|as|"
    r"since|so|whose|which|who|where|when|with|after|before|from|over|above|below|against|"
    r"relative|to)"
)
_PUNCT = r"\s*(?:,|\(|—|–|--)\s*"
#: what may join two parts of a change: time phrases, and other words only before a comma
_JOIN_TAIL = rf"(?:\s+{_TIME}){{0,2}}(?:(?:\s+(?!{_CLAUSE}\b){_WORD}){{0,6}}{_PUNCT}|\s+)"
_JOIN_PUNCT_TAIL = rf"(?:\s+{_TIME}){{0,2}}(?:\s+(?!{_CLAUSE}\b){_WORD}){{0,6}}{_PUNCT}"
#: the marks of the two ends: "from 1,000" (or "up from"), "to 1,200"
_FROM_MARK = r"(?:(?:up|down)\s+)?from\s+"
_TO_MARK = r"to\s+(?:a\s+(?:record|new)\s+(?:high|low)\s+of\s+)?"
_FROM_END_RE = re.compile(rf"(?<![\w-]){_FROM_MARK}\Z", re.I)
_TO_END_RE = re.compile(rf"(?<![\w-]){_TO_MARK}\Z", re.I)
#: what states a figure as a change, right before it
_CHANGE_PFX = (
    rf"(?:(?:which\s+(?:is|was|represents|represented|marks|marked)|representing|marking|"
    rf"reflecting|amounting\s+to)\s+)?"
    rf"(?:(?:an?|the)\s+(?:{_ADJ}\s+)?(?P<noun>{_NOUN})\s+of\s+"
    rf"|(?P<verb>{_VERB})\s+(?:by\s+)?|(?P<art>an?)\s+)"
)
_CHANGE_PFX_RE = re.compile(rf"(?<![\w-]){_CHANGE_PFX}\Z", re.I)
#: ... or right after it ("a 20 percent drop")
_CHANGE_SFX = rf"[\s-]+(?:{_ADJ}\s+)?(?P<sfx>{_NOUN})\b"
_CHANGE_SFX_RE = re.compile(rf"\A{_CHANGE_SFX}", re.I)
#: "…, or 25 percent": a figure given as the size of a change a verb states
_OR_PFX_RE = re.compile(r"(?:,\s*or|\()\s*(?:by\s+)?\Z", re.I)
#: a first end introduced by a change word: "fell from 800", "rose to 1,200"
_FIRST_FROM_RE = re.compile(
    rf"(?<![\w-])(?P<w>{_VERB}|{_NOUN})(?:\s+\w+ly)?\s+{_FROM_MARK}\Z", re.I
)
_FIRST_TO_RE = re.compile(
    rf"(?<![\w-])(?P<w>{_VERB}|{_NOUN})(?:\s+\w+ly)?\s+{_TO_MARK}\Z", re.I
)
_GAP_RES = {
    # (what comes before, what the next part is) -> the gap between them
    ("end", "from"): re.compile(rf"(?:\s+{_WORD})?{_JOIN_TAIL}{_FROM_MARK}", re.I),
    ("end", "to"): re.compile(rf"(?:\s+{_WORD})?{_JOIN_TAIL}{_TO_MARK}", re.I),
    ("end", "change"): re.compile(rf"(?:\s+{_WORD})?{_JOIN_PUNCT_TAIL}(?:{_CHANGE_PFX})?", re.I),
    ("end", "or"): re.compile(
        rf"(?:\s+{_WORD})?(?:\s+{_TIME}){{0,2}}\s*(?:,\s*or|\()\s*(?:by\s+)?", re.I
    ),
    ("change", "from"): re.compile(rf"(?:{_CHANGE_SFX})?{_JOIN_TAIL}{_FROM_MARK}", re.I),
    ("change", "to"): re.compile(rf"(?:{_CHANGE_SFX})?{_JOIN_TAIL}{_TO_MARK}", re.I),
}
#: after a change that ends the statement: the end of its clause (a time phrase
#: allowed), not another base (", compared with 2019")
_CLAUSE_END_RE = re.compile(
    rf"\A[\s-]+(?:{_ADJ}\s+)?(?:{_NOUN})\s+(?:that|which)\b"  # "a 20 percent drop that …"
    rf"|\A(?:{_CHANGE_SFX})?(?:\s+{_TIME})?\s*(?:[.;:)\]—–!?\"”]|\Z"
    r"|,(?!\s*(?:compared|since|from|than|over|relative|versus|vs|against|up|down)\b))",
    re.I,
)
#: a rate per period or a mean, next to the change ("an average annual increase of
#: 10 percent", "10 percent a year"): not the change between the two ends
_RATE_BEFORE_RE = re.compile(
    r"\b(?:annual|yearly|monthly|weekly|daily|average|per|annuali[sz]ed|compound(?:ed)?)\b", re.I
)
_RATE_AFTER_RE = re.compile(
    rf"\A(?:{_CHANGE_SFX})?\s*,?\s*(?:(?:an?|per|each|every)\s+"
    r"(?:year|month|week|day|quarter|decade|annum)\b(?!\s+(?:earlier|ago|before|later|prior))"
    r"|annually|yearly|monthly|weekly|daily|on\s+average|on\s+an?\s+[\w-]+\s+basis)",
    re.I,
)
#: figures adjusted for inflation, population or season: the stated change need not be theirs
_ADJUSTED_RE = re.compile(
    r"\b(?:in\s+real\s+terms|real\s+(?:wages?|incomes?|earnings|gdp|spending|prices?)|"
    r"inflation[- ]adjusted|adjusted\s+for|per[- ]capita|seasonally|compound(?:ed)?|"
    r"annuali[sz]ed|cagr)\b",
    re.I,
)
_RANGE_SPLIT_RE = re.compile(r"\A(?P<a>.+?)\s+to\s+(?P<b>.+)\Z", re.S)
#: a scale word after a figure ("3 million", "£3bn")
_SCALE_WORD_RE = re.compile(
    rf"(?:\s+|-)(?:{'|'.join(map(re.escape, SCALES))})\b"
    rf"|(?<=\d)(?:{'|'.join(map(re.escape, SCALE_ABBREVIATIONS))})\b",
    re.I,
)


@attrs.frozen
class _Part:
    """A figure of a stated change: an end or the change itself."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    kind: str
    unit: str | None
    mention: NumberMention
    piece: int = 0  # 1 or 2: an end of a range mention ("from 2,000 to 3,000"); 0: the mention


def _direction(word: str) -> int:
    w = word.lower()
    return 1 if w in _RISE_VERBS or w in _RISE_NOUNS else -1


def _range_ends(doc: Document, m: NumberMention) -> tuple[_Part, _Part] | None:
    """The two ends of a range mention after "from" ("from 2,000 to 3,000",
    which the numbers parser reads as one range): each end as written."""
    if m.qualifier is not None or m.kind not in ("count", "money") or m.parts:
        return None
    sp = _RANGE_SPLIT_RE.match(doc.text[m.value_start : m.value_end])
    if sp is None:
        return None
    ends = []
    for k, g in ((1, "a"), (2, "b")):
        start, end = m.value_start + sp.start(g), m.value_start + sp.end(g)
        found = find_numbers(doc.text[start:end])
        if len(found) != 1 or (found[0].start, found[0].end) != (0, end - start):
            return None
        n = found[0]
        if n.kind != "count":
            return None
        if k == 1 and m.start < m.value_start:
            start = m.start  # the currency sign of "$2 to 3 million"
        ends.append(
            _Part(start, end, doc.text[start:end], n.value, n.low, n.high, m.kind, m.unit, m, k)
        )
    return ends[0], ends[1]


def _change_parts(doc: Document, s: int, inside: list[NumberMention]) -> list[_Part]:
    """A sentence's figures as parts of a change, in order: a range after
    "from" as its two ends, durations left out (they are time phrases)."""
    out: list[_Part] = []
    for m in inside:
        if m.kind == "duration":
            continue
        if " to " in doc.text[m.value_start : m.value_end] and re.search(
            r"(?<![\w-])from\s+\Z", doc.text[max(s, m.start - 10) : m.start], re.I
        ):
            pair = _range_ends(doc, m)
            if pair is not None:
                out.extend(pair)
                continue
        out.append(_Part(m.start, m.end, m.text, m.value, m.low, m.high, m.kind, m.unit, m))
    return out


def _borrow_scale(doc: Document, first: _Part, second: _Part) -> _Part | None:
    """ "from 2 to 3 million": the first end has the second's scale word.
    The first end as read (itself when there is nothing to borrow), or None
    when the reading is unclear."""
    sw = _SCALE_WORD_RE.search(second.text)
    if sw is None or _SCALE_WORD_RE.search(first.text):
        return first
    if not re.fullmatch(r"\s+to\s+", doc.text[first.end : second.start]) or first.value >= 1000:
        return first
    found = find_numbers(first.text + sw.group())
    if len(found) != 1 or second.value <= 0 or not 0.1 <= found[0].value / second.value <= 10:
        return None
    n = found[0]
    return attrs.evolve(first, value=n.value, low=n.low, high=n.high)


@attrs.frozen
class _Change:
    """A change stated with both ends: from ``a`` to ``b``, by ``change``."""

    a: _Part
    b: _Part
    change: _Part
    direction: int  # +1: a rise, -1: a fall
    start: int  # the statement, from its first change word to its last figure
    end: int


def _stated_change(doc: Document, s: int, e: int, win: list[_Part]) -> _Change | None:
    """Three consecutive figures of a sentence read as one change, or None.

    One is the change (a percentage, or percentage points between two
    percentages), the others its ends, marked "from" and "to"; what joins
    them is only a comma, a time phrase or a change word (see the patterns
    above), so that figures of different clauses are never read together."""
    changes = [x for x in win if x.kind == "points"] or [x for x in win if x.kind == "percent"]
    if len(changes) != 1:
        return None
    p = changes[0]
    ends = [x for x in win if x is not p]
    if (ends[0].kind, ends[0].unit) != (ends[1].kind, ends[1].unit) or ends[0].kind not in (
        ("percent",) if p.kind == "points" else ("count", "money")
    ):
        return None
    role: dict[int, str] = {}
    for x in ends:
        if x.piece:
            role[id(x)] = "from" if x.piece == 1 else "to"
            continue
        before = doc.text[max(s, x.start - 30) : x.start]
        if _FROM_END_RE.search(before):
            role[id(x)] = "from"
        elif _TO_END_RE.search(before):
            role[id(x)] = "to"
        else:
            return None
    if sorted(role.values()) != ["from", "to"]:
        return None
    for k, x in enumerate(win):
        if (x.piece == 1 and (k == 2 or win[k + 1].mention is not x.mention)) or (
            x.piece == 2 and (k == 0 or win[k - 1].mention is not x.mention)
        ):
            return None  # a range cut in two by the window
    a = next(x for x in ends if role[id(x)] == "from")
    b = next(x for x in ends if role[id(x)] == "to")
    # the first part: a change word before it ("fell from 800", "rose to 1,200", "up 20 percent")
    first = win[0]
    verb = None
    start = first.start
    if first is not p:
        before = doc.text[max(s, first.start - 50) : first.start]
        first_re = _FIRST_FROM_RE if role[id(first)] == "from" else _FIRST_TO_RE
        fm = first_re.search(before)
        if fm is None:
            return None
        verb, start = fm.group("w"), first.start - len(before) + fm.start()
    # the change: a change word before or after it, or ", or 25 percent" after a change verb
    before_p = doc.text[max(s, p.start - 60) : p.start]
    after_p = doc.text[p.end : e]
    pm = _CHANGE_PFX_RE.search(before_p)
    sm = _CHANGE_SFX_RE.match(after_p)
    word = (pm.group("noun") or pm.group("verb")) if pm else None
    word = word or (sm.group("sfx") if sm else None)
    or_shape = False
    if word is None:
        if p is not win[-1] or verb is None or not _OR_PFX_RE.search(before_p):
            return None
        word, or_shape = verb, True
    if p is first and pm is not None:
        start = p.start - len(before_p) + pm.start()
    # what joins the parts
    for x, y in itertools.pairwise(win):
        if x.piece == 1 and y.piece == 2:
            continue
        gap = doc.text[x.end : y.start]
        kx = "change" if x is p else "end"
        ky = ("or" if or_shape else "change") if y is p else role[id(y)]
        pat = _GAP_RES.get((kx, ky))
        if len(gap) > 80 or pat is None or not pat.fullmatch(gap):
            return None
    end = win[-1].end
    if p is win[-1]:
        if not _CLAUSE_END_RE.match(after_p):
            return None  # "a 20 percent drop in state funding": the change of something else
        if sm is not None and not or_shape:
            end = p.end + sm.end()
    # a rate per period or a mean ("10 percent a year"), an adjusted figure
    pfx_start = p.start - len(before_p) + pm.start() if pm else p.start
    if _RATE_BEFORE_RE.search(doc.text[max(s, pfx_start - 12) : p.start]) or _RATE_AFTER_RE.match(
        after_p
    ):
        return None
    if _ADJUSTED_RE.search(doc.text[s:e]):
        return None
    return _Change(a, b, p, _direction(word), start, end)


def _pct(x: float) -> str:
    """A signed change for messages: −25.0."""
    return "infinity" if math.isinf(x) else f"{x:.1f}".replace("-", "−")


def _figure(x: _Part) -> str:
    """An end for messages: as written when it has a scale word ("£36m",
    "3 million"), else its value ("1,200")."""
    if x.mention.qualifier is None and _SCALE_WORD_RE.search(x.text):
        return x.text.strip()
    return fmt(x.value)


def percent_change(ctx: Context, doc: Document, rule: Rule) -> list[Finding]:
    """A percentage change stated with both its ends: "rose to 1,200, up
    from 1,000 …, an increase of 35 percent" does not hold ((1,200 − 1,000) /
    1,000 = 20 %).  "From 5 percent to 7 percent, a 3 percentage point
    increase" is checked as a difference (7 − 5 = 2).  The stated change is
    read as rounded (and as its qualifier says), each end within
    ``change_tolerance`` (figures are printed rounded)."""
    slack = float(rule.option("percent_points", 0.05))
    tol = float(rule.option("change_tolerance", 0.01))
    out = []
    for _, (s, e), inside in ctx.sentence_numbers(doc):
        if len(inside) < 2 or not any(m.kind in ("percent", "points") for m in inside):
            continue
        parts = _change_parts(doc, s, inside)
        found = [(i, c) for i in range(len(parts) - 2)
                 if (c := _stated_change(doc, s, e, parts[i : i + 3]))]  # fmt: skip
        for i, c in found:
            if any(abs(i - j) < 3 for j, _ in found if j != i):
                continue  # a figure read into two changes: neither reading is sure
            first, second = sorted((c.a, c.b), key=lambda x: x.start)
            first_read = _borrow_scale(doc, first, second)
            if first_read is None:
                continue
            a, b = (first_read, second) if first is c.a else (second, first_read)
            f = _check_change(doc, rule, c, a, b, slack, tol)
            if f is not None:
                out.append(f)
    return out


def _check_change(
    doc: Document, rule: Rule, c: _Change, a: _Part, b: _Part, slack: float, tol: float
) -> Finding | None:
    """The finding on a stated change whose ends do not make it, or None."""
    p, d = c.change, c.direction
    plo, phi = p.low, p.high
    if p.kind == "points":
        # two rates: each read as rounded, as written ("5.2 percent" is 5.15 to 5.25)
        if p.low == p.high and float(p.value).is_integer():
            plo, phi = p.value - 0.5, p.value + 0.5  # "2 percentage points" is rounded
        cmin, cmax, computed = b.low - a.high, b.high - a.low, b.value - a.value
        formula = f"{fmt(b.value)} − {fmt(a.value)} = {_pct(computed)} points"
        unit, code = " points", "point-change"
        ends = f"{a.text.strip()} and {b.text.strip()} read as rounded"
    else:
        # a figure written whole may be printed rounded: within ``tol``; one
        # written with a scale word or decimals is read as rounded already
        ta, tb = (tol if x.low == x.high else 0.0 for x in (a, b))
        alo, ahi = a.low * (1 - ta), a.high * (1 + ta)
        blo, bhi = b.low * (1 - tb), b.high * (1 + tb)
        if a.value <= 0 or alo <= 0:
            return None
        cmin = (blo / ahi - 1) * 100 if math.isfinite(ahi) else -100.0
        cmax = (bhi / alo - 1) * 100
        computed = (b.value - a.value) / a.value * 100
        fa, fb = _figure(a), _figure(b)
        formula = f"({fb} − {fa}) / {fa} = {_pct(computed)} %"
        unit, code = " %", "percent-change"
        within = [x.text.strip() for x in (a, b) if x.low == x.high]
        rounded = [x.text.strip() for x in (a, b) if x.low != x.high]
        ends = " and ".join(
            [*([f"{' and '.join(within)} within {fmt(tol * 100)} %"] if within else []),
             *([f"{' and '.join(rounded)} read as rounded"] if rounded else [])]
        )  # fmt: skip
    plo, phi = plo - slack, phi + slack
    slo, shi = (plo, phi) if d > 0 else (-phi, -plo)
    if cmin <= shi and slo <= cmax:
        return None
    stated = p.text.strip()
    said = f"{'a rise' if d > 0 else 'a fall'} of {stated}"
    if (d > 0 and cmax < 0) or (d < 0 and cmin > 0):
        head = f"{formula}: the figures {'fall' if d > 0 else 'rise'}, not {said}"
        code += "-direction"
    else:
        head = f"{formula}, not {said}"
    read = f"{fmt(plo)}{unit} or more" if math.isinf(phi) else f"{fmt(plo)} to {fmt(phi)}{unit}"
    msg = (
        f"{head} (tolerance: {stated} read as {read}; with {ends}, "
        f"the figures give {_pct(cmin)} to {_pct(cmax)}{unit})"
    )
    ev = Evidence(code, msg, a=stated, b=f"from {a.text} to {b.text}",
                  value=round(computed, 2), threshold=round(d * p.value, 2))  # fmt: skip
    locs = [location(doc, x.start, x.end) for x in (c.a, c.b, p)]
    return make_finding(rule, locs, [ev], statement=quote_text(doc.text[c.start : c.end]),
                        computation=msg)  # fmt: skip


def check(ctx: Context, rule: Rule) -> list[Finding]:
    out: list[Finding] = []
    for doc in ctx.documents:
        out.extend(percent_of_parts(ctx, doc, rule))
        out.extend(percent_of_whole(ctx, doc, rule))
        out.extend(average_of_total(ctx, doc, rule))
        out.extend(average_times_count(ctx, doc, rule))
        out.extend(sum_of_parts(ctx, doc, rule))
        out.extend(percent_change(ctx, doc, rule))
    return out
