"""Clustering on small corpora written for the test (xref.cluster).

Indirect speech joined to its quotation by shared numbers, with near misses
that must stay apart; boilerplate (bylines, footers, press-release "About"
paragraphs) recognised when repeated; a quotation's lead-in is no passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xref.cluster
from xref.cluster import (
    CANDIDATE_MIN_SHARE,
    MIN_SENTENCE_WORDS,
    Unit,
    _patterns,
    _Placed,
    boilerplate_rules,
    find_edges,
    is_boilerplate,
    is_lead_in,
    is_trailer,
    merge_edges,
    restatement,
    restatement_candidates,
    units_of,
    unquoted_wording,
)
from xref.errors import XrefError
from xref.extract import extract_quotes
from xref.index import Candidate, CorpusIndex
from xref.load import load_text
from xref.model import Cluster, Document, Report
from xref.report import report_documents


def _report(*texts: str) -> Report:
    docs = [load_text(t, f"d{i}", f"d{i}.txt") for i, t in enumerate(texts)]
    return report_documents(docs)


def _cluster_with(report: Report, words: str) -> Cluster | None:
    for c in report.clusters:
        if any(words in r.text for r in c.renderings):
            return c
    return None


def _unquoted_in(c: Cluster | None, words: str) -> bool:
    return c is not None and any(words in r.text and not r.quoted for r in c.renderings)


# ----------------------------------------------------------- indirect speech

SPEECH = (
    "Mayor Ruth Okonjo's address to the council, as delivered.\n\n"
    '"This plan puts 1,350 new buses on our streets by the spring of 2027, and it does so '
    "without raising a single fare for commuters. I have heard the doubters who say it is "
    'a dream, and I say to them: ride with us."\n'
)
QUOTED_OTHER_PART = (
    "Okonjo defends transit plan\n\n"
    'Mayor Ruth Okonjo told the council: "I have heard the doubters who say it is a dream."\n\n'
)


HERALD = (
    "Okonjo promises hundreds of buses\n\n"
    '"This plan puts 1,350 new buses on our streets by the spring of 2027, and it does so '
    'without raising a single fare for commuters," Okonjo said in her address.\n'
)


@pytest.mark.parametrize(
    "restated",
    [
        "The mayor said her plan would put 1,350 new buses on the streets by spring 2027 "
        "without raising fares for commuters.",
        # reordered: hardly a word sequence in common, the numbers and words shared
        "By spring 2027, the mayor said, 1,350 new buses will be running, and commuters "
        "will not pay higher fares under her plan.",
    ],
    ids=["close", "reordered"],
)
def test_indirect_speech_with_the_same_numbers_joins_the_quote(restated: str) -> None:
    """The story quotes one sentence of the speech and restates another."""
    story = QUOTED_OTHER_PART + restated + "\n"
    report = _report(SPEECH, HERALD, story)
    c = _cluster_with(report, "1,350 new buses on our streets")
    assert _unquoted_in(c, restated[:20])
    assert c is not None and c.kind == "quote"
    [r] = [r for r in c.renderings if r.text.startswith(restated[:20])]
    assert r.verdict == "paraphrase" and r.doc == "d2"
    assert any(e.code == "restatement" and "1,350" in e.message for e in r.evidence)
    assert report.document(r.doc).text[r.start : r.end] == r.text


@pytest.mark.parametrize(
    "restated",
    [
        # same topic, other numbers
        "The mayor said her plan would put 900 new buses on the streets by spring 2029 "
        "without raising fares for commuters.",
        # only one shared number
        "The mayor said her plan would put 1,350 new buses on the streets by next spring "
        "without raising fares for commuters.",
        # the same two numbers, another subject
        "The depot's 1,350 workers will move to the new site in 2027, union officials said "
        "after the vote.",
    ],
    ids=["other-numbers", "one-shared-number", "same-numbers-other-words"],
)
def test_near_misses_do_not_join(restated: str) -> None:
    story = "Transit plan under fire\n\n" + restated + "\n"
    report = _report(SPEECH, HERALD, story)
    first = restated.split(",")[0][:30]
    for c in report.clusters:
        assert not any(first in r.text for r in c.renderings), c


def _units(text: str, doc_id: str) -> list[Unit]:
    doc = load_text(text, doc_id, f"{doc_id}.txt")
    return units_of(doc, extract_quotes(doc).quotes)


def test_restatement_candidates_come_from_shared_numbers() -> None:
    speech = _units(SPEECH, "a")
    story = _units(
        "The mayor said her plan would put 1,350 new buses on the streets by spring 2027.", "b"
    )
    by_number: dict[str, list[Unit]] = {}
    for u in speech:
        if u.quoted:
            for n in u.numbers:
                by_number.setdefault(n, []).append(u)
    [unquoted] = [u for u in story if not u.quoted]
    assert unquoted.numbers == {"1,350", "2027"}
    [cand] = restatement_candidates(unquoted, by_number)
    assert cand.quoted and "1,350" in cand.text
    # a quotation never queries, and a unit never finds its own document
    assert restatement_candidates(cand, by_number) == []
    assert restatement_candidates(attrs.evolve(unquoted, doc="a"), by_number) == []
    cmp = restatement(unquoted, cand)
    assert cmp is not None and cmp.verdict == "paraphrase"


# --------------------------------------------------------------- boilerplate

STORY_A = (
    " date 2024-05-06\n"
    "Mill to close by 2026\n"
    "By Dana Whitfield, Ridge Courier Staff Writer\n\n"
    "Harlow Paper Co. said Monday that it would close its riverside mill in 2026 and move "
    "production to Ohio.\n\n"
    "Copyright 2024 Ridge Courier. All rights reserved.\n"
    "Subscribe at ridgecourier.example for unlimited access to local journalism.\n"
    "Follow us on Facebook. Sign up for our daily newsletter.\n"
)
STORY_B = (
    " date 2024-05-09\n"
    "Mill workers weigh offers\n"
    "By Dana Whitfield, Ridge Courier Staff Writer\n\n"
    "Workers at the Harlow mill met union representatives on Wednesday to discuss severance "
    "terms and transfers.\n\n"
    "Copyright 2024 Ridge Courier. All rights reserved.\n"
    "Subscribe at ridgecourier.example for unlimited access to local journalism.\n"
    "Follow us on Facebook. Sign up for our daily newsletter.\n"
)
RELEASE = (
    "FOR IMMEDIATE RELEASE\n\n"
    "Harlow Paper Co. will close its riverside mill in 2026 and move production to Ohio, "
    "the company announced today.\n\n"
    "About Harlow Paper Co.: Harlow Paper Co. makes packaging for 900 customers in "
    "twelve states. It employs 2,300 people.\n"
)
WIRE = (
    "Harlow to close mill\n\n"
    "The paper maker expects the move to save money over five years, it said in a filing.\n\n"
    "About Harlow Paper Co.: Harlow Paper Co. makes packaging for 900 customers in "
    "twelve states. It employs 2,300 people.\n"
)


def _kinds(report: Report) -> dict[str, str]:
    """First rendering's first 25 characters -> cluster kind."""
    return {c.text[:25]: c.kind for c in report.clusters}


