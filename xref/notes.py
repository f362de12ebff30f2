"""Parse curated notes (Markdown or plain text): quotes, citations, numeric claims.

Offsets index the note exactly as read.  Parsing works on *masked* copies of
the note of the same length: code, HTML comments, front matter, link targets,
citations and footnote definitions are blanked out so that nothing inside
them is taken for a quote, and every position still maps one-to-one to the
original.

Inline quotations are read by the project's one quote reader,
:func:`xref.extract.extract_quotes` (apostrophes such as ``it's``, ``'90s``
and ``Jones'``, nesting, every kind of quotation mark), run on the masked
prose; their speakers come from :mod:`xref.attribution` (``Fitch said “…”``,
``“…,” said Attorney General Lynn Fitch``, ``according to Fitch, “…”``).  A
mark the reader cannot pair is an ``unbalanced-quote`` problem, so that no
quotation of a note goes unchecked without a word.  What is particular to
notes stays here: ``>`` block quotes (with the citation inside the block, on
an attribution line right after it — ``— Fitch [@000]`` — or in an
introducing line that ends with a colon), and the pairing of each quote with
the citation that follows it in the same sentence (else the one before it in
that sentence).

Contents
--------
NoteQuote, NumberClaim, NoteProblem, Note   the parsed note
parse_note        text -> Note
mask_markup       blank out code, comments, front matter (same length)
speaker_names     the name words of a speaker phrase
line_col          1-based line and column of an offset
decode_note       bytes -> text (UTF-8 only; ReadError otherwise)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from xref.attribution import colon_intro
from xref.citations import Citation, CiteRef, find_citations, find_footnote_defs
from xref.errors import ReadError
from xref.extract import extract_quotes, is_apostrophe
from xref.legal_cites import citation_spans
from xref.model import Document, Evidence, Finding, Location
from xref.segment import sentences

_LETTERS = re.compile(r"\w")
#: marks that may wrap a whole block quote (dropped from its text)
_BLOCK_OPENERS = '“„«‹「『‘‚"'
_BLOCK_CLOSERS = '”»›」』"“’'


@attrs.frozen
class NoteQuote:
    """A quote in a note: ``text`` is what is compared with the sources.

    ``start``/``end`` delimit the quoted words inside the marks (for a block
    quote: the block's content).  For inline quotes ``text`` is the note's
    slice; for block quotes the ``>`` markers and the attribution line are
    blanked out.  ``citation`` is None for an uncited quote.
    """

    start: int
    end: int
    text: str
    line: int
    column: int
    kind: str = "inline"
    citation: Citation | None = None
    speaker: str | None = None
    open_mark: str = '"'
    close_mark: str = '"'


@attrs.frozen
class NumberClaim:
    """A sentence that states numbers next to a citation (outside quotes).

    ``start``/``end`` delimit the sentence in the note; ``text`` is the
    sentence with quotes, citations and markup blanked (same length, so an
    offset in ``text`` plus ``start`` is an offset in the note).
    """

    start: int
    end: int
    text: str
    citation: Citation


@attrs.frozen
class NoteProblem:
    """Something wrong in the note itself (``unbalanced-quote``)."""

    rule: str
    message: str
    start: int
    line: int
    column: int


@attrs.frozen
class Note:
    """A parsed note."""

    path: str
    text: str
    quotes: tuple[NoteQuote, ...]
    claims: tuple[NumberClaim, ...]
    citations: tuple[Citation, ...]
    problems: tuple[NoteProblem, ...]


def decode_note(data: bytes, path: str) -> str:
    """A note's bytes as text: UTF-8 (a BOM is allowed) and nothing else, so
    a note saved in another encoding is reported, not silently re-read.

    >>> decode_note("“a”".encode(), "n.md")
    '“a”'
    >>> decode_note("café".encode("latin-1"), "n.md")
    Traceback (most recent call last):
    xref.errors.ReadError: n.md: not valid UTF-8 (byte 0xe9 at offset 3); save the note as UTF-8
    """
    if b"\x00" in data[:8192]:
        raise ReadError("binary file (contains NUL bytes), not a text note", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReadError(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            "save the note as UTF-8",
            path=path,
        ) from None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``offset``.

    >>> line_col("ab\\ncd", 4)
    (2, 2)
    """
    line = text.count("\n", 0, offset) + 1
    return line, offset - text.rfind("\n", 0, offset)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


_FRONT_RE = re.compile(r"\A\ufeff?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE_RE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ ]{0,3}\1[ \t]*$|\Z)", re.S | re.M)
_COMMENT_RE = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_REFDEF_RE = re.compile(r"^[ ]{0,3}\[[^\]^]+\]:[ \t]*\S+[^\n]*$", re.M)
_AUTOLINK_RE = re.compile(r"<(?:https?|mailto):[^>\s]*>|https?://[^\s)>\]]+")
_LINK_TARGET_RE = re.compile(r"\]\((?:<[^<>\n]*>|[^()\s]*)(?:\s+\"[^\"\n]*\")?\)")
_IMAGE_RE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LIST_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.M)
_HEADING_RE = re.compile(r"^[ ]{0,3}#{1,6}[ \t]", re.M)
_EMPH_RE = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")


