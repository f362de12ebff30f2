"""Baselines: accept the problems that exist today, fail only on new ones.

``xref check --write-baseline FILE`` records the fingerprint of every failing
result; ``--baseline FILE`` then marks results whose fingerprint is in the
file as ``baseline`` (suppressed).  A fingerprint hashes the normalized quote
text, the citation keys and the verdict (:func:`fingerprint`), never the line
number, so editing the note around a quote keeps it matched.  A fingerprint
recorded *n* times accepts at most *n* results.

Contents
--------
fingerprint       quote text + keys + verdict -> stable hex id
BaselineEntry     one recorded result
write_baseline    entries -> JSON text
read_baseline     path -> Counter of fingerprints (XrefError when malformed)
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from xref.errors import XrefError
from xref.normalize import normalize

FORMAT_VERSION = 1


def fingerprint(quote: str, keys: Sequence[str], verdict: str) -> str:
    """A stable id for a result: normalized (case-folded, whitespace and
    typographic marks folded) quote text, sorted citation keys and verdict.

    >>> a = fingerprint("We  urge “you”", ["000"], "exact")
    >>> a == fingerprint('we urge "you"', ["000"], "exact")
    True
    >>> fingerprint("We urge you", ["000"], "exact") == fingerprint("We urge you", ["001"], "exact")
    False
    """
    norm = normalize(quote, casefold=True).text
    payload = "\x1f".join([norm, ",".join(sorted(keys)), verdict])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@attrs.frozen
class BaselineEntry:
    fingerprint: str
    file: str
    verdict: str
    quote: str
    cited: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "file": self.file,
            "verdict": self.verdict,
            "quote": self.quote,
            "cited": list(self.cited),
        }


def write_baseline(entries: Iterable[BaselineEntry]) -> str:
    """The baseline file's text (sorted, so it diffs cleanly)."""
    rows = sorted((e.to_json() for e in entries), key=lambda r: (r["file"], r["fingerprint"]))
    doc = {"version": FORMAT_VERSION, "tool": "xref", "entries": rows}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: Path) -> Counter[str]:
    """How many times each fingerprint is accepted; XrefError (exit 2) for a
    missing or malformed file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise XrefError(f"cannot read baseline: {e}", path=str(path)) from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as e:
        raise XrefError(f"malformed baseline: {e.msg}", path=str(path), line=e.lineno) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise XrefError("malformed baseline: expected an object with 'entries'", path=str(path))
    out: Counter[str] = Counter()
    for i, row in enumerate(doc["entries"]):
        fp = row.get("fingerprint") if isinstance(row, dict) else None
        if not isinstance(fp, str):
            raise XrefError(f"malformed baseline: entry {i} has no fingerprint", path=str(path))
        out[fp] += 1
    return out
