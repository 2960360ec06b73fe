"""The rows the map panel's facet counts are computed from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from webmap.domain import CAPACITY_FIELD, NO_STATUS, SERVICE_AREA
from webmap.store.common import current_status_subquery
from webmap.store.engine import StoreBase
from webmap.store.schema import feature_districts, feature_tasks, features, layers


@dataclass
class FacetRow:
    """One feature's facet values (no geometry).

    Attributes:
        layer_id: The feature's layer.
        theme: That layer's theme.
        located: Whether the feature has a geometry (is drawn on the map).
        status: Its current status, :data:`webmap.domain.NO_STATUS` without any.
        district_code: Code of the district it lies in, if known.
        district_name: Name of that district.
        today_unit: The unit that district belongs to today, if known.
        capacity: Its ``capacity_mw`` property when that is a number.
        role: ``project``, ``part`` or ``context``: only projects are counted as matches.
        tasks: Codes of the plan tasks it is linked to.
        districts: Codes of every district it belongs to.
    """

    layer_id: str
    theme: str
    located: bool
    status: str
    district_code: str | None
    district_name: str | None
    today_unit: str | None
    capacity: float | None
    role: str = "project"
    tasks: set[str] = field(default_factory=set)
    districts: set[str] = field(default_factory=set)


def _capacity(properties: Mapping[str, Any] | None) -> float | None:
    value = (properties or {}).get(CAPACITY_FIELD)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


class FacetStore(StoreBase):
    """The rows the map panel's facet counts are computed from."""

    def facet_rows(self, query_terms: Sequence[str] = ()) -> list[FacetRow]:
        """Every feature's facet values, narrowed only by the folded text terms (if any)."""
        select = sa.select(
            features.c.key,
            features.c.layer_id,
            layers.c.theme,
            features.c.minx,
            current_status_subquery("status").label("status"),
            features.c.district_code,
            features.c.district_name,
            features.c.today_unit,
            features.c.properties,
            features.c.role,
            features.c.precision,
        ).select_from(features.join(layers, layers.c.id == features.c.layer_id))
        if query_terms:
            select = select.where(self.backend.search_filter(list(query_terms)))
        with self.engine.connect() as conn:
            rows = {
                r.key: FacetRow(
                    layer_id=r.layer_id,
                    theme=r.theme,
                    # A service area is where a site's users live, not where it is.
                    located=r.minx is not None and r.precision != SERVICE_AREA,
                    status=r.status or NO_STATUS,
                    district_code=r.district_code,
                    district_name=r.district_name,
                    today_unit=r.today_unit,
                    capacity=_capacity(r.properties),
                    role=r.role,
                )
                for r in conn.execute(select)
            }
            links = sa.select(feature_tasks.c.feature_key, feature_tasks.c.task_code)
            for key, code in conn.execute(links):
                if key in rows:
                    rows[key].tasks.add(code)
            served = sa.select(feature_districts.c.feature_key, feature_districts.c.district_code)
            for key, code in conn.execute(served):
                if key in rows:
                    rows[key].districts.add(code)
        return list(rows.values())
