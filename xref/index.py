"""Candidate retrieval: which windows of which documents may hold a text.

Never an all-pairs fuzzy scan: documents are indexed by word shingles
(``k`` consecutive normalized words) and by rare anchors (numbers and words
that occur in few documents).  A query looks up its own shingles and anchors,
groups the hits by document and by diagonal (document position minus query
position, so hits that line up with the query stay together), and returns the
best windows.  Only those windows are then aligned with rapidfuzz.

Contents
--------
Candidate       a window of a document that shares words with a query
CorpusIndex     the index: ``build(documents)``, ``candidates(text)``
index_tokens    the word tokens the index keeps for a document
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from xref.model import Document
from xref.normalize import Token, tokenize

#: words too common to anchor a match on their own
_STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been
    being it its this that these those he she they we you i his her their our your
    not no than then there here which who whom whose what when where how all any
    some such into over under about after before also has have had do does did will
    would can could should may might must said says say""".split()
)


@attrs.frozen
class Candidate:
    """A window ``[start, end)`` of document ``doc`` (original offsets).

    ``hits`` counts the shingles and anchors it shares with the query;
    ``score`` weighs them (rare anchors weigh more).
    """

    doc: str
    start: int
    end: int
    hits: int
    score: float


def _shingles(norms: Sequence[str], k: int) -> list[tuple[str, ...]]:
    return [tuple(norms[i : i + k]) for i in range(len(norms) - k + 1)]


def index_tokens(doc: Document) -> list[Token]:
    """The word tokens the index keeps for ``doc``: its body's words, with
    offsets into ``doc.text``.

    >>> [(t.norm, t.start) for t in index_tokens(Document("d", "d", "x\\nHi, you", body_start=2))]
    [('hi', 2), ('you', 6)]
    """
    toks = [t for t in tokenize(doc.text[doc.body_start :]) if t.is_word]
    if doc.body_start:
        toks = [Token(t.norm, t.start + doc.body_start, t.end + doc.body_start, t.kind)
                for t in toks]
    return toks


def _is_anchor_form(norm: str) -> bool:
    return any(c.isdigit() for c in norm) or (len(norm) >= 5 and norm not in _STOP)


