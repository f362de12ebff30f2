"""Run a rule's examples (and labelled cases) as the pipeline would see them.

An example lists documents (id, text, date) and, for rules that need
clustered quotes, the renderings of one cluster (doc, quoted words, speaker,
verdict).  :func:`run_example` builds the Documents (and the Cluster), runs
only that rule and returns its findings; for ``extraction`` and ``loading``
rules it runs the stage that emits them (quote extraction, file loading).

Contents
--------
documents_of   an Example -> [Document]
cluster_of     an Example and its Documents -> [Cluster]
run_example    Rule, Example -> [Finding] of that rule
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

import attrs

from xref.load import load, load_text
from xref.model import Cluster, Diff, Document, Finding, Rendering
from xref.rules import Example, Rule, RuleSet


def documents_of(example: Example) -> list[Document]:
    """The example's documents, with their dates."""
    out = []
    for doc_id, text, date in example.docs:
        d = load_text(text, doc_id, f"{doc_id}.txt")
        if date:
            d = attrs.evolve(d, meta=attrs.evolve(d.meta, date=dt.date.fromisoformat(date)))
        out.append(d)
    return out


def cluster_of(example: Example, docs: Sequence[Document]) -> list[Cluster]:
    """One cluster from the example's renderings (each located in its document).

    The first rendering is the reference.  A rendering's ``verdict`` is
    given, or ``"compare"``: then it is judged against the reference by
    :func:`xref.compare.compare`, as the report does (verdict, score and the
    word differences, their offsets in the documents).  ``quoted = false``
    marks unquoted text; a cluster with no quoted rendering is a ``passage``.
    """
    if not example.cluster:
        return []
    by_id = {d.id: d for d in docs}
    rends: list[Rendering] = []
    for i, c in enumerate(example.cluster):
        doc = by_id[c["doc"]]
        words = c["quote"]
        start = doc.text.find(words)
        if start < 0:
            raise ValueError(f"example {example.label!r}: {words!r} not in {doc.id}")
        verdict = c.get("verdict", "exact" if i == 0 else "variant")
        quoted = bool(c.get("quoted", True))
        score = 100.0 if i == 0 else 90.0
        diffs: tuple[Diff, ...] = ()
        if verdict == "compare" and rends:
            from xref.compare import compare

            ref = rends[0]
            cmp = compare(words, ref.text)
            verdict, score = cmp.verdict, cmp.score
            diffs = tuple(
                attrs.evolve(d, a_start=d.a_start + start, a_end=d.a_end + start,
                             b_start=d.b_start + ref.start, b_end=d.b_end + ref.start)
                for d in cmp.diffs
            )  # fmt: skip
        rends.append(
            Rendering(doc.id, start, start + len(words), words, verdict, score,
                      speaker=c.get("speaker"), cue=c.get("cue"), quoted=quoted, diffs=diffs)
        )  # fmt: skip
    kind = "quote" if any(r.quoted for r in rends) else "passage"
    return [Cluster("c1", kind, tuple(rends))]


def run_example(rule: Rule, example: Example, ruleset: RuleSet | None = None) -> list[Finding]:
    """The findings of ``rule`` on ``example``."""
    if rule.kind == "loading":
        return _run_loading(rule, example)
    docs = documents_of(example)
    if rule.kind == "extraction":
        from xref.extract import extract_quotes

        return [f for d in docs for f in extract_quotes(d).findings if f.rule == rule.name]
    from xref.checks import run_checks

    rules = RuleSet({rule.name: rule}) if ruleset is None else ruleset.only(rule.name)
    quotes = []
    if rule.kind == "attribution":
        from xref.extract import extract_quotes

        quotes = [q for d in docs for q in extract_quotes(d).quotes]
    found = run_checks(docs, quotes, cluster_of(example, docs), rules)
    return [f for f in found if f.rule == rule.name]


def _run_loading(rule: Rule, example: Example) -> list[Finding]:
    with tempfile.TemporaryDirectory() as tmp:
        for doc_id, text, _ in example.docs:
            Path(tmp, f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
        loaded = load([tmp])
    return [f for f in loaded.problems if f.rule == rule.name]
