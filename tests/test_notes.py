"""Parsing notes: quotes, citations, speakers, numeric claims, suppressions,
baselines.  Labelled cases, with negative near-misses."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from xref.baseline import BaselineEntry, fingerprint, read_baseline, write_baseline
from xref.citations import find_citations, parse_pandoc, parse_reference_text
from xref.errors import XrefError
from xref.notes import mask_markup, parse_note, speaker_names
from xref.suppress import parse_suppressions

# (note text, [(quote text, citation keys or None, speaker or None)])
QUOTE_CASES = [
    pytest.param(
        "Fitch said “We urge you” [@000].", [("We urge you", ("000",), "Fitch")], id="curly"
    ),
    pytest.param(
        'Fitch said "We urge you" [@000].', [("We urge you", ("000",), "Fitch")], id="straight"
    ),
    pytest.param(
        "Er sagte „Wir bitten Sie“ [@000].", [("Wir bitten Sie", ("000",), None)], id="german"
    ),
    pytest.param(
        "Il a dit «nous exhortons» [@000].", [("nous exhortons", ("000",), None)], id="guillemets"
    ),
    pytest.param(
        "She said ‘we urge you’ [@000].", [("we urge you", ("000",), "She")], id="single-curly"
    ),
    pytest.param(
        "“We urge you,” the letter states [@000].",
        [("We urge you,", ("000",), "the letter")],
        id="speaker-after",
    ),
    pytest.param(
        "“Human trafficking,” said Attorney General Lynn Fitch [@000].",
        [("Human trafficking,", ("000",), "Attorney General Lynn Fitch")],
        id="cue-then-name",
    ),
    pytest.param(
        "“A” [@000] and “B” [@001].",
        [("A", ("000",), None), ("B", ("001",), None)],
        id="two-quotes-two-citations",
    ),
    pytest.param(
        "He said “A” and “B” [@000].",
        [("A", ("000",), "He"), ("B", ("000",), None)],
        id="two-quotes-one-citation",
    ),
    pytest.param(
        # “B” goes on with the quotation “A,” she said: the same speaker
        "“A,” she said. “B” [@001].",
        [("A,", None, "she"), ("B", ("001",), "she")],
        id="citation-in-next-sentence-does-not-count",
    ),
    pytest.param(
        "According to the letter [@000], “we urge you”.",
        [("we urge you", ("000",), "the letter")],
        id="citation-before-in-same-sentence",
    ),
    pytest.param(
        "He said “x” [see @000, p. 3; @001].", [("x", ("000", "001"), "He")], id="multi-key"
    ),
    pytest.param(
        "It said “x”.[^1]\n\n[^1]: The letter, @000.\n", [("x", ("000",), "It")], id="footnote-key"
    ),
    pytest.param(
        "It said “x”.[^a]\n\n[^a]: See seeds/000_e1.txt\n",
        [("x", ("seeds/000_e1.txt",), "It")],
        id="footnote-path",
    ),
    pytest.param(
        "It said “x” ([letter](seeds/000.txt)).", [("x", ("seeds/000.txt",), "It")], id="link"
    ),
    pytest.param(
        "> We urge you to act.\n> — Fitch [@000]\n",
        [("We urge you to act.", ("000",), "Fitch")],
        id="block-attribution-line",
    ),
    pytest.param(
        "The letter states [@000]:\n\n> We urge you to act.\n",
        [("We urge you to act.", ("000",), "The letter")],
        id="block-intro-colon",
    ),
    pytest.param(
        "> “We urge you to act.” [@000]\n",
        [("We urge you to act.", ("000",), None)],
        id="block-wrapped-in-marks",
    ),
    # negative near-misses: not quotes, not citations
    pytest.param("It’s the agency’s rule, don’t ask [@000].", [], id="apostrophes-are-not-quotes"),
    pytest.param("He is 5'11\" tall.", [], id="inch-marks"),
    pytest.param('Code `"not a quote"` here.', [], id="inline-code"),
    pytest.param('```\nsaid "not a quote" [@000]\n```\n', [], id="fenced-code"),
    pytest.param('<!-- "hidden" [@000] -->', [], id="html-comment"),
    pytest.param('Mail "me" at x@example.org.', [("me", None, None)], id="email-is-not-a-citation"),
    pytest.param(
        "A link “words” ([site](https://example.org)).",
        [("words", ("https://example.org",), None)],
        id="url-link-is-a-candidate-citation",
    ),
]


@pytest.mark.parametrize(("text", "expected"), QUOTE_CASES)
def test_quotes(text: str, expected: list[tuple[str, tuple[str, ...] | None, str | None]]) -> None:
    note = parse_note(text)
    got = [(q.text, q.citation.keys if q.citation else None, q.speaker) for q in note.quotes]
    assert got == expected
    for q in note.quotes:  # offsets index the note exactly as read (inline quotes)
        if q.kind == "inline":
            assert text[q.start : q.end] == q.text


def test_unclosed_quote_is_a_problem_and_the_rest_is_checked() -> None:
    text = "Fitch said “we urge you [@000].\n\nThe letter says “send a message” [@001].\n"
    note = parse_note(text)
    assert [p.rule for p in note.problems] == ["unbalanced-quote"]
    assert (note.problems[0].line, note.problems[0].column) == (1, 12)
    assert [q.text for q in note.quotes] == ["send a message"]


def test_unclosed_quote_inside_a_paragraph_keeps_the_others() -> None:
    note = parse_note("He said “A” and “B and “C” [@000].")
    assert [p.rule for p in note.problems] == ["unbalanced-quote"]
    assert [q.text for q in note.quotes] == ["A", "C"]


def test_stray_closing_mark() -> None:
    note = parse_note("He said we” urge [@000].")
    assert [p.rule for p in note.problems] == ["unbalanced-quote"]


def test_link_filter_drops_unknown_urls() -> None:
    text = "A “quote” ([site](https://example.org))."
    note = parse_note(text, keep_link=lambda ref: ref.kind != "url")
    assert note.quotes[0].citation is None


def test_mask_keeps_length_and_lines() -> None:
    text = "---\ntitle: x\n---\n`a` <!-- b\nc --> d\n```\ne\n```\n"
    masked = mask_markup(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert masked.split() == ["d"]


def test_line_and_column_of_quotes() -> None:
    text = "# T\n\nFitch said\n“We urge you” [@000].\n"
    q = parse_note(text).quotes[0]
    assert (q.line, q.column) == (4, 2)


# -- numeric claims --------------------------------------------------------


def test_numeric_claims_need_a_citation_and_exclude_quotes() -> None:
    text = (
        "ICE arrested 19,752 illegal aliens [@000]. Eighteen AGs signed.\n\n"
        "He said “19 things” [@000].\n"
    )
    claims = parse_note(text).claims
    assert len(claims) == 1
    assert "19,752" in claims[0].text
    assert claims[0].citation.keys == ("000",)
    # the claim's masked text keeps offsets: text[start:end] lines up with it
    assert len(claims[0].text) == claims[0].end - claims[0].start


# -- citations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "keys"),
    [
        ("@000", ["000"]),
        ("@000, p. 3", ["000"]),
        ("see @doe99, pp. 33-35; also @smith04, chap. 1", ["doe99", "smith04"]),
        ("@{odd key}", None),
        ("@{odd:key}", ["odd:key"]),
        ("-@doe99", ["doe99"]),
        ("not a citation", None),
        ("x@example.org", None),
        ("@a; no key here", None),
    ],
)
def test_parse_pandoc(body: str, keys: list[str] | None) -> None:
    refs = parse_pandoc(body)
    assert (None if refs is None else [r.target for r in refs]) == keys


def test_citation_locator() -> None:
    refs = parse_pandoc("@000, p. 3")
    assert refs is not None and refs[0].locator == "p. 3"


def test_reference_text_forms() -> None:
    refs = parse_reference_text("Binder, @002; also ../seeds/003_a.txt and https://example.org/x.")
    assert [(r.target, r.kind) for r in refs] == [
        ("002", "key"),
        ("../seeds/003_a.txt", "path"),
        ("https://example.org/x", "url"),
    ]


def test_reference_definition_is_not_a_citation() -> None:
    text = "[@000]: https://example.org\n"
    assert find_citations(text) == []


def test_twitter_handle_is_not_a_citation() -> None:
    assert find_citations("— AG Jeff Landry (@AGJeffLandry) February 18, 2021") == []


# -- speakers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("speaker", "names"),
    [
        ("Attorney General Lynn Fitch", {"lynn", "fitch"}),
        ("Fitch", {"fitch"}),
        ("the letter", set()),
        ("Sen. Josh Hawley (R-MO)", {"josh", "hawley"}),
        ("DHS Secretary Alejandro Mayorkas", {"dhs", "alejandro", "mayorkas"}),
        ("President Trump's executive order", {"trump"}),
    ],
)
def test_speaker_names(speaker: str, names: set[str]) -> None:
    assert speaker_names(speaker) >= names
    assert not (speaker_names(speaker) & {"attorney", "general", "president", "secretary", "sen"})


# -- suppressions ------------------------------------------------------------


def test_disable_next_line_covers_the_next_paragraph_only() -> None:
    text = (
        "<!-- xref-disable-next-line conflict -- checked by phone -->\n"
        "Line two\nline three\n\nline five\n"
    )
    s = parse_suppressions(text)
    assert s.reason_for("conflict", 2) == "checked by phone"
    assert s.reason_for("conflict", 3) == "checked by phone"
    assert s.reason_for("conflict", 5) is None
    assert s.reason_for("not_found", 2) is None


def test_disable_enable_region_and_all_verdicts() -> None:
    text = "a\n<!-- xref-disable -->\nb\nc\n<!-- xref-enable -->\nd\n"
    s = parse_suppressions(text)
    assert [s.reason_for("paraphrase", n) is not None for n in (1, 3, 4, 6)] == [
        False,
        True,
        True,
        False,
    ]


def test_region_enable_of_one_name_keeps_the_other() -> None:
    text = (
        "<!-- xref-disable conflict, variant -->\nA\n<!-- xref-enable conflict -->\nB\n"
        "<!-- xref-enable variant -->\nC\n"
    )
    s = parse_suppressions(text)
    assert s.reason_for("conflict", 2) is not None and s.reason_for("conflict", 4) is None
    assert s.reason_for("variant", 4) is not None and s.reason_for("variant", 6) is None


# -- baselines ---------------------------------------------------------------


def test_fingerprint_ignores_layout_not_words() -> None:
    a = fingerprint("We urge\n you", ["000"], "conflict")
    assert a == fingerprint("we  URGE you", ["000"], "conflict")
    assert a != fingerprint("We urge you", ["000"], "variant")
    assert a != fingerprint("We urge them", ["000"], "conflict")


def test_baseline_round_trip(tmp_path: Path) -> None:
    e = BaselineEntry("abc", "n.md", "conflict", "x", ("000",))
    p = tmp_path / "b.json"
    p.write_text(write_baseline([e, e]), encoding="utf-8")
    assert read_baseline(p) == Counter({"abc": 2})


def test_malformed_baseline_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "b.json"
    p.write_text('{\n "entries": [\n  {"fingerprint": }\n ]\n}\n', encoding="utf-8")
    with pytest.raises(XrefError) as e:
        read_baseline(p)
    assert str(e.value).startswith(f"{p}:3:")


# -- one quote reader: notes use xref.extract (QA P1-1) ----------------------

# (note text, [(quote text, speaker)]) for British-style single quotes with
# apostrophes inside: the shared extractor reads them; the notes' old scanner
# lost the outer quote of 'It's not the '90s any more' without a word.
BRITISH_CASES = [
    pytest.param(
        "Doyle said: 'It's not the '90s any more' [@guardian].",
        [("It's not the '90s any more", "Doyle")],
        id="decade-elision",
    ),
    pytest.param(
        "Doyle said: 'It's not the '80s any more, and the trains are perfect' [@guardian].",
        [("It's not the '80s any more, and the trains are perfect", "Doyle")],
        id="decade-elision-longer",
    ),
    pytest.param(
        "She called it 'the Lib Dems' plan for the north' [@guardian].",
        [("the Lib Dems' plan for the north", "She")],
        id="plural-possessive-inside",
    ),
    pytest.param(
        'He added that \'people keep telling me "the trains are always late", but '
        "punctuality has improved' [@guardian].",
        [
            (
                'people keep telling me "the trains are always late", but punctuality has improved',
                "He",
            )
        ],
        id="nested-double-inside-single",
    ),
    pytest.param(
        "The spokesperson called the cuts 'short-sighted' [@guardian].",
        [("short-sighted", "The spokesperson")],
        id="one-word-scare-quote",
    ),
    # near misses: apostrophes only, no quotation, nothing unbalanced
    pytest.param("It's the '90s rail plan, Jones' idea [@guardian].", [], id="apostrophes-only"),
    pytest.param("Rock 'n' roll and 'em [@guardian].", [], id="elisions-only"),
]


@pytest.mark.parametrize(("text", "expected"), BRITISH_CASES)
def test_single_quotes_with_apostrophes(text: str, expected: list[tuple[str, str | None]]) -> None:
    note = parse_note(text)
    assert [(q.text, q.speaker) for q in note.quotes] == expected
    assert note.problems == ()
    for q in note.quotes:
        assert text[q.start : q.end] == q.text
        assert q.citation is not None and q.citation.keys == ("guardian",)


@pytest.mark.parametrize(
    "text",
    [
        "Fitch said “We urge you” and “reinstate the program” [@000].",
        "Doyle said: 'It's not the '90s any more' [@g]. 'Yes,' he said, 'really.'",
        "„Wir bitten Sie“, sagte sie. «Nous exhortons» [@000].",
        'He said “a ‘b’ c” and "d" [@000].',
    ],
)
def test_notes_read_the_quotes_the_extractor_reads(text: str) -> None:
    from xref.extract import extract_from_text

    expected = [
        (q.start, q.end)
        for q in extract_from_text(text, min_words=1).quotes
        if q.depth == 0 and q.kind != "block"
    ]
    assert [(q.start, q.end) for q in parse_note(text).quotes] == expected


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("Doyle said 'we will win this election [@g].\n", 12),
        ("Doyle said “we will win this election [@g].\n", 12),
        ("Doyle said we will win this election” [@g].\n", 37),
    ],
    ids=["straight-single", "curly-double", "stray-closer"],
)
def test_a_quote_that_cannot_be_paired_is_a_problem(text: str, column: int) -> None:
    note = parse_note(text)
    assert note.quotes == ()
    assert [(p.rule, p.line, p.column) for p in note.problems] == [("unbalanced-quote", 1, column)]


def test_the_gazette_is_the_speaker_the_note_names() -> None:
    # the note's speaker is what the note says; the checker decides that an
    # outlet reporting the words is not their speaker
    note = parse_note('The Gazette wrote that "this budget puts 2,400 new teachers" [@gazette].')
    assert note.quotes[0].speaker == "The Gazette"


# -- citations that leave the project (QA P2-7) -------------------------------


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("It says “x” ([passwd](/etc/passwd)).", "/etc/passwd"),
        ("It says “x” ([t](../../../../etc/passwd)).", "../../../../etc/passwd"),
        ("It says “x” [@../../etc/passwd].", "../../etc/passwd"),
        ("It says “x” [see @/etc/passwd].", "/etc/passwd"),
        ("It says “x”.[^1]\n\n[^1]: See ../../../etc/passwd for details.\n", "../../../etc/passwd"),
    ],
    ids=["link-absolute", "link-climbing", "pandoc-climbing", "pandoc-absolute", "footnote"],
)
def test_paths_leaving_the_folder_are_citations(text: str, target: str) -> None:
    q = parse_note(text).quotes[0]
    assert q.citation is not None
    assert [(r.target, r.kind) for r in q.citation.refs] == [(target, "path")]


@pytest.mark.parametrize(
    "text",
    [
        "See [the chart](images/chart.png) and “x”.",  # a link inside the project, no source suffix
        "See [notes](./other) and “x”.",
        "Mail me at x@example.org about “x”.",
        "Growth was 3/4 of “x”, and/or more.",
    ],
)
def test_ordinary_links_and_slashes_are_not_citations(text: str) -> None:
    assert parse_note(text).quotes[0].citation is None


def test_legal_citations_do_not_split_sentences_or_make_claims() -> None:
    # QA2 P1-6c: "Id." split the sentence (the quote became uncited) and
    # "82" became a numeric claim
    t = (
        'Judge Vance quoted Doe v. Harlan: "consent given over the express objection of a '
        'present co-tenant is no consent at all." Id. at 82 [@opinion].\n\n'
        "Smith v. Jones, 512 U.S. 101, 109 (1994), and 42 U.S.C. § 1983 apply, "
        "see No. 21-1234 and pp. 4-5 [@opinion].\n\n"
        "The county paid 40,000 dollars in damages, p. 3 [@opinion].\n"
    )
    note = parse_note(t)
    [q] = note.quotes
    assert q.citation is not None and q.citation.keys == ("opinion",)
    texts = [c.text for c in note.claims]
    assert not any("82" in x or "512" in x or "1983" in x or "1234" in x for x in texts)
    # near-miss: a real figure next to a locator is still a claim
    [claim] = note.claims
    assert "40,000" in claim.text and "3" not in claim.text.replace("40,000", "")