def test_repeated_byline_and_footer_are_boilerplate() -> None:
    report = _report(STORY_A, STORY_B)
    kinds = _kinds(report)
    assert kinds.get("By Dana Whitfield, Ridge ") == "boilerplate"
    assert kinds.get("Copyright 2024 Ridge Cour") == "boilerplate"  # short lines, merged
    assert kinds.get("Subscribe at ridgecourier") == "boilerplate"
    assert kinds.get("Follow us on Facebook.") == "boilerplate"
    assert kinds.get("Sign up for our daily new") == "boilerplate"
    assert "passage" not in kinds.values()
    for c in report.clusters:
        for r in c.renderings:
            assert report.document(r.doc).text[r.start : r.end] == r.text


def test_press_release_about_paragraph_is_boilerplate() -> None:
    report = _report(RELEASE, WIRE)
    c = _cluster_with(report, "About Harlow Paper Co.")
    assert c is not None and c.kind == "boilerplate"
    # the whole paragraph is one unit, its second sentence included
    assert all(r.text.endswith("It employs 2,300 people.") for r in c.renderings)


@pytest.mark.parametrize(
    "text",
    [
        "By Monday, officials had agreed to reopen the bridge to traffic.",
        "By Kelly Brandt's account, the council never voted on the plan at all.",
        "Residents can sign up for the program at city hall until the end of May.",
        "The group said in its newsletter that the vote was delayed again.",
        "About 40 people attended the hearing, which lasted three hours.",
        "The copyright dispute over the mural went to court in March.",
    ],
)
def test_news_sentences_are_not_boilerplate(text: str) -> None:
    assert not is_boilerplate(text)
    report = _report(f"First story.\n\n{text}\n", f"Second story.\n\n{text}\n")
    c = _cluster_with(report, text[:20])
    assert c is not None and c.kind == "passage"


