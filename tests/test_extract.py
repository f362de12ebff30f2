"""Quote extraction: labelled cases (tests/data/extract_cases.toml) and the seeds."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import labelled_params

from xref.extract import Extraction, extract_from_text, extract_quotes, paragraph_spans
from xref.load import load_text
from xref.model import Document, Quote

DATA = Path(__file__).resolve().parent / "data"

CASES: list[dict[str, Any]] = tomllib.loads((DATA / "extract_cases.toml").read_text("utf-8"))[
    "case"
]


def _params() -> list[Any]:
    return labelled_params(CASES, "name")


def _check_offsets(text: str, ex: Extraction) -> None:
    for q in ex.quotes:
        assert q.text == text[q.start : q.end]
        if q.speaker is not None:
            assert q.speaker_start is not None and q.speaker_end is not None
            assert q.speaker == text[q.speaker_start : q.speaker_end]
    for f in ex.findings:
        for loc in f.locations:
            assert loc.text == text[loc.start : loc.end]
    assert list(ex.quotes) == sorted(ex.quotes, key=lambda q: (q.start, -q.end))


@pytest.mark.parametrize("case", _params())
def test_labelled_case(case: dict[str, Any]) -> None:
    text = case["text"]
    ex = extract_from_text(text)
    _check_offsets(text, ex)
    got = [q.text for q in ex.quotes]
    assert got == [q["text"] for q in case["quotes"]]
    assert len(ex.findings) == case.get("findings", 0), [f.message for f in ex.findings]
    assert all(f.rule == "unbalanced-quote" and f.severity == "warning" for f in ex.findings)
    labels: dict[str, int] = {}
    for q, want in zip(ex.quotes, case["quotes"], strict=True):
        if "speaker" in want:
            assert q.speaker == (want["speaker"] or None), q
        if "cue" in want:
            assert q.cue == want["cue"], q
        assert q.kind == want.get("kind", q.kind), q
        assert q.depth == want.get("depth", q.depth), q
        if "group" in want:
            labels.setdefault(want["group"], q.group)
            assert q.group == labels[want["group"]], q
    assert len(set(labels.values())) == len(labels)


# ------------------------------------------------------------------ seeds


def _quote(doc: Document, starts: str) -> Quote:
    ex = extract_quotes(doc)
    found = [q for q in ex.quotes if q.text.startswith(starts)]
    assert len(found) == 1, [q.text[:40] for q in ex.quotes]
    return found[0]


def test_seeds_offsets_and_no_findings(seed_docs: dict[str, Document]) -> None:
    for doc in seed_docs.values():
        ex = extract_quotes(doc)
        _check_offsets(doc.text, ex)
        assert ex.findings == ()
        assert all(q.start >= doc.body_start for q in ex.quotes)


def test_seed_000_fitch_split_quote(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["000_e1a3f1ace85cd228"]
    a = _quote(d, "Human trafficking and rape at the border")
    b = _quote(d, "By canceling Operation Talon")
    assert a.speaker == b.speaker == "Attorney General Lynn Fitch"
    assert a.cue == "said"
    assert a.group == b.group
    assert (a.open_mark, a.close_mark) == ("“", "”")
    assert b.text.endswith("not welcome in United States of America.")


def test_seed_000_letter_states_without_space(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["000_e1a3f1ace85cd228"]
    a = _quote(d, "According to data collected by Syracuse")
    b = _quote(d, "The cancellation of this program")
    assert a.speaker == b.speaker == "the letter"
    assert a.cue == "states"
    assert a.group == b.group
    assert d.text[b.start - 1] == "“" and d.text[b.start - 2] == "."
    assert "Syracuse University’s" in a.text  # the apostrophe does not cut it


def test_seed_000_letter_continues(seed_docs: dict[str, Document]) -> None:
    q = _quote(seed_docs["000_e1a3f1ace85cd228"], "the overwhelming majority")
    assert (q.speaker, q.cue) == ("The letter", "continues")


def test_seed_000_groups_are_distinct(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["000_e1a3f1ace85cd228"]
    fitch = _quote(d, "Human trafficking")
    letter = _quote(d, "According to data")
    urge = _quote(d, "We urge you")
    assert len({fitch.group, letter.group, urge.group}) == 3


def test_seed_001_schmitt_warned_that(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["001_f0198ec2f486b8dd"]
    a = _quote(d, "This ill-advised decision")
    b = _quote(d, "We urge you to reconsider")
    assert a.speaker == "Attorney General Erich Schmitt of Missouri"
    assert a.cue == "warned"
    assert a.group == b.group and b.speaker == a.speaker
    assert d.text[a.speaker_start : a.speaker_end] == a.speaker  # type: ignore[misc]


def test_seed_001_letter_concluded(seed_docs: dict[str, Document]) -> None:
    q = _quote(seed_docs["001_f0198ec2f486b8dd"], "We urge you to immediately")
    assert (q.speaker, q.cue) == ("the letter", "concluded")


def test_seed_002_indirect_and_term(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["002_effaf23c737ff1e8"]
    q = _quote(d, "focusing our resources")
    assert (q.speaker, q.cue, q.kind) == ("ICE Acting Director Tae Johnson", "said", "inline")
    term = _quote(d, "sanctuary country")
    assert (term.kind, term.speaker) == ("term", None)
    # "you're" and "ICE’s" are apostrophes, not quotes
    assert len(extract_quotes(d).quotes) == 2


def test_seed_003_nested_quote(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["003_a8bbc7f83dd85161"]
    quotes = extract_quotes(d).quotes
    outer = next(q for q in quotes if q.text.startswith("‘It’s absolutely"))
    inner = next(q for q in quotes if q.text.startswith("It’s absolutely"))
    assert (outer.depth, outer.speaker, outer.cue) == (0, "Hawley", "said")
    assert outer.text.endswith("not to arrest individuals,")
    assert inner.depth == 1
    assert inner.speaker in (None, "you")
    assert inner.text == (
        "It’s absolutely not true that ICE officers have been told not to arrest people,"
    )
    assert (inner.open_mark, inner.close_mark) == ("‘", "’")
    assert outer.start < inner.start < inner.end < outer.end
    assert inner.group != outer.group


def test_seed_003_colon_block(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["003_a8bbc7f83dd85161"]
    q = _quote(d, "For instance, the National ICE Council")
    assert (q.kind, q.speaker, q.cue, q.depth) == ("block", "Hawley", "said", 0)
    # one paragraph only: the next one is the reporter's
    assert "Lankford" not in q.text


def test_seed_003_mayorkas_and_morgan(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["003_a8bbc7f83dd85161"]
    q = _quote(d, "speak to cases")
    assert (q.speaker, q.cue) == ("DHS Secretary Alejandro Mayorkas", "said")
    m = _quote(d, "Forget sanctuary cities")
    assert m.speaker is not None and m.speaker.endswith("Commissioner Mark Morgan")
    assert "visiting fellow" not in m.speaker
    assert m.cue == "said"
    t = _quote(d, "sanctuary country")
    assert t.kind == "term"


def test_seed_004_title_and_statements(seed_docs: dict[str, Document]) -> None:
    d = seed_docs["004_804337bbb6df095d"]
    title = _quote(d, "ICE Raids in Mississippi")
    assert (title.kind, title.speaker, title.cue) == ("inline", None, "titled")
    agency = _quote(d, "Pertaining to immigration")
    assert (agency.speaker, agency.cue) == ("the agency", "stated")
    party = _quote(d, "Immigrants are not just residents")
    party2 = _quote(d, "Instead of fostering division")
    assert party.speaker == party2.speaker == "the Mississippi Democratic Party"
    assert party.group == party2.group
    trump = _quote(d, "It is the policy of the United States")
    assert (trump.speaker, trump.cue) == ("President Trump", "outlined")
    trump2 = _quote(d, "Enforcing our Nation’s")
    assert (trump2.speaker, trump2.cue) == ("President Trump", "stated")
    assert trump.group != trump2.group


def test_header_is_not_content() -> None:
    doc = load_text(' date 2021-02-19 “Quoted words right here,” she said.')
    ex = extract_quotes(doc)
    assert [q.text for q in ex.quotes] == ["Quoted words right here,"]
    assert ex.quotes[0].start >= doc.body_start > 0


def test_min_words_controls_terms() -> None:
    text = "She called it “a total disaster” today."
    assert [q.kind for q in extract_from_text(text).quotes] == ["inline"]
    doc = Document("d", "d.txt", text)
    assert [q.kind for q in extract_quotes(doc, min_words=4).quotes] == ["term"]


def test_unbalanced_finding_names_the_mark_and_line() -> None:
    text = "First line.\nHe said “this never ends\n\nNext paragraph."
    ex = extract_from_text(text, "note")
    (f,) = ex.findings
    assert f.rule == "unbalanced-quote" and f.severity == "warning"
    assert "“" in f.message and "line 2" in f.message
    (loc,) = f.locations
    assert (loc.doc, loc.text, loc.start) == ("note", "“", text.index("“"))
    assert f.evidence and f.evidence[0].code == "never-closed"


def test_extraction_goes_on_after_an_unbalanced_mark() -> None:
    text = "He said this” and left.\n\n“Another quotation follows here,” she said."
    ex = extract_from_text(text)
    assert [f.evidence[0].code for f in ex.findings] == ["never-opened"]
    assert [(q.text, q.speaker) for q in ex.quotes] == [("Another quotation follows here,", "she")]


def test_deterministic() -> None:
    text = "“One two three,” he said. “Four five six.” And «sept huit neuf»."
    assert extract_from_text(text) == extract_from_text(text)


def test_paragraph_modes() -> None:
    # no blank line anywhere: one paragraph per line (seeds/003 is written so)
    assert paragraph_spans("a\nb\nc") == [(0, 1, False), (2, 3, False), (4, 5, False)]
    assert paragraph_spans("a\nb\n\nc") == [(0, 3, False), (5, 6, False)]


def test_extract_from_text_skips_front_matter() -> None:
    text = '---\ntitle: "A headline in quotation marks"\n---\nFitch said “we will act now.”\n'
    ex = extract_from_text(text, "note")
    assert [(q.text, q.speaker) for q in ex.quotes] == [("we will act now.", "Fitch")]
    assert ex.quotes[0].text == text[ex.quotes[0].start : ex.quotes[0].end]
