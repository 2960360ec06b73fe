"""Staged loads: build → stage (a draft readers never see) → diff → publish.

A draft remembers the version it was built on. Publishing takes the layer's
lock, refuses a draft whose base is no longer current (:class:`Conflict`),
applies the difference in one transaction, records the new version and writes
an audit entry. A draft whose content is already the current version
publishes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain import FEATURE_FIELDS, Feature, Layer, StatusEvent, fold
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store.common import chunks, now
from webmap.store.features import COLUMN_OF, FEATURE_COLUMNS
from webmap.store.layers import current_version, layer_from_values, layer_values, upsert_layer
from webmap.store.schema import (
    draft_features,
    feature_districts,
    feature_tasks,
    features,
    layer_drafts,
    layer_versions,
    layers,
)
from webmap.store.statuses import add_source_statuses, new_source_statuses
from webmap.store.users import UserStore


@dataclass
class Diff:
    """What publishing a draft changes, by feature key."""

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many features are added, changed and removed."""
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }


@dataclass
class LoadResult:
    """What a publish did (``created`` is False when the content was already current)."""

    layer_id: str
    version: int
    created: bool
    added: int = 0
    updated: int = 0
    removed: int = 0
    feature_count: int = 0
    draft_id: int | None = None


@dataclass
class Draft:
    """A staged load of one layer."""

    id: int
    layer: Layer
    base_version: int | None
    origin: str
    checksum: str
    state: str
    created_by: str
    created_at: datetime
    note: str
    feature_count: int


# -- features as rows and as JSON ------------------------------------------------


def _search_text(record: Feature) -> str:
    parts = [
        record.name_vi,
        record.name_en or "",
        record.district_name or "",
        record.commune_name or "",
        str(record.properties.get("name_alt", "")),
    ]
    return fold(" ".join(parts))


def feature_row(record: Feature, version: int, origin: str) -> dict[str, Any]:
    """The ``features`` row of ``record``: its fields, bounding box, search text and version."""
    geom = record.geometry
    bounds = geom.bounds if geom is not None and not geom.is_empty else (None,) * 4
    row = {COLUMN_OF.get(name, name): getattr(record, name) for name in FEATURE_FIELDS}
    row.update(
        minx=bounds[0],
        miny=bounds[1],
        maxx=bounds[2],
        maxy=bounds[3],
        search_text=_search_text(record),
        version=version,
        origin=origin,
    )
    return row


def _comparable(row: dict[str, Any]) -> dict[str, Any]:
    """Row values in a form that compares equal when nothing changed."""
    out = {k: v for k, v in row.items() if k not in ("version", "id")}
    geom = out.pop("geom", None)
    out["geom"] = None if geom is None else shapely.to_wkb(geom)
    return out


def _to_json(record: Feature) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(record, name) for name in FEATURE_FIELDS}
    out["geometry"] = None if record.geometry is None else shapely.to_wkb(record.geometry, hex=True)
    out["last_verified"] = record.last_verified.isoformat() if record.last_verified else None
    out["tasks"] = list(record.tasks)
    out["districts"] = list(record.districts)
    out["status_history"] = [
        {
            "status": e.status,
            "effective_date": e.effective_date.isoformat(),
            "date_precision": e.date_precision,
            "source": e.source,
            "note": e.note,
            "recorded_by": e.recorded_by,
        }
        for e in record.status_history
    ]
    return out


def _from_json(data: dict[str, Any]) -> Feature:
    values = dict(data)
    values["geometry"] = None if data["geometry"] is None else shapely.from_wkb(data["geometry"])
    verified = data.get("last_verified")
    values["last_verified"] = date.fromisoformat(verified) if verified else None
    values["status_history"] = [
        StatusEvent(**{**e, "effective_date": date.fromisoformat(e["effective_date"])})
        for e in data.get("status_history", [])
    ]
    return Feature(**values)


def _check_records(layer: Layer, records: Sequence[Feature]) -> None:
    keys = [r.key for r in records]
    if len(set(keys)) != len(keys):
        dupes = sorted(k for k, n in Counter(keys).items() if n > 1)
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


# -- applying a draft --------------------------------------------------------------


def _existing_rows(conn: Connection, layer_id: str) -> dict[str, dict[str, Any]]:
    query = sa.select(*FEATURE_COLUMNS, features.c.search_text).where(
        features.c.layer_id == layer_id
    )
    return {row["key"]: dict(row) for row in conn.execute(query).mappings()}


