"""The project tracker (/projects, /projects.csv, /projects.xlsx) on both backends.

The bundled layers and plan are loaded once per backend for the tests of what is listed,
filtered, sorted and downloaded; formatting, phases, parts and formula cells are checked
on SYNTHETIC records (named as such) in a fresh store.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from flask.testing import FlaskClient

from tests.conftest import new_postgis_url
from tests.factories import synthetic_layer, synthetic_point
from webmap.core.facets import FacetFilter
from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import load_plan_into
from webmap.core.projects import list_projects
from webmap.domain import CAPACITY_THEME, Feature, StatusEvent
from webmap.store import FeatureFilter, Store
from webmap.web import create_app

BAC_LIEU_WIND = "wind_farms:osm-r14045016"
SOC_TRANG_WIND = "wind_farms:osm-r18122780"  # in the neighbouring province: context

_ROW = re.compile(r'<tr data-key="([^"]+)">(.*?)</tr>', re.S)
_MW = re.compile(r'data-mw="([^"]*)"')


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgis"])
def bundled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Every bundled layer and the plan, loaded once per backend for this module."""
    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("projects") / "greenmap.sqlite"
        url = f"sqlite:///{path}"
        Store(url).upgrade()
    else:
        admin = request.getfixturevalue("postgis_admin_url")
        url = new_postgis_url(admin, request.getfixturevalue("postgis_template"))
    store = Store(url)
    load_plan_into(store)
    for spec in select_specs([]):
        load_one(store, spec)
    yield store
    store.dispose()


@pytest.fixture
def client(bundled: Store) -> FlaskClient:
    return create_app({"DATABASE_URL": bundled.url}).test_client()


def _projects(store: Store) -> list[Feature]:
    """Every project of the bundled data, read independently of the tracker."""
    layers = [layer.id for layer in store.list_layers()]
    return [f for f in store.iter_features(FeatureFilter(layers=layers)) if f.role == "project"]


def _rows(html: str) -> list[tuple[str, str]]:
    return _ROW.findall(html)


def _keys(html: str) -> list[str]:
    return [key for key, _ in _rows(html)]


def _mws(html: str) -> list[float | None]:
    return [float(v) if v else None for _, row in _rows(html) for v in _MW.findall(row)]


def _page(client: FlaskClient, query: str = "") -> str:
    response = client.get(f"/projects?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def _capacity(feature: Feature) -> float | None:
    phases = [p.get("capacity_mw") for p in feature.properties.get("phases") or []]
    phased = [float(mw) for mw in phases if isinstance(mw, int | float)]
    if phased:
        return math.fsum(phased)
    mw = feature.properties.get("capacity_mw")
    return float(mw) if isinstance(mw, int | float) else None


# -- what is listed ---------------------------------------------------------------------


def test_only_projects_are_listed_with_their_parts_counted(
    client: FlaskClient, bundled: Store
) -> None:
    projects = _projects(bundled)
    html = _page(client)
    keys = _keys(html)
    assert len(keys) == len(set(keys)) == len(projects)
    assert set(keys) == {f.key for f in projects}
    assert not [k for k in keys if k.split(":")[0] in {"wind_turbines", "districts", "province"}]
    assert SOC_TRANG_WIND not in keys and BAC_LIEU_WIND in keys
    assert f"<strong>{len(projects)} dự án</strong>" in html
    turbines = [
        f
        for f in bundled.iter_features(FeatureFilter(layers=["wind_turbines"]))
        if f.parent_key == BAC_LIEU_WIND
    ]
    assert turbines, "the bundled turbines are parts of the Bạc Liêu wind farm"
    row = dict(_rows(html))[BAC_LIEU_WIND]
    assert f"{len(turbines)} tua-bin" in row
    assert f'href="/sites/{BAC_LIEU_WIND}"' in row and 'href="/plan/tasks/8.5"' in row
    assert "Điện gió" in row or "điện gió" in row  # the layer title, not its id
    for raw in ("None", "False", "{'", "wind_farms</td>"):
        assert raw not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=operating", lambda f: f.status == "operating"),
        ("district=960", lambda f: "960" in f.districts),
        ("task=13.3", lambda f: "13.3" in f.tasks),
        (
            "layer=wind_farms&capacity_min=100&capacity_max=300",
            lambda f: f.layer_id == "wind_farms" and 100 <= (_capacity(f) or -1) <= 300,
        ),
        (
            "status=planned&status=operating&layer=wind_farms,solar_farms",
            lambda f: (
                f.status in ("planned", "operating") and f.layer_id in ("wind_farms", "solar_farms")
            ),
        ),
    ],
)
def test_filters_pick_the_projects_they_name(
    client: FlaskClient, bundled: Store, query: str, expected: Any
) -> None:
    want = {f.key for f in _projects(bundled) if expected(f)}
    assert want, f"the bundled data has projects for {query}"
    assert set(_keys(_page(client, query))) == want


