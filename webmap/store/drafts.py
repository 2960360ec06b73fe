"""Staged loads: build → stage (a draft readers never see) → diff → publish.

A draft remembers the version it was built on and how it is to be applied (its
mode, see :data:`MODES`). Publishing takes the layer's lock, refuses a draft
whose base is no longer current (:class:`Conflict`), applies the difference in
one transaction, records the new version and the features it wrote in the
feature history (:mod:`webmap.store.history`) and writes an audit entry. A draft
whose content is already the current version publishes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain import FEATURE_FIELDS, Feature, Layer, fold
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store.audit import AuditStore
from webmap.store.common import chunks, now
from webmap.store.features import COLUMN_OF, FEATURE_COLUMNS
from webmap.store.history import (
    HistoryStore,
    check_restorable,
    ensure_baseline,
    from_json,
    record_json,
    stored_features,
    version_contents,
    write_history,
)
from webmap.store.layers import current_version, layer_from_values, layer_values, upsert_layer
from webmap.store.mappings import MappingStore
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

#: How a draft is applied to the published layer.
#:
#: ``origin``: the load replaces the rows its own origin wrote (a bundled reload, an OSM
#: import); rows staff wrote (origin ``user``) are never changed or removed by a load of
#: another origin: they are *kept*. ``merge``: adds and updates, whatever the rows' origin,
#: and removes nothing. ``replace``: adds, updates and removes every row absent from the
#: load. ``restore``: the layer becomes exactly the draft's rows, each with its own origin.
#: In every mode but ``origin`` (and ``restore``) the rows written take the load's origin.
MODES = ("origin", "merge", "replace", "restore")

#: Audit entry written with a publish: (action, entity, entity id, detail); the new
#: version is added to the detail as ``version``.
AuditEntry = tuple[str, str, str, Mapping[str, Any]]


@dataclass
class Diff:
    """What publishing a draft changes, by feature key.

    ``kept``: keys of the load left alone because staff wrote them (see :data:`MODES`).
    """

    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many features are added, changed, removed and kept."""
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "kept": len(self.kept),
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
    kept: int = 0


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
    mode: str = "origin"


@dataclass
class FeatureChange:
    """A feature a draft changes: as published now, as the draft has it, and what differs.

    ``fields`` are stored column names (``geom`` for the geometry, ``tasks``,
    ``districts``; the bounding box and ``search_text`` follow the geometry and names).
    """

    key: str
    old: Feature
    new: Feature
    fields: list[str]


@dataclass
class DraftChanges:
    """One page of what publishing a draft would change; ``counts`` are always complete."""

    counts: dict[str, int]
    added: list[Feature]
    changed: list[FeatureChange]
    removed: list[Feature]
    kept: list[str]


# -- features as rows --------------------------------------------------------------


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


def _check_records(layer: Layer, records: Sequence[Feature], mode: str) -> None:
    if mode not in MODES:
        raise BadRequest(
            f"Cách nạp không hợp lệ: {mode!r}. Dùng: {', '.join(MODES)}",
            f"Unknown load mode {mode!r}. Use: {', '.join(MODES)}",
        )
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


# -- the difference a draft makes ------------------------------------------------------


def _existing_rows(conn: Connection, layer_id: str) -> dict[str, dict[str, Any]]:
    query = sa.select(*FEATURE_COLUMNS, features.c.search_text).where(
        features.c.layer_id == layer_id
    )
    return {row["key"]: dict(row) for row in conn.execute(query).mappings()}


def _removed_keys(
    existing: dict[str, dict[str, Any]], rows: dict[str, dict[str, Any]], origin: str, mode: str
) -> list[str]:
    """Keys of the layer a load of ``origin`` in ``mode`` removes."""
    if mode == "merge":
        return []
    absent = (k for k in existing if k not in rows)
    if mode == "origin":
        # Only rows this origin wrote are removed: an OSM import keeps the bundled rows.
        return sorted(k for k in absent if existing[k]["origin"] == origin)
    return sorted(absent)


