"""Normalization for matching, with a map back to the original offsets.

Normalized text is for matching only: it is never shown.  Every normalized
character remembers the original character it came from, so a match found in
normalized text maps back to an exact span of the original.

Folds (``typographic``): curly and straight quotes, primes and guillemets to
``"``/``'``; all dashes to ``-``; the ellipsis character to ``...``; no-break
and other spaces to a space; runs of whitespace to one space; zero-width and
control characters dropped; compatibility forms (ligatures, full-width) to
their plain letters.  ``casefold`` also folds case, and ``strip_accents``
drops combining accents.  Numbers, negations and modal words are never
dropped or changed.

Contents
--------
Normalized          normalized text with its offset map
normalize           str -> Normalized
Token, tokenize     words, numbers and punctuation with original offsets
words               the word tokens only (no punctuation)
word_norms          the norms of :func:`words`, without building tokens (fast)
word_spans          the words as (norm, start, end, kind) tuples (fast)
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import attrs

_DOUBLE_QUOTES = "\"“”„‟«»″〝〞＂❝❞〃"
_SINGLE_QUOTES = "'‘’‚‛‹›′`´ʼ❛❜"
_DASHES = "‐‑‒–—―⁃−﹘﹣－"
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\t\r\n\f\v\u0085\u2028\u2029"
)
_DROP = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@lru_cache(maxsize=4096)
def _fold_char(c: str, casefold: bool, strip_accents: bool) -> str:
    if c in _DOUBLE_QUOTES:
        return '"'
    if c in _SINGLE_QUOTES:
        return "'"
    if c in _DASHES:
        return "-"
    if c == "…":
        return "..."
    if c in _SPACES or c == " ":
        return " "
    if c in _DROP:
        return ""
    cat = unicodedata.category(c)
    if cat == "Cc" or cat == "Cs" or cat == "Co" or cat == "Cn":
        return " " if cat == "Cc" else ""
    out = unicodedata.normalize("NFKC", c)
    if strip_accents:
        out = "".join(
            ch for ch in unicodedata.normalize("NFKD", out) if not unicodedata.combining(ch)
        )
    if casefold:
        out = out.casefold()
    return out


@attrs.frozen
class Normalized:
    """Normalized text and, for each of its characters, the original offset.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the original
    offset of normalized character ``i`` and the last entry is the original
    length, so a normalized span ``[i, j)`` maps to ``original[span(i, j)]``.
    """

    text: str
    offsets: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span back to the original text.

        >>> n = normalize("a\u00a0\u00a0“b”")
        >>> n.text
        'a "b"'
        >>> n.span(2, 5)
        (3, 6)
        """
        if end <= start:
            o = self.offsets[min(start, len(self.offsets) - 1)]
            return o, o
        # one original character may yield several normalized ones ("…" ->
        # "..."), never the reverse, so the end is one past the last source
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize(text: str, *, casefold: bool = False, strip_accents: bool = False) -> Normalized:
    """Normalize ``text`` for matching and keep the offset map.

    >>> normalize("“Don’t” — he said…").text
    '"Don\\'t" - he said...'
    >>> normalize("Ａ  B", casefold=True).text
    'a b'
    """
    fast = _normalize_one_to_one(text, casefold, strip_accents)
    if fast is not None:
        return fast
    return _normalize_chars(text, casefold, strip_accents)


_MULTI_SPACE_RE = re.compile(" {2,}")


