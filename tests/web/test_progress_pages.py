"""Plan progress pages: the staff forms (task progress, target values, overrides, bulk import,
weights, agencies, issuing) and the public dashboards and reports. Each page renders in both
languages with its key content, is CSP-safe and carries CSRF tokens; bad input gives a 4xx
with the message in the user's language and stores nothing.

The plan text is the real one (bundled); every value, agency and account is SYNTHETIC.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.test_staff_pages import (
    ADMIN,
    EDITOR,
    PASSWORD,
    assert_safe_page,
    signed_in,
    token,
    visible_text,
)
from webmap.core.plan import load_plan_into
from webmap.core.users import create_user
from webmap.store import Store
from webmap.web import create_app
from webmap.web.charts import ChartData, chart_for, target_chart

LIMITED = "hoa.limited"
SYNTHETIC_AGENCY = "Sở Thử nghiệm (synthetic)"
OTHER_AGENCY = "Sở Khác (synthetic)"
YEAR = 2025


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    s.upgrade()
    load_plan_into(s)
    create_user(s, EDITOR, PASSWORD, role="editor", display_name="Synthetic editor")
    create_user(s, ADMIN, PASSWORD, role="admin", display_name="Synthetic admin")
    create_user(s, LIMITED, PASSWORD, role="editor", display_name="Synthetic limited editor")
    s.set_user_agencies(LIMITED, [SYNTHETIC_AGENCY], actor="test")
    yield s
    s.dispose()


@pytest.fixture
def app(store: Store, tmp_path: Path) -> Flask:
    return create_app({"DATABASE_URL": store.url, "DATA_PATH": str(tmp_path / "data")})


@pytest.fixture
def editor(app: Flask) -> FlaskClient:
    return signed_in(app, EDITOR)


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return signed_in(app, ADMIN)


def assert_clean(html: str) -> None:
    """No raw catalogue key, None or undefined in the visible text."""
    text = visible_text(html)
    for word in ("None", "undefined", "st_", "pg_", "tg_", "tps_", "cat_", "rp_", "dash_"):
        assert not re.search(rf"(?<![\w.]){word}", text), f"{word!r} shown"


def progress_form(client: FlaskClient, code: str, **fields: str) -> dict[str, str]:
    data = {
        "status": "in_progress",
        "percent": "40",
        "period_year": str(YEAR),
        "effective_date": f"{YEAR}-06-30",
        "lead_agency": SYNTHETIC_AGENCY,
        "results": "Kết quả thử (synthetic)",
        "csrf_token": token(client, f"/staff/progress/{code}"),
    }
    data.update(fields)
    return data


def value_form(client: FlaskClient, target: str, **fields: str) -> dict[str, str]:
    data = {
        "action": "value",
        "target_id": target,
        "kind": "measured",
        "year": str(YEAR),
        "value": "9,5",
        "source": "Nguồn thử (synthetic)",
        "csrf_token": token(client, "/staff/targets"),
    }
    data.update(fields)
    return data


# -- rendering ---------------------------------------------------------------------------------


PUBLIC = ["/plan", "/plan/targets", "/reports", f"/reports/{YEAR}"]
STAFF = [
    "/staff/progress",
    "/staff/progress/13.3",
    "/staff/targets",
    f"/staff/progress?year={YEAR}&missing=1",
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_render_for_anyone(app: Flask, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    response = app.test_client().get(f"{path}{sep}lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert_safe_page(html)
    assert_clean(html)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", STAFF)
def test_staff_pages_render_for_an_editor(editor: FlaskClient, path: str, lang: str) -> None:
    sep = "&" if "?" in path else "?"
    response = editor.get(f"{path}{sep}lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = assert_safe_page(html)
    assert any(f["method"] == "post" for f in page.forms), "the page has its forms"
    assert_clean(html)


def test_settings_page_is_for_admins(admin: FlaskClient, editor: FlaskClient) -> None:
    html = admin.get("/staff/progress/settings?lang=en").get_data(as_text=True)
    assert_safe_page(html)
    assert_clean(html)
    assert f'action="/staff/users/{LIMITED}/agencies"' in html
    assert SYNTHETIC_AGENCY in html
    assert 'action="/staff/plan/weights/13"' in html
    assert editor.get("/staff/progress/settings").status_code == 403


def test_anonymous_visitors_cannot_see_staff_progress(app: Flask) -> None:
    for path in ("/staff/progress", "/staff/targets", "/staff/progress/13.3"):
        response = app.test_client().get(path)
        assert response.status_code == 302 and "/staff/sign-in" in response.headers["Location"]


# -- task progress ----------------------------------------------------------------------------


def test_recording_progress_shows_in_history_and_dashboard(
    editor: FlaskClient, app: Flask, store: Store
) -> None:
    response = editor.post("/staff/progress/13.3", data=progress_form(editor, "13.3"))
    assert response.status_code == 303
    html = editor.get("/staff/progress/13.3?lang=vi").get_data(as_text=True)
    assert "Đã lưu báo cáo tiến độ nhiệm vụ 13.3." in html
    assert "Kết quả thử (synthetic)" in html and SYNTHETIC_AGENCY in html
    assert len(store.task_progress_history("13.3")) == 1
    listing = editor.get(f"/staff/progress?year={YEAR}&missing=1").get_data(as_text=True)
    assert 'data-task="13.3"' not in listing, "a reported task leaves the not-reported list"
    assert 'data-task="13.4"' in listing
    public = app.test_client().get("/plan?lang=en").get_data(as_text=True)
    row = re.search(r'<tr data-group="13">(.*?)</tr>', public, re.S)
    assert row and "In progress" in row.group(1)
    filtered = app.test_client().get(f"/plan?agency={SYNTHETIC_AGENCY}").get_data(as_text=True)
    assert 'data-group="13"' in filtered and 'data-group="1"' not in filtered


@pytest.mark.parametrize(("lang", "words"), [("vi", "không phải số"), ("en", "not a number")])
def test_a_bad_percent_is_refused_in_the_users_language(
    editor: FlaskClient, store: Store, lang: str, words: str
) -> None:
    data = progress_form(editor, "13.3", percent="abc")
    response = editor.post(f"/staff/progress/13.3?lang={lang}", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="progress-error"' in html
    error = re.search(r'id="progress-error">(.*?)</p>', html, re.S)
    assert error and words in error.group(1).lower(), error and error.group(1)
    assert 'value="abc"' in html, "the form keeps what was typed"
    assert store.task_progress_history("13.3") == []


def test_a_date_outside_the_plan_period_is_refused(editor: FlaskClient, store: Store) -> None:
    data = progress_form(editor, "13.3", effective_date="2019-05-01")
    response = editor.post("/staff/progress/13.3?lang=en", data=data)
    assert response.status_code == 400
    assert store.task_progress_history("13.3") == []


def test_an_editor_limited_to_agencies_cannot_report_for_another(app: Flask, store: Store) -> None:
    limited = signed_in(app, LIMITED)
    html = limited.get("/staff/progress?lang=en").get_data(as_text=True)
    assert SYNTHETIC_AGENCY in html and 'id="my-agencies"' in html
    data = progress_form(limited, "13.3", lead_agency=OTHER_AGENCY)
    assert limited.post("/staff/progress/13.3?lang=en", data=data).status_code == 403
    assert store.task_progress_history("13.3") == []
    data = progress_form(limited, "13.3")
    assert limited.post("/staff/progress/13.3", data=data).status_code == 303


# -- evidence files ----------------------------------------------------------------------------

SYNTHETIC_PDF = b"%PDF-1.4\n% synthetic evidence for tests\n%%EOF\n"


@pytest.fixture
def evidence_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Evidence is kept under GREENMAP_DATA_PATH (read by core): a folder of this test's own."""
    monkeypatch.setenv("GREENMAP_DATA_PATH", str(tmp_path / "evidence-data"))
    return tmp_path / "evidence-data" / "evidence"


