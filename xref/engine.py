"""Engines for the edge-finding step: in this process, on local cores, on dask.

Finding edges (every unit asks the index for candidates, candidates are
compared) is most of the work of a corpus cross-reference, and it splits by
document: :func:`xref.cluster.find_edges` with ``only_docs`` computes the
edges a chunk of documents asks for, and :func:`xref.cluster.merge_edges`
merges chunks into one sorted list.  The result is the same — edge for
edge, in the same order — whatever the engine and the number of workers.

- ``local`` with ``jobs=1``: in this process.
- ``local`` with ``jobs=N``: a ProcessPoolExecutor of N processes.  On
  platforms with ``fork`` the workers inherit the units and the index
  without copying; elsewhere each worker receives them once.
- ``dask``: dask.distributed — a LocalCluster of ``jobs`` worker processes
  by default, or the scheduler at ``scheduler`` (``tcp://host:8786``).  The
  units and the index are scattered to every worker once; each task is one
  chunk of documents.  Same code path on a laptop and on a cluster.  Needs
  the optional extra: ``pip install 'xref[dask]'``.

Contents
--------
ENGINES             the engine names
chunk_docs          document ids -> balanced chunks (by number of units)
edges_for_chunk     the work of one chunk (what a worker runs)
find_edges_with     units + index -> edges, on the chosen engine
require_dask        import dask.distributed or raise XrefError naming the extra
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from xref.cluster import Edge, Prepared, Unit, find_edges, merge_edges, prepare
from xref.errors import XrefError
from xref.index import CorpusIndex

ENGINES: tuple[str, ...] = ("local", "dask")

UnitsByDoc = Mapping[str, Sequence[Unit]]

#: the units and index a forked or initialized worker uses
_STATE: dict[str, Any] = {}


def chunk_docs(units_by_doc: UnitsByDoc, n_chunks: int) -> list[list[str]]:
    """Document ids in about ``n_chunks`` chunks of similar numbers of units,
    each chunk in id order, the chunks in order of their first id.

    >>> chunk_docs({"a": [1] * 5, "b": [1], "c": [1] * 4, "d": []}, 2)
    [['a'], ['b', 'c'], ['d']]
    """
    ids = sorted(units_by_doc)
    if n_chunks <= 1 or len(ids) <= 1:
        return [ids] if ids else []
    total = sum(len(units_by_doc[d]) for d in ids) or len(ids)
    per = max(1, total // n_chunks)
    chunks: list[list[str]] = [[]]
    size = 0
    for d in ids:
        if size >= per and chunks[-1]:
            chunks.append([])
            size = 0
        chunks[-1].append(d)
        size += max(1, len(units_by_doc[d]))
    return chunks


def edges_for_chunk(
    units_by_doc: UnitsByDoc,
    index: CorpusIndex,
    docs: Sequence[str],
    prepared: Prepared | None = None,
) -> list[Edge]:
    """The edges the units of ``docs`` find (what one worker computes)."""
    return find_edges(
        dict(units_by_doc), index, only_docs=docs, prepared=prepared  # type: ignore[arg-type]
    )


def _init_worker(units_by_doc: UnitsByDoc, index: CorpusIndex, prepared: Prepared) -> None:
    _STATE["units"] = units_by_doc
    _STATE["index"] = index
    _STATE["prepared"] = prepared


def _state_chunk(docs: Sequence[str]) -> list[Edge]:
    return edges_for_chunk(_STATE["units"], _STATE["index"], docs, _STATE["prepared"])


def _local(
    units_by_doc: UnitsByDoc,
    index: CorpusIndex,
    chunks: list[list[str]],
    jobs: int,
    progress: Callable[[int], None] | None,
) -> list[list[Edge]]:
    methods = multiprocessing.get_all_start_methods()
    prepared = prepare(dict(units_by_doc), index)  # type: ignore[arg-type]
    if "fork" in methods:
        # the workers inherit the state: nothing is copied to them
        _init_worker(units_by_doc, index, prepared)
        ctx = multiprocessing.get_context("fork")
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx)
    else:  # pragma: no cover - spawn-only platforms
        pool = ProcessPoolExecutor(
            max_workers=jobs, initializer=_init_worker, initargs=(units_by_doc, index, prepared)
        )
    try:
        with pool:
            futures = [pool.submit(_state_chunk, c) for c in chunks]
            out: list[list[Edge]] = []
            for c, fut in zip(chunks, futures, strict=True):
                out.append(fut.result())
                if progress:
                    progress(sum(len(units_by_doc[d]) for d in c))
            return out
    finally:
        _STATE.clear()


def require_dask() -> Any:
    """The ``distributed`` module, or XrefError naming the extra to install."""
    try:
        import distributed
    except ImportError:
        raise XrefError(
            "--engine dask needs dask.distributed: pip install 'xref[dask]'"
        ) from None
    return distributed


def _dask_chunk(
    state: tuple[UnitsByDoc, CorpusIndex, Prepared], docs: Sequence[str]
) -> list[Edge]:
    units_by_doc, index, prepared = state
    return edges_for_chunk(units_by_doc, index, docs, prepared)


def _dask(
    units_by_doc: UnitsByDoc,
    index: CorpusIndex,
    chunks: list[list[str]],
    jobs: int,
    scheduler: str | None,
    progress: Callable[[int], None] | None,
) -> list[list[Edge]]:
    distributed = require_dask()
    cluster = None
    try:
        if scheduler:
            client = distributed.Client(scheduler, timeout="20s")
        else:
            cluster = distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = distributed.Client(cluster)
    except (OSError, TimeoutError, ValueError) as e:
        if cluster is not None:
            cluster.close()
        where = scheduler or "a local cluster"
        raise XrefError(f"cannot connect to the dask scheduler at {where}: {e}") from None
    try:
        prepared = prepare(dict(units_by_doc), index)  # type: ignore[arg-type]
        [state] = client.scatter([(dict(units_by_doc), index, prepared)], broadcast=True)
        futures = [client.submit(_dask_chunk, state, c, pure=False) for c in chunks]
        by_future = {f.key: i for i, f in enumerate(futures)}
        results: list[list[Edge] | None] = [None] * len(chunks)
        for fut in distributed.as_completed(futures):
            i = by_future[fut.key]
            results[i] = fut.result()
            if progress:
                progress(sum(len(units_by_doc[d]) for d in chunks[i]))
        return [r or [] for r in results]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def find_edges_with(
    units_by_doc: UnitsByDoc,
    index: CorpusIndex,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Edge]:
    """Edges between units of different documents, on the chosen engine.

    The same edges in the same order as ``find_edges(units_by_doc, index)``.
    Raises XrefError for an unknown engine, a missing dask extra or an
    unreachable scheduler.
    """
    if engine not in ENGINES:
        raise XrefError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    jobs = max(1, jobs)
    if engine == "local" and (jobs == 1 or len(units_by_doc) < 2):
        return find_edges(dict(units_by_doc), index, progress=progress)  # type: ignore[arg-type]
    # several chunks per worker, so a slow chunk does not hold the others up
    chunks = chunk_docs(units_by_doc, jobs * 8 if engine == "local" else jobs * 4)
    if engine == "dask":
        parts = _dask(units_by_doc, index, chunks, jobs, scheduler, progress)
    else:
        parts = _local(units_by_doc, index, chunks, jobs, progress)
    return merge_edges(parts)
