"""``xref check --format html``: each quote of the notes beside its source.

One self-contained page: counts of correct and incorrect quotes and numbers
at the top, a table of the notes with their counts, then one box per result,
grouped by note file, with the note's words and the source passage side by
side and the differences marked on both sides (changed words <mark>ed, words
left out <del>, words added <ins>, each labelled with its kind).  Results
that pass (or were suppressed) are folded away; the rest are open.

Contents
--------
render_check_html       CheckRun or CheckResults -> str (a complete HTML page)
render                  the ``xref check`` format entry point (run, show_all)
is_correct              whether a result means the quote or number is right
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from xref.checker import GOOD, CheckResult, CheckRun
from xref.model import Document
from xref.output.html_common import (
    align_words,
    esc,
    marked_html,
    page,
    plural,
    severity_badge,
    slug,
    verdict_badge,
)
from xref.readers import where

#: characters of the source shown on each side of the passage, for context
CONTEXT_CHARS = 120


def is_correct(r: CheckResult) -> bool:
    """A quote or number whose verdict says the source has these words."""
    return r.kind != "problem" and r.verdict in GOOD


def tally(results: Sequence[CheckResult]) -> Counter[str]:
    """correct / incorrect / problem / suppressed counts."""
    c: Counter[str] = Counter()
    for r in results:
        if r.suppressed:
            c["suppressed"] += 1
        elif r.kind == "problem":
            c["problem"] += 1
        else:
            c["correct" if is_correct(r) else "incorrect"] += 1
    return c


def _context(doc: Document | None, start: int, end: int) -> tuple[str, str]:
    """Up to :data:`CONTEXT_CHARS` of the source before and after a span,
    cut at a space so words stay whole."""
    if doc is None or not 0 <= start <= end <= len(doc.text):
        return "", ""
    lo = max(doc.body_start if doc.body_start <= start else 0, start - CONTEXT_CHARS)
    before = doc.text[lo:start]
    if lo > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    hi = min(len(doc.text), end + CONTEXT_CHARS)
    after = doc.text[end:hi]
    if hi < len(doc.text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, after


def _number_source(r: CheckResult) -> str:
    """The source sentence with the figure it states marked."""
    assert r.source is not None
    text = r.source.text
    figure = r.source_number or ""
    d = next((d for d in r.diffs if d.kind == "number"), None)
    if d is not None:
        figure = d.b
    at = -1
    if d is not None and text[d.b_start : d.b_end] == d.b:
        at = d.b_start
    elif figure:
        at = text.find(figure)
    if at < 0 or not figure:
        return esc(text)
    end = at + len(figure)
    cls, note = ("k-num", f"number: the note says {r.quote}") if d else ("match", "the figure")
    return (
        f"{esc(text[:at])}<mark class=\"{cls}\" title=\"{esc(note)}\">{esc(text[at:end])}"
        f'<span class="sr"> ({esc(note)})</span></mark>{esc(text[end:])}'
    )


def _sides(r: CheckResult, doc: Document | None) -> tuple[str, str]:
    """The note's words and the source's, as HTML with differences marked."""
    if r.source is None:
        return esc(r.quote), ""
    if r.kind == "number":
        note_side = (
            f'<mark class="k-num" title="number">{esc(r.quote)}</mark>'
            if r.diffs else esc(r.quote)
        )
        src = _number_source(r)
    else:
        steps = align_words(r.source.text, r.quote, r.diffs)
        note_side = marked_html(r.quote, steps)
        src = marked_html(r.source.text, steps, side="ref")
    before, after = _context(doc, r.source.start, r.source.end)
    ctx_b = f'<span class="ctx">{esc(before)}</span>' if before else ""
    ctx_a = f'<span class="ctx">{esc(after)}</span>' if after else ""
    return note_side, f'{ctx_b}<span class="passage">{src}</span>{ctx_a}'


def _speakers(r: CheckResult) -> tuple[str, str]:
    note, src = r.speaker or "", r.source_speaker or ""
    if not note and not src:
        return "", ""
    differ = r.verdict == "misattributed" and note and src
    def show(who: str, label: str) -> str:
        if not who:
            return ""
        body = f'<mark class="k-name">{esc(who)}</mark>' if differ else esc(who)
        return f'<p class="small">{label}: {body}</p>'
    return show(note, "Attributed to"), show(src, "The source gives it to")


def _where(doc: Document | None, start: int) -> str:
    """A place a person can open: ``path, p. N`` (PDF), ``path, para. N``
    (HTML, DOCX: the extracted text's lines are in no file) or
    ``path:line:col`` (text, Markdown); see :func:`xref.readers.where`."""
    if doc is None or not 0 <= start <= len(doc.text):
        return ""
    return where(doc, start)


def _item(k: int, r: CheckResult, docs: dict[str, Document]) -> str:
    doc = docs.get(r.source.doc) if r.source else None
    note_side, src_side = _sides(r, doc)
    note_who, src_who = _speakers(r)
    cited = " ".join(f"<code>@{esc(c)}</code>" for c in r.cited) or "none"
    sup = (
        f' <span class="badge s-info">suppressed ({esc(r.suppressed)})</span>'
        + (f' <span class="small">“{esc(r.justification)}”</span>' if r.justification else "")
        if r.suppressed else ""
    )
    head = (
        f'<a href="#r{k}">line {r.line}, col {r.column}</a> {verdict_badge(r.verdict)} '
        f"{severity_badge(r.severity)} <span class=\"small muted\">{esc(r.kind)} · cited: "
        f"{cited}</span>{sup}"
    )
    if r.source is not None:
        place = _where(doc, r.source.start)
        src_name = esc(r.source.doc) + (f" ({esc(place)})" if place else "")
        pair = (
            '<div class="qpair">'
            f'<div><h4 class="small">The note</h4><blockquote class="inline">{note_side}'
            f"</blockquote>{note_who}</div>"
            f'<div><h4 class="small">The source: {src_name}</h4>'
            f'<blockquote class="inline">{src_side}</blockquote>{src_who}</div></div>'
        )
    elif r.quote:
        found = (f'<p class="small">Found in: {esc(", ".join(r.found_in))}</p>'
                 if r.found_in else "")
        pair = (f'<h4 class="small">The note</h4><blockquote class="inline">{note_side}'
                f"</blockquote>{note_who}{found}")
    else:
        pair = ""
    ev = "".join(f"<li><code>{esc(e.code)}</code> {esc(e.message)}</li>" for e in r.evidence)
    body = (
        f"{pair}<p>{esc(r.message)}</p>"
        + (f'<ul class="evidence small">{ev}</ul>' if ev else "")
    )
    # folded: what needs no look (passes, or a person already accepted it)
    if r.suppressed or (is_correct(r) and r.severity == "pass"):
        return (
            f'<article class="qitem ok" id="r{k}"><details><summary>{head}</summary>'
            f"{body}</details></article>"
        )
    state = "ok" if is_correct(r) else "bad"
    return (f'<article class="qitem {state}" id="r{k}"><h3 class="qhead">{head}</h3>{body}'
            "</article>")


def _counts_html(c: Counter[str]) -> str:
    return (
        '<ul class="stats">'
        f'<li><b>{c["correct"]}</b> correct <span class="muted">✓</span></li>'
        f'<li><b>{c["incorrect"]}</b> incorrect <span class="muted">✗</span></li>'
        f'<li><b>{c["problem"]}</b> {"problem" if c["problem"] == 1 else "problems"} '
        '<span class="muted">?</span></li>'
        f'<li><b>{c["suppressed"]}</b> suppressed</li></ul>'
    )


def render_check_html(results: CheckRun | Sequence[CheckResult]) -> str:
    """The check results as a complete, self-contained HTML page.

    Given a :class:`~xref.checker.CheckRun`, the sources' text around each
    passage and the notes without any quote are shown too.
    """
    if isinstance(results, CheckRun):
        items, files = list(results.results), list(results.files)
        docs = {d.id: d for d in results.documents}
    else:
        items, files, docs = list(results), [], {}
    by_file: dict[str, list[tuple[int, CheckResult]]] = {f: [] for f in files}
    for k, r in enumerate(items, 1):
        by_file.setdefault(r.file, []).append((k, r))
    total = tally(items)
    verdicts = Counter(r.verdict for r in items if not r.suppressed)
    kinds = Counter(r.kind for r in items)
    rows, sections = [], []
    for i, (f, rs) in enumerate(by_file.items(), 1):
        anchor = f"file-{i}-{slug(f)}"
        c = tally([r for _, r in rs])
        rows.append(
            f'<tr><th scope="row"><a href="#{anchor}">{esc(f)}</a></th>'
            f'<td data-label="Correct">{c["correct"]}</td>'
            f'<td data-label="Incorrect">{c["incorrect"]}</td>'
            f'<td data-label="Problems">{c["problem"]}</td>'
            f'<td data-label="Suppressed">{c["suppressed"]}</td></tr>'
        )
        body = "".join(_item(k, r, docs) for k, r in rs) or "<p>No quotes or figures to check.</p>"
        sections.append(
            f'<section class="qfile" id="{anchor}" aria-labelledby="{anchor}-h">'
            f'<h2 id="{anchor}-h">{esc(f)}</h2>{_counts_html(c)}{body}</section>'
        )
    vs = " ".join(f"{verdict_badge(v)}&nbsp;{n}" for v, n in sorted(verdicts.items()))
    summary = (
        '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>'
        f"{_counts_html(total)}"
        f"<p>{plural(len(by_file), 'note')}; {plural(kinds['quote'], 'quote')} and "
        f"{plural(kinds['number'], 'figure')} checked. Verdicts: {vs or 'none'}</p>"
        '<div class="scroll" role="region" tabindex="0" aria-label="Notes">'
        '<table class="stack"><caption>Notes</caption><thead><tr><th scope="col">Note</th>'
        '<th scope="col">Correct</th><th scope="col">Incorrect</th>'
        '<th scope="col">Problems</th><th scope="col">Suppressed</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></section>"
    )
    legend = (
        '<h2 id="legend">Legend</h2><ul class="legend">'
        '<li><mark class="k-num">19</mark> number or date differs</li>'
        '<li><mark class="k-name">Schmitt</mark> name or speaker differs</li>'
        '<li><mark class="k-neg">not</mark> negation differs</li>'
        '<li><mark class="k-word">stated</mark> other wording</li>'
        '<li><del class="k-word">word</del> in the source, left out by the note</li>'
        '<li><ins class="k-word">word</ins> added by the note</li>'
        '<li><span class="k-word gap">⁁</span> where the note leaves words out</li>'
        '<li><span class="ctx">grey text</span> the source around the passage</li></ul>'
        '<p class="small muted">Every mark names its kind for screen readers and in its '
        "tooltip; the verdict badges carry a symbol and a word.</p>"
    )
    main = (
        '<header class="top"><h1>xref check</h1>'
        f'<p class="muted">{total["incorrect"]} incorrect, {total["correct"]} correct</p></header>'
        '<main id="main">' + summary + legend + "".join(sections) + "</main>"
    )
    return page("xref check", main)


def render(run: CheckRun, *, show_all: bool = False) -> str:
    """The ``xref check --format html`` entry point.  The page always lists
    every result (passing ones folded), so ``show_all`` changes nothing."""
    del show_all
    return render_check_html(run)


__all__ = ["is_correct", "render", "render_check_html"]
