"""What every check reads: the corpus with cached sentences, numbers and dates.

Contents
--------
Context             documents, quotes, clusters and per-document caches
sentences           text -> [(start, end)] sentence spans (original offsets)
related_pairs       which documents share a passage or a clustered quote
make_finding        a Finding from a rule, its fields and locations
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from xref.dates import DateMention, find_dates
from xref.model import Cluster, Document, Evidence, Finding, Location, Quote
from xref.names import NameMention, find_names
from xref.normalize import words
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
            word = re.search(r"([\w.]+)$", text[pos : m.start()])
            if word and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1):
                continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        _add(text, pos, end, out)
        pos = m.end()
    _add(text, pos, len(text), out)
    return out


def _add(text: str, s: int, e: int, out: list[tuple[int, int]]) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        out.append((s, e))


def _shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    toks = [t.norm for t in words(text)]
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def related_pairs(
    documents: Sequence[Document], clusters: Sequence[Cluster]
) -> set[frozenset[str]]:
    """Pairs of documents that report the same thing: they share a clustered
    quote or passage (not boilerplate) or a run of 12 words."""
    pairs: set[frozenset[str]] = set()
    for c in clusters:
        if c.kind == "boilerplate":
            continue
        docs = c.docs
        for i, a in enumerate(docs):
            for b in docs[i + 1 :]:
                pairs.add(frozenset((a, b)))
    boiler: set[tuple[str, ...]] = set()
    for c in clusters:
        if c.kind == "boilerplate":
            for r in c.renderings:
                boiler |= _shingles(r.text)
    sh = {d.id: _shingles(d.text[d.body_start :]) - boiler for d in documents}
    ids = [d.id for d in documents]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if sh[a] & sh[b]:
                pairs.add(frozenset((a, b)))
    return pairs


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
    _names: dict[str, list[NameMention]] = attrs.field(factory=dict)
    _related: set[frozenset[str]] | None = None

    def doc(self, doc_id: str) -> Document | None:
        for d in self.documents:
            if d.id == doc_id:
                return d
        return None

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
            self._numbers[doc.id] = [m for m in find_numbers(doc.text) if m.start >= doc.body_start]
        return self._numbers[doc.id]

    def quantities(self, doc: Document) -> list[Quantity]:
        if doc.id not in self._quantities:
            self._quantities[doc.id] = find_quantities(doc.text, self.numbers(doc))
        return self._quantities[doc.id]

    def names(self, doc: Document) -> list[NameMention]:
        if doc.id not in self._names:
            self._names[doc.id] = find_names(doc.text, doc.body_start)
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
        if self._related is None:
            self._related = related_pairs(self.documents, self.clusters)
        return frozenset((a, b)) in self._related


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
