"""The corpus cross-reference: paths -> Report.

load -> extract quotes -> index -> edges between units -> clusters ->
consistency checks -> findings, all sorted deterministically.

Contents
--------
build_report            paths -> Report
report_documents        Documents already in memory -> Report
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xref.cluster import build_clusters, find_edges, units_of
from xref.extract import extract_quotes
from xref.index import CorpusIndex
from xref.load import PathArg, load
from xref.model import Document, Finding, Quote, Report


def report_documents(
    documents: Sequence[Document],
    *,
    problems: Sequence[Finding] = (),
    ruleset: Any = None,
) -> Report:
    """Cross-reference documents held in memory."""
    docs = sorted(documents, key=lambda d: d.id)
    quotes: list[Quote] = []
    findings: list[Finding] = list(problems)
    units = {}
    for doc in docs:
        ex = extract_quotes(doc)
        quotes.extend(ex.quotes)
        findings.extend(ex.findings)
        units[doc.id] = units_of(doc, ex.quotes)
    index = CorpusIndex.build(docs)
    clusters = build_clusters(find_edges(units, index))
    findings.extend(_checks(docs, quotes, clusters, ruleset))
    if ruleset is not None:
        findings = [f for f in (ruleset.apply(f) for f in findings) if f is not None]
    findings.sort(key=Finding.sort_key)
    return Report(tuple(docs), tuple(clusters), tuple(findings), tuple(quotes))


def _checks(docs: Sequence[Document], quotes: Sequence[Quote], clusters: Any, ruleset: Any
            ) -> list[Finding]:
    try:
        from xref.checks import run_checks
    except ImportError:  # consistency checks not installed in this build
        return []
    return list(run_checks(docs, quotes, clusters, ruleset))


def build_report(paths: Sequence[PathArg] | PathArg, *, ruleset: Any = None) -> Report:
    """Load the documents under ``paths`` and cross-reference them.

    Files that cannot be read become ``input-error`` findings; the rest of
    the corpus is still processed.
    """
    if isinstance(paths, (str, bytes)) or not isinstance(paths, Sequence):
        paths = [paths]  # type: ignore[list-item]
    loaded = load(paths)
    return report_documents(loaded.documents, problems=loaded.problems, ruleset=ruleset)
