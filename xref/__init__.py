"""xref: cross-reference sources and check quotes.

Public API
----------
compare(quote, source)      verdict on a quote against a source text
report(paths)               cross-reference of a corpus, as a Report
load(paths)                 read documents (with per-file problems)

The value classes (Document, Quote, Comparison, Cluster, Finding, Report …)
live in :mod:`xref.model`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from xref.model import Comparison, Report


def compare(quote: str, source: str, **options: Any) -> Comparison:
    """Verdict on ``quote`` against ``source`` (see :func:`xref.compare.compare`)."""
    from xref.compare import compare as _compare

    return _compare(quote, source, **options)


def report(paths: Any, **options: Any) -> Report:
    """Cross-reference the documents under ``paths`` (see :func:`xref.report.build_report`)."""
    from xref.report import build_report

    return build_report(paths, **options)


def load(paths: Any) -> Any:
    """Read documents from files and folders (see :func:`xref.load.load`)."""
    from xref.load import load as _load

    return _load(paths)


__all__ = ["__version__", "compare", "load", "report"]
