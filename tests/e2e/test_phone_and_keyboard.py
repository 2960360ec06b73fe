"""Phones, keyboard, print and honest service areas, in headless Chromium on both backends.

The live server holds the synthetic scenario of ``tests/e2e/scenario.py`` and two more
SYNTHETIC layers: a service area (the districts a made-up site serves; drawn hatched, never
taking a click) and a layer whose record has very long unbroken words and addresses, the
kind that used to push pages sideways on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page
from shapely.geometry import Point, box

from tests.e2e import scenario as sc
from tests.e2e.conftest import LiveServer, local_only_page, screenshot
from tests.e2e.test_officials_map import click_lonlat, open_map, settle
from webmap.domain import Feature, Layer, StatusEvent
from webmap.store import Store
from webmap.web import create_app

SERVICE = "synthetic_service"
SERVICE_AREA = f"{SERVICE}:west-cluster"
SERVICE_NAME = "Khu xử lý thử cụm Tây"
SERVICE_NOTE = "Chưa có vị trí của khu xử lý thử."
LONG = "synthetic_long_words"
LONG_KEY = f"{LONG}:long"
LONG_WORD = "Khuxulychatthairansinhhoatthunghiem" * 4
LONG_URL = "https://example.org/synthetic/" + "duong-dan-rat-dai-" * 12 + "end"

DESKTOP = (1400, 900)
PHONE = (390, 844)
SIZES = [DESKTOP, PHONE]

#: The service area lies east of the scenario's features; a spot inside it with nothing else.
AREA = box(105.85, 9.10, 106.15, 9.50)
INSIDE_AREA = (105.90, 9.46)


def _layer(layer_id: str, theme: str, geometry_type: str, **extra: Any) -> Layer:
    return Layer(
        id=layer_id,
        title_vi=f"Lớp thử {layer_id}",
        title_en=f"Synthetic layer {layer_id}",
        theme=theme,
        geometry_type=geometry_type,
        source=sc.SOURCE,
        licence="CC0-1.0",
        attribution=f"Synthetic {layer_id} data",
        **extra,
    )


def _status() -> list[StatusEvent]:
    return [StatusEvent("investment_call", date(2024, 5, 29), sc.SOURCE)]


def load_extra_layers(store: Store) -> None:
    """A service-area layer (only service areas are located) and a layer of long words."""
    area = Feature(
        key=SERVICE_AREA, layer_id=SERVICE, name_vi=SERVICE_NAME, geometry=AREA,
        precision="service_area", precision_note="Synthetic: the districts the site serves.",
        source=sc.SOURCE, licence="CC0-1.0", tasks=["13.3"], status_history=_status(),
    )  # fmt: skip
    missing = {"missing_data_vi": SERVICE_NOTE, "missing_data_en": "No synthetic site location."}
    store.load_layer(
        _layer(SERVICE, "waste", "Polygon", style={"color": "#8c510a"}, sort_order=30, **missing),
        [area],
        checksum="sa",
    )
    long = Feature(
        key=LONG_KEY, layer_id=LONG, name_vi=f"Trạm thử {LONG_WORD}", geometry=Point(105.50, 9.45),
        precision="site", source=f"{sc.SOURCE} {LONG_URL}", licence="CC0-1.0", tasks=["13.3"],
        status_history=_status(), properties={"remarks": f"{LONG_WORD} {LONG_URL}"},
    )  # fmt: skip
    store.load_layer(
        _layer(LONG, "water", "Point", style={"color": "#0570b0"}, popup_fields=["remarks"]),
        [long],
        checksum="lw",
    )


@pytest.fixture
def live(store: Store) -> Iterator[LiveServer]:
    sc.load_scenario(store)
    load_extra_layers(store)
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()


@pytest.fixture
def phone(browser: object) -> Iterator[Page]:
    pg: Page = local_only_page(browser, *PHONE)  # type: ignore[assignment]
    yield pg
    pg.context.close()


def rect(pg: Page, selector: str) -> dict[str, float]:
    box_: dict[str, float] = pg.evaluate(
        "(s) => document.querySelector(s).getBoundingClientRect().toJSON()", selector
    )
    return box_


def settled_popup(pg: Page) -> dict[str, float]:
    """The open popup's box once it has stopped moving (Leaflet pans the map to show it)."""
    pg.locator(".leaflet-popup-content").wait_for()
    box_: dict[str, float] = pg.evaluate(
        """() => new Promise((resolve) => {
            let last = "", still = 0;
            const tick = () => {
                const now = JSON.stringify(
                    document.querySelector(".leaflet-popup").getBoundingClientRect());
                still = now === last ? still + 1 : 0;
                last = now;
                if (still >= 10) { resolve(JSON.parse(now)); } else { requestAnimationFrame(tick); }
            };
            tick();
        })"""
    )
    return box_


