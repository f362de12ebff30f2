"""Helpers shared by several test files (plain functions, imported by name)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest

from xref.model import Document, Report

#: the fields the issue requires of every object in ``xref check --format json``
CHECK_JSON_FIELDS = frozenset(
    {"file", "line", "column", "quote", "verdict", "severity", "cited", "found_in", "source",
     "message", "evidence"}
)


def labelled_params(cases: Iterable[Mapping[str, Any]], id_key: str) -> list[Any]:
    """pytest params for labelled cases; a case with ``xfail`` is a strict xfail."""
    out = []
    for case in cases:
        marks = []
        if "xfail" in case:
            marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
        out.append(pytest.param(case, id=case[id_key], marks=marks))
    return out


def assert_spans_slice(report: Report, documents: Iterable[Document] | None = None) -> None:
    """Every rendering, diff and finding location slices its document's text."""
    docs = {d.id: d for d in (documents if documents is not None else report.documents)}
    for c in report.clusters:
        for r in c.renderings:
            assert docs[r.doc].text[r.start : r.end] == r.text
            for d in r.diffs:
                assert docs[r.doc].text[d.a_start : d.a_end] == d.a
                assert docs[c.reference.doc].text[d.b_start : d.b_end] == d.b
    for f in report.findings:
        for loc in f.locations:
            assert docs[loc.doc].text[loc.start : loc.end] == loc.text
