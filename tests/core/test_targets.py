"""Target values (form and bulk import), overrides and the target table.

The targets are the bundled decision's; every value and source here is synthetic.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from webmap.core import targets
from webmap.core.ontrack import Assessment
from webmap.core.plan import load_plan_into
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store import Store

SOURCE = "Nguồn tổng hợp (synthetic)"
HEADER = "target_id,kind,year,value,source,note\n"


def _csv(*lines: str, bom: bool = False) -> bytes:
    text = HEADER + "".join(line + "\n" for line in lines)
    return ("\ufeff" + text if bom else text).encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [["target_id", "kind", "year", "value", "source", "note"], *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(table: list[dict[str, object]], target_id: str) -> dict[str, object]:
    return next(row for row in table if row["id"] == target_id)


def test_unit_labels() -> None:
    assert targets.UNITS["%/năm"] == ("%/năm", "%/year")
    assert targets.UNITS["lần"][1] == "times"
    assert targets.UNITS["triệu đồng"][1] == "million VND"
    assert targets.UNITS["tỷ USD"][1] == "billion USD"


# --- one value ------------------------------------------------------------------------------


def test_a_value_from_the_form(plan_db: Store) -> None:
    row = targets.record_target_value(
        plan_db,
        "b1",
        {"kind": "measured", "year": "2024", "value": "9,5", "source": SOURCE, "note": ""},
        by="synthetic",
    )
    assert row["value"] == 9.5
    stored = plan_db.target_values("b1")
    assert [(v["kind"], v["year"], v["value"]) for v in stored] == [("measured", 2024, 9.5)]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"value": "abc"}, "value"),
        ({"value": ""}, "value"),
        ({"year": "2022"}, "year"),  # a measured value before the plan period
        ({"year": "2031"}, "year"),
        ({"kind": "estimate"}, "kind"),
        ({"source": " "}, "source"),
        ({"observed_date": "2099-01-01"}, "observed_date"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    plan_db: Store, changes: dict[str, str], field: str
) -> None:
    form = {"kind": "measured", "year": "2024", "value": "9.5", "source": SOURCE, **changes}
    with pytest.raises(BadRequest) as caught:
        targets.record_target_value(plan_db, "b1", form, by="synthetic")
    assert caught.value.details["field"] == field
    fields = caught.value.details["fields"]
    assert isinstance(fields, dict) and field in fields
    assert plan_db.target_values("b1") == []


def test_a_baseline_may_be_before_the_plan(plan_db: Store) -> None:
    form = {"kind": "baseline", "year": "2014", "value": "100", "source": SOURCE}
    assert targets.record_target_value(plan_db, "a1", form, by="synthetic")["year"] == 2014


def test_a_second_value_for_the_same_year_is_a_conflict(plan_db: Store) -> None:
    form = {"kind": "measured", "year": "2024", "value": "9.5", "source": SOURCE}
    targets.record_target_value(plan_db, "b1", form, by="synthetic")
    with pytest.raises(Conflict):
        targets.record_target_value(plan_db, "b1", {**form, "value": "9.7"}, by="synthetic")
    assert len(plan_db.target_values("b1")) == 1


def test_an_unknown_target_is_not_found(plan_db: Store) -> None:
    with pytest.raises(NotFound):
        targets.record_target_value(plan_db, "z9", {}, by="synthetic")


# --- bulk import ----------------------------------------------------------------------------


def test_a_csv_is_checked_then_applied_in_one_go(plan_db: Store) -> None:
    data = _csv(
        f"b2,baseline,2020,1,{SOURCE},",
        f'b2,measured,2023,"1,3",{SOURCE},synthetic',
        f"b2,measured,2024,1.45,{SOURCE},",
        bom=True,
    )
    checked = targets.import_target_values(plan_db, "values.csv", data, by="s", apply=False)
    assert checked.ok and not checked.applied and len(checked.rows) == 3
    assert plan_db.target_values("b2") == []
    applied = targets.import_target_values(plan_db, "values.csv", data, by="s", apply=True)
    assert applied.applied
    assert [v["value"] for v in plan_db.target_values("b2")] == [1.0, 1.3, 1.45]


def test_a_file_with_errors_stores_nothing_and_names_rows_and_fields(plan_db: Store) -> None:
    data = _csv(
        f"b2,measured,2024,1.45,{SOURCE},",
        f"zz9,measured,2024,1,{SOURCE},",  # unknown target
        f"b1,measured,2024,abc,{SOURCE},",  # not a number
        "b1,measured,2025,9.5,,",  # no source
        f"b2,measured,2024,1.5,{SOURCE},",  # same year twice in the file
    )
    result = targets.import_target_values(plan_db, "values.csv", data, by="s", apply=True)
    assert not result.applied and not result.ok
    where = {(line.row, line.field) for line in result.lines}
    assert where == {(3, "target_id"), (4, "value"), (5, "source"), (6, "year")}
    value_line = next(line for line in result.lines if line.field == "value")
    assert value_line.value == "abc"
    assert "Giá trị" in value_line.message_vi and "Value" in value_line.message_en
    assert plan_db.all_target_values()["b2"] == []


def test_a_year_already_stored_is_an_error_of_its_row(plan_db: Store) -> None:
    targets.record_target_value(
        plan_db, "b1", {"kind": "measured", "year": "2024", "value": "9", "source": SOURCE}, by="s"
    )
    data = _csv(f"b1,measured,2024,9.8,{SOURCE},", f"b1,measured,2025,9.8,{SOURCE},")
    result = targets.import_target_values(plan_db, "v.csv", data, by="s", apply=True)
    assert [(line.row, line.field) for line in result.lines] == [(2, "year")]
    assert [v["year"] for v in plan_db.target_values("b1")] == [2024]


def test_an_xlsx_file(plan_db: Store) -> None:
    data = _xlsx([["d1", "measured", 2024, 96.5, SOURCE, None], [None] * 6])
    result = targets.import_target_values(plan_db, "values.xlsx", data, by="s", apply=True)
    assert result.applied and result.rows[0]["value"] == 96.5
    assert plan_db.target_values("d1")[0]["year"] == 2024


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("values.txt", b"target_id\n"),
        ("values.csv", b""),
        ("values.csv", b"target_id,kind,year\nb1,measured,2024\n"),
        ("values.csv", "target_id,kind\n".encode("utf-16")),
        ("values.xlsx", b"not a workbook"),
    ],
)
def test_an_unusable_file_is_refused(plan_db: Store, name: str, data: bytes) -> None:
    with pytest.raises(BadRequest):
        targets.import_target_values(plan_db, name, data, by="s", apply=True)


# --- overrides and the table ----------------------------------------------------------------


def test_an_override_needs_a_reason_and_a_known_category(plan_db: Store) -> None:
    with pytest.raises(BadRequest) as caught:
        targets.override(plan_db, "b1", "on_track", "  ", by="s")
    assert caught.value.details["field"] == "reason"
    with pytest.raises(BadRequest):
        targets.override(plan_db, "b1", "great", "Lý do tổng hợp", by="s")
    with pytest.raises(NotFound):
        targets.override(plan_db, "z9", "on_track", "Lý do tổng hợp", by="s")
    assert plan_db.current_overrides() == {}


def test_target_table_on_both_backends(store: Store) -> None:
    """The table's rows, their computed category, an override taking precedence with its
    reason, and clearing it."""
    load_plan_into(store)
    rows = [
        {"target_id": "b2", "kind": "baseline", "year": 2020, "value": 1.0, "source": SOURCE},
        {"target_id": "b2", "kind": "measured", "year": 2024, "value": 1.45, "source": SOURCE},
    ]
    data = _csv(*(f"{r['target_id']},{r['kind']},{r['year']},{r['value']},{SOURCE}," for r in rows))
    assert targets.import_target_values(store, "v.csv", data, by="s", apply=True).applied
    table = targets.target_table(store)
    assert [row["id"] for row in table] == [t["id"] for t in store.targets()]
    b2 = _row(table, "b2")
    assessment = b2["assessment"]
    assert isinstance(assessment, Assessment)
    assert assessment.category == "limited_progress" and b2["category"] == "limited_progress"
    assert b2["unit_en"] == "times" and b2["override"] is None
    assert b2["latest"]["value"] == 1.45  # type: ignore[index]
    assert b2["baseline"]["stored"] is True  # type: ignore[index]

    targets.override(store, "b2", "on_track", "Số liệu sơ bộ tổng hợp", by="s")
    b2 = _row(targets.target_table(store), "b2")
    assert b2["category"] == "on_track"
    assert b2["override"]["reason"] == "Số liệu sơ bộ tổng hợp"  # type: ignore[index]
    assert b2["assessment"].category == "limited_progress"  # type: ignore[attr-defined]

    targets.override(store, "b2", "", "Bỏ điều chỉnh tổng hợp", by="s")
    assert _row(targets.target_table(store), "b2")["category"] == "limited_progress"


def test_the_decisions_baseline_year_without_a_value(plan_db: Store) -> None:
    table = targets.target_table(plan_db)
    a1 = _row(table, "a1")
    assert a1["baseline"] == {"year": 2014, "value": None, "stored": False}
    assert a1["category"] == "not_enough_data"
    assert a1["value_unit_en"] == ""  # levels of emissions intensity, not per cent
    assert _row(table, "b1")["baseline"] is None  # the decision names no baseline year
    assert _row(table, "b1")["unit_en"] == "%/year"


def test_the_latest_baseline_counts(plan_db: Store) -> None:
    for value in ("100", "98"):
        form = {"kind": "baseline", "year": "2014", "value": value, "source": SOURCE}
        targets.record_target_value(plan_db, "a1", form, by="s")
    form = {"kind": "measured", "year": "2024", "value": "92", "source": SOURCE}
    targets.record_target_value(plan_db, "a1", form, by="s")
    a1 = _row(targets.target_table(plan_db), "a1")
    assert a1["baseline"]["value"] == 98.0  # type: ignore[index]
    assert a1["assessment"].base_value == 98.0  # type: ignore[attr-defined]


def test_a_measured_value_for_a_year_still_to_come_is_refused(plan_db: Store) -> None:
    from datetime import date

    next_year = date.today().year + 1
    if next_year > 2030:  # after the plan period every year is refused anyway
        next_year = 2031
    form = {"kind": "measured", "year": str(next_year), "value": "5", "source": "SYNTHETIC"}
    with pytest.raises(BadRequest):
        targets.record_target_value(plan_db, "c4", form, by="synthetic")
    assert plan_db.target_values("c4") == []