class CorpusIndex:
    """A shingle and anchor index over documents.

    >>> from xref.model import Document
    >>> docs = [Document("a", "a", "The cat sat on the red mat today."),
    ...         Document("b", "b", "Dogs bark. The cat sat on the red mat, they say.")]
    >>> idx = CorpusIndex.build(docs)
    >>> text = {d.id: d.text for d in docs}
    >>> [(c.doc, text[c.doc][c.start:c.end]) for c in idx.candidates("cat sat on the red mat")]
    [('a', 'The cat sat on the red mat today'), ('b', 'bark. The cat sat on the red mat, they say')]
    """

    def __init__(self, k: int = 3, max_df_ratio: float = 0.2) -> None:
        self.k = k
        self.max_df_ratio = max_df_ratio
        #: postings longer than this (anchors), or than the shingle cap
        #: (shingles) are skipped in large corpora, except a query's
        #: ``keep_rarest`` rarest shingles: widely shared text still finds
        #: candidates, and no query walks thousands of postings
        self.anchor_cap = 50
        self.shingle_cap = 200
        self.keep_rarest = 3
        self.doc_ids: list[str] = []
        self.tokens: list[list[Token]] = []
        self._shingles: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
        self._anchors: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self._df: dict[str, int] = defaultdict(int)

    @classmethod
    def build(cls, documents: Iterable[Document], *, k: int = 3) -> CorpusIndex:
        idx = cls(k=k)
        for doc in documents:
            idx.add(doc)
        return idx

    def add(self, doc: Document, *, tokens: Sequence[Token] | None = None) -> None:
        """Index one document (its text from ``body_start`` on).

        ``tokens`` are the document's :func:`index_tokens` when already known
        (from the cache); they are computed otherwise.
        """
        di = len(self.doc_ids)
        self.doc_ids.append(doc.id)
        toks = index_tokens(doc) if tokens is None else list(tokens)
        self.tokens.append(toks)
        norms = [t.norm for t in toks]
        for pos, sh in enumerate(_shingles(norms, self.k)):
            if all(w in _STOP for w in sh):
                continue
            self._shingles[sh].append((di, pos))
        seen: set[str] = set()
        for pos, w in enumerate(norms):
            if _is_anchor_form(w):
                self._anchors[w].append((di, pos))
                if w not in seen:
                    seen.add(w)
                    self._df[w] += 1

    def __len__(self) -> int:
        return len(self.doc_ids)

    def _anchor_limit(self) -> int:
        """The document frequency above which a word is no anchor: a share of
        the corpus (``max_df_ratio``), but at most ``anchor_cap`` documents
        once the corpus has more than ``anchor_cap / max_df_ratio`` of them."""
        n = len(self.doc_ids)
        return max(2, min(math.ceil(self.max_df_ratio * n),
                          max(self.anchor_cap, math.ceil(0.005 * n))))

    def _shingle_limit(self) -> int:
        return max(self.shingle_cap, math.ceil(0.01 * len(self.doc_ids)))

    def candidates(
        self,
        text: str,
        *,
        limit: int = 10,
        exclude: Iterable[str] = (),
        min_hits: int = 1,
        slack: float = 0.3,
        min_share: float = 0.0,
    ) -> list[Candidate]:
        """Windows of indexed documents that share shingles or anchors with ``text``.

        Hits are grouped per document along diagonals; each group becomes one
        window spanning the query's extent there plus ``slack`` of its length
        on each side.  A window must have ``min_hits`` hits and a score of at
        least ``min_share`` of what the query could score (every one of its
        indexed shingles and anchors in one place).  Best first (by score,
        then document id and offset).
        """
        q = [t.norm for t in tokenize(text) if t.is_word]
        if not q or not self.doc_ids:
            return []
        excluded = set(exclude)
        hits: dict[int, list[tuple[int, float]]] = defaultdict(list)  # doc -> (diagonal, weight)
        attainable = 0.0
        found = [
            (qpos, postings)
            for qpos, sh in enumerate(_shingles(q, self.k))
            if (postings := self._shingles.get(sh))
        ]
        cap = self._shingle_limit()
        if any(len(p) > cap for _, p in found):
            rarest = {qpos for qpos, _ in sorted(found, key=lambda f: (len(f[1]), f[0]))
                      [: self.keep_rarest]}
            found = [(qpos, p) for qpos, p in found if len(p) <= cap or qpos in rarest]
        for qpos, postings in found:
            attainable += 1.0
            for di, pos in postings:
                hits[di].append((pos - qpos, 1.0))
        limit_df = self._anchor_limit()
        n_docs = len(self.doc_ids)
        for qpos, w in enumerate(q):
            postings = self._anchors.get(w)  # only anchor forms are there
            if not postings or self._df[w] > limit_df:
                continue
            weight = 0.5 + math.log((1 + n_docs) / (1 + self._df[w]))
            attainable += weight
            for di, pos in postings:
                hits[di].append((pos - qpos, weight))
        floor = min_share * attainable
        out: list[Candidate] = []
        span = max(len(q), self.k)
        for di, diag_hits in hits.items():
            # a window scores at most its document's total: skip documents
            # whose hits cannot make one window good enough
            if len(diag_hits) < min_hits or (
                floor and sum(w for _, w in diag_hits) < floor
            ):
                continue
            doc_id = self.doc_ids[di]
            if doc_id in excluded:
                continue
            out.extend(
                c for c in self._windows(di, diag_hits, span, slack, min_hits)
                if c.score >= floor
            )
        out.sort(key=lambda c: (-c.score, c.doc, c.start))
        return out[:limit]

    def _windows(
        self,
        di: int,
        diag_hits: list[tuple[int, float]],
        span: int,
        slack: float,
        min_hits: int,
    ) -> list[Candidate]:
        """Group one document's hits by nearby diagonals into windows."""
        toks = self.tokens[di]
        diag_hits.sort()
        groups: list[list[tuple[int, float]]] = []
        tol = max(3, span // 2)
        for d, w in diag_hits:
            if groups and d - groups[-1][-1][0] <= tol:
                groups[-1].append((d, w))
            else:
                groups.append([(d, w)])
        pad = max(2, int(span * slack))
        # token ranges per group; overlapping ranges merge (a reordered
        # paraphrase puts its hits on several nearby diagonals)
        ranges: list[list[float]] = []
        for g in groups:
            lo = max(0, g[0][0] - pad)
            hi = min(len(toks), g[-1][0] + span + pad)
            if lo >= hi:
                continue
            if ranges and lo <= ranges[-1][1]:
                r = ranges[-1]
                r[1] = max(r[1], hi)
                r[2] += len(g)
                r[3] += sum(w for _, w in g)
            else:
                ranges.append([lo, hi, len(g), sum(w for _, w in g)])
        return [
            Candidate(self.doc_ids[di], toks[int(lo)].start, toks[int(hi) - 1].end, int(n), sc)
            for lo, hi, n, sc in ranges
            if n >= min_hits
        ]