def test_task_13_3_lists_its_three_waste_sites(client: FlaskClient) -> None:
    html = _page(client, "task=13.3")
    keys = _keys(html)
    assert len(keys) == 3 and all(k.startswith("waste_sites:") for k in keys)
    assert "<strong>3 dự án</strong>" in html
    summary = html.split('id="pj-summary"')[1].split("</p>")[0]
    assert "MW" not in summary  # waste sites are not measured in MW: no "0 MW" total
    assert '<option value="13.3" selected>' in html  # the form shows the filter in force


def test_capacity_range_applies_to_energy_layers_only(client: FlaskClient, bundled: Store) -> None:
    """The map's rule: a waste site has no MW and is not filtered out by a range."""
    themes = {layer.id: layer.theme for layer in bundled.list_layers()}
    keys = _keys(_page(client, "capacity_min=1000"))
    energy = [k for k in keys if themes[k.split(":")[0]] == CAPACITY_THEME]
    assert energy and all((_capacity(bundled.get_feature(k)) or 0) >= 1000 for k in energy)
    assert any(k.startswith("waste_sites:") for k in keys)


# -- order and totals -------------------------------------------------------------------


def test_sort_by_capacity_orders_rows_and_marks_the_column(client: FlaskClient) -> None:
    down = _page(client, "sort=-capacity")
    values = _mws(down)
    known = [v for v in values if v is not None]
    assert len(known) >= 10 and known == sorted(known, reverse=True)
    assert values[: len(known)] == known  # rows without a capacity come last
    assert re.search(r'<th scope="col" class="num" aria-sort="descending">\s*<button', down)
    assert 'name="sort" value="capacity"' in down  # pressing again reverses
    up = [v for v in _mws(_page(client, "sort=capacity")) if v is not None]
    assert up == sorted(up) and up == known[::-1]
    assert "aria-sort" not in _page(client).split("<tbody>")[0].split("</caption>")[1]


def test_totals_add_up(client: FlaskClient, bundled: Store) -> None:
    table = list_projects(bundled, FacetFilter())
    assert sum(t.count for t in table.by_status) == len(table.rows)
    assert sum(t.count for t in table.by_layer) == len(table.rows)
    shown = math.fsum(r.capacity_mw for r in table.rows if r.capacity_mw is not None)
    assert math.isclose(table.capacity_mw, shown)
    assert math.isclose(math.fsum(t.capacity_mw for t in table.by_status), shown)
    assert math.isclose(math.fsum(t.capacity_mw for t in table.by_layer), shown)
    wind = next(t for t in table.by_layer if t.key == "wind_farms")
    assert wind.count == sum(1 for r in table.rows if r.layer.id == "wind_farms")
    html = _page(client)
    total = f"{table.capacity_mw:,.3f}".rstrip("0").rstrip(".").replace(",", ".")
    assert f'<td class="num">{total}</td>' in html.split('id="pj-by-status"')[1]


# -- downloads --------------------------------------------------------------------------


