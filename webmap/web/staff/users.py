"""Accounts, for admins: list, create, change a role, disable / enable. Each change is one
POST form (CSRF token) and is audited by core; an admin cannot lock themselves out here."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from webmap.core.users import ROLES, create_user, list_users, set_active, set_role
from webmap.errors import BadRequest, GreenMapError
from webmap.web import get_store
from webmap.web.auth import role_required
from webmap.web.i18n import translate
from webmap.web.staff.common import actor, bp, message


def _page(error: str | None = None, status: int = 200) -> Any:
    page = render_template(
        "staff/users.html",
        users=list_users(get_store()),
        roles=ROLES,
        me=actor(),
        error=error,
        form=request.form if request.method == "POST" else {},
    )
    return page, status


def _not_myself(username: str) -> None:
    if username == actor():
        raise BadRequest(
            "Không thể tự khóa hay hạ quyền tài khoản đang dùng.",
            "You cannot disable or demote the account you are using.",
        )


def _done(key: str, **values: str) -> Any:
    flash(translate(key).format(**values), "success")
    return redirect(url_for("staff.users"), code=303)


@bp.get("/staff/users")
@role_required("admin")
def users() -> Any:
    """Every account with its role, state and last sign-in; the forms to change them."""
    return _page()


@bp.post("/staff/users")
@role_required("admin")
def users_create() -> Any:
    """Create an account (the password is typed twice, never shown again)."""
    form = request.form
    try:
        if form.get("password", "") != form.get("password2", ""):
            raise BadRequest("Hai mật khẩu không khớp.", "The two passwords differ.")
        account = create_user(
            get_store(),
            form.get("username", ""),
            form.get("password", ""),
            role=form.get("role", ""),
            display_name=form.get("display_name", ""),
            actor=actor(),
        )
    except GreenMapError as error:
        if error.status >= 500:
            raise
        return _page(message(error), error.status)
    return _done("st_user_created", name=account.username)


@bp.post("/staff/users/<username>/role")
@role_required("admin")
def users_role(username: str) -> Any:
    """Give an account another role."""
    role = request.form.get("role", "")
    try:
        if role != "admin":
            _not_myself(username)
        set_role(get_store(), username, role, actor=actor())
    except GreenMapError as error:
        if error.status >= 500:
            raise
        return _page(message(error), error.status)
    return _done("st_user_role_set", name=username, role=translate(f"st_role_{role}"))


@bp.post("/staff/users/<username>/active")
@role_required("admin")
def users_active(username: str) -> Any:
    """Disable (``active=0``) or enable (``active=1``) an account."""
    active = request.form.get("active") == "1"
    try:
        if not active:
            _not_myself(username)
        set_active(get_store(), username, active, actor=actor())
    except GreenMapError as error:
        if error.status >= 500:
            raise
        return _page(message(error), error.status)
    return _done("st_user_enabled" if active else "st_user_disabled", name=username)
