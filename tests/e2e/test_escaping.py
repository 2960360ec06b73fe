"""Names come from data anyone can edit (OpenStreetMap): pages must show them as text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from shapely.geometry import box

from tests.e2e.conftest import LiveServer
from tests.factories import synthetic_layer, synthetic_point
from webmap.store import Store
from webmap.web import create_app

HOSTILE = '<img src=x onerror="document.body.dataset.pwned=1">'


@pytest.fixture
def live(store: Store) -> Iterator[LiveServer]:
    store.load_layer(
        synthetic_layer("synthetic_hostile", "Polygon"),
        [synthetic_point(1, layer_id="synthetic_hostile", name_vi=HOSTILE,
                         geometry=box(105.5, 9.2, 105.6, 9.3))],
        checksum="x",
    )  # fmt: skip
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()


def test_hostile_name_is_text_on_the_site_page_and_the_map(live: LiveServer, page: object) -> None:
    pg = page
    pg.goto(live.url + "/sites/synthetic_hostile:1")  # type: ignore[attr-defined]
    pg.wait_for_selector("#site-map[data-drawn='1']", timeout=10_000)  # type: ignore[attr-defined]
    pg.hover("#site-map path.leaflet-interactive")  # type: ignore[attr-defined]
    pg.wait_for_selector(".leaflet-tooltip", timeout=5_000)  # type: ignore[attr-defined]
    assert pg.locator(".leaflet-tooltip").inner_text() == HOSTILE  # type: ignore[attr-defined]
    assert pg.locator("h1").inner_text() == HOSTILE  # type: ignore[attr-defined]
    pg.goto(live.url + "/#open=synthetic_hostile:1")  # type: ignore[attr-defined]
    pg.wait_for_selector(".leaflet-popup-content", timeout=10_000)  # type: ignore[attr-defined]
    assert HOSTILE in pg.locator(".leaflet-popup-content").inner_text()  # type: ignore[attr-defined]
    assert pg.evaluate("document.body.dataset.pwned") is None  # type: ignore[attr-defined]
