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
join_parts   a quotation's parts joined with the attributions left out
Finder       the corpus with its caches: ``match``, ``search``, ``literal``
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from xref.align import locate
from xref.cache import corpus_index
from xref.compare import compare
from xref.extract import extract_quotes
from xref.index import CorpusIndex
from xref.manifest import Corpus
from xref.model import VERDICTS, Comparison, Document, Evidence, Location, Quote
from xref.normalize import Normalized, normalize, words
from xref.results import GOOD

__all__ = ["Finder", "Match", "join_parts"]

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


def join_parts(text: str, parts: Sequence[Quote]) -> tuple[str, list[int]]:
    """The words of a quotation's ``parts`` (spans of ``text``, in order)
    joined with the attributions between them left out, and for each
    character of the joined string (plus its end) the offset in ``text``.

    A part's closing comma is the writer's, put there for the attribution:
    it is dropped, and a sentence stop stands in for it when the next part
    opens with a capital letter (a new sentence).  The characters put in map
    to the end of the part before them.

    >>> t = '"It is a start," said Maria Delacroix. "But a start is not a plan."'
    >>> qs = [Quote("d", 1, 15, t[1:15]), Quote("d", 40, 66, t[40:66])]
    >>> joined, where = join_parts(t, qs)
    >>> joined
    'It is a start. But a start is not a plan.'
    >>> t[where[15]:where[19]]
    'But '
    >>> t = '"We will," he said, "fight on."'
    >>> joined, _ = join_parts(t, [Quote("d", 1, 9, t[1:9]), Quote("d", 21, 30, t[21:30])])
    >>> joined
    'We will fight on.'
    """
    out: list[str] = []
    where: list[int] = []
    for i, q in enumerate(parts):
        s, e = q.start, q.end
        last = i == len(parts) - 1
        if not last:
            while e > s and text[e - 1] in " \t\n,":
                e -= 1
        out.append(text[s:e])
        where.extend(range(s, e))
        if not last:
            nxt = text[parts[i + 1].start : parts[i + 1].end].lstrip()
            stop = e > s and text[e - 1] in ".?!;:"
            sep = ". " if not stop and nxt[:1].isupper() else " "
            out.append(sep)
            where.extend([e] * len(sep))
    where.append(parts[-1].end if parts else 0)
    return "".join(out), where


def _groups_near(quotes: Sequence[Quote], start: int, end: int) -> list[list[Quote]]:
    """The quotations interrupted by an attribution (two or more parts of
    one group) that hold or overlap ``[start, end)``, each as its parts in
    order."""
    slack = 3
    near = {
        q.group for q in quotes if q.depth == 0 and q.start - slack < end and start < q.end + slack
    }
    out = []
    for g in sorted(near):
        parts = sorted((q for q in quotes if q.group == g and q.depth == 0), key=lambda q: q.start)
        if len(parts) > 1:
            out.append(parts)
    return out


def _joined_match(text: str, doc: Document, parts: Sequence[Quote]) -> Match:
    """Compare ``text`` with a quotation's parts joined, attributions left out;
    the comparison's offsets (and the source side of its diffs) are mapped
    back onto ``doc.text[first part's start:last part's end]``."""
    joined, where = join_parts(doc.text, parts)
    base = parts[0].start
    while joined and joined[-1] in _EDGE_PUNCT:
        joined = joined[:-1]
    comp = compare(text.rstrip(_EDGE_PUNCT), joined)

    def at(i: int) -> int:
        return where[min(max(i, 0), len(where) - 1)] - base

    def till(i: int) -> int:
        return at(i) if i <= 0 else at(i - 1) + 1

    diffs = tuple(attrs.evolve(d, b_start=at(d.b_start), b_end=till(d.b_end)) for d in comp.diffs)
    left_out = [
        doc.text[a.end : b.start].strip(' \t\n"\u201c\u201d') for a, b in itertools.pairwise(parts)
    ]
    note = Evidence(
        "attribution-left-out",
        "compared with the source quotation's "
        f"{len(parts)} parts joined; the attribution between them was left out: "
        + "; ".join(f"'{w}'" for w in left_out),
        b=" / ".join(left_out),
    )
    end = parts[-1].end
    while end > base and doc.text[end - 1] in _EDGE_PUNCT:
        end -= 1
    comp = attrs.evolve(
        comp,
        quote=text,
        source=doc.text[base:end],
        source_start=at(comp.source_start),
        source_end=min(till(comp.source_end), end - base),
        diffs=diffs,
        evidence=(*comp.evidence, note),
    )
    return Match(doc, comp, base, end, parts[0].speaker, True)


