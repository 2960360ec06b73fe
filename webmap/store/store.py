"""The store: every read and write of GreenMap's data goes through :class:`Store`.

Backend differences live in :mod:`webmap.store.dialects`; this module is the
same on SQLite and PostGIS.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import sqlalchemy as sa
from pyproj import CRS, Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from sqlalchemy.engine import Connection, Engine, RowMapping

from webmap.core.records import (
    NO_STATUS,
    FeatureRecord,
    LayerRecord,
    StatusEvent,
    check_statuses,
    task_sort_key,
)
from webmap.core.text import fold, search_terms
from webmap.errors import BadRequest, Conflict, NotFound, StoreError
from webmap.store import migrate
from webmap.store.dialects import Backend, BBox, backend_for_url
from webmap.store.schema import (
    feature_tasks,
    features,
    layer_versions,
    layers,
    status_events,
)

_FEATURE_COLUMNS = [c for c in features.c if c.name != "search_text"]


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


@dataclass
class StoredFeature:
    """A feature as read back from the store, with its derived current status."""

    id: int
    key: str
    layer_id: str
    name_vi: str
    name_en: str | None
    geometry: BaseGeometry | None
    precision: str
    precision_note: str
    properties: dict[str, Any]
    district_code: str | None
    district_name: str | None
    commune_code: str | None
    commune_name: str | None
    today_unit: str | None
    source: str
    licence: str
    last_verified: date | None
    version: int
    status: str | None = None
    status_date: date | None = None
    tasks: list[str] = field(default_factory=list)
    distance_m: float | None = None


@dataclass
class FeaturePage:
    """One page of features plus the total number matched."""

    features: list[StoredFeature]
    number_matched: int
    limit: int
    offset: int


@dataclass
class LoadResult:
    """What a layer load did."""

    layer_id: str
    version: int
    created: bool
    added: int = 0
    updated: int = 0
    removed: int = 0
    feature_count: int = 0


def _now() -> datetime:
    return datetime.now(UTC)


def _check_bbox(bbox: BBox) -> BBox:
    minx, miny, maxx, maxy = bbox
    if not all(math.isfinite(v) for v in bbox):
        raise BadRequest("bbox phải là 4 số.", "bbox must be four numbers.")
    if minx > maxx or miny > maxy or not (-180 <= minx <= 180 and -180 <= maxx <= 180):
        raise BadRequest(
            "bbox phải là minLon,minLat,maxLon,maxLat với min ≤ max.",
            "bbox must be minLon,minLat,maxLon,maxLat with min ≤ max.",
        )
    if not (-90 <= miny <= 90 and -90 <= maxy <= 90):
        raise BadRequest("Vĩ độ trong bbox phải từ -90 đến 90.", "bbox latitudes must be -90..90.")
    return bbox


def current_status_subquery(column: str) -> sa.ScalarSelect[Any]:
    """Correlated subquery: the latest status (or its date) of the outer feature row."""
    se = status_events.alias("se_cur")
    return (
        sa.select(se.c[column])
        .where(se.c.feature_key == features.c.key)
        .order_by(se.c.effective_date.desc(), se.c.recorded_at.desc(), se.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def _search_text(record: FeatureRecord) -> str:
    parts = [
        record.name_vi,
        record.name_en or "",
        record.district_name or "",
        record.commune_name or "",
        str(record.properties.get("name_alt", "")),
    ]
    return fold(" ".join(parts))


def _feature_row(record: FeatureRecord, version: int, origin: str) -> dict[str, Any]:
    geom = record.geometry
    bounds = geom.bounds if geom is not None and not geom.is_empty else (None,) * 4
    return {
        "key": record.key,
        "layer_id": record.layer_id,
        "name_vi": record.name_vi,
        "name_en": record.name_en,
        "geom": geom,
        "minx": bounds[0],
        "miny": bounds[1],
        "maxx": bounds[2],
        "maxy": bounds[3],
        "precision": record.precision,
        "precision_note": record.precision_note,
        "properties": record.properties,
        "district_code": record.district_code,
        "district_name": record.district_name,
        "commune_code": record.commune_code,
        "commune_name": record.commune_name,
        "today_unit": record.today_unit,
        "source": record.source,
        "licence": record.licence,
        "last_verified": record.last_verified,
        "search_text": _search_text(record),
        "version": version,
        "origin": origin,
    }


def _comparable(row: dict[str, Any]) -> dict[str, Any]:
    """Row values in a form that compares equal when nothing changed."""
    out = dict(row)
    out.pop("version", None)
    geom = out.pop("geom", None)
    out["geom"] = None if geom is None else shapely.to_wkb(geom)
    return out


class Store:
    """Access to the GreenMap database on either backend."""

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        self.url = url
        self.backend: Backend = backend_for_url(url)
        self.engine = engine or self._make_engine(url)

    def _make_engine(self, url: str) -> Engine:
        if self.backend.name == "sqlite":
            path = sa.engine.make_url(url).database
            if path and path != ":memory:" and not Path(path).parent.is_dir():
                raise StoreError(
                    f"Thư mục của cơ sở dữ liệu không tồn tại: {Path(path).parent}",
                    f"The database folder does not exist: {Path(path).parent} "
                    "(run `greenmap init-db`, which creates it)",
                )
        try:
            engine = sa.create_engine(url, pool_pre_ping=True)
        except Exception as exc:
            raise StoreError(
                "Không mở được cơ sở dữ liệu.", f"Cannot open the database: {exc}"
            ) from exc
        self.backend.configure_engine(engine)
        return engine

    # -- lifecycle ---------------------------------------------------------------

    def ping(self) -> None:
        """Connect once; raise :class:`StoreError` with a clear message when unreachable."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except sa.exc.SQLAlchemyError as exc:
            reason = str(exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc).strip()
            reason = reason.splitlines()[0] if reason else type(exc).__name__
            raise StoreError(
                f"Không kết nối được cơ sở dữ liệu ({self.safe_url}): {reason}",
                f"Cannot connect to the database ({self.safe_url}): {reason}",
            ) from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest revision (safe to run twice)."""
        self.ping()
        migrate.upgrade(self.engine)

    def revision(self) -> str | None:
        """The schema revision of the database."""
        return migrate.current_revision(self.engine)

    def check_schema(self) -> None:
        """Raise :class:`StoreError` unless the database is reachable and at the head revision."""
        self.ping()
        current, head = self.revision(), migrate.head_revision()
        if current != head:
            raise StoreError(
                f"Cơ sở dữ liệu ở phiên bản lược đồ {current or 'trống'}, cần {head}: "
                "chạy `greenmap init-db`.",
                f"The database is at schema revision {current or 'none'}, this version needs "
                f"{head}: run `greenmap init-db`.",
            )
        with self.engine.connect() as conn:
            self.backend.check_ready(conn)

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()

    # -- layers ------------------------------------------------------------------

    def list_layers(self, only: str | None = None) -> list[dict[str, Any]]:
        """Layers (all, or just ``only``) with version, feature counts and row origins."""
        counted = sa.select(
            features.c.layer_id,
            sa.func.count().label("feature_count"),
            sa.func.count(features.c.geom).label("located_count"),
        )
        origins = sa.select(features.c.layer_id, features.c.origin).distinct()
        if only is not None:
            counted = counted.where(features.c.layer_id == only)
            origins = origins.where(features.c.layer_id == only)
        counts = counted.group_by(features.c.layer_id).subquery()
        query = (
            sa.select(
                layers,
                sa.func.coalesce(counts.c.feature_count, 0).label("feature_count"),
                sa.func.coalesce(counts.c.located_count, 0).label("located_count"),
            )
            .select_from(layers.outerjoin(counts, counts.c.layer_id == layers.c.id))
            .order_by(layers.c.sort_order, layers.c.id)
        )
        if only is not None:
            query = query.where(layers.c.id == only)
        with self.engine.connect() as conn:
            found = [dict(r) for r in conn.execute(query).mappings()]
            by_layer: dict[str, list[str]] = {}
            for layer_id, origin in conn.execute(origins):
                by_layer.setdefault(layer_id, []).append(origin)
        for layer in found:
            layer["origins"] = sorted(by_layer.get(layer["id"], []))
        return found

    def get_layer(self, layer_id: str) -> dict[str, Any]:
        """One layer, or :class:`NotFound`."""
        found = self.list_layers(only=layer_id)
        if found:
            return found[0]
        raise NotFound(f"Không có lớp bản đồ {layer_id!r}.", f"No layer {layer_id!r}.")

    def layer_versions(self, layer_id: str | None = None) -> list[dict[str, Any]]:
        """Load history, newest first."""
        query = sa.select(layer_versions).order_by(
            layer_versions.c.loaded_at.desc(), layer_versions.c.id.desc()
        )
        if layer_id is not None:
            query = query.where(layer_versions.c.layer_id == layer_id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def load_layer(
        self,
        layer: LayerRecord,
        records: Sequence[FeatureRecord],
        *,
        checksum: str,
        loaded_by: str = "etl",
        note: str = "",
        origin: str = "bundled",
    ) -> LoadResult:
        """Publish a new version of a layer in one transaction.

        Features are matched by key: new keys are added, changed ones updated,
        missing ones removed; links and status history hang on keys and so
        survive. Only rows written earlier by the same ``origin`` are removed,
        so an OSM import and a reload of the bundled sources do not erase each
        other. Loading the same checksum twice creates no new version. Any
        error rolls the whole load back, leaving the published layer as it was.
        """
        keys = [r.key for r in records]
        if len(set(keys)) != len(keys):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            raise BadRequest(
                f"Lớp {layer.id}: khóa đối tượng bị trùng: {', '.join(dupes[:5])}",
                f"Layer {layer.id}: duplicate feature keys: {', '.join(dupes[:5])}",
            )
        for record in records:
            if record.layer_id != layer.id:
                raise BadRequest(
                    f"Đối tượng {record.key} thuộc lớp {record.layer_id}, không phải {layer.id}.",
                    f"Feature {record.key} belongs to layer {record.layer_id}, not {layer.id}.",
                )
        with self.engine.begin() as conn:
            self._check_keys_free(conn, layer.id, keys)
            current = conn.execute(
                sa.select(layers.c.current_version).where(layers.c.id == layer.id)
            ).scalar_one_or_none()
            if current is not None:
                last = conn.execute(
                    sa.select(layer_versions.c.checksum).where(
                        layer_versions.c.layer_id == layer.id,
                        layer_versions.c.version == current,
                    )
                ).scalar_one_or_none()
                if last == checksum:
                    return LoadResult(layer.id, current, created=False, feature_count=len(records))
            version = (current or 0) + 1
            self._upsert_layer(conn, layer, version)
            result = self._replace_features(conn, layer.id, records, version, origin)
            conn.execute(
                layer_versions.insert().values(
                    layer_id=layer.id,
                    version=version,
                    checksum=checksum,
                    feature_count=len(records),
                    added=result.added,
                    updated=result.updated,
                    removed=result.removed,
                    loaded_by=loaded_by,
                    loaded_at=_now(),
                    note=note,
                    origin=origin,
                )
            )
            return result

    def _check_keys_free(self, conn: Connection, layer_id: str, keys: list[str]) -> None:
        """Refuse keys that already belong to a feature of another layer."""
        taken: list[tuple[str, str]] = []
        for chunk in _chunks(keys, 500):
            taken += [
                (row.key, row.layer_id)
                for row in conn.execute(
                    sa.select(features.c.key, features.c.layer_id).where(
                        features.c.key.in_(chunk), features.c.layer_id != layer_id
                    )
                )
            ]
        if taken:
            listed = ", ".join(f"{key} ({other})" for key, other in taken[:5])
            raise Conflict(
                f"Lớp {layer_id}: khóa đã thuộc lớp khác: {listed}",
                f"Layer {layer_id}: keys already belong to another layer: {listed}",
            )

    def _upsert_layer(self, conn: Connection, layer: LayerRecord, version: int) -> None:
        values = {
            "title_vi": layer.title_vi,
            "title_en": layer.title_en,
            "theme": layer.theme,
            "geometry_type": layer.geometry_type,
            "description_vi": layer.description_vi,
            "description_en": layer.description_en,
            "style": layer.style,
            "popup_fields": layer.popup_fields,
            "default_tasks": layer.default_tasks,
            "spec": layer.spec,
            "source": layer.source,
            "licence": layer.licence,
            "attribution": layer.attribution,
            "sort_order": layer.sort_order,
            "current_version": version,
        }
        updated = conn.execute(layers.update().where(layers.c.id == layer.id).values(**values))
        if updated.rowcount == 0:
            conn.execute(layers.insert().values(id=layer.id, **values))

    def _replace_features(
        self,
        conn: Connection,
        layer_id: str,
        records: Sequence[FeatureRecord],
        version: int,
        origin: str,
    ) -> LoadResult:
        existing = {
            row["key"]: row
            for row in conn.execute(
                sa.select(*_FEATURE_COLUMNS, features.c.search_text).where(
                    features.c.layer_id == layer_id
                )
            ).mappings()
        }
        result = LoadResult(layer_id, version, created=True, feature_count=len(records))
        new_rows = []
        for record in records:
            row = _feature_row(record, version, origin)
            old = existing.pop(record.key, None)
            if old is None:
                new_rows.append(row)
                result.added += 1
                continue
            old_row = {k: old[k] for k in row}
            if _comparable(old_row) != _comparable(row):
                conn.execute(features.update().where(features.c.key == record.key).values(**row))
                result.updated += 1
        if new_rows:
            conn.execute(features.insert(), new_rows)
        gone = [key for key, row in existing.items() if row["origin"] == origin]
        for chunk in _chunks(gone, 500):
            conn.execute(features.delete().where(features.c.key.in_(chunk)))
        result.removed = len(gone)
        self._replace_etl_links(conn, layer_id, origin, records)
        self._add_etl_statuses(conn, layer_id, records)
        return result

    def _replace_etl_links(
        self, conn: Connection, layer_id: str, origin: str, records: Sequence[FeatureRecord]
    ) -> None:
        """Replace the ETL's task links of the rows this load wrote; links staff added stay.

        Every record of the load now has ``origin``; rows of other origins keep their links.
        """
        layer_keys = sa.select(features.c.key).where(
            features.c.layer_id == layer_id, features.c.origin == origin
        )
        conn.execute(
            feature_tasks.delete().where(
                feature_tasks.c.added_by == "etl", feature_tasks.c.feature_key.in_(layer_keys)
            )
        )
        kept = {
            tuple(row)
            for row in conn.execute(
                sa.select(feature_tasks.c.feature_key, feature_tasks.c.task_code).where(
                    feature_tasks.c.feature_key.in_(layer_keys)
                )
            )
        }
        links = [
            {"feature_key": r.key, "task_code": code, "added_by": "etl"}
            for r in records
            for code in dict.fromkeys(r.tasks)
            if (r.key, code) not in kept
        ]
        if links:
            conn.execute(feature_tasks.insert(), links)

    def _add_etl_statuses(
        self, conn: Connection, layer_id: str, records: Sequence[FeatureRecord]
    ) -> None:
        """Add the sources' dated statuses that are not in the history yet."""
        wanted = [(r.key, e) for r in records for e in r.status_history]
        if not wanted:
            return
        layer_keys = sa.select(features.c.key).where(features.c.layer_id == layer_id)
        have = {
            tuple(row)
            for row in conn.execute(
                sa.select(
                    status_events.c.feature_key,
                    status_events.c.status,
                    status_events.c.effective_date,
                    status_events.c.source,
                ).where(status_events.c.feature_key.in_(layer_keys))
            )
        }
        rows = []
        for key, event in wanted:
            ident = (key, event.status, event.effective_date, event.source)
            if ident in have:
                continue
            have.add(ident)
            rows.append(_status_row(key, event))
        if rows:
            conn.execute(status_events.insert(), rows)

    # -- statuses ----------------------------------------------------------------

    def add_status(self, key: str, event: StatusEvent) -> None:
        """Append a dated status to a feature's history (the current status is derived)."""
        with self.engine.begin() as conn:
            exists = conn.execute(
                sa.select(features.c.id).where(features.c.key == key)
            ).scalar_one_or_none()
            if exists is None:
                raise NotFound(f"Không có địa điểm {key!r}.", f"No site {key!r}.")
            conn.execute(status_events.insert().values(**_status_row(key, event)))

    def status_history(self, key: str) -> list[dict[str, Any]]:
        """A feature's status history, oldest first."""
        query = (
            sa.select(status_events)
            .where(status_events.c.feature_key == key)
            .order_by(
                status_events.c.effective_date, status_events.c.recorded_at, status_events.c.id
            )
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    # -- feature queries ---------------------------------------------------------

    def _base_query(self, flt: FeatureFilter) -> sa.Select[Any]:
        status = current_status_subquery("status").label("status")
        status_date = current_status_subquery("effective_date").label("status_date")
        query = sa.select(*_FEATURE_COLUMNS, status, status_date)
        if flt.layers:
            query = query.where(features.c.layer_id.in_(list(flt.layers)))
        if flt.statuses:
            wanted = check_statuses(flt.statuses)
            current = current_status_subquery("status")
            clauses = [current.in_([s for s in wanted if s != NO_STATUS])]
            if NO_STATUS in wanted:
                clauses.append(current.is_(None))
            query = query.where(sa.or_(*clauses))
        if flt.tasks:
            linked = sa.select(feature_tasks.c.feature_key).where(
                feature_tasks.c.task_code.in_(list(flt.tasks))
            )
            query = query.where(features.c.key.in_(linked))
        if flt.districts:
            query = query.where(features.c.district_code.in_(list(flt.districts)))
        if flt.located is not None:
            query = query.where(
                features.c.minx.is_not(None) if flt.located else features.c.minx.is_(None)
            )
        if flt.query:
            terms = search_terms(flt.query)
            if terms:
                query = query.where(self.backend.search_filter(terms))
        if flt.bbox is not None:
            query = query.where(self.backend.bbox_filter(_check_bbox(flt.bbox)))
        return query

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
                found = [self._to_feature(r) for r in rows]
            else:
                found, total = self._exact_bbox_page(conn, query, flt.bbox, limit, offset)
            self._attach_tasks(conn, found)
        return FeaturePage(found, total, limit, offset)

    def _exact_bbox_page(
        self, conn: Connection, query: sa.Select[Any], bbox: BBox, limit: int, offset: int
    ) -> tuple[list[StoredFeature], int]:
        """Finish an index (bbox-overlap) query with shapely's exact intersects test."""
        window = box(*bbox)
        minx, miny, maxx, maxy = bbox
        total = 0
        page: list[StoredFeature] = []
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
                page.append(self._to_feature(row))
            total += 1
        return page, total

    def iter_features(
        self, flt: FeatureFilter | None = None, batch: int = 1000
    ) -> Iterator[StoredFeature]:
        """Every matching feature, fetched page by page (for exports)."""
        offset = 0
        while True:
            page = self.query_features(flt, limit=batch, offset=offset)
            yield from page.features
            offset += batch
            if offset >= page.number_matched:
                return

    def get_feature(self, key: str) -> StoredFeature:
        """One feature by its stable key, or :class:`NotFound`."""
        query = self._base_query(FeatureFilter()).where(features.c.key == key)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            if row is None:
                raise NotFound(f"Không có địa điểm {key!r}.", f"No site {key!r}.")
            feature = self._to_feature(row)
            self._attach_tasks(conn, [feature])
        return feature

    def search(
        self, query: str, *, limit: int = 20, layers: Sequence[str] = ()
    ) -> list[StoredFeature]:
        """Diacritic-insensitive search over names; exact-accent matches first."""
        if not search_terms(query):
            return []
        flt = FeatureFilter(query=query, layers=layers)
        with self.engine.connect() as conn:
            rows = conn.execute(self._base_query(flt).order_by(features.c.id)).mappings().all()
            found = [self._to_feature(r) for r in rows]
            needle, folded = query.strip().lower(), " ".join(search_terms(query))

            def rank(f: StoredFeature) -> tuple[int, int, str]:
                names = f"{f.name_vi} {f.name_en or ''}".lower()
                if needle and needle in names:
                    return (0, len(f.name_vi), f.name_vi)
                if folded in fold(names):
                    return (1, len(f.name_vi), f.name_vi)
                return (2, len(f.name_vi), f.name_vi)

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
    ) -> list[StoredFeature]:
        """Located features nearest to a point, with distances in metres.

        Uses the spatial index with a growing search window; exact distances are
        computed in an azimuthal equidistant projection centred on the point.
        """
        _check_bbox((lon, lat, lon, lat))
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

    def _to_feature(self, row: RowMapping) -> StoredFeature:
        return StoredFeature(
            id=row["id"],
            key=row["key"],
            layer_id=row["layer_id"],
            name_vi=row["name_vi"],
            name_en=row["name_en"],
            geometry=row["geom"],
            precision=row["precision"],
            precision_note=row["precision_note"],
            properties=dict(row["properties"] or {}),
            district_code=row["district_code"],
            district_name=row["district_name"],
            commune_code=row["commune_code"],
            commune_name=row["commune_name"],
            today_unit=row["today_unit"],
            source=row["source"],
            licence=row["licence"],
            last_verified=row["last_verified"],
            version=row["version"],
            status=row.get("status"),
            status_date=_as_date(row.get("status_date")),
        )

    def _attach_tasks(self, conn: Connection, found: list[StoredFeature]) -> None:
        by_key = {f.key: f for f in found}
        for chunk in _chunks(list(by_key), 500):
            query = sa.select(feature_tasks.c.feature_key, feature_tasks.c.task_code).where(
                feature_tasks.c.feature_key.in_(chunk)
            )
            for key, code in conn.execute(query):
                by_key[key].tasks.append(code)
        for f in found:
            f.tasks.sort(key=task_sort_key)

    def task_link_counts(self) -> dict[str, dict[str, int]]:
        """For each task code: number of linked features per current status."""
        status = current_status_subquery("status")
        query = (
            sa.select(feature_tasks.c.task_code, status.label("status"), sa.func.count())
            .select_from(
                feature_tasks.join(features, features.c.key == feature_tasks.c.feature_key)
            )
            .group_by(feature_tasks.c.task_code, status)
        )
        out: dict[str, dict[str, int]] = {}
        with self.engine.connect() as conn:
            for code, st, n in conn.execute(query):
                out.setdefault(code, {})[st or "unknown"] = n
        return out


def _status_row(key: str, event: StatusEvent) -> dict[str, Any]:
    return {
        "feature_key": key,
        "status": event.status,
        "effective_date": event.effective_date,
        "note": event.note,
        "source": event.source,
        "recorded_by": event.recorded_by,
        "recorded_at": event.recorded_at or _now(),
    }


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
