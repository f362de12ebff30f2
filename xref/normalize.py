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


def _normalize_one_to_one(text: str, casefold: bool, strip_accents: bool) -> Normalized | None:
    """:func:`normalize` at C speed when every character of ``text`` folds to
    exactly one character (the usual case): one ``str.translate``, then runs
    of spaces collapse.  None when some character folds to none or several
    ("…", "ß" case-folded, ligatures); the character loop handles those.

    >>> _normalize_one_to_one("  “A”\\n\\n b ", True, False)
    Normalized(text='"a" b', offsets=(2, 3, 4, 5, 8, 10), original='  “A”\\n\\n b ')
    >>> _normalize_one_to_one("a…", False, False) is None
    True
    """
    table: dict[int, str] = {}
    for c in set(text):
        rep = _fold_char(c, casefold, strip_accents)
        if len(rep) != 1:
            return None
        if rep != c:
            table[ord(c)] = rep
    t = text
    if table and any(ord(r) in table for r in table.values()):
        t = text.translate(table)  # a fold feeds another: one simultaneous pass
    else:
        for k, r in table.items():  # a few str.replace passes beat translate
            t = t.replace(chr(k), r)
    a = len(t) - len(t.lstrip(" "))
    b = len(t.rstrip(" "))
    if a >= b:
        return Normalized("", (len(text),), text)
    body = t[a:b]
    parts: list[str] = []
    ranges: list[range] = []
    pos = 0
    for m in _MULTI_SPACE_RE.finditer(body):
        s, e = m.span()
        parts.append(body[pos : s + 1])
        ranges.append(range(a + pos, a + s + 1))
        pos = e
    if not parts:
        return Normalized(body, (*range(a, b), len(text)), text)
    parts.append(body[pos:])
    ranges.append(range(a + pos, b))
    return Normalized("".join(parts), (*itertools.chain.from_iterable(ranges), len(text)), text)


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


_TOKEN_RE = re.compile(
    r"(?P<number>[$€£¥]?\d+(?:[.,:/]\d+)*(?:%|st|nd|rd|th|s)?)"
    r"|(?P<word>\w+(?:(?:'|\.|(?<=[^\W\d_])-(?=[^\W\d_]))\w+)*(?:'s?)?)"
    r"|(?P<punct>\.\.\.|[^\w\s])"
)


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
