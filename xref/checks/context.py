"""What every check reads: the corpus with cached sentences, numbers and dates.

Contents
--------
Context             documents, quotes, clusters and per-document caches
document_facts      Document -> DocFacts (one document's numbers, names, dates, ...)
sentences           text -> [(start, end)] sentence spans (original offsets)
related_pairs       which documents share a passage, a clustered quote or rare anchors
Anchors             a document's rare-anchor candidates (names; numbers and dates)
document_anchors    Document + its mentions -> Anchors
anchor_pairs        documents linked by a rare name and number/date, or 3 rare names
name_anchor, number_anchor, date_anchor   one mention as an anchor key, or None
make_finding        a Finding from a rule, its fields and locations
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import math
import multiprocessing
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from xref.checks.facts import DocFacts
from xref.dates import DateMention, find_dates
from xref.heap import frozen
from xref.index import run_keys
from xref.index import word_keys as xref_word_keys
from xref.legal_cites import citation_spans, in_citation
from xref.model import Cluster, Document, Evidence, Finding, Location, Quote
from xref.names import NameMention, NameSpans, find_names, split_title
from xref.normalize import word_norms
from xref.numbers import NumberMention, find_numbers
from xref.quantities import Quantity, find_quantities
from xref.rules import Rule

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "sen",
        "sens",
        "rep",
        "reps",
        "gov",
        "lt",
        "col",
        "gen",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "inc",
        "corp",
        "co",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "etc",
        "ft",
        "mt",
    ]
)
_SENT_END_RE = re.compile(
    r"[.!?][\"”’')\]]*(?=\s+[\"“‘(\[]*[A-Z0-9])|[.!?][\"”’')\]]*(?=[\"“‘][A-Z])|\n+"
)
_TWEET_RE = re.compile(
    r"—\s*[^\n()]{1,80}\(@\w+\)\s+((?:January|February|March|April|May|June|July|August|September"
    r"|October|November|December)\s+\d{1,2},\s+\d{4})"
)
SHINGLE = 12


def sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` from ``start`` (original offsets, trimmed).

    >>> t = "Sen. Hawley spoke. ICE agreed! It's 9 a.m. now"
    >>> [t[s:e] for s, e in sentences(t)]
    ['Sen. Hawley spoke.', 'ICE agreed!', "It's 9 a.m. now"]
    """
    out: list[tuple[int, int]] = []
    pos = start
    for m in _SENT_END_RE.finditer(text, start):
        if m.group().startswith("."):
            word = _word_before(text, pos, m.start())
            if word and (word.lower() in _ABBREV or len(word) == 1):
                continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add(text, pos, end, out)
        pos = m.end()
    _add(text, pos, len(text), out)
    return out


def _word_before(text: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends ``text[start:end]``
    (or its last line break), as ``re.search(r"([\\w.]+)$", text[start:end])``
    finds it, without scanning the whole span: ``str.isalnum`` is ``\\w``
    without the underscore.

    >>> [_word_before(t, 0, n) for t, n in [("said Sen. Hawley", 8), ("U.S.\\n", 5), ("a ", 2)]]
    ['Sen', 'U.S.', '']
    """
    j = end
    if j > start and text[j - 1] == "\n":
        j -= 1  # "$" matches before a final line break too
    i = j
    while i > start and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    return text[i:j]


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


#: words that start a capitalized run without being part of a name
_NAME_LEAD = frozenset(
    """the a an by about of during in on at for and as after before with from to this
    that these those but or if when while today yesterday tonight then later now
    meanwhile however still also yet so here there it he she they we i his her their
    its our under since until despite among including according asked""".split()
)
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march
    april may june july august september october november december""".split()
)
#: kinds of date mention that name a calendar day outright ("March 14, 2024")
_CALENDAR_KINDS = frozenset({"mdy", "dmy", "mdy-days", "dmy-days", "iso", "ymd", "numeric"})
#: an anchor is rare when at most this many documents hold it, or this share
#: of the corpus in a large one
ANCHOR_MAX_DOCS = 3
ANCHOR_MAX_SHARE = 0.05
#: ... but never more documents than this: in a large corpus a name held by
#: 5 % of it (500 of 10,000 documents) is not rare, and would relate every
#: pair of those documents (125,000 pairs); the same up to 1,000 documents
ANCHOR_CAP = 50
#: documents that share no passage are linked when they share a rare name
#: and a rare specific number or date, or this many rare names
LINK_MIN_NAMES = 3


