"""The rule registry (xref.rules), each rule's examples, `xref rules`, and the eval floors."""

from __future__ import annotations

import doctest
import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

import xref.commands.rules
import xref.rules
from xref.checks.examples import run_example
from xref.cli import main
from xref.errors import XrefError
from xref.rules import Example, Rule, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
RULES = load_ruleset()
STABLE = [
    "arithmetic",
    "attribution-conflict",
    "count-mismatch",
    "date-mismatch",
    "input-error",
    "name-variant",
    "number-mismatch",
    "unbalanced-quote",
]


@pytest.mark.parametrize("module", [xref.rules, xref.commands.rules])
def test_doctests(module: ModuleType) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_the_stable_rule_names_in_name_order() -> None:
    assert [r.name for r in RULES] == STABLE == RULES.names()


def test_every_rule_is_documented_with_examples() -> None:
    for r in RULES:
        assert r.summary and "\n" not in r.summary, r.name
        assert r.why and r.instead and r.message, r.name
        assert any(e.expect > 0 for e in r.examples), f"{r.name}: no positive example"
        assert any(e.expect == 0 for e in r.examples), f"{r.name}: no example of what is fine"


def _examples() -> list[object]:
    return [pytest.param(r, ex, id=f"{r.name}: {ex.label}") for r in RULES for ex in r.examples]


@pytest.mark.parametrize(("rule", "example"), _examples())
def test_rule_example(rule: Rule, example: Example) -> None:
    found = run_example(rule, example, RULES)
    assert len(found) == example.expect, [f.message for f in found]
    for f in found:
        assert f.rule == rule.name and f.severity == rule.severity


def test_rules_ship_in_the_package() -> None:
    shipped = resources.files("xref") / "rules"
    names = sorted(f.name for f in shipped.iterdir() if f.name.endswith(".toml"))
    assert names == sorted(f"{n}.toml" for n in STABLE)
    assert (shipped / "words" / "qualifiers.toml").is_file()


def test_get_and_severity() -> None:
    assert RULES.get("count-mismatch").kind == "counts"
    assert RULES.severity("number-mismatch") == "error"
    with pytest.raises(XrefError, match="unknown rule 'nope'"):
        RULES.get("nope")


def test_severity_overrides() -> None:
    rules = load_ruleset(severities={"count-mismatch": "error", "arithmetic": "off"})
    assert rules.severity("count-mismatch") == "error"
    assert not rules.get("arithmetic").enabled
    with pytest.raises(XrefError, match="unknown rule"):
        load_ruleset(severities={"count-mismatches": "error"})
    with pytest.raises(XrefError, match="severity"):
        load_ruleset(severities={"count-mismatch": "fatal"})


def test_user_folder_overrides_and_adds(tmp_path: Path) -> None:
    (tmp_path / "house.toml").write_text(
        """
[count-mismatch]
severity = "error"
[count-mismatch.options]
tolerance = 0.1

[strict-arithmetic]
kind = "arithmetic"
severity = "info"
summary = "Arithmetic with no slack"
message = "{statement}: {computation}"
why = "House style."
[strict-arithmetic.options]
percent_points = 0.0
""",
        encoding="utf-8",
    )
    rules = load_ruleset([tmp_path])
    cm = rules.get("count-mismatch")
    assert cm.severity == "error" and cm.option("tolerance") == 0.1
    assert "joined" in cm.option("joiner_verbs")  # other options kept
    assert cm.examples == RULES.get("count-mismatch").examples
    assert rules.get("strict-arithmetic").kind == "arithmetic"
    assert "strict-arithmetic" in rules.names()


def test_malformed_toml_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[count-mismatch]\nseverity = "error"\nsummary = \n', encoding="utf-8")
    with pytest.raises(XrefError) as err:
        load_ruleset([tmp_path])
    assert str(err.value).startswith(f"{bad}:3:") and "malformed TOML" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[new-rule]\nkind = "counts"\n', "lacks"),
        (
            '[new-rule]\nkind = "magic"\nseverity = "info"\nsummary = "s"\n'
            'message = "m"\nwhy = "w"\n',
            "kind",
        ),
        ('[count-mismatch]\nseverity = "loud"\n', "severity"),
        ('[count-mismatch]\ncolour = "red"\n', "unknown field"),
        ('[Bad_Name]\nkind = "counts"\n', "rule name"),
    ],
)
def test_invalid_rules(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "r.toml").write_text(text, encoding="utf-8")
    with pytest.raises(XrefError, match=message):
        load_ruleset([tmp_path])


def test_missing_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(XrefError, match="not found"):
        load_ruleset([tmp_path / "nope"])


# --------------------------------------------------------------- xref rules


def test_cli_lists_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for name in STABLE:
        assert name in out
    assert "severity" in out.splitlines()[0]


def test_cli_explains_a_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "count-mismatch"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Options",
    ):
        assert heading in out
    assert "joined 18 state attorneys general" in out


def test_cli_unknown_rule_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "no-such-rule"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown rule 'no-such-rule'" in err


def test_cli_json_and_severity(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json", "--severity", "arithmetic=info"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data] == STABLE
    assert next(r for r in data if r["name"] == "arithmetic")["severity"] == "info"
    assert main(["rules", "--severity", "arithmetic"]) == 2


def test_cli_reads_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "x.toml").write_text('[count-mismatch]\nseverity = "info"\n', "utf-8")
    (tmp_path / "xref.toml").write_text(
        'rules = ["house"]\n[severities]\narithmetic = "error"\nvariant = "pass"\n', "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["rules", "--format", "json", "--severity", "name-variant=off"]) == 0
    data = {r["name"]: r["severity"] for r in json.loads(capsys.readouterr().out)}
    assert data["count-mismatch"] == "info"
    assert data["arithmetic"] == "error"
    assert data["name-variant"] == "off"


# --------------------------------------------------------------- evaluation floors

#: per-rule (precision, recall) floors on tests/data/consistency_cases.toml; lower only on purpose
FLOORS: dict[str, tuple[float, float]] = {
    "arithmetic": (1.0, 1.0),
    "attribution-conflict": (1.0, 1.0),
    "count-mismatch": (1.0, 0.80),
    "date-mismatch": (1.0, 0.75),
    "name-variant": (1.0, 1.0),
    "number-mismatch": (1.0, 1.0),
}


def _eval() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rules_eval", ROOT / "eval" / "rules_eval.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["rules_eval"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_precision_and_recall_floors() -> None:
    ev = _eval()
    scores = ev.score(ev.load_cases())
    assert set(scores) == set(FLOORS)
    for rule, (p, r) in FLOORS.items():
        s = scores[rule]
        assert s.precision >= p, f"{rule}: precision {s.precision:.2f} < {p}"
        assert s.recall >= r, f"{rule}: recall {s.recall:.2f} < {r}"
