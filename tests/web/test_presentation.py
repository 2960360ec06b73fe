"""What officials read: labels from the layer spec, numbers and dates in the page's language
at their real precision, sources as links, task pages that list projects, not turbines.

Every feature here is SYNTHETIC (named as such): no real coordinate, capacity or date.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from shapely.geometry import Point

from etl.specs import load_spec, load_specs
from tests.etl.test_specs import _base, _write
from webmap.core.plan import load_plan_into
from webmap.domain import Feature, Layer, StatusEvent
from webmap.errors import SpecError
from webmap.store import Store
from webmap.web import create_app
from webmap.web.formatting import (
    Row,
    attribute_rows,
    citation,
    display_names,
    format_date,
    format_number,
    status_when,
    target_value,
)

FARMS = "synthetic_farms"
TURBINES = "synthetic_turbines"
GRID = "synthetic_grid"
FARM = f"{FARMS}:farm"
SOURCE = "synthetic test data, see https://example.org/synthetic?a=1&b=2."

LABELS: dict[str, dict[str, object]] = {
    "capacity_mw": {"vi": "Công suất", "en": "Capacity", "unit": {"vi": "MW", "en": "MW"}},
    "area_ha": {"vi": "Diện tích", "en": "Area", "unit": {"vi": "ha", "en": "ha"}},
    "in_province": {"vi": "Trong ranh giới tỉnh", "en": "Inside the province"},
    "dist_km": {"vi": "Cách ranh giới", "en": "Distance", "unit": {"vi": "km", "en": "km"},
                "omit_zero": True},
    "wikidata": {"vi": "Wikidata", "en": "Wikidata", "link": "https://www.wikidata.org/wiki/{value}"},
    "gppd": {"vi": "Cơ sở dữ liệu thử", "en": "Synthetic database"},
    "gppd.capacity_mw": {"vi": "Công suất", "en": "Capacity", "unit": {"vi": "MW", "en": "MW"}},
    "gppd.commissioning_year": {"vi": "Năm vận hành", "en": "Year commissioned"},
    "technology": {"vi": "Công nghệ", "en": "Technology",
                   "values": {"wind (synthetic)": {"vi": "Điện gió (thử)",
                                                   "en": "Wind (synthetic)"}}},
    "conflict": {"vi": "Các nguồn chưa thống nhất", "en": "Sources differ"},
    "served": {"vi": "Phục vụ", "en": "Serves"},
    "phases": {"vi": "Các giai đoạn", "en": "Phases"},
    "phases.capacity_mw": {"vi": "Công suất", "en": "Capacity", "unit": {"vi": "MW", "en": "MW"}},
    "phases.status": {"vi": "Trạng thái", "en": "Status"},
    "phases.status_date": {"vi": "Thời điểm", "en": "Date"},
}  # fmt: skip

PROPERTIES: dict[str, object] = {
    "capacity_mw": 1234.5,
    "area_ha": 977.75,
    "in_province": False,
    "beyond_buffer": False,
    "start_date": None,
    "dist_km": 0.0,
    "wikidata": "Q0000",
    "gppd": {"capacity_mw": 99.0, "commissioning_year": 2016, "owner": "not labelled"},
    "technology": "wind (synthetic)",
    "conflict_vi": "Nguồn A: 10 MW; nguồn B: 20 MW (thử)",
    "conflict_en": "Source A: 10 MW; source B: 20 MW (synthetic)",
    "served": [{"code": "901", "name": "Huyện thử Một"}, {"code": "902", "name": "Huyện thử Hai"}],
    "phases": [
        {"name_vi": "Giai đoạn thử 1", "name_en": "Synthetic phase 1", "capacity_mw": 40.0,
         "status": "operating", "status_date": "2016", "date_precision": "year"},
    ],
    "engineering_flag": "raw value not for officials",
    "name_in_source": "Synthetic Wind Power Plant Phase III",
}  # fmt: skip


def farms_layer() -> Layer:
    return Layer(
        id=FARMS, title_vi="Nhà máy điện gió thử", title_en="Synthetic wind farms",
        theme="energy", geometry_type="Point", source="synthetic", licence="CC0-1.0",
        attribution="Synthetic data", popup_fields=["capacity_mw", "area_ha", "in_province"],
        labels=LABELS,
    )  # fmt: skip


def turbines_layer() -> Layer:
    return Layer(
        id=TURBINES, title_vi="Tua-bin thử", title_en="Synthetic turbines", theme="energy",
        geometry_type="Point", source="synthetic", licence="CC0-1.0",
        attribution="Synthetic data", role="part", part_of=FARMS,
    )  # fmt: skip


def grid_layer() -> Layer:
    return Layer(
        id=GRID, title_vi="Lưới điện thử", title_en="Synthetic grid", theme="grid",
        geometry_type="Point", source="synthetic", licence="CC0-1.0",
        attribution="Synthetic data", role="context",
    )  # fmt: skip


def farm() -> Feature:
    history = [
        StatusEvent("approved", date(2014, 1, 1), "synthetic", date_precision="year"),
        StatusEvent("cancelled", date(2018, 12, 31), "synthetic", date_precision="end_of_year"),
        StatusEvent("operating", date(2025, 6, 26), SOURCE, date_precision="recorded"),
    ]
    return Feature(
        key=FARM, layer_id=FARMS, name_vi="Nhà máy điện gió thử nghiệm giai đoạn III",
        name_en="Synthetic Wind Power Plant Phase III", geometry=Point(105.5, 9.2),
        precision="site", source=SOURCE, licence="CC0-1.0", properties=dict(PROPERTIES),
        tasks=["8.5"], status_history=history,
    )  # fmt: skip


def turbine(i: int, parent: str | None) -> Feature:
    return Feature(
        key=f"{TURBINES}:{i}", layer_id=TURBINES, name_vi="Tua-bin thử",
        geometry=Point(105.5 + i * 0.001, 9.21), precision="site", source="synthetic",
        licence="CC0-1.0", role="part", parent_key=parent, tasks=["8.5"],
    )  # fmt: skip


def substation() -> Feature:
    return Feature(
        key=f"{GRID}:1", layer_id=GRID, name_vi="Trạm biến áp thử ngữ cảnh",
        geometry=Point(105.52, 9.2), precision="site", source="synthetic",
        licence="CC0-1.0", role="context", tasks=["8.5"],
    )  # fmt: skip


def main_text(html: str) -> str:
    """The visible text of a page's main element, whitespace collapsed."""
    main = re.search(r"<main[^>]*>(.*)</main>", html, re.S)
    assert main
    body = re.sub(r"<script.*?</script>", " ", main.group(1), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()


# ----------------------------------------------------------------------------- formatting
@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(977.75, "977,75", "977.75"), (73569.0, "73.569", "73,569"), (3200, "3.200", "3,200"),
     (0.12345, "0,123", "0.123"), (241.2, "241,2", "241.2"), (7, "7", "7")],
)  # fmt: skip
def test_numbers_in_the_page_language(value: float, vi: str, en: str) -> None:
    assert format_number(value, "vi") == vi and format_number(value, "en") == en


