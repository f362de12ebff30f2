"""``xref rules [NAME]``: list the rules, or explain one in full.

``xref rules`` prints a table (name, kind, severity, summary);
``xref rules NAME`` explains one rule: what it does, why it matters, an
example, what to write instead, and its options.  The rules folders and
severities of the configuration ([tool.xref] in pyproject.toml or
xref.toml) apply; ``--rules DIR`` adds a folder of rules and ``--severity
NAME=LEVEL`` overrides a severity; ``--format json`` prints the rules as data.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from tabulate import tabulate

from xref.errors import XrefError
from xref.rules import LEVELS, Rule, RuleSet, default_ruleset, load_ruleset


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help="explain this rule")
    add_rule_arguments(p)
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def add_rule_arguments(p: argparse.ArgumentParser) -> None:
    """``--rules DIR`` and ``--severity NAME=LEVEL``, for every command that
    runs or lists rules."""
    p.add_argument(
        "--rules", action="append", default=[], metavar="DIR", type=Path,
        help="also read the rules in DIR (may be repeated)",
    )  # fmt: skip
    p.add_argument(
        "--severity", action="append", default=[], metavar="NAME=LEVEL",
        help="override a rule's severity (error, warning, info or off)",
    )  # fmt: skip


def parse_severities(items: list[str]) -> dict[str, str]:
    """``["count-mismatch=error"]`` -> ``{"count-mismatch": "error"}``.

    >>> parse_severities(["arithmetic=info"])
    {'arithmetic': 'info'}
    """
    out = {}
    for item in items:
        name, sep, level = item.partition("=")
        if not sep or not name.strip() or not level.strip():
            raise XrefError(f"--severity wants NAME=LEVEL, not {item!r}")
        out[name.strip()] = level.strip()
    return out


def rule_json(rule: Rule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "kind": rule.kind,
        "severity": rule.severity,
        "summary": rule.summary,
        "message": rule.message,
        "why": rule.why,
        "instead": rule.instead,
        "options": dict(rule.options),
        "source": rule.source,
    }


def listing(rules: RuleSet) -> str:
    rows = [(r.name, r.kind, r.severity, r.summary) for r in rules]
    table: str = tabulate(
        rows, headers=("rule", "kind", "severity", "summary"), maxcolwidths=[None, None, None, 70]
    )
    return table


def _para(text: str) -> str:
    paras = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    return "\n\n".join(textwrap.fill(p, 88) for p in paras)


def explain(rule: Rule) -> str:
    """One rule in the ruff style: what it does, why, example, instead, options."""
    out = [
        f"# {rule.name} ({rule.kind}, {rule.severity})",
        "",
        "## What it does",
        "",
        _para(rule.summary),
    ]
    out += ["", "## Why is this bad?", "", _para(rule.why)]
    bad = next((e for e in rule.examples if e.expect > 0), None)
    good = next((e for e in rule.examples if e.expect == 0), None)
    if bad is not None:
        out += ["", f"## Example ({bad.label})", ""]
        out += [textwrap.indent(textwrap.fill(t, 84), "    ") + "\n" for _, t, _ in bad.docs]
    if rule.instead or good is not None:
        out += ["## Use instead", ""]
        if rule.instead:
            out += [_para(rule.instead), ""]
        if good is not None:
            out += [f"Not reported ({good.label}):", ""]
            out += [textwrap.indent(textwrap.fill(t, 84), "    ") + "\n" for _, t, _ in good.docs]
    if rule.options:
        out += ["## Options", ""]
        for k, v in sorted(rule.options.items()):
            out.append(f"- `{k}` = {json.dumps(v)}")
        out.append("")
    out += [f"Message: {rule.message}", f"Defined in: {rule.source}"]
    return "\n".join(out).rstrip() + "\n"


def _configured(args: argparse.Namespace) -> tuple[list[Path], dict[str, str]]:
    """Rules folders and severities: the configuration's ([tool.xref] or
    xref.toml, when one is found), then the command line's."""
    from xref.config import load_config

    config = load_config()
    known = set(default_ruleset().names())
    dirs = [*config.rules, *args.rules]
    # the configuration says "pass" (never fails a run) where rules say "off"
    severities = {
        k: ("off" if v == "pass" else v)
        for k, v in config.severities
        if k in known and (v in LEVELS or v == "pass")
    }
    severities.update(parse_severities(args.severity))
    return dirs, severities


def configured_ruleset(args: argparse.Namespace) -> RuleSet:
    """The rules as the configuration and the command line set them."""
    dirs, severities = _configured(args)
    return load_ruleset(dirs, severities)


def run(args: argparse.Namespace) -> int:
    rules = configured_ruleset(args)
    if args.name:
        rule = rules.get(args.name)
        text = (
            json.dumps(rule_json(rule), indent=2) + "\n" if args.format == "json" else explain(rule)
        )
    elif args.format == "json":
        text = json.dumps([rule_json(r) for r in rules], indent=2) + "\n"
    else:
        text = listing(rules) + "\n"
    sys.stdout.write(text)
    return 0
