"""The value classes that flow through the pipeline.

Every class here is frozen and slotted (attrs): the pipeline is a chain of pure
functions from one of these to the next, and nothing mutates them afterwards.

Offsets: every ``start``/``end`` pair in these classes indexes the *original*
text of a document exactly as it was read (``Document.text``), never a
normalized copy.  ``Location.text`` is always ``document.text[start:end]``.

Contents
--------
DocMeta, Document        a source as read, with its metadata
Location                 a span of a document, for findings and renderings
Quote                    a quotation found in a document, with speaker and cue
Diff, Evidence           word-level differences and the reasons for a verdict
Comparison               the result of :func:`xref.compare`
Rendering, Cluster       one quote or passage as several documents render it
Finding                  a problem a check found (rule, severity, message, locations)
Report                   the cross-reference of a corpus, as data
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

#: Verdicts, from best to worst.  ``exact``: identical after typographic
#: normalization; ``variant``: punctuation, capitalization or spelling only;
#: ``truncated``: a contiguous part of a longer rendering; ``elided``: omissions
#: marked with an ellipsis and insertions marked with brackets; ``paraphrase``:
#: the same meaning in other words; ``conflict``: the texts align but a number,
#: date, name, negation or the actors' roles differ; ``unrelated``: no match.
VERDICTS: tuple[str, ...] = (
    "exact",
    "variant",
    "truncated",
    "elided",
    "paraphrase",
    "conflict",
    "unrelated",
)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


@attrs.frozen
class DocMeta:
    """What is known about a document besides its text."""

    title: str | None = None
    date: _dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    format: str = "text"

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "outlet": self.outlet,
            "author": self.author,
            "url": self.url,
            "format": self.format,
        }


@attrs.frozen
class Document:
    """A source as read.

    ``text`` is the text exactly as read (decoded, nothing else changed); all
    offsets reported anywhere point into it.  ``body_start`` is where the
    content begins after a header line such as `` date 2021-02-19``.
    ``pages`` holds the start offset of each page for paginated formats
    (PDF), empty otherwise.
    """

    id: str
    path: str
    text: str
    meta: DocMeta = attrs.field(factory=DocMeta)
    body_start: int = 0
    pages: tuple[int, ...] = ()

    @property
    def date(self) -> _dt.date | None:
        return self.meta.date

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` in ``text``.

        >>> Document("d", "d.txt", "ab\\ncd").line_col(4)
        (2, 2)
        """
        line = self.text.count("\n", 0, offset) + 1
        last_nl = self.text.rfind("\n", 0, offset)
        return line, offset - last_nl

    def page_of(self, offset: int) -> int | None:
        """1-based page number of ``offset``, or None for unpaginated documents."""
        if not self.pages:
            return None
        page = 0
        for i, start in enumerate(self.pages):
            if start <= offset:
                page = i
            else:
                break
        return page + 1


@attrs.frozen
class Location:
    """A span of a document: ``text == document.text[start:end]``."""

    doc: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document: Document, start: int, end: int) -> Location:
        return cls(document.id, start, end, document.text[start:end])

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


@attrs.frozen
class Quote:
    """A quotation found in a document.

    ``start``/``end`` delimit the quoted words *inside* the quotation marks
    (for a block quote, the block's text).  A quotation interrupted by an
    attribution (``"...," the letter states. "..."``) is stored as one Quote
    per contiguous part; the parts share ``group`` and the speaker.
    ``kind`` is ``inline``, ``block`` or ``term`` (a one- or two-word scare
    quote, kept but not treated as a quotation).  ``depth`` is 0 for an
    outermost quotation and 1 or more for a quotation nested inside another.
    """

    doc: str
    start: int
    end: int
    text: str
    speaker: str | None = None
    cue: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    kind: str = "inline"
    depth: int = 0
    group: int = 0
    open_mark: str = '"'
    close_mark: str = '"'

    @property
    def location(self) -> Location:
        return Location(self.doc, self.start, self.end, self.text)