def mask_markup(text: str) -> str:
    """Blank out what is not prose: front matter, fenced and inline code,
    HTML comments (same length; newlines kept).

    >>> mask_markup('a `"x"` <!-- "y" --> b')
    'a                    b'
    """
    chars = list(text)
    for rx in (_FRONT_RE, _FENCE_RE, _COMMENT_RE, _CODE_RE):
        for m in rx.finditer("".join(chars)):
            _blank(chars, m.start(), m.end())
    return "".join(chars)


def _mask_prose(
    masked: str, citations: Sequence[Citation], footdefs: Sequence[tuple[int, int]]
) -> str:
    """Blank citations, footnote definitions, link targets, images, URLs,
    list markers, heading marks and emphasis: what is left is prose."""
    chars = list(masked)
    for s, e in footdefs:
        _blank(chars, s, e)
    for c in citations:
        if c.form == "link":
            # keep the link's words, blank its target
            m = _LINK_TARGET_RE.search(masked, c.start, c.end)
            _blank(chars, c.start, c.start + 1)
            if m:
                _blank(chars, m.start(), c.end)
        else:
            _blank(chars, c.start, c.end)
    text = "".join(chars)
    for rx in (
        _IMAGE_RE,
        _REFDEF_RE,
        _AUTOLINK_RE,
        _LINK_TARGET_RE,
        _LIST_RE,
        _HEADING_RE,
        _EMPH_RE,
    ):
        for m in rx.finditer(text):
            _blank(chars, m.start(), m.end())
        text = "".join(chars)
    return text


# -- blocks ---------------------------------------------------------------

_BQ_LINE_RE = re.compile(r"^[ ]{0,3}>")


@attrs.frozen
class _Block:
    start: int
    end: int
    kind: str  # "para" or "quote"


def _blocks(prose: str, original: str) -> list[_Block]:
    """Paragraphs and block quotes (by the original's ``>`` markers)."""
    out: list[_Block] = []
    pos = 0
    cur_start: int | None = None
    cur_kind = "para"
    for line in original.splitlines(keepends=True):
        ls, le = pos, pos + len(line)
        pos = le
        is_bq = bool(_BQ_LINE_RE.match(line))
        blank = not prose[ls:le].strip() and not is_bq
        starts_item = bool(_LIST_RE.match(original, ls)) or bool(_HEADING_RE.match(original, ls))
        if blank:
            if cur_start is not None:
                out.append(_Block(cur_start, ls, cur_kind))
                cur_start = None
            continue
        kind = "quote" if is_bq else "para"
        lazy = cur_start is not None and cur_kind == "quote" and not is_bq and not starts_item
        if cur_start is not None and ((kind != cur_kind and not lazy) or starts_item):
            out.append(_Block(cur_start, ls, cur_kind))
            cur_start = None
        if cur_start is None:
            cur_start, cur_kind = ls, kind
    if cur_start is not None:
        out.append(_Block(cur_start, len(original), cur_kind))
    return out


# -- quotes: the shared reader (xref.extract) on the masked prose -----------


@attrs.frozen
class _Span:
    """An inline quotation of the prose: its marks and quoted words.

    ``open``/``close`` are the offsets of the marks (``close`` is ``end``
    when the quotation runs on into the next paragraph and has no mark);
    ``start``/``end`` delimit the words inside them.
    """

    open: int
    close: int
    start: int
    end: int
    speaker: str | None
    open_mark: str
    close_mark: str