@pytest.mark.parametrize(
    "text",
    [
        "By Kelly Brandt, Valley News Staff Writer",
        "By Harriet Cole",
        "By Tom Reyes and Ana Diaz, Capital Herald",
        "Copyright 2024 Valley News.",
        "© 2023 Northwind Media Group",
        "All rights reserved.",
        "Subscribe at valleynews.example for unlimited access to local journalism.",
        "Follow us on Twitter.",
        "Follow Valley News on Instagram for more.",
        "Sign up for our free morning newsletter.",
        "Email her at kbrandt@valleynews.example.",
        "Media contact: press@northwind.example, 555-0142.",
        "FOR IMMEDIATE RELEASE",
        "About Northwind Energy: Northwind Energy is a regional utility.",
    ],
)
def test_boilerplate_patterns(text: str) -> None:
    assert is_boilerplate(text)


def test_short_non_boilerplate_sentences_are_not_units() -> None:
    units = _units("A short line here.\n\nAll rights reserved.\n\nIt rained.", "d")
    assert [u.text for u in units] == ["All rights reserved."]


def test_boilerplate_patterns_are_data() -> None:
    import tomllib
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "rules" / "words" / "boilerplate.toml"
    data = tomllib.loads(path.read_text("utf-8"))
    assert set(data) == {"min_words", "sentence_patterns", "paragraph_patterns"}
    rules = boilerplate_rules()
    assert len(rules.sentence) == len(data["sentence_patterns"])
    assert rules.min_words == data["min_words"] < MIN_SENTENCE_WORDS
    with pytest.raises(XrefError, match="bad pattern"):
        _patterns({"sentence_patterns": ["(unclosed"]}, "sentence_patterns")



_BOILER_PIECES = [
    "is a reporter for", "IS AN editor at", "email him at", "Email Us at", "follow her on",
    "Follow Valley News on X", "please let us know", "All Rights Reserved", "copyright 2024",
    "Copyright © Acme", "© 2021", "subscribe to", "SUBSCRIBE NOW", "ubscribe now",
    "for unlimited access",
    "sign up for our weekly briefing", "our daily newsletter", "this newsletter",
    "This story first appeared", "this article was published", "By Kelly Brandt", "by",
    "For immediate release", "Media contact:", "###", "- ends -", "four", "your", "this",
    "is", "a", "our", "_our", "9our", "-our", "(this", "é", "ſ", "K", "İ", "ı", "“", "”",
    " ", " ", "\u00a0", ".", ",", "\n", "\t",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_BOILER_PIECES), st.text(max_size=4)), max_size=14
    ).map("".join)
)
def test_sentence_patterns_tried_by_cue_match_as_one_search(text: str) -> None:
    """The shortcut (a pattern opening with a literal word is tried only
    where that word is) decides exactly as searching all the patterns."""
    rules = boilerplate_rules()
    assert rules.sentence_matches(text) == bool(rules.any_sentence.search(text))


