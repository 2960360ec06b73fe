"""The plan's progress vocabulary: a task's implementation status, kinds of target values and
the on-track categories of a target (open-sdg's, from Statistics Canada and Eurostat)."""

from __future__ import annotations

#: A task's implementation status in a progress entry.
TASK_STATUSES: tuple[str, ...] = ("not_started", "in_progress", "completed", "ongoing")

#: What a target value is: the baseline it is measured from, or a value measured in a year.
TARGET_KINDS: tuple[str, ...] = ("baseline", "measured")

#: How a target stands against its 2030 value, best first (see webmap/core/ontrack.py).
ONTRACK_CATEGORIES: tuple[str, ...] = (
    "achieved",
    "on_track",
    "acceleration_needed",
    "limited_progress",
    "moving_away",
    "not_enough_data",
)