class _Folds:
    """What the characters met so far fold to, for one pair of options
    (:func:`_fold_char`, remembered in sets so that a text's characters are
    sorted out with set operations)."""

    def __init__(self, casefold: bool, strip_accents: bool) -> None:
        self.casefold = casefold
        self.strip_accents = strip_accents
        #: characters that fold to themselves
        self.same: set[str] = set()
        #: the others, with their folds
        self.folds: dict[str, str] = {}
        #: characters that fold to none or to several characters
        self.not_one: set[str] = set()
        #: characters that fold to several characters, a space among them
        self.spaced: set[str] = set()
        #: characters whose fold holds a character that folds again
        self.feeding: set[str] = set()
        #: the folds of ASCII characters that ``str.lower`` (with
        #: ``casefold``) leaves to do, and a pattern that finds them
        self.ascii = {
            ord(c): f
            for c in map(chr, range(128))
            if (f := _fold_char(c, casefold, strip_accents)) != (c.lower() if casefold else c)
        }
        self.ascii_odd = re.compile("[" + re.escape("".join(map(chr, self.ascii))) + "]")
        #: whether that shortcut holds (each such fold is one character, of
        #: a character that ``str.lower`` keeps)
        self.ascii_ok = all(len(f) == 1 and chr(k).lower() == chr(k) for k, f in self.ascii.items())

    def changes(self, text: str) -> dict[str, str]:
        """The characters of ``text`` that fold to something else, with their folds.

        >>> sorted(_FOLDS[True, False].changes("Aa “b”…").items())
        [('A', 'a'), ('“', '"'), ('”', '"'), ('…', '...')]
        """
        chars = set(text).difference(self.same)  # capitals, quotes, breaks
        for c in chars.difference(self.folds):
            self._learn(c)
        chars.difference_update(self.same)
        folds = self.folds
        return {c: folds[c] for c in chars}

    def _learn(self, c: str) -> None:
        rep = _fold_char(c, self.casefold, self.strip_accents)
        if rep == c:
            self.same.add(c)
            return
        if len(rep) != 1:
            self.not_one.add(c)
            if " " in rep and len(rep) > 1:
                self.spaced.add(c)
        if any(_fold_char(ch, self.casefold, self.strip_accents) != ch for ch in rep):
            self.feeding.add(c)
        self.folds[c] = rep  # last: a character in ``folds`` is fully known

    def fold(self, text: str, *, one_to_one: bool) -> str | None:
        """Every character of ``text`` replaced by its fold (spaces not yet
        collapsed), or None when a character folds to none or several
        characters (``one_to_one``), or to several with a space among them.

        >>> _FOLDS[True, False].fold("A\\tb", one_to_one=True)
        'a b'
        >>> _FOLDS[True, False].fold("Ａ…", one_to_one=False)
        'a...'
        >>> _FOLDS[True, False].fold("Ａ…", one_to_one=True) is None
        True
        """
        if text.isascii() and self.ascii_ok:  # one C pass or two; no set of the characters
            t = text.lower() if self.casefold else text
            return t.translate(self.ascii) if self.ascii_odd.search(t) else t
        changes = self.changes(text)
        if not (self.not_one if one_to_one else self.spaced).isdisjoint(changes):
            return None
        return self.apply(text, changes)

    def apply(self, text: str, changes: dict[str, str]) -> str:
        """Every character of ``text`` replaced by its fold in ``changes``.

        >>> _FOLDS[True, False].apply("A\\u200b…", {"A": "a", "\\u200b": "", "…": "..."})
        'a...'
        """
        if not self.feeding.isdisjoint(changes):
            # a fold may feed another: one simultaneous pass
            return text.translate({ord(c): r for c, r in changes.items()})
        for c, r in changes.items():  # a few str.replace passes beat translate
            text = text.replace(c, r)
        return text


_FOLDS = {(cf, sa): _Folds(cf, sa) for cf in (False, True) for sa in (False, True)}


def _normalized_text(text: str, casefold: bool, strip_accents: bool) -> str:
    """``normalize(text, ...).text`` without the offset map.

    >>> _normalized_text("  “A”\\n\\n b\\u200b …", True, False)
    '"a" b ...'
    """
    t = _FOLDS[casefold, strip_accents].fold(text, one_to_one=False)
    if t is None:
        return _normalize_chars(text, casefold, strip_accents).text  # "¨" -> " ̈"
    # folds to "" or to several characters without a space keep runs of
    # spaces and the ends as the character loop has them
    t = t.strip(" ")
    return _MULTI_SPACE_RE.sub(" ", t) if "  " in t else t


def _normalize_one_to_one(text: str, casefold: bool, strip_accents: bool) -> Normalized | None:
    """:func:`normalize` at C speed when every character of ``text`` folds to
    exactly one character (the usual case): a few ``str.replace`` passes (or
    one ``str.translate``), then runs of spaces collapse.  None when some
    character folds to none or several ("…", "ß" case-folded, ligatures); the
    character loop handles those.

    >>> _normalize_one_to_one("  “A”\\n\\n b ", True, False)
    Normalized(text='"a" b', offsets=(2, 3, 4, 5, 8, 10), original='  “A”\\n\\n b ')
    >>> _normalize_one_to_one("a…", False, False) is None
    True
    """
    t = _FOLDS[casefold, strip_accents].fold(text, one_to_one=True)
    if t is None:
        return None
    a = len(t) - len(t.lstrip(" "))
    b = len(t.rstrip(" "))
    if a >= b:
        return Normalized("", (len(text),), text)
    body = t[a:b]
    parts: list[str] = []
    ranges: list[Sequence[int]] = []
    pos = 0
    for m in _MULTI_SPACE_RE.finditer(body):
        s, e = m.span()
        parts.append(body[pos : s + 1])
        ranges.append(_count(a + pos, a + s + 1))
        pos = e
    end = (len(text),)
    if not parts:
        return Normalized(body, _count(a, b) + end, text)
    parts.append(body[pos:])
    ranges.append(_count(a + pos, b))
    return Normalized("".join(parts), (*itertools.chain.from_iterable(ranges), *end), text)


