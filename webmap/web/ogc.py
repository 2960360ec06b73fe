"""OGC API – Features routes under ``/ogc``: content types only; the work is in core.ogc.

JSON (GeoJSON for features, OpenAPI for ``/ogc/api``) unless ``f=html`` or the client's
``Accept`` prefers HTML (browsers); ``f=json`` forces JSON. Errors raised here answer JSON
the same way, or the error page for HTML.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from webmap.core import ogc
from webmap.errors import GreenMapError
from webmap.web import get_store
from webmap.web.i18n import current_language

bp = Blueprint("ogc", __name__, url_prefix="/ogc")


def _wants_html() -> bool:
    """``f=html``, or no ``f`` and an ``Accept`` that prefers HTML to JSON."""
    chosen = request.args.get("f")
    if chosen:
        return chosen == "html"
    best = request.accept_mimetypes.best_match([ogc.JSON, ogc.GEOJSON, ogc.HTML], default=ogc.JSON)
    return best == ogc.HTML


def _base() -> str:
    """The landing page's absolute URL (behind a proxy too)."""
    return f"{request.url_root.rstrip('/')}{bp.url_prefix}"


def _html_href(href: str) -> str:
    """A JSON link of a resource turned into the link to its HTML page."""
    return href.replace("f=json", "f=html")


def _answer(body: dict[str, Any], media: str, template: str, **page: Any) -> Response | str:
    if _wants_html():
        return render_template(
            f"ogc/{template}.html", body=body, base=_base(), html_href=_html_href, **page
        )
    response = jsonify(body)
    response.content_type = media
    return response


def _lang() -> str:
    return current_language()


def _checked(allowed: tuple[str, ...] = ogc.COMMON_PARAMS) -> None:
    ogc.check_params(request.args, allowed)


@bp.errorhandler(GreenMapError)
def _error(error: GreenMapError) -> tuple[Response | str, int]:
    """Errors as ``{error, message, status}`` JSON, or the error page when HTML is wanted."""
    message = error.message(current_language())
    if _wants_html():
        return render_template("error.html", error=error, message=message), error.status
    body = {"error": error.code, "message": message, "status": error.status}
    return jsonify(body), error.status


@bp.get("")
@bp.get("/")
def landing() -> Response | str:
    """The landing page."""
    _checked()
    return _answer(ogc.landing(_base(), _lang()), ogc.JSON, "landing")


@bp.get("/conformance")
def conformance() -> Response | str:
    """The conformance classes."""
    _checked()
    return _answer(ogc.conformance(), ogc.JSON, "conformance")


@bp.get("/api")
def api() -> Response | str:
    """The OpenAPI 3.0 document (HTML: a list of the operations)."""
    _checked()
    body = ogc.openapi(_base(), current_app.config["GREENMAP"]["MAX_PAGE_LIMIT"])
    return _answer(body, ogc.OPENAPI_TYPE, "api")


@bp.get("/collections")
def collections() -> Response | str:
    """Every vector layer."""
    _checked()
    return _answer(ogc.collections(get_store(), _base(), _lang()), ogc.JSON, "collections")


@bp.get("/collections/<layer_id>")
def collection(layer_id: str) -> Response | str:
    """One vector layer."""
    _checked()
    body = ogc.collection(get_store(), layer_id, _base(), _lang())
    if _wants_html():
        body = {"collections": [body], "links": body["links"]}
    return _answer(body, ogc.JSON, "collections")


@bp.get("/collections/<layer_id>/items")
def items(layer_id: str) -> Response | str:
    """One page of a layer's features: ``bbox``, ``limit``, ``offset``."""
    query = ogc.parse_items_query(request.args, current_app.config["GREENMAP"]["MAX_PAGE_LIMIT"])
    body = ogc.items(get_store(), layer_id, query, _base(), _lang())
    title = (
        ogc.collection(get_store(), layer_id, _base(), _lang())["title"] if _wants_html() else ""
    )
    return _answer(body, ogc.GEOJSON, "items", title=title)


@bp.get("/collections/<layer_id>/items/<path:key>")
def item(layer_id: str, key: str) -> Response | str:
    """One feature by its key."""
    _checked()
    body = ogc.item(get_store(), layer_id, key, _base(), _lang())
    return _answer(body, ogc.GEOJSON, "item")
