"""Staff sign-in: accounts, roles, sessions, CSRF, the sign-in limit and the audit log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Blueprint, Flask, jsonify, render_template_string
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from webmap.core.users import authenticate, create_user, set_active, set_role
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store import Store
from webmap.web import create_app
from webmap.web.auth import current_actor, role_required, safe_next

#: Synthetic test accounts, one per role; every password is the same synthetic one.
PASSWORD = "synthetic-pass-1"
ACCOUNTS = {"viewer": "thu.viewer", "editor": "lan.editor", "admin": "minh.admin"}

probe = Blueprint("probe", __name__)
_PAGE = '{% extends "base.html" %}{% block content %}<p id="probe">{{ who }}</p>{% endblock %}'


@probe.get("/probe/editor-page")
@role_required("editor")
def editor_page() -> str:
    return render_template_string(_PAGE, who=current_actor())


@probe.post("/probe/editor-action")
@role_required("editor")
def editor_action() -> Any:
    return jsonify(done_by=current_actor())


@probe.get("/api/probe/admin")
@role_required("admin")
def admin_json() -> Any:
    return jsonify(ok=True)


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    store.upgrade()
    for role, name in ACCOUNTS.items():
        create_user(store, name, PASSWORD, role=role, display_name=f"Synthetic {role}")
    yield store
    store.dispose()


def make_app(store: Store, **overrides: Any) -> Flask:
    app = create_app({"DATABASE_URL": store.url, **overrides})
    app.register_blueprint(probe)
    return app


@pytest.fixture
def app(sqlite_store: Store) -> Flask:
    return make_app(sqlite_store)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def csrf_token(client: FlaskClient, url: str = "/staff/sign-in") -> str:
    """The CSRF token as a browser gets it: from the form field or the page's meta element."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD, **form: str) -> Any:
    token = csrf_token(client)
    data = {"username": username, "password": password, "csrf_token": token, **form}
    return client.post("/staff/sign-in", data=data)


def sign_out(client: FlaskClient) -> None:
    token = csrf_token(client, "/probe/editor-page")
    assert client.post("/staff/sign-out", data={"csrf_token": token}).status_code == 302


def test_sign_in_page_in_both_languages(client: FlaskClient) -> None:
    vi = client.get("/staff/sign-in").get_data(as_text=True)
    assert "Đăng nhập cho cán bộ GIS" in vi and 'autocomplete="current-password"' in vi
    en = client.get("/staff/sign-in?lang=en").get_data(as_text=True)
    assert "Sign in for GIS staff" in en and "User name" in en


def test_sign_in_success_sets_a_session_and_audits(
    client: FlaskClient, sqlite_store: Store
) -> None:
    answer = sign_in(client, "Lan.Editor", next="/probe/editor-page")
    assert answer.status_code == 302 and answer.headers["Location"] == "/probe/editor-page"
    page = client.get("/probe/editor-page").get_data(as_text=True)
    assert '<p id="probe">lan.editor</p>' in page
    assert '<meta name="csrf-token"' in page and "Đăng xuất" in page
    (entry,) = sqlite_store.audit_entries(entity="user", entity_id="lan.editor")[:1]
    assert entry["action"] == "auth.sign_in" and entry["detail"]["remote_addr"] == "127.0.0.1"
    assert PASSWORD not in str(sqlite_store.audit_entries())


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("lan.editor", "not-the-password", "wrong_password"),
        ("nobody.here", PASSWORD, "unknown_user"),
    ],
)
def test_failed_sign_in_is_401_with_one_message_and_audited(
    client: FlaskClient, sqlite_store: Store, username: str, password: str, reason: str
) -> None:
    answer = sign_in(client, username, password)
    assert answer.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in answer.get_data(as_text=True)
    entry = sqlite_store.audit_entries(entity="user", entity_id=username)[0]
    assert entry["action"] == "auth.sign_in_failed" and entry["detail"]["reason"] == reason
    assert password not in str(entry)
    assert client.get("/probe/editor-page").status_code == 302  # still anonymous


def test_failed_sign_in_message_in_english(client: FlaskClient) -> None:
    client.get("/?lang=en")
    answer = sign_in(client, "lan.editor", "not-the-password")
    assert "Wrong user name or password." in answer.get_data(as_text=True)


