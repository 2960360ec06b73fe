"""HTML pages and the health check."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from webmap.core.health import health
from webmap.web import get_store
from webmap.web.i18n import current_language
from webmap.web.mapbuilder import build_map_html

bp = Blueprint("pages", __name__)


@bp.get("/")
def map_page() -> Response:
    """The map officials open every day."""
    return Response(build_map_html(current_language()), mimetype="text/html")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site icon where browsers look for it (static/favicon.svg as PNG-in-ICO)."""
    return current_app.send_static_file("favicon.ico")


@bp.get("/healthz")
def healthz() -> Response:
    """Backend, schema revision and the current version of every layer."""
    body = health(get_store())
    response = jsonify(body)
    response.status_code = 200 if body["status"] == "ok" else 503
    return response