def assert_inside_viewport(pg: Page, box_: dict[str, float]) -> None:
    width, height = pg.evaluate("[innerWidth, innerHeight]")
    assert box_["left"] >= 0 and box_["top"] >= 0, box_
    assert box_["right"] <= width and box_["bottom"] <= height, (box_, width, height)


def assert_clear_of_map_buttons(pg: Page, box_: dict[str, float]) -> None:
    controls: list[dict[str, float]] = pg.evaluate(
        """() => Array.from(document.querySelectorAll(".leaflet-control"))
            .filter((c) => c.offsetWidth > 0)
            .map((c) => c.getBoundingClientRect().toJSON())"""
    )
    assert controls, "the map has its buttons"
    for c in controls:
        apart = (
            c["right"] <= box_["left"] or c["left"] >= box_["right"]
            or c["bottom"] <= box_["top"] or c["top"] >= box_["bottom"]
        )  # fmt: skip
        assert apart, f"popup {box_} overlaps a map control {c}"


def assert_uncovered(pg: Page, box_: dict[str, float]) -> None:
    """What the user sees at the popup's centre and corners is the popup itself."""
    inset = 12
    points = [
        ((box_["left"] + box_["right"]) / 2, (box_["top"] + box_["bottom"]) / 2),
        (box_["left"] + inset, box_["top"] + inset),
        (box_["right"] - inset, box_["top"] + inset),
    ]
    for x, y in points:
        on_top = pg.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.leaflet-popup')", [x, y]
        )
        assert on_top, f"something covers the popup at ({x:.0f}, {y:.0f})"


# -- no page scrolls sideways ----------------------------------------------------------------


#: Every kind of page; /projects only where the project table exists.
PAGES = [
    "/",
    f"/sites/{sc.CHAU_HUNG}",
    f"/sites/{LONG_KEY}",
    "/plan/tasks/13.3",
    "/plan",
    "/plan/targets",
    "/projects",
]


@pytest.mark.parametrize("size", SIZES, ids=["desktop", "phone"])
def test_no_page_scrolls_sideways(live: LiveServer, browser: object, size: tuple[int, int]) -> None:
    pg: Page = local_only_page(browser, *size)  # type: ignore[assignment]
    checked, too_wide = [], []
    try:
        for path in PAGES:
            response = pg.goto(live.url + path)
            assert response is not None
            if path == "/projects" and response.status == 404:
                continue  # the project table is not part of this build
            assert response.status == 200, path
            if path == "/":
                pg.wait_for_selector("body[data-greenmap-ready]", timeout=15_000)
                settle(pg)
            widths = pg.evaluate("[document.documentElement.scrollWidth, innerWidth]")
            checked.append(path)
            if widths[0] > widths[1]:
                too_wide.append(f"{path}: {widths[0]} px wide in a {widths[1]} px window")
        assert {"/", "/plan", "/plan/tasks/13.3", f"/sites/{LONG_KEY}"} <= set(checked)
        assert too_wide == []
        if size == PHONE:
            pg.goto(f"{live.url}/sites/{LONG_KEY}")
            screenshot(pg, "phone-long-words-site")
    finally:
        pg.context.close()


