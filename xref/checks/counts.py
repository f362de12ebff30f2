"""The ``counts`` check: one group counted differently (rule ``count-mismatch``).

Every statement of how many members a group has becomes a :class:`GroupCount`
with the total it implies:

* "18 state attorneys general" -> 18 (as stated);
* "joined 18 state attorneys general" -> 19 (the joiner plus 18);
* "a coalition of 18 state attorneys general" -> 18 (the joiner included);
* "17 other attorneys general", "the other 17 attorneys general" -> 18
  (the one named plus 17 others), and a list of them after a colon, a
  bracket or "namely" -> its length + 1;
* "one of 18 states" -> 18;
* "In addition to Mississippi, state attorneys general from Alabama, …, and
  West Virginia" -> 1 + the number of listed items;
* "18 states: A, B, …" -> the stated 18, and the list's own length.

Statements about the same subject (:func:`xref.quantities.same_subject`) in
the same document or in related documents (sharing a passage or a quote),
whose sentences do not carry different dates, are compared (another
document's statement only with the one it agrees with when that document
counts two groups of the subject, see :func:`_components`; a bare measure,
"78 kilometres from Belgaum", never); when their totals do not all agree
(:func:`xref.numbers.agree`, within the rule's ``tolerance``) the group is
reported once, with every statement, the total each implies and why.

Contents
--------
GroupCount        one statement of a group's size, with the total it implies
group_counts      Context, Document, Rule -> [GroupCount]
find_lists        enumerations ("A, B, and C") in a text span
check             Context, Rule -> [Finding]
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Sequence

import attrs

from xref.checks.context import Context, location, make_finding, quote_text
from xref.dates import overlap
from xref.model import Document, Evidence, Finding, Location
from xref.numbers import agree, fmt
from xref.quantities import Quantity, Subject, same_subject, subject_of
from xref.rules import Rule

_ITEM = r"[A-Z][\w.'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w.'’-]*){0,3}"
_PARTITIVE_RE = re.compile(r"\bof\s+(?:those|these|them|whom|which)\s*,?\s*$", re.I)
_LIST_RE = re.compile(rf"(?P<list>{_ITEM}(?:\s*,\s*{_ITEM})+\s*,?\s+(?:and|&)\s+{_ITEM})")


@attrs.frozen
class GroupCount:
    """A statement of how many a group has: the total it implies and why."""

    doc: str
    start: int
    end: int
    text: str
    subject: Subject
    low: float
    high: float
    how: str

    @property
    def total(self) -> float:
        return self.low

    def describe(self) -> str:
        return fmt(self.low) if self.low == self.high else f"{fmt(self.low)} to {fmt(self.high)}"


def find_lists(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """Enumerations of capitalized items in ``text[start:end]``: (start, end, items).

    >>> find_lists("from Alabama, South Dakota, and West Virginia also")
    [(5, 45, 3)]
    """
    out = []
    for m in _LIST_RE.finditer(text, start, len(text) if end is None else end):
        items = re.split(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+", m.group("list"))
        out.append((m.start(), m.end(), len([i for i in items if i.strip()])))
    return out


def _before(doc: Document, start: int, sent_start: int) -> tuple[int, str]:
    """The text before ``start`` in its sentence (at most 60 characters), and where it begins."""
    ws = max(sent_start, start - 60)
    return ws, doc.text[ws:start]


def _alternation(phrases: Sequence[str]) -> str:
    """A regex alternation of word phrases, any whitespace between words."""
    return "|".join(
        r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True)
    )


@attrs.frozen
class _Leads:
    """The patterns of what may come before a count, made from a rule's
    options once per rule (not once per document)."""

    group: re.Pattern[str]
    joiner: re.Pattern[str]
    skip: re.Pattern[str]

    @classmethod
    def of(cls, rule: Rule) -> _Leads:
        key = tuple(
            tuple(rule.option(name, default))
            for name, default in (("group_nouns", ["coalition"]), ("joiner_verbs", ["joined"]),
                                  ("skip_before", ["than"]))
        )  # fmt: skip
        return _leads(key)


@functools.lru_cache(maxsize=32)
def _leads(options: tuple[tuple[str, ...], ...]) -> _Leads:
    groups, joiners, skip = (_alternation(o) for o in options)
    return _Leads(
        re.compile(rf"\b(?:{groups})\s+of\s+$", re.I),
        re.compile(rf"\b(?:{joiners})\s+(?:with\s+|by\s+)?$", re.I),
        re.compile(rf"\b(?:{skip})\s+(?:the\s+)?$", re.I),
    )


_ONE_OF_RE = re.compile(r"\bone\s+of\s+(?:the\s+)?$", re.I)


def group_counts(ctx: Context, doc: Document, rule: Rule) -> list[GroupCount]:
    """Every statement in ``doc`` of how many a group has."""
    leads = _Leads.of(rule)
    out: list[GroupCount] = []
    for q in ctx.quantities(doc):
        n = q.number
        if n.kind != "count":
            continue
        s0, _ = ctx.sentence_of(doc, q.start)
        ws, before = _before(doc, q.start, s0)
        start, how, low, high = q.start, "as stated", n.low, n.high
        if m := leads.group.search(before):
            how = f"a {m.group().split()[0].lower()} of {fmt(n.value)}, its joiner included"
            start = ws + m.start()
        elif m := leads.joiner.search(before):
            how = f"the joiner plus {fmt(n.value)}"
            low, high = low + 1, high + 1
            start = ws + m.start()
        elif _OTHER_BEFORE_RE.search(before):
            how = f"the one named plus {fmt(n.value)} others"  # "the other 17 states"
            low, high = low + 1, high + 1
        elif _ONE_OF_RE.search(before):
            how = f"one of {fmt(n.value)}"
        elif leads.skip.search(before) or _PARTITIVE_RE.search(before):
            continue  # "up from 15", "more than the 12", "per 100": not the group's size
        start = max(start, s0)
        out.append(
            GroupCount(doc.id, start, q.end, doc.text[start : q.end], q.subject, low, high, how)
        )
    out.extend(_others(doc, ctx))
    out.extend(_lists(doc, ctx, rule))
    return out


_OTHERS_RE = re.compile(r"(?<![\w,.])(\d[\d,]*|[A-Za-z]+(?:-[a-z]+)?)\s+others?\s+", re.I)
_OTHER_RE = re.compile(r"\s+other\s+")
#: "the other 17 states", "formed other five airlines": the others, as "17 other states"
_OTHER_BEFORE_RE = re.compile(r"\bother\s+$", re.I)


def _others(doc: Document, ctx: Context) -> list[GroupCount]:
    """ "17 other attorneys general": the one named plus 17."""
    out = []
    for n in ctx.numbers(doc):
        if n.kind != "count" or not n.exact:
            continue
        m = _OTHER_RE.match(doc.text[n.end : n.end + 12])
        if not m:
            continue
        subj = subject_of(doc.text, n.end + m.end())
        if subj is None:
            continue
        out.append(
            GroupCount(doc.id, n.start, subj.end, doc.text[n.start : subj.end], subj,
                       n.low + 1, n.high + 1, f"the one named plus {fmt(n.value)} others")
        )  # fmt: skip
        # "five other airlines, namely A, B, C, D and E": the list names the others
        if (colon := _LIST_LEAD_RE.match(doc.text, subj.end)) is not None:
            _, e0 = ctx.sentence_of(doc, n.start)
            out.extend(_listed(doc, subj, colon.end(), e0, others=True))
    return out


def _listed(
    doc: Document, subj: Subject, at: int, end: int, *, others: bool = False
) -> list[GroupCount]:
    """The list that starts at ``at`` (before ``end``), as a count of ``subj``:
    its length, plus the one named when it lists the others ("17 other
    states: …", "the other three: …")."""
    lists = [x for x in find_lists(doc.text, at, end) if x[0] == at]
    if not lists:
        return []
    ls, le, n = lists[0]
    if others:
        return [GroupCount(doc.id, ls, le, doc.text[ls:le], subj, n + 1, n + 1,
                           f"the one named plus {n} listed others")]  # fmt: skip
    return [GroupCount(doc.id, ls, le, doc.text[ls:le], subj, n, n, f"{n} listed")]


_IN_ADDITION_RE = re.compile(r"\bin addition to\s+", re.I)
_ANY_IN_ADDITION_RE = re.compile(r"in addition to\s", re.I)
_LIST_LEAD_RE = re.compile(r"\s*(?::|—|-{1,2}|\(|, namely)\s*")


def _lists(doc: Document, ctx: Context, rule: Rule) -> list[GroupCount]:
    out = []
    sents = ctx.sentences(doc)
    # each count's sentence, found once (sentences are in order and apart)
    starts = [s for s, _ in sents]
    counts_in: dict[int, list[Quantity]] = {}
    for q in ctx.quantities(doc):
        k = bisect.bisect_right(starts, q.start) - 1
        if k >= 0 and q.start < sents[k][1] and q.number.kind == "count":
            counts_in.setdefault(k, []).append(q)
    # looser than the sentence's pattern: where it finds nothing, neither does that
    lead = _IN_ADDITION_RE if _ANY_IN_ADDITION_RE.search(doc.text) else None
    for k, (s, e) in enumerate(sents):
        m = lead.search(doc.text[s:e]) if lead is not None else None
        if m:
            sent = doc.text[s:e]
            head = re.match(
                rf"(?P<first>{_ITEM}(?:\s*(?:,|and)\s+{_ITEM})*)\s*,\s+(?P<np>[a-z][\w\s-]{{2,60}}?)\s+from\s+",
                sent[m.end() :],
            )
            if head:
                firsts = len(re.split(r"\s*,\s*|\s+and\s+", head.group("first")))
                subj = subject_of(doc.text, s + m.end() + head.start("np"))
                rest = s + m.end() + head.end()
                lists = [x for x in find_lists(doc.text, rest, e) if x[0] == rest]
                if subj and lists:
                    _, le, n = lists[0]
                    start = s + m.start()
                    out.append(
                        GroupCount(doc.id, start, le, doc.text[start:le], subj,
                                   firsts + n, firsts + n, f"{head.group('first')} plus {n} listed")
                    )  # fmt: skip
        # "18 states: A, B, ... and C" -- the list itself, against the stated number
        for q in counts_in.get(k, ()):
            colon = _LIST_LEAD_RE.match(doc.text[q.end : e])
            if not colon:
                continue
            others = bool(_OTHER_BEFORE_RE.search(doc.text[max(s, q.start - 12) : q.start]))
            out.extend(_listed(doc, q.subject, q.end + colon.end(), e, others=others))
    del rule
    return out


def _dated_apart(ctx: Context, a: GroupCount, b: GroupCount) -> bool:
    """Whether the two statements' sentences carry dates that cannot be the same."""
    da, db = ctx.doc(a.doc), ctx.doc(b.doc)
    if da is None or db is None:
        return False
    sa, sb = ctx.sentence_of(da, a.start), ctx.sentence_of(db, b.start)
    ma = [d for d in ctx.dates(da) if sa[0] <= d.start < sa[1] and d.resolved]
    mb = [d for d in ctx.dates(db) if sb[0] <= d.start < sb[1] and d.resolved]
    return bool(ma and mb) and not any(overlap(x, y) for x in ma for y in mb)


def _same_rendered_statement(ctx: Context, a: GroupCount, b: GroupCount) -> bool:
    """Both inside renderings of one clustered quote: the numbers check reports those."""
    if a.doc == b.doc:
        return False
    return bool(ctx.clusters_at(a.doc, a.start, a.end) & ctx.clusters_at(b.doc, b.start, b.end))


#: after the noun: a participle or relative clause that picks out a subset
_RESTRICTIVE_RE = re.compile(
    r"\A\s*,?\s*(?:that|which|who|whom|whose|where)\b|\A\s+(?:\w+ly\s+)?"
    r"(?:[a-z]+ed|chosen|drawn|built|taken|given|shown|seen|known|held|run|left|kept|sold|"
    r"bought|found|made|set)\s+(?:for|by|to|in|on|as|at|under|with|from|since|during)\b",
    re.I,
)
#: before the number: "612 of the 4,213 wells", "among them 612", "of which 612"
_SUBSET_BEFORE_RE = re.compile(
    r"\b(?:of\s+(?:them|those|these|whom|which)|among\s+(?:them|those|these|the)|"
    r"including)\s*,?\s*$",
    re.I,
)

_OF_NUMBER_RE = re.compile(r"[\w,.]+\s+of\s+(?:the\s+|its\s+|their\s+|all\s+)?\d", re.I)


def _restricted(ctx: Context, g: GroupCount) -> bool:
    """Whether a plainly stated count is of a subset: its noun is followed by a
    restrictive clause ("wells selected for metering", "wells that failed"),
    or it is a part of another number ("612 of the 4,213 wells")."""
    doc = ctx.doc(g.doc)
    if doc is None:
        return False
    s0, e0 = ctx.sentence_of(doc, g.start)
    after = doc.text[g.subject.end : e0]
    before = doc.text[max(s0, g.start - 30) : g.start]
    of_number = g.how == "as stated" and _OF_NUMBER_RE.match(doc.text, g.start, e0)
    return bool(_RESTRICTIVE_RE.match(after) or _SUBSET_BEFORE_RE.search(before) or of_number)


def _different_groups(ctx: Context, a: GroupCount, b: GroupCount) -> bool:
    """Two counts of one noun in one document are different groups (4,213 wells
    monitored, 612 wells selected for metering) unless a count word says how the
    total is made ("joined 18", "a coalition of 18", "17 other"): only then are
    they compared, and never when either is a restricted subset."""
    if a.doc != b.doc:
        return _restricted(ctx, a) != _restricted(ctx, b)
    if a.how == "as stated" and b.how == "as stated":
        return True
    return _restricted(ctx, a) or _restricted(ctx, b)


def _components(
    ctx: Context, stmts: Sequence[GroupCount], tolerance: float = 0.0
) -> list[list[GroupCount]]:
    """The statements that count one group, linked: statements of one
    subject in one document or in related ones (see the module docstring).

    A statement is linked to another document's statement of its subject
    unless that document counts two different groups of it ("102,000
    subscribers" in 1994 and "105,000 subscribers" the next year, each as
    stated): which of them the statement is about cannot be told, so it is
    linked only to the ones it agrees with (the same holds the other way)."""
    parent = list(range(len(stmts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def agree_(a: GroupCount, b: GroupCount) -> bool:
        return agree((a.low, a.high), (b.low, b.high), tolerance=tolerance)

    # only statements of related documents are compared (never all pairs)
    by_doc: dict[str, list[int]] = {}
    for i, g in enumerate(stmts):
        by_doc.setdefault(g.doc, []).append(i)
    across: list[tuple[int, int]] = []  # comparable pairs of two documents
    # each statement's comparable statements in each other document
    seen: dict[tuple[int, str], list[int]] = {}
    for i, a in enumerate(stmts):
        others = sorted(
            j for d in ctx.related_docs(a.doc) if d in by_doc for j in by_doc[d] if j > i
        )
        for j in others:
            b = stmts[j]
            if (
                same_subject(a.subject, b.subject)
                and not _dated_apart(ctx, a, b)
                and not _same_rendered_statement(ctx, a, b)
                and not _different_groups(ctx, a, b)
            ):
                if a.doc == b.doc:
                    parent[find(i)] = find(j)
                else:
                    across.append((i, j))
                    seen.setdefault((i, b.doc), []).append(j)
                    seen.setdefault((j, a.doc), []).append(i)

    def ambiguous(i: int, doc: str) -> bool:
        """Whether ``doc`` counts two different groups that statement ``i`` may be about."""
        js = seen.get((i, doc), [])
        return any(
            not agree_(stmts[x], stmts[y]) and _different_groups(ctx, stmts[x], stmts[y])
            for k, x in enumerate(js)
            for y in js[k + 1 :]
        )

    for i, j in across:
        a, b = stmts[i], stmts[j]
        if agree_(a, b) or not (ambiguous(i, b.doc) or ambiguous(j, a.doc)):
            parent[find(i)] = find(j)
    comps: dict[int, list[GroupCount]] = {}
    for i, s in enumerate(stmts):
        comps.setdefault(find(i), []).append(s)
    return [c for c in comps.values() if len(c) > 1]


def _bare_measure(subject: Subject, units: frozenset[str]) -> bool:
    """Whether a count is a measure of something it does not name ("78
    kilometres from Belgaum", "29 inches wide", "40 square miles"): no group.

    >>> from xref.quantities import find_quantities
    >>> units = frozenset({"mile", "inch", "square"})
    >>> [_bare_measure(q.subject, units) for q in find_quantities(
    ...     "20 miles northwest of Roanoke, 40 square miles, 12 inches of snow, 18 states")]
    [True, True, False, False]
    """
    return subject.head in units and subject.modifiers <= units


def check(ctx: Context, rule: Rule) -> list[Finding]:
    """Groups whose statements imply different totals."""
    tolerance = float(rule.option("tolerance", 0.0))
    units = frozenset(str(u).lower() for u in rule.option("measure_units", []))
    stmts: list[GroupCount] = []
    for doc in ctx.documents:
        stmts.extend(g for g in group_counts(ctx, doc, rule) if not _bare_measure(g.subject, units))
    stmts.sort(key=lambda g: (g.doc, g.start))
    out: list[Finding] = []
    for comp in _components(ctx, stmts, tolerance):
        if all(
            agree((a.low, a.high), (b.low, b.high), tolerance=tolerance) for a in comp for b in comp
        ):
            continue
        out.append(_finding(ctx, rule, comp, tolerance))
    return out


def _finding(ctx: Context, rule: Rule, comp: list[GroupCount], tolerance: float) -> Finding:
    votes = Counter(g.describe() for g in comp)
    majority = max(votes.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    ref = next(g for g in comp if g.describe() == majority)
    odd = [g for g in comp if not agree((g.low, g.high), (ref.low, ref.high), tolerance=tolerance)]
    same = [g for g in comp if g not in odd]

    def say(g: GroupCount, verb: str) -> str:
        return f"{g.doc} {quote_text(g.text)} {verb} {g.describe()} ({g.how})"

    details = "; ".join(say(g, "makes") for g in odd)
    if same:
        details += ", while " + "; ".join(say(g, "gives") for g in same)
    subject = min((g.subject.text for g in comp), key=len)
    evidence = [
        Evidence(
            "count-total",
            f"{g.doc}: {quote_text(g.text, 60)} -> {g.describe()} ({g.how})",
            a=g.text,
            value=g.low,
            threshold=ref.low if g in odd else None,
        )
        for g in comp
    ]
    evidence.append(
        Evidence(
            "count-differs",
            f"totals {', '.join(sorted(votes))} do not agree (tolerance {tolerance:g})",
            value=float(len(votes)),
            threshold=tolerance,
        )
    )
    locs: list[Location] = []
    for g in comp:
        d = ctx.doc(g.doc)
        if d is not None:
            locs.append(location(d, g.start, g.end))
    return make_finding(rule, locs, evidence, subject=subject, details=details, majority=majority)
