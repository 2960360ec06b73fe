"""Cell values an officer writes: statuses, dates, numbers, task lists."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from webmap.domain import STATUSES, fold

#: Status code -> words an officer may write for it (Vietnamese and English labels and common
#: synonyms). The first two are the labels the site shows.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "proposed": ("Đề xuất", "Proposed", "kiến nghị"),
    "planned": ("Trong quy hoạch", "Planned", "quy hoạch", "dự kiến", "kế hoạch"),
    "investment_call": ("Kêu gọi đầu tư", "Investment call", "đang kêu gọi đầu tư"),
    "approved": ("Đã phê duyệt", "Approved", "phê duyệt", "đã cấp phép", "chủ trương đầu tư"),
    "under_construction": (
        "Đang xây dựng", "Under construction", "đang thi công", "xây dựng", "thi công",
    ),
    "operating": (
        "Đang vận hành", "Operating", "vận hành", "đã vận hành", "đang hoạt động", "hoạt động",
        "in operation",
    ),
    "suspended": ("Tạm dừng", "Suspended", "tạm ngưng", "ngừng hoạt động"),
    "cancelled": ("Đã hủy", "Cancelled", "hủy", "hủy bỏ", "canceled", "đã hủy bỏ"),
}
_STATUS_BY_WORD: dict[str, str] = {
    fold(word): code
    for code in STATUSES
    for word in (code, *STATUS_WORDS.get(code, ()))
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?$")
_TASK_SPLIT = re.compile(r"[,;\s]+")


def status_code(value: Any) -> str | None:
    """The status code a cell means (a code, a label or a synonym, any case or accents)."""
    return _STATUS_BY_WORD.get(fold(str(value)))


def parse_date(value: Any) -> tuple[date, str] | None:
    """``(date, precision)`` of ``2024-05-17``, ``17/05/2024``, ``05/2024``, ``2024-05``, ``2024``.

    Precision is ``day``, ``month`` or ``year`` (the date is then the first day of the month
    or year). ``None`` for anything else or an impossible date.
    """
    if isinstance(value, date):
        return value, "day"
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = text.strip()
    for pattern, parts in (
        (_ISO, (1, 2, 3)),
        (_DAY_FIRST, (3, 2, 1)),
        (_MONTH_YEAR, (2, 1, None)),
        (_YEAR, (1, None, None)),
    ):
        m = pattern.match(text)
        if m:
            return _build(*(m.group(i) if i else None for i in parts))
    return None


def _build(year: str | None, month: str | None, day: str | None) -> tuple[date, str] | None:
    precision = "day" if day else "month" if month else "year"
    try:
        return date(int(year or 0), int(month or 1), int(day or 1)), precision
    except ValueError:
        return None


def parse_number(value: Any) -> float | None:
    """A number written as ``12.5``, ``12,5`` or ``1 200``; ``None`` when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(" ", "").replace("\u00a0", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
    return number if number == number and abs(number) != float("inf") else None


def task_codes(value: Any) -> list[str]:
    """The task codes a cell lists (``"8.5, 13.3"`` -> ``["8.5", "13.3"]``)."""
    text = str(int(value)) if isinstance(value, int) else str(value)
    return [part for part in _TASK_SPLIT.split(text.strip()) if part]
