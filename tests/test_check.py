"""``xref check`` end to end: the labelled example notes, exit codes, bad
input, path safety, manifests, suppressions and baselines."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import CHECK_JSON_FIELDS

from xref.cli import main

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXPECTED = tomllib.loads((DATA / "example_notes_expected.toml").read_text(encoding="utf-8"))["case"]


def _flat(s: str) -> str:
    return " ".join(s.split())


def _run_json(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]]]:
    out = tmp_path / "out.json"
    code = main(["check", *args, "--format", "json", "-o", str(out)])
    capsys.readouterr()
    return code, json.loads(out.read_text(encoding="utf-8"))


def _find(results: list[dict[str, Any]], case: dict[str, Any]) -> dict[str, Any]:
    hits = [
        r
        for r in results
        if r["file"] == f"examples/notes/{case['file']}"
        and r["kind"] == case["kind"]
        and _flat(case["match"]) in _flat(r["quote"])
    ]
    same = [r for r in hits if _flat(r["quote"]) == _flat(case["match"])]
    hits = same or hits
    assert len(hits) == 1, f"{case['match']!r}: {len(hits)} results"
    return hits[0]


@pytest.fixture(scope="module")
def example_results() -> tuple[int, list[dict[str, Any]]]:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        out = ROOT / ".pytest_cache" / "xref-check-examples.json"
        out.parent.mkdir(exist_ok=True)
        code = main(
            ["check", "examples/notes", "--sources", "seeds", "--format", "json", "-o", str(out)]
        )
        return code, json.loads(out.read_text(encoding="utf-8"))
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    "case", EXPECTED, ids=[f"{c['file']}:{c['verdict']}:{c['match'][:30]}" for c in EXPECTED]
)
def test_example_verdicts(
    case: dict[str, Any], example_results: tuple[int, list[dict[str, Any]]]
) -> None:
    _, results = example_results
    r = _find(results, case)
    assert r["verdict"] == case["verdict"], r["message"]
    assert r["suppressed"] == case.get("suppressed")


def test_every_example_result_is_labelled(
    example_results: tuple[int, list[dict[str, Any]]],
) -> None:
    code, results = example_results
    assert code == 1
    labelled = {(f"examples/notes/{c['file']}", c["kind"], _flat(c["match"])) for c in EXPECTED}
    for r in results:
        assert any(
            f == r["file"] and k == r["kind"] and m in _flat(r["quote"]) for f, k, m in labelled
        ), r


def test_example_results_explain_themselves(
    example_results: tuple[int, list[dict[str, Any]]],
) -> None:
    _, results = example_results
    for r in results:
        assert r["message"] and r["evidence"], r
        assert set(r) >= CHECK_JSON_FIELDS
        if r["source"] is not None:
            doc = next(p for p in (ROOT / "seeds").iterdir() if p.stem == r["source"]["doc"])
            text = doc.read_text(encoding="utf-8")
            assert text[r["source"]["start"] : r["source"]["end"]] == r["source"]["text"]
        if r["kind"] == "quote":
            note = (ROOT / r["file"]).read_text(encoding="utf-8")
            lines = note.split("\n")
            assert lines[r["line"] - 1][r["column"] - 1 :].startswith(r["quote"].split("\n")[0])


def test_subprocess_python_m_xref(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "xref",
            "check",
            "examples/notes",
            "--sources",
            "seeds",
            "--format",
            "json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 1, proc.stderr
    results = json.loads(proc.stdout)
    for case in EXPECTED:
        assert _find(results, case)["verdict"] == case["verdict"]


def test_default_text_output_marks_differences(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["check", "examples/notes/letter.md", "--sources", "seeds"])
    out = capsys.readouterr().out
    assert code == 1
    assert "arrested [-19,752-]{+19,572+} illegal aliens" in out
    assert "are [-not-] welcome" in out
    assert "verdict" in out and "count" in out  # the summary table


# -- a small project in a temporary folder -------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


GOOD_NOTE = "Fitch said “Sexual predators are not welcome in Mississippi” [@000].\n"
BAD_NOTE = "Fitch said “Sexual predators are welcome in Mississippi” [@000].\n"


def test_fail_on_levels(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes" / "a.md").write_text(
        "The letter says “We urge you to immediately reinstate Operation Talon”.\n",
        encoding="utf-8",
    )
    assert main(["check", "notes", "--sources", "seeds"]) == 0  # uncited is a warning
    assert main(["check", "notes", "--sources", "seeds", "--fail-on", "warning"]) == 1
    (project / "notes" / "b.md").write_text(BAD_NOTE, encoding="utf-8")
    assert main(["check", "notes", "--sources", "seeds"]) == 1
    assert main(["check", "notes", "--sources", "seeds", "--fail-on", "never"]) == 0
    capsys.readouterr()


def test_missing_sources_folder_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes" / "a.md").write_text(GOOD_NOTE, encoding="utf-8")
    assert main(["check", "notes", "--sources", "nowhere"]) == 2
    err = capsys.readouterr().err
    assert "nowhere" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_note_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "missing.md", "--sources", "seeds"]) == 2
    assert "missing.md" in capsys.readouterr().err


def test_bad_notes_are_findings_and_the_rest_is_checked(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "notes" / "a_latin1.md").write_bytes(
        "Fitch said “caf\xe9” [@000].\n".encode("latin-1", "replace")
    )
    (project / "notes" / "b_binary.md").write_bytes(b"\x00\x01\x02 binary")
    (project / "notes" / "c_good.md").write_text(GOOD_NOTE, encoding="utf-8")
    (project / "notes" / "d_unclosed.md").write_text(
        "Fitch said “Sexual predators are not welcome [@000].\n\n" + BAD_NOTE, encoding="utf-8"
    )
    code, results = _run_json(
        ["notes", "--sources", "seeds", "--fail-on", "never"], tmp_path, capsys
    )
    assert code == 1  # a note that could not be read fails the run whatever --fail-on says
    by_file = {r["file"]: r for r in results if r["kind"] == "problem"}
    assert by_file["notes/a_latin1.md"]["verdict"] == "input-error"
    assert "UTF-8" in by_file["notes/a_latin1.md"]["message"]
    assert by_file["notes/b_binary.md"]["verdict"] == "input-error"
    verdicts = {(r["file"], r["verdict"]) for r in results}
    assert ("notes/c_good.md", "truncated") in verdicts
    assert ("notes/d_unclosed.md", "unbalanced-quote") in verdicts
    assert ("notes/d_unclosed.md", "conflict") in verdicts  # checked after the unclosed mark


def test_unknown_key_and_ambiguous_prefix(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "notes" / "a.md").write_text(
        "He said “We urge you” [@nosuch].\n\nShe said “We urge you” [@00].\n", encoding="utf-8"
    )
    code, results = _run_json(["notes", "--sources", "seeds"], tmp_path, capsys)
    assert code == 1
    assert [r["verdict"] for r in results] == ["unknown-key", "unknown-key"]
    assert "ambiguous" in results[1]["message"]


def test_manifest_keys(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "sources.toml").write_text(
        '[[source]]\nkey = "ms-ag"\npath = "seeds/000_e1a3f1ace85cd228.txt"\nurl = "https://example.org/ms"\n',
        encoding="utf-8",
    )
    (project / "notes" / "a.md").write_text(
        GOOD_NOTE.replace("@000", "@ms-ag")
        + "\nThe letter said “We urge you to immediately reinstate Operation Talon” ([release](https://example.org/ms/)).\n",
        encoding="utf-8",
    )
    code, results = _run_json(["notes", "--manifest", "sources.toml"], tmp_path, capsys)
    assert code == 0
    assert [(r["verdict"], r["cited"]) for r in results] == [
        ("truncated", ["ms-ag"]),
        ("truncated", ["https://example.org/ms/"]),
    ]


def test_examples_manifest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    note = tmp_path / "n.md"
    note.write_text(
        "Tae Johnson said ICE was “focusing our resources on those who have committed sex crimes” "
        "[@breitbart-soar-2021].\n",
        encoding="utf-8",
    )
    code, results = _run_json([str(note), "--manifest", "examples/sources.toml"], tmp_path, capsys)
    assert code == 0, results
    assert results[0]["verdict"] == "truncated"


def test_malformed_manifest_names_file_and_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "notes" / "a.md").write_text(GOOD_NOTE, encoding="utf-8")
    (project / "m.toml").write_text('[[source]]\nkey = "a"\npath = \n', encoding="utf-8")
    assert main(["check", "notes", "--manifest", "m.toml"]) == 2
    assert "m.toml:3:" in capsys.readouterr().err
    (project / "m.toml").write_text(
        '[[source]]\nkey = "a"\n\n[[source]]\nkey = "b"\npath = "x"\n', encoding="utf-8"
    )
    assert main(["check", "notes", "--manifest", "m.toml"]) == 2
    err = capsys.readouterr().err
    assert "m.toml:1:" in err and "needs a 'path'" in err


def test_unsafe_paths_are_refused(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("We urge you to immediately reinstate Operation Talon.\n", encoding="utf-8")
    try:
        (project / "seeds" / "link.txt").symlink_to(outside)
        (project / "m.toml").write_text(
            f'[[source]]\nkey = "out"\npath = "../{outside.name}"\n', encoding="utf-8"
        )
        (project / "notes" / "a.md").write_text(
            f"A “We urge you” [@out].\n\nB “We urge you” ([x](../../{outside.name})).\n\n"
            f"C “We urge you” ([y]({outside})).\n\nD “We urge you” ([z](../seeds/link.txt)).\n",
            encoding="utf-8",
        )
        code, results = _run_json(["notes", "--manifest", "m.toml"], tmp_path, capsys)
        assert code == 1
        quotes = [r for r in results if r["kind"] == "quote"]
        assert [r["verdict"] for r in quotes] == ["unsafe-path"] * 4
        assert all(r["source"] is None for r in results)
        assert any(r["file"] == "m.toml" and r["verdict"] == "unsafe-path" for r in results)
        # allowed by the configuration
        (project / "xref.toml").write_text("allow_outside_root = true\n", encoding="utf-8")
        code, results = _run_json(["notes", "--manifest", "m.toml"], tmp_path, capsys)
        assert [r["verdict"] for r in results if r["kind"] == "quote"] == ["exact"] * 4
    finally:
        outside.unlink()


def test_inline_suppressions(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "notes" / "a.md").write_text(
        "<!-- xref-disable-next-line conflict -- the source corrected itself later -->\n"
        + BAD_NOTE
        + "\n<!-- xref-disable-next-line paraphrase -->\n"
        + BAD_NOTE,
        encoding="utf-8",
    )
    code, results = _run_json(["notes", "--sources", "seeds"], tmp_path, capsys)
    assert code == 1
    assert [(r["verdict"], r["suppressed"], r["justification"]) for r in results] == [
        ("conflict", "inline", "the source corrected itself later"),
        ("conflict", None, None),
    ]


def test_baseline_fails_only_on_new_problems(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = project / "notes" / "a.md"
    note.write_text(BAD_NOTE, encoding="utf-8")
    assert main(["check", "notes", "--sources", "seeds", "--write-baseline", "base.json"]) == 0
    assert main(["check", "notes", "--sources", "seeds", "--baseline", "base.json"]) == 0
    # moving the quote keeps it matched (keyed by words, not line numbers)
    note.write_text("# Notes\n\nSome text first.\n\n" + BAD_NOTE, encoding="utf-8")
    assert main(["check", "notes", "--sources", "seeds", "--baseline", "base.json"]) == 0
    # a new problem fails
    note.write_text(
        BAD_NOTE + "\nHe said “a gift to cartels and criminals everywhere” [@000].\n",
        encoding="utf-8",
    )
    code, results = _run_json(
        ["notes", "--sources", "seeds", "--baseline", "base.json"], tmp_path, capsys
    )
    assert code == 1
    assert [(r["verdict"], r["suppressed"]) for r in results] == [
        ("conflict", "baseline"),
        ("not_found", None),
    ]
    capsys.readouterr()


def test_config_supplies_defaults_and_cli_wins(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "notes" / "a.md").write_text(BAD_NOTE, encoding="utf-8")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.xref]\nsources = "seeds"\nnotes = ["notes/*.md"]\n'
        'format = "concise"\n\n[tool.xref.severities]\nconflict = "warning"\n',
        encoding="utf-8",
    )
    sub = project / "notes"
    os.chdir(sub)  # found by walking up; paths relative to the config's folder
    assert main(["check"]) == 0  # conflict lowered to a warning
    out = capsys.readouterr().out
    assert out.startswith("notes/a.md:1:13: conflict ")
    assert main(["check", "--fail-on", "warning"]) == 1
    capsys.readouterr()
    (project / "pyproject.toml").write_text(
        '[tool.xref]\nsources = "seeds"\nfail_on = "sometimes"\n', encoding="utf-8"
    )
    assert main(["check", "a.md"]) == 2
    assert "pyproject.toml:3:" in capsys.readouterr().err


def test_output_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes" / "a.md").write_text(BAD_NOTE, encoding="utf-8")
    assert (
        main(["check", "notes", "--sources", "seeds", "--format", "concise", "-o", "out.txt"]) == 1
    )
    assert capsys.readouterr().out == ""
    assert (project / "out.txt").read_text(encoding="utf-8").startswith("notes/a.md:1:13: conflict")


def test_bad_citation_without_a_quote_is_still_reported(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "notes" / "a.md").write_text(
        "ICE arrested 19,752 illegal aliens [@nosuch].\n\nSee also [@000; @other].\n",
        encoding="utf-8",
    )
    code, results = _run_json(["notes", "--sources", "seeds"], tmp_path, capsys)
    assert code == 1
    assert [(r["verdict"], r["cited"], r["line"]) for r in results] == [
        ("unknown-key", ["nosuch"], 1),
        ("unknown-key", ["other"], 3),
    ]


# -- regressions from the QA report (a corpus of its own, written here) -------

TRANSCRIPT = """ date 2024-03-12
Governor Maria Delgado's budget address, full text (as delivered)

