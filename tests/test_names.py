"""Names, titles, acronyms and aliases (xref.names) and the name-variant check on the seeds."""

from __future__ import annotations

import doctest

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import xref.names
from xref.checks import run_checks
from xref.model import Document
from xref.names import (
    bare_name,
    canonical_title,
    find_acronyms,
    find_names,
    is_generic,
    same_entity,
    spelling_variant,
    split_title,
)
from xref.rules import RuleSet, load_ruleset


def test_doctests() -> None:
    result = doctest.testmod(xref.names)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hawley", "Josh Hawley"),
        ("Sen. Josh Hawley", "Josh Hawley"),
        ("ICE", "Immigration and Customs Enforcement"),
        ("President Biden", "President Joe Biden"),
        ("Biden", "President Joe Biden"),
        ("Acting Director Johnson", "ICE Acting Director Tae Johnson"),
        ("Attorney General Lynn Fitch", "Lynn Fitch"),
        ("Attorney General Erich Schmitt of Missouri", "Schmitt"),
        ("GOP", "Republicans"),
    ],
)
def test_aliases_are_the_same_entity(a: str, b: str) -> None:
    assert same_entity(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lynn Fitch", "Erich Schmitt"),
        ("Donald Trump", "Ivanka Trump"),
        ("Hawley", "Lankford"),
        ("Tae Johnson", "Boris Johnson"),
    ],
)
def test_different_entities(a: str, b: str) -> None:
    assert not same_entity(a, b)


def test_titles() -> None:
    assert split_title("Mississippi Attorney General Lynn Fitch") == (
        "Attorney General",
        "Lynn Fitch",
    )
    assert split_title("AG Jeff Landry") == ("Attorney General", "Jeff Landry")
    assert split_title("Vice President Kamala Harris") == ("Vice President", "Kamala Harris")
    assert canonical_title("Sen.") == canonical_title("Senator") == "Senator"
    assert bare_name("DHS Secretary Alejandro Mayorkas") == "Alejandro Mayorkas"


def test_generic_speakers() -> None:
    assert is_generic("the letter") and is_generic("officials")
    assert not is_generic("Attorney General Lynn Fitch") and not is_generic(
        "the Mississippi Democratic Party"
    )


def test_spelling_variants() -> None:
    assert spelling_variant("Immigrations", "Immigration")
    assert spelling_variant("Murkowski", "Murkowsky")
    assert not spelling_variant("Sens.", "Sen.")
    assert not spelling_variant("Democratic", "Democrats")
    assert not spelling_variant("Texas", "Taxes")


@pytest.mark.parametrize(
    ("a", "b"),
    [("Katherine", "Catherine"), ("Kristen", "Christen"), ("Geoff", "Jeff"), ("Philip", "Filip")],
)
def test_first_letter_alternations_are_spelling_variants(a: str, b: str) -> None:
    assert spelling_variant(a, b) and spelling_variant(b, a)


@pytest.mark.parametrize(
    ("a", "b"), [("Karen", "Katherine"), ("Gary", "Jerry"), ("Carl", "Paul"), ("Jill", "Bill")]
)
def test_other_first_names_are_not_spelling_variants(a: str, b: str) -> None:
    assert not spelling_variant(a, b)


def test_name_variant_check_reports_katherine_catherine() -> None:
    a = Document(
        "a",
        "a.txt",
        "Oregon Attorney General Katherine Wu sued the agency on Friday over the rule.\n",
    )
    b = Document(
        "b",
        "b.txt",
        "Attorney General Catherine Wu said the rule was unlawful.\n"
        "Catherine Wu filed the suit in federal court in Portland.\n",
    )
    found = run_checks([a, b], [], [], load_ruleset().only("name-variant"))
    assert len(found) == 1, [f.message for f in found]
    [f] = found
    assert f.severity == "warning"
    assert {f.evidence[0].a, f.evidence[0].b} == {"Katherine", "Catherine"}


def _name_variants(*texts: str, **options: object) -> list[str]:
    docs = [Document(f"d{i}", f"d{i}.txt", t) for i, t in enumerate(texts)]
    rules = load_ruleset()
    rule = rules.get("name-variant")
    rule = attrs.evolve(rule, options={**rule.options, **options})
    return [f.message for f in run_checks(docs, [], [], RuleSet({rule.name: rule}))]