def test_empty_form_is_refused(client: FlaskClient) -> None:
    answer = client.post(
        "/staff/sign-in", data={"username": "", "password": "", "csrf_token": csrf_token(client)}
    )
    assert answer.status_code == 401
    assert "Nhập tên đăng nhập và mật khẩu." in answer.get_data(as_text=True)


def test_disabled_user_cannot_sign_in_and_is_signed_out(
    client: FlaskClient, sqlite_store: Store
) -> None:
    assert sign_in(client, "lan.editor").status_code == 302
    assert client.get("/probe/editor-page").status_code == 200
    assert set_active(sqlite_store, "lan.editor", False) is True
    assert client.get("/probe/editor-page").status_code == 302  # signed out on the next request
    answer = sign_in(client, "lan.editor")
    assert answer.status_code == 401
    entry = sqlite_store.audit_entries(entity="user", entity_id="lan.editor")[0]
    assert entry["detail"]["reason"] == "disabled"
    set_active(sqlite_store, "lan.editor", True)
    assert sign_in(client, "lan.editor").status_code == 302


def test_too_many_failures_get_429_in_the_users_language(
    client: FlaskClient, sqlite_store: Store
) -> None:
    for _ in range(5):
        assert sign_in(client, "lan.editor", "wrong-password-x").status_code == 401
    blocked = sign_in(client, "lan.editor")  # even the right password now waits
    assert blocked.status_code == 429
    assert "Quá nhiều lần đăng nhập không thành công" in blocked.get_data(as_text=True)
    failures = [
        e
        for e in sqlite_store.audit_entries(entity="user", entity_id="lan.editor")
        if e["action"] == "auth.sign_in_failed"
    ]
    assert len(failures) == 5
    assert not any(e["action"] == "auth.sign_in" for e in sqlite_store.audit_entries())
    # Another user name from the same address is not blocked by lan.editor's failures.
    assert sign_in(client, "minh.admin").status_code == 302


def test_successful_sign_ins_do_not_count(sqlite_store: Store) -> None:
    client = make_app(sqlite_store, SIGN_IN_LIMIT="2 per minute").test_client()
    for _ in range(4):
        assert sign_in(client, "lan.editor").status_code == 302
        sign_out(client)


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/staff\r\nLocation: https://evil.example",
    ],
)
def test_next_never_leaves_the_site(client: FlaskClient, target: str) -> None:
    answer = sign_in(client, "lan.editor", next=target)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/staff/"  # the staff area, never the given URL


def test_safe_next_keeps_local_paths() -> None:
    assert safe_next("/plan?x=1#top") == "/plan?x=1#top"
    assert safe_next("plan") is None and safe_next(None) is None


def test_anonymous_page_redirects_to_sign_in_with_next(client: FlaskClient) -> None:
    answer = client.get("/probe/editor-page?tab=2")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/staff/sign-in?next=/probe/editor-page?tab%3D2"
    form = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/probe/editor-page?tab=2"' in form


def _as(client: FlaskClient, role: str | None) -> FlaskClient:
    if role is not None:
        assert sign_in(client, ACCOUNTS[role]).status_code == 302
    return client


@pytest.mark.parametrize(
    ("role", "page", "api"),
    [
        (None, 302, 401),
        ("viewer", 403, 403),
        ("editor", 200, 403),
        ("admin", 200, 200),
    ],
)
def test_role_required_for_pages_and_json(
    client: FlaskClient, role: str | None, page: int, api: int
) -> None:
    _as(client, role)
    assert client.get("/probe/editor-page").status_code == page
    answer = client.get("/api/probe/admin")
    assert answer.status_code == api
    if api != 200:
        body = answer.get_json()
        assert body["status"] == api and body["error"] in ("unauthorized", "forbidden")
        english = client.get("/api/probe/admin?lang=en").get_json()["message"]
        assert english == (
            "You need to sign in to do this."
            if role is None
            else "Your account is not allowed to do this."
        )


def test_forbidden_page_in_the_users_language(client: FlaskClient) -> None:
    _as(client, "viewer")
    page = client.get("/probe/editor-page?lang=en")
    assert page.status_code == 403 and "Your account is not allowed" in page.get_data(as_text=True)


