"""How `xref report` grows with the corpus, measured so that the machine's
own drift does not decide it.

On a shared machine the speed changes by a third or more over the half hour
a full benchmark run takes, so the ratio of a 20,000-document run to a
10,000-document one taken ten minutes apart measures the machine as much as
xref (the naive scan, whose cost is exactly linear, came out at 2.69× in
one such run).  This script warms both caches, then runs the warm report on
the two sizes back to back, several rounds, and gives the ratio of each
round's pair and their median.

Usage::

    .venv/bin/python bench/scaling.py --small 10000 --large 20000 --rounds 3

Contents
--------
scaling     the rounds -> a result dict (times, ratios, median)
main        the command line
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.run import _prepare, _xref, machine, measure  # noqa: E402


def _report(work: Path, size: int, jobs: int | None) -> list[str]:
    folder = work / f"docs{size}"
    return _xref(
        "report", str(folder / "corpus"), "--format", "json", "-o", str(folder / "report.json"),
        "--fail-on", "never", "--cache-dir", str(folder / ".xref_cache"),
        *(["--jobs", str(jobs)] if jobs else []),
    )


def scaling(
    work: Path, small: int, large: int, *, rounds: int = 3, jobs: int | None = None,
    seed: int = 0, sentences: Path | None = None,
) -> dict[str, Any]:
    """Warm report times of ``small`` and ``large`` documents, measured in
    ``rounds`` adjacent pairs; each pair's ratio and the median ratio.
    Raises RuntimeError when a run fails."""
    for size in (small, large):
        _prepare(work, size, seed, sentences)
        first = measure(_report(work, size, jobs))  # fills the cache
        if first.returncode not in (0, 1):
            raise RuntimeError(f"xref report on {size} documents failed: {first.stderr.strip()}")
    pairs = []
    for _ in range(rounds):
        got = {}
        for size in (small, large):
            m = measure(_report(work, size, jobs))
            if m.returncode not in (0, 1):
                raise RuntimeError(f"xref report on {size} documents failed: {m.stderr.strip()}")
            got[size] = m.seconds
        pairs.append({"small_s": round(got[small], 2), "large_s": round(got[large], 2),
                      "ratio": round(got[large] / got[small], 3)})
    return {
        "machine": machine(),
        "small": small,
        "large": large,
        "rounds": pairs,
        "median_ratio": round(statistics.median(p["ratio"] for p in pairs), 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=10000)
    ap.add_argument("--large", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, help="passed to xref as --jobs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sentences", type=Path, help="a folder of text (default: PAWS)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "xref-bench")
    ap.add_argument("-o", "--output", type=Path, help="also write the result as JSON")
    a = ap.parse_args(argv)
    if a.rounds < 1 or not 0 < a.small < a.large:
        ap.error("need --rounds >= 1 and 0 < --small < --large")
    a.work.mkdir(parents=True, exist_ok=True)
    try:
        result = scaling(a.work, a.small, a.large, rounds=a.rounds, jobs=a.jobs, seed=a.seed,
                         sentences=a.sentences)
    except RuntimeError as e:
        print(f"scaling: {e}", file=sys.stderr)
        return 2
    for i, p in enumerate(result["rounds"], 1):
        print(f"round {i}: {a.small:,} docs {p['small_s']} s, {a.large:,} docs {p['large_s']} s,"
              f" ratio {p['ratio']}")
    print(f"median ratio {result['median_ratio']}")
    if a.output:
        a.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
