"""Dates as officers write them, kept at the precision they were written with."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_YEAR_NUMBER = re.compile(r"^(\d{4})\.0$")


def _built(year: str | None, month: str | None, day: str | None) -> tuple[date, str] | None:
    precision = "day" if day else "month" if month else "year"
    try:
        return date(int(year or 0), int(month or 1), int(day or 1)), precision
    except ValueError:
        return None


def parse_partial_date(value: object) -> tuple[date, str] | None:
    """A date and its precision from ``2024-05-17``, ``2024-05``, ``2024``, ``17/05/2024``
    or ``05/2024`` (day, month or year precision); ``None`` when it is no such date.

    A month or year is stored as its first day, with the precision saying how much is known.
    A spreadsheet's number ``2024.0`` is a year.
    """
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = str(value if value is not None else "").strip()
    text = _YEAR_NUMBER.sub(r"\1", text)
    for pattern, parts in (
        (_ISO, (1, 2, 3)),
        (_DAY_FIRST, (3, 2, 1)),
        (_MONTH_YEAR, (2, 1, None)),
    ):
        m = pattern.match(text)
        if m:
            return _built(*(m.group(i) if i else None for i in parts))
    return None
