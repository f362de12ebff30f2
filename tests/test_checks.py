"""The consistency checks on the real seeds and on the labelled cases (xref.checks)."""

from __future__ import annotations

import doctest
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xref.checks.arithmetic
import xref.checks.context
import xref.checks.counts
import xref.checks.numbers
import xref.legal_cites
from xref.checks import CHECKS, run_checks
from xref.checks.context import Anchors, Context
from xref.model import Cluster, Document, Finding, Rendering
from xref.rules import Rule, load_ruleset

ROOT = Path(__file__).resolve().parent.parent


def _eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rules_eval", ROOT / "eval" / "rules_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["rules_eval"] = mod
    spec.loader.exec_module(mod)
    return mod


RULES_EVAL = _eval()
CASES = RULES_EVAL.load_cases()


@pytest.fixture(scope="module")
def seed_findings(seed_docs: dict[str, Document]) -> list[Finding]:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    return run_checks(docs, [], [])


@pytest.mark.parametrize(
    "module", [xref.checks.context, xref.checks.counts, xref.checks.numbers, xref.legal_cites]
)
def test_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_every_kind_has_a_check() -> None:
    kinds = {r.kind for r in load_ruleset()}
    assert kinds - {"extraction", "loading"} == set(CHECKS)


# --------------------------------------------------------------- the seeds


def test_seed_coalition_count(seed_findings: list[Finding]) -> None:
    """001's "joined 18" makes 19 against 18 everywhere else.

    (000's coalition and its list, 001's "Eighteen GOP state attorneys general".)
    """
    counts = [f for f in seed_findings if f.rule == "count-mismatch"]
    assert len(counts) == 1
    [f] = counts
    where = {(loc.doc[:3], loc.text) for loc in f.locations}
    assert ("001", "Eighteen GOP state attorneys general") in where
    assert ("001", "joined 18 state attorneys general") in where
    assert ("000", "coalition of 18 state attorneys general") in where
    lists = [loc for loc in f.locations if loc.text.startswith("In addition to Mississippi")]
    assert len(lists) == 1 and lists[0].text.endswith("West Virginia")
    totals = {e.a: e.value for e in f.evidence if e.code == "count-total"}
    assert totals["joined 18 state attorneys general"] == 19
    assert totals["Eighteen GOP state attorneys general"] == 18
    assert totals[lists[0].text] == 18
    assert "19" in f.message and "joiner" in f.message


def test_seed_consistent_numbers_are_silent(seed_findings: list[Finding]) -> None:
    """More than 300 vs 302, 19,752 twice, the correct 77.5 percent: no finding."""
    for f in seed_findings:
        for loc in f.locations:
            assert not any(x in loc.text for x in ("302", "300", "19,752", "77.5", "4,601"))


def test_seed_average_is_reported(seed_findings: list[Finding]) -> None:
    [f] = [f for f in seed_findings if f.rule == "arithmetic"]
    assert {loc.text for loc in f.locations} == {
        "at least 4,829",
        "an average of 753 over a six day period",
    }
    assert "753 × 6 = 4,518" in f.message and "at least 4,829" in f.message
    assert f.evidence[0].value == 4518 and f.evidence[0].threshold == 4829


def test_seed_findings_exactly(seed_findings: list[Finding]) -> None:
    assert sorted(f.rule for f in seed_findings) == ["arithmetic", "count-mismatch", "name-variant"]


def test_locations_slice_original_text(
    seed_docs: dict[str, Document], seed_findings: list[Finding]
) -> None:
    for f in seed_findings:
        assert f.locations and f.evidence and f.message
        for loc in f.locations:
            assert seed_docs[loc.doc].text[loc.start : loc.end] == loc.text


def test_deterministic_and_sorted(seed_docs: dict[str, Document]) -> None:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    a = run_checks(docs, [], [])
    b = run_checks(list(reversed(docs)), [], [])
    assert [f.to_json() for f in a] == [f.to_json() for f in b]
    assert [f.sort_key() for f in a] == sorted(f.sort_key() for f in a)


