"""``xref check`` results as a GitLab Code Quality report (a JSON list of
issues with description, check_name, fingerprint, severity and
location.path / location.lines.begin)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from xref.checker import CheckRun
from xref.output.text import one_line

#: xref severity -> Code Quality severity (info, minor, major, critical, blocker)
SEVERITY: dict[str, str] = {"error": "major", "warning": "minor", "info": "info"}


def render(run: CheckRun, *, show_all: bool = False) -> str:
    """Issues for every unsuppressed, non-passing result.  Fingerprints are
    unique in the report (a repeated quote gets an occurrence number)."""
    issues: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for r in run.results:
        if r.suppressed or r.severity == "pass":
            continue
        base = f"{r.file}\x1f{r.fingerprint}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        fp = hashlib.sha256(f"{base}\x1f{n}".encode()).hexdigest()
        desc = one_line(r.message)
        if r.kind == "quote" and r.quote:
            desc = f"“{one_line(r.quote, 100)}”: {desc}"
        issues.append(
            {
                "type": "issue",
                "description": desc,
                "check_name": f"xref/{r.verdict}",
                "fingerprint": fp,
                "severity": SEVERITY.get(r.severity, "major"),
                "categories": ["Bug Risk"],
                "location": {
                    "path": r.file,
                    "lines": {"begin": r.line, "end": max(r.end_line, r.line)},
                },
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
