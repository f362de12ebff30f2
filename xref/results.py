"""What ``xref check`` produces: one result per quote, number or problem.

Contents
--------
CheckResult      one result (a quote, a number or a problem), with evidence
CheckRun         the results of a run, the corpus, and the exit decision
make_result      a result located in a note (line, column, fingerprint)
apply_baseline   mark results recorded in a baseline
GOOD             verdicts that mean "the source says these words"
CHECK_VERDICTS   every verdict ``xref check`` gives to a quote or a number
PROBLEM_RULES    problem rules (a note, citation or source that could not be checked)
RULE_HELP        what each verdict and problem rule means (SARIF, GitLab, docs)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from xref.baseline import fingerprint
from xref.config import FAIL_ON, LEVELS
from xref.model import VERDICTS, Diff, Document, Evidence, Location
from xref.notes import line_col

__all__ = [
    "CHECK_VERDICTS",
    "GOOD",
    "PROBLEM_RULES",
    "RULE_HELP",
    "CheckResult",
    "CheckRun",
    "apply_baseline",
    "make_result",
]

#: verdicts meaning the source says these words (possibly cut or marked)
GOOD: frozenset[str] = frozenset({"exact", "variant", "truncated", "elided"})
#: every verdict ``xref check`` gives to a quote or a number
CHECK_VERDICTS: tuple[str, ...] = (
    *(v for v in VERDICTS if v != "unrelated"),
    "misattributed",
    "not_found",
    "uncited",
)
#: problem rules (a note, a citation or a source that could not be checked)
PROBLEM_RULES: tuple[str, ...] = (
    "unknown-key",
    "unsafe-path",
    "input-error",
    "unbalanced-quote",
    "wrong-page",
)


@attrs.frozen
class CheckResult:
    """One checked quote, number, or problem, located in a note.

    ``kind`` is ``quote``, ``number`` or ``problem``.  ``verdict`` is a
    verdict (``exact`` … ``uncited``) or a problem rule (``unknown-key`` …).
    ``line``/``column`` are 1-based (columns count characters) and point at
    the first quoted word (or the number); ``end_line``/``end_column`` just
    past the last.  ``cited`` are the citation keys as written; ``found_in``
    the documents that hold the words; ``source`` the span of the source the
    verdict was given against.  ``speaker`` is the note's attribution and
    ``source_speaker`` the source's.  ``suppressed`` is None, ``inline`` or
    ``baseline``; ``justification`` the reason given in the comment.
    ``fingerprint`` hashes the normalized quote, the keys and the verdict.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    kind: str
    quote: str
    verdict: str
    severity: str
    message: str
    cited: tuple[str, ...] = ()
    found_in: tuple[str, ...] = ()
    source: Location | None = None
    evidence: tuple[Evidence, ...] = ()
    diffs: tuple[Diff, ...] = ()
    speaker: str | None = None
    source_speaker: str | None = None
    score: float | None = None
    source_number: str | None = None
    fingerprint: str = ""
    suppressed: str | None = None
    justification: str | None = None

    @property
    def rule(self) -> str:
        """The rule id used in SARIF, GitLab and suppressions (the verdict)."""
        return self.verdict

    def fails(self, fail_on: str) -> bool:
        """Whether this result fails a run with ``--fail-on fail_on``."""
        if self.suppressed or fail_on == "never" or self.severity == "pass":
            return False
        return LEVELS.index(self.severity) <= FAIL_ON.index(fail_on)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line, self.column, self.kind, self.verdict, self.quote)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "kind": self.kind,
            "quote": self.quote,
            "verdict": self.verdict,
            "severity": self.severity,
            "cited": list(self.cited),
            "found_in": list(self.found_in),
            "source": self.source.to_json() if self.source else None,
            "speaker": self.speaker,
            "source_speaker": self.source_speaker,
            "source_number": self.source_number,
            "score": None if self.score is None else round(self.score, 1),
            "message": self.message,
            "evidence": [e.to_json() for e in self.evidence],
            "diffs": [d.to_json() for d in self.diffs],
            "fingerprint": self.fingerprint,
            "suppressed": self.suppressed,
            "justification": self.justification,
        }


