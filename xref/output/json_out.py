"""``xref check`` results as JSON: a list, one object per quote, number or
problem (see :meth:`xref.checker.CheckResult.to_json` for the fields)."""

from __future__ import annotations

import json

from xref.checker import CheckRun


def render(run: CheckRun, *, show_all: bool = True) -> str:
    """Every result (passing and suppressed ones included), in order."""
    return json.dumps([r.to_json() for r in run.results], indent=2, ensure_ascii=False) + "\n"
