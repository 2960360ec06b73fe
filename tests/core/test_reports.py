"""The yearly report (webmap.core.reports) on synthetic data: the period's boundaries, the
data, the DOCX, the XLSX, the map figure, and issued revisions that never change."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image
from shapely.geometry import Point, box

from tests.factories import synthetic_layer
from webmap.core import reports
from webmap.core.plan import load_plan_into
from webmap.core.reports.figure import COLOURS, HEIGHT, WIDTH
from webmap.domain import Feature, StatusEvent
from webmap.errors import BadRequest, NotFound
from webmap.store import Store

LAYER = "synthetic_report"
NOW = datetime(2025, 11, 20, 8, 0, tzinfo=UTC)
#: A results text a spreadsheet would run as a formula (synthetic).
FORMULA = '=HYPERLINK("http://example.invalid","bấm")'


def _event(status: str, day: date, precision: str = "day") -> StatusEvent:
    return StatusEvent(status, day, "synthetic test data", date_precision=precision)


def _site(i: int, events: list[StatusEvent], *, located: bool = True) -> Feature:
    """A synthetic project (its place is made up, inside the synthetic province box)."""
    return Feature(
        key=f"{LAYER}:{i}",
        layer_id=LAYER,
        name_vi=f"Dự án thử {i}",
        name_en=f"Synthetic project {i}",
        geometry=Point(105.5 + i * 0.02, 9.3) if located else None,
        precision="site" if located else "unlocated",
        source="synthetic test data",
        licence="CC0-1.0",
        tasks=["8.5"],
        status_history=events,
    )


#: Key → (status before, status after) of the changes inside the 2025 period.
CHANGES_2025 = {
    f"{LAYER}:1": (("planned", "operating"), "operating"),
    f"{LAYER}:2": (("approved", "under_construction"), "under_construction"),
    f"{LAYER}:4": ((None, "cancelled"), "cancelled"),
}


def synthetic_sites() -> list[Feature]:
    """Statuses on both sides of the 2025 period's boundaries (15 Nov 2024, 14 Nov 2025)."""
    return [
        # planned long before; operating on the first day of the period: a change in 2025.
        _site(1, [_event("planned", date(2023, 5, 1)), _event("operating", date(2024, 11, 15))]),
        # approved on the last day of 2024's period; building on the last day of 2025's.
        _site(
            2,
            [
                _event("approved", date(2024, 11, 14)),
                _event("under_construction", date(2025, 11, 14)),
            ],
        ),
        # a status the day after the period ends: not in the 2025 report.
        _site(3, [_event("planned", date(2025, 11, 15))]),
        # cancelled in November 2025, known to the month only: in, but the date is uncertain.
        _site(4, [_event("cancelled", date(2025, 11, 1), "month")], located=False),
        # the same status again inside the period: no change.
        _site(5, [_event("planned", date(2024, 6, 1)), _event("planned", date(2025, 3, 1))]),
    ]


def synthetic_province() -> Feature:
    return Feature(
        key="province:synthetic",
        layer_id="province",
        name_vi="Tỉnh thử",
        geometry=box(105.4, 9.1, 105.7, 9.5),
        precision="site",
        source="synthetic test data",
        licence="CC0-1.0",
        role="context",
    )


def fill(store: Store) -> None:
    """The plan, a synthetic project layer and province, progress and target values."""
    load_plan_into(store)
    store.load_layer(synthetic_layer(LAYER), synthetic_sites(), checksum="s1")
    province = synthetic_layer("province", "Polygon")
    province.role = "context"
    store.load_layer(province, [synthetic_province()], checksum="p1")
    entry = {"period_year": 2025, "lead_agency": "Sở Thử nghiệm", "partner_agencies": ["Sở A"]}
    store.add_task_progress(
        {
            **entry,
            "task_code": "1.1",
            "status": "completed",
            "effective_date": "2025-06-01",
            "results": "Kết quả thử 1.1",
            "obstacles": "Khó khăn thử",
            "proposals": "Đề xuất thử",
        },
        actor="tester",
    )
    store.add_task_progress(
        {
            **entry,
            "task_code": "1.2",
            "status": "in_progress",
            "percent": 40,
            "effective_date": "2025-10-01",
            "results": FORMULA,
        },
        actor="tester",
    )
    # dated after the period's end: the 2025 report keeps 1.2's entry of October.
    store.add_task_progress(
        {
            **entry,
            "task_code": "1.2",
            "status": "completed",
            "effective_date": "2025-12-01",
            "period_year": 2026,
        },
        actor="tester",
    )
    store.add_target_values(
        [
            {"target_id": "b1", "kind": "measured", "year": 2024, "value": 9.0, "source": "thử"},
            {"target_id": "b1", "kind": "measured", "year": 2025, "value": 9.75, "source": "thử"},
            {"target_id": "b1", "kind": "measured", "year": 2026, "value": 1.0, "source": "thử"},
        ],
        actor="tester",
    )


