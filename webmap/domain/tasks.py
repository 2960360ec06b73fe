"""Plan task codes ("8.5", "13.3"): one pattern and one sort key for every package."""

from __future__ import annotations

import re

#: A task code: group number, a dot, task number (both 1–99, no leading zero).
TASK_CODE_PATTERN = r"[1-9][0-9]?\.[1-9][0-9]?"
_TASK_CODE = re.compile(TASK_CODE_PATTERN)


def is_task_code(text: str) -> bool:
    """True for a well-formed task code such as ``"13.3"``."""
    return _TASK_CODE.fullmatch(text) is not None


def task_sort_key(code: str) -> tuple[int, ...]:
    """Plan order of a task code: "9.2" before "13.3" before "13.10"."""
    return tuple(int(part) for part in code.split(".") if part.isdigit())
