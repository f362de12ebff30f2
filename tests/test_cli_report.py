"""`xref report` from the command line: formats, exit codes, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xref.cli import main


def test_text_report_on_seeds(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", str(seeds_dir), "--no-cache"])
    out = capsys.readouterr().out
    assert code == 1  # the seeds have error-level findings (the coalition count)
    assert "truncated" in out and "count-mismatch" in out
    assert "001_f0198ec2f486b8dd" in out


def test_json_report_slices_match(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["report", str(seeds_dir), "--format", "json", "--no-cache"])
    data = json.loads(capsys.readouterr().out)
    texts = {d["id"]: Path(d["path"]).read_text(encoding="utf-8") for d in data["documents"]}
    for c in data["clusters"]:
        for r in c["renderings"]:
            assert texts[r["doc"]][r["start"] : r["end"]] == r["text"]
            assert r["where"].startswith(str(seeds_dir))


def test_fail_on_never_and_output_file(seeds_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert main(["report", str(seeds_dir), "--format", "json", "-o", str(out),
                 "--fail-on", "never", "--no-cache"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["clusters"]


def test_missing_path_is_one_line_exit_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xref", "report", str(tmp_path / "missing"), "--no-cache"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no such file" in done.stderr
    assert "Traceback" not in done.stderr


def test_empty_folder_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path), "--no-cache"]) == 2
    assert "no readable files" in capsys.readouterr().err


def test_bad_file_is_a_finding_and_the_rest_is_reported(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for p in seeds_dir.glob("00[01]*.txt"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe\x00\x00\x00garbage\x00")
    (tmp_path / "empty.md").write_bytes(b"")
    code = main(["report", str(tmp_path), "--format", "json", "--no-cache"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    rules = {(f["rule"], f["locations"][0]["doc"]) for f in data["findings"]}
    assert ("input-error", "empty") in rules
    assert len(data["documents"]) >= 2
    assert any(c["text"].startswith("We urge you") for c in data["clusters"])


def test_unwritable_output_is_exit_2(seeds_dir: Path, tmp_path: Path) -> None:
    assert main(["report", str(seeds_dir), "-o", str(tmp_path / "no" / "dir.txt"),
                 "--no-cache"]) == 2


def test_severity_override_and_off(seeds_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", str(seeds_dir), "--format", "json", "--no-cache",
                 "--severity", "count-mismatch=error", "--severity", "arithmetic=off"])
    data = json.loads(capsys.readouterr().out)
    by_rule = {f["rule"]: f["severity"] for f in data["findings"]}
    assert by_rule["count-mismatch"] == "error"
    assert "arithmetic" not in by_rule
    assert code == 1


def test_unknown_rule_in_severity_is_exit_2(seeds_dir: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(seeds_dir), "--severity", "no-such-rule=error"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_configuration_severities_apply_to_report(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "xref.toml").write_text(
        '[severities]\narithmetic = "pass"\nname-variant = "error"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    main(["report", str(seeds_dir), "--format", "json", "--no-cache"])
    by_rule = {f["rule"]: f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "arithmetic" not in by_rule
    assert by_rule["name-variant"] == "error"
