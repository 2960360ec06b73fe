"""The report's annex as a spreadsheet (openpyxl): every target, task and project row.

Three sheets (targets, tasks, projects) with headings in the reader's language; numbers
are numbers; text that a spreadsheet would run as a formula gets a ``'`` first
(:func:`webmap.core.exports.neutralise`) and is stored as text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from webmap.core.exports import neutralise
from webmap.core.reports.labels import Labels
from webmap.core.reports.view import report_view

Row = Mapping[str, Any]
#: A sheet's columns: (heading key, width, cell of a row).
Columns = Sequence[tuple[str, int, Callable[[Labels, Row, Row], Any]]]


def _get(row: Row | None, name: str) -> Any:
    return None if row is None else row.get(name)


TARGET_COLUMNS: Columns = (
    ("col_id", 10, lambda lb, r, v: r["id"]),
    ("col_target", 60, lambda lb, r, v: v["indicator"]),
    ("col_unit", 14, lambda lb, r, v: lb.unit(r["unit"])),
    ("col_goal", 18, lambda lb, r, v: v["goal"]),
    ("col_baseline_year", 12, lambda lb, r, v: _get(r["baseline"], "year")),
    ("col_baseline", 14, lambda lb, r, v: _get(r["baseline"], "value")),
    ("col_latest_year", 12, lambda lb, r, v: _get(r["latest"], "year")),
    ("col_latest", 14, lambda lb, r, v: _get(r["latest"], "value")),
    ("col_source", 30, lambda lb, r, v: _get(r["latest"], "source") or ""),
    ("col_category", 24, lambda lb, r, v: v["category"]),
    ("col_basis", 60, lambda lb, r, v: v["basis"]),
    ("col_override", 40, lambda lb, r, v: (r["override"] or {}).get("reason", "")),
)
TASK_COLUMNS: Columns = (
    ("col_group", 8, lambda lb, r, v: r["group"]),
    ("col_code", 8, lambda lb, r, v: r["code"]),
    ("col_task", 60, lambda lb, r, v: v["text"]),
    ("col_status", 20, lambda lb, r, v: v["status"]),
    ("col_percent", 12, lambda lb, r, v: r["percent"]),
    ("col_lead", 28, lambda lb, r, v: r["lead_agency"]),
    ("col_partners", 28, lambda lb, r, v: v["partners"]),
    ("col_results", 50, lambda lb, r, v: r["results"]),
    ("col_obstacles", 50, lambda lb, r, v: r["obstacles"]),
    ("col_proposals", 50, lambda lb, r, v: r["proposals"]),
    ("col_reported_on", 14, lambda lb, r, v: r["effective_date"] or ""),
)
PROJECT_COLUMNS: Columns = (
    ("col_key", 34, lambda lb, r, v: r["key"]),
    ("col_project", 40, lambda lb, r, v: v["name"]),
    ("col_layer", 24, lambda lb, r, v: v["layer"]),
    ("col_old", 20, lambda lb, r, v: lb.status(r["old_status"])),
    ("col_new", 20, lambda lb, r, v: lb.status(r["status"])),
    ("col_date", 22, lambda lb, r, v: v["date"]),
    ("col_kind", 20, lambda lb, r, v: v["kind"]),
    ("col_source", 40, lambda lb, r, v: r["source"]),
)


def _cell_value(value: Any) -> Any:
    """``None`` as an empty cell, text neutralised, numbers as they are."""
    return neutralise(value) if isinstance(value, str) else value


def _fill(
    sheet: Worksheet, labels: Labels, columns: Columns, rows: Sequence[tuple[Row, Row]]
) -> None:
    """Heading row (bold, frozen, filterable), then one row per item."""
    sheet.append([labels.t(key) for key, _, _ in columns])
    for row, shown in rows:
        sheet.append([_cell_value(cell(labels, row, shown)) for _, _, cell in columns])
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even "=1+1": never a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (_, width, _) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def render_xlsx(data: Mapping[str, Any], lang: str = "vi") -> bytes:
    """The annex of the report of ``data`` as an ``.xlsx`` file in ``lang``."""
    labels = Labels(lang)
    view = report_view(data, lang)
    tasks = [
        ({**t, "group": g["number"]}, vt)
        for g, vg in zip(data["groups"], view["groups"], strict=True)
        for t, vt in zip(g["tasks"], vg["tasks"], strict=True)
    ]
    sheets = (
        ("sheet_targets", TARGET_COLUMNS, list(zip(data["targets"], view["targets"], strict=True))),
        ("sheet_tasks", TASK_COLUMNS, tasks),
        (
            "sheet_projects",
            PROJECT_COLUMNS,
            list(zip(data["projects"], view["projects"], strict=True)),
        ),
    )
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, columns, rows in sheets:
        _fill(book.create_sheet(labels.t(title)), labels, columns, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