def name_anchor(mention: NameMention) -> str | None:
    """A name as an anchor: without a leading function word, a trailing
    weekday or month, or a title; None unless two or more words remain.

    >>> m = find_names("Oregon Attorney General Catherine Wu spoke.")[0]
    >>> name_anchor(m)
    'catherine wu'
    >>> name_anchor(find_names("It sued the Environmental Protection Agency on Friday.")[1])
    'environmental protection agency'
    >>> name_anchor(find_names("Then Wu spoke.")[0]) is None
    True
    """
    return _anchor_of_words(mention.words)


@functools.lru_cache(maxsize=1 << 16)
def _anchor_of_words(words: tuple[str, ...]) -> str | None:
    """:func:`name_anchor` of a name's words (names repeat: memoized)."""
    ws = list(words)
    while ws and ws[0].lower() in _NAME_LEAD:
        ws = ws[1:]
    while ws and (ws[-1].lower() in _CALENDAR or ws[-1].lower() in _NAME_LEAD):
        ws = ws[:-1]
    if len(ws) < 2:
        return None
    rest = split_title(" ".join(ws))[1].split()
    if len(rest) >= 2:
        ws = rest
    return " ".join(w.lower() for w in ws)


def number_anchor(n: NumberMention) -> str | None:
    """A number specific enough to anchor a story: 100 or more, not a year,
    not a fraction or ratio.

    >>> [number_anchor(n) for n in find_numbers("About 20,000 comments, 12 states, in 2024")]
    ['20000', None]
    """
    if n.parts or abs(n.value) < 100:
        return None
    bare = n.text[n.value_start - n.start : n.value_end - n.start] if n.value_start >= 0 else n.text
    if re.fullmatch(r"1[89]\d\d|20\d\d", bare.strip()):
        return None
    return f"{n.value:g}"


def date_anchor(d: DateMention) -> str | None:
    """A calendar day written out (not "Tuesday" or "today").

    >>> [date_anchor(d) for d in find_dates("on March 14, 2024 and on Tuesday")]
    ['2024-03-14', None]
    """
    if d.kind not in _CALENDAR_KINDS or d.precision != "day" or d.low is None:
        return None
    if d.high is not None and d.high != d.low:
        return None
    return d.low.isoformat()


@attrs.frozen
class Anchors:
    """A document's rare-anchor candidates: names, and numbers and dates."""

    names: frozenset[str] = frozenset()
    specifics: frozenset[str] = frozenset()


