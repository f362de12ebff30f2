"""The ``numbers`` check: renderings of one statement that differ in a number.

For each cluster, every rendering the comparison judged a ``conflict`` is
checked against the reference rendering: the number words of the
comparison's ``number`` diffs, or else the numbers of both texts
(:func:`xref.numbers.find_numbers`), are compared as values
(:func:`xref.numbers.agree`), so "18" against "eighteen" is no finding and
"18" against "19" is one ``number-mismatch``, showing both numbers and
where they are.

Not reported: a number on one side only (dropped or added, as in "the 1970s"
against "the seventies": nothing to compare), and unquoted renderings about
another subject -- a passage reused for another town or company ("Oaklyn is
located in the 6th Congressional District" against "Fanwood is located in
the 12th …"; "the city has … 33.45 % is water" against "Southport has …
0.91 %"), where the rendering names in place of the reference's words what
the reference's document never mentions (see :func:`other_subject`): its
numbers are that subject's, not a changed figure.  The cluster still shows
the rendering as a ``conflict`` with its differences.

Contents
--------
number_pairs   reference text, rendering text, diffs -> [(a, b)] differing numbers
other_subject  Context, reference, rendering -> the other name an unquoted rendering gives
check          Context, Rule -> [Finding]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from xref.checks.context import Context, make_finding, quote_text
from xref.lexicon import default_lexicon
from xref.model import Diff, Evidence, Finding, Location, Rendering
from xref.names import _key, find_names
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
        if d.kind != "number" or not d.a.strip() or not d.b.strip():
            continue  # a number on one side only: dropped or added, not changed
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


def _names_in(text: str, at: int = 0) -> list[tuple[str, int]]:
    """The names in ``text`` with where they start (``text`` taken to start at
    ``at``), not capitalized function words ("The", "One")."""
    function = default_lexicon().function_words
    return [
        (n.text, at + n.start)
        for n in find_names(text)
        if not all(w.casefold() in function for w in n.words)
    ]


def _mentions(text: str, name: str) -> bool:
    """Whether ``text`` mentions ``name`` (as matched: case, punctuation, a possessive aside)."""
    key = _key(name)
    return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", _key(text)) is not None


_SENTENCE_START_RE = re.compile(r"(?:\A|[.!?:;\n])[\s\"'“‘(\[]*\Z")


def _mid_sentence(text: str, at: int) -> bool:
    """Whether offset ``at`` of ``text`` is inside a sentence: a capital there
    marks a name, not the first word of a sentence."""
    return _SENTENCE_START_RE.search(text, max(0, at - 12), at) is None


def other_subject(ctx: Context, ref: Rendering, r: Rendering) -> tuple[str, str] | None:
    """The name an unquoted rendering gives where the reference says
    something else, when the two are about different subjects: (the
    rendering's words, the reference's), or None.

    Different subjects: the rendering puts a name the reference's document
    never mentions in place of words of the reference that name something
    the rendering's document never mentions ("Fanwood" for "Oaklyn"), or that
    name nothing ("Kennesaw has" for "the city is": then the name must be
    inside its sentence, capitalized as a name, and the same holds the other
    way round).  Renderings of a quotation are the same statement whatever
    they name."""
    if ref.quoted or r.quoted:
        return None
    ref_doc, doc = ctx.doc(ref.doc), ctx.doc(r.doc)
    if ref_doc is None or doc is None:
        return None
    for d in r.diffs:  # a: the rendering's words (in doc), b: the reference's (in ref_doc)
        if d.kind not in ("wording", "name") or not d.a.strip() or not d.b.strip():
            continue
        ours = [(n, at) for n, at in _names_in(d.a, d.a_start) if not _mentions(ref_doc.text, n)]
        theirs_all = _names_in(d.b, d.b_start)
        theirs = [(n, at) for n, at in theirs_all if not _mentions(doc.text, n)]
        if ours and theirs:
            return ours[0][0], theirs[0][0]
        if ours and not theirs_all and any(_mid_sentence(doc.text, at) for _, at in ours):
            return ours[0][0], d.b
        named_mid = any(_mid_sentence(ref_doc.text, at) for _, at in theirs)
        if theirs and named_mid and not _names_in(d.a):
            return d.a, theirs[0][0]
    return None


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
            if not pairs or other_subject(ctx, ref, r) is not None:
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
