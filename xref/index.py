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
CorpusIndex     the index: ``build(documents)``, ``candidates(text)``,
                ``span_candidates(spans)`` (many spans of indexed
                documents in one batch), ``from_arrays(...)``,
                ``save(path)``, ``load(path)``
DocArrays       one document's shingle and anchor keys with their positions
doc_arrays      PackedTokens -> DocArrays (pure; run it in worker processes)
word_key        the stable 64-bit key of a normalized word
word_keys       normalized words -> their keys (a numpy array)
run_keys        word keys -> the key of every run of k words
KEYS_VERSION    changes when the keys would (cache keys, saved indexes)
index_tokens    the word tokens the index keeps for a document
PackedTokens    those tokens in four compact columns (cache, workers, memory)
remember_tokens let the index reuse a document's tokens (the cache knows them)

Storage is flat numpy arrays, so that tens of thousands of documents fit in
memory and an index can be saved to one file and memory-mapped back:

- a word is a stable 64-bit hash of its normalized form (the same in every
  process and run; no vocabulary to share), whose two low bits say whether
  it is a stop word and whether it can anchor;
- a shingle is a 64-bit mix of its words' keys; all shingles of the corpus
  sit in one array sorted by key, each occurrence (a posting) alongside as
  one int32, the number of its token in the whole corpus (a lookup is a
  binary search, a posting list a slice);
- anchors likewise, with one row per distinct anchor word holding its
  document frequency and where its postings start;
- the tokens' start and end offsets of every document, end to end in two
  int32 arrays, with each document's first token number in a third.

Documents are added one by one or from arrays computed elsewhere; their
arrays are put end to end a few hundred at a time and merged (one stable
sort) on the first query.

