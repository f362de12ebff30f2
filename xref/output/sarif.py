"""``xref check`` results as SARIF 2.1.0, the way GitHub code scanning takes it.

One run; ``tool.driver.rules`` lists every verdict and problem rule (id,
name, shortDescription, fullDescription, help, defaultConfiguration.level);
each result that is not a pass has ruleId, ruleIndex, level, message, a
location in the note (repo-relative ``artifactLocation.uri`` with
``uriBaseId`` ``%SRCROOT%``, region startLine/startColumn/endLine/
endColumn, columns counted in Unicode code points), the source span as a
related location, and ``partialFingerprints`` (the quote + citation +
verdict hash, so alerts survive line moves).  Suppressed results carry
``suppressions`` (``inSource`` for comments, ``external`` for a baseline).

Contents
--------
LEVEL       xref severity -> SARIF level
render      CheckRun -> SARIF JSON text
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from xref import __version__
from xref.checker import CHECK_VERDICTS, PROBLEM_RULES, RULE_HELP, CheckResult, CheckRun
from xref.config import DEFAULT_SEVERITIES
from xref.output.text import one_line

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL: dict[str, str] = {"error": "error", "warning": "warning", "info": "note", "pass": "none"}
RULE_IDS: tuple[str, ...] = CHECK_VERDICTS + PROBLEM_RULES


def _rule(rule_id: str) -> dict[str, Any]:
    short, help_text = RULE_HELP.get(rule_id, (rule_id, rule_id))
    return {
        "id": rule_id,
        "name": "".join(p.capitalize() for p in rule_id.replace("-", "_").split("_")),
        "shortDescription": {"text": short},
        "fullDescription": {"text": help_text},
        "help": {"text": help_text, "markdown": f"**{short}.** {help_text}"},
        "defaultConfiguration": {"level": LEVEL[DEFAULT_SEVERITIES.get(rule_id, "error")]},
        "properties": {"tags": ["quote-check" if rule_id in CHECK_VERDICTS else "input"]},
    }


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"), safe="/-_.~")


def _source_location(run: CheckRun, r: CheckResult) -> dict[str, Any] | None:
    if r.source is None:
        return None
    doc = run.document(r.source.doc)
    if doc is None:
        return None
    line, col = doc.line_col(r.source.start)
    end_line, end_col = doc.line_col(r.source.end)
    try:
        uri = Path(doc.path).resolve().relative_to(run.root.resolve()).as_posix()
        art: dict[str, Any] = {"uri": _uri(uri), "uriBaseId": "%SRCROOT%"}
    except ValueError:
        art = {"uri": Path(doc.path).resolve().as_uri()}
    return {
        "id": 1,
        "physicalLocation": {
            "artifactLocation": art,
            "region": {
                "startLine": line,
                "startColumn": col,
                "endLine": end_line,
                "endColumn": end_col,
                "charOffset": r.source.start,
                "charLength": r.source.end - r.source.start,
            },
        },
        "message": {"text": f"{r.source.doc}: {one_line(r.source.text, 200)}"},
    }


def _result(run: CheckRun, r: CheckResult, index: dict[str, int]) -> dict[str, Any]:
    text = one_line(r.message)
    if r.kind == "quote" and r.quote:
        text = f"“{one_line(r.quote, 120)}”: {text}"
    out: dict[str, Any] = {
        "ruleId": r.verdict,
        "ruleIndex": index[r.verdict],
        "level": LEVEL.get(r.severity, "error"),
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(r.file), "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": r.line,
                        "startColumn": r.column,
                        "endLine": max(r.end_line, r.line),
                        "endColumn": r.end_column
                        if r.end_line > r.line
                        else max(r.end_column, r.column),
                    },
                }
            }
        ],
        "partialFingerprints": {"xrefQuote/v1": r.fingerprint},
        "properties": {
            "kind": r.kind,
            "quote": r.quote,
            "cited": list(r.cited),
            "foundIn": list(r.found_in),
            "evidence": [e.to_json() for e in r.evidence],
        },
    }
    related = _source_location(run, r)
    if related is not None:
        out["relatedLocations"] = [related]
    if r.suppressed:
        sup: dict[str, Any] = {"kind": "inSource" if r.suppressed == "inline" else "external"}
        if r.justification:
            sup["justification"] = r.justification
        out["suppressions"] = [sup]
    return out


def render(run: CheckRun, *, show_all: bool = False) -> str:
    """A SARIF log with one run; passing results are left out unless ``show_all``."""
    extra = sorted({r.verdict for r in run.results} - set(RULE_IDS))
    rule_ids = list(RULE_IDS) + extra
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results = [_result(run, r, index) for r in run.results if show_all or r.severity != "pass"]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "xref",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(rid) for rid in rule_ids],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": run.root.resolve().as_uri() + "/"}},
                "invocations": [{"executionSuccessful": True}],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
