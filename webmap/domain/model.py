"""The records every package passes around: a feature, a layer, a dated status.

One type per concept: :class:`Feature` is what the ETL builds and what the
store reads back (then with ``id``, ``version`` and the derived status);
:class:`Layer` is a layer's metadata (then with its version and counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

from shapely.geometry.base import BaseGeometry

from webmap.domain.statuses import DATE_PRECISIONS, PRECISIONS, ROLES, STATUSES


@dataclass(frozen=True)
class StatusEvent:
    """One dated entry of a feature's status history (append-only; the latest is current)."""

    status: str
    effective_date: date
    source: str
    note: str = ""
    recorded_by: str = "etl"
    recorded_at: datetime | None = None
    #: How precisely ``effective_date`` is known (see :data:`DATE_PRECISIONS`); with
    #: ``recorded`` it is the day the source recorded the status, not when it took effect.
    date_precision: str = "day"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(
                f"unknown status {self.status!r}; expected one of {', '.join(STATUSES)}"
            )
        if self.date_precision not in DATE_PRECISIONS:
            raise ValueError(f"unknown date precision {self.date_precision!r}")


@dataclass
class Feature:
    """A located (or not yet located) thing the plan is about.

    Attributes:
        key: Stable key, unique across layers (e.g. ``wind_farms:osm-r14045016``).
            Links to plan tasks and status history hang on it, so it must not
            change between reloads of the same source.
        layer_id: Id of the layer the feature belongs to.
        name_vi: Vietnamese name (shown first).
        name_en: English name, or ``None`` when there is none.
        geometry: Shapely geometry in EPSG:4326, or ``None`` when no location is
            published (precision ``unlocated``).
        precision: One of :data:`~webmap.domain.PRECISIONS`.
        precision_note: Why the precision is not ``site``/``surveyed``.
        properties: Layer-specific attributes (JSON-serialisable).
        source: Human-readable source of the record (dataset and version).
        licence: Licence of the source (e.g. ``ODbL-1.0``, ``CC-BY-4.0``).
        last_verified: Date the record was last checked against its source.
        tasks: Plan task codes the feature serves (e.g. ``["8.5", "15.3"]``).
        role: What the feature is to the plan (project, part or context; see ``ROLES``).
        parent_key: For a part, the key of the project it belongs to.
        districts: Every district the feature belongs to (GSO codes): its own, the
            districts a service area serves, the coastal district off which it lies.
        status_history: Dated statuses a load adds to the history.
        id, version: Row id and layer version, once stored.
        status, status_date: The current status, derived from the history, once stored.
        distance_m: Distance from a query point, for nearest-neighbour answers.
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
    role: str = "project"
    parent_key: str | None = None
    districts: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    status_history: list[StatusEvent] = field(default_factory=list)
    id: int | None = None
    version: int | None = None
    status: str | None = None
    status_date: date | None = None
    status_date_precision: str | None = None
    distance_m: float | None = None

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(
                f"feature {self.key}: unknown precision {self.precision!r}; "
                f"expected one of {', '.join(PRECISIONS)}"
            )
        if self.geometry is None and self.precision != "unlocated":
            raise ValueError(f"feature {self.key}: no geometry but precision {self.precision!r}")
        if self.role not in ROLES:
            raise ValueError(f"feature {self.key}: unknown role {self.role!r}")


#: The attributes a feature is stored with (one column each), in schema order.
#: Tasks, history and the read-side fields are stored elsewhere or derived.
FEATURE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in fields(Feature)
    if f.name
    not in {
        "districts",
        "tasks",
        "status_history",
        "id",
        "version",
        "status",
        "status_date",
        "status_date_precision",
        "distance_m",
    }
)


@dataclass
class RasterInfo:
    """A raster layer's image: where it is (relative to the data folder) and its values."""

    file: str
    bounds: tuple[float, float, float, float]
    crs: str
    width: int
    height: int
    nodata: float | None = None
    min: float | None = None
    max: float | None = None
    mean: float | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable dict (stored with the layer)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RasterInfo:
        """The inverse of :meth:`to_json` (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["bounds"] = tuple(values["bounds"])
        return cls(**values)


@dataclass
class Layer:
    """A map layer's metadata, as declared in its spec under ``layers/``.

    The last four attributes are filled when the layer is read from the store.
    """

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
    missing_data_vi: str = ""
    missing_data_en: str = ""
    role: str = "project"
    part_of: str | None = None
    #: How each property is named and shown: ``{name: {vi, en, unit?, link?, values?,
    #: omit_zero?}}``; ``parent.child`` names a key of a nested property. See etl/specs.py.
    labels: dict[str, dict[str, Any]] = field(default_factory=dict)
    raster: RasterInfo | None = None
    current_version: int | None = None
    feature_count: int = 0
    located_count: int = 0
    origins: list[str] = field(default_factory=list)

    def extras_json(self) -> dict[str, Any]:
        """The typed extras stored in the layer's ``spec`` column."""
        return {
            "missing_data_vi": self.missing_data_vi,
            "missing_data_en": self.missing_data_en,
            "role": self.role,
            "part_of": self.part_of,
            # Pairs, not an object: JSON columns (PostgreSQL's jsonb) do not keep key order.
            "labels": [[name, label] for name, label in self.labels.items()],
            "raster": self.raster.to_json() if self.raster else None,
        }
