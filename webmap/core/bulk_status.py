"""Status updates in bulk from a CSV or XLSX with the columns the layer export writes.

The file needs ``key``, ``status`` and ``status_date``; ``status_note`` and ``status_source``
are read when present. Every row is checked first; only a file without errors is applied, in
one transaction: all rows or none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import load_workbook

from etl.uploads.values import status_code
from webmap.domain import DATE_PRECISIONS, STATUSES, StatusEvent
from webmap.domain.dates import parse_partial_date
from webmap.errors import BadRequest
from webmap.store import Store

MAX_ROWS = 5000
REQUIRED = ("key", "status", "status_date")


@dataclass
class BulkLine:
    """One row's outcome: what is wrong (level error) or what will happen (info)."""

    row: int
    key: str
    level: str
    message_vi: str
    message_en: str


@dataclass
class BulkResult:
    """The report of a bulk status file and whether it was applied."""

    lines: list[BulkLine] = field(default_factory=list)
    events: list[tuple[str, StatusEvent]] = field(default_factory=list)
    applied: bool = False

    @property
    def errors(self) -> int:
        """Rows that stop the file from being applied."""
        return sum(line.level == "error" for line in self.lines)


def rows_csv(data: bytes) -> list[dict[str, Any]]:
    """A UTF-8 CSV's rows as dicts by header (a BOM is allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadRequest("Tệp CSV phải là UTF-8.", "The CSV file must be UTF-8.") from exc
    return list(csv.DictReader(io.StringIO(text)))


def rows_xlsx(data: bytes) -> list[dict[str, Any]]:
    """The first sheet's rows as dicts by its header row (values, never formulas)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise BadRequest("Không đọc được tệp Excel.", "The Excel file cannot be read.") from exc
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(v or "").strip() for v in next(values, ())]
    return [dict(zip(header, row, strict=False)) for row in values]


def read_table(
    filename: str,
    data: bytes,
    *,
    required: Sequence[str] = REQUIRED,
    max_rows: int = MAX_ROWS,
    expected: tuple[str, str] = ("các cột như tệp xuất của lớp", "as in a layer export"),
    clean: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """The rows of a CSV (UTF-8) or XLSX (first sheet) as dicts by column name, checked for
    the ``required`` columns and at most ``max_rows`` rows; ``expected`` says in the message
    which columns the file should have, ``clean`` tidies the rows before the checks."""
    name = filename.lower()
    if name.endswith(".csv"):
        rows = rows_csv(data)
    elif name.endswith(".xlsx"):
        rows = rows_xlsx(data)
    else:
        raise BadRequest("Chỉ nhận tệp .csv hoặc .xlsx.", "Upload a .csv or .xlsx file.")
    rows = clean(rows) if clean else rows
    if not rows:
        raise BadRequest("Tệp không có dòng số liệu nào.", "The file has no data rows.")
    missing = ", ".join(c for c in required if c not in rows[0])
    if missing:
        raise BadRequest(
            f"Tệp thiếu cột {missing} ({expected[0]}).",
            f"The file lacks the column(s) {missing} ({expected[1]}).",
        )
    if len(rows) > max_rows:
        raise BadRequest(f"Tệp có hơn {max_rows} dòng.", f"The file has more than {max_rows} rows.")
    return rows


def _status_date(row: dict[str, Any]) -> tuple[date, str] | None:
    """The row's status date at its precision: as written, or as the export's
    ``status_date_precision`` column says (the export writes a month as its first day)."""
    parsed = parse_partial_date(row.get("status_date"))
    precision = str(row.get("status_date_precision") or "").strip()
    if parsed is not None and precision in DATE_PRECISIONS:
        return parsed[0], precision
    return parsed


def _check_row(
    number: int, row: dict[str, Any], known: dict[str, tuple[str | None, date | None]]
) -> BulkLine | tuple[date, str]:
    key = str(row.get("key") or "").strip()
    status = status_code(row.get("status") or "") or str(row.get("status") or "").strip()
    if key not in known:
        return BulkLine(
            number, key, "error", "Không có đối tượng mã này.", "No feature has this id."
        )
    if status not in STATUSES:
        return BulkLine(
            number,
            key,
            "error",
            f"Trạng thái “{status}” không hợp lệ.",
            f"Unknown status “{status}”.",
        )
    parsed = _status_date(row)
    if parsed is None or parsed[0] > date.today():
        return BulkLine(
            number,
            key,
            "error",
            "Ngày trạng thái trống, sai hoặc ở tương lai.",
            "The status date is empty, invalid or in the future.",
        )
    return parsed


def check_file(store: Store, filename: str, data: bytes, *, source: str, by: str) -> BulkResult:
    """Every row checked; the events the file would add (rows equal to the current status skip)."""
    rows = read_table(filename, data)
    keys = [str(r.get("key") or "").strip() for r in rows]
    known = store.current_statuses(keys)
    result = BulkResult()
    for number, row in enumerate(rows, start=2):  # row 1 is the header, as a spreadsheet shows
        checked = _check_row(number, row, known)
        if isinstance(checked, BulkLine):
            result.lines.append(checked)
            continue
        key = keys[number - 2]
        status = status_code(row["status"]) or str(row["status"]).strip()
        when, precision = checked
        if known[key] == (status, when):
            result.lines.append(
                BulkLine(number, key, "info", "Không đổi: bỏ qua.", "Unchanged: skipped.")
            )
            continue
        row_source = str(row.get("status_source") or "").strip() or source.strip()
        if not row_source:
            result.lines.append(
                BulkLine(number, key, "error", "Thiếu nguồn trạng thái.", "No status source given.")
            )
            continue
        event = StatusEvent(
            status=status,
            effective_date=when,
            source=row_source[:500],
            note=str(row.get("status_note") or "").strip()[:2000],
            recorded_by=by,
            date_precision=precision,
        )
        result.events.append((key, event))
    return result


def bulk_statuses(
    store: Store, filename: str, data: bytes, *, source: str, by: str, apply: bool
) -> BulkResult:
    """Check a bulk status file and, when ``apply`` and it has no error, add all its events."""
    result = check_file(store, filename, data, source=source, by=by)
    if apply and not result.errors and result.events:
        store.add_statuses(result.events, actor=by)
        result.applied = True
    return result
