"""The ``attribution`` check: one quote credited to different speakers.

For each clustered quote, the speakers its renderings give (the rendering's
own ``speaker``, else the speaker of the extracted quotation it lies in) are
grouped by :func:`xref.names.same_entity`: "Attorney General Lynn Fitch" and
"Lynn Fitch" are one speaker, "the letter states" and "the letter said" are
one, and a document or body ("the letter", "the agency") is compatible with
anyone, since a person speaks through it; so is a description that names
nobody ("the transport secretary", "union leaders", see
:func:`xref.attribution.is_description`).  An appositive name is the speaker
("The transport secretary, Ian Doyle, said" credits Ian Doyle, the same
speaker as "Doyle").  Two or more named speakers that cannot be the same are
an ``attribution-conflict``.

Contents
--------
speaker_of     Context, Rendering -> (speaker, Location | None)
check          Context, Rule -> [Finding]
"""

from __future__ import annotations

from xref.attribution import is_description
from xref.checks.context import Context, location, make_finding, quote_text
from xref.model import Evidence, Finding, Location, Rendering
from xref.names import Acronym, find_acronyms, is_generic, same_entity
from xref.rules import Rule


def speaker_of(ctx: Context, r: Rendering) -> tuple[str | None, Location | None]:
    """Who a rendering credits, and where the text names them (when known)."""
    best = None
    for q in ctx.quotes_in(r.doc):
        if q.start < r.end and r.start < q.end and q.speaker:
            best = q
            break
    speaker = r.speaker or (best.speaker if best else None)
    loc = None
    if best is not None and best.speaker_start is not None and best.speaker_end is not None:
        doc = ctx.doc(r.doc)
        if doc is not None:
            loc = location(doc, best.speaker_start, best.speaker_end)
    return speaker, loc


def check(ctx: Context, rule: Rule) -> list[Finding]:
    acronyms: list[Acronym] = []
    for doc in ctx.documents:
        acronyms.extend(find_acronyms(doc.text))
    min_docs = int(rule.option("min_documents", 2))
    out: list[Finding] = []
    for c in ctx.clusters:
        if c.kind == "boilerplate":
            continue
        named: list[tuple[Rendering, str, Location | None]] = []
        for r in c.renderings:
            if r.verdict == "unrelated":
                continue
            sp, loc = speaker_of(ctx, r)
            if sp and not is_generic(sp) and not is_description(sp):
                named.append((r, sp, loc))
        groups: list[list[tuple[Rendering, str, Location | None]]] = []
        for item in named:
            for g in groups:
                if all(same_entity(item[1], other[1], acronyms) for other in g):
                    g.append(item)
                    break
            else:
                groups.append([item])
        if len(groups) < 2 or len({r.doc for r, _, _ in named}) < min_docs:
            continue
        parts = "; ".join(
            f"{quote_text(g[0][1], 50)} ({', '.join(sorted({r.doc for r, _, _ in g}))})"
            for g in groups
        )
        locs: list[Location] = []
        for r, _, loc in named:
            locs.append(loc or r.location)
        ev = [Evidence("speaker", f"{r.doc} credits {sp}", a=sp, b=r.cue) for r, sp, _ in named]
        ev.append(
            Evidence(
                "speakers-differ", f"{len(groups)} different speakers", value=float(len(groups))
            )
        )
        out.append(make_finding(rule, locs, ev, quote=quote_text(c.text, 70), speakers=parts))
    return out