@pytest.mark.parametrize(
    "text",
    ["ſubscribe now", "İs a writer for", "ıs a writer for", "Sign up for \u212aids newsletter",
     "She is a reporter for", "this is a reporter for", "_follow us on", "x:follow us on",
     "four newsletter", "our newsletter", "yes, our newsletter", "Copyright 2019 x"],
)
def test_sentence_patterns_by_cue_on_odd_letters(text: str) -> None:
    rules = boilerplate_rules()
    assert rules.sentence_matches(text) == bool(rules.any_sentence.search(text))


def test_most_sentence_patterns_are_tried_by_cue() -> None:
    rules = boilerplate_rules()
    cued = {p.pattern for _, p in rules.cued}
    assert len(cued) >= len(rules.sentence) // 2
    assert all(p.pattern.startswith("\\b") for _, p in rules.cued)
    # a pattern that opens with a case-sensitive or optional part is searched as before
    custom = xref.cluster.Boilerplate(
        tuple(re.compile(p, re.I) for p in (r"\b(?-i:Inc)\b", r"\bab?out us", r"\bfoo bar")),
        (), 3,
    )
    assert [c for c, _ in custom.cued] == ["foo bar"]
    assert custom.sentence_matches("xx INC Foo Bar") and not custom.sentence_matches("xx INC")
    assert custom.sentence_matches("Inc") and custom.sentence_matches("aout us")


# ------------------------------------------------- lead-ins are attribution


def test_short_lead_in_and_trailer_are_not_passages() -> None:
    a = (
        "Utility seeks rescue\n\n"
        "Chief executive Ana Ruiz said the company had “about 9 million customers who rely "
        "on us every day”.\n\n"
        "“We will not walk away from this region,” Ruiz said in a statement on Monday.\n"
    )
    b = (
        "Utility owners pledge funds\n\n"
        "Ana Ruiz said the company had “about 9 million customers who rely on us every day”.\n\n"
        "“We will not walk away from this region,” Ruiz said in a statement on Monday.\n"
    )
    report = _report(a, b)
    assert [c.kind for c in report.clusters] == ["quote", "quote"]
    for c in report.clusters:
        assert all(r.quoted for r in c.renderings)
    units = _units(a, "a")
    assert not any("said the company had" in u.text for u in units)
    assert not any(u.text.startswith("Ruiz said") for u in units)


def test_long_lead_in_is_still_a_passage() -> None:
    lead = (
        "Mississippi Attorney General Lynn Fitch joined a coalition of 18 state attorneys "
        "general on Thursday in urging the president to reverse the cancellation, writing that"
    )
    a = f"Story one.\n\n{lead} “the program protected children in every state”.\n"
    b = f"Story two.\n\n{lead} “it kept predators off the streets of our towns”.\n"
    report = _report(a, b)
    c = _cluster_with(report, "joined a coalition of 18")
    assert c is not None and c.kind == "passage"


def test_is_lead_in_and_is_trailer_near_misses() -> None:
    t = "The council met on Monday to vote on the budget. “We lost,” she said."
    assert not is_lead_in(t, 0, t.index(" “"), t.index("“"))
    t = "Budget passes council vote\n“We lost,” she said."
    assert not is_lead_in(t, 0, t.index("\n"), t.index("“"))  # a headline above the quote
    t = "Hawley said:\n\n“We lost.”"
    assert is_lead_in(t, 0, 12, t.index("“"))
    t = "“We lost.” The council then approved the budget by 30 votes to 12."
    close = t.index("”") + 1
    assert not is_trailer(t, close + 1, len(t), close, len(t))


def test_unquoted_rendering_evidence_does_not_say_quote() -> None:
    release = (
        "About Harlow Paper Co.: Harlow Paper Co. makes packaging for 900 customers in "
        "twelve states. It employs 2,300 people.\n"
    )
    wire = (
        "About Harlow Paper Co.: Harlow Paper Co. makes packaging for 900 customers in "
        "twelve states.\n"
    )
    report = _report("Release.\n\n" + release, "Wire.\n\n" + wire)
    [c] = report.clusters
    [r] = [r for r in c.renderings if r.verdict == "truncated"]
    assert not r.quoted
    assert r.evidence and not any("quote" in e.message for e in r.evidence)
    assert any("reference" in e.message for e in r.evidence)
    assert unquoted_wording("the quote's words") == "this text's words"