Good afternoon. Thank you all for coming.

"This budget puts 4,200 new teachers in our classrooms by the fall of 2025, and it does so \
without raising a single tax on working families. We will not balance this budget on the backs \
of our children. I have heard the critics who say it cannot be done, and I say to them: watch us."

Delgado also addressed the water crisis in the eastern counties. "The state will spend \
$310 million over three years to replace lead pipes in Harlan, Brook and Oster counties, \
starting with schools and hospitals."
"""

GAZETTE = """ date 2024-03-13
Delgado budget promises teachers, lead pipe money

By Ana Ruiz, Gazette Staff

Governor Maria Delgado on Tuesday said "this budget puts 2,400 new teachers in our classrooms \
by the fall of 2025," in an address to the legislature.

"We will balance this budget on the backs of our children," Delgado said, to scattered applause.
"""

GUARDIAN = """Ministers defend rail plan

The transport secretary, Ian Doyle, said on Thursday: 'It's not the '90s any more. We've got to \
be honest about what the railways cost.'

Critics were unconvinced: the Lib Dems' spokesperson said the cuts were 'short-sighted'.
"""


@pytest.fixture
def budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    src = tmp_path / "sources"
    src.mkdir()
    (src / "a_transcript.txt").write_text(TRANSCRIPT, encoding="utf-8")
    (src / "c_gazette.txt").write_text(GAZETTE, encoding="utf-8")
    (src / "guardian.txt").write_text(GUARDIAN, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check_note(
    project: Path, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]]]:
    (project / "notes" / "n.md").write_text(text, encoding="utf-8")
    return _run_json(["notes", "--sources", "sources"], tmp_path, capsys)


def test_single_quoted_quote_with_a_decade_is_checked(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the old notes scanner lost this quote: 0 quotes checked, exit 0
    code, results = _check_note(
        budget,
        "Doyle said: 'It's not the '80s any more, and the trains are perfect' [@guardian].\n",
        tmp_path,
        capsys,
    )
    assert code == 1
    assert [(r["kind"], r["verdict"]) for r in results] == [("quote", "conflict")]
    assert results[0]["quote"] == "It's not the '80s any more, and the trains are perfect"


def test_one_word_scare_quote_is_found(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results = _check_note(
        budget,
        "The Lib Dems' spokesperson called the cuts 'short-sighted' [@guardian].\n\n"
        "They called them “short-sighted” too [@guardian].\n\n"
        "Doyle called the cuts 'far-sighted' [@guardian].\n",
        tmp_path,
        capsys,
    )
    assert [r["verdict"] for r in results] == ["exact", "exact", "not_found"]
    src = results[0]["source"]
    assert src["text"] == "short-sighted" and src["doc"] == "guardian"
    assert GUARDIAN[src["start"] : src["end"]] == "short-sighted"
    assert code == 1


def test_cited_source_with_another_number_is_a_conflict_not_a_misattribution(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, results = _check_note(
        budget,
        'Delgado said "This budget puts 2,400 new teachers in our classrooms by the fall of 2025" '
        "[@a_transcript].\n\n"
        'Delgado said: "We will balance this budget on the backs of our children" '
        "[@a_transcript].\n",
        tmp_path,
        capsys,
    )
    assert code == 1
    assert [r["verdict"] for r in results] == ["conflict", "conflict"]
    number, negation = results
    assert number["source"]["doc"] == "a_transcript"
    assert [(d["kind"], d["a"], d["b"]) for d in number["diffs"] if d["kind"] == "number"] == [
        ("number", "2,400", "4,200")
    ]
    assert any(d["kind"] == "negation" for d in negation["diffs"])
    for r in results:  # the other source with the note's wording is named
        assert "c_gazette" in r["message"]
        assert any(e["code"] == "other-source-agrees" for e in r["evidence"])


def test_words_in_another_source_only_are_still_misattributed(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # negative near-miss for the rule above: the transcript has nothing like it
    _, results = _check_note(
        budget,
        'Delgado said "in an address to the legislature" [@a_transcript].\n',
        tmp_path,
        capsys,
    )
    assert [r["verdict"] for r in results] == ["misattributed"]
    assert results[0]["found_in"] == ["c_gazette"]


def test_truncation_that_drops_the_negation_is_a_conflict(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the located words are verbatim in the transcript, but its quotation says
    # "We will not balance …": the bare window must not hide that
    _, results = _check_note(
        budget,
        'Delgado vowed to "balance this budget on the backs of our children" [@a_transcript].\n',
        tmp_path,
        capsys,
    )
    assert [r["verdict"] for r in results] == ["conflict"]
    assert results[0]["source"]["doc"] == "a_transcript"
    assert any("negation" in e["code"] for e in results[0]["evidence"]), results[0]["evidence"]


@pytest.mark.parametrize(
    "cite",
    [
        "([transcript](../../../../../etc/passwd))",
        "([passwd](/etc/passwd))",
        "[@../../etc/passwd]",
        "[see @/etc/passwd]",
        "[^1]\n\n[^1]: See ../../../../etc/passwd for details.",
    ],
    ids=["link-climbing", "link-absolute", "pandoc-climbing", "pandoc-absolute", "footnote"],
)
def test_citation_paths_leaving_the_project_are_unsafe(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cite: str
) -> None:
    code, results = _check_note(
        budget, f'The transcript says "watch us" {cite}\n', tmp_path, capsys
    )
    assert code == 1
    assert [r["verdict"] for r in results] == ["unsafe-path"]
    assert results[0]["severity"] == "error" and results[0]["source"] is None


def test_footnote_without_a_source_says_what_is_wrong(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, results = _check_note(
        budget,
        'She said "watch us".[^1] He said "watch us".[^2]\n\n[^1]: Heard it on the radio.\n',
        tmp_path,
        capsys,
    )
    assert [r["verdict"] for r in results] == ["unknown-key", "unknown-key"]
    defined, undefined = (r["message"] for r in results)
    assert "not defined" not in defined and "definition" in defined
    assert "[^2] is not defined" in undefined


def test_an_outlet_that_wrote_a_quote_is_not_its_speaker(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, results = _check_note(
        budget,
        'The Gazette wrote that "this budget puts 2,400 new teachers in our classrooms by the '
        'fall of 2025" [@c_gazette].\n\n'
        'Paul Kranz said "this budget puts 2,400 new teachers in our classrooms" [@c_gazette].\n',
        tmp_path,
        capsys,
    )
    # the outlet reports the words; a person who is not the source's speaker is flagged
    assert [r["verdict"] for r in results] == ["exact", "misattributed"]


def test_numeric_claim_shows_the_source_figure(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, results = _check_note(
        budget,
        "The plan costs $410 million over three years for lead pipes [@a_transcript].\n\n"
        "The plan costs $310 million over three years for lead pipes [@a_transcript].\n",
        tmp_path,
        capsys,
    )
    got = [(r["quote"], r["verdict"], r["source_number"]) for r in results]
    assert got == [
        ("$410 million", "conflict", "$310 million"),
        ("over three years", "exact", "over three years"),
        ("$310 million", "exact", "$310 million"),
        ("over three years", "exact", "over three years"),
    ]
    assert "$310 million" in results[0]["message"]


def test_numeric_claim_not_found_names_the_closest_figure(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, results = _check_note(
        budget,
        "Lead pipes in Harlan, Brook and Oster counties will take 12 percent [@a_transcript].\n",
        tmp_path,
        capsys,
    )
    # no percentage in the transcript: the figures of the sentence about the
    # lead pipes are what it says instead
    assert [r["verdict"] for r in results] == ["not_found"]
    shown = results[0]["source_number"]
    assert shown in ("$310 million", "over three years")
    assert shown in results[0]["message"] and shown in results[0]["source"]["text"]
    assert TRANSCRIPT.find(results[0]["source"]["text"]) == results[0]["source"]["start"]


def test_a_site_link_that_cites_nothing_is_not_reported(
    budget: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # near-miss for the unsafe-path rule: no quote or figure cites the link
    code, results = _check_note(
        budget,
        "More on [our methods](/about) and [the archive](../../archive).\n\n"
        'Delgado said "watch us" [@a_transcript].\n',
        tmp_path,
        capsys,
    )
    assert [r["verdict"] for r in results] == ["truncated"]
    assert code == 0


def _three_page_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pages = [
        'Foreword. Director Chidi Okafor writes: "This report is not a forecast of doom. '
        'It is an invitation to act while action is still cheap."',
        "Chapter 2. The institute monitored 4,213 wells across the southern basin.",
        "Chapter 3. The institute recommends a cap of 150 new well permits per year.",
    ]
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    path.write_bytes(bytes(pdf.output()))


def test_page_locators_are_checked_against_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources").mkdir()
    _three_page_pdf(tmp_path / "sources" / "okafor_report.pdf")
    (tmp_path / "sources" / "memo.txt").write_text(
        'Okafor said: "This report is not a forecast of doom."\n', encoding="utf-8"
    )
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    _, results = _check_note(
        tmp_path,
        'Okafor writes that the report "is not a forecast of doom" [@okafor_report, p. 1].\n\n'
        'Okafor writes that the report "is not a forecast of doom" [@okafor_report, p. 2].\n\n'
        'Okafor writes "It is an invitation to act" [@okafor_report, pp. 1-2].\n\n'
        'Okafor writes "It is an invitation to act" [@okafor_report, p. 9].\n\n'
        'Okafor said the report "is not a forecast of doom" [@memo, p. 4].\n',
        tmp_path,
        capsys,
    )
    pages = [(r["line"], r["message"]) for r in results if r["verdict"] == "wrong-page"]
    # the right page, a range holding it, and an unpaginated source's locator pass
    assert pages == [
        (3, "p. 2 cited, but the words are on p. 1 of okafor_report"),
        (7, "page 9 cited, but okafor_report has 3 pages"),
    ]
    assert all(r["severity"] == "error" for r in results if r["verdict"] == "wrong-page")
    quotes = [r["verdict"] for r in results if r["kind"] == "quote"]
    assert quotes == ["truncated"] * 5


def test_a_name_in_the_citation_key_is_not_the_speaker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "hartley2021.txt").write_text(
        "Interview with hydrologist Dana Hartley, March 2021.\n\n"
        'Hartley said the aquifer "took 10,000 years to accumulate." The mayor was blunter. '
        '"We should not panic, but we cannot pretend this is someone else\'s problem," '
        "Reyes said.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    _, results = _check_note(
        tmp_path,
        'Hartley also cautioned that "We should not panic, but we cannot pretend this is '
        "someone else's problem\" [@hartley2021].\n\n"
        'Hartley said the aquifer "took 10,000 years to accumulate" [@hartley2021].\n\n'
        'Reyes warned: "We should not panic" [@hartley2021].\n',
        tmp_path,
        capsys,
    )
    verdicts = [(r["verdict"], r["speaker"]) for r in results if r["kind"] == "quote"]
    assert verdicts == [
        ("misattributed", "Hartley"),
        ("exact", "Hartley"),
        ("truncated", "Reyes"),
    ]
    assert "gives these words to Reyes, not Hartley" in results[0]["message"]


def test_html_report_locates_html_sources_by_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "gazette.html").write_text(
        "<html><head><title>Budget</title></head><body><nav>Home | News</nav><article>"
        "<p>The council met on Tuesday to debate the water budget for the coming year.</p>"
        '<p>"It is a start," said Maria Delacroix, president of the farmers union.</p>'
        "</article></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.md").write_text(
        'Delacroix said: "It is a start" [@gazette].\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "check.html"
    main(["check", "notes", "--sources", "sources", "--format", "html", "-o", str(out)])
    capsys.readouterr()
    page = out.read_text(encoding="utf-8")
    assert "The source: gazette (" in page and ", para. " in page
    assert ", line " not in page.split("The source:")[1].split("</h4>")[0]


def test_quote_interrupted_by_its_attribution_is_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # QA2 P1-7: the source splits the quote with "said Maria Delacroix, …"
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "gazette.txt").write_text(
        'Farm groups welcomed the announcement. "It is a start," said Maria Delacroix, '
        'president of the Harlan Growers Association. "But a start is not a plan."\n',
        encoding="utf-8",
    )
    (tmp_path / "sources" / "report.txt").write_text(
        "The aquifer has dropped by three meters since 1990, the report finds.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.md").write_text(
        'Delacroix said: "It is a start. But a start is not a plan." [@gazette]\n\n'
        'Delacroix said: "It is a start. But a start is not a plan." [@report]\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    _, results = _run_json(["notes", "--sources", "sources"], tmp_path, capsys)
    assert [r["verdict"] for r in results] == ["exact", "misattributed"]
    src = results[0]["source"]
    assert src["doc"] == "gazette" and src["text"].startswith("It is a start,")
    assert any(e["code"] == "attribution-left-out" for e in results[0]["evidence"])