#: 0, 1, 2, …: offset maps are made of slices of it, which copy references
#: instead of making an integer object per character (texts up to
#: ``_COUNT_MAX`` characters; longer ones count with ``range``)
_COUNT: tuple[int, ...] = tuple(range(4096))
_COUNT_MAX = 1 << 16


def _count(a: int, b: int) -> tuple[int, ...]:
    """``tuple(range(a, b))``, fast.

    >>> _count(3, 6), _count(5, 5)
    ((3, 4, 5), ())
    """
    global _COUNT
    if b > len(_COUNT):
        if b > _COUNT_MAX:
            return tuple(range(a, b))
        _COUNT = tuple(range(min(_COUNT_MAX, max(b, 2 * len(_COUNT)))))
    return _COUNT[a:b]


def _normalize_chars(text: str, casefold: bool, strip_accents: bool) -> Normalized:
    """The reference: :func:`normalize` one character at a time."""
    out: list[str] = []
    offsets: list[int] = []
    prev_space = True  # drop leading whitespace
    for i, c in enumerate(text):
        rep = _fold_char(c, casefold, strip_accents)
        if not rep:
            continue
        if rep == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        for ch in rep:
            out.append(ch)
            offsets.append(i)
    # drop a trailing space
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(len(text))
    return Normalized("".join(out), tuple(offsets), text)


@attrs.frozen
class Token:
    """A word, number or punctuation mark with its original offsets.

    ``norm`` is the matching form (case-folded, typographically folded);
    ``start``/``end`` index the original text.
    """

    norm: str
    start: int
    end: int
    kind: str  # "word", "number" or "punct"

    @property
    def is_word(self) -> bool:
        return self.kind != "punct"


_NUMBER_PAT = r"[$€£¥]?\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?"
_WORD_PAT = r"\w+(?:(?:'|\.|(?<=[^\W\d_])-(?=[^\W\d_]))\w+)*(?:'s?)?"
_PUNCT_PAT = r"\.\.\.|[^\w\s]"
#: a shortcut for the usual word, lower-case ASCII letters that nothing
#: joins to a longer word: where it matches, ``_WORD_PAT`` matches the same
#: letters (no number starts with a letter), in fewer steps of the regex engine
_PLAIN_PAT = r"[a-z]++(?![\w'.\-])"
_TOKEN_RE = re.compile(
    f"(?P<number>{_NUMBER_PAT})|(?P<word>{_PLAIN_PAT}|{_WORD_PAT})|(?P<punct>{_PUNCT_PAT})"
)
#: the word and number matches of :data:`_TOKEN_RE`, without its punctuation
#: alternative: a punctuation match never starts where a number or a word
#: could (nor does any character of "..." after the first), so scanning
#: past it one character at a time finds the same words
_WORD_RE = re.compile(f"{_PLAIN_PAT}|{_NUMBER_PAT}|{_WORD_PAT}")
_WORD_KIND_RE = re.compile(f"(?P<number>{_NUMBER_PAT})|(?P<word>{_PLAIN_PAT}|{_WORD_PAT})")


def tokenize(text: str, *, casefold: bool = True) -> list[Token]:
    """Split ``text`` into tokens whose offsets index ``text`` itself.

    >>> [(t.norm, t.start, t.end) for t in tokenize("“Eighteen” AGs—19,752 don’t")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('"', 0, 1), ('eighteen', 1, 9), ('"', 9, 10), ('ags', 11, 14), ('-', 14, 15),
     ('19,752', 15, 21), ("don't", 22, 27)]
    """
    n = normalize(text, casefold=casefold)
    return tokens_of(n)


def tokens_of(n: Normalized) -> list[Token]:
    """Tokens of an already normalized text, with original offsets."""
    offs = n.offsets  # a match is never empty: Normalized.span, inlined
    return [
        Token(m.group(), offs[m.start()], offs[m.end() - 1] + 1, m.lastgroup or "punct")
        for m in _TOKEN_RE.finditer(n.text)
    ]


def words(text: str | Sequence[Token]) -> list[Token]:
    """The word and number tokens of ``text`` (punctuation left out).

    >>> [t.norm for t in words("It's not 18 -- it's 19.")]
    ["it's", 'not', '18', "it's", '19']
    """
    toks = tokenize(text) if isinstance(text, str) else list(text)
    return [t for t in toks if t.is_word]


