"""Flask application factory."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from flask import Flask, current_app, g, request

from webmap.domain import is_approximate
from webmap.domain.bundled import bundled_dir
from webmap.settings import load_settings
from webmap.store import Store
from webmap.web.errors import register_error_handlers
from webmap.web.i18n import COOKIE, LANGUAGES, current_language, pick, translate


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application.

    Args:
        overrides: Settings (by name without the ``GREENMAP_`` prefix) that win
            over the environment, e.g. ``{"DATABASE_URL": "sqlite:///x.db"}``.
            ``CHECK_SCHEMA=False`` skips the start-up schema check (tests of
            the check itself only).

    Raises:
        webmap.errors.StoreError: when the database is unreachable or not at the
            schema revision this code needs: the server refuses to start rather
            than serve half-broken pages.
    """
    overrides = dict(overrides or {})
    check_schema = overrides.pop("CHECK_SCHEMA", True)
    settings = load_settings()
    settings.update(overrides)
    logging.getLogger("webmap").setLevel(settings["LOG_LEVEL"])
    app = Flask(
        "webmap",
        static_folder=str(bundled_dir("static")),
        static_url_path="/static",
        template_folder="web/templates",
    )
    app.config["GREENMAP"] = settings
    app.config["SECRET_KEY"] = _secret_key(settings)
    app.config["JSON_SORT_KEYS"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    store = Store(settings["DATABASE_URL"])
    if check_schema:
        store.check_schema()
    app.extensions["greenmap_store"] = store

    from webmap.web import api, formatting, ogc, pages, plan, projects, reports, sites, staff
    from webmap.web.auth import init_auth
    from webmap.web.http import init_http
    from webmap.web.security import init_security

    init_security(app)
    init_http(app)
    init_auth(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(plan.bp)
    app.register_blueprint(sites.bp)
    app.register_blueprint(projects.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(ogc.bp)
    register_error_handlers(app)
    formatting.register(app)

    _install_request_hooks(app)
    return app


def _secret_key(settings: dict[str, Any]) -> str:
    """``GREENMAP_SECRET_KEY``, or a random key for this process (sessions end at restart)."""
    if settings["SECRET_KEY"]:
        return str(settings["SECRET_KEY"])
    logging.getLogger("webmap").warning(
        "GREENMAP_SECRET_KEY is not set: using a random key for this process, so staff are "
        "signed out whenever it restarts and workers do not share sessions; set it in production."
    )
    return secrets.token_hex(32)


def _install_request_hooks(app: Flask) -> None:
    """Template helpers (and the small maps' config) and the language cookie."""
    from webmap.web.mapbuilder import minimap_config

    @app.context_processor
    def _template_helpers() -> dict[str, Any]:
        return {
            "minimap_config": minimap_config(),
            "_": translate,
            "lang": current_language(),
            "pick": pick,
            "languages": LANGUAGES,
            "is_approximate": is_approximate,
        }

    @app.after_request
    def _remember_language(response: Any) -> Any:
        chosen = request.args.get("lang")
        if chosen in LANGUAGES:
            response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
        if "lang" in g:
            response.headers.setdefault("Content-Language", g.lang)
        return response


def get_store() -> Store:
    """The store of the running application."""
    store: Store = current_app.extensions["greenmap_store"]
    return store
