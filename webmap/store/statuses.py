"""Status history: dated, append-only entries per feature; the current status is derived."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain import Feature, StatusEvent
from webmap.errors import NotFound
from webmap.store.common import chunks, current_status_subquery, now
from webmap.store.schema import features, status_events
from webmap.store.users import UserStore


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


class StatusStore(UserStore):
    """Appending to and reading a feature's status history."""

    def add_status(self, key: str, event: StatusEvent, *, actor: str | None = None) -> None:
        """Append a dated status to a feature's history (the current status is derived).

        Writes audit ``status.add`` {status, effective_date, date_precision,
        previous_status, note, layer} in the same transaction; ``actor`` defaults to
        ``event.recorded_by``.

        Raises:
            NotFound: for a key no published feature has.
        """
        self.add_statuses([(key, event)], actor=actor)

    def add_statuses(
        self, events: Sequence[tuple[str, StatusEvent]], *, actor: str | None = None
    ) -> None:
        """Append several dated statuses in one transaction: all of them or, on error, none."""
        with self.backend.write_transaction(self.engine) as conn:
            for key, event in events:
                self._add_one(conn, key, event, actor or event.recorded_by)

    def _add_one(self, conn: Connection, key: str, event: StatusEvent, actor: str) -> None:
        found = conn.execute(
            sa.select(features.c.layer_id, current_status_subquery("status")).where(
                features.c.key == key
            )
        ).first()
        if found is None:
            raise NotFound(f"Không có địa điểm {key!r}.", f"No site {key!r}.")
        layer_id, previous = found
        conn.execute(status_events.insert().values(**status_row(key, event)))
        detail = {
            "status": event.status,
            "effective_date": event.effective_date.isoformat(),
            "date_precision": event.date_precision,
            "previous_status": previous,
            "note": event.note,
            "layer": layer_id,
        }
        self.audit(conn, actor, "status.add", "feature", key, detail)

    def current_statuses(self, keys: Sequence[str]) -> dict[str, tuple[str | None, date | None]]:
        """The current status and its date of each published key (unknown keys are absent)."""
        found: dict[str, tuple[str | None, date | None]] = {}
        with self.engine.connect() as conn:
            for chunk in chunks(list(dict.fromkeys(keys))):
                query = sa.select(
                    features.c.key,
                    current_status_subquery("status"),
                    current_status_subquery("effective_date"),
                ).where(features.c.key.in_(chunk))
                for key, status, when in conn.execute(query):
                    found[key] = (status, when)
        return found

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
