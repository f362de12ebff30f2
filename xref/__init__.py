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

from typing import Any

__version__ = "0.1.0"

# The submodules xref.compare, xref.report and xref.load share their names
# with the API functions below.  Importing a submodule for the first time
# sets the package attribute to the module, so they are imported here, once,
# before the functions are defined: afterwards ``xref.compare`` is the
# function and ``from xref.compare import ...`` still finds the module.
import xref.compare as _compare_module
import xref.load as _load_module
import xref.report as _report_module
from xref.model import Comparison, Report


def compare(quote: str, source: str, **options: Any) -> Comparison:
    """Verdict on ``quote`` against ``source`` (see :func:`xref.compare.compare`)."""
    return _compare_module.compare(quote, source, **options)


def report(paths: Any, **options: Any) -> Report:
    """Cross-reference the documents under ``paths`` (see :func:`xref.report.build_report`)."""
    return _report_module.build_report(paths, **options)


def load(paths: Any) -> Any:
    """Read documents from files and folders (see :func:`xref.load.load`)."""
    return _load_module.load(paths)


__all__ = ["__version__", "compare", "load", "report"]
