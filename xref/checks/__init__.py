"""Consistency checks across and inside sources, driven by the rules in ``rules/``.

Each check kind is a module with ``check(ctx, rule) -> list[Finding]``; every
enabled rule of that kind runs it with the rule's options, so a user's rule
of an existing kind (say a stricter ``counts`` rule) runs the same code with
other data.

Contents
--------
CHECKS      check kind -> check function
run_checks  documents, quotes, clusters[, ruleset] -> sorted findings
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from xref.checks import arithmetic, attribution, counts, dates, names, numbers
from xref.checks.context import Context
from xref.checks.facts import DocFacts, FactStore
from xref.heap import frozen
from xref.model import Cluster, Document, Finding, Quote
from xref.rules import Rule, RuleSet, default_ruleset

Check = Callable[[Context, Rule], list[Finding]]

#: check kind -> function; ``extraction`` and ``loading`` rules are emitted elsewhere
CHECKS: dict[str, Check] = {
    "arithmetic": arithmetic.check,
    "attribution": attribution.check,
    "counts": counts.check,
    "dates": dates.check,
    "names": names.check,
    "numbers": numbers.check,
}


def run_checks(
    documents: Sequence[Document],
    quotes: Sequence[Quote],
    clusters: Sequence[Cluster],
    ruleset: RuleSet | None = None,
    *,
    jobs: int = 1,
    store: FactStore | None = None,
    word_keys: Mapping[str, npt.NDArray[np.int64]] | None = None,
) -> list[Finding]:
    """Every consistency finding in the corpus, sorted (doc, offset, rule, message).

    ``ruleset`` defaults to the shipped rules; rules whose severity is
    ``off`` do not run.  ``jobs`` processes read the documents' numbers,
    names and dates first (the findings do not depend on it).  ``store``
    (the cache) gives the facts of documents read in an earlier run and
    keeps those of the others; the findings do not depend on it either.
    ``word_keys``: each document's body word keys where already known
    (:meth:`xref.index.CorpusIndex.token_word_keys`), so that they are not
    read again; the findings do not depend on them.
    """
    rules = ruleset if ruleset is not None else default_ruleset()
    docs = tuple(sorted(documents, key=lambda d: d.id))  # output must not depend on input order
    ctx = Context(docs, tuple(quotes), tuple(clusters), word_keys=word_keys or {})
    enabled = [r for r in rules if CHECKS.get(r.kind) is not None and r.enabled]
    stored: Mapping[str, DocFacts] = {}
    if store is not None and enabled:
        stored = store.get([d.id for d in docs])
        ctx.seed(stored)
    if jobs > 1 and enabled:
        ctx.prefill(jobs)
    found = [f for got in _run_rules(ctx, enabled, jobs) for f in got]
    if store is not None and enabled:
        store.put({d.id: ctx.facts(d) for d in docs if d.id not in stored})
    unique = {(f.rule, f.message, f.locations): f for f in found}
    return sorted(unique.values(), key=lambda f: f.sort_key())


#: the kinds run apart, on forked workers, while this process runs the
#: others: they read few objects of the shared context (the names check
#: reads the name columns and the texts), so a worker copies little of it
_APART = frozenset({"names"})
#: the context and rules forked workers run (see _run_rules)
_RUNNING: tuple[Context, Sequence[Rule]] | None = None


def _run_rules(ctx: Context, rules: Sequence[Rule], jobs: int) -> list[list[Finding]]:
    """Each rule's findings, in the order of ``rules``.  With ``jobs`` > 1 on
    a large corpus, the rules of the kinds in ``_APART`` run on forked
    workers (which share the context) while this process runs the others;
    else all run here, one after the other."""
    global _RUNNING
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        fork = None
    apart = [i for i, r in enumerate(rules) if r.kind in _APART]
    if (
        fork is None or jobs <= 1 or not apart or len(apart) == len(rules)
        or len(ctx.documents) < _PARALLEL_MIN_DOCS
    ):
        return [CHECKS[r.kind](ctx, r) for r in rules]
    out: list[list[Finding]] = [[] for _ in rules]
    _RUNNING = (ctx, rules)
    try:
        # the workers share the parent's pages until they write
        with frozen(), fork.Pool(min(jobs - 1, len(apart))) as pool:
            pending = pool.map_async(_run_rule, apart, chunksize=1)
            for i, rule in enumerate(rules):
                if i not in apart:
                    out[i] = CHECKS[rule.kind](ctx, rule)
            for i, findings in zip(apart, pending.get(), strict=True):
                out[i] = findings
    finally:
        _RUNNING = None
    return out


def _run_rule(i: int) -> list[Finding]:
    assert _RUNNING is not None
    ctx, rules = _RUNNING
    return CHECKS[rules[i].kind](ctx, rules[i])


#: fewer documents than this are checked in this process (forking costs more)
_PARALLEL_MIN_DOCS = 200

__all__ = ["CHECKS", "run_checks"]
