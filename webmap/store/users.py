"""Staff accounts and the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.errors import Conflict
from webmap.store.common import now
from webmap.store.engine import StoreBase
from webmap.store.schema import audit_log, users


class UserStore(StoreBase):
    """Staff accounts and the audit log."""

    def list_users(self) -> list[dict[str, Any]]:
        """Accounts by user name, without their password hashes."""
        query = sa.select(users.c.username, users.c.display_name, users.c.role, users.c.active)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query.order_by(users.c.username)).mappings()]

    def add_user(
        self, username: str, password_hash: str, role: str, display_name: str, actor: str
    ) -> None:
        """Store an account and its ``user.add`` audit entry in one transaction.

        Raises:
            Conflict: when ``username`` is taken.
        """
        with self.engine.begin() as conn:
            taken = conn.execute(
                sa.select(users.c.id).where(users.c.username == username)
            ).scalar_one_or_none()
            if taken is not None:
                raise Conflict(f"Tài khoản {username} đã có.", f"User {username} already exists.")
            conn.execute(
                users.insert().values(
                    username=username,
                    display_name=display_name,
                    role=role,
                    password_hash=password_hash,
                    active=True,
                    created_at=now(),
                )
            )
            self.audit(conn, actor, "user.add", "user", username, {"role": role})

    def audit(
        self,
        conn: Connection,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """Write one audit entry on ``conn``, inside the caller's transaction."""
        conn.execute(
            audit_log.insert().values(
                at=now(),
                actor=actor,
                action=action,
                entity=entity,
                entity_id=entity_id,
                detail=dict(detail or {}),
            )
        )

    def audit_entries(
        self, entity: str | None = None, entity_id: str | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        """The newest audit entries first, optionally of one entity kind or one entity."""
        query = sa.select(audit_log)
        if entity is not None:
            query = query.where(audit_log.c.entity == entity)
        if entity_id is not None:
            query = query.where(audit_log.c.entity_id == entity_id)
        query = query.order_by(audit_log.c.at.desc(), audit_log.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
