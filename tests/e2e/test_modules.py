"""The map page's ES modules in headless Chromium: they load without errors and every
URL they use comes from the page config, so the app also works under a URL prefix."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import ConsoleMessage, Page, Response
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from tests.e2e import scenario as sc
from tests.e2e.conftest import LiveServer, screenshot
from tests.e2e.test_officials_map import click_lonlat, drawn, open_map
from webmap.store import Store
from webmap.web import create_app

PREFIX = "/greenmap"
JS = Path(__file__).resolve().parents[2] / "static" / "js"


@pytest.fixture
def live(store: Store) -> Iterator[LiveServer]:
    sc.load_scenario(store)
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()


@pytest.fixture
def prefixed(store: Store) -> Iterator[LiveServer]:
    """The app mounted under /greenmap; anything outside the prefix is a 404."""
    sc.load_scenario(store)
    app = DispatcherMiddleware(NotFound(), {PREFIX: create_app({"DATABASE_URL": store.url})})
    server = LiveServer(app)
    yield server
    server.stop()


def record(pg: Page) -> tuple[list[str], list[str], list[str]]:
    """Console errors, failed local responses and every local URL the page asks for."""
    errors: list[str] = []
    failed: list[str] = []
    requested: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        # Blocked OpenStreetMap tiles are the offline case, not an error of ours.
        if message.type == "error" and "ERR_FAILED" not in message.text:
            errors.append(message.text)

    def on_response(response: Response) -> None:
        if response.url.startswith("http://127.0.0.1"):
            requested.append(response.url)
            if response.status >= 400:
                failed.append(f"{response.status} {response.url}")

    pg.on("console", on_console)
    pg.on("pageerror", lambda error: errors.append(str(error)))
    pg.on("response", on_response)
    return errors, failed, requested


def test_every_module_loads_without_console_errors(live: LiveServer, page: Page) -> None:
    errors, failed, requested = record(page)
    open_map(page, live.url + "/")
    assert drawn(page) == {sc.ENERGY: 3, sc.WASTE: 4, sc.BOUNDARIES: 2}
    page.locator("#gm-q").fill("chau hung")
    page.locator("#gm-results [role=option]").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content").wait_for()
    scripts = {urlparse(url).path for url in requested if url.endswith(".js")}
    wanted = {f"/static/js/{path.name}" for path in JS.glob("*.js")} - {"/static/js/minimap.js"}
    assert wanted <= scripts, f"not loaded: {sorted(wanted - scripts)}"
    assert errors == [] and failed == []


def test_map_works_under_a_url_prefix(prefixed: LiveServer, page: Page) -> None:
    errors, failed, requested = record(page)
    open_map(page, f"{prefixed.url}{PREFIX}/#map=12/9.30000/105.30000")
    assert drawn(page) == {sc.ENERGY: 3, sc.WASTE: 4, sc.BOUNDARIES: 2}
    assert "Nhà máy thử chưa có vị trí" in page.locator("#gm-unlocated").inner_text()
    assert page.locator("#gm-task option").count() > 1  # the plan came from the prefixed API
    click_lonlat(page, 105.30, 9.30)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    more = popup.locator("a.gm-more").get_attribute("href")
    assert more == f"{PREFIX}/sites/synthetic_waste%3Achau-hung"
    task = popup.get_by_role("link", name="13.3").get_attribute("href")
    assert task == f"{PREFIX}/plan/tasks/13.3"
    screenshot(page, "map-under-prefix")
    assert errors == [] and failed == []
    assert all(urlparse(url).path.startswith(PREFIX + "/") for url in requested), requested
    page.locator("#gm-q").fill("13.3")
    option = page.locator("#gm-results [role=option]", has_text="Nhiệm vụ 13.3")
    option.click()
    page.wait_for_url(f"**{PREFIX}/plan/tasks/13.3")
    page.wait_for_selector("#task-map[data-drawn]", timeout=15_000)
    assert errors == [] and failed == []
