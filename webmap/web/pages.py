"""HTML pages and the health check."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from webmap.store import migrate
from webmap.web import get_store
from webmap.web.i18n import current_language
from webmap.web.mapbuilder import build_map_html

bp = Blueprint("pages", __name__)


@bp.get("/")
def map_page() -> Response:
    """The map officials open every day."""
    return Response(build_map_html(current_language()), mimetype="text/html")


@bp.get("/healthz")
def healthz() -> Response:
    """Backend, schema revision and the current version of every layer."""
    store = get_store()
    store.ping()
    revision = store.revision()
    head = migrate.head_revision()
    body = {
        "status": "ok" if revision == head else "outdated_schema",
        "backend": store.backend.name,
        "revision": revision,
        "head_revision": head,
        "layers": {
            layer.id: {"version": layer.current_version, "features": layer.feature_count}
            for layer in store.list_layers()
        },
    }
    response = jsonify(body)
    response.status_code = 200 if revision == head else 503
    return response