def test_seeds_through_the_pipeline_have_no_false_conflicts() -> None:
    """With the real extraction and clustering: no attribution or number conflicts on the seeds."""
    import xref

    report = xref.report([ROOT / "seeds"])
    rules = {f.rule for f in report.findings}
    assert "attribution-conflict" not in rules and "number-mismatch" not in rules
    assert {"count-mismatch", "name-variant", "arithmetic"} <= rules


def test_severity_override_and_off(seed_docs: dict[str, Document]) -> None:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    rules = load_ruleset(severities={"arithmetic": "off", "name-variant": "error"})
    found = run_checks(docs, [], [], rules)
    assert "arithmetic" not in {f.rule for f in found}
    assert {f.severity for f in found if f.rule == "name-variant"} == {"error"}


def test_number_mismatch_points_at_the_numbers() -> None:
    a = Document("a", "a.txt", "The letter states “ICE arrested 19,752 aliens” in full.")
    b = Document("b", "b.txt", "Fox said “ICE arrested 17,952 aliens” in full.")
    qa, qb = "ICE arrested 19,752 aliens", "ICE arrested 17,952 aliens"
    sa, sb = a.text.index(qa), b.text.index(qb)
    cluster = Cluster(
        "c1",
        "quote",
        (
            Rendering("a", sa, sa + len(qa), qa, "exact", 100.0),
            Rendering("b", sb, sb + len(qb), qb, "conflict", 90.0),
        ),
    )
    [f] = run_checks([a, b], [], [cluster], load_ruleset().only("number-mismatch"))
    assert [loc.text for loc in f.locations] == ["19,752", "17,952"]


# --------------------------------------------------------- arithmetic: percent change


def _arithmetic(text: str, **options: float) -> tuple[Document, list[Finding]]:
    """The arithmetic findings on one document (the rule's options overridden)."""
    doc = Document("d0", "d0.txt", text)
    rule = load_ruleset().get("arithmetic")
    rule = attrs.evolve(rule, options={**rule.options, **options})
    return doc, xref.checks.arithmetic.check(Context((doc,)), rule)


def _slices(doc: Document, f: Finding) -> list[str]:
    for loc in f.locations:
        assert doc.text[loc.start : loc.end] == loc.text
    return [loc.text for loc in f.locations]


def test_percent_change_shows_its_computation() -> None:
    doc, [f] = _arithmetic(
        "Arrests rose to 1,200 in 2024, up from 1,000 the year before, an increase of 35 percent."
    )
    assert _slices(doc, f) == ["1,200", "1,000", "35 percent"]
    assert f.message.startswith(
        "“rose to 1,200 in 2024, up from 1,000 the year before, an increase of 35 percent” "
        "does not add up: (1,200 − 1,000) / 1,000 = 20.0 %, not a rise of 35 percent"
    )
    # the tolerance: the stated percent as rounded, and each end within 1 %
    assert "35 percent read as 34.45 to 35.55 %" in f.message
    assert "1,000 and 1,200 within 1 %, the figures give 17.6 to 22.4 %" in f.message
    [ev] = f.evidence
    assert (ev.code, ev.a, ev.b, ev.value, ev.threshold) == (
        "percent-change", "35 percent", "from 1,000 to 1,200", 20.0, 35.0
    )  # fmt: skip


def test_percent_change_a_fall_and_its_direction() -> None:
    doc, [f] = _arithmetic("Sales were down 30 percent to 600 from 800 in the first quarter.")
    assert _slices(doc, f) == ["30 percent", "600", "800"]
    assert "(600 − 800) / 800 = −25.0 %, not a fall of 30 percent" in f.message
    assert (f.evidence[0].value, f.evidence[0].threshold) == (-25.0, -30.0)
    doc, [f] = _arithmetic("Reported burglaries rose 25 percent last year, from 800 to 600.")
    assert f.evidence[0].code == "percent-change-direction"
    assert "(600 − 800) / 800 = −25.0 %: the figures fall, not a rise of 25 percent" in f.message
    assert _arithmetic("Enrollment fell from 500 to 400, a 20 percent drop.")[1] == []
    assert _arithmetic("Sales fell 25 percent to 600 from 800.")[1] == []


