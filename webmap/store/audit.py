"""Reading the audit log: filtered, newest first, one keyset page at a time.

Entries are written by :meth:`webmap.store.users.UserStore.audit`, inside the
transaction of what they record.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from webmap.errors import BadRequest
from webmap.store.engine import StoreBase
from webmap.store.schema import audit_log

#: Most entries one page may hold.
MAX_PAGE = 1000


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _check_query(limit: int, since: date | None, until: date | None) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise BadRequest(
            f"limit phải từ 1 đến {MAX_PAGE}.", f"limit must be between 1 and {MAX_PAGE}."
        )
    if since is not None and until is not None and since > until:
        raise BadRequest(
            "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
            "The start date must be on or before the end date.",
        )


def _layer_clause(layer: str) -> sa.ColumnElement[bool]:
    """Entries about the layer itself or about one of its features (keys ``<layer>:…``)."""
    c = audit_log.c
    return sa.or_(
        sa.and_(c.entity == "layer", c.entity_id == layer),
        sa.and_(c.entity == "feature", c.entity_id.startswith(f"{layer}:", autoescape=True)),
    )


def _range_clauses(
    since: date | None, until: date | None, before_id: int | None
) -> list[sa.ColumnElement[bool]]:
    """Dates are UTC days, both ends included; ``before_id`` continues a page."""
    c = audit_log.c
    clauses = []
    if since is not None:
        clauses.append(c.at >= _start_of(since))
    if until is not None:
        clauses.append(c.at < _start_of(until + timedelta(days=1)))
    if before_id is not None:
        clauses.append(c.id < before_id)
    return clauses


def _entry(row: Any) -> dict[str, Any]:
    entry = dict(row)
    at = entry["at"]
    if isinstance(at, datetime) and at.tzinfo is None:  # stored in UTC without its offset
        entry["at"] = at.replace(tzinfo=UTC)
    entry["detail"] = dict(entry["detail"] or {})
    return entry


class AuditStore(StoreBase):
    """The audit log as staff read it."""

    def audit_page(
        self,
        *,
        actor: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
        action: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 50,
        before_id: int | None = None,
        layer: str | None = None,
    ) -> list[dict[str, Any]]:
        """Entries matching every filter given, newest first, at most ``limit`` of them.

        Each entry: id, at (UTC), actor, action, entity, entity_id, detail. ``since`` and
        ``until`` are days (UTC), both included. ``layer``: entries about that layer and
        about its features. Paged by id: pass the last entry's id as ``before_id`` for
        the next page, so a page costs the same however deep it is.

        Raises:
            BadRequest: for a limit outside 1..1000 or a start date after the end date.
        """
        _check_query(limit, since, until)
        equal = {"actor": actor, "entity": entity, "entity_id": entity_id, "action": action}
        query = sa.select(audit_log).where(
            *(audit_log.c[name] == value for name, value in equal.items() if value is not None),
            *_range_clauses(since, until, before_id),
        )
        if layer is not None:
            query = query.where(_layer_clause(layer))
        query = query.order_by(audit_log.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [_entry(row) for row in conn.execute(query).mappings()]
