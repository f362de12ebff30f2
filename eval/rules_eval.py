"""Precision and recall of the consistency rules on the labelled cases.

    .venv/bin/python eval/rules_eval.py                 # table per rule
    .venv/bin/python eval/rules_eval.py --json          # the figures as JSON
    .venv/bin/python eval/rules_eval.py --cases FILE    # another labelled set

Each case in ``tests/data/consistency_cases.toml`` names a rule and how many
findings of it the case must produce (0 for a near miss that must stay
silent).  Per case, ``min(found, expected)`` findings are true positives,
the excess false positives, the shortfall false negatives; per rule,
precision = TP / (TP + FP) and recall = TP / (TP + FN) (1.0 when undefined).
Known failures (``xfail``) are scored like the others: the figures are what
the tool does, not what it should do.

Contents: Case, load_cases, run_case, score, render, main.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from xref.checks import run_checks  # noqa: E402
from xref.checks.examples import run_example  # noqa: E402
from xref.load import load  # noqa: E402
from xref.rules import Example, RuleSet, load_ruleset  # noqa: E402

CASES = ROOT / "tests" / "data" / "consistency_cases.toml"
SEEDS = ROOT / "seeds"


@dataclass(frozen=True)
class Case:
    id: str
    rule: str
    expect: int
    example: Example
    seeds: tuple[str, ...] = ()
    xfail: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


def load_cases(path: Path = CASES) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for c in data["case"]:
        docs: list[tuple[str, str, str]] = []
        for j, d in enumerate(c.get("docs", [])):
            docs.append((str(d.get("id", f"d{j}")), d["text"], str(d.get("date", ""))))
        for j, t in enumerate(c.get("texts", [])):
            docs.append((f"d{j}", t, ""))
        if "text" in c:
            docs.append(("d0", c["text"], str(c.get("date", ""))))
        cluster = tuple(dict(x) for x in c.get("cluster", []))
        ex = Example(c["id"], tuple(docs), int(c["expect"]), cluster)
        out.append(
            Case(c["id"], c["rule"], int(c["expect"]), ex, tuple(c.get("seeds", [])),
                 str(c.get("xfail", "")), c)
        )  # fmt: skip
    ids = [c.id for c in out]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate case ids: {dupes}")
    return out


def _seed_docs(prefixes: Sequence[str]) -> list[Any]:
    files = sorted(p for p in SEEDS.iterdir() if p.is_file() and p.name[:3] in prefixes)
    return list(load([str(p) for p in files]).documents)


def run_case(case: Case, ruleset: RuleSet | None = None) -> int:
    """How many findings of the case's rule the tool reports on it."""
    rules = ruleset or load_ruleset()
    rule = rules.get(case.rule)
    if case.seeds:
        docs = _seed_docs(case.seeds)
        found = run_checks(docs, [], [], rules.only(case.rule))
        return sum(1 for f in found if f.rule == case.rule)
    return len(run_example(rule, case.example, rules))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    cases: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(cases: Sequence[Case], ruleset: RuleSet | None = None) -> dict[str, Score]:
    rules = ruleset or load_ruleset()
    out: dict[str, Score] = {}
    for c in cases:
        found = run_case(c, rules)
        s = out.setdefault(c.rule, Score())
        s.cases += 1
        s.tp += min(found, c.expect)
        s.fp += max(0, found - c.expect)
        s.fn += max(0, c.expect - found)
    return dict(sorted(out.items()))


def render(scores: dict[str, Score]) -> str:
    from tabulate import tabulate

    rows = [
        (name, s.cases, s.tp, s.fp, s.fn, f"{s.precision:.2f}", f"{s.recall:.2f}")
        for name, s in scores.items()
    ]
    total = Score(
        sum(s.tp for s in scores.values()),
        sum(s.fp for s in scores.values()),
        sum(s.fn for s in scores.values()),
        sum(s.cases for s in scores.values()),
    )
    rows.append(("all", total.cases, total.tp, total.fp, total.fn,
                 f"{total.precision:.2f}", f"{total.recall:.2f}"))  # fmt: skip
    table: str = tabulate(
        rows, headers=("rule", "cases", "TP", "FP", "FN", "precision", "recall"), tablefmt="github"
    )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    scores = score(load_cases(args.cases))
    if args.json:
        print(json.dumps({k: {"precision": v.precision, "recall": v.recall, "tp": v.tp,
                              "fp": v.fp, "fn": v.fn, "cases": v.cases}
                          for k, v in scores.items()}, indent=2))  # fmt: skip
    else:
        print(render(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
