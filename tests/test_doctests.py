"""Every module's doctests run (small pure functions show themselves at work)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import xref

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(xref.__path__, "xref.")
    if not m.name.startswith("xref.rules") and m.name != "xref.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except ImportError as e:  # an optional extra that is not installed
        pytest.skip(f"{name}: {e}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