def _csv(client: FlaskClient, query: str) -> list[list[str]]:
    response = client.get(f"/projects.csv?{query}")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_csv_has_the_rows_shown_in_their_order(client: FlaskClient) -> None:
    query = "layer=wind_farms&sort=-capacity"
    rows = _csv(client, query)
    assert rows[0][0] == "Tên (tiếng Việt)" and rows[0][-1] == "Mã"
    assert [r[-1] for r in rows[1:]] == _keys(_page(client, query))
    capacities = [float(r[3]) for r in rows[1:] if r[3]]
    assert capacities == sorted(capacities, reverse=True)
    html = _page(client, query)
    assert 'href="/projects.csv?layer=wind_farms&amp;sort=-capacity"' in html


def test_xlsx_opens_and_has_the_same_rows(client: FlaskClient) -> None:
    query = "status=planned&sort=name"
    response = client.get(f"/projects.xlsx?{query}")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None and sheet.freeze_panes == "A2"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Tên (tiếng Việt)"
    assert [r[-1] for r in values[1:]] == _keys(_page(client, query))
    csv_rows = _csv(client, query)
    assert [[c or "" for c in r[:3]] for r in values[1:]] == [r[:3] for r in csv_rows[1:]]
    mws = [r[3] for r in values[1:]]
    assert mws and all(isinstance(v, float | int) or v is None for v in mws)
    assert sheet.cell(row=2, column=4).number_format == "#,##0.0##"