def test_a_misquote_syndicated_to_many_documents_still_meets_the_right_quote() -> None:
    """Verbatim copies of a wrong rendering must not fill every candidate slot."""
    from xref.model import Document
    from xref.report import report_documents

    good = ("“We will keep the clinic open for 300 more days, and we will not cut a single "
            "nurse,” Mayor Ana Ortiz said on Monday.")
    bad = good.replace("300 more days", "30 more days")
    filler = "The council met in the evening and residents asked about parking."
    docs = [Document(f"good{i:02d}", f"good{i}.txt", f"{filler} {good}") for i in range(30)]
    docs += [Document(f"wire{i:02d}", f"wire{i}.txt", f"{filler} {bad}") for i in range(12)]
    report = report_documents(docs)
    quote = next(c for c in report.clusters if c.kind == "quote")
    verdicts = {r.doc: r.verdict for r in quote.renderings}
    assert all(verdicts[f"wire{i:02d}"] == "conflict" for i in range(12))
    assert "number-mismatch" in {f.rule for f in report.findings}


def test_the_original_is_the_reference_of_a_document_quoting_it() -> None:
    """A court opinion states the words in full; a brief quotes part of them."""
    from xref.model import Document
    from xref.report import report_documents

    opinion = Document("opinion", "opinion.txt", (
        "The statute does not reach conduct that occurs entirely outside the United "
        "States, and nothing in its text suggests that Congress meant it to do so."))
    brief = Document("brief", "brief.txt", (
        "As the court held, “the statute does not reach conduct that occurs entirely "
        "outside the United States.” The appellant disagrees."))
    report = report_documents([opinion, brief])
    [cluster] = [c for c in report.clusters if "statute" in c.text]
    assert cluster.reference.doc == "opinion"
    assert {r.doc: r.verdict for r in cluster.renderings}["brief"] in ("truncated", "variant")


def test_a_generic_sentence_does_not_join_a_quotation_sharing_its_phrase() -> None:
    """Bench false positive: a short generic sentence ("It is located in the
    north of the country.") aligned well inside a longer quotation, sharing
    only two content words."""
    from xref.model import Document
    from xref.report import report_documents

    a = Document("a", "a.txt", "The museum is small. It is located in the north.")
    b = Document("b", "b.txt", (
        "“The new depot is located in the north and will open in May,” "
        "the mayor said."))
    report = report_documents([a, b])
    assert report.clusters == ()


def test_sentences_on_one_pattern_about_different_things_do_not_join() -> None:
    """Bench false positive: two sentences built on one pattern ("It was only
    released in the United …") naming different things share the pattern's
    words, not enough of their content for a conflict."""
    from xref.model import Document
    from xref.report import report_documents

    a = Document("a", "a.txt", "The album sold well. It was only released in the United "
                               "Kingdom and Ireland, the label said.")
    b = Document("b", "b.txt", "Critics were cold. It was only released in the United "
                               "States and Canada, the label said.")
    assert report_documents([a, b]).clusters == ()
    # the same sentence with one name changed is still a conflict
    c = Document("c", "c.txt", "Critics were cold. It was only released in the United "
                               "Kingdom and Norway, the label said.")
    [cluster] = report_documents([a, c]).clusters
    assert {r.verdict for r in cluster.renderings} == {"exact", "conflict"}


def test_a_fragment_with_one_content_word_joins_nothing() -> None:
    """Bench false positive: a three-word quotation ("and the Titumir") is
    word for word inside another document's quotation, but one shared
    content word says nothing; two do ("a national disgrace")."""
    from xref.model import Document
    from xref.report import report_documents

    a = Document("a", "a.txt", "He spoke of “the census and the Titumir of the north” at length.")
    b = Document("b", "b.txt", "The clerk wrote “and the Titumir” in the margin.")
    assert report_documents([a, b]).clusters == ()
    c = Document("c", "c.txt", "She called it “a national disgrace for all of us” on Monday.")
    d = Document("d", "d.txt", "The senator said it was “a national disgrace” and left.")
    [cluster] = report_documents([c, d]).clusters
    assert {r.verdict for r in cluster.renderings} == {"exact", "truncated"}


