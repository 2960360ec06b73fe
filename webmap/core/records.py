"""Plain records passed between the ETL pipeline, the core services and the store.

These types are the contract between ``etl/`` (which produces them) and
``webmap.store`` (which persists them). They carry no database or HTTP logic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from shapely.geometry.base import BaseGeometry

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

#: Filter value for features whose history has no entry yet.
NO_STATUS = "unknown"


def check_statuses(statuses: Iterable[str]) -> list[str]:
    """Statuses a client may filter by (:data:`STATUSES` and :data:`NO_STATUS`).

    Raises:
        webmap.errors.BadRequest: naming the unknown values and the allowed ones.
    """
    from webmap.errors import BadRequest

    wanted = list(statuses)
    unknown = sorted(set(wanted) - set(STATUSES) - {NO_STATUS})
    if unknown:
        allowed = ", ".join((*STATUSES, NO_STATUS))
        raise BadRequest(
            f"Trạng thái không hợp lệ: {', '.join(unknown)}. Dùng: {allowed}",
            f"Unknown status: {', '.join(unknown)}. Use: {allowed}",
        )
    return wanted


#: How well a feature's location is known, best first.
PRECISIONS: tuple[str, ...] = (
    "surveyed",
    "site",
    "commune",
    "district",
    "service_area",
    "unlocated",
)


@dataclass(frozen=True)
class StatusEvent:
    """One dated entry of a feature's status history."""

    status: str
    effective_date: date
    source: str
    note: str = ""
    recorded_by: str = "etl"
    recorded_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(
                f"unknown status {self.status!r}; expected one of {', '.join(STATUSES)}"
            )


@dataclass
class FeatureRecord:
    """A feature ready to be stored.

    Attributes:
        key: Stable key, unique across layers (e.g. ``wind_farms:osm-r14045016``).
            Links to plan tasks and status history hang on it, so it must not
            change between reloads of the same source.
        layer_id: Id of the layer spec the feature belongs to.
        name_vi: Vietnamese name (shown first).
        name_en: English name, or ``None`` when there is none.
        geometry: Shapely geometry in EPSG:4326, or ``None`` when no location is
            published (precision ``unlocated``).
        precision: One of :data:`PRECISIONS`.
        precision_note: Why the precision is not ``site``/``surveyed``.
        properties: Layer-specific attributes (JSON-serialisable).
        source: Human-readable source of the record (dataset and version).
        licence: Licence of the source (e.g. ``ODbL-1.0``, ``CC-BY-4.0``).
        last_verified: Date the record was last checked against its source.
        tasks: Plan task codes the feature serves (e.g. ``["8.5", "15.3"]``).
        status_history: Dated statuses; the current status is derived from it.
    """

    key: str
    layer_id: str
    name_vi: str
    geometry: BaseGeometry | None
    precision: str
    source: str
    licence: str
    name_en: str | None = None
    precision_note: str = ""
    properties: dict[str, Any] = field(default_factory=dict)
    district_code: str | None = None
    district_name: str | None = None
    commune_code: str | None = None
    commune_name: str | None = None
    today_unit: str | None = None
    last_verified: date | None = None
    tasks: list[str] = field(default_factory=list)
    status_history: list[StatusEvent] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(
                f"feature {self.key}: unknown precision {self.precision!r}; "
                f"expected one of {', '.join(PRECISIONS)}"
            )
        if self.geometry is None and self.precision != "unlocated":
            raise ValueError(f"feature {self.key}: no geometry but precision {self.precision!r}")


@dataclass
class LayerRecord:
    """A layer's metadata as declared in its spec under ``layers/``."""

    id: str
    title_vi: str
    title_en: str
    theme: str
    geometry_type: str
    source: str
    licence: str
    attribution: str
    style: dict[str, Any] = field(default_factory=dict)
    description_vi: str = ""
    description_en: str = ""
    default_tasks: list[str] = field(default_factory=list)
    popup_fields: list[str] = field(default_factory=list)
    sort_order: int = 0
    spec: dict[str, Any] = field(default_factory=dict)


def task_sort_key(code: str) -> tuple[int, ...]:
    """Plan order of a task code: "9.2" before "13.3" before "13.10"."""
    return tuple(int(part) for part in code.split(".") if part.isdigit())
