"""xref.compare: labelled cases (tests/data/compare_cases.toml), the seeds,
offsets and evidence invariants."""

from __future__ import annotations

import doctest
import importlib
import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import labelled_params
from hypothesis import given, settings
from hypothesis import strategies as st

from xref.compare import compare, quote_parts
from xref.errors import XrefError
from xref.lexicon import default_lexicon, load_lexicon
from xref.model import VERDICTS, Comparison

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "data" / "compare_cases.toml").read_text())[
    "case"
]


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _check_offsets(c: Comparison) -> None:
    assert 0 <= c.source_start <= c.source_end <= len(c.source)
    for d in c.diffs:
        assert c.quote[d.a_start : d.a_end] == d.a, d
        assert c.source[d.b_start : d.b_end] == d.b, d


def _params() -> list[Any]:
    return labelled_params(CASES, "id")


def test_cases_cover_every_verdict() -> None:
    covered = {c["verdict"] for c in CASES if "xfail" not in c}
    assert covered == set(VERDICTS)
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    c = compare(case["quote"], case["source"])
    codes = [e.code for e in c.evidence]
    assert c.verdict == case["verdict"], c.explain()
    if "evidence" in case:
        assert case["evidence"] in codes, c.explain()
    if "not_evidence" in case:
        assert case["not_evidence"] not in codes, c.explain()
    assert c.evidence, "every verdict explains itself"
    _check_offsets(c)


# -- the seeds ---------------------------------------------------------------


def test_seed_001_truncates_000() -> None:
    """001 quotes the letter up to "assault more victims," where 000 goes on
    ", both in the process of unlawful migration..."."""
    s0, s1 = _seed("000"), _seed("001")
    start = s1.index("The cancellation of this program")
    end = s1.index("assault more victims,") + len("assault more victims,")
    quote = s1[start:end]
    c = compare(quote, s0)
    assert c.verdict == "truncated", c.explain()
    assert c.matched.startswith("The cancellation of this program")
    assert c.matched.endswith("assault more victims")
    assert s0[c.source_end :].startswith(", both in the process of unlawful migration")
    _check_offsets(c)


def test_seed_whole_passage_is_truncated_against_document() -> None:
    s0, s1 = _seed("000"), _seed("001")
    start = s1.rindex("“We urge you") + 1
    end = s1.index("United States of America,”", start) + len("United States of America")
    c = compare(s1[start:end], s0)
    assert c.verdict == "truncated", c.explain()
    assert c.matched == s1[start:end]


def test_seed_attorneys_general_count_is_not_a_number_conflict() -> None:
    s0, s1 = _seed("000"), _seed("001")
    quote = s1[s1.index("Eighteen GOP") : s1.index(" in a letter")]
    c = compare(quote, "18 GOP state attorneys general urged President Joe Biden")
    assert c.verdict == "variant"
    assert "number-changed" not in [e.code for e in c.evidence]
    assert "18 state attorneys general" in s0


def test_seed_altered_quote_is_a_conflict() -> None:
    s0 = _seed("000")
    original = "Sexual predators are not welcome in Mississippi"
    assert original in s0
    c = compare("Sexual predators are welcome in Mississippi", s0)
    assert c.verdict == "conflict"
    (neg,) = [d for d in c.diffs if d.kind == "negation"]
    assert neg.b == "not" or "not" in neg.b
    _check_offsets(c)


def test_seed_number_conflict_names_the_numbers() -> None:
    s0 = _seed("000")
    c = compare("ICE arrested 19,725 illegal aliens with criminal convictions", s0)
    assert c.verdict == "conflict"
    ev = next(e for e in c.evidence if e.code == "number-changed")
    assert (ev.a, ev.b) == ("19,725", "19,752")
    (d,) = [d for d in c.diffs if d.kind == "number"]
    assert s0[d.b_start : d.b_end] == "19,752"


def test_source_offsets_point_into_source_with_curly_text() -> None:
    src = "He said: “The cancellation of this program effectively broadcasts to the world.”"
    c = compare("the cancellation of this program effectively broadcasts", src)
    assert c.verdict == "truncated"
    assert c.matched == "The cancellation of this program effectively broadcasts"
    assert [d.kind for d in c.diffs] == ["case"]


# -- invariants --------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in CASES if "xfail" not in c], ids=lambda c: c["id"])
def test_reverse_direction_keeps_offsets(case: dict[str, Any]) -> None:
    c = compare(case["source"], case["quote"])
    assert c.verdict in VERDICTS
    _check_offsets(c)


def test_deterministic() -> None:
    for case in CASES[:20]:
        assert compare(case["quote"], case["source"]) == compare(case["quote"], case["source"])


def test_quote_parts_marks() -> None:
    p = quote_parts("[T]he program … assault [more] victims")
    assert [u.key for u in p.words] == ["the", "program", "assault", "victims"]
    assert p.gaps == frozenset({2})
    assert [b[0] for b in p.brackets] == [3]


def test_empty_source() -> None:
    c = compare("some words", "")
    assert c.verdict == "unrelated"
    assert (c.source_start, c.source_end) == (0, 0)


# -- lexicon -----------------------------------------------------------------


def test_default_lexicon_lists() -> None:
    lex = default_lexicon()
    assert "not" in lex.negators and "never" in lex.negators
    assert ("won", "lost") in lex.antonyms and ("lost", "won") in lex.antonyms
    assert lex.number_words["eighteen"] == 18
    assert lex.months["oct"] == 10
    assert lex.canonical_spelling("colour") == "color"
    assert default_lexicon() is lex


