"""Security headers, the CSP nonce, trusted hosts, the body limit and the security settings."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point
from webmap.domain import StatusEvent
from webmap.errors import SettingsError
from webmap.settings import load_settings
from webmap.store import Store
from webmap.web import create_app
from webmap.web.security import STATIC_HEADERS, add_nonce

_NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]+)'")


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    store.upgrade()
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(2)], checksum="a")
    yield store
    store.dispose()


def make_app(store: Store, **overrides: Any) -> Flask:
    return create_app({"DATABASE_URL": store.url, **overrides})


@pytest.fixture
def client(sqlite_store: Store) -> FlaskClient:
    return make_app(sqlite_store).test_client()


def _nonce(response: Any) -> str:
    match = _NONCE.search(response.headers["Content-Security-Policy"])
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/plan",
        "/staff/sign-in",
        "/api/layers",
        "/api/layers/synthetic_points/features",
        "/healthz",
        "/static/css/site.css",
        "/static/js/main.js",
        "/no-such-page",
        "/api/no-such-thing",
    ],
)
def test_every_response_has_the_security_headers(client: FlaskClient, url: str) -> None:
    answer = client.get(url)
    for name, value in STATIC_HEADERS.items():
        assert answer.headers[name] == value
    csp = answer.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "connect-src 'self'",
        "img-src 'self' data: https://tile.openstreetmap.org",
    ):
        assert directive in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "geolocation=(self)" in answer.headers["Permissions-Policy"]


def test_map_page_scripts_carry_a_fresh_nonce(client: FlaskClient) -> None:
    first, second = client.get("/"), client.get("/")
    nonce = _nonce(first)
    assert nonce != _nonce(second) and len(nonce) >= 16
    html = first.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert len(inline) >= 3  # folium's set-up and map, and the module that starts ours
    assert all(f'nonce="{nonce}"' in tag for tag in inline)
    assert f'nonce="{_nonce(second)}"' in second.get_data(as_text=True)
    assert f'nonce="{nonce}"' not in second.get_data(as_text=True)


def test_visitors_get_no_session_cookie(client: FlaskClient) -> None:
    for url in ("/", "/plan", "/projects", "/api/layers", "/no-such-page"):
        assert "session=" not in client.get(url).headers.get("Set-Cookie", ""), url


def test_template_pages_have_no_inline_script_without_the_nonce(client: FlaskClient) -> None:
    for url in ("/plan", "/staff/sign-in", "/no-such-page"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url  # no inline event handlers


def test_add_nonce_marks_only_inline_scripts_that_run() -> None:
    html = (
        '<script src="/a.js"></script><script>x()</script><script nonce="n1">y()</script>'
        '<script type="module">z()</script><script type="application/json">{}</script>'
    )
    assert add_nonce(html, "n2") == (
        '<script src="/a.js"></script><script nonce="n2">x()</script>'
        '<script nonce="n1">y()</script><script type="module" nonce="n2">z()</script>'
        '<script type="application/json">{}</script>'
    )


def test_trusted_hosts(sqlite_store: Store) -> None:
    client = make_app(sqlite_store, TRUSTED_HOSTS="greenmap.example, localhost").test_client()
    assert client.get("/api/layers", headers={"Host": "greenmap.example"}).status_code == 200
    assert client.get("/api/layers").status_code == 200  # localhost
    wrong = client.get("/api/layers", headers={"Host": "evil.example"})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"] == "untrusted_host"
    page = client.get("/plan", headers={"Host": "evil.example"})
    assert page.status_code == 400 and "Content-Security-Policy" in page.headers
    assert page.get_data(as_text=True) == "Trang web không phục vụ tên máy chủ này."


def test_any_host_when_none_is_configured(client: FlaskClient) -> None:
    assert client.get("/api/layers", headers={"Host": "anything.example"}).status_code == 200


def test_too_large_bodies_get_413_in_the_users_language(sqlite_store: Store) -> None:
    client = make_app(sqlite_store, MAX_UPLOAD_MB=1).test_client()
    body = {"username": "x" * (2 * 2**20), "password": "y"}
    page = client.post("/staff/sign-in", data=body)
    assert page.status_code == 413
    assert "quá lớn: tối đa 1 MB" in page.get_data(as_text=True)
    answer = client.post(
        "/staff/sign-in?lang=en", data=body, headers={"Accept": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.get_json()["message"] == "The file or request is too large: at most 1 MB."


def test_missing_secret_key_is_logged(
    sqlite_store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="webmap"):
        make_app(sqlite_store, SECRET_KEY="")
    assert "GREENMAP_SECRET_KEY is not set" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="webmap"):
        app = make_app(sqlite_store, SECRET_KEY="synthetic-secret")
    assert "GREENMAP_SECRET_KEY" not in caplog.text and app.secret_key == "synthetic-secret"


def test_security_settings_are_read_and_checked() -> None:
    values = load_settings(
        {
            "GREENMAP_TRUSTED_HOSTS": "Map.Example, ,other.example",
            "GREENMAP_SECURE_COOKIES": "ALWAYS",
            "GREENMAP_PROXY_FIX": "1",
        }
    )
    assert values["TRUSTED_HOSTS"] == ["map.example", "other.example"]
    assert values["SECURE_COOKIES"] == "always" and values["PROXY_FIX"] == 1
    defaults = load_settings({})
    assert defaults["TRUSTED_HOSTS"] == [] and defaults["MAX_UPLOAD_MB"] == 50
    assert defaults["RATELIMIT_STORAGE_URI"] == "memory://"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"GREENMAP_SECURE_COOKIES": "sometimes"}, "auto, always or never"),
        ({"GREENMAP_PROXY_FIX": "-1"}, "cannot be negative"),
        ({"GREENMAP_MAX_UPLOAD_MB": "0"}, "at least 1"),
        ({"GREENMAP_SIGN_IN_LIMIT": "lots"}, "GREENMAP_SIGN_IN_LIMIT cannot be read"),
    ],
)
def test_bad_security_settings_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


# -- what readers see about loads ------------------------------------------------------

#: A synthetic operating-system login, as `greenmap load layers` records by default.
OS_LOGIN = "synthetic-os-login"


def test_public_pages_and_api_hide_logins_and_server_paths(
    sqlite_store: Store, tmp_path: Path
) -> None:
    private_file = tmp_path / "officer-upload" / "synthetic-officer-file.zip"
    event = StatusEvent("planned", date(2024, 5, 29), "synthetic", recorded_by=OS_LOGIN)
    sqlite_store.load_layer(
        synthetic_layer(),
        [synthetic_point(i, status_history=[event]) for i in range(3)],
        checksum="b",
        loaded_by=OS_LOGIN,
        note=f"source: {private_file}",
        origin="user",
    )
    client = make_app(sqlite_store).test_client()
    urls = [
        "/",
        "/?lang=en",
        "/healthz",
        "/api/layers",
        "/api/layers/synthetic_points",
        "/api/layers/synthetic_points/features",
        "/api/sites/synthetic_points:1",
        "/sites/synthetic_points:1",
        "/api/search?q=synthetic",
        "/projects",
        "/projects.csv",
    ]
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = answer.get_data(as_text=True)
        for secret in (OS_LOGIN, str(tmp_path), private_file.name, "recorded_by", "loaded_by"):
            assert secret not in text, (url, secret)
    versions = client.get("/api/layers/synthetic_points").get_json()["versions"]
    assert [v["version"] for v in versions] == [2, 1]  # the history itself is still there
