"""Dates as officers write them, kept at the precision they were written with."""

from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
_DMY = re.compile(r"^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$")


def parse_partial_date(value: object) -> tuple[date, str] | None:
    """A date and its precision from ``2024-05-17``, ``2024-05``, ``2024``, ``17/05/2024``
    or ``05/2024`` (day, month or year precision); ``None`` when it is no such date.

    A month or year is stored as its first day, with the precision saying how much is known.
    """
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    text = str(value or "").strip()
    iso, dmy = _ISO.match(text), _DMY.match(text)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
    elif dmy:
        day, month, year = dmy.group(1), dmy.group(2), dmy.group(3)
    else:
        return None
    precision = "day" if day else "month" if month else "year"
    try:
        return date(int(year), int(month or 1), int(day or 1)), precision
    except ValueError:
        return None