def test_percent_change_ends_of_a_range_and_scale_words() -> None:
    # "2.0 million to 3.6 million" is one range mention for the numbers parser
    text = "Revenue posted a 50 percent rise, from 2.0 million to 3.6 million, the audit found."
    doc, [f] = _arithmetic(text)
    assert _slices(doc, f) == ["50 percent", "2.0 million", "3.6 million"]
    assert "(3.6 million − 2.0 million) / 2.0 million = 80.0 %" in f.message
    assert "2.0 million and 3.6 million read as rounded" in f.message
    # "from $2 to $3 million": the first end has the second's scale word
    doc, [f] = _arithmetic("Revenue rose 150 percent, from $2 to $3 million.")
    assert _slices(doc, f) == ["150 percent", "$2", "$3 million"]
    assert f.evidence[0].value == 50.0
    assert _arithmetic("Revenue increased 50 percent, from 2 million to 3 million.")[1] == []


def test_percent_change_offsets_in_text_that_normalization_changes() -> None:
    # a ligature, an ellipsis, a zero-width space, a no-break space: normalized text is
    # longer or shorter than the original, and locations still slice the original
    text = (
        "The ﬁrm’s “regulars”… by the owner’s\u200b count  fell from 1,200 to 900,"
        " a 40\u00a0percent drop."
    )
    doc, [f] = _arithmetic(text)
    assert _slices(doc, f) == ["1,200", "900", "40\u00a0percent"]
    assert "(900 − 1,200) / 1,200 = −25.0 %" in f.message


def test_percentage_points_are_a_difference() -> None:
    text = (
        "The jobless rate rose from 3.6 percent to 4.1 percent, "
        "an increase of 1.5 percentage points."
    )
    doc, [f] = _arithmetic(text)
    assert _slices(doc, f) == ["3.6 percent", "4.1 percent", "1.5 percentage points"]
    assert "4.1 − 3.6 = 0.5 points, not a rise of 1.5 percentage points" in f.message
    assert (f.evidence[0].code, f.evidence[0].value) == ("point-change", 0.5)
    ok = "The rate rose from 5 percent to 7 percent, a 2 percentage point increase."
    assert _arithmetic(ok)[1] == []
    relative = "The rate rose from 5 percent to 7 percent, a 10 percent increase."
    assert _arithmetic(relative)[1] == []  # points or a relative change: unclear, silent


def test_percent_change_tolerance_is_an_option() -> None:
    text = "Visits to the park fell to 5,800 from 8,000, a drop of 30 percent."  # −27.5 %
    assert len(_arithmetic(text)[1]) == 1
    assert _arithmetic(text, change_tolerance=0.05)[1] == []
    assert _arithmetic(text.replace("of 30", "of nearly 30"))[1] == []  # the qualifier widens


# ------------------------------------------- arithmetic: what a breakdown is (sum of parts)


