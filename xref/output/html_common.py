"""Shared helpers for the HTML and Markdown reports: escaping, ids, the page
shell, and the word alignment both formats draw.

Everything that comes from a source or a note goes through :func:`esc`
(HTML) or :func:`md_escape` (Markdown).  Element ids and in-page links are
built only from fixed prefixes, integers and :func:`slug` output, so no data
can reach an attribute unescaped or make a link leave the page.

Contents
--------
esc, md_escape              escape text for HTML / GitHub-flavoured Markdown
slug                        a safe id fragment from any text
Step, align_words           word alignment of a rendering against a reference
word_kind                   what kind of difference two words make (Diff.kind)
Column, Grid, build_grid    the multi-row alignment table of a cluster
KIND_LABELS, VERDICT_LABELS display labels (text, so nothing relies on colour)
page                        a self-contained HTML page with CSP, CSS and script
SCRIPT, CSS, csp            the one inline script, the style sheet, the policy
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Sequence

import attrs
from rapidfuzz.distance import Indel, Levenshtein

from xref.model import Diff
from xref.normalize import Token, tokenize, words

# --------------------------------------------------------------------------
# escaping and ids


def esc(text: object) -> str:
    """Escape any text for HTML element content and quoted attributes.

    >>> esc('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(str(text), quote=True)


# ASCII punctuation that Markdown (CommonMark, GFM tables, strikethrough,
# emphasis, links, autolinks, emoji shortcodes, mentions, math, headings and
# list markers) gives a meaning to.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~^$:@])")
# "1. " or "1) " at the start would begin an ordered list
_MD_LIST_START = re.compile(r"^(\d+)\.")


def md_escape(text: object) -> str:
    """Escape text so GitHub-flavoured Markdown shows it literally.

    HTML's special characters become entities, Markdown's punctuation is
    backslash-escaped, and line breaks become spaces (so text stays inside a
    table cell).

    >>> md_escape("<b>x</b> | [a](javascript:alert(1))")
    '&lt;b&gt;x&lt;/b&gt; \\\\| \\\\[a\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\)'
    >>> md_escape("a\\n\\n**b**")
    'a \\\\*\\\\*b\\\\*\\\\*'
    >>> md_escape("1. not a list, e.g. file.md")
    '1\\\\. not a list, e.g. file.md'
    """
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_LIST_START.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", flat))


def slug(text: str, limit: int = 32) -> str:
    """A lower-case id fragment of ASCII letters, digits and hyphens.

    >>> slug('000_e1a3 "><svg onload=x>')
    '000-e1a3-svg-onload-x'
    >>> slug("«»")
    'x'
    """
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-")
    return s or "x"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word, in the singular or plural.

    >>> plural(1, "error"), plural(2, "error"), plural(0, "boilerplate", "boilerplate")
    ('1 error', '2 errors', '0 boilerplate')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"


# --------------------------------------------------------------------------
# word alignment

_NEGATIONS = frozenset(
    {"not", "no", "never", "none", "nor", "neither", "nobody", "nothing", "nowhere", "without",
     "cannot", "n't"}
)
_NUMBER_WORDS: dict[str, float] = {
    w: float(i)
    for i, w in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty")
    )
}
_NUMBER_WORDS.update(
    {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "hundred": 100, "dozen": 12, "thousand": 1e3, "million": 1e6,
     "billion": 1e9}
)
_MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
     "sept", "oct", "nov", "dec"}
)


def _number_value(norm: str) -> float | None:
    """The value of a number token or number word, else None.

    >>> _number_value("19,752"), _number_value("eighteen"), _number_value("77.5%")
    (19752.0, 18.0, 77.5)
    """
    if norm in _NUMBER_WORDS:
        return _NUMBER_WORDS[norm]
    m = re.fullmatch(r"[$€£¥]?(\d+(?:,\d{3})*(?:\.\d+)?)(?:%|st|nd|rd|th|s)?", norm)
    return float(m.group(1).replace(",", "")) if m else None


def _is_date_word(norm: str) -> bool:
    return norm in _MONTHS or bool(re.fullmatch(r"(1[89]|20)\d\d", norm))


def _is_negation(norm: str) -> bool:
    return norm in _NEGATIONS or norm.endswith("n't")


