"""Parse curated notes (Markdown or plain text): quotes, citations, numeric claims.

Offsets index the note exactly as read.  Parsing works on *masked* copies of
the note of the same length: code, HTML comments, front matter, link targets
and footnote definitions are blanked out so that nothing inside them is taken
for a quote, and every position still maps one-to-one to the original.

A quote is inline text between quotation marks (“…”, "…", „…“, «…», ‘…’,
'…', 「…」) or a ``>`` block quote.  It is paired with the citation that
follows it in the same sentence (else the one before it in that sentence);
a block quote with the citation inside the block, on an attribution line
right after it (``— Fitch [@000]``) or in an introducing line that ends with
a colon.  The speaker is the note's own attribution (``Fitch said “…”``).

Contents
--------
NoteQuote, NumberClaim, NoteProblem, Note   the parsed note
parse_note        text -> Note
mask_markup       blank out code, comments, front matter (same length)
quote_spans       quotation-mark pairs in a block (and unbalanced marks)
find_speaker      the note's attribution around a quote
speaker_names     the name words of a speaker phrase
line_col          1-based line and column of an offset
decode_note       bytes -> text (UTF-8 only; ReadError otherwise)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from xref.citations import Citation, CiteRef, find_citations, find_footnote_defs
from xref.errors import ReadError
from xref.segment import sentences

_LETTERS = re.compile(r"\w")


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


# -- quotation marks ------------------------------------------------------

_OPENERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "「": "」", "『": "』", "‘": "’", "‚": "‘’"}
_CLOSERS = {"”", "»", "›", "」", "』"}
_SINGLE = {"‘", "‚", "'"}
_OPEN_CONTEXT = ' \t\n([{—–-/"“‘«„'


@attrs.frozen
class QuoteSpan:
    """A pair of quotation marks: ``open`` and ``close`` are the marks'
    offsets; the quoted words are ``text[open + 1 : close]``."""

    open: int
    close: int
    depth: int


def quote_spans(text: str, start: int, end: int) -> tuple[list[QuoteSpan], list[int]]:
    """Quotation-mark pairs in ``text[start:end]`` and unclosed openers.

    A double opening mark left unclosed at the end of the block is reported
    (its offset is in the second list) and the block is scanned again
    without it, so the quotes around it are still found.  Unclosed single
    marks are taken for apostrophes and ignored.

    >>> t = 'He said “a ‘b’ c” and "d" but “e'
    >>> spans, unclosed = quote_spans(t, 0, len(t))
    >>> [(t[s.open + 1 : s.close], s.depth) for s in spans]
    [('b', 1), ('a ‘b’ c', 0), ('d', 0)]
    >>> unclosed
    [30]
    """
    ignored: set[int] = set()
    unclosed: list[int] = []
    while True:
        spans, open_left, stray = _scan(text, start, end, ignored)
        doubles = [p for p in open_left if text[p] not in _SINGLE]
        for p in stray:
            if p not in unclosed:
                unclosed.append(p)
            ignored.add(p)
        if not doubles and not stray:
            spans.sort(key=lambda s: (s.close, s.open))
            return spans, sorted(unclosed)
        if doubles:
            unclosed.append(doubles[0])
            ignored.add(doubles[0])


def _scan(
    text: str, start: int, end: int, ignored: set[int]
) -> tuple[list[QuoteSpan], list[int], list[int]]:
    stack: list[tuple[str, int]] = []
    spans: list[QuoteSpan] = []
    stray: list[int] = []

    def opening_position(i: int) -> bool:
        return i == start or text[i - 1] in _OPEN_CONTEXT

    def close(i: int) -> None:
        _, pos = stack.pop()
        spans.append(QuoteSpan(pos, i, len(stack)))

    for i in range(start, end):
        c = text[i]
        if i in ignored:
            continue
        nxt = text[i + 1] if i + 1 < end else " "
        top = stack[-1][0] if stack else ""
        if c == '"':
            if '"' in (m for m, _ in stack) and not (opening_position(i) and nxt.isalnum()):
                while stack and stack[-1][0] != '"':
                    stack.pop()
                close(i)
            else:
                stack.append((c, i))
        elif c == "'":
            if top == "'" and not nxt.isalnum() and not text[i - 1].isspace():
                close(i)
            elif opening_position(i) and nxt.isalnum():
                stack.append((c, i))
        elif c == "’":
            if top in ("‘", "‚") and not nxt.isalnum():
                close(i)
        elif (c == "“" and top == "„") or (c == "‘" and top == "‚"):
            close(i)
        elif c in _OPENERS:
            if c == "‘" and not nxt.strip():
                continue
            stack.append((c, i))
        elif c in _CLOSERS:
            match = next(
                (k for k in range(len(stack) - 1, -1, -1) if c in _OPENERS.get(stack[k][0], "")),
                None,
            )
            if match is None:
                stray.append(i)
                continue
            del stack[match + 1 :]
            close(i)
    return spans, [p for _, p in stack], stray


# -- speakers -------------------------------------------------------------

_CUES = (
    "said|says|say|stated|states|state|wrote|writes|write|told|tells|added|adds|warned|warns|"
    "argued|argues|noted|notes|explained|explains|continued|continues|concluded|concludes|"
    "declared|declares|asked|asks|urged|urges|insisted|insists|claimed|claims|outlined|"
    "announced|announces|testified|tweeted|posted|replied|responded|recalled|admitted|"
    "acknowledged|confirmed|called|described|reads|read"
)
_NAME = r"(?P<name>[^,;:.!?\"“”]{1,80}?)"
_AFTER_CUE_NAME = re.compile(rf"^[\s,—–-]*(?:{_CUES})\s+{_NAME}\s*(?:[,;:.!?]|$)", re.I)
_AFTER_NAME_CUE = re.compile(rf"^[\s,—–-]*{_NAME}\s+(?:{_CUES})\b", re.I)
_BEFORE_NAME_CUE = re.compile(
    rf"{_NAME}\s+(?:{_CUES})\b(?P<rest>[^,;:.!?\"“”]{{0,60}})[\s,:]*$", re.I
)
_ACCORDING = re.compile(rf"according\s+to\s+{_NAME}[\s,:]*$", re.I)
_LEAD_WORDS = re.compile(r"^(?:(?:and|but|while|as|then|also|so|yet|later|earlier)\s+)+", re.I)

#: titles and function words that are not names
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "in",
        "for",
        "on",
        "at",
        "to",
        "by",
        "with",
        "from",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "president",
        "vice",
        "secretary",
        "attorney",
        "general",
        "acting",
        "director",
        "commissioner",
        "chairman",
        "chair",
        "chief",
        "judge",
        "justice",
        "former",
        "state",
        "party",
        "department",
        "agency",
        "u.s",
        "us",
        "then",
        "now",
        "also",
        "his",
        "her",
        "their",
        "its",
        "officials",
        "official",
    ]
)


def _clean_name(name: str) -> str | None:
    name = _LEAD_WORDS.sub("", " ".join(name.split()))
    if not name or len(name.split()) > 10:
        return None
    return name


def find_speaker(
    text: str, sent_start: int, open_pos: int, close_pos: int, sent_end: int
) -> str | None:
    """The note's attribution of the quote whose marks are at ``open_pos``
    and ``close_pos`` within the sentence ``text[sent_start:sent_end]``.

    >>> t = 'Fitch said “We urge you” and more.'
    >>> find_speaker(t, 0, 11, 23, len(t))
    'Fitch'
    >>> t = '“We urge you,” the letter states.'
    >>> find_speaker(t, 0, 0, 13, len(t))
    'the letter'
    >>> t = '“Human trafficking,” said Attorney General Lynn Fitch.'
    >>> find_speaker(t, 0, 0, 19, len(t))
    'Attorney General Lynn Fitch'
    """
    after = text[close_pos + 1 : sent_end]
    for rx in (_AFTER_CUE_NAME, _AFTER_NAME_CUE):
        m = rx.match(after)
        if m:
            name = _clean_name(m.group("name"))
            if name:
                return name
    before = text[sent_start:open_pos]
    for rx in (_BEFORE_NAME_CUE, _ACCORDING):
        m = rx.search(before)
        if m:
            name = _clean_name(m.group("name"))
            if name:
                return name
    return None


def speaker_names(speaker: str | None) -> frozenset[str]:
    """The name words of a speaker phrase (capitalized, titles left out).

    >>> sorted(speaker_names("Attorney General Lynn Fitch"))
    ['fitch', 'lynn']
    >>> speaker_names("the letter")
    frozenset()
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


