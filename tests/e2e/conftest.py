"""Browser tests: a live server on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from werkzeug.serving import make_server

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_path() -> str:
    for candidate in (
        os.environ.get("GREENMAP_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    message = "Chromium not found (install Debian's chromium, or run `make test`, which does)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class LiveServer:
    """A WSGI app (a Flask app, or middleware around one) served by werkzeug in a thread."""

    def __init__(self, app: WSGIApplication) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def local_only_page(browser: object, width: int = 1280, height: int = 800) -> object:
    """A page in a new context where every request not to 127.0.0.1 is aborted and recorded."""
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    pg = context.new_page()
    blocked: list[str] = []

    def only_local(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith("http://127.0.0.1"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    pg.route("**/*", only_local)
    pg.blocked_requests = blocked  # type: ignore[attr-defined]
    return pg


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    pg = local_only_page(browser)
    yield pg
    pg.context.close()  # type: ignore[attr-defined]


def screenshot(pg: object, name: str) -> Path:
    """Save a screenshot as a test artefact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path


@pytest.fixture(scope="session")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, object]]:
    """The plan and every bundled layer in one SQLite database, served once for the session.

    Read-only for the tests that use it (the real data; the PostGIS path is covered by the
    synthetic scenario and the storage tests).
    """
    from webmap.core.ingest import load_one, select_specs
    from webmap.core.plan import load_plan_into
    from webmap.store import Store
    from webmap.web import create_app

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('bundled') / 'greenmap.sqlite'}")
    store.upgrade()
    load_plan_into(store)
    for spec in select_specs([]):
        load_one(store, spec)
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server, store
    server.stop()
    store.dispose()
