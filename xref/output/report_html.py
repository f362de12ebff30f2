"""The corpus report as one self-contained HTML page a person can read.

Sections: a summary with counts, a document-by-document matrix of what the
corpus shares, one box per cluster (its renderings with verdict and speaker,
an alignment table with the differing words marked by kind, and the original
texts behind a toggle), the findings with links into the documents, and each
document's text with anchors at every rendering and finding.

Every piece of text from the corpus is escaped; ids and links are built from
integers and :func:`~xref.output.html_common.slug` output only.

Contents
--------
render_report_html      Report -> str (a complete HTML page)
cluster_anchor          the id of a cluster's box in the page
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import attrs

from xref.model import VERDICTS, Cluster, Document, Rendering, Report
from xref.normalize import tokenize, words
from xref.output.html_common import (
    Grid,
    Step,
    align_words,
    build_grid,
    chunk_columns,
    esc,
    legend_html,
    marked_html,
    page,
    plural,
    severity_badge,
    slug,
    step_html,
    verdict_badge,
)

#: reference words per alignment table; longer passages wrap into more tables
WORDS_PER_TABLE = 12
#: beyond this many documents the matrix becomes a list of the pairs that share most
MATRIX_MAX_DOCS = 25
MAX_PAIRS = 200
_EXCERPT = 60


def cluster_anchor(index: int, cluster: Cluster) -> str:
    """The id of the cluster's box: its position, then a slug of its id.

    >>> cluster_anchor(0, Cluster('q"><x', "quote", ()))
    'c1-q-x'
    """
    return f"c{index + 1}-{slug(cluster.id)}"


def _label(index: int, cluster: Cluster) -> str:
    cid = cluster.id
    ok = 0 < len(cid) <= 10 and all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in cid)
    return cid if ok else f"{cluster.kind[:1].upper()}{index + 1}"


def _labels(clusters: Sequence[Cluster]) -> tuple[str, ...]:
    """Short display labels, unique within the page.

    >>> _labels([Cluster("C1", "quote", ()), Cluster("C1", "passage", ()),
    ...          Cluster("x" * 40, "quote", ())])
    ('Q1', 'P2', 'Q3')
    """
    own = [_label(i, c) for i, c in enumerate(clusters)]
    counts = Counter(own)
    return tuple(
        lab if counts[lab] == 1 else f"{c.kind[:1].upper()}{i + 1}"
        for i, (lab, c) in enumerate(zip(own, clusters, strict=True))
    )


def _rendering_anchor(ci: int, ri: int) -> str:
    return f"c{ci + 1}-r{ri + 1}"


def _finding_anchor(fi: int) -> str:
    return f"f{fi + 1}"


def _excerpt(text: str, limit: int = _EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _worst(renderings: Sequence[Rendering]) -> str:
    order = {v: i for i, v in enumerate(VERDICTS)}
    return max((r.verdict for r in renderings), key=lambda v: order.get(v, len(order)),
               default="exact")


@attrs.frozen
class _Page:
    """What every section needs to build links: documents and anchors."""

    report: Report
    doc_index: dict[str, int]
    anchors: tuple[str, ...]
    labels: tuple[str, ...]

    @classmethod
    def of(cls, report: Report) -> _Page:
        return cls(
            report,
            {d.id: i for i, d in enumerate(report.documents)},
            tuple(cluster_anchor(i, c) for i, c in enumerate(report.clusters)),
            _labels(report.clusters),
        )

    def doc(self, doc_id: str) -> Document | None:
        i = self.doc_index.get(doc_id)
        return None if i is None else self.report.documents[i]

    def doc_link(self, doc_id: str) -> str:
        i = self.doc_index.get(doc_id)
        if i is None:
            return f"<span>{esc(doc_id)}</span>"
        return f'<a href="#d{i + 1}">{esc(doc_id)}</a>'

    def in_text(self, doc_id: str, start: int, end: int) -> bool:
        """Whether the span lies in a document of the report (so it has an anchor)."""
        doc = self.doc(doc_id)
        return doc is not None and 0 <= start <= end <= len(doc.text)

    def where(self, doc_id: str, start: int) -> str:
        doc = self.doc(doc_id)
        if doc is None or not 0 <= start <= len(doc.text):
            return ""
        p = doc.page_of(start)
        if p is not None:
            return f"p. {p}"
        line, col = doc.line_col(start)
        return f"line {line}, col {col}"


# --------------------------------------------------------------------------
# summary and matrix


def _summary(pg: _Page) -> str:
    r = pg.report
    kinds = Counter(c.kind for c in r.clusters)
    verdicts = Counter(x.verdict for c in r.clusters for x in c.renderings[1:])
    sev = Counter(f.severity for f in r.findings)
    stats = [
        f"<li><b>{len(r.documents)}</b> document{'' if len(r.documents) == 1 else 's'}</li>",
        f"<li><b>{len(r.clusters)}</b> clusters ({plural(kinds['quote'], 'quote')}, "
        f"{plural(kinds['passage'], 'passage')}, "
        f"{plural(kinds['boilerplate'], 'boilerplate', 'boilerplate')})</li>",
        f"<li><b>{len(r.findings)}</b> findings ({plural(sev['error'], 'error')}, "
        f"{plural(sev['warning'], 'warning')}, {sev['info']} info)</li>",
    ]
    vs = " ".join(
        f"{verdict_badge(v)}&nbsp;{verdicts[v]}" for v in VERDICTS if verdicts[v]
    )
    attention = [
        f'<li><a href="#{pg.anchors[i]}">{esc(pg.labels[i])}</a> '
        f"{verdict_badge(_worst(c.renderings))} “{esc(_excerpt(c.text))}”</li>"
        for i, c in enumerate(r.clusters)
        if _worst(c.renderings) in ("conflict", "paraphrase", "unrelated")
    ]
    out = [
        '<section aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>',
        '<ul class="stats">' + "".join(stats) + "</ul>",
        f"<p>Renderings other than the reference: {vs or 'none'}</p>",
    ]
    if attention:
        out.append("<h3>Clusters to look at</h3><ul>" + "".join(attention) + "</ul>")
    out.append("</section>")
    return "".join(out)


def _matrix(pg: _Page) -> str:
    docs = pg.report.documents
    shared: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(pg.report.clusters):
        ds = c.docs
        for a in ds:
            for b in ds:
                shared.setdefault((a, b), []).append(i)
    if len(docs) > MATRIX_MAX_DOCS:
        return _pairs(pg, shared)
    head = "".join(f'<th scope="col">{pg.doc_link(d.id)}</th>' for d in docs)
    rows = []
    for da in docs:
        cells = []
        for db in docs:
            hits = shared.get((da.id, db.id), [])
            if da.id == db.id:
                multi = [i for i in hits if len(pg.report.clusters[i].docs) > 1]
                cells.append(f'<td class="diag muted small">in {len(multi)} '
                             f"cluster{'s' if len(multi) != 1 else ''}</td>")
            elif not hits:
                cells.append('<td class="muted"><span class="sr">nothing shared</span>·</td>')
            else:
                k = Counter(pg.report.clusters[i].kind for i in hits)
                what = ", ".join(
                    f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in sorted(k.items())
                )
                links = " ".join(
                    f'<a href="#{pg.anchors[i]}">{esc(pg.labels[i])}</a>' for i in hits
                )
                cells.append(f'<td><span class="small">{esc(what)}</span><br>{links}</td>')
        rows.append(f'<tr><th scope="row">{pg.doc_link(da.id)}</th>{"".join(cells)}</tr>')
    return (
        '<section aria-labelledby="matrix-h"><h2 id="matrix-h">What the documents share</h2>'
        '<p class="small muted">Each cell lists the clusters (quotes and shared passages) '
        "that both documents contain; the links jump to them.</p>"
        '<div class="scroll" role="region" aria-label="Shared clusters by document pair" '
        'tabindex="0"><table class="matrix"><caption>Clusters shared by each pair of '
        'documents</caption><thead><tr><td></td>' + head + "</tr></thead><tbody>"
        + "".join(rows) + "</tbody></table></div></section>"
    )


def _pairs(pg: _Page, shared: dict[tuple[str, str], list[int]]) -> str:
    """For a large corpus: the pairs of documents that share most, as a list."""
    pairs = sorted(((a, b), hits) for (a, b), hits in shared.items() if a < b)
    pairs.sort(key=lambda p: -len(p[1]))
    rows = [
        f'<tr><th scope="row">{pg.doc_link(a)}</th><td>{pg.doc_link(b)}</td>'
        f"<td>{len(hits)}</td><td>"
        + " ".join(f'<a href="#{pg.anchors[i]}">{esc(pg.labels[i])}</a>' for i in hits[:20])
        + (f" … and {len(hits) - 20} more" if len(hits) > 20 else "")
        + "</td></tr>"
        for (a, b), hits in pairs[:MAX_PAIRS]
    ]
    more = (f'<p class="small muted">The {MAX_PAIRS} pairs that share most, of {len(pairs)}.</p>'
            if len(pairs) > MAX_PAIRS else "")
    return (
        '<section aria-labelledby="matrix-h"><h2 id="matrix-h">What the documents share</h2>'
        '<div class="scroll" role="region" aria-label="Shared clusters by document pair" '
        'tabindex="0"><table class="matrix stack"><caption>Pairs of documents that share '
        'clusters, most first</caption><thead><tr><th scope="col">Document</th>'
        '<th scope="col">Document</th><th scope="col">Shared</th><th scope="col">Clusters</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{more}</section>"
    )


# --------------------------------------------------------------------------
# clusters


def _row_header(pg: _Page, ci: int, ri: int, r: Rendering, reference: bool) -> str:
    name = (
        f'<a href="#{_rendering_anchor(ci, ri)}">{esc(r.doc)}</a>'
        if pg.in_text(r.doc, r.start, r.end) else esc(r.doc)
    )
    role = '<span class="small muted"> (reference)</span>' if reference else ""
    speaker = f'<span class="who">{esc(r.speaker)}</span>' if r.speaker else ""
    return (f'<th scope="row"><span class="docname">{name}</span>{role}<br>'
            f"{verdict_badge(r.verdict)} {speaker}</th>")


def _alignment_table(pg: _Page, ci: int, c: Cluster, grid: Grid, a: int, b: int) -> str:
    cols = grid.columns[a:b]
    refs = [col.col + 1 for col in cols if col.kind == "ref"]
    span = f"{refs[0]}–{refs[-1]}" if refs else "end"
    head = "".join(
        f'<th scope="col">{col.col + 1}</th>' if col.kind == "ref"
        else '<th scope="col"><span aria-hidden="true">+</span>'
        '<span class="sr">added</span></th>'
        for col in cols
    )
    rows = []
    for ri, (r, cells) in enumerate(zip(c.renderings, grid.rows, strict=True)):
        tds = "".join(
            f'<td class="ins-slot">{step_html(s)}</td>' if col.kind == "insert"
            else f"<td>{step_html(s)}</td>"
            for col, s in zip(cols, cells[a:b], strict=True)
        )
        rows.append(f"<tr>{_row_header(pg, ci, ri, r, ri == 0)}{tds}</tr>")
    return (
        '<div class="scroll" role="region" tabindex="0" '
        f'aria-label="{esc(pg.labels[ci])} words {span}">'
        f'<table class="align"><caption class="sr">Alignment of {esc(pg.labels[ci])}, '
        f"reference words {span}</caption>"
        f'<thead><tr><th scope="col">Document</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _alignment_tables(pg: _Page, ci: int, c: Cluster, aligned: Sequence[Sequence[Step]]) -> str:
    """The alignment, cut into tables of :data:`WORDS_PER_TABLE` reference
    words; runs of tables without a difference fold into a <details>."""
    n_ref = len(words(tokenize(c.reference.text)))
    grid = build_grid(n_ref, aligned)
    chunks = chunk_columns(grid.columns, WORDS_PER_TABLE)

    def differs(a: int, b: int) -> bool:
        return any(s is not None and s.op in ("replace", "delete", "insert")
                   for row in grid.rows[1:] for s in row[a:b])

    out: list[str] = []
    k = 0
    while k < len(chunks):
        if differs(*chunks[k]):
            out.append(_alignment_table(pg, ci, c, grid, *chunks[k]))
            k += 1
            continue
        run = [chunks[k]]
        while k + len(run) < len(chunks) and not differs(*chunks[k + len(run)]):
            run.append(chunks[k + len(run)])
        refs = [col.col + 1 for a, b in run for col in grid.columns[a:b] if col.kind == "ref"]
        what = (f"words {refs[0]}–{refs[-1]}" if len(run) < len(chunks)
                else f"all {len(refs)} words")
        tables = "".join(_alignment_table(pg, ci, c, grid, a, b) for a, b in run)
        out.append(
            f'<details class="same"><summary>{esc(what)}: no differences</summary>'
            f"{tables}</details>"
        )
        k += len(run)
    return "".join(out)


def _evidence_html(r: Rendering) -> str:
    if not r.evidence:
        return ""
    items = []
    for e in r.evidence:
        extra = []
        if e.a is not None or e.b is not None:
            extra.append(f"“{esc(e.b or '')}” → “{esc(e.a or '')}”")
        if e.value is not None:
            limit = f", threshold {e.threshold:g}" if e.threshold is not None else ""
            extra.append(f"value {e.value:g}{limit}")
        tail = f' <span class="small muted">{"; ".join(extra)}</span>' if extra else ""
        items.append(f"<li><code>{esc(e.code)}</code> {esc(e.message)}{tail}</li>")
    return '<ul class="evidence">' + "".join(items) + "</ul>"


def _cluster_html(pg: _Page, ci: int, c: Cluster) -> str:
    anchor = pg.anchors[ci]
    ref = c.reference
    aligned = [align_words(ref.text, r.text, r.diffs) for r in c.renderings]
    rows = []
    for ri, r in enumerate(c.renderings):
        where = pg.where(r.doc, r.start)
        loc = (
            f'<a href="#{_rendering_anchor(ci, ri)}">{esc(where)}</a>'
            if where and pg.in_text(r.doc, r.start, r.end) else "—"
        )
        quoted = "" if r.quoted else '<br><span class="small muted">(not in quotation marks)</span>'
        rows.append(
            f'<tr><th scope="row">{pg.doc_link(r.doc)}</th><td data-label="Where">{loc}</td>'
            f'<td data-label="Verdict">{verdict_badge(r.verdict)}{quoted}</td>'
            f'<td data-label="Score">{r.score:.0f}</td>'
            f"<td data-label=\"Speaker\">{esc(r.speaker or '—')}"
            + (f'<br><span class="small muted">{esc(r.cue)}</span>' if r.cue else "")
            + f'</td><td data-label="Why">{_evidence_html(r)}</td></tr>'
        )
    originals = []
    for ri, (r, steps) in enumerate(zip(c.renderings, aligned, strict=True)):
        originals.append(
            f'<div class="orig"><h4 class="small">{pg.doc_link(r.doc)} '
            f"{verdict_badge(r.verdict)}"
            + (f" — {esc(r.speaker)}" if r.speaker else "")
            + (f' <a class="small" href="#{_rendering_anchor(ci, ri)}">in the document</a>'
               if pg.in_text(r.doc, r.start, r.end) else "")
            + f"</h4><p>{marked_html(r.text, steps)}</p></div>"
        )
    return (
        f'<section class="cluster" id="{anchor}" data-view="aligned" '
        f'aria-labelledby="{anchor}-h">'
        f'<h3 id="{anchor}-h">{esc(pg.labels[ci])} · {esc(c.kind)} in {len(c.docs)} documents '
        f"{verdict_badge(_worst(c.renderings))}</h3>"
        f'<p class="small muted">cluster id <code>{esc(c.id)}</code></p>'
        f"<blockquote>{esc(c.text)}</blockquote>"
        '<div class="scroll" role="region" tabindex="0" '
        f'aria-label="Renderings of {esc(pg.labels[ci])}"><table class="renderings stack">'
        f"<caption>Renderings</caption><thead><tr>"
        '<th scope="col">Document</th><th scope="col">Where</th><th scope="col">Verdict</th>'
        '<th scope="col">Score</th><th scope="col">Speaker</th><th scope="col">Why</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        '<div class="toolbar"><button type="button" class="toggle" aria-pressed="false">'
        "Show original texts</button></div>"
        f'<div class="view-aligned"><h4 class="small">Aligned words</h4>'
        f"{_alignment_tables(pg, ci, c, aligned)}</div>"
        f'<div class="view-original"><h4 class="small">Original texts</h4>'
        f"{''.join(originals)}</div></section>"
    )


def _clusters(pg: _Page) -> str:
    body = "".join(_cluster_html(pg, i, c) for i, c in enumerate(pg.report.clusters))
    return (
        '<section aria-labelledby="clusters-h"><h2 id="clusters-h">Clusters</h2>'
        '<div class="toolbar"><button type="button" data-all="aligned">All aligned</button>'
        '<button type="button" data-all="original">All original texts</button></div>'
        + (body or "<p>No quote or passage appears in more than one document.</p>")
        + "</section>"
    )


# --------------------------------------------------------------------------
# findings and documents


def _findings(pg: _Page) -> str:
    items = []
    for fi, f in enumerate(pg.report.findings):
        locs = []
        for li, loc in enumerate(f.locations):
            where = pg.where(loc.doc, loc.start)
            target = f"{_finding_anchor(fi)}-l{li + 1}"
            text = f" “{esc(_excerpt(loc.text))}”" if loc.text else ""
            if where and pg.in_text(loc.doc, loc.start, loc.end):
                locs.append(f'<li><a href="#{target}">{esc(loc.doc)}, {esc(where)}</a>{text}</li>')
            else:
                locs.append(f"<li>{esc(loc.doc)}{text}</li>")
        ev = "".join(
            f"<li><code>{esc(e.code)}</code> {esc(e.message)}</li>" for e in f.evidence
        )
        items.append(
            f'<li class="finding" id="{_finding_anchor(fi)}">{severity_badge(f.severity)} '
            f"<code>{esc(f.rule)}</code> {esc(f.message)}"
            + (f'<ul class="evidence">{ev}</ul>' if ev else "")
            + (f'<ul class="small">{"".join(locs)}</ul>' if locs else "")
            + "</li>"
        )
    return (
        '<section aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>'
        + (f'<ol class="findings">{"".join(items)}</ol>' if items else "<p>No findings.</p>")
        + "</section>"
    )


@attrs.frozen
class _Span:
    start: int
    end: int
    anchor: str
    label: str
    href: str
    cls: str


def _doc_spans(pg: _Page, doc: Document) -> list[_Span]:
    n = len(doc.text)
    spans = []
    for ci, c in enumerate(pg.report.clusters):
        for ri, r in enumerate(c.renderings):
            if r.doc == doc.id and 0 <= r.start <= r.end <= n:
                spans.append(_Span(r.start, r.end, _rendering_anchor(ci, ri), pg.labels[ci],
                                   f"#{pg.anchors[ci]}", "rend"))
    for fi, f in enumerate(pg.report.findings):
        for li, loc in enumerate(f.locations):
            if loc.doc == doc.id and 0 <= loc.start <= loc.end <= n:
                spans.append(_Span(loc.start, loc.end, f"{_finding_anchor(fi)}-l{li + 1}",
                                   f"F{fi + 1}", f"#{_finding_anchor(fi)}",
                                   f"sev-{slug(f.severity)}"))
    spans.sort(key=lambda s: (s.start, -s.end, s.anchor))
    return spans


def _doc_text_html(doc: Document, spans: Sequence[_Span]) -> str:
    """The document's text, exactly, with a tag at the start of every span
    (its anchor, linking back) and the covered text marked."""
    cuts = sorted({0, len(doc.text), *(s.start for s in spans), *(s.end for s in spans)})
    starts: dict[int, list[_Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    out = []
    for a, b in zip(cuts, [*cuts[1:], len(doc.text)], strict=True):
        for s in starts.get(a, []):
            out.append(
                f'<a class="tag" id="{s.anchor}" href="{s.href}" '
                f'title="go to {esc(s.label)}">{esc(s.label)}</a>'
            )
        if b <= a:
            continue
        piece = esc(doc.text[a:b])
        cover = [s for s in spans if s.start <= a and b <= s.end]
        if cover:
            sev = next((s.cls for s in cover if s.cls != "rend"), "rend")
            out.append(f'<mark class="{sev}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _documents(pg: _Page) -> str:
    out = []
    for i, d in enumerate(pg.report.documents):
        meta = [("path", d.path)]
        m = d.meta
        meta += [
            (k, str(v)) for k, v in (("title", m.title), ("date", m.date), ("outlet", m.outlet),
                                     ("author", m.author), ("url", m.url)) if v
        ]
        dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta)
        out.append(
            f'<section class="doc" id="d{i + 1}" aria-labelledby="d{i + 1}-h">'
            f'<h3 id="d{i + 1}-h">{esc(d.id)}</h3><dl class="meta small">{dl}</dl>'
            f'<div class="doctext">{_doc_text_html(d, _doc_spans(pg, d))}</div></section>'
        )
    return (
        '<section aria-labelledby="docs-h"><h2 id="docs-h">Documents</h2>'
        '<p class="small muted">The texts exactly as read. A tag marks where each rendering '
        "of a cluster (tagged with the cluster's label, text underlined) and each place a "
        "finding names (F1, F2 …, text shaded) starts; follow a tag back to it.</p>"
        + "".join(out) + "</section>"
    )


def render_report_html(report: Report) -> str:
    """The report as a complete, self-contained HTML page (no network, no
    external assets; one hashed inline script)."""
    pg = _Page.of(report)
    toc = (
        '<nav class="toc" aria-label="Contents"><a href="#summary-h">Summary</a> · '
        '<a href="#legend">Legend</a> · <a href="#matrix-h">Shared</a> · '
        '<a href="#clusters-h">Clusters</a> · <a href="#findings-h">Findings</a> · '
        '<a href="#docs-h">Documents</a></nav>'
    )
    body = (
        '<header class="top"><h1>xref report</h1>'
        f'<p class="muted">{len(report.documents)} documents cross-referenced</p></header>'
        + toc
        + '<main id="main">'
        + _summary(pg)
        + legend_html()
        + _matrix(pg)
        + _clusters(pg)
        + _findings(pg)
        + _documents(pg)
        + "</main>"
    )
    return page("xref report", body)


__all__ = ["cluster_anchor", "render_report_html"]
