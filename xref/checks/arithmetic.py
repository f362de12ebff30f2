"""The ``arithmetic`` check: figures inside one document that do not add up.

Five relations are checked, each only where the text states it:

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
  that may not exceed it).

Only what does not hold is reported, with the computation shown.  The
rounding slack and the tolerances are the rule's options.

Contents
--------
percent_of_parts    Context, Document, Rule -> [Finding]
percent_of_whole    Context, Document, Rule -> [Finding]
average_of_total    Context, Document, Rule -> [Finding]
average_times_count Context, Document, Rule -> [Finding]
sum_of_parts        Context, Document, Rule -> [Finding]
check               Context, Rule -> [Finding]
"""

from __future__ import annotations

import math
import re

from xref.checks.context import Context, location, make_finding, quote_text
from xref.model import Document, Evidence, Finding
from xref.numbers import agree, fmt
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
        counts = [m for m in inside if m.kind in ("count", "money")]
        for i, total in enumerate(counts):
            after = doc.text[total.end : e]
            stated_total = _TOTAL_RE.search(doc.text[max(s, total.start - 15) : total.start])
            exhaustive = stated_total or _EXHAUSTIVE_RE.match(after)
            including = _INCLUDING_RE.match(after)
            if not (exhaustive or including):
                continue
            if stated_total and i >= 2 and not (exhaustive and _EXHAUSTIVE_RE.match(after)):
                parts = counts[:i]  # "12 … and 25 …, a total of 40"
            else:
                parts = [m for m in counts[i + 1 :] if m.kind == total.kind]
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


def check(ctx: Context, rule: Rule) -> list[Finding]:
    out: list[Finding] = []
    for doc in ctx.documents:
        out.extend(percent_of_parts(ctx, doc, rule))
        out.extend(percent_of_whole(ctx, doc, rule))
        out.extend(average_of_total(ctx, doc, rule))
        out.extend(average_times_count(ctx, doc, rule))
        out.extend(sum_of_parts(ctx, doc, rule))
    return out
