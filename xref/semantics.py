"""Meaning checks over a word alignment: what makes two renderings conflict.

Each detector takes a :class:`Pair` (the quote's units, the source span's
units, the opcodes between them and the lexicon) and returns
:class:`Signal` objects: an Evidence with a stable code, the Diffs that show
the words, and whether the signal is a conflict.  The detectors are small and
independent; :func:`signals` runs them all in a fixed order.

Conflict codes: ``negation-added``, ``negation-dropped``, ``negation-elided``,
``negation-truncated``, ``number-changed``, ``currency-changed``,
``date-changed``, ``name-changed``, ``antonym``, ``comparative``,
``modal-changed``, ``role-swap``.  Notes that do not decide a conflict:
``number-added``, ``number-dropped``, ``number-within-qualifier``,
``hedge-added``, ``hedge-dropped``, ``acronym``, ``voice-change``,
``coordination-swap``.

Contents
--------
Pair, Signal        the input and output of every detector
diff_of             the Diff of one opcode, with original offsets
is_acronym          "ICE" ~ "Immigration and Customs Enforcement"
Tile, tiles         greedy string tiling of two key lists (moved blocks)
negation, negation_cut, numbers, dates, names, antonyms, modals, hedges, roles
DETECTORS, signals  every detector, in order
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

import attrs
from rapidfuzz.distance import Levenshtein

from xref.align import Opcode, Unit
from xref.lexicon import Lexicon
from xref.model import Diff, Evidence
from xref.names import spelling_variant
from xref.normalize import normalize
from xref.numbers import NumberMention, agree, find_numbers

_SENTENCE_END = re.compile(r"[.!?]")


@attrs.frozen
class Pair:
    """A quote (a) aligned to a span of a source (b).

    ``a``/``b`` are word units (offsets into the original strings ``a_text``
    and ``b_text``); ``ops`` are opcodes over them; ``gaps`` holds the
    positions in ``a`` where the quote marks an omission (an ellipsis);
    ``before`` the source's last few word units before the span ``b``.
    """

    a: tuple[Unit, ...]
    b: tuple[Unit, ...]
    ops: tuple[Opcode, ...]
    a_text: str
    b_text: str
    lex: Lexicon
    gaps: frozenset[int] = frozenset()
    before: tuple[Unit, ...] = ()


@attrs.frozen
class Signal:
    """One reason found by a detector; ``conflict`` says whether it decides one."""

    evidence: Evidence
    diffs: tuple[Diff, ...] = ()
    conflict: bool = False


def _words(us: Sequence[Unit]) -> str:
    return " ".join(u.text for u in us)


def _a_pos(p: Pair, i: int) -> int:
    """Offset in the quote of unit position ``i`` (an insertion point)."""
    if i < len(p.a):
        return p.a[i].start
    return p.a[-1].end if p.a else 0


def _b_pos(p: Pair, j: int) -> int:
    if j < len(p.b):
        return p.b[j].start
    return p.b[-1].end if p.b else 0


def diff_of(p: Pair, op: Opcode, kind: str) -> Diff:
    """The Diff for one opcode, with original offsets on both sides."""
    tag, i1, i2, j1, j2 = op
    a_units, b_units = p.a[i1:i2], p.b[j1:j2]
    a_s, a_e = (a_units[0].start, a_units[-1].end) if a_units else (_a_pos(p, i1),) * 2
    b_s, b_e = (b_units[0].start, b_units[-1].end) if b_units else (_b_pos(p, j1),) * 2
    return Diff(
        tag,
        kind,
        p.a_text[a_s:a_e],
        p.b_text[b_s:b_e],
        a_s,
        a_e,
        b_s,
        b_e,
    )


def _unit_diff(p: Pair, op: str, kind: str, ua: Unit | None, ub: Unit | None) -> Diff:
    a_s, a_e = (ua.start, ua.end) if ua else (0, 0)
    b_s, b_e = (ub.start, ub.end) if ub else (0, 0)
    return Diff(op, kind, p.a_text[a_s:a_e], p.b_text[b_s:b_e], a_s, a_e, b_s, b_e)


def _changed(p: Pair) -> list[Opcode]:
    return [op for op in p.ops if op[0] != "equal"]


# -- negation ---------------------------------------------------------------


def _is_neg(u: Unit, lex: Lexicon) -> bool:
    return u.key in lex.negators or u.norm in lex.negators


def _crosses_sentence(p: Pair, j_neg: int, j1: int, j2: int) -> bool:
    """Whether the omitted source words ``b[j1:j2]`` put a sentence end
    between the negator ``b[j_neg]`` and the quoted words on both sides."""
    left = p.b[j1 - 1].end if j1 > 0 else p.b[0].start
    right = p.b[j2].start if j2 < len(p.b) else p.b[-1].end
    neg = p.b[j_neg]
    before = p.b_text[left : neg.start]
    after = p.b_text[neg.end : right]
    return bool(_SENTENCE_END.search(before)) and bool(_SENTENCE_END.search(after))


def negation(p: Pair) -> list[Signal]:
    """A negator ("not", "no", "never", "n't" …) added or dropped.

    Dropped inside a marked omission (an ellipsis) it is still a conflict
    unless the omission is whole sentences away from the negator.
    """
    out: list[Signal] = []
    for op in _changed(p):
        tag, i1, i2, j1, j2 = op
        a_neg = [u for u in p.a[i1:i2] if _is_neg(u, p.lex)]
        b_neg = [(j, u) for j, u in enumerate(p.b[j1:j2], j1) if _is_neg(u, p.lex)]
        if len(a_neg) == len(b_neg):
            continue
        if len(b_neg) > len(a_neg):
            elided = tag == "insert" and i1 in p.gaps
            words = ", ".join(repr(u.text) for _, u in b_neg)
            if elided and all(_crosses_sentence(p, j, j1, j2) for j, _ in b_neg):
                continue
            code = "negation-elided" if elided else "negation-dropped"
            msg = (
                f"the omission marked by the ellipsis drops the negation {words}"
                if elided
                else f"the source has the negation {words}, the quote does not"
            )
            out.append(
                Signal(
                    Evidence(
                        code, msg, a=_words(p.a[i1:i2]) or None, b=_words([u for _, u in b_neg])
                    ),
                    (diff_of(p, op, "negation"),),
                    True,
                )
            )
        else:
            words = ", ".join(repr(u.text) for u in a_neg)
            out.append(
                Signal(
                    Evidence(
                        "negation-added",
                        f"the quote has the negation {words}, the source does not",
                        a=_words(a_neg),
                        b=_words(p.b[j1:j2]) or None,
                    ),
                    (diff_of(p, op, "negation"),),
                    True,
                )
            )
    return out


_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}-]")


def _bridges(u: Unit, lex: Lexicon) -> bool:
    """A word that may stand between a negator and what it negates."""
    return u.kind == "word" and (
        u.key in lex.negation_bridges
        or lex.modal_class(u.key) is not None
        or (u.norm.endswith("ly") and len(u.norm) > 4)
    )


def _governing_negator(p: Pair) -> Unit | None:
    """The negator just before the span in the source that governs its first
    words: in the same clause (no punctuation between, quotation marks
    aside) with only auxiliaries, modals and adverbs between, and not part
    of "not only", "no doubt", "whether or not" … (``negation_exceptions``)."""
    if not p.before or not p.b:
        return None
    nxt = p.b[0]
    for k in range(len(p.before) - 1, -1, -1):
        u = p.before[k]
        gap = normalize(p.b_text[u.end : nxt.start]).text.replace('"', "").replace("'", "")
        if _CLAUSE_BREAK.search(gap):
            return None
        if _is_neg(u, p.lex):
            prev = p.before[k - 1].norm if k > 0 else ""
            exceptions = p.lex.negation_exceptions
            if f"{u.norm} {nxt.norm}" in exceptions or f"{prev} {u.norm}" in exceptions:
                return None
            return u
        if not _bridges(u, p.lex):
            return None
        nxt = u
    return None


def negation_cut(p: Pair) -> list[Signal]:
    """A quote that starts right after a negator that governs its words:
    "balance this budget" from "We will not balance this budget" (a
    truncation, or an omission marked by an ellipsis at the start, that
    inverts the meaning).  A "not" in another clause or sentence, or more
    than a few auxiliary words away, does not count.

    >>> from xref.align import units
    >>> from xref.lexicon import default_lexicon
    >>> src = units("We will not balance this budget")
    >>> p = Pair(src[3:4], src[3:4], (("equal", 0, 1, 0, 1),), "balance",
    ...          "We will not balance this budget", default_lexicon(), before=src[:3])
    >>> [s.evidence.code for s in negation_cut(p)]
    ['negation-truncated']
    """
    neg = _governing_negator(p)
    if neg is None:
        return []
    elided = 0 in p.gaps
    code = "negation-elided" if elided else "negation-truncated"
    context = p.b_text[neg.start : p.b[0].end]
    if elided:
        msg = (
            f"the omission marked at the start of the quote drops the negation {neg.text!r},"
            f" which governs its first words ({context!r} in the source)"
        )
    else:
        msg = (
            f"the quote starts right after the negation {neg.text!r}, which governs its"
            f" first words ({context!r} in the source): the cut inverts the meaning"
        )
    first = p.a[0] if p.a else None
    a_s = first.start if first else 0
    d = Diff("insert", "negation", "", neg.text, a_s, a_s, neg.start, neg.end)
    return [Signal(Evidence(code, msg, b=neg.text), (d,), True)]


# -- numbers and dates ------------------------------------------------------


def _is_year(u: Unit) -> bool:
    return (
        u.kind == "number"
        and u.norm.isdigit()
        and len(u.norm) == 4
        and 1000 <= (u.value or 0) <= 2999
    )


def _date_parts(u: Unit) -> tuple[str | None, str | None, str | None]:
    """(year, month, day) of a date unit or a bare year.

    >>> from xref.align import units
    >>> _date_parts(units("May 8")[0]), _date_parts(units("2014")[0])
    ((None, '05', '08'), ('2014', None, None))
    """
    if u.kind == "number":
        return (u.norm, None, None)
    body = u.key[1:]
    parts = body.split("-")
    year = None if parts[0] == "?" else parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    return (year, month, day)


def _compatible(x: Unit, y: Unit) -> bool:
    px, py = _date_parts(x), _date_parts(y)
    return all(a is None or b is None or a == b for a, b in zip(px, py, strict=True))


def _is_number(u: Unit) -> bool:
    return u.kind == "number" and not _is_year(u)


def _is_date(u: Unit) -> bool:
    return u.kind == "date" or _is_year(u)


def _mention(text: str, u: Unit) -> NumberMention | None:
    """The number :func:`xref.numbers.find_numbers` reads at unit ``u`` of
    ``text``, with a qualifier standing before it ("about 20,000")."""
    lo = max(0, u.start - 40)
    best: NumberMention | None = None
    for m in find_numbers(text[lo : u.end]):
        if m.end + lo >= u.end and m.start + lo <= u.start + 1:
            best = m
    return best


def _within_qualifier(p: Pair, ua: Unit, ub: Unit) -> str | None:
    """How a qualified number on one side covers the other side's number
    ("about 20,000" covers 19,750: 19,000 to 21,000), or None.  The
    interval applies only against a plain figure: two qualified figures
    must agree as stated figures (:func:`xref.numbers.agree`)."""
    ma, mb = _mention(p.a_text, ua), _mention(p.b_text, ub)
    if ma is None or mb is None or (ma.qualifier is None and mb.qualifier is None):
        return None
    if ma.qualifier is not None and mb.qualifier is not None:
        # both qualified: two stated figures, which must agree themselves
        # ("up to 500" is not "up to 50"; "at least 36" is not "at least 18")
        return None if not agree(ma, mb) else f"{ma.text!r} and {mb.text!r} state the same figure"
    ia = (ma.low, ma.high) if ma.qualifier else (ua.value or 0.0, ua.value or 0.0)
    ib = (mb.low, mb.high) if mb.qualifier else (ub.value or 0.0, ub.value or 0.0)
    if not agree(ia, ib):
        return None
    q = ma if ma.qualifier else mb
    other = ub if q is ma else ua
    side = "quote" if q is ma else "source"
    return f"{q.text!r} in the {side} ({q.describe()}) covers {other.text!r}"


def _currency_changes(p: Pair) -> list[Signal]:
    """Matched numbers whose currencies differ ("$5 million" / "£5 million");
    a currency on one side only is a matter of notation."""
    out: list[Signal] = []
    for tag, i1, i2, j1, j2 in p.ops:
        if tag != "equal":
            continue
        for ua, ub in zip(p.a[i1:i2], p.b[j1:j2], strict=True):
            if ua.kind == "number" and ua.currency and ub.currency and ua.currency != ub.currency:
                out.append(
                    Signal(
                        Evidence(
                            "currency-changed",
                            f"{ua.text!r} in the quote is in another currency than"
                            f" {ub.text!r} in the source",
                            a=ua.text,
                            b=ub.text,
                        ),
                        (_unit_diff(p, "replace", "number", ua, ub),),
                        True,
                    )
                )
    return out


def numbers(p: Pair) -> list[Signal]:
    """Numbers that differ ("18" vs "19"; "Eighteen" vs "18" is equal).

    A number on one side only is reported (``number-added`` /
    ``number-dropped``) but is not a conflict: it is an omission.  A number
    replaced by another one, or numbers that differ between the two sides
    as a whole, are a conflict, unless a qualifier's interval (from
    :func:`xref.numbers.find_numbers`) covers the other number: "about
    20,000" against "19,750" is a note (``number-within-qualifier``),
    against "25,000" a conflict.  A currency that differs is a conflict
    (``currency-changed``); "£3.25bn" and "3.25 billion pounds" are one
    number and one currency.
    """
    out: list[Signal] = _currency_changes(p)
    a_nums = Counter(u.key for u in p.a if _is_number(u))
    b_nums = Counter(u.key for u in p.b if _is_number(u))
    if a_nums == b_nums:
        return out
    only_a = a_nums - b_nums
    only_b = b_nums - a_nums
    a_units = [u for u in p.a if _is_number(u) and u.key in only_a]
    b_units = [u for u in p.b if _is_number(u) and u.key in only_b]
    if a_units and b_units:
        pairs = list(zip(a_units, b_units, strict=False))
        for ua, ub in pairs:
            covered = _within_qualifier(p, ua, ub)
            if covered is not None:
                out.append(
                    Signal(
                        Evidence(
                            "number-within-qualifier",
                            f"the numbers agree: {covered}",
                            a=ua.text,
                            b=ub.text,
                            value=ua.value,
                            threshold=ub.value,
                        )
                    )
                )
                continue
            out.append(
                Signal(
                    Evidence(
                        "number-changed",
                        f"number {ua.text!r} in the quote, {ub.text!r} in the source",
                        a=ua.text,
                        b=ub.text,
                        value=ua.value,
                        threshold=ub.value,
                    ),
                    (_unit_diff(p, "replace", "number", ua, ub),),
                    True,
                )
            )
        return out
    for ua in a_units:
        out.append(
            Signal(
                Evidence(
                    "number-added",
                    f"the quote has the number {ua.text!r}, the source does not",
                    a=ua.text,
                ),
                (_unit_diff(p, "delete", "number", ua, None),),
            )
        )
    for ub in b_units:
        out.append(
            Signal(
                Evidence(
                    "number-dropped",
                    f"the source has the number {ub.text!r}, the quote does not",
                    b=ub.text,
                ),
                (_unit_diff(p, "insert", "number", None, ub),),
            )
        )
    return out


def dates(p: Pair) -> list[Signal]:
    """Dates (and bare years) that disagree: "May 8, 2015" == "8 May 2015",
    "October 2014" is compatible with "2014", "2014" vs "2015" conflicts."""
    a_d = [u for u in p.a if _is_date(u)]
    b_d = [u for u in p.b if _is_date(u)]
    used: set[int] = set()
    unmatched: list[Unit] = []
    for ua in a_d:
        hit = next((k for k, ub in enumerate(b_d) if k not in used and _compatible(ua, ub)), None)
        if hit is None:
            unmatched.append(ua)
        else:
            used.add(hit)
    rest_b = [ub for k, ub in enumerate(b_d) if k not in used]
    out: list[Signal] = []
    for ua, ub in zip(unmatched, rest_b, strict=False):
        out.append(
            Signal(
                Evidence(
                    "date-changed",
                    f"date {ua.text!r} in the quote, {ub.text!r} in the source",
                    a=ua.text,
                    b=ub.text,
                ),
                (_unit_diff(p, "replace", "date", ua, ub),),
                True,
            )
        )
    return out


# -- names ------------------------------------------------------------------


def _name_like(us: Sequence[Unit], k: int, text: str, lex: Lexicon) -> bool:
    u = us[k]
    if not u.cap or u.kind != "word" or u.key in lex.function_words:
        return False
    if u.norm in lex.months or u.norm in lex.weekdays:
        return False
    before = text[: u.start].rstrip()
    # a capital after a sentence end or at the very start is not evidence
    return not (not before or before[-1] in ".!?:\"'“‘")


def is_acronym(short: Sequence[Unit], long: Sequence[Unit], lex: Lexicon) -> bool:
    """Whether ``short`` is the acronym of ``long``: ICE ~ Immigration and
    Customs Enforcement (function words may be skipped)."""
    if len(short) != 1:
        return False
    letters = short[0].text
    if not (letters.isupper() and letters.isalpha() and 2 <= len(letters) <= 8):
        return False
    full = "".join(u.text[0] for u in long if u.text[:1].isalpha()).upper()
    content = "".join(u.text[0] for u in long if u.cap).upper()
    return letters in (full, content)


def _same_name(x: str, y: str, alternations: Sequence[tuple[str, str]] = ()) -> bool:
    """Two spellings or forms of one name: one letter apart ("Erich"/"Eric",
    "Micăa"/"Mică"; a misspelt name is a spelling matter, not another
    person), first letters that alternate in names ("Geoff"/"Jeff"), or one
    a stem of the other ("Serb"/"Serbian", "North"/"Northern",
    "Afro-American"/"African-American").

    >>> _same_name("serb", "serbian"), _same_name("eric", "erich"), _same_name("fitch", "landry")
    (True, True, False)
    >>> _same_name("geoff", "jeff", [("g", "j")]), _same_name("karen", "katherine", [("k", "c")])
    (True, False)
    """
    if len(x) >= 4 and len(y) >= 4 and Levenshtein.distance(x, y, score_cutoff=1) <= 1:
        return True
    if alternations and x[:1] != y[:1] and spelling_variant(x, y, alternations=alternations):
        return True
    short, long = sorted((x, y), key=len)
    if len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3:
        return long[len(short) :] in ("n", "an", "ian", "ic", "ish", "ese", "i", "s", "es", "ern")
    stem = 0
    while stem < len(short) and short[stem] == long[stem]:
        stem += 1
    return (
        stem >= 4
        and "-" in short
        and "-" in long
        and short[short.index("-") :] == long[long.index("-") :]
    )


def names(p: Pair) -> list[Signal]:
    """A name replaced by another name at the same place of the alignment.

    An acronym for its expansion ("ICE" / "Immigration and Customs
    Enforcement") is a note (``acronym``), not a conflict; a name spelt
    within one letter is left to the spelling check.
    """
    out: list[Signal] = []
    for op in _changed(p):
        tag, i1, i2, j1, j2 = op
        if tag != "replace":
            continue
        a_side, b_side = p.a[i1:i2], p.b[j1:j2]
        if is_acronym(a_side, b_side, p.lex) or is_acronym(b_side, a_side, p.lex):
            out.append(
                Signal(
                    Evidence(
                        "acronym",
                        f"{_words(a_side)!r} and {_words(b_side)!r} name the same thing (acronym)",
                        a=_words(a_side),
                        b=_words(b_side),
                    ),
                    (diff_of(p, op, "name"),),
                )
            )
            continue
        a_names = [
            u for k, u in enumerate(p.a) if i1 <= k < i2 and _name_like(p.a, k, p.a_text, p.lex)
        ]
        b_names = [
            u for k, u in enumerate(p.b) if j1 <= k < j2 and _name_like(p.b, k, p.b_text, p.lex)
        ]
        if not a_names or not b_names:
            continue
        a_keys = {u.key for u in a_names} - {u.key for u in b_names}
        b_keys = {u.key for u in b_names} - {u.key for u in a_names}
        if not a_keys or not b_keys:
            continue
        alternations = p.lex.name_alternations
        if any(_same_name(x, y, alternations) for x in a_keys for y in b_keys):
            continue
        if "".join(u.key for u in a_names) == "".join(u.key for u in b_names):
            continue  # "Fallbeil" / "Fall Beil"
        out.append(
            Signal(
                Evidence(
                    "name-changed",
                    f"name {_words(a_names)!r} in the quote, {_words(b_names)!r} in the source",
                    a=_words(a_names),
                    b=_words(b_names),
                ),
                (diff_of(p, op, "name"),),
                True,
            )
        )
    return out


# -- antonyms, comparatives, modals, hedges ---------------------------------


def _replaced_pairs(p: Pair) -> Iterator[tuple[Unit, Unit]]:
    """Every (quote word, source word) pair inside a ``replace`` opcode."""
    for tag, i1, i2, j1, j2 in _changed(p):
        if tag == "replace":
            for ua in p.a[i1:i2]:
                for ub in p.b[j1:j2]:
                    yield ua, ub


def _word_swap(p: Pair, code: str, message: str, kind: str, ua: Unit, ub: Unit) -> Signal:
    """A conflict signal for one word of the quote standing for one of the source."""
    evidence = Evidence(code, message, a=ua.text, b=ub.text)
    return Signal(evidence, (_unit_diff(p, "replace", kind, ua, ub),), True)


def antonyms(p: Pair) -> list[Signal]:
    """A word replaced by its opposite ("won"/"lost", "more"/"fewer")."""
    out: list[Signal] = []
    for ua, ub in _replaced_pairs(p):
        pair = (ua.norm, ub.norm)
        if pair in p.lex.comparatives:
            code, what = "comparative", "comparative"
        elif pair in p.lex.antonyms:
            code, what = "antonym", "opposite"
        else:
            continue
        message = f"{ua.text!r} in the quote is the {what} of {ub.text!r} in the source"
        out.append(_word_swap(p, code, message, "antonym", ua, ub))
    return out


def modals(p: Pair) -> list[Signal]:
    """A modal verb of one strength replaced by another ("will" vs "may", "must")."""
    out: list[Signal] = []
    for ua, ub in _replaced_pairs(p):
        ca, cb = p.lex.modal_class(ua.key), p.lex.modal_class(ub.key)
        if ca is not None and cb is not None and ca != cb:
            message = f"{ua.text!r} ({ca}) in the quote, {ub.text!r} ({cb}) in source"
            out.append(_word_swap(p, "modal-changed", message, "modal", ua, ub))
    return out


def hedges(p: Pair) -> list[Signal]:
    """Qualifiers ("allegedly", "about", "only" …) added or dropped: noted."""
    out: list[Signal] = []
    a_h = Counter(u.key for u in p.a if u.key in p.lex.hedges)
    b_h = Counter(u.key for u in p.b if u.key in p.lex.hedges)
    for word in sorted((a_h - b_h).keys()):
        out.append(
            Signal(Evidence("hedge-added", f"the quote adds the qualifier {word!r}", a=word))
        )
    for word in sorted((b_h - a_h).keys()):
        out.append(
            Signal(Evidence("hedge-dropped", f"the quote drops the qualifier {word!r}", b=word))
        )
    return out


# -- roles ------------------------------------------------------------------


@attrs.frozen
class Tile:
    """A block of words the two sides share: ``a[i:i+n] == b[j:j+n]``."""

    i: int
    j: int
    n: int


#: how many occurrences of a word in ``b`` (the nearest to the word's
#: relative position) :func:`tiles` considers; bounds its work on long texts
#: to linear instead of quadratic in repeated words ("the", "of")
TILE_CANDIDATES = 8


def _near(js: Sequence[int], at: float, k: int) -> list[int]:
    """The ``k`` positions of sorted ``js`` nearest to ``at`` (ties: the lower).

    >>> _near([0, 3, 5, 9, 20], 6.0, 2)
    [5, 3]
    """
    if len(js) <= k:
        return list(js)
    pos = bisect.bisect_left(js, at)
    window = js[max(0, pos - k) : pos + k]
    return sorted(window, key=lambda j: (abs(j - at), j))[:k]


def tiles(a: Sequence[str], b: Sequence[str]) -> list[Tile]:
    """Greedy string tiling: the longest shared blocks first, each word used
    once; ties go to the block whose relative positions are closest.

    Each word of ``a`` is matched only to its :data:`TILE_CANDIDATES`
    nearest occurrences in ``b`` (by relative position), and only maximal
    blocks enter the queue (a block partly taken is split into its free
    parts), so long texts take linear time.

    >>> [(t.i, t.j, t.n) for t in tiles("x m w y".split(), "y m w x".split())]
    [(0, 3, 1), (1, 1, 2), (3, 0, 1)]
    """
    where: dict[str, list[int]] = {}
    for j, bkey in enumerate(b):
        where.setdefault(bkey, []).append(j)
    la, lb = len(a), len(b)
    fa, fb = max(la, 1), max(lb, 1)
    run: dict[tuple[int, int], int] = {}
    for i in range(la - 1, -1, -1):
        js = where.get(a[i], ())
        for j in _near(js, i * fb / fa, TILE_CANDIDATES):
            run[i, j] = run.get((i + 1, j + 1), 0) + 1
    heap = [
        (-n, abs(i / fa - j / fb), i, j) for (i, j), n in run.items() if (i - 1, j - 1) not in run
    ]
    heapq.heapify(heap)
    used_a = [False] * la
    used_b = [False] * lb
    out: list[Tile] = []
    while heap:
        neg, _dist, i, j = heapq.heappop(heap)
        free = [not used_a[i + k] and not used_b[j + k] for k in range(-neg)]
        if all(free):
            for k in range(-neg):
                used_a[i + k] = True
                used_b[j + k] = True
            out.append(Tile(i, j, -neg))
            continue
        k = 0
        while k < -neg:  # requeue the free parts, shortened
            if not free[k]:
                k += 1
                continue
            s = k
            while k < -neg and free[k]:
                k += 1
            heapq.heappush(heap, (s - k, abs((i + s) / fa - (j + s) / fb), i + s, j + s))
    return sorted(out, key=lambda t: t.i)


def _content(us: Sequence[Unit], lex: Lexicon) -> bool:
    return any(
        u.kind in ("number", "date")
        or (u.key not in lex.function_words and u.key not in lex.role_markers)
        for u in us
    )


def _time_phrase(us: Sequence[Unit], lex: Lexicon) -> bool:
    """A block that only says when: a date or a year, with role markers."""
    return any(_is_date(u) for u in us) and all(
        _is_date(u) or u.key in lex.role_markers or u.key in lex.function_words for u in us
    )


def _role_frame(us: Sequence[Unit], lex: Lexicon) -> bool:
    """A frame that gives roles: a content word or a role marker, not just
    "and", "the" or a comma."""
    return any(
        u.key not in lex.coordinators
        and (u.key in lex.role_markers or u.key not in lex.function_words or u.kind != "word")
        for u in us
    )


def _coordination(us: Sequence[Unit], lex: Lexicon) -> bool:
    """Whether the words between two blocks are a plain coordination: a
    coordinator ("and", "or") and nothing but function words."""
    return any(u.key in lex.coordinators for u in us) and all(
        u.key in lex.coordinators
        or (u.key in lex.function_words and u.key not in lex.role_markers and u.kind == "word")
        for u in us
    )


def _separated(us: Sequence[Unit], k: int, text: str, lex: Lexicon) -> bool:
    """Whether a list separator (a comma, a semicolon or a coordinator)
    stands between unit ``k - 1`` and unit ``k``."""
    if k <= 0 or k >= len(us):
        return False
    gap = text[us[k - 1].end : us[k].start]
    return (
        "," in gap
        or ";" in gap
        or us[k].key in lex.coordinators
        or (us[k - 1].key in lex.coordinators)
    )


def _listed(p: Pair, tx: Tile, ty: Tile) -> bool:
    """X and Y are items of one list on both sides ("A, B and C" vs "C, B
    and A"): separators right after the first and right before the second,
    the same words between them, and no number or role marker among them."""
    lex = p.lex
    between_a = p.a[tx.i + tx.n : ty.i]
    between_b = p.b[ty.j + ty.n : tx.j]
    if [u.key for u in between_a] != [u.key for u in between_b]:
        return False
    if any(
        u.kind != "word" or (u.key in lex.role_markers and u.key not in lex.coordinators)
        for u in between_a
    ):
        return False
    return (
        _separated(p.a, tx.i + tx.n, p.a_text, lex)
        and _separated(p.a, ty.i, p.a_text, lex)
        and _separated(p.b, ty.j + ty.n, p.b_text, lex)
        and _separated(p.b, tx.j, p.b_text, lex)
    )


def _move_diff(p: Pair, ua: Sequence[Unit], ub: Sequence[Unit]) -> Diff:
    a_s, a_e, b_s, b_e = ua[0].start, ua[-1].end, ub[0].start, ub[-1].end
    return Diff("move", "role", p.a_text[a_s:a_e], p.b_text[b_s:b_e], a_s, a_e, b_s, b_e)


#: how many shared blocks after X :func:`roles` looks at for a Y that
#: trades places with it: actors swap within a clause, and the bound keeps
#: the detector linear on chapter-long quotes
ROLE_REACH = 24


def roles(p: Pair) -> list[Signal]:
    """Actors that trade places: two blocks X and Y (with content words)
    change order while a block F with a role (a verb, a preposition…) stays
    between them on both sides ("flights from X to Y" vs "from Y to X"; "X
    merged with Y" vs "Y merged with X").  A phrase that moves on its own
    ("in 2009, X did Y" vs "X did Y in 2009") has nothing staying between
    it and what it passes, so it is not a swap.

    Not a conflict: X and Y on the two sides of a plain coordination
    ("X and Y" vs "Y and X") or items of one list, a time exchanged with
    something else ("in Sweden in 1947" vs "in 1947 in Sweden"), and a
    passive turned active ("X was hired by Y" vs "Y hired X").
    """
    lex = p.lex
    if all(op[0] == "equal" for op in p.ops):
        return []  # the same words in the same order: nothing traded places
    ts = tiles([u.key for u in p.a], [u.key for u in p.b])
    out: list[Signal] = []
    for x, tx in enumerate(ts):
        ux = p.a[tx.i : tx.i + tx.n]
        if not _content(ux, lex):
            continue
        for y in range(x + 1, min(len(ts), x + 1 + ROLE_REACH)):
            ty = ts[y]
            if ty.j >= tx.j:
                continue  # same order on both sides
            uy = p.a[ty.i : ty.i + ty.n]
            if not _content(uy, lex):
                continue
            frames = [t for t in ts[x + 1 : y] if ty.j + ty.n <= t.j and t.j + t.n <= tx.j]
            if not frames:
                continue
            if _time_phrase(ux, lex) != _time_phrase(uy, lex):
                continue  # "in Sweden in 1947" / "in 1947 in Sweden": a time is no actor
            frame_units = [u for t in frames for u in p.a[t.i : t.i + t.n]]
            ax, ay, fw = _words(ux), _words(uy), _words(frame_units)
            between_a = p.a[tx.i + tx.n : ty.i]
            between_b = p.b[ty.j + ty.n : tx.j]
            agent = lex.passive_agent
            if any(u.key in agent for u in between_a) != any(u.key in agent for u in between_b):
                msg = f"{ax!r} and {ay!r} change places with a passive 'by' (voice change)"
                out.append(Signal(Evidence("voice-change", msg, a=ax, b=ay)))
                continue
            if (
                not _role_frame(frame_units, lex)
                and not _role_frame(between_a, lex)
                and not _role_frame(between_b, lex)
            ) or (
                (_coordination(between_a, lex) and _coordination(between_b, lex))
                or _listed(p, tx, ty)
            ):
                msg = f"{ax!r} and {ay!r} change places in a coordination ({fw!r})"
                out.append(Signal(Evidence("coordination-swap", msg, a=ax, b=ay)))
                continue
            bx = p.b[tx.j : tx.j + tx.n]
            by = p.b[ty.j : ty.j + ty.n]
            msg = f"{ax!r} and {ay!r} trade places around {fw!r}: the actors' roles differ"
            out.append(
                Signal(
                    Evidence("role-swap", msg, a=ax, b=ay),
                    (_move_diff(p, ux, bx), _move_diff(p, uy, by)),
                    True,
                )
            )
    return out


Detector = Callable[[Pair], list[Signal]]

#: every detector, in the order their evidence is listed
DETECTORS: tuple[Detector, ...] = (
    negation,
    negation_cut,
    numbers,
    dates,
    names,
    antonyms,
    modals,
    roles,
    hedges,
)


def signals(p: Pair) -> list[Signal]:
    """Run every detector on ``p``; evidence order is deterministic."""
    out: list[Signal] = []
    for detect in DETECTORS:
        out.extend(detect(p))
    return out
