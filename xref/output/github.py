"""``xref check`` results as GitHub Actions workflow commands
(``::error file=…,line=…,col=…,title=…::message``), shown as annotations on
the pull request.

Contents
--------
escape_data, escape_property   the workflow-command escapes
render                         CheckRun -> one command per result
"""

from __future__ import annotations

from xref.checker import CheckRun
from xref.output.text import one_line

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    """Escape a message: ``%``, CR and LF.

    >>> escape_data("50%\\nnext")
    '50%25%0Anext'
    """
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,``.

    >>> escape_property("a:b,c")
    'a%3Ab%2Cc'
    """
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(run: CheckRun, *, show_all: bool = False) -> str:
    lines = []
    for r in run.results:
        if r.suppressed or r.severity == "pass":
            continue
        cmd = _COMMAND.get(r.severity, "error")
        props = [
            f"file={escape_property(r.file)}",
            f"line={r.line}",
            f"col={r.column}",
            f"endLine={max(r.end_line, r.line)}",
            f"title={escape_property('xref ' + r.verdict)}",
        ]
        msg = one_line(r.message)
        if r.kind == "quote" and r.quote:
            msg = f"“{one_line(r.quote, 100)}”: {msg}"
        lines.append(f"::{cmd} {','.join(props)}::{escape_data(msg)}")
    return "".join(line + "\n" for line in lines)