@pytest.mark.parametrize(
    ("value", "precision", "vi", "en"),
    [
        (date(2019, 5, 31), "day", "31/05/2019", "31 May 2019"),
        (date(2019, 5, 1), "month", "05/2019", "May 2019"),
        (date(2016, 1, 1), "year", "2016", "2016"),
        (date(2018, 12, 31), "end_of_year", "cuối năm 2018", "end of 2018"),
        (date(2025, 6, 26), "recorded",
         "theo dữ liệu ngày 26/06/2025", "as recorded on 26 Jun 2025"),
        ("2015", None, "2015", "2015"),
        ("2024-05-29", None, "29/05/2024", "29 May 2024"),
    ],
)  # fmt: skip
def test_dates_at_their_precision(value: object, precision: str, vi: str, en: str) -> None:
    assert format_date(value, precision, "vi") == vi
    assert format_date(value, precision, "en") == en


def test_a_status_without_a_date_says_so() -> None:
    assert status_when(None, None, "vi") == "chưa rõ ngày"
    assert status_when(None, None, "en") == "date unknown"
    assert status_when(date(2016, 1, 1), "year", "en") == "2016"


@pytest.mark.parametrize(
    ("target", "vi", "en"),
    [
        ({"comparison": "range", "value_min": 9.5, "value_max": 10.5, "unit": "%/năm"},
         "9,5–10,5%/năm", "9.5–10.5%/year"),
        ({"comparison": "range", "value_min": 3.5, "value_max": 4.0, "unit": "lần"},
         "3,5–4 lần", "3.5–4 times"),
        ({"comparison": "about", "value_min": 187.0, "value_max": 187.0, "unit": "triệu đồng"},
         "≈ 187 triệu đồng", "≈ 187 million VND"),
        ({"comparison": "about", "value_min": 1.7, "value_max": 1.7, "unit": "tỷ USD"},
         "≈ 1,7 tỷ USD", "≈ 1.7 billion USD"),
        ({"comparison": "reduce_by", "value_min": 15.0, "value_max": None, "unit": "%"},
         "giảm 15%", "reduce by 15%"),
    ],
)  # fmt: skip
def test_target_values_with_translated_units(target: dict, vi: str, en: str) -> None:
    assert target_value(target, "vi") == vi and target_value(target, "en") == en


