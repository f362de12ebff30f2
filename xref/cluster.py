"""Clustering: every rendering of one quote or passage, across documents.

Units are a document's quotations (inline and block, not one- or two-word
terms) and the sentences of its unquoted text.  Each unit asks the index for
candidate windows in *other* documents; the units overlapping a window are
compared with :func:`xref.compare.compare` and an edge is kept when the
verdict and score say they render the same words.  Connected units form a
cluster; its reference is the longest, most complete rendering (quoted
renderings first), and every other rendering is judged against it.

Contents
--------
Unit              a quotation or unquoted sentence of a document
units_of          Document + its quotes -> units
Edge              two units that render the same words, with the comparison
find_edges        units + index -> edges (candidates only, never all pairs)
restatement       indirect speech that restates a quotation with its numbers
restatement_candidates  quotations sharing an unquoted sentence's numbers
build_clusters    units + edges -> Cluster objects, sorted and numbered
is_boilerplate    bylines, newsletter footers and the like (rules/words/boilerplate.toml)
boilerplate_rules the boilerplate patterns, loaded once
unquoted_spans    sentences of unquoted text, boilerplate lines apart and merged
is_lead_in        whether an unquoted fragment runs into a quotation
is_trailer        whether an unquoted fragment is the attribution after a quotation
unquoted_wording  compare's evidence reworded for an unquoted rendering
"""

from __future__ import annotations

import bisect
import importlib.resources
import itertools
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import filterfalse
from typing import Any

import attrs

from xref.attribution import after_quote, trailer_end
from xref.compare import compare
from xref.errors import XrefError
from xref.index import Candidate, CorpusIndex
from xref.model import Cluster, Comparison, Document, Evidence, Quote, Rendering
from xref.normalize import caseless_view, word_norms
from xref.segment import paragraphs, sentences

#: verdicts that say two units render the same words
STRONG = frozenset({"exact", "variant", "truncated", "elided"})
#: verdicts that may still link two units when the score is high enough
WEAK = frozenset({"paraphrase", "conflict"})

#: minimum alignment score for a paraphrase/conflict edge between two
#: unquoted sentences, and when at least one side is a quotation
PASSAGE_MIN_SCORE = 80.0
QUOTE_MIN_SCORE = 65.0
#: unquoted sentences shorter than this (in words) are not units
MIN_SENTENCE_WORDS = 6
#: a candidate window must score this share of what the unit could score
#: in the index (all its shingles and anchors); the short side of a true
#: pair scores close to 1, so this only drops chance hits (for speed)
CANDIDATE_MIN_SHARE = 0.25

@attrs.frozen
class Boilerplate:
    """The boilerplate patterns of ``rules/words/boilerplate.toml``."""

    sentence: tuple[re.Pattern[str], ...]
    paragraph: tuple[re.Pattern[str], ...]
    min_words: int
    #: each list as one alternation, searched in one pass
    any_sentence: re.Pattern[str] = attrs.field(init=False)
    any_paragraph: re.Pattern[str] = attrs.field(init=False)
    #: :attr:`any_sentence` in two parts: the patterns that open with
    #: ``\b`` and literal text, each with the texts it may open with
    #: (``cued``: tried only where one of them is), and the others
    #: (``anchored`` at the start, ``unguarded`` anywhere: always tried)
    cued: tuple[tuple[str, re.Pattern[str]], ...] = attrs.field(init=False)
    unguarded: re.Pattern[str] = attrs.field(init=False)
    #: the patterns anchored with ``^`` (no top-level ``|``), matched at the start
    anchored: re.Pattern[str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "any_sentence", _any_of(self.sentence, factor=True))
        object.__setattr__(self, "any_paragraph", _any_of(self.paragraph))
        cues = [(p, _cues(p.pattern)) for p in self.sentence]
        object.__setattr__(self, "cued", tuple((c, p) for p, cs in cues for c in cs or ()))
        starts = [
            p for p, cs in cues
            if cs is None and p.pattern.startswith("^") and not _top_level_branch(p.pattern)
        ]  # fmt: skip
        object.__setattr__(self, "anchored", _any_of(starts, factor=True))
        object.__setattr__(
            self, "unguarded",
            _any_of([p for p, cs in cues if cs is None and p not in starts], factor=True),
        )

    def sentence_matches(self, text: str) -> bool:
        """``bool(any_sentence.search(text))``, faster: a pattern that opens
        with a literal word is tried only where that word is (most sentences
        hold none of them), instead of at every word boundary.

        >>> b = boilerplate_rules()
        >>> b.sentence_matches("Follow HIM on X."), b.sentence_matches("He will follow.")
        (True, False)
        >>> b.sentence_matches("Sign up for our daily newsletter"), b.sentence_matches("ſubscribe")
        (True, False)
        """
        if self.anchored.match(text) or self.unguarded.search(text):
            return True
        view = caseless_view(text)  # same length: a cue found in it is where a match may start
        for cue, pattern in self.cued:
            if view is None:
                if pattern.search(text):
                    return True
                continue
            pos = view.find(cue)
            while pos >= 0:
                # the cue opens with a word character: ``\b`` needs none before it
                before = text[pos - 1] if pos else " "
                if not (before.isalnum() or before == "_") and pattern.match(text, pos):
                    return True
                pos = view.find(cue, pos + 1)
        return False


