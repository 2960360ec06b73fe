"""What every staff view shares: the blueprint, who is asking, and how answers are shaped.

The staff area is a thin adapter like the rest of ``webmap/web``: a view parses the request,
calls :mod:`webmap.core.staff` and renders a template under ``templates/staff/``. Pages live
under ``/staff``, the editing map's JSON endpoints under ``/api/staff`` (JSON errors there
come from the app's one handler table).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, request, url_for
from flask_login import current_user

from webmap.core import staff as service
from webmap.core.formatting import format_moment
from webmap.errors import GreenMapError
from webmap.web import get_store
from webmap.web.auth import current_actor
from webmap.web.i18n import CATALOGUE, current_language
from webmap.web.mapbuilder import (
    BASEMAP_THEME,
    CENTRE,
    OSM_ATTRIBUTION,
    OSM_TILES,
    ZOOM,
    _route,
)

bp = Blueprint("staff", __name__)


def actor() -> str:
    """The signed-in user's name."""
    return current_actor()


def is_admin() -> bool:
    """True when the signed-in user has the admin role."""
    return getattr(current_user, "role", None) == "admin"


def wants_json() -> bool:
    """A script's request (XMLHttpRequest / fetch asking for JSON) rather than a form's."""
    return (
        request.headers.get("X-Requested-With") == "XMLHttpRequest"
        or request.accept_mimetypes.best == "application/json"
    )


def route(endpoint: str, **placeholders: str) -> str:
    """A route for the scripts, with ``{name}`` placeholders they fill in."""
    return _route(endpoint, **placeholders)


def local_time(value: Any) -> str:
    """``dd/mm/yyyy HH:MM`` in Viet Nam's time (naive times are UTC); text that is no time
    is shown as it is."""
    if value in (None, ""):
        return ""
    try:
        return format_moment(value, "vi") if isinstance(value, str | datetime) else str(value)
    except ValueError:
        return str(value)


def message(error: GreenMapError) -> str:
    """An error's message in the page's language."""
    return error.message(current_language())


def find_layer(layer_id: str) -> Any:
    """The editable (vector) layer ``layer_id``, or ``None``."""
    return next((x for x in service.editable_layers(get_store()) if x.id == layer_id), None)


def base_map(layers: list[Any] | None = None) -> dict[str, Any]:
    """Where the staff maps start, their OpenStreetMap background and, for when its tiles do
    not load (an intranet), the boundary layers the public map's offline base draws."""
    context = [
        url_for("api.layer_features", layer_id=layer.id)
        for layer in layers or []
        if layer.theme == BASEMAP_THEME
    ]
    return {
        "centre": CENTRE,
        "zoom": ZOOM,
        "tiles": OSM_TILES,
        "attribution": OSM_ATTRIBUTION,
        "context": context,
    }


def language() -> str:
    """The page's language (``vi`` or ``en``)."""
    return current_language()


@bp.app_template_filter("staff_time")
def _staff_time(value: Any) -> str:
    return local_time(value)


@bp.context_processor
def _staff_helpers() -> dict[str, Any]:
    """What the staff templates ask: is the user an admin, a label with a fallback."""
    return {
        "is_admin": is_admin(),
        "label_or": label_or,
    }


def label_or(key: str, fallback: str) -> str:
    """The interface string ``key``, or ``fallback`` (a code) when the catalogue has none."""
    entry = CATALOGUE.get(key)
    return entry[current_language()] if entry else fallback
