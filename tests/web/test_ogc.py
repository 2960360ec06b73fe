"""OGC API – Features (Core, GeoJSON, HTML, OAS 3.0) under /ogc on both backends.

All layers and features are SYNTHETIC (tests/factories.py).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.e2e.conftest import LiveServer
from tests.factories import synthetic_layer, synthetic_point, synthetic_shapes
from webmap.core.ogc import CONFORMANCE, OPENAPI_TYPE
from webmap.store import Store
from webmap.web import create_app

POINTS = 7


@pytest.fixture
def app(store: Store) -> Flask:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(POINTS)], checksum="a")
    store.load_layer(
        synthetic_layer("synthetic_shapes", "Geometry"), synthetic_shapes(), checksum="s"
    )
    context = dataclasses.replace(
        synthetic_layer("synthetic_context"),
        role="context",
        description_vi="Lớp bối cảnh thử nghiệm",
        description_en="Synthetic context layer",
    )
    store.load_layer(context, [synthetic_point(1, layer_id="synthetic_context")], checksum="c")
    return create_app({"DATABASE_URL": store.url})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _get(client: FlaskClient, url: str) -> Any:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def _rel(body: dict, rel: str) -> list[dict]:
    return [link for link in body["links"] if link["rel"] == rel]


def test_landing_page_links(client: FlaskClient) -> None:
    body = _get(client, "/ogc")
    (desc,) = _rel(body, "service-desc")
    assert desc["type"] == OPENAPI_TYPE and desc["href"].startswith("http://localhost/ogc/api")
    for rel in ("self", "service-doc", "conformance", "data"):
        assert _rel(body, rel), rel
    assert _rel(body, "data")[0]["href"].startswith("http://localhost/ogc/collections")
    assert client.get("/ogc/").status_code == 200


def test_conformance_lists_only_the_classes_we_pass(client: FlaskClient) -> None:
    body = _get(client, "/ogc/conformance")
    assert body["conformsTo"] == CONFORMANCE
    assert all(re.search(r"/conf/(core|geojson|html|oas30)$", c) for c in body["conformsTo"])


def test_collections_in_vietnamese_with_extent_and_provenance(client: FlaskClient) -> None:
    body = _get(client, "/ogc/collections")
    by_id = {c["id"]: c for c in body["collections"]}
    assert set(by_id) == {"synthetic_points", "synthetic_shapes", "synthetic_context"}
    points = by_id["synthetic_points"]
    assert points["title"] == "Lớp thử nghiệm synthetic_points"
    assert points["extent"]["spatial"]["bbox"] == [[105.5, 9.2, 105.5 + 0.01 * (POINTS - 1), 9.2]]
    assert points["crs"] == ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]
    assert points["license"] == "CC0-1.0" and points["attribution"] == "Synthetic test data"
    assert _rel(points, "license")[0]["href"] == "https://spdx.org/licenses/CC0-1.0.html"
    # the unlocated record does not widen the extent
    assert by_id["synthetic_shapes"]["extent"]["spatial"]["bbox"] == [[105.0, 9.0, 105.5, 9.5]]
    assert by_id["synthetic_context"]["description"] == "Lớp bối cảnh thử nghiệm"
    english = _get(client, "/ogc/collections/synthetic_context?lang=en")
    assert english["title"] == "Synthetic test layer synthetic_context"
    assert english["description"] == "Synthetic context layer"


def _all_pages(client: FlaskClient, url: str) -> tuple[list[str], int]:
    keys: list[str] = []
    pages = 0
    while url:
        body = _get(client, url)
        pages += 1
        assert body["numberMatched"] == POINTS
        assert body["numberReturned"] == len(body["features"])
        assert body["timeStamp"].endswith("Z")
        keys += [f["id"] for f in body["features"]]
        nxt = _rel(body, "next")
        url = nxt[0]["href"].removeprefix("http://localhost") if nxt else ""
    return keys, pages


def test_next_links_visit_every_feature_exactly_once(client: FlaskClient) -> None:
    keys, pages = _all_pages(client, "/ogc/collections/synthetic_points/items?limit=3")
    assert sorted(keys) == sorted(f"synthetic_points:{i}" for i in range(POINTS))
    assert len(keys) == len(set(keys)) and pages == 3
    first = _get(client, "/ogc/collections/synthetic_points/items?limit=3")
    assert not _rel(first, "prev")
    second = _get(client, _rel(first, "next")[0]["href"])
    prev = _get(client, _rel(second, "prev")[0]["href"])
    assert [f["id"] for f in prev["features"]] == [f["id"] for f in first["features"]]


def test_default_page_and_geojson_media_type(client: FlaskClient) -> None:
    answer = client.get("/ogc/collections/synthetic_points/items")
    assert answer.mimetype == "application/geo+json"
    body = answer.get_json()
    assert body["type"] == "FeatureCollection" and body["numberReturned"] == POINTS
    feature = body["features"][0]
    assert feature["id"] == "synthetic_points:0"
    assert feature["properties"]["name_vi"] == "Điểm thử Đông Hải 0"


def test_bbox_filter(client: FlaskClient) -> None:
    body = _get(client, "/ogc/collections/synthetic_points/items?bbox=105.505,9.1,105.525,9.3")
    assert [f["id"] for f in body["features"]] == ["synthetic_points:1", "synthetic_points:2"]
    assert body["numberMatched"] == 2
    assert "bbox=105.505" in _rel(body, "self")[0]["href"]


def test_datetime_filters_on_the_current_status_date(client: FlaskClient, store: Store) -> None:
    from datetime import date

    from webmap.domain import StatusEvent

    store.add_status("synthetic_points:3", StatusEvent("operating", date(2025, 6, 1), "synthetic"))
    url = "/ogc/collections/synthetic_points/items?limit=2&datetime="
    later = _get(client, url + "2025-01-01/..")
    assert [f["id"] for f in later["features"]] == ["synthetic_points:3"]
    day = _get(client, url + "2024-05-29T10:00:00Z")
    assert day["numberMatched"] == POINTS - 1 and "synthetic_points:3" not in str(day)
    assert "datetime=2024-05-29%2F2024-05-29" in _rel(day, "next")[0]["href"]
    assert _get(client, url + "../2024-05-28")["numberMatched"] == 0


def test_item_by_key(client: FlaskClient) -> None:
    answer = client.get("/ogc/collections/synthetic_shapes/items/synthetic_shapes:poly")
    assert answer.status_code == 200 and answer.mimetype == "application/geo+json"
    body = answer.get_json()
    assert body["id"] == "synthetic_shapes:poly" and body["geometry"]["type"] == "Polygon"
    assert _rel(body, "collection")


@pytest.mark.parametrize(
    "url",
    [
        "/ogc/collections/nope",
        "/ogc/collections/nope/items",
        "/ogc/collections/synthetic_points/items/synthetic_points:99",
        # a key of another layer is not an item of this one
        "/ogc/collections/synthetic_points/items/synthetic_shapes:poly",
    ],
)
def test_unknown_things_are_404_json_and_html(client: FlaskClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 404 and answer.get_json()["error"] == "not_found"
    page = client.get(url, headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.mimetype == "text/html"


@pytest.mark.parametrize(
    ("url", "vi", "en"),
    [
        ("/ogc/collections?foo=1", "Tham số không được hỗ trợ: foo", "Unsupported parameter: foo"),
        (
            "/ogc/collections/synthetic_points/items?datetime=2024-13-01",
            "không phải ngày theo RFC 3339",
            "is not an RFC 3339 date",
        ),
        (
            "/ogc/collections/synthetic_points/items?datetime=2025-01-01/2024-01-01",
            "ngày đầu sau ngày cuối",
            "the start is after the end",
        ),
        (
            "/ogc/collections/synthetic_points/items?bbox=1,2,3",
            "bbox cần đúng 4 số",
            "bbox needs exactly 4 numbers",
        ),
        (
            "/ogc/collections/synthetic_points/items?bbox=10,0,5,1",
            "min ≤ max",
            "with min ≤ max",
        ),
        (
            "/ogc/collections/synthetic_points/items?limit=0",
            "limit phải từ 1 đến 10000",
            "limit must be between 1 and 10000",
        ),
        ("/ogc/conformance?f=xml", "f phải là một trong", "f must be one of"),
    ],
)
def test_bad_parameters_are_400_in_both_languages(
    client: FlaskClient, url: str, vi: str, en: str
) -> None:
    answer = client.get(url)
    assert answer.status_code == 400
    assert vi in answer.get_json()["message"]
    english = client.get(f"{url}&lang=en")
    assert english.status_code == 400 and en in english.get_json()["message"]


_SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/ogc?f=html", "GreenMap – dữ liệu mở"),
        ("/ogc/conformance?f=html", "/conf/oas30"),
        ("/ogc/api?f=html", "/collections/{collectionId}/items"),
        ("/ogc/collections?f=html", "Lớp thử nghiệm synthetic_points"),
        ("/ogc/collections/synthetic_context?f=html", "Lớp bối cảnh thử nghiệm"),
        ("/ogc/collections/synthetic_points/items?f=html&limit=2", "Trong quy hoạch"),
        (
            "/ogc/collections/synthetic_points/items/synthetic_points:3?f=html",
            "/sites/synthetic_points:3",
        ),
    ],
)
def test_html_views_render_without_inline_scripts(client: FlaskClient, url: str, text: str) -> None:
    answer = client.get(url)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert text in html
    assert "operating</td>" not in html and "planned</td>" not in html  # labels, not codes
    for attributes in _SCRIPT.findall(html):
        assert "src=" in attributes or "nonce=" in attributes


def test_browsers_get_html_other_clients_json(client: FlaskClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/ogc/collections", headers={"Accept": browser}).mimetype == "text/html"
    assert client.get("/ogc/collections").mimetype == "application/json"
    forced = client.get("/ogc/collections?f=json", headers={"Accept": browser})
    assert forced.mimetype == "application/json"


def test_html_items_page_links_to_the_next_html_page(client: FlaskClient) -> None:
    html = client.get("/ogc/collections/synthetic_points/items?f=html&limit=3").get_data(
        as_text=True
    )
    match = re.search(r'href="([^"]+)" rel="next"', html)
    assert match and "f=html" in match.group(1) and "offset=3" in match.group(1)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def _resolve(doc: dict, ref: str) -> Any:
    node: Any = doc
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_openapi_is_self_contained_and_covers_every_route(client: FlaskClient, app: Flask) -> None:
    answer = client.get("/ogc/api")
    assert answer.content_type == OPENAPI_TYPE
    doc = json.loads(answer.get_data(as_text=True))
    assert doc["openapi"].startswith("3.0")
    refs = _refs(doc)
    assert refs and all(ref.startswith("#/") for ref in refs)
    for ref in refs:
        assert _resolve(doc, ref) is not None
    routes = {
        re.sub(r"<(?:path:)?(\w+)>", "{\\1}", rule.rule).removeprefix("/ogc") or "/"
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("ogc.")
    }
    documented = {
        p.replace("{collectionId}", "{layer_id}").replace("{featureId}", "{key}")
        for p in doc["paths"]
    }
    assert routes == documented
    limit = doc["components"]["parameters"]["limit"]["schema"]
    assert limit["maximum"] == app.config["GREENMAP"]["MAX_PAGE_LIMIT"]


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo is not installed")
def test_gdal_oapif_driver_reads_every_collection(app: Flask) -> None:
    """GDAL's OAPIF driver lists every collection and reads features with Vietnamese intact."""
    server = LiveServer(app)
    try:
        source = f"OAPIF:{server.url}/ogc"
        summary = _ogrinfo(source, "-al", "-so")
        for layer, count in (("synthetic_points", POINTS), ("synthetic_shapes", 3)):
            assert f"Layer name: {layer}" in summary
            assert re.search(rf"Layer name: {layer}\n(.*\n)*?Feature Count: {count}\n", summary)
        assert "Layer name: synthetic_context" in summary
        window = _ogrinfo(source, "synthetic_points", "-spat", "105.505", "9.1", "105.525", "9.3")
        names = re.findall(r"name_vi \(String\) = (.+)", window)
        assert names == ["Điểm thử Đông Hải 1", "Điểm thử Đông Hải 2"]
    finally:
        server.stop()


def _ogrinfo(*args: str) -> str:
    done = subprocess.run(
        ["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_items_carry_an_etag_and_answer_304(client: FlaskClient, store: Store) -> None:
    url = "/ogc/collections/synthetic_points/items?limit=2"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(2)], checksum="b")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200
