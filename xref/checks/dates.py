"""The ``dates`` check: the same event dated differently (``date-mismatch``).

"The same event" is decided conservatively, in three ways:

* the same figure: one exact number of at least ``min_figure`` stated in two
  related documents, each with dates in its sentence ("19,752 … from October
  2014 to May 2018" against "19,752 … from Oct. 2014 to May 2018");
* the same clustered quote or passage: a rendering judged ``conflict`` whose
  dates differ from the reference's;
* the same event noun ("letter", "hearing", "raid" …, rule data) in
  sentences of two related documents that share a name, each sentence with
  exactly one resolved date.

Relative dates ("Thursday", "last month") are resolved against the
document's date (or an embedded tweet's).  Dates that cannot be resolved
never produce a finding.

Contents
--------
check          Context, Rule -> [Finding]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from xref.checks.context import Context, location, make_finding, quote_text
from xref.dates import DateMention, find_dates, overlap
from xref.model import Document, Evidence, Finding, Location
from xref.names import find_names
from xref.rules import Rule


def _in_sentence(ctx: Context, doc: Document, offset: int) -> list[DateMention]:
    s, e = ctx.sentence_of(doc, offset)
    return [d for d in ctx.dates(doc) if s <= d.start < e and d.resolved]


def _differ(xs: list[DateMention], ys: list[DateMention]) -> list[tuple[DateMention, DateMention]]:
    """Pairs (in order) that cannot be the same day, when both lists align one to one."""
    if not xs or not ys or len(xs) != len(ys):
        return []
    return [(x, y) for x, y in zip(xs, ys, strict=True) if not overlap(x, y)]


def _finding(
    rule: Rule, what: str, pairs: list[tuple[Document, DateMention, Document, DateMention]]
) -> Finding:
    locs: list[Location] = []
    ev = []
    said = []
    for da, x, db, y in pairs:
        locs += [location(da, x.start, x.end), location(db, y.start, y.end)]
        said.append(
            f"{quote_text(x.text)} ({x.describe()}) in {da.id} against "
            f"{quote_text(y.text)} ({y.describe()}) in {db.id}"
        )
        ev.append(Evidence("date-differs", f"{x.describe()} vs {y.describe()}", a=x.text, b=y.text))
    return make_finding(rule, locs, ev, event=what, dates="; ".join(said))


def by_figure(ctx: Context, rule: Rule) -> list[Finding]:
    min_figure = float(rule.option("min_figure", 100))
    seen: dict[float, list[tuple[Document, int]]] = {}
    for doc in ctx.documents:
        # the sentences that hold a resolved date: a figure elsewhere has
        # no date to compare (:func:`_in_sentence` would find none)
        dated = {ctx.sentence_of(doc, d.start) for d in ctx.dates(doc) if d.resolved}
        if not dated:
            continue
        for n in ctx.numbers(doc):
            if (
                n.kind == "count"
                and n.exact
                and n.value >= min_figure
                and n.value != round(n.value, -2)
                and (span := ctx.sentence_of(doc, n.start))[0] < span[1]
                and span in dated
            ):
                seen.setdefault(n.value, []).append((doc, n.start))
    out = []
    for value, uses in sorted(seen.items()):
        at: dict[str, list[int]] = {}  # document -> its places in ``uses``
        for k, (d, _) in enumerate(uses):
            at.setdefault(d.id, []).append(k)
        if len(at) < 2:
            continue  # one document's figure
        for i, (da, sa) in enumerate(uses):
            # the later uses in related documents, in order (not every pair of uses)
            near = ctx.related_docs(da.id)
            later = sorted(
                k for d in (near if len(near) < len(at) else at)
                if d != da.id and d in at and d in near
                for k in at[d] if k > i
            )  # fmt: skip
            for db, sb in (uses[k] for k in later):
                pairs = _differ(_in_sentence(ctx, da, sa), _in_sentence(ctx, db, sb))
                if pairs:
                    what = f"the figure {value:,.0f}"
                    out.append(_finding(rule, what, [(da, x, db, y) for x, y in pairs]))
    return out


def by_cluster(ctx: Context, rule: Rule) -> list[Finding]:
    out = []
    for c in ctx.clusters:
        ref = c.reference
        dref = ctx.doc(ref.doc)
        for r in c.renderings[1:]:
            dr = ctx.doc(r.doc)
            if r.verdict != "conflict" or dref is None or dr is None:
                continue
            # every date written is paired, in order; only two resolved ones can
            # differ, and one that cannot be resolved ("August 17" without its
            # year) must not shift the pairing of the others
            xs = find_dates(ref.text, dref.date)
            ys = find_dates(r.text, dr.date)
            pairs = _differ(xs, ys)
            if pairs:
                shifted = [
                    (dref, _shift(x, ref.start, dref), dr, _shift(y, r.start, dr)) for x, y in pairs
                ]
                out.append(_finding(rule, f"the statement {quote_text(ref.text, 60)}", shifted))
    return out


def _shift(d: DateMention, by: int, doc: Document) -> DateMention:
    start, end = d.start + by, d.end + by
    if doc.text[start:end] != d.text:
        return d
    return DateMention(start, end, d.text, d.kind, d.precision, d.relative, d.low, d.high)


def by_event(ctx: Context, rule: Rule) -> list[Finding]:
    nouns = [w.lower() for w in rule.option("event_nouns", ["letter"])]
    # lower case only: "the operation" is an event noun, "Operation Talon" a name
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, nouns)) + r")s?\b")
    entries = []
    for doc in ctx.documents:
        sents = ctx.sentences(doc)
        starts = [s for s, _ in sents]
        # the sentences holding a noun anywhere, as part of a word too: looser
        # than ``pattern``, so only they are searched with that (a noun never
        # spans two sentences); ``str.find`` per noun is several times faster
        # than one alternation scanned over the text
        hit = sorted({
            bisect.bisect_right(starts, i) - 1 for i in _finds(doc.text, nouns, doc.body_start)
        })
        for s, e in (sents[k] for k in hit if k >= 0):
            sent = doc.text[s:e]
            m = pattern.search(sent)
            if not m:
                continue
            dates = [d for d in ctx.dates(doc) if s <= d.start < e and d.resolved]
            if len(dates) != 1:
                continue
            names = {
                n.text.casefold() for n in find_names(sent) if len(n.words) > 1 or n.text.isupper()
            }
            entries.append((doc, m.group(1).lower(), dates[0], names))
    out = []
    for i, (da, na, xa, sa) in enumerate(entries):
        for db, nb, xb, sb in entries[i + 1 :]:
            if da.id == db.id or na != nb or not ctx.related(da.id, db.id) or not sa & sb:
                continue
            if not overlap(xa, xb):
                out.append(_finding(rule, f"the {na}", [(da, xa, db, xb)]))
    return out


def _finds(text: str, words: Sequence[str], start: int) -> Iterator[int]:
    """Every offset from ``start`` where one of ``words`` occurs in ``text``.

    >>> sorted(_finds("a memo, a memorandum", ["memo", "memorandum"], 3))
    [10, 10]
    """
    for w in words:
        if not w:
            continue
        i = text.find(w, start)
        while i >= 0:
            yield i
            i = text.find(w, i + 1)


def check(ctx: Context, rule: Rule) -> list[Finding]:
    return [*by_figure(ctx, rule), *by_cluster(ctx, rule), *by_event(ctx, rule)]
