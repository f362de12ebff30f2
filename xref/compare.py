"""The verdict engine: one quote against another rendering of it.

:func:`compare` aligns the words of a quote with a source (which may be
longer: a paragraph, a whole document), runs the meaning checks of
:mod:`xref.semantics` over the alignment and returns a
:class:`xref.model.Comparison` whose verdict is, from best to worst:

``exact``       identical after typographic normalization (quotes, dashes,
                ellipsis character and spaces do not count)
``variant``     only punctuation, capitalization or spelling differ (a
                name spelt two ways: ``name-spelling``; a number written
                two ways, "£3.25bn"/"3.25 billion pounds": ``number-notation``)
``truncated``   a contiguous part of the source (variant-level differences
                allowed, and listed)
``elided``      omissions marked with an ellipsis, insertions in [brackets],
                every unbracketed piece matching the source in order
``paraphrase``  other words, same meaning
``conflict``    aligns, but a number, date, name, negation, opposite, modal
                or the actors' roles differ
``unrelated``   word similarity below ``unrelated_below``

Every verdict carries Evidence (stable codes) and word-level Diffs whose
offsets index the original quote (``a_*``) and source (``b_*``).

Contents
--------
QuoteParts      a quote's words, with its ellipses and bracketed insertions
quote_parts     str -> QuoteParts
compare         str, str -> Comparison
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence

import attrs
from rapidfuzz.distance import Levenshtein

from xref.align import Unit, align_units, locate, units, word_opcodes
from xref.lexicon import Lexicon, default_lexicon
from xref.model import Comparison, Diff, Evidence
from xref.names import spelling_variant
from xref.normalize import normalize
from xref.semantics import Pair, Signal, diff_of, is_acronym, signals

#: source words before the matched span that the negation check looks at
NEGATION_REACH = 4

#: below this word similarity (0-100) a quote and a source are unrelated
UNRELATED_BELOW = 50.0


@attrs.frozen
class QuoteParts:
    """A quote read for matching.

    ``words``: the word units outside brackets ("[t]he" is one unit, "the");
    ``gaps``: positions in ``words`` where an ellipsis marks an omission;
    ``brackets``: positions where a bracketed insertion stands, with the
    bracketed text; ``marked``: units whose text holds a bracket.
    """

    words: tuple[Unit, ...]
    gaps: frozenset[int]
    brackets: tuple[tuple[int, int, int], ...]  # (position, start, end) of "[...]"
    marked: frozenset[int]


def _is_spaced_ellipsis(us: tuple[Unit, ...], i: int, text: str) -> bool:
    """ ". . ." at ``us[i]``: three full stops separated by single spaces."""
    if i + 2 >= len(us):
        return False
    a, b, c = us[i], us[i + 1], us[i + 2]
    return (
        a.norm == b.norm == c.norm == "."
        and text[a.end : b.start].strip() == ""
        and text[b.end : c.start].strip() == ""
        and b.start - a.end <= 1
        and c.start - b.end <= 1
    )


def quote_parts(quote: str, *, lexicon: Lexicon | None = None) -> QuoteParts:
    """Split a quote into matchable words, ellipsis gaps and bracketed text.

    >>> p = quote_parts("[T]he program … assault [more] victims")
    >>> [u.key for u in p.words], sorted(p.gaps), [b[0] for b in p.brackets]
    (['the', 'program', 'assault', 'victims'], [2], [3])
    >>> quote_parts("a . . . b [...] c").gaps == frozenset({1, 2})
    True
    """
    lex = lexicon or default_lexicon()
    us = units(quote, lexicon=lex)
    words: list[Unit] = []
    gaps: set[int] = set()
    brackets: list[tuple[int, int, int]] = []
    marked: set[int] = set()
    i = 0
    while i < len(us):
        u = us[i]
        if u.is_word:
            words.append(u)
            i += 1
            continue
        if u.norm == "...":
            gaps.add(len(words))
            i += 1
            continue
        if _is_spaced_ellipsis(us, i, quote):
            gaps.add(len(words))
            i += 3
            continue
        if u.norm in ("[", "("):
            close_mark = "]" if u.norm == "[" else ")"
            close = next((k for k in range(i + 1, len(us)) if us[k].norm == close_mark), None)
            if close is None:
                i += 1
                continue
            inner = us[i + 1 : close]
            if (
                inner
                and all(not w.is_word for w in inner)
                and any(w.norm.startswith(".") for w in inner)
            ):
                gaps.add(len(words))  # "[...]", "(...)"
                i = close + 1
                continue
            if u.norm == "(":
                i += 1
                continue
            inner_words = [w for w in inner if w.is_word]
            nxt = us[close + 1] if close + 1 < len(us) else None
            if (
                len(inner_words) == 1
                and len(inner) == 1
                and nxt is not None
                and nxt.is_word
                and nxt.start == us[close].end
            ):
                # "[t]he": a letter changed inside a word
                w = inner_words[0]
                key = w.key + nxt.key
                marked.add(len(words))
                words.append(
                    Unit(
                        key,
                        w.norm + nxt.norm,
                        quote[u.start : nxt.end],
                        u.start,
                        nxt.end,
                        "word",
                        None,
                        w.cap,
                    )
                )
                i = close + 2
                continue
            prev = us[i - 1] if i > 0 else None
            if (
                len(inner) == 1
                and inner_words
                and prev is not None
                and prev.is_word
                and prev.end == u.start
                and words
            ):
                # "Biden[s]": a suffix added to a word
                last = words[-1]
                marked.add(len(words) - 1)
                words[-1] = Unit(
                    last.key + inner_words[0].key,
                    last.norm + inner_words[0].norm,
                    quote[last.start : us[close].end],
                    last.start,
                    us[close].end,
                    "word",
                    None,
                    last.cap,
                )
                i = close + 1
                continue
            brackets.append((len(words), u.start, us[close].end))
            i = close + 1
            continue
        i += 1
    return QuoteParts(tuple(words), frozenset(gaps), tuple(brackets), frozenset(marked))


def _pieces(parts: QuoteParts) -> list[tuple[int, int]]:
    cuts = sorted({0, len(parts.words)} | {g for g in parts.gaps if 0 < g < len(parts.words)})
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _window(
    quote: str, parts: QuoteParts, source: str, s_words: list[Unit], lex: Lexicon
) -> list[Unit]:
    """The source words near the quote: all of them for a short source, else
    the stretch located by rapidfuzz for the first and last piece."""
    if len(s_words) <= 2 * len(parts.words) + 20:
        return s_words
    pieces = _pieces(parts)
    w = parts.words
    first, last = pieces[0], pieces[-1]
    a1 = locate(quote[w[first[0]].start : w[first[1] - 1].end], source, lexicon=lex)
    if a1 is None:
        return s_words
    a2 = a1
    if last != first:
        a2 = (
            locate(
                quote[w[last[0]].start : w[last[1] - 1].end], source, start=a1.start, lexicon=lex
            )
            or a1
        )
    margin = len(quote) // 2 + 20
    lo, hi = a1.start - margin, a2.end + margin
    return [u for u in s_words if u.start >= lo and u.end <= hi]


def _bag_overlap(a: Sequence[Unit], b: Sequence[Unit]) -> float:
    """Shared words in any order, 0-100 (Dice over the multisets of keys).

    >>> from xref.align import units
    >>> _bag_overlap(units("a b c d"), units("d c b a"))
    100.0
    """
    if not a and not b:
        return 100.0
    common = Counter(u.key for u in a) & Counter(u.key for u in b)
    return 200.0 * sum(common.values()) / (len(a) + len(b))


_MARK_RE = re.compile(r"(?<![^\W_])'|'(?![^\W_])")


def _typo_key(text: str) -> str:
    """Text with typographic differences and all spaces removed.

    >>> _typo_key("“Don’t”  go…") == _typo_key('"Don\\'t" go...')
    True

    Quotation marks are one mark, single or double (nested quotes
    alternate them); an apostrophe inside a word is kept.

    >>> _typo_key("told to 'get out'") == _typo_key('told to "get out"')
    True
    """
    return "".join(_MARK_RE.sub('"', normalize(text).text).split())


def _name_spelling(ua: Unit, ub: Unit, lex: Lexicon) -> bool:
    """Two capitalized words that spell one name two ways: one is the other
    with a letter or two more at the end, one edit apart (six letters or
    more), or the same after a known alternation of first letters
    (Katherine/Catherine, Philip/Filip, Geoff/Jeff; ``name_alternations``).

    >>> from xref.align import units
    >>> lex = default_lexicon()
    >>> def n(a: str, b: str) -> bool:
    ...     return _name_spelling(units(a)[0], units(b)[0], lex)
    >>> n("Katherine", "Catherine"), n("Geoff", "Jeff"), n("Karen", "Katherine")
    (True, True, False)
    >>> n("katherine", "catherine")
    False
    """
    if ua.kind != "word" or ub.kind != "word" or not (ua.cap and ub.cap):
        return False
    if ua.key in lex.negators or ub.key in lex.negators:
        return False
    return spelling_variant(ua.norm, ub.norm, alternations=lex.name_alternations)


def _bare_apostrophes(us: Sequence[Unit]) -> bool:
    """Only possessive apostrophes with no "s" ("Jones'" against "Jones"):
    punctuation, not words.

    >>> from xref.align import units
    >>> _bare_apostrophes(units("Jones'")[1:]), _bare_apostrophes(units("Jones's")[1:])
    (True, False)
    """
    return bool(us) and all(u.key == "'s" and u.end - u.start == 1 for u in us)


def _spelling_pair(ua: Unit, ub: Unit, lex: Lexicon) -> bool:
    if ua.kind != "word" or ub.kind != "word":
        return False
    if lex.is_spelling_variant(ua.norm, ub.norm):
        return True
    x, y = ua.norm, ub.norm
    return (
        min(len(x), len(y)) >= 6
        and x[0] == y[0]
        and Levenshtein.distance(x, y, score_cutoff=1) <= 1
        and not (ua.key in lex.negators or ub.key in lex.negators)
    )


@attrs.frozen
class _Classified:
    diffs: tuple[Diff, ...]
    evidence: tuple[Evidence, ...]
    wording: bool  # an unexplained change of words
    marked: bool  # an ellipsis or bracket was used
    score: float  # word similarity, omissions marked in the quote left out
    # (a_start, b_start) of the spelling diffs that are a number's notation / a name's spelling
    notation: frozenset[tuple[int, int]] = frozenset()
    names: frozenset[tuple[int, int]] = frozenset()


def _surface_diff(ua: Unit, ub: Unit) -> Diff | None:
    """Case, spelling or number-format difference between two matched units."""
    if ua.text == ub.text:
        return None
    ta, tb = normalize(ua.text).text, normalize(ub.text).text
    if ta == tb:
        return None
    if "[" in ta:
        kind = "bracket"
    elif ta.casefold() == tb.casefold():
        kind = "case"
    else:
        kind = "spelling"
    return Diff("replace", kind, ua.text, ub.text, ua.start, ua.end, ub.start, ub.end)


def _describe(d: Diff) -> str:
    if d.op == "replace":
        return f"{d.a!r} -> {d.b!r}"
    return f"+{d.a!r}" if d.op == "delete" else f"-{d.b!r}"


def _classify(p: Pair, parts: QuoteParts, quote: str) -> _Classified:
    """Sort every opcode into surface (case, spelling), marked (ellipsis,
    bracket) or wording changes, and score the word similarity."""
    diffs: list[Diff] = []
    ev: list[Evidence] = []
    wording = False
    marked = bool(parts.marked)
    bracket_at = {pos: (s, e) for pos, s, e in parts.brackets}
    changed: list[str] = []
    notation: set[tuple[int, int]] = set()
    name_spelt: set[tuple[int, int]] = set()
    same = 0  # units that match, counted on the quote side
    len_a, len_b = len(p.a), len(p.b)
    for op in p.ops:
        tag, i1, i2, j1, j2 = op
        if tag == "equal":
            same += i2 - i1
            for ua, ub in zip(p.a[i1:i2], p.b[j1:j2], strict=True):
                d = _surface_diff(ua, ub)
                if d is not None:
                    diffs.append(d)
                    if ua.kind == "number" and d.kind == "spelling":
                        notation.add((d.a_start, d.b_start))
            continue
        a_side, b_side = p.a[i1:i2], p.b[j1:j2]
        if tag in ("insert", "delete") and _bare_apostrophes(a_side or b_side):
            # "Jones'" against "Jones": a possessive apostrophe, punctuation
            len_a -= len(a_side)
            len_b -= len(b_side)
            diffs.append(diff_of(p, op, "punctuation"))
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs = list(zip(a_side, b_side, strict=True))
            spelt = [_name_spelling(ua, ub, p.lex) for ua, ub in pairs]
            if all(
                n or _spelling_pair(ua, ub, p.lex) for n, (ua, ub) in zip(spelt, pairs, strict=True)
            ):
                same += i2 - i1
                for n, (ua, ub) in zip(spelt, pairs, strict=True):
                    if n:
                        name_spelt.add((ua.start, ub.start))
                    diffs.append(
                        Diff(
                            "replace",
                            "spelling",
                            ua.text,
                            ub.text,
                            ua.start,
                            ua.end,
                            ub.start,
                            ub.end,
                        )
                    )
                continue
        if tag == "insert" and (i1 in parts.gaps or i1 in bracket_at):
            marked = True
            len_b -= j2 - j1
            if i1 in parts.gaps:
                d = diff_of(p, op, "ellipsis")
                msg = f"the ellipsis stands for {j2 - j1} omitted word(s): {d.b!r}"
                ev.append(Evidence("ellipsis", msg, b=d.b, value=j2 - j1))
            else:
                s, e = bracket_at.pop(i1)
                d = attrs.evolve(
                    diff_of(p, op, "bracket"), op="replace", a=quote[s:e], a_start=s, a_end=e
                )
                msg = f"the bracketed {quote[s:e]!r} stands for {d.b!r}"
                ev.append(Evidence("bracket", msg, a=quote[s:e], b=d.b))
            diffs.append(d)
            continue
        wording = True
        if tag == "replace" and (
            is_acronym(a_side, b_side, p.lex) or is_acronym(b_side, a_side, p.lex)
        ):
            # the acronym and its expansion count as one matching word
            same += 1
            len_a -= len(a_side) - 1
            len_b -= len(b_side) - 1
        d = diff_of(p, op, "wording")
        diffs.append(d)
        changed.append(_describe(d))
    for pos, (s, e) in sorted(bracket_at.items()):
        # a bracketed insertion with nothing in the source to stand for
        marked = True
        at = p.b[min(pos, len(p.b) - 1)].start if p.b else 0
        diffs.append(Diff("delete", "bracket", quote[s:e], "", s, e, at, at))
        msg = f"the bracketed {quote[s:e]!r} is an editorial insertion"
        ev.append(Evidence("bracket", msg, a=quote[s:e]))
    if parts.marked:
        ev.append(Evidence("bracket", "a bracketed letter or ending marks an edited word"))
    if changed:
        msg = f"{len(changed)} change(s) of wording without ellipsis or brackets: "
        ev.append(Evidence("words-changed", msg + ", ".join(changed[:6]), value=len(changed)))
    total = len_a + len_b
    score = 100.0 * 2 * same / total if total > 0 else 0.0
    diffs.sort(key=lambda d: (d.a_start, d.b_start))
    return _Classified(
        tuple(diffs),
        tuple(ev),
        wording,
        marked,
        min(score, 100.0),
        frozenset(notation),
        frozenset(name_spelt),
    )


#: quotation marks, all read as one mark when punctuation is compared
_QUOTE_MARKS = dict.fromkeys(("'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "``"), '"')


def _punct_diffs(
    quote: str, q_all: tuple[Unit, ...], source: str, s_span: list[Unit]
) -> list[Diff]:
    """Punctuation that differs between the quote and the matched span.

    Quotation marks are typography: single and double marks count as one
    mark, so a nested quote with alternating marks ("'x'" inside a quote
    that the source sets as '"x"') is no difference.
    """
    q_all = tuple(u for u in q_all if u.key not in ("[", "]"))
    a = [_QUOTE_MARKS.get(u.key, u.key) for u in q_all]
    b = [_QUOTE_MARKS.get(u.key, u.key) for u in s_span]
    out: list[Diff] = []
    for tag, i1, i2, j1, j2 in word_opcodes(a, b):
        if tag == "equal":
            continue
        ua, ub = q_all[i1:i2], s_span[j1:j2]
        if all(not u.is_word for u in (*ua, *ub)):
            a_s = ua[0].start if ua else (q_all[i1].start if i1 < len(q_all) else len(quote))
            a_e = ua[-1].end if ua else a_s
            b_s = (
                ub[0].start
                if ub
                else (s_span[j1].start if j1 < len(s_span) else (s_span[-1].end if s_span else 0))
            )
            b_e = ub[-1].end if ub else b_s
            op = "replace" if ua and ub else ("delete" if ua else "insert")
            out.append(Diff(op, "punctuation", quote[a_s:a_e], source[b_s:b_e], a_s, a_e, b_s, b_e))
    return out


#: evidence code -> what differs, in the order evidence is listed
_SURFACE_WHAT = {
    "case": "capitalization",
    "name-spelling": "the spelling of a name",
    "number-notation": "the notation of a number",
    "spelling": "spelling or number format",
    "punctuation": "punctuation",
}


def _surface_code(d: Diff, cls: _Classified | None) -> str:
    if d.kind != "spelling" or cls is None:
        return d.kind
    if (d.a_start, d.b_start) in cls.names:
        return "name-spelling"
    if (d.a_start, d.b_start) in cls.notation:
        return "number-notation"
    return "spelling"


def _surface_evidence(diffs: list[Diff], cls: _Classified | None = None) -> list[Evidence]:
    out: list[Evidence] = []
    for code, what in _SURFACE_WHAT.items():
        ds = [d for d in diffs if _surface_code(d, cls) == code]
        if not ds:
            continue
        pairs = ", ".join(f"{d.a!r}/{d.b!r}" for d in ds[:6])
        out.append(Evidence(code, f"{what} differs: {pairs}", a=ds[0].a, b=ds[0].b, value=len(ds)))
    return out


def _result(
    verdict: str,
    score: float,
    quote: str,
    source: str,
    span: tuple[int, int],
    diffs: list[Diff] | tuple[Diff, ...],
    evidence: list[Evidence],
) -> Comparison:
    ordered = sorted(diffs, key=lambda d: (d.a_start, d.b_start, d.kind))
    return Comparison(
        verdict, round(score, 2), quote, source, span[0], span[1], tuple(ordered), tuple(evidence)
    )


def compare(
    quote: str,
    source: str,
    *,
    lexicon: Lexicon | None = None,
    unrelated_below: float = UNRELATED_BELOW,
) -> Comparison:
    """The verdict on ``quote`` as a rendering of (part of) ``source``.

    >>> compare("“Eighteen” AGs", '"18" AGs').verdict
    'variant'
    >>> c = compare("assault more victims", "seek entry and assault more victims, both")
    >>> c.verdict, c.matched
    ('truncated', 'assault more victims')
    >>> compare("flights from New York to Florida", "flights from Florida to New York").verdict
    'conflict'
    """
    lex = lexicon or default_lexicon()
    parts = quote_parts(quote, lexicon=lex)
    if not parts.words:
        empty = Evidence("empty-quote", "the quote has no words to match")
        return _result("unrelated", 0.0, quote, source, (0, 0), [], [empty])
    s_all = units(source, lexicon=lex)
    s_words = [u for u in s_all if u.is_word]
    window = _window(quote, parts, source, s_words, lex)
    got = align_units(parts.words, window, lexicon=lex) if window else None
    if got is None:
        none = Evidence(
            "score-threshold",
            f"no word in common (similarity 0 < {unrelated_below:g})",
            value=0.0,
            threshold=unrelated_below,
        )
        return _result("unrelated", 0.0, quote, source, (0, 0), [], [none])
    first, last, ops = got
    span = window[first:last]
    at = _index_of(s_words, span[0])
    before = tuple(s_words[max(0, at - NEGATION_REACH) : at])
    p = Pair(parts.words, tuple(span), tuple(ops), quote, source, lex, parts.gaps, before)
    cls = _classify(p, parts, quote)
    score = cls.score
    where = (span[0].start, span[-1].end)
    shared = _bag_overlap(parts.words, span)
    if max(score, shared) < unrelated_below:
        low = Evidence(
            "score-threshold",
            f"word similarity {score:.0f} in order and {shared:.0f} in any order,"
            f" both below {unrelated_below:g}",
            value=round(max(score, shared), 2),
            threshold=unrelated_below,
        )
        return _result("unrelated", score, quote, source, where, cls.diffs, [low])
    sigs: list[Signal] = signals(p)
    conflicts = [s for s in sigs if s.conflict]
    notes = [s.evidence for s in sigs if not s.conflict]
    diffs = list(cls.diffs)
    sig_diffs = [d for s in sigs for d in s.diffs]
    if conflicts:
        diffs = _merge_diffs(diffs, sig_diffs)
        ev = [s.evidence for s in conflicts] + notes + list(cls.evidence)
        return _result("conflict", score, quote, source, where, diffs, ev)
    score_ev = Evidence(
        "score",
        f"word similarity {score:.0f} (unrelated below {unrelated_below:g})",
        value=round(score, 2),
        threshold=unrelated_below,
    )
    if cls.wording:
        diffs = _merge_diffs(diffs, sig_diffs)
        return _result(
            "paraphrase", score, quote, source, where, diffs, [*cls.evidence, *notes, score_ev]
        )
    q_all = units(quote, lexicon=lex)
    s_span = [u for u in s_all if u.start >= where[0] and u.end <= where[1]]
    surface = diffs + _punct_diffs(quote, q_all, source, s_span)
    surface_ev = _surface_evidence(surface, cls)
    if cls.marked:
        return _result(
            "elided", score, quote, source, where, surface, [*cls.evidence, *surface_ev, *notes]
        )
    whole = span[0] is s_words[0] and span[-1] is s_words[-1]
    if whole:
        if _typo_key(quote) == _typo_key(source):
            ev = [Evidence("identical", "identical after typographic normalization", value=100.0)]
            return _result("exact", 100.0, quote, source, (0, len(source)), [], ev)
        outside = _punct_diffs(quote, q_all, source, list(s_all))
        surface = diffs + outside
        return _result(
            "variant",
            score,
            quote,
            source,
            where,
            surface,
            _surface_evidence(surface, cls)
            or [Evidence("punctuation", "only punctuation or spacing outside the words differs")],
        )
    n_words = len(parts.words)
    ev = [
        Evidence(
            "truncated",
            f"the quote is a contiguous part of the source ({n_words} of {len(s_words)} words)",
            value=float(n_words),
            threshold=float(len(s_words)),
        ),
        *surface_ev,
    ]
    return _result("truncated", score, quote, source, where, surface, ev)


def _index_of(us: Sequence[Unit], u: Unit) -> int:
    """Position of unit ``u`` (by its start offset) in ``us``, sorted by offset."""
    lo, hi = 0, len(us)
    while lo < hi:
        mid = (lo + hi) // 2
        if us[mid].start < u.start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _merge_diffs(base: list[Diff], extra: list[Diff]) -> list[Diff]:
    """The signal diffs replace the plain wording diffs over the same words."""
    out = [d for d in extra]
    covered = {(d.a_start, d.a_end, d.b_start, d.b_end) for d in extra}
    for d in base:
        if (d.a_start, d.a_end, d.b_start, d.b_end) in covered:
            continue
        out.append(d)
    return out


__all__ = ["QuoteParts", "compare", "quote_parts"]
