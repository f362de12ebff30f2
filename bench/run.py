"""The benchmark: xref report, xref check and the naive scan at several sizes.

For each size it generates a corpus (bench/generate.py; kept between runs
in the work folder), then runs, each in a subprocess of its own:

- ``xref report`` on the corpus (cold: empty cache; warm: second run), at
  sizes up to ``--report-max``;
- the same cross-reference with the consistency checks switched off
  ("report, linking only": loading, extraction, index, edges, clusters) —
  the part this benchmark is about, at every size;
- ``xref check`` of the notes against the corpus (cold, then warm);
- the naive scan (bench/naive.py), at sizes up to ``--naive-max``;

and records wall time, peak memory (the largest total proportional set size
of the process tree, sampled from /proc — see :class:`_PeakSampler` — or
``ru_maxrss`` of the process from ``os.wait4`` when larger), and
recall/precision of the injected quotes (bench/metrics.py).  Prints a
table and writes JSON with the machine's description (nproc, CPU model,
RAM, Python).

Usage::

    .venv/bin/python bench/run.py --sizes 1000,10000,20000 --naive-max 1000

Contents
--------
Measured        time and memory of one command
measure         run a command, sampling its process tree's memory
machine         nproc, CPU model, RAM and Python version
run_size        everything for one corpus size -> rows
main            the command line
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import metrics  # noqa: E402
from bench.generate import VERSION, generate  # noqa: E402


@attrs.frozen
class Measured:
    returncode: int
    seconds: float
    peak_mb: float
    maxrss_mb: float
    stderr: str


def _pss_kb(pid: int) -> int | None:
    """Proportional set size (kB): shared pages (a forked worker's view of
    its parent's index) counted once across the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


_PAGE_KB = (os.sysconf("SC_PAGE_SIZE") // 1024) if hasattr(os, "sysconf") else 4


def _parent_of(pid: int) -> int | None:
    """The parent of ``pid`` (from /proc/PID/stat), None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        # the name in brackets may hold spaces and brackets: split after the last
        return int(data[data.rindex(b")") + 2 :].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _rss_kb(pid: int) -> int | None:
    """The resident size of ``pid`` (kB, from /proc/PID/statm), None when it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return None


class _ProcTree:
    """The resident sizes of a process and its descendants, from /proc.

    Each process's parent is read once, when its pid first appears; a poll
    then lists /proc and reads one small file per process of the tree (not
    one per process of the machine: the sampler's own cost is what the run
    measured loses on a machine with as many cores as the run uses).
    """

    def __init__(self, root: int) -> None:
        self.root = root
        self._parent: dict[int, int] = {}

    def rss(self) -> dict[int, int]:
        """The resident size (kB) of the root and of each of its descendants."""
        pids = {int(e) for e in os.listdir("/proc") if e.isdigit()}
        for gone in self._parent.keys() - pids:
            del self._parent[gone]
        for pid in pids - self._parent.keys():
            ppid = _parent_of(pid)
            if ppid is not None:
                self._parent[pid] = ppid
        children: dict[int, list[int]] = {}
        for pid, ppid in self._parent.items():
            children.setdefault(ppid, []).append(pid)
        tree: dict[int, int] = {}
        todo = [self.root]
        while todo:
            p = todo.pop()
            kb = _rss_kb(p)
            if kb is not None:
                tree[p] = kb
            todo.extend(children.get(p, ()))
        return tree


def _tree_pss_kb(tree: dict[int, int]) -> int:
    """Memory (kB) of the processes of ``tree`` (:meth:`_ProcTree.rss`): the sum
    of their proportional set sizes (resident sizes where PSS is unavailable)."""
    total = 0
    for pid, kb in tree.items():
        pss = _pss_kb(pid)
        total += kb if pss is None else pss
    return total


class _PeakSampler:
    """The peak total PSS of a process tree, sampled every ``interval``.

    Reading a process's PSS walks its page tables (tens of milliseconds for
    a process of a few GB), so a sampler reading it 20 times a second slows
    the process measured, the more the bigger it is (25 % on a 20,000-document
    report).  Resident sizes are cheap and bound PSS from above, so PSS is
    read only when the tree's resident total exceeds the peak found so far
    (no peak can be missed that way), and no more often than once per
    ``PSS_PACE`` times its own last cost (the sampler's share of one core
    stays under about 1/PSS_PACE; a peak shorter than that pause is seen
    through ``ru_maxrss`` when a single process holds it).
    """

    PSS_PACE = 20

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root, self.interval = root, interval
        self.peak_kb = 0
        self._next_pss = 0.0
        self._tree = _ProcTree(root)

    def sample(self) -> None:
        tree = self._tree.rss()
        if sum(tree.values()) <= self.peak_kb:
            return
        now = time.perf_counter()
        if now < self._next_pss:
            return
        self.peak_kb = max(self.peak_kb, _tree_pss_kb(tree))
        cost = time.perf_counter() - now
        self._next_pss = time.perf_counter() + self.PSS_PACE * cost

    def run(self, done: threading.Event) -> None:
        while not done.is_set():
            if os.path.isdir("/proc"):
                self.sample()
            done.wait(self.interval)


def measure(cmd: Sequence[str], *, cwd: Path | None = None) -> Measured:
    """Run ``cmd``; wall time, peak tree memory (sampled) and ru_maxrss."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=_env()
        )
        sampler = _PeakSampler(proc.pid)
        done = threading.Event()
        th = threading.Thread(target=sampler.run, args=(done,), daemon=True)
        th.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        done.set()
        th.join()
        peak = sampler.peak_kb
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    maxrss = usage.ru_maxrss / 1024
    return Measured(proc.returncode, seconds, max(peak / 1024, maxrss), maxrss, stderr)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    ram = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _env() -> dict[str, str]:
    """The environment for subprocesses: this checkout's xref first."""
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}
    # as installed: modules compiled once, not on every run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _xref(*args: str) -> list[str]:
    return [sys.executable, "-m", "xref", *args]


#: ``xref report`` without the consistency checks (every rule of a check kind off)
_CORE = """
import sys
from xref.checks import CHECKS
from xref.output.report_json import render_report_json
from xref.report import build_report
from xref.rules import default_ruleset
corpus, out, cache, jobs = sys.argv[1:5]
rules = default_ruleset()
rules = rules.with_severities({r.name: "off" for r in rules if r.kind in CHECKS})
report = build_report([corpus], ruleset=rules, jobs=int(jobs) if jobs != "-" else None,
                      cache_dir=cache)
with open(out, "w", encoding="utf-8") as f:
    f.write(render_report_json(report))
"""


#: quotes the naive scan reads past --naive-max (its time is extrapolated)
NAIVE_SAMPLE = 50


def _has_option(command: str, option: str) -> bool:
    out = subprocess.run(
        _xref(command, "--help"), capture_output=True, text=True, cwd=ROOT, env=_env()
    )
    return out.returncode == 0 and option in out.stdout


def _prepare(work: Path, docs: int, seed: int, sentences: Path | None) -> dict[str, Any]:
    folder = work / f"docs{docs}"
    truth_file = folder / "truth.json"
    if truth_file.exists():
        truth: dict[str, Any] = json.loads(truth_file.read_text(encoding="utf-8"))
        p = truth["params"]
        if p.get("version") == VERSION and p["docs"] == docs and p["seed"] == seed and (
            sentences is None
        ) == (
            p["sentences"] == "paws-dev.tsv"
        ):
            return truth
    if folder.exists():
        shutil.rmtree(folder)
    return generate(folder, docs=docs, seed=seed, sentences=sentences)


def _row(
    size: int, mb: float, tool: str, mode: str, m: Measured | None, score: metrics.Score | None,
    verdicts: float | None = None, note: str = "",
) -> dict[str, Any]:
    return {
        "docs": size,
        "corpus_mb": round(mb, 1),
        "tool": tool,
        "mode": mode,
        "seconds": round(m.seconds, 2) if m else None,
        "peak_mb": round(m.peak_mb) if m else None,
        "returncode": m.returncode if m else None,
        "recall": round(score.recall, 4) if score else None,
        "precision": round(score.precision, 4) if score else None,
        "verdicts": round(verdicts, 4) if verdicts is not None else None,
        "note": note,
    }


#: warm runs of ``xref check`` timed at each size, the median reported: a
#: run of a few seconds is at the mercy of the machine's moment
CHECK_WARM_RUNS = 3


def _settle() -> None:
    """Flush what the cold run wrote (its cache) before a warm run is timed:
    the kernel writing it back would otherwise land in the warm run's time."""
    if hasattr(os, "sync"):
        os.sync()


def measure_median(
    cmd: Sequence[str], runs: int, *, cwd: Path | None = None
) -> tuple[Measured, list[float]]:
    """``cmd`` run ``runs`` times: the run of median time (with the largest
    peak of all) and every run's time, in order."""
    got = [measure(cmd, cwd=cwd) for _ in range(max(1, runs))]
    mid = sorted(got, key=lambda m: m.seconds)[len(got) // 2]
    return attrs.evolve(mid, peak_mb=max(m.peak_mb for m in got)), [m.seconds for m in got]


def run_size(
    work: Path, size: int, *, naive_max: int, jobs: int | None, seed: int,
    sentences: Path | None, tools: Sequence[str], report_max: int = 2000,
    cold_only: bool = False,
) -> list[dict[str, Any]]:
    """Generate (or reuse) the corpus of ``size`` documents and run every tool."""
    truth = _prepare(work, size, seed, sentences)
    folder = work / f"docs{size}"
    mb = truth["corpus_bytes"] / 1e6
    corpus = str(folder / "corpus")
    rows: list[dict[str, Any]] = []
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    cache = folder / ".xref_cache"
    if "core" in tools:
        out = folder / "core.json"
        if cache.exists():
            shutil.rmtree(cache)
        for mode in ("cold",) if cold_only else ("cold", "warm"):
            if mode == "warm":
                _settle()
            m = measure([sys.executable, "-c", _CORE, corpus, str(out), str(cache),
                         str(jobs) if jobs else "-"])
            score = None
            if m.returncode == 0:
                rep = json.loads(out.read_text(encoding="utf-8"))
                score = metrics.cluster_score(truth, rep["clusters"])
            rows.append(_row(size, mb, "report, linking only", mode, m, score,
                             note=m.stderr.strip().splitlines()[-1] if m.returncode else ""))
            _print_row(rows[-1])
    if "report" in tools and size <= report_max:
        out = folder / "report.json"
        cache_args = ["--cache-dir", str(cache)] if _has_option("report", "--cache-dir") else []
        if cache.exists():
            shutil.rmtree(cache)
        for mode in ("cold", "warm") if cache_args and not cold_only else ("cold",):
            if mode == "warm":
                _settle()
            m = measure(
                _xref("report", corpus, "--format", "json", "-o", str(out), "--fail-on", "never",
                      *cache_args, *(jobs_args if _has_option("report", "--jobs") else []))
            )
            score = None
            if m.returncode == 0:
                rep = json.loads(out.read_text(encoding="utf-8"))
                score = metrics.cluster_score(truth, rep["clusters"])
            rows.append(_row(size, mb, "xref report", mode, m, score,
                             note=m.stderr.strip().splitlines()[-1] if m.returncode else ""))
            _print_row(rows[-1])
    if "check" in tools:
        out = folder / "check.json"
        if not _has_option("check", "--sources"):
            rows.append(_row(size, mb, "xref check", "-", None, None, note="not available"))
        else:
            cache_args = ["--cache-dir", str(cache)] if _has_option("check", "--cache-dir") else []
            if cache.exists():
                shutil.rmtree(cache)
            for mode in ("cold", "warm") if cache_args and not cold_only else ("cold",):
                cmd = _xref("check", str(folder / "notes"), "--sources", corpus, "--format",
                            "json", "-o", str(out), "--fail-on", "never", *cache_args,
                            *(jobs_args if _has_option("check", "--jobs") else []))
                times: list[float] = []
                if mode == "warm":
                    _settle()
                    m, times = measure_median(cmd, CHECK_WARM_RUNS, cwd=folder)
                else:
                    m = measure(cmd, cwd=folder)
                score, agree = None, None
                if m.returncode in (0, 1) and out.exists():
                    docs, verdicts = metrics.check_predictions(
                        truth, json.loads(out.read_text(encoding="utf-8"))
                    )
                    score = metrics.lookup_score(truth, docs)
                    agree = metrics.verdict_agreement(truth, verdicts)
                note = m.stderr.strip().splitlines()[-1] if m.returncode > 1 else ""
                if len(times) > 1 and not note:
                    note = (f"median of {len(times)} runs: "
                            + ", ".join(f"{t:.2f}" for t in times) + " s")
                rows.append(_row(size, mb, "xref check", mode, m, score, agree, note=note))
                _print_row(rows[-1])
    if "naive" in tools:
        # past naive_max, a sample of the quotes is scanned and the time
        # extrapolated to all of them (each quote costs the same full scan)
        sample = [] if size <= naive_max else ["--quotes", str(NAIVE_SAMPLE)]
        out = folder / "naive.json"
        m = measure([sys.executable, str(ROOT / "bench" / "naive.py"), str(folder), "-o", str(out),
                     *sample])
        score, note = None, ""
        if m.returncode == 0:
            got = json.loads(out.read_text(encoding="utf-8"))
            pred = got["predictions"]
            scored = {**truth, "quotes": [q for q in truth["quotes"] if q["id"] in pred]}
            score = metrics.lookup_score(scored, pred)
            if sample:
                m = attrs.evolve(m, seconds=float(got["seconds"]))
                note = f"extrapolated from {got['scanned']} of {got['quotes']} quotes"
        rows.append(_row(size, mb, "naive partial_ratio", "-", m, score, note=note))
        _print_row(rows[-1])
    return rows


def _print_row(row: dict[str, Any]) -> None:
    print(
        f"  {row['docs']:>6} docs  {row['tool']:<20} {row['mode']:<5} "
        f"{row['seconds']}s  {row['peak_mb']} MB  recall={row['recall']} "
        f"precision={row['precision']} {row['note']}",
        file=sys.stderr,
    )


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The rows as a Markdown table."""
    from tabulate import tabulate

    cols = ["docs", "corpus_mb", "tool", "mode", "seconds", "peak_mb", "recall", "precision",
            "verdicts"]
    heads = ["docs", "MB", "tool", "cache", "seconds", "peak MB", "recall", "precision",
             "verdicts as labelled"]
    return tabulate([[r.get(c) for c in cols] for r in rows], headers=heads, tablefmt="github")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,20000", help="comma-separated document counts")
    ap.add_argument("--naive-max", type=int, default=1000,
                    help="largest size for a full naive scan (past it: a sample of "
                         f"{NAIVE_SAMPLE} quotes, time extrapolated)")
    ap.add_argument("--tools", default="report,core,check,naive", help="which tools to run")
    ap.add_argument("--report-max", type=int, default=2000,
                    help="largest size for the full xref report (its consistency checks "
                         "grow faster than linearly)")
    ap.add_argument("--jobs", type=int, help="passed to xref as --jobs")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cold-only", action="store_true", help="skip the warm-cache runs")
    ap.add_argument("--sentences", type=Path, help="a folder of text (default: PAWS)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "xref-bench",
                    help="where corpora are generated and kept")
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "bench" / "results.json")
    a = ap.parse_args(argv)
    sizes = [int(s) for s in a.sizes.split(",") if s.strip()]
    tools = [t.strip() for t in a.tools.split(",")]
    a.work.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for size in sizes:
        print(f"size {size}", file=sys.stderr)
        rows.extend(run_size(a.work, size, naive_max=a.naive_max, jobs=a.jobs, seed=a.seed,
                             sentences=a.sentences, tools=tools, report_max=a.report_max,
                             cold_only=a.cold_only))
    result = {"machine": machine(), "sizes": sizes, "rows": rows}
    a.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    m = result["machine"]
    print(f"{m['cpu']}, {m['nproc']} cores, {m['ram_gb']} GB RAM, Python {m['python']}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
