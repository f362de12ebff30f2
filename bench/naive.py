"""The naive baseline: every note quote against every document, fuzz.partial_ratio.

No index: for each quote of a benchmark's ``truth.json`` (bench/generate.py),
``rapidfuzz.fuzz.partial_ratio`` against the whole text of every document
(both normalized with :func:`xref.normalize.normalize`, case-folded, and
``processor=None``, with ``score_cutoff`` so rapidfuzz can stop early).  The
best document at or above the cutoff is the prediction.

Contents
--------
scan    texts + quotes -> {quote id: (doc, score) or None}
main    the command line: writes predictions and its own timing as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from xref.load import load  # noqa: E402
from xref.normalize import normalize  # noqa: E402

#: the score a document must reach to be a match
CUTOFF = 70.0


def scan(
    texts: Mapping[str, str], quotes: Mapping[str, str], *, cutoff: float = CUTOFF
) -> dict[str, tuple[str, float] | None]:
    """Best document for each quote (ties: the smaller document id).

    >>> scan({"a": "The cat sat on the mat.", "b": "A dog barked."},
    ...      {"q": "the cat sat", "r": "unicorns fly high"})
    {'q': ('a', 100.0), 'r': None}
    """
    norm_docs = sorted((d, normalize(t, casefold=True).text) for d, t in texts.items())
    out: dict[str, tuple[str, float] | None] = {}
    for qid, quote in sorted(quotes.items()):
        q = normalize(quote, casefold=True).text
        best: tuple[str, float] | None = None
        for doc, text in norm_docs:
            s = fuzz.partial_ratio(q, text, processor=None, score_cutoff=cutoff)
            if s and (best is None or s > best[1]):
                best = (doc, float(s))
        out[qid] = best
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bench", type=Path, help="a folder made by bench/generate.py")
    ap.add_argument("--cutoff", type=float, default=CUTOFF)
    ap.add_argument("-o", "--output", type=Path, help="write predictions here (JSON)")
    ap.add_argument("--quotes", type=int, metavar="N",
                    help="scan only the first N quotes (by id) and extrapolate the time "
                         "to all of them (the scan is the same work for every quote)")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    truth = json.loads((a.bench / "truth.json").read_text(encoding="utf-8"))
    docs = {d.id: d.text for d in load([a.bench / "corpus"]).documents}
    every = {q["id"]: q["note"]["text"] for q in truth["quotes"]}
    quotes = dict(sorted(every.items())[: a.quotes]) if a.quotes else every
    t1 = time.perf_counter()
    found = scan(docs, quotes, cutoff=a.cutoff)
    t2 = time.perf_counter()
    result = {
        "cutoff": a.cutoff,
        "seconds": (t1 - t0) + (t2 - t1) * len(every) / max(1, len(quotes)),
        "scanned": len(quotes),
        "quotes": len(every),
        "scan_seconds": t2 - t1,
        "predictions": {k: (v[0] if v else None) for k, v in found.items()},
        "scores": {k: (v[1] if v else None) for k, v in found.items()},
    }
    text = json.dumps(result, indent=1)
    if a.output:
        a.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