# ------------------------------------------------- linking through the index


def _seed_units(seed_docs: dict[str, Document]) -> tuple[dict[str, list[Unit]], CorpusIndex]:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    units = {d.id: units_of(d, extract_quotes(d).quotes) for d in docs}
    return units, CorpusIndex.build_shared(docs)


def _one_unit_at_a_time(
    units: Sequence[Unit], index: CorpusIndex, copies: dict[tuple[str, int, int], int],
    per_unit: int,
) -> list[list[Candidate]]:
    """The candidate step as it was: each unit's text asked on its own."""
    return [
        index.candidates(u.text, limit=per_unit + copies[u.key] - 1, exclude=[u.doc],
                         min_hits=2, min_share=CANDIDATE_MIN_SHARE)
        for u in units
    ]


def test_batched_candidates_find_the_edges_of_one_query_per_unit(
    seed_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Units asked in batches, their words read off the index's tokens, link
    exactly as when each unit's text is asked on its own; the batch size
    does not matter either."""
    units, index = _seed_units(seed_docs)
    batched = find_edges(units, index)
    assert len(batched) >= 5
    assert {e.short.doc for e in batched} | {e.long.doc for e in batched} >= {
        "000_e1a3f1ace85cd228", "001_f0198ec2f486b8dd", "002_effaf23c737ff1e8",
        "003_a8bbc7f83dd85161",
    }
    monkeypatch.setattr(xref.cluster, "_QUERY_BATCH", 1)
    assert find_edges(units, index) == batched
    monkeypatch.setattr(xref.cluster, "_unit_candidates", _one_unit_at_a_time)
    assert find_edges(units, index) == batched


def test_batched_candidates_of_a_chunk_match_the_whole(seed_docs: dict[str, Document]) -> None:
    """Chunks of querying documents (worker processes) merge to the same edges."""
    units, index = _seed_units(seed_docs)
    ids = sorted(units)
    parts = [find_edges(units, index, only_docs=ids[:2]),
             find_edges(units, index, only_docs=ids[2:])]
    assert merge_edges(parts) == find_edges(units, index)


@settings(max_examples=200, deadline=None)
@given(
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=12),
    window=st.tuples(st.integers(0, 90), st.integers(0, 40)),
)
def test_units_overlapping_a_window_are_those_a_scan_finds(
    spans: list[tuple[int, int]], window: tuple[int, int]
) -> None:
    """Nested, touching and disjoint units: the bisecting lookup finds the
    units a scan of all of them finds, in list order."""
    units = [Unit("d", s, s + n, "", False) for s, n in spans]
    start, end = window[0], window[0] + window[1]
    scan = [u for u in units if not (u.end <= start or u.start >= end)]
    assert _Placed(units).overlapping(start, end) == scan


def test_copies_read_off_the_index_equal_copies_from_the_text() -> None:
    """``prepare`` with the index reads each unit's words off its document's
    tokens: the same copy counts (and quotes by number) as normalizing the
    units' texts, on the seeds and on a generated corpus with copies."""
    import sys
    from pathlib import Path

    from xref.cluster import prepare, units_of
    from xref.index import CorpusIndex
    from xref.load import load

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root))
    try:
        from bench.generate import generate
    finally:
        sys.path.remove(str(root))
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp) / "gen", docs=30, quotes=6, doc_bytes=1200, seed=11)
        for folder in (root / "seeds", Path(tmp) / "gen" / "corpus"):
            loaded = load([folder]).documents
            # a syndicated copy: every unit of the first document twice
            docs = (*loaded, attrs.evolve(loaded[0], id="zz-copy", path="zz-copy.txt"))
            units = {d.id: units_of(d, extract_quotes(d).quotes) for d in docs}
            index = CorpusIndex.build_shared(docs)
            fast, plain = prepare(units, index), prepare(units)
            assert fast == plain
            assert max(fast.copies.values()) >= 2  # copies exist to be counted