def anchor_pairs(anchors: dict[str, Anchors]) -> dict[frozenset[str], tuple[str, ...]]:
    """Pairs of documents linked by shared rare anchors, with the anchors.

    A pair is linked when it shares a rare name and a rare number or date,
    or ``LINK_MIN_NAMES`` rare names.  Only anchors held by few documents
    count (``ANCHOR_MAX_DOCS``, or ``ANCHOR_MAX_SHARE`` of a large corpus, at
    most ``ANCHOR_CAP``),
    and pairs come from the anchors' postings, never from all pairs.

    >>> a = {"x": Anchors(frozenset({"catherine wu"}), frozenset({"d:2024-03-14"})),
    ...      "y": Anchors(frozenset({"catherine wu"}), frozenset({"d:2024-03-14"})),
    ...      "z": Anchors(frozenset({"catherine wu"}), frozenset({"n:25000"}))}
    >>> {tuple(sorted(k)): v for k, v in anchor_pairs(a).items()}
    {('x', 'y'): ('catherine wu', 'd:2024-03-14')}
    """
    limit = max(ANCHOR_MAX_DOCS, min(ANCHOR_CAP, math.ceil(ANCHOR_MAX_SHARE * len(anchors))))
    ids = sorted(anchors)
    # every (anchor, document) as two int columns; the names numbered first,
    # then the numbers and dates (the numbering decides nothing: a linked
    # pair's anchors are sorted by kind and text below)
    names = list(dict.fromkeys(k for d in ids for k in anchors[d].names))
    keys = names + list(dict.fromkeys(k for d in ids for k in anchors[d].specifics))
    name_number = {k: i for i, k in enumerate(names)}
    spec_number = {k: i for i, k in enumerate(keys[len(names) :], len(names))}
    key_col: list[int] = []
    doc_col: list[int] = []
    for d, doc_id in enumerate(ids):
        got = [name_number[k] for k in anchors[doc_id].names]
        got += [spec_number[k] for k in anchors[doc_id].specifics]
        key_col.extend(got)
        doc_col.extend([d] * len(got))
    if not key_col:
        return {}
    k_arr = np.array(key_col, dtype=np.int64)
    d_arr = np.array(doc_col, dtype=np.int64)
    order = np.lexsort((d_arr, k_arr))
    k_arr, d_arr = k_arr[order], d_arr[order]
    starts = np.flatnonzero(np.r_[True, k_arr[1:] != k_arr[:-1]])
    sizes = np.diff(np.r_[starts, len(k_arr)])
    # the pairs of documents under each anchor held by 2..limit documents,
    # all anchors of one size at a time (a matrix: one row per anchor)
    pair_parts: list[npt.NDArray[np.int64]] = []
    key_parts: list[npt.NDArray[np.int64]] = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= limit)]).tolist():
        first = starts[sizes == size]
        docs = d_arr[first[:, None] + np.arange(size)]
        i, j = np.triu_indices(size, 1)
        pair_parts.append((docs[:, i] * len(ids) + docs[:, j]).ravel())
        key_parts.append(np.repeat(k_arr[first], len(i)))
    if not pair_parts:
        return {}
    pairs = np.concatenate(pair_parts)
    held = np.concatenate(key_parts)
    order = np.lexsort((held, pairs))
    pairs, held = pairs[order], held[order]
    is_name = held < len(names)
    bounds = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
    n_names = np.add.reduceat(is_name.astype(np.int64), bounds)
    n_all = np.diff(np.r_[bounds, len(pairs)])
    linked = ((n_names > 0) & (n_all > n_names)) | (n_names >= LINK_MIN_NAMES)
    out: dict[frozenset[str], tuple[str, ...]] = {}
    ends = np.r_[bounds[1:], len(pairs)]
    for s, e in zip(bounds[linked].tolist(), ends[linked].tolist(), strict=True):
        a, b = divmod(int(pairs[s]), len(ids))
        got = held[s:e].tolist()
        out[frozenset((ids[a], ids[b]))] = (
            *sorted(keys[k] for k in got if k < len(names)),
            *sorted(keys[k] for k in got if k >= len(names)),
        )
    return out


def document_anchors(
    doc: Document,
    names: Sequence[NameMention] | NameSpans,
    numbers: Sequence[NumberMention],
    dates: Sequence[DateMention],
) -> Anchors:
    """The anchor candidates of one document (names in boilerplate lines,
    such as a byline, left out).  ``names``: its name mentions, or their
    :class:`NameSpans` (no mention objects made)."""
    from xref.cluster import is_boilerplate

    text = doc.text
    if isinstance(names, NameSpans):
        spans = names
        multi = [
            (s, e, spans.words(text, i))
            for i, (s, e) in enumerate(spans.spans())
            if spans.first[i + 1] - spans.first[i] > 1
        ]
    else:
        multi = [(m.start, m.end, m.words) for m in names if len(m.tokens) > 1]
    name_keys = set()
    boiler: dict[int, bool] = {}  # line start -> whether the line is boilerplate
    for start, end, words in multi:  # a one-word name is never an anchor
        key = _anchor_of_words(words)
        if key is None:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in boiler:
            line_end = text.find("\n", end)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            boiler[line_start] = is_boilerplate(line)
        if not boiler[line_start]:
            name_keys.add(key)
    specifics = {f"n:{k}" for n in numbers if (k := number_anchor(n)) is not None}
    specifics |= {f"d:{k}" for d in dates if (k := date_anchor(d)) is not None}
    return Anchors(frozenset(name_keys), frozenset(specifics))