def _sentence_text(prose: str, spans: Sequence[QuoteSpan], citations: Sequence[Citation]) -> str:
    """Prose with quote interiors hidden (a final . ! ? kept, so a quote that
    ends a sentence still ends it) and citations kept as ``[xxx]``."""
    chars = list(prose)
    for s in spans:
        if s.depth:
            continue
        last = s.close - 1
        for i in range(s.open + 1, s.close):
            if chars[i] not in "\n ":
                chars[i] = "X" if chars[i].isupper() else "x"
        if prose[last] in ".!?":
            chars[last] = prose[last]
    for c in citations:
        if c.form != "link":
            chars[c.start] = "["
            for i in range(c.start + 1, c.end - 1):
                chars[i] = "x"
            chars[c.end - 1] = "]"
    return "".join(chars)


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
    quotes: list[NoteQuote] = []
    claims: list[NumberClaim] = []
    problems: list[NoteProblem] = []
    blocks = _blocks(prose, text)

    def add_problem(pos: int, message: str) -> None:
        ln, col = line_col(text, pos)
        problems.append(NoteProblem("unbalanced-quote", message, pos, ln, col))

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
        spans, unclosed = quote_spans(prose, block.start, block.end)
        for pos in unclosed:
            mark = text[pos]
            what = "closing" if mark in _CLOSERS else "opening"
            add_problem(pos, f"{what} quotation mark {mark} has no partner in this paragraph")
        stext = _sentence_text(prose, spans, citations)
        sents = sentences(stext, block.start, block.end)
        if not sents:
            continue

        def sentence_of(pos: int, sents: list[tuple[int, int]] = sents) -> tuple[int, int]:
            for s, e in sents:
                if s <= pos < e:
                    return s, e
            return sents[-1]

        for sp in spans:
            if sp.depth:
                continue
            qs, qe = sp.open + 1, sp.close
            qtext = text[qs:qe]
            if not _LETTERS.search(prose[qs:qe]):
                continue
            s, e = sentence_of(sp.open)
            cite = _pair(citations, s, e, sp.close + 1, sp.open)
            speaker = find_speaker(prose, s, sp.open, sp.close, e)
            ln, col = line_col(text, qs)
            quotes.append(
                NoteQuote(
                    qs, qe, qtext, ln, col, "inline", cite, speaker, text[sp.open], text[sp.close]
                )
            )
        # numeric claims: sentences with a citation and a digit or number word outside quotes
        outside = _outside_quotes(prose, spans)
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


def _outside_quotes(prose: str, spans: Sequence[QuoteSpan]) -> str:
    chars = list(prose)
    for sp in spans:
        if not sp.depth:
            _blank(chars, sp.open, sp.close + 1)
    return "".join(chars)


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
                bm = _BEFORE_NAME_CUE.search(intro[last_sent[0] :].rstrip(": \t"))
                if bm is None:
                    bm = re.search(rf"{_NAME}\s+(?:{_CUES})\b[^:]*:?$", intro[last_sent[0] :], re.I)
                if bm:
                    speaker = _clean_name(bm.group("name"))
    s, e = block.start, body_end
    while s < e and not content[s].strip():
        s += 1
    while e > s and not content[e - 1].strip():
        e -= 1
    if (s < e and content[s] in _OPENERS) or content[s : s + 1] == '"':
        close = content[e - 1]
        if close in _CLOSERS or close in '"“’':
            s, e = s + 1, e - 1
    if s >= e or not _LETTERS.search(content[s:e]):
        return None
    ln, col = line_col(text, s)
    return NoteQuote(s, e, content[s:e], ln, col, "block", cite, speaker, ">", "")
