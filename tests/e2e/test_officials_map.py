"""The officials' map in headless Chromium, on both backends, with the synthetic scenario.

Every test runs against a live server whose only data is ``tests/e2e/scenario.py``
plus the real plan text (so /plan/tasks/<code> exists). Requests to anything but
127.0.0.1 are aborted: OpenStreetMap tiles never load, which is the offline case.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page
from shapely.geometry import Point

from tests.e2e import scenario as sc
from tests.e2e.conftest import LiveServer, local_only_page, screenshot
from tests.factories import synthetic_layer, synthetic_point
from webmap.store import Store
from webmap.web import create_app

READY = "body[data-greenmap-ready]"


@pytest.fixture
def live(store: Store) -> Iterator[LiveServer]:
    sc.load_scenario(store)
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()


def open_map(pg: Page, url: str) -> None:
    pg.goto(url)
    pg.wait_for_selector(READY, timeout=15_000)
    settle(pg)


def settle(pg: Page) -> None:
    """Wait until the latest filter change is fetched and drawn."""
    pg.evaluate("GreenMap.settled()")


def drawn(pg: Page) -> dict[str, int]:
    result: dict[str, int] = pg.evaluate("GreenMap.drawnByLayer()")
    return result


def click_lonlat(pg: Page, lon: float, lat: float) -> None:
    point: dict[str, Any] = pg.evaluate(
        """([lon, lat]) => {
            const p = GreenMap.map.latLngToContainerPoint([lat, lon]);
            const r = GreenMap.map.getContainer().getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        [lon, lat],
    )
    pg.mouse.click(point["x"], point["y"])


def test_every_layer_is_drawn_with_legend_and_unlocated_panel(
    live: LiveServer, page: Page, store: Store
) -> None:
    open_map(page, live.url + "/")
    # The unlocated record is listed, never drawn; the forest layer has no location at all.
    assert drawn(page) == {sc.ENERGY: 3, sc.WASTE: 4, sc.BOUNDARIES: 2}
    approximate = page.evaluate(
        f"GreenMap.app.entries['{sc.WASTE}'].group.getLayers()"
        ".filter(l => l.options.dashArray).length"
    )
    assert approximate == 1  # the district-precision record has the dashed, hollow symbol
    layers = page.locator("#gm-layers").inner_text()
    assert "Năng lượng" in layers and "Chất thải" in layers and "Ranh giới hành chính" in layers
    assert f"Lớp thử {sc.WASTE} (4)" in layers
    assert "Chưa có bản đồ rừng thử nghiệm." in layers
    unlocated = page.locator("#gm-unlocated").inner_text()
    assert "Nhà máy thử chưa có vị trí" in unlocated and "Rừng thử chưa có bản đồ" in unlocated
    assert "rỗng, viền nét đứt" in page.locator(".gm-legend").inner_text()
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "Synthetic waste data" in attribution and "Synthetic energy data" in attribution
    screenshot(page, f"officials-map-{store.backend.name}")


