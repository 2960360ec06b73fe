"""Fixtures of the core tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from webmap.core.plan import load_plan_into
from webmap.store import Store


@pytest.fixture
def plan_db(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store with the bundled plan (for tests that need only one backend)."""
    store = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    store.upgrade()
    load_plan_into(store)
    yield store
    store.dispose()