@attrs.frozen
class Diff:
    """One word-level difference between a quote (a) and a source (b).

    ``op`` is ``replace``, ``delete`` (in a, not in b), ``insert`` (in b, not
    in a) or ``move``.  Offsets index the *original* strings given to
    :func:`xref.compare` (a: the quote, b: the source).  ``kind`` says what
    kind of words differ: ``number``, ``date``, ``name``, ``negation``,
    ``antonym``, ``modal``, ``role``, ``case``, ``punctuation``, ``spelling``,
    ``ellipsis``, ``bracket`` or ``wording``.
    """

    op: str
    kind: str
    a: str
    b: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Evidence:
    """One reason behind a verdict.

    ``code`` is a stable identifier (``number-changed``, ``negation-dropped``,
    ``role-swap``, ``ellipsis``, ``score-threshold`` …); ``message`` says it
    in words; ``a``/``b`` hold the quote's and source's words where relevant;
    ``value``/``threshold`` hold the figure and the limit a rule compared.
    """

    code: str
    message: str
    a: str | None = None
    b: str | None = None
    value: float | None = None
    threshold: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen
class Comparison:
    """The verdict on a quote against a source, with its evidence.

    ``source_start``/``source_end`` delimit the part of the source the quote
    aligned to (offsets into the source string as given).
    """

    verdict: str
    score: float
    quote: str
    source: str
    source_start: int
    source_end: int
    diffs: tuple[Diff, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    @property
    def matched(self) -> str:
        return self.source[self.source_start : self.source_end]

    def explain(self) -> str:
        """A one-line explanation: the verdict and its main reasons."""
        reasons = "; ".join(e.message for e in self.evidence[:4])
        return f"{self.verdict} ({self.score:.0f}): {reasons}" if reasons else self.verdict

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "score": round(self.score, 1),
            "source_start": self.source_start,
            "source_end": self.source_end,
            "matched": self.matched,
            "diffs": [d.to_json() for d in self.diffs],
            "evidence": [e.to_json() for e in self.evidence],
        }


@attrs.frozen
class Rendering:
    """One document's rendering of a clustered quote or passage."""

    doc: str
    start: int
    end: int
    text: str
    verdict: str
    score: float
    speaker: str | None = None
    cue: str | None = None
    quoted: bool = True
    evidence: tuple[Evidence, ...] = ()
    diffs: tuple[Diff, ...] = ()

    @property
    def location(self) -> Location:
        return Location(self.doc, self.start, self.end, self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "cue": self.cue,
            "quoted": self.quoted,
            "verdict": self.verdict,
            "score": round(self.score, 1),
            "evidence": [e.to_json() for e in self.evidence],
            "diffs": [d.to_json() for d in self.diffs],
        }


@attrs.frozen
class Cluster:
    """All renderings of one quote or shared passage.

    ``kind`` is ``quote``, ``passage`` (shared unquoted text) or
    ``boilerplate``.  ``renderings[0]`` is the reference: the longest, most
    complete rendering, whose verdict is ``exact``.
    """

    id: str
    kind: str
    renderings: tuple[Rendering, ...]

    @property
    def reference(self) -> Rendering:
        return self.renderings[0]

    @property
    def text(self) -> str:
        return self.reference.text

    @property
    def docs(self) -> tuple[str, ...]:
        return tuple(sorted({r.doc for r in self.renderings}))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "docs": list(self.docs),
            "renderings": [r.to_json() for r in self.renderings],
        }


@attrs.frozen
class Finding:
    """A problem found by a check: a stable rule name, a severity, a message
    that shows both sides and the reasoning, and where it is."""

    rule: str
    severity: str
    message: str
    locations: tuple[Location, ...] = ()
    evidence: tuple[Evidence, ...] = ()

    def sort_key(self) -> tuple[Any, ...]:
        first = self.locations[0] if self.locations else Location("", 0, 0, "")
        return (first.doc, first.start, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "locations": [loc.to_json() for loc in self.locations],
            "evidence": [e.to_json() for e in self.evidence],
        }


@attrs.frozen
class Report:
    """The cross-reference of a corpus, as data."""

    documents: tuple[Document, ...]
    clusters: tuple[Cluster, ...]
    findings: tuple[Finding, ...]
    quotes: tuple[Quote, ...] = ()

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": [
                {
                    "id": d.id,
                    "path": d.path,
                    "date": d.meta.date.isoformat() if d.meta.date else None,
                    "meta": d.meta.to_json(),
                }
                for d in self.documents
            ],
            "clusters": [c.to_json() for c in self.clusters],
            "findings": [f.to_json() for f in self.findings],
        }
