"""Output formats of ``xref check``: SARIF against the official 2.1.0 schema,
JUnit read back with a real XML parser, GitLab Code Quality fields, GitHub
workflow commands, concise lines, JSON fields."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from helpers import CHECK_JSON_FIELDS

from xref.checker import CheckRun, check
from xref.commands.check import render
from xref.config import Config

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def run() -> CheckRun:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return check(["examples/notes"], config=Config(ROOT), sources=ROOT / "seeds")
    finally:
        os.chdir(cwd)


def _problems(run: CheckRun) -> list:  # type: ignore[type-arg]
    return [r for r in run.results if r.severity != "pass" and not r.suppressed]


def test_sarif_is_valid_against_the_official_schema(run: CheckRun) -> None:
    log = json.loads(render(run, "sarif"))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_as_github_code_scanning_wants_it(run: CheckRun) -> None:
    log = json.loads(render(run, "sarif"))
    sarif_run = log["runs"][0]
    rules = sarif_run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
    results = sarif_run["results"]
    assert len(results) == len([r for r in run.results if r.severity != "pass"])
    for res in results:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert (ROOT / loc["artifactLocation"]["uri"]).is_file()
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert res["partialFingerprints"]["xrefQuote/v1"]
        assert res["level"] in ("error", "warning", "note")
    suppressed = [res for res in results if "suppressions" in res]
    assert [s["suppressions"][0]["kind"] for s in suppressed] == ["inSource"]
    by_rule = {res["ruleId"] for res in results}
    assert {
        "conflict",
        "misattributed",
        "not_found",
        "paraphrase",
        "uncited",
        "unknown-key",
    } <= by_rule


def test_sarif_related_location_points_into_the_source(run: CheckRun) -> None:
    log = json.loads(render(run, "sarif"))
    for res in log["runs"][0]["results"]:
        for rel in res.get("relatedLocations", []):
            loc = rel["physicalLocation"]
            text = (ROOT / loc["artifactLocation"]["uri"]).read_text(encoding="utf-8")
            region = loc["region"]
            assert text[region["charOffset"] : region["charOffset"] + region["charLength"]]


def test_junit_reads_back(run: CheckRun) -> None:
    root = ET.fromstring(render(run, "junit").encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(run.results)  # one testcase per quote, number or problem
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == len(run.failing())
    assert int(root.get("failures", "-1")) == len(failures)
    skipped = [c for c in cases if c.find("skipped") is not None]
    assert len(skipped) == sum(1 for r in run.results if r.suppressed)
    f = next(c for c in failures if "19,572" in c.get("name", ""))
    failure = f.find("failure")
    assert failure is not None and failure.get("type") == "conflict"
    assert "[-19,752-]{+19,572+}" in (failure.text or "")


def test_junit_input_error_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"caf\xe9 \xff")
    (tmp_path / "ok.md").write_text("Fitch said “We urge you” [@000].\n", encoding="utf-8")
    r = check([tmp_path], config=Config(tmp_path), sources=ROOT / "seeds")
    root = ET.fromstring(render(r, "junit").encode("utf-8"))
    assert root.get("errors") == "1"


def test_gitlab_code_quality(run: CheckRun) -> None:
    issues = json.loads(render(run, "gitlab"))
    assert len(issues) == len(_problems(run))
    fps = [i["fingerprint"] for i in issues]
    assert len(fps) == len(set(fps))
    for i in issues:
        assert set(i) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert (ROOT / i["location"]["path"]).is_file() and i["location"]["lines"]["begin"] >= 1


def test_github_annotations(run: CheckRun) -> None:
    lines = render(run, "github").splitlines()
    assert len(lines) == len(_problems(run))
    rx = re.compile(
        r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,title=[^:,]+::.+$"
    )
    for line in lines:
        assert rx.match(line), line
        assert "\n" not in line
    assert any(line.startswith("::warning file=examples/notes/letter.md") for line in lines)


def test_concise(run: CheckRun) -> None:
    lines = render(run, "concise").splitlines()
    assert len(lines) == len(_problems(run))
    for line in lines:
        assert re.match(r"^examples/notes/\w+\.md:\d+:\d+: [\w-]+ .+", line), line


def test_concise_all_marks_suppressed_results(run: CheckRun) -> None:
    suppressed = [r for r in run.results if r.suppressed]
    assert suppressed, "the example notes suppress a result inline"
    lines = render(run, "concise", show_all=True).splitlines()
    assert len(lines) == len(run.results)
    marked = [line for line in lines if "[suppressed: " in line]
    assert len(marked) == len(suppressed)
    for r in suppressed:
        assert any(
            line.startswith(f"{r.file}:{r.line}:{r.column}: {r.verdict} ")
            and f"[suppressed: {r.suppressed}" in line
            for line in marked
        )


def test_json_fields_and_order(run: CheckRun) -> None:
    rows = json.loads(render(run, "json"))
    assert len(rows) == len(run.results)
    keys = [(r["file"], r["line"], r["column"]) for r in rows]
    assert keys == sorted(keys)
    for r in rows:
        assert set(r) >= CHECK_JSON_FIELDS


def test_text_shows_both_sides(run: CheckRun) -> None:
    out = render(run, "text")
    assert "note:" in out and "source:" in out and "why:" in out
    assert "{+" in out and "[-" in out


def test_output_is_deterministic(run: CheckRun, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    again = check(["examples/notes"], config=Config(ROOT), sources=ROOT / "seeds")
    for fmt in ("json", "sarif", "junit", "gitlab", "github", "concise", "text"):
        assert render(again, fmt) == render(run, fmt)