def test_scores_and_ratios_are_neither_totals_nor_parts() -> None:
    """Two figures joined by a colon or a dash and nothing else are one score
    or ratio ("6 : 4", "6-4", "10–4", "2.5 : 1"; "1 -- 0" where no word
    follows): not a total with a list after a colon, not parts of one."""
    for text in (
        "Okafor won 6 : 4, 7 : 5, 6 : 3 in the final.",
        "The bill passed 52-48: 30 Republicans and 22 Democrats voted for it.",
        "Allen won the final 10–4 (104–0 in the deciding frame) against Gould.",
        "A ratio of 2.5 : 1 cut the rate, whereas a ratio of 4 : 1 did not.",
        "Allen won the final 1 -- 0 (104 -- 0) against Gould.",
    ):
        assert _arithmetic(text)[1] == [], text
    # a list after a colon or a spaced dash is still one ...
    for text in (
        "Agents arrested a total of 40 people: 12 in Texas and 25 in Florida.",
        "Agents arrested a total of 40 people -- 12 in Texas and 25 in Florida.",
    ):
        doc, [f] = _arithmetic(text)
        assert _slices(doc, f) == ["40", "12", "25"], text
    # ... and a score before a real breakdown neither hides it nor joins it
    doc, [f] = _arithmetic("The board voted 7-2 to grant 400 permits: 150 to shops, 200 to homes.")
    assert _slices(doc, f) == ["400", "150", "200"]
    assert "the parts 150 + 200 = 350, not the total 400" in f.message


def test_a_bracket_breaks_down_the_figure_before_it_and_only_inside() -> None:
    doc, [f] = _arithmetic(
        "The clinic treated 640 patients (210 adults and 330 children) last year, "
        "and 120 more in January."
    )
    assert _slices(doc, f) == ["640", "210", "330"]  # not the 120 after the bracket
    assert "the parts 210 + 330 = 540, not the total 640" in f.message
    assert _arithmetic(
        "The clinic treated 640 patients (210 adults and 430 children) last year, "
        "and 120 more in January."
    )[1] == []
    # the bracket after "round 1" is round 1's, not the five games'
    assert _arithmetic("He started five games from round 1 (Leeds) to round 5 (Hull).")[1] == []
    # "Officers seized 12 cars and 4 trucks: 3 of them stolen": the colon is the 4's
    assert _arithmetic("Officers seized 12 cars and 4 trucks: 3 of them stolen.")[1] == []


# ------------------------------------------------ count-mismatch: what a group count is


def _counts(*texts: str) -> list[Finding]:
    docs = [Document(f"d{i}", f"d{i}.txt", t) for i, t in enumerate(texts)]
    return run_checks(docs, [], [], load_ruleset().only("count-mismatch"))


def test_other_n_and_the_list_of_the_others_count_the_one_named_too() -> None:
    [f] = _counts(
        "Harbor Aviation, which founded the carrier, has also set up four other airlines, "
        "namely Skylark, Polar Air, Coastline, Bluebird and Redwing."
    )
    totals = {e.a: (e.value, e.message) for e in f.evidence if e.code == "count-total"}
    assert totals["four other airlines"][0] == 5
    [(listed, why)] = [v for k, v in totals.items() if k.startswith("Skylark")]
    assert listed == 6 and "the one named plus 5 listed others" in why
    # "the other 17": 18 with the one named, as "17 other" is
    assert _counts(
        "Eighteen state attorneys general signed. Fitch and the other 17 state attorneys "
        "general urged the president to act, and Fitch joined 17 state attorneys general."
    ) == []


_SHARED = "Northwind Cable agreed to sell its systems in the valley to a regional rival on Monday. "


def test_a_count_is_not_linked_to_a_story_that_counts_two_groups_of_its_noun() -> None:
    """A story that gives two totals of one noun, each as stated, counts two
    groups; another story's count is linked only to the one it agrees with."""
    two_groups = _SHARED + "It had 102,000 subscribers in 1994 and 105,000 subscribers in 1995."
    assert _counts(two_groups, _SHARED + "By the close, it had 105,000 subscribers.") == []
    assert _counts(two_groups, _SHARED + "By the close, it had 108,000 subscribers.") == []
    # with one group in each story the counts are compared as before
    [f] = _counts(_SHARED + "It had 105,000 subscribers.", _SHARED + "It had 108,000 subscribers.")
    assert sorted(loc.text for loc in f.locations) == ["105,000 subscribers", "108,000 subscribers"]


