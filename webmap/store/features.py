"""Reading features: filters, pages, search, nearest neighbours, task-link counts."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from pyproj import CRS, Transformer
from shapely.geometry import box
from sqlalchemy.engine import Connection, RowMapping

from webmap.domain import (
    FEATURE_FIELDS,
    NO_STATUS,
    STATUSES,
    Feature,
    fold,
    search_terms,
    task_sort_key,
    unknown_statuses,
)
from webmap.errors import BadRequest, NotFound
from webmap.store.common import as_date, check_bbox, chunks, current_status_subquery
from webmap.store.dialects import BBox
from webmap.store.engine import StoreBase
from webmap.store.schema import feature_districts, feature_tasks, features
from webmap.store.schema import layers as layers_table

#: The stored feature columns read back (the folded search text stays in the database).
FEATURE_COLUMNS = [c for c in features.c if c.name != "search_text"]
#: Domain field → column, where the names differ.
#: Feature fields whose stored column has another name.
COLUMN_OF = {"geometry": "geom"}


@dataclass
class FeatureFilter:
    """Filters shared by the map, the API and exports. Empty means "no filter"."""

    bbox: BBox | None = None
    layers: Sequence[str] = ()
    statuses: Sequence[str] = ()
    tasks: Sequence[str] = ()
    districts: Sequence[str] = ()
    query: str = ""
    located: bool | None = None
    #: Parts of these projects (by project key).
    parents: Sequence[str] = ()
    #: Current status dated within (start, end), both included; ``None`` = open-ended.
    status_dates: tuple[date | None, date | None] | None = None


@dataclass
class FeaturePage:
    """One page of features plus the total number matched."""

    features: list[Feature]
    number_matched: int
    limit: int
    offset: int


def check_statuses(values: Sequence[str]) -> list[str]:
    """Statuses a client may filter by (every status and ``unknown``), else :class:`BadRequest`."""
    unknown = unknown_statuses(values)
    if unknown:
        allowed = ", ".join((*STATUSES, NO_STATUS))
        raise BadRequest(
            f"Trạng thái không hợp lệ: {', '.join(unknown)}. Dùng: {allowed}",
            f"Unknown status: {', '.join(unknown)}. Use: {allowed}",
        )
    return list(values)


def status_columns() -> list[sa.Label[Any]]:
    """The current status, its date and the date's precision, derived from the history."""
    return [
        current_status_subquery("status").label("status"),
        current_status_subquery("effective_date").label("status_date"),
        current_status_subquery("date_precision").label("status_date_precision"),
    ]


STATUS_COLUMNS = status_columns()


def feature_from_row(row: RowMapping) -> Feature:
    """A :class:`Feature` from a row of :data:`FEATURE_COLUMNS` plus the derived status."""
    values = {name: row[COLUMN_OF.get(name, name)] for name in FEATURE_FIELDS}
    values["properties"] = dict(values["properties"] or {})
    return Feature(
        **values,
        id=row["id"],
        version=row["version"],
        status=row.get("status"),
        status_date=as_date(row.get("status_date")),
        status_date_precision=row.get("status_date_precision"),
    )


def _status_clause(statuses: Sequence[str]) -> sa.ColumnElement[bool]:
    wanted = check_statuses(statuses)
    current = current_status_subquery("status")
    clauses = [current.in_([s for s in wanted if s != NO_STATUS])]
    if NO_STATUS in wanted:
        clauses.append(current.is_(None))
    return sa.or_(*clauses)


def _keys_linked(column: sa.Column[Any], values: Sequence[str]) -> sa.ColumnElement[bool]:
    """Features whose key has a row in ``column``'s table with one of ``values``."""
    linked = sa.select(column.table.c.feature_key).where(column.in_(list(values)))
    return features.c.key.in_(linked)


