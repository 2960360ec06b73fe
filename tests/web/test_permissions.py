"""Permission matrix: every state-changing endpoint × {anonymous, viewer, editor, admin}.

The table below must list every route that accepts POST/PUT/PATCH/DELETE: a new endpoint
without a row fails the first test. Refused requests change nothing: the published layer's
export is byte-for-byte the same before and after. Accounts and data are SYNTHETIC.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point
from tests.web.test_staff_pages import PASSWORD, token
from webmap.core.users import create_user
from webmap.store import FeatureFilter, Store
from webmap.web import create_app

LAYER = "synthetic_points"
RANK = {"anyone": 0, "anonymous": 0, "viewer": 1, "editor": 2, "admin": 3}
USERS = {"viewer": "hoa.viewer", "editor": "lan.editor", "admin": "minh.admin"}
KEY = f"{LAYER}:1"

#: endpoint -> (least role, URL, form or JSON body). "anyone": no sign-in needed.
MATRIX: dict[str, tuple[str, str, dict]] = {
    "auth.sign_in": (
        "anyone",
        "/staff/sign-in",
        {"username": USERS["viewer"], "password": PASSWORD},
    ),
    "auth.sign_out": ("viewer", "/staff/sign-out", {}),
    "staff.upload": ("editor", "/staff/upload", {"layer": LAYER}),
    "staff.prepare": ("editor", "/staff/uploads/AAAAAAAAAAAAAAAAAAAAAAAA", {}),
    "staff.publish": ("editor", "/staff/drafts/999/publish", {}),
    "staff.discard": ("editor", "/staff/drafts/999/discard", {}),
    "staff.create_feature": ("editor", f"/api/staff/layers/{LAYER}/features", {"json": {}}),
    "staff.edit_feature": ("editor", f"/api/staff/features/{KEY}", {"json": {}}),
    "staff.record_status": ("editor", f"/api/staff/features/{KEY}/status", {"json": {}}),
    "staff.bulk_statuses": ("editor", "/staff/statuses", {}),
    "staff.restore": ("admin", f"/staff/layers/{LAYER}/versions/1/restore", {}),
    "staff.users_create": ("admin", "/staff/users", {}),
    "staff.users_role": ("admin", "/staff/users/nobody.here/role", {"role": "admin"}),
    "staff.users_active": ("admin", "/staff/users/nobody.here/active", {"active": "0"}),
    # Plan progress (issue 11): no plan is loaded here, so an allowed request is a 4xx.
    "staff.progress": ("editor", "/staff/progress", {"code": "99.9"}),
    "staff.task_progress": ("editor", "/staff/progress/99.9", {}),
    "staff.targets": ("editor", "/staff/targets", {"action": "value", "target_id": "zz"}),
    "staff.group_weights": ("admin", "/staff/plan/weights/99", {"weight_99.1": "x"}),
    "staff.users_agencies": ("admin", "/staff/users/nobody.here/agencies", {"agencies": ""}),
    "staff.issue_report": ("admin", "/staff/reports/1999/issue", {}),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("perm")
    store = Store(f"sqlite:///{folder / 'greenmap.sqlite'}")
    store.upgrade()
    store.load_layer(synthetic_layer(), [synthetic_point(1), synthetic_point(2)], checksum="a")
    for role, name in USERS.items():
        create_user(store, name, PASSWORD, role=role, display_name=f"Synthetic {role}")
    yield create_app({"DATABASE_URL": store.url, "DATA_PATH": str(folder / "data")})
    store.dispose()


def _client(app: Flask, who: str) -> FlaskClient:
    client = app.test_client()
    if who != "anonymous":
        data = {"username": USERS[who], "password": PASSWORD}
        data["csrf_token"] = token(client, "/staff/sign-in")
        assert client.post("/staff/sign-in", data=data).status_code == 302
    return client


def _published(app: Flask) -> bytes:
    store = Store(app.config["GREENMAP"]["DATABASE_URL"])
    try:
        rows = [
            (f.key, f.name_vi, f.geometry.wkt if f.geometry else None, f.status, f.version)
            for f in store.iter_features(FeatureFilter(layers=[LAYER]))
        ]
        return json.dumps([rows, store.list_users()], default=str).encode()
    finally:
        store.dispose()


def _post(client: FlaskClient, url: str, body: dict, csrf: str | None) -> int:
    headers = {"X-CSRFToken": csrf} if csrf else {}
    if "json" in body:
        return client.post(url, json=body["json"], headers=headers).status_code
    data = (
        {**body, "file": (io.BytesIO(b"synthetic"), "synthetic.csv")} if "upload" in url else body
    )
    if csrf:
        data = {**data, "csrf_token": csrf}
    return client.post(url, data=data, headers=headers).status_code


def test_the_matrix_lists_every_state_changing_endpoint(app: Flask) -> None:
    changing = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if (rule.methods or set()) - {"GET", "HEAD", "OPTIONS"}
    }
    assert changing == set(MATRIX)


@pytest.mark.parametrize("who", ["anonymous", "viewer", "editor", "admin"])
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_permission(app: Flask, endpoint: str, who: str) -> None:
    least, url, body = MATRIX[endpoint]
    client = _client(app, who)
    csrf = token(client, "/staff/sign-in" if who == "anonymous" else "/plan")
    before = _published(app)
    status = _post(client, url, body, csrf)
    if RANK[who] >= RANK[least]:
        assert status not in (401, 403), f"{who} refused on {endpoint}"
    else:
        expected = {401, 302} if who == "anonymous" else {403}
        assert status in expected, f"{who} on {endpoint}: {status}"
        assert _published(app) == before


@pytest.mark.parametrize("endpoint", sorted(e for e, row in MATRIX.items() if row[0] != "anyone"))
def test_a_missing_or_forged_csrf_token_is_refused(app: Flask, endpoint: str) -> None:
    _, url, body = MATRIX[endpoint]
    client = _client(app, "admin")
    before = _published(app)
    assert _post(client, url, body, None) == 400
    assert _post(client, url, body, "forged-token") == 400
    assert _published(app) == before


def test_json_callers_get_json_errors(app: Flask) -> None:
    anonymous = app.test_client()
    headers = {"Accept": "application/json", "X-CSRFToken": token(anonymous, "/staff/sign-in")}
    response = anonymous.post(f"/api/staff/features/{KEY}", json={}, headers=headers)
    assert response.status_code == 401 and response.get_json()["status"] == 401
    viewer = _client(app, "viewer")
    csrf = token(viewer, "/plan")
    response = viewer.post(f"/api/staff/features/{KEY}", json={}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 403 and "message" in response.get_json()


def test_the_sign_in_page_is_where_anonymous_pages_go(app: Flask, tmp_path: Path) -> None:
    response = app.test_client().get("/staff/upload")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/sign-in")
