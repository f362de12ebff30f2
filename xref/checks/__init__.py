"""Consistency checks across and inside sources, driven by the rules in ``rules/``.

Each check kind is a module with ``check(ctx, rule) -> list[Finding]``; every
enabled rule of that kind runs it with the rule's options, so a user's rule
of an existing kind (say a stricter ``counts`` rule) runs the same code with
other data.

Contents
--------
CHECKS        check kind -> check function
run_checks    documents, quotes, clusters[, ruleset] -> sorted findings
start_checks  the rules that read no clusters, started on a worker before
              the clusters are built (run_checks collects them)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

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
    started: Started | None = None,
) -> list[Finding]:
    """Every consistency finding in the corpus, sorted (doc, offset, rule, message).

    ``ruleset`` defaults to the shipped rules; rules whose severity is
    ``off`` do not run.  ``jobs`` processes read the documents' numbers,
    names and dates first (the findings do not depend on it).  ``store``
    (the cache) gives the facts of documents read in an earlier run and
    keeps those of the others; the findings do not depend on it either.
    ``word_keys``: each document's body word keys where already known
    (:meth:`xref.index.CorpusIndex.token_word_keys`), so that they are not
    read again; the findings do not depend on them.  ``started``: the
    rules :func:`start_checks` started for the same documents, quotes, rules
    and store, collected here instead of run again.
    """
    rules = ruleset if ruleset is not None else default_ruleset()
    docs = tuple(sorted(documents, key=lambda d: d.id))  # output must not depend on input order
    ctx = Context(docs, tuple(quotes), tuple(clusters), word_keys=word_keys or {})
    enabled = _enabled(rules)
    if started is not None and started.rules != enabled:
        started.close()
        raise ValueError("run_checks: started with other rules (see start_checks)")
    early = started.indices if started is not None else ()
    stored: Mapping[str, DocFacts] = {}
    if started is not None:
        stored = started.stored
        ctx.seed(stored)
    elif store is not None and enabled:
        stored = store.get([d.id for d in docs])
        ctx.seed(stored)
    rest = [r for i, r in enumerate(enabled) if i not in early]
    if jobs > 1 and rest:
        ctx.prefill(jobs)
    try:
        got_rest = iter(
            _run_rules(ctx, rest, jobs, _APART if started is None else _APART_STARTED)
        )
        got_early = dict(zip(early, started.collect(), strict=True)) if started else {}
    finally:
        if started is not None:
            started.close()
    # in the order of the rules, wherever each ran (see below: which of two
    # equal findings is kept must not depend on it)
    found = [
        f for i in range(len(enabled))
        for f in (got_early[i] if i in got_early else next(got_rest))
    ]
    if store is not None and enabled:
        store.put({d.id: ctx.facts(d) for d in docs if d.id not in stored})
    unique = {(f.rule, f.message, f.locations): f for f in found}
    return sorted(unique.values(), key=lambda f: f.sort_key())


def _enabled(rules: RuleSet) -> list[Rule]:
    return [r for r in rules if CHECKS.get(r.kind) is not None and r.enabled]


#: the kinds that read no clusters (the documents and their facts only):
#: :func:`start_checks` can start them before the clusters are built
_EARLY = frozenset({"arithmetic", "names"})
#: the context and rules the workers of :func:`start_checks` run
_STARTED: tuple[Context, Sequence[Rule]] | None = None


class Started:
    """Rules running on forked workers (:func:`start_checks`) until
    :meth:`collect` (or :meth:`close`)."""

    def __init__(
        self, pool: Any, pending: Any, rules: list[Rule], indices: tuple[int, ...],
        stored: Mapping[str, DocFacts],
    ) -> None:
        self._pool = pool
        self._pending = pending
        #: the enabled rules it was started with
        self.rules = rules
        #: the places of the started rules among the enabled rules
        self.indices = indices
        #: the documents' facts read from the store, for run_checks
        self.stored = stored

    def collect(self) -> list[list[Finding]]:
        """Each started rule's findings, in the order of :attr:`indices`."""
        try:
            got: list[list[Finding]] = self._pending.get()
        finally:
            self.close()
        return got

    def close(self) -> None:
        """Stop the workers (nothing is left to collect after)."""
        global _STARTED
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            _STARTED = None


def start_checks(
    documents: Sequence[Document],
    quotes: Sequence[Quote],
    ruleset: RuleSet | None = None,
    *,
    jobs: int = 1,
    store: FactStore | None = None,
) -> Started | None:
    """Start the enabled rules whose kinds read no clusters (names,
    arithmetic) on a forked worker, so that they run while this process
    builds the clusters; give the handle to :func:`run_checks`, which
    collects them.  None (nothing started: run_checks runs every rule)
    with one job, on a small corpus, where processes cannot be forked or
    when no such rule is enabled.  The findings are the same either way.
    """
    global _STARTED
    rules = ruleset if ruleset is not None else default_ruleset()
    enabled = _enabled(rules)
    indices = tuple(i for i, r in enumerate(enabled) if r.kind in _EARLY)
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        return None
    if jobs <= 1 or not indices or len(documents) < _PARALLEL_MIN_DOCS or _STARTED is not None:
        return None
    docs = tuple(sorted(documents, key=lambda d: d.id))
    ctx = Context(docs, tuple(quotes))  # no clusters: the early kinds do not read them
    stored: Mapping[str, DocFacts] = {}
    if store is not None:
        stored = store.get([d.id for d in docs])
        ctx.seed(stored)
    _STARTED = (ctx, enabled)
    try:
        # the workers share this process's pages until they write
        with frozen():
            pool = fork.Pool(min(jobs - 1, len(indices)))
        pending = pool.map_async(_run_started, indices, chunksize=1)
    except BaseException:
        _STARTED = None
        raise
    return Started(pool, pending, enabled, indices, stored)


def _run_started(i: int) -> list[Finding]:
    assert _STARTED is not None
    ctx, rules = _STARTED
    return CHECKS[rules[i].kind](ctx, rules[i])


#: the kinds run apart, on forked workers, while this process runs the
#: others: they read few objects of the shared context (the names check
#: reads the name columns and the texts), so a worker copies little of it
_APART = frozenset({"names"})
#: the kinds run apart when the names and arithmetic rules were started
#: early (:func:`start_checks`): the dates check, which reads the related
#: documents that the counts check (run here) reads too
_APART_STARTED = frozenset({"dates"})
#: the kinds that read which documents are related (Context.related)
_RELATING = frozenset({"counts", "dates"})
#: the context and rules forked workers run (see _run_rules)
_RUNNING: tuple[Context, Sequence[Rule]] | None = None


def _run_rules(
    ctx: Context, rules: Sequence[Rule], jobs: int, apart_kinds: frozenset[str] = _APART
) -> list[list[Finding]]:
    """Each rule's findings, in the order of ``rules``.  With ``jobs`` > 1 on
    a large corpus, the rules of the kinds in ``apart_kinds`` run on forked
    workers (which share the context, its related documents found first)
    while this process runs the others; else all run here, one after the
    other."""
    global _RUNNING
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        fork = None
    apart = [i for i, r in enumerate(rules) if r.kind in apart_kinds]
    if (
        fork is None or jobs <= 1 or not apart or len(apart) == len(rules)
        or len(ctx.documents) < _PARALLEL_MIN_DOCS
    ):
        return [CHECKS[r.kind](ctx, r) for r in rules]
    out: list[list[Finding]] = [[] for _ in rules]
    if any(r.kind in _RELATING for r in rules):
        ctx.relate()  # once, before forking, not in each process
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

__all__ = ["CHECKS", "Started", "run_checks", "start_checks"]