Queries are answered in batches with array operations only (no Python loop
over postings): the hits of all queries are gathered at once, sorted by one
packed 64-bit key (query, document, diagonal, weight) and cut into windows.
:meth:`CorpusIndex.candidates` is a batch of one.  An index built for
linking (:meth:`CorpusIndex.build_shared`) also keeps each token's word key
and each posting's document, so the units of its documents are asked about
without tokenizing them again (:meth:`CorpusIndex.span_candidates`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import math
import mmap
import os
import struct
import tempfile
import weakref
import zlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal, Union

import attrs
import numpy as np
import numpy.typing as npt

from xref.model import Document
from xref.normalize import Token, tokenize, word_norms, word_spans

#: words too common to anchor a match on their own
_STOP = frozenset(
    """a an the and or but of to in on at by for with from as is are was were be been
    being it its this that these those he she they we you i his her their our your
    not no than then there here which who whom whose what when where how all any
    some such into over under about after before also has have had do does did will
    would can could should may might must said says say""".split()
)

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
#: what ``from_arrays`` takes for a column of token offsets
Int32Column = Union[bytes, bytearray, memoryview, "array[int]", npt.NDArray[Any]]


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
    #: each norm's :func:`word_key` as packed int64 bytes, when computed
    #: with the tokens (on a loading worker, or kept in the cache); empty
    #: when not known.  Derived from ``norms``, so not compared.
    keys: bytes = attrs.field(default=b"", eq=False)

    @classmethod
    def pack(cls, tokens: Sequence[Token]) -> PackedTokens:
        return cls(
            _SEP.join(t.norm for t in tokens),
            array("i", (t.start for t in tokens)).tobytes(),
            array("i", (t.end for t in tokens)).tobytes(),
            "".join(_KIND_CODE[t.kind] for t in tokens),
        )

    @classmethod
    def of_document(cls, doc: Document, *, keys: bool = False) -> PackedTokens:
        """``pack(index_tokens(doc))``, made from the word spans directly
        (no Token objects: about half the time); with ``keys``, the words'
        keys too (:attr:`keys`).

        >>> d = Document("d", "d", "x\\nIt’s 19,752 — yes", body_start=2)
        >>> PackedTokens.of_document(d) == PackedTokens.pack(index_tokens(d))
        True
        >>> PackedTokens.of_document(d, keys=True).word_keys().tolist() == [
        ...     word_key("it's"), word_key("19,752"), word_key("yes")]
        True
        """
        spans = word_spans(doc.text[doc.body_start :], doc.body_start)
        if not spans:
            return cls("", b"", b"", "", b"")
        # the columns in one transposition (C speed), not four passes
        norms, starts, ends, kinds = zip(*spans, strict=True)
        return cls(
            _SEP.join(norms),
            array("i", starts).tobytes(),
            array("i", ends).tobytes(),
            "".join(map(_KIND_CODE.__getitem__, kinds)),
            _word_keys(norms).tobytes() if keys else b"",
        )

    def word_keys(self) -> I64:
        """The :func:`word_key` of each token's norm: read from :attr:`keys`
        when they were kept (and are whole), else computed."""
        if len(self.keys) == 8 * len(self.kinds):
            return np.frombuffer(self.keys, dtype=np.int64)
        return _word_keys(self.norm_list())

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


#: tokens known for documents still alive (the cache's): ``add`` reuses them
_KNOWN: weakref.WeakKeyDictionary[Document, PackedTokens] = weakref.WeakKeyDictionary()


def remember_tokens(doc: Document, tokens: PackedTokens) -> None:
    """Record ``doc``'s :func:`index_tokens` (packed), so that an index built
    from the document later (``CorpusIndex.build(documents)`` anywhere in
    the program) does not tokenize it again.  Kept while ``doc`` lives."""
    _KNOWN[doc] = tokens


# --------------------------------------------------------------------------
# keys: words and shingles as stable 64-bit integers

_STOP_BIT = 1
_ANCHOR_BIT = 2

#: changes whenever word or shingle keys would (the stop words, or by hand
#: the anchor rule and the hashes); saved indexes and :class:`DocArrays`
#: bytes carry it and are refused under another one
KEYS_VERSION = "1-" + hashlib.blake2b(
    " ".join(sorted(_STOP)).encode(), digest_size=4
).hexdigest()


def _is_anchor_form(norm: str) -> bool:
    return any(c.isdigit() for c in norm) or (len(norm) >= 5 and norm not in _STOP)


def word_key(norm: str) -> int:
    """The key of a normalized word: 62 bits of its BLAKE2b hash and two
    flag bits (1: a stop word, 2: a form that can anchor), as a signed
    64-bit integer.  The same in every process and every run.

    >>> word_key("the") & 3, word_key("19,752") & 3, word_key("mat") & 3
    (1, 2, 0)
    >>> word_key("operation") == word_key("operation") != word_key("operations")
    True
    """
    h = int.from_bytes(
        hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
        "little",
    )
    h = (h & ~3) | (_STOP_BIT if norm in _STOP else 0) | (
        _ANCHOR_BIT if _is_anchor_form(norm) else 0
    )
    return h - (1 << 64) if h >> 63 else h


class _WordKeys(dict[str, int]):
    """word -> :func:`word_key`, computed once per word and process."""

    def __missing__(self, norm: str) -> int:
        if len(self) >= 1 << 21:  # bound the memory of a long-lived process
            self.clear()
        key = self[norm] = word_key(norm)
        return key


_WORD_KEYS = _WordKeys()


def _word_keys(norms: Sequence[str]) -> I64:
    return np.fromiter(
        map(_WORD_KEYS.__getitem__, norms), dtype=np.int64, count=len(norms)
    )


def word_keys(norms: Sequence[str]) -> I64:
    """The :func:`word_key` of each normalized word, as an int64 array.

    >>> word_keys(["the", "cat"]).tolist() == [word_key("the"), word_key("cat")]
    True
    """
    return _word_keys(norms)


def run_keys(words: I64, k: int) -> I64:
    """The key of every run of ``k`` consecutive words, given the words'
    keys (:func:`word_keys`): equal runs have equal keys.

    >>> w = word_keys("a b c a b c".split())
    >>> r = run_keys(w, 3)
    >>> len(r), bool(r[0] == r[3]), bool(r[0] == r[1])
    (4, True, False)
    """
    return _shingle_keys(words, k)


_MIX = np.uint64(0x9E3779B97F4A7C15 - 2)  # odd; MIX - 1 has a single factor 2
_FIN1 = np.uint64(0xBF58476D1CE4E5B9)
_FIN2 = np.uint64(0x94D049BB133111EB)


def _shingle_keys(words: I64, k: int) -> I64:
    """The key of every run of ``k`` consecutive word keys (a polynomial in
    the word keys, then splitmix64's finalizer), wrapping in 64 bits.

    >>> w = _word_keys("the cat sat on the mat".split())
    >>> keys = _shingle_keys(w, 3)
    >>> len(keys), bool(keys[0] == _shingle_keys(w[:3], 3)[0]), len(set(keys.tolist()))
    (4, True, 4)
    """
    m = len(words) - k + 1
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    u = words.view(np.uint64)
    acc = u[:m].copy()
    for j in range(1, k):
        acc *= _MIX
        acc += u[j : j + m]
    acc ^= acc >> np.uint64(30)
    acc *= _FIN1
    acc ^= acc >> np.uint64(27)
    acc *= _FIN2
    acc ^= acc >> np.uint64(31)
    return acc.view(np.int64)


def _all_stop(words: I64, k: int) -> npt.NDArray[np.bool_]:
    """For each shingle of ``words``: are all its words stop words?"""
    m = len(words) - k + 1
    if m <= 0:
        return np.zeros(0, dtype=bool)
    stop = (words & _STOP_BIT) != 0
    out: npt.NDArray[np.bool_] = stop[:m].copy()
    for j in range(1, k):
        out &= stop[j : j + m]
    return out


# --------------------------------------------------------------------------
# one document's arrays

_DOC_MAGIC = b"XDA1"
_DOC_HEAD = struct.Struct("<4s10sIIII")


@attrs.frozen(eq=False)
class DocArrays:
    """What the index keeps of one document, as numpy arrays.

    ``shingle_keys``/``shingle_pos``: every shingle that is not all stop
    words and the token position where it starts; ``anchor_keys``/
    ``anchor_pos``: every word that can anchor (digits, or five letters and
    not a stop word) and its position; ``words``: the document's distinct
    word keys, sorted.  ``k`` is the shingle length.  ``token_words``: every
    token's word key, in order, which a shared-only index keeps to answer
    :meth:`CorpusIndex.span_candidates` without tokenizing again (not in
    :meth:`to_bytes`: None after :meth:`from_bytes`).
    """

    k: int
    shingle_keys: I64
    shingle_pos: I32
    anchor_keys: I64
    anchor_pos: I32
    words: I64
    token_words: I64 | None = None

    def to_bytes(self) -> bytes:
        """The arrays as one byte string (for a cache); see :meth:`from_bytes`.

        >>> doc = Document("d", "d", "The 19 red cats sat.")
        >>> a = doc_arrays(PackedTokens.pack(index_tokens(doc)))
        >>> b = DocArrays.from_bytes(a.to_bytes())
        >>> b.k, b.shingle_pos.tolist(), b.anchor_pos.tolist(), b.to_bytes() == a.to_bytes()
        (3, [0, 1, 2], [1], True)
        """
        head = _DOC_HEAD.pack(
            _DOC_MAGIC, KEYS_VERSION.encode(), self.k,
            len(self.shingle_keys), len(self.anchor_keys), len(self.words),
        )
        return b"".join((
            head,
            self.shingle_keys.astype("<i8").tobytes(),
            self.shingle_pos.astype("<i4").tobytes(),
            self.anchor_keys.astype("<i8").tobytes(),
            self.anchor_pos.astype("<i4").tobytes(),
            self.words.astype("<i8").tobytes(),
        ))

    @classmethod
    def from_bytes(cls, data: bytes) -> DocArrays:
        """Arrays from :meth:`to_bytes`; ValueError if ``data`` is not that."""
        if len(data) < _DOC_HEAD.size:
            raise ValueError("document arrays: too short")
        magic, version, k, n_sh, n_an, n_w = _DOC_HEAD.unpack_from(data)
        if magic != _DOC_MAGIC or k < 1:
            raise ValueError("document arrays: bad header")
        if version != KEYS_VERSION.encode():
            raise ValueError("document arrays: made with other word keys")
        if len(data) != _DOC_HEAD.size + 12 * n_sh + 12 * n_an + 8 * n_w:
            raise ValueError("document arrays: wrong length")
        buf = memoryview(data)
        at = _DOC_HEAD.size

        def take(dtype: str, n: int) -> npt.NDArray[Any]:
            nonlocal at
            size = np.dtype(dtype).itemsize * n
            arr = np.frombuffer(buf[at : at + size], dtype=dtype)
            at += size
            return arr.astype(dtype[1:])  # native byte order, writable copy

        return cls(k, take("<i8", n_sh), take("<i4", n_sh), take("<i8", n_an),
                   take("<i4", n_an), take("<i8", n_w))


def doc_arrays(tokens: PackedTokens, k: int = 3) -> DocArrays:
    """The index's arrays for one document's :func:`index_tokens` (packed).

    Pure and picklable: compute it in worker processes, or keep its
    :meth:`DocArrays.to_bytes` in a cache, then hand the arrays to
    :meth:`CorpusIndex.from_arrays`.

    >>> toks = index_tokens(Document("d", "d", "It is not in the 2021 budget."))
    >>> a = doc_arrays(PackedTokens.pack(toks))
    >>> [toks[p].norm for p in a.shingle_pos], [toks[p].norm for p in a.anchor_pos]
    (['in', 'the'], ['2021', 'budget'])
    """
    if k < 1:
        raise ValueError(f"shingle length must be at least 1, not {k}")
    words = tokens.word_keys()
    keep = ~_all_stop(words, k)
    anchor = (words & _ANCHOR_BIT) != 0
    return DocArrays(
        k,
        _shingle_keys(words, k)[keep],
        np.flatnonzero(keep).astype(np.int32),
        words[anchor],
        np.flatnonzero(anchor).astype(np.int32),
        _distinct(words),
        words,
    )


def _distinct(keys: I64) -> I64:
    """The distinct values of ``keys``, sorted (np.unique, quicker on short
    arrays).

    >>> _distinct(np.array([5, 3, 5, 1], dtype=np.int64)).tolist()
    [1, 3, 5]
    """
    s = np.sort(keys)
    if len(s) < 2:
        return s
    return s[np.concatenate(([True], s[1:] != s[:-1]))]


def _int32_column(col: Int32Column) -> I32:
    if isinstance(col, (bytes, bytearray, memoryview)):
        return np.frombuffer(col, dtype="<i4").astype(np.int32)
    return np.asarray(col, dtype=np.int32)


# --------------------------------------------------------------------------
# sorted tables


def _stable_order(keys: I64) -> tuple[npt.NDArray[np.intp], I64]:
    """The stable argsort of ``keys`` (equal keys keep their order) and the
    sorted keys, several times quicker than ``np.argsort(keys,
    kind="stable")`` on millions of keys.

    Each key's high bits and its index are packed into one unsigned integer
    and sorted with the (vectorized) plain sort; the few runs of keys that
    share their high bits but differ below are then sorted on their own.

    >>> order, ks = _stable_order(np.array([7, -2, 7, 5, -2], dtype=np.int64))
    >>> order.tolist(), ks.tolist()
    ([1, 4, 3, 0, 2], [-2, -2, 5, 7, 7])
    """
    n = len(keys)
    if n < 2:
        return np.arange(n, dtype=np.intp), keys.copy()
    bits = (n - 1).bit_length()
    low = np.uint64((1 << bits) - 1)
    # flipping the sign bit makes unsigned order the signed order
    packed = (keys.view(np.uint64) ^ np.uint64(1 << 63)) & ~low
    packed |= np.arange(n, dtype=np.uint64)
    packed.sort()
    packed &= low
    order = packed.view(np.int64).astype(np.intp, copy=False)
    ks = keys[order]
    bad = np.flatnonzero(ks[1:] < ks[:-1])
    if len(bad):
        top = (ks.view(np.uint64) ^ np.uint64(1 << 63)) >> np.uint64(bits)
        done = 0
        for i in bad.tolist():
            if i < done:
                continue
            lo = int(np.searchsorted(top, top[i], side="left"))
            done = int(np.searchsorted(top, top[i], side="right"))
            sub = np.argsort(ks[lo:done], kind="stable")
            order[lo:done] = order[lo:done][sub]
            ks[lo:done] = ks[lo:done][sub]
    return order, ks


def _sort_postings(keys: I64, glob: I32) -> tuple[I64, I32]:
    """Postings sorted by key; stable, so each key's postings stay in
    document and position order."""
    order, keys = _stable_order(keys)
    return keys, glob[order]


def _runs(sorted_keys: I64) -> tuple[I64, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Distinct keys of a sorted array, where each run starts, and its length.

    >>> k, s, n = _runs(np.array([3, 3, 5, 9, 9, 9], dtype=np.int64))
    >>> k.tolist(), s.tolist(), n.tolist()
    ([3, 5, 9], [0, 2, 3], [2, 1, 3])
    """
    if not len(sorted_keys):
        empty = np.zeros(0, dtype=np.intp)
        return sorted_keys[:0], empty, empty
    starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    counts = np.diff(np.append(starts, len(sorted_keys)))
    return sorted_keys[starts], starts, counts


#: the arrays an index keeps (name -> dtype as saved).  A posting is the
#: number of its token in the whole corpus (document ``d``'s tokens are
#: numbered from ``tbase[d]``), so one int32 says document and position.
_COLUMNS = {
    "skeys": "<i8", "sglob": "<i4",  # shingle postings by key
    "akeys": "<i8", "adf": "<i4", "astart": "<i8",  # distinct anchor words
    "aglob": "<i4",  # anchor postings by key
    "tstart": "<i4", "tend": "<i4", "tbase": "<i8",  # token offsets
    "vocab": "<i8",  # distinct word keys (shared-only indexes)
}
_MAX_TOKENS = 2**31 - 1


def _empty_columns() -> dict[str, npt.NDArray[Any]]:
    cols = {name: np.zeros(0, dtype=dt[1:]) for name, dt in _COLUMNS.items()}
    cols["astart"] = np.zeros(1, dtype=np.int64)
    cols["tbase"] = np.zeros(1, dtype=np.int64)
    return cols


def _anchor_columns(
    keys: I64, glob: I32, tbase: I64, *, drop_single: bool
) -> dict[str, npt.NDArray[Any]]:
    """The anchor table from unsorted postings: distinct keys with their
    document frequency and the start of their postings.  ``drop_single``:
    keys found in one document keep their row (their frequency counts in a
    query's attainable score) but lose their postings."""
    keys, glob = _sort_postings(keys, glob)
    ukeys, starts, counts = _runs(keys)
    docs = np.searchsorted(tbase, glob, side="right")
    new_pair = np.ones(len(keys), dtype=np.int32)
    if len(keys) > 1:
        new_pair[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    df = (np.add.reduceat(new_pair, starts) if len(keys) else new_pair).astype(np.int32)
    if drop_single:
        glob = glob[np.repeat(df > 1, counts)]
        counts = np.where(df > 1, counts, 0)
    astart = np.zeros(len(ukeys) + 1, dtype=np.int64)
    np.cumsum(counts, out=astart[1:])
    return {"akeys": ukeys, "adf": df, "astart": astart, "aglob": glob}


_BATCH = 256  # documents put end to end at a time

#: consecutive documents' arrays end to end, not yet sorted: the postings
#: (skeys, sglob, akeys, aglob), the distinct words (shared-only indexes), the
#: token offsets (tstart, tend), the tokens per document (lengths) and, in a
#: shared-only index, each token's word key (twords; absent when a
#: document's arrays came without them)
_Batch = dict[str, npt.NDArray[Any]]


def _batch(
    first_token: int, items: Sequence[tuple[DocArrays, I32, I32]], *, words: bool
) -> _Batch:
    """The batch of ``items`` (arrays, token starts, token ends), their
    tokens numbered from ``first_token``."""

    def each(values: Iterable[int]) -> I64:
        return np.fromiter(values, dtype=np.int64, count=len(items))

    lengths = each(len(s) for _, s, _ in items)
    if first_token + int(lengths.sum()) > _MAX_TOKENS:
        raise ValueError("too many tokens for one index (at most 2**31 - 1)")
    bases = (first_token + np.cumsum(lengths) - lengths).astype(np.int32)

    def numbered(pos: list[I32], counts: I64) -> I32:
        return np.repeat(bases, counts) + np.concatenate(pos)

    token_words = [a.token_words for a, _, _ in items]
    twords: dict[str, npt.NDArray[Any]] = {}
    if words and all(
        t is not None and len(t) == len(s) for t, (_, s, _) in zip(token_words, items, strict=True)
    ):
        twords["twords"] = np.concatenate(token_words)  # type: ignore[arg-type]
    return twords | {
        "skeys": np.concatenate([a.shingle_keys for a, _, _ in items]),
        "sglob": numbered([a.shingle_pos for a, _, _ in items],
                          each(len(a.shingle_pos) for a, _, _ in items)),
        "akeys": np.concatenate([a.anchor_keys for a, _, _ in items]),
        "aglob": numbered([a.anchor_pos for a, _, _ in items],
                          each(len(a.anchor_pos) for a, _, _ in items)),
        "words": _distinct(np.concatenate([a.words for a, _, _ in items]))
        if words else np.zeros(0, dtype=np.int64),
        "tstart": np.concatenate([s for _, s, _ in items]),
        "tend": np.concatenate([e for _, _, e in items]),
        "lengths": lengths,
    }


def _columns_batch(cols: Mapping[str, npt.NDArray[Any]]) -> _Batch:
    """A merged index's arrays as a batch (to merge more documents)."""
    return {
        "skeys": cols["skeys"], "sglob": cols["sglob"],
        "akeys": np.repeat(cols["akeys"], np.diff(cols["astart"])),
        "aglob": cols["aglob"], "words": cols["vocab"],
        "tstart": cols["tstart"], "tend": cols["tend"], "lengths": np.diff(cols["tbase"]),
    }


# --------------------------------------------------------------------------
# persistence: a small header, then the raw arrays (64-byte aligned)

_FILE_MAGIC = b"XREFIDX1"
_PREFIX = struct.Struct("<8sQI")  # magic, header length, header CRC-32
_ALIGN = 64


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


def _write_index(fh: BinaryIO, meta: dict[str, Any], cols: Mapping[str, npt.NDArray[Any]]) -> None:
    datas = {name: np.ascontiguousarray(cols[name], dtype=dt) for name, dt in _COLUMNS.items()}
    layout: dict[str, list[int]] = {}
    at = 0
    for name, arr in datas.items():
        layout[name] = [at, len(arr), zlib.crc32(arr.data.cast("B"))]
        at = _aligned(at + arr.nbytes)
    head = json.dumps({**meta, "arrays": layout}, sort_keys=True).encode()
    start = _aligned(_PREFIX.size + len(head))
    fh.write(_PREFIX.pack(_FILE_MAGIC, len(head), zlib.crc32(head)) + head)
    fh.write(b"\0" * (start - _PREFIX.size - len(head)))
    written = 0
    for name, arr in datas.items():
        fh.write(b"\0" * (layout[name][0] - written))
        fh.write(arr.data.cast("B"))
        written = layout[name][0] + arr.nbytes
    fh.write(b"\0" * (at - written))


def _read_index(path: Path, *, verify: bool) -> tuple[dict[str, Any], dict[str, npt.NDArray[Any]]]:
    """Header and memory-mapped arrays of an index file; ValueError if the
    file is not a whole index written by :meth:`CorpusIndex.save`."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        first = fh.read(_PREFIX.size)
        if len(first) < _PREFIX.size or not first.startswith(_FILE_MAGIC):
            raise ValueError(f"{path}: not an xref index")
        _, n_head, head_crc = _PREFIX.unpack(first)
        if _PREFIX.size + n_head > size:
            raise ValueError(f"{path}: truncated index header")
        head = fh.read(n_head)
        if zlib.crc32(head) != head_crc:
            raise ValueError(f"{path}: damaged index header")
        try:
            meta = json.loads(head)
            arrays = meta.pop("arrays")
            layout = {name: [int(x) for x in arrays[name]] for name in _COLUMNS}
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"{path}: damaged index header ({e})") from None
    start = _aligned(_PREFIX.size + n_head)
    end = start
    for name, (at, n, _) in layout.items():
        if at < 0 or n < 0:
            raise ValueError(f"{path}: damaged index header")
        end = max(end, start + _aligned(at + n * np.dtype(_COLUMNS[name]).itemsize))
    if size != end:
        raise ValueError(f"{path}: index file is {size} bytes, expected {end} (truncated?)")
    with open(path, "rb") as fh:
        # a plain ndarray over the mapping: slicing a np.memmap costs more
        whole = np.frombuffer(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ), np.uint8)
    cols: dict[str, npt.NDArray[Any]] = {}
    for name, (at, n, crc) in layout.items():
        raw = whole[start + at : start + at + n * np.dtype(_COLUMNS[name]).itemsize]
        if verify and zlib.crc32(raw.data) != crc:
            raise ValueError(f"{path}: index column {name!r} is damaged")
        cols[name] = raw.view(_COLUMNS[name])
    return meta, cols


# --------------------------------------------------------------------------
# the index


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
        if k < 1:
            raise ValueError(f"shingle length must be at least 1, not {k}")
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
        #: built by :meth:`build_shared`: only text shared by two places kept
        self.shared_only = False
        self._cols = _empty_columns()
        self._n_final = 0  # documents in ``_cols``; the rest wait:
        self._batches: list[_Batch] = []  # put end to end a few hundred at a time
        self._pending: list[tuple[DocArrays, I32, I32]] = []
        #: each token's word key, end to end (shared-only indexes built in
        #: this process): :meth:`span_candidates` reads queries off it
        self._twords: I64 | None = None
        #: document id -> its numbers, and each document's place in id order
        self._numbers: dict[str, list[int]] = {}
        self._rank: I64 = np.zeros(0, dtype=np.int64)
        #: the document of each shingle and anchor posting (batch queries)
        self._pdocs: tuple[I32, I32] | None = None
        self._samples: dict[str, I64] = {}

    # ---- building

    @classmethod
    def build(cls, documents: Iterable[Document], *, k: int = 3) -> CorpusIndex:
        idx = cls(k=k)
        for doc in documents:
            idx.add(doc)
        idx._finalize()
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
        the postings of an anchor word that occurs in one document only, are
        left out — a query from one of these documents could only find them
        in its own document, which it excludes.  Queries from outside the
        corpus need :meth:`build`.

        >>> from xref.model import Document
        >>> docs = [Document("a", "a", "The cat sat on the red mat today."),
        ...         Document("b", "b", "Dogs bark. The cat sat on the red mat, they say.")]
        >>> idx = CorpusIndex.build_shared(docs)
        >>> [c.doc for c in idx.candidates("The cat sat on the red mat", exclude=["b"])]
        ['a']
        >>> idx.stats()["shingle_postings"], CorpusIndex.build(docs).stats()["shingle_postings"]
        (10, 15)
        """
        packed = [
            tokens[d.id] if tokens is not None and d.id in tokens
            else _KNOWN.get(d) or PackedTokens.pack(index_tokens(d))
            for d in documents
        ]
        return cls.from_arrays(
            [d.id for d in documents],
            (doc_arrays(p, k) for p in packed),
            ((p.starts, p.ends) for p in packed),
            k=k,
            shared_only=True,
        )

    @classmethod
    def from_arrays(
        cls,
        doc_ids: Sequence[str],
        arrays: Iterable[DocArrays],
        token_offsets: Iterable[tuple[Int32Column, Int32Column]],
        *,
        k: int = 3,
        shared_only: bool = False,
    ) -> CorpusIndex:
        """The index over documents whose :func:`doc_arrays` are known.

        ``token_offsets``: each document's token start and end offsets (the
        ``starts``/``ends`` bytes of its :class:`PackedTokens`, or int32
        arrays), in the order of ``doc_ids``.  ``arrays`` and
        ``token_offsets`` may be generators (rows streamed from a cache):
        they are merged a few hundred documents at a time.  ``shared_only``:
        as :meth:`build_shared`.  ValueError if the lengths disagree or an
        array was made with another ``k``.
        """
        idx = cls(k=k)
        idx.shared_only = shared_only
        n = 0
        for a, offsets in itertools.zip_longest(arrays, token_offsets):
            if a is None or offsets is None:
                raise ValueError("doc_ids, arrays and token_offsets differ in length")
            idx._push(a, _int32_column(offsets[0]), _int32_column(offsets[1]))
            n += 1
        if n != len(doc_ids):
            raise ValueError("doc_ids, arrays and token_offsets differ in length")
        idx.doc_ids = list(doc_ids)
        idx._finalize()
        return idx

    def add(
        self,
        doc: Document,
        *,
        tokens: Sequence[Token] | PackedTokens | None = None,
    ) -> None:
        """Index one document (its text from ``body_start`` on).

        ``tokens`` are the document's :func:`index_tokens` when already known
        (from the cache, packed or not); they are computed otherwise.  The
        arrays are merged on the next query (or :meth:`save`).
        """
        if self.shared_only:
            raise ValueError("a shared-only index cannot take more documents")
        if tokens is None:
            tokens = _KNOWN.get(doc)
        if not isinstance(tokens, PackedTokens):
            tokens = PackedTokens.pack(index_tokens(doc) if tokens is None else tokens)
        starts, ends = tokens.offsets()
        self._push(
            doc_arrays(tokens, self.k),
            np.frombuffer(starts, dtype=np.int32), np.frombuffer(ends, dtype=np.int32),
        )
        self.doc_ids.append(doc.id)

    def _push(self, arrays: DocArrays, starts: I32, ends: I32) -> None:
        """Queue one more document's arrays (the next document number)."""
        if arrays.k != self.k:
            raise ValueError(f"document arrays made with k={arrays.k}, index has k={self.k}")
        if len(starts) != len(ends):
            raise ValueError("token start and end offsets differ in length")
        self._pending.append((arrays, starts, ends))
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        """Put the queued documents' arrays end to end in one batch (many
        small arrays would fragment the heap)."""
        if self._pending:
            first = int(self._cols["tbase"][-1]) + sum(
                int(b["lengths"].sum()) for b in self._batches
            )
            self._batches.append(_batch(first, self._pending, words=self.shared_only))
            self._pending = []

    def _finalize(self) -> None:
        """Merge the documents added since the last query into the arrays."""
        self._flush()
        if not self._batches:
            return
        parts = self._batches
        if self._n_final:
            parts = [_columns_batch(self._cols), *parts]
        self._batches = []

        def take(name: str) -> npt.NDArray[Any]:
            # each batch lets go of its piece at once: less memory at the peak
            return np.concatenate([b.pop(name) for b in parts])

        tbase = np.zeros(1 + sum(len(b["lengths"]) for b in parts), dtype=np.int64)
        np.cumsum(take("lengths"), out=tbase[1:])
        self._twords = (
            take("twords") if self.shared_only and all("twords" in b for b in parts) else None
        )
        self._pdocs = None
        self._samples = {}
        cols: dict[str, npt.NDArray[Any]] = {
            "tstart": take("tstart"), "tend": take("tend"), "tbase": tbase,
            "vocab": _distinct(take("words")) if self.shared_only else self._cols["vocab"],
        }
        skeys, sglob = _sort_postings(take("skeys"), take("sglob"))
        if self.shared_only:
            _, _, counts = _runs(skeys)
            keep = np.repeat(counts > 1, counts)
            skeys, sglob = skeys[keep], sglob[keep]
        cols.update(skeys=skeys, sglob=sglob)
        cols.update(_anchor_columns(take("akeys"), take("aglob"), tbase,
                                    drop_single=self.shared_only))
        self._cols = {name: cols[name] for name in _COLUMNS}
        self._n_final = len(tbase) - 1
        if self._twords is not None:  # for linking: made once, shared by forked workers
            self._posting_docs()

    def token_word_keys(self) -> dict[str, I64]:
        """Each document's word keys (:func:`word_keys` of its tokens), by
        id, as views into the index's arrays; empty unless the index was
        built by :meth:`build_shared` in this process."""
        self._finalize()
        if self._twords is None:
            return {}
        base = self._cols["tbase"].tolist()
        return {
            doc_id: self._twords[base[n] : base[n + 1]] for n, doc_id in enumerate(self.doc_ids)
        }

    # ---- persistence

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to one file, atomically (a temporary file in the
        same folder, then renamed over ``path``)."""
        self._finalize()
        path = Path(path)
        meta = {
            "version": 1, "keys": KEYS_VERSION, "k": self.k, "max_df_ratio": self.max_df_ratio,
            "anchor_cap": self.anchor_cap, "shingle_cap": self.shingle_cap,
            "keep_rarest": self.keep_rarest, "shared_only": self.shared_only,
            "doc_ids": self.doc_ids,
        }
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                _write_index(fh, meta, self._cols)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, verify: bool = True) -> CorpusIndex:
        """An index saved by :meth:`save`, its arrays memory-mapped (read-only;
        processes that load the same file share its pages).

        ValueError if the file is truncated, damaged (``verify``: each array's
        CRC-32 is checked, one pass over the file) or not an index; OSError if
        it cannot be read.
        """
        path = Path(path)
        meta, cols = _read_index(path, verify=verify)
        try:
            if meta.get("version") != 1 or meta.get("keys") != KEYS_VERSION:
                raise ValueError("made by another version of xref")
            idx = cls(k=int(meta["k"]), max_df_ratio=float(meta["max_df_ratio"]))
            idx.anchor_cap = int(meta["anchor_cap"])
            idx.shingle_cap = int(meta["shingle_cap"])
            idx.keep_rarest = int(meta["keep_rarest"])
            idx.shared_only = bool(meta["shared_only"])
            doc_ids = meta["doc_ids"]
            if not isinstance(doc_ids, list) or not all(isinstance(d, str) for d in doc_ids):
                raise ValueError("document ids are not strings")
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}: damaged index header ({e})") from None
        n = len(doc_ids)
        if not (
            len(cols["skeys"]) == len(cols["sglob"])
            and len(cols["akeys"]) == len(cols["adf"]) == len(cols["astart"]) - 1
            and len(cols["aglob"]) == int(cols["astart"][-1])
            and len(cols["tbase"]) == n + 1
            and len(cols["tstart"]) == len(cols["tend"]) == int(cols["tbase"][-1])
        ):
            raise ValueError(f"{path}: index arrays do not fit together")
        idx.doc_ids = list(doc_ids)
        idx._cols = cols
        idx._n_final = n
        return idx

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (for worker processes) with its arrays merged and in memory."""
        self._finalize()
        state = dict(self.__dict__)
        state["_cols"] = {name: np.array(a) for name, a in self._cols.items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    # ---- facts

    def __len__(self) -> int:
        return len(self.doc_ids)

    def stats(self) -> dict[str, int]:
        """Sizes: documents, tokens, postings, distinct anchor words, bytes.

        >>> s = CorpusIndex.build([Document("a", "a", "The cat sat on the mat in 2021.")]).stats()
        >>> s["documents"], s["tokens"], s["shingle_postings"], s["anchor_postings"]
        (1, 8, 6, 1)
        """
        self._finalize()
        c = self._cols
        return {
            "documents": len(self.doc_ids),
            "tokens": len(c["tstart"]),
            "shingle_postings": len(c["skeys"]),
            "anchor_postings": len(c["aglob"]),
            "anchor_words": len(c["akeys"]),
            "bytes": sum(int(a.nbytes) for a in c.values()),
        }

    def _anchor_limit(self) -> int:
        """The document frequency above which a word is no anchor: a share of
        the corpus (``max_df_ratio``), but at most ``anchor_cap`` documents
        once the corpus has more than ``anchor_cap / max_df_ratio`` of them."""
        n = len(self.doc_ids)
        return max(2, min(math.ceil(self.max_df_ratio * n),
                          max(self.anchor_cap, math.ceil(0.005 * n))))

    def _shingle_limit(self) -> int:
        return max(self.shingle_cap, math.ceil(0.01 * len(self.doc_ids)))

    # ---- queries

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
        self._finalize()
        norms = word_norms(text)
        if not norms or not self.doc_ids:
            return []
        numbers = self._doc_numbers()
        skip = sorted({n for d in set(exclude) for n in numbers.get(d, ())})
        queries = _Queries(
            _word_keys(norms),
            np.array([0, len(norms)], dtype=np.int64),
            np.array([skip[0] if len(skip) == 1 else -1], dtype=np.int64),
            np.array([limit], dtype=np.int64),
            np.array(skip if len(skip) > 1 else [], dtype=np.int64),
        )
        return self._answer(queries, min_hits, slack, min_share)[0]

    def span_candidates(
        self,
        spans: Sequence[tuple[str, int, int, str]],
        *,
        limits: int | Sequence[int] = 10,
        n_words: Sequence[int] | None = None,
        min_hits: int = 1,
        slack: float = 0.3,
        min_share: float = 0.0,
    ) -> list[list[Candidate]]:
        """For each span ``(doc, start, end, text)`` of an indexed document
        (``text`` is that document's ``text[start:end]``), the candidates of
        ``text`` in the *other* documents: what ``candidates(text,
        exclude=[doc], limit=limits[i], ...)`` returns, for many spans at once.

        An index from :meth:`build_shared` keeps each token's word key, so a
        span's words are read off its document's tokens (no tokenizing) and
        the whole batch is answered with a few array operations.  A span
        that cuts a word, holds another number of words than ``n_words[i]``
        says (when given), belongs to no indexed document, or comes from an
        index without those keys is tokenized from its text instead.

        >>> from xref.model import Document
        >>> docs = [Document("a", "a", "Yes. The cat sat on the red mat today."),
        ...         Document("b", "b", "Dogs bark. The cat sat on the red mat, they say.")]
        >>> idx = CorpusIndex.build_shared(docs)
        >>> spans = [("a", 5, 38, docs[0].text[5:38]), ("b", 11, 37, docs[1].text[11:37])]
        >>> [[c.doc for c in cands] for cands in idx.span_candidates(spans)]
        [['b'], ['a']]
        >>> idx.span_candidates(spans)[0] == idx.candidates(spans[0][3], exclude=["a"])
        True
        """
        self._finalize()
        nq = len(spans)
        limit = np.broadcast_to(np.asarray(limits, dtype=np.int64), (nq,))
        if n_words is not None and len(n_words) != nq:
            raise ValueError("spans and n_words differ in length")
        numbers = self._doc_numbers()
        own = np.full(nq, -1, dtype=np.int64)
        skip: list[int] = []
        for i, (doc, _, _, _) in enumerate(spans):
            nums = numbers.get(doc, ())
            if len(nums) == 1:
                own[i] = nums[0]
            else:  # an id that several documents share
                skip.extend(i * len(self.doc_ids) + n for n in nums)
        pieces = self._span_words(spans, own, n_words)
        bounds = np.zeros(nq + 1, dtype=np.int64)
        np.cumsum([len(p) for p in pieces], out=bounds[1:])
        qw = np.concatenate(pieces) if nq else np.zeros(0, dtype=np.int64)
        queries = _Queries(qw, bounds, own, np.array(limit), np.array(skip, dtype=np.int64))
        return self._answer(queries, min_hits, slack, min_share)

    def span_words(
        self, spans: Sequence[tuple[str, int, int, str]], *, n_words: Sequence[int] | None = None
    ) -> list[bytes]:
        """Each span's words as one compact key, its word keys end to end:
        spans with the same normalized words (verbatim copies) have equal
        keys, spans with other words other keys (but for a chance of about
        2**-62 per pair of words).  Spans as in :meth:`span_candidates`,
        read off the documents' tokens the same way.

        >>> from xref.model import Document
        >>> docs = [Document("a", "a", "Yes. The cat sat."), Document("b", "b", "THE CAT  sat!")]
        >>> idx = CorpusIndex.build_shared(docs)
        >>> a, b, c = idx.span_words([("a", 5, 17, "The cat sat."), ("b", 0, 13, "THE CAT  sat!"),
        ...                           ("b", 0, 7, "THE CAT")])
        >>> a == b != c, len(a)
        (True, 24)
        """
        self._finalize()
        numbers = self._doc_numbers()
        own = np.full(len(spans), -1, dtype=np.int64)
        for i, (doc, _, _, _) in enumerate(spans):
            if len(nums := numbers.get(doc, [])) == 1:
                own[i] = nums[0]
        if n_words is not None and len(n_words) != len(spans):
            raise ValueError("spans and n_words differ in length")
        return [p.tobytes() for p in self._span_words(spans, own, n_words)]

    def _span_words(
        self,
        spans: Sequence[tuple[str, int, int, str]],
        own: I64,
        n_words: Sequence[int] | None,
    ) -> list[I64]:
        """Each span's word keys: a slice of its document's token keys when
        the index kept them and the span's tokens are exactly its words,
        else the keys of its tokenized text."""
        out: list[I64 | None] = [None] * len(spans)
        tw = self._twords
        if tw is not None:
            by_doc: dict[int, list[int]] = defaultdict(list)
            for i, d in enumerate(own.tolist()):
                if d >= 0:
                    by_doc[d].append(i)
            c = self._cols
            for d, idx in by_doc.items():
                base, top = int(c["tbase"][d]), int(c["tbase"][d + 1])
                if base == top:
                    continue  # no words: its spans are tokenized
                ts, te = c["tstart"][base:top], c["tend"][base:top]
                starts = np.array([spans[i][1] for i in idx], dtype=np.int64)
                ends = np.array([spans[i][2] for i in idx], dtype=np.int64)
                lo = np.searchsorted(ts, starts, side="left")
                hi = np.maximum(lo, np.searchsorted(te, ends, side="right"))
                # a token that starts before the span and ends inside it, or
                # starts inside it and ends after it: the span cuts a word
                cut = (lo > 0) & (te[np.maximum(lo - 1, 0)] > starts)
                cut |= (hi < len(ts)) & (ts[np.minimum(hi, len(ts) - 1)] < ends)
                if n_words is not None:
                    cut |= (hi - lo) != np.array([n_words[i] for i in idx], dtype=np.int64)
                for i, a, b, bad in zip(idx, lo.tolist(), hi.tolist(), cut.tolist(), strict=True):
                    if not bad:
                        out[i] = tw[base + a : base + b]
        return [
            p if p is not None else _word_keys(word_norms(spans[i][3]))
            for i, p in enumerate(out)
        ]

    def _sample(self, name: str) -> I64 | None:
        """Every ``_STEP``-th key of a long sorted column (see :func:`_search`)."""
        table = self._cols[name]
        if len(table) <= _SAMPLED:
            return None
        if name not in self._samples:
            self._samples[name] = np.array(table[::_STEP])
        return self._samples[name]

    def _posting_docs(self) -> tuple[I32, I32]:
        """The document number of each shingle and anchor posting, for
        batch queries (a gather per hit instead of a binary search); made
        with a shared-only index, else on the first batch of queries."""
        if self._pdocs is None:
            c = self._cols
            self._pdocs = (
                (np.searchsorted(c["tbase"], c["sglob"], side="right") - 1).astype(np.int32),
                (np.searchsorted(c["tbase"], c["aglob"], side="right") - 1).astype(np.int32),
            )
        return self._pdocs

    def _doc_numbers(self) -> dict[str, list[int]]:
        """Document id -> the numbers of the documents with that id (kept up
        to date as documents are added), and each document's rank in id
        order in ``_rank``."""
        if len(self._rank) != len(self.doc_ids):
            numbers: dict[str, list[int]] = defaultdict(list)
            for i, d in enumerate(self.doc_ids):
                numbers[d].append(i)
            self._numbers = dict(numbers)
            order = sorted(range(len(self.doc_ids)), key=self.doc_ids.__getitem__)
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order), dtype=np.int64)
            self._rank = rank
        return self._numbers

    def _answer(
        self, queries: _Queries, min_hits: int, slack: float, min_share: float
    ) -> list[list[Candidate]]:
        """The candidates of a batch of queries (see :meth:`candidates`)."""
        nq = len(queries.limit)
        if not len(queries.words) or not self.doc_ids:
            return [[] for _ in range(nq)]
        self._doc_numbers()
        qlen = np.diff(queries.bounds)
        qid = np.repeat(np.arange(nq, dtype=np.int64), qlen)
        qpos = np.arange(len(queries.words), dtype=np.int64) - queries.bounds[qid]
        sh_q, sh_pos, sh_lo, sh_n, base = self._shingle_entries(queries.words, qid, qpos, qlen)
        an_q, an_pos, an_lo, an_n, an_w = self._anchor_entries(queries.words, qid, qpos)
        # what each query could score: its shingles (1 each), then its
        # anchors, summed in that order
        attainable = np.bincount(
            np.concatenate([np.arange(nq), an_q]), np.concatenate([base, an_w]), minlength=nq
        )
        c = self._cols
        h_q = np.concatenate([np.repeat(sh_q, sh_n), np.repeat(an_q, an_n)])
        h_pos = np.concatenate([np.repeat(sh_pos, sh_n), np.repeat(an_pos, an_n)])
        weights = np.unique(np.append(_anchor_weights(len(self.doc_ids), self._anchor_limit()),
                                      1.0))
        h_code = np.concatenate([
            np.full(int(sh_n.sum()), np.searchsorted(weights, 1.0), dtype=np.int64),
            np.repeat(np.searchsorted(weights, an_w), an_n),
        ])
        at_s, at_a = _expand(sh_lo, sh_n), _expand(an_lo, an_n)
        glob = np.concatenate([c["sglob"][at_s], c["aglob"][at_a]])
        if nq > 1 or self._pdocs is not None:
            sdoc, adoc = self._posting_docs()
            h_doc = np.concatenate([sdoc[at_s], adoc[at_a]]).astype(np.int64)
        else:
            h_doc = np.searchsorted(c["tbase"], glob, side="right") - 1
        h_diag = glob - c["tbase"][h_doc] - h_pos
        keep = h_doc != queries.own[h_q]
        if len(queries.skip):
            keep &= ~np.isin(h_q * len(self.doc_ids) + h_doc, queries.skip)
        hits = _Hits(h_q, h_doc, h_diag, h_code, weights, keep)
        span = np.maximum(qlen, self.k)
        floor = (min_share * attainable).astype(np.float64, copy=False)
        win = self._windows(hits, span, slack, min_hits, floor)
        ok = (win.n >= min_hits) & (win.score >= floor[win.q])
        return self._best(win.select(ok), queries.limit)

    def _shingle_entries(
        self, qw: I64, qid: I64, qpos: I64, qlen: I64
    ) -> tuple[I64, I64, I64, I64, npt.NDArray[np.float64]]:
        """The queries' shingles the index holds, as ``(query, position,
        first posting, number of postings)`` columns after the caps, and
        each query's shingle score (``base``)."""
        nq, k = len(qlen), self.k
        c = self._cols
        m = len(qw) - k + 1
        empty = np.zeros(0, dtype=np.int64)
        if m <= 0:
            return empty, empty, empty, empty, np.zeros(nq)
        inside = qpos[:m] <= qlen[qid[:m]] - k  # the shingle ends in its query
        indexed = inside & ~_all_stop(qw, k)
        at = np.flatnonzero(indexed)
        keys = _shingle_keys(qw, k)[at]
        lo, hi = _search(c["skeys"], keys, both=True, sample=self._sample("skeys"))
        n = hi - lo
        hit = n > 0
        at, lo, n = at[hit], lo[hit], n[hit]
        f_q = qid[at]
        indexable = np.zeros(nq, dtype=np.int64)
        if self.shared_only:
            # the index left out the shingles seen once: count them as a full
            # index would (those of words the corpus knows)
            vocab = c["vocab"]
            row = np.minimum(_search(vocab, qw)[0], max(len(vocab) - 1, 0))
            known = vocab[row] == qw if len(vocab) else np.zeros(len(qw), dtype=bool)
            whole = indexed.copy()
            for j in range(k):
                whole &= known[j : j + m]
            indexable = np.bincount(qid[:m][whole], minlength=nq)
        over = n > self._shingle_limit()
        if over.any():
            # a query with a shingle over the cap keeps its rarest ones only
            order = np.lexsort((qpos[at], n, f_q))
            sq = f_q[order]
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order)) - np.searchsorted(sq, sq, side="left")
            kept = ~over | (rank < self.keep_rarest)
            indexable -= np.bincount(f_q[~kept], minlength=nq)
            at, lo, n, f_q = at[kept], lo[kept], n[kept], f_q[kept]
        found = np.bincount(f_q, minlength=nq)
        base = np.maximum(indexable, found) if self.shared_only else found
        return f_q, qpos[at], lo, n, base.astype(np.float64)

    def _anchor_entries(
        self, qw: I64, qid: I64, qpos: I64
    ) -> tuple[I64, I64, I64, I64, npt.NDArray[np.float64]]:
        """The queries' anchor words under the frequency limit, as ``(query,
        position, first posting, number of postings, weight)`` columns."""
        c = self._cols
        akeys = c["akeys"]
        if not len(akeys):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty, empty, np.zeros(0)
        rows = np.minimum(_search(akeys, qw)[0], len(akeys) - 1)
        at = np.flatnonzero(akeys[rows] == qw)
        rows = rows[at]
        df = c["adf"][rows].astype(np.int64)
        limit = self._anchor_limit()
        good = df <= limit
        at, rows, df = at[good], rows[good], df[good]
        lo = c["astart"][rows]
        n = c["astart"][rows + 1] - lo
        return qid[at], qpos[at], lo, n, _anchor_weights(len(self.doc_ids), limit)[df]

    def _windows(
        self, hits: _Hits, span: I64, slack: float, min_hits: int, floor: npt.NDArray[np.float64]
    ) -> _Windows:
        """Each query's hits grouped by document and nearby diagonals into
        windows; overlapping windows merge (a reordered paraphrase puts its
        hits on several nearby diagonals).  Documents where a query has too
        few hits are skipped (:meth:`_Hits.grouped`)."""
        q, doc, diag, w, block = hits.grouped(len(span), len(self.doc_ids), min_hits, floor)
        n = len(q)
        if not n:
            return _Windows.empty()
        tol = np.maximum(3, span // 2)
        new = block.copy()
        new[1:] |= (diag[1:] - diag[:-1]) > tol[q[1:]]
        first = np.flatnonzero(new)
        last = np.append(first[1:], n) - 1
        g_q, g_doc = q[first], doc[first]
        g_n = last - first + 1
        g_w = np.bincount(np.cumsum(new) - 1, w)
        pad = np.maximum(2, (span * slack).astype(np.int64))
        tbase = self._cols["tbase"]
        g_lo = np.maximum(0, diag[first] - pad[g_q])
        g_hi = np.minimum(tbase[g_doc + 1] - tbase[g_doc], diag[last] + span[g_q] + pad[g_q])
        ok = g_lo < g_hi
        if not ok.all():
            g_q, g_doc, g_n, g_w, g_lo, g_hi = (
                a[ok] for a in (g_q, g_doc, g_n, g_w, g_lo, g_hi)
            )
        # a group merges into the window before it when they overlap (within
        # a document the groups' ends only grow)
        if not len(g_q):
            return _Windows.empty()
        merge = np.zeros(len(g_q), dtype=bool)
        merge[1:] = (g_q[1:] == g_q[:-1]) & (g_doc[1:] == g_doc[:-1]) & (g_lo[1:] <= g_hi[:-1])
        start = np.flatnonzero(~merge)
        end = np.append(start[1:], len(g_q)) - 1
        score = np.bincount(np.cumsum(~merge) - 1, g_w).astype(np.float64, copy=False)
        return _Windows(g_q[start], g_doc[start], g_lo[start], g_hi[end],
                        np.add.reduceat(g_n, start), score)

    def _best(self, win: _Windows, limit: I64) -> list[list[Candidate]]:
        """Each query's best ``limit`` windows as candidates: by score, then
        document id and offset."""
        nq = len(limit)
        out: list[list[Candidate]] = [[] for _ in range(nq)]
        if not len(win.q):
            return out
        c = self._cols
        base = c["tbase"][win.doc]
        start = c["tstart"][base + win.lo]
        end = c["tend"][base + win.hi - 1]
        order = np.lexsort((start, self._rank[win.doc], -win.score, win.q))
        q = win.q[order]
        rank = np.arange(len(q)) - np.searchsorted(q, q, side="left")
        count = np.bincount(q, minlength=nq)
        cut = np.where(limit < 0, np.maximum(count + limit, 0), limit)
        pick = order[rank < cut[q]]
        ids = self.doc_ids
        for qi, d, s, e, n, sc in zip(
            win.q[pick].tolist(), win.doc[pick].tolist(), start[pick].tolist(),
            end[pick].tolist(), win.n[pick].tolist(), win.score[pick].tolist(), strict=True,
        ):
            out[qi].append(Candidate(ids[d], s, e, n, sc))
        return out


@attrs.frozen
class _Queries:
    """A batch of queries: their word keys end to end (query ``i`` is
    ``words[bounds[i]:bounds[i + 1]]``), the document each leaves out
    (``own``, -1: none), how many candidates each wants, and further
    (query, document) pairs to leave out as ``query * documents + document``."""

    words: I64
    bounds: I64
    own: I64
    limit: I64
    skip: I64


#: packed sort keys of hits stay below this (else ``np.lexsort``)
_PACKED_LIMIT = 1 << 62


@attrs.frozen
class _Hits:
    """Postings a batch of queries met: query, document, diagonal (position
    in the document minus position in the query) and weight (as its place
    in ``weights``, the weights a hit can have, sorted), of the hits where
    ``keep`` is set."""

    q: I64
    doc: I64
    diag: I64
    code: I64
    weights: npt.NDArray[np.float64]
    keep: npt.NDArray[np.bool_]

    def grouped(
        self, n_queries: int, n_docs: int, min_hits: int, floor: npt.NDArray[np.float64]
    ) -> tuple[I64, I64, I64, npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """The kept hits sorted by query, document, diagonal and weight
        (windows sum their weights in a fixed order), as columns ``q, doc,
        diag, w`` and ``block`` (the first hit of each query's hits in a
        document).  A document where a query has fewer than ``min_hits``
        hits, or less than its ``floor`` in all, can hold no window good
        enough: its hits are left out.

        One sort of packed 64-bit keys (several times quicker than
        ``np.lexsort``, which is used when they do not fit).

        >>> h = _Hits(np.array([1, 0, 1, 1, 0]), np.array([2, 5, 2, 0, 0]),
        ...           np.array([3, -1, -4, 9, 7]), np.array([1, 0, 0, 0, 0]),
        ...           np.array([1.0, 2.5]), np.array([True, True, True, True, False]))
        >>> [a.tolist() for a in h.grouped(2, 6, 1, np.zeros(2))]
        ... # doctest: +NORMALIZE_WHITESPACE
        [[0, 1, 1, 1], [5, 0, 2, 2], [-1, 9, -4, 3], [1.0, 1.0, 1.0, 2.5],
         [True, True, True, False]]
        >>> [a.tolist() for a in h.grouped(2, 6, 2, np.zeros(2))][:3]
        [[1, 1], [2, 2], [-4, 3]]
        """
        empty = np.zeros(0, dtype=np.int64)
        if not self.keep.any():
            return empty, empty, empty, np.zeros(0), np.zeros(0, dtype=bool)
        q, doc, diag, code = self.q, self.doc, self.diag, self.code
        dmin = int(diag.min())
        n_w = len(self.weights)
        low = (int(diag.max()) - dmin + 1) * n_w  # (diagonal, weight) pairs
        rest = (diag - dmin) * n_w + code
        qd = q * n_docs + doc
        if n_queries * n_docs * low < _PACKED_LIMIT:
            key = (qd * low + rest)[self.keep]
            key.sort()
            qd, rest = np.divmod(key, low)
        else:
            qd, rest = qd[self.keep], rest[self.keep]
            order = np.lexsort((rest, qd))
            qd, rest = qd[order], rest[order]
        n = len(qd)
        block = np.ones(n, dtype=bool)
        block[1:] = qd[1:] != qd[:-1]
        starts = np.flatnonzero(block)
        size = np.diff(np.append(starts, n))
        w = self.weights[rest % n_w]
        # (a margin for the order of the sums: the windows decide exactly)
        total = np.add.reduceat(w, starts)
        good = (size >= min_hits) & (total >= floor[qd[starts] // n_docs] * (1 - 1e-9) - 1e-9)
        if not good.all():
            keep = np.repeat(good, size)
            qd, rest, w, block = qd[keep], rest[keep], w[keep], block[keep]
        q, doc = np.divmod(qd, n_docs)
        return q, doc, rest // n_w + dmin, w, block


@attrs.frozen
class _Windows:
    """Windows ``[lo, hi)`` (token positions in ``doc``) of each query
    (``q``), with the number and the summed weight of their hits."""

    q: I64
    doc: I64
    lo: I64
    hi: I64
    n: I64
    score: npt.NDArray[np.float64]

    @classmethod
    def empty(cls) -> _Windows:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z, z, z, z, np.zeros(0))

    def select(self, mask: npt.NDArray[np.bool_]) -> _Windows:
        return _Windows(self.q[mask], self.doc[mask], self.lo[mask], self.hi[mask],
                        self.n[mask], self.score[mask])


#: a table longer than this is searched through every ``_STEP``-th key first
_SAMPLED = 1 << 17
_STEP = 16


def _search(
    table: I64, keys: I64, *, both: bool = False, sample: I64 | None = None, step: int = _STEP
) -> tuple[I64, I64]:
    """``np.searchsorted(table, keys)`` (and with ``side="right"`` when
    ``both``), quicker on a large table: the keys are looked up in sorted
    order, and with ``sample`` (``table[::step]``) in two steps, the sample
    first (it stays in the CPU cache), then ``step`` keys of the table by a
    binary search run on all keys at once.

    >>> t = np.array([1, 3, 3, 3, 7, 9, 9, 12])
    >>> lo, hi = _search(t, np.array([7, 3, 0, 13, 9]), both=True)
    >>> lo.tolist(), hi.tolist()
    ([4, 1, 0, 8, 5], [5, 4, 0, 8, 7])
    >>> for step in (2, 3, 5):
    ...     got = _search(t, np.array([7, 3, 0, 13, 9]), both=True, sample=t[::step], step=step)
    ...     print([a.tolist() for a in got])
    [[4, 1, 0, 8, 5], [5, 4, 0, 8, 7]]
    [[4, 1, 0, 8, 5], [5, 4, 0, 8, 7]]
    [[4, 1, 0, 8, 5], [5, 4, 0, 8, 7]]
    """
    order = np.argsort(keys)
    ks = keys[order]
    lo = np.empty(len(keys), dtype=np.int64)
    lo[order] = _sorted_search(table, ks, "left", sample, step)
    hi = lo
    if both:
        hi = np.empty(len(keys), dtype=np.int64)
        hi[order] = _sorted_search(table, ks, "right", sample, step)
    return lo, hi


def _sorted_search(
    table: I64, keys: I64, side: Literal["left", "right"], sample: I64 | None, step: int
) -> I64:
    if sample is None or not len(keys) or not len(table):
        return np.searchsorted(table, keys, side=side).astype(np.int64, copy=False)
    b = np.searchsorted(sample, keys, side=side)
    # the answer lies in ((b - 1) * step, b * step]
    lo = np.maximum((b - 1) * step + 1, 0)
    hi = np.minimum(b * step, len(table))
    last = len(table) - 1
    for _ in range(step.bit_length()):
        mid = (lo + hi) >> 1
        at = table[np.minimum(mid, last)]
        right = (at < keys) if side == "left" else (at <= keys)
        open_ = lo < hi
        lo = np.where(open_ & right, mid + 1, lo)
        hi = np.where(open_ & ~right, mid, hi)
    return lo


def _expand(lo: I64, n: I64) -> I64:
    """The indices of the runs ``[lo[i], lo[i] + n[i])``, end to end.

    >>> _expand(np.array([5, 0, 9]), np.array([2, 0, 3])).tolist()
    [5, 6, 9, 10, 11]
    """
    total = int(n.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    shift = np.repeat(lo - (np.cumsum(n) - n), n)
    return shift + np.arange(total, dtype=np.int64)


@functools.lru_cache(maxsize=64)
def _anchor_weights(n_docs: int, limit: int) -> npt.NDArray[np.float64]:
    """The weight of an anchor word found in ``df`` documents, for ``df``
    from 0 to ``limit``: ``0.5 + log((1 + N) / (1 + df))``, with the
    platform's ``math.log`` (the same figures in every query).

    >>> [round(w, 3) for w in _anchor_weights(9, 3).tolist()]
    [2.803, 2.109, 1.704, 1.416]
    """
    table = np.array([0.5 + math.log((1 + n_docs) / (1 + df)) for df in range(limit + 1)])
    table.flags.writeable = False  # shared by every query
    return table