def word_kind(a: str, b: str, *, a_initial: bool = False, b_initial: bool = False) -> str:
    """What kind of difference it makes to write ``b`` where ``a`` was.

    Either side may be empty (an omitted or an added word).  Returns one of
    the :class:`xref.model.Diff` kinds: ``number``, ``date``, ``negation``,
    ``name``, ``spelling``, ``case`` or ``wording``.  ``*_initial`` says the
    word starts a sentence, where a capital does not make a name.

    >>> word_kind("18", "19"), word_kind("18", "Eighteen"), word_kind("not", "")
    ('number', 'spelling', 'negation')
    >>> word_kind("Schmitt", "Schmidt"), word_kind("Immigration", "Immigrations")
    ('name', 'spelling')
    >>> word_kind("October", "May"), word_kind("2014", "2015"), word_kind("said", "stated")
    ('date', 'date', 'wording')
    >>> word_kind("October", "Oct")
    'spelling'
    """
    na, nb = a.casefold(), b.casefold()
    if na == nb:
        return "case" if a != b else "wording"
    if na in _MONTHS and nb in _MONTHS and na[:3] == nb[:3]:
        return "spelling"  # "Oct" for "October"
    if any(_is_date_word(n) for n in (na, nb) if n):
        return "date"
    va, vb = _number_value(na), _number_value(nb)
    if va is not None or vb is not None:
        return "spelling" if va == vb else "number"
    if _is_negation(na) != _is_negation(nb):
        return "negation"
    a_cap = bool(a[:1].isupper()) and not a_initial
    b_cap = bool(b[:1].isupper()) and not b_initial
    if a and b and len(na) >= 4 and Levenshtein.normalized_similarity(na, nb) >= 0.75:
        # a slip in a capitalised word is a name variant, unless only a plural
        plural_only = na.rstrip("s") == nb.rstrip("s")
        return "name" if a_cap and b_cap and not plural_only else "spelling"
    if a_cap or b_cap:
        return "name"
    return "wording"


@attrs.frozen
class Step:
    """One column's worth of an alignment: a reference word, a rendering word
    or both.

    ``op``: ``equal``, ``replace``, ``delete`` (a reference word the rendering
    leaves out), ``insert`` (a word the rendering adds) or ``outside`` (a
    reference word before or after the part the rendering covers, i.e. not a
    difference).  ``kind`` is a :class:`xref.model.Diff` kind for ``replace``,
    ``delete`` and ``insert`` (``ellipsis`` for an omission marked with "…",
    ``bracket`` for an insertion in [brackets]), empty otherwise.  ``ref`` and
    ``text`` are the words as written; ``col`` is the reference word's index
    (for ``insert``: the index of the reference word it comes before);
    ``start``/``end`` index the rendering's text and ``ref_start``/``ref_end``
    the reference's (-1 when that side has no word).
    """

    op: str
    kind: str
    ref: str
    text: str
    col: int
    start: int = -1
    end: int = -1
    ref_start: int = -1
    ref_end: int = -1


def _initial(text: str, tok: Token) -> bool:
    before = text[: tok.start].rstrip(" \t\n\"'“‘(«[")
    return not before or before[-1] in ".!?:;…\n"


def _bracketed(text: str, tok: Token) -> bool:
    """Whether ``tok`` sits inside [square brackets] (an editor's insertion)."""
    return text.rfind("[", 0, tok.start) > text.rfind("]", 0, tok.start)


def _hint_kinds(hints: Iterable[Diff]) -> dict[frozenset[str], str]:
    out: dict[frozenset[str], str] = {}
    for d in hints:
        a = " ".join(t.norm for t in words(d.a))
        b = " ".join(t.norm for t in words(d.b))
        key = frozenset((a, b))
        out.setdefault(key, d.kind)
    return out


