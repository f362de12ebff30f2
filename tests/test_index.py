"""Candidate retrieval finds renderings through shingles and anchors.

The flat-array index is checked against a slow, obviously correct reference
(plain dicts keyed by word tuples, written from the documented contract), on
the seeds and on generated corpora; then its persistence (save, memory-mapped
load, damaged files), its per-document arrays and its determinism.
"""

from __future__ import annotations

import functools
import math
import pickle
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xref.index
from xref.index import (
    _STOP,
    KEYS_VERSION,
    Candidate,
    CorpusIndex,
    DocArrays,
    PackedTokens,
    _is_anchor_form,
    _stable_order,
    doc_arrays,
    index_tokens,
    word_key,
)
from xref.model import Document
from xref.normalize import Token, tokenize

ROOT = Path(__file__).resolve().parent.parent


def test_finds_verbatim_quote_in_other_document(seed_docs: dict[str, Document]) -> None:
    idx = CorpusIndex.build(seed_docs.values())
    q = "We urge you to immediately reinstate Operation Talon"
    found = {c.doc for c in idx.candidates(q, limit=5) if c.hits >= 3}
    assert found == {"000_e1a3f1ace85cd228", "001_f0198ec2f486b8dd"}


def test_anchor_number_finds_reworded_statement(seed_docs: dict[str, Document]) -> None:
    idx = CorpusIndex.build(seed_docs.values())
    q = "ICE arrested 19,752 unlawful immigrants with sex-related convictions"
    cands = idx.candidates(q, exclude=["001_f0198ec2f486b8dd"])
    top = cands[0]
    assert top.doc == "000_e1a3f1ace85cd228"
    assert "19,752" in seed_docs[top.doc].text[top.start : top.end]


def test_exclude_and_no_match() -> None:
    docs = [Document("a", "a", "alpha beta gamma delta"), Document("b", "b", "alpha beta gamma")]
    idx = CorpusIndex.build(docs)
    assert {c.doc for c in idx.candidates("alpha beta gamma", exclude=["a"])} == {"b"}
    assert idx.candidates("entirely different words here") == []
    assert idx.candidates("") == []


def test_window_offsets_are_original_offsets() -> None:
    text = " date 2021-02-19 Header.\n\nThe “quick” brown fox jumps over the lazy dog."
    doc = Document("d", "d", text, body_start=17)
    idx = CorpusIndex.build([doc])
    c = idx.candidates("quick brown fox jumps")[0]
    assert "quick” brown fox jumps" in text[c.start : c.end]


# --------------------------------------------------------------------------
# the reference: the contract of ``candidates`` in plain Python


Postings = dict[Any, list[tuple[int, int]]]


@functools.lru_cache(maxsize=8)
def _ref_tables(
    docs: tuple[Document, ...], k: int, shared: bool
) -> tuple[list[list[Token]], Postings, Postings, Counter[str], set[str]]:
    """Word-tuple shingles and anchor words -> postings ``(doc, position)``."""
    toks = [index_tokens(d) for d in docs]
    shingles: Postings = defaultdict(list)
    anchors: Postings = defaultdict(list)
    df: Counter[str] = Counter()
    vocab: set[str] = set()
    for di, ts in enumerate(toks):
        norms = [t.norm for t in ts]
        vocab.update(norms)
        for p in range(len(norms) - k + 1):
            if not all(w in _STOP for w in norms[p : p + k]):
                shingles[tuple(norms[p : p + k])].append((di, p))
        for p, w in enumerate(norms):
            if _is_anchor_form(w):
                anchors[w].append((di, p))
        df.update({w for w in norms if _is_anchor_form(w)})
    if shared:  # what only one place holds cannot link two places
        shingles = {s: p for s, p in shingles.items() if len(p) > 1}
        anchors = {w: p for w, p in anchors.items() if df[w] > 1}
    return toks, shingles, anchors, df, vocab


