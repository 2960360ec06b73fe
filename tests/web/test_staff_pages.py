"""The staff pages (webmap/web/staff/): each renders for an editor in both languages with its
key content; every state-changing form carries the CSRF token; no inline script lacks the
CSP nonce and no inline handler or javascript: URL exists; the upload → mapping → report →
draft → publish flow works through the views; the editing map's JSON endpoints answer; the
staff scripts follow the map scripts' rules.

Everything here is SYNTHETIC: a synthetic point layer, synthetic accounts and files.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point
from webmap.core.users import create_user
from webmap.domain import STATUSES, Feature
from webmap.store import Store
from webmap.web import create_app
from webmap.web.i18n import CATALOGUE
from webmap.web.i18n_staff import STAFF_CATALOGUE

PASSWORD = "synthetic-pass-1"
EDITOR, ADMIN = "lan.editor", "minh.admin"
LAYER = "synthetic_points"
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "webmap" / "web" / "templates" / "staff"
STAFF_JS = ROOT / "static" / "js" / "staff"
#: Path prefixes of the app's routes and outside hosts: none belongs in a script.
ROUTE_PREFIXES = ("/api", "/staff", "/sites", "/static", "http://", "https://", "//")
STRING = re.compile(r"""(["'`])((?:\\.|(?!\1).)*)\1""")


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A SQLite store with one synthetic point layer (one unlocated feature) and accounts."""
    s = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    s.upgrade()
    unlocated = synthetic_point(
        9, name_vi="Dự án thử chưa có vị trí", geometry=None, precision="unlocated"
    )
    s.load_layer(
        synthetic_layer(), [synthetic_point(0), synthetic_point(1), unlocated], checksum="a"
    )
    create_user(s, EDITOR, PASSWORD, role="editor", display_name="Synthetic editor")
    create_user(s, ADMIN, PASSWORD, role="admin", display_name="Synthetic admin")
    yield s
    s.dispose()


@pytest.fixture
def app(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("GREENMAP_DATA_PATH", str(tmp_path / "data"))
    return create_app({"DATABASE_URL": store.url, "DATA_PATH": str(tmp_path / "data")})


def token(client: FlaskClient, url: str) -> str:
    """The CSRF token as a browser finds it: a form field or the page's meta element."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    data = {"username": username, "password": PASSWORD}
    data["csrf_token"] = token(client, "/staff/sign-in")
    response = client.post("/staff/sign-in", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in(app, EDITOR)


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app, ADMIN)


# -- HTML checks ---------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Collects what the security checks need: scripts, forms, handlers, URLs, test ids."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts: list[dict[str, str | None]] = []
        self.forms: list[dict[str, Any]] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.ids: set[str] = set()
        self.testids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [f"{tag} {n}" for n, _ in attrs if n.startswith("on")]
        self.js_urls += [
            v for v in values.values() if v and v.strip().lower().startswith("javascript:")
        ]
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if values.get("data-testid"):
            self.testids.add(str(values["data-testid"]))
        if tag == "script" and not values.get("src"):
            self.inline_scripts.append(values)
        if tag == "form":
            self.forms.append({"method": (values.get("method") or "get").lower(), "csrf": False})
        if tag == "input" and values.get("name") == "csrf_token" and self.forms:
            self.forms[-1]["csrf"] = bool(values.get("value"))


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def assert_safe_page(html: str) -> PageParser:
    """Nonce on every inline script, no inline handlers or javascript: URLs, CSRF in POSTs."""
    page = parse(html)
    for script in page.inline_scripts:
        assert script.get("nonce"), f"inline script without a nonce: {script}"
    assert not page.handlers, page.handlers
    assert not page.js_urls, page.js_urls
    for form in page.forms:
        if form["method"] == "post":
            assert form["csrf"], "a POST form without its csrf_token"
    return page


def visible_text(html: str) -> str:
    """The page's text outside scripts (where raw keys or None would show)."""
    html = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def assert_no_raw_values(html: str) -> None:
    text = visible_text(html)
    for word in ("None", "undefined", "st_", "ed_"):
        assert not re.search(rf"(?<![\w.]){word}", text), f"{word!r} shown: {text[:300]}"


PAGES = [
    "/staff/",
    "/staff/upload",
    f"/staff/upload?layer={LAYER}",
    f"/staff/edit/{LAYER}",
    "/staff/audit",
    f"/staff/layers/{LAYER}/versions",
    "/staff/statuses",
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_pages_render_safely_in_both_languages(editor: FlaskClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    response = editor.get(f"{path}{sep}lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert_safe_page(html)
    assert_no_raw_values(html)
    assert '<link rel="stylesheet" href="/static/css/staff.css">' in html


def test_anonymous_visitors_are_sent_to_sign_in(app: Flask) -> None:
    response = app.test_client().get("/staff/upload")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_dashboard_counts_unlocated_and_flags_layers_with_none_located(
    editor: FlaskClient, store: Store
) -> None:
    lonely = synthetic_layer("synthetic_unplaced")
    lonely.title_vi = "Lớp thử chưa có vị trí nào"
    record = synthetic_point(0, layer_id="synthetic_unplaced", geometry=None, precision="unlocated")
    store.load_layer(lonely, [record], checksum="b")
    html = editor.get("/staff/?lang=vi").get_data(as_text=True)
    row = re.search(rf'<tr data-layer="{LAYER}"[^>]*>(.*?)</tr>', html, re.S)
    assert row and "<strong>1</strong>" in row.group(1), "one of three points is unlocated"
    assert 'class="st-row-alert"' not in row.group(0)
    flagged = re.search(r'<tr data-layer="synthetic_unplaced" class="st-row-alert">', html)
    assert flagged, "a project layer with no located feature is highlighted"
    assert 'id="st-missing"' in html and "Lớp thử chưa có vị trí nào" in html
    assert f'href="/staff/edit/{LAYER}"' in html and f'href="/staff/upload?layer={LAYER}"' in html


def test_upload_page_has_the_drop_zone_progress_formats_and_limit(editor: FlaskClient) -> None:
    html = editor.get(f"/staff/upload?layer={LAYER}&lang=en").get_data(as_text=True)
    page = parse(html)
    assert {"drop-zone", "upload-progress", "upload-file", "upload-layer"} <= page.testids
    assert re.search(r'id="drop-zone"[^>]*role="button"[^>]*tabindex="0"', html)
    for ext in (".zip", ".geojson", ".json", ".gpkg", ".kml", ".kmz", ".csv", ".xlsx"):
        assert f"<code>{ext}</code>" in html
    assert "At most 50 MB per file and 50,000 features." in html
    assert f'<option value="{LAYER}" selected>' in html
    assert '<script type="module" src="/static/js/staff/upload.js"' in html
    strings = re.search(
        r'<script type="application/json" id="upload-strings"[^>]*>(.*?)</script>', html, re.S
    )
    assert strings and json.loads(strings.group(1))["lang"] == "en"


# -- upload → mapping → report → draft → publish -----------------------------------------------


def geojson_file(rows: list[dict[str, Any]]) -> bytes:
    """A SYNTHETIC GeoJSON file whose rows have Vietnamese column names."""
    features = []
    for row in rows:
        lon = row.pop("lon", None)
        geometry = {"type": "Point", "coordinates": [lon, 9.25]} if lon is not None else None
        features.append({"type": "Feature", "geometry": geometry, "properties": row})
    body = {"type": "FeatureCollection", "features": features}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def upload(client: FlaskClient, data: bytes, name: str, *, xhr: bool = True) -> Any:
    form = {
        "layer": LAYER,
        "file": (io.BytesIO(data), name),
        "csrf_token": token(client, "/staff/upload"),
    }
    headers = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"} if xhr else {}
    return client.post(
        "/staff/upload", data=form, headers=headers, content_type="multipart/form-data"
    )


SYNTHETIC_ROWS = [
    {"ten": "Trạm thử <script>alert(1)</script>", "trang_thai": "planned", "lon": 105.55},
    {"ten": "Trạm thử hai", "trang_thai": "operating", "lon": 105.6},
]


def test_upload_answers_a_script_with_the_mapping_page(editor: FlaskClient) -> None:
    response = upload(editor, geojson_file([dict(r) for r in SYNTHETIC_ROWS]), "synthetic.geojson")
    assert response.status_code == 200, response.get_data(as_text=True)
    target = response.get_json()["next"]
    assert target.startswith("/staff/uploads/")
    html = editor.get(target + "?lang=vi").get_data(as_text=True)
    page = assert_safe_page(html)
    assert {"map-name_vi", "map-status", "map-key", "prepare-submit", "prov-source"} <= page.testids
    assert re.search(r'<select id="map-name_vi"[^>]*>.*?<option value="ten" selected>', html, re.S)
    assert re.search(
        r'<select id="map-status"[^>]*>.*?<option value="trang_thai" selected>', html, re.S
    )
    assert "Trạm thử &lt;script&gt;alert(1)&lt;/script&gt;" in html  # the sample, escaped
    assert "<script>alert(1)" not in html
    assert 'id="file-facts"' in html and "GeoJSON" in html


def test_upload_errors_come_back_in_the_users_language(editor: FlaskClient) -> None:
    response = upload(editor, b"not a map", "synthetic.txt")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "bad_request" and ".geojson" in body["message"]
    assert "Không nhận tệp" in body["message"]
    form = upload(editor, b"not a map", "synthetic.txt", xhr=False)
    assert form.status_code == 400
    html = form.get_data(as_text=True)
    assert re.search(r'id="upload-error"[^>]*>[^<]*Không nhận tệp', html)
    assert_safe_page(html)


def _prepare(editor: FlaskClient, target: str, **extra: str) -> Any:
    form = {
        "csrf_token": token(editor, target),
        "map_name_vi": "ten",
        "map_status": "trang_thai",
        "mode": "merge",
        "source": "SYNTHETIC survey",
        "licence": "CC0-1.0",
        **extra,
    }
    return editor.post(target, data=form)


def test_a_file_with_errors_is_reported_row_by_row_and_nothing_is_staged(
    editor: FlaskClient, store: Store
) -> None:
    rows = [dict(r) for r in SYNTHETIC_ROWS] + [
        {"ten": "Trạm lạ", "trang_thai": "bogus", "lon": 105.5}
    ]
    target = upload(editor, geojson_file(rows), "synthetic.geojson").get_json()["next"]
    response = _prepare(editor, target)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="report"' in html and 'data-level="error"' in html
    assert '<code class="st-value">bogus</code>' in html
    assert_safe_page(html)
    assert store.open_drafts() == []


def test_a_clean_file_becomes_a_draft_that_publishes(editor: FlaskClient, store: Store) -> None:
    target = upload(editor, geojson_file([dict(r) for r in SYNTHETIC_ROWS]), "s.geojson").get_json()
    response = _prepare(editor, target["next"])
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    draft_url = response.headers["Location"]
    html = editor.get(draft_url + "?lang=en").get_data(as_text=True)
    page = assert_safe_page(html)
    assert {"publish-button", "discard-button", "draft-map", "change-table"} <= page.testids
    assert re.search(r'data-kind="added"><span class="st-count-n">2</span>', html)
    assert "Trạm thử &lt;script&gt;" in html and "<script>alert" not in html
    config = re.search(
        r'<script type="application/json" id="draft-config"[^>]*>(.*?)</script>', html, re.S
    )
    assert config
    data_url = json.loads(config.group(1))["data"]
    changes = editor.get(data_url).get_json()
    assert {f["properties"]["change"] for f in changes["features"]} == {"added"}
    draft_id = int(draft_url.rstrip("/").rsplit("/", 1)[1])
    published = editor.post(
        f"/staff/drafts/{draft_id}/publish", data={"csrf_token": token(editor, draft_url)}
    )
    assert published.status_code == 303
    assert published.headers["Location"].endswith(f"/staff/layers/{LAYER}/versions")
    versions = editor.get(published.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "published." in versions
    assert store.get_layer(LAYER).feature_count == 5, "three synthetic points and two added"
    assert store.open_drafts() == []


def test_publishing_a_draft_of_an_older_version_gives_the_conflict_page(
    editor: FlaskClient, store: Store
) -> None:
    target = upload(editor, geojson_file([dict(r) for r in SYNTHETIC_ROWS]), "s.geojson").get_json()
    draft_url = _prepare(editor, target["next"]).headers["Location"]
    store.load_layer(synthetic_layer(), [synthetic_point(0)], checksum="moved-on")
    html = editor.get(draft_url + "?lang=vi").get_data(as_text=True)
    assert 'data-testid="draft-stale"' in html
    draft_id = int(draft_url.rstrip("/").rsplit("/", 1)[1])
    response = editor.post(
        f"/staff/drafts/{draft_id}/publish", data={"csrf_token": token(editor, draft_url)}
    )
    assert response.status_code == 409
    assert 'data-testid="draft-conflict"' in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(editor: FlaskClient) -> None:
    response = editor.post(f"/api/staff/features/{LAYER}:0/status", json={"status": "planned"})
    assert response.status_code in (400, 403)


# -- the editing map ------------------------------------------------------------------------


def editor_config(client: FlaskClient, lang: str = "vi") -> dict[str, Any]:
    html = client.get(f"/staff/edit/{LAYER}?lang={lang}").get_data(as_text=True)
    match = re.search(
        r'<script type="application/json" id="editor-config"[^>]*>(.*?)</script>', html, re.S
    )
    assert match
    config: dict[str, Any] = json.loads(match.group(1))
    return config


def test_editing_page_hands_its_script_routes_tools_and_labels(
    app: Flask, editor: FlaskClient
) -> None:
    html = editor.get(f"/staff/edit/{LAYER}?lang=vi").get_data(as_text=True)
    page = assert_safe_page(html)
    assert {
        "editor-map",
        "unlocated-list",
        "status-form",
        "attribute-form",
        "editor-live",
    } <= page.testids
    assert 'aria-live="polite"' in html
    assert "/static/vendor/leaflet-geoman/leaflet-geoman.min.js" in html
    for status in STATUSES:
        assert f'<option value="{status}">{CATALOGUE["status_" + status]["vi"]}</option>' in html
    config = editor_config(editor)
    assert config["geometryType"] == "Point" and config["draw"] == ["Marker"]
    adapter = app.url_map.bind("localhost")
    for name, template in config["routes"].items():
        method = "POST" if name in ("create", "edit", "status") else "GET"
        endpoint, _ = adapter.match(template.replace("{key}", "x"), method=method)
        assert endpoint.startswith(("staff.", "sites.")), name
    assert config["strings"]["ed_place"] == "Đặt vị trí"


def _json_headers(client: FlaskClient) -> dict[str, str]:
    return {"X-CSRFToken": token(client, f"/staff/edit/{LAYER}"), "Accept": "application/json"}


def test_editor_places_an_unlocated_feature_and_records_a_status(
    editor: FlaskClient, store: Store
) -> None:
    config = editor_config(editor)
    collection = editor.get(config["routes"]["features"]).get_json()
    unlocated = [f for f in collection["features"] if f["geometry"] is None]
    assert [f["properties"]["key"] for f in unlocated] == [f"{LAYER}:9"]
    headers = _json_headers(editor)
    edit = config["routes"]["edit"].replace("{key}", f"{LAYER}:9")
    point = {"type": "Point", "coordinates": [105.52, 9.27]}
    response = editor.post(edit, json={"geometry": point}, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    placed: Feature = store.get_feature(f"{LAYER}:9")
    assert placed.geometry is not None and placed.precision == "site"
    status = config["routes"]["status"].replace("{key}", f"{LAYER}:9")
    body = {"status": "approved", "date": "03/2025", "note": "", "source": "SYNTHETIC letter"}
    assert editor.post(status, json=body, headers=headers).status_code == 201
    assert store.get_feature(f"{LAYER}:9").status == "approved"


def test_editor_errors_are_json_in_the_users_language(editor: FlaskClient) -> None:
    config = editor_config(editor, "en")
    headers = _json_headers(editor)
    status = config["routes"]["status"].replace("{key}", f"{LAYER}:0")
    response = editor.post(
        status + "?lang=en",
        json={"status": "approved", "date": "2025", "source": ""},
        headers=headers,
    )
    assert response.status_code == 400
    assert response.get_json()["message"] == "Give the status's source."
    edit = config["routes"]["edit"].replace("{key}", f"{LAYER}:0")
    nothing = editor.post(edit + "?lang=vi", json={}, headers=headers)
    assert nothing.status_code == 400 and nothing.get_json()["message"] == "Không có gì để lưu."


# -- audit and versions ------------------------------------------------------------------------


def test_audit_filters_pages_and_csv_keep_the_filters(editor: FlaskClient) -> None:
    html = editor.get("/staff/audit?lang=en&user=lan.editor&action=auth.sign_in").get_data(
        as_text=True
    )
    assert_safe_page(html)
    assert 'id="audit-table"' in html and "Signed in" in html
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", html), "times as dd/mm/yyyy HH:MM"
    csv_link = re.search(r'id="audit-csv" href="([^"]+)"', html)
    assert (
        csv_link
        and "user=lan.editor" in csv_link.group(1)
        and "action=auth.sign_in" in csv_link.group(1)
    )
    body = editor.get(csv_link.group(1).replace("&amp;", "&")).get_data()
    assert body.startswith(b"\xef\xbb\xbf") and b"lan.editor" in body
    bad = editor.get("/staff/audit?since=31-12-2025&lang=en")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_data(as_text=True)


def _second_version(store: Store) -> None:
    store.load_layer(synthetic_layer(), [synthetic_point(0), synthetic_point(5)], checksum="v2")


def test_only_admins_see_restore_and_it_asks_first(
    editor: FlaskClient, admin: FlaskClient, store: Store
) -> None:
    _second_version(store)
    url = f"/staff/layers/{LAYER}/versions?lang=en"
    assert "restore-" not in editor.get(url).get_data(as_text=True)
    html = admin.get(url).get_data(as_text=True)
    assert_safe_page(html)
    assert 'data-testid="restore-1"' in html
    ask = admin.post(
        f"/staff/layers/{LAYER}/versions/1/restore", data={"csrf_token": token(admin, url)}
    )
    assert ask.status_code == 303 and "restore=1" in ask.headers["Location"]
    confirm = admin.get(ask.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="restore-confirm"' in confirm and 'name="confirm" value="1"' in confirm
    assert store.get_layer(LAYER).current_version == 2, "asking changes nothing"
    done = admin.post(
        f"/staff/layers/{LAYER}/versions/1/restore",
        data={"csrf_token": token(admin, url), "confirm": "1"},
    )
    assert done.status_code in (302, 303) and store.get_layer(LAYER).current_version == 3
    notes = {
        lang: admin.get(f"/staff/layers/{LAYER}/versions?lang={lang}").get_data(as_text=True)
        for lang in ("vi", "en")
    }
    assert "Khôi phục phiên bản 1" in notes["vi"] and "Restore of version 1" not in notes["vi"]
    assert "Restore of version 1" in notes["en"] and "Khôi phục phiên bản" not in notes["en"]


# -- catalogue and scripts -----------------------------------------------------------------


def test_every_staff_string_has_both_languages_and_every_key_used_exists() -> None:
    for key, entry in STAFF_CATALOGUE.items():
        assert entry.get("vi") and entry.get("en"), key
    used: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"_\('([a-z0-9_]+)'\)", path.read_text("utf-8")))
    for path in (ROOT / "webmap" / "web" / "staff").glob("*.py"):
        used |= set(re.findall(r'translate\("([a-z0-9_]+)"\)', path.read_text("utf-8")))
    assert used and not used - CATALOGUE.keys(), sorted(used - CATALOGUE.keys())


def _source(path: Path) -> str:
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(?m)^\s*//.*$|\s//\s.*$", "", text)


STAFF_MODULES = sorted(STAFF_JS.glob("*.js"))


@pytest.mark.parametrize("path", STAFF_MODULES, ids=lambda p: p.name)
def test_staff_scripts_are_small_and_hard_code_no_route(path: Path) -> None:
    assert path.read_text("utf-8").count("\n") < 200
    source = _source(path)
    for text in (m.group(2) for m in STRING.finditer(source)):
        assert not text.startswith(ROUTE_PREFIXES), f"{path.name}: {text!r}"
    for target in re.findall(r"""^\s*import\s.*?from\s+["']([^"']+)["']""", source, re.M | re.S):
        assert target.startswith(("./", "../")) and target.endswith(".js"), target
        assert (path.parent / target).resolve().is_file(), f"{path.name} imports a missing {target}"
    writers = re.findall(
        r"\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write", source
    )
    assert not writers, f"{path.name} writes markup without html.js: {writers}"


def test_staff_scripts_are_served(editor: FlaskClient) -> None:
    assert STAFF_MODULES
    for path in STAFF_MODULES:
        response = editor.get(f"/static/js/staff/{path.name}")
        assert response.status_code == 200 and "javascript" in response.content_type
    for vendored in ("leaflet-geoman.min.js", "leaflet-geoman.css", "LICENSE"):
        assert editor.get(f"/static/vendor/leaflet-geoman/{vendored}").status_code == 200


# -- accounts (admins) -----------------------------------------------------------------------


def test_accounts_page_is_for_admins_and_changes_go_through_forms(
    editor: FlaskClient, admin: FlaskClient, store: Store
) -> None:
    assert editor.get("/staff/users").status_code == 403
    assert 'href="/staff/users"' not in editor.get("/staff/").get_data(as_text=True)
    html = admin.get("/staff/users?lang=en").get_data(as_text=True)
    assert_safe_page(html)
    assert_no_raw_values(html)
    assert f'<tr data-user="{EDITOR}">' in html and "Last sign-in" in html
    csrf = token(admin, "/staff/users")
    new = {"username": "hoa.synthetic", "display_name": "Synthetic", "role": "editor"}
    differ = admin.post(
        "/staff/users?lang=en",
        data={**new, "password": PASSWORD, "password2": "x", "csrf_token": csrf},
    )
    assert differ.status_code == 400
    assert "The two passwords differ." in differ.get_data(as_text=True)
    made = admin.post(
        "/staff/users",
        data={**new, "password": PASSWORD, "password2": PASSWORD, "csrf_token": csrf},
    )
    assert made.status_code == 303
    role = admin.post("/staff/users/hoa.synthetic/role", data={"role": "admin", "csrf_token": csrf})
    assert role.status_code == 303
    off = admin.post("/staff/users/hoa.synthetic/active", data={"active": "0", "csrf_token": csrf})
    assert off.status_code == 303
    row = next(u for u in store.list_users() if u["username"] == "hoa.synthetic")
    assert row["role"] == "admin" and not row["active"]
    myself = admin.post(f"/staff/users/{ADMIN}/active", data={"active": "0", "csrf_token": csrf})
    assert myself.status_code == 400
    assert next(u for u in store.list_users() if u["username"] == ADMIN)["active"]


def test_staff_times_are_viet_nam_time() -> None:
    from datetime import UTC, datetime

    from webmap.web.staff.common import local_time

    assert local_time(datetime(2026, 12, 1, 20, 30, tzinfo=UTC)) == "02/12/2026 03:30"
    assert local_time(datetime(2026, 12, 1, 20, 30)) == "02/12/2026 03:30"  # naive = UTC
    assert local_time(None) == ""
