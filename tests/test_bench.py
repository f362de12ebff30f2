"""The benchmark's generator, metrics and harness at a tiny size (no timing).

The generator's ground truth must be exact (offsets slice the files, every
mutation is what it says), recall and precision must be computed right, and
the harness must run the tools and score them end to end.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import metrics  # noqa: E402
from bench.generate import EXPECTED, detokenize, generate, mutate  # noqa: E402
from bench.naive import scan  # noqa: E402
from bench.run import machine, measure, run_size, table  # noqa: E402

sys.path.remove(str(ROOT))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "docs20"
    truth = generate(out, docs=20, quotes=6, doc_bytes=1200, seed=5)
    return out, truth


def test_truth_offsets_slice_the_files(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, truth = tiny
    assert len(truth["quotes"]) == 6
    for q in truth["quotes"]:
        assert len(q["renderings"]) in (2, 3)
        assert len({r["doc"] for r in q["renderings"]}) == len(q["renderings"])
        for r in q["renderings"]:
            text = (out / "corpus" / f"{r['doc']}.txt").read_text(encoding="utf-8")
            assert text[r["start"] : r["end"]] == r["text"]
            # quoted, with the group's speaker
            assert text[r["start"] - 1] == "“"
            assert text[r["end"] : r["end"] + 2] == ",”"
            assert text[r["end"] :].startswith(f",” said {q['speaker']}.")
            assert r["expected"] == EXPECTED[r["mutation"]]
        assert q["renderings"][0]["mutation"] == "exact"


def test_notes_cite_each_quote_where_the_truth_says(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, truth = tiny
    for q in truth["quotes"]:
        note = q["note"]
        lines = (out / note["file"]).read_text(encoding="utf-8").splitlines()
        line = lines[note["line"] - 1]
        assert f"“{note['text']}” [@{note['cited']}]" in line
        assert line.startswith(f"{q['speaker']} said")
        assert note["cited"] == q["renderings"][0]["doc"]


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", docs=8, quotes=2, doc_bytes=800, seed=9)
    b = generate(tmp_path / "b", docs=8, quotes=2, doc_bytes=800, seed=9)
    assert a["quotes"] == b["quotes"]
    for f in sorted((tmp_path / "a" / "corpus").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / "corpus" / f.name).read_bytes()


@pytest.mark.parametrize(
    ("kind", "sentence", "reference", "rendering"),
    [
        ("number", "The bridge opened in 1902 with 4 lanes.", None, None),
        ("negation", "The club was not founded in Leeds by Smith.", None,
         "The club was founded in Leeds by Smith."),
        ("negation", "The club was founded in Leeds by Smith.",
         "The club was not founded in Leeds by Smith.", "The club was founded in Leeds by Smith."),
        ("names", "The bridge was built by Smith and later sold to Jones.", None,
         "The bridge was built by Jones and later sold to Smith."),
    ],
)
def test_mutations_change_what_they_say(kind: str, sentence: str, reference: str | None,
                                        rendering: str | None) -> None:
    got = mutate(sentence, kind, random.Random(2))
    assert got is not None
    assert got[0] == (reference or sentence)
    if kind == "number":
        before, after = sentence.split(), got[1].split()
        changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
        assert len(changed) == 1 and changed[0][0].isdigit() and changed[0][1].isdigit()
    else:
        assert got[1] == rendering


def test_truncation_and_elision_keep_words_in_order() -> None:
    s = ("The eastern border of the town is formed by Cattaraugus Creek and the county "
         "line of Erie County in the north.")
    rng = random.Random(4)
    for _ in range(20):
        ref, cut = mutate(s, "truncated", rng) or ("", "")
        assert ref == s and cut in s and cut != s and len(cut.split()) >= 6
        ref, el = mutate(s, "elided", rng) or ("", "")
        mark = "…" if "…" in el else "..."
        head, tail = el.split(f" {mark} ")
        assert s.startswith(head) and s.endswith(tail)
        assert len(head) + len(tail) < len(s) - 8
    assert mutate("Too short to cut.", "truncated", rng) is None
    assert mutate("No digits in this sentence at all, none.", "number", rng) is None


def test_detokenize_paws_text() -> None:
    assert detokenize("Smith 's film , `` Rain '' , was shown ( twice ) .") == (
        "Smith's film, “Rain”, was shown (twice)."
    )


def test_lookup_and_cluster_scores_count_right() -> None:
    truth = {"quotes": [
        {"id": "q0", "renderings": [{"doc": "a", "start": 0, "end": 10},
                                    {"doc": "b", "start": 5, "end": 15}],
         "note": {"expected": "exact", "file": "notes/n.md", "line": 3}},
        {"id": "q1", "renderings": [{"doc": "c", "start": 0, "end": 10},
                                    {"doc": "d", "start": 20, "end": 30},
                                    {"doc": "e", "start": 0, "end": 9}],
         "note": {"expected": "conflict", "file": "notes/n.md", "line": 5}},
    ]}
    # one right, one wrong, one missing -> recall 1/2, precision 1/2
    s = metrics.lookup_score(truth, {"q0": "b", "q1": "a"})
    assert (s.recall, s.precision, s.correct) == (0.5, 0.5, 1)
    assert metrics.lookup_score(truth, {}).precision == 1.0  # nothing claimed
    clusters = [
        # q0 found whole
        {"renderings": [{"doc": "a", "start": 2, "end": 8}, {"doc": "b", "start": 5, "end": 15}]},
        # q1: two of three, plus filler text linked to them (a false positive)
        {"renderings": [{"doc": "c", "start": 0, "end": 10}, {"doc": "d", "start": 20, "end": 30},
                        {"doc": "f", "start": 0, "end": 50}]},
        # a lone rendering of q1 linked only to filler: not a recall
        {"renderings": [{"doc": "e", "start": 0, "end": 9}, {"doc": "g", "start": 0, "end": 9}]},
    ]
    c = metrics.cluster_score(truth, clusters)
    assert c.expected == 5 and c.predicted == 7 and c.correct == 4
    assert c.recall == 4 / 5 and c.precision == 4 / 7
    docs, verdicts = metrics.check_predictions(truth, [
        {"file": "x/notes/n.md", "line": 3, "verdict": "exact", "source": {"doc": "a"}},
        {"file": "x/notes/n.md", "line": 5, "verdict": "not_found", "source": None},
    ])
    assert docs == {"q0": "a", "q1": None}
    assert metrics.verdict_agreement(truth, verdicts) == 0.5


def test_naive_scan_finds_every_injected_quote(tiny: tuple[Path, dict[str, Any]]) -> None:
    out, truth = tiny
    texts = {f.stem: f.read_text(encoding="utf-8") for f in (out / "corpus").iterdir()}
    found = scan(texts, {q["id"]: q["note"]["text"] for q in truth["quotes"]})
    score = metrics.lookup_score(truth, {k: v[0] if v else None for k, v in found.items()})
    assert score.recall == 1.0 and score.precision == 1.0


def test_harness_runs_report_and_naive_and_scores_them(
    tiny: tuple[Path, dict[str, Any]]
) -> None:
    out, _ = tiny
    rows = run_size(out.parent, 20, naive_max=20, jobs=1, seed=5, sentences=None,
                    tools=["report", "core", "naive"])
    by_tool = {(r["tool"], r["mode"]): r for r in rows}
    naive = by_tool[("naive partial_ratio", "-")]
    assert naive["returncode"] == 0 and naive["recall"] == 1.0
    cold = by_tool[("xref report", "cold")]
    assert cold["returncode"] == 0, cold["note"]
    assert cold["recall"] is not None and cold["recall"] >= 0.9
    assert cold["peak_mb"] > 0 and cold["seconds"] > 0
    assert ("xref report", "warm") in by_tool
    core = by_tool[("report, linking only", "warm")]
    assert core["returncode"] == 0 and core["recall"] == cold["recall"]
    text = table(rows)
    assert "xref report" in text and "naive partial_ratio" in text
    assert json.dumps(machine())  # serializable machine description


def test_measure_reports_exit_code_and_memory() -> None:
    m = measure([sys.executable, "-c", "x = bytearray(30_000_000); raise SystemExit(3)"])
    assert m.returncode == 3
    assert m.maxrss_mb >= 25


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_sampler_counts_the_whole_process_tree() -> None:
    """The sampled peak is of the parent and its child together (each holds
    about 60 MB at once), more than either holds alone.  (The sampler is read
    directly: ``ru_maxrss`` of a forked child can include its parent's.)"""
    import subprocess
    import threading

    from bench.run import _PeakSampler

    child = (
        "import time; x = bytearray(60_000_000); "
        "x[::4096] = b'1' * len(x[::4096]); time.sleep(1.5)"
    )
    parent = (
        "import subprocess, sys, time; x = bytearray(60_000_000); "
        "x[::4096] = b'1' * len(x[::4096]); "
        f"subprocess.run([sys.executable, '-c', {child!r}])"
    )
    proc = subprocess.Popen([sys.executable, "-c", parent])
    sampler = _PeakSampler(proc.pid)
    done = threading.Event()
    th = threading.Thread(target=sampler.run, args=(done,), daemon=True)
    th.start()
    assert proc.wait(timeout=60) == 0
    done.set()
    th.join()
    assert sampler.peak_kb / 1024 >= 110


def test_naive_sample_extrapolates_its_time(tiny: tuple[Path, dict[str, Any]]) -> None:
    """Past --naive-max the harness scans a sample of the quotes: the JSON
    says how many, and the time is scaled to all of them."""
    from bench import naive

    out, truth = tiny
    dest = out.parent / "naive-sample.json"
    assert naive.main([str(out), "--quotes", "1", "-o", str(dest)]) == 0
    got = json.loads(dest.read_text(encoding="utf-8"))
    assert got["scanned"] == 1 and got["quotes"] == len(truth["quotes"]) > 1
    assert len(got["predictions"]) == 1
    assert got["seconds"] >= got["scan_seconds"] * len(truth["quotes"])
    rows = run_size(out.parent, 20, naive_max=10, jobs=1, seed=5, sentences=None,
                    tools=["naive"])
    [row] = rows
    assert row["note"].startswith("extrapolated from") and row["recall"] == 1.0


def test_warm_check_is_the_median_of_several_runs(tiny: tuple[Path, dict[str, Any]]) -> None:
    """A warm ``xref check`` takes seconds, at the mercy of the machine's
    moment: it is timed CHECK_WARM_RUNS times and the median reported, every
    run's time in the note; the cold run once."""
    from bench.run import CHECK_WARM_RUNS

    out, _truth = tiny
    rows = run_size(out.parent, 20, naive_max=10, jobs=1, seed=5, sentences=None,
                    tools=["check"])
    by_mode = {r["mode"]: r for r in rows}
    warm, cold = by_mode["warm"], by_mode["cold"]
    assert warm["returncode"] in (0, 1) and warm["recall"] == cold["recall"]
    prefix = f"median of {CHECK_WARM_RUNS} runs: "
    assert warm["note"].startswith(prefix) and not cold["note"]
    times = sorted(float(t) for t in warm["note"][len(prefix) : -2].split(", "))
    assert len(times) == CHECK_WARM_RUNS
    assert abs(warm["seconds"] - times[len(times) // 2]) < 0.01


def test_filler_never_repeats_and_keeps_function_words_only(
    tiny: tuple[Path, dict[str, Any]],
) -> None:
    """At 10,000 documents, filler that kept frequent content words ("The
    School of America") or quoted titles from the templates repeated by
    chance: text the corpus truly shared and the truth did not know of.
    Every filler sentence is now unique, has at least MIN_REDRAWN redrawn
    words, and quotation marks come only from the generator."""
    from bench.generate import FUNCTION_WORDS, MIN_REDRAWN, PAWS, _Filler, read_paws

    if not PAWS.exists():
        pytest.skip("PAWS not beside the repository")
    groups = read_paws(PAWS)[:400]
    filler = _Filler([s for g in groups for s in g], random.Random(3))
    made = [filler.sentence() for _ in range(3000)]
    keys = [" ".join(w.casefold() for w in s.split()) for s in made]
    assert len(set(keys)) == len(keys)
    for s in made:
        words = [w.strip(".,;:()!?").lower() for w in s.split()]
        assert sum(1 for w in words if w and w not in FUNCTION_WORDS) >= MIN_REDRAWN
    out, _ = tiny
    for f in (out / "corpus").glob("*.txt"):
        text = f.read_text(encoding="utf-8")
        quotes = re.findall(r"“[^“”]*”( said )?", text)
        # a distractor or an injected quotation (“…,” said Name.), nothing else
        assert all(quotes), f
        assert text.count("“") == text.count("”") == len(quotes)


def test_scaling_measures_adjacent_pairs(tmp_path: Path) -> None:
    """bench/scaling.py: both caches warmed, then each round times the two
    sizes back to back; the ratios are of those pairs."""
    from bench import scaling

    out = tmp_path / "scaling.json"
    assert scaling.main(["--small", "8", "--large", "16", "--rounds", "2", "--jobs", "1",
                         "--work", str(tmp_path), "-o", str(out)]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["small"] == 8 and got["large"] == 16 and len(got["rounds"]) == 2
    for r in got["rounds"]:
        assert r["small_s"] > 0 and r["large_s"] > 0
        # the times are rounded to 10 ms, the ratio is of the exact times
        assert r["ratio"] == pytest.approx(r["large_s"] / r["small_s"], rel=0.05)
    low, high = sorted(r["ratio"] for r in got["rounds"])
    assert got["median_ratio"] == pytest.approx((low + high) / 2, abs=0.002)
    assert (tmp_path / "docs16" / ".xref_cache").is_dir()


def test_scaling_rejects_sizes_out_of_order(tmp_path: Path) -> None:
    from bench import scaling

    with pytest.raises(SystemExit) as e:
        scaling.main(["--small", "20", "--large", "10", "--work", str(tmp_path)])
    assert e.value.code == 2