def test_anonymous_asking_for_json_gets_401_json(client: FlaskClient) -> None:
    answer = client.get("/probe/editor-page", headers={"Accept": "application/json"})
    assert answer.status_code == 401
    assert answer.get_json()["message"] == "Cần đăng nhập để làm việc này."


def test_state_change_needs_the_csrf_token(client: FlaskClient) -> None:
    _as(client, "editor")
    missing = client.post("/probe/editor-action")
    assert missing.status_code == 400
    assert "Mã bảo vệ của biểu mẫu" in missing.get_data(as_text=True)
    forged = client.post(
        "/probe/editor-action?lang=en",
        headers={"X-CSRFToken": "forged", "Accept": "application/json"},
    )
    assert forged.status_code == 400
    assert forged.get_json()["error"] == "csrf_failed"
    assert "security token" in forged.get_json()["message"]
    token = csrf_token(client, "/probe/editor-page")
    done = client.post("/probe/editor-action", headers={"X-CSRFToken": token})
    assert done.status_code == 200 and done.get_json() == {"done_by": "lan.editor"}


def test_anonymous_state_change_without_token_is_refused(client: FlaskClient) -> None:
    assert client.post("/probe/editor-action").status_code == 400


def test_sign_out_needs_post_and_the_token(client: FlaskClient, sqlite_store: Store) -> None:
    _as(client, "editor")
    assert client.get("/staff/sign-out").status_code == 405
    assert client.post("/staff/sign-out").status_code == 400
    assert client.get("/probe/editor-page").status_code == 200  # still signed in
    token = csrf_token(client, "/probe/editor-page")
    out = client.post("/staff/sign-out", data={"csrf_token": token})
    assert out.status_code == 302 and out.headers["Location"] == "/"
    assert client.get("/probe/editor-page").status_code == 302
    (entry,) = sqlite_store.audit_page(action="auth.sign_out")
    assert entry["actor"] == "lan.editor"


def test_session_cookie_flags_over_http_and_https(client: FlaskClient) -> None:
    plain = sign_in(client, "lan.editor").headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    secure_client = client.application.test_client()
    base = "https://localhost"
    page = secure_client.get("/staff/sign-in", base_url=base).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    answer = secure_client.post(
        "/staff/sign-in",
        base_url=base,
        data={"username": "lan.editor", "password": PASSWORD, "csrf_token": token.group(1)},
        headers={"Referer": f"{base}/staff/sign-in"},
    )
    assert answer.status_code == 302
    cookie = answer.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_behind_a_proxy(sqlite_store: Store) -> None:
    client = make_app(sqlite_store, PROXY_FIX=1).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"}
    page = client.get("/staff/sign-in", headers=forwarded).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    answer = client.post(
        "/staff/sign-in",
        data={"username": "lan.editor", "password": PASSWORD, "csrf_token": token.group(1)},
        headers={**forwarded, "Referer": "https://localhost/staff/sign-in"},
    )
    assert answer.status_code == 302 and "Secure" in answer.headers["Set-Cookie"]
    entry = sqlite_store.audit_entries(entity="user", entity_id="lan.editor")[0]
    assert entry["detail"]["remote_addr"] == "192.0.2.7"


def test_never_secure_when_told(sqlite_store: Store) -> None:
    client = make_app(sqlite_store, SECURE_COOKIES="never").test_client()
    page = client.get("/staff/sign-in", base_url="https://localhost")
    assert "Secure" not in page.headers.get("Set-Cookie", "")


def test_staff_link_only_when_signed_out(client: FlaskClient) -> None:
    anonymous = client.get("/probe/editor-page", follow_redirects=True).get_data(as_text=True)
    assert "csrf-token" not in client.get("/no-such-page").get_data(as_text=True)
    assert "Đăng xuất" not in anonymous
    page404 = client.get("/no-such-page").get_data(as_text=True)
    assert 'class="gm-staff-link"><a href="/staff/sign-in"' in page404
    _as(client, "editor")
    signed_in = client.get("/no-such-page").get_data(as_text=True)
    assert "gm-staff-link" not in signed_in and "lan.editor" in signed_in


# -- passwords ----------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id(sqlite_store: Store) -> None:
    row = sqlite_store.get_user("lan.editor")
    assert row is not None and row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


