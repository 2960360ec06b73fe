"""Popups read like the site pages: labels from the layer spec, numbers in the page's
language, dates at their precision, sources as links (bundled data on SQLite, and the
formatting module itself in the browser)."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import LiveServer, screenshot
from tests.e2e.test_officials_map import click_lonlat, open_map
from webmap.store import Store
from webmap.web.formatting import bilingual, format_date, format_number

BAC_LIEU_WIND = "wind_farms:osm-r14045016"
CHAU_HUNG = "waste_sites:qd148-13.3-chau-hung"  # a service area (the districts it serves)
#: Its precision note, written "Vietnamese / English": each page shows its own half.
SERVICE_AREA_NOTE = {
    "vi": "Vị trí khu xử lý chưa được công bố",
    "en": "Site location not published",
}
#: Made-up notes for the twin check: slashes in dates and addresses are not the separator.
BILINGUAL_CASES = [
    "Khởi công ngày 31/05/2019, xem https://example.org/a/b / Groundbreaking on 31/05/2019, "
    "see https://example.org/a/b",
    "Giai đoạn 1 / Phase 1 / 2",
    "https://example.org/a/b, 31/05/2019",
    "a / ",
    " / b",
    "",
]
RAW = ("False", "None", "null", "undefined", "beyond_buffer", "in_province", "{", "NaN")



def _farm_popup(page: Page, live: LiveServer, store: Store, lang: str) -> str:
    farm = store.get_feature(BAC_LIEU_WIND)
    assert farm.geometry is not None
    spot = farm.geometry.representative_point()
    open_map(page, f"{live.url}/?lang={lang}#map=14/{spot.y:.5f}/{spot.x:.5f}&layers=wind_farms")
    click_lonlat(page, spot.x, spot.y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    return popup.inner_text()


@pytest.mark.parametrize(
    ("lang", "capacity", "area", "label"),
    [("vi", "241,2 MW", "977,75 ha", "Diện tích"), ("en", "241.2 MW", "977.75 ha", "Area")],
)
def test_popup_and_site_page_show_the_same_values(
    bundled: tuple[LiveServer, Store], page: Page, lang: str, capacity: str, area: str, label: str
) -> None:
    live, store = bundled
    text = _farm_popup(page, live, store, lang)
    assert capacity in text and area in text and label in text
    for raw in RAW:
        assert raw not in text, raw
    popup_date = page.locator(".leaflet-popup-content time").first.inner_text()
    screenshot(page, f"present-popup-{lang}")
    page.goto(f"{live.url}/sites/{BAC_LIEU_WIND}?lang={lang}")
    main = page.locator("main").inner_text()
    assert capacity in main and area in main
    site_date = page.locator("main p time").first.inner_text()
    assert popup_date == site_date  # the status date at the same precision on both


def test_format_module_matches_the_server(bundled: tuple[LiveServer, Store], page: Page) -> None:
    live, _ = bundled
    page.goto(f"{live.url}/plan")
    numbers = [977.75, 73569.0, 3200, 0.12345, 241.2, 1234567.891]
    dates = [
        ("2019-05-31", "day"),
        ("2019-05-01", "month"),
        ("2016-01-01", "year"),
        ("2018-12-31", "end_of_year"),
        ("2025-06-26", "recorded"),
        ("2015", None),
    ]
    strings = {
        lang: {
            "fmt_end_of_year": "cuối năm {year}" if lang == "vi" else "end of {year}",
            "fmt_recorded": "theo dữ liệu ngày {date}" if lang == "vi" else "as recorded on {date}",
        }
        for lang in ("vi", "en")
    }
    got = page.evaluate(
        """async ([numbers, dates, strings, cases]) => {
            const f = await import("/static/js/format.js");
            const out = {};
            for (const lang of ["vi", "en"]) {
                out[lang] = {
                    numbers: numbers.map((n) => f.formatNumber(n, lang)),
                    dates: dates.map(([d, p]) => f.formatDate(strings[lang], d, p, lang)),
                };
            }
            out.bilingual = Object.fromEntries(["vi", "en"].map(
                (lang) => [lang, cases.map((t) => f.bilingual(t, lang))]));
            out.citation = String(f.citation(
                'Báo <b>x</b>, https://example.org/a?b=1&c=2. javascript:alert(1)'));
            return out;
        }""",
        [numbers, dates, strings, BILINGUAL_CASES],
    )
    for lang in ("vi", "en"):
        assert got[lang]["numbers"] == [format_number(n, lang) for n in numbers]
        expected = [format_date(date.fromisoformat(d) if len(d) == 10 else d, p, lang)
                    for d, p in dates]  # fmt: skip
        assert got[lang]["dates"] == expected, json.dumps(got[lang]["dates"], ensure_ascii=False)
        assert got["bilingual"][lang] == [bilingual(t, lang) for t in BILINGUAL_CASES]
    citation = got["citation"]
    assert "&lt;b&gt;x&lt;/b&gt;" in citation and "<b>" not in citation
    link = r'<a href="https://example.org/a\?b=1&amp;c=2"[^>]*>example.org</a>\.'
    assert re.search(link, citation)
    assert 'href="javascript' not in citation


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_service_area_popup_shows_the_precision_note_of_its_language(
    bundled: tuple[LiveServer, Store], page: Page, lang: str, width: int, height: int
) -> None:
    live, store = bundled
    site = store.get_feature(CHAU_HUNG)
    assert site.geometry is not None
    spot = site.geometry.representative_point()
    page.set_viewport_size({"width": width, "height": height})
    view = f"map=10/{spot.y:.5f}/{spot.x:.5f}&layers=waste_sites&open={CHAU_HUNG}"
    open_map(page, f"{live.url}/?lang={lang}#{view}")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    other = "en" if lang == "vi" else "vi"
    assert SERVICE_AREA_NOTE[lang] in text and SERVICE_AREA_NOTE[other] not in text
    # The screenshot shows the note: the popup faded in, its precision row scrolled to.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    popup.get_by_text(SERVICE_AREA_NOTE[lang]).scroll_into_view_if_needed()
    screenshot(page, f"bilingual-popup-{lang}-{width}")


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_site_and_task_pages_read_as_a_finished_product(
    bundled: tuple[LiveServer, Store], page: Page, width: int, height: int
) -> None:
    live, _ = bundled
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live.url}/sites/{BAC_LIEU_WIND}?lang=vi")
    main = page.locator("main").inner_text()
    assert "Wikidata" in main and "Cơ sở dữ liệu nhà máy điện toàn cầu" in main
    assert page.get_by_role("link", name="Q10757741").get_attribute("href") == (
        "https://www.wikidata.org/wiki/Q10757741"
    )
    for raw in RAW:
        assert raw not in main, raw
    screenshot(page, f"present-site-{width}")
    page.goto(f"{live.url}/plan/tasks/8.5?lang=vi")
    task = page.locator("main").inner_text()
    assert "wind_farms" not in task and "Nhà máy điện gió" in task
    assert task.count("Tua-bin điện gió\n") <= 1  # turbines counted, not listed one by one
    screenshot(page, f"present-task-{width}")
    page.goto(f"{live.url}/plan/targets?lang=en")
    targets = page.locator("main").inner_text()
    assert "%/year" in targets and "million VND" in targets and "triệu đồng" not in targets
    screenshot(page, f"present-targets-en-{width}")
