"""Inline suppressions in notes, as HTML comments (invisible when rendered).

``<!-- xref-disable-next-line conflict -- reason -->`` suppresses the named
verdicts (or rules) for the quotes and claims of the paragraph that starts
on the next non-blank line; ``<!-- xref-disable conflict -->`` … ``<!-- xref-enable conflict -->``
suppresses them for everything that starts in between.  With no names, every
verdict is suppressed.  Several names may be given, separated by spaces or
commas.  A suppression is tied to the quote that follows it, not to a line
number stored elsewhere, so edits above it do not break it.

Contents
--------
Suppressions     the directives of a note: ``reason_for(verdict, line)``
parse_suppressions   note text -> Suppressions
"""

from __future__ import annotations

import re

import attrs

_DIRECTIVE_RE = re.compile(
    r"<!--\s*xref-(?P<action>disable-next-line|disable|enable)\b(?P<body>.*?)-->", re.S
)


def _parse_body(body: str) -> tuple[frozenset[str], str]:
    """Names and reason of a directive body (``names -- reason``).

    >>> names, why = _parse_body(" conflict, not_found -- checked by hand "); sorted(names), why
    (['conflict', 'not_found'], 'checked by hand')
    """
    names_part, _, reason = body.partition("--")
    names = frozenset(n for n in re.split(r"[\s,]+", names_part.strip()) if n)
    return names, " ".join(reason.split())


@attrs.frozen
class Suppressions:
    """The suppression directives of one note: (first line, last line,
    names, reason) of each region; a next-line directive is a region over
    the paragraph after it."""

    regions: tuple[tuple[int, int, frozenset[str], str], ...] = ()

    def reason_for(self, verdict: str, line: int) -> str | None:
        """The reason text if ``verdict`` is suppressed for a quote starting
        on ``line`` ("" when suppressed without a reason), else None.

        >>> s = parse_suppressions("<!-- xref-disable-next-line conflict -- ok -->\\n\\nA\\n")
        >>> s.reason_for("conflict", 3), s.reason_for("not_found", 3), s.reason_for("conflict", 1)
        ('ok', None, None)
        """
        for first, last, names, reason in self.regions:
            if first <= line <= last and (not names or verdict in names):
                return reason
        return None


def parse_suppressions(text: str) -> Suppressions:
    """Find the directives in a note.

    >>> t = "<!-- xref-disable conflict -->\\nA\\nB\\n<!-- xref-enable conflict -->\\nC"
    >>> s = parse_suppressions(t)
    >>> [s.reason_for("conflict", n) is not None for n in (2, 3, 5)]
    [True, True, False]
    """
    lines = text.split("\n")
    open_regions: list[tuple[int, frozenset[str], str]] = []
    regions: list[tuple[int, int, frozenset[str], str]] = []
    for m in _DIRECTIVE_RE.finditer(text):
        names, reason = _parse_body(m.group("body"))
        start_line = text.count("\n", 0, m.start()) + 1
        end_line = text.count("\n", 0, m.end()) + 1
        action = m.group("action")
        if action == "disable-next-line":
            target = end_line + 1
            while target <= len(lines) and not lines[target - 1].strip():
                target += 1
            last = target
            while last < len(lines) and lines[last].strip():
                last += 1
            regions.append((target, last, names, reason))
        elif action == "disable":
            open_regions.append((end_line, names, reason))
        else:
            still: list[tuple[int, frozenset[str], str]] = []
            for first, rnames, rreason in open_regions:
                everything = not names or not rnames
                if everything or rnames & names:
                    # the region ends here; names not re-enabled stay disabled
                    regions.append((first, start_line, rnames, rreason))
                    remaining = frozenset() if everything else rnames - names
                    if remaining:
                        still.append((start_line, remaining, rreason))
                else:
                    still.append((first, rnames, rreason))
            open_regions = still
    for first, names, reason in open_regions:
        regions.append((first, len(lines) + 1, names, reason))
    return Suppressions(tuple(regions))
