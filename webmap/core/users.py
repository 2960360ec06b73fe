"""Staff accounts (roles viewer, editor, admin); the staff area comes in a later release."""

from __future__ import annotations

from typing import Any

from werkzeug.security import generate_password_hash

from webmap.errors import BadRequest
from webmap.store import Store

ROLES = ("viewer", "editor", "admin")
#: Fewest characters a password may have.
MIN_PASSWORD_LENGTH = 10


def list_users(store: Store) -> list[dict[str, Any]]:
    """Accounts without their password hashes."""
    return store.list_users()


def add_user(
    store: Store,
    username: str,
    password: str,
    *,
    role: str,
    display_name: str,
    actor: str = "cli",
) -> None:
    """Check the role and password, then create the account with its audit entry.

    Raises:
        BadRequest: for an unknown role or a short password.
        webmap.errors.Conflict: when the user name is taken.
    """
    if role not in ROLES:
        raise BadRequest(f"Vai trò không hợp lệ: {role}", f"Unknown role: {role}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
            f"The password needs {MIN_PASSWORD_LENGTH} characters.",
        )
    store.add_user(username, generate_password_hash(password), role, display_name, actor)