def test_bare_measures_are_not_groups() -> None:
    dam = "Work on the new dam above the town of Millbrook began in March and will take years. "
    assert _counts(dam + "It will be 110 meters long.", dam + "Its crest is 5 meters wide.") == []
    [f] = _counts(dam + "It will hold 40 acres of water.", dam + "It will hold 30 acres of water.")
    assert "acres of water" in f.message
    # the units are the rule's data
    rules = load_ruleset()
    rule = rules.get("count-mismatch")
    rule = attrs.evolve(rule, options={**rule.options, "measure_units": []})
    docs = [Document("a", "a.txt", dam + "It will be 110 meters long."),
            Document("b", "b.txt", dam + "Its crest is 5 meters wide.")]  # fmt: skip
    assert len(xref.checks.counts.check(Context(tuple(docs)), rule)) == 1


# --------------------------------------------------------------- labelled cases


def _param(case: object) -> object:
    marks = []
    if case.xfail:  # type: ignore[attr-defined]
        marks.append(pytest.mark.xfail(strict=True, reason=case.xfail))  # type: ignore[attr-defined]
    return pytest.param(case, id=case.id, marks=marks)  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_labelled_case(case: object) -> None:
    assert RULES_EVAL.run_case(case) == case.expect  # type: ignore[attr-defined]


def test_labelled_set_has_near_misses_for_every_rule() -> None:
    by_rule: dict[str, set[bool]] = {}
    for c in CASES:
        by_rule.setdefault(c.rule, set()).add(c.expect > 0)
    for rule in ("count-mismatch", "arithmetic", "name-variant", "attribution-conflict",
                 "number-mismatch", "date-mismatch"):  # fmt: skip
        assert by_rule.get(rule) == {True, False}, rule


def test_changed_figure_through_the_pipeline(tmp_path: Path) -> None:
    """A quote whose figure changed: one number-mismatch at the two numbers, no duplicate count."""
    import xref

    quote = (
        "“According to data collected by Syracuse University’s Transactional Records Access "
        "Clearinghouse, during the period from October 2014 to May 2018, ICE arrested {n} illegal "
        "aliens with criminal convictions,” the letter {verb}.\n"
    )
    (tmp_path / "a.txt").write_text(
        "The letter was sent on Thursday.\n\n" + quote.format(n="19,752", verb="states"), "utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "They wrote this week.\n\n" + quote.format(n="17,952", verb="said"), "utf-8"
    )
    report = xref.report([tmp_path])
    assert [f.rule for f in report.findings] == ["number-mismatch"]
    [f] = report.findings
    assert [(loc.doc, loc.text) for loc in f.locations] == [("a", "19,752"), ("b", "17,952")]


def test_a_passage_reused_for_another_subject_is_no_changed_figure(tmp_path: Path) -> None:
    """An unquoted passage that names another town where the reference names
    its own (and neither document mentions the other town) is about another
    subject: its numbers are that town's.  The cluster still shows the conflict."""
    import xref

    line = (
        "{town} is located in the {a} Congressional District and is part of the {b} state "
        "legislative district.\n"
    )
    (tmp_path / "a.txt").write_text(line.format(town="Millbrook", a="3rd", b="8th"), "utf-8")
    (tmp_path / "b.txt").write_text(line.format(town="Ashford", a="5th", b="11th"), "utf-8")
    report = xref.report([tmp_path])
    assert report.findings == ()
    [cluster] = report.clusters
    assert cluster.kind == "passage" and cluster.renderings[1].verdict == "conflict"
    # the same town with another district is a changed figure
    (tmp_path / "b.txt").write_text(line.format(town="Millbrook", a="5th", b="8th"), "utf-8")
    [f] = xref.report([tmp_path]).findings
    assert f.rule == "number-mismatch" and [loc.text for loc in f.locations] == ["3rd", "5th"]
    # and so is another name inside a quotation: the same words, said once
    quote = "“{town} will get {n} new officers this year,” the mayor said at the budget hearing.\n"
    (tmp_path / "a.txt").write_text(quote.format(town="Millbrook", n=40), "utf-8")
    (tmp_path / "b.txt").write_text(quote.format(town="Ashford", n=60), "utf-8")
    [f] = xref.report([tmp_path]).findings
    assert f.rule == "number-mismatch" and [loc.text for loc in f.locations] == ["40", "60"]


