"""Numbers and dates as a reader writes them, in Vietnamese or English; no Flask.

``webmap/web/formatting.py`` (pages), ``webmap/core/projects.py`` (the project table and its
downloads) and ``static/js/format.js`` (popups) all give the same text.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from webmap.domain.dates import parse_partial_date

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Thousands and decimal separators swapped for Vietnamese ("1.234,5").
_VI_SEPARATORS = str.maketrans(",.", ".,")

#: The catalogue key → text lookup the two phrases of :func:`format_date` come from:
#: ``fmt_end_of_year`` ("cuối năm {year}") and ``fmt_recorded`` ("theo dữ liệu ngày {date}").
Words = Callable[[str], str]
#: Viet Nam's time (UTC+7 all year, no daylight saving), whatever zone the server runs in.
VIETNAM_TIME = timezone(timedelta(hours=7), "ICT")
#: Those two phrases in each language (the interface catalogue takes them from here).
DATE_WORDS: dict[str, dict[str, str]] = {
    "fmt_end_of_year": {"vi": "cuối năm {year}", "en": "end of {year}"},
    "fmt_recorded": {"vi": "theo dữ liệu ngày {date}", "en": "as recorded on {date}"},
}


def words_in(lang: str) -> Words:
    """The :data:`DATE_WORDS` lookup of one language, for :func:`format_date`."""
    return lambda key: DATE_WORDS[key][lang]


def format_number(value: Any, lang: str) -> str:
    """``977.75`` as ``977,75`` (vi) or ``977.75`` (en), grouped in thousands, at most three
    decimals: what the browser's ``toLocaleString`` gives for vi-VN and en-GB."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if not math.isfinite(value):
        return str(value)
    if isinstance(value, int) or float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text.translate(_VI_SEPARATORS) if lang == "vi" else text


def parse_date(value: Any) -> tuple[date, str] | None:
    """A date and the precision its text shows (``2019`` → year, ``05/2019`` → month)."""
    return parse_partial_date(value)


def format_moment(value: datetime | str, lang: str) -> str:
    """A moment in Viet Nam's time: ``02/12/2026 09:03`` (vi) or ``2 Dec 2026, 09:03`` (en).

    A naive datetime (or ISO text without an offset) is read as UTC.
    """
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(VIETNAM_TIME)
    return f"{format_day(local.date(), lang)}{'' if lang == 'vi' else ','} {local:%H:%M}"


def format_day(d: date, lang: str) -> str:
    """``31/05/2019`` (vi) or ``31 May 2019`` (en)."""
    if lang == "vi":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"{d.day} {MONTHS_EN[d.month - 1][:3]} {d.year}"


def format_date(value: Any, precision: str | None, lang: str, words: Words) -> str:
    """A date as precise as its source: ``31/05/2019`` · ``05/2019`` · ``2019`` ·
    ``cuối năm 2018`` · ``theo dữ liệu ngày 26/06/2025`` (and their English forms).

    ``precision`` defaults to what the value shows (a ``date`` is a day).
    """
    parsed = parse_date(value)
    if parsed is None:
        return "" if value is None else str(value)
    d, shown = parsed
    precision = precision or shown
    if precision == "year":
        return str(d.year)
    if precision == "end_of_year":
        return words("fmt_end_of_year").format(year=d.year)
    if precision == "month":
        return f"{d.month:02d}/{d.year}" if lang == "vi" else f"{MONTHS_EN[d.month - 1]} {d.year}"
    if precision == "recorded":
        return words("fmt_recorded").format(date=format_day(d, lang))
    return format_day(d, lang)
