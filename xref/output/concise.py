"""``xref check`` results, one line each: ``path:line:col: verdict message``.

Passing and suppressed results are left out (``show_all`` keeps them).
"""

from __future__ import annotations

from xref.checker import CheckRun
from xref.output.text import one_line


def render(run: CheckRun, *, show_all: bool = False) -> str:
    """One line per result that needs attention.

    >>> from pathlib import Path
    >>> from xref.checker import CheckResult
    >>> r = CheckResult("n.md", 3, 5, 3, 9, "quote", "x", "not_found", "error", "not found in 000")
    >>> render(CheckRun((r,), ("n.md",), (), Path(".")))
    'n.md:3:5: not_found not found in 000\\n'
    """
    lines = [
        f"{r.file}:{r.line}:{r.column}: {r.verdict} {one_line(r.message)}"
        for r in run.results
        if show_all or (r.severity != "pass" and not r.suppressed)
    ]
    return "".join(line + "\n" for line in lines)
