"""The project tracker in Chromium with the bundled layers (SQLite; both backends are covered
by tests/web/test_projects.py): sorting by the header buttons, the CSV download, phones."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import LiveServer, local_only_page, screenshot


def _keys(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#pj-table tbody tr[data-key]", "rs => rs.map(r => r.dataset.key)"
    )


def _capacities(page: Page) -> list[float | None]:
    raw = page.eval_on_selector_all("#pj-table td[data-mw]", "cs => cs.map(c => c.dataset.mw)")
    return [float(v) if v else None for v in raw]


def _known(values: list[float | None]) -> list[float]:
    return [v for v in values if v is not None]


def test_table_sorts_by_capacity_from_its_header_button(live: LiveServer, page: Page) -> None:
    page.goto(f"{live.url}/projects?lang=vi")
    header = page.locator("#pj-table thead th").filter(has_text="Công suất")
    assert header.get_attribute("aria-sort") is None
    header.get_by_role("button").click()
    page.wait_for_url("**sort=-capacity**")
    header = page.locator("#pj-table thead th").filter(has_text="Công suất")
    assert header.get_attribute("aria-sort") == "descending"
    down = _known(_capacities(page))
    assert len(down) >= 10 and down == sorted(down, reverse=True)
    # The same button by keyboard reverses the order.
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=capacity**")
    header = page.locator("#pj-table thead th").filter(has_text="Công suất")
    assert header.get_attribute("aria-sort") == "ascending"
    assert _known(_capacities(page)) == sorted(down)
    assert "sắp xếp theo công suất, tăng dần" in page.locator("#pj-table caption").inner_text()
    assert not page.blocked_requests  # type: ignore[attr-defined]


def test_csv_download_has_the_rows_of_the_table(live: LiveServer, page: Page) -> None:
    page.goto(f"{live.url}/projects?lang=vi&layer=wind_farms&sort=-capacity")
    shown = _keys(page)
    assert len(shown) >= 10
    with page.expect_download() as info:
        page.locator("#pj-csv").click()
    download = info.value
    assert download.suggested_filename == "greenmap-projects.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r[-1] for r in rows[1:]] == shown
    names = page.eval_on_selector_all(
        "#pj-table tbody th[scope=row] > a", "as => as.map(a => a.textContent.trim())"
    )
    assert [r[0] for r in rows[1:]] == names


@pytest.mark.parametrize(("width", "height"), [(1400, 900), (390, 844)])
def test_no_sideways_scroll_the_table_scrolls_in_its_box(
    live: LiveServer, browser: object, width: int, height: int
) -> None:
    page = local_only_page(browser, width, height)
    try:
        page.goto(f"{live.url}/projects?lang=vi")  # type: ignore[attr-defined]
        widths = page.evaluate(  # type: ignore[attr-defined]
            "() => [document.documentElement.scrollWidth, window.innerWidth,"
            " document.querySelector('.pj-scroll').scrollWidth,"
            " document.querySelector('.pj-scroll').clientWidth]"
        )
        page_width, viewport, table_width, box_width = widths
        assert page_width <= viewport, widths
        if width < 600:
            assert table_width > box_width  # the table scrolls inside its own box
        screenshot(page, f"projects-{width}")
    finally:
        page.context.close()  # type: ignore[attr-defined]


@pytest.fixture
def live(bundled: tuple[LiveServer, object]) -> LiveServer:
    """The session's server of the bundled data."""
    return bundled[0]