def test_user_word_lists_extend_the_lexicon(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text('antonyms = [["hotels", "homes"]]\n', encoding="utf-8")
    lex = load_lexicon([tmp_path])
    assert ("hotels", "homes") in lex.antonyms
    assert ("won", "lost") in lex.antonyms  # merged, not replaced
    c = compare("these hotels were built", "these homes were built", lexicon=lex)
    assert c.verdict == "conflict"
    assert compare("these hotels were built", "these homes were built").verdict == "paraphrase"


def test_bad_word_list_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("negators = 3\n", encoding="utf-8")
    with pytest.raises(XrefError, match="negators"):
        load_lexicon([tmp_path])
    (tmp_path / "bad.toml").write_text("negators = [", encoding="utf-8")
    with pytest.raises(XrefError, match="TOML"):
        load_lexicon([tmp_path])
    with pytest.raises(XrefError):
        load_lexicon([tmp_path / "missing"])


@pytest.mark.parametrize("name", ["xref.compare", "xref.lexicon", "xref.semantics"])
def test_doctests(name: str) -> None:
    # by name: the package's own compare() function shadows the module
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab cd.…[]()\"“”'’-, 18£$mkn")), max_size=40),
    st.text(max_size=80),
)
def test_compare_never_raises_and_keeps_offsets(quote: str, source: str) -> None:
    c = compare(quote, source)
    assert c.verdict in VERDICTS
    assert 0.0 <= c.score <= 100.0
    assert c.evidence
    _check_offsets(c)


# -- number notation across a corpus -------------------------------------------


def test_number_notation_is_no_number_mismatch_in_a_corpus() -> None:
    """Three outlets write one figure three ways ("£2.1bn", "£2.1 billion",
    "2.1 billion pounds"): the renderings are variants and the consistency
    check ``number-mismatch``, which reads compare's verdicts, stays quiet;
    a real change of the figure in a fourth outlet is still found."""
    from xref.model import Document
    from xref.report import report_documents

    said = (
        'Northgate Rail said that "investors have pledged {} of fresh capital,'
        ' provided the regulator signs off on the plan".\n'
    )
    docs = [
        Document("courier", "courier.txt", "Rail rescue agreed\n\n" + said.format("£2.1bn")),
        Document(
            "herald", "herald.txt", "Investors back rail firm\n\n" + said.format("£2.1 billion")
        ),
        Document(
            "wire", "wire.txt", "Rail operator funding\n\n" + said.format("2.1 billion pounds")
        ),
    ]
    report = report_documents(docs)
    [cluster] = [c for c in report.clusters if c.kind == "quote"]
    assert len(cluster.renderings) == 3
    assert {r.verdict for r in cluster.renderings[1:]} == {"variant"}, [
        (r.doc, r.verdict, [e.code for e in r.evidence]) for r in cluster.renderings
    ]
    assert not [f for f in report.findings if f.rule == "number-mismatch"]

    wrong = Document("gazette", "gazette.txt", "Rail money\n\n" + said.format("£2.4bn"))
    report = report_documents([*docs, wrong])
    found = [f for f in report.findings if f.rule == "number-mismatch"]
    assert len(found) == 1 and "gazette" in {loc.doc for loc in found[0].locations}


# -- long quotes (QA2 P1-8): bounded work, right verdict ------------------------

_LONG_SENTENCES = (
    "The board met on the {n}th day of the session and heard from the farmers of the valley.",
    "Wells in the eastern basin fell by {n} feet, and the water in the river ran low for the year.",
    "Members of the public asked the board to set a limit on the pumping of the aquifer.",
    "The report of the institute found that {n} of the wells had dried up since the last survey.",
)


def _long_text(sentences: int) -> str:
    return " ".join(
        _LONG_SENTENCES[k % len(_LONG_SENTENCES)].format(n=k + 3) for k in range(sentences)
    )


def test_long_quote_compares_with_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    import heapq

    import xref.semantics

    pops = 0

    class CountingHeap:
        heapify = staticmethod(heapq.heapify)
        heappush = staticmethod(heapq.heappush)

        @staticmethod
        def heappop(heap: list[tuple[int, float, int, int]]) -> tuple[int, float, int, int]:
            nonlocal pops
            pops += 1
            return heapq.heappop(heap)

    monkeypatch.setattr(xref.semantics, "heapq", CountingHeap)
    source = _long_text(200)  # about 3,600 words of repetitive prose
    words = source.split()
    quote = " ".join([*words[:-6], "with", "the", "river", "in", "spate", "today."])
    quote = quote.replace("fell by 200 feet", "fell by 2,000 feet")
    assert len(quote.split()) > 3000
    c = compare(quote, source)
    assert c.verdict == "conflict"
    assert any(e.code == "number-changed" and e.a == "2,000" for e in c.evidence)
    # greedy tiling over candidates near each word's position: linear, not
    # one queue entry per pair of repeated words ("the" x "the")
    assert 0 < pops <= 20 * len(words)


def test_long_quote_is_placed_by_head_and_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    import xref.align
    from xref.align import LONG_QUOTE_CHARS, _anchor_window, locate

    source = "Preface, minutes 2022. " + _long_text(120) + " Appendix follows."
    quote = _long_text(120)
    assert len(quote) > LONG_QUOTE_CHARS
    a = locate(quote, source)
    assert a is not None
    assert source[a.start : a.end] == quote.rstrip(".")
    assert _anchor_window(quote[:LONG_QUOTE_CHARS], source) is None  # short: whole alignment
    # the same span as a whole-quote alignment finds
    monkeypatch.setattr(xref.align, "LONG_QUOTE_CHARS", 10**9)
    whole = locate(quote, source)
    assert whole is not None and (whole.start, whole.end) == (a.start, a.end)
