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
PackedTokens    those tokens in four compact columns (cache, workers, memory)
remember_tokens let the index reuse a document's tokens (the cache knows them)

Storage is compact so that tens of thousands of documents fit in memory:
words are numbered, a shingle is one integer made of its word numbers, a
posting is one integer (document number and position), a shingle seen once
keeps its posting without a list, and tokens are kept as offset arrays.
"""

from __future__ import annotations

import math
import weakref
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

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


_SEP = "\x1f"  # normalized tokens never hold control characters
_KIND_CODE = {"word": "w", "number": "n", "punct": "p"}
_CODE_KIND = {v: k for k, v in _KIND_CODE.items()}


@attrs.frozen
class PackedTokens:
    """Tokens as four columns: norms joined by U+001F, start and end offsets
    as packed int32 bytes, one kind code per token.  Cheap to store, to
    pickle to a worker and to keep for every document of a large corpus.

    >>> toks = [Token("it's", 0, 4, "word"), Token("19", 5, 7, "number")]
    >>> p = PackedTokens.pack(toks)
    >>> len(p), p.unpack() == toks
    (2, True)
    """

    norms: str
    starts: bytes
    ends: bytes
    kinds: str

    @classmethod
    def pack(cls, tokens: Sequence[Token]) -> PackedTokens:
        return cls(
            _SEP.join(t.norm for t in tokens),
            array("i", (t.start for t in tokens)).tobytes(),
            array("i", (t.end for t in tokens)).tobytes(),
            "".join(_KIND_CODE[t.kind] for t in tokens),
        )

    def __len__(self) -> int:
        return len(self.kinds)

    def norm_list(self) -> list[str]:
        return self.norms.split(_SEP) if self.kinds else []

    def offsets(self) -> tuple[array[int], array[int]]:
        s, e = array("i"), array("i")
        s.frombytes(self.starts)
        e.frombytes(self.ends)
        if not len(s) == len(e) == len(self.kinds):
            raise ValueError("token columns differ in length")
        return s, e

    def unpack(self) -> list[Token]:
        s, e = self.offsets()
        norms = self.norm_list()
        if len(norms) != len(self.kinds):
            raise ValueError("token columns differ in length")
        return [
            Token(w, a, b, _CODE_KIND[k])
            for w, a, b, k in zip(norms, s, e, self.kinds, strict=True)
        ]


#: bits of a posting for the position in the document, and of a shingle key
#: for each word number (larger vocabularies use tuples as keys)
_POS_BITS = 28
_POS_MASK = (1 << _POS_BITS) - 1
_WORD_BITS = 21


#: tokens known for documents still alive (the cache's): ``add`` reuses them
_KNOWN: weakref.WeakKeyDictionary[Document, PackedTokens] = weakref.WeakKeyDictionary()


def remember_tokens(doc: Document, tokens: PackedTokens) -> None:
    """Record ``doc``'s :func:`index_tokens` (packed), so that an index built
    from the document later (``CorpusIndex.build(documents)`` anywhere in
    the program) does not tokenize it again.  Kept while ``doc`` lives."""
    _KNOWN[doc] = tokens


def _slot(key: int | tuple[int, ...], bits: int) -> int:
    """A ``bits``-bit hash of a shingle key, the same in every process.

    >>> _slot(12345, 20) == _slot(12345, 20) and 0 <= _slot(12345, 20) < 2 ** 20
    True
    """
    if isinstance(key, tuple):
        key = hash(key)  # tuples of ints hash alike in every process
    return ((key * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> (64 - bits)


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
        self._starts: list[array[int]] = []
        self._ends: list[array[int]] = []
        self._vocab: dict[str, int] = {}
        self._stop: list[bool] = []  # by word number
        self._anchor_form: list[bool] = []
        # shingle key -> posting, or list of postings
        self._shingles: dict[int | tuple[int, ...], int | list[int]] = {}
        self._anchors: dict[int, list[int]] = defaultdict(list)  # word number -> postings
        self._df: dict[int, int] = defaultdict(int)
        #: built by :meth:`build_shared`: only text shared by two places kept
        self.shared_only = False

    @classmethod
    def build(cls, documents: Iterable[Document], *, k: int = 3) -> CorpusIndex:
        idx = cls(k=k)
        for doc in documents:
            idx.add(doc)
        return idx

    @classmethod
    def build_shared(
        cls,
        documents: Sequence[Document],
        tokens: Mapping[str, PackedTokens] | None = None,
        *,
        k: int = 3,
    ) -> CorpusIndex:
        """An index for linking these documents with one another, in a
        fraction of the memory: a shingle that occurs once in the corpus, and
        an anchor word that occurs in one document only, are left out — a
        query from one of these documents could only find them in its own
        document, which it excludes.  (A first pass marks the shingles seen
        twice in a two-bit sketch; the few it confuses are kept.)  Queries
        from outside the corpus need :meth:`build`.

        >>> from xref.model import Document
        >>> docs = [Document("a", "a", "The cat sat on the red mat today."),
        ...         Document("b", "b", "Dogs bark. The cat sat on the red mat, they say.")]
        >>> idx = CorpusIndex.build_shared(docs)
        >>> [c.doc for c in idx.candidates("The cat sat on the red mat", exclude=["b"])]
        ['a']
        >>> len(idx._shingles) < len(CorpusIndex.build(docs)._shingles)
        True
        """
        packed = [
            tokens[d.id] if tokens is not None and d.id in tokens
            else PackedTokens.pack(index_tokens(d))
            for d in documents
        ]
        idx = cls(k=k)
        idx.shared_only = True
        total = sum(len(p) for p in packed)
        bits = max(16, (8 * total).bit_length())
        once, twice = bytearray(1 << (bits - 3)), bytearray(1 << (bits - 3))
        for p in packed:
            ids = idx._ids(p.norm_list(), grow=True)
            for key in idx._doc_keys(ids):
                h = _slot(key, bits)
                byte, bit = h >> 3, 1 << (h & 7)
                if once[byte] & bit:
                    twice[byte] |= bit
                else:
                    once[byte] |= bit
        del once
        for doc, p in zip(documents, packed, strict=True):
            idx.add(doc, tokens=p, _sketch=(twice, bits))
        for w in [w for w, df in idx._df.items() if df == 1]:
            del idx._anchors[w]
        return idx

    def _doc_keys(self, ids: Sequence[int]) -> Iterable[int | tuple[int, ...]]:
        return [key for _, key in self._positions_keys(ids)]

    def _positions_keys(self, ids: Sequence[int]) -> list[tuple[int, int | tuple[int, ...]]]:
        """``(position, key)`` of every shingle of ``ids`` that is not all
        stop words (a fast path for the usual k = 3)."""
        stop = self._stop
        if self.k == 3 and len(self._vocab) <= 1 << _WORD_BITS:
            return [
                (pos, (a << 2 * _WORD_BITS) | (b << _WORD_BITS) | c)
                for pos, (a, b, c) in enumerate(zip(ids, ids[1:], ids[2:], strict=False))
                if not (stop[a] and stop[b] and stop[c])
            ]
        return [
            (pos, self._key(ids[pos : pos + self.k]))
            for pos in range(len(ids) - self.k + 1)
            if not all(stop[i] for i in ids[pos : pos + self.k])
        ]

    def add(
        self,
        doc: Document,
        *,
        tokens: Sequence[Token] | PackedTokens | None = None,
        _sketch: tuple[bytearray, int] | None = None,
    ) -> None:
        """Index one document (its text from ``body_start`` on).

        ``tokens`` are the document's :func:`index_tokens` when already known
        (from the cache, packed or not); they are computed otherwise.
        """
        if tokens is None:
            tokens = _KNOWN.get(doc)
        if not isinstance(tokens, PackedTokens):
            tokens = PackedTokens.pack(index_tokens(doc) if tokens is None else tokens)
        di = len(self.doc_ids)
        self.doc_ids.append(doc.id)
        starts, ends = tokens.offsets()
        self._starts.append(starts)
        self._ends.append(ends)
        ids = self._ids(tokens.norm_list(), grow=True)
        base = di << _POS_BITS
        table = self._shingles
        for pos, key in self._positions_keys(ids):
            if _sketch is not None:
                h = _slot(key, _sketch[1])
                if not _sketch[0][h >> 3] & (1 << (h & 7)):
                    continue  # seen once in the whole corpus
            posting = base | pos
            cur = table.get(key)
            if cur is None:
                table[key] = posting
            elif isinstance(cur, int):
                table[key] = [cur, posting]
            else:
                cur.append(posting)
        seen: set[int] = set()
        anchor_form = self._anchor_form
        for pos, i in enumerate(ids):
            if anchor_form[i]:
                self._anchors[i].append(base | pos)
                if i not in seen:
                    seen.add(i)
                    self._df[i] += 1

    def _ids(self, norms: Sequence[str], *, grow: bool = False) -> list[int]:
        """Word numbers of ``norms`` (-1 for a word the index has not seen)."""
        if not grow:
            get = self._vocab.get
            return [get(w, -1) for w in norms]
        out = []
        vocab = self._vocab
        for w in norms:
            i = vocab.get(w)
            if i is None:
                i = vocab[w] = len(vocab)
                self._stop.append(w in _STOP)
                self._anchor_form.append(_is_anchor_form(w))
            out.append(i)
        return out

    @staticmethod
    def _key(ids: Sequence[int]) -> int | tuple[int, ...]:
        """One integer for a shingle's word numbers (a tuple past 2**21 words)."""
        key = 0
        for i in ids:
            if i >> _WORD_BITS:
                return tuple(ids)
            key = (key << _WORD_BITS) | i
        return key

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
        q = self._ids([t.norm for t in tokenize(text) if t.is_word])
        if not q or not self.doc_ids:
            return []
        excluded = set(exclude)
        hits: dict[int, list[tuple[int, float]]] = defaultdict(list)  # doc -> (diagonal, weight)
        attainable = 0.0
        found: list[tuple[int, list[int]]] = []
        table = self._shingles
        stop = self._stop
        indexable = 0  # (shared_only) shingles the query's own document holds
        for qpos in range(len(q) - self.k + 1):
            sh = q[qpos : qpos + self.k]
            if min(sh) < 0:
                continue  # a word no document has
            if self.shared_only and not all(stop[i] for i in sh):
                indexable += 1
            got = table.get(self._key(sh))
            if got is not None:
                found.append((qpos, [got] if isinstance(got, int) else got))
        cap = self._shingle_limit()
        if any(len(p) > cap for _, p in found):
            rarest = {qpos for qpos, _ in sorted(found, key=lambda f: (len(f[1]), f[0]))
                      [: self.keep_rarest]}
            kept = [(qpos, p) for qpos, p in found if len(p) <= cap or qpos in rarest]
            indexable -= len(found) - len(kept)
            found = kept
        if self.shared_only:
            # the index left out the shingles seen once: count them as a full
            # index would (each is in the query's own document)
            attainable += max(indexable, len(found)) - len(found)
        mask = _POS_MASK
        for qpos, postings in found:
            attainable += 1.0
            for x in postings:
                hits[x >> _POS_BITS].append(((x & mask) - qpos, 1.0))
        limit_df = self._anchor_limit()
        n_docs = len(self.doc_ids)
        for qpos, w in enumerate(q):
            df = self._df.get(w, 0)  # only anchor forms are there
            if not df or df > limit_df:
                continue
            weight = 0.5 + math.log((1 + n_docs) / (1 + df))
            attainable += weight
            for x in self._anchors.get(w, ()):
                hits[x >> _POS_BITS].append(((x & mask) - qpos, weight))
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
        starts, ends = self._starts[di], self._ends[di]
        n_toks = len(starts)
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
            hi = min(n_toks, g[-1][0] + span + pad)
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
            Candidate(self.doc_ids[di], starts[int(lo)], ends[int(hi) - 1], int(n), sc)
            for lo, hi, n, sc in ranges
            if n >= min_hits
        ]
