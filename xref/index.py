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
                ``from_arrays(...)``, ``save(path)``, ``load(path)``
DocArrays       one document's shingle and anchor keys with their positions
doc_arrays      PackedTokens -> DocArrays (pure; run it in worker processes)
word_key        the stable 64-bit key of a normalized word
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
  sit in one array sorted by key, with the document number and position of
  each occurrence in two int32 arrays alongside (a lookup is a binary
  search, a posting list a slice);
- anchors likewise, with one row per distinct anchor word holding its
  document frequency and where its postings start;
- the tokens' start and end offsets of every document, end to end in two
  int32 arrays, with each document's first token in a third.
"""

from __future__ import annotations

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
from typing import Any, BinaryIO, Union

import attrs
import numpy as np
import numpy.typing as npt

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
    word keys, sorted.  ``k`` is the shingle length.
    """

    k: int
    shingle_keys: I64
    shingle_pos: I32
    anchor_keys: I64
    anchor_pos: I32
    words: I64

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
    words = _word_keys(tokens.norm_list())
    keep = ~_all_stop(words, k)
    anchor = (words & _ANCHOR_BIT) != 0
    return DocArrays(
        k,
        _shingle_keys(words, k)[keep],
        np.flatnonzero(keep).astype(np.int32),
        words[anchor],
        np.flatnonzero(anchor).astype(np.int32),
        _distinct(words),
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


def _stable_order(keys: I64) -> npt.NDArray[np.intp]:
    """The stable argsort of ``keys`` (equal keys keep their order), several
    times quicker than ``np.argsort(keys, kind="stable")`` on millions.

    Each key's high bits and its index are packed into one unsigned integer
    and sorted with the (vectorized) plain sort; the few runs of keys that
    share their high bits but differ below are then sorted on their own.

    >>> keys = np.array([7, -2, 7, 5, -2], dtype=np.int64)
    >>> _stable_order(keys).tolist()
    [1, 4, 3, 0, 2]
    """
    n = len(keys)
    if n < 2:
        return np.arange(n, dtype=np.intp)
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
            order[lo:done] = order[lo:done][np.argsort(ks[lo:done], kind="stable")]
    return order


def _sort_postings(keys: I64, docs: I32, pos: I32) -> tuple[I64, I32, I32]:
    """Postings sorted by key; stable, so each key's postings stay in
    document and position order."""
    order = _stable_order(keys)
    return keys[order], docs[order], pos[order]


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


#: the arrays an index keeps (name -> dtype as saved)
_COLUMNS = {
    "skeys": "<i8", "sdoc": "<i4", "spos": "<i4",  # shingle postings by key
    "akeys": "<i8", "adf": "<i4", "astart": "<i8",  # distinct anchor words
    "adoc": "<i4", "apos": "<i4",  # anchor postings by key
    "tstart": "<i4", "tend": "<i4", "tbase": "<i8",  # token offsets
    "vocab": "<i8",  # distinct word keys (shared-only indexes)
}


def _empty_columns() -> dict[str, npt.NDArray[Any]]:
    cols = {name: np.zeros(0, dtype=dt[1:]) for name, dt in _COLUMNS.items()}
    cols["astart"] = np.zeros(1, dtype=np.int64)
    cols["tbase"] = np.zeros(1, dtype=np.int64)
    return cols


def _anchor_columns(
    keys: I64, docs: I32, pos: I32, *, drop_single: bool
) -> dict[str, npt.NDArray[Any]]:
    """The anchor table from unsorted postings: distinct keys with their
    document frequency and the start of their postings.  ``drop_single``:
    keys found in one document keep their row (their frequency counts in a
    query's attainable score) but lose their postings."""
    keys, docs, pos = _sort_postings(keys, docs, pos)
    ukeys, starts, counts = _runs(keys)
    new_pair = np.ones(len(keys), dtype=np.int32)
    if len(keys) > 1:
        new_pair[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    df = (np.add.reduceat(new_pair, starts) if len(keys) else new_pair).astype(np.int32)
    if drop_single:
        keep = np.repeat(df > 1, counts)
        docs, pos = docs[keep], pos[keep]
        counts = np.where(df > 1, counts, 0)
    astart = np.zeros(len(ukeys) + 1, dtype=np.int64)
    np.cumsum(counts, out=astart[1:])
    return {"akeys": ukeys, "adf": df, "astart": astart, "adoc": docs, "apos": pos}


_BATCH = 256  # documents put end to end at a time


@attrs.frozen(eq=False)
class _Batch:
    """Consecutive documents' arrays end to end, not yet sorted."""

    skeys: I64
    sdoc: I32
    spos: I32
    akeys: I64
    adoc: I32
    apos: I32
    words: I64  # distinct (shared-only indexes; empty otherwise)
    tstart: I32
    tend: I32
    lengths: I64  # tokens per document

    @classmethod
    def of(
        cls, first: int, items: Sequence[tuple[DocArrays, I32, I32]], *, words: bool
    ) -> _Batch:
        """The batch of ``items`` (arrays, token starts, token ends), their
        documents numbered from ``first``."""
        numbers = np.arange(first, first + len(items), dtype=np.int32)

        def each(values: Iterable[int]) -> I64:
            return np.fromiter(values, dtype=np.int64, count=len(items))

        return cls(
            np.concatenate([a.shingle_keys for a, _, _ in items]),
            np.repeat(numbers, each(len(a.shingle_keys) for a, _, _ in items)),
            np.concatenate([a.shingle_pos for a, _, _ in items]),
            np.concatenate([a.anchor_keys for a, _, _ in items]),
            np.repeat(numbers, each(len(a.anchor_keys) for a, _, _ in items)),
            np.concatenate([a.anchor_pos for a, _, _ in items]),
            _distinct(np.concatenate([a.words for a, _, _ in items]))
            if words else np.zeros(0, dtype=np.int64),
            np.concatenate([s for _, s, _ in items]),
            np.concatenate([e for _, _, e in items]),
            each(len(s) for _, s, _ in items),
        )

    @classmethod
    def of_columns(cls, cols: Mapping[str, npt.NDArray[Any]]) -> _Batch:
        """A merged index's arrays as a batch (to merge more documents)."""
        return cls(
            cols["skeys"], cols["sdoc"], cols["spos"],
            np.repeat(cols["akeys"], np.diff(cols["astart"])), cols["adoc"], cols["apos"],
            cols["vocab"], cols["tstart"], cols["tend"], np.diff(cols["tbase"]),
        )


# --------------------------------------------------------------------------
# persistence: a small header, then the raw arrays (64-byte aligned)

_FILE_MAGIC = b"XREFIDX1"
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
    start = _aligned(len(_FILE_MAGIC) + 8 + len(head))
    fh.write(_FILE_MAGIC + struct.pack("<Q", len(head)) + head)
    fh.write(b"\0" * (start - len(_FILE_MAGIC) - 8 - len(head)))
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
        first = fh.read(len(_FILE_MAGIC) + 8)
        if len(first) < len(_FILE_MAGIC) + 8 or first[: len(_FILE_MAGIC)] != _FILE_MAGIC:
            raise ValueError(f"{path}: not an xref index")
        (n_head,) = struct.unpack("<Q", first[len(_FILE_MAGIC) :])
        if n_head > size:
            raise ValueError(f"{path}: truncated index header")
        try:
            meta = json.loads(fh.read(n_head))
            arrays = meta.pop("arrays")
            layout = {name: [int(x) for x in arrays[name]] for name in _COLUMNS}
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"{path}: damaged index header ({e})") from None
    start = _aligned(len(_FILE_MAGIC) + 8 + n_head)
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
        self._batches: list[_Batch] = []  # merged a few hundred at a time
        self._pending: list[tuple[DocArrays, I32, I32]] = []

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
            [doc_arrays(p, k) for p in packed],
            [(p.starts, p.ends) for p in packed],
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
            first = self._n_final + sum(len(b.lengths) for b in self._batches)
            self._batches.append(_Batch.of(first, self._pending, words=self.shared_only))
            self._pending = []

    def _finalize(self) -> None:
        """Merge the documents added since the last query into the arrays."""
        self._flush()
        if not self._batches:
            return
        parts = self._batches
        if self._n_final:
            parts = [_Batch.of_columns(self._cols), *parts]

        def cat(name: str) -> npt.NDArray[Any]:
            return np.concatenate([getattr(b, name) for b in parts])

        skeys, sdoc, spos = _sort_postings(cat("skeys"), cat("sdoc"), cat("spos"))
        if self.shared_only:
            _, _, counts = _runs(skeys)
            keep = np.repeat(counts > 1, counts)
            skeys, sdoc, spos = skeys[keep], sdoc[keep], spos[keep]
        cols = _anchor_columns(cat("akeys"), cat("adoc"), cat("apos"),
                               drop_single=self.shared_only)
        tbase = np.zeros(1 + sum(len(b.lengths) for b in parts), dtype=np.int64)
        np.cumsum(cat("lengths"), out=tbase[1:])
        self._cols = {
            "skeys": skeys, "sdoc": sdoc, "spos": spos, **cols,
            "tstart": cat("tstart"), "tend": cat("tend"), "tbase": tbase,
            "vocab": _distinct(cat("words")) if self.shared_only else self._cols["vocab"],
        }
        self._n_final = len(tbase) - 1
        self._batches = []

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
            len(cols["skeys"]) == len(cols["sdoc"]) == len(cols["spos"])
            and len(cols["akeys"]) == len(cols["adf"]) == len(cols["astart"]) - 1
            and len(cols["adoc"]) == len(cols["apos"]) == int(cols["astart"][-1])
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
            "anchor_postings": len(c["adoc"]),
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
        norms = [t.norm for t in tokenize(text) if t.is_word]
        if not norms or not self.doc_ids:
            return []
        c = self._cols
        q = _word_keys(norms)
        excluded = set(exclude)
        hits: dict[int, list[tuple[int, float]]] = defaultdict(list)  # doc -> (diagonal, weight)
        attainable = 0.0
        found = self._shingle_runs(q)
        indexable = self._indexable(q) if self.shared_only else 0
        cap = self._shingle_limit()
        if any(hi - lo > cap for _, lo, hi in found):
            rarest = {qpos for qpos, lo, hi in sorted(found, key=lambda f: (f[2] - f[1], f[0]))
                      [: self.keep_rarest]}
            kept = [f for f in found if f[2] - f[1] <= cap or f[0] in rarest]
            indexable -= len(found) - len(kept)
            found = kept
        if self.shared_only:
            # the index left out the shingles seen once: count them as a full
            # index would (each is in the query's own document)
            attainable += max(indexable, len(found)) - len(found)
        sdoc, spos = c["sdoc"], c["spos"]
        for qpos, lo, hi in found:
            attainable += 1.0
            for di, pos in zip(sdoc[lo:hi].tolist(), spos[lo:hi].tolist(), strict=True):
                hits[di].append((pos - qpos, 1.0))
        limit_df = self._anchor_limit()
        n_docs = len(self.doc_ids)
        adoc, apos, astart = c["adoc"], c["apos"], c["astart"]
        for qpos, row, df in self._anchor_rows(q):
            if df > limit_df:
                continue
            weight = 0.5 + math.log((1 + n_docs) / (1 + df))
            attainable += weight
            lo, hi = int(astart[row]), int(astart[row + 1])
            for di, pos in zip(adoc[lo:hi].tolist(), apos[lo:hi].tolist(), strict=True):
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
            if self.doc_ids[di] in excluded:
                continue
            out.extend(
                c for c in self._windows(di, diag_hits, span, slack, min_hits)
                if c.score >= floor
            )
        out.sort(key=lambda c: (-c.score, c.doc, c.start))
        return out[:limit]

    def _shingle_runs(self, q: I64) -> list[tuple[int, int, int]]:
        """``(query position, lo, hi)``: the postings ``[lo, hi)`` of each of
        the query's shingles that the index holds, in query order."""
        indexed = ~_all_stop(q, self.k)
        keys = _shingle_keys(q, self.k)[indexed]
        if not len(keys):
            return []
        qpos = np.flatnonzero(indexed)
        skeys = self._cols["skeys"]
        lo = np.searchsorted(skeys, keys, side="left")
        hi = np.searchsorted(skeys, keys, side="right")
        hit = np.flatnonzero(hi > lo)
        return list(zip(qpos[hit].tolist(), lo[hit].tolist(), hi[hit].tolist(), strict=True))

    def _indexable(self, q: I64) -> int:
        """(shared-only) How many of the query's shingles a full index would
        hold if the query is from the corpus: those of known words, not all
        stop words."""
        m = len(q) - self.k + 1
        if m <= 0:
            return 0
        vocab = self._cols["vocab"]
        at = np.minimum(np.searchsorted(vocab, q), max(len(vocab) - 1, 0))
        known = (vocab[at] == q) if len(vocab) else np.zeros(len(q), dtype=bool)
        ok = known[:m].copy()
        for j in range(1, self.k):
            ok &= known[j : j + m]
        return int(np.count_nonzero(ok & ~_all_stop(q, self.k)))

    def _anchor_rows(self, q: I64) -> list[tuple[int, int, int]]:
        """``(query position, row, document frequency)`` of each query word
        in the anchor table, in query order."""
        akeys = self._cols["akeys"]
        if not len(akeys):
            return []
        rows = np.minimum(np.searchsorted(akeys, q), len(akeys) - 1)
        pos = np.flatnonzero(akeys[rows] == q)
        rows = rows[pos]
        return list(zip(pos.tolist(), rows.tolist(), self._cols["adf"][rows].tolist(),
                        strict=True))

    def _windows(
        self,
        di: int,
        diag_hits: list[tuple[int, float]],
        span: int,
        slack: float,
        min_hits: int,
    ) -> list[Candidate]:
        """Group one document's hits by nearby diagonals into windows."""
        base = int(self._cols["tbase"][di])
        n_toks = int(self._cols["tbase"][di + 1]) - base
        starts, ends = self._cols["tstart"], self._cols["tend"]
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
            Candidate(self.doc_ids[di], int(starts[base + int(lo)]),
                      int(ends[base + int(hi) - 1]), int(n), sc)
            for lo, hi, n, sc in ranges
            if n >= min_hits
        ]
