"""Bad input through HTTP, as a signed-in editor, on SQLite and PostGIS (issue #10, "Bad input").

Malformed and empty files, fake zips, a zip bomb, ``../`` entries, oversized uploads (Flask's
413 and core's own limit), Shapefiles missing a part, NaN/Infinity coordinates, a PNG named
``.geojson``, a KML with an external entity, HTML and spreadsheet formulas in attribute values,
a forged CSRF token and two editors publishing the same layer. For each: a 4xx (never a 500),
a message in the user's language, no traceback or server path in the body, and the published
data byte-for-byte unchanged (a dump of the published tables and a GeoJSON export of every
layer, before and after). Everything here is SYNTHETIC: accounts, layer, files, secret.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskClient
from pyproj import CRS
from werkzeug.test import TestResponse

from tests.core.test_upload_fuzz_store import published_state
from tests.factories import synthetic_layer, synthetic_point
from tests.uploads import (
    fake_zip,
    kml_text,
    shapefile_parts,
    vn2000_tcvn3_shapefile_zip,
    xlsx_file,
    zip_bomb,
    zip_slip,
)
from tests.web.test_staff_pages import PASSWORD, signed_in, token, upload
from webmap.core.exports import export_layer
from webmap.core.users import create_user
from webmap.store import Store
from webmap.web import create_app
from webmap.web.i18n import COOKIE

LAYER = "synthetic_points"
EDITOR, OTHER_EDITOR = "lan.editor", "hoa.editor"
#: What must never reach a user: a traceback, a server path.
LEAKS = ("Traceback", 'File "', "/tmp/", "site-packages")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
SECRET = "SYNTHETIC-SECRET-7f3a9c"


# -- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture
def seeded(store: Store) -> Store:
    """The parametrized store (SQLite, PostGIS) with a synthetic point layer and two editors."""
    store.load_layer(synthetic_layer(), [synthetic_point(1), synthetic_point(2)], checksum="a")
    create_user(store, EDITOR, PASSWORD, role="editor", display_name="Synthetic editor")
    create_user(store, OTHER_EDITOR, PASSWORD, role="editor", display_name="Synthetic editor 2")
    return store


def _app(store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch, **settings: Any) -> Flask:
    data = folder / "data"
    monkeypatch.setenv("GREENMAP_DATA_PATH", str(data))
    return create_app({"DATABASE_URL": store.url, "DATA_PATH": str(data), **settings})


@pytest.fixture
def app(seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    return _app(seeded, tmp_path, monkeypatch)


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in(app, EDITOR)


@pytest.fixture
def unchanged(seeded: Store, tmp_path: Path) -> Iterator[None]:
    """The published data is byte-for-byte the same after the test, and no draft is left."""
    folder = tmp_path / "exports"
    folder.mkdir()
    before = published_state(seeded, folder)
    yield
    assert published_state(seeded, folder) == before, "the published data changed"
    assert seeded.open_drafts() == []


def post_file(
    client: FlaskClient, data: bytes, name: str, *, lang: str = "vi", xhr: bool = True
) -> TestResponse:
    """POST a file as the drop zone (``xhr``) or the plain form does, in ``lang`` (cookie)."""
    client.set_cookie(COOKIE, lang)
    response: TestResponse = upload(client, data, name, xhr=xhr)
    return response


def assert_refused(response: TestResponse, status: int | tuple[int, ...], fragment: str) -> str:
    """A 4xx with ``fragment`` in its message, nothing leaked; returns the message/body."""
    statuses = status if isinstance(status, tuple) else (status,)
    body = response.get_data(as_text=True)
    assert response.status_code in statuses, (response.status_code, body[:500])
    assert 400 <= response.status_code < 500
    for leak in LEAKS:
        assert leak not in body, f"{leak!r} in the answer: {body[:500]}"
    if response.is_json:
        payload = response.get_json()
        assert payload["status"] == response.status_code
        body = payload["message"]
    assert fragment in body, body[:800]
    return body


def uploaded(client: FlaskClient, data: bytes, name: str, lang: str = "vi") -> str:
    """Upload a file that is accepted; the URL of its mapping page."""
    response = post_file(client, data, name, lang=lang)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    url: str = response.get_json()["next"]
    return url


def prepare(client: FlaskClient, url: str, lang: str = "vi", **fields: str) -> TestResponse:
    """Submit the mapping form (columns ``ten``/``trang_thai``, synthetic provenance)."""
    form = {
        "csrf_token": token(client, url),
        "map_name_vi": "ten",
        "map_status": "trang_thai",
        "mode": "merge",
        "source": "SYNTHETIC survey",
        "licence": "CC0-1.0",
        **fields,
    }
    return client.post(f"{url}?lang={lang}", data=form)


def geojson_bytes(rows: list[tuple[str, str, Any, Any]]) -> bytes:
    """A synthetic FeatureCollection of points (``NaN``/``Infinity`` written as JSON5 does)."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"ten": name, "trang_thai": status},
        }
        for name, status, lon, lat in rows
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8")


