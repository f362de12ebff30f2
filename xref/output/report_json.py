"""The report as JSON: ``documents``, ``clusters``, ``findings``."""

from __future__ import annotations

import json

from xref.model import Report


def render_report_json(report: Report) -> str:
    """One JSON object; ``text`` of every span equals the original slice."""
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"
