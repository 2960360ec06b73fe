"""webmap/web/http.py: control characters refused with 400 before any database call (both
backends), Cache-Control per response, CORS on the read-only API only, and ETag /
Last-Modified / 304 on the per-layer API reads. Everything here is SYNTHETIC.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point
from tests.web.test_staff_pages import signed_in
from webmap.core.users import create_user
from webmap.domain import StatusEvent
from webmap.store import Store
from webmap.web import create_app

PASSWORD = "synthetic-pass-1"
EDITOR = "synthetic.editor"
FEATURES = "/api/layers/synthetic_points/features"
CONTROL_URLS = [
    "/api/layers/x%00",
    "/api/layers/x%7f/features",
    "/sites/a%00b",
    "/sites/a%0ab",
    "/api/features?q=%00",
    "/api/search?q=a%00b",
    "/api/layers/synthetic_points/features?status=%7f",
    "/api/layers/synthetic_points/features?q%00=x",
    "/projects?status=%0a",
    "/plan/tasks/1%001",
    "/?lang=vi%00",
]


# -- control characters (both backends) ---------------------------------------------------


@pytest.fixture
def any_client(store: Store) -> FlaskClient:
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(2)], checksum="a")
    return create_app({"DATABASE_URL": store.url}).test_client()


@pytest.mark.parametrize("url", CONTROL_URLS)
def test_control_characters_get_400_on_both_backends(any_client: FlaskClient, url: str) -> None:
    answer = any_client.get(url)
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "Traceback" not in text
    if url.startswith("/api/"):
        assert answer.get_json()["error"] == "control_character"
        assert answer.get_json()["message"] == "Địa chỉ có ký tự điều khiển không hợp lệ."
    else:
        assert answer.mimetype == "text/html"
        assert "Địa chỉ có ký tự điều khiển không hợp lệ." in text


def test_control_character_message_in_english(any_client: FlaskClient) -> None:
    answer = any_client.get("/api/search?q=%00&lang=en")
    assert answer.status_code == 400
    assert answer.get_json()["message"] == "The address contains an invalid control character."
    page = any_client.get("/sites/a%00b?lang=en", headers={"Accept": "application/json"})
    assert page.status_code == 400
    assert page.get_json()["error"] == "control_character"


def test_control_characters_never_reach_the_database(
    any_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_database(*_: object, **__: object) -> None:
        raise AssertionError("database called")

    monkeypatch.setattr(Store, "get_feature", no_database)
    monkeypatch.setattr(Store, "layer_versions", no_database)
    assert any_client.get("/api/sites/a%00b").status_code == 400
    assert any_client.get("/api/layers/x%00/features").status_code == 400


def test_ordinary_characters_still_pass(any_client: FlaskClient) -> None:
    assert any_client.get("/api/search?q=Ch%C3%A2u%20H%C6%B0ng%09").status_code == 400
    assert any_client.get("/api/search?q=Ch%C3%A2u%20H%C6%B0ng").status_code == 200
    assert any_client.get("/api/layers/synthetic_points").status_code == 200


# -- caching and CORS (SQLite) ------------------------------------------------------------


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    store.upgrade()
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(3)], checksum="a")
    create_user(store, EDITOR, PASSWORD, role="editor", display_name="Synthetic editor")
    yield store
    store.dispose()


@pytest.fixture
def app(sqlite_store: Store) -> Flask:
    return create_app({"DATABASE_URL": sqlite_store.url})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize("url", ["/api/layers", FEATURES, "/api/layers/synthetic_points"])
def test_public_api_is_cacheable_and_cross_origin(client: FlaskClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer.headers["Access-Control-Expose-Headers"]


def test_preflight_allows_reading_only(client: FlaskClient) -> None:
    answer = client.options(FEATURES, headers={"Origin": "https://synthetic.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in answer.headers["Access-Control-Allow-Headers"]


def test_api_errors_are_not_cached(client: FlaskClient) -> None:
    answer = client.get("/api/layers/no_such_layer")
    assert answer.status_code == 404
    assert answer.headers["Cache-Control"] == "no-store"


def test_no_cors_on_staff_or_posts(client: FlaskClient) -> None:
    sign_in = client.get("/staff/sign-in")
    assert "Access-Control-Allow-Origin" not in sign_in.headers
    assert sign_in.headers["Cache-Control"] == "private, no-store"
    staff_json = client.get("/api/staff/layers/synthetic_points/features")
    assert "Access-Control-Allow-Origin" not in staff_json.headers
    assert staff_json.headers["Cache-Control"] == "private, no-store"
    posted = client.post("/api/layers")
    assert posted.status_code in (400, 405)
    assert "Access-Control-Allow-Origin" not in posted.headers


def test_signed_in_pages_are_private(app: Flask) -> None:
    anonymous = app.test_client().get("/")
    assert anonymous.headers["Cache-Control"] == "no-cache"
    editor = signed_in(app, EDITOR)
    for url in ("/", "/staff/", FEATURES):
        answer = editor.get(url)
        assert answer.status_code == 200, url
        assert answer.headers["Cache-Control"] == "private, no-store", url


def test_static_files_keep_flasks_cache_control(client: FlaskClient) -> None:
    answer = client.get("/static/css/site.css")
    assert answer.status_code == 200
    assert "no-store" not in answer.headers.get("Cache-Control", "")
    assert "Access-Control-Allow-Origin" not in answer.headers
    answer.close()


# -- validators ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [FEATURES, "/api/layers/synthetic_points"])
def test_repeat_with_the_etag_gets_304(client: FlaskClient, url: str) -> None:
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_if_modified_since(client: FlaskClient) -> None:
    modified = client.get(FEATURES).headers["Last-Modified"]
    assert client.get(FEATURES, headers={"If-Modified-Since": modified}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(FEATURES, headers={"If-Modified-Since": old}).status_code == 200


def test_etag_varies_with_query_and_language(client: FlaskClient) -> None:
    plain = client.get(FEATURES).headers["ETag"]
    limited = client.get(FEATURES + "?limit=1").headers["ETag"]
    assert client.get(FEATURES + "?limit=1").headers["ETag"] == limited
    english = client.get(FEATURES + "?lang=en").headers["ETag"]
    assert len({plain, limited, english}) == 3
    # The language cookie ?lang=en set now changes the answer, and so its tag, too.
    assert client.get(FEATURES).headers["ETag"] not in (plain, english)


def test_new_version_or_status_changes_the_etag(client: FlaskClient, sqlite_store: Store) -> None:
    before = client.get(FEATURES).headers["ETag"]
    sqlite_store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(4)], checksum="b")
    published = client.get(FEATURES, headers={"If-None-Match": before})
    assert published.status_code == 200
    assert len(published.get_json()["features"]) == 4
    after = published.headers["ETag"]
    assert after != before
    event = StatusEvent("operating", date(2024, 5, 29), "synthetic", recorded_by=EDITOR)
    sqlite_store.add_status("synthetic_points:0", event, actor=EDITOR)
    changed = client.get(FEATURES, headers={"If-None-Match": after})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != after


def test_unknown_layer_has_no_validators(client: FlaskClient) -> None:
    answer = client.get("/api/layers/no_such_layer/features", headers={"If-None-Match": "*"})
    assert answer.status_code == 404
    assert "ETag" not in answer.headers
