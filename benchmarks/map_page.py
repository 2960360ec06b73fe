"""Map page weight and drawing time for 1k, 10k and 50k SYNTHETIC points, on SQLite and PostGIS.

GreenMap's page carries no data: its HTML is the same size whatever the number
of features, and the browser fetches the layer from the API (pages of
``MAX_PAGE_LIMIT``) and clusters it on a canvas. The comparable tool is a plain
folium page that embeds the same points (``folium.GeoJson(data)`` inside a
``MarkerCluster``), served from the same server with the same vendored Leaflet.

Time is measured in headless Chromium (Debian's /usr/bin/chromium) from
navigation start to "all markers handed to the map": ``GreenMap.readyAt`` for
GreenMap, the end of folium's inline script for folium. OpenStreetMap tiles are
blocked (offline), so tile loading is not part of either number.

Run: ``.venv/bin/python benchmarks/map_page.py`` (writes docs/benchmarks.md).
"""

from __future__ import annotations

import random
import statistics
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import folium
from branca.element import Element
from folium.plugins import MarkerCluster
from playwright.sync_api import Page, sync_playwright
from shapely.geometry import Point, mapping

from benchmarks.common import machine, postgis_url, write_section
from tests.e2e.conftest import CHROMIUM_ARGS, LiveServer, chromium_path
from webmap.domain import Feature, Layer, StatusEvent
from webmap.store import Store
from webmap.web import create_app

SIZES = (1_000, 10_000, 50_000)
RUNS = 3
MINX, MINY, SPAN = 105.13, 8.92, 0.82
STATUSES = ("planned", "operating", "under_construction")
VENDOR = "/static/vendor"


def layer_id(n: int) -> str:
    return f"synthetic_bench_{n}"


def synthetic_points(n: int, seed: int = 148) -> list[Feature]:
    """``n`` random points over the province bbox (synthetic: no relation to real sites)."""
    rnd = random.Random(seed)
    return [
        Feature(
            key=f"{layer_id(n)}:{i}",
            layer_id=layer_id(n),
            name_vi=f"Điểm thử {i}",
            geometry=Point(MINX + rnd.random() * SPAN, MINY + rnd.random() * SPAN),
            precision="site",
            source="synthetic benchmark data",
            licence="CC0-1.0",
            properties={"capacity_mw": round(rnd.random() * 100, 1)},
            tasks=["8.5"],
            status_history=[StatusEvent(STATUSES[i % 3], date(2024, 5, 29), "synthetic")],
        )
        for i in range(n)
    ]


def layer_record(n: int) -> Layer:
    return Layer(
        id=layer_id(n),
        title_vi=f"Điểm thử {n}",
        title_en=f"Synthetic points {n}",
        theme="energy",
        geometry_type="Point",
        source="synthetic",
        licence="CC0-1.0",
        attribution="Synthetic benchmark data",
        style={"color": "#1d4ed8"},
        popup_fields=["capacity_mw"],
    )


def folium_page(records: list[Feature]) -> str:
    """The plain-folium alternative: the points embedded in the page, clustered."""
    fmap = folium.Map(location=(9.3, 105.55), zoom_start=10, tiles=None, maxZoom=19)
    fmap.default_js = [("leaflet", f"{VENDOR}/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]
    cluster = MarkerCluster().add_to(fmap)
    cluster.default_js = [("mc", f"{VENDOR}/leaflet.markercluster/leaflet.markercluster.js")]
    cluster.default_css = [("mc_css", f"{VENDOR}/leaflet.markercluster/MarkerCluster.css")]
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": mapping(r.geometry),
                "properties": {"name_vi": r.name_vi, **r.properties},
            }
            for r in records
            if r.geometry is not None
        ],
    }
    folium.GeoJson(data).add_to(cluster)
    root = fmap.get_root()
    root.script.add_child(Element("window.foliumReadyAt = performance.now();"))  # type: ignore[attr-defined]
    html: str = root.render()
    return html


def median_ms(page: Page, url: str, ready: str, value: str) -> float:
    samples = []
    for _ in range(RUNS):
        page.goto(url)
        page.wait_for_function(ready, timeout=120_000)
        samples.append(float(page.evaluate(value)))
    return statistics.median(samples)


def measure_backend(url: str, page: Page) -> dict[int, dict[str, Any]]:
    store = Store(url)
    store.upgrade()
    results: dict[int, dict[str, Any]] = {}
    for n in SIZES:
        records = synthetic_points(n)
        store.load_layer(layer_record(n), records, checksum=f"bench-{n}")
        app = create_app({"DATABASE_URL": url})
        comparison = folium_page(records)
        app.add_url_rule("/bench/folium", "bench_folium", lambda html=comparison: html)
        server = LiveServer(app)
        try:
            client = app.test_client()
            ours_ms = median_ms(
                page,
                f"{server.url}/#layers={layer_id(n)}",
                "window.GreenMap && GreenMap.readyAt",
                "GreenMap.readyAt",
            )
            drawn = page.evaluate("GreenMap.drawn")
            folium_ms = median_ms(
                page, f"{server.url}/bench/folium", "window.foliumReadyAt", "foliumReadyAt"
            )
            results[n] = {
                "html": len(client.get("/").data),
                "folium_html": len(comparison.encode()),
                "ms": ours_ms,
                "folium_ms": folium_ms,
                "drawn": drawn,
            }
        finally:
            server.stop()
    store.dispose()
    return results


def with_browser(run: Callable[[Page], dict[str, dict[int, dict[str, Any]]]]) -> Any:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("http://127.0.0.1")
                else route.abort()
            ),
        )
        try:
            return run(page)
        finally:
            browser.close()


def main() -> None:
    def run(page: Page) -> dict[str, dict[int, dict[str, Any]]]:
        with tempfile.TemporaryDirectory() as tmp:
            sqlite = measure_backend(f"sqlite:///{Path(tmp) / 'bench.sqlite'}", page)
        with postgis_url() as url:
            postgis = measure_backend(url, page)
        return {"SQLite": sqlite, "PostGIS": postgis}

    results = with_browser(run)
    lines = [
        "Synthetic points (random over the province bbox, one status and one task link each).",
        "Time: headless Chromium, navigation start → every marker handed to the map (GreenMap:",
        "`GreenMap.readyAt`, after fetching the layer from the API and clustering it on a canvas;",
        "folium: end of its inline script), median of 3 loads, OSM tiles blocked. The comparable",
        "tool is a plain folium page embedding the same points (`folium.GeoJson(data)` inside a",
        f"`MarkerCluster`), served by the same server with the same Leaflet. Machine: {machine()}.",
        "",
        "| backend | points | GreenMap HTML bytes | folium HTML bytes | GreenMap ms "
        "| folium ms | time GreenMap / folium |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for backend, rows in results.items():
        for n, r in rows.items():
            assert r["drawn"] == n, (backend, n, r["drawn"])
            lines.append(
                f"| {backend} | {n:,} | {r['html']:,} | {r['folium_html']:,} | {r['ms']:.0f} "
                f"| {r['folium_ms']:.0f} | {r['ms'] / r['folium_ms']:.2f}× |"
            )
    lines += [
        "",
        "Reading: GreenMap's page is the same size for 1k and 50k points (the data comes from",
        "the API); folium's page grows with the data. Goal: 10k points drawn in under 2 s.",
    ]
    write_section("Map page (benchmarks/map_page.py)", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