def compute_diff(
    existing: dict[str, dict[str, Any]],
    rows: dict[str, dict[str, Any]],
    origin: str,
    mode: str = "origin",
) -> Diff:
    """Added, changed (with the changed fields) and removed keys of a load of ``origin``.

    ``rows`` are the load's rows by key (see :func:`feature_row`); the version is not
    compared. Task links and districts are compared by :func:`_link_changes`.
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
    diff.removed = _removed_keys(existing, rows, origin, mode)
    return diff


def _split_kept(
    existing: dict[str, dict[str, Any]], records: Sequence[Feature], origin: str, mode: str
) -> tuple[list[Feature], list[str]]:
    """The records a load applies, and the keys it keeps (staff rows an origin load skips)."""
    if mode != "origin" or origin == "user":
        return list(records), []
    kept = sorted(r.key for r in records if existing.get(r.key, {}).get("origin") == "user")
    skip = set(kept)
    return [r for r in records if r.key not in skip], kept


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


def _served(record: Feature) -> set[str]:
    """Every district of ``record``: its own and those it serves."""
    return {*record.districts, *filter(None, [record.district_code])}


def _link_changes(conn: Connection, records: Sequence[Feature], diff: Diff) -> None:
    """Add ``tasks`` / ``districts`` to the changed fields of records whose links differ.

    A record's tasks are unchanged when each is linked (by its source or by staff) and
    every link its source gave is among them; links staff added stay either way.
    """
    added = set(diff.added)
    present = [r for r in records if r.key not in added]
    keys = [r.key for r in present]
    links: dict[str, set[str]] = {}
    source: dict[str, set[str]] = {}
    for key, code, by in _links_of(conn, keys):
        links.setdefault(key, set()).add(code)
        if by == "etl":
            source.setdefault(key, set()).add(code)
    districts: dict[str, set[str]] = {}
    for key, code in _districts_of(conn, keys):
        districts.setdefault(key, set()).add(code)
    changed: dict[str, list[str]] = {}
    for r in present:
        fields = set(diff.changed.get(r.key, []))
        wanted = set(r.tasks)
        if not wanted <= links.get(r.key, set()) or not source.get(r.key, set()) <= wanted:
            fields.add("tasks")
        if districts.get(r.key, set()) != _served(r):
            fields.add("districts")
        if fields:
            changed[r.key] = sorted(fields)
    diff.changed = changed


@dataclass
class _Plan:
    """A draft applied to the published layer, before anything is written."""

    records: list[Feature]  # the records written (kept ones dropped)
    origins: dict[str, str]  # origin of each written row, by key
    rows: dict[str, dict[str, Any]]
    diff: Diff

    def written(self) -> list[tuple[Feature, str]]:
        """(record, origin) of every added or changed feature."""
        touched = {*self.diff.added, *self.diff.changed}
        return [(r, self.origins[r.key]) for r in self.records if r.key in touched]


def _plan(
    conn: Connection,
    draft: Draft,
    records: Sequence[Feature],
    origins: Mapping[str, str],
    version: int,
) -> _Plan:
    """What publishing ``records`` of ``draft`` as ``version`` changes (reads, never writes)."""
    existing = _existing_rows(conn, draft.layer.id)
    applied, kept = _split_kept(existing, records, draft.origin, draft.mode)
    origin_of = {r.key: origins.get(r.key, draft.origin) for r in applied}
    rows = {r.key: feature_row(r, version, origin_of[r.key]) for r in applied}
    diff = compute_diff(existing, rows, draft.origin, draft.mode)
    _link_changes(conn, applied, diff)
    _status_changes(conn, draft.layer.id, applied, diff)
    diff.kept = kept
    return _Plan(applied, origin_of, rows, diff)


def _status_changes(
    conn: Connection, layer_id: str, records: Sequence[Feature], diff: Diff
) -> None:
    """A feature the load gives a status event its history lacks is changed (field status)."""
    added = set(diff.added)
    for row in new_source_statuses(conn, layer_id, records):
        key = row["feature_key"]
        if key not in added:
            fields = diff.changed.setdefault(key, [])
            if "status" not in fields:
                fields.append("status")


# -- applying a draft --------------------------------------------------------------


def _apply(conn: Connection, layer_id: str, plan: _Plan) -> None:
    """Write the features of a load; status history hangs on keys and survives."""
    diff, rows = plan.diff, plan.rows
    if diff.added:
        conn.execute(features.insert(), [rows[key] for key in diff.added])
    for key in diff.changed:
        conn.execute(features.update().where(features.c.key == key).values(**rows[key]))
    for chunk in chunks(diff.removed):
        conn.execute(features.delete().where(features.c.key.in_(chunk)))
        conn.execute(feature_districts.delete().where(feature_districts.c.feature_key.in_(chunk)))
        conn.execute(
            feature_tasks.delete().where(
                feature_tasks.c.feature_key.in_(chunk), feature_tasks.c.added_by == "etl"
            )
        )
    _replace_source_links(conn, plan.records)
    _replace_districts(conn, plan.records)
    add_source_statuses(conn, layer_id, plan.records)


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


def _replace_source_links(conn: Connection, records: Sequence[Feature]) -> None:
    """Replace the task links the sources gave the records of this load; staff links stay."""
    keys = [r.key for r in records]
    t = feature_tasks.c
    for chunk in chunks(keys):
        conn.execute(feature_tasks.delete().where(t.added_by == "etl", t.feature_key.in_(chunk)))
    staff = {(key, code) for key, code, _ in _links_of(conn, keys)}
    links = [
        {"feature_key": r.key, "task_code": code, "added_by": "etl"}
        for r in records
        for code in dict.fromkeys(r.tasks)
        if (r.key, code) not in staff
    ]
    if links:
        conn.execute(feature_tasks.insert(), links)


def _unchanged(conn: Connection, draft: Draft, plan: _Plan) -> bool:
    """Whether publishing would change nothing: same rows, links, districts, layer, statuses.

    A draft of the same content as the current version (after loads of other origins in
    between, say) publishes no new version.
    """
    diff = plan.diff
    if diff.added or diff.changed or diff.removed:
        return False
    stored = conn.execute(sa.select(layers).where(layers.c.id == draft.layer.id)).mappings().first()
    wanted_layer = json.loads(json.dumps(layer_values(draft.layer)))  # as stored: lists, not tuples
    if stored is None or any(stored[k] != v for k, v in wanted_layer.items()):
        return False
    return not new_source_statuses(conn, draft.layer.id, plan.records)


def _layer_count(conn: Connection, layer_id: str) -> int:
    query = sa.select(sa.func.count()).where(features.c.layer_id == layer_id)
    return int(conn.execute(query).scalar_one())


# -- reading drafts ----------------------------------------------------------------


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
        mode=row.mode,
    )


def _read_draft(conn: Connection, draft_id: int) -> Draft:
    row = conn.execute(sa.select(layer_drafts).where(layer_drafts.c.id == draft_id)).first()
    if row is None:
        raise NotFound(f"Không có bản nháp {draft_id}.", f"No draft {draft_id}.")
    return _draft_from_row(row)


def _draft_contents(conn: Connection, draft_id: int) -> tuple[list[Feature], dict[str, str]]:
    """A draft's features in build order, and the origins a restore draft gives them."""
    query = (
        sa.select(draft_features.c.record)
        .where(draft_features.c.draft_id == draft_id)
        .order_by(draft_features.c.seq)
    )
    records, origins = [], {}
    for (record,) in conn.execute(query):
        records.append(from_json(record))
        if record.get("origin"):
            origins[record["key"]] = record["origin"]
    return records, origins


