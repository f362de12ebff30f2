"""Accuracy of xref.compare on PAWS: does it call a pair with a different
meaning a ``conflict``?

PAWS (Zhang, Baldridge and He, NAACL 2019) pairs Wikipedia sentences with
scrambled or back-translated versions: label 0 = different meaning (swapped
names, roles, numbers...), label 1 = same meaning.  A pair counts as predicted
"different" when compare says ``conflict`` (or ``unrelated``), and "same" for
every other verdict.  The score is the balanced accuracy (mean of the recall
of each class).

Usage (from the repository root)::

    python eval/paws.py                         # the whole dev file
    python eval/paws.py --half held-out         # the half not used for tuning
    python eval/paws.py --json eval/paws.json   # also write a JSON summary
    python eval/paws.py --errors 20             # show some misclassified pairs
    python eval/paws.py --write-sample tests/data/paws-sample.tsv

The halves are fixed: a pair goes to ``tune`` or ``held-out`` by a CRC32 of
the sorted words of its first sentence, so pairs made from one source
sentence stay in one half.  The baseline is ``rapidfuzz.fuzz.ratio`` on the
case-folded sentences with the best threshold for the data evaluated (an
oracle threshold, which flatters the baseline).  Everything is
deterministic.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xref.align import clear_caches  # noqa: E402
from xref.compare import compare  # noqa: E402
from xref.lexicon import default_lexicon  # noqa: E402

DEFAULT_PATH = ROOT.parent / "shared" / "eval" / "paws-dev.tsv"
DIFFERENT = frozenset({"conflict", "unrelated"})


@dataclass(frozen=True)
class Row:
    id: str
    s1: str
    s2: str
    label: int  # 0 different meaning, 1 same meaning


def read_rows(path: Path) -> list[Row]:
    """Rows of a PAWS TSV file (id, sentence1, sentence2, label; no header)."""
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or parts[3] not in ("0", "1"):
                if n == 1 and parts[-1] == "label":
                    continue  # a header line
                raise SystemExit(f"{path}:{n}: expected id, sentence1, sentence2, label 0/1")
            rows.append(Row(parts[0], parts[1], parts[2], int(parts[3])))
    return rows


def half_of(row: Row) -> str:
    """``tune`` or ``held-out``, fixed by the first sentence's words."""
    bag = " ".join(sorted(row.s1.lower().split()))
    return "tune" if zlib.crc32(bag.encode("utf-8")) % 2 == 0 else "held-out"


def _digits(tokens: Iterable[str]) -> Counter[str]:
    return Counter(t for t in tokens if any(c.isdigit() for c in t))


def pair_type(row: Row) -> str:
    """What differs between the two sentences, from the words alone
    (whitespace tokens, case-folded; function words from the xref lexicon).

    ``number/date change``        the numbers (tokens with digits) differ
    ``function words only``       same content words in the same order
    ``exchange, same frame``      same content words reordered, while the
                                  function words keep their order (a swap
                                  of actors around prepositions, as a rule)
    ``moved phrase/clause``       same content words reordered, the function
                                  words move as well
    ``1-2 content words differ``  some content words replaced, added, dropped
    ``3+ content words differ``   many (back-translation, as a rule)
    """
    a, b = row.s1.lower().split(), row.s2.lower().split()
    if _digits(a) != _digits(b):
        return "number/date change"
    fw = default_lexicon().function_words

    def content(ts: list[str]) -> list[str]:
        return [t for t in ts if t not in fw and any(c.isalnum() for c in t)]

    ca, cb = content(a), content(b)
    if Counter(ca) == Counter(cb):
        if ca == cb:
            return "function words only"
        frame_a = [t for t in a if t in fw]
        frame_b = [t for t in b if t in fw]
        return "exchange, same frame" if frame_a == frame_b else "moved phrase/clause"
    diff = (Counter(ca) - Counter(cb)) + (Counter(cb) - Counter(ca))
    return "1-2 content words differ" if sum(diff.values()) <= 2 else "3+ content words differ"


@dataclass(frozen=True)
class Scores:
    n: int
    balanced: float
    recall_different: float
    recall_same: float


def score(labels: Sequence[int], different: Sequence[bool]) -> Scores:
    """Balanced accuracy of predictions (True = different meaning)."""
    pos = [d for lab, d in zip(labels, different, strict=True) if lab == 0]
    neg = [not d for lab, d in zip(labels, different, strict=True) if lab == 1]
    r0 = sum(pos) / len(pos) if pos else 0.0
    r1 = sum(neg) / len(neg) if neg else 0.0
    n_classes = (1 if pos else 0) + (1 if neg else 0)
    return Scores(len(labels), (r0 + r1) / max(n_classes, 1), r0, r1)


def ratio_baseline(rows: Sequence[Row]) -> tuple[float, Scores]:
    """fuzz.ratio with the best threshold: (threshold, scores)."""
    ratios = [fuzz.ratio(r.s1.lower(), r.s2.lower(), processor=None) for r in rows]
    labels = [r.label for r in rows]
    best = (0.0, score(labels, [False] * len(rows)))
    for t in range(50, 101):
        s = score(labels, [x < t for x in ratios])
        if s.balanced > best[1].balanced:
            best = (float(t), s)
    return best


@dataclass(frozen=True)
class Run:
    rows: list[Row]
    verdicts: list[str]
    codes: list[list[str]]
    seconds: float


