"""The ``numbers`` check: renderings of one statement that differ in a number.

For each cluster, every rendering the comparison judged a ``conflict`` is
checked against the reference rendering: the number words of the
comparison's ``number`` diffs, or else the numbers of both texts
(:func:`xref.numbers.find_numbers`), are compared as values
(:func:`xref.numbers.agree`), so "18" against "eighteen" is no finding and
"18" against "19" is one ``number-mismatch``, showing both numbers and
where they are.

Contents
--------
number_pairs   reference text, rendering text, diffs -> [(a, b)] differing numbers
check          Context, Rule -> [Finding]
"""

from __future__ import annotations

from collections.abc import Sequence

from xref.checks.context import Context, make_finding, quote_text
from xref.model import Diff, Evidence, Finding, Location, Rendering
from xref.numbers import NumberMention, agree, find_numbers
from xref.rules import Rule

Pair = tuple[str, str, int, int, int, int]  # reference words, rendering words, spans in each


def _unmatched(xs: list[NumberMention], ys: list[NumberMention], tol: float) -> list[NumberMention]:
    return [x for x in xs if not any(x.kind == y.kind and agree(x, y, tolerance=tol) for y in ys)]


def number_pairs(
    ref: str,
    text: str,
    diffs: Sequence[Diff] = (),
    *,
    tolerance: float = 0.0,
    ref_start: int = 0,
    start: int = 0,
) -> list[Pair]:
    """The numbers that differ between a reference and a rendering.

    Spans come back as document offsets: a diff's own (the clustering gives
    ``a_*`` in the rendering's document, ``b_*`` in the reference's), or
    the numbers' offsets in the texts plus ``ref_start``/``start``.

    >>> [p[:2] for p in number_pairs("joined 18 attorneys general", "joined 19 attorneys general")]
    [('18', '19')]
    >>> number_pairs("Eighteen attorneys general", "18 attorneys general")
    []
    """
    out: list[Pair] = []
    for d in diffs:
        if d.kind != "number":
            continue
        na, nb = find_numbers(d.a), find_numbers(d.b)
        if na and nb and not _unmatched(na, nb, tolerance) and not _unmatched(nb, na, tolerance):
            continue  # the same values written two ways
        # diff a is the rendering's words, b the reference's
        out.append((d.b, d.a, d.b_start, d.b_end, d.a_start, d.a_end))
    if out or any(d.kind == "number" for d in diffs):
        return out
    ra, rb = find_numbers(ref), find_numbers(text)
    ua, ub = _unmatched(ra, rb, tolerance), _unmatched(rb, ra, tolerance)
    for x, y in zip(ua, ub, strict=False):
        out.append(
            (x.text, y.text, ref_start + x.start, ref_start + x.end, start + y.start, start + y.end)
        )
    return out


def _loc(ctx: Context, r: Rendering, words: str, start: int, end: int) -> Location:
    """The number's span in the document, or the whole rendering if it does not check out."""
    doc = ctx.doc(r.doc)
    if doc is not None and 0 <= start <= end <= len(doc.text) and doc.text[start:end] == words:
        return Location.of(doc, start, end)
    return r.location


def check(ctx: Context, rule: Rule) -> list[Finding]:
    tol = float(rule.option("tolerance", 0.0))
    out = []
    for c in ctx.clusters:
        ref = c.reference
        for r in c.renderings[1:]:
            if r.verdict != "conflict":
                continue
            pairs = number_pairs(
                ref.text, r.text, r.diffs, tolerance=tol, ref_start=ref.start, start=r.start
            )
            if not pairs:
                continue
            locs = [ref.location, r.location]
            ev = []
            said = []
            for a, b, a0, a1, b0, b1 in pairs:
                locs += [_loc(ctx, ref, a, a0, a1), _loc(ctx, r, b, b0, b1)]
                said.append(f"{quote_text(a)} in {ref.doc} against {quote_text(b)} in {r.doc}")
                ev.append(Evidence("number-changed", f"{a} -> {b}", a=a, b=b, threshold=tol))
            out.append(
                make_finding(
                    rule,
                    locs[2:] or locs,
                    ev,
                    quote=quote_text(ref.text, 70),
                    numbers="; ".join(said),
                )
            )
    return out
