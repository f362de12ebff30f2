"""Keeping Python's cyclic garbage collector off the objects a run holds.

A cross-reference holds millions of long-lived objects (units, index
tables, facts) and makes millions more.  Each full collection walks all of
them, and the number of full collections grows with the number of objects
made, so their cost grows faster than the corpus: 3.5 s of a 26 s report
of 10,000 documents, 10.6 s of an 89 s report of 20,000 (development
measurements).  The pipeline makes next to no reference cycles (the peak
memory of a 10,000-document report is the same, 1,118 MB, with the
collector on and off), so :func:`paused` switches the collector off for the
length of a run, and back on after.

:func:`frozen` serves forked workers: the objects that exist are moved out
of the collector's reach (:func:`gc.freeze`), so a worker whose collector
runs does not write to (and so copy) the pages it shares with its parent.
Nesting is allowed: an inner block freezes what was made since, and only
the outermost block's end gives the objects back to the collector (an inner
``gc.unfreeze`` would unfreeze the outer block's objects too).

>>> with frozen():
...     with frozen():
...         depth()
2
>>> depth()
0
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_DEPTH = 0


def depth() -> int:
    """How many :func:`frozen` blocks are open."""
    return _DEPTH


@contextmanager
def frozen() -> Iterator[None]:
    """Freeze the objects that exist now until the outermost block ends."""
    global _DEPTH
    gc.freeze()
    _DEPTH += 1
    try:
        yield
    finally:
        _DEPTH -= 1
        if _DEPTH == 0:
            gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """The cyclic garbage collector off inside the block (as it was after).

    >>> with paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


__all__ = ["depth", "frozen", "paused"]
