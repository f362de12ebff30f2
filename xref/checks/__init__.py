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

import gc
import multiprocessing
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from xref.checks import arithmetic, attribution, counts, dates, names, numbers
from xref.checks.context import Context
from xref.checks.facts import DocFacts, FactStore
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


#: the kinds that compare related documents (:meth:`Context.related`), and
#: the order to start the rules in on several processes: the longest first
_USES_RELATED = frozenset({"counts", "dates"})
_LONGEST_FIRST = ("names", "counts", "arithmetic", "dates", "attribution", "numbers")
#: the context and rules forked workers run (see _run_rules)
_RUNNING: tuple[Context, Sequence[Rule]] | None = None


def _run_rules(ctx: Context, rules: Sequence[Rule], jobs: int) -> list[list[Finding]]:
    """Each rule's findings, in the order of ``rules``: on ``jobs`` forked
    processes that share the context (the longest rules started first) when
    the corpus is large enough, else one after the other here."""
    global _RUNNING
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        fork = None
    if fork is None or jobs <= 1 or len(rules) < 2 or len(ctx.documents) < _PARALLEL_MIN_DOCS:
        return [CHECKS[r.kind](ctx, r) for r in rules]
    if any(r.kind in _USES_RELATED for r in rules):
        ctx.related_docs("")  # once, before the workers copy the context
    order = sorted(
        range(len(rules)),
        key=lambda i: _LONGEST_FIRST.index(rules[i].kind)
        if rules[i].kind in _LONGEST_FIRST else len(_LONGEST_FIRST),
    )
    _RUNNING = (ctx, rules)
    gc.freeze()  # the workers share the parent's pages until they write
    try:
        with fork.Pool(min(jobs, len(rules))) as pool:
            got = pool.map(_run_rule, order, chunksize=1)
    finally:
        _RUNNING = None
        gc.unfreeze()
    out: list[list[Finding]] = [[] for _ in rules]
    for i, findings in zip(order, got, strict=True):
        out[i] = findings
    return out


def _run_rule(i: int) -> list[Finding]:
    assert _RUNNING is not None
    ctx, rules = _RUNNING
    return CHECKS[rules[i].kind](ctx, rules[i])


#: fewer documents than this are checked in this process (forking costs more)
_PARALLEL_MIN_DOCS = 200

__all__ = ["CHECKS", "run_checks"]
