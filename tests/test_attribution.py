"""Attribution: speaker and cue parsing, bare names, the reporting-verb list."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from xref.attribution import (
    TITLE_CUES,
    after_quote,
    bare_name,
    before_quote,
    colon_intro,
    is_description,
    lead_in_start,
    load_words,
    reporting_verbs,
    trailer_end,
)
from xref.errors import XrefError
from xref.extract import extract_from_text

RULES = Path(__file__).resolve().parent.parent / "rules" / "words"


def _after(text: str) -> tuple[str | None, str | None]:
    """Speaker and cue after the first closing mark ” of ``text``."""
    pos = text.index("”") + 1
    a = after_quote(text, pos, trailer_end(text, pos, len(text)), strict=False)
    return (a.speaker(text), a.cue) if a else (None, None)


def _before(text: str) -> tuple[str | None, str | None, bool | None]:
    pos = text.index("“")
    a = before_quote(text, lead_in_start(text, 0, pos), pos)
    return (a.speaker(text), a.cue, a.direct) if a else (None, None, None)


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“…,” said Attorney General Lynn Fitch. “…”", "Attorney General Lynn Fitch", "said"),
        ("“…,” the letter states.“…”", "the letter", "states"),
        ("“…,” Hawley said:", "Hawley", "said"),
        ("“…,” the agency stated.", "the agency", "stated"),
        ("“…,” President Trump outlined. “…”", "President Trump", "outlined"),
        ("“…,” the Mississippi Democratic Party stated.", "the Mississippi Democratic Party",
         "stated"),
        ("“…,” the letter said, Fox News reported. “…”", "the letter", "said"),
        ("“…,” former Customs and Border Protection (CBP) Commissioner Mark Morgan, a visiting "
         "fellow at the Heritage Foundation and FAIR, said in May.",
         "former Customs and Border Protection (CBP) Commissioner Mark Morgan", "said"),
        ("“…,” said Sen. Josh Hawley (R-MO), who chairs it.", "Sen. Josh Hawley (R-MO)", "said"),
        ("“…,” according to the police.", "the police", "according to"),
        ("“…,” a spokesperson for the agency told reporters.", "a spokesperson for the agency",
         "told"),
    ],
)
def test_after_quote(text: str, speaker: str, cue: str) -> None:
    assert _after(text) == (speaker, cue)


@pytest.mark.parametrize(
    "text",
    [
        "“…,” that’s what you said earlier today.",  # the quoted person is not the subject
        "“…” orders that prevent agents from arresting people.",
        "“…,” and the United States agreed.",  # capitalized States is no cue
        "“…,” the.",
        "“…”",
    ],
)
def test_after_quote_finds_nothing(text: str) -> None:
    assert _after(text) == (None, None)


def test_after_quote_strict_refuses_a_new_sentence() -> None:
    text = "“We are done.” Hawley said Democrats lied."
    pos = text.index("”") + 1
    end = trailer_end(text, pos, len(text))
    assert after_quote(text, pos, end, strict=True) is None
    text = "“We are done.” Hawley said on Tuesday."
    a = after_quote(text, pos, trailer_end(text, pos, len(text)), strict=True)
    assert a is not None and a.speaker(text) == "Hawley"


@pytest.mark.parametrize(
    ("text", "speaker", "cue", "direct"),
    [
        ("Attorney General Erich Schmitt of Missouri warned that “This”",
         "Attorney General Erich Schmitt of Missouri", "warned", True),
        ("DHS Secretary Alejandro Mayorkas said he could not “speak to cases”",
         "DHS Secretary Alejandro Mayorkas", "said", False),
        ("ICE Acting Director Tae Johnson said the sting underscores ICE’s “focusing”",
         "ICE Acting Director Tae Johnson", "said", False),
        ("The letter, citing the highly reputable Polaris Project, continues, “the”",
         "The letter", "continues", True),
        ("The Mississippi Democratic Party issued a release titled “ICE Raids”", None, "titled",
         True),
        ("It ended. Sen. Hawley said: “No”", "Sen. Hawley", "said", True),
        ("In May, Morgan told Fox News that “it was over”", "Morgan", "told", False),
    ],
)
def test_before_quote(text: str, speaker: str | None, cue: str, direct: bool) -> None:
    assert _before(text) == (speaker, cue, direct)


@pytest.mark.parametrize(
    "text",
    [
        "President Joe Biden’s administration continues to implement “sanctuary country”",
        "Under President Joe Biden, ICE has been gutted thanks to “sanctuary country”",
        "He said so. Then “this”",  # the cue is in the previous sentence
        "and said “this”",  # no subject
    ],
)
def test_before_quote_finds_nothing(text: str) -> None:
    assert _before(text) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a role phrase followed by an appositive name is that name
        ("The transport secretary, Ian Doyle, said on Thursday: “It is over.”", "Ian Doyle"),
        ("The company’s chief executive, Chris Weston, said the firm had “no plans to close”",
         "Chris Weston"),
        ("Her lawyer, John Smith, said that “the case is closed.”", "John Smith"),
        ("A spokesperson for the union, Mary Kerr, said: “We strike on Monday.”", "Mary Kerr"),
        # near misses: the first phrase is the name, or the appositive names no person
        ("Ian Doyle, the transport secretary, said: “It is over.”", "Ian Doyle"),
        ("Attorney General Lynn Fitch, a Republican, said: “It is over.”",
         "Attorney General Lynn Fitch"),
        ("The report, New Horizons, said “the rule is unlawful.”", "The report"),
        ("The agency, ICE, said “the rule is unlawful.”", "The agency"),
        ("The governor, who spoke in Salem, said “the rule is unlawful.”", "The governor"),
        # a group with a possessor
        ("Rail unions' leaders called the plan 'a betrayal of the north'.",
         "Rail unions' leaders"),
        ("The rail unions’ leaders called the plan “a betrayal of the north”.",
         "The rail unions’ leaders"),
    ],
)
def test_role_with_appositive_name_before(text: str, speaker: str) -> None:
    [q] = extract_from_text(text).quotes
    assert q.speaker == speaker
    assert q.speaker_start is not None and text[q.speaker_start : q.speaker_end] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will not back down,” the transport secretary, Ian Doyle, said.", "Ian Doyle"),
        ("“We will not back down,” said the transport secretary, Ian Doyle.", "Ian Doyle"),
        ("“We will not back down,” said the transport secretary, Ian Doyle, on Monday.",
         "Ian Doyle"),
        ("“We will not back down,” said opposition leader Tom Fraser.", "Tom Fraser"),
        ("“We will not back down,” said Northwind chief executive Rachel Ames.", "Rachel Ames"),
        ("“We will not back down,” said former Commissioner Mark Morgan.",
         "former Commissioner Mark Morgan"),
        ("“We will not back down,” said the report, New Horizons.", "the report"),
        ("“We will not back down,” Mark Morgan, a visiting fellow, said.", "Mark Morgan"),
    ],
)
def test_role_with_appositive_name_after(text: str, speaker: str) -> None:
    [q] = extract_from_text(text).quotes
    assert q.speaker == speaker


@pytest.mark.parametrize(
    ("speaker", "described"),
    [
        ("The transport secretary", True),
        ("Union leaders", True),
        ("Rail unions' leaders", True),
        ("critics", True),
        ("Her lawyer", True),
        ("Ian Doyle", False),
        ("Doyle", False),
        ("Republicans", False),
        ("Senate Minority Leader Paul Kranz", False),
        ("the Mississippi Democratic Party", False),
    ],
)
def test_is_description(speaker: str, described: bool) -> None:
    assert is_description(speaker) is described


def test_colon_intro() -> None:
    text = "That astounds me … it,” Hawley said:"
    a = colon_intro(text, 0, len(text))
    assert a is not None and (a.speaker(text), a.cue) == ("Hawley", "said")
    text = "In a statement, the senator wrote:"
    a = colon_intro(text, 0, len(text))
    assert a is not None and a.speaker(text) == "the senator"
    assert colon_intro("The list includes:", 0, 18) is None
    # the cue must be among the clause's last words, not far back
    text = "Here is what he said in the long interview last night about it:"
    assert colon_intro(text, 0, len(text)) is None


@pytest.mark.parametrize(
    ("speaker", "bare"),
    [
        ("Attorney General Lynn Fitch", "Lynn Fitch"),
        ("Mississippi Attorney General Lynn Fitch", "Lynn Fitch"),
        ("Attorney General Erich Schmitt of Missouri", "Erich Schmitt"),
        ("former Customs and Border Protection (CBP) Commissioner Mark Morgan", "Mark Morgan"),
        ("DHS Secretary Alejandro Mayorkas", "Alejandro Mayorkas"),
        ("ICE Acting Director Tae Johnson", "Tae Johnson"),
        ("President Trump", "Trump"),
        ("Sen. Josh Hawley (R-MO)", "Josh Hawley"),
        ("Hawley", "Hawley"),
        ("the letter", "the letter"),
        ("the Mississippi Democratic Party", "the Mississippi Democratic Party"),
        ("Bank of America", "Bank of America"),
        ("Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("Mark Morgan, a visiting fellow", "Mark Morgan"),
        ("", ""),
    ],
)
def test_bare_name(speaker: str, bare: str) -> None:
    assert bare_name(speaker) == bare


def test_reporting_verbs_file_is_data() -> None:
    data = tomllib.loads((RULES / "reporting_verbs.toml").read_text("utf-8"))
    assert set(data) == {"words"}
    words = data["words"]
    assert words == [w.lower() for w in words], "cues are matched in lower case"
    assert reporting_verbs() == frozenset(words)
    # forms that are mostly nouns would find speakers where there are none
    assert not {"state", "note"} & reporting_verbs()
    assert not TITLE_CUES & reporting_verbs()


def test_load_words_missing_list_is_a_user_error() -> None:
    with pytest.raises(XrefError, match="not found"):
        load_words("no_such_list_here")