def _rows(records: Sequence[Feature], version: int, origin: str) -> dict[str, dict[str, Any]]:
    """The ``features`` row of each record, by key."""
    return {r.key: feature_row(r, version, origin) for r in records}


def compute_diff(
    existing: dict[str, dict[str, Any]], rows: dict[str, dict[str, Any]], origin: str
) -> Diff:
    """Added, changed (with the changed fields) and removed keys of a load of ``origin``.

    ``rows`` are the load's rows by key (see :func:`feature_row`); the version is not compared.
    """
    diff = Diff()
    for key, row in rows.items():
        old = existing.get(key)
        if old is None:
            diff.added.append(key)
            continue
        new, before = _comparable(row), _comparable({k: old[k] for k in row})
        fields_changed = sorted(k for k in new if new[k] != before[k])
        if fields_changed:
            diff.changed[key] = fields_changed
    # Only rows this origin wrote are removed: an OSM import keeps the bundled rows.
    diff.removed = sorted(
        k for k, row in existing.items() if k not in rows and row["origin"] == origin
    )
    return diff


def _check_keys_free(conn: Connection, layer_id: str, keys: list[str]) -> None:
    """Refuse keys that already belong to a feature of another layer."""
    taken: list[tuple[str, str]] = []
    for chunk in chunks(keys):
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


def _apply(
    conn: Connection,
    layer_id: str,
    records: Sequence[Feature],
    rows: dict[str, dict[str, Any]],
    diff: Diff,
    origin: str,
) -> None:
    """Write the features of a load; links and status history hang on keys and survive."""
    if diff.added:
        conn.execute(features.insert(), [rows[key] for key in diff.added])
    for key in diff.changed:
        conn.execute(features.update().where(features.c.key == key).values(**rows[key]))
    for chunk in chunks(diff.removed):
        conn.execute(features.delete().where(features.c.key.in_(chunk)))
        conn.execute(feature_districts.delete().where(feature_districts.c.feature_key.in_(chunk)))
    _replace_source_links(conn, layer_id, origin, records)
    _replace_districts(conn, records)
    add_source_statuses(conn, layer_id, records)


def _links_of(conn: Connection, keys: list[str]) -> set[tuple[str, str, str]]:
    """(feature key, task code, added by) of every task link of ``keys``."""
    found: set[tuple[str, str, str]] = set()
    t = feature_tasks.c
    for chunk in chunks(keys):
        query = sa.select(t.feature_key, t.task_code, t.added_by).where(t.feature_key.in_(chunk))
        found |= {(key, code, by) for key, code, by in conn.execute(query)}
    return found