class Finder:
    """Reads quotes in the documents of a corpus; caches extraction,
    folded texts and the index."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._quotes: dict[str, tuple[Quote, ...]] = {}
        self._folded: dict[str, Normalized] = {}
        self._index: CorpusIndex | None = None
        self._index_size = -1
        self._positions: dict[str, int] | None = None

    def quotes_of(self, doc: Document) -> tuple[Quote, ...]:
        """The quotations of ``doc``: the cache's when it has them (the same
        extraction), else extracted now."""
        if doc.id not in self._quotes:
            cached = self.corpus.cached
            got = cached.quotes.get(doc.id) if cached is not None else None
            self._quotes[doc.id] = got if got is not None else extract_quotes(doc).quotes
        return self._quotes[doc.id]

    def index(self) -> CorpusIndex:
        """The index of the corpus's documents (from the cache when it has
        one for exactly these documents)."""
        if self._index is None or self._index_size != len(self.corpus.documents):
            self._index = corpus_index(self.corpus.documents, self.corpus.cached)
            self._index_size = len(self.corpus.documents)
        return self._index

    def elsewhere(self, text: str, exclude: set[str]) -> list[Document]:
        """Documents besides ``exclude`` that the index offers for ``text``."""
        ids = {c.doc for c in self.index().candidates(text, limit=10, exclude=exclude)}
        docs = (self.corpus.by_id(i) for i in sorted(ids - set(exclude)))
        return sorted((d for d in docs if d is not None), key=self._order)

    def _order(self, doc: Document) -> int:
        """A document's place in the corpus (the order results list them in)."""
        if self._positions is None or len(self._positions) != len(self.corpus.documents):
            self._positions = {d.id: i for i, d in enumerate(self.corpus.documents)}
        return self._positions.get(doc.id, len(self._positions))

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
        self,
        text: str,
        doc: Document,
        start: int | None = None,
        end: int | None = None,
        *,
        verbatim: bool = True,
    ) -> Match | None:
        """The best reading of ``text`` in ``doc`` (optionally in a window):
        where word alignment puts it, and (with ``verbatim``) where its
        words stand verbatim."""
        lo = doc.body_start if start is None else max(start, 0)
        best: Match | None = None
        a = locate(text, doc.text, start=lo, end=end)
        if a is not None:
            best = self._read_at(text, doc, a.start, a.end)
        if verbatim and (best is None or best.verdict not in GOOD):
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
        if best is None or not (best.quoted and best.verdict in GOOD):
            # a quotation interrupted by its attribution ("It is a start,"
            # said X. "But …"), quoted whole: read its parts joined
            for parts in _groups_near(self.quotes_of(doc), start, end):
                m = _joined_match(text, doc, parts)
                if best is None or m.key() < best.key():
                    best = m
                    if m.verdict in GOOD:
                        holding_conflict = None
        if holding_conflict is not None and best is not None and not best.quoted:
            # the quotation holding the words says otherwise ("We will not
            # balance …" cut to "balance …"): the bare window cannot see it
            return holding_conflict
        return best

    def search(self, text: str, exclude: Iterable[str] = (), limit: int = 5) -> list[Match]:
        """Readings of ``text`` elsewhere in the corpus, best first: index
        candidates (never every pair of documents); for a one- or two-word
        quote the index cannot place, the documents that have the words
        verbatim."""
        out: dict[str, Match] = {}
        ex = set(exclude)

        def offer(m: Match | None) -> None:
            if m is None or m.verdict == "unrelated":
                return
            if m.doc.id not in out or m.key() < out[m.doc.id].key():
                out[m.doc.id] = m

        short = len(words(text)) < SHORT_QUOTE_WORDS
        for c in self.index().candidates(
            text, limit=limit * 3, exclude=ex, min_share=SEARCH_MIN_SHARE
        ):
            if c.doc in out and out[c.doc].verdict in GOOD:
                continue
            doc = self.corpus.by_id(c.doc)
            if doc is None:
                continue
            pad = max(200, len(text))
            # a longer quote the index placed is read where alignment puts
            # it; the verbatim scan is for the few words alignment may miss
            offer(self.match(text, doc, c.start - pad, c.end + pad, verbatim=short))
        if not out and len(words(text)) < self.index().k:
            # too short for a shingle and without a rare word: look for the
            # words verbatim (the only scan of every document, and only for
            # a one- or two-word quote the index cannot place)
            for doc in self.corpus.documents:
                if doc.id in ex:
                    continue
                hits = self.literal(text, doc)
                if hits:
                    offer(self._read_at(text, doc, *hits[0]))
        return sorted(out.values(), key=lambda m: (*m.key(), m.doc.id))[:limit]


#: the index candidates read for a quote elsewhere: windows holding at least
#: this share of what the quote's shingles and rare words could score (a
#: rendering of the quote holds most of them; a window sharing a name or two
#: is not worth aligning)
SEARCH_MIN_SHARE = 0.2
#: quotes of fewer words are also looked for verbatim in each candidate
SHORT_QUOTE_WORDS = 6
#: at most this many verbatim occurrences of a quote are read per document
_MAX_LITERAL = 20
#: what is stripped from both ends of a quote before a verbatim search
_EDGE_FOLDED = " ,.;:!?'\""


def _fold(text: str) -> Normalized:
    return normalize(text, casefold=True)