# -- popups on a phone -------------------------------------------------------------------------


def test_phone_popup_fits_the_screen_clear_of_the_buttons(live: LiveServer, phone: Page) -> None:
    open_map(phone, f"{live.url}/#map=12/9.45000/105.50000")
    click_lonlat(phone, 105.50, 9.45)
    box_ = settled_popup(phone)
    assert LONG_WORD[:30] in phone.locator(".leaflet-popup-content").inner_text()
    assert_inside_viewport(phone, box_)
    assert_clear_of_map_buttons(phone, box_)
    screenshot(phone, "phone-popup")
    # However long a popup is, it scrolls inside itself and still fits.
    phone.evaluate("GreenMap.map.closePopup()")
    phone.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 0")
    phone.evaluate(
        """() => L.popup({ maxWidth: 320 })
            .setLatLng(GreenMap.map.getCenter())
            .setContent("<div class='gm-popup'>" + "<p>Dòng thử rất dài</p>".repeat(80) + "</div>")
            .openOn(GreenMap.map)"""
    )
    box_ = settled_popup(phone)
    assert_inside_viewport(phone, box_)
    assert_clear_of_map_buttons(phone, box_)
    scrolls = phone.evaluate(
        "(() => { const c = document.querySelector('.leaflet-popup-content');"
        " return c.scrollHeight > c.clientHeight; })()"
    )
    assert scrolls, "a long popup scrolls inside itself"


def test_phone_search_result_leaves_the_popup_visible(live: LiveServer, phone: Page) -> None:
    open_map(phone, live.url + "/")
    toggle = phone.locator("#gm-panel-toggle")
    toggle.click()  # the panel is open over the map, as when filtering before searching
    assert phone.locator("#gm-panel").is_visible()
    phone.locator("#gm-q").fill("chau hung")
    phone.locator("#gm-results [role=option]").first.wait_for()
    phone.locator("#gm-results [role=option]").first.click()
    box_ = settled_popup(phone)
    assert "Khu xử lý chất thải rắn Châu Hưng" in phone.locator(".leaflet-popup").inner_text()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not phone.locator("#gm-panel").is_visible()
    assert_inside_viewport(phone, box_)
    assert_uncovered(phone, box_)
    screenshot(phone, "phone-search-popup")


def test_filters_start_collapsed_on_phones_and_open_on_desktop(
    live: LiveServer, page: Page, phone: Page
) -> None:
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    open_map(page, live.url + "/")
    assert page.locator("#gm-panel-toggle").get_attribute("aria-expanded") == "true"
    assert page.locator("#gm-status").is_visible() and page.locator("#gm-q").is_visible()
    open_map(phone, live.url + "/")
    assert phone.locator("#gm-panel-toggle").get_attribute("aria-expanded") == "false"
    assert not phone.locator("#gm-status").is_visible()
    assert phone.locator("#gm-q").is_visible()  # search stays at hand on a phone
    assert phone.evaluate("GreenMap.map.getZoom()") < page.evaluate("GreenMap.map.getZoom()")


# -- keyboard ----------------------------------------------------------------------------------


