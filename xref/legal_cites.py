"""Legal citations: spans of text whose numbers are references, not figures.

A reporter citation ("512 U.S. 101, 109 (1994)", "880 F.3d 77, 82"), a
short form ("Id. at 82", "slip op. at 4", "supra note 3, at 12"), a statute
("42 U.S.C. § 1983", "§§ 12-14") or a docket number ("No. 17-4412") holds
volumes, pages and section numbers.  None of them is a count, a part or a
total, so the consistency checks skip every number inside these spans.

Contents
--------
citation_spans   text -> [(start, end)] of legal citations, in order
in_citation      whether an offset range lies inside one of the spans
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

__all__ = ["citation_spans", "in_citation"]

#: one reporter abbreviation token: "U.S.", "F.", "3d", "Supp.", "N.E.2d", "Ct."
_SERIES = r"(?:2d|3d|4th|5th)"
_TOKEN = rf"(?:[A-Z][A-Za-z]{{0,6}}\.(?:\s?[A-Z][A-Za-z]{{0,6}}\.)*(?:\s?{_SERIES})?|{_SERIES})"
_PINS = r"(?:\s*,\s*(?:at\s+)?\d{1,5}(?:\s*[-–]\s*\d{1,5})?(?:\s*n\.\s*\d+)?)*"
_PAREN = r"(?:\s*\((?:[^()\n]{0,60}?\s)?(?:1[6-9]|20)\d\d\))?"
_PATTERNS = (
    # 512 U.S. 101, 109 (1994); 880 F.3d 77, 82 (9th Cir. 2018); 12 Cal. App. 4th 5
    rf"\b\d{{1,4}}\s+{_TOKEN}(?:\s?{_TOKEN}){{0,3}}\s+\d{{1,5}}\b{_PINS}{_PAREN}",
    # Id. at 82; id. at 3-4; slip op. at 12; supra note 3, at 12; supra, at 5
    rf"\b(?:[Ii]d\.|[Ss]lip\s+op\.|[Ss]upra(?:\s+note\s+\d+)?,?|[Ii]nfra(?:\s+note\s+\d+)?,?)"
    rf"\s+at\s+\d{{1,5}}(?:\s*[-–]\s*\d{{1,5}})?(?:\s*n\.\s*\d+)?{_PINS}",
    # 42 U.S.C. § 1983; § 1983(a)(2); §§ 12-14
    r"(?:\b\d{1,3}\s+(?:U\.\s?S\.\s?C\.(?:\s?A\.)?|C\.\s?F\.\s?R\.)\s*)?§§?\s*\d+(?:\.\d+)*[a-z]?"
    r"(?:\([\w]{1,4}\))*(?:\s*[-–,]\s*\d+(?:\.\d+)*[a-z]?(?:\([\w]{1,4}\))*)*",
    # No. 17-4412; Nos. 21-1234, 21-1235; Case No. 3:21-cv-01234
    r"\bNos?\.\s+\d+[-–:]\w+(?:[-–]\w+)*(?:\s*,\s*\d+[-–:]\w+(?:[-–]\w+)*)*",
)
_CITE_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
#: what each of :data:`_PATTERNS` needs, in order: a number before a
#: reporter abbreviation or series; " at " before a number; a section sign;
#: "No." or "Nos.".  Each starts with a digit, a space or a literal, so the
#: regex engine skips to it at C speed: where none is found no citation is
#: either, and the full pattern is not run.
_NEEDS = (
    re.compile(rf"\d\s+(?:[A-Z][A-Za-z]{{0,6}}\.|{_SERIES})"),
    re.compile(r"\sat\s+\d"),
    re.compile("§"),
    re.compile(r"Nos?\."),
)


def _may_cite(text: str) -> bool:
    """Whether ``text`` holds what some citation pattern needs (see :data:`_NEEDS`)."""
    return any(p.search(text) is not None for p in _NEEDS)


def citation_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of legal citations in ``text``, in order.

    >>> t = "Smith v. Jones, 512 U.S. 101, 109 (1994). Id. at 5. See 42 U.S.C. § 1983."
    >>> [t[s:e] for s, e in citation_spans(t)]
    ['512 U.S. 101, 109 (1994)', 'Id. at 5', '42 U.S.C. § 1983']
    >>> t = "Doe, No. 17-4412, 880 F.3d 77, 82 (9th Cir. 2018)"
    >>> [t[s:e] for s, e in citation_spans(t)]
    ['No. 17-4412', '880 F.3d 77, 82 (9th Cir. 2018)']
    >>> citation_spans("They hired 512 U.S. workers and 40 Dr. Smith patients.")
    []
    """
    if not _may_cite(text):
        return []
    return [(m.start(), m.end()) for m in _CITE_RE.finditer(text)]


def in_citation(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans`` (sorted, disjoint).

    >>> in_citation([(3, 10), (20, 30)], 4, 7), in_citation([(3, 10)], 9, 12)
    (True, False)
    """
    i = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]
