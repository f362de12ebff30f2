"""``xref check --format markdown``: the results as a CI job summary.

GitHub-flavoured Markdown: the counts of correct and incorrect quotes and
figures first, then one table per note of what needs a look (the quote with
the source's words ~~struck~~ and the note's own **in bold**, each with its
kind), and the passing and suppressed results folded in a ``<details>``
block.  Every piece of note and source text goes through
:func:`~xref.output.html_common.md_escape`; the only raw HTML is our own
``<details>``/``<summary>`` markup.

Contents
--------
render_check_markdown   CheckRun or CheckResults -> str
render                  the ``xref check`` format entry point (run, show_all)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xref.checker import CheckResult, CheckRun
from xref.model import Document
from xref.output.check_html import is_correct, tally
from xref.output.html_common import (
    VERDICT_LABELS,
    align_words,
    inline_diff_markdown,
    md_escape,
    plural,
)
from xref.output.report_markdown import md_table

#: agreeing words kept on each side of a difference; longer runs become "…"
CONTEXT_WORDS = 5
#: differences shown per quote; a paraphrase may have dozens
MAX_DIFFS = 12
_MESSAGE_CHARS = 240


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _quote_cell(r: CheckResult) -> str:
    """The note's words, with the differences from the source marked."""
    if r.source is None or not r.quote:
        return md_escape(_short(r.quote, 160)) if r.quote else " "
    if r.kind == "number":
        if r.source_number and r.verdict == "conflict":
            return f"~~{md_escape(r.source_number)}~~ **{md_escape(r.quote)}** _\\(number\\)_"
        return md_escape(r.quote)
    steps = align_words(r.source.text, r.quote, r.diffs)
    if all(s.op in ("equal", "outside") for s in steps):
        return md_escape(_short(r.quote, 160))
    return inline_diff_markdown(steps, CONTEXT_WORDS, MAX_DIFFS)


def _source_cell(r: CheckResult, docs: dict[str, Document]) -> str:
    if r.source is None:
        return md_escape(", ".join(r.found_in)) if r.found_in else "—"
    doc = docs.get(r.source.doc)
    where = r.source.doc
    if doc is not None and 0 <= r.source.start <= len(doc.text):
        line, col = doc.line_col(r.source.start)
        where = f"{r.source.doc}:{line}:{col}"
    who = f" \\({md_escape(r.source_speaker)}\\)" if r.source_speaker else ""
    return md_escape(where) + who


def _row(r: CheckResult, docs: dict[str, Document]) -> list[str]:
    verdict = md_escape(VERDICT_LABELS.get(r.verdict, r.verdict))
    if r.suppressed:
        verdict += f" _\\(suppressed: {md_escape(r.suppressed)}\\)_"
    return [
        f"{r.line}:{r.column}",
        verdict,
        _quote_cell(r),
        _source_cell(r, docs),
        md_escape(_short(r.message, _MESSAGE_CHARS)),
    ]


_HEADER = ["Line", "Verdict", "Quote \\(differences from the source\\)", "Source", "Why"]


def _counts(c: Counter[str]) -> str:
    return (
        f"✓ **{c['correct']}** correct · ✗ **{c['incorrect']}** incorrect · "
        f"? **{c['problem']}** {'problem' if c['problem'] == 1 else 'problems'} · "
        f"{c['suppressed']} suppressed"
    )


def render_check_markdown(results: CheckRun | Sequence[CheckResult]) -> str:
    """The check results as GitHub-flavoured Markdown (for ``$GITHUB_STEP_SUMMARY``)."""
    if isinstance(results, CheckRun):
        items, files = list(results.results), list(results.files)
        docs = {d.id: d for d in results.documents}
    else:
        items, files, docs = list(results), [], {}
    by_file: dict[str, list[CheckResult]] = {f: [] for f in files}
    for r in items:
        by_file.setdefault(r.file, []).append(r)
    kinds = Counter(r.kind for r in items)
    total = tally(items)
    out = [
        "# xref check",
        "",
        _counts(total),
        "",
        f"{plural(len(by_file), 'note')}; {plural(kinds['quote'], 'quote')} and "
        f"{plural(kinds['number'], 'figure')} checked.",
        "",
    ]
    verdicts = Counter(r.verdict for r in items if not r.suppressed)
    if verdicts:
        out += [
            md_table(["Verdict", "Count"],
                     [[md_escape(VERDICT_LABELS.get(v, v)), str(n)]
                      for v, n in sorted(verdicts.items())]),
            "",
        ]
    for f, rs in by_file.items():
        look = [r for r in rs if not r.suppressed and not (is_correct(r) and r.severity == "pass")]
        fine = [r for r in rs if r not in look]
        out += [f"## {md_escape(f)}", "", _counts(tally(rs)), ""]
        if look:
            out += [md_table(_HEADER, [_row(r, docs) for r in look]), ""]
        elif not rs:
            out += ["No quotes or figures to check.", ""]
        if fine:
            out += [
                f"<details><summary>{len(fine)} passing or suppressed</summary>",
                "",
                md_table(_HEADER, [_row(r, docs) for r in fine]),
                "",
                "</details>",
                "",
            ]
    out.append(
        "_Differences: the source's words ~~struck~~, the note's **in bold**, with their kind "
        "in italics; … marks words cut for brevity._"
    )
    return "\n".join(out) + "\n"


def render(run: CheckRun, *, show_all: bool = False) -> str:
    """The ``xref check --format markdown`` entry point.  Passing results are
    always listed, folded, so ``show_all`` changes nothing."""
    del show_all
    return render_check_markdown(run)


__all__ = ["render", "render_check_markdown"]