def related_pairs(
    documents: Sequence[Document],
    clusters: Sequence[Cluster],
    anchors: dict[str, Anchors] | None = None,
    word_keys: Mapping[str, npt.NDArray[np.int64]] | None = None,
) -> set[frozenset[str]]:
    """Pairs of documents that report the same thing: they share a clustered
    quote or passage (not boilerplate), a run of 12 words, or rare anchors
    (:func:`anchor_pairs`; computed from the documents when not given).
    ``word_keys``: each document's body word keys, where known
    (:meth:`xref.index.CorpusIndex.token_word_keys`)."""
    if anchors is None:
        anchors = {
            d.id: document_anchors(
                d,
                find_names(d.text, d.body_start),
                [m for m in find_numbers(d.text) if m.start >= d.body_start],
                find_dates(d.text[d.body_start :], d.date),
            )
            for d in documents
        }
    pairs: set[frozenset[str]] = set(anchor_pairs(anchors))
    for c in clusters:
        if c.kind == "boilerplate":
            continue
        docs = c.docs
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                pairs.add(frozenset((a, b)))
    boiler = [r.text for c in clusters if c.kind == "boilerplate" for r in c.renderings]
    pairs |= _sharing_a_run(documents, boiler, word_keys)
    return pairs


def _sharing_a_run(
    documents: Sequence[Document],
    boiler: Iterable[str],
    word_keys: Mapping[str, npt.NDArray[np.int64]] | None = None,
) -> set[frozenset[str]]:
    """Pairs of documents with a run of ``SHINGLE`` words (not in the
    ``boiler`` texts) in common: every document's runs as 64-bit keys
    (:func:`xref.index.run_keys`) in one sorted array, so that equal runs sit
    together (never every pair of documents compared).  ``word_keys``: the
    documents' word keys where known (the linking index has them)."""
    known = word_keys or {}

    def runs(text: str) -> npt.NDArray[np.int64]:
        return run_keys(xref_word_keys(word_norms(text)), SHINGLE)

    boiler_keys = np.unique(np.concatenate([runs(t) for t in boiler] or [_NO_KEYS]))
    # every document's runs end to end, with the document each is in
    per_doc = [
        run_keys(w, SHINGLE) if (w := known.get(d.id)) is not None
        else runs(d.text[d.body_start :])
        for d in documents
    ]  # fmt: skip
    if not per_doc:
        return set()
    o = np.repeat(np.arange(len(per_doc), dtype=np.int32), [len(r) for r in per_doc])
    k = np.concatenate(per_doc)
    del per_doc
    if len(boiler_keys):
        keep = ~np.isin(k, boiler_keys)
        k, o = k[keep], o[keep]
    if not len(k):
        return set()  # no document has a run of SHINGLE words
    # equal runs together (``o`` is in order: a stable sort by run keeps it
    # so within each run); only runs held more than once kept, then each
    # (run, document) once
    order = np.argsort(k, kind="stable")
    k = k[order]
    o = o[order]
    del order
    again = k[1:] == k[:-1]
    held = np.r_[again, False] | np.r_[False, again]
    k, o = k[held], o[held].astype(np.int64)
    if not len(k):
        return set()  # no run held twice
    first = np.r_[True, (k[1:] != k[:-1]) | (o[1:] != o[:-1])]
    k, o = k[first], o[first]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    sizes = np.diff(np.r_[starts, len(k)])
    # a run in two documents is one pair; a run in more, each pair of them
    # (the same documents share many runs: each set of them is read once)
    n_docs = len(documents)
    two = starts[sizes == 2]
    codes = set((o[two] * n_docs + o[two + 1]).tolist())
    groups = {tuple(o[s : s + n].tolist()) for s, n in zip(
        starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True)}  # fmt: skip
    for g in groups:
        for i, x in enumerate(g):
            codes.update(x * n_docs + y for y in g[i + 1 :])
    return {frozenset((documents[c // n_docs].id, documents[c % n_docs].id)) for c in codes}


_NO_KEYS: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)


@attrs.define
class Context:
    """The corpus as the checks see it, with per-document caches."""

    documents: tuple[Document, ...]
    quotes: tuple[Quote, ...] = ()
    clusters: tuple[Cluster, ...] = ()
    _sentences: dict[str, list[tuple[int, int]]] = attrs.field(factory=dict)
    _numbers: dict[str, list[NumberMention]] = attrs.field(factory=dict)
    _quantities: dict[str, list[Quantity]] = attrs.field(factory=dict)
    _dates: dict[str, list[DateMention]] = attrs.field(factory=dict)
    _names: dict[str, NameSpans] = attrs.field(factory=dict)
    _number_starts: dict[str, list[int] | None] = attrs.field(factory=dict)
    _sentence_numbers: dict[str, list[tuple[int, tuple[int, int], list[NumberMention]]]] = (
        attrs.field(factory=dict)
    )
    _related: set[frozenset[str]] | None = None
    _neighbours: dict[str, frozenset[str]] | None = None
    _quotes_by_doc: dict[str, list[Quote]] | None = None
    _anchors: dict[str, Anchors] = attrs.field(factory=dict)
    _by_id: dict[str, Document] | None = None
    #: each document's body word keys, where the linking index has them
    word_keys: Mapping[str, npt.NDArray[np.int64]] = attrs.field(factory=dict, kw_only=True)

    def doc(self, doc_id: str) -> Document | None:
        if self._by_id is None:
            self._by_id = {}
            for d in self.documents:
                self._by_id.setdefault(d.id, d)
        return self._by_id.get(doc_id)

    def quotes_in(self, doc_id: str) -> Sequence[Quote]:
        """The document's quotations, in the order of :attr:`quotes`."""
        if self._quotes_by_doc is None:
            self._quotes_by_doc = {}
            for q in self.quotes:
                self._quotes_by_doc.setdefault(q.doc, []).append(q)
        return self._quotes_by_doc.get(doc_id, ())

    def sentences(self, doc: Document) -> list[tuple[int, int]]:
        if doc.id not in self._sentences:
            self._sentences[doc.id] = sentences(doc.text, doc.body_start)
        return self._sentences[doc.id]

    def sentence_of(self, doc: Document, offset: int) -> tuple[int, int]:
        sents = self.sentences(doc)
        i = bisect.bisect_right(sents, (offset, len(doc.text) + 1)) - 1
        if i >= 0 and sents[i][0] <= offset < sents[i][1]:
            return sents[i]
        return offset, offset

    def numbers(self, doc: Document) -> list[NumberMention]:
        if doc.id not in self._numbers:
            cites = citation_spans(doc.text)  # "512 U.S. 101, 109": references, not figures
            self._numbers[doc.id] = [
                m for m in find_numbers(doc.text)
                if m.start >= doc.body_start and not in_citation(cites, m.start, m.end)
            ]  # fmt: skip
        return self._numbers[doc.id]

    def numbers_in(self, doc: Document, start: int, end: int) -> list[NumberMention]:
        """The document's numbers that start in ``[start, end)``, in order."""
        nums = self.numbers(doc)
        if doc.id not in self._number_starts:
            starts = [m.start for m in nums]
            ordered = all(a <= b for a, b in itertools.pairwise(starts))
            self._number_starts[doc.id] = starts if ordered else None
        starts_or_none = self._number_starts[doc.id]
        if starts_or_none is None:
            return [m for m in nums if start <= m.start < end]
        i = bisect.bisect_left(starts_or_none, start)
        return nums[i : bisect.bisect_left(starts_or_none, end, i)]

    def sentence_numbers(
        self, doc: Document
    ) -> list[tuple[int, tuple[int, int], list[NumberMention]]]:
        """Each sentence that holds numbers: its place among
        :meth:`sentences`, its span, and its numbers in order (as
        :meth:`numbers_in`)."""
        if doc.id not in self._sentence_numbers:
            sents = self.sentences(doc)
            starts = [s for s, _ in sents]
            groups: dict[int, list[NumberMention]] = {}
            for m in self.numbers(doc):
                k = bisect.bisect_right(starts, m.start) - 1
                if k >= 0 and m.start < sents[k][1]:
                    groups.setdefault(k, []).append(m)
            self._sentence_numbers[doc.id] = [(k, sents[k], groups[k]) for k in sorted(groups)]
        return self._sentence_numbers[doc.id]

    def quantities(self, doc: Document) -> list[Quantity]:
        if doc.id not in self._quantities:
            self._quantities[doc.id] = find_quantities(doc.text, self.numbers(doc))
        return self._quantities[doc.id]

    def names(self, doc: Document) -> list[NameMention]:
        """The document's name mentions (kept as :class:`NameSpans`)."""
        spans = self._names.get(doc.id)
        if spans is None:
            found = find_names(doc.text, doc.body_start)
            self._names[doc.id] = NameSpans.of(found)
            return found
        return spans.mentions(doc.text)

    def name_spans(self, doc: Document) -> NameSpans:
        """The document's name mentions as columns (no objects made)."""
        if doc.id not in self._names:
            self.names(doc)
        return self._names[doc.id]

    def dates(self, doc: Document) -> list[DateMention]:
        """Date mentions, relative ones resolved against the document's date,
        or inside an embedded tweet ("— Name (@handle) February 18, 2021")
        against the tweet's date."""
        if doc.id not in self._dates:
            out: list[DateMention] = []
            for ps, pe in _paragraphs(doc.text, doc.body_start):
                para = doc.text[ps:pe]
                ref = doc.date
                tweet = _TWEET_RE.search(para)
                if tweet:
                    ref = dt.datetime.strptime(tweet.group(1), "%B %d, %Y").date()
                for d in find_dates(para, ref):
                    out.append(attrs.evolve(d, start=d.start + ps, end=d.end + ps))
            self._dates[doc.id] = out
        return self._dates[doc.id]

    def seed(self, facts: Mapping[str, DocFacts]) -> None:
        """Take documents' facts read in an earlier run (the same values the
        methods above would compute: they depend on the text alone)."""
        for doc_id, f in facts.items():
            self._numbers[doc_id] = list(f.numbers)
            self._quantities[doc_id] = list(f.quantities)
            self._names[doc_id] = f.names
            self._dates[doc_id] = list(f.dates)
            self._sentences[doc_id] = list(f.sentences)
            self._anchors[doc_id] = Anchors(f.anchor_names, f.anchor_specifics)

    def facts(self, doc: Document) -> DocFacts:
        """The document's facts, computed where not yet read."""
        anchors = self.anchors(doc)
        return DocFacts(
            tuple(self.numbers(doc)), tuple(self.quantities(doc)), self.name_spans(doc),
            tuple(self.dates(doc)), tuple(self.sentences(doc)), anchors.names,
            anchors.specifics,
        )

    def anchors(self, doc: Document) -> Anchors:
        """The document's anchor candidates (:func:`document_anchors`)."""
        if doc.id not in self._anchors:
            self._anchors[doc.id] = document_anchors(
                doc, self.name_spans(doc), self.numbers(doc), self.dates(doc)
            )
        return self._anchors[doc.id]

    def prefill(self, jobs: int) -> None:
        """Read the numbers, quantities, names, dates and sentences of every
        document on ``jobs`` forked processes (the checks then find them
        cached).  The same values as reading them one by one; nothing is done
        where processes cannot be forked."""
        global _PREFILL
        try:
            ctx = multiprocessing.get_context("fork")
        except ValueError:
            return
        docs = [d for d in self.documents if d.id not in self._names]
        if jobs <= 1 or len(docs) < _PREFILL_MIN_DOCS:
            return
        size = max(1, len(docs) // (jobs * 4))
        chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
        _PREFILL = self
        try:
            # the workers share the parent's pages until they write
            with frozen(), ctx.Pool(jobs) as pool:
                for got in pool.imap(_prefill_chunk, chunks):
                    self.seed(got)
        finally:
            _PREFILL = None

    def clusters_at(self, doc_id: str, start: int, end: int) -> set[str]:
        """Ids of the clusters with a rendering in ``doc_id`` covering ``[start, end)``."""
        return {
            c.id
            for c in self.clusters
            for r in c.renderings
            if r.doc == doc_id and r.start <= start and end <= r.end
        }

    def related(self, a: str, b: str) -> bool:
        """Same document, or two documents about the same thing."""
        if a == b:
            return True
        return frozenset((a, b)) in self._related_pairs()

    def related_docs(self, doc_id: str) -> frozenset[str]:
        """The document itself and every document related to it
        (:meth:`related`), to compare a document with its neighbours only."""
        if self._neighbours is None:
            near: dict[str, set[str]] = {}
            for pair in self._related_pairs():
                a, b = tuple(pair)
                near.setdefault(a, set()).add(b)
                near.setdefault(b, set()).add(a)
            self._neighbours = {d: frozenset(ns) for d, ns in near.items()}
        return self._neighbours.get(doc_id, frozenset()) | {doc_id}

    def _related_pairs(self) -> set[frozenset[str]]:
        if self._related is None:
            anchors = {d.id: self.anchors(d) for d in self.documents}
            self._related = related_pairs(
                self.documents, self.clusters, anchors, self.word_keys
            )
        return self._related


#: the context a forked worker reads documents for (see Context.prefill)
_PREFILL: Context | None = None
#: fewer documents than this are read in this process
_PREFILL_MIN_DOCS = 200


def document_facts(doc: Document) -> DocFacts:
    """One document's facts, as a :class:`Context` reads them (they depend
    on the document alone): for a worker that reads documents one by one
    (:func:`xref.cache.process`).

    >>> from xref.load import load_text
    >>> f = document_facts(load_text("Eighteen states sued on March 14, 2024."))
    >>> [n.value for n in f.numbers], [d.text for d in f.dates], len(f.sentences)
    ([18.0], ['March 14, 2024'], 1)
    """
    return Context((doc,)).facts(doc)


def _prefill_chunk(docs: Sequence[Document]) -> dict[str, DocFacts]:
    ctx = _PREFILL
    assert ctx is not None
    return {d.id: ctx.facts(d) for d in docs}


def _paragraphs(text: str, start: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in re.finditer(r"\n\s*\n", text[start:]):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if e > s]


def location(doc: Document, start: int, end: int) -> Location:
    return Location.of(doc, start, end)


def make_finding(
    rule: Rule,
    locations: Iterable[Location],
    evidence: Iterable[Evidence] = (),
    **fields: Any,
) -> Finding:
    """A finding of ``rule``: its severity, its message template filled in."""
    locs = tuple(sorted(set(locations), key=lambda loc: (loc.doc, loc.start, loc.end)))
    return Finding(rule.name, rule.severity, rule.format(**fields), locs, tuple(evidence))


def quote_text(text: str, limit: int = 80) -> str:
    """Text for a message: one line, shortened in the middle if long.

    >>> quote_text("a  b\\nc")
    '“a b c”'
    """
    t = " ".join(text.split())
    if len(t) > limit:
        t = t[: limit // 2 - 1] + " … " + t[-(limit // 2 - 2) :]
    return f"“{t}”"
