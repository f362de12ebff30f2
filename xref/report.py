"""The corpus cross-reference: paths -> Report.

load -> extract quotes -> index -> edges between units -> clusters ->
consistency checks -> findings, all sorted deterministically.

Contents
--------
build_report            paths -> Report
report_documents        Documents already in memory -> Report
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from xref.cache import Corpus, default_jobs, load_corpus
from xref.checks import CHECKS, run_checks
from xref.cluster import build_clusters, units_of
from xref.engine import find_edges_with
from xref.extract import extract_quotes
from xref.heap import paused
from xref.index import CorpusIndex
from xref.load import PathArg
from xref.model import Document, Finding, Quote, Report
from xref.progress import progress_bar
from xref.rules import RuleSet, default_ruleset


@paused()
def report_documents(
    documents: Sequence[Document],
    *,
    problems: Sequence[Finding] = (),
    ruleset: RuleSet | None = None,
    corpus: Corpus | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = False,
    owned: bool = False,
) -> Report:
    """Cross-reference documents held in memory.

    ``corpus`` supplies quotes and index tokens already computed (by
    :func:`xref.cache.load_corpus`); ``jobs``, ``engine`` and ``scheduler``
    choose where edges are found (:func:`xref.engine.find_edges_with`; the
    result does not depend on them); ``progress`` draws bars on stderr (None:
    when stderr is a terminal).  ``owned``: the ``corpus`` is this call's
    own (as :func:`build_report`'s is), so its unit rows are dropped once
    the units are made.

    What only linking needs (the units, the index, the edges) is let go
    before the checks run, which lowers the peak memory of a large report
    (the checks fork a worker and read every document's facts).
    """
    docs = sorted(documents, key=lambda d: d.id)
    quotes: list[Quote] = []
    findings: list[Finding] = list(problems)
    units = {}
    for doc in docs:
        if corpus is not None and doc.id in corpus.quotes:
            doc_quotes, doc_findings = corpus.quotes[doc.id], corpus.findings[doc.id]
        else:
            ex = extract_quotes(doc)
            doc_quotes, doc_findings = ex.quotes, ex.findings
        quotes.extend(doc_quotes)
        findings.extend(doc_findings)
        if corpus is not None and doc.id in corpus.unit_rows:
            units[doc.id] = corpus.units(doc)
        else:
            units[doc.id] = units_of(doc, doc_quotes)
    if owned and corpus is not None and isinstance(corpus.unit_rows, dict):
        corpus.unit_rows.clear()
    # only text found in two places can link documents: the compact index
    index = CorpusIndex.build_shared(docs, corpus.tokens if corpus is not None else None)
    with progress_bar("linking", sum(len(u) for u in units.values()), enabled=progress) as bar:
        edges = find_edges_with(
            units, index, jobs=jobs, engine=engine, scheduler=scheduler, progress=bar
        )
    clusters = build_clusters(edges)
    word_keys = index.token_word_keys()  # views: they keep one array, not the index
    del units, index, edges
    rules = ruleset if ruleset is not None else default_ruleset()
    check_jobs = jobs if engine == "local" else 1
    store = corpus.fact_store() if corpus is not None else None
    findings.extend(run_checks(docs, quotes, clusters, rules, jobs=check_jobs, store=store,
                               word_keys=word_keys))
    findings = _with_severities(findings, rules)
    findings.sort(key=Finding.sort_key)
    return Report(tuple(docs), tuple(clusters), tuple(findings), tuple(quotes))


def _with_severities(findings: Sequence[Finding], rules: RuleSet) -> list[Finding]:
    """Each finding at its rule's configured severity; rules set to ``off``
    (and so their findings) left out."""
    out = []
    for f in findings:
        if f.rule not in rules:
            out.append(f)
            continue
        rule = rules.get(f.rule)
        if not rule.enabled:
            continue
        out.append(f if f.severity == rule.severity else attrs.evolve(f, severity=rule.severity))
    return out


@paused()
def build_report(
    paths: Sequence[PathArg] | PathArg,
    *,
    ruleset: RuleSet | None = None,
    jobs: int | None = 1,
    engine: str = "local",
    scheduler: str | None = None,
    cache_dir: PathArg | None = None,
    progress: bool | None = False,
) -> Report:
    """Load the documents under ``paths`` and cross-reference them.

    Files that cannot be read become ``input-error`` findings; the rest of
    the corpus is still processed (with Python's cyclic garbage collector
    paused: :mod:`xref.heap`).  ``cache_dir``: keep read, extracted and
    tokenized documents in the SQLite cache there (:mod:`xref.cache`; None:
    no cache).  ``jobs``: processes for loading and linking (None: all
    cores).  The report is the same whatever the cache, jobs and engine.
    """
    if isinstance(paths, (str, bytes)) or not isinstance(paths, Sequence):
        paths = [paths]
    n_jobs = default_jobs() if jobs is None else max(1, jobs)
    rules = ruleset if ruleset is not None else default_ruleset()
    with progress_bar("reading", enabled=progress) as bar:
        corpus = load_corpus(
            paths,
            cache_dir=cache_dir,
            use_cache=cache_dir is not None,
            jobs=n_jobs,
            progress=bar,
            on_total=lambda n: setattr(bar, "total", n),
            facts=any(r.enabled and r.kind in CHECKS for r in rules),
        )
    return report_documents(
        corpus.documents, problems=corpus.problems, ruleset=rules, corpus=corpus,
        jobs=n_jobs, engine=engine, scheduler=scheduler, progress=progress, owned=True,
    )
