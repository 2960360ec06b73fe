"""The map page in a real headless Chromium: layers fetched from the API and drawn."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import LiveServer, screenshot
from tests.factories import synthetic_layer, synthetic_point, synthetic_shapes
from webmap.store import Store
from webmap.web import create_app


@pytest.fixture
def live(store: Store) -> Iterator[LiveServer]:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(5)], checksum="a")
    store.load_layer(
        synthetic_layer("synthetic_shapes", "Geometry"), synthetic_shapes(), checksum="s"
    )
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()


def test_map_draws_features_from_the_api_without_internet(
    live: LiveServer, page: object, store: Store
) -> None:
    pg = page
    pg.goto(live.url + "/")  # type: ignore[attr-defined]
    pg.wait_for_selector("body[data-greenmap-ready='2']", timeout=15_000)  # type: ignore[attr-defined]
    markers = pg.evaluate("window.GreenMap.drawn")  # type: ignore[attr-defined]
    # 5 points + polygon + line; the unlocated record is not drawn.
    assert markers == 7
    legend = pg.locator("#gm-layers").inner_text()  # type: ignore[attr-defined]
    assert "Lớp thử nghiệm synthetic_points (5)" in legend
    attribution = pg.locator(".leaflet-control-attribution").inner_text()  # type: ignore[attr-defined]
    assert "Synthetic test data" in attribution
    screenshot(pg, f"map-smoke-{store.backend.name}")
    # Only the OpenStreetMap tiles are outside; the page works without them.
    assert all("tile.openstreetmap.org" in u for u in pg.blocked_requests)  # type: ignore[attr-defined]
