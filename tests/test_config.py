"""Configuration discovery and validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from xref.config import Config, find_config, load_config, load_config_file
from xref.errors import XrefError


def test_no_config_uses_defaults_and_the_start_folder_as_root(tmp_path: Path) -> None:
    cfg = load_config(tmp_path)
    assert cfg.path is None or not cfg.path.is_relative_to(tmp_path)
    if cfg.path is None:
        assert cfg.root == tmp_path.resolve()
        assert cfg.fail_on == "error" and cfg.sources is None


def test_xref_toml_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "xref.toml").write_text(
        'sources = "corpus"\nmanifest = "m.toml"\nnotes = ["notes/**/*.md"]\nrules = ["rules"]\n'
        'fail-on = "warning"\nbaseline = ".xref-baseline.json"\n\n[severities]\nvariant = "pass"\n',
        encoding="utf-8",
    )
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    cfg = load_config(deep)
    root = tmp_path.resolve()
    assert cfg.path == root / "xref.toml" and cfg.root == root
    assert cfg.sources == root / "corpus" and cfg.manifest == root / "m.toml"
    assert cfg.notes == ("notes/**/*.md",) and cfg.rules == (root / "rules",)
    assert cfg.fail_on == "warning" and cfg.baseline == root / ".xref-baseline.json"
    assert cfg.severity("variant") == "pass" and cfg.severity("conflict") == "error"


def test_pyproject_without_tool_xref_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.xref]\nsources = "s"\n', encoding="utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "pkg"\n', encoding="utf-8")
    found = find_config(inner)
    assert found is not None and found[0] == (tmp_path / "pyproject.toml").resolve()


def test_xref_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.xref]\nsources = "a"\n', encoding="utf-8")
    (tmp_path / "xref.toml").write_text('sources = "b"\n', encoding="utf-8")
    assert load_config(tmp_path).sources == tmp_path.resolve() / "b"


def test_other_tables_are_kept_for_other_commands(tmp_path: Path) -> None:
    (tmp_path / "xref.toml").write_text("[report]\nthreshold = 80\n", encoding="utf-8")
    assert dict(load_config(tmp_path).extra) == {"report": {"threshold": 80}}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('sources = "s"\nfail_on = \n', 2, "malformed TOML"),
        ('sources = "s"\n\nfail_on = "sometimes"\n', 3, "fail_on"),
        ('sources = "s"\nsourcse = "t"\n', 2, "unknown key"),
        ('[severities]\nconflict = "fatal"\n', 2, "severity"),
        # typos in table names and severity keys are errors, not silently ignored (QA P1-7)
        ('sources = "s"\n\n[xref]\nnotes = ["*.md"]\n', 3, "unknown table [xref]"),
        ('sources = "s"\n\n[severites]\nvariant = "pass"\n', 3, "unknown table [severites]"),
        ('sources = "s"\n[severities]\nvarient = "pass"\n', 3, "did you mean 'variant'"),
        ('[severities]\nnumber-mismach = "info"\n', 2, "neither a verdict"),
        ("[tool.black]\nline-length = 100\n", 1, "unknown table [tool.black]"),
        ('sources = "s"\n\n[tool.xref]\nnotes = ["*.md"]\n', 1, "not both"),
        ('allow_outside_root = "yes"\n', 1, "true or false"),
        ("notes = 3\n", 1, "list of strings"),
    ],
)
def test_malformed_config_names_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    (tmp_path / "xref.toml").write_text(text, encoding="utf-8")
    with pytest.raises(XrefError) as e:
        load_config(tmp_path)
    assert str(e.value).startswith(f"{(tmp_path / 'xref.toml').resolve()}:{line}: ")
    assert words in str(e.value)


def test_malformed_pyproject_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.xref]\nsources = "s"\nfail_on = "often"\n', encoding="utf-8"
    )
    with pytest.raises(XrefError) as e:
        load_config(tmp_path)
    assert ":6: fail_on" in str(e.value)


def test_explicit_config_file(tmp_path: Path) -> None:
    p = tmp_path / "ci.toml"
    p.write_text('sources = "seeds"\nformat = "sarif"\n', encoding="utf-8")
    cfg = load_config_file(p)
    assert cfg.format == "sarif" and cfg.sources == tmp_path.resolve() / "seeds"
    with pytest.raises(XrefError):
        load_config_file(tmp_path / "missing.toml")


def test_severity_defaults() -> None:
    cfg = Config(Path("/"))
    assert [cfg.severity(v) for v in ("exact", "truncated", "elided")] == ["pass"] * 3
    assert [cfg.severity(v) for v in ("variant", "uncited")] == ["warning"] * 2
    assert {cfg.severity(v) for v in ("paraphrase", "conflict", "misattributed", "not_found")} == {
        "error"
    }


def test_tool_xref_table_in_xref_toml_is_read(tmp_path: Path) -> None:
    # the README's [tool.xref] example pasted into an xref.toml (QA P1-7)
    (tmp_path / "xref.toml").write_text(
        '[tool.xref]\nsources = "sources"\nnotes = ["notes/**/*.md"]\n\n'
        '[tool.xref.severities]\nvariant = "pass"\n',
        encoding="utf-8",
    )
    deep = tmp_path / "notes" / "x"
    deep.mkdir(parents=True)
    for cfg in (load_config(deep), load_config_file(tmp_path / "xref.toml")):
        assert cfg.sources == tmp_path.resolve() / "sources"
        assert cfg.notes == ("notes/**/*.md",) and cfg.severity("variant") == "pass"
    (tmp_path / "xref.toml").write_text('[tool.xref]\nfail_on = "eror"\n', encoding="utf-8")
    with pytest.raises(XrefError) as e:
        load_config(deep)
    assert str(e.value).startswith(f"{(tmp_path / 'xref.toml').resolve()}:2: fail_on")


def test_severities_accept_verdicts_problem_rules_and_report_rules(tmp_path: Path) -> None:
    (tmp_path / "xref.toml").write_text(
        '[severities]\nvariant = "pass"\nunbalanced-quote = "warning"\n'
        'number-mismatch = "info"\nname-variant = "off"\n',
        encoding="utf-8",
    )
    cfg = load_config(tmp_path)
    assert cfg.severity("unbalanced-quote") == "warning"
    assert cfg.severity("number-mismatch") == "info" and cfg.severity("name-variant") == "pass"


def test_severity_for_a_rule_of_a_configured_rules_folder(tmp_path: Path) -> None:
    rules = tmp_path / "house-rules"
    rules.mkdir()
    (rules / "house.toml").write_text(
        '[house-figures]\nkind = "numbers"\nseverity = "warning"\nsummary = "s"\n'
        'message = "m"\nwhy = "w"\n',
        encoding="utf-8",
    )
    (tmp_path / "xref.toml").write_text(
        'rules = ["house-rules"]\n\n[severities]\nhouse-figures = "error"\n', encoding="utf-8"
    )
    assert load_config(tmp_path).severity("house-figures") == "error"
