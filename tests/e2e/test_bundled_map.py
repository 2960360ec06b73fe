"""The map with the real bundled layers and plan (SQLite; the PostGIS path is covered by the
synthetic scenario in test_officials_map.py and by the storage tests)."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import LiveServer, screenshot
from tests.e2e.test_officials_map import click_lonlat, drawn, open_map
from webmap.store import Store

BAC_LIEU_WIND = "wind_farms:osm-r14045016"



def test_every_bundled_layer_with_locations_is_drawn(
    bundled: tuple[LiveServer, Store], page: Page
) -> None:
    live, store = bundled
    open_map(page, live.url + "/")
    located = {
        layer.id: layer.located_count
        for layer in store.list_layers()
        if layer.located_count > 0
    }
    assert len(located) >= 10
    assert drawn(page) == located
    unlocated = page.locator("#gm-unlocated").inner_text()
    assert "An Phuc" in unlocated or "An Phúc" in unlocated  # the planned solar + storage project
    screenshot(page, "bundled-map")


def test_bac_lieu_wind_farm_popup_leads_to_its_task(
    bundled: tuple[LiveServer, Store], page: Page
) -> None:
    live, store = bundled
    farm = store.get_feature(BAC_LIEU_WIND)
    assert farm.geometry is not None
    spot = farm.geometry.representative_point()
    open_map(page, f"{live.url}/#map=14/{spot.y:.5f}/{spot.x:.5f}&layers=wind_farms")
    click_lonlat(page, spot.x, spot.y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Nhà máy điện gió Bạc Liêu" in text and "241,2" in text  # vi-VN decimal comma
    assert "ODbL" in text
    screenshot(page, "bundled-wind-farm-popup")
    popup.get_by_role("link", name="8.5").click()
    page.wait_for_url("**/plan/tasks/8.5")
    assert "Nhà máy điện gió Bạc Liêu" in page.locator("main").inner_text()


def test_search_finds_the_planned_chau_hung_site(
    bundled: tuple[LiveServer, Store], page: Page
) -> None:
    live, _ = bundled
    open_map(page, live.url + "/")
    page.locator("#gm-q").fill("chau hung")
    page.locator("#gm-results [role=option]").first.wait_for()
    assert "Khu xử lý rác thải Châu Hưng" in page.locator("#gm-results").inner_text()
