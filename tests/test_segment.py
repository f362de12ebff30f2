"""Sentence splitting respects abbreviations and keeps offsets."""

from __future__ import annotations

from xref.model import Document
from xref.segment import sentences


def test_seed_sentences_do_not_split_on_abbreviations(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["003_a8bbc7f83dd85161"]
    spans = sentences(d.text, d.body_start)
    texts = [d.text[s:e] for s, e in spans]
    assert any(t.startswith("During a Senate Homeland Security Committee hearing") for t in texts)
    assert not any(t == "Sens." for t in texts)
    for s, e in spans:
        assert d.text[s:e] == d.text[s:e].strip()