@pytest.mark.parametrize(
    ("url", "vi"),
    [
        ("/projects?sort=size", "Không sắp xếp được theo 'size'"),
        ("/projects?capacity_min=abc", "capacity_min phải là số."),
        ("/projects.csv?capacity_max=1e999", "capacity_max phải là số."),
        ("/projects.xlsx?sort=-", "Không sắp xếp được"),
        ("/projects?status=built", "Trạng thái không hợp lệ: built"),
        ("/projects?layer=no_such_layer", "Không có lớp no_such_layer"),
    ],
)
def test_bad_parameters_are_a_400_in_vietnamese(client: FlaskClient, url: str, vi: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert vi in unescape(response.get_data(as_text=True))


# -- synthetic records: formatting, phases, parts, formula cells ------------------------


def _synthetic_client(store: Store) -> FlaskClient:
    layer = synthetic_layer("synthetic_projects")
    day = StatusEvent("under_construction", date(2019, 5, 31), "synthetic", date_precision="day")
    records = [
        synthetic_point(
            1, "synthetic_projects", name_vi="=1+1", properties={"capacity_mw": 1234.5}
        ),
        synthetic_point(2, "synthetic_projects", name_vi="Dự án thử có ngày", status_history=[day]),
        synthetic_point(
            3,
            "synthetic_projects",
            name_vi="Dự án thử nhiều giai đoạn",
            district_code="960",
            district_name="Huyện thử Đông Hải",
            today_unit="Tỉnh thử Cà Mau",
            districts=["960"],
            properties={
                "capacity_mw": 241.2,
                "offshore": True,
                "phases": [
                    {
                        "name_vi": "Giai đoạn thử 1",
                        "name_en": "Synthetic phase 1",
                        "capacity_mw": 99,
                        "status": "operating",
                        "status_date": "2016",
                        "date_precision": "year",
                        "source": "synthetic",
                    },
                    {
                        "name_vi": "Giai đoạn thử 2",
                        "name_en": "Synthetic phase 2",
                        "capacity_mw": 141.2,
                        "status": "planned",
                        "status_date": "2025-04",
                        "source": "synthetic",
                    },
                ],
            },
        ),  # fmt: skip
        synthetic_point(4, "synthetic_projects", name_vi="Dự án thử chưa rõ", status_history=[]),
        synthetic_point(5, "synthetic_projects", name_vi="Ngữ cảnh thử", role="context", tasks=[]),
    ]
    for i, (precision, when) in enumerate(
        [("year", date(2019, 1, 1)), ("end_of_year", date(2018, 12, 31)),
         ("month", date(2019, 5, 1)), ("recorded", date(2025, 6, 26))], start=6,
    ):  # fmt: skip
        event = StatusEvent("operating", when, "synthetic", date_precision=precision)
        records.append(
            synthetic_point(
                i, "synthetic_projects", name_vi=f"Thử {precision}", status_history=[event]
            )
        )
    store.load_layer(layer, records, checksum="p")
    parts_layer = synthetic_layer("synthetic_parts")
    parts_layer.role, parts_layer.part_of = "part", "synthetic_projects"
    parts = [
        synthetic_point(
            i, "synthetic_parts", role="part", parent_key="synthetic_projects:3", tasks=[]
        )
        for i in range(3)
    ] + [synthetic_point(9, "synthetic_parts", role="part", tasks=[])]
    store.load_layer(parts_layer, parts, checksum="q")
    return create_app({"DATABASE_URL": store.url}).test_client()


def test_formula_cells_are_neutralised_in_both_downloads(store: Store) -> None:
    client = _synthetic_client(store)
    rows = _csv(client, "sort=name")
    formula = next(r for r in rows if r[-1] == "synthetic_projects:1")
    assert formula[0] == "'=1+1" and formula[3] == "1234.5"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/projects.xlsx").data)).active
    assert sheet is not None
    cell = next(
        row[0] for row in sheet.iter_rows(min_row=2) if row[-1].value == "synthetic_projects:1"
    )
    assert cell.value in ("=1+1", "'=1+1") and cell.data_type == "s"  # text, never a formula


def test_numbers_dates_and_statuses_in_the_page_language(store: Store) -> None:
    client = _synthetic_client(store)
    vi = _page(client, "lang=vi")
    for text in ("1.234,5 MW", "31/05/2019", ">2019<", "cuối năm 2018", "05/2019",
                 "theo dữ liệu ngày 26/06/2025", "Chưa rõ", "ngoài khơi Huyện thử Đông Hải",
                 "nay: Tỉnh thử Cà Mau"):  # fmt: skip
        assert text in vi, text
    en = _page(client, "lang=en")
    for text in ("1,234.5 MW", "31 May 2019", "end of 2018", "May 2019",
                 "as recorded on 26 Jun 2025", "Unknown", "off Huyện thử Đông Hải"):  # fmt: skip
        assert text in en, text
    assert "Ngữ cảnh thử" not in vi  # context in a project layer is never a row
    assert "None" not in vi and "None" not in en


def test_phases_show_their_sum_and_mix_and_parts_are_counted(store: Store) -> None:
    client = _synthetic_client(store)
    html = _page(client, "lang=vi")
    row = dict(_rows(html))["synthetic_projects:3"]
    assert "240,2 MW (2 giai đoạn)" in row
    assert "Giai đoạn thử 1: 99 MW, Đang vận hành (2016)" in row
    assert "Giai đoạn thử 2: 141,2 MW, Trong quy hoạch (04/2025)" in row
    assert "Nguồn khác ghi cả dự án là 241,2 MW" in row  # the disagreement is shown
    assert "3 × Lớp thử nghiệm synthetic_parts" in row  # parts under their project
    assert "synthetic_parts:" not in html  # parts are never rows
    assert "×" not in dict(_rows(html))["synthetic_projects:2"]  # no parts: nothing said
    table = list_projects(store, FacetFilter())
    by_status = {t.key: t for t in table.by_status}
    assert math.isclose(by_status["operating"].capacity_mw, 99.0)
    # Points 1 (1 234.5 MW) and 3 are planned projects; only phase 2 of point 3 is planned.
    assert math.isclose(by_status["planned"].capacity_mw, 1234.5 + 141.2)
    assert by_status["planned"].count == 2


def test_empty_result_says_so_and_keeps_the_filters_open(store: Store) -> None:
    client = _synthetic_client(store)
    html = _page(client, "q=khong-co-du-an-nay")
    assert "Không có dự án nào phù hợp với bộ lọc." in html
    assert '<details class="pj-filter-box" open>' in html
