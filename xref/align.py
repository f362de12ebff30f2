"""Word alignment: where a quote sits in a text, and which words differ.

Matching runs on *units*: the words of :func:`xref.normalize.tokenize` with a
matching key (case-folded, accents stripped, spelling canonical, hyphens
dropped), number words and digits read as one number ("Eighteen" and "18"
share the key ``#18``; "£3.25bn", "£3.25 billion" and "3.25 billion pounds"
share ``#3250000000`` and the currency ``£``, with the scales, abbreviations
and currency words of ``rules/words/numbers.toml``, the table
:mod:`xref.numbers` reads too), dates read as one date ("May 8, 2015" and
"8 May 2015" share ``@2015-05-08``), the possessive or negative clitic split
off ("don't" is ``do`` + ``not``) and a stray apostrophe after a word
("late'") made punctuation.  Every unit keeps the offsets of the original
text.  rapidfuzz is always called with ``processor=None``.

Contents
--------
Unit            one word, number or date with its key and original offsets
units           str -> tuple[Unit, ...] (cached; clear_caches() forgets them)
parse_number, number_key   reading "19,752", "$4.5", "3rd" and their keys
Opcode          (tag, a_start, a_end, b_start, b_end) over unit indices
word_opcodes    difflib-style opcodes (equal/replace/delete/insert) over keys
similarity      word-level similarity 0-100
trim, align_units   the part of a text a quote's words match, with opcodes
Alignment       the best window of a text for a quote, with its opcodes
locate          str, str -> Alignment | None (rapidfuzz partial_ratio_alignment,
                then a word-level trim)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import attrs
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from xref.lexicon import Lexicon, default_lexicon
from xref.normalize import _DASHES, _DOUBLE_QUOTES, _DROP, _SINGLE_QUOTES, _SPACES, normalize
from xref.normalize import _TOKEN_RE as TOKEN_RE

#: (tag, a_start, a_end, b_start, b_end); tag is equal, replace, delete or insert
Opcode = tuple[str, int, int, int, int]


@attrs.frozen
class Unit:
    """A word, number, date or punctuation mark, ready for matching.

    ``text`` is the original text (``original[start:end]``); ``norm`` the
    case-folded form; ``key`` the matching key; ``value`` a number's value;
    ``cap`` whether the original starts with a capital letter; ``currency``
    a number's currency symbol ("$", "£") or word ("yuan"), which is not
    part of its key (the engine compares currencies on their own).
    """

    key: str
    norm: str
    text: str
    start: int
    end: int
    kind: str  # word | number | date | punct
    value: float | None = None
    cap: bool = False
    currency: str | None = None

    @property
    def is_word(self) -> bool:
        return self.kind != "punct"


_NUM_RE = re.compile(r"^([$€£¥]?)(\d+(?:[.,:/]\d+)*)(%|st|nd|rd|th|s)?$")


def parse_number(token: str) -> tuple[str, float | None, str]:
    """``(prefix, value, suffix)`` of a number token; value None when unreadable.

    >>> parse_number("19,752")
    ('', 19752.0, '')
    >>> parse_number("$4.5")
    ('$', 4.5, '')
    >>> parse_number("3rd")
    ('', 3.0, 'th')
    >>> parse_number("0,712")
    ('', 0.712, '')
    >>> parse_number("4.38.41")
    ('', None, '')
    """
    m = _NUM_RE.match(token)
    if not m:
        return "", None, ""
    prefix, digits, suffix = m.group(1), m.group(2), m.group(3) or ""
    if suffix in ("st", "nd", "rd"):
        suffix = "th"
    if _DECIMAL_COMMA.fullmatch(digits):
        digits = digits.replace(",", ".")  # a decimal comma: "0,712"
    elif _THOUSANDS.fullmatch(digits):
        digits = digits.replace(",", "")
    if _PLAIN_NUMBER.fullmatch(digits):
        return prefix, float(digits), suffix
    return prefix, None, suffix


_DECIMAL_COMMA = re.compile(r"0,\d+")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN_NUMBER = re.compile(r"\d+(\.\d+)?")


def number_key(prefix: str, value: float, suffix: str) -> str:
    """The matching key of a number (units call it with an empty prefix:
    the currency is kept apart, in :attr:`Unit.currency`).

    >>> number_key("", 18.0, ""), number_key("$", 4.5, ""), number_key("", 3.0, "th")
    ('#18', '#$4.5', '#3th')
    """
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return f"#{prefix}{text}{suffix}"


def _word_number(norm: str, lex: Lexicon) -> tuple[float, str] | None:
    """Value and suffix of a number word ("eighteen", "twenty-one", "third")."""
    if norm in lex.ordinals:
        return float(lex.ordinals[norm]), "th"
    parts = norm.split("-")
    if all(p in lex.number_words for p in parts) and len(parts) <= 2:
        return float(sum(lex.number_words[p] for p in parts)), ""
    if len(parts) == 2 and parts[0] in lex.number_words and parts[1] in lex.ordinals:
        return float(lex.number_words[parts[0]] + lex.ordinals[parts[1]]), "th"
    return None


_CLITICS = (("n't", "not"), ("'s", "'s"), ("s'", "'s"))


def _split_clitics(norm: str) -> tuple[tuple[str, int, int], ...]:
    """Split ``'s`` and ``n't`` off a word: (norm, start, end) pieces with
    offsets relative to the word.  Any other apostrophe at the end of a
    word ("late'": a closing quotation mark glued to it) is split off as
    the piece ``'``, which is punctuation.

    >>> _split_clitics("didn't"), _split_clitics("biden's")
    ((('did', 0, 3), ('not', 3, 6)), (('biden', 0, 5), ("'s", 5, 7)))
    >>> _split_clitics("late'")
    (('late', 0, 4), ("'", 4, 5))
    """
    for ending, key in _CLITICS:
        if norm.endswith(ending) and len(norm) > len(ending):
            # "workers'": the word keeps its "s", the apostrophe is the clitic
            cut = len(norm) - (1 if ending == "s'" else len(ending))
            return ((norm[:cut], 0, cut), (key, cut, len(norm)))
    if norm.endswith("'") and len(norm) > 1:
        cut = len(norm) - 1
        return ((norm[:cut], 0, cut), ("'", cut, len(norm)))
    return ((norm, 0, len(norm)),)


#: (key, norm, start, end, kind, value) of the pieces of one word token
_Piece = tuple[str, str, int, int, str, float | None]


@lru_cache(maxsize=65536)
def _word_pieces(norm: str, length: int, lex: Lexicon) -> tuple[_Piece, ...]:
    """Matching keys of one word token (cached: words repeat)."""
    pieces = _split_clitics(norm) if length == len(norm) else ((norm, 0, length),)
    out: list[_Piece] = []
    for piece, s, e in pieces:
        if piece == "'":
            out.append(("'", piece, s, e, "punct", None))
            continue
        word = _word_number(piece, lex)
        if word is not None:
            out.append((number_key("", word[0], word[1]), piece, s, e, "number", word[0]))
        else:
            key = lex.canonical_spelling(piece).replace("-", "") or piece
            out.append((key, piece, s, e, "word", None))
    return tuple(out)


def _fold_table() -> dict[int, str]:
    """Character replacements of :func:`xref.normalize.normalize` that a
    plain ``str.translate`` can apply (built from normalize's own sets)."""
    table: dict[int, str] = {c: " " for c in range(32)}
    table[0x7F] = " "
    for c in range(0x80, 0xA0):
        table[c] = " "  # C1 control characters
    for ch in _DOUBLE_QUOTES:
        table[ord(ch)] = '"'
    for ch in _SINGLE_QUOTES:
        table[ord(ch)] = "'"
    for ch in _DASHES:
        table[ord(ch)] = "-"
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _DROP:
        table[ord(ch)] = ""
    table[ord("…")] = "..."
    return table


_FOLD = _fold_table()
_UNEVEN = re.compile("[…" + re.escape(_DROP) + "]")  # one character to 3 or 0
#: a character that neither is ASCII nor folds to ASCII in :data:`_FOLD`:
#: a text holding one leaves :func:`_normalized`'s fast path (found without
#: translating the whole text first, the slow part for such a text)
_NOT_FOLDED_TO_ASCII = re.compile(
    "[^\x00-\x7f"
    + "".join(re.escape(chr(c)) for c, r in sorted(_FOLD.items()) if c >= 0x80 and r.isascii())
    + "]"
)
_SPACE_RUN = re.compile(r" {2,}")


def _normalized(text: str) -> tuple[str, Sequence[int]]:
    """``normalize(text, casefold=True, strip_accents=True)`` as (text,
    offsets), with a fast path, for text that is plain ASCII once quotes,
    dashes, spaces and the ellipsis are folded, that gives the very same
    result (a property test checks it against normalize)."""
    if not text.isascii() and _NOT_FOLDED_TO_ASCII.search(text):
        n = normalize(text, casefold=True, strip_accents=True)
        return n.text, n.offsets
    folded = text.translate(_FOLD)
    if not folded.isascii():
        n = normalize(text, casefold=True, strip_accents=True)
        return n.text, n.offsets
    folded = folded.lower()
    base: Sequence[int]
    if len(folded) == len(text) and not _UNEVEN.search(text):
        base = range(len(text))
    else:
        offs: list[int] = []
        pos = 0
        for m in _UNEVEN.finditer(text):
            offs.extend(range(pos, m.start()))
            offs.extend([m.start()] * len(_FOLD[ord(m.group())]))
            pos = m.end()
        offs.extend(range(pos, len(text)))
        base = offs
    lead = len(folded) - len(folded.lstrip(" "))
    body = folded.strip(" ")
    if "  " not in body:
        return body, [*base[lead : lead + len(body)], len(text)]
    out: list[str] = []
    keep: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(body):
        out.append(body[pos : m.start() + 1])
        keep.extend(base[lead + pos : lead + m.start() + 1])
        pos = m.end()
    out.append(body[pos:])
    keep.extend(base[lead + pos : lead + len(body)])
    keep.append(len(text))
    return "".join(out), keep


def _span(offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """Map a normalized span back to the original (see Normalized.span)."""
    if end <= start:
        o = offsets[min(start, len(offsets) - 1)]
        return o, o
    return offsets[start], offsets[end - 1] + 1


def _make_unit() -> Callable[..., Unit]:
    """A maker of :class:`Unit` objects that fills their slots directly:
    the very object ``Unit(...)`` makes, in half the time (a frozen class's
    ``__init__`` goes through ``object.__setattr__`` for each field; units
    are made by the hundred thousand).  A test checks it against ``Unit``."""
    names = [f.name for f in attrs.fields(Unit)]
    if names != ["key", "norm", "text", "start", "end", "kind", "value", "cap", "currency"]:
        return Unit  # the fields changed: the plain constructor
    sets = [Unit.__dict__[n].__set__ for n in names]
    s_key, s_norm, s_text, s_start, s_end, s_kind, s_value, s_cap, s_currency = sets
    new = object.__new__

    def make(
        key: str,
        norm: str,
        text: str,
        start: int,
        end: int,
        kind: str,
        value: float | None = None,
        cap: bool = False,
        currency: str | None = None,
    ) -> Unit:
        u: Unit = new(Unit)
        s_key(u, key)
        s_norm(u, norm)
        s_text(u, text)
        s_start(u, start)
        s_end(u, end)
        s_kind(u, kind)
        s_value(u, value)
        s_cap(u, cap)
        s_currency(u, currency)
        return u

    return make


_unit = _make_unit()

#: word pieces by (norm, length), one table per lexicon: a dictionary look-up
#: instead of a call through :func:`_word_pieces`'s cache, which hashes the
#: lexicon each time
_PIECES: dict[int, tuple[Lexicon, dict[tuple[str, int], tuple[_Piece, ...]]]] = {}


_PIECES_MAX = 1 << 17


def _pieces_table(lex: Lexicon) -> dict[tuple[str, int], tuple[_Piece, ...]]:
    got = _PIECES.get(id(lex))
    if got is None or got[0] is not lex:
        if len(_PIECES) > 16:
            _PIECES.clear()
        got = _PIECES[id(lex)] = (lex, {})
    return got[1]


def _raw_units(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> list[Unit]:
    """The units of ``text[lo:hi]`` before numbers and dates are joined,
    their offsets into ``text``.  Written for speed (names bound once, units
    made by :data:`_unit`): the loop runs for every token of every window
    compared."""
    ntext, offsets = _normalized(text if lo == 0 and hi is None else text[lo:hi])
    out: list[Unit] = []
    append = out.append
    unit = _unit
    table = _pieces_table(lex)
    for m in TOKEN_RE.finditer(ntext):
        kind = m.lastgroup or "punct"
        norm = m.group()
        ms, me = m.span()
        start, end = offsets[ms] + lo, offsets[me - 1] + 1 + lo
        if kind == "punct":
            append(unit(norm, norm, text[start:end], start, end, "punct"))
        elif kind == "number":
            prefix, value, suffix = parse_number(norm)
            if value is not None:
                key = number_key("", value, suffix)
                append(unit(key, norm, text[start:end], start, end, "number", value, False,
                            prefix or None))
            else:
                append(unit("#" + norm, norm, text[start:end], start, end, "number"))
        else:
            length = end - start
            pieces = table.get((norm, length))
            if pieces is None:
                if len(table) >= _PIECES_MAX:
                    table.clear()
                pieces = table[norm, length] = _word_pieces(norm, length, lex)
            for key, piece, ps, pe, pkind, value in pieces:
                s, e = start + ps, start + pe
                append(unit(key, piece, text[s:e], s, e, pkind, value, text[s : s + 1].isupper()))
    return out


def _merge(
    first: Unit,
    last: Unit,
    key: str,
    kind: str,
    value: float | None,
    text: str,
    currency: str | None = None,
) -> Unit:
    norm = normalize(text[first.start : last.end], casefold=True).text
    return Unit(
        key,
        norm,
        text[first.start : last.end],
        first.start,
        last.end,
        kind,
        value,
        first.cap,
        currency,
    )


def _currency_after(us: Sequence[Unit], j: int, lex: Lexicon) -> str | None:
    """The currency a word at ``us[j]`` names ("pounds" -> "£"), or None."""
    if j < len(us) and us[j].kind == "word":
        return lex.currencies.get(us[j].norm)
    return None


def _merge_numbers(us: list[Unit], lex: Lexicon, text: str) -> list[Unit]:
    """Join "two hundred", "4.5 million", "£3.25bn", "5 percent", "1.2 billion
    dollars" into one number unit (the currency goes to ``Unit.currency``)."""
    # the units that may start a number, in order: the others are copied
    # a run at a time (most windows hold no number, or a few)
    starts = [k for k, u in enumerate(us) if u.kind == "number" and u.value is not None]
    if not starts:
        return list(us)
    out: list[Unit] = []
    i = 0
    nxt = 0  # index into starts of the first number unit at or after i
    while i < len(us):
        while nxt < len(starts) and starts[nxt] < i:
            nxt += 1
        if nxt == len(starts) or starts[nxt] > i:
            k = starts[nxt] if nxt < len(starts) else len(us)
            out.extend(us[i:k])
            i = k
            continue
        u = us[i]
        assert u.value is not None  # ``starts`` holds numbers with a value
        alpha = u.norm.replace("-", "").isalpha()
        if alpha:
            suffix = "th" if u.key.endswith("th") else ""
        else:
            _prefix, _value, suffix = parse_number(u.norm)
        currency = u.currency
        total, current = 0.0, u.value
        j = i + 1
        while j < len(us):
            w = us[j]
            prev = us[j - 1].norm
            scale_word = w.norm in lex.number_scales
            if not scale_word and not alpha and j == i + 1 and w.start == u.end:
                # an abbreviation glued to the digits: "£3.25bn", "$40m"
                has_currency = currency is not None or _currency_after(us, j + 1, lex) is not None
                scale_word = lex.scale_of(w.norm, currency=has_currency) is not None
            if scale_word and not suffix:
                scale = lex.scale_of(w.norm, currency=True) or 1
                current *= scale
                if scale >= 1000:
                    total, current = total + current, 0.0
                j += 1
            elif (
                alpha
                and w.kind == "number"
                and w.value is not None
                and w.norm.replace("-", "").isalpha()
                and (
                    prev in lex.number_scales
                    or (current >= 20 and current % 10 == 0 and w.value < 10)
                )
            ):
                suffix = "th" if w.key.endswith("th") else suffix
                current += w.value
                j += 1
            elif (
                alpha
                and w.norm == "and"
                and prev in lex.number_scales
                and j + 1 < len(us)
                and us[j + 1].kind == "number"
                and us[j + 1].norm.replace("-", "").isalpha()
            ):
                j += 1
            else:
                break
        if not suffix and j < len(us):
            if us[j].norm in lex.percent_words:
                suffix, j = "%", j + 1
            elif us[j].norm == "per" and j + 1 < len(us) and us[j + 1].norm == "cent":
                suffix, j = "%", j + 2
            elif currency is None and (named := _currency_after(us, j, lex)) is not None:
                currency, j = named, j + 1
        if j == i + 1:
            out.append(u)
        else:
            value = total + current
            out.append(
                _merge(u, us[j - 1], number_key("", value, suffix), "number", value, text, currency)
            )
        i = j
    return out


def _is_day(u: Unit) -> bool:
    return (
        u.kind == "number"
        and u.value is not None
        and 1 <= u.value <= 31
        and u.value == int(u.value)
    )


def _is_year(u: Unit) -> bool:
    return (
        u.kind == "number"
        and u.value is not None
        and u.norm.isdigit()
        and len(u.norm) == 4
        and 1000 <= u.value <= 2999
    )


def _date_key(year: Unit | None, month: int, day: Unit | None) -> str:
    y = f"{int(year.value or 0):04d}" if year else "?"
    d = f"-{int(day.value or 0):02d}" if day else ""
    return f"@{y}-{month:02d}{d}"


def _merge_dates(us: list[Unit], lex: Lexicon, text: str) -> list[Unit]:
    """Join "May 8, 2015", "8 May 2015", "Oct. 2014" into one date unit."""
    if lex.months.keys().isdisjoint([u.norm for u in us]):
        return us
    out: list[Unit] = []
    i = 0
    while i < len(us):
        u = us[i]
        found: tuple[int, str] | None = None
        if u.norm in lex.months or _is_day(u):
            seq = [us[k] for k in range(i, min(len(us), i + 6)) if us[k].norm not in {",", "."}]
            idx = [k for k in range(i, min(len(us), i + 6)) if us[k].norm not in {",", "."}]
            m0 = lex.months.get(seq[0].norm) if seq else None
            if m0 and len(seq) >= 2:
                if _is_day(seq[1]) and len(seq) >= 3 and _is_year(seq[2]):
                    found = (idx[2], _date_key(seq[2], m0, seq[1]))
                elif _is_year(seq[1]):
                    found = (idx[1], _date_key(seq[1], m0, None))
                elif _is_day(seq[1]) and seq[0].cap:
                    found = (idx[1], _date_key(None, m0, seq[1]))
            elif _is_day(u) and len(seq) >= 2 and seq[1].norm in lex.months:
                m1 = lex.months[seq[1].norm]
                if len(seq) >= 3 and _is_year(seq[2]):
                    found = (idx[2], _date_key(seq[2], m1, u))
                elif seq[1].cap:
                    found = (idx[1], _date_key(None, m1, u))
        if found is None:
            out.append(u)
            i += 1
            continue
        last, key = found
        out.append(_merge(u, us[last], key, "date", None, text))
        i = last + 1
    return out


def units(text: str, *, lexicon: Lexicon | None = None) -> tuple[Unit, ...]:
    """Words, numbers, dates and punctuation of ``text``, with matching keys.

    >>> [u.key for u in units("Eighteen AGs didn't sign on May 8, 2015.")]
    ['#18', 'ags', 'did', 'not', 'sign', 'on', '@2015-05-08', '.']
    >>> [u.key for u in units("4.5 million, 5 percent, the Segheș River")]
    ['#4500000', ',', '#5%', ',', 'the', 'seghes', 'river']
    >>> [(u.key, u.currency) for u in units("£3.25bn; 3.25 billion pounds")]
    [('#3250000000', '£'), (';', None), ('#3250000000', '£')]
    >>> u = units("Biden's plan")[1]; (u.key, u.start, u.end)
    ("'s", 5, 7)
    """
    return _units(text, lexicon or default_lexicon())


def _make_units(text: str, lex: Lexicon, lo: int = 0, hi: int | None = None) -> list[Unit]:
    """:func:`units` of ``text[lo:hi]``, offsets into ``text``, not cached
    (a window of a document, made once).  The same units as those of the
    slice, each shifted by ``lo`` (numbers and dates joined within the
    slice only): made where they belong instead of made and then moved."""
    raw = _raw_units(text, lex, lo, hi)
    return _merge_dates(_merge_numbers(raw, lex, text), lex, text)


@lru_cache(maxsize=256)
def _units(text: str, lex: Lexicon) -> tuple[Unit, ...]:
    """:func:`units`, cached: a source document is compared with many quotes,
    and a quote with several documents."""
    return tuple(_make_units(text, lex))


def clear_caches() -> None:
    """Forget cached units (for timing measurements)."""
    _units.cache_clear()


def word_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Opcodes turning key list ``a`` into ``b``: a delete next to an insert
    becomes a ``replace`` (rapidfuzz Indel, i.e. a longest common subsequence).

    >>> word_opcodes(["a", "b", "c"], ["a", "x", "c", "d"])
    [('equal', 0, 1, 0, 1), ('replace', 1, 2, 1, 2), ('equal', 2, 3, 2, 3), ('insert', 3, 3, 3, 4)]
    """
    raw = [(o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end) for o in Indel.opcodes(a, b)]
    out: list[Opcode] = []
    for op in raw:
        if op[0] == "equal" and op[1] == op[2]:
            continue
        if out and out[-1][0] in ("delete", "insert", "replace") and op[0] in ("delete", "insert"):
            _t, i1, _i2, j1, _j2 = out[-1]
            out[-1] = ("replace", i1, op[2], j1, op[4])
            continue
        out.append(op)
    return out


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Word-level similarity 0-100 (Indel: 2 * common / total).

    >>> similarity(["a", "b"], ["a", "c"])
    50.0
    """
    if not a and not b:
        return 100.0
    return float(Indel.normalized_similarity(a, b)) * 100.0


@attrs.frozen
class Alignment:
    """The best window of a text for a quote.

    ``start``/``end`` index the text given to :func:`locate`; ``quote_units``
    and ``text_units`` are the word units of the quote and of the window;
    ``opcodes`` turn the one into the other; ``score`` is the word-level
    similarity (0-100) and ``char_score`` rapidfuzz's partial ratio.
    """

    score: float
    start: int
    end: int
    quote_units: tuple[Unit, ...]
    text_units: tuple[Unit, ...]
    opcodes: tuple[Opcode, ...]
    char_score: float = 0.0


def trim(opcodes: Sequence[Opcode]) -> tuple[int, int] | None:
    """The b-range from the first to the last equal block (None if none).

    >>> trim([("insert", 0, 0, 0, 2), ("equal", 0, 3, 2, 5), ("insert", 3, 3, 5, 9)])
    (2, 5)
    """
    eq = [op for op in opcodes if op[0] == "equal"]
    if not eq:
        return None
    return eq[0][3], eq[-1][4]


#: a source word left unmatched inside the span costs this many matches
GAP_COST = 0.25


def _span_score(qk: Sequence[str], tk: Sequence[str]) -> float:
    common = Indel.similarity(qk, tk) / 2  # the longest common subsequence
    return float(common - GAP_COST * (len(tk) - common))


def _best_span(qk: Sequence[str], tk: Sequence[str], ops: Sequence[Opcode]) -> tuple[int, int]:
    """The text range, from the start of one equal block to the end of
    another, that best matches the quote: common words count 1, each extra
    text word inside costs ``GAP_COST``.  A longest common subsequence alone
    happily matches a stray "the" far away; this cuts it off.

    >>> q = "the cancellation of this program".split()
    >>> t = "during the period x y z w v u the cancellation of this program".split()
    >>> _best_span(q, t, word_opcodes(q, t))
    (9, 14)
    >>> q, t = "an ICE operation".split(), "an I and C E operation".split()
    >>> _best_span(q, t, word_opcodes(q, t))
    (0, 6)
    """
    eq = [op for op in ops if op[0] == "equal"]
    starts = [op[3] for op in eq]
    ends = [op[4] for op in eq]
    last = ends[-1]
    best_first, best = starts[0], float("-inf")
    for s in starts:
        if s >= last:
            break
        score = _span_score(qk, tk[s:last])
        if score > best:
            best_first, best = s, score
    best_last, best = last, float("-inf")
    for e in reversed(ends):
        if e <= best_first:
            break
        score = _span_score(qk, tk[best_first:e])
        if score > best:
            best_last, best = e, score
    return best_first, best_last


def align_units(
    quote_units: Sequence[Unit], text_units: Sequence[Unit], *, lexicon: Lexicon | None = None
) -> tuple[int, int, list[Opcode]] | None:
    """Trim ``text_units`` to the part the quote matches; opcodes over it.

    Returns (first, last) indices into ``text_units`` (half open) and the
    opcodes of the quote against ``text_units[first:last]``.  A quote word
    missing at either end pulls in the neighbouring text word (a changed
    first or last word stays a ``replace``, not an omission), and a content
    word of the quote that the text has just outside the span (it moved)
    is taken in.
    """
    lex = lexicon or default_lexicon()
    qk = [u.key for u in quote_units]
    tk = [u.key for u in text_units]
    ops = word_opcodes(qk, tk)
    span = trim(ops)
    if span is None:
        return None
    first, last = _best_span(qk, tk, ops)
    ops = word_opcodes(qk, tk[first:last])
    ops = [(t, i1, i2, j1 + first, j2 + first) for t, i1, i2, j1, j2 in ops]
    # quote words before the first / after the last match: pair them with as
    # many text words next to the span
    eq = [op for op in ops if op[0] == "equal"]
    lead = eq[0][1]
    tail = len(qk) - eq[-1][2]
    first = max(0, first - lead)
    last = min(len(tk), last + tail)
    # quote words left unmatched that the text has just outside the span
    # moved there ("X merged with Y" / "Y merged with X"): take them in
    inside = set(tk[first:last])
    missing = {
        qk[i]
        for op in ops
        if op[0] in ("delete", "replace")
        for i in range(op[1], op[2])
        if qk[i] not in lex.function_words and qk[i] not in inside
    }
    reach = len(qk)
    k = first - 1
    while k >= max(0, first - reach):
        if tk[k] in missing:
            first = k
        k -= 1
    k = last
    while k < min(len(tk), last + reach):
        if tk[k] in missing:
            last = k + 1
        k += 1
    return first, last, word_opcodes(qk, tk[first:last])


def _widen(ntext: str, s: int, e: int) -> tuple[int, int]:
    while s > 0 and ntext[s - 1].isalnum():
        s -= 1
    while e < len(ntext) and ntext[e].isalnum():
        e += 1
    return s, e


#: a quote longer than this (normalized characters) is placed by its head
#: and its tail (:func:`_anchor_window`): a whole-quote partial alignment
#: grows with the product of the lengths and stalls on chapter-long quotes
LONG_QUOTE_CHARS = 3000
#: the length of the head and tail anchors, and the margin kept around them
ANCHOR_CHARS = 500


def _anchor_window(nq: str, nt: str) -> tuple[int, int, float] | None:
    """Where a long normalized quote ``nq`` lies in ``nt``: from the best
    place of its first :data:`ANCHOR_CHARS` to the best place of its last,
    with the character score of the quote against that window.  None for a
    short quote, or when the anchors are out of order or the window is far
    longer than the quote (the caller falls back to a whole alignment).

    >>> _anchor_window("short", "a short text") is None
    True
    >>> q = " ".join(f"w{i}" for i in range(1000))
    >>> s, e, score = _anchor_window(q, "intro " + q + " outro")
    >>> (s, e, score)
    (6, 4895, 100.0)
    """
    if len(nq) <= LONG_QUOTE_CHARS:
        return None
    head = fuzz.partial_ratio_alignment(nq[:ANCHOR_CHARS], nt, processor=None)
    tail = fuzz.partial_ratio_alignment(nq[-ANCHOR_CHARS:], nt, processor=None)
    if head is None or tail is None:
        return None
    s, e = head.dest_start, tail.dest_end
    if e <= s or e - s > 2 * len(nq):
        return None
    return s, e, float(fuzz.ratio(nq, nt[s:e], processor=None))


#: characters of context read on each side of a window when its units are
#: made, so that a number or date merged across the window's edge is whole
_UNIT_CONTEXT = 64


def _window_words(text: str, ws: int, we: int, lex: Lexicon) -> tuple[Unit, ...]:
    """The word units of ``text`` inside ``[ws, we)``, offsets into ``text``.

    A short text's units are made once and cached (a document serves many
    quotes); a long one's only around the window, so that one quote costs
    time in proportion to itself, not to the document.

    >>> t = "On May 8, 2015 the board met. " * 200 + "It voted on May 9, 2015."
    >>> [u.text for u in _window_words(t, len(t) - 24, len(t), default_lexicon())]
    ['It', 'voted', 'on', 'May 9, 2015']
    """
    if len(text) <= 4 * _UNIT_CONTEXT or we - ws > len(text) // 2:
        return tuple(u for u in units(text, lexicon=lex)
                     if u.is_word and u.start >= ws and u.end <= we)
    a, b = max(0, ws - _UNIT_CONTEXT), min(len(text), we + _UNIT_CONTEXT)
    # start and stop at white space, so no word is cut
    space = text.rfind(" ", max(0, a - _UNIT_CONTEXT), a + 1)
    a = space + 1 if space >= 0 else a
    space = text.find(" ", b - 1, b + _UNIT_CONTEXT)
    b = space if space >= 0 else b
    # the units of text[a:b], made at their offsets in ``text`` and not
    # cached: a window is made once, and would push out the quotes and
    # documents asked for again
    return tuple(
        u
        for u in _make_units(text, lex, a, b)
        if u.kind != "punct" and u.start >= ws and u.end <= we
    )


def locate(
    quote: str,
    text: str,
    *,
    start: int = 0,
    end: int | None = None,
    score_cutoff: float = 0,
    lexicon: Lexicon | None = None,
) -> Alignment | None:
    """The best-matching window of ``text[start:end]`` for ``quote``.

    The window is found with ``rapidfuzz.fuzz.partial_ratio_alignment`` on
    normalized text, widened by half the quote's length on each side, and then
    trimmed to the words the quote matches.  A long quote is placed by its
    head and tail instead (:func:`_anchor_window`), so time stays linear.
    Offsets index ``text``.  Returns
    None when nothing matches or the word score is below ``score_cutoff``.

    >>> a = locate("assault more victims", "and assault  more victims, both")
    >>> (a.start, a.end, a.score)
    (4, 25, 100.0)
    """
    lex = lexicon or default_lexicon()
    stop = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, stop))
    q_all = units(quote, lexicon=lex)
    q_words = tuple(u for u in q_all if u.is_word)
    if not q_words:
        return None
    nq = _normalized(quote)[0]
    nt, offsets = _normalized(text[start:stop])
    if not nt:
        return None
    window = _anchor_window(nq, nt)
    if window is not None:
        s, e, char_score = window
        margin = ANCHOR_CHARS
    else:
        r = fuzz.partial_ratio_alignment(nq, nt, processor=None)
        if r is None:
            return None
        s, e, char_score = r.dest_start, r.dest_end, float(r.score)
        margin = len(nq) // 2 + 1
    s, e = _widen(nt, s, e)
    s, e = max(0, s - margin), min(len(nt), e + margin)
    s, e = _widen(nt, s, e)
    ws, we = _span(offsets, s, e)
    ws, we = ws + start, we + start
    t_words = _window_words(text, ws, we, lex)
    got = align_units(q_words, t_words, lexicon=lex)
    if got is None:
        return None
    first, last, ops = got
    span = t_words[first:last]
    score = similarity([u.key for u in q_words], [u.key for u in span])
    if score < score_cutoff:
        return None
    return Alignment(
        score=score,
        start=span[0].start,
        end=span[-1].end,
        quote_units=q_words,
        text_units=span,
        opcodes=tuple(ops),
        char_score=char_score,
    )