def test_citation_links_addresses_and_escapes_the_rest() -> None:
    text = (
        "Báo <b>thử</b> (2020), https://example.org/a?x=1&y=2. Also laodong.vn/xa-hoi/thu.ldo; "
        'javascript:alert(1) https://example.org/"onmouseover="alert(1)'
    )
    out = str(citation(text))
    assert "&lt;b&gt;thử&lt;/b&gt;" in out and "<b>" not in out
    assert '<a href="https://example.org/a?x=1&amp;y=2" rel="noopener noreferrer"' in out
    assert ">example.org</a>." in out  # the full stop stays outside the link
    assert 'href="https://laodong.vn/xa-hoi/thu.ldo"' in out and ">laodong.vn</a>" in out
    assert 'href="javascript' not in out and '"onmouseover' not in out
    assert str(citation(None)) == ""


def test_attribute_rows_are_labelled_formatted_and_hide_raw_data() -> None:
    rows = attribute_rows(farm(), farms_layer(), "vi")
    flat = {r.label: r for r in rows}
    assert list(flat)[:2] == ["Công suất", "Diện tích"]  # popup fields first
    assert str(flat["Công suất"].value) == "1.234,5 MW"
    assert str(flat["Diện tích"].value) == "977,75 ha"
    assert "Trong ranh giới tỉnh" not in flat and "Cách ranh giới" not in flat  # False, 0 km
    assert 'href="https://www.wikidata.org/wiki/Q0000"' in str(flat["Wikidata"].value)
    gppd = flat["Cơ sở dữ liệu thử"]
    assert gppd.value is None and [(r.label, str(r.value)) for r in gppd.rows] == [
        ("Công suất", "99 MW"),
        ("Năm vận hành", "2016"),  # a year is not "2.016", the unlabelled owner is hidden
    ]
    assert str(flat["Công nghệ"].value) == "Điện gió (thử)"
    assert "Nguồn A" in str(flat["Các nguồn chưa thống nhất"].value)
    assert str(flat["Phục vụ"].value) == "Huyện thử Một, Huyện thử Hai"
    (phase,) = flat["Các giai đoạn"].rows
    assert phase.label == "Giai đoạn thử 1"
    assert [str(r.value) for r in phase.rows] == ["40 MW", "Đang vận hành", "2016"]
    shown = " ".join(f"{r.label} {r.value or ''}" for r in _walk(rows))
    for raw in ("False", "None", "beyond_buffer", "engineering_flag", "{'", "raw value"):
        assert raw not in shown
    english = {r.label: r for r in attribute_rows(farm(), farms_layer(), "en")}
    assert str(english["Area"].value) == "977.75 ha"
    assert "Source A" in str(english["Sources differ"].value)


def _walk(rows: list[Row]) -> list[Row]:
    return [x for r in rows for x in (r, *_walk(r.rows))]


def test_a_spec_name_comes_first_and_the_source_name_is_kept() -> None:
    assert display_names(farm(), "vi") == (
        "Nhà máy điện gió thử nghiệm giai đoạn III",
        "Synthetic Wind Power Plant Phase III",
    )
    assert display_names(farm(), "en") == ("Synthetic Wind Power Plant Phase III", None)
    plain = turbine(1, None)
    assert display_names(plain, "vi") == ("Tua-bin thử", None)


# ----------------------------------------------------------------------------- specs
def test_spec_labels_are_read_and_validated(tmp_path: Path) -> None:
    good = _base() + (
        '\n[labels]\ncapacity_mw = { vi = "Công suất", en = "Capacity", unit = "MW" }\n'
        '"gppd.owner" = { vi = "Chủ sở hữu", en = "Owner" }\n'
        'flow = { vi = "Lưu lượng", en = "Flow", unit = { vi = "m³/ngày", en = "m³/day" } }\n'
    )
    labels = load_spec(_write(tmp_path, good, "bad")).to_layer_record().labels
    assert labels["capacity_mw"] == {"vi": "Công suất", "en": "Capacity",
                                     "unit": {"vi": "MW", "en": "MW"}}  # fmt: skip
    assert labels["flow"]["unit"]["en"] == "m³/day" and "gppd.owner" in labels
    bad = {
        'x = { vi = "X", en = "X", colour = "red" }': "labels.x.colour",
        'x = { vi = "X" }': "labels.x.en",
        'x = { vi = "X", en = "X", link = "javascript:{value}" }': "labels.x.link",
        'x = { vi = "X", en = "X", omit_zero = "yes" }': "labels.x.omit_zero",
        'x = { vi = "X", en = "X", values = { a = { vi = "A" } } }': "labels.x.values.a.en",
    }
    for line, field in bad.items():
        with pytest.raises(SpecError) as exc:
            load_spec(_write(tmp_path, _base() + f"\n[labels]\n{line}\n", "bad"))
        assert exc.value.field == field, line


