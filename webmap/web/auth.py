"""Staff sign-in: sessions (Flask-Login), CSRF (Flask-WTF), failed sign-ins limited (Flask-Limiter).

Visitors read everything published without signing in. Staff sign in at
``/staff/sign-in`` (``auth.sign_in``) and out with a POST to ``/staff/sign-out``
(``auth.sign_out``). Views that change data are guarded by :func:`role_required`:

- anonymous: a page redirects to the sign-in page with ``next`` (a local path only);
  JSON (under ``/api/`` or when the client asks for JSON) gets 401
  ``{error, message, status}`` in the user's language;
- signed in with a role too low: 403, as a page or JSON.

Every POST, PUT, PATCH and DELETE needs the CSRF token: forms send the hidden field
``csrf_token``, scripts the ``X-CSRFToken`` header with the value of the page's
``<meta name="csrf-token">`` (written for signed-in users). A missing or wrong token
gets 400 in the user's language. Failed sign-ins are counted per address and user name
(``GREENMAP_SIGN_IN_LIMIT``) and per address; past the limit the answer is 429.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from webmap.core.users import (
    MAX_PASSWORD_LENGTH,
    ROLES,
    Account,
    authenticate,
    get_account,
    normalise_username,
    record_sign_out,
)
from webmap.errors import GreenMapError
from webmap.web import get_store
from webmap.web.errors import http_error, render_error, wants_json
from webmap.web.i18n import translate

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("webmap.auth")

bp = Blueprint("auth", __name__, url_prefix="/staff")
login_manager = LoginManager()
csrf = CSRFProtect()
#: Failed sign-ins one address may make, whatever the user names (password spraying).
ADDRESS_LIMIT = "30 per minute"
#: Where a signed-in user lands when the sign-in page was not given a ``next``.
STAFF_HOME = "staff.dashboard"
_MAX_NAME = 64


class StaffUser(UserMixin):
    """A signed-in account as Flask-Login wants it (the session holds only its id)."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        """The id kept in the session."""
        return str(self.account.id)

    @property
    def is_active(self) -> bool:
        """Disabled accounts are never active."""
        return self.account.active

    @property
    def username(self) -> str:
        """The user name (what the audit log records as the actor)."""
        return self.account.username

    @property
    def display_name(self) -> str:
        """The full name given when the account was made."""
        return self.account.display_name

    @property
    def role(self) -> str:
        """``viewer``, ``editor`` or ``admin``."""
        return self.account.role

    def has_role(self, role: str) -> bool:
        """Whether this user may do what ``role`` may."""
        return self.account.has_role(role)


class SignInForm(FlaskForm):
    """The sign-in form (labels come from the template, in the page's language)."""

    username = StringField(validators=[InputRequired(), Length(max=_MAX_NAME)])
    password = PasswordField(validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    next = HiddenField()


@login_manager.user_loader
def _load_user(user_id: str) -> StaffUser | None:
    """The signed-in user, or ``None`` when the account is gone or disabled.

    Then the session is emptied too, so enabling the account again does not bring
    the old session back: its user signs in again.
    """
    try:
        account = get_account(get_store(), int(user_id))
    except ValueError:
        account = None
    if account is None:
        session.clear()
        return None
    return StaffUser(account)


def current_actor() -> str:
    """The user name of the signed-in user (``anonymous`` outside a signed-in request)."""
    if current_user.is_authenticated:
        return str(current_user.username)
    return "anonymous"


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else ``None`` (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ch in target for ch in "\\\r\n\t") or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _home() -> str:
    """The staff area for editors and admins; the map for viewers (they have nothing more)."""
    if STAFF_HOME in current_app.view_functions and current_user.has_role("editor"):
        return url_for(STAFF_HOME)
    return url_for("pages.map_page")


def _unauthorized() -> ResponseReturnValue:
    """Anonymous: 401 JSON for scripts, otherwise the sign-in page coming back here."""
    if wants_json():
        return render_error(http_error(401, "Unauthorized"))
    here = request.script_root + request.full_path.rstrip("?")
    return redirect(url_for("auth.sign_in", next=here))


def role_required(role: str) -> Callable[[F], F]:
    """Admit signed-in users whose role is ``role`` or above (``editor`` admits admins).

    Anonymous users are sent to sign in (pages) or get 401 (JSON); others get 403.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                return render_error(http_error(403, "Forbidden"))
            return view(*args, **kwargs)

        return cast(F, guarded)

    return decorator


def _render_sign_in(form: SignInForm, error: str | None, status: int) -> tuple[str, int]:
    return render_template("auth/sign_in.html", form=form, error=error), status


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    """The sign-in form; a failed sign-in answers 401 with one message whatever went wrong."""
    form = SignInForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(safe_next(request.args.get("next")) or _home())
        form.next.data = safe_next(request.args.get("next")) or ""
        return _render_sign_in(form, None, 200)
    if not form.validate():
        return _render_sign_in(form, translate("auth_missing"), 401)
    account = authenticate(
        get_store(),
        str(form.username.data),
        str(form.password.data),
        remote_addr=request.remote_addr,
    )
    if account is None:
        form.password.data = ""
        return _render_sign_in(form, translate("auth_failed"), 401)
    session.clear()  # a fresh session for the signed-in user: nothing carried over
    login_user(StaffUser(account))
    return redirect(safe_next(form.next.data) or _home())


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out (POST with the CSRF token only, audited) and go back to the map."""
    if current_user.is_authenticated:
        record_sign_out(get_store(), current_user.username)
    logout_user()
    session.clear()
    return redirect(url_for("pages.map_page"))


def _failed(response: Response) -> bool:
    """Only failed sign-ins count against the limit."""
    return response.status_code == 401


def _address_and_name() -> str:
    """The key of the sign-in limit: the client's address and the user name typed."""
    name = normalise_username(request.form.get("username", ""))[:_MAX_NAME]
    return f"{get_remote_address()}|{name}"


def _install_limiter(app: Flask) -> Limiter:
    """A limiter of this app's own (its storage from the settings) on the sign-in POST."""
    settings = app.config["GREENMAP"]
    limiter = Limiter(
        key_func=get_remote_address,
        storage_uri=settings["RATELIMIT_STORAGE_URI"],
        strategy="fixed-window",
    )
    limiter.init_app(app)
    view: Callable[..., Any] = app.view_functions["auth.sign_in"]
    for limit, key in ((settings["SIGN_IN_LIMIT"], _address_and_name), (ADDRESS_LIMIT, None)):
        view = limiter.limit(limit, key_func=key, methods=["POST"], deduct_when=_failed)(view)
    app.view_functions["auth.sign_in"] = view
    return limiter


def _failure(key: str, status: int, code: str) -> GreenMapError:
    """An error with the catalogue's message ``key`` in both languages."""
    failure = GreenMapError(translate(key, "vi"), translate(key, "en"))
    failure.status, failure.code = status, code
    return failure


def _install_error_handlers(app: Flask) -> None:
    """CSRF failures (400) and too many sign-ins (429), in the user's language."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> tuple[Response | str, int]:
        return render_error(_failure("auth_csrf_failed", 400, "csrf_failed"))

    @app.errorhandler(RateLimitExceeded)
    def _too_many(error: RateLimitExceeded) -> tuple[Response | str, int]:
        log.warning("sign-in limit %s reached from %s", error.description, request.remote_addr)
        return render_error(_failure("auth_rate_limited", 429, "too_many_requests"))


def init_auth(app: Flask) -> None:
    """Install sessions, CSRF, the sign-in limit and the ``auth`` blueprint on ``app``."""
    login_manager.init_app(app)
    login_manager.unauthorized_handler(_unauthorized)
    csrf.init_app(app)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid for the session's lifetime
    app.register_blueprint(bp)
    app.extensions["greenmap_limiter"] = _install_limiter(app)
    _install_error_handlers(app)

    @app.context_processor
    def _auth_helpers() -> dict[str, Any]:
        return {"has_endpoint": lambda name: name in current_app.view_functions}
