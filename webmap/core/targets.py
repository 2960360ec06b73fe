"""The 2030 targets: baselines and measured values, bulk import, overrides, the table.

A value is a baseline (the value a target is measured from, in its year: the decision names
2014 for emissions intensity and 2020 for the size of GRDP) or a measured value of a year of
the plan period, each with its source. Values are appended, never changed: the current
baseline is the one recorded last, and one measured value a year (a second is a conflict).
A bulk file (CSV in UTF-8 or XLSX, columns ``target_id, kind, year, value, source, note``)
is checked row by row, each problem naming its row and column, and stored only when no row
has an error, in one transaction. The category of each target comes from
:mod:`webmap.core.ontrack`; an editor's override (with its reason) takes precedence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from webmap.core.bulk_status import read_table
from webmap.core.ontrack import CATEGORIES, UNITS, assess, unit_label, value_unit
from webmap.core.progress import parse_number, raise_problems
from webmap.domain.dates import parse_partial_date
from webmap.errors import Conflict, NotFound
from webmap.store import Store

__all__ = [
    "CATEGORIES",
    "COLUMNS",
    "KINDS",
    "UNITS",
    "ImportLine",
    "ImportResult",
    "import_target_values",
    "override",
    "record_target_value",
    "target_table",
]

#: Kind → (Vietnamese, English) label.
KINDS: dict[str, tuple[str, str]] = {
    "baseline": ("Giá trị cơ sở", "Baseline"),
    "measured": ("Giá trị đo", "Measured value"),
}
#: Years a value may have: baselines reach back before the plan, measurements are in it.
YEARS = {"baseline": (2000, 2030), "measured": (2023, 2030)}
#: Columns of a bulk file (``note`` may be absent).
COLUMNS = ("target_id", "kind", "year", "value", "source", "note")
REQUIRED = COLUMNS[:5]
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "target_id": ("Mã chỉ tiêu", "Target"),
    "kind": ("Loại giá trị", "Kind"),
    "year": ("Năm", "Year"),
    "value": ("Giá trị", "Value"),
    "observed_date": ("Ngày công bố số liệu", "Date observed"),
    "source": ("Nguồn", "Source"),
    "note": ("Ghi chú", "Note"),
    "category": ("Đánh giá", "Category"),
    "reason": ("Lý do", "Reason"),
}
MAX_ROWS = 2000
MAX_SOURCE = 500
MAX_NOTE = 2000

Problem = tuple[str, str, str]  # field, Vietnamese, English
Row = dict[str, Any]


@dataclass
class ImportLine:
    """A problem of one row of a bulk file (``row`` as a spreadsheet numbers it)."""

    row: int
    field: str
    value: str
    level: str
    message_vi: str
    message_en: str


@dataclass
class ImportResult:
    """The report of a bulk file: its problems, the rows it holds, whether they were stored."""

    lines: list[ImportLine] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    applied: bool = False

    @property
    def errors(self) -> int:
        """Problems that stop the file from being stored."""
        return sum(line.level == "error" for line in self.lines)

    @property
    def ok(self) -> bool:
        """True when the file has rows and no error."""
        return bool(self.rows) and not self.errors


# --- checking a value -----------------------------------------------------------------------


def _problem(name: str, vi: str, en: str) -> Problem:
    label_vi, label_en = FIELD_LABELS.get(name, (name, name))
    return name, f"{label_vi}: {vi}", f"{label_en}: {en}"


def _text(value: Any) -> str:
    """A cell as text (``None`` as empty; a whole spreadsheet number without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _kind(value: Any, problems: list[Problem]) -> str | None:
    text = _text(value).lower()
    for kind, labels in KINDS.items():
        if text == kind or text in (label.lower() for label in labels):
            return kind
    problems.append(
        _problem(
            "kind",
            f"“{text[:40]}” không hợp lệ; dùng baseline hoặc measured.",
            f"“{text[:40]}” is not valid; use baseline or measured.",
        )
    )
    return None


def _year(value: Any, kind: str | None, problems: list[Problem]) -> int | None:
    text = _text(value)
    first, last = YEARS.get(kind or "", (2000, 2030))
    last = min(last, date.today().year)  # a value is measured, never forecast
    if not text.isdigit() or not first <= int(text) <= last:
        which_vi = "giá trị cơ sở" if kind == "baseline" else "giá trị đo"
        which_en = "a baseline" if kind == "baseline" else "a measured value"
        problems.append(
            _problem(
                "year",
                f"“{text[:40]}”: năm của {which_vi} phải từ {first} đến {last}.",
                f"“{text[:40]}”: the year of {which_en} must be from {first} to {last}.",
            )
        )
        return None
    return int(text)


def _value(value: Any, problems: list[Problem]) -> float | None:
    number = parse_number(value)
    if number is None:
        text = _text(value)[:40]
        problems.append(
            _problem(
                "value",
                f"“{text}” không phải số (ví dụ 9,5 hoặc 9.5).",
                f"“{text}” is not a number (e.g. 9.5 or 9,5).",
            )
        )
    return number


def _observed(value: Any, today: date, problems: list[Problem]) -> date | None:
    text = _text(value)
    if not text:
        return None
    parsed = parse_partial_date(value)
    if parsed is None or parsed[0] > today or parsed[0].year < YEARS["baseline"][0]:
        problems.append(
            _problem(
                "observed_date",
                f"“{text[:40]}” không phải ngày hợp lệ (từ năm 2000, không ở tương lai).",
                f"“{text[:40]}” is not a valid date (from 2000, not in the future).",
            )
        )
        return None
    return parsed[0]


def _source_note(row: Mapping[str, Any], problems: list[Problem]) -> tuple[str, str]:
    source, note = _text(row.get("source")), _text(row.get("note"))
    if not source or len(source) > MAX_SOURCE:
        problems.append(
            _problem(
                "source",
                f"cần ghi nguồn số liệu (tối đa {MAX_SOURCE} ký tự).",
                f"give the source of the value ({MAX_SOURCE} characters at most).",
            )
        )
    if len(note) > MAX_NOTE:
        problems.append(_problem("note", f"tối đa {MAX_NOTE} ký tự.", f"{MAX_NOTE} at most."))
    return source, note


def _duplicate(target_id: str, year: int) -> Problem:
    return _problem(
        "year",
        f"chỉ tiêu {target_id} đã có giá trị đo năm {year}; mỗi năm một giá trị.",
        f"target {target_id} already has a measured value for {year}; one a year.",
    )


def check_value(
    row: Mapping[str, Any],
    known: set[str],
    taken: set[tuple[str, int]],
    *,
    today: date | None = None,
) -> tuple[Row | None, list[Problem]]:
    """The store's row for one value, or the problems that stop it. ``known`` are the
    target ids; ``taken`` the (target, year) pairs that already have a measured value."""
    problems: list[Problem] = []
    target_id = _text(row.get("target_id"))
    if target_id not in known:
        problems.append(
            _problem(
                "target_id",
                f"không có chỉ tiêu “{target_id[:40]}”.",
                f"no target “{target_id[:40]}”.",
            )
        )
    kind = _kind(row.get("kind"), problems)
    year = _year(row.get("year"), kind, problems)
    value = _value(row.get("value"), problems)
    observed = _observed(row.get("observed_date"), today or date.today(), problems)
    source, note = _source_note(row, problems)
    if kind == "measured" and year is not None and (target_id, year) in taken:
        problems.append(_duplicate(target_id, year))
    if problems:
        return None, problems
    out = {"target_id": target_id, "kind": kind, "year": year, "value": value}
    return {**out, "observed_date": observed, "source": source, "note": note}, []


def _targets(store: Store) -> dict[str, Row]:
    return {t["id"]: t for t in store.targets()}


def _taken(store: Store) -> set[tuple[str, int]]:
    """(target, year) pairs that already have a measured value."""
    return {
        (target_id, int(v["year"]))
        for target_id, values in store.all_target_values().items()
        for v in values
        if v["kind"] == "measured"
    }


def _require_target(targets: Mapping[str, Row], target_id: str) -> None:
    if target_id not in targets:
        raise NotFound(f"Không có chỉ tiêu {target_id!r}.", f"No target {target_id!r}.")


# --- one value ------------------------------------------------------------------------------


def record_target_value(store: Store, target_id: str, form: Mapping[str, Any], *, by: str) -> Row:
    """Check a value form (kind, value, year, observed_date, source, note) for ``target_id``
    and store it; returns the row stored.

    Raises:
        NotFound: for an unknown target.
        BadRequest: naming every field at fault (``details["fields"]``).
        Conflict: for a second measured value of the same year.
    """
    targets = _targets(store)
    _require_target(targets, target_id)
    row, problems = check_value({**form, "target_id": target_id}, set(targets), set())
    raise_problems(problems)
    assert row is not None
    if row["kind"] == "measured" and (target_id, row["year"]) in _taken(store):
        raise Conflict(*_duplicate(target_id, row["year"])[1:], field="year")
    store.add_target_values([row], actor=by)
    return row


# --- a bulk file ----------------------------------------------------------------------------


def _header(rows: list[dict[Any, Any]]) -> list[Row]:
    """Rows keyed by trimmed lower-case column names; blank rows dropped."""
    out = []
    for row in rows:
        clean = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        if any(_text(v) for v in clean.values()):
            out.append(clean)
    return out


def read_values_file(filename: str, data: bytes) -> list[Row]:
    """A bulk file's rows (CSV in UTF-8, with or without BOM, or XLSX: its first sheet)."""
    expected = f"cần: {', '.join(COLUMNS)}", f"expected: {', '.join(COLUMNS)}"
    return read_table(
        filename, data, required=REQUIRED, max_rows=MAX_ROWS, expected=expected, clean=_header
    )


def check_values_file(store: Store, filename: str, data: bytes) -> ImportResult:
    """Every row of a bulk file checked: its problems (row, column, value) and its rows."""
    known, taken = set(_targets(store)), _taken(store)
    result = ImportResult()
    for number, raw in enumerate(read_values_file(filename, data), start=2):  # 1: header
        row, problems = check_value(raw, known, taken)
        for name, vi, en in problems:
            value = _text(raw.get(name))[:80]
            result.lines.append(ImportLine(number, name, value, "error", vi, en))
        if row is not None:
            result.rows.append(row)
            if row["kind"] == "measured":
                taken.add((row["target_id"], row["year"]))
    return result


def import_target_values(
    store: Store, filename: str, data: bytes, *, by: str, apply: bool
) -> ImportResult:
    """Check a bulk file and, when ``apply`` and no row has an error, store all its values in
    one transaction; nothing is stored otherwise."""
    result = check_values_file(store, filename, data)
    if apply and result.ok:
        store.add_target_values(result.rows, actor=by)
        result.applied = True
    return result


# --- override -------------------------------------------------------------------------------


def override(store: Store, target_id: str, category: str, reason: str, *, by: str) -> None:
    """Set a target's category by hand (``""`` clears it); a reason is always required and
    stays visible beside the category."""
    _require_target(_targets(store), target_id)
    category = category.strip()
    problems = []
    if category and category not in CATEGORIES:
        shown = category[:40]
        problems.append(_problem("category", f"“{shown}” không hợp lệ.", f"“{shown}” is invalid."))
    if not reason.strip():
        problems.append(_problem("reason", "cần ghi lý do điều chỉnh.", "a reason is required."))
    raise_problems(problems)
    store.add_target_override(target_id, category, reason.strip(), actor=by)


# --- the table ------------------------------------------------------------------------------


def _baseline(target: Mapping[str, Any], values: list[Row]) -> Row | None:
    """The baseline recorded last; else the decision's baseline year with no value."""
    stored = [v for v in values if v["kind"] == "baseline"]
    if stored:
        return {**max(stored, key=lambda v: v["id"]), "stored": True}
    if target.get("baseline_year"):
        return {"year": target["baseline_year"], "value": None, "stored": False}
    return None


def _units(target: Mapping[str, Any]) -> Row:
    unit, measured = str(target.get("unit") or ""), value_unit(target)
    return {
        "unit_vi": unit_label(unit, "vi"),
        "unit_en": unit_label(unit, "en"),
        "value_unit_vi": unit_label(measured, "vi"),
        "value_unit_en": unit_label(measured, "en"),
    }


def target_row(target: Mapping[str, Any], values: list[Row], over: Row | None) -> Row:
    """One target's row: baseline, series, latest, assessment, override and the category
    shown (the override's when there is one)."""
    baseline = _baseline(target, values)
    series = sorted((v for v in values if v["kind"] == "measured"), key=lambda v: v["year"])
    base = (baseline["year"], baseline["value"]) if baseline and baseline["stored"] else None
    assessment = assess(
        target,
        base,
        [(v["year"], v["value"]) for v in series],
        target_year=int(target.get("target_year") or 2030),
    )
    return {
        "id": target["id"],
        "target": dict(target),
        **_units(target),
        "baseline": baseline,
        "series": series,
        "latest": series[-1] if series else None,
        "assessment": assessment,
        "override": over,
        "category": over["category"] if over else assessment.category,
    }


def target_table(store: Store) -> list[Row]:
    """Every target in document order with its values, assessment and override."""
    values = store.all_target_values()
    overrides = store.current_overrides()
    return [target_row(t, values.get(t["id"], []), overrides.get(t["id"])) for t in store.targets()]