def csv_bytes(rows: list[tuple[Any, ...]]) -> bytes:
    """A synthetic CSV (``ten``, ``trang_thai``, ``lon``, ``lat``), properly quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["ten", "trang_thai", "lon", "lat"])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def draft_id(response: TestResponse) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:1500]
    location = response.headers["Location"]
    return int(location.rstrip("/").rsplit("/", 1)[1])


def publish(client: FlaskClient, draft: int) -> TestResponse:
    """Press the draft page's publish button."""
    csrf = token(client, f"/staff/drafts/{draft}")
    return client.post(f"/staff/drafts/{draft}/publish", data={"csrf_token": csrf})


# -- files refused at the upload ------------------------------------------------------------


def _truncated_geojson(folder: Path) -> bytes:
    return geojson_bytes([("Trạm thử", "planned", 105.6, 9.3)])[:70]


def _empty(folder: Path) -> bytes:
    return b""


def _fake_zip(folder: Path) -> bytes:
    return fake_zip(folder / "synthetic.zip").read_bytes()


def _bomb(folder: Path) -> bytes:
    return zip_bomb(folder / "synthetic_bomb.zip", mib=20).read_bytes()


def _slip(folder: Path) -> bytes:
    return zip_slip(folder / "synthetic_slip.zip").read_bytes()


def _no_shx(folder: Path) -> bytes:
    return vn2000_tcvn3_shapefile_zip(folder / "s.zip", without=(".shx",)).read_bytes()


def _no_dbf(folder: Path) -> bytes:
    return vn2000_tcvn3_shapefile_zip(folder / "s.zip", without=(".dbf",)).read_bytes()


def _random_xlsx(folder: Path) -> bytes:
    return b"PK\x03\x04" + bytes(range(256)) * 4


