"""A false-alarm gate: the consistency rules on prose they were not tuned on.

eval/paws_sweep.py writes PAWS-Wiki sentences as documents (20 sentences
each, the two sentences of a pair together) and runs the whole report on
them; the sentences are unrelated Wikipedia prose, so a finding is a false
alarm unless PAWS itself made two near-copies differ.  Here the sweep runs
on the committed sample (tests/data/paws-sample.tsv, 398 pairs, about 2 s)
and each rule's findings are held under a ceiling: what is left is real --
names PAWS spelled two ways in one source sentence (Machpelah / Macpelah /
Macphelah, Segheș / Seghes, Johan / Johann Georg, St. Gall / St. Gallen …)
and one passage whose two copies say 43 and 40 people.  Before the sweep's
fixes the sample gave 15 findings (2 count-mismatch on "meters" and on
"people" in a story that counts two groups of them, 2 number-mismatch on a
census sentence reused for other towns, and 2 name-variant on "Sri Lankan" /
"Sri Lanka" and "Chartered Accountant(s)"); the whole dev set's figures are
in the README.  Raise a ceiling only on purpose.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "paws-sample.tsv"

#: findings per rule on the sample; every rule not listed: none
CEILINGS = {"name-variant": 8, "number-mismatch": 1}


def _sweep_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("paws_sweep", ROOT / "eval" / "paws_sweep.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["paws_sweep"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_documents_keep_pairs_together_or_split_them() -> None:
    sweep = _sweep_module()
    pairs = [("a1", "a2"), ("b1", "b2"), ("c1", "c2")]
    assert sweep.documents(pairs, 2, split=False) == ["a1\na2\n", "b1\nb2\n", "c1\nc2\n"]
    assert sweep.documents(pairs, 3, split=True) == ["a1\nb1\nc1\n", "a2\nb2\nc2\n"]


def test_few_false_alarms_on_the_paws_sample() -> None:
    sweep = _sweep_module()
    pairs = sweep.read_pairs(SAMPLE)
    assert len(pairs) == 398
    findings = sweep.sweep(sweep.documents(pairs, 20, split=False))
    counts = Counter(f.rule for f in findings)
    over = {
        rule: (n, CEILINGS.get(rule, 0)) for rule, n in counts.items() if n > CEILINGS.get(rule, 0)
    }
    assert not over, {r: [f.message for f in findings if f.rule == r] for r in over}
    # what is left is what PAWS made differ: names spelled two ways, one changed figure
    for f in findings:
        if f.rule == "name-variant":
            assert f.evidence[0].code == "name-spelling", f.message
        else:
            assert "“43” in" in f.message and "“40” in" in f.message, f.message
