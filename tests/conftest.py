"""Shared fixtures: one storage fixture parametrized over SQLite and PostGIS."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.postgis import PostGISUnavailable, admin_engine, start_server
from webmap.store import Store

TEMPLATE = "greenmap_template"
_counter = itertools.count()


@pytest.fixture(scope="session")
def postgis_admin_url() -> Iterator[str]:
    """URL of a maintenance database on a PostGIS server for this session."""
    external = os.environ.get("GREENMAP_TEST_POSTGIS_URL")
    if external:
        yield external
        return
    try:
        server = start_server()
    except PostGISUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostGIS is required in CI: {exc}")
        pytest.skip(f"PostGIS not available: {exc}")
    try:
        yield server.url("postgres")
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgis_template(postgis_admin_url: str) -> str:
    """A database migrated to head, cloned for every test (CREATE DATABASE … TEMPLATE)."""
    admin = admin_engine(postgis_admin_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        conn.exec_driver_sql(f"CREATE DATABASE {TEMPLATE}")
    url = sa.engine.make_url(postgis_admin_url).set(database=TEMPLATE)
    store = Store(url.render_as_string(hide_password=False))
    store.upgrade()
    store.dispose()
    return TEMPLATE


def new_postgis_url(admin_url: str, template: str | None) -> str:
    """Create a fresh database (from ``template`` when given) and return its URL."""
    name = f"greenmap_t{os.getpid()}_{next(_counter)}"
    with admin_engine(admin_url).connect() as conn:
        suffix = f" TEMPLATE {template}" if template else ""
        conn.exec_driver_sql(f"CREATE DATABASE {name}{suffix}")
    return sa.engine.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgis"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty-but-migrated database URL on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'greenmap.sqlite'}"
        Store(url).upgrade()
        return url
    admin = request.getfixturevalue("postgis_admin_url")
    return new_postgis_url(admin, request.getfixturevalue("postgis_template"))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A :class:`Store` on a fresh database, parametrized over sqlite and postgis."""
    s = Store(database_url)
    yield s
    s.dispose()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show how many tests passed on each storage backend."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            for backend in ("sqlite", "postgis"):
                if f"[{backend}" in nodeid or f"-{backend}]" in nodeid or f"-{backend}-" in nodeid:
                    counts.setdefault(backend, {}).setdefault(outcome, 0)
                    counts[backend][outcome] += 1
    if counts:
        terminalreporter.section("storage backends")
        for backend, by_outcome in sorted(counts.items()):
            parts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(by_outcome.items()))
            terminalreporter.write_line(f"{backend}: {parts}")


@pytest.fixture(scope="session", autouse=True)
def _data_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Rasters and uploads of the whole session go to a throwaway GREENMAP_DATA_PATH."""
    saved = os.environ.get("GREENMAP_DATA_PATH")
    os.environ["GREENMAP_DATA_PATH"] = str(tmp_path_factory.mktemp("data"))
    yield
    if saved is None:
        os.environ.pop("GREENMAP_DATA_PATH", None)
    else:
        os.environ["GREENMAP_DATA_PATH"] = saved
