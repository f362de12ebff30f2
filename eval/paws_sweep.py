"""A false-alarm sweep of the consistency rules on text they were not tuned on.

The PAWS-Wiki sentences (see eval/paws.py) are written as documents in a
temporary folder, the whole report is run on them through the Python API
(:func:`xref.report`), and the findings are counted per rule.  The sentences
are unrelated Wikipedia prose (sport, geography, biography, science), so
almost every finding is a false alarm; the exceptions come from PAWS itself:
the two sentences of a pair, and the pairs PAWS made from one source
sentence, are near-copies that may differ in a number, a name or a date
(PAWS swaps and back-translates words), and a report that links those
documents rightly says so.

Usage (from the repository root)::

    python eval/paws_sweep.py                     # 20 sentences a document, pairs together
    python eval/paws_sweep.py --per 2             # one document per pair
    python eval/paws_sweep.py --split             # a pair's sentences in different documents
    python eval/paws_sweep.py --show arithmetic   # list that rule's findings
    python eval/paws_sweep.py --pairs 1000 --json sweep.json

Documents are built in the order of the file: with ``--per N`` each holds N
sentences; without ``--split`` a pair's two sentences follow each other (so
they land in one document when N is even), with it every first sentence
comes before every second one.  Sentences are written one a line; nothing
is written into the repository.  Everything is deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import xref  # noqa: E402
from xref.model import Finding  # noqa: E402

DEFAULT_PATH = ROOT.parent / "shared" / "eval" / "paws-dev.tsv"


def read_pairs(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """The (sentence1, sentence2) of each row of a PAWS TSV file (id, s1, s2, label)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) != 4 or not cols[0].strip().isdigit():
            continue  # a header or a malformed row
        out.append((cols[1], cols[2]))
        if limit is not None and len(out) >= limit:
            break
    return out


def documents(pairs: Sequence[tuple[str, str]], per: int, split: bool) -> list[str]:
    """The documents' texts: ``per`` sentences each, one a line."""
    if split:
        sentences = [a for a, _ in pairs] + [b for _, b in pairs]
    else:
        sentences = [s for pair in pairs for s in pair]
    return ["\n".join(sentences[i : i + per]) + "\n" for i in range(0, len(sentences), per)]


def sweep(texts: Sequence[str], jobs: int = 1) -> list[Finding]:
    """The report's consistency findings on ``texts`` (written to a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="xref-paws-sweep-") as tmp:
        width = len(str(len(texts)))
        for i, text in enumerate(texts):
            (Path(tmp) / f"p{i:0{width}d}.txt").write_text(text, encoding="utf-8")
        report = xref.report([tmp], jobs=jobs)
    return list(report.findings)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tsv", type=Path, default=DEFAULT_PATH, help="a PAWS TSV file")
    ap.add_argument("--per", type=int, default=20, help="sentences per document (20)")
    ap.add_argument("--split", action="store_true", help="a pair's sentences in two documents")
    ap.add_argument("--pairs", type=int, default=None, help="only the first N pairs")
    ap.add_argument("--jobs", type=int, default=1, help="processes for loading and linking")
    ap.add_argument(
        "--show", action="append", default=[], metavar="RULE",
        help="list this rule's findings (repeatable; 'all' for every rule)",
    )  # fmt: skip
    ap.add_argument("--json", type=Path, help="also write the counts (and shown findings) as JSON")
    args = ap.parse_args(argv)
    if args.per < 1:
        ap.error("--per must be at least 1")
    if not args.tsv.is_file():
        print(f"paws_sweep: no PAWS file at {args.tsv} (use --tsv)", file=sys.stderr)
        return 2
    pairs = read_pairs(args.tsv, args.pairs)
    texts = documents(pairs, args.per, args.split)
    t0 = time.perf_counter()
    findings = sweep(texts, jobs=args.jobs)
    took = time.perf_counter() - t0
    counts = Counter(f.rule for f in findings)
    layout = "pairs split across documents" if args.split else "pairs kept together"
    print(f"{len(pairs)} pairs, {2 * len(pairs)} sentences, {len(texts)} documents "
          f"({args.per} sentences each, {layout}); report in {took:.0f} s")  # fmt: skip
    print(f"{'rule':<22} {'findings':>8}")
    for rule, n in sorted(counts.items()):
        print(f"{rule:<22} {n:>8}")
    print(f"{'all':<22} {sum(counts.values()):>8}")
    shown = [f for f in findings if "all" in args.show or f.rule in args.show]
    for f in shown:
        where = ", ".join(f"{loc.doc}:{loc.start}" for loc in f.locations[:4])
        print(f"\n{f.rule} [{where}]\n  {f.message}")
    if args.json:
        data = {
            "pairs": len(pairs),
            "documents": len(texts),
            "per": args.per,
            "split": args.split,
            "counts": dict(sorted(counts.items())),
            "findings": [
                {"rule": f.rule, "message": f.message,
                 "locations": [f"{loc.doc}:{loc.start}" for loc in f.locations]}
                for f in shown
            ],
        }  # fmt: skip
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        args.json.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
