"""The corpus cross-reference on the seeds, scored against the gold file."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import assert_spans_slice

import xref
from xref.model import Cluster, Rendering, Report

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path) -> Report:
    return xref.report([seeds_dir])


def _gold() -> list[dict[str, Any]]:
    with open(DATA / "seeds_gold.toml", "rb") as f:
        return list(tomllib.load(f)["cluster"])


def _matches(r: Rendering, g: dict[str, Any]) -> bool:
    return r.doc == g["doc"] and " ".join(r.text.split()).startswith(g["starts"])


def _find(report: Report, gold: dict[str, Any]) -> Cluster | None:
    for c in report.clusters:
        if all(any(_matches(r, g) for r in c.renderings) for g in gold["renderings"]):
            return c
    return None


@pytest.mark.parametrize("gold", [g for g in _gold() if g["required"]], ids=lambda g: g["name"])
def test_gold_cluster_found_with_its_verdicts(seeds_report: Report, gold: dict[str, Any]) -> None:
    cluster = _find(seeds_report, gold)
    assert cluster is not None, f"cluster not found: {gold['name']}"
    assert cluster.kind == gold["kind"]
    for g in gold["renderings"]:
        r = next(r for r in cluster.renderings if _matches(r, g))
        if g["verdict"] != "any":
            assert r.verdict == g["verdict"], (g, r.evidence)
        assert r.quoted == g["quoted"]
        if "speaker" in g:
            assert r.speaker and g["speaker"] in r.speaker
        assert r.evidence, "every verdict carries its evidence"


def test_no_invented_clusters(seeds_report: Report) -> None:
    gold = _gold()
    for c in seeds_report.clusters:
        assert any(
            all(any(_matches(r, g) for g in gc["renderings"]) for r in c.renderings)
            for gc in gold
        ), f"cluster not in the gold file: {c.id} {c.text[:80]!r}"


def test_reference_is_first_and_exact(seeds_report: Report) -> None:
    for c in seeds_report.clusters:
        assert c.reference.verdict == "exact"
        assert len(c.docs) >= 2
        assert max(len(r.text) for r in c.renderings if r.quoted == c.reference.quoted) == len(
            c.reference.text
        )


def test_every_span_slices_the_original_text(seeds_report: Report) -> None:
    assert_spans_slice(seeds_report)


def test_json_is_complete_and_deterministic(seeds_dir: Path, seeds_report: Report) -> None:
    data = seeds_report.to_json()
    assert set(data) >= {"documents", "clusters", "findings"}
    assert {d["id"] for d in data["documents"]} == {p.stem for p in seeds_dir.glob("*.txt")}
    dated = {d["id"]: d["date"] for d in data["documents"]}
    assert dated["001_f0198ec2f486b8dd"] == "2021-02-19"
    for c in data["clusters"]:
        assert c["kind"] in ("quote", "passage", "boilerplate")
        for r in c["renderings"]:
            assert set(r) >= {"doc", "start", "end", "text", "speaker", "verdict", "score",
                              "evidence"}
    for f in data["findings"]:
        assert set(f) >= {"rule", "severity", "message", "locations"}
    again = xref.report([seeds_dir]).to_json()
    assert json.dumps(again, sort_keys=True) == json.dumps(data, sort_keys=True)


def test_seed_findings_include_the_coalition_count(seeds_report: Report) -> None:
    rules = [f.rule for f in seeds_report.findings]
    assert "count-mismatch" in rules
