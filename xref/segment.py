"""Sentences and paragraphs with original offsets.

Used to cut a document's unquoted text into units that can be matched
against other documents (shared passages, indirect speech).

Contents
--------
paragraphs      [start, end) spans of paragraphs (blank-line or newline separated)
sentences       [start, end) spans of sentences inside a span of text
"""

from __future__ import annotations

import re

#: abbreviations after which a period does not end a sentence
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen sens rep reps gov gen lt col sgt capt st jr sr
    inc corp co ltd vs etc jan feb mar apr jun jul aug sep sept oct nov dec
    no nos fig u.s u.k u.n d.c a.m p.m e.g i.e approx dept est""".split()
)

_PARA_RE = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")
#: a sentence end: marks (and closing quotes or brackets) before a capital,
#: a digit or a link, or at the end.  Written to open with one character set
#: (``[.!?][.!?]*``, not ``[.!?]+``, nor two alternatives) so that the regex
#: engine skips to the next mark instead of trying every position.
_END_RE = re.compile(
    r"[.!?][.!?]*[\"'”’)\]]*"
    r"(?:(?=\s+(?:[\"'“‘(\[]?[A-Z0-9]|pic\.twitter\.com/|https?://|www\.))|\s*$)"
)


_LAST_WORD_RE = re.compile(r"([\w.]+)[.!?]*$")


def _last_word(text: str, start: int, end: int) -> re.Match[str] | None:
    """``re.search(r"([\\w.]+)[.!?]*$", text[start:end])``, with match
    offsets into ``text``: the word before a sentence-ending mark.

    A match lies inside the run of word characters and ``.!?`` that ends
    the span, so only that run is searched (a long sentence is not scanned
    from its start at every period).

    >>> t = "He met Sen. Hawley? Yes."
    >>> [_last_word(t, 0, e).group(1) for e in (11, 19, 24)]
    ['Sen.', 'Hawley', 'Yes.']
    >>> _last_word("a -!", 0, 4) is None
    True
    """
    i = end - 1 if end > start and text[end - 1] == "\n" else end  # "$" skips a final "\n"
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "_.!?"):
        i -= 1
    return _LAST_WORD_RE.search(text, i, end)


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of paragraphs (runs of non-blank lines), stripped of outer spaces.

    >>> paragraphs("One.\\n\\nTwo\\nlines.\\n")
    [(0, 4), (6, 16)]
    """
    end = len(text) if end is None else end
    out = []
    for m in _PARA_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of sentences in ``text[start:end]``; abbreviations don't split.

    >>> t = "Sen. Josh Hawley spoke. ICE arrested 302 in the U.S. on Monday. Done"
    >>> [t[s:e] for s, e in sentences(t)]
    ['Sen. Josh Hawley spoke.', 'ICE arrested 302 in the U.S. on Monday.', 'Done']
    >>> [t[s:e] for t in ["It ended. pic.twitter.com/x1 — AG"] for s, e in sentences(t)]
    ['It ended.', 'pic.twitter.com/x1 — AG']
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    for ps, pe in paragraphs(text, start, end):
        s = ps
        for m in _END_RE.finditer(text, ps, pe):
            word_m = _last_word(text, s, m.start() + 1)
            word = word_m.group(1).lower().rstrip(".") if word_m else ""
            if text[m.start()] == "." and (word in ABBREVIATIONS or len(word) == 1):
                continue
            e = m.end()
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
            s = m.end()
            while s < pe and text[s].isspace():
                s += 1
        if s < pe:
            out.append((s, pe))
    return out