def run(rows: Sequence[Row]) -> Run:
    """compare() on every pair, timed (the first call, which loads the word
    lists, is made before the clock starts)."""
    compare("warm up", "warm up")
    verdicts: list[str] = []
    codes: list[list[str]] = []
    t0 = time.process_time()
    for r in rows:
        clear_caches()  # PAWS repeats sentences: time every pair from scratch
        c = compare(r.s1, r.s2)
        verdicts.append(c.verdict)
        codes.append([e.code for e in c.evidence])
    return Run(list(rows), verdicts, codes, time.process_time() - t0)


def _fmt(s: Scores) -> str:
    return f"{s.balanced:.3f} (recall different {s.recall_different:.3f}, same {s.recall_same:.3f})"


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    return "\n".join(lines)


def report(result: Run, *, errors: int = 0) -> dict[str, object]:
    """Print the figures and return them as a JSON-able summary."""
    rows = result.rows
    labels = [r.label for r in rows]
    pred = [v in DIFFERENT for v in result.verdicts]
    overall = score(labels, pred)
    threshold, base = ratio_baseline(rows)
    ms = result.seconds / max(len(rows), 1) * 1000
    print(f"pairs: {len(rows)} ({labels.count(0)} different, {labels.count(1)} same)")
    print(f"xref.compare balanced accuracy: {_fmt(overall)}")
    print(f"baseline fuzz.ratio < {threshold:.0f}: {_fmt(base)}")
    machine = f"{platform.python_implementation()} {platform.python_version()}"
    machine += f", {os.cpu_count()} CPUs"
    print(f"time: {ms:.3f} ms CPU per pair ({machine})")

    by_type: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        by_type[pair_type(r)].append(k)
    ratios = [fuzz.ratio(r.s1.lower(), r.s2.lower(), processor=None) for r in rows]
    table = []
    types: dict[str, object] = {}
    for name in sorted(by_type):
        ks = by_type[name]
        acc = sum(pred[k] == (labels[k] == 0) for k in ks) / len(ks)
        bacc = sum((ratios[k] < threshold) == (labels[k] == 0) for k in ks) / len(ks)
        share0 = sum(labels[k] == 0 for k in ks) / len(ks)
        table.append([name, len(ks), f"{share0:.2f}", f"{acc:.3f}", f"{bacc:.3f}"])
        types[name] = {
            "pairs": len(ks),
            "share_different": round(share0, 4),
            "accuracy": round(acc, 4),
            "baseline_accuracy": round(bacc, 4),
        }
    print()
    print(_table(["pair type", "pairs", "share label 0", "accuracy", "baseline"], table))

    verdicts = Counter(zip(result.verdicts, labels, strict=True))
    print()
    print(
        "verdicts by label: "
        + ", ".join(f"{v}/{lab}: {n}" for (v, lab), n in sorted(verdicts.items()))
    )
    deciding = Counter(
        cs[0] for cs, v in zip(result.codes, result.verdicts, strict=True) if v == "conflict" and cs
    )
    print(
        "first evidence code of conflicts: "
        + ", ".join(f"{c}: {n}" for c, n in deciding.most_common())
    )

    if errors:
        print()
        shown = 0
        for k, r in enumerate(rows):
            if pred[k] != (r.label == 0) and shown < errors:
                shown += 1
                print(
                    f"[{r.id}] label {r.label}, verdict {result.verdicts[k]} {result.codes[k][:3]}"
                )
                print(f"   1: {r.s1}\n   2: {r.s2}")
    return {
        "pairs": len(rows),
        "balanced_accuracy": round(overall.balanced, 4),
        "recall_different": round(overall.recall_different, 4),
        "recall_same": round(overall.recall_same, 4),
        "baseline": {
            "method": "rapidfuzz.fuzz.ratio on case-folded text, best threshold",
            "threshold": threshold,
            "balanced_accuracy": round(base.balanced, 4),
            "recall_different": round(base.recall_different, 4),
            "recall_same": round(base.recall_same, 4),
        },
        "ms_per_pair": round(ms, 4),
        "types": types,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
    }


def write_sample(rows: Sequence[Row], path: Path, size: int) -> None:
    """A stratified sample (by label and pair type), the same every time:
    within each stratum, pairs are taken in CRC32 order of their ids."""
    strata: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for r in rows:
        strata[(r.label, pair_type(r))].append(r)
    picked: list[Row] = []
    for key in sorted(strata):
        group = sorted(strata[key], key=lambda r: (zlib.crc32(r.id.encode()), r.id))
        take = max(1, round(size * len(group) / len(rows)))
        picked.extend(group[:take])
    picked = sorted(picked, key=lambda r: int(r.id) if r.id.isdigit() else r.id)[:size]
    with path.open("w", encoding="utf-8") as f:
        for r in picked:
            f.write(f"{r.id}\t{r.s1}\t{r.s2}\t{r.label}\n")
    print(f"wrote {len(picked)} pairs to {path}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="PAWS TSV file")
    ap.add_argument("--half", choices=("all", "tune", "held-out"), default="all")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pairs")
    ap.add_argument("--json", type=Path, help="write a JSON summary here")
    ap.add_argument("--errors", type=int, default=0, help="show N misclassified pairs")
    ap.add_argument("--write-sample", type=Path, help="write a stratified sample and stop")
    ap.add_argument("--sample-size", type=int, default=400)
    args = ap.parse_args(argv)
    if not args.path.is_file():
        print(f"paws: no such file: {args.path}", file=sys.stderr)
        return 2
    rows = read_rows(args.path)
    if args.write_sample:
        write_sample(rows, args.write_sample, args.sample_size)
        return 0
    if args.half != "all":
        rows = [r for r in rows if half_of(r) == args.half]
    if args.limit:
        rows = rows[: args.limit]
    print(f"{args.path} ({args.half})")
    summary = report(run(rows), errors=args.errors)
    summary["file"] = str(args.path)
    summary["half"] = args.half
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