def word_norms(text: str) -> list[str]:
    """``[t.norm for t in words(text)]``, without building the tokens.

    >>> word_norms("It's not 18 -- it’s 19.")
    ["it's", 'not', '18', "it's", '19']
    """
    return _WORD_RE.findall(_normalized_text(text, True, False))


def word_spans(text: str, shift: int = 0) -> list[tuple[str, int, int, str]]:
    """``(t.norm, t.start + shift, t.end + shift, t.kind)`` for each word of
    ``text`` (:func:`words`), without building :class:`Token` objects: half
    the time of :func:`tokenize` on a news story, for callers that keep
    columns (the index's packed tokens).

    >>> word_spans("x “It’s 19,752”", shift=10)
    [('x', 10, 11, 'word'), ("it's", 13, 17, 'word'), ('19,752', 18, 24, 'number')]
    """
    n = normalize(text, casefold=True)
    offs = n.offsets
    return [
        (m.group(), offs[m.start()] + shift, offs[m.end() - 1] + 1 + shift, m.lastgroup or "")
        for m in _WORD_KIND_RE.finditer(n.text)
    ]


#: the characters, other than the ASCII letters themselves, that match an
#: ASCII letter under ``re.IGNORECASE`` ("İ", "ı", "ſ", the Kelvin sign);
#: "İ" is also the one character whose ``str.lower`` is two characters
#: (both facts checked over every code point in the tests)
_IGNORECASE_ODD_RE = re.compile("[\u0130\u0131\u017f\u212a]")


def caseless_view(text: str) -> str | None:
    """:func:`caseless`, not remembered (for callers that test many
    different short texts once each).

    >>> caseless_view("Email US"), caseless_view("\u017fubscribe") is None
    ('email us', True)
    """
    if not text.isascii() and _IGNORECASE_ODD_RE.search(text):
        return None
    return text.lower()


@lru_cache(maxsize=16)
def caseless(text: str) -> str | None:
    """``text.lower()`` when it is a same-length view of ``text`` in which an
    ASCII letter stands exactly where ``text`` has a character that matches
    that letter under ``re.IGNORECASE``; None when ``text`` holds one of the
    few characters for which that fails.

    Lets a caller test cheaply (``"ago" in view``) whether a case-insensitive
    pattern of ASCII words can match at all, before running it.  The last
    few views are kept: the steps of reading one document's numbers and
    dates ask for the same one (a string's hash is computed once).

    >>> caseless("Three Days AGO"), caseless("\u212aelvin") is None
    ('three days ago', True)
    """
    return caseless_view(text)


def token_spans(text: str) -> list[tuple[str, int, int, str]]:
    """``(t.norm, t.start, t.end, t.kind)`` for each token of
    ``tokenize(text)``, punctuation included, without building
    :class:`Token` objects (for callers that read a few fields of many
    short texts, like :func:`xref.quantities.subject_of`).

    >>> token_spans("18 “AGs”")
    [('18', 0, 2, 'number'), ('"', 3, 4, 'punct'), ('ags', 4, 7, 'word'), ('"', 7, 8, 'punct')]
    """
    n = normalize(text, casefold=True)
    offs = n.offsets  # a match is never empty: Normalized.span, inlined
    return [
        (m.group(), offs[m.start()], offs[m.end() - 1] + 1, m.lastgroup or "punct")
        for m in _TOKEN_RE.finditer(n.text)
    ]


class LazyTokens:
    """The :func:`token_spans` of a text, read from the regex only as far as
    asked for: a caller that looks at the first few tokens of a window (a
    number's subject) does not pay for the rest.

    >>> toks = LazyTokens("18 state attorneys general, and more")
    >>> toks.has(2), toks[2], len(toks.read)
    (True, ('attorneys', 9, 18, 'word'), 3)
    >>> toks.has(9)
    False
    """

    def __init__(self, text: str) -> None:
        n = normalize(text, casefold=True)
        self._offsets = n.offsets
        self._matches = _TOKEN_RE.finditer(n.text)
        #: the tokens read so far, as :func:`token_spans` gives them
        self.read: list[tuple[str, int, int, str]] = []

    def has(self, k: int) -> bool:
        """Whether there is a token ``k`` (reading the tokens up to it)."""
        read = self.read
        while len(read) <= k:
            m = next(self._matches, None)
            if m is None:
                return False
            offs = self._offsets
            read.append((m.group(), offs[m.start()], offs[m.end() - 1] + 1, m.lastgroup or "punct"))
        return True

    def __getitem__(self, k: int) -> tuple[str, int, int, str]:
        """Token ``k``, which :meth:`has` said is there."""
        return self.read[k]