def align_words(reference: str, text: str, hints: Sequence[Diff] = ()) -> tuple[Step, ...]:
    """Align the words of ``text`` to those of ``reference``.

    Matching uses xref's own tokens (typographically folded, case-folded) and
    rapidfuzz's Indel opcodes, which keep as many words in place as possible;
    a run of changes is then paired word by word.  ``hints`` (a rendering's
    own :class:`~xref.model.Diff` list) decide a pair's kind when they name
    the same words; otherwise :func:`word_kind` does.

    >>> [(s.op, s.kind, s.ref, s.text) for s in align_words("a coalition of 18 states",
    ...                                                     "coalition of 19 states")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('outside', '', 'a', ''), ('equal', '', 'coalition', 'coalition'),
     ('equal', '', 'of', 'of'), ('replace', 'number', '18', '19'),
     ('equal', '', 'states', 'states')]
    >>> [(s.op, s.kind) for s in align_words("we are not welcome here", "we are welcome here")]
    [('equal', ''), ('equal', ''), ('delete', 'negation'), ('equal', ''), ('equal', '')]
    """
    rt = words(tokenize(reference))
    tt = words(tokenize(text))
    hint = _hint_kinds(hints)
    blocks: list[list[int]] = []  # [equal (0/1), i1, i2, j1, j2], changes merged
    for op in Indel.opcodes([t.norm for t in rt], [t.norm for t in tt]):
        eq = int(op.tag == "equal")
        if blocks and not eq and not blocks[-1][0]:
            blocks[-1][2], blocks[-1][4] = op.src_end, op.dest_end
        else:
            blocks.append([eq, op.src_start, op.src_end, op.dest_start, op.dest_end])
    # words left unaligned on each side: a word found unaligned on the other
    # side too was moved (reordered text), not changed
    loose_ref = {rt[i].norm for eq, i1, i2, _, _ in blocks if not eq for i in range(i1, i2)}
    loose_text = {tt[j].norm for eq, _, _, j1, j2 in blocks if not eq for j in range(j1, j2)}

    def kind(r: Token | None, t: Token | None) -> str:
        rn = r.norm if r else ""
        tn = t.norm if t else ""
        if frozenset((rn, tn)) in hint:
            return hint[frozenset((rn, tn))]
        k = word_kind(
            reference[r.start : r.end] if r else "",
            text[t.start : t.end] if t else "",
            a_initial=bool(r) and _initial(reference, r),  # type: ignore[arg-type]
            b_initial=bool(t) and _initial(text, t),  # type: ignore[arg-type]
        )
        moved = (tn and tn in loose_ref) or (rn and rn in loose_text)
        return "moved" if moved and k in ("number", "date", "name", "wording") else k

    steps: list[Step] = []
    for eq, i1, i2, j1, j2 in blocks:
        if eq:
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                r, t = rt[i], tt[j]
                steps.append(Step("equal", "", reference[r.start : r.end],
                                  text[t.start : t.end], i, t.start, t.end, r.start, r.end))
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            r, t = rt[i1 + k], tt[j1 + k]
            steps.append(Step("replace", "bracket" if _bracketed(text, t) else kind(r, t),
                              reference[r.start : r.end], text[t.start : t.end], i1 + k,
                              t.start, t.end, r.start, r.end))
        gap_start = tt[j1 - 1].end if j1 > 0 else 0
        gap_end = tt[j2].start if j2 < len(tt) else len(text)
        marked = "..." in text[gap_start:gap_end] or "…" in text[gap_start:gap_end]
        for i in range(i1 + pairs, i2):
            r = rt[i]
            steps.append(Step("delete", "ellipsis" if marked else kind(r, None),
                              reference[r.start : r.end], "", i, -1, -1, r.start, r.end))
        for j in range(j1 + pairs, j2):
            t = tt[j]
            steps.append(Step("insert", "bracket" if _bracketed(text, t) else kind(None, t), "",
                              text[t.start : t.end], i2, t.start, t.end))
    # reference words before and after the covered part are not differences
    covered = [k for k, s in enumerate(steps) if s.op != "delete"]
    if covered:
        first, last = covered[0], covered[-1]
        steps = [
            attrs.evolve(s, op="outside", kind="")
            if s.op == "delete" and (k < first or k > last) else s
            for k, s in enumerate(steps)
        ]
    return tuple(steps)


# --------------------------------------------------------------------------
# the alignment grid: one row per rendering, one column per aligned word


@attrs.frozen
class Column:
    """A grid column: a reference word (``ref``) or a slot for added words
    (``insert``) before reference word ``col``."""

    kind: str
    col: int
    slot: int = 0