def _ref_candidates(
    docs: Sequence[Document],
    text: str,
    *,
    shared: bool = False,
    k: int = 3,
    limit: int = 10,
    exclude: Sequence[str] = (),
    min_hits: int = 1,
    slack: float = 0.3,
    min_share: float = 0.0,
    shingle_cap: int = 200,
) -> list[Candidate]:
    toks, shingles, anchors, df, vocab = _ref_tables(tuple(docs), k, shared)
    n = len(docs)
    q = [t.norm for t in tokenize(text) if t.is_word]
    if not q or not docs:
        return []
    found = []
    indexable = 0
    for qpos in range(len(q) - k + 1):
        sh = tuple(q[qpos : qpos + k])
        if all(w in vocab for w in sh) and not all(w in _STOP for w in sh):
            indexable += 1
        if sh in shingles:
            found.append((qpos, shingles[sh]))
    cap = max(shingle_cap, math.ceil(0.01 * n))
    if any(len(p) > cap for _, p in found):
        rarest = {qp for qp, _ in sorted(found, key=lambda f: (len(f[1]), f[0]))[:3]}
        kept = [f for f in found if len(f[1]) <= cap or f[0] in rarest]
        indexable -= len(found) - len(kept)
        found = kept
    attainable = float(max(indexable, len(found)) - len(found)) if shared else 0.0
    hits: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for qpos, postings in found:
        attainable += 1.0
        for di, p in postings:
            hits[di].append((p - qpos, 1.0))
    limit_df = max(2, min(math.ceil(0.2 * n), max(50, math.ceil(0.005 * n))))
    for qpos, word in enumerate(q):
        if 0 < df[word] <= limit_df:
            weight = 0.5 + math.log((1 + n) / (1 + df[word]))
            attainable += weight
            for di, p in anchors.get(word, ()):
                hits[di].append((p - qpos, weight))
    floor = min_share * attainable
    span = max(len(q), k)
    out: list[Candidate] = []
    for di, dh in hits.items():
        if len(dh) < min_hits or (floor and sum(w for _, w in dh) < floor):
            continue
        if docs[di].id in exclude:
            continue
        dh.sort()
        groups: list[list[tuple[int, float]]] = []
        for d, w in dh:
            if groups and d - groups[-1][-1][0] <= max(3, span // 2):
                groups[-1].append((d, w))
            else:
                groups.append([(d, w)])
        pad = max(2, int(span * slack))
        ranges: list[list[Any]] = []
        for g in groups:
            lo, hi = max(0, g[0][0] - pad), min(len(toks[di]), g[-1][0] + span + pad)
            if lo >= hi:
                continue
            if ranges and lo <= ranges[-1][1]:
                ranges[-1][1] = max(ranges[-1][1], hi)
                ranges[-1][2] += len(g)
                ranges[-1][3] += sum(w for _, w in g)
            else:
                ranges.append([lo, hi, len(g), sum(w for _, w in g)])
        out.extend(
            Candidate(docs[di].id, toks[di][lo].start, toks[di][hi - 1].end, n_hits, score)
            for lo, hi, n_hits, score in ranges
            if n_hits >= min_hits and score >= floor
        )
    out.sort(key=lambda c: (-c.score, c.doc, c.start))
    return out[:limit]


def _sentences(docs: Sequence[Document]) -> list[tuple[str, str]]:
    """Each sentence of each document, and its second half on its own."""
    out = []
    for d in docs:
        for s in re.split(r"(?<=[.!?”])\s+", d.text[d.body_start :]):
            words = s.split()
            if len(words) >= 4:
                out += [(d.id, s), (d.id, " ".join(words[len(words) // 2 :]))]
    return out


@pytest.mark.parametrize("shared", [False, True], ids=["full", "shared"])
def test_seed_candidates_match_the_reference(
    seed_docs: dict[str, Document], shared: bool
) -> None:
    docs = list(seed_docs.values())
    idx = CorpusIndex.build_shared(docs) if shared else CorpusIndex.build(docs)
    queries = _sentences(docs)
    assert len(queries) > 100
    for doc_id, q in queries:
        for kw in ({}, {"exclude": [doc_id], "min_hits": 2, "min_share": 0.25}):
            assert idx.candidates(q, **kw) == _ref_candidates(  # type: ignore[arg-type]
                docs, q, shared=shared, **kw  # type: ignore[arg-type]
            ), (q, kw)


_WORDS = ["the", "of", "and", "said", "not", "cat", "sat", "mat", "red", "judge",
          "senator", "19,752", "2021", "border", "letter", "urged", "quickly"]
_DOC = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(_DOC, min_size=1, max_size=6),
    query=st.lists(st.sampled_from(_WORDS), min_size=0, max_size=12).map(" ".join),
    shared=st.booleans(),
    min_hits=st.integers(1, 3),
    min_share=st.sampled_from([0.0, 0.25, 0.6]),
)
def test_generated_corpora_match_the_reference(
    texts: list[str], query: str, shared: bool, min_hits: int, min_share: float
) -> None:
    docs = [Document(f"d{i}", f"d{i}", t) for i, t in enumerate(texts)]
    idx = CorpusIndex.build_shared(docs) if shared else CorpusIndex.build(docs)
    kw: dict[str, Any] = {"exclude": ["d0"], "min_hits": min_hits, "min_share": min_share}
    assert idx.candidates(query, **kw) == _ref_candidates(docs, query, shared=shared, **kw)


def test_caps_keep_the_rarest_shingles_of_an_exact_shared_index() -> None:
    """When every shingle of a query is over the cap, the query keeps its
    three rarest; a shared index holds no once-seen shingle that could take
    one of those places (the old sketch kept a few), so the three are
    shingles other documents share."""
    common = "the species was found in the north of the island"
    docs = [Document(f"c{i:02}", "p", f"Intro {i}. {common} today.") for i in range(12)]
    docs.append(Document("q", "p", f"Zebra quagga {common} yesterday."))
    idx = CorpusIndex.build_shared(docs)
    idx.shingle_cap = 5
    q = f"Zebra quagga {common}"
    got = idx.candidates(q, exclude=["q"], limit=20)
    assert {c.doc for c in got} == {d.id for d in docs[:12]}
    assert {c.hits for c in got} == {3}
    assert got == _ref_candidates(docs, q, shared=True, shingle_cap=5, exclude=["q"], limit=20)


@pytest.mark.parametrize(
    ("third", "found"),
    [("Nothing here is shared.", True),
     # near miss: the corpus knows the words, so their shingles could have matched
     ("Blarg and zork are nonsense.", False)],
)
def test_shared_index_counts_only_words_the_corpus_knows(third: str, found: bool) -> None:
    """A shared index counts the query's shingles it left out (seen once) as
    attainable, but not those with a word no document holds: they could
    not have matched anywhere."""
    docs = [Document("a", "a", "So the red cat sat on the mat."),
            Document("b", "b", "Yes, the red cat sat on the mat."),
            Document("c", "c", third)]
    idx = CorpusIndex.build_shared(docs)
    got = idx.candidates("the red cat sat on the mat zork blarg", exclude=["a"], min_share=0.8)
    assert [c.doc for c in got] == (["b"] if found else [])


# --------------------------------------------------------------------------
# building: from per-document arrays, lazily, in another process


def test_from_arrays_equals_build(seed_docs: dict[str, Document]) -> None:
    docs = list(seed_docs.values())
    packed = [PackedTokens.pack(index_tokens(d)) for d in docs]
    blobs = [doc_arrays(p).to_bytes() for p in packed]  # as a cache keeps them
    idx = CorpusIndex.from_arrays(
        [d.id for d in docs], [DocArrays.from_bytes(b) for b in blobs],
        [(p.starts, p.ends) for p in packed],
    )
    ref = CorpusIndex.build(docs)
    assert idx.stats() == ref.stats()
    for _, q in _sentences(docs)[:40]:
        assert idx.candidates(q) == ref.candidates(q)


@pytest.mark.parametrize("shared", [False, True], ids=["full", "shared"])
def test_documents_merged_in_small_batches_answer_alike(
    seed_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    docs = list(seed_docs.values())
    build = CorpusIndex.build_shared if shared else CorpusIndex.build
    whole = build(docs)
    monkeypatch.setattr(xref.index, "_BATCH", 2)
    batched = build(docs)
    assert batched.stats() == whole.stats()
    for doc_id, q in _sentences(docs)[::4]:
        assert batched.candidates(q, exclude=[doc_id]) == whole.candidates(q, exclude=[doc_id])


def test_a_corpus_past_the_token_limit_is_refused(
    seed_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Postings are int32 token numbers: a corpus with more tokens is an
    error, never a wrapped number."""
    monkeypatch.setattr(xref.index, "_MAX_TOKENS", 1000)
    with pytest.raises(ValueError, match="too many tokens"):
        CorpusIndex.build(seed_docs.values())


def test_from_arrays_rejects_mismatched_input(seed_docs: dict[str, Document]) -> None:
    doc = next(iter(seed_docs.values()))
    p = PackedTokens.pack(index_tokens(doc))
    with pytest.raises(ValueError, match="differ in length"):
        CorpusIndex.from_arrays([doc.id], [], [(p.starts, p.ends)])
    with pytest.raises(ValueError, match="k=2"):
        CorpusIndex.from_arrays([doc.id], [doc_arrays(p, k=2)], [(p.starts, p.ends)], k=3)


def test_documents_added_after_a_query_are_found(seed_docs: dict[str, Document]) -> None:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    idx = CorpusIndex()
    idx.add(docs[0])
    q = "We urge you to immediately reinstate Operation Talon"
    assert {c.doc for c in idx.candidates(q)} == {docs[0].id}
    for d in docs[1:]:
        idx.add(d, tokens=index_tokens(d))
    assert len(idx) == len(docs)
    assert idx.candidates(q, limit=20) == CorpusIndex.build(docs).candidates(q, limit=20)


def test_a_shared_index_takes_no_more_documents(seed_docs: dict[str, Document]) -> None:
    idx = CorpusIndex.build_shared(list(seed_docs.values()))
    with pytest.raises(ValueError, match="shared"):
        idx.add(Document("x", "x", "more words"))


def test_pickled_index_answers_alike(seed_docs: dict[str, Document]) -> None:
    """Worker processes receive the index pickled (dask) or forked."""
    idx = CorpusIndex()
    for d in seed_docs.values():
        idx.add(d)  # not yet merged: pickling merges
    copy = pickle.loads(pickle.dumps(idx))
    q = "ICE arrested 19,752 unlawful immigrants with sex-related convictions"
    assert copy.candidates(q) == idx.candidates(q) != []


def test_keys_are_the_same_in_every_process() -> None:
    """No Python hash(): another interpreter with another hash seed agrees."""
    code = (
        "from xref.index import word_key, doc_arrays, PackedTokens, index_tokens;"
        "from xref.model import Document;"
        "d = Document('d', 'd', 'The senator said 19,752 people crossed the border.');"
        "a = doc_arrays(PackedTokens.pack(index_tokens(d)));"
        "print(word_key('senator'), a.to_bytes().hex())"
    )
    doc = Document("d", "d", "The senator said 19,752 people crossed the border.")
    a = doc_arrays(PackedTokens.pack(index_tokens(doc)))
    mine = f"{word_key('senator')} {a.to_bytes().hex()}"
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            cwd=ROOT, env={"PYTHONHASHSEED": seed, "PATH": ""},
        ).stdout.strip()
        assert out == mine


def test_doc_arrays_skip_stop_word_shingles_and_keep_anchor_forms() -> None:
    toks = index_tokens(Document("d", "d", "It was not in the 2021 budget, the senator said."))
    a = doc_arrays(PackedTokens.pack(toks))
    firsts = [toks[p].norm for p in a.shingle_pos]
    assert "it" not in firsts and "was" not in firsts  # "it was not", "was not in"
    assert [toks[p].norm for p in a.anchor_pos] == ["2021", "budget", "senator"]
    assert len(set(a.shingle_keys.tolist())) == len(a.shingle_keys)


@pytest.mark.parametrize("cut", [0, 5, 20, -1])
def test_damaged_doc_arrays_raise_value_error(cut: int) -> None:
    toks = index_tokens(Document("d", "d", "The senator said 19,752 people crossed."))
    data = doc_arrays(PackedTokens.pack(toks)).to_bytes()
    with pytest.raises(ValueError):
        DocArrays.from_bytes(data[:cut])


def test_doc_arrays_of_other_keys_are_refused() -> None:
    toks = index_tokens(Document("d", "d", "The senator said 19,752 people crossed."))
    data = doc_arrays(PackedTokens.pack(toks)).to_bytes()
    assert KEYS_VERSION.encode() in data
    with pytest.raises(ValueError, match="other word keys"):
        DocArrays.from_bytes(data.replace(KEYS_VERSION.encode(), b"1-00000000"))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-8, 8) | st.integers(-(2**63), 2**63 - 1), max_size=300))
def test_stable_order_is_a_stable_argsort(values: list[int]) -> None:
    keys = np.array(values, dtype=np.int64)
    # keys that share their high bits and differ in the last ones
    near = np.concatenate([keys, keys ^ 1, keys | 0xFFFF])
    for arr in (keys, near):
        order, ordered = _stable_order(arr)
        assert order.tolist() == np.argsort(arr, kind="stable").tolist()
        assert ordered.tolist() == sorted(arr.tolist())


# --------------------------------------------------------------------------
# persistence


@pytest.fixture(scope="module")
def saved(seed_docs: dict[str, Document], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("idx") / "seeds.xri"
    CorpusIndex.build(seed_docs.values()).save(path)
    return path


@pytest.mark.parametrize("shared", [False, True], ids=["full", "shared"])
def test_saved_index_loads_and_answers_alike(
    seed_docs: dict[str, Document], tmp_path: Path, shared: bool
) -> None:
    docs = list(seed_docs.values())
    idx = CorpusIndex.build_shared(docs) if shared else CorpusIndex.build(docs)
    idx.shingle_cap = 150
    path = tmp_path / "index.xri"
    idx.save(path)
    assert [p.name for p in tmp_path.iterdir()] == ["index.xri"]  # no temporary left
    back = CorpusIndex.load(path)
    assert (back.k, back.doc_ids, back.shared_only, back.shingle_cap) == (
        idx.k, idx.doc_ids, idx.shared_only, 150)
    assert back.stats() == idx.stats()
    for doc_id, q in _sentences(docs)[::3]:
        kw: dict[str, Any] = {"exclude": [doc_id], "min_hits": 2, "min_share": 0.25}
        assert back.candidates(q, **kw) == idx.candidates(q, **kw)


def test_loaded_index_grows_without_touching_its_file(
    saved: Path, seed_docs: dict[str, Document]
) -> None:
    back = CorpusIndex.load(saved)
    extra = Document("new", "new", "We urge you to immediately reinstate Operation Talon now.")
    back.add(extra)
    got = {c.doc for c in back.candidates("immediately reinstate Operation Talon", limit=10)}
    assert "new" in got and "000_e1a3f1ace85cd228" in got
    assert CorpusIndex.load(saved).stats()["documents"] == len(seed_docs)  # file unchanged


def test_save_replaces_an_existing_file(seed_docs: dict[str, Document], tmp_path: Path) -> None:
    path = tmp_path / "i.xri"
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    CorpusIndex.build(docs[:2]).save(path)
    CorpusIndex.build(docs).save(path)
    assert len(CorpusIndex.load(path)) == len(docs)


def _damaged(saved: Path, tmp_path: Path, how: str) -> Path:
    data = bytearray(saved.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 2]
    elif how == "one-byte-short":
        data = data[:-1]
    elif how == "longer":
        data += b"\0" * 64
    elif how == "flipped-data-byte":
        data[-(len(data) // 3)] ^= 0x40
    elif how == "bad-header":
        data[30:40] = b"#" * 10
    elif how == "renamed-document":  # valid JSON, same length: only the CRC tells
        data = data.replace(b'"000_e1a3', b'"000_e1a4', 1)
    elif how == "bad-magic":
        data[:4] = b"JUNK"
    elif how == "empty":
        data = bytearray()
    elif how == "header-only":
        data = data[:40]
    elif how == "other-keys":  # written when the stop words were others
        data = data.replace(KEYS_VERSION.encode(), b"1-00000000", 1)
    out = tmp_path / f"{how}.xri"
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize(
    "how",
    ["truncated", "one-byte-short", "longer", "flipped-data-byte", "bad-header",
     "bad-magic", "empty", "header-only", "other-keys", "renamed-document"],
)
def test_damaged_index_file_raises_value_error(saved: Path, tmp_path: Path, how: str) -> None:
    with pytest.raises(ValueError):
        CorpusIndex.load(_damaged(saved, tmp_path, how))


def test_an_index_saved_with_other_word_keys_is_refused(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xref.index, "KEYS_VERSION", "1-ffffffff")  # other stop words
    with pytest.raises(ValueError, match="another version"):
        CorpusIndex.load(saved)


def test_an_intact_file_next_to_damaged_ones_loads(saved: Path, tmp_path: Path) -> None:
    """Near miss: a copy of the file byte for byte is no damage."""
    copy = tmp_path / "copy.xri"
    copy.write_bytes(saved.read_bytes())
    assert CorpusIndex.load(copy).stats() == CorpusIndex.load(saved).stats()


# --------------------------------------------------------------------------
# span queries: many spans of indexed documents in one batch


def _spans(docs: Sequence[Document]) -> list[tuple[str, int, int, str]]:
    """Each sentence of each document's body, and its second half, as
    ``(doc, start, end, text)`` with original offsets."""
    out = []
    for d in docs:
        for m in re.finditer(r"[^\s.!?][^.!?]*[.!?”]?", d.text[d.body_start :]):
            s, e = m.start() + d.body_start, m.end() + d.body_start
            out.append((d.id, s, e, d.text[s:e]))
            half = d.text.find(" ", (s + e) // 2, e)
            if half > 0:
                out.append((d.id, half + 1, e, d.text[half + 1 : e]))
    return out


@pytest.mark.parametrize("shared", [False, True], ids=["tokenized", "token-keys"])
@pytest.mark.parametrize(
    "kw", [{}, {"min_hits": 2, "min_share": 0.25}], ids=["defaults", "linking"]
)
def test_span_candidates_answer_as_text_queries_on_the_seeds(
    seed_docs: dict[str, Document], shared: bool, kw: dict[str, Any]
) -> None:
    """A batch of spans gets what each span's text gets on its own,
    leaving out its own document; a shared index reads the spans' words
    off its tokens, a full one tokenizes them."""
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    idx = CorpusIndex.build_shared(docs) if shared else CorpusIndex.build(docs)
    assert (idx._twords is not None) == shared
    spans = _spans(docs)
    assert len(spans) > 150
    limits = [3 + i % 9 for i in range(len(spans))]
    got = idx.span_candidates(spans, limits=limits, **kw)
    want = [idx.candidates(t, exclude=[d], limit=n, **kw)
            for (d, _, _, t), n in zip(spans, limits, strict=True)]
    assert got == want
    assert sum(map(len, got)) > 50  # the seeds' stories share many sentences


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(_DOC, min_size=1, max_size=5),
    picks=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 300), st.integers(0, 300),
                             st.integers(-2, 12), st.booleans()), max_size=8),
    min_hits=st.integers(1, 3),
    min_share=st.sampled_from([0.0, 0.25, 0.6]),
)
def test_generated_span_queries_match_text_queries(
    texts: list[str], picks: list[tuple[int, int, int, int, bool]], min_hits: int,
    min_share: float,
) -> None:
    """Spans anywhere (cutting words too), with or without their word
    counts, any limits: the batch answers as the text queries do."""
    docs = [Document(f"d{i}", f"d{i}", t) for i, t in enumerate(texts)]
    idx = CorpusIndex.build_shared(docs)
    spans, limits, counts = [], [], []
    for di, a, b, limit, counted in picks:
        d = docs[di % len(docs)]
        s, e = sorted((a % (len(d.text) + 1), b % (len(d.text) + 1)))
        spans.append((d.id, s, e, d.text[s:e]))
        limits.append(limit)
        counts.append(len([t for t in tokenize(d.text[s:e]) if t.is_word]) if counted else -1)
    kw: dict[str, Any] = {"min_hits": min_hits, "min_share": min_share}
    want = [idx.candidates(t, exclude=[d], limit=n, **kw)
            for (d, _, _, t), n in zip(spans, limits, strict=True)]
    assert idx.span_candidates(spans, limits=limits, **kw) == want
    if all(n >= 0 for n in counts):
        assert idx.span_candidates(spans, limits=limits, n_words=counts, **kw) == want


def test_a_span_that_cuts_a_word_is_tokenized_from_its_text() -> None:
    """The words of ``alogue of rare birds`` are not the tokens of
    ``catalogue of rare birds`` that lie inside the span: the span is
    tokenized, so it meets the documents that hold "alogue" too."""
    a = Document("a", "a", "The catalogue of rare birds was published in 2021 by the society.")
    b = Document("b", "b", "Their alogue of rare birds was published in 2021 as well.")
    c = Document("c", "c", "An alogue of rare birds, they say.")
    idx = CorpusIndex.build_shared([a, b, c])
    text = "alogue of rare birds was published"
    start = a.text.index(text)
    [got] = idx.span_candidates([("a", start, start + len(text), text)])
    assert got == idx.candidates(text, exclude=["a"])
    # near miss: the tokens inside the span lack "alogue" (a shingle, an anchor)
    inside = idx.candidates("of rare birds was published", exclude=["a"])
    assert got[0].hits == inside[0].hits + 2


def test_a_span_outside_the_indexed_body_needs_its_word_count() -> None:
    """The index keeps a document's body only: a span in its header has no
    tokens there.  Given its word count, the span is tokenized and found;
    without it, it holds no words (the caller's promise that its spans are
    in the body)."""
    head = "Reinstate Operation Talon now, urge the attorneys\n\n"
    a = Document("a", "a", head + "Story text follows here today.", body_start=len(head))
    b = Document("b", "b", "They urge: reinstate Operation Talon now, urge the attorneys.")
    c = Document("c", "c", "Reinstate Operation Talon now, urge the attorneys general.")
    idx = CorpusIndex.build_shared([a, b, c])
    text = head.strip()
    span = ("a", 0, len(text), text)
    [with_count] = idx.span_candidates([span], n_words=[7])
    assert with_count == idx.candidates(text, exclude=["a"]) != []
    assert idx.span_candidates([span]) == [[]]


def test_span_queries_of_unknown_documents_leave_nothing_out() -> None:
    docs = [Document("a", "a", "alpha beta gamma delta"), Document("b", "b", "alpha beta gamma")]
    idx = CorpusIndex.build_shared(docs)
    got = idx.span_candidates([("zz", 0, 16, "alpha beta gamma"), ("a", 0, 16, "alpha beta gamma")])
    assert [[c.doc for c in cands] for cands in got] == [["a", "b"], ["b"]]
    assert idx.span_candidates([]) == []
    with pytest.raises(ValueError, match="differ in length"):
        idx.span_candidates([("a", 0, 5, "alpha")], n_words=[1, 2])


def test_a_pickled_shared_index_answers_span_queries_alike(
    seed_docs: dict[str, Document],
) -> None:
    """Workers get the index pickled (or forked): its token keys go along."""
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    idx = CorpusIndex.build_shared(docs)
    copy = pickle.loads(pickle.dumps(idx))
    spans = _spans(docs)[::3]
    assert copy._twords is not None
    assert copy.span_candidates(spans, min_hits=2) == idx.span_candidates(spans, min_hits=2)


def test_hits_too_many_to_pack_are_sorted_alike(
    seed_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hits are sorted by one packed 64-bit key when it fits; a batch too
    large for that is sorted column by column, with the same answers."""
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    idx = CorpusIndex.build_shared(docs)
    spans = _spans(docs)
    packed = idx.span_candidates(spans, min_hits=2, min_share=0.25)
    monkeypatch.setattr(xref.index, "_PACKED_LIMIT", 0)
    assert idx.span_candidates(spans, min_hits=2, min_share=0.25) == packed


@settings(max_examples=200, deadline=None)
@given(
    table=st.lists(st.integers(-50, 50), max_size=80).map(sorted),
    keys=st.lists(st.integers(-60, 60), max_size=30),
    step=st.integers(1, 20),
)
def test_sampled_search_finds_what_searchsorted_finds(
    table: list[int], keys: list[int], step: int
) -> None:
    """Searching a sample of a long table first, then a few of its keys,
    gives ``np.searchsorted``'s answer on both sides (runs of equal keys,
    keys past either end, any stride)."""
    t, k = np.array(table, dtype=np.int64), np.array(keys, dtype=np.int64)
    lo, hi = xref.index._search(t, k, both=True, sample=t[::step], step=step)
    assert lo.tolist() == np.searchsorted(t, k, side="left").tolist()
    assert hi.tolist() == np.searchsorted(t, k, side="right").tolist()


def test_a_large_index_searched_through_its_sample_answers_alike(
    seed_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    spans = _spans(docs)
    plain = CorpusIndex.build_shared(docs).span_candidates(spans, min_hits=2)
    monkeypatch.setattr(xref.index, "_SAMPLED", 10)  # the seeds' tables count as large
    idx = CorpusIndex.build_shared(docs)
    assert idx.span_candidates(spans, min_hits=2) == plain
    assert idx._samples


@pytest.mark.parametrize("shared", [False, True], ids=["tokenized", "token-keys"])
def test_span_words_are_equal_for_verbatim_copies_only(
    seed_docs: dict[str, Document], shared: bool
) -> None:
    """A span's word key says which spans render the same words (the seeds
    share many sentences word for word, some with other typography)."""
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    idx = CorpusIndex.build_shared(docs) if shared else CorpusIndex.build(docs)
    spans = _spans(docs)
    keys = idx.span_words(spans)
    norms = [tuple(t.norm for t in tokenize(text) if t.is_word) for _, _, _, text in spans]
    pairs = [(i, j) for i in range(len(spans)) for j in range(i + 1, len(spans))]
    same_words = {(i, j) for i, j in pairs if norms[i] == norms[j]}
    assert {(i, j) for i, j in pairs if keys[i] == keys[j]} == same_words
    assert sum(spans[i][0] != spans[j][0] for i, j in same_words) >= 3  # across documents


@given(st.text(max_size=300), st.integers(0, 20))
def test_packed_tokens_of_a_document_equal_packing_its_tokens(text: str, body: int) -> None:
    """The fast path the cache uses packs exactly the index tokens."""
    from xref.model import Document as Doc

    doc = Doc("d", "d.txt", text, body_start=min(body, len(text)))
    assert PackedTokens.of_document(doc) == PackedTokens.pack(index_tokens(doc))
