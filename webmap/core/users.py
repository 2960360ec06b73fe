"""Staff accounts: roles, user names, argon2 password hashes, sign-in checks.

Roles, from least to most: ``viewer`` (may sign in, sees nothing more than a visitor),
``editor`` (GIS staff: uploads, edits, statuses) and ``admin`` (also users and restores).
Passwords are hashed with argon2id (argon2-cffi). Hashes written by older GreenMap
versions (werkzeug's ``scrypt:``/``pbkdf2:``) still verify, and are replaced by an
argon2id hash at the first sign-in that succeeds, as are argon2 hashes made with older
parameters (``check_needs_rehash``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

from webmap.errors import BadRequest
from webmap.store import Store

ROLES = ("viewer", "editor", "admin")
#: A role admits itself and every role above it: ``editor`` admits editors and admins.
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
#: Fewest characters a password may have.
MIN_PASSWORD_LENGTH = 10
#: Longest password accepted (argon2 hashes anything, but a megabyte of it is an attack).
MAX_PASSWORD_LENGTH = 1024
#: A user name: lower-case letters, digits, ``.``, ``_`` and ``-``; 3 to 32 characters.
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")
#: Prefixes of the hashes werkzeug's ``generate_password_hash`` wrote (``greenmap users add``).
LEGACY_PREFIXES = ("scrypt:", "pbkdf2:")


@dataclass(frozen=True)
class Account:
    """A staff account as the web and the command line see it (never its hash)."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool

    def has_role(self, role: str) -> bool:
        """Whether this account may do what ``role`` may (an admin may do what an editor may)."""
        return self.active and ROLE_RANK.get(self.role, -1) >= ROLE_RANK[role]


@functools.cache
def _hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's recommended parameters (RFC 9106 low-memory profile)."""
    return PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so they take as long as known ones."""
    return _hasher().hash("greenmap-dummy-password")


def normalise_username(username: str) -> str:
    """The user name as stored: stripped and lower-case."""
    return username.strip().lower()


def check_username(username: str) -> str:
    """The normalised user name, or :class:`BadRequest` saying what a user name may hold."""
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise BadRequest(
            f"Tên đăng nhập không hợp lệ: {username!r}. Dùng 3–32 ký tự: chữ thường không dấu "
            "a–z, số, dấu chấm, gạch dưới hoặc gạch ngang; bắt đầu bằng chữ hoặc số.",
            f"Invalid user name: {username!r}. Use 3–32 characters: lower-case letters a–z, "
            "digits, dot, underscore or hyphen, starting with a letter or a digit.",
        )
    return name


def check_role(role: str) -> str:
    """``role`` when it is one of :data:`ROLES`, else :class:`BadRequest`."""
    if role not in ROLES:
        choices = ", ".join(ROLES)
        raise BadRequest(
            f"Vai trò không hợp lệ: {role!r} (chọn {choices}).",
            f"Unknown role: {role!r} (choose {choices}).",
        )
    return role


def check_password(password: str, username: str) -> None:
    """Refuse a password that is too short, too long or the user name itself."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadRequest(
            f"Mật khẩu cần ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
            f"The password needs {MIN_PASSWORD_LENGTH} characters.",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BadRequest(
            f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự.",
            f"The password is longer than {MAX_PASSWORD_LENGTH} characters.",
        )
    if normalise_username(password) == normalise_username(username):
        raise BadRequest(
            "Mật khẩu không được trùng tên đăng nhập.",
            "The password cannot be the user name.",
        )


def hash_password(password: str) -> str:
    """An argon2id hash (``$argon2id$…``) of ``password``."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (argon2, or a legacy werkzeug hash)."""
    if stored_hash.startswith(LEGACY_PREFIXES):
        return check_password_hash(stored_hash, password)
    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether a hash should be replaced by a new argon2id one (legacy or old parameters)."""
    if stored_hash.startswith(LEGACY_PREFIXES):
        return True
    try:
        return _hasher().check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def _account(row: dict[str, Any]) -> Account:
    return Account(
        id=int(row["id"]),
        username=str(row["username"]),
        display_name=str(row["display_name"]),
        role=str(row["role"]),
        active=bool(row["active"]),
    )


def list_users(store: Store) -> list[dict[str, Any]]:
    """Accounts without their hashes, each with ``last_sign_in`` (a datetime or ``None``)."""
    last = store.last_sign_ins()
    return [{**row, "last_sign_in": last.get(row["username"])} for row in store.list_users()]


def create_user(
    store: Store,
    username: str,
    password: str,
    *,
    role: str,
    display_name: str = "",
    actor: str = "cli",
) -> Account:
    """Check the user name, role and password, then create the account (audit ``user.create``).

    Raises:
        BadRequest: for a bad user name, an unknown role or an unusable password.
        webmap.errors.Conflict: when the user name is taken.
    """
    name = check_username(username)
    check_role(role)
    check_password(password, name)
    store.add_user(name, hash_password(password), role, display_name.strip() or name, actor)
    row = store.get_user(name)
    assert row is not None
    return _account(row)


def set_role(store: Store, username: str, role: str, *, actor: str = "cli") -> str:
    """Give a user another role; returns the previous one (audit ``user.set_role``).

    Raises:
        BadRequest: for an unknown role.
        webmap.errors.NotFound: for an unknown user.
    """
    return store.set_user_role(normalise_username(username), check_role(role), actor)


def set_active(store: Store, username: str, active: bool, *, actor: str = "cli") -> bool:
    """Enable or disable a user (audit ``user.enable``/``user.disable``); whether it changed.

    A disabled user cannot sign in and is signed out at their next request.

    Raises:
        webmap.errors.NotFound: for an unknown user.
    """
    return store.set_user_active(normalise_username(username), active, actor)


def get_account(store: Store, user_id: int) -> Account | None:
    """The account with ``user_id``, or ``None`` when it is gone or disabled."""
    row = store.get_user_by_id(user_id)
    if row is None or not row["active"]:
        return None
    return _account(row)


def authenticate(
    store: Store, username: str, password: str, *, remote_addr: str | None
) -> Account | None:
    """The account when the user name and password match an active account, else ``None``.

    Every attempt is audited (``auth.sign_in`` or ``auth.sign_in_failed`` with the
    remote address and a reason: ``unknown_user``, ``wrong_password``, ``disabled``),
    never with the password. An unknown user still costs one hash verification, so
    the answer takes about as long whether the name exists or not. A hash made with
    older parameters or by werkzeug is replaced by a new argon2id hash.
    """
    name = normalise_username(username)
    row = store.get_user(name) if USERNAME_PATTERN.match(name) else None
    ok = verify_password(row["password_hash"] if row else _dummy_hash(), password)
    reason = _failure_reason(row, ok)
    store.record_sign_in(name, ok=not reason, remote_addr=remote_addr, reason=reason)
    if reason or row is None:
        return None
    if needs_rehash(row["password_hash"]):
        store.set_password_hash(name, hash_password(password))
    return _account(row)


def _failure_reason(row: dict[str, Any] | None, password_ok: bool) -> str:
    """Why a sign-in fails (``""`` when it does not): for the audit log, never for the user."""
    if row is None:
        return "unknown_user"
    if not password_ok:
        return "wrong_password"
    if not row["active"]:
        return "disabled"
    return ""


def record_sign_out(store: Store, username: str) -> None:
    """Audit ``auth.sign_out``."""
    store.log_event(username, "auth.sign_out", "user", username, {})
