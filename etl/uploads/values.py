"""Cell values an officer writes: statuses, dates, numbers, task lists."""

from __future__ import annotations

import re
from typing import Any

from webmap.domain import STATUSES, fold
from webmap.domain.statuses import STATUS_LABELS

#: Status code -> words an officer may write for it besides the site's own labels
#: (:data:`~webmap.domain.statuses.STATUS_LABELS`): common synonyms, any case or accents.
STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "proposed": ("kiến nghị",),
    "planned": ("quy hoạch", "dự kiến", "kế hoạch"),
    "investment_call": ("đang kêu gọi đầu tư",),
    "approved": ("phê duyệt", "đã cấp phép", "chủ trương đầu tư"),
    "under_construction": ("đang thi công", "xây dựng", "thi công"),
    "operating": ("vận hành", "đã vận hành", "đang hoạt động", "hoạt động", "in operation"),
    "suspended": ("tạm ngưng", "ngừng hoạt động"),
    "cancelled": ("hủy", "hủy bỏ", "canceled", "đã hủy bỏ"),
}
_STATUS_BY_WORD: dict[str, str] = {
    fold(word): code
    for code in STATUSES
    for word in (code, *STATUS_LABELS[code], *STATUS_WORDS.get(code, ()))
}
_TASK_SPLIT = re.compile(r"[,;\s]+")


def status_code(value: Any) -> str | None:
    """The status code a cell means (a code, a label or a synonym, any case or accents)."""
    return _STATUS_BY_WORD.get(fold(str(value)))


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