def test_popup_task_link_opens_the_task_page(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/#map=12/9.30000/105.30000")
    click_lonlat(page, 105.30, 9.30)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    text = popup.inner_text()
    assert "Khu xử lý chất thải rắn Châu Hưng" in text
    assert "Trong quy hoạch" in text and "29/05/2024" in text
    assert "300" in text and "Vị trí công trình" in text and "CC0-1.0" in text
    assert popup.locator("a[href$='/sites/synthetic_waste%3Achau-hung']").count() == 1
    screenshot(page, "officials-map-popup")
    popup.get_by_role("link", name="13.3").click()
    page.wait_for_url("**/plan/tasks/13.3")
    assert "13.3" in page.locator("h1").inner_text()


def test_status_filter_changes_markers_and_counts(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    before = page.locator("#gm-summary").inner_text()
    page.locator("#gm-status input[value='operating']").check()
    settle(page)
    # Boundaries are context and stay; one operating site per thematic layer.
    assert drawn(page) == {sc.ENERGY: 1, sc.WASTE: 1, sc.BOUNDARIES: 2}
    assert f"Lớp thử {sc.WASTE} (1)" in page.locator("#gm-layers").inner_text()
    after = page.locator("#gm-summary").inner_text()
    assert after != before and after.startswith("4 dự án phù hợp")
    assert "status=operating" in page.evaluate("location.hash")
    assert page.locator("#gm-unlocated li").count() == 0  # the unlocated record is "proposed"


def test_capacity_range_applies_to_energy_layers(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    page.locator("#gm-cmin").fill("80")
    settle(page)
    assert drawn(page) == {sc.ENERGY: 2, sc.WASTE: 4, sc.BOUNDARIES: 2}
    assert f"Lớp thử {sc.ENERGY} (2)" in page.locator("#gm-layers").inner_text()


def test_search_folds_accents_and_is_keyboard_navigable(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    page.locator("#gm-q").fill("chau hung")
    page.locator("#gm-results [role=option]").first.wait_for()
    results = page.locator("#gm-results").inner_text()
    assert "Khu xử lý chất thải rắn Châu Hưng" in results
    screenshot(page, "officials-map-search")
    page.keyboard.press("ArrowDown")
    assert page.locator("#gm-q").get_attribute("aria-activedescendant") == "gm-opt0"
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Khu xử lý chất thải rắn Châu Hưng" in popup.inner_text()
    # Focus moves into the popup so a keyboard user can read it and follow its links.
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")


def test_search_task_result_opens_the_task_page(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    page.locator("#gm-q").fill("13.3")
    option = page.locator("#gm-results [role=option]", has_text="Nhiệm vụ 13.3")
    option.wait_for()
    option.click()
    page.wait_for_url("**/plan/tasks/13.3")


def test_english_switch_is_remembered(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator("#gm-lang").click()
    page.wait_for_selector("html[lang='en']")
    page.wait_for_selector(READY)
    settle(page)
    assert "Layers" in page.locator("#gm-layers-h").inner_text()
    assert f"Synthetic layer {sc.WASTE}" in page.locator("#gm-layers").inner_text()
    assert "Not yet located" in page.locator("#gm-unlocated-h").inner_text()
    open_map(page, live.url + "/")  # no ?lang=: the cookie keeps English
    assert page.locator("html").get_attribute("lang") == "en"
    assert "matching projects" in page.locator("#gm-summary").inner_text()


def test_shared_url_restores_the_view(live: LiveServer, page: Page, browser: object) -> None:
    open_map(page, live.url + "/")
    page.locator("#gm-status input[value='planned']").check()
    page.locator("#gm-district").select_option("901")
    page.locator(f"#gm-layers input[data-layer='{sc.ENERGY}']").uncheck()
    page.evaluate("GreenMap.map.setView([9.25, 105.4], 12, {animate: false})")
    settle(page)
    shared = page.url
    expected = drawn(page)
    assert expected == {sc.WASTE: 1, sc.BOUNDARIES: 2}

    other = local_only_page(browser)
    try:
        open_map(other, shared)  # type: ignore[arg-type]
        view = other.evaluate(  # type: ignore[attr-defined]
            "[GreenMap.map.getZoom(), GreenMap.map.getCenter().lat, GreenMap.map.getCenter().lng]"
        )
        assert view[0] == 12
        assert view[1] == pytest.approx(9.25, abs=1e-4)
        assert view[2] == pytest.approx(105.4, abs=1e-4)
        assert other.locator("#gm-status input[value='planned']").is_checked()  # type: ignore[attr-defined]
        assert other.locator("#gm-district").input_value() == "901"  # type: ignore[attr-defined]
        energy = other.locator(f"#gm-layers input[data-layer='{sc.ENERGY}']")  # type: ignore[attr-defined]
        assert not energy.is_checked()
        assert drawn(other) == expected  # type: ignore[arg-type]
    finally:
        other.context.close()  # type: ignore[attr-defined]


def test_offline_basemap_is_drawn_when_osm_is_blocked(
    live: LiveServer, page: Page, store: Store
) -> None:
    open_map(page, live.url + "/")
    page.wait_for_selector(".leaflet-container.gm-offline")
    assert page.evaluate("GreenMap.app.basemapFeatures") == 2
    assert page.locator("#gm-notice").is_visible()
    assert page.locator(".leaflet-pane.leaflet-gm-base-pane canvas").count() == 1
    assert "base=offline" in page.evaluate("location.hash")
    assert any("tile.openstreetmap.org" in u for u in page.blocked_requests)  # type: ignore[attr-defined]
    screenshot(page, f"officials-map-offline-{store.backend.name}")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_phone_width_panel_toggles(live: LiveServer, browser: object) -> None:
    pg = local_only_page(browser, 390, 844)
    try:
        open_map(pg, live.url + "/")  # type: ignore[arg-type]
        toggle = pg.locator("#gm-panel-toggle")  # type: ignore[attr-defined]
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not pg.locator("#gm-panel").is_visible()  # type: ignore[attr-defined]
        screenshot(pg, "officials-map-phone")
        toggle.click()
        assert pg.locator("#gm-panel").is_visible()  # type: ignore[attr-defined]
        screenshot(pg, "officials-map-phone-panel")
    finally:
        pg.context.close()  # type: ignore[attr-defined]


def test_site_page_draws_its_small_map(live: LiveServer, page: Page) -> None:
    page.goto(f"{live.url}/sites/{sc.CHAU_HUNG}")
    page.wait_for_selector("#site-map[data-drawn='1']", timeout=15_000)
    assert "Khu xử lý chất thải rắn Châu Hưng" in page.locator("h1").inner_text()
    screenshot(page, "officials-site-page")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_large_point_layer_is_clustered_without_internet(store: Store, page: Page) -> None:
    sc.load_scenario(store, plan=False)
    many = [synthetic_point(i, layer_id="synthetic_points") for i in range(300)]
    for i, record in enumerate(many):
        record.geometry = Point(105.2 + (i % 20) * 0.03, 9.1 + (i // 20) * 0.025)
    store.load_layer(synthetic_layer(), many, checksum="many")
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    try:
        open_map(page, server.url + "/")
        assert drawn(page)["synthetic_points"] == 300
        assert page.locator(".gm-cluster").count() > 0  # clusters are drawn as numbered icons
        screenshot(page, "officials-map-clusters")
    finally:
        server.stop()
