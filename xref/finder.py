"""Where a quote's words are in the sources, and how each source reads them.

:class:`Finder` locates a quote in a document (:func:`xref.align.locate`,
word alignment) and also where its words stand verbatim in the document's
own text (case and typography folded, whole words), which finds one- and
two-word quotes that alignment and the index cannot anchor.  At each place
it compares the quote with the source quotation that holds the words (from
:func:`xref.extract.extract_quotes`) and with the bare window, and keeps the
best reading (:class:`Match`).  ``search`` reads the rest of the corpus
through :class:`xref.index.CorpusIndex` candidates (never all pairs) and
the documents that hold the words verbatim.

Contents
--------
Match        one document's reading of a quote (comparison, span, speaker)
Finder       the corpus with its caches: ``match``, ``search``, ``literal``
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from xref.align import locate
from xref.compare import compare
from xref.extract import extract_quotes
from xref.index import CorpusIndex
from xref.manifest import Corpus
from xref.model import VERDICTS, Comparison, Document, Location, Quote
from xref.normalize import Normalized, normalize
from xref.results import GOOD

__all__ = ["Finder", "Match"]

_RANK = {v: i for i, v in enumerate(VERDICTS)}
_EDGE_PUNCT = " \t\n,.;:"


@attrs.frozen
class Match:
    """One document's reading of a quote: the comparison, the span of
    ``doc.text`` it was made against, and the source's speaker."""

    doc: Document
    comparison: Comparison
    start: int  # the span of doc.text the comparison's source is
    end: int
    speaker: str | None
    quoted: bool  # inside a quotation of the source

    @property
    def verdict(self) -> str:
        return self.comparison.verdict

    def key(self) -> tuple[int, float]:
        return (_RANK.get(self.verdict, len(_RANK)), -self.comparison.score)

    @property
    def location(self) -> Location:
        c = self.comparison
        return Location.of(self.doc, self.start + c.source_start, self.start + c.source_end)


def _references(quotes: Sequence[Quote], start: int, end: int) -> list[tuple[int, int, str | None]]:
    """The source quotations (span and speaker) that may hold ``[start, end)``:
    the smallest one containing it; else each quotation part it overlaps and
    the run of parts of their group (a quotation interrupted by "the letter
    states")."""
    slack = 3
    holding = [q for q in quotes if q.start - slack <= start and end <= q.end + slack]
    if holding:
        q = min(holding, key=lambda q: q.end - q.start)
        return [(q.start, q.end, q.speaker)]
    over = [q for q in quotes if q.start < end and start < q.end and q.depth == 0]
    if not over:
        return []
    out = [(q.start, q.end, q.speaker) for q in over]
    groups = Counter(q.group for q in over)
    g = groups.most_common(1)[0][0]
    parts = [q for q in over if q.group == g]
    if len(parts) > 1:
        out.append((min(q.start for q in parts), max(q.end for q in parts), parts[0].speaker))
    return out


