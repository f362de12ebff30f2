"""The README's promises: the quick start is what CI runs, the API example holds."""

from __future__ import annotations

import re
from pathlib import Path

import xref

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, re.S)


def test_quick_start_is_two_commands_and_ci_runs_them() -> None:
    commands = _quick_start()
    assert len(commands) == 2
    assert "xref report seeds/" in commands[0]
    assert "'.[test]'" in commands[1] and "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv" in ci
    for cmd in commands:
        # CI creates its own venv; the install-and-run part must be the same
        tail = cmd.split("&& . .venv/bin/activate && ", 1)[1]
        assert tail in ci, tail


def test_python_api_example() -> None:
    c = xref.compare(
        "Sexual predators are welcome in Mississippi",
        "Sexual predators are not welcome in Mississippi, and they are not welcome.",
    )
    assert c.verdict == "conflict"
    assert c.evidence[0].code == "negation-dropped"
