"""``xref verify "QUOTE"``: the report to read before citing a quote.

Every document where the words (or something like them) appear, the verdict
against each, the speaker each gives, and the differences word by word.

Contents
--------
PASSING          verdicts that make a quote safe to cite
VerifyMatch      one document's reading of the quote
VerifyReport     all readings; ``ok`` says whether the quote can be cited
verify           quote + corpus -> VerifyReport
render_text, render_json
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
from tabulate import tabulate

from xref.config import Config
from xref.errors import XrefError
from xref.finder import Finder
from xref.manifest import Corpus
from xref.model import Diff, Evidence, Location
from xref.output.text import marked, one_line

#: a quote found with one of these verdicts can be cited as it is
PASSING: frozenset[str] = frozenset({"exact", "truncated", "elided"})


@attrs.frozen
class VerifyMatch:
    """One document's reading of the quote (``location`` is the span of the
    document the verdict was given against)."""

    doc: str
    path: str
    verdict: str
    score: float
    location: Location
    speaker: str | None
    quoted: bool
    diffs: tuple[Diff, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    line: int = 0
    column: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "path": self.path,
            "verdict": self.verdict,
            "score": round(self.score, 1),
            "line": self.line,
            "column": self.column,
            "source": self.location.to_json(),
            "speaker": self.speaker,
            "quoted": self.quoted,
            "diffs": [d.to_json() for d in self.diffs],
            "evidence": [e.to_json() for e in self.evidence],
        }


@attrs.frozen
class VerifyReport:
    quote: str
    matches: tuple[VerifyMatch, ...]
    source: str | None = None

    @property
    def ok(self) -> bool:
        """Found exact, truncated or elided (in ``source`` when one was named)."""
        pool = [m for m in self.matches if self.source is None or m.doc == self.source]
        return any(m.verdict in PASSING for m in pool)

    def to_json(self) -> dict[str, Any]:
        return {
            "quote": self.quote,
            "source": self.source,
            "ok": self.ok,
            "matches": [m.to_json() for m in self.matches],
        }


def verify(
    quote: str, corpus: Corpus, *, source: str | None = None, config: Config | None = None
) -> VerifyReport:
    """Read ``quote`` in every document of ``corpus`` that may hold it (index
    candidates, and the documents that have its words verbatim), and in the
    ``source`` key's document in any case.  XrefError when ``source`` does not
    resolve or the quote has no words.  (``config`` is accepted for the
    callers' sake; reading a quote needs no setting of it.)"""
    if not quote.strip() or not any(c.isalnum() for c in quote):
        raise XrefError("the quote has no words to look for")
    finder = Finder(corpus)
    found = {m.doc.id: m for m in finder.search(quote, limit=max(5, len(corpus.documents)))}
    source_id: str | None = None
    if source is not None:
        from xref.citations import CiteRef

        res = corpus.resolve(CiteRef(source.lstrip("@")), corpus.root)
        if res.doc is None:
            raise XrefError(f"--source: {res.message}")
        source_id = res.doc.id
        m = finder.match(quote, res.doc)
        if m is not None and (source_id not in found or m.key() < found[source_id].key()):
            found[source_id] = m
    out = []
    for m in sorted(found.values(), key=lambda m: (*m.key(), m.doc.id)):
        loc = m.location
        line, col = m.doc.line_col(loc.start)
        c = m.comparison
        out.append(
            VerifyMatch(
                m.doc.id,
                m.doc.path,
                m.verdict,
                c.score,
                loc,
                m.speaker,
                m.quoted,
                c.diffs,
                c.evidence,
                line,
                col,
            )
        )
    return VerifyReport(quote, tuple(out), source_id)


def render_json(report: VerifyReport) -> str:
    return json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n"


def render_text(report: VerifyReport) -> str:
    """A table of the documents, then each reading with its differences
    marked ``[-source-]{+quote+}``."""
    lines = [f"“{one_line(report.quote, 200)}”"]
    if not report.matches:
        lines.append("not found in any source.")
    else:
        rows = [
            [
                m.doc,
                m.verdict,
                f"{m.score:.0f}",
                m.speaker or ("(its own words)" if not m.quoted else "?"),
                f"{Path(m.path).as_posix()}:{m.line}:{m.column}",
            ]
            for m in report.matches
        ]
        lines.append(f"found in {len(report.matches)} source(s):")
        lines.append("")
        lines.append(tabulate(rows, headers=["doc", "verdict", "score", "speaker", "where"]))
        for m in report.matches:
            lines.append("")
            lines.append(
                f"{m.doc}: {m.verdict}" + (f" (speaker: {m.speaker})" if m.speaker else "")
            )
            lines.append(f"  source: “{one_line(m.location.text, 400)}”")
            shown = [d for d in m.diffs if d.kind not in ("ellipsis", "bracket")]
            if shown:
                lines.append(f"  diff:   {marked(report.quote, shown)}")
            for e in m.evidence[:4]:
                lines.append(f"  - {e.code}: {e.message}")
    lines.append("")
    where = f" in {report.source}" if report.source else ""
    lines.append(
        f"ok: found exact, truncated or elided{where}; diffs read [-source-]{{+quote+}}."
        if report.ok
        else f"NOT OK: not found exact, truncated or elided{where}."
    )
    return "\n".join(lines) + "\n"