PIECES = [
    *"aeiou tnsrl ,.;:“”\"'()-\n0123456789%$",
    "Eighteen ", "joined ", "coalition of ", "more than ", "about ", "Thursday ", "March ",
    "2021 ", "ICE ", "Immigration ", "and ", "Customs ", "Enforcement ", "(ICE) ",
    "average of ", "over a ", " day period", "percent ", " out of ", "attorneys general ",
    "In addition to ", "Alabama, ", "Texas, ",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=3))
def test_checks_never_crash_and_offsets_hold(texts: list[str]) -> None:
    docs = [Document(f"d{i}", f"d{i}.txt", t) for i, t in enumerate(texts)]
    by_id = {d.id: d for d in docs}
    for f in run_checks(docs, [], []):
        for loc in f.locations:
            assert by_id[loc.doc].text[loc.start : loc.end] == loc.text


# ------------------------------------------------ linking by rare anchors


def test_anchor_links_need_a_name_and_a_specific_figure() -> None:
    from xref.checks.context import Anchors, anchor_pairs

    a = Anchors(frozenset({"daniel ortiz", "department of energy"}), frozenset({"n:31000"}))
    b = Anchors(frozenset({"daniel ortiz"}), frozenset({"n:31000", "d:2024-06-06"}))
    c = Anchors(frozenset({"daniel ortiz"}), frozenset({"n:45000"}))
    pairs = anchor_pairs({"a": a, "b": b, "c": c})
    assert set(pairs) == {frozenset({"a", "b"})}
    assert pairs[frozenset({"a", "b"})] == ("daniel ortiz", "n:31000")
    # three rare names are enough on their own
    names = frozenset({"daniel ortiz", "department of energy", "maria chen"})
    assert set(anchor_pairs({"x": Anchors(names), "y": Anchors(names)})) == {frozenset("xy")}


def test_common_anchors_do_not_link_in_a_large_corpus() -> None:
    """A name and a figure that half the corpus mentions link nothing."""
    from xref.checks.context import Anchors, anchor_pairs

    common = Anchors(frozenset({"joe biden"}), frozenset({"n:1000"}))
    corpus = {f"d{i:02d}": common for i in range(40)}
    assert anchor_pairs(corpus) == {}
    corpus["r1"] = corpus["r2"] = Anchors(frozenset({"ana ruiz"}), frozenset({"n:31000"}))
    assert set(anchor_pairs(corpus)) == {frozenset({"r1", "r2"})}


def test_stories_sharing_no_passage_are_compared_when_anchored() -> None:
    """Three stories on one lawsuit, no quote in common (the QA shape)."""
    from xref.load import load_text

    texts = {
        "wire": "Colorado Attorney General Daniel Ortiz joined a coalition of 9 states suing the "
        "Department of Energy. Ortiz said the states filed the suit on June 6, 2024.",
        "paper": "Ten states, including Colorado under Attorney General Daniel Ortiz, are suing "
        "the Department of Energy. The suit was filed on June 6, 2024, in federal court.",
    }
    docs = [load_text(t, i, f"{i}.txt") for i, t in texts.items()]
    found = [f for f in run_checks(docs, [], []) if f.rule == "count-mismatch"]
    assert len(found) == 1
    assert {loc.doc for loc in found[0].locations} == {"wire", "paper"}