@attrs.frozen
class CheckRun:
    """The results of one run, sorted by file, line and column."""

    results: tuple[CheckResult, ...]
    files: tuple[str, ...]
    documents: tuple[Document, ...]
    root: Path
    fail_on: str = "error"

    def failing(self, fail_on: str | None = None) -> list[CheckResult]:
        level = fail_on or self.fail_on
        return [r for r in self.results if r.fails(level)]

    def exit_code(self, fail_on: str | None = None) -> int:
        """1 when a result reaches ``fail_on`` or a note could not be read; else 0."""
        if any(r.verdict == "input-error" and not r.suppressed for r in self.results):
            return 1
        return 1 if self.failing(fail_on) else 0

    def counts(self) -> Counter[str]:
        return Counter(r.verdict for r in self.results if not r.suppressed)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


def make_result(
    path: str,
    text: str,
    start: int,
    end: int,
    kind: str,
    quote: str,
    verdict: str,
    severity: str,
    message: str,
    cited: tuple[str, ...] = (),
    *,
    fp_text: str | None = None,
    **more: Any,
) -> CheckResult:
    """A result at ``text[start:end]`` of the note ``path``: line and column
    computed, fingerprint from ``fp_text`` (default: the quote, or for a
    problem the file, quote and message), the keys and the verdict.

    >>> r = make_result("n.md", "ab\\n“cd”", 4, 6, "quote", "cd", "exact", "pass", "ok", ("000",))
    >>> (r.line, r.column, r.end_line, r.end_column)
    (2, 2, 2, 4)
    """
    line, col = line_col(text, start)
    end_line, end_col = line_col(text, max(start, end))
    if fp_text is None:
        fp_text = quote if kind != "problem" else f"{path}:{quote}:{message}"
    return CheckResult(
        file=path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        kind=kind,
        quote=quote,
        verdict=verdict,
        severity=severity,
        message=message,
        cited=cited,
        fingerprint=fingerprint(fp_text, cited, verdict),
        **more,
    )


def apply_baseline(results: Sequence[CheckResult], accepted: Counter[str]) -> list[CheckResult]:
    """Mark failing results whose fingerprint the baseline accepts."""
    left = Counter(accepted)
    out = []
    for r in results:
        if not r.suppressed and r.severity != "pass" and left[r.fingerprint] > 0:
            left[r.fingerprint] -= 1
            r = attrs.evolve(r, suppressed="baseline")
        out.append(r)
    return out


#: what each verdict and problem rule of ``xref check`` means (SARIF rules,
#: GitLab check names, the docs): id -> (short description, help)
RULE_HELP: dict[str, tuple[str, str]] = {
    "exact": ("Quote matches the source", "The quoted words are in the cited source, as quoted."),
    "variant": (
        "Quote differs in punctuation, case or spelling",
        "The quoted words are in the cited source, but punctuation, capitalization or spelling "
        "differ. Copy the source's wording exactly.",
    ),
    "truncated": (
        "Quote is part of a longer quotation",
        "The quoted words are a contiguous part of a longer passage of the cited source.",
    ),
    "elided": (
        "Quote omits or inserts words with marks",
        "The quote matches the source with omissions marked by an ellipsis and insertions "
        "in brackets.",
    ),
    "paraphrase": (
        "Words in quotation marks that the source does not say",
        "The cited source says something like this, in other words. Quote the source's own words, "
        "or drop the quotation marks.",
    ),
    "conflict": (
        "Quote changes a number, date, name, negation or roles",
        "The quote aligns with the source but a number, date, name or negation differs, or the "
        "actors' roles are swapped. Correct the quote against the source.",
    ),
    "misattributed": (
        "Words from another source or speaker",
        "The words are in a different source than the one cited, or the source gives them to a "
        "different speaker than the note does. Fix the citation or the attribution.",
    ),
    "not_found": (
        "Quote not found in the cited source",
        "No passage of the cited source (or of any other source) matches the quoted words.",
    ),
    "uncited": (
        "Quote without a citation",
        "Add a citation ([@key], a footnote or a link to the source) in the quote's sentence.",
    ),
    "unknown-key": (
        "Citation names no known source",
        "Add the key to the sources manifest, or cite a document of the sources folder.",
    ),
    "unsafe-path": (
        "Path outside the project root",
        "A citation or manifest path leaves the project root (../, absolute path or symlink). "
        "It is not read. Set allow_outside_root = true in the configuration to allow it.",
    ),
    "input-error": ("File could not be read", "The file is binary, not UTF-8, or unreadable."),
    "unbalanced-quote": (
        "Quotation mark without a partner",
        "Close the quotation, or remove the stray mark.",
    ),
    "wrong-page": (
        "Page locator does not hold the words",
        "The citation names a page the source does not have, or the words are on "
        "another page: correct the locator (p. N) to the page the message names.",
    ),
}