@attrs.frozen
class Grid:
    """Columns, and for each row a cell (a Step, or None for empty) per column."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Step | None, ...], ...]


def build_grid(n_ref: int, alignments: Sequence[Sequence[Step]]) -> Grid:
    """Lay several alignments against the same reference out as one grid.

    >>> g = build_grid(2, [align_words("a b", "a b"), align_words("a b", "a x b")])
    >>> [(c.kind, c.col) for c in g.columns]
    [('ref', 0), ('insert', 1), ('ref', 1)]
    >>> [s.text if s else None for s in g.rows[1]]
    ['a', 'x', 'b']
    """
    width = [0] * (n_ref + 1)
    for steps in alignments:
        counts = [0] * (n_ref + 1)
        for s in steps:
            if s.op == "insert":
                counts[s.col] += 1
        width = [max(w, c) for w, c in zip(width, counts, strict=True)]
    columns: list[Column] = []
    for g in range(n_ref + 1):
        columns.extend(Column("insert", g, k) for k in range(width[g]))
        if g < n_ref:
            columns.append(Column("ref", g))
    where = {c: k for k, c in enumerate(columns)}
    rows: list[tuple[Step | None, ...]] = []
    for steps in alignments:
        cells: list[Step | None] = [None] * len(columns)
        slots = [0] * (n_ref + 1)
        for s in steps:
            if s.op == "insert":
                cells[where[Column("insert", s.col, slots[s.col])]] = s
                slots[s.col] += 1
            else:
                cells[where[Column("ref", s.col)]] = s
        rows.append(tuple(cells))
    return Grid(tuple(columns), tuple(rows))


def chunk_columns(columns: Sequence[Column], per_chunk: int) -> list[tuple[int, int]]:
    """Split the grid into [start, end) column ranges of at most ``per_chunk``
    reference words each (added-word slots stay with the word after them).

    >>> chunk_columns([Column("ref", 0), Column("insert", 1), Column("ref", 1),
    ...                Column("ref", 2)], 2)
    [(0, 3), (3, 4)]
    """
    out: list[tuple[int, int]] = []
    start, refs = 0, 0
    for k, c in enumerate(columns):
        if c.kind == "ref":
            refs += 1
            if refs == per_chunk:
                out.append((start, k + 1))
                start, refs = k + 1, 0
    if start < len(columns):
        out.append((start, len(columns)))
    return out


# --------------------------------------------------------------------------
# labels: every difference and verdict is named in text, not only by colour

KIND_LABELS: dict[str, str] = {
    "number": "number",
    "date": "date",
    "name": "name",
    "negation": "negation",
    "antonym": "opposite",
    "modal": "modal",
    "role": "roles",
    "case": "case",
    "punctuation": "punct.",
    "spelling": "spelling",
    "ellipsis": "elided …",
    "bracket": "[added]",
    "wording": "wording",
    "moved": "moved",
}

#: the CSS class family of each kind: the four the legend shows, plus minor
KIND_CLASS: dict[str, str] = {
    "number": "k-num",
    "date": "k-num",
    "name": "k-name",
    "negation": "k-neg",
    "antonym": "k-neg",
    "modal": "k-neg",
    "role": "k-neg",
    "case": "k-minor",
    "punctuation": "k-minor",
    "spelling": "k-minor",
    "ellipsis": "k-marked",
    "bracket": "k-marked",
    "wording": "k-word",
    "moved": "k-minor",
}

VERDICT_LABELS: dict[str, str] = {
    "exact": "✓ exact",
    "variant": "≈ variant",
    "truncated": "… truncated",
    "elided": "… elided",
    "paraphrase": "~ paraphrase",
    "conflict": "✗ conflict",
    "unrelated": "∅ unrelated",
    "misattributed": "✗ misattributed",
    "not_found": "? not found",
    "uncited": "? uncited",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def kind_class(kind: str) -> str:
    return KIND_CLASS.get(kind, "k-word")


def verdict_badge(verdict: str) -> str:
    """A verdict as a badge whose text names it (symbol + word).

    >>> verdict_badge("conflict")
    '<span class="badge v-conflict">✗ conflict</span>'
    """
    return (
        f'<span class="badge v-{slug(verdict)}">{esc(VERDICT_LABELS.get(verdict, verdict))}</span>'
    )


def severity_badge(severity: str) -> str:
    symbol = {"error": "✗", "warning": "!", "info": "i"}.get(severity, "")
    return f'<span class="badge s-{slug(severity)}">{esc(symbol)} {esc(severity)}</span>'


def step_html(s: Step | None) -> str:
    """One aligned word as HTML: plain when it agrees, else marked and labelled."""
    if s is None:
        return ""
    if s.op == "equal":
        return esc(s.text)
    if s.op == "outside":
        return '<span class="out" title="not part of this rendering">·</span>'
    label = f'<span class="kl">{esc(kind_label(s.kind))}</span>'
    cls = kind_class(s.kind)
    if s.op == "replace":
        return (
            f'<mark class="{cls}" title="{esc(kind_label(s.kind))}: {esc(s.ref)} → '
            f'{esc(s.text)}"><span class="sr">changed from {esc(s.ref)} to </span>'
            f"{esc(s.text)}</mark>{label}"
        )
    if s.op == "delete":
        return f'<del class="{cls}" title="left out">{esc(s.ref)}</del>{label}'
    return f'<ins class="{cls}" title="added">{esc(s.text)}</ins>{label}'


def marked_html(text: str, steps: Sequence[Step], *, side: str = "text") -> str:
    """``text`` exactly, escaped, with the words that differ marked.

    ``side="text"``: ``text`` is the rendering (or the note's quote): changed
    words are <mark>ed, added words <ins>, and a caret ⁁ shows where
    reference words are left out.  ``side="ref"``: ``text`` is the reference
    (or the source): words the other side changed are <mark>ed and words it
    left out are <del>.  Every mark names its kind for screen readers too.

    >>> marked_html("we are welcome", align_words("we are not welcome", "we are welcome"))
    'we are<span class="k-neg gap" title="left out: not">⁁<span class="sr"> left out \
(negation): not</span></span> welcome'
    >>> marked_html("a 18 b", align_words("a 18 b", "a 19 b"), side="ref")
    'a <mark class="k-num" title="number: now 19">18<span class="sr"> (number: now 19)</span>\
</mark> b'
    """
    spans: list[tuple[int, int, str]] = []  # start, end, html to put there
    if side == "ref":
        for s in steps:
            if s.ref_start < 0 or s.op in ("equal", "outside"):
                continue
            note = (f"{kind_label(s.kind)}: now {s.text}" if s.op == "replace"
                    else f"left out ({kind_label(s.kind)})")
            tag = "mark" if s.op == "replace" else "del"
            spans.append((s.ref_start, s.ref_end,
                          f'<{tag} class="{kind_class(s.kind)}" title="{esc(note)}">'
                          f"{esc(text[s.ref_start:s.ref_end])}"
                          f'<span class="sr"> ({esc(note)})</span></{tag}>'))
    else:
        last_end = 0
        gaps: dict[int, list[Step]] = {}
        for s in steps:
            if s.start >= 0:
                last_end = s.end
            elif s.op == "delete":
                gaps.setdefault(last_end, []).append(s)
        for at, left in gaps.items():
            words_left = " ".join(s.ref for s in left)
            kind = left[0].kind
            spans.append((at, at,
                          f'<span class="{kind_class(kind)} gap" '
                          f'title="left out: {esc(words_left)}">⁁'
                          f'<span class="sr"> left out ({esc(kind_label(kind))}): '
                          f"{esc(words_left)}</span></span>"))
        for s in steps:
            if s.start < 0 or s.op not in ("replace", "insert"):
                continue
            note = f"{kind_label(s.kind)}: was {s.ref}" if s.op == "replace" else "added"
            tag = "mark" if s.op == "replace" else "ins"
            spans.append((s.start, s.end,
                          f'<{tag} class="{kind_class(s.kind)}" title="{esc(note)}">'
                          f'{esc(text[s.start:s.end])}<span class="sr"> ({esc(note)})</span>'
                          f"</{tag}>"))
    spans.sort(key=lambda x: (x[0], x[1]))
    out: list[str] = []
    pos = 0
    for start, end, piece in spans:
        if start < pos or end > len(text):
            continue
        out.append(esc(text[pos:start]))
        out.append(piece)
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


def inline_diff_html(steps: Sequence[Step]) -> str:
    """The alignment as running text: marks, <del> and <ins> in line."""
    out: list[str] = []
    for s in steps:
        if s.op == "outside":
            continue
        if s.op == "equal":
            out.append(esc(s.text))
        elif s.op == "replace":
            out.append(
                f'<del class="{kind_class(s.kind)}">{esc(s.ref)}</del>'
                f'<ins class="{kind_class(s.kind)}">{esc(s.text)}</ins>'
                f'<span class="kl">{esc(kind_label(s.kind))}</span>'
            )
        else:
            out.append(step_html(s))
    return " ".join(out)


def step_markdown(s: Step) -> str:
    """One aligned word in Markdown: plain, ~~left out~~ or **added**, with
    its kind in italics.

    >>> step_markdown(Step("replace", "number", "18", "19", 0))
    '~~18~~ **19** _\\\\(number\\\\)_'
    """
    if s.op == "equal":
        return md_escape(s.text)
    if s.op == "outside":
        return ""
    label = f"_{md_escape('(' + kind_label(s.kind) + ')')}_"
    if s.op == "replace":
        return f"~~{md_escape(s.ref)}~~ **{md_escape(s.text)}** {label}"
    if s.op == "delete":
        return f"~~{md_escape(s.ref)}~~ {label}"
    return f"**{md_escape(s.text)}** {label}"


def inline_diff_markdown(
    steps: Sequence[Step], context: int | None = None, max_diffs: int | None = None
) -> str:
    """The alignment as Markdown: ~~left out~~, **added**, kind in italics.

    With ``context``, runs of agreeing words longer than that many words on
    each side of a difference are cut to "…"; with ``max_diffs``, the text
    stops after that many differences and says how many more there are.
    Reference words outside the rendering are shown as a leading or trailing
    "…".

    >>> inline_diff_markdown(align_words("18 state attorneys", "19 state attorneys"))
    '~~18~~ **19** _\\\\(number\\\\)_ state attorneys'
    >>> inline_diff_markdown(align_words("a b c d", "w x y z"), max_diffs=1)
    '~~a~~ **w** _\\\\(wording\\\\)_ … _\\\\(3 more differences\\\\)_'
    >>> inline_diff_markdown(align_words("a b c d e f g", "a b c d e f x"), context=2)
    '… e f ~~g~~ **x** _\\\\(wording\\\\)_'
    """
    inside = [k for k, s in enumerate(steps) if s.op != "outside"]
    if not inside:
        return ""
    lo, hi = inside[0], inside[-1]
    diffs = [k for k in inside if steps[k].op != "equal"]
    keep = set(inside)
    if context is not None and diffs:
        keep = {k for k in inside if any(abs(k - d) <= context for d in diffs)}
    out: list[str] = ["…"] if lo > 0 else []
    if max_diffs is not None and len(diffs) > max_diffs:
        hi = diffs[max_diffs - 1]
    for k in range(lo, hi + 1):
        if k in keep:
            out.append(step_markdown(steps[k]))
        elif not out or out[-1] != "…":
            out.append("…")
    if hi < len(steps) - 1 and out[-1] != "…":
        out.append("…")
    if max_diffs is not None and len(diffs) > max_diffs:
        out.append(f"_\\({len(diffs) - max_diffs} more differences\\)_")
    return " ".join(out)


# --------------------------------------------------------------------------
# the page shell

CSS = """
:root{--fg:#1b1b1b;--bg:#fff;--mut:#5a5a5a;--line:#d0d0d0;--soft:#f4f4f4;
--num:#fde2b8;--name:#d9e6ff;--neg:#ffd5d5;--word:#ececec;--minor:#eef6e8;--mark:#e7ddff;
--ok:#1e6b30;--warn:#8a5a00;--bad:#a4161a;--link:#0b57d0;--focus:#ff9f1a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg);overflow-wrap:break-word}
main,header.top,nav.toc{max-width:72rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.6rem;margin:1rem 0 .25rem}h2{font-size:1.3rem;margin:2rem 0 .5rem;
border-bottom:2px solid var(--line)}h3{font-size:1.1rem;margin:0 0 .5rem}
a{color:var(--link)}a:focus-visible,button:focus-visible,summary:focus-visible,
[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;z-index:9}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.muted{color:var(--mut)}.small{font-size:.85rem}
.stats{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}
.stats li{border:1px solid var(--line);border-radius:.4rem;padding:.3rem .6rem;
background:var(--soft)}
.stats b{font-size:1.15rem}
.scroll{overflow-x:auto;max-width:100%;position:relative;-webkit-overflow-scrolling:touch;
margin:.5rem 0}
table{border-collapse:collapse;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.25rem .45rem;vertical-align:top;text-align:left}
thead th{background:var(--soft)}caption{text-align:left;font-weight:600;padding:.25rem 0}
table.align td,table.align th{white-space:nowrap}
table.align th[scope=row]{position:sticky;left:0;background:#fff;z-index:1;width:13rem;
min-width:9rem;max-width:13rem;white-space:normal;font-weight:normal;text-align:left;
box-shadow:1px 0 0 var(--line)}
.docname{font-weight:600;overflow-wrap:anywhere}.who{font-size:.8rem;color:var(--mut)}
details.same{margin:.5rem 0}details.same>summary{cursor:pointer;color:var(--mut)}
.matrix thead th{max-width:9rem;overflow-wrap:anywhere;font-size:.85rem}
.matrix th[scope=row]{overflow-wrap:anywhere;max-width:12rem;font-size:.85rem}
td.diag{background:var(--soft)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 .75rem;margin:.25rem 0 .5rem}
dl.meta dt{color:var(--mut)}dl.meta dd{margin:0;overflow-wrap:anywhere}
table.align thead th{font-weight:normal;color:var(--mut);font-size:.75rem;text-align:center}
table.align td{text-align:center}
td.ins-slot{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#f7f7f7 4px,#f7f7f7 8px)}
mark,del,ins{color:inherit;padding:0 .15rem;border-radius:.2rem}
del{text-decoration:line-through;text-decoration-thickness:2px}
ins{text-decoration:underline;text-decoration-style:double}
mark{font-weight:700;outline:1px dashed #777}
.k-num{background:var(--num)}.k-name{background:var(--name)}.k-neg{background:var(--neg)}
.k-word{background:var(--word)}.k-minor{background:var(--minor);font-weight:normal}
.k-marked{background:var(--mark)}
.kl{display:block;font-size:.68rem;color:var(--mut);text-transform:uppercase;letter-spacing:.03em}
p .kl,.inline .kl,li .kl{display:inline;margin:0 .25rem 0 .1rem;vertical-align:super}
.out{color:#aaa}
.badge{display:inline-block;border:1px solid currentColor;border-radius:1rem;padding:0 .5rem;
font-size:.8rem;white-space:nowrap}
.v-exact,.v-variant,.s-info{color:var(--ok)}.v-truncated,.v-elided{color:#24509a}
.v-paraphrase,.s-warning{color:var(--warn)}
.v-conflict,.v-misattributed,.s-error,.v-not-found,.v-uncited{color:var(--bad)}
.v-unrelated{color:var(--mut)}
.cluster,.finding,.doc,.qfile,.qitem{border:1px solid var(--line);border-radius:.5rem;
padding:.75rem;margin:1rem 0}
.cluster:target,.finding:target,.doc:target,.qitem:target{box-shadow:0 0 0 3px var(--focus)}
blockquote{margin:.5rem 0;padding:.25rem .75rem;border-left:4px solid var(--line);
overflow-wrap:anywhere}
button{font:inherit;padding:.3rem .8rem;border:1px solid #555;border-radius:.3rem;
background:#fff;cursor:pointer}
button[aria-pressed=true]{background:#222;color:#fff}
.toolbar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
.js .cluster[data-view=aligned] .view-original{display:none}
.js .cluster[data-view=original] .view-aligned{display:none}
.doctext{white-space:pre-wrap;overflow-wrap:anywhere;font-family:Georgia,serif;
line-height:1.6;background:var(--soft);padding:.75rem;border-radius:.4rem}
.doctext mark{font-weight:normal;outline:none;background:none;border-radius:0;padding:0;
border-bottom:2px solid var(--link)}
.doctext mark.sev-error{background:#ffd5d5;border-bottom:2px dotted var(--bad)}
.doctext mark.sev-warning{background:#ffe8c2;border-bottom:2px dotted var(--warn)}
.doctext mark.sev-info{background:#e3f1e6;border-bottom:2px dotted var(--ok)}
a.tag{font:600 .7rem system-ui,sans-serif;text-decoration:none;border:1px solid var(--link);
border-radius:.3rem;padding:0 .2rem;margin:0 .1rem;vertical-align:super;background:#fff}
a.tag:target{background:var(--focus);color:#000}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1rem;padding:0;list-style:none;font-size:.9rem}
ul.evidence{margin:.25rem 0;padding-left:1.2rem}
.orig p{overflow-wrap:anywhere}
.matrix td{text-align:center;min-width:4rem}.matrix a{display:inline-block;margin:0 .1rem}
.ctx{color:var(--mut)}.passage{background:#fffbe6}
mark.match{background:#e3f1e6;font-weight:600}
.qitem.bad{border-left:6px solid var(--bad)}.qitem.ok{border-left:6px solid var(--ok);
padding:.4rem .75rem}
.qitem summary{cursor:pointer}.qhead{font-size:1rem;font-weight:normal}
.gap{padding:0 .1rem;font-weight:700}
.qpair{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
.qpair>div{min-width:0}
table.stack th[scope=row]{overflow-wrap:anywhere}
@media (max-width:40rem){body{font-size:15px}.qpair{grid-template-columns:1fr}
main,header.top,nav.toc{padding:0 .6rem}
table.stack,table.stack tbody,table.stack tr,table.stack td,table.stack th{display:block}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{border:1px solid var(--line);border-radius:.4rem;margin:0 0 .5rem}
table.stack td,table.stack th{border:0;border-top:1px solid var(--soft)}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600;
color:var(--mut)}
table.stack ul.evidence{display:inline-block;vertical-align:top;margin:0}
table.align th[scope=row]{width:8.5rem;min-width:8.5rem}
.cluster,.doc,.qitem{padding:.5rem}.qfile{border:0;padding:0}}
@media print{.toolbar{display:none}
.js .cluster .view-original,.js .cluster .view-aligned{display:block}}
"""

#: The page's only script: toggles between aligned and original views.  It
#: reads nothing from the data and builds no markup, and it is pinned by its
#: hash in the Content-Security-Policy.
SCRIPT = """
(function(){
  var root=document.documentElement;root.classList.add('js');
  function setView(box,view){
    box.setAttribute('data-view',view);
    var b=box.querySelector('button.toggle');
    if(b){b.setAttribute('aria-pressed',view==='original'?'true':'false');}
  }
  var boxes=document.querySelectorAll('.cluster[data-view]');
  boxes.forEach(function(box){
    var b=box.querySelector('button.toggle');
    if(b){b.addEventListener('click',function(){
      setView(box,box.getAttribute('data-view')==='aligned'?'original':'aligned');});}
  });
  document.querySelectorAll('button[data-all]').forEach(function(b){
    b.addEventListener('click',function(){
      var v=b.getAttribute('data-all')==='original'?'original':'aligned';
      boxes.forEach(function(box){setView(box,v);});});
  });
})();
"""


def csp(script: str = SCRIPT) -> str:
    """The Content-Security-Policy: nothing from the network, only our script.

    >>> csp("x").startswith("default-src 'none'; script-src 'sha256-")
    True
    """
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def page(title: str, body: str, *, script: str = SCRIPT) -> str:
    """A complete, self-contained HTML page around ``body`` (already HTML)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp(script))}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#main">Skip to content</a>\n'
        f"{body}\n<script>{script}</script>\n</body>\n</html>\n"
    )


def legend_html() -> str:
    """The key to the marks: each is named in text, not only by colour."""
    items = [
        '<li><mark class="k-num">19</mark> number or date changed</li>',
        '<li><mark class="k-name">Schmidt</mark> name changed</li>',
        '<li><mark class="k-neg">never</mark> negation or meaning flipped</li>',
        '<li><mark class="k-word">stated</mark> other wording</li>',
        '<li><mark class="k-minor">Immigrations</mark> spelling, case, or a word moved</li>',
        "<li><del class=\"k-word\">word</del> left out</li>",
        "<li><ins class=\"k-word\">word</ins> added</li>",
        '<li><del class="k-marked">word</del> left out, marked with …</li>',
        '<li><span class="out">·</span> not part of that rendering</li>',
    ]
    return (
        '<h2 id="legend">Legend</h2><ul class="legend">' + "".join(items) + "</ul>"
        '<p class="small muted">Each mark also carries its kind as a small label '
        "(NUMBER, NAME, NEGATION, WORDING …), so the report reads without colour.</p>"
    )