def test_word_forms_grammar_asks_for_are_not_name_variants() -> None:
    """A plural, a demonym or an agent noun where the word heads its name
    (ends it, or stands before "of") is grammar, not a spelling."""
    pairs = [
        ("South Korean exporters welcomed it.", "South Korea said so. South Korea agreed."),
        ("The Republican Senators met.", "A Republican Senator spoke. A Republican Senator sat."),
        ("The North American office.", "North America sales rose. North America is big."),
        ("He was elected City Councilor.", "The City Council met. The City Council voted."),
        ("She is a Chartered Accountant.", "The Institute of Chartered Accountants of Ceylon met."),
        # inside a name on both sides, but not the same name
        ("A Sri Lankan official of the Sri Lankan Cricket Board spoke.",
         "The Sri Lanka Freedom Party won. Sri Lanka voted."),
    ]
    for a, b in pairs:
        assert _name_variants(a, b) == [], (a, b)
        # the endings are the rule's data: without them each pair is a variant again
        assert len(_name_variants(a, b, inflections=[])) == 1, (a, b)


def test_names_that_share_only_the_article_are_not_one_name() -> None:
    a, b = "The Port of Tacoma reopened.", "The Porte de Clichy closed. The Porte de Clichy moved."
    assert _name_variants(a, b) == []
    # "Port Authority" / "Porte Authority": two words of their own, one spelled two ways
    a, b = "The Port Authority met.", "The Porte Authority spoke. The Porte Authority voted."
    assert len(_name_variants(a, b)) == 1


def test_word_forms_inside_a_name_or_in_a_titled_name_are_still_variants() -> None:
    for a, b in [
        ("An Immigrations and Customs Enforcement raid.",
         "Immigration and Customs Enforcement said so. Immigration and Customs Enforcement left."),
        ("Two Kenyan Wildlife Service rangers.",
         "The Kenya Wildlife Service said so. The Kenya Wildlife Service agreed."),
        ("Senator Tom Edward voted no.", "Senator Tom Edwards voted. Senator Tom Edwards spoke."),
        ("General Charles Cornwalli surrendered.",
         "General Charles Cornwallis left. General Charles Cornwallis sailed."),
        ("The Sri Lankan Cricket Board met.",
         "The Sri Lanka Cricket Board spoke. The Sri Lanka Cricket Board voted."),
    ]:  # fmt: skip
        assert len(_name_variants(a, b)) == 1, (a, b)


def test_seed_acronyms(seed_docs: dict[str, Document]) -> None:
    found = {(a.short, a.long) for d in seed_docs.values() for a in find_acronyms(d.text)}
    assert found == {
        ("ICE", "Immigration and Customs Enforcement"),
        ("SOAR", "Sex Offender Arrest and Removal"),
        ("ERO", "Enforcement and Removal Operations"),
        ("DHS", "Department of Homeland Security"),
        ("CBP", "Customs and Border Protection"),
    }


def test_headlines_are_not_names(seed_docs: dict[str, Document]) -> None:
    doc = seed_docs["002_effaf23c737ff1e8"]
    names = [n.text for n in find_names(doc.text)]
    assert "Illegal Alien Sex Offenders Arrested" not in " ".join(names)
    for n in find_names(doc.text):
        assert doc.text[n.start : n.end] == n.text


def test_seed_name_variant_found_and_aliases_silent(seed_docs: dict[str, Document]) -> None:
    docs = sorted(seed_docs.values(), key=lambda d: d.id)
    found = run_checks(docs, [], [], load_ruleset().only("name-variant"))
    assert len(found) == 1, [f.message for f in found]
    [f] = found
    texts = {(loc.doc[:3], loc.text) for loc in f.locations}
    assert ("001", "Immigrations and Customs Enforcement") in texts
    assert ("000", "Immigration and Customs Enforcement") in texts
    assert f.evidence[0].a == "Immigrations" and f.evidence[0].b == "Immigration"


_LETTERS = "abcehiknoprst"


@given(
    st.text(alphabet=_LETTERS, min_size=2, max_size=9),
    st.lists(st.tuples(st.integers(0, 8), st.sampled_from(["", *_LETTERS])), max_size=2),
    st.sampled_from(["", "k", "c", "ch", "ph", "f"]),
)
def test_blocking_keys_never_miss_a_spelling_variant(
    word: str, edits: list[tuple[int, str]], prefix: str
) -> None:
    """The spelling-variant check compares only words sharing a blocking key:
    every pair :func:`spelling_variant` accepts must share one."""
    from xref.checks.names import _blocking_keys
    from xref.names import name_words

    other = prefix + word
    for pos, ch in edits:
        pos = min(pos, len(other))
        other = other[:pos] + ch + other[pos + 1 :] if ch else other[:pos] + other[pos + 1 :]
    alternations = name_words().alternations
    for a, b in ((word, other), (other, word)):
        if spelling_variant(a, b, min_length=2, min_length_edit=2):
            assert _blocking_keys(a, alternations) & _blocking_keys(b, alternations), (a, b)