#: what a pattern opens with after ``\b``: literal text (ASCII letters,
#: digits and spaces, up to a character with a quantifier or a special
#: meaning), or a group of literal alternatives
_CUE_RE = re.compile(r"\\b(?:((?:[A-Za-z0-9 ](?![?*{+]))+)|\(\?:([A-Za-z0-9 |]+)\)(?![?*{+]))")


def _cues(pattern: str) -> tuple[str, ...] | None:
    """The lower-case texts one of which every match of ``pattern`` opens
    with, when it is ``\\b`` and literal text (or a group of literal
    alternatives) of three or more characters each, opening with a letter
    or digit, and has no top-level ``|``; None otherwise.

    >>> _cues(r"\\bis an? (?:\\w+ )?writer"), _cues(r"\\bCopyright\\s*\\d{4}")
    (('is a',), ('copyright',))
    >>> _cues(r"\\b(?:our|this) newsletter"), _cues(r"\\b(?:our|a) x")
    (('our', 'this'), None)
    >>> _cues(r"\\bx|y"), _cues(r"\\bab?c"), _cues(r"^about"), _cues(r"\\b(?:ab)?c")
    (None, None, None, None)
    """
    if not pattern.startswith("\\b") or _top_level_branch(pattern):
        return None
    m = _CUE_RE.match(pattern)
    if m is None:
        return None
    cues = (m.group(1),) if m.group(1) is not None else tuple(m.group(2).split("|"))
    if any(len(c) < 3 or not c[0].isalnum() for c in cues):
        return None
    return tuple(c.lower() for c in cues)


def _any_of(patterns: Sequence[re.Pattern[str]], *, factor: bool = False) -> re.Pattern[str]:
    """One case-insensitive pattern that matches where one of ``patterns`` does.

    With ``factor``, the patterns that open with ``\\b`` (or ``^``) share it:
    ``\\b(?:is an? …|email …)`` tries the alternatives at word boundaries only,
    several times faster in ``search`` than ``\\bis an? …|\\bemail …`` (which
    matches the same texts, though not always at the same place).

    >>> pats = [re.compile(p, re.I) for p in (r"\\bab", r"^cd|x", r"\\bef\\b", r"^g")]
    >>> _any_of(pats, factor=True).pattern
    '\\\\b(?:(?:ab)|(?:ef\\\\b))|^(?:(?:g))|(?:^cd|x)'
    >>> [bool(_any_of(pats, factor=True).search(t)) for t in ("cab", "zx", "yef", "g", "ag")]
    [False, True, False, True, False]
    """
    groups: dict[str, list[str]] = {"\\b": [], "^": []}
    rest: list[str] = []
    for p in patterns:
        src = p.pattern
        lead = next((k for k in groups if factor and src.startswith(k)), None)
        if lead is None or _top_level_branch(src):
            rest.append(src)
        else:
            groups[lead].append(src[len(lead) :])
    alts = [
        lead + "(?:" + "|".join(f"(?:{s})" for s in srcs) + ")"
        for lead, srcs in groups.items()
        if srcs
    ]
    alts += [f"(?:{s})" for s in rest]
    return re.compile("|".join(alts) or r"(?!x)x", re.I)