def test_checks_on_several_processes_find_the_same(
    seed_docs: dict[str, Document], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``run_checks(jobs=2)`` reads the documents on forked workers first,
    then runs the name rules on a worker while the others run in this
    process: the findings are the same as in one process."""
    import xref.checks as checks_mod
    import xref.checks.context as context_mod
    from xref.checks import run_checks

    monkeypatch.setattr(context_mod, "_PREFILL_MIN_DOCS", 1)
    monkeypatch.setattr(checks_mod, "_PARALLEL_MIN_DOCS", 1)
    pids = tmp_path / "pids"
    real = checks_mod.CHECKS["names"]

    def names(ctx: xref.checks.context.Context, rule: Rule) -> list[Finding]:
        with pids.open("a") as f:  # the process the rule runs in
            f.write(f"{os.getpid()}\n")
        return real(ctx, rule)

    monkeypatch.setitem(checks_mod.CHECKS, "names", names)
    docs = list(seed_docs.values())
    one = run_checks(docs, [], [])
    assert pids.read_text().split() == [str(os.getpid())]
    two = run_checks(docs, [], [], jobs=2)
    three = run_checks(docs, [], [], jobs=3)
    assert one == two == three
    assert str(os.getpid()) not in pids.read_text().split()[1:]  # a forked worker
    assert {f.rule for f in one} >= {"count-mismatch"}


def test_an_anchor_held_by_many_documents_is_not_rare() -> None:
    """In a large corpus, rare means at most ANCHOR_CAP documents: a name and
    a date shared by 60 of 2,000 documents relate none of them; shared by 40,
    every pair of the 40."""
    from xref.checks.context import ANCHOR_CAP, Anchors, anchor_pairs

    assert 40 < ANCHOR_CAP < 60

    def corpus(sharing: int) -> dict[str, Anchors]:
        out = {f"d{i:04d}": Anchors(frozenset({f"name {i}"}), frozenset({f"n:{i + 1000}"}))
               for i in range(2000)}
        for i in range(sharing):
            out[f"d{i:04d}"] = Anchors(frozenset({"catherine wu"}), frozenset({"d:2024-03-14"}))
        return out

    assert anchor_pairs(corpus(60)) == {}
    assert len(anchor_pairs(corpus(40))) == 40 * 39 // 2


def _anchor_pairs_by_definition(
    anchors: dict[str, Anchors],
) -> dict[frozenset[str], tuple[str, ...]]:
    """anchor_pairs written as its definition: every pair of documents, the
    rare anchors both hold, names then figures, each sorted."""
    import math

    from xref.checks.context import (
        ANCHOR_CAP,
        ANCHOR_MAX_DOCS,
        ANCHOR_MAX_SHARE,
        LINK_MIN_NAMES,
    )

    limit = max(ANCHOR_MAX_DOCS, min(ANCHOR_CAP, math.ceil(ANCHOR_MAX_SHARE * len(anchors))))
    holders: dict[tuple[int, str], int] = {}
    for a in anchors.values():
        for k in a.names:
            holders[(0, k)] = holders.get((0, k), 0) + 1
        for k in a.specifics:
            holders[(1, k)] = holders.get((1, k), 0) + 1
    out = {}
    ids = sorted(anchors)
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            names = sorted(k for k in anchors[x].names & anchors[y].names
                           if holders[(0, k)] <= limit)
            figures = sorted(k for k in anchors[x].specifics & anchors[y].specifics
                             if holders[(1, k)] <= limit)
            if (names and figures) or len(names) >= LINK_MIN_NAMES:
                out[frozenset((x, y))] = (*names, *figures)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_anchor_pairs_are_the_pairs_the_definition_gives(seed: int) -> None:
    """The postings-based anchor_pairs gives exactly what comparing every
    pair of documents would, anchors held by too many documents left out."""
    import random

    from xref.checks.context import anchor_pairs

    rnd = random.Random(seed)
    common_names = ["joe biden", "united states", "new york"]
    common_figures = ["n:1000", "d:2024-01-01"]
    corpus: dict[str, Anchors] = {}
    for g in range(rnd.choice([10, 25, 60])):  # stories told by 2 or 3 documents
        names = [f"name {g}.{i}" for i in range(4)]
        figures = [f"n:{g}{i}00" for i in range(2)]
        for k in range(rnd.randint(2, 3)):
            corpus[f"doc{g:02d}.{k}"] = Anchors(
                frozenset(rnd.sample(names, rnd.randint(1, 4))
                          + rnd.sample(common_names, rnd.randint(0, 2))
                          + [f"name {rnd.randrange(g + 1)}.0"]),
                frozenset(rnd.sample(figures, rnd.randint(1, 2))
                          + rnd.sample(common_figures, rnd.randint(0, 1))),
            )
    expected = _anchor_pairs_by_definition(corpus)
    assert len(expected) > 5
    assert anchor_pairs(corpus) == expected


def test_shared_runs_from_the_index_word_keys_are_the_same(
    seed_docs: dict[str, Document],
) -> None:
    """Documents that share a run of words are the same pairs whether the
    words are read from the texts or taken from the linking index."""
    from xref.checks.context import related_pairs
    from xref.index import CorpusIndex
    from xref.load import load_text

    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    # a copy of a seed story with another opening: it shares long runs
    first = docs[0]
    docs.append(load_text("A new opening line here.\n\n" + first.text[first.body_start :],
                          "copy", "copy.txt"))
    keys = CorpusIndex.build_shared(docs).token_word_keys()
    assert set(keys) == {d.id for d in docs}
    read = related_pairs(docs, [])
    given = related_pairs(docs, [], word_keys=keys)
    assert read == given
    assert frozenset((first.id, "copy")) in read


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shared_runs_are_the_pairs_the_definition_gives(seed: int) -> None:
    """Documents sharing a run of SHINGLE words, found from all runs sorted
    together, are exactly the pairs comparing every pair's runs gives (runs
    of the boilerplate texts left out), whether two or many documents share
    a run, at a document's start, end or across a line break."""
    import random

    from xref.checks.context import SHINGLE, _sharing_a_run
    from xref.load import load_text
    from xref.normalize import word_norms

    rnd = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)]
    passages = [" ".join(rnd.choices(vocab, k=SHINGLE + rnd.randint(0, 6))) for _ in range(12)]
    boiler = [" ".join(rnd.choices(vocab, k=SHINGLE + 2))]
    texts = []
    for _ in range(rnd.choice([15, 30])):
        parts = [" ".join(rnd.choices(vocab, k=rnd.randint(3, 40)))]
        for p in rnd.choices(passages + boiler, k=rnd.randint(0, 3)):  # a passage twice, too
            parts += [p, " ".join(rnd.choices(vocab, k=rnd.randint(0, 8)))]
        texts.append("\n".join(rnd.sample(parts, len(parts))))
    docs = [load_text(t, f"d{i:02d}", f"d{i:02d}.txt") for i, t in enumerate(texts)]

    def runs(text: str) -> set[tuple[str, ...]]:
        w = word_norms(text)
        return {tuple(w[i : i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}

    skip = set().union(*(runs(b) for b in boiler))
    held = {d.id: runs(d.text[d.body_start :]) - skip for d in docs}
    expected = {
        frozenset((a, b)) for a in held for b in held if a < b and held[a] & held[b]
    }
    assert len(expected) > 3
    assert _sharing_a_run(docs, boiler) == expected


def test_shared_runs_of_short_or_unrelated_documents_are_none() -> None:
    from xref.checks.context import _sharing_a_run
    from xref.load import load_text

    short = [load_text("One line.", "a", "a.txt"), load_text("Two words", "b", "b.txt")]
    assert _sharing_a_run(short, []) == set()
    assert _sharing_a_run([], []) == set()
    apart = [load_text(" ".join(f"w{i}{d}" for i in range(40)), d, f"{d}.txt") for d in "xyz"]
    assert _sharing_a_run(apart, []) == set()
    twice = " ".join(f"v{i}" for i in range(12))
    alone = load_text(f"{twice} and {twice}", "solo", "solo.txt")  # a run twice in one document
    assert _sharing_a_run([alone, *apart], []) == set()