def _attribute_clauses(flt: FeatureFilter) -> list[sa.ColumnElement[bool]]:
    """WHERE clauses for the filters on stored attributes, links and statuses."""
    clauses: list[sa.ColumnElement[bool]] = []
    if flt.layers:
        clauses.append(features.c.layer_id.in_(list(flt.layers)))
    if flt.statuses:
        clauses.append(_status_clause(flt.statuses))
    if flt.tasks:
        clauses.append(_keys_linked(feature_tasks.c.task_code, flt.tasks))
    if flt.districts:
        clauses.append(_keys_linked(feature_districts.c.district_code, flt.districts))
    if flt.parents:
        clauses.append(features.c.parent_key.in_(list(flt.parents)))
    if flt.located is not None:
        located = features.c.minx.is_not(None)
        clauses.append(located if flt.located else sa.not_(located))
    if flt.status_dates is not None:
        clauses += _date_clauses(*flt.status_dates)
    return clauses


def _date_clauses(start: date | None, end: date | None) -> list[sa.ColumnElement[bool]]:
    """The current status's date within ``start``..``end`` (a feature with no status fails)."""
    current = current_status_subquery("effective_date")
    clauses: list[sa.ColumnElement[bool]] = [current.is_not(None)]
    if start is not None:
        clauses.append(current >= start)
    if end is not None:
        clauses.append(current <= end)
    return clauses