def _top_level_branch(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside its groups and character sets.

    >>> [_top_level_branch(p) for p in (r"a|b", r"(a|b)c", r"[|]\\|", r"[]|]x", r"a(?:b)|c")]
    [True, False, False, False, True]
    """
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character
        elif c == "[":
            i += 1
            if pattern.startswith("^", i):
                i += 1
            if pattern.startswith("]", i):
                i += 1  # a "]" first in a set is a member
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _patterns(data: dict[str, Any], key: str) -> tuple[re.Pattern[str], ...]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise XrefError(f"rules/words/boilerplate.toml: {key!r} must be a list of strings")
    out = []
    for pat in raw:
        try:
            out.append(re.compile(pat, re.I))
        except re.error as e:
            raise XrefError(
                f"rules/words/boilerplate.toml: {key}: bad pattern {pat!r}: {e}"
            ) from None
    return tuple(out)


@lru_cache(maxsize=1)
def boilerplate_rules() -> Boilerplate:
    """The shipped boilerplate patterns (read once).

    >>> b = boilerplate_rules()
    >>> b.min_words >= 1 and len(b.sentence) > 5 and len(b.paragraph) >= 1
    True
    """
    res = importlib.resources.files("xref").joinpath("rules", "words", "boilerplate.toml")
    try:
        data = tomllib.loads(res.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise XrefError("word list not found: rules/words/boilerplate.toml") from None
    except tomllib.TOMLDecodeError as e:
        raise XrefError(f"malformed word list rules/words/boilerplate.toml: {e}") from None
    min_words = data.get("min_words", 3)
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
        raise XrefError("rules/words/boilerplate.toml: 'min_words' must be a positive integer")
    return Boilerplate(
        _patterns(data, "sentence_patterns"), _patterns(data, "paragraph_patterns"), min_words
    )


def is_boilerplate(text: str) -> bool:
    """Bylines, contact lines, copyright and subscription footers, newsletter
    prompts, press-release "About" paragraphs (``rules/words/boilerplate.toml``).

    >>> is_boilerplate("John Binder is a reporter for Breitbart News.")
    True
    >>> is_boilerplate("By Kelly Brandt, Valley News Staff Writer")
    True
    >>> is_boilerplate("Copyright 2024 Valley News. All rights reserved.")
    True
    >>> is_boilerplate("About Northwind Energy: Northwind is a regional utility.")
    True
    >>> is_boilerplate("ICE arrested 19,752 unlawful immigrants.")
    False
    >>> is_boilerplate("By Monday, officials had agreed to the plan.")
    False
    """
    text = text.strip()
    rules = boilerplate_rules()
    return rules.sentence_matches(text) or bool(rules.any_paragraph.match(text))


def _boilerplate_sentence(text: str) -> bool:
    return boilerplate_rules().sentence_matches(text.strip())


def _boilerplate_paragraph(text: str) -> bool:
    return bool(boilerplate_rules().any_paragraph.match(text))


@attrs.frozen
class Unit:
    """A quotation or an unquoted sentence of one document."""

    doc: str
    start: int
    end: int
    text: str
    quoted: bool
    speaker: str | None = None
    cue: str | None = None
    n_words: int = 0
    #: its distinctive numbers (three or more digits: 302, 2014, 19,752),
    #: which find indirect speech that restates a quotation
    numbers: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.doc, self.start, self.end)


def units_of(doc: Document, quotes: Sequence[Quote]) -> list[Unit]:
    """The document's quotations and the sentences of its unquoted text."""
    out: list[Unit] = []
    spans: list[tuple[int, int]] = []
    for q in quotes:
        if q.kind == "term" or q.depth > 0:
            continue
        norms = word_norms(q.text)
        n = len(norms)
        if n < 3:
            continue
        out.append(
            Unit(doc.id, q.start, q.end, q.text, True, q.speaker, q.cue, n,
                 _numbers_of(norms))
        )
        spans.append((q.start, q.end))
    spans.sort()
    # unquoted gaps between quotations (quotation marks themselves excluded),
    # with whether a quotation closes just before and opens just after
    pos, after_q = doc.body_start, False
    gaps: list[tuple[int, int, bool, bool]] = []
    for s, e in spans:
        if s - 1 > pos:
            gaps.append((pos, s - 1, after_q, True))
        pos, after_q = max(pos, e + 1), True
    if pos < len(doc.text):
        gaps.append((pos, len(doc.text), after_q, False))
    min_boilerplate = boilerplate_rules().min_words
    for gs, ge, after_q, before_q in gaps:
        for s, e, boiler in unquoted_spans(doc.text, gs, ge):
            text = doc.text[s:e]
            norms = word_norms(text)
            n = len(norms)
            if n < ATTRIBUTION_MAX_WORDS and (
                (before_q and is_lead_in(doc.text, s, e, ge))
                or (after_q and is_trailer(doc.text, s, e, gs, ge))
            ):
                continue  # "Chris Weston said the company had “…”": the quote is shared
            if n >= MIN_SENTENCE_WORDS or (boiler and n >= min_boilerplate):
                out.append(
                    Unit(doc.id, s, e, text, False, n_words=n, numbers=_numbers_of(norms))
                )
    out.sort(key=lambda u: (u.start, -u.end))
    return out


#: an unquoted lead-in or trailer of a quotation shorter than this (in
#: words) is its attribution, not a passage of its own
ATTRIBUTION_MAX_WORDS = 12


def is_lead_in(text: str, start: int, end: int, open_pos: int) -> bool:
    """Whether ``text[start:end]`` runs into the quotation opening at
    ``open_pos``: no sentence end before the mark (or a colon introducing it).

    >>> t = 'Chief executive Chris Weston said the company had "about 16 million"'
    >>> is_lead_in(t, 0, t.index('"') - 1, t.index('"'))
    True
    >>> t = 'The vote was close. "We lost," she said.'
    >>> is_lead_in(t, 0, 19, t.index('"'))
    False
    """
    frag = text[start:end].rstrip()
    between = text[end:open_pos]
    if between.strip():
        return False
    if frag.endswith(":"):
        return True
    return "\n" not in between and not frag.endswith((".", "!", "?", "…"))


def is_trailer(text: str, start: int, end: int, close_end: int, hi: int) -> bool:
    """Whether ``text[start:end]``, right after a closing mark at
    ``close_end``, is the quotation's attribution (``Delgado said in her
    address.``) or the rest of its sentence (starting in lower case).

    >>> t = '"We will win," Delgado said in her address to lawmakers. Then'
    >>> is_trailer(t, 15, t.index(" Then"), 14, len(t))
    True
    >>> t = '"We will win." The budget passed by 30 votes to 12 on Friday.'
    >>> is_trailer(t, 15, len(t), 14, len(t))
    False
    """
    if text[close_end:start].strip(" \t,.;:!?—–-"):
        return False
    frag = text[start:end]
    if not frag or frag[0].islower():
        return bool(frag)
    stop = trailer_end(text, close_end, hi)
    if end > stop + 1:
        return False
    return after_quote(text, close_end, stop, strict=False) is not None


def unquoted_spans(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The sentences of ``text[start:end]`` as ``(start, end, boilerplate)``.

    A paragraph that opens like a press release's "About X:" is one
    boilerplate span; a boilerplate line inside a sentence (a byline under a
    headline) is cut out of it; short boilerplate sentences next to each
    other in a paragraph ("Copyright 2024 Valley News. All rights
    reserved.") are merged into one span.

    >>> t = "Plant to close\\nBy Kelly Brandt, Valley News\\n\\nIt will shut in 2027."
    >>> for s, e, b in unquoted_spans(t, 0, len(t)):
    ...     print(b, t[s:e])
    False Plant to close
    True By Kelly Brandt, Valley News
    False It will shut in 2027.
    >>> t = ("Copyright 2024 Valley News. All rights reserved. "
    ...      "Subscribe at vn.example for full access to local news.")
    >>> for s, e, b in unquoted_spans(t, 0, len(t)):
    ...     print(b, t[s:e])
    True Copyright 2024 Valley News. All rights reserved.
    True Subscribe at vn.example for full access to local news.
    """
    out: list[tuple[int, int, bool]] = []
    for ps, pe in paragraphs(text, start, end):
        if _boilerplate_paragraph(text[ps:pe]):
            out.append((ps, pe, True))
            continue
        spans: list[tuple[int, int, bool]] = []
        for s, e in sentences(text, ps, pe):
            spans.extend(_split_lines(text, s, e))
        merged: list[tuple[int, int, bool]] = []
        short_run = False  # the last span is boilerplate made of short sentences
        for s, e, b in spans:
            short = b and len(word_norms(text[s:e])) < MIN_SENTENCE_WORDS
            if short and short_run and not text[merged[-1][1] : s].strip():
                merged[-1] = (merged[-1][0], e, True)
            else:
                merged.append((s, e, b))
                short_run = short
        out.extend(merged)
    return out


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """A sentence's lines, with each boilerplate line (a byline under a
    headline) apart from the rest; the other lines stay together."""
    whole = text[start:end].strip()
    whole_b = _boilerplate_sentence(whole)  # the usual one-line sentence is searched once
    if whole_b and "\n" not in text[start:end]:
        return [(start, end, True)]
    lines: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            lines.append((s, e))
        pos = stop + 1
    out: list[tuple[int, int, bool]] = []
    for s, e in lines:
        line = text[s:e]
        b = whole_b if line == whole else _boilerplate_sentence(line)
        if not b and out and not out[-1][2]:
            out[-1] = (out[-1][0], e, False)
        else:
            out.append((s, e, b))
    if len(out) == 1 and not out[0][2] and whole_b:
        return [(out[0][0], out[0][1], True)]
    return out


@attrs.frozen
class Edge:
    """Two units of different documents that render the same words.

    ``short`` is the unit with fewer words; ``comparison`` is
    ``compare(short.text, long.text)``.
    """

    short: Unit
    long: Unit
    comparison: Comparison


#: an exact, variant, truncated or elided edge needs this many content words
#: in common
STRONG_MIN_SHARED_WORDS = 2
#: a paraphrase/conflict edge needs this many content words in common, so
#: a short generic sentence ("It is located in the ...") does not link to a
#: quotation that happens to contain the same phrase
WEAK_MIN_SHARED_WORDS = 3
#: ... and this share of the shorter unit's content words: two sentences
#: made on one pattern about different things ("It was only released in the
#: United States and Canada" / "… the United Kingdom and Ireland") share the
#: pattern's words, not the things they name
WEAK_MIN_SHARED_SHARE = 0.7


def _accept(a: Unit, b: Unit, cmp: Comparison) -> bool:
    if cmp.verdict in STRONG:
        # even the same words are no link when they say nothing particular
        # ("and the Titumir", "it is what it is")
        return len(_content(a.text)[0] & _content(b.text)[0]) >= STRONG_MIN_SHARED_WORDS
    if cmp.verdict not in WEAK:
        return False
    limit = QUOTE_MIN_SCORE if (a.quoted or b.quoted) else PASSAGE_MIN_SCORE
    if cmp.score < limit:
        return False
    wa, wb = _content(a.text)[0], _content(b.text)[0]
    shared = len(wa & wb)
    short = min(len(wa), len(wb))
    return shared >= WEAK_MIN_SHARED_WORDS and shared >= WEAK_MIN_SHARED_SHARE * short


_CONTENT_STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been
    it its this that these those he she they we you i his her their our your than
    there which who whom whose what when where how all any some such into over under
    about after before also has have had do does did will would can could should
    may might must said says say because so if then just only very too here now
    while since until being it's that's there's he's she's they're we're you're
    i'm""".split()
)


def _content(text: str) -> tuple[set[str], set[str]]:
    """Content words (simple plurals folded) and distinctive numbers of ``text``."""
    words_, numbers = set(), set()
    for w in word_norms(text):
        if not w.isalpha() and any(c.isdigit() for c in w):
            digits = w.replace(",", "").replace(".", "")
            if len(digits) >= 3:  # 302, 2014, 19,752; not "18" or "5"
                numbers.add(w)
            continue
        if w in _CONTENT_STOP:
            continue
        words_.add(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w)
    return words_, numbers


def _numbers(text: str) -> frozenset[str]:
    """The distinctive numbers of ``text`` (see :func:`_content`).

    >>> sorted(_numbers("4,200 new teachers by fall 2025, 18 states"))
    ['2025', '4,200']
    """
    return _numbers_of(word_norms(text))


def _numbers_of(norms: Iterable[str]) -> frozenset[str]:
    """The distinctive numbers among word norms (as :func:`_content` finds
    them; a letters-only word holds no digit).

    >>> sorted(_numbers_of(["4,200", "teachers", "2025", "18", "1.5"]))
    ['2025', '4,200']
    """
    return frozenset(
        w
        for w in filterfalse(str.isalpha, norms)  # most words: skipped in C
        if any(map(str.isdigit, w)) and len(w.replace(",", "").replace(".", "")) >= 3
    )


#: a restatement shares at least this many distinctive numbers and this
#: share of the shorter text's content words with a quotation
RESTATEMENT_MIN_NUMBERS = 2
RESTATEMENT_MIN_OVERLAP = 0.5
#: a number held by more quotations than this finds no restatement on its
#: own (a year every story quotes); the other shared numbers still do
RESTATEMENT_MAX_POSTINGS = 200


def _quotes_by_number(units_by_doc: dict[str, list[Unit]]) -> dict[str, list[Unit]]:
    """Quoted units that hold a distinctive number, by number."""
    out: dict[str, list[Unit]] = defaultdict(list)
    for doc_id in sorted(units_by_doc):
        for u in units_by_doc[doc_id]:
            if u.quoted:
                for n in u.numbers:
                    out[n].append(u)
    return out


def restatement_candidates(
    unit: Unit, quotes_by_number: dict[str, list[Unit]], *, limit: int = 8
) -> list[Unit]:
    """Quotations of other documents that share ``RESTATEMENT_MIN_NUMBERS``
    distinctive numbers with the unquoted ``unit`` (most shared first).

    Word shingles find a verbatim or near-verbatim rendering; indirect speech
    ("The governor said her budget would put 4,200 new teachers in classrooms
    by fall 2025") shares few shingles with its quotation ("This budget puts
    4,200 new teachers in our classrooms by the fall of 2025"), but it shares
    its specific numbers, which are looked up here (never all pairs).
    """
    if unit.quoted or len(unit.numbers) < RESTATEMENT_MIN_NUMBERS:
        return []
    shared: dict[tuple[str, int, int], int] = defaultdict(int)
    by_key: dict[tuple[str, int, int], Unit] = {}
    for n in sorted(unit.numbers):
        postings = quotes_by_number.get(n, ())
        if len(postings) > RESTATEMENT_MAX_POSTINGS:
            continue
        for q in postings:
            if q.doc != unit.doc:
                shared[q.key] += 1
                by_key[q.key] = q
    keys = sorted((k for k, c in shared.items() if c >= RESTATEMENT_MIN_NUMBERS),
                  key=lambda k: (-shared[k], k))  # fmt: skip
    return [by_key[k] for k in keys[:limit]]


def restatement(short: Unit, long: Unit) -> Comparison | None:
    """Indirect speech that restates a quotation with the same numbers.

    An unquoted sentence ("ICE arrested 19,752 unlawful immigrants … from
    Oct. 2014 to May 2018, according to the letter") restating a quotation
    ("… from October 2014 to May 2018, ICE arrested 19,752 illegal aliens …")
    shares its specific numbers and many content words but not the word
    order, so word alignment alone scores it low.  Returns a ``paraphrase``
    Comparison whose evidence names the shared numbers and the overlap, or
    None when the two do not qualify.
    """
    if short.quoted == long.quoted:
        return None
    sw, sn = _content(short.text)
    lw, ln = _content(long.text)
    shared_numbers = sn & ln
    if len(shared_numbers) < RESTATEMENT_MIN_NUMBERS or not sw:
        return None
    overlap = len(sw & lw) / len(sw)
    if overlap < RESTATEMENT_MIN_OVERLAP:
        return None
    nums = ", ".join(sorted(shared_numbers))
    evidence: tuple[Evidence, ...] = (
        Evidence(
            "restatement",
            f"an unquoted restatement: shares the numbers {nums} and {overlap:.0%} of its "
            f"content words with the quotation",
            value=round(overlap * 100, 1),
            threshold=RESTATEMENT_MIN_OVERLAP * 100,
        ),
    )
    if sn - ln:
        missing = ", ".join(sorted(sn - ln))
        evidence += (
            Evidence("number-changed", f"numbers {missing} are not in the quotation", a=missing),
        )
        verdict = "conflict"
    else:
        verdict = "paraphrase"
    return Comparison(verdict, round(overlap * 100, 1), short.text, long.text, 0,
                      len(long.text), (), evidence)


def judge(
    short: Unit,
    long: Unit,
    content: Callable[[Unit], tuple[set[str], set[str]]] | None = None,
) -> Comparison | None:
    """The comparison that links ``short`` to ``long``, or None.

    Two units that share too few content words for any link are not
    compared at all (:func:`could_link`; ``content`` gives a unit's content
    words, memoized by the caller).
    """
    if content is not None and not could_link(content(short)[0], content(long)[0]):
        return restatement(short, long)
    cmp = compare(short.text, long.text)
    if _accept(short, long, cmp):
        return cmp
    return restatement(short, long)


def could_link(short_words: set[str], long_words: set[str]) -> bool:
    """Whether units with these content words (see :func:`_content`) share
    enough of them for :func:`compare` to link them: a weak link needs
    ``WEAK_MIN_SHARED_WORDS`` in common, and a strong one (exact, variant,
    truncated, elided) has most of the short unit's words in the long one —
    so at least that many, or half of the short unit's, whichever is fewer.
    Most candidate pairs share a phrase or a name and fail this: it saves
    their comparison.

    >>> could_link({"budget", "plan", "workers"}, {"budget", "plan", "workers", "vote"})
    True
    >>> could_link({"budget", "plan", "workers", "vote"}, {"budget", "senate", "recess"})
    False
    >>> could_link({"deeply", "flawed"}, {"deeply", "flawed", "policy"})
    True
    """
    need = max(STRONG_MIN_SHARED_WORDS, min(WEAK_MIN_SHARED_WORDS, -(-len(short_words) // 2)))
    return len(short_words & long_words) >= need


def _copy_key(unit: Unit) -> str:
    """What verbatim copies of a unit share: its case-folded normalized words."""
    return " ".join(word_norms(unit.text))


@attrs.frozen
class Prepared:
    """What every chunk of :func:`find_edges` needs about all the units:
    how many verbatim copies each unit has (by unit key) and the quoted
    units by distinctive number.  Made once per run (:func:`prepare`), not
    once per chunk."""

    copies: dict[tuple[str, int, int], int]
    quotes_by_number: dict[str, list[Unit]]


def prepare(
    units_by_doc: dict[str, list[Unit]], index: CorpusIndex | None = None
) -> Prepared:
    """The :class:`Prepared` facts of ``units_by_doc``.  With the ``index``
    the units' documents are in, a unit's words are read off its document's
    indexed tokens (:meth:`xref.index.CorpusIndex.span_words`) instead of
    being normalized again: the same copies, found faster."""
    every = [u for units in units_by_doc.values() for u in units]
    keys: Sequence[str | bytes]
    if index is not None:
        keys = index.span_words(
            [(u.doc, u.start, u.end, u.text) for u in every], n_words=[u.n_words for u in every]
        )
    else:
        keys = [_copy_key(u) for u in every]
    copy_key = {u.key: k for u, k in zip(every, keys, strict=True)}
    count = Counter(copy_key.values())
    return Prepared({k: count[c] for k, c in copy_key.items()}, _quotes_by_number(units_by_doc))


def _unit_candidates(
    units: Sequence[Unit], index: CorpusIndex, copies: dict[tuple[str, int, int], int],
    per_unit: int,
) -> list[list[Candidate]]:
    """The index's candidate windows of each unit in the other documents:
    ``per_unit`` besides the unit's verbatim copies, with at least two hits
    and ``CANDIDATE_MIN_SHARE`` of what the unit could score.  One batch,
    the units' words read off their documents' indexed tokens."""
    return index.span_candidates(
        [(u.doc, u.start, u.end, u.text) for u in units],
        limits=[per_unit + copies[u.key] - 1 for u in units],
        n_words=[u.n_words for u in units],
        min_hits=2,
        min_share=CANDIDATE_MIN_SHARE,
    )


#: units asked about in one batch (a few dozen documents' worth: enough to
#: spread the index's fixed costs; the batch's hits take a few megabytes)
_QUERY_BATCH = 1024


def _query_blocks(doc_ids: Sequence[str], units_by_doc: dict[str, list[Unit]]) -> list[list[str]]:
    """Consecutive documents in blocks of about ``_QUERY_BATCH`` units.

    >>> _query_blocks(["a", "b", "c"], {"a": [None] * 1100, "b": [None] * 9, "c": []})
    [['a'], ['b', 'c']]
    """
    blocks: list[list[str]] = []
    size = _QUERY_BATCH
    for d in doc_ids:
        if size >= _QUERY_BATCH:
            blocks.append([])
            size = 0
        blocks[-1].append(d)
        size += len(units_by_doc[d])
    return blocks


class _Placed:
    """A document's units by start offset, to find those that overlap a
    window without looking at every unit.

    >>> p = _Placed([Unit("d", 0, 50, "", False), Unit("d", 10, 20, "", True),
    ...              Unit("d", 60, 90, "", False)])
    >>> [(u.start, u.end) for u in p.overlapping(15, 65)]
    [(0, 50), (10, 20), (60, 90)]
    >>> [(u.start, u.end) for u in p.overlapping(50, 60)], len(p.overlapping(20, 50))
    ([], 1)
    """

    def __init__(self, units: Sequence[Unit]) -> None:
        self.units = units
        self.order = sorted(range(len(units)), key=lambda i: units[i].start)
        self.starts = [units[i].start for i in self.order]
        self.max_end = list(itertools.accumulate((units[i].end for i in self.order), max))

    def overlapping(self, start: int, end: int) -> list[Unit]:
        """The units that overlap ``[start, end)``, in list order."""
        lo = bisect.bisect_right(self.max_end, start)  # before: all end by ``start``
        hi = bisect.bisect_left(self.starts, end)  # from here: all start at ``end`` or later
        hits = sorted(i for i in self.order[lo:hi] if self.units[i].end > start)
        return [self.units[i] for i in hits]


def find_edges(
    units_by_doc: dict[str, list[Unit]],
    index: CorpusIndex,
    *,
    candidates_per_unit: int = 8,
    only_docs: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
    prepared: Prepared | None = None,
) -> list[Edge]:
    """Edges between units of different documents, through the index only.

    ``only_docs`` restricts the *querying* side to some documents (their
    units still link to units of any document), so the work can be split
    into chunks and the chunks' edges merged with :func:`merge_edges`.

    A unit asks for ``candidates_per_unit`` windows *besides* those of its
    verbatim copies: a misquote syndicated to many documents must still
    meet the correct renderings, not only its own copies.
    """
    done: dict[tuple[tuple[str, int, int], tuple[str, int, int]], Edge | None] = {}
    contents: dict[tuple[str, int, int], tuple[set[str], set[str]]] = {}

    def content_of(unit: Unit) -> tuple[set[str], set[str]]:
        if unit.key not in contents:
            contents[unit.key] = _content(unit.text)
        return contents[unit.key]

    if prepared is None:
        prepared = prepare(units_by_doc, index)
    copies = prepared.copies

    def visit(unit: Unit, other: Unit) -> None:
        pair = tuple(sorted((unit.key, other.key)))
        key = (pair[0], pair[1])
        if key in done:
            return
        short, long = sorted((unit, other), key=lambda u: (u.n_words, u.key))
        cmp = judge(short, long, content_of)
        done[key] = Edge(short, long, cmp) if cmp is not None else None

    quotes_by_number = prepared.quotes_by_number
    querying = sorted(units_by_doc) if only_docs is None else sorted(only_docs)
    placed: dict[str, _Placed] = {}
    for block in _query_blocks(querying, units_by_doc):
        units = [u for doc_id in block for u in units_by_doc[doc_id]]
        found = _unit_candidates(units, index, copies, candidates_per_unit)
        for unit, cands in zip(units, found, strict=True):
            for cand in cands:
                if cand.doc not in placed:
                    placed[cand.doc] = _Placed(units_by_doc.get(cand.doc, ()))
                for other in placed[cand.doc].overlapping(cand.start, cand.end):
                    visit(unit, other)
            for other in restatement_candidates(
                unit, quotes_by_number, limit=candidates_per_unit
            ):
                visit(unit, other)
            if progress:
                progress(1)
    return [e for _, e in sorted(done.items(), key=lambda kv: kv[0]) if e is not None]


def merge_edges(chunks: Iterable[Sequence[Edge]]) -> list[Edge]:
    """Edges from several chunks, without duplicates, in a deterministic order."""
    merged: dict[tuple[tuple[str, int, int], tuple[str, int, int]], Edge] = {}
    for chunk in chunks:
        for e in chunk:
            a, b = sorted((e.short.key, e.long.key))
            merged.setdefault((a, b), e)
    return [merged[k] for k in sorted(merged)]


def _components(
    edges: Iterable[Edge], links: Callable[[Unit, Unit], bool] | None = None
) -> list[list[Unit]]:
    """Groups of units joined by edges, strong edges (the same words) first.

    With ``links`` (whether two units link at all, as :func:`judge` decides)
    two groups join only when their references — the units
    :func:`_reference` picks — link each other.  Without that guard one
    short fragment that paraphrases several quotations ("Breaza River is not
    a tributary of the") would chain different quotations ("The Horezu
    River is not a tributary …", "The Bradu River …") into one group, whose
    single reference most of them fail to match: each would be lost."""
    parent: dict[tuple[str, int, int], tuple[str, int, int]] = {}
    units: dict[tuple[str, int, int], Unit] = {}
    ref: dict[tuple[str, int, int], Unit] = {}

    def find(k: tuple[str, int, int]) -> tuple[str, int, int]:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    # a stable sort: strong edges first, each kind in the given order
    for e in sorted(edges, key=lambda e: e.comparison.verdict not in STRONG):
        for u in (e.short, e.long):
            if u.key not in units:
                units[u.key] = u
                parent[u.key] = u.key
                ref[u.key] = u
        ra, rb = find(e.short.key), find(e.long.key)
        if ra == rb:
            continue
        a, b = ref[ra], ref[rb]
        direct = {a.key, b.key} == {e.short.key, e.long.key}
        if links is not None and not direct and not links(a, b):
            continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        ref[root] = _reference((a, b))
    groups: dict[tuple[str, int, int], list[Unit]] = defaultdict(list)
    for k, u in units.items():
        groups[find(k)].append(u)
    return [sorted(g, key=lambda u: u.key) for g in groups.values()]


def _reference(group: Sequence[Unit]) -> Unit:
    """The longest, most complete rendering; among equals, a quoted one.

    Length comes first: an original (a court opinion, a press release, a
    transcript) renders the words unquoted and in full, and a document that
    quotes part of it is judged against it, not the other way round.
    """
    return min(group, key=lambda u: (-u.n_words, not u.quoted, u.doc, u.start))


def _rendering(unit: Unit, cmp: Comparison | None, ref: Unit | None = None) -> Rendering:
    """A unit as a rendering; diff offsets move from the compared strings to
    the documents (``a_*`` into this unit's document, ``b_*`` into the
    reference's)."""
    if cmp is None:
        return Rendering(
            unit.doc, unit.start, unit.end, unit.text, "exact", 100.0, unit.speaker, unit.cue,
            unit.quoted,
            (Evidence("reference", "the longest, most complete rendering: the reference"),),
        )
    diffs = tuple(
        attrs.evolve(
            d,
            a_start=d.a_start + unit.start,
            a_end=d.a_end + unit.start,
            b_start=d.b_start + (ref.start if ref else 0),
            b_end=d.b_end + (ref.start if ref else 0),
        )
        for d in cmp.diffs
    )
    evidence = cmp.evidence
    if not unit.quoted:
        evidence = tuple(attrs.evolve(e, message=unquoted_wording(e.message)) for e in evidence)
    return Rendering(
        unit.doc, unit.start, unit.end, unit.text, cmp.verdict, cmp.score, unit.speaker,
        unit.cue, unit.quoted, evidence, diffs,
    )


_QUOTE_WORD_RE = re.compile(r"\b(?:the|a) quote(?:'s)?\b|\bthe source(?:'s)?\b")


def unquoted_wording(message: str) -> str:
    """An evidence message of :func:`xref.compare.compare` reworded for an
    unquoted rendering: it is no quote, and it was compared with the
    cluster's reference, not with a source.

    >>> unquoted_wording("the quote is a contiguous part of the source (6 of 24 words)")
    'this text is a contiguous part of the reference (6 of 24 words)'
    >>> unquoted_wording("the source has the number '12', the quote does not")
    "the reference has the number '12', this text does not"
    """

    def repl(m: re.Match[str]) -> str:
        word = m.group()
        poss = "'s" if word.endswith("'s") else ""
        return ("the reference" if "source" in word else "this text") + poss

    return _QUOTE_WORD_RE.sub(repl, message)


def _restates(r: Rendering) -> bool:
    """Whether the rendering is indirect speech joined by :func:`restatement`
    (kept beside the same document's quotation of other words: a story may
    quote one sentence of a speech and restate another)."""
    return not r.quoted and any(e.code == "restatement" for e in r.evidence)


def build_clusters(edges: Sequence[Edge]) -> list[Cluster]:
    """Clusters from edges: reference first, renderings judged against it.

    A rendering that no longer matches the reference (a chain of edges can
    link texts that share little) is left out; so is a weak rendering from a
    document that already renders the reference strongly (it is another
    sentence of the same document), unless it is a restatement.  Clusters of
    fewer than two documents are dropped.  Order: quotes, passages,
    boilerplate; then by first place.
    """
    clusters: list[tuple[tuple[int, str, int], str, list[Rendering]]] = []
    # an edge already holds judge(short, long): reuse it for a rendering that
    # is linked to its reference directly, instead of comparing them again
    judged = {(e.short.key, e.long.key): e.comparison for e in edges}

    unlinked: set[tuple[tuple[str, int, int], tuple[str, int, int]]] = set()

    def links(a: Unit, b: Unit) -> bool:
        short, long = sorted((a, b), key=lambda u: (u.n_words, u.key))
        key = (short.key, long.key)
        if key in judged:
            return True
        if key in unlinked:
            return False
        cmp = judge(short, long)
        if cmp is None:
            unlinked.add(key)
            return False
        judged[key] = cmp
        return True

    for group in _components(edges, links):
        ref = _reference(group)
        rends = [_rendering(ref, None)]
        for u in group:
            if u is ref:
                continue
            key = (u.key, ref.key)
            cmp = judged[key] if key in judged else judge(u, ref)
            if cmp is None:
                continue
            rends.append(_rendering(u, cmp, ref))
        strong_docs = {r.doc for r in rends if r.verdict in STRONG}
        rends = [
            r for r in rends
            if r.verdict in STRONG or r.doc not in strong_docs or _restates(r)
        ]
        if len({r.doc for r in rends}) < 2:
            continue
        rends = [rends[0], *sorted(rends[1:], key=lambda r: (r.doc, r.start))]
        if any(is_boilerplate(r.text) and not r.quoted for r in rends):
            kind = "boilerplate"
        elif any(r.quoted for r in rends):
            kind = "quote"
        else:
            kind = "passage"
        order = {"quote": 0, "passage": 1, "boilerplate": 2}[kind]
        clusters.append(((order, rends[0].doc, rends[0].start), kind, rends))
    clusters.sort(key=lambda c: c[0])
    return [
        Cluster(f"C{i}", kind, tuple(rends)) for i, (_, kind, rends) in enumerate(clusters, 1)
    ]