def test_every_bundled_popup_field_has_a_label() -> None:
    for spec in load_specs():
        missing = [f for f in spec.popup_fields if f not in spec.labels]
        assert not missing, f"{spec.id}: popup fields without a label: {missing}"
        for name, label in spec.labels.items():
            assert label["vi"].strip() and label["en"].strip(), f"{spec.id}.{name}"


# ----------------------------------------------------------------------------- pages
@pytest.fixture
def client(store: Store) -> FlaskClient:
    load_plan_into(store)
    store.load_layer(farms_layer(), [farm()], checksum="farms")
    parts = [turbine(i, FARM) for i in range(3)] + [turbine(i, None) for i in range(3, 5)]
    store.load_layer(turbines_layer(), parts, checksum="turbines")
    store.load_layer(grid_layer(), [substation()], checksum="grid")
    return create_app({"DATABASE_URL": store.url}).test_client()


def test_labels_are_stored_and_served(client: FlaskClient, store: Store) -> None:
    stored = store.get_layer(FARMS).labels
    assert stored == LABELS and list(stored) == list(LABELS)  # in the spec's order
    layers = {x["id"]: x for x in client.get("/api/layers").get_json()["layers"]}
    assert layers[FARMS]["labels"]["area_ha"]["unit"] == {"vi": "ha", "en": "ha"}
    assert layers[TURBINES]["labels"] == {}


def test_site_page_shows_labels_dates_and_citations(client: FlaskClient) -> None:
    html = client.get(f"/sites/{FARM}?lang=vi").get_data(as_text=True)
    text = main_text(html)
    assert "Nhà máy điện gió thử nghiệm giai đoạn III" in text
    assert "Tên trong nguồn: Synthetic Wind Power Plant Phase III" in text
    assert "Đang vận hành theo dữ liệu ngày 26/06/2025" in text
    assert "2014 Đã phê duyệt" in text and "cuối năm 2018 Đã hủy" in text
    assert "01/01/2014" not in text and "2014-01-01" not in text
    assert "977,75 ha" in text and "1.234,5 MW" in text
    assert 'href="https://example.org/synthetic?a=1&amp;b=2"' in html
    for raw in ("False", "None", "beyond_buffer", "engineering_flag", "{'", "[]"):
        assert raw not in text, raw
    english = main_text(client.get(f"/sites/{FARM}?lang=en").get_data(as_text=True))
    assert "977.75 ha" in english and "end of 2018 Cancelled" in english
    assert "as recorded on 26 Jun 2025" in english


def test_a_part_links_its_project_and_nearby_turbines_are_counted(client: FlaskClient) -> None:
    text = main_text(client.get(f"/sites/{TURBINES}:1?lang=vi").get_data(as_text=True))
    assert "Thuộc dự án: Nhà máy điện gió thử nghiệm giai đoạn III" in text
    html = client.get(f"/sites/{FARM}?lang=vi&within=25000").get_data(as_text=True)
    nearby = main_text(html).split("Khoảng cách", 1)[1]
    assert re.search(r"\b\d tua-bin thử Tua-bin thử \d+,\d km", nearby)  # one row, counted
    assert f'href="/sites/{TURBINES}:' not in html  # no row per turbine


def test_task_page_lists_projects_with_their_parts_counted(client: FlaskClient) -> None:
    html = client.get("/plan/tasks/8.5?lang=vi").get_data(as_text=True)
    text = main_text(html)
    assert "Dự án liên kết (1)" in text
    assert "Nhà máy điện gió thử" in text and FARMS not in text  # the title, not the id
    assert "3 tua-bin thử" in text  # the farm's turbines, counted under it
    assert "2 tua-bin thử" in text and "chưa gắn với dự án nào" in text
    assert "Trạm biến áp thử ngữ cảnh" not in text  # context is not a linked site
    assert html.count(f'href="/sites/{TURBINES}:') == 0
    assert "Đang vận hành theo dữ liệu ngày 26/06/2025" in text


def test_english_targets_page_translates_units(client: FlaskClient) -> None:
    text = main_text(client.get("/plan/targets?lang=en").get_data(as_text=True))
    assert "9.5–10.5%/year" in text and "3.5–4 times" in text
    assert "187 million VND" in text and "billion USD" in text
    for unit in ("%/năm", " lần", "triệu đồng", "tỷ USD"):
        assert unit not in text, unit
    vi = main_text(client.get("/plan/targets?lang=vi").get_data(as_text=True))
    assert "9,5–10,5%/năm" in vi and "Ký ngày 29/05/2024" in vi