@pytest.fixture
def filled(store: Store) -> Store:
    fill(store)
    return store


@pytest.fixture(scope="module")
def data_2025(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The 2025 report's data from a SQLite store (renderers are pure: one backend does)."""
    path = tmp_path_factory.mktemp("report") / "report.sqlite"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    fill(store)
    try:
        return reports.report_data(store, 2025, now=NOW)
    finally:
        store.dispose()


# -- the period -------------------------------------------------------------------------


def test_the_period_runs_from_15_november_to_14_november() -> None:
    assert reports.period(2025) == (date(2024, 11, 15), date(2025, 11, 14))


@pytest.mark.parametrize("year", [2022, 2031, 1900])
def test_a_year_outside_the_plan_is_refused(year: int) -> None:
    with pytest.raises(BadRequest):
        reports.check_year(year)


# -- the data (both backends) -----------------------------------------------------------


def test_report_data_has_the_changes_inside_the_period_only(filled: Store) -> None:
    data = reports.report_data(filled, 2025, now=NOW)
    changes = {p["key"]: ((p["old_status"], p["status"]), p["category"]) for p in data["projects"]}
    assert changes == CHANGES_2025
    uncertain = {p["key"] for p in data["projects"] if p["date_uncertain"]}
    assert uncertain == {f"{LAYER}:4"}
    assert data["period"] == {"start": "2024-11-15", "end": "2025-11-14"}
    assert data["summary"]["changes"]["by_category"] == {
        "operating": 1,
        "under_construction": 1,
        "cancelled": 1,
    }
    # 2024's report sees site 2 approved (14 Nov 2024) and site 1 still planned.
    earlier = reports.report_data(filled, 2024, now=NOW)
    assert {(p["key"], p["status"]) for p in earlier["projects"]} == {
        (f"{LAYER}:2", "approved"),
        (f"{LAYER}:5", "planned"),
    }


def test_report_data_is_json_and_the_same_twice(filled: Store) -> None:
    first = reports.report_data(filled, 2025, now=NOW)
    assert json.loads(json.dumps(first)) == first
    assert reports.report_data(filled, 2025, now=NOW) == first
    groups = first["groups"]
    assert [g["number"] for g in groups] == list(range(1, 19))
    assert sum(len(g["tasks"]) for g in groups) == 74
    assert [t["id"] for t in first["targets"]][:3] == ["a1", "a2", "b1"]
    assert len(first["targets"]) == 24


def test_report_data_takes_progress_and_values_as_of_the_period(filled: Store) -> None:
    data = reports.report_data(filled, 2025, now=NOW)
    tasks = {t["code"]: t for g in data["groups"] for t in g["tasks"]}
    assert tasks["1.1"]["status"] == "completed" and tasks["1.1"]["reported"]
    assert (tasks["1.2"]["status"], tasks["1.2"]["percent"]) == ("in_progress", 40)
    assert tasks["2.1"]["status"] is None and not tasks["2.1"]["reported"]
    group = data["groups"][0]
    assert len(group["tasks"]) == 2 and group["percent"] == 70.0  # (100 + 40) / 2
    b1 = next(t for t in data["targets"] if t["id"] == "b1")
    assert b1["latest"]["year"] == 2025 and b1["latest"]["value"] == 9.75  # not 2026's
    assert [v["year"] for v in b1["series"]] == [2024, 2025]
    assert b1["category"] == b1["assessment"]["category"] != "not_enough_data"
    assert data["summary"]["tasks"]["reported"] == 2
    assert data["summary"]["targets"]["total"] == 24
    assert data["map"]["unlocated"] == 1 and data["map"]["province"]


def test_issued_reports_are_numbered_and_frozen(filled: Store) -> None:
    first = reports.issue(filled, 2025, by="admin")
    second = reports.issue(filled, 2025, by="admin")
    assert (first["revision"], second["revision"]) == (1, 2)
    frozen = reports.issued_data(filled, 2025, 1)
    filled.add_task_progress(
        {
            "task_code": "2.1",
            "period_year": 2025,
            "status": "completed",
            "effective_date": "2025-07-01",
            "results": "Sửa sau khi ban hành",
        },
        actor="tester",
    )
    again = reports.issued_data(filled, 2025, 1)
    assert again == frozen and again["issued"]["verified"]
    assert again["issued"]["checksum"] == first["checksum"]
    live = reports.report_data(filled, 2025)
    assert live["summary"]["tasks"]["reported"] == again["summary"]["tasks"]["reported"] + 1
    assert [r["revision"] for r in reports.issued_reports(filled, 2025)] == [2, 1]
    with pytest.raises(NotFound):
        reports.issued_data(filled, 2025, 3)


# -- renderings (pure: from the data) ---------------------------------------------------


def _docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_docx_has_every_group_every_target_and_the_values(data_2025: dict[str, Any]) -> None:
    body = reports.render_docx(data_2025, "vi")
    doc = Document(io.BytesIO(body))
    styled = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs]
    headings = [text for style, text in styled if style == "Heading 2"]
    assert [h.split(".")[0] for h in headings] == [f"Nhóm {n}" for n in range(1, 19)]
    sections = [text[:4] for style, text in styled if style == "Heading 1"]
    assert [s for s in sections if s.startswith(("I.", "II.", "III.", "IV."))] == [
        "I. K",
        "II. ",
        "III.",
        "IV. ",
    ]
    table = doc.tables[0]
    assert len(table.rows) == 1 + 24
    ids = [row.cells[1].text.split(".")[0] for row in table.rows[1:]]
    assert ids == [t["id"] for t in data_2025["targets"]]
    text = _docx_text(body)
    title = "Báo cáo kết quả thực hiện Kế hoạch hành động tăng trưởng xanh tỉnh Bạc Liêu năm 2025"
    assert title in text
    assert "9,75%/năm (2025)" in text  # b1's latest value, written the Vietnamese way
    assert "Kết quả thử 1.1" in text and "Khó khăn thử" in text and "Đề xuất thử" in text
    assert "Dự án thử 1" in text and "Trong quy hoạch → Đang vận hành" in text
    assert len(doc.inline_shapes) == 1  # the map figure


