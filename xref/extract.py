"""Quote extraction: Document -> the quotations in it, with speaker and cue.

How it reads a document:

1. Cut the body (from ``Document.body_start``) into paragraphs: blank-line
   separated, or one per line when the document has no blank lines; runs of
   Markdown ``>`` lines are block paragraphs; fenced code is skipped.
2. Classify every quotation-mark character by the mark and its neighbours:
   curly and straight quotes, guillemets, „German“ and 「CJK」 marks, primes.
   A mark between two letters is an apostrophe (``don’t``, ``O’Brien``); so
   are elisions (``’90s``, ``rock ’n’ roll``), inch and foot marks
   (``5'11"``) and plural possessives (``attorneys’``) that no later mark
   would close.  Straight marks open or close by which side has a space.
3. Pair the marks with a stack (nesting gives ``depth``).  A paragraph that
   ends inside a quotation continues it when the next paragraph reopens with
   the same mark (the English convention); otherwise the mark is reported as
   an ``unbalanced-quote`` warning and extraction carries on.
4. Take block quotes: Markdown ``>`` paragraphs, and a paragraph introduced
   by a clause such as ``Hawley said:`` (only with a reporting verb).
5. Attribute (see :mod:`xref.attribution`): a quotation split by its
   attribution (``“…,” the letter states. “…”``) becomes parts sharing a
   ``group`` and a speaker.  One- or two-word quotations are kind ``term``.

Offsets index ``Document.text`` exactly; ``quote.text == doc.text[start:end]``.

Contents
--------
Extraction          the quotes and the findings of one document
extract_quotes      Document -> Extraction
extract_from_text   str -> Extraction (front matter skipped)
footnote_marker_end where a footnote marker after a closing mark ends
is_apostrophe       whether the mark at an offset is an apostrophe
paragraph_spans     the paragraphs extraction works in
word_count          words in a quotation (what ``min_words`` compares)
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

import attrs

from xref.attribution import (
    TITLE_CUES,
    Attribution,
    after_quote,
    before_quote,
    colon_intro,
    lead_in_start,
    trailer_end,
)
from xref.model import Document, Evidence, Finding, Location, Quote
from xref.readers.text import front_matter

__all__ = [
    "Extraction",
    "extract_from_text",
    "extract_quotes",
    "footnote_marker_end",
    "is_apostrophe",
    "paragraph_spans",
    "word_count",
]

#: opening mark -> the closing marks it accepts
_ACCEPTS: dict[str, str] = {
    "“": "”\"″",
    "‘": "’'",
    "„": "“”\"",
    "‚": "‘’'",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
    "〝": "〞〟",
    "❝": "❞",
    "❛": "❜",
    '"': '"”″',
    "'": "'’",
    "″": "″\"”",
    "′": "′'",
    "”": "”",
}
#: how deep a closing mark looks for its opener in the stack of open quotations
_MAX_DEPTH = 8
_OPEN_ONLY = "„‚「『〝❝❛"
_CLOSE_ONLY = "」』〞〟❞❜"
_STRAIGHT = "\"'″′"
_SINGLES = "'‘’‚′‹›『』❛❜"
_MARKS = frozenset("“”‘’„‚«»‹›「」『』〝〞〟❝❞❛❜\"'″′")
_APOS_CAPABLE = "'’‘′"
_ELISION_RE = re.compile(
    r"(?:\d\d(?:s\b|\b)|(?:em|tis|twas|til|cause|n|round|bout|cept|nuff|cuz)\b)", re.IGNORECASE
)
_OPEN_BRACKETS = "([{<—–-/"
#: superscript digits and parentheses used as footnote markers
_SUPERSCRIPTS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
_FENCE_RE = re.compile(r"[ \t]{0,3}(```|~~~)")
_BLOCK_RE = re.compile(r"[ \t]{0,3}>[ \t]?")
_LIST_RE = re.compile(r"(?:[-*+]|\d+[.)]|#+|\|)\s")


@attrs.frozen
class Extraction:
    """The quotations of one document and the problems met on the way."""

    quotes: tuple[Quote, ...]
    findings: tuple[Finding, ...]


# --------------------------------------------------------------- paragraphs


@attrs.frozen
class _Para:
    start: int
    end: int
    block: bool = False


def paragraph_spans(text: str, start: int = 0) -> list[tuple[int, int, bool]]:
    """(start, end, is_block) of each paragraph of ``text[start:]``.

    Blank lines separate paragraphs; a text with no blank line has one
    paragraph per line.  Consecutive ``>`` lines form one block paragraph.

    >>> paragraphs = paragraph_spans("A\\nb\\n\\n> c\\n> d\\n\\ne")
    >>> paragraphs
    [(0, 3, False), (7, 12, True), (14, 15, False)]
    """
    return [(p.start, p.end, p.block) for p in _paragraphs(text, start)]


def _paragraphs(text: str, start: int) -> list[_Para]:
    lines: list[tuple[int, int, str]] = []  # start, end, kind: text|blank|block
    pos = start
    in_fence = False
    for raw in text[start:].splitlines(keepends=True):
        s, e = pos, pos + len(raw.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
        pos += len(raw)
        line = text[s:e]
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            lines.append((s, e, "blank"))
            continue
        if in_fence or not line.strip():
            lines.append((s, e, "blank"))
            continue
        m = _BLOCK_RE.match(line)
        if m:
            lines.append((s + m.end(), e, "block" if line[m.end() :].strip() else "blank"))
        else:
            lines.append((s, e, "text"))
    while lines and lines[-1][2] == "blank":
        lines.pop()
    while lines and lines[0][2] == "blank":
        lines.pop(0)
    blank_mode = any(k == "blank" for _, _, k in lines)
    out: list[_Para] = []
    cur: list[tuple[int, int, str]] = []

    def flush() -> None:
        if cur:
            s, e = cur[0][0], cur[-1][1]
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                out.append(_Para(s, e, cur[0][2] == "block"))
            cur.clear()

    for entry in lines:
        kind = entry[2]
        if kind == "blank" or (cur and cur[-1][2] != kind):
            flush()
        if kind == "blank":
            continue
        if not blank_mode and kind == "text":
            flush()
        cur.append(entry)
    flush()
    return out


# -------------------------------------------------------------- mark roles


@attrs.frozen
class _Mark:
    pos: int
    char: str
    can_open: bool
    can_close: bool
    silent: bool  # an unmatched closer here is an apostrophe or a prime, not an error
    inch: bool = False  # 12" or 5'11": may close only a straight opener


def _is_space(c: str) -> bool:
    return c == "" or c.isspace()


def _is_punct(c: str) -> bool:
    return c != "" and unicodedata.category(c)[0] in "PS"


def is_apostrophe(text: str, i: int) -> bool:
    """Whether the mark at ``text[i]`` is an apostrophe, a prime or an elision.

    >>> [is_apostrophe(t, t.index(m)) for t, m in [("don’t", "’"), ("the ’90s", "’"),
    ...     ("rock ’n’ roll", "’"), ("5'11", "'"), ("‘Hi’", "‘")]]
    [True, True, True, True, False]
    """
    c = text[i]
    if c not in _APOS_CAPABLE:
        return False
    left = text[i - 1] if i > 0 else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    if left.isalnum() and right.isalpha():
        return True  # don't, O'Brien, Biden's
    if left.isdigit() and (right.isdigit() or right in "\"″"):
        return True  # 5'11"
    opens_word = _is_space(left) if c == "‘" else not left.isalnum()
    if opens_word and _ELISION_RE.match(text, i + 1):
        return True  # ’90s, ’em, ’n’
    return c != "‘" and left == "n" and i >= 2 and text[i - 2] in "’'" and _is_space(right)


def footnote_marker_end(text: str, i: int) -> int:
    """End of a footnote marker starting at ``text[i]`` right after a closing
    mark, or ``i`` when there is none.

    Superscript digits (``."³``, ``⁽¹²⁾``) always count; plain digits count
    only after sentence punctuation inside the quote (``statute."12``), so
    that ``5'11"`` and ``"12 Angry Men"`` stay what they are.

    >>> [footnote_marker_end(t, t.index('"') + 1) for t in
    ...     ['law."³ It', 'law."12 It', 'law"⁽⁴⁾ x', 'law" 12', 'a 12" pipe']]
    [6, 7, 7, 4, 5]
    """
    j = i
    while j < len(text) and text[j] in _SUPERSCRIPTS:
        j += 1
    if j > i:
        return j
    left = text[i - 2] if i >= 2 else ""
    if left and left in ".,;!?":
        while j < len(text) and text[j].isdigit() and j - i < 4:
            j += 1
        if j > i and (j == len(text) or not text[j].isalnum()):
            return j
    return i


def _classify(text: str, i: int) -> _Mark | None:
    c = text[i]
    if c not in _MARKS or is_apostrophe(text, i):
        return None
    left = text[i - 1] if i > 0 else ""
    right = text[i + 1] if i + 1 < len(text) else ""
    if right and footnote_marker_end(text, i + 1) > i + 1:
        right = " "  # a footnote marker after the mark: the mark closes
    left_flank = not _is_space(right) and (
        _is_space(left) or _is_punct(left) or left in _OPEN_BRACKETS
    )
    right_flank = not _is_space(left) and (_is_space(right) or _is_punct(right))
    if c in _STRAIGHT:
        if c in "\"″" and left.isdigit() and not left_flank:
            return _Mark(i, c, False, True, True, inch=True)  # 12" pipe
        opens, closes = left_flank, right_flank
        if not opens and not closes:
            opens = closes = True
        return _Mark(i, c, opens, closes, c in "'′")
    if c in _OPEN_ONLY:
        return _Mark(i, c, True, False, False)
    if c in _CLOSE_ONLY:
        return _Mark(i, c, False, True, False)
    if c in "“«‹":
        return _Mark(i, c, True, True, False)  # closes only a „ (or » ›) opener
    if c == "‘":
        return _Mark(i, c, True, True, False)
    if c == "’":
        return _Mark(i, c, False, True, True)
    # ” » ›: close, or open when clearly at the start of a word (Swedish, German)
    strict_open = _is_space(left) and not _is_space(right)
    return _Mark(i, c, strict_open, True, False)


#: any quotation-mark character (found by the regex engine, not a loop)
_MARK_RE = re.compile("[" + re.escape("".join(sorted(_MARKS))) + "]")


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    out = []
    for found in _MARK_RE.finditer(text, start, end):
        m = _classify(text, found.start())
        if m is not None:
            out.append(m)
    return out


# ------------------------------------------------------------------ pairing


@attrs.frozen
class _Part:
    """A contiguous part of a quotation: inside-the-marks span and its marks."""

    open_pos: int
    open_mark: str
    start: int
    end: int
    close_mark: str  # "" when the quotation continues in the next paragraph
    chain: int  # parts of one quotation across paragraphs share it
    kind: str = "inline"


@attrs.frozen
class _Open:
    mark: _Mark
    chain: int


class _Pairer:
    """Pairs the marks of a document, paragraph by paragraph."""

    def __init__(self, doc: Document, paras: Sequence[_Para]) -> None:
        self.doc = doc
        self.paras = paras
        self.parts: list[_Part] = []
        self.findings: list[Finding] = []
        self.stack: list[_Open] = []
        self.next_chain = 0

    def run(self) -> None:
        text = self.doc.text
        line_mode = len(self.paras) > 1 and all(
            "\n\n" not in text[a.end : b.start].replace("\r", "")
            for a, b in zip(self.paras, self.paras[1:], strict=False)
        )
        pending_chain: int | None = None
        for n, para in enumerate(self.paras):
            marks = _marks(text, para.start, para.end)
            for k, m in enumerate(marks):
                if pending_chain is not None and k == 0 and m.can_open:
                    self.stack.append(_Open(m, pending_chain))
                    pending_chain = None
                    continue
                self._feed(m, marks, k + 1)
            pending_chain = None
            if not self.stack:
                continue
            nxt = self.paras[n + 1] if n + 1 < len(self.paras) else None
            bottom = self.stack[0]
            if nxt is not None and self._reopens(bottom.mark.char, nxt):
                for o in self.stack[1:]:
                    self._unclosed(o)
                self.parts.append(self._part(bottom, para.end, ""))
                pending_chain = bottom.chain
                self.stack.clear()
            elif nxt is not None and line_mode and self._closes_later(bottom.mark.char, n + 1):
                continue  # a hard-wrapped line: the quotation goes on
            else:
                for o in self.stack:
                    self._unclosed(o)
                self.stack.clear()

    def _reopens(self, char: str, para: _Para) -> bool:
        text = self.doc.text
        i = para.start
        c = text[i]
        if c not in _MARKS or c in _CLOSE_ONLY or c == "’":
            return False
        same_family = (char in _SINGLES) == (c in _SINGLES)
        return same_family and (c == char or _ACCEPTS.get(c, "") == _ACCEPTS.get(char, ""))

    def _closes_later(self, char: str, from_para: int) -> bool:
        """Whether a closer for ``char`` comes before another such opener."""
        text = self.doc.text
        limit = self.paras[from_para].start + 2000
        for para in self.paras[from_para:]:
            if para.start > limit:
                return False
            for m in _marks(text, para.start, para.end):
                if m.can_close and m.char in _ACCEPTS[char]:
                    return True
                if m.char == char and m.can_open:
                    return False
        return False

    def _feed(self, m: _Mark, marks: Sequence[_Mark], nxt: int) -> None:
        if m.can_close:
            # look a few levels down only: deeper openers are lost anyway, and
            # a bounded search keeps pathological text linear
            for idx in range(len(self.stack) - 1, max(-1, len(self.stack) - 1 - _MAX_DEPTH), -1):
                opener = self.stack[idx].mark.char
                if m.char not in _ACCEPTS[opener] or (m.inch and opener not in _STRAIGHT):
                    continue
                if self._possessive(m, opener, marks, nxt):
                    return
                for o in self.stack[idx + 1 :]:
                    self._unclosed(o)
                o = self.stack[idx]
                del self.stack[idx:]
                self.parts.append(self._part(o, m.pos, m.char))
                return
        if m.can_open:
            self.stack.append(_Open(m, self.next_chain))
            self.next_chain += 1
            if len(self.stack) > 2 * _MAX_DEPTH:
                self._unclosed(self.stack.pop(0))
            return
        if not m.silent:
            self._finding(m.pos, f"closing {m.char} at {self._where(m.pos)} has no opening mark")

    def _possessive(self, m: _Mark, opener: str, marks: Sequence[_Mark], nxt: int) -> bool:
        """``attorneys’ letter`` inside ‘…’: a later mark closes the quotation."""
        text = self.doc.text
        if m.char not in "’'" or not text[m.pos - 1 : m.pos].isalpha():
            return False
        after = text[m.pos + 1 : m.pos + 3]
        if not (after[:1] == " " and after[1:2].isalpha()):
            return False
        for r in marks[nxt : nxt + 64]:
            if r.can_close and r.char in _ACCEPTS[opener]:
                return True
            if r.can_open and not r.can_close and r.char in _SINGLES:
                return False
            if r.char not in _SINGLES:
                return False
        return False

    def _part(self, o: _Open, close_pos: int, close_mark: str) -> _Part:
        text = self.doc.text
        s, e = o.mark.pos + 1, close_pos
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return _Part(o.mark.pos, o.mark.char, s, e, close_mark, o.chain)

    def _unclosed(self, o: _Open) -> None:
        m = o.mark
        if m.silent and m.char in "'′":
            return
        self._finding(m.pos, f"opening {m.char} at {self._where(m.pos)} is never closed")

    def _where(self, pos: int) -> str:
        line, col = self.doc.line_col(pos)
        return f"line {line}, column {col}"

    def _finding(self, pos: int, message: str) -> None:
        code = "never-closed" if "never closed" in message else "never-opened"
        self.findings.append(
            Finding(
                "unbalanced-quote",
                "warning",
                message,
                (Location.of(self.doc, pos, pos + 1),),
                (Evidence(code, message),),
            )
        )


# --------------------------------------------------------------- attribution


@attrs.frozen
class _Resolved:
    part: _Part
    para: _Para
    parent: int | None
    kind: str
    leading: Attribution | None = None
    trailing: Attribution | None = None


def _para_of(paras: Sequence[_Para], pos: int) -> int:
    lo, hi = 0, len(paras) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if paras[mid].start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


_WORD_RE = re.compile(r"\d+(?:[.,:/]\d+)*|[^\W_]+(?:['’.-][^\W_]+)*")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")


def word_count(text: str) -> int:
    """Words in ``text``; a run of Chinese or Japanese counts one per two characters.

    >>> word_count("sanctuary country"), word_count("don’t 19,752")
    (2, 2)
    >>> word_count("これは重要な問題です")
    5
    """
    runs = _CJK_RE.findall(text)
    if runs:
        text = _CJK_RE.sub(" ", text)
    return len(_WORD_RE.findall(text)) + sum((len(r) + 1) // 2 for r in runs)


def _inside(p: _Part, outer: _Part) -> bool:
    return outer.start <= p.open_pos and p.end <= outer.end


def _parents(parts: Sequence[_Part]) -> list[int | None]:
    """Index of the innermost part enclosing each part (parts sorted by start)."""
    out: list[int | None] = []
    stack: list[int] = []
    for n, p in enumerate(parts):
        while stack and not _inside(p, parts[stack[-1]]):
            stack.pop()
        out.append(stack[-1] if stack else None)
        stack.append(n)
    return out


def _ends_clause(text: str, part: _Part) -> bool:
    """True when the quotation ends a sentence (``…today.”``), False after ``,”``."""
    inside = text[part.start : part.end].rstrip()
    after = text[part.end + len(part.close_mark) : part.end + len(part.close_mark) + 1]
    return not (after in (",", "—", "–") or inside.endswith((",", "—", "–", "-", "…", "...")))


def _attribute(
    doc: Document, paras: Sequence[_Para], parts: Sequence[_Part], min_words: int
) -> list[_Resolved]:
    text = doc.text
    parents = _parents(parts)
    kinds = [
        p.kind if p.kind != "inline" or word_count(text[p.start : p.end]) >= min_words else "term"
        for p in parts
    ]
    children: dict[int | None, list[int]] = {}
    for n, par in enumerate(parents):
        children.setdefault(par, []).append(n)
    out: list[_Resolved] = []
    rank = {n: k for sibs in children.values() for k, n in enumerate(sibs)}
    for n, p in enumerate(parts):
        para = paras[_para_of(paras, p.open_pos)]
        par = parents[n]
        sibs = children[par]
        k = rank[n]
        lo = para.start
        if par is not None:
            lo = max(lo, parts[par].start)
        if k > 0:
            prev = parts[sibs[k - 1]]
            lo = max(lo, prev.end + len(prev.close_mark))
        hi = paras[_para_of(paras, p.end)].end
        if par is not None:
            hi = min(hi, parts[par].end)
        if k + 1 < len(sibs):
            hi = min(hi, parts[sibs[k + 1]].open_pos)
        leading = trailing = None
        if p.kind == "inline" and kinds[n] != "term":
            leading = before_quote(text, lead_in_start(text, lo, p.open_pos), p.open_pos)
        if p.close_mark and (leading is None or leading.speaker_start is not None):
            seg = p.end + len(p.close_mark)
            if seg <= hi:
                strict = _ends_clause(text, p)
                trailing = after_quote(text, seg, trailer_end(text, seg, hi), strict=strict)
        out.append(_Resolved(p, para, par, kinds[n], leading, trailing))
    return out


def _groups(text: str, res: Sequence[_Resolved]) -> list[int]:
    """Group index of each part: chains across paragraphs, and parts split by
    their attribution (``“…,” the letter states. “…”``)."""
    group = list(range(len(res)))

    def find(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            group[max(ra, rb)] = min(ra, rb)

    chain_first: dict[int, int] = {}
    for n, r in enumerate(res):
        if r.part.kind != "inline":
            continue
        if r.part.chain in chain_first:
            union(chain_first[r.part.chain], n)
        else:
            chain_first[r.part.chain] = n
    by_parent: dict[int | None, list[int]] = {}
    for n, r in enumerate(res):
        by_parent.setdefault(r.parent, []).append(n)
    for sibs in by_parent.values():
        for a, b in itertools.pairwise(sibs):
            ra, rb = res[a], res[b]
            if ra.part.kind != "inline" or rb.part.kind != "inline" or ra.trailing is None:
                continue
            if ra.para != rb.para or ra.trailing.speaker_start is None:
                continue
            gap = text[ra.trailing.end : rb.part.open_pos]
            if re.fullmatch(r"[\s.,;:—–-]*", gap):
                union(a, b)
    return [find(i) for i in range(len(res))]


def _speaker_of(members: Sequence[_Resolved]) -> Attribution | None:
    """The lead-in of the first part wins (``Schmitt warned that “…,” the letter
    said``: the words are Schmitt's, the letter is where they were read), then
    the first attribution after any part."""
    if members[0].leading is not None:
        return members[0].leading
    for r in members:
        if r.trailing is not None:
            return r.trailing
    return None


# ------------------------------------------------------------------- blocks


def _colon_of(text: str, paras: Sequence[_Para], n: int) -> Attribution | None:
    """The attribution of paragraph ``n - 1`` when it ends with ``said:``."""
    if n == 0:
        return None
    prev = paras[n - 1]
    if not text[prev.start : prev.end].endswith(":"):
        return None
    return colon_intro(text, prev.start, prev.end)


def _blocks(
    text: str, paras: Sequence[_Para], parts: Sequence[_Part], min_words: int
) -> tuple[list[_Part], dict[int, Attribution]]:
    """Block parts (Markdown ``>`` paragraphs, ``said:``-introduced ones) and
    the colon attributions that introduce them (by open_pos)."""
    out: list[_Part] = []
    intros: dict[int, Attribution] = {}
    chain = -1
    for n, para in enumerate(paras):
        intro = _colon_of(text, paras, n)
        if para.block:
            out.append(_Part(para.start, "", para.start, para.end, "", chain, "block"))
        elif intro is not None and intro.speaker_start is not None:
            body = text[para.start : para.end]
            if body[0] in _MARKS or _LIST_RE.match(body) or word_count(body) < min_words:
                continue
            if any(p.start < para.start < p.end for p in parts):
                continue
            out.append(_Part(para.start, "", para.start, para.end, "", chain, "block"))
        else:
            continue
        if intro is not None:
            intros[para.start] = intro
        chain -= 1
    return out, intros


# ------------------------------------------------------------------ public


def extract_quotes(doc: Document, *, min_words: int = 3) -> Extraction:
    """The quotations of ``doc`` (sorted by start, longest first) and the
    ``unbalanced-quote`` findings met while pairing marks.

    >>> from xref.model import Document
    >>> d = Document("d", "d.txt", "“We will win this,” the mayor said. “No doubt.”")
    >>> [(q.text, q.speaker, q.cue, q.group) for q in extract_quotes(d).quotes]
    [('We will win this,', 'the mayor', 'said', 0), ('No doubt.', 'the mayor', 'said', 0)]
    """
    text = doc.text
    paras = _paragraphs(text, max(0, min(doc.body_start, len(text))))
    if not paras:
        return Extraction((), ())
    pairer = _Pairer(doc, paras)
    pairer.run()
    inline = [p for p in pairer.parts if p.start < p.end]
    blocks, intros = _blocks(text, paras, inline, min_words)
    parts = sorted(inline + blocks, key=lambda p: (p.start, -p.end, p.open_pos))
    res = _attribute(doc, paras, parts, min_words)
    groups = _groups(text, res)
    members: dict[int, list[_Resolved]] = {}
    for n, g in enumerate(groups):
        members.setdefault(g, []).append(res[n])
    # a short part that continues a quotation ("“…,” he said. “No.”") is no term
    res = [
        attrs.evolve(r, kind="inline")
        if r.kind == "term" and any(m.kind == "inline" for m in members[groups[n]])
        else r
        for n, r in enumerate(res)
    ]
    para_starts = {p.start for p in paras}
    attribution: dict[int, Attribution | None] = {}
    for g, ms in members.items():
        a = _speaker_of(ms)
        first = ms[0].part
        if (a is None or a.speaker_start is None) and ms[0].kind != "term":
            opener = first.open_pos if first.kind == "inline" else first.start
            if opener in para_starts:
                intro = intros.get(opener) or _colon_of(text, paras, _para_of(paras, opener))
                if intro is not None and (a is None or intro.speaker_start is not None):
                    a = intro if a is None or a.cue not in TITLE_CUES else a
        attribution[g] = a
    depth = _depths(parts)
    order = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    quotes = []
    for n, r in enumerate(res):
        p = r.part
        a = attribution[groups[n]]
        speaker = a.speaker(text) if a is not None else None
        quotes.append(
            Quote(
                doc=doc.id,
                start=p.start,
                end=p.end,
                text=text[p.start : p.end],
                speaker=speaker,
                cue=a.cue if a is not None else None,
                speaker_start=a.speaker_start if speaker is not None and a else None,
                speaker_end=a.speaker_end if speaker is not None and a else None,
                kind=r.kind,
                depth=depth[n],
                group=order[groups[n]],
                open_mark=p.open_mark,
                close_mark=p.close_mark,
            )
        )
    quotes.sort(key=lambda q: (q.start, -q.end))
    findings = sorted(pairer.findings, key=Finding.sort_key)
    return Extraction(tuple(quotes), tuple(findings))


def _depths(parts: Sequence[_Part]) -> list[int]:
    parents = _parents(parts)
    out: list[int] = []
    for par in parents:
        out.append(0 if par is None else out[par] + 1)
    return out


def extract_from_text(text: str, doc_id: str = "text", *, min_words: int = 3) -> Extraction:
    """Extract from a string (a note, a test case).  YAML front matter
    (``---`` … ``---``) is skipped; offsets still index the whole string.

    >>> [q.text for q in extract_from_text("She said: “Don’t go there,” then left.").quotes]
    ['Don’t go there,']
    >>> ex = extract_from_text('---\\ntitle: "Not a quotation at all"\\n---\\nHe said “yes it is.”')
    >>> [(q.text, q.start) for q in ex.quotes]
    [('yes it is.', 49)]
    """
    _, body = front_matter(text)
    return extract_quotes(Document(doc_id, "<string>", text, body_start=body), min_words=min_words)
