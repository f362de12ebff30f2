"""Shared fixtures: the sample corpus and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_docs():  # type: ignore[no-untyped-def]
    from xref.load import load

    return {d.id: d for d in load([SEEDS]).documents}
