"""The population raster in the browser: off by default, drawn over its bounds when chosen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import LiveServer, screenshot
from webmap.core.ingest import load_one, select_specs
from webmap.store import Store
from webmap.web import create_app


@pytest.fixture
def live(store: Store) -> Iterator[LiveServer]:
    for spec in select_specs(["districts", "population"]):
        load_one(store, spec)
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()


def test_population_raster_overlay(live: LiveServer, page: object, store: Store) -> None:
    pg = page
    pg.goto(live.url + "/")  # type: ignore[attr-defined]
    pg.wait_for_selector("body[data-greenmap-ready]", timeout=15_000)  # type: ignore[attr-defined]
    assert pg.locator("img.gm-raster").count() == 0  # type: ignore[attr-defined]
    toggle = pg.locator('input[data-layer="population"]')  # type: ignore[attr-defined]
    assert not toggle.is_checked()
    legend = pg.locator("#gm-layers").inner_text()  # type: ignore[attr-defined]
    assert "người/km²" in legend and "19.048" in legend
    toggle.check()
    image = pg.locator("img.gm-raster")  # type: ignore[attr-defined]
    image.wait_for(timeout=10_000)
    pg.wait_for_function(  # type: ignore[attr-defined]
        "() => document.querySelector('img.gm-raster').naturalWidth === 100", timeout=10_000
    )
    assert "population" in pg.evaluate("location.hash")  # type: ignore[attr-defined]
    attribution = pg.locator(".leaflet-control-attribution").inner_text()  # type: ignore[attr-defined]
    assert "WorldPop" in attribution
    screenshot(pg, f"map-raster-{store.backend.name}")