def test_docx_in_english(data_2025: dict[str, Any]) -> None:
    text = _docx_text(reports.render_docx(data_2025, "en"))
    assert "Group 18." in text and "9.75%/year (2025)" in text
    assert "Planned → Operating" in text


def test_xlsx_has_the_rows_numbers_and_neutralised_text(data_2025: dict[str, Any]) -> None:
    book = load_workbook(io.BytesIO(reports.render_xlsx(data_2025, "en")))
    assert book.sheetnames == ["Targets", "Tasks", "Projects"]
    targets, tasks, projects = (book[n] for n in book.sheetnames)
    assert targets.max_row == 1 + 24 and tasks.max_row == 1 + 74
    assert projects.max_row == 1 + len(CHANGES_2025)
    header = [c.value for c in tasks[1]]
    assert header[:4] == ["Group", "Code", "Task", "Status"]
    row = next(r for r in tasks.iter_rows(min_row=2) if r[1].value == "1.2")
    assert row[4].value == 40 and row[3].value == "In progress"
    assert row[7].value == "'" + FORMULA and row[7].data_type == "s"
    b1 = next(r for r in targets.iter_rows(min_row=2) if r[0].value == "b1")
    assert (b1[6].value, b1[7].value) == (2025, 9.75)
    vi = load_workbook(io.BytesIO(reports.render_xlsx(data_2025, "vi")))
    assert vi.sheetnames == ["Chỉ tiêu", "Nhiệm vụ", "Dự án"]


def test_map_figure_is_a_png_of_the_expected_size(data_2025: dict[str, Any]) -> None:
    image = Image.open(io.BytesIO(reports.map_figure(data_2025, "vi")))
    assert image.format == "PNG" and image.size == (WIDTH, HEIGHT)
    rgb = image.convert("RGB")
    colours = {rgb.getpixel((x, y)) for x in range(0, WIDTH - 300, 2) for y in range(0, HEIGHT, 2)}
    operating = tuple(int(COLOURS["operating"][i : i + 2], 16) for i in (1, 3, 5))
    assert operating in colours  # site 1, operating at the period's end, is drawn


def test_map_figure_without_any_layer_still_draws() -> None:
    empty = {"map": {"province": [], "districts": [], "projects": [], "unlocated": 0}}
    image = Image.open(io.BytesIO(reports.map_figure(empty, "en")))
    assert image.size == (WIDTH, HEIGHT)


def test_html_page_renders_from_the_data(data_2025: dict[str, Any], tmp_path: Path) -> None:
    from flask import render_template

    from webmap.web import create_app

    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    Store(url).upgrade()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "synthetic-test"})
    with app.test_request_context("/reports/2025?lang=en"):
        page = render_template("report.html", **reports.html_context(data_2025, "en"))
    assert page.count('class="gm-report-group"') == 18
    assert page.count('id="report-target-') == 24
    assert "9.75%/year (2025)" in page and "data:image/png;base64," in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_shows_readers_no_command_line(data_2025: dict[str, Any], lang: str) -> None:
    text = _docx_text(reports.render_docx(data_2025, lang))
    assert "greenmap " not in text and " -o " not in text
    assert (
        "tải từ trang Báo cáo năm 2025" if lang == "vi" else "GreenMap's page of the 2025"
    ) in text