def test_an_evidence_file_is_uploaded_listed_and_downloaded_by_anyone(
    editor: FlaskClient, app: Flask, store: Store, evidence_dir: Path
) -> None:
    data: dict[str, object] = dict(progress_form(editor, "13.3"))
    data["evidence_file"] = [(io.BytesIO(SYNTHETIC_PDF), "Biên bản thử.pdf")]
    response = editor.post("/staff/progress/13.3", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    [entry] = store.task_progress_history("13.3")
    [item] = entry["evidence"]
    assert item["label"] == "Biên bản thử.pdf" and item["size"] == len(SYNTHETIC_PDF)
    html = editor.get("/staff/progress/13.3?lang=vi").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and 'name="evidence_file"' in html
    link = re.search(r'<a href="(/evidence/[^"]+)" data-evidence-file', html)
    assert link and "Biên bản thử.pdf" in html
    download = app.test_client().get(link.group(1).replace("&amp;", "&"))
    assert download.status_code == 200
    assert download.data == SYNTHETIC_PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "Bi%C3%AAn%20b%E1%BA%A3n" in disposition
    report = app.test_client().get(f"/reports/{YEAR}?lang=en").get_data(as_text=True)
    assert "Evidence" in report and "Biên bản thử.pdf" in report
    word = docx.Document(io.BytesIO(app.test_client().get(f"/reports/{YEAR}.docx").data))
    assert any(p.text == "Minh chứng: Biên bản thử.pdf" for p in word.paragraphs)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("setup.exe", b"MZ\x90\x00 synthetic", "only pdf, docx"),
        ("anh.pdf", b"\x89PNG\r\n\x1a\n synthetic", "is not what the .pdf"),
    ],
)
def test_a_wrong_evidence_file_is_refused_and_nothing_recorded(
    editor: FlaskClient, store: Store, evidence_dir: Path, name: str, content: bytes, words: str
) -> None:
    data: dict[str, object] = dict(progress_form(editor, "13.3"))
    data["evidence_file"] = [(io.BytesIO(content), name)]
    response = editor.post(
        "/staff/progress/13.3?lang=en", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    error = re.search(r'id="progress-error">(.*?)</p>', response.get_data(as_text=True), re.S)
    assert error and words in error.group(1).lower()
    assert store.task_progress_history("13.3") == []
    assert not evidence_dir.exists() or list(evidence_dir.iterdir()) == []


@pytest.mark.parametrize(
    "path",
    [
        "/evidence/0123456789abcdef-missing.pdf",
        "/evidence/../greenmap.sqlite",
        "/evidence/%2e%2e/greenmap.sqlite",
        "/evidence/sub/0123456789abcdef-a.pdf",
        "/evidence/.0123456789abcdef.part",
    ],
)
def test_unknown_or_unsafe_evidence_names_are_404(
    app: Flask, evidence_dir: Path, path: str
) -> None:
    evidence_dir.mkdir(parents=True)
    (evidence_dir / ".0123456789abcdef.part").write_bytes(SYNTHETIC_PDF)
    assert app.test_client().get(path).status_code == 404


# -- targets --------------------------------------------------------------------------------


def test_a_target_value_is_stored_charted_and_categorised(
    editor: FlaskClient, app: Flask, store: Store
) -> None:
    baseline = value_form(editor, "c4", kind="baseline", year="2020", value="70")
    assert editor.post("/staff/targets", data=baseline).status_code == 303
    assert (
        editor.post("/staff/targets", data=value_form(editor, "c4", value="80,5")).status_code
        == 303
    )
    values = store.target_values("c4")
    assert sorted(v["value"] for v in values) == [70.0, 80.5]
    html = app.test_client().get("/plan/targets?lang=vi").get_data(as_text=True)
    card = re.search(r'<article class="pg-card" id="target-c4".*?</article>', html, re.S)
    assert card, "the target has its card"
    assert "<svg" in card.group(0) and 'class="ch-line"' not in card.group(0)
    assert 'class="ch-base"' in card.group(0) and 'class="ch-point"' in card.group(0)
    assert "80,5%" in card.group(0), "Vietnamese decimal comma"
    assert "cat-on_track" in card.group(0) or "cat-acceleration_needed" in card.group(0)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_bad_value_is_refused_and_nothing_stored(
    editor: FlaskClient, store: Store, lang: str
) -> None:
    response = editor.post(
        f"/staff/targets?lang={lang}", data=value_form(editor, "b1", value="abc")
    )
    assert 400 <= response.status_code < 500
    html = response.get_data(as_text=True)
    error = re.search(r'id="targets-error">(.*?)</p>', html, re.S)
    assert error and ("abc" in error.group(1))
    assert store.target_values("b1") == []


def test_a_duplicate_measured_year_is_a_conflict(editor: FlaskClient, store: Store) -> None:
    assert editor.post("/staff/targets", data=value_form(editor, "b1")).status_code == 303
    assert (
        editor.post("/staff/targets", data=value_form(editor, "b1", value="10")).status_code == 409
    )
    assert len(store.target_values("b1")) == 1


def test_an_override_needs_a_reason_which_stays_visible(
    editor: FlaskClient, app: Flask, store: Store
) -> None:
    data = {
        "action": "override",
        "target_id": "b6",
        "category": "on_track",
        "reason": "  ",
        "csrf_token": token(editor, "/staff/targets"),
    }
    response = editor.post("/staff/targets?lang=en", data=data)
    assert response.status_code == 400
    assert "reason" in response.get_data(as_text=True).lower()
    assert "b6" not in store.current_overrides()
    data["reason"] = "Lý do thử nghiệm (synthetic)"
    assert editor.post("/staff/targets", data=data).status_code == 303
    html = app.test_client().get("/plan/targets?lang=vi").get_data(as_text=True)
    card = re.search(r'<article class="pg-card" id="target-b6".*?</article>', html, re.S)
    assert card and "Lý do thử nghiệm (synthetic)" in card.group(0)
    assert "cat-on_track" in card.group(0)


def _import(client: FlaskClient, body: bytes, name: str = "values.csv") -> tuple[int, str]:
    data = {
        "action": "import_check",
        "file": (io.BytesIO(body), name),
        "csrf_token": token(client, "/staff/targets"),
    }
    response = client.post("/staff/targets?lang=en", data=data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_bulk_import_checks_then_applies(editor: FlaskClient, store: Store) -> None:
    bad = b"target_id,kind,year,value,source,note\nzz9,measured,2025,1,Synthetic,\n"
    status, html = _import(editor, bad)
    assert status == 422 and 'id="import-issues"' in html and "zz9" in html
    assert 'id="import-apply"' not in html
    good = (
        b"target_id,kind,year,value,source,note\n"
        b"b6,measured,2024,90,Synthetic source,\nb6,measured,2025,95,Synthetic source,\n"
    )
    status, html = _import(editor, good)
    assert status == 200 and 'id="import-apply"' in html
    assert store.target_values("b6") == [], "checking stores nothing"
    payload = re.search(r'name="payload" value="([^"]+)"', html)
    assert payload
    data = {
        "action": "import_apply",
        "filename": "values.csv",
        "payload": payload.group(1),
        "csrf_token": token(editor, "/staff/targets"),
    }
    assert editor.post("/staff/targets", data=data).status_code == 303
    assert [v["value"] for v in store.target_values("b6")] == [90.0, 95.0]


# -- admin settings ----------------------------------------------------------------------------


def test_admin_sets_weights_and_agencies(admin: FlaskClient, store: Store) -> None:
    csrf = token(admin, "/staff/progress/settings")
    data = {"weight_13.1": "2", "weight_13.2": "1,5", "csrf_token": csrf}
    assert admin.post("/staff/plan/weights/13", data=data).status_code == 303
    assert store.group_weights(13) == {"13.1": 2.0, "13.2": 1.5}
    bad = {"weight_13.1": "abc", "csrf_token": csrf}
    response = admin.post("/staff/plan/weights/13?lang=en", data=bad)
    assert response.status_code == 400 and "not a number" in response.get_data(as_text=True)
    assert store.group_weights(13) == {"13.1": 2.0, "13.2": 1.5}
    data = {"agencies": f"{SYNTHETIC_AGENCY}\n{OTHER_AGENCY}", "csrf_token": csrf}
    assert admin.post(f"/staff/users/{EDITOR}/agencies", data=data).status_code == 303
    assert store.user_agencies(EDITOR) == sorted([SYNTHETIC_AGENCY, OTHER_AGENCY])


# -- reports ---------------------------------------------------------------------------------


def test_issuing_freezes_the_report_and_lists_it(
    admin: FlaskClient, app: Flask, store: Store
) -> None:
    assert admin.post("/staff/targets", data=value_form(admin, "b1", value="9")).status_code == 303
    csrf = token(admin, "/reports")
    response = admin.post(f"/staff/reports/{YEAR}/issue", data={"csrf_token": csrf})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/reports/{YEAR}?revision=1")
    listing = app.test_client().get("/reports?lang=en").get_data(as_text=True)
    assert f'data-report="{YEAR}-1"' in listing and ADMIN in listing
    (checksum,) = [r["checksum"] for r in store.issued_reports(YEAR)]
    assert f'title="{checksum}"' in listing  # the public list shows what to verify against
    issued = app.test_client().get(f"/reports/{YEAR}?revision=1").get_data(as_text=True)
    # An edit after issuing changes the live report, not the issued one.
    assert (
        admin.post(
            "/staff/targets", data=value_form(admin, "b1", year="2024", value="7")
        ).status_code
        == 303
    )
    again = app.test_client().get(f"/reports/{YEAR}?revision=1").get_data(as_text=True)
    strip = lambda h: re.sub(r'name="csrf-token" content="[^"]+"', "", h)  # noqa: E731
    assert strip(again) == strip(issued)
    targets = app.test_client().get("/plan/targets?lang=en").get_data(as_text=True)
    assert 'data-testid="changed-b1"' in targets and 'data-testid="changed-b2"' not in targets
    assert app.test_client().get(f"/reports/{YEAR}?revision=9").status_code == 404


def test_issuing_is_for_admins(editor: FlaskClient) -> None:
    csrf = token(editor, "/staff/progress")
    assert editor.post(f"/staff/reports/{YEAR}/issue", data={"csrf_token": csrf}).status_code == 403


@pytest.mark.parametrize(
    ("ext", "kind", "magic"),
    [
        ("docx", "wordprocessingml", b"PK"),
        ("xlsx", "spreadsheetml", b"PK"),
    ],
)
def test_downloads_have_type_and_name(app: Flask, ext: str, kind: str, magic: bytes) -> None:
    response = app.test_client().get(f"/reports/{YEAR}.{ext}?lang=en")
    assert response.status_code == 200
    assert kind in response.headers["Content-Type"]
    disposition = response.headers["Content-Disposition"]
    assert f'filename="greenmap-report-{YEAR}-en.{ext}"' in disposition
    assert response.data.startswith(magic)


def test_bad_report_years_and_revisions_are_4xx(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/reports/1999").status_code == 400
    assert client.get(f"/reports/{YEAR}?revision=abc").status_code == 400
    assert client.get("/reports/2040.docx").status_code == 400


# -- charts ------------------------------------------------------------------------------------


def test_chart_escapes_text_and_draws_a_band_for_a_range() -> None:
    data = ChartData(
        "Chỉ tiêu <script>", (2020, 8.0), [(2023, 9.0), (2024, 9.6)], 9.5, 10.5, unit="%"
    )
    svg = str(target_chart(data, "vi", chart_id="c-x"))
    assert "<script>" not in svg and "Chỉ tiêu &lt;script&gt;" in svg
    assert 'class="ch-band"' in svg and 'class="ch-target"' not in svg
    assert 'class="ch-line"' in svg and svg.count('class="ch-point"') == 2
    assert "9,5–10,5%" in svg and ">2020<" in svg and ">2030<" in svg


def test_chart_of_a_target_without_data_says_so() -> None:
    row = {
        "id": "c4",
        "target": {
            "id": "c4",
            "comparison": "about",
            "value_min": 90.0,
            "value_max": 90.0,
            "unit": "%",
            "target_year": 2030,
        },
        "series": [],
        "baseline": None,
    }
    svg = str(chart_for(row, "en", "Solid waste", "%"))
    assert 'class="ch-target"' in svg and "no data yet" in svg and "<circle" not in svg
