"""Staff accounts and the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.errors import Conflict, NotFound
from webmap.store.common import now
from webmap.store.engine import StoreBase
from webmap.store.schema import audit_log, users

#: Audit actions of a sign-in that worked and of one that did not.
SIGN_IN = "auth.sign_in"
SIGN_IN_FAILED = "auth.sign_in_failed"
#: Longest user name (as typed by anyone) written to the audit log.
_MAX_LOGGED_NAME = 64
_PUBLIC_COLUMNS = (users.c.id, users.c.username, users.c.display_name, users.c.role, users.c.active)


class UserStore(StoreBase):
    """Staff accounts and the audit log."""

    def list_users(self) -> list[dict[str, Any]]:
        """Accounts by user name, without their password hashes."""
        query = sa.select(*_PUBLIC_COLUMNS).order_by(users.c.username)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def get_user(self, username: str) -> dict[str, Any] | None:
        """One account with its password hash, or ``None``."""
        query = sa.select(*_PUBLIC_COLUMNS, users.c.password_hash)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(users.c.username == username)).mappings().first()
        return dict(row) if row is not None else None

    def get_user_by_id(self, user_id: int) -> dict[str, Any] | None:
        """One account by its id, without the password hash, or ``None``."""
        query = sa.select(*_PUBLIC_COLUMNS).where(users.c.id == user_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return dict(row) if row is not None else None

    def add_user(
        self, username: str, password_hash: str, role: str, display_name: str, actor: str
    ) -> None:
        """Store an account and its ``user.create`` audit entry in one transaction.

        Raises:
            Conflict: when ``username`` is taken.
        """
        with self.engine.begin() as conn:
            if _user_row(conn, username) is not None:
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
            self.audit(
                conn, actor, "user.create", "user", username, {"role": role, "name": display_name}
            )

    def set_user_role(self, username: str, role: str, actor: str) -> str:
        """Give ``username`` another role (audit ``user.set_role`` {before, after}).

        Returns:
            The role it had before. Nothing is written when it already has ``role``.

        Raises:
            NotFound: for an unknown user name.
        """
        with self.engine.begin() as conn:
            before = str(_existing(conn, username)["role"])
            if before != role:
                conn.execute(users.update().where(users.c.username == username).values(role=role))
                detail = {"before": before, "after": role}
                self.audit(conn, actor, "user.set_role", "user", username, detail)
        return before

    def set_user_active(self, username: str, active: bool, actor: str) -> bool:
        """Enable or disable an account (audit ``user.enable`` / ``user.disable``).

        Returns:
            Whether anything changed.

        Raises:
            NotFound: for an unknown user name.
        """
        with self.engine.begin() as conn:
            if bool(_existing(conn, username)["active"]) == active:
                return False
            conn.execute(users.update().where(users.c.username == username).values(active=active))
            action = "user.enable" if active else "user.disable"
            self.audit(conn, actor, action, "user", username)
        return True

    def set_password_hash(self, username: str, password_hash: str) -> None:
        """Replace an account's password hash (a rehash with newer parameters at sign-in)."""
        with self.engine.begin() as conn:
            conn.execute(
                users.update()
                .where(users.c.username == username)
                .values(password_hash=password_hash)
            )

    def record_sign_in(
        self, username: str, *, ok: bool, remote_addr: str | None, reason: str = ""
    ) -> None:
        """Audit a sign-in (``auth.sign_in``) or a failed one (``auth.sign_in_failed``).

        ``username`` is what was typed (cut to 64 characters); never the password.
        """
        name = username[:_MAX_LOGGED_NAME]
        detail: dict[str, Any] = {"remote_addr": remote_addr or ""}
        if reason:
            detail["reason"] = reason
        self.log_event(name, SIGN_IN if ok else SIGN_IN_FAILED, "user", name, detail)

    def last_sign_ins(self) -> dict[str, datetime]:
        """When each user last signed in, from the audit log."""
        query = (
            sa.select(audit_log.c.entity_id, sa.func.max(audit_log.c.at))
            .where(audit_log.c.action == SIGN_IN, audit_log.c.entity == "user")
            .group_by(audit_log.c.entity_id)
        )
        with self.engine.connect() as conn:
            return {str(name): at for name, at in conn.execute(query)}

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

    def log_event(
        self,
        actor: str,
        action: str,
        entity: str,
        entity_id: str,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """Write one audit entry in its own transaction (for events that change no table)."""
        with self.engine.begin() as conn:
            self.audit(conn, actor, action, entity, entity_id, detail)

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


def _user_row(conn: Connection, username: str) -> dict[str, Any] | None:
    query = sa.select(*_PUBLIC_COLUMNS).where(users.c.username == username)
    row = conn.execute(query).mappings().first()
    return dict(row) if row is not None else None


def _existing(conn: Connection, username: str) -> dict[str, Any]:
    row = _user_row(conn, username)
    if row is None:
        raise NotFound(f"Không có tài khoản {username}.", f"No user {username}.")
    return row
