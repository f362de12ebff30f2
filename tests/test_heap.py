"""xref.heap: frozen blocks nest, and only the outermost gives objects back."""

from __future__ import annotations

import gc

from xref.heap import depth, frozen


def test_inner_block_keeps_the_outer_objects_frozen() -> None:
    before = gc.get_freeze_count()
    held = [object() for _ in range(1000)]
    with frozen():
        outer = gc.get_freeze_count()
        assert outer >= before + len(held)
        more = [[i] for i in range(1000)]
        with frozen():
            assert gc.get_freeze_count() >= outer + len(more)
        # the inner block's end leaves everything frozen
        assert gc.get_freeze_count() >= outer + len(more)
        assert depth() == 1
    assert depth() == 0
    assert gc.get_freeze_count() == 0


def test_an_error_inside_still_unfreezes() -> None:
    try:
        with frozen():
            raise ValueError("boom")
    except ValueError:
        pass
    assert depth() == 0 and gc.get_freeze_count() == 0
