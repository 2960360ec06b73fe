"""Status history: dated, append-only entries per feature; the current status is derived."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain import Feature, StatusEvent
from webmap.errors import NotFound
from webmap.store.common import now
from webmap.store.engine import StoreBase
from webmap.store.schema import features, status_events


def status_row(key: str, event: StatusEvent) -> dict[str, Any]:
    """The ``status_events`` row of ``event`` for feature ``key``."""
    return {
        "feature_key": key,
        "status": event.status,
        "effective_date": event.effective_date,
        "note": event.note,
        "source": event.source,
        "recorded_by": event.recorded_by,
        "recorded_at": event.recorded_at or now(),
        "date_precision": event.date_precision,
    }


def add_source_statuses(conn: Connection, layer_id: str, records: Sequence[Feature]) -> None:
    """Add the sources' dated statuses that are not in the history yet (never removes one)."""
    rows = new_source_statuses(conn, layer_id, records)
    if rows:
        conn.execute(status_events.insert(), rows)


def new_source_statuses(
    conn: Connection, layer_id: str, records: Sequence[Feature]
) -> list[dict[str, Any]]:
    """The ``status_events`` rows of the sources' statuses not in the history yet."""
    wanted = [(r.key, e) for r in records for e in r.status_history]
    if not wanted:
        return []
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
        rows.append(status_row(key, event))
    return rows


class StatusStore(StoreBase):
    """Appending to and reading a feature's status history."""

    def add_status(self, key: str, event: StatusEvent) -> None:
        """Append a dated status to a feature's history (the current status is derived)."""
        with self.backend.write_transaction(self.engine) as conn:
            exists = conn.execute(
                sa.select(features.c.id).where(features.c.key == key)
            ).scalar_one_or_none()
            if exists is None:
                raise NotFound(f"Không có địa điểm {key!r}.", f"No site {key!r}.")
            conn.execute(status_events.insert().values(**status_row(key, event)))

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