def _river(doc: str, name: str, other: str, *, neg: bool = True, speaker: str = "Ana Vlad") -> str:
    body = f"The {name} River is {'not ' if neg else ''}a tributary of the {other} River in Romania"
    return f"The survey was published on Monday.\n\n“{body},” said {speaker}.\n"


def test_a_fragment_does_not_chain_different_quotations_into_one_cluster() -> None:
    """Bench miss at 10,000 documents: a truncated fragment ("Breaza River is
    not a tributary of the") paraphrases several quotations made on one
    pattern; joined through it, the quotations shared one reference and all
    but one were dropped.  Each quotation keeps its own cluster."""
    from xref.model import Document

    docs = [
        Document("a1", "a1.txt", _river("a1", "Horezu", "Ponoru")),
        Document("a2", "a2.txt", _river("a2", "Horezu", "Ponoru")),
        Document("a3", "a3.txt", _river("a3", "Horezu", "Ponoru", neg=False)),
        Document("b1", "b1.txt", _river("b1", "Bradu", "Hudeasa")),
        Document("b2", "b2.txt", _river("b2", "Bradu", "Hudeasa")),
        Document("c1", "c1.txt", _river("c1", "Breaza", "Geamărtălui")),
        Document("c2", "c2.txt", "The survey was published on Monday.\n\n"
                 "“Breaza River is not a tributary of the,” said Ana Vlad.\n"),
        Document("d1", "d1.txt", _river("d1", "Șimon lui Lambă River or Lom", "Valea")),
    ]
    report = report_documents(docs)
    by_docs = {tuple(sorted(c.docs)) for c in report.clusters if c.kind == "quote"}
    assert ("a1", "a2", "a3") in by_docs
    assert ("b1", "b2") in by_docs
    assert ("c1", "c2") in by_docs
    horezu = _cluster_with(report, "Horezu")
    assert horezu is not None
    assert {r.doc: r.verdict for r in horezu.renderings}["a3"] == "conflict"


def test_without_the_guard_the_fragment_chains_them() -> None:
    """The guard is what keeps them apart: the same edges, unguarded, make
    one group (so the test above can fail)."""
    from xref.cluster import _components, find_edges, units_of
    from xref.model import Document

    docs = [
        Document("a1", "a1.txt", _river("a1", "Horezu", "Ponoru")),
        Document("a2", "a2.txt", _river("a2", "Horezu", "Ponoru")),
        Document("b1", "b1.txt", _river("b1", "Bradu", "Hudeasa")),
        Document("b2", "b2.txt", _river("b2", "Bradu", "Hudeasa")),
        Document("c1", "c1.txt", _river("c1", "Breaza", "Geamărtălui")),
        Document("c2", "c2.txt", "The survey was published on Monday.\n\n"
                 "“Breaza River is not a tributary of the,” said Ana Vlad.\n"),
    ]
    units = {d.id: units_of(d, extract_quotes(d).quotes) for d in docs}
    edges = find_edges(units, CorpusIndex.build(docs))
    unguarded = [g for g in _components(edges) if len(g) > 1]
    assert max(len(g) for g in unguarded) >= 5


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("because it's so cold and so built.", "because it's so spread and so built."),
        ("because it’s so large and so head.", "because it’s so large and so everywhere."),
    ],
)
def test_quotations_on_one_pattern_of_function_words_do_not_join(a: str, b: str) -> None:
    """Bench false positive: "because", "so" and "it's" are not content words;
    two quotations sharing them and one word are different quotations."""
    from xref.model import Document

    report = report_documents([
        Document("a", "a.txt", f"The show ended. “{a[:-1]},” said Ann Lee.\n"),
        Document("b", "b.txt", f"The show began. “{b[:-1]},” said Ann Lee.\n"),
    ])
    assert report.clusters == ()
