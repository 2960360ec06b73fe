"""Feature history: every published state of every feature, by layer version.

``feature_history`` is a temporal table. A row holds one feature as a version
published it (its stored fields, the task links its source gave it and its
districts, as JSON) and is valid from that version (``valid_from``) until the
version that changed or removed the feature (``valid_to``, ``NULL`` while it is
current). Each publish writes it in its own transaction, touching only the keys
it adds, changes or removes, so any earlier version can be read back and
published again; nothing is ever deleted from it.

A layer published before revision 0004 has no rows: the first publish after the
upgrade first writes a baseline of the layer's current rows, valid from its
current version, which makes that version restorable. Versions before it are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain import FEATURE_FIELDS, Feature, StatusEvent, task_sort_key
from webmap.errors import Conflict, NotFound
from webmap.store.common import chunks
from webmap.store.engine import StoreBase
from webmap.store.features import FEATURE_COLUMNS, STATUS_COLUMNS, feature_from_row
from webmap.store.schema import (
    feature_districts,
    feature_history,
    feature_tasks,
    features,
    layer_versions,
    layers,
)

# -- features as JSON ------------------------------------------------------------------


def record_json(record: Feature) -> dict[str, Any]:
    """``record`` as a JSON document (drafts keep their features so; see :func:`from_json`)."""
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


def from_json(data: Mapping[str, Any]) -> Feature:
    """The :class:`Feature` of a document written by :func:`record_json` (or a history row)."""
    values = {k: v for k, v in data.items() if k != "origin"}
    values["geometry"] = None if data["geometry"] is None else shapely.from_wkb(data["geometry"])
    verified = data.get("last_verified")
    values["last_verified"] = date.fromisoformat(verified) if verified else None
    values["status_history"] = [
        StatusEvent(**{**e, "effective_date": date.fromisoformat(e["effective_date"])})
        for e in data.get("status_history", [])
    ]
    return Feature(**values)


def history_json(record: Feature) -> dict[str, Any]:
    """The ``record`` column of a history row: fields, source task links and districts.

    Statuses are not part of it: the status history is append-only and never restored.
    """
    out = record_json(record)
    del out["status_history"]
    out["tasks"] = sorted(set(record.tasks), key=task_sort_key)
    out["districts"] = sorted(set(record.districts))
    return out


# -- writing ---------------------------------------------------------------------------


def is_restorable(conn: Connection, layer_id: str, version: int) -> bool | None:
    """Whether ``version`` of the layer is in the history (``None``: no such version)."""
    found = conn.execute(
        sa.select(layer_versions.c.restorable).where(
            layer_versions.c.layer_id == layer_id, layer_versions.c.version == version
        )
    ).first()
    return None if found is None else bool(found[0])


def stored_features(
    conn: Connection,
    condition: sa.ColumnElement[bool],
    *,
    source_links_only: bool,
    with_status: bool = False,
) -> dict[str, tuple[Feature, str]]:
    """Stored features matching ``condition`` with their task links and districts, and origins.

    ``source_links_only``: only the links the sources gave (``etl``), not those staff added.
    ``with_status``: also the current status (for showing old values beside new ones).
    """
    columns = [*FEATURE_COLUMNS, *(STATUS_COLUMNS if with_status else [])]
    rows = conn.execute(sa.select(*columns).where(condition)).mappings()
    found = {row["key"]: (feature_from_row(row), str(row["origin"])) for row in rows}
    t, d = feature_tasks.c, feature_districts.c
    for chunk in chunks(list(found)):
        links = sa.select(t.feature_key, t.task_code).where(t.feature_key.in_(chunk))
        if source_links_only:
            links = links.where(t.added_by == "etl")
        for key, code in conn.execute(links):
            found[key][0].tasks.append(code)
        served = sa.select(d.feature_key, d.district_code).where(d.feature_key.in_(chunk))
        for key, code in conn.execute(served):
            found[key][0].districts.append(code)
    for feature, _ in found.values():
        feature.tasks.sort(key=task_sort_key)
        feature.districts.sort()
    return found


def _insert(
    conn: Connection, layer_id: str, version: int, entries: Iterable[tuple[Feature, str]]
) -> None:
    rows = [
        {
            "layer_id": layer_id,
            "key": record.key,
            "valid_from": version,
            "valid_to": None,
            "origin": origin,
            "record": history_json(record),
        }
        for record, origin in entries
    ]
    for start in range(0, len(rows), 1000):
        conn.execute(feature_history.insert(), rows[start : start + 1000])


def _mark_restorable(conn: Connection, layer_id: str, version: int) -> None:
    conn.execute(
        layer_versions.update()
        .where(layer_versions.c.layer_id == layer_id, layer_versions.c.version == version)
        .values(restorable=True)
    )


def ensure_baseline(conn: Connection, layer_id: str, base_version: int | None) -> None:
    """Before a publish on ``base_version``: put that version's rows in the history if missing.

    Only a layer last published before revision 0004 lacks them; this reads its rows once.
    """
    if base_version is None or is_restorable(conn, layer_id, base_version) is not False:
        return
    current = stored_features(conn, features.c.layer_id == layer_id, source_links_only=True)
    _insert(conn, layer_id, base_version, current.values())
    _mark_restorable(conn, layer_id, base_version)


def write_history(
    conn: Connection,
    layer_id: str,
    version: int,
    written: Sequence[tuple[Feature, str]],
    removed: Sequence[str],
) -> None:
    """Record a publish: ``written`` (record, origin) rows become current, ``removed`` end.

    The open row of every written or removed key is closed at ``version``; the cost is
    that of the change, not of the layer.
    """
    closing = [record.key for record, _ in written] + list(removed)
    h = feature_history.c
    for chunk in chunks(closing):
        conn.execute(
            feature_history.update()
            .where(h.layer_id == layer_id, h.key.in_(chunk), h.valid_to.is_(None))
            .values(valid_to=version)
        )
    _insert(conn, layer_id, version, written)


# -- reading ---------------------------------------------------------------------------


def version_contents(conn: Connection, layer_id: str, version: int) -> list[tuple[Feature, str]]:
    """Every feature of the layer as ``version`` published it, with its origin, by key."""
    h = feature_history.c
    query = (
        sa.select(h.record, h.origin)
        .where(
            h.layer_id == layer_id,
            h.valid_from <= version,
            sa.or_(h.valid_to.is_(None), h.valid_to > version),
        )
        .order_by(h.key)
    )
    return [(from_json(record), str(origin)) for record, origin in conn.execute(query)]


def check_restorable(conn: Connection, layer_id: str, version: int) -> None:
    """:class:`NotFound` for a version the layer never had, :class:`Conflict` for one not kept."""
    restorable = is_restorable(conn, layer_id, version)
    if restorable is None:
        raise NotFound(
            f"Lớp {layer_id} không có phiên bản {version}.",
            f"Layer {layer_id} has no version {version}.",
        )
    if not restorable:
        raise Conflict(
            f"Phiên bản {version} của lớp {layer_id} có từ trước khi lịch sử đối tượng được "
            "lưu nên không khôi phục được.",
            f"Version {version} of layer {layer_id} predates the feature history and "
            "cannot be restored.",
        )


class HistoryStore(StoreBase):
    """Reading a layer's versions and the features each version published."""

    def features_at_version(self, layer_id: str, version: int) -> list[Feature]:
        """The layer's features as ``version`` published them, by key.

        Raises:
            NotFound: for a layer or version that does not exist.
            Conflict: for a version published before the history was kept.
        """
        with self.engine.connect() as conn:
            check_restorable(conn, layer_id, version)
            return [record for record, _ in version_contents(conn, layer_id, version)]

    def layer_history(self, layer_id: str) -> list[dict[str, Any]]:
        """The layer's versions, newest first, each with ``restorable``.

        Keys: version, loaded_by, loaded_at, note, origin, added, updated, removed,
        feature_count, restorable, current.

        Raises:
            NotFound: for an unknown layer.
        """
        v = layer_versions.c
        query = (
            sa.select(
                v.version,
                v.loaded_by,
                v.loaded_at,
                v.note,
                v.origin,
                v.added,
                v.updated,
                v.removed,
                v.feature_count,
                v.restorable,
            )
            .where(v.layer_id == layer_id)
            .order_by(v.version.desc())
        )
        with self.engine.connect() as conn:
            current = conn.execute(
                sa.select(layers.c.current_version).where(layers.c.id == layer_id)
            ).first()
            if current is None:
                raise NotFound(f"Không có lớp bản đồ {layer_id!r}.", f"No layer {layer_id!r}.")
            found = [dict(row) for row in conn.execute(query).mappings()]
        for row in found:
            row["restorable"] = bool(row["restorable"])
            row["current"] = row["version"] == current[0]
        return found