def _mark_before(text: str, pos: int) -> int:
    """The offset of the mark before the quoted words at ``pos`` (the
    extractor trims spaces inside the marks)."""
    i = pos - 1
    while i > 0 and text[i].isspace():
        i -= 1
    return i


def _mark_after(text: str, pos: int) -> int:
    i = pos
    while i < len(text) - 1 and text[i].isspace():
        i += 1
    return i


def _read_quotes(prose: str) -> tuple[list[_Span], list[Finding]]:
    """Outermost inline quotations and the ``unbalanced-quote`` findings,
    from :func:`xref.extract.extract_quotes`.

    The extractor's block quotes (``>`` paragraphs and ``said:``-introduced
    paragraphs) are left out: notes read their block quotes themselves.

    >>> t = "Doyle said: 'It's not the '90s any more' and 'yes'."
    >>> outer, problems = _read_quotes(t)
    >>> [(t[s.start:s.end], s.speaker) for s in outer], problems
    ([("It's not the '90s any more", 'Doyle'), ('yes', None)], [])
    """
    ex = extract_quotes(Document("note", "<note>", prose), min_words=1)
    spans = []
    for q in ex.quotes:
        if q.kind == "block" or q.start >= q.end:
            continue
        close = _mark_after(prose, q.end) if q.close_mark else q.end
        spans.append(
            _Span(
                _mark_before(prose, q.start),
                close,
                q.start,
                q.end,
                q.speaker,
                q.open_mark,
                q.close_mark,
            )
        )
    spans.sort(key=lambda s: (s.open, -s.close))
    outer: list[_Span] = []
    for s in spans:
        if outer and outer[-1].open <= s.open and s.close <= outer[-1].close:
            continue  # nested inside the previous outermost quotation
        outer.append(s)
    findings = list(ex.findings) + _unclosed_singles(prose, spans)
    return outer, findings


def _unclosed_singles(prose: str, spans: Sequence[_Span]) -> list[Finding]:
    """Straight single marks that open a quotation nobody closes.

    The extractor stays silent about them (in a news text a lone ``'`` is
    more often an apostrophe); in a note that a CI gate reads, a quotation
    that is not read must not pass silently: ``said 'we will win [@a].``
    """
    opens = {s.open for s in spans}
    closes = {s.close for s in spans}
    out = []
    for i, c in enumerate(prose):
        if c != "'" or i in opens or i in closes or is_apostrophe(prose, i):
            continue
        left = prose[i - 1] if i else " "
        right = prose[i + 1] if i + 1 < len(prose) else " "
        if (left.isspace() or left in "([{—–-/:") and right.isalnum():
            message = "opening ' is never closed (or is an apostrophe at the start of a word)"
            loc = Location("note", i, i + 1, c)
            out.append(
                Finding(
                    "unbalanced-quote",
                    "error",
                    message,
                    (loc,),
                    (Evidence("never-closed", message),),
                )
            )
    return out


# -- speakers -------------------------------------------------------------

#: titles and function words that are not names
_NOT_NAMES = frozenset(
    """the a an of and in for on at to by with from mr mrs ms dr sen senator rep
    representative gov governor president vice secretary attorney general acting
    director commissioner chairman chair chief judge justice former state party
    department agency u.s us then now also his her their its officials
    official he she they we i you it him them our my your this that these
    those who""".split()
)
_LEAD_WORDS = re.compile(r"^(?:(?:and|but|while|as|then|also|so|yet|later|earlier)\s+)+", re.I)


def _clean_name(name: str) -> str | None:
    """
    >>> _clean_name("  and   Lynn Fitch"), _clean_name("")
    ('Lynn Fitch', None)
    """
    name = _LEAD_WORDS.sub("", " ".join(name.split()))
    if not name or len(name.split()) > 10:
        return None
    return name


def speaker_names(speaker: str | None) -> frozenset[str]:
    """The name words of a speaker phrase (capitalized, titles left out).

    >>> sorted(speaker_names("Attorney General Lynn Fitch"))
    ['fitch', 'lynn']
    >>> speaker_names("the letter"), speaker_names("They")
    (frozenset(), frozenset())
    """
    if not speaker:
        return frozenset()
    out = set()
    for w in re.findall(r"[^\W\d_][\w'’.-]*", speaker):
        base = w.strip(".'’").lower()
        if w[0].isupper() and base not in _NOT_NAMES and len(base) > 1:
            out.add(base.removesuffix("'s").removesuffix("’s"))
    return frozenset(out)


