"""The corpus report as GitHub-flavoured Markdown, for a CI job summary.

Counts first, then what each pair of documents shares, then every cluster
whose renderings differ (a table per cluster: document, verdict, speaker, and
the words that differ from the reference as ~~left out~~ / **added**, with
their kind), a one-line table of the clusters that agree, and the findings.
All text from the corpus goes through
:func:`~xref.output.html_common.md_escape`, so it cannot inject Markdown or
HTML.

Contents
--------
render_report_markdown      Report -> str
md_table                    rows of already-escaped cells -> a GFM table
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xref.model import VERDICTS, Cluster, Report
from xref.output.html_common import (
    VERDICT_LABELS,
    align_words,
    inline_diff_markdown,
    md_escape,
    plural,
)

#: agreeing words kept on each side of a difference; longer runs become "…"
CONTEXT_WORDS = 4
#: differences shown per rendering; a paraphrase may have dozens
MAX_DIFFS = 12
_QUOTE_CHARS = 300


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GitHub-flavoured Markdown table; cells must already be escaped.

    >>> print(md_table(["a", "b"], [["1", "2"]]))
    | a | b |
    | --- | --- |
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(c or " " for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _verdict(v: str) -> str:
    return md_escape(VERDICT_LABELS.get(v, v))


def _worst(c: Cluster) -> str:
    order = {v: i for i, v in enumerate(VERDICTS)}
    return max((r.verdict for r in c.renderings), key=lambda v: order.get(v, len(order)))


def _where(report: Report, doc_id: str, start: int) -> str:
    try:
        doc = report.document(doc_id)
    except KeyError:
        return md_escape(doc_id)
    if not 0 <= start <= len(doc.text):
        return md_escape(doc_id)
    page = doc.page_of(start)
    if page is not None:
        return md_escape(f"{doc_id} p.{page}")
    line, col = doc.line_col(start)
    return md_escape(f"{doc_id}:{line}:{col}")


def _short(text: str, limit: int = _QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _summary(report: Report) -> list[str]:
    kinds = Counter(c.kind for c in report.clusters)
    sev = Counter(f.severity for f in report.findings)
    verdicts = Counter(r.verdict for c in report.clusters for r in c.renderings[1:])
    out = [
        "# xref report",
        "",
        f"**{len(report.documents)}** documents · **{len(report.clusters)}** clusters "
        f"({plural(kinds['quote'], 'quote')}, {plural(kinds['passage'], 'passage')}, "
        f"{kinds['boilerplate']} boilerplate) · **{len(report.findings)}** findings "
        f"({plural(sev['error'], 'error')}, {plural(sev['warning'], 'warning')}, "
        f"{sev['info']} info)",
        "",
    ]
    if verdicts:
        out += [
            md_table(["Verdict (renderings other than the reference)", "Count"],
                     [[_verdict(v), str(verdicts[v])] for v in VERDICTS if verdicts[v]]),
            "",
        ]
    return out


def _matrix(report: Report) -> list[str]:
    if len(report.documents) < 2 or not report.clusters:
        return []
    shared: dict[tuple[str, str], list[str]] = {}
    for c in report.clusters:
        for a in c.docs:
            for b in c.docs:
                if a < b:
                    shared.setdefault((a, b), []).append(c.id)
    rows = [
        [md_escape(a), md_escape(b), str(len(ids)), md_escape(", ".join(ids))]
        for (a, b), ids in sorted(shared.items())
    ]
    if not rows:
        return []
    return ["## What the documents share", "",
            md_table(["Document", "Document", "Shared", "Clusters"], rows), ""]


def _cluster(report: Report, c: Cluster) -> list[str]:
    ref = c.reference
    rows = []
    for i, r in enumerate(c.renderings):
        steps = align_words(ref.text, r.text, r.diffs)
        if i == 0:
            diff = "_reference_"
        elif all(s.op in ("equal", "outside") for s in steps):
            part = any(s.op == "outside" for s in steps)
            diff = "same words" + (" \\(a part\\)" if part else "")
        else:
            diff = inline_diff_markdown(steps, CONTEXT_WORDS, MAX_DIFFS)
        rows.append([_where(report, r.doc, r.start), _verdict(r.verdict),
                     md_escape(r.speaker or "—"), diff])
    return [
        f"### {md_escape(c.id)} · {md_escape(c.kind)} in {len(c.docs)} documents · "
        f"{_verdict(_worst(c))}",
        "",
        f"> {md_escape(_short(c.text))}",
        "",
        md_table(["Where", "Verdict", "Speaker", "Differences from the reference"], rows),
        "",
    ]


def _clusters(report: Report) -> list[str]:
    if not report.clusters:
        return ["## Clusters", "", "No quote or passage appears in more than one document.", ""]
    differ = [c for c in report.clusters if _worst(c) not in ("exact", "variant")]
    agree = [c for c in report.clusters if _worst(c) in ("exact", "variant")]
    out = ["## Clusters that differ", ""]
    if not differ:
        out += ["Every rendering agrees with its reference.", ""]
    for c in differ:
        out += _cluster(report, c)
    if agree:
        out += [
            "## Clusters that agree",
            "",
            md_table(
                ["Cluster", "Kind", "Documents", "Text"],
                [[md_escape(c.id), md_escape(c.kind), md_escape(", ".join(c.docs)),
                  md_escape(_short(c.text, 80))] for c in agree],
            ),
            "",
        ]
    return out


def _findings(report: Report) -> list[str]:
    if not report.findings:
        return ["## Findings", "", "No findings.", ""]
    rows = [
        [md_escape(f.severity), md_escape(f.rule),
         md_escape(", ".join(_raw_where(report, loc.doc, loc.start) for loc in f.locations[:3])),
         md_escape(f.message)]
        for f in report.findings
    ]
    return ["## Findings", "", md_table(["Severity", "Rule", "Where", "Message"], rows), ""]


def _raw_where(report: Report, doc_id: str, start: int) -> str:
    try:
        doc = report.document(doc_id)
    except KeyError:
        return doc_id
    if not 0 <= start <= len(doc.text):
        return doc_id
    line, col = doc.line_col(start)
    return f"{doc_id}:{line}:{col}"


def render_report_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown (suits ``$GITHUB_STEP_SUMMARY``)."""
    lines = [*_summary(report), *_matrix(report), *_clusters(report), *_findings(report)]
    lines.append(
        "_Differences: ~~left out~~ and **added** words, with their kind in italics "
        "\\(number, name, negation, wording …\\); … marks words cut for brevity._"
    )
    return "\n".join(lines) + "\n"


__all__ = ["md_table", "render_report_markdown"]
