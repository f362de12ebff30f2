"""The report as readable text: clusters with their renderings, then findings."""

from __future__ import annotations

from collections import Counter

from tabulate import tabulate

from xref.model import Diff, Finding, Rendering, Report
from xref.readers import where

_MAX_TEXT = 160


def _short(text: str, limit: int = _MAX_TEXT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def describe_diff(d: Diff) -> str:
    """A diff as ``[-old-]{+new+}`` text, so it reads without colour.

    >>> describe_diff(Diff("replace", "number", "19", "18", 0, 2, 0, 2))
    'number: [-18-]{+19+}'
    """
    # a = the rendering's words, b = the reference's: show reference -> rendering
    if d.op == "delete":
        body = f"{{+{d.a}+}}"
    elif d.op == "insert":
        body = f"[-{d.b}-]"
    else:
        body = f"[-{d.b}-]{{+{d.a}+}}"
    return f"{d.kind}: {body}"


def _differences(r: Rendering, limit: int = 4) -> str:
    shown = [describe_diff(d) for d in r.diffs if d.kind not in ("case", "punctuation")]
    if not shown and r.evidence and r.verdict != "exact":
        return _short(r.evidence[0].message, 80)
    more = f" (+{len(shown) - limit} more)" if len(shown) > limit else ""
    return "; ".join(shown[:limit]) + more


def _where(report: Report, doc_id: str, start: int) -> str:
    """A place a person can open: ``path:line:col``, or the page or paragraph."""
    try:
        doc = report.document(doc_id)
    except KeyError:
        return doc_id
    return where(doc, start)


def _finding_rows(report: Report, findings: tuple[Finding, ...]) -> list[list[str]]:
    rows = []
    for f in findings:
        places = [_where(report, loc.doc, loc.start) for loc in f.locations]
        where = "\n".join(places[:4] + ([f"(+{len(places) - 4} more)"] if len(places) > 4 else []))
        rows.append([f.severity, f.rule, where, f.message])
    return rows


def _n(count: int, noun: str) -> str:
    """``count`` and ``noun``, plural when needed.

    >>> _n(1, "passage"), _n(3, "quote")
    ('1 passage', '3 quotes')
    """
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def render_report_text(report: Report) -> str:
    kinds = Counter(c.kind for c in report.clusters)
    parts = [
        f"xref report: {_n(len(report.documents), 'document')}, "
        f"{_n(len(report.clusters), 'cluster')} ({_n(kinds['quote'], 'quote')}, "
        f"{_n(kinds['passage'], 'passage')}, {kinds['boilerplate']} boilerplate), "
        f"{_n(len(report.findings), 'finding')}",
        "",
    ]
    for c in report.clusters:
        parts.append(f"{c.id}  {c.kind} in {len(c.docs)} documents: “{_short(c.text)}”")
        rows = [
            [
                _where(report, r.doc, r.start),
                r.speaker or "",
                ("" if r.quoted else "(unquoted) ") + r.verdict,
                f"{r.score:.0f}",
                _differences(r),
            ]
            for r in c.renderings
        ]
        table = tabulate(
            rows,
            headers=["where", "speaker", "verdict", "score", "differences (reference → this)"],
            tablefmt="simple",
            maxcolwidths=[None, 28, None, None, 70],
        )
        parts.append("\n".join("  " + line for line in table.splitlines()))
        parts.append("")
    if report.findings:
        parts.append("Findings")
        table = tabulate(
            _finding_rows(report, report.findings),
            headers=["severity", "rule", "where", "message"],
            tablefmt="simple",
            maxcolwidths=[None, None, None, 80],
        )
        parts.append("\n".join("  " + line for line in table.splitlines()))
    else:
        parts.append("No findings.")
    return "\n".join(parts) + "\n"
