"""``xref check`` results as readable text: the note's words against the
source's, with differences marked ``[-source-]{+note+}`` (readable without
colour), then a summary table.

Contents
--------
render          CheckRun -> text (``show_all`` lists passing results too)
marked          a quote with its diffs marked in brackets
one_line        collapse whitespace and shorten
"""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from xref.checker import CheckResult, CheckRun
from xref.model import Diff


def one_line(text: str, limit: int = 0) -> str:
    """Whitespace collapsed; cut with ``…`` past ``limit`` characters (0: no limit).

    >>> one_line("a\\n  b c", 4)
    'a b…'
    """
    flat = " ".join(text.split())
    if limit and len(flat) > limit:
        return flat[: limit - 1].rstrip() + "…"
    return flat


def marked(quote: str, diffs: Sequence[Diff]) -> str:
    """The quote with each difference shown as ``[-source-]{+note+}``.

    >>> marked("ICE arrested 19,572", [Diff("replace", "number", "19,572", "19,752", 13, 19, 0, 6)])
    'ICE arrested [-19,752-]{+19,572+}'
    >>> marked("are welcome", [Diff("insert", "negation", "", "not", 4, 4, 4, 7)])
    'are [-not-] welcome'
    """
    out: list[str] = []
    pos = 0
    for d in sorted(diffs, key=lambda d: (d.a_start, d.a_end)):
        if d.a_start < pos or d.kind in ("ellipsis", "bracket"):
            continue
        out.append(quote[pos : d.a_start])
        if d.op == "insert":  # in the source, not in the note
            out.append(f"[-{d.b}-] " if d.a_start < len(quote) else f" [-{d.b}-]")
        elif d.op == "delete":  # in the note, not in the source
            out.append(f"{{+{d.a}+}}")
        else:
            out.append(f"[-{d.b}-]{{+{d.a}+}}")
        pos = max(pos, d.a_end)
    out.append(quote[pos:])
    return one_line("".join(out))


def _block(r: CheckResult) -> list[str]:
    sup = f", suppressed: {r.suppressed}" if r.suppressed else ""
    head = f"{r.file}:{r.line}:{r.column}: {r.verdict} ({r.severity}{sup})"
    if r.cited:
        head += f"  cited: {', '.join(r.cited)}"
    lines = [head]
    if r.kind == "number":
        lines.append(f"  note:    {r.quote}")
        if r.source_number:
            lines.append(f"  source:  {r.source_number}  ({r.source.doc if r.source else ''})")
        if r.source is not None:
            lines.append(f"  context: {one_line(r.source.text, 200)}")
    elif r.kind == "quote":
        who = f"  ({r.speaker})" if r.speaker else ""
        lines.append(f"  note:    “{one_line(r.quote, 300)}”{who}")
        if r.source is not None:
            swho = f", {r.source_speaker}" if r.source_speaker else ""
            lines.append(f"  source:  “{one_line(r.source.text, 300)}”  ({r.source.doc}{swho})")
        shown = [d for d in r.diffs if d.kind not in ("ellipsis", "bracket")]
        if shown:
            lines.append(f"  diff:    {marked(r.quote, shown)}")
    lines.append(f"  why:     {r.message}")
    for e in r.evidence[:4]:
        extra = ""
        if e.value is not None and e.threshold is not None:
            extra = f" [{e.value:g} vs {e.threshold:g}]"
        lines.append(f"           - {e.code}: {e.message}{extra}")
    if r.justification:
        lines.append(f"  reason:  {r.justification}")
    return lines


def render(run: CheckRun, *, show_all: bool = False) -> str:
    """Failing and warning results in full (all results with ``show_all``),
    then a table of verdicts and a one-line conclusion."""
    out: list[str] = []
    for r in run.results:
        if show_all or (r.severity != "pass" and not r.suppressed):
            out.extend(_block(r))
            out.append("")
    counts: dict[tuple[str, str], int] = {}
    for r in run.results:
        key = (r.verdict, r.severity if not r.suppressed else f"suppressed ({r.suppressed})")
        counts[key] = counts.get(key, 0) + 1
    rows = [[v, s, n] for (v, s), n in sorted(counts.items())]
    if rows:
        out.append(tabulate(rows, headers=["verdict", "severity", "count"], tablefmt="simple"))
        out.append("")
    failing = run.failing()
    n_quotes = sum(1 for r in run.results if r.kind == "quote")
    n_numbers = sum(1 for r in run.results if r.kind == "number")
    verdict = (
        f"{len(failing)} result(s) at or above --fail-on {run.fail_on}"
        if failing
        else "no failures"
    )
    out.append(
        f"{len(run.files)} note(s), {n_quotes} quote(s), {n_numbers} number(s) checked "
        f"against {len(run.documents)} source(s): {verdict}.  Diffs read [-source-]{{+note+}}."
    )
    return "\n".join(out) + "\n"
