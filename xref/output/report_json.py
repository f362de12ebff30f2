"""The report as JSON: ``documents``, ``clusters``, ``findings``."""

from __future__ import annotations

import json
from typing import Any

from xref.model import Report
from xref.readers import where


def render_report_json(report: Report) -> str:
    """One JSON object; ``text`` of every span equals the original slice.

    Each rendering and location also gets ``where``: a place a person can
    open (``path:line:col``, or the page of a PDF).
    """
    data = report.to_json()
    docs = {d.id: d for d in report.documents}

    def add_where(obj: dict[str, Any]) -> None:
        doc = docs.get(obj["doc"])
        if doc is not None:
            obj["where"] = where(doc, obj["start"])

    for cluster in data["clusters"]:
        for rendering in cluster["renderings"]:
            add_where(rendering)
    for finding in data["findings"]:
        for loc in finding["locations"]:
            add_where(loc)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