def test_map_page_has_one_h1_and_a_skip_link_first(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    assert page.locator("h1").count() == 1
    assert "GreenMap" in page.locator("h1").inner_text()
    page.keyboard.press("Tab")
    first = page.evaluate(
        "[document.activeElement.className, document.activeElement.textContent,"
        " document.activeElement.getAttribute('href')]"
    )
    assert first[0] == "skip" and first[1] == "Bỏ qua đến danh sách dự án", first
    assert page.locator("a.skip").first.is_visible()  # shown while focused
    # The map comes within a few Tab presses, before the panel's many controls.
    stops = 1
    while not page.evaluate("document.activeElement.classList.contains('leaflet-container')"):
        page.keyboard.press("Tab")
        stops += 1
        assert stops <= 12, "the map is more than 12 Tab presses away"
    assert page.evaluate("document.activeElement.closest('#gm-panel') === null")
    # The skip link leads to the list of projects.
    page.locator("a.skip").first.focus()
    page.keyboard.press("Enter")
    if first[2] == "#gm-list":
        assert page.evaluate("document.activeElement.id") == "gm-list"
        assert page.locator("#gm-unlocated").is_visible()
    else:
        page.wait_for_url(f"**{first[2]}")
        assert page.locator("h1").count() == 1


def test_skip_link_opens_the_closed_panel_on_a_phone(live: LiveServer, phone: Page) -> None:
    open_map(phone, live.url + "/")
    before = phone.evaluate("location.hash")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.getAttribute('href')") == "#gm-panel"
    phone.keyboard.press("Enter")
    assert phone.locator("#gm-panel").is_visible()
    assert phone.evaluate("document.activeElement.id") == "gm-panel"
    assert phone.evaluate("location.hash") == before  # the map view stays in the address


def test_favicon(live: LiveServer, page: Page) -> None:
    response = page.request.get(live.url + "/favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    open_map(page, live.url + "/")
    icons = page.locator("link[rel=icon]")
    assert icons.count() == 2
    svg = page.request.get(live.url + icons.nth(1).get_attribute("href"))  # type: ignore[operator]
    assert svg.status == 200 and b"<svg" in svg.body()
    page.goto(f"{live.url}/plan")
    assert page.locator("link[rel=icon]").count() == 2


# -- service areas -------------------------------------------------------------------------


def test_service_area_lets_clicks_through_and_its_label_opens_it(
    live: LiveServer, page: Page
) -> None:
    page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
    open_map(page, f"{live.url}/#map=10/9.30000/105.80000")
    fill = page.evaluate(
        "Array.from(document.querySelectorAll('.leaflet-gm-service-pane path'))"
        ".map((p) => p.getAttribute('fill'))"
    )
    assert len(fill) == 1 and fill[0].startswith("url(#gm-hatch-"), fill  # hatched, not filled
    click_lonlat(page, *INSIDE_AREA)
    page.wait_for_timeout(400)
    assert page.locator(".leaflet-popup").count() == 0, "a click inside the area opened a popup"
    label = page.locator(".gm-sa-label")
    assert label.count() == 1
    assert SERVICE_NAME in label.inner_text() and "vùng phục vụ" in label.inner_text()
    label.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert SERVICE_NAME in popup.inner_text()
    screenshot(page, "service-area-label-popup")
    page.locator(".leaflet-popup-close-button").click()
    label.focus()  # the label is reached by keyboard too
    page.keyboard.press("Enter")
    popup.wait_for()
    assert SERVICE_NAME in popup.inner_text()
    assert "Vùng phục vụ" in page.locator(".gm-legend").inner_text()
    # Only a service area is drawn for this layer: it counts as not located, with its note.
    layers = page.locator("#gm-layers")
    assert f"Lớp thử {SERVICE} (0)" in layers.inner_text()
    assert page.locator(f"[data-missing='{SERVICE}']").is_visible()
    assert SERVICE_NOTE in layers.inner_text()
    assert not page.locator(f"[data-missing='{sc.WASTE}']").is_visible()


# -- print -------------------------------------------------------------------------------------


def test_print_shows_title_map_and_legend_without_controls(live: LiveServer, page: Page) -> None:
    open_map(page, live.url + "/")
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible() and page.locator(".gm-legend").is_visible()
    for hidden in ("#gm-q", "#gm-panel-toggle", ".leaflet-control-zoom", "#gm-status", "a.skip"):
        assert not page.locator(hidden).first.is_visible(), hidden
    width = page.evaluate("innerWidth")
    assert rect(page, ".folium-map")["width"] >= width - 2  # the map across the page
    page.goto(f"{live.url}/sites/{sc.CHAU_HUNG}")
    assert not page.locator(".gm-site-bar nav").is_visible()
    bar = page.evaluate("getComputedStyle(document.querySelector('.gm-site-bar')).backgroundColor")
    assert bar in ("rgba(0, 0, 0, 0)", "transparent")  # no backgrounds on paper