Refusal = tuple[str, Callable[[Path], bytes], int | tuple[int, ...], str, str]
#: name -> (file name, builder, statuses, Vietnamese fragment, English fragment)
REFUSED: dict[str, Refusal] = {
    "malformed-geojson": (
        "synthetic.geojson",
        _truncated_geojson,
        422,
        "không đọc được tệp",
        "cannot read the file",
    ),
    "empty": ("synthetic.csv", _empty, 400, "Tệp rỗng", "The file is empty"),
    "fake-zip": ("synthetic.zip", _fake_zip, 422, "nội dung không khớp", "does not match"),
    "zip-bomb": ("synthetic_bomb.zip", _bomb, 413, "bom nén", "zip bomb"),
    "zip-slip": ("synthetic_slip.zip", _slip, (400, 422), "synthetic_slip.zip", "synthetic_slip"),
    "png-as-geojson": ("synthetic.geojson", lambda f: PNG, 422, "tệp PNG", "a PNG file"),
    "no-shx": ("synthetic.zip", _no_shx, 422, "thiếu tệp", "is missing"),
    "no-dbf": ("synthetic.zip", _no_dbf, 422, "synthetic_cong_trinh.dbf", "missing"),
    "random-xlsx": ("synthetic.xlsx", _random_xlsx, 422, "synthetic.xlsx", "synthetic.xlsx"),
    "unknown-extension": ("synthetic.exe", lambda f: b"MZ", 400, "Không nhận tệp", "not accepted"),
}


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_files_are_refused_in_the_users_language(
    editor: FlaskClient, tmp_path: Path, case: str, lang: str
) -> None:
    name, build, status, vi, en = REFUSED[case]
    response = post_file(editor, build(tmp_path), name, lang=lang)
    message = assert_refused(response, status, vi if lang == "vi" else en)
    if lang == "en":
        assert not re.search(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", message), message


@pytest.mark.usefixtures("unchanged")
def test_the_plain_form_shows_the_error_on_the_upload_page(
    editor: FlaskClient, tmp_path: Path
) -> None:
    response = post_file(editor, PNG, "synthetic.geojson", lang="en", xhr=False)
    html = assert_refused(response, 422, "a PNG file")
    assert '<html lang="en">' in html
    assert re.search(
        r'id="upload-error"[^>]*>[^<]*ends in \.geojson but its content is a PNG', html
    )


@pytest.mark.usefixtures("unchanged")
def test_zip_slip_member_is_not_written_outside(editor: FlaskClient, tmp_path: Path) -> None:
    response = post_file(editor, _slip(tmp_path), "synthetic_slip.zip")
    assert_refused(response, (400, 422), "synthetic_slip.zip")
    assert not list(tmp_path.parent.glob("**/synthetic_evil.shp"))
    assert not (tmp_path / "data" / "uploads").is_dir() or not any(
        (tmp_path / "data" / "uploads").iterdir()
    ), "the refused upload's folder was removed"


@pytest.mark.usefixtures("unchanged")
def test_forged_csrf_token_is_refused_in_the_users_language(editor: FlaskClient) -> None:
    form = {"layer": LAYER, "file": (io.BytesIO(b"ten\nx\n"), "synthetic.csv")}
    form["csrf_token"] = "synthetic-forged-token"
    response = editor.post(
        "/staff/upload?lang=en", data=form, headers={"Accept": "application/json"}
    )
    assert_refused(response, 400, "reload the page")


# -- oversized uploads ------------------------------------------------------------------


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_body_over_max_content_length_gets_413(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setenv("GREENMAP_MAX_UPLOAD_MB", "1")
    app = _app(seeded, tmp_path, monkeypatch, MAX_UPLOAD_MB=1)
    assert app.config["MAX_CONTENT_LENGTH"] == 2**20
    client = signed_in(app, EDITOR)
    big = b"ten,lon,lat\n" + b"x" * (3 * 2**20)
    response = post_file(client, big, "synthetic_big.csv", lang=lang)
    fragment = "quá lớn: tối đa 1 MB" if lang == "vi" else "too large: at most 1 MB"
    assert_refused(response, 413, fragment)


@pytest.mark.usefixtures("unchanged")
def test_core_refuses_a_file_over_its_own_limit(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flask lets the body through (4 MB), core's limit (1 MB) still stops the file."""
    monkeypatch.setenv("GREENMAP_MAX_UPLOAD_MB", "1")
    app = _app(seeded, tmp_path, monkeypatch, MAX_UPLOAD_MB=4)
    client = signed_in(app, EDITOR)
    big = b"ten,lon,lat\n" + b"x" * (2**20 + 2**19)
    for lang, fragment in (("vi", "lớn hơn giới hạn 1 MB"), ("en", "larger than the 1 MB limit")):
        response = post_file(client, big, "synthetic_big.csv", lang=lang)
        assert_refused(response, (400, 413), fragment)
    assert not any((tmp_path / "data" / "uploads").iterdir()), "the partial file was removed"


# -- Shapefile without .prj: the CRS choice, not an error -------------------------------------


def test_shapefile_without_prj_asks_for_the_crs(
    editor: FlaskClient, seeded: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    before = published_state(seeded, folder)
    data = vn2000_tcvn3_shapefile_zip(tmp_path / "s.zip", prj=False).read_bytes()
    url = uploaded(editor, data, "synthetic_no_prj.zip")
    page = editor.get(f"{url}?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="no-crs"' in html and "The file names no coordinate system" in html
    assert re.search(r'<select id="crs-select" name="crs"[^>]*required', html)
    # Going on without choosing is a 4xx with the reason, in the user's language.
    refused = prepare(editor, url, lang="vi")
    assert_refused(refused, 400, "không ghi hệ tọa độ")
    assert published_state(seeded, folder) == before and seeded.open_drafts() == []
    # With the CRS chosen the file is staged (the Shapefile is VN-2000 / 105°30').
    staged = prepare(editor, url, crs="vn2000-tm3-105.5")
    assert seeded.get_draft(draft_id(staged)).state == "staged"
    assert published_state(seeded, folder) == before, "staged is not published"


# -- NaN / Infinity coordinates ------------------------------------------------------------


def _nan_csv() -> bytes:
    return csv_bytes(
        [
            ("Trạm thử NaN", "planned", "NaN", "9.3"),
            ("Trạm thử Inf", "planned", "105.6", "Infinity"),
        ]
    )


def _nan_geojson() -> bytes:
    return geojson_bytes(
        [
            ("Trạm thử NaN", "planned", float("nan"), 9.3),
            ("Trạm thử Inf", "planned", 105.6, float("inf")),
        ]
    )


def _nan_shapefile() -> bytes:
    rows = [
        ("Tram thu NaN", "planned", (float("nan"), 9.3)),
        ("Tram thu Inf", "planned", (105.6, float("inf"))),
    ]
    parts = shapefile_parts(rows, encoding="utf-8", epsg=None)
    parts[".prj"] = CRS.from_epsg(4326).to_wkt("WKT1_ESRI").encode()
    return zipped({f"synthetic_nan{ext}": data for ext, data in parts.items()})


NON_FINITE = {
    "csv": ("synthetic_nan.csv", _nan_csv),
    "geojson": ("synthetic_nan.geojson", _nan_geojson),
    "shapefile": ("synthetic_nan.zip", _nan_shapefile),
}


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("kind", sorted(NON_FINITE))
def test_nan_and_infinity_coordinates_block_the_file(editor: FlaskClient, kind: str) -> None:
    name, build = NON_FINITE[kind]
    lang = "en" if kind == "geojson" else "vi"
    url = uploaded(editor, build(), name)  # the file reads: the rows are at fault, not the file
    report = prepare(editor, url, lang=lang, crs="wgs84")
    html = assert_refused(report, 422, "2 errors" if lang == "en" else "Có 2 lỗi")
    codes = re.findall(r'<tr class="st-level-error" data-level="error" data-code="([a-z_]+)"', html)
    assert len(codes) == 2, codes
    assert set(codes) <= {"coordinates_not_finite", "coordinates_out_of_range", "bad_number"}
    for row in (1, 2):
        assert re.search(rf'data-level="error"[^>]*>\s*<td class="num">{row}</td>', html), row


# -- a KML with an external entity -------------------------------------------------------------


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("packing", ["kml", "kml-utf16", "kmz"])
def test_kml_external_entity_is_never_resolved(
    editor: FlaskClient, tmp_path: Path, packing: str
) -> None:
    secret = tmp_path / "synthetic_secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    prologue = f'<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    rows = [("&xxe;", "planned", (105.6, 9.3))]
    text = kml_text(rows, prologue=prologue)
    data = {
        "kml": text.encode("utf-8"),
        "kml-utf16": text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
        "kmz": zipped({"doc.kml": text.encode("utf-8")}),
    }[packing]
    name = "synthetic_xxe.kmz" if packing == "kmz" else "synthetic_xxe.kml"
    for lang, fragment in (("vi", "DOCTYPE/ENTITY"), ("en", "DOCTYPE/ENTITY")):
        response = post_file(editor, data, name, lang=lang)
        body = assert_refused(response, 422, fragment)
        assert SECRET not in response.get_data(as_text=True) and SECRET not in body
        assert str(secret) not in response.get_data(as_text=True)


# -- HTML and spreadsheet formulas in attribute values ---------------------------------------------

HOSTILE = [
    ("<script>alert('synthetic')</script>", "planned", 105.55, 9.25),
    ('=HYPERLINK("http://synthetic.invalid","x")', "operating", 105.56, 9.26),
    ("+SUM(1,2)", "planned", 105.57, 9.27),
    ("-2+3 <b>bold</b>", "planned", 105.58, 9.28),
    ("@cmd|' /C calc'!A0", "planned", 105.59, 9.29),
]


def _hostile_xlsx(folder: Path) -> bytes:
    rows = [("ten", "trang_thai", "lon", "lat"), *HOSTILE]
    return xlsx_file(folder / "synthetic_hostile.xlsx", {"synthetic": rows}).read_bytes()


def _assert_escaped(html: str, table_id: str) -> None:
    """The table ``table_id`` shows the hostile values as text; no page has them as markup."""
    assert "<script>alert(" not in html and "<b>bold</b>" not in html
    table = re.search(rf'<table[^>]* id="{table_id}".*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    assert "&lt;script&gt;alert(" in table.group(0)
    assert "&lt;b&gt;bold&lt;/b&gt;" in table.group(0)


@pytest.mark.parametrize("kind", ["geojson", "xlsx"])
def test_html_and_formulas_are_escaped_on_pages_and_neutralised_in_exports(
    editor: FlaskClient, seeded: Store, tmp_path: Path, kind: str
) -> None:
    if kind == "geojson":
        data, name = geojson_bytes(HOSTILE), "synthetic_hostile.geojson"
    else:
        data, name = _hostile_xlsx(tmp_path), "synthetic_hostile.xlsx"
    url = uploaded(editor, data, name)
    _assert_escaped(editor.get(f"{url}?lang=vi").get_data(as_text=True), "sample-table")
    # The report: a status that is HTML is shown escaped, and nothing is staged.
    bad = prepare(editor, url, map_status="ten", crs="wgs84")
    assert bad.status_code == 422
    report = bad.get_data(as_text=True)
    assert 'data-code="unknown_status"' in report
    _assert_escaped(report, "report")
    assert seeded.open_drafts() == []
    # The preview of the draft, then publish.
    draft = draft_id(prepare(editor, url, crs="wgs84"))
    preview = editor.get(f"/staff/drafts/{draft}?lang=en").get_data(as_text=True)
    _assert_escaped(preview, "change-table")
    changes = editor.get(f"/staff/drafts/{draft}/changes.geojson").get_json()
    names = {f["properties"]["name"] for f in changes["features"]}
    assert names == {row[0] for row in HOSTILE}, "kept as text in the JSON, not altered"
    assert publish(editor, draft).status_code == 303
    _assert_exports_neutralised(editor, seeded, tmp_path)


def _assert_exports_neutralised(client: FlaskClient, store: Store, folder: Path) -> None:
    target = folder / "synthetic_layer.csv"
    export_layer(store, LAYER, "csv", target)
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    exported = {row["name_vi"] for row in rows}
    for name, *_ in HOSTILE:
        expected = "'" + name if name[0] in "=+-@" else name
        assert expected in exported, (expected, exported)
    public = client.get(f"/projects.csv?layer={LAYER}").get_data().decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(public)) for cell in row}
    for name, *_ in HOSTILE:
        assert ("'" + name if name[0] in "=+-@" else name) in cells, name
        if name[0] in "=+-@":
            assert name not in cells
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/projects.xlsx?layer={LAYER}").data))
    sheet = book.active
    assert sheet is not None
    found = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}
    for name, *_ in HOSTILE:
        assert found.get(name) == "s", (name, found.get(name))  # text, never a formula


# -- two editors, one layer ------------------------------------------------------------------


def _staged(client: FlaskClient, name: str, lon: float) -> int:
    """A one-point synthetic GeoJSON uploaded and staged by ``client``; the draft's id."""
    data = geojson_bytes([(f"Trạm thử {name}", "planned", lon, 9.3)])
    return draft_id(prepare(client, uploaded(client, data, f"synthetic_{name}.geojson")))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_second_editor_publishing_the_same_layer_gets_409_in_their_language(
    app: Flask, editor: FlaskClient, seeded: Store, tmp_path: Path, lang: str
) -> None:
    other = signed_in(app, OTHER_EDITOR)
    first, second = _staged(editor, "A", 105.6), _staged(other, "B", 105.7)
    assert publish(editor, first).status_code == 303
    folder = tmp_path / "exports"
    folder.mkdir()
    after_first = published_state(seeded, folder)
    other.set_cookie(COOKIE, lang)  # the second editor's language, from the cookie
    lost = publish(other, second)
    fragment = "đã sang phiên bản" if lang == "vi" else "moved to version"
    html = assert_refused(lost, 409, fragment)
    assert f'<html lang="{lang}">' in html and 'data-testid="draft-conflict"' in html
    assert ("Không xuất bản được." if lang == "vi" else "Not published.") in html
    assert published_state(seeded, folder) == after_first
    assert seeded.get_draft(second).state == "staged", "kept for the editor to discard"
