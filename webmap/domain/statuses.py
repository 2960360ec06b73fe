"""Life-cycle statuses of a project and how precisely its location is known."""

from __future__ import annotations

from collections.abc import Iterable

#: Life-cycle statuses, in the order a project normally moves through them.
STATUSES: tuple[str, ...] = (
    "proposed",
    "planned",
    "investment_call",
    "approved",
    "under_construction",
    "operating",
    "suspended",
    "cancelled",
)

#: How the site names each status (Vietnamese, English); officers' files may use either.
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "proposed": ("Đề xuất", "Proposed"),
    "planned": ("Trong quy hoạch", "Planned"),
    "investment_call": ("Kêu gọi đầu tư", "Investment call"),
    "approved": ("Đã phê duyệt", "Approved"),
    "under_construction": ("Đang xây dựng", "Under construction"),
    "operating": ("Đang vận hành", "Operating"),
    "suspended": ("Tạm dừng", "Suspended"),
    "cancelled": ("Đã hủy", "Cancelled"),
}

#: Filter value for features whose history has no entry yet.
NO_STATUS = "unknown"

#: What a feature is to the plan: a project (a farm, a plant, a waste site, an industrial
#: park), a part of one (a turbine), or context (boundaries, coastline, places, the grid).
#: Counts and filters are about projects; parts count under their project.
ROLES: tuple[str, ...] = ("project", "part", "context")

#: How precisely a status date is known: the day, the month, the year, the end of a year as
#: the source says ("cuối năm 2018"), or only the day the source recorded it (an extract's
#: date, not the day the status took effect).
DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "year", "end_of_year", "recorded")

#: How well a feature's location is known, best first.
PRECISIONS: tuple[str, ...] = (
    "surveyed",
    "site",
    "commune",
    "district",
    "service_area",
    "unlocated",
)

#: Located on the site itself: needs a real mapped geometry and no note on its precision.
EXACT_PRECISIONS: tuple[str, ...] = ("surveyed", "site")

#: Drawn as the districts a site serves: tells who a site serves, not where it is.
SERVICE_AREA = "service_area"

#: Located, but only roughly: drawn dashed on the map, distances flagged as rough.
APPROXIMATE_PRECISIONS: tuple[str, ...] = ("commune", "district", "service_area")


def is_approximate(precision: str) -> bool:
    """True when a feature is placed only roughly (a commune, district or service area)."""
    return precision in APPROXIMATE_PRECISIONS


def is_exact(precision: str) -> bool:
    """True when a feature is mapped on its site (surveyed, or drawn on the site)."""
    return precision in EXACT_PRECISIONS


def unknown_statuses(values: Iterable[str]) -> list[str]:
    """The values that are neither a status nor :data:`NO_STATUS`, sorted."""
    return sorted(set(values) - set(STATUSES) - {NO_STATUS})
