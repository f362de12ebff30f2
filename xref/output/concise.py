"""``xref check`` results, one line each: ``path:line:col: verdict message``.

Passing and suppressed results are left out (``show_all`` keeps them, and a
suppressed one ends with ``[suppressed: inline]`` or ``[suppressed: baseline]``).
"""

from __future__ import annotations

from xref.checker import CheckResult, CheckRun
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
        f"{r.file}:{r.line}:{r.column}: {r.verdict} {one_line(r.message)}{_suppressed(r)}"
        for r in run.results
        if show_all or (r.severity != "pass" and not r.suppressed)
    ]
    return "".join(line + "\n" for line in lines)


def _suppressed(r: CheckResult) -> str:
    """
    >>> import attrs
    >>> r = CheckResult("n.md", 1, 1, 1, 2, "quote", "x", "conflict", "error", "m")
    >>> _suppressed(r), _suppressed(attrs.evolve(r, suppressed="inline", justification="by phone"))
    ('', ' [suppressed: inline — by phone]')
    """
    if not r.suppressed:
        return ""
    why = f" — {one_line(r.justification)}" if r.justification else ""
    return f" [suppressed: {r.suppressed}{why}]"