def _districts_of(conn: Connection, keys: list[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    d = feature_districts.c
    for chunk in chunks(keys):
        query = sa.select(d.feature_key, d.district_code).where(d.feature_key.in_(chunk))
        found |= {(key, code) for key, code in conn.execute(query)}
    return found


def _unchanged(conn: Connection, draft: Draft, records: Sequence[Feature], diff: Diff) -> bool:
    """Whether publishing would change nothing: same rows, layer, links, districts, statuses.

    A draft of the same content as the current version (after loads of other origins in
    between, say) publishes no new version.
    """
    if diff.added or diff.changed or diff.removed:
        return False
    stored = conn.execute(sa.select(layers).where(layers.c.id == draft.layer.id)).mappings().first()
    wanted_layer = json.loads(json.dumps(layer_values(draft.layer)))  # as stored: lists, not tuples
    if stored is None or any(stored[k] != v for k, v in wanted_layer.items()):
        return False
    if new_source_statuses(conn, draft.layer.id, records):
        return False
    keys = [r.key for r in records]
    links = _links_of(conn, keys)
    wanted = {(r.key, code) for r in records for code in r.tasks}
    source_links = {(key, code) for key, code, by in links if by == "etl"}
    if not wanted <= {(key, code) for key, code, _ in links} or not source_links <= wanted:
        return False
    served = {(r.key, c) for r in records for c in {*r.districts, *filter(None, [r.district_code])}}
    return _districts_of(conn, keys) == served


def _replace_districts(conn: Connection, records: Sequence[Feature]) -> None:
    """Every district of each record of the load (a service area serves several)."""
    keys = [r.key for r in records]
    for chunk in chunks(keys):
        conn.execute(feature_districts.delete().where(feature_districts.c.feature_key.in_(chunk)))
    rows = [
        {"feature_key": r.key, "district_code": code}
        for r in records
        for code in dict.fromkeys([*([r.district_code] if r.district_code else []), *r.districts])
    ]
    if rows:
        conn.execute(feature_districts.insert(), rows)


def _replace_source_links(
    conn: Connection, layer_id: str, origin: str, records: Sequence[Feature]
) -> None:
    """Replace the task links the sources gave the rows of this load; links staff added stay.

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


def _draft_from_row(row: Any) -> Draft:
    return Draft(
        id=row.id,
        layer=layer_from_values(row.layer_id, row.layer),
        base_version=row.base_version,
        origin=row.origin,
        checksum=row.checksum,
        state=row.state,
        created_by=row.created_by,
        created_at=row.created_at,
        note=row.note,
        feature_count=row.feature_count,
    )


def _read_draft(conn: Connection, draft_id: int) -> Draft:
    row = conn.execute(sa.select(layer_drafts).where(layer_drafts.c.id == draft_id)).first()
    if row is None:
        raise NotFound(f"Không có bản nháp {draft_id}.", f"No draft {draft_id}.")
    return _draft_from_row(row)


class DraftStore(UserStore):
    """Staging, comparing and publishing loads of a layer."""

    def stage_layer(
        self,
        layer: Layer,
        records: Sequence[Feature],
        *,
        checksum: str,
        created_by: str = "etl",
        note: str = "",
        origin: str = "bundled",
    ) -> Draft:
        """Store a load as a draft on top of the layer's current version; readers never see it."""
        _check_records(layer, records)
        with self.backend.write_transaction(self.engine) as conn:
            base, _ = current_version(conn, layer.id)
            inserted = conn.execute(
                layer_drafts.insert().values(
                    layer_id=layer.id,
                    base_version=base,
                    origin=origin,
                    checksum=checksum,
                    layer=layer_values(layer),
                    feature_count=len(records),
                    state="staged",
                    created_by=created_by,
                    created_at=now(),
                    note=note,
                )
            )
            key = inserted.inserted_primary_key
            assert key is not None
            draft_id = int(key[0])
            rows = [
                {"draft_id": draft_id, "key": r.key, "seq": seq, "record": _to_json(r)}
                for seq, r in enumerate(records)
            ]
            for start in range(0, len(rows), 1000):
                conn.execute(draft_features.insert(), rows[start : start + 1000])
        return self.get_draft(draft_id)

    def get_draft(self, draft_id: int) -> Draft:
        """One draft, or :class:`NotFound`."""
        with self.engine.connect() as conn:
            return _read_draft(conn, draft_id)

    def draft_features(self, draft_id: int) -> list[Feature]:
        """The features of a draft, in the order they were built."""
        query = (
            sa.select(draft_features.c.record)
            .where(draft_features.c.draft_id == draft_id)
            .order_by(draft_features.c.seq)
        )
        with self.engine.connect() as conn:
            return [_from_json(record) for (record,) in conn.execute(query)]

    def draft_diff(self, draft_id: int) -> Diff:
        """What publishing the draft would change in the current version."""
        draft = self.get_draft(draft_id)
        records = self.draft_features(draft_id)
        with self.engine.connect() as conn:
            existing = _existing_rows(conn, draft.layer.id)
        return compute_diff(existing, _rows(records, 0, draft.origin), draft.origin)

    def discard_draft(self, draft_id: int, *, actor: str = "etl", quietly: bool = False) -> None:
        """Drop a staged draft: its features go, its record stays, marked discarded.

        ``quietly``: clean up after a failed publish, doing nothing to a draft
        that is not staged any more and writing no audit entry.
        """
        with self.backend.write_transaction(self.engine) as conn:
            draft = _read_draft(conn, draft_id)
            if draft.state != "staged":
                if quietly:
                    return
                raise Conflict(
                    f"Bản nháp {draft_id} đã {_STATE_VI.get(draft.state, draft.state)}.",
                    f"Draft {draft_id} is already {draft.state}.",
                )
            self._close_draft(conn, draft, "discarded", None)
            if not quietly:
                detail = {"draft": draft_id}
                self.audit(conn, actor, "layer.discard", "layer", draft.layer.id, detail)

    def publish_draft(
        self, draft_id: int, *, actor: str = "etl", records: Sequence[Feature] | None = None
    ) -> LoadResult:
        """Make a draft the layer's new current version, in one transaction with its audit entry.

        ``records``: the draft's features, when the caller staged them itself and still
        holds them (saves reading them back).

        Raises:
            Conflict: when the draft is not staged any more, when the layer has
                moved past the draft's base version, or when another publish of
                the layer holds its lock for too long.
        """
        draft = self.get_draft(draft_id)
        if records is None:
            records = self.draft_features(draft_id)
        layer_id = draft.layer.id
        with self.locked(f"layer:{layer_id}", f"Lớp {layer_id}", f"Layer {layer_id}") as conn:
            state = conn.execute(
                sa.select(layer_drafts.c.state).where(layer_drafts.c.id == draft_id)
            ).scalar_one()
            if state != "staged":
                raise Conflict(
                    f"Bản nháp {draft_id} đã {_STATE_VI.get(state, state)}.",
                    f"Draft {draft_id} is already {state}.",
                )
            current, checksum = current_version(conn, layer_id)
            if current is not None and checksum == draft.checksum:
                self._close_draft(conn, draft, "unchanged", current)
                return LoadResult(layer_id, current, False, feature_count=len(records))
            if current != draft.base_version:
                raise Conflict(
                    f"Lớp {layer_id} đã sang phiên bản {current} sau khi bản nháp {draft_id} được "
                    f"tạo trên phiên bản {draft.base_version or 'trống'}: hãy nạp lại.",
                    f"Layer {layer_id} moved to version {current} after draft {draft_id} was made "
                    f"on version {draft.base_version or 'none'}: load it again.",
                )
            return self._publish(conn, draft, records, actor)

    def _publish(
        self, conn: Connection, draft: Draft, records: Sequence[Feature], actor: str
    ) -> LoadResult:
        layer_id = draft.layer.id
        _check_keys_free(conn, layer_id, [r.key for r in records])
        rows = _rows(records, (draft.base_version or 0) + 1, draft.origin)
        diff = compute_diff(_existing_rows(conn, layer_id), rows, draft.origin)
        if draft.base_version is not None and _unchanged(conn, draft, records, diff):
            self._close_draft(conn, draft, "unchanged", draft.base_version)
            return LoadResult(layer_id, draft.base_version, False, feature_count=len(records))
        version = (draft.base_version or 0) + 1
        upsert_layer(conn, draft.layer, version)
        _apply(conn, layer_id, records, rows, diff, draft.origin)
        counts = diff.counts()
        conn.execute(
            layer_versions.insert().values(
                layer_id=layer_id,
                version=version,
                checksum=draft.checksum,
                feature_count=len(records),
                added=counts["added"],
                updated=counts["changed"],
                removed=counts["removed"],
                loaded_by=actor,
                loaded_at=now(),
                note=draft.note,
                origin=draft.origin,
            )
        )
        self._close_draft(conn, draft, "published", version)
        detail = {"version": version, "draft": draft.id, "origin": draft.origin, **counts}
        self.audit(conn, actor, "layer.publish", "layer", layer_id, detail)
        return LoadResult(
            layer_id,
            version,
            True,
            counts["added"],
            counts["changed"],
            counts["removed"],
            len(records),
            draft.id,
        )

    def _close_draft(self, conn: Connection, draft: Draft, state: str, version: int | None) -> None:
        conn.execute(draft_features.delete().where(draft_features.c.draft_id == draft.id))
        conn.execute(
            layer_drafts.update()
            .where(layer_drafts.c.id == draft.id)
            .values(state=state, published_version=version)
        )

    def load_layer(
        self,
        layer: Layer,
        records: Sequence[Feature],
        *,
        checksum: str,
        loaded_by: str = "etl",
        note: str = "",
        origin: str = "bundled",
    ) -> LoadResult:
        """Stage and publish in one go.

        Features are matched by key: new keys are added, changed ones updated,
        missing ones of the same ``origin`` removed; links and status history
        hang on keys and so survive. Loading the current checksum again
        creates no version. Any error rolls the publish back, leaving the
        published layer as it was.
        """
        with self.engine.connect() as conn:
            current, last = current_version(conn, layer.id)
        if current is not None and last == checksum:
            return LoadResult(layer.id, current, False, feature_count=len(records))
        draft = self.stage_layer(
            layer, records, checksum=checksum, created_by=loaded_by, note=note, origin=origin
        )
        try:
            return self.publish_draft(draft.id, actor=loaded_by, records=records)
        except BaseException:
            self.discard_draft(draft.id, actor=loaded_by, quietly=True)
            raise


_STATE_VI = {"published": "được công bố", "discarded": "bị hủy", "unchanged": "không đổi"}