# -- the parser -----------------------------------------------------------


class _Edit:
    """Characters of ``text[lo:hi]`` to change, written back into the text
    (same length, same offsets): a paragraph's edits cost the paragraph's
    length, not the note's."""

    def __init__(self, text: str, lo: int = 0, hi: int | None = None) -> None:
        self.text = text
        self.lo = max(0, lo)
        self.hi = len(text) if hi is None else min(hi, len(text))
        self.chars = list(text[self.lo : self.hi])

    def get(self, i: int) -> str:
        return self.chars[i - self.lo] if self.lo <= i < self.hi else self.text[i]

    def set(self, i: int, ch: str) -> None:
        if self.lo <= i < self.hi:
            self.chars[i - self.lo] = ch

    def range(self, start: int, end: int) -> range:
        """The positions of ``[start, end)`` inside the edited part."""
        return range(max(start, self.lo), min(end, self.hi))

    def blank(self, start: int, end: int) -> None:
        """:func:`_blank` ``[start, end)``: spaces for all but line breaks."""
        a, b = self.slice(start, end)
        self.chars[a:b] = [ch if ch == "\n" else " " for ch in self.chars[a:b]]

    def hide(self, start: int, end: int) -> None:
        """``[start, end)`` hidden: each letter ``X`` for a capital, else ``x``;
        spaces and line breaks kept."""
        a, b = self.slice(start, end)
        self.chars[a:b] = [
            ch if ch in "\n " else "X" if ch.isupper() else "x" for ch in self.chars[a:b]
        ]

    def fill(self, start: int, end: int, ch: str) -> None:
        """Each position of ``[start, end)`` set to ``ch``."""
        a, b = self.slice(start, end)
        if a < b:
            self.chars[a:b] = [ch] * (b - a)

    def slice(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` inside the edited part, as indices of ``chars``
        (one slice of them, not a call per position)."""
        a, b = max(start, self.lo) - self.lo, min(end, self.hi) - self.lo
        return a, max(a, b)

    def done(self) -> str:
        return self.text[: self.lo] + "".join(self.chars) + self.text[self.hi :]


def _sentence_text(
    prose: str,
    spans: Sequence[_Span],
    citations: Sequence[Citation],
    lo: int = 0,
    hi: int | None = None,
) -> str:
    """Prose with quote interiors hidden (a final . ! ? kept, so a quote that
    ends a sentence still ends it) and citations kept as ``[xxx]``; only
    ``prose[lo:hi]`` is changed."""
    ed = _Edit(prose, lo, hi)
    for s in spans:
        last = s.close - 1
        ed.hide(s.open + 1, s.close)
        if prose[last] in ".!?":
            ed.set(last, prose[last])
    for c in citations:
        if c.form != "link" and c.start < ed.hi and ed.lo < c.end:
            ed.set(c.start, "[")
            ed.fill(c.start + 1, c.end - 1, "x")
            ed.set(c.end - 1, "]")
    return ed.done()


#: a page, paragraph or note locator ("p. 3", "pp. 4-5", "para. 12", "n. 7")
_LOCATOR_RE = re.compile(
    r"\b(?:pp?|paras?|nn?|ch|sec|secs)\.\s*\d+[a-z]?(?:\s*[-–]\s*\d+[a-z]?)?", re.I
)
#: what opens a citation sentence that belongs to the sentence before it
_PIN_START_RE = re.compile(r"(?:(?:See|Cf\.|But\s+see)(?:,?\s+also)?,?\s+)?(?:[Ii]d\.|[Ii]bid\.)")


def _reference_spans(prose: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``prose[start:end]`` that are legal citations or locators
    ("Id. at 82", "512 U.S. 101, 109", "§ 1983", "No. 21-1234", "pp. 4-5"),
    sorted; their numbers are references, not figures.

    >>> t = "Id. at 82; see 42 U.S.C. § 1983 and pp. 4-5. In 2020, 40 people came."
    >>> [t[s:e] for s, e in _reference_spans(t, 0, len(t))]
    ['Id. at 82', '42 U.S.C. § 1983', 'pp. 4-5']
    """
    part = prose[start:end]
    found = [(start + s, start + e) for s, e in citation_spans(part)]
    found += [(start + m.start(), start + m.end()) for m in _LOCATOR_RE.finditer(part)]
    out: list[tuple[int, int]] = []
    for s, e in sorted(found):
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _hide_reference_stops(stext: str, refs: Sequence[tuple[int, int]]) -> str:
    """``stext`` with the periods inside references ("U.S.", "Cir.", "pp.")
    changed to a mark that ends no sentence (same length)."""
    if not refs:
        return stext
    ed = _Edit(stext, min(s for s, _ in refs), max(e for _, e in refs))
    for s, e in refs:
        for i in ed.range(s, e):
            if ed.get(i) == ".":
                ed.set(i, "_")
    return ed.done()


def _join_pin_cites(
    sents: list[tuple[int, int]], stext: str, refs: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences with a citation sentence ("Id. at 82 [@x].", "512 U.S. 101.")
    joined to the sentence before it, whose words it cites.

    >>> t = 'He wrote "no consent at all." Id_ at 82 [xx]. Next one.'
    >>> [t[s:e] for s, e in _join_pin_cites([(0, 29), (30, 45), (46, 55)], t, [(30, 39)])]
    ['He wrote "no consent at all." Id_ at 82 [xx].', 'Next one.']
    """
    starts = {s for s, _ in refs}
    out: list[tuple[int, int]] = []
    for s, e in sents:
        head = stext[s : s + 20].replace("_", ".")
        if out and (s in starts or _PIN_START_RE.match(head)):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _pair(
    citations: Sequence[Citation], s_start: int, s_end: int, q_end: int, q_start: int
) -> Citation | None:
    inside = [c for c in citations if s_start <= c.start < s_end]
    after = [c for c in inside if c.start >= q_end]
    if after:
        return after[0]
    before = [c for c in inside if c.end <= q_start]
    return before[-1] if before else None


_ATTRIB_LINE_RE = re.compile(r"^[ \t>]*(?:—|–|--|-|―)\s*(?P<who>.*)$", re.M)


def parse_note(
    text: str, path: str = "<note>", *, keep_link: Callable[[CiteRef], bool] | None = None
) -> Note:
    """Parse a note into quotes (with citation and speaker), numeric claim
    sentences, citations and problems (``unbalanced-quote``).

    ``keep_link`` decides whether a Markdown link is a citation (by default
    every link to a URL or to a file with a document suffix is); a link it
    rejects stays ordinary prose.

    >>> t = 'Fitch said “we urge you” [@000]. Then “x”.\\n\\n> Block words.\\n> — Fitch [@001]\\n'
    >>> for q in parse_note(t).quotes:
    ...     print(q.text, q.kind, q.citation.keys if q.citation else None, q.speaker)
    we urge you inline ('000',) Fitch
    x inline None None
    Block words. block ('001',) Fitch
    """
    masked = mask_markup(text)
    footdefs = find_footnote_defs(masked)
    citations = find_citations(masked, footdefs)
    if keep_link is not None:
        citations = [c for c in citations if c.form != "link" or keep_link(c.refs[0])]
    prose = _mask_prose(masked, citations, [(s, e) for s, e, _ in footdefs.values()])
    blocks = _blocks(prose, text)
    outer, findings = _read_quotes(prose)
    problems = [
        NoteProblem("unbalanced-quote", f.message, pos, *line_col(text, pos))
        for f in findings
        for pos in [f.locations[0].start if f.locations else 0]
    ]
    quotes: list[NoteQuote] = []
    claims: list[NumberClaim] = []
    for bi, block in enumerate(blocks):
        if block.kind == "quote":
            q = _block_quote(
                text,
                prose,
                block,
                citations,
                blocks[bi - 1] if bi else None,
                blocks[bi + 1] if bi + 1 < len(blocks) else None,
            )
            if q is not None:
                quotes.append(q)
            continue
        spans = [s for s in outer if block.start <= s.open < block.end]
        stext = _sentence_text(prose, spans, citations, block.start, block.end)
        refs = _reference_spans(prose, block.start, block.end)
        stext = _hide_reference_stops(stext, refs)
        sents = _join_pin_cites(sentences(stext, block.start, block.end), stext, refs)
        if not sents:
            continue

        def sentence_of(pos: int, sents: list[tuple[int, int]] = sents) -> tuple[int, int]:
            for s, e in sents:
                if s <= pos < e:
                    return s, e
            return sents[-1]

        for sp in spans:
            if not _LETTERS.search(prose[sp.start : sp.end]):
                continue
            s, e = sentence_of(sp.open)
            cite = _pair(citations, s, e, sp.close + 1, sp.open)
            ln, col = line_col(text, sp.start)
            quotes.append(
                NoteQuote(
                    sp.start,
                    sp.end,
                    text[sp.start : sp.end],
                    ln,
                    col,
                    "inline",
                    cite,
                    sp.speaker,
                    sp.open_mark,
                    sp.close_mark,
                )
            )
        # numeric claims: sentences with a citation and a digit or number word outside quotes
        outside = _outside_quotes(prose, spans, block.start, block.end)
        # a citation's volumes, pages and sections are not figures to check
        ed = _Edit(outside, block.start, block.end)
        for rs, re_ in refs:
            ed.blank(rs, re_)
        outside = ed.done()
        for s, e in sents:
            cites = [c for c in citations if s <= c.start < e]
            if not cites or not _HAS_NUMBER.search(outside, s, e):
                continue
            claims.append(NumberClaim(s, e, outside[s:e], cites[-1]))
    quotes.sort(key=lambda q: (q.start, q.end))
    return Note(
        path,
        text,
        tuple(quotes),
        tuple(claims),
        tuple(citations),
        tuple(sorted(problems, key=lambda p: p.start)),
    )


_HAS_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)\b",
    re.I,
)


def _outside_quotes(prose: str, spans: Sequence[_Span], lo: int = 0, hi: int | None = None) -> str:
    """``prose`` with the quotations ``spans`` blanked (in ``prose[lo:hi]``)."""
    ed = _Edit(prose, lo, hi)
    for sp in spans:
        ed.blank(sp.open, sp.close + 1)
    return ed.done()


def _block_quote(
    text: str,
    prose: str,
    block: _Block,
    citations: Sequence[Citation],
    before: _Block | None,
    after: _Block | None,
) -> NoteQuote | None:
    """One ``>`` block as a quote: markers blanked, a trailing attribution
    line split off, wrapping quotation marks dropped."""
    chars = list(prose[: block.end])
    for m in re.finditer(r"^[ ]{0,3}(?:>[ ]?)+", text[: block.end], re.M):
        if m.start() >= block.start:
            _blank(chars, m.start(), m.end())
    content = "".join(chars)
    speaker: str | None = None
    body_end = block.end
    attrib = None
    for m in _ATTRIB_LINE_RE.finditer(text, block.start, block.end):
        attrib = m
    if attrib is not None and attrib.start() > block.start:
        body_end = attrib.start()
        speaker = _clean_name(content[attrib.start("who") : attrib.end()].strip(" \t-—–,.")) or None
    inside = [c for c in citations if block.start <= c.start < block.end]
    cite = inside[0] if inside else None
    # the block is often introduced by "X said [@key]:" or followed by "— X [@key]"
    if after is not None and (cite is None or speaker is None):
        am = _ATTRIB_LINE_RE.match(text, after.start)
        if am and am.start() == after.start and "\n" not in text[after.start : after.end].strip():
            if speaker is None:
                speaker = _clean_name(prose[am.start("who") : am.end()].strip(" \t-—–,.")) or None
            if cite is None:
                cite = next((c for c in citations if after.start <= c.start < after.end), None)
    if before is not None and (cite is None or speaker is None):
        intro = prose[before.start : before.end].rstrip()
        if intro.endswith(":"):
            last_sent = sentences(intro)[-1] if sentences(intro) else (0, len(intro))
            s0 = before.start + last_sent[0]
            if cite is None:
                cite = next((c for c in reversed(citations) if s0 <= c.start < before.end), None)
            if speaker is None:
                a = colon_intro(prose, s0, before.start + len(intro))
                if a is not None:
                    speaker = _clean_name(a.speaker(prose) or "")
    s, e = block.start, body_end
    while s < e and not content[s].strip():
        s += 1
    while e > s and not content[e - 1].strip():
        e -= 1
    if s < e and content[s] in _BLOCK_OPENERS and content[e - 1] in _BLOCK_CLOSERS:
        s, e = s + 1, e - 1
    if s >= e or not _LETTERS.search(content[s:e]):
        return None
    ln, col = line_col(text, s)
    return NoteQuote(s, e, content[s:e], ln, col, "block", cite, speaker, ">", "")
