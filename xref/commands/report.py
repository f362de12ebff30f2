"""``xref report PATHS``: cross-reference a corpus."""

from __future__ import annotations

import argparse

from xref.cache import add_scale_arguments, scale_options
from xref.commands import emit
from xref.commands.rules import add_rule_arguments, configured_ruleset

FORMATS = ("text", "json", "html", "markdown")
_RANK = {"error": 0, "warning": 1, "info": 2}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of sources")
    p.add_argument("--format", choices=FORMATS, default="text", help="output format")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        default="warning",
        help="exit 1 when a finding of this severity or worse exists (default: warning)",
    )
    add_rule_arguments(p)
    add_scale_arguments(p, engine=True)


def render(report: object, fmt: str) -> str:
    from xref.model import Report

    assert isinstance(report, Report)
    if fmt == "json":
        from xref.output.report_json import render_report_json

        return render_report_json(report)
    if fmt == "html":
        from xref.output.report_html import render_report_html

        return render_report_html(report)
    if fmt == "markdown":
        from xref.output.report_markdown import render_report_markdown

        return render_report_markdown(report)
    from xref.output.report_text import render_report_text

    return render_report_text(report)


def run(args: argparse.Namespace) -> int:
    from xref.report import build_report

    report = build_report(
        args.paths, ruleset=configured_ruleset(args), progress=None, **scale_options(args)
    )
    emit(render(report, args.format), args.output)
    if args.fail_on == "never":
        return 0
    limit = _RANK[args.fail_on]
    return 1 if any(_RANK.get(f.severity, 2) <= limit for f in report.findings) else 0