def _stored_layer(conn: Connection, layer_id: str) -> Layer:
    row = conn.execute(sa.select(layers).where(layers.c.id == layer_id)).mappings().first()
    if row is None:
        raise NotFound(f"Không có lớp bản đồ {layer_id!r}.", f"No layer {layer_id!r}.")
    return layer_from_values(layer_id, dict(row))


def _staged(record: Feature, origins: Mapping[str, str] | None) -> dict[str, Any]:
    """A draft's JSON of ``record``, with its row's origin when the draft gives one."""
    data = record_json(record)
    if origins is not None and record.key in origins:
        data["origin"] = origins[record.key]
    return data


def _restore_checksum(layer_id: str, version: int) -> str:
    """The checksum of a restore: restoring the same version twice in a row changes nothing."""
    return hashlib.sha256(f"restore\0{layer_id}\0{version}".encode()).hexdigest()


def _check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise BadRequest("limit và offset phải ≥ 0.", "limit and offset must be ≥ 0.")


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


class DraftStore(HistoryStore, AuditStore, MappingStore):
    """Staging, comparing, publishing and restoring loads of a layer."""

    def stage_layer(
        self,
        layer: Layer,
        records: Sequence[Feature],
        *,
        checksum: str,
        created_by: str = "etl",
        note: str = "",
        origin: str = "bundled",
        mode: str = "origin",
        origins: Mapping[str, str] | None = None,
    ) -> Draft:
        """Store a load as a draft on top of the layer's current version; readers never see it.

        ``mode``: how publishing applies it (see :data:`MODES`). ``origins``: the origin
        of each record's row by key, for a ``restore`` (others take ``origin``).
        """
        _check_records(layer, records, mode)
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
                    mode=mode,
                )
            )
            key = inserted.inserted_primary_key
            assert key is not None
            draft_id = int(key[0])
            rows = [
                {"draft_id": draft_id, "key": r.key, "seq": seq, "record": _staged(r, origins)}
                for seq, r in enumerate(records)
            ]
            for start in range(0, len(rows), 1000):
                conn.execute(draft_features.insert(), rows[start : start + 1000])
        return self.get_draft(draft_id)

    def get_draft(self, draft_id: int) -> Draft:
        """One draft, or :class:`NotFound`."""
        with self.engine.connect() as conn:
            return _read_draft(conn, draft_id)

    def open_drafts(self, layer_id: str | None = None) -> list[Draft]:
        """Drafts still staged (of one layer, or of all), newest first."""
        query = sa.select(layer_drafts).where(layer_drafts.c.state == "staged")
        if layer_id is not None:
            query = query.where(layer_drafts.c.layer_id == layer_id)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(layer_drafts.c.id.desc())).all()
        return [_draft_from_row(row) for row in rows]

    def draft_features(self, draft_id: int) -> list[Feature]:
        """The features of a draft, in the order they were built."""
        with self.engine.connect() as conn:
            return _draft_contents(conn, draft_id)[0]

    def draft_diff(self, draft_id: int) -> Diff:
        """What publishing the draft would change in the current version."""
        draft = self.get_draft(draft_id)
        with self.engine.connect() as conn:
            records, origins = _draft_contents(conn, draft_id)
            return _plan(conn, draft, records, origins, 0).diff

    def draft_changes(self, draft_id: int, *, limit: int = 200, offset: int = 0) -> DraftChanges:
        """What publishing the draft would change, old and new values side by side.

        ``counts`` cover the whole draft; each list (added, changed, removed, kept) is
        cut to ``limit`` entries from ``offset``, for a table one page at a time.
        """
        _check_page(limit, offset)
        draft = self.get_draft(draft_id)
        page = slice(offset, offset + limit)
        with self.engine.connect() as conn:
            records, origins = _draft_contents(conn, draft_id)
            diff = _plan(conn, draft, records, origins, 0).diff
            changed = list(diff.changed.items())[page]
            wanted = [key for key, _ in changed] + diff.removed[page]
            old: dict[str, tuple[Feature, str]] = {}
            for chunk in chunks(wanted):
                condition = features.c.key.in_(chunk)
                found = stored_features(conn, condition, source_links_only=False, with_status=True)
                old.update(found)
        new = {r.key: r for r in records}
        return DraftChanges(
            counts=diff.counts(),
            added=[new[key] for key in diff.added[page]],
            changed=[FeatureChange(k, old[k][0], new[k], fields) for k, fields in changed],
            removed=[old[key][0] for key in diff.removed[page]],
            kept=diff.kept[page],
        )

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
        self,
        draft_id: int,
        *,
        actor: str = "etl",
        records: Sequence[Feature] | None = None,
        audit: AuditEntry | None = None,
    ) -> LoadResult:
        """Make a draft the layer's new current version, in one transaction with its audit entry.

        The features it adds, changes or removes are written to the feature history in
        the same transaction.

        ``records``: the draft's features, when the caller staged them itself and still
        holds them (saves reading them back; a restore draft is always read back).
        ``audit``: one more audit entry to write with the publish (its detail gets the
        new ``version``); nothing is written when nothing is published.

        Raises:
            Conflict: when the draft is not staged any more, when the layer has
                moved past the draft's base version, when a key belongs to another
                layer, or when another publish of the layer holds its lock too long.
        """
        draft = self.get_draft(draft_id)
        origins: dict[str, str] = {}
        if records is None or draft.mode == "restore":
            with self.engine.connect() as conn:
                records, origins = _draft_contents(conn, draft_id)
        layer_id = draft.layer.id
        with self.locked(f"layer:{layer_id}", f"Lớp {layer_id}", f"Layer {layer_id}") as conn:
            _check_staged(conn, draft_id)
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
            return self._publish(conn, draft, records, origins, actor, audit)

    def _publish(
        self,
        conn: Connection,
        draft: Draft,
        records: Sequence[Feature],
        origins: Mapping[str, str],
        actor: str,
        audit: AuditEntry | None,
    ) -> LoadResult:
        layer_id = draft.layer.id
        _check_keys_free(conn, layer_id, [r.key for r in records])
        version = (draft.base_version or 0) + 1
        plan = _plan(conn, draft, records, origins, version)
        counts = plan.diff.counts()
        if draft.base_version is not None and _unchanged(conn, draft, plan):
            self._close_draft(conn, draft, "unchanged", draft.base_version)
            return LoadResult(
                layer_id, draft.base_version, False, feature_count=len(records), kept=counts["kept"]
            )
        ensure_baseline(conn, layer_id, draft.base_version)
        upsert_layer(conn, draft.layer, version)
        _apply(conn, layer_id, plan)
        write_history(conn, layer_id, version, plan.written(), plan.diff.removed)
        self._record_version(conn, draft, version, counts, actor)
        if audit is not None:
            action, entity, entity_id, detail = audit
            self.audit(conn, actor, action, entity, entity_id, {**detail, "version": version})
        return LoadResult(
            layer_id,
            version,
            True,
            counts["added"],
            counts["changed"],
            counts["removed"],
            len(records),
            draft.id,
            counts["kept"],
        )

    def _record_version(
        self, conn: Connection, draft: Draft, version: int, counts: dict[str, int], actor: str
    ) -> None:
        """The new ``layer_versions`` row, the draft closed, the ``layer.publish`` entry."""
        layer_id = draft.layer.id
        conn.execute(
            layer_versions.insert().values(
                layer_id=layer_id,
                version=version,
                checksum=draft.checksum,
                feature_count=_layer_count(conn, layer_id),
                added=counts["added"],
                updated=counts["changed"],
                removed=counts["removed"],
                loaded_by=actor,
                loaded_at=now(),
                note=draft.note,
                origin=draft.origin,
                restorable=True,
            )
        )
        self._close_draft(conn, draft, "published", version)
        detail = {
            "version": version,
            "draft": draft.id,
            "origin": draft.origin,
            "mode": draft.mode,
            **counts,
        }
        self.audit(conn, actor, "layer.publish", "layer", layer_id, detail)

    def _close_draft(self, conn: Connection, draft: Draft, state: str, version: int | None) -> None:
        conn.execute(draft_features.delete().where(draft_features.c.draft_id == draft.id))
        conn.execute(
            layer_drafts.update()
            .where(layer_drafts.c.id == draft.id)
            .values(state=state, published_version=version)
        )

    def _publish_or_discard(
        self, draft: Draft, actor: str, records: Sequence[Feature], audit: AuditEntry | None = None
    ) -> LoadResult:
        """Publish a draft just staged; any error discards it and leaves the layer as it was."""
        try:
            return self.publish_draft(draft.id, actor=actor, records=records, audit=audit)
        except BaseException:
            self.discard_draft(draft.id, actor=actor, quietly=True)
            raise

    def load_layer(
        self,
        layer: Layer,
        records: Sequence[Feature],
        *,
        checksum: str,
        loaded_by: str = "etl",
        note: str = "",
        origin: str = "bundled",
        mode: str = "origin",
    ) -> LoadResult:
        """Stage and publish in one go.

        Features are matched by key: new keys are added, changed ones updated and, in
        ``origin`` mode, missing ones of the same ``origin`` removed (see :data:`MODES`);
        links and status history hang on keys and so survive. Loading the current
        checksum again creates no version. Any error rolls the publish back, leaving
        the published layer as it was.
        """
        with self.engine.connect() as conn:
            current, last = current_version(conn, layer.id)
        if current is not None and last == checksum:
            return LoadResult(layer.id, current, False, feature_count=len(records))
        draft = self.stage_layer(
            layer,
            records,
            checksum=checksum,
            created_by=loaded_by,
            note=note,
            origin=origin,
            mode=mode,
        )
        return self._publish_or_discard(draft, loaded_by, records)

    def restore_version(self, layer_id: str, version: int, *, actor: str) -> LoadResult:
        """Publish the features of an earlier ``version`` as the layer's new version.

        The layer becomes exactly that version's features (geometry, attributes, source
        task links, districts, each row's origin); statuses, staff task links and the
        history itself stay: nothing is deleted. Audit ``layer.restore`` {from_version,
        version} is written with the publish. Restoring the current content publishes
        nothing (``created`` False).

        Raises:
            NotFound: for an unknown layer or version.
            Conflict: for a version published before the feature history was kept, or
                when the layer moves on while the restore is staged.
        """
        with self.engine.connect() as conn:
            layer = _stored_layer(conn, layer_id)
            check_restorable(conn, layer_id, version)
            contents = version_contents(conn, layer_id, version)
        records = [record for record, _ in contents]
        draft = self.stage_layer(
            layer,
            records,
            checksum=_restore_checksum(layer_id, version),
            created_by=actor,
            note=f"Khôi phục phiên bản {version} / Restore of version {version}",
            origin="restore",
            mode="restore",
            origins={record.key: origin for record, origin in contents},
        )
        audit = ("layer.restore", "layer", layer_id, {"from_version": version})
        return self._publish_or_discard(draft, actor, records, audit)


def _check_staged(conn: Connection, draft_id: int) -> None:
    """:class:`Conflict` unless the draft is still staged (read under the layer's lock)."""
    state = conn.execute(
        sa.select(layer_drafts.c.state).where(layer_drafts.c.id == draft_id)
    ).scalar_one()
    if state != "staged":
        raise Conflict(
            f"Bản nháp {draft_id} đã {_STATE_VI.get(state, state)}.",
            f"Draft {draft_id} is already {state}.",
        )


_STATE_VI = {"published": "được công bố", "discarded": "bị hủy", "unchanged": "không đổi"}
