"""App factory, health check, error table and the features API on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point, synthetic_shapes
from webmap.errors import StoreError
from webmap.store import Store
from webmap.web import create_app


@pytest.fixture
def app(store: Store) -> Flask:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(3)], checksum="a")
    store.load_layer(
        synthetic_layer("synthetic_shapes", "Geometry"), synthetic_shapes(), checksum="s"
    )
    return create_app({"DATABASE_URL": store.url})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_healthz_reports_backend_revision_and_layers(client: FlaskClient, store: Store) -> None:
    body = client.get("/healthz").get_json()
    assert body["backend"] == store.backend.name
    assert body["revision"] == body["head_revision"] == "0005"
    assert body["layers"]["synthetic_points"] == {"version": 1, "features": 3}


def test_map_page_has_no_data_and_no_cdn(client: FlaskClient, store: Store) -> None:
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'lang="vi"' in html and "/static/vendor/leaflet/leaflet.js" in html
    assert "cdn." not in html and "Điểm thử" not in html
    size_before = len(html)
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(200)], checksum="b")
    assert len(client.get("/").get_data(as_text=True)) == size_before


def test_language_switch_is_remembered(client: FlaskClient) -> None:
    english = client.get("/?lang=en")
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "greenmap_lang=en" in english.headers["Set-Cookie"]
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_layers_and_features_api(client: FlaskClient) -> None:
    layers = client.get("/api/layers").get_json()["layers"]
    shapes = next(layer for layer in layers if layer["id"] == "synthetic_shapes")
    assert (shapes["feature_count"], shapes["located_count"]) == (3, 2)
    fc = client.get("/api/layers/synthetic_points/features?bbox=105.505,9.1,105.53,9.3")
    assert fc.mimetype == "application/geo+json"
    body = fc.get_json()
    assert body["numberMatched"] == 2
    assert [f["id"] for f in body["features"]] == ["synthetic_points:1", "synthetic_points:2"]
    props = body["features"][0]["properties"]
    assert props["status"] == "planned" and props["tasks"] == ["8.5"]
    assert props["licence"] == "CC0-1.0" and props["precision"] == "site"


def test_paging_links(client: FlaskClient) -> None:
    body = client.get("/api/layers/synthetic_points/features?limit=2").get_json()
    assert body["numberReturned"] == 2
    assert "offset=2" in body["links"][0]["href"]


def test_site_and_search(client: FlaskClient) -> None:
    site = client.get("/api/sites/synthetic_points:1").get_json()
    assert site["properties"]["status_history"][0]["status"] == "planned"
    found = client.get("/api/search?q=chau hung").get_json()
    assert [f["id"] for f in found["features"]] == ["synthetic_shapes:none"]


@pytest.mark.parametrize(
    ("url", "status", "vi", "en"),
    [
        (
            "/api/layers/synthetic_points/features?bbox=1,2,3",
            400,
            "bbox cần đúng 4 số",
            "bbox needs exactly 4 numbers",
        ),
        (
            "/api/layers/synthetic_points/features?limit=abc",
            400,
            "limit phải là số nguyên",
            "limit must be a whole number",
        ),
        (
            "/api/layers/synthetic_points/features?status=built",
            400,
            "Trạng thái không hợp lệ",
            "Unknown status",
        ),
        ("/api/layers/nope/features", 404, "Không có lớp bản đồ", "No layer"),
        ("/api/sites/nope:1", 404, "Không có địa điểm", "No site"),
        ("/api/search", 400, "Thiếu tham số q", "The q parameter is missing"),
    ],
)
def test_bad_requests_answer_in_the_users_language(
    client: FlaskClient, url: str, status: int, vi: str, en: str
) -> None:
    answer = client.get(url)
    assert answer.status_code == status
    assert vi in answer.get_json()["message"]
    sep = "&" if "?" in url else "?"
    english = client.get(f"{url}{sep}lang=en")
    assert en in english.get_json()["message"]


def test_html_404_page(client: FlaskClient) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.get_data(as_text=True)


def test_refuses_to_start_on_an_empty_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `greenmap init-db`"):
        create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite'}"})


def test_refuses_to_start_when_unreachable() -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(StoreError, match="Cannot connect"):
        create_app({"DATABASE_URL": url})


@pytest.mark.parametrize(
    ("query", "status", "keys"),
    [
        ("located=TRUE", 200, ["synthetic_shapes:poly", "synthetic_shapes:diag"]),
        ("located=no", 200, ["synthetic_shapes:none"]),
        ("located=maybe", 400, None),
        ("limit=0", 400, None),
    ],
)
def test_located_and_limit_parameters(
    client: FlaskClient, query: str, status: int, keys: list[str] | None
) -> None:
    answer = client.get(f"/api/layers/synthetic_shapes/features?{query}")
    assert answer.status_code == status
    if keys is not None:
        assert [f["id"] for f in answer.get_json()["features"]] == keys


def test_filter_by_no_status(client: FlaskClient) -> None:
    body = client.get("/api/layers/synthetic_shapes/features?status=unknown").get_json()
    assert body["numberMatched"] == 3  # the synthetic shapes have no status history
    planned = client.get("/api/layers/synthetic_points/features?status=unknown").get_json()
    assert planned["numberMatched"] == 0
