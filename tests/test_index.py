"""Candidate retrieval finds renderings through shingles and anchors."""

from __future__ import annotations

from xref.index import CorpusIndex
from xref.model import Document


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