class FeatureStore(StoreBase):
    """Queries over the published features of every layer."""

    # -- feature queries ---------------------------------------------------------

    def _base_query(self, flt: FeatureFilter) -> sa.Select[Any]:
        query = sa.select(*FEATURE_COLUMNS, *STATUS_COLUMNS)
        for clause in (*_attribute_clauses(flt), *self._spatial_and_text_clauses(flt)):
            query = query.where(clause)
        return query

    def _spatial_and_text_clauses(self, flt: FeatureFilter) -> list[sa.ColumnElement[bool]]:
        clauses = []
        terms = search_terms(flt.query) if flt.query else []
        if terms:
            clauses.append(self.backend.search_filter(terms))
        if flt.bbox is not None:
            clauses.append(self.backend.bbox_filter(check_bbox(flt.bbox)))
        return clauses

    def query_features(
        self, flt: FeatureFilter | None = None, *, limit: int = 1000, offset: int = 0
    ) -> FeaturePage:
        """Features matching ``flt``, ordered by id, one page at a time."""
        flt = flt or FeatureFilter()
        if limit < 0 or offset < 0:
            raise BadRequest("limit và offset phải ≥ 0.", "limit and offset must be ≥ 0.")
        query = self._base_query(flt).order_by(features.c.id)
        with self.engine.connect() as conn:
            if flt.bbox is None or self.backend.bbox_filter_is_exact:
                total = conn.execute(
                    sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
                ).scalar_one()
                rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
                found = [feature_from_row(r) for r in rows]
            else:
                found, total = self._exact_bbox_page(conn, query, flt.bbox, limit, offset)
            self._attach_tasks(conn, found)
        return FeaturePage(found, total, limit, offset)

    def _exact_bbox_page(
        self, conn: Connection, query: sa.Select[Any], bbox: BBox, limit: int, offset: int
    ) -> tuple[list[Feature], int]:
        """Finish an index (bbox-overlap) query with shapely's exact intersects test."""
        window = box(*bbox)
        minx, miny, maxx, maxy = bbox
        total = 0
        page: list[Feature] = []
        for row in conn.execute(query).mappings():
            inside = (
                row["minx"] >= minx
                and row["maxx"] <= maxx
                and row["miny"] >= miny
                and row["maxy"] <= maxy
            )
            if not inside and not row["geom"].intersects(window):
                continue
            if offset <= total < offset + limit:
                page.append(feature_from_row(row))
            total += 1
        return page, total

    def iter_features(
        self, flt: FeatureFilter | None = None, batch: int = 1000
    ) -> Iterator[Feature]:
        """Every matching feature, fetched page by page (for exports)."""
        offset = 0
        while True:
            page = self.query_features(flt, limit=batch, offset=offset)
            yield from page.features
            offset += batch
            if offset >= page.number_matched:
                return

    def get_feature(self, key: str) -> Feature:
        """One feature by its stable key, or :class:`NotFound`."""
        query = self._base_query(FeatureFilter()).where(features.c.key == key)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            if row is None:
                raise NotFound(f"Không có địa điểm {key!r}.", f"No site {key!r}.")
            feature = feature_from_row(row)
            self._attach_tasks(conn, [feature])
        return feature

    def search(self, query: str, *, limit: int = 20, layers: Sequence[str] = ()) -> list[Feature]:
        """Diacritic-insensitive search over names, best first.

        Projects before parts and context; named before unnamed (a feature called only by
        its layer's title, such as a turbine "Tua-bin điện gió", or by an OSM default name
        "… (OSM)"); exact-accent matches before folded ones; then shorter names.
        """
        if not search_terms(query):
            return []
        flt = FeatureFilter(query=query, layers=layers)
        with self.engine.connect() as conn:
            rows = conn.execute(self._base_query(flt).order_by(features.c.id)).mappings().all()
            found = [feature_from_row(r) for r in rows]
            titles = conn.execute(sa.select(layers_table.c.title_vi, layers_table.c.title_en))
            generic = {fold(title) for pair in titles for title in pair if title}
            needle, folded = query.strip().lower(), " ".join(search_terms(query))

            def rank(f: Feature) -> tuple[bool, bool, int, int, str]:
                unnamed = fold(f.name_vi) in generic or f.name_vi.endswith("(OSM)")
                names = f"{f.name_vi} {f.name_en or ''}".lower()
                accents = 0 if needle and needle in names else 1 if folded in fold(names) else 2
                return (f.role != "project", unnamed, accents, len(f.name_vi), f.name_vi)

            found.sort(key=rank)
            found = found[:limit]
            self._attach_tasks(conn, found)
        return found

    def nearest(
        self,
        lon: float,
        lat: float,
        *,
        count: int = 10,
        max_distance_m: float = 50_000,
        layers: Sequence[str] = (),
        exclude_key: str | None = None,
    ) -> list[Feature]:
        """Located features nearest to a point, with distances in metres.

        Uses the spatial index with a growing search window; exact distances are
        computed in an azimuthal equidistant projection centred on the point.
        """
        check_bbox((lon, lat, lon, lat))
        local = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
        to_local = Transformer.from_crs("EPSG:4326", local, always_xy=True)
        origin = shapely.Point(0, 0)
        radius_m = min(1_000.0, max_distance_m)
        while True:
            dlat = radius_m / 111_320.0
            dlon = radius_m / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
            flt = FeatureFilter(
                bbox=(
                    max(lon - dlon, -180),
                    max(lat - dlat, -90),
                    min(lon + dlon, 180),
                    min(lat + dlat, 90),
                ),
                layers=layers,
            )
            candidates = [f for f in self.iter_features(flt, batch=5000) if f.key != exclude_key]
            for f in candidates:
                assert f.geometry is not None
                f.distance_m = shapely.transform(
                    f.geometry, lambda xy: np.column_stack(to_local.transform(xy[:, 0], xy[:, 1]))
                ).distance(origin)
            within = sorted(
                (f for f in candidates if (f.distance_m or 0) <= radius_m),
                key=lambda f: (f.distance_m, f.key),
            )
            if len(within) >= count or radius_m >= max_distance_m:
                return within[:count]
            radius_m = min(radius_m * 4, max_distance_m)

    def _attach_tasks(self, conn: Connection, found: list[Feature]) -> None:
        by_key = {f.key: f for f in found}
        for chunk in chunks(list(by_key), 500):
            query = sa.select(feature_tasks.c.feature_key, feature_tasks.c.task_code).where(
                feature_tasks.c.feature_key.in_(chunk)
            )
            for key, code in conn.execute(query):
                by_key[key].tasks.append(code)
            served = sa.select(
                feature_districts.c.feature_key, feature_districts.c.district_code
            ).where(feature_districts.c.feature_key.in_(chunk))
            for key, code in conn.execute(served):
                by_key[key].districts.append(code)
        for f in found:
            f.tasks.sort(key=task_sort_key)
            f.districts.sort()

    def task_projects(self) -> list[tuple[str, str, str | None]]:
        """Every (task code, project key, current status) link: projects only, no parts."""
        status = current_status_subquery("status")
        query = (
            sa.select(feature_tasks.c.task_code, features.c.key, status.label("status"))
            .select_from(
                feature_tasks.join(features, features.c.key == feature_tasks.c.feature_key)
            )
            .where(features.c.role == "project")
        )
        with self.engine.connect() as conn:
            return [(code, key, st) for code, key, st in conn.execute(query)]
