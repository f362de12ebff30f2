"""Recall and precision of the injected quotes (bench/generate.py's truth.json).

Two views of the same ground truth:

- **quote lookup** (``xref check``, the naive scan): each note quote gets one
  predicted document or none.  A prediction is correct when the document
  holds a rendering of that quote.  recall = correct / quotes;
  precision = correct / predictions.
- **clusters** (``xref report``): each injected rendering is a span of a
  document.  A rendering is recalled when a cluster holds it together with
  another rendering of the same quote.  A cluster rendering is correct when
  it is such a rendering; every other cluster rendering (filler text linked
  to something) is a false positive.  recall = recalled / renderings;
  precision = correct / cluster renderings.

Contents
--------
Score               recall, precision and the counts behind them
lookup_score        truth + {quote id: predicted doc or None} -> Score
cluster_score       truth + report JSON clusters -> Score
verdict_agreement   truth + {quote id: verdict} -> fraction as expected
check_predictions   xref check JSON results -> ({quote id: doc}, {quote id: verdict})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

import attrs


@attrs.frozen
class Score:
    recall: float
    precision: float
    expected: int
    predicted: int
    correct: int

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def lookup_score(truth: Mapping[str, Any], predicted: Mapping[str, str | None]) -> Score:
    """Score one predicted document per note quote.

    >>> truth = {"quotes": [
    ...     {"id": "q0", "renderings": [{"doc": "a"}, {"doc": "b"}]},
    ...     {"id": "q1", "renderings": [{"doc": "c"}, {"doc": "d"}]},
    ...     {"id": "q2", "renderings": [{"doc": "e"}, {"doc": "f"}]}]}
    >>> lookup_score(truth, {"q0": "b", "q1": "x", "q2": None})
    Score(recall=0.3333333333333333, precision=0.5, expected=3, predicted=2, correct=1)
    """
    expected = len(truth["quotes"])
    made = correct = 0
    for q in truth["quotes"]:
        doc = predicted.get(q["id"])
        if doc is None:
            continue
        made += 1
        if doc in {r["doc"] for r in q["renderings"]}:
            correct += 1
    return Score(_ratio(correct, expected), _ratio(correct, made), expected, made, correct)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def cluster_score(truth: Mapping[str, Any], clusters: Sequence[Mapping[str, Any]]) -> Score:
    """Score the clusters of a report against the injected renderings.

    >>> truth = {"quotes": [{"id": "q0", "renderings": [
    ...     {"doc": "a", "start": 10, "end": 50}, {"doc": "b", "start": 5, "end": 30},
    ...     {"doc": "c", "start": 0, "end": 40}]}]}
    >>> clusters = [
    ...     {"renderings": [{"doc": "a", "start": 10, "end": 50},
    ...                     {"doc": "b", "start": 5, "end": 30}]},
    ...     {"renderings": [{"doc": "c", "start": 100, "end": 140},
    ...                     {"doc": "d", "start": 0, "end": 40}]}]
    >>> cluster_score(truth, clusters)
    Score(recall=0.6666666666666666, precision=0.5, expected=3, predicted=4, correct=2)
    """
    where: dict[str, list[tuple[int, int, str, int]]] = {}
    expected = 0
    for q in truth["quotes"]:
        for i, r in enumerate(q["renderings"]):
            where.setdefault(r["doc"], []).append((r["start"], r["end"], q["id"], i))
            expected += 1
    recalled: set[tuple[str, int]] = set()
    predicted = correct = 0
    for c in clusters:
        hits: list[tuple[str, int] | None] = []
        for r in c["renderings"]:
            span = (int(r["start"]), int(r["end"]))
            hit = next(
                ((qid, i) for s, e, qid, i in where.get(r["doc"], ()) if _overlaps(span, (s, e))),
                None,
            )
            hits.append(hit)
        predicted += len(hits)
        for h in hits:
            if h is None:
                continue
            if sum(1 for o in hits if o is not None and o[0] == h[0] and o != h) >= 1:
                correct += 1
                recalled.add(h)
    return Score(
        _ratio(len(recalled), expected), _ratio(correct, predicted), expected, predicted, correct
    )


def verdict_agreement(truth: Mapping[str, Any], verdicts: Mapping[str, str]) -> float:
    """Fraction of note quotes whose verdict is the expected one.

    >>> truth = {"quotes": [{"id": "q0", "note": {"expected": "exact"}},
    ...                     {"id": "q1", "note": {"expected": "conflict"}}]}
    >>> verdict_agreement(truth, {"q0": "exact", "q1": "paraphrase"})
    0.5
    """
    qs = truth["quotes"]
    return _ratio(sum(1 for q in qs if verdicts.get(q["id"]) == q["note"]["expected"]), len(qs))


def check_predictions(
    truth: Mapping[str, Any], results: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """Map ``xref check --format json`` results back to the note quotes.

    A result belongs to the note quote on the same file (by name) and line;
    its predicted document is ``source.doc`` (or ``found_in``).

    >>> truth = {"quotes": [{"id": "q0", "note": {"file": "notes/n.md", "line": 3}}]}
    >>> check_predictions(truth, [{"file": "/x/notes/n.md", "line": 3, "verdict": "exact",
    ...                            "source": {"doc": "a"}}])
    ({'q0': 'a'}, {'q0': 'exact'})
    """
    by_place = {
        (PurePath(q["note"]["file"]).name, int(q["note"]["line"])): q["id"]
        for q in truth["quotes"]
    }
    docs: dict[str, str | None] = {}
    verdicts: dict[str, str] = {}
    for r in results:
        qid = by_place.get((PurePath(str(r.get("file", ""))).name, int(r.get("line") or 0)))
        if qid is None or qid in verdicts:
            continue
        src = r.get("source") or {}
        found = r.get("found_in")
        doc = src.get("doc") if isinstance(src, Mapping) else None
        if doc is None and isinstance(found, str):
            doc = found
        elif doc is None and isinstance(found, list) and found:
            doc = str(found[0])
        verdicts[qid] = str(r.get("verdict"))
        docs[qid] = None if verdicts[qid] in ("not_found", "uncited") else doc
    return docs, verdicts