class Finder:
    """Reads quotes in the documents of a corpus; caches extraction,
    folded texts and the index."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._quotes: dict[str, tuple[Quote, ...]] = {}
        self._folded: dict[str, Normalized] = {}
        self._index: CorpusIndex | None = None
        self._index_size = -1

    def quotes_of(self, doc: Document) -> tuple[Quote, ...]:
        if doc.id not in self._quotes:
            self._quotes[doc.id] = extract_quotes(doc, min_words=1).quotes
        return self._quotes[doc.id]

    def index(self) -> CorpusIndex:
        if self._index is None or self._index_size != len(self.corpus.documents):
            self._index = CorpusIndex.build(self.corpus.documents)
            self._index_size = len(self.corpus.documents)
        return self._index

    def elsewhere(self, text: str, exclude: set[str]) -> list[Document]:
        """Documents besides ``exclude`` that the index offers for ``text``."""
        ids = {c.doc for c in self.index().candidates(text, limit=10, exclude=exclude)}
        return [d for d in self.corpus.documents if d.id in ids and d.id not in exclude]

    def literal(
        self, text: str, doc: Document, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int]]:
        """Where the words of ``text`` stand verbatim in ``doc`` (case and
        typography folded, whole words only), as spans of ``doc.text``.

        The source's text itself is searched, not only its quotations and
        not through word alignment, so a one-word scare quote
        (``'short-sighted'``) is found wherever the source has it.
        """
        needle = _fold(text).text.strip(_EDGE_FOLDED)
        if not needle:
            return []
        if doc.id not in self._folded:
            self._folded[doc.id] = _fold(doc.text)
        hay = self._folded[doc.id]
        out: list[tuple[int, int]] = []
        i = hay.text.find(needle)
        while i >= 0 and len(out) < _MAX_LITERAL:
            j = i + len(needle)
            word_edges = not (i > 0 and hay.text[i - 1].isalnum()) and not (
                j < len(hay.text) and hay.text[j].isalnum()
            )
            s, e = hay.span(i, j)
            if word_edges and s >= max(start, doc.body_start) and (end is None or e <= end):
                out.append((s, e))
            i = hay.text.find(needle, i + 1)
        return out

    def match(
        self, text: str, doc: Document, start: int | None = None, end: int | None = None
    ) -> Match | None:
        """The best reading of ``text`` in ``doc`` (optionally in a window):
        where word alignment puts it, and where its words stand verbatim."""
        lo = doc.body_start if start is None else max(start, 0)
        best: Match | None = None
        a = locate(text, doc.text, start=lo, end=end)
        if a is not None:
            best = self._read_at(text, doc, a.start, a.end)
        if best is None or best.verdict not in GOOD:
            for s, e in self.literal(text, doc, lo, end):
                m = self._read_at(text, doc, s, e)
                if m is not None and (best is None or m.key() < best.key()):
                    best = m
                if best is not None and best.verdict in GOOD:
                    break
        return best

    def _read_at(self, text: str, doc: Document, start: int, end: int) -> Match | None:
        """Compare ``text`` with the source quotations around ``doc.text[start:end]``
        and with that window itself; the best reading."""
        spans = [(s, e, sp, True) for s, e, sp in _references(self.quotes_of(doc), start, end)]
        spans.append((start, end, None, False))
        best: Match | None = None
        holding_conflict: Match | None = None
        for s, e, speaker, quoted in spans:
            # punctuation before a closing mark belongs to the sentence, not
            # the words ("…America,” the letter states): leave it out
            while e > s and doc.text[e - 1] in _EDGE_PUNCT:
                e -= 1
            comp = compare(text.rstrip(_EDGE_PUNCT), doc.text[s:e])
            comp = attrs.evolve(comp, quote=text)
            if not quoted and comp.verdict == "truncated":
                # the window is exactly the located words: a cut there is no cut
                comp = attrs.evolve(comp, verdict="exact")
            m = Match(doc, comp, s, e, speaker, quoted)
            if quoted and comp.verdict == "conflict" and s <= start and end <= e + 1:
                holding_conflict = m
            if best is None or m.key() < best.key():
                best = m
            if quoted and comp.verdict in GOOD:
                break  # a quotation that holds the words wins over the bare window
        if holding_conflict is not None and best is not None and not best.quoted:
            # the quotation holding the words says otherwise ("We will not
            # balance …" cut to "balance …"): the bare window cannot see it
            return holding_conflict
        return best

    def search(self, text: str, exclude: Iterable[str] = (), limit: int = 5) -> list[Match]:
        """Readings of ``text`` elsewhere in the corpus, best first: index
        candidates (never every pair of documents), and the documents that
        have the words verbatim (what a one- or two-word quote needs)."""
        out: dict[str, Match] = {}
        ex = set(exclude)

        def offer(m: Match | None) -> None:
            if m is None or m.verdict == "unrelated":
                return
            if m.doc.id not in out or m.key() < out[m.doc.id].key():
                out[m.doc.id] = m

        for c in self.index().candidates(text, limit=limit * 3, exclude=ex):
            if c.doc in out and out[c.doc].verdict in GOOD:
                continue
            doc = self.corpus.by_id(c.doc)
            if doc is None:
                continue
            pad = max(200, len(text))
            offer(self.match(text, doc, c.start - pad, c.end + pad))
        for doc in self.corpus.documents:
            if doc.id in ex or (doc.id in out and out[doc.id].verdict in GOOD):
                continue
            hits = self.literal(text, doc)
            if hits:
                offer(self._read_at(text, doc, *hits[0]))
        return sorted(out.values(), key=lambda m: (*m.key(), m.doc.id))[:limit]


#: at most this many verbatim occurrences of a quote are read per document
_MAX_LITERAL = 20
#: what is stripped from both ends of a quote before a verbatim search
_EDGE_FOLDED = " ,.;:!?'\""


def _fold(text: str) -> Normalized:
    return normalize(text, casefold=True)
