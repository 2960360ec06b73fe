"""Staff accounts (roles viewer, editor, admin); the staff area comes in a later release."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from webmap.errors import BadRequest, Conflict
from webmap.store import Store
from webmap.store.schema import audit_log, users

ROLES = ("viewer", "editor", "admin")


def list_users(store: Store) -> list[dict[str, Any]]:
    """Accounts without their password hashes."""
    query = sa.select(users.c.username, users.c.display_name, users.c.role, users.c.active)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query.order_by(users.c.username)).mappings()]


def add_user(store: Store, username: str, password: str, *, role: str, display_name: str) -> None:
    """Create an account and write the audit entry in the same transaction."""
    if role not in ROLES:
        raise BadRequest(f"Vai trò không hợp lệ: {role}", f"Unknown role: {role}")
    if len(password) < 10:
        raise BadRequest("Mật khẩu cần ít nhất 10 ký tự.", "The password needs 10 characters.")
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
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
                password_hash=generate_password_hash(password),
                active=True,
                created_at=now,
            )
        )
        conn.execute(
            audit_log.insert().values(
                at=now,
                actor="cli",
                action="user.add",
                entity="user",
                entity_id=username,
                detail={"role": role},
            )
        )