def test_legacy_werkzeug_hash_verifies_and_is_rehashed(
    sqlite_store: Store, client: FlaskClient
) -> None:
    sqlite_store.add_user("old.user", generate_password_hash(PASSWORD), "editor", "Old", "cli")
    assert sign_in(client, "old.user", "wrong-password-y").status_code == 401
    assert not sqlite_store.get_user("old.user")["password_hash"].startswith("$argon2")  # type: ignore[index]
    assert sign_in(client, "old.user").status_code == 302
    stored = sqlite_store.get_user("old.user")
    assert stored is not None and stored["password_hash"].startswith("$argon2id$")
    sign_out(client)
    assert sign_in(client, "old.user").status_code == 302  # the new hash verifies


def test_weak_argon2_parameters_are_rehashed(sqlite_store: Store) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    sqlite_store.add_user("weak.user", weak, "viewer", "Weak", "cli")
    assert authenticate(sqlite_store, "weak.user", PASSWORD, remote_addr=None) is not None
    stored = sqlite_store.get_user("weak.user")
    assert stored is not None and stored["password_hash"] != weak


# -- accounts (both backends) -------------------------------------------------------------


def test_accounts_on_both_backends(store: Store) -> None:
    account = create_user(store, " Hoa.Editor ", "synthetic-pass-2", role="editor")
    assert (account.username, account.display_name, account.role) == (
        "hoa.editor",
        "hoa.editor",
        "editor",
    )
    with pytest.raises(Conflict):
        create_user(store, "hoa.editor", "synthetic-pass-2", role="viewer")
    assert set_role(store, "hoa.editor", "admin", actor="minh") == "editor"
    assert set_active(store, "hoa.editor", False, actor="minh") is True
    assert set_active(store, "hoa.editor", False, actor="minh") is False
    assert authenticate(store, "hoa.editor", "synthetic-pass-2", remote_addr="192.0.2.1") is None
    set_active(store, "hoa.editor", True, actor="minh")
    signed = authenticate(store, "hoa.editor", "synthetic-pass-2", remote_addr="192.0.2.1")
    assert signed is not None and signed.role == "admin" and signed.has_role("editor")
    actions = [e["action"] for e in store.audit_entries(entity="user", entity_id="hoa.editor")]
    assert actions == [
        "auth.sign_in",
        "user.enable",
        "auth.sign_in_failed",
        "user.disable",
        "user.set_role",
        "user.create",
    ]
    set_role_entry = store.audit_entries(entity="user", entity_id="hoa.editor")[4]
    assert set_role_entry["detail"] == {"before": "editor", "after": "admin"}
    assert set_role_entry["actor"] == "minh"
    assert "hoa.editor" in store.last_sign_ins()
    with pytest.raises(NotFound):
        set_role(store, "nobody.here", "admin")


@pytest.mark.parametrize(
    ("username", "password", "role", "message"),
    [
        ("ab", "synthetic-pass-3", "editor", "Invalid user name"),
        ("-lan", "synthetic-pass-3", "editor", "Invalid user name"),
        ("lan lan", "synthetic-pass-3", "editor", "Invalid user name"),
        ("lân", "synthetic-pass-3", "editor", "Invalid user name"),
        ("x" * 33, "synthetic-pass-3", "editor", "Invalid user name"),
        ("lan.ok", "short", "editor", "10 characters"),
        ("lan.ok.long", "Lan.Ok.Long", "editor", "cannot be the user name"),
        ("lan.ok", "synthetic-pass-3", "superuser", "Unknown role"),
    ],
)
def test_bad_accounts_are_refused(
    sqlite_store: Store, username: str, password: str, role: str, message: str
) -> None:
    with pytest.raises(BadRequest) as caught:
        create_user(sqlite_store, username, password, role=role)
    assert message in caught.value.message("en")
    assert caught.value.message("vi") != caught.value.message("en")


def test_role_required_refuses_unknown_roles() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        role_required("owner")


def test_a_viewer_lands_on_the_map_and_an_editor_in_the_staff_area(client: FlaskClient) -> None:
    assert sign_in(client, ACCOUNTS["viewer"]).headers["Location"] == "/"
    other = client.application.test_client()
    assert sign_in(other, ACCOUNTS["editor"]).headers["Location"] == "/staff/"
