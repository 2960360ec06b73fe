"""HTTP plumbing of every request: control characters refused, caching, validators and CORS.

``init_http(app)`` installs:

- a ``before_request`` hook that answers 400 to a path, query argument name or value holding
  a control character (U+0000–U+001F, U+007F), before any view (and so any database call)
  runs: PostgreSQL refuses NUL in text, which used to surface as a 500;
- ``ETag`` and ``Last-Modified`` on the per-layer reads of the public API
  (:data:`VALIDATED_ENDPOINTS`), computed from the layer's current version before the body is
  built, and ``304 Not Modified`` for a matching ``If-None-Match`` (or, without one,
  ``If-Modified-Since``);
- ``Cache-Control``: ``private, no-store`` for the staff area and for anyone signed in,
  ``public, max-age=60`` for the read-only API, ``no-cache`` for other pages (they carry a
  per-request CSP nonce and depend on the language cookie); static files keep Flask's;
- CORS on the read-only API: ``Access-Control-Allow-Origin: *`` on GET, HEAD and OPTIONS
  answers under ``/api`` and ``/ogc``, never for the staff area or another method.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from flask import Flask, Response, g, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from webmap.core.layers import freshness
from webmap.errors import BadRequest, GreenMapError
from webmap.web import get_store
from webmap.web.errors import render_error, wants_json
from webmap.web.i18n import current_language

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Paths of the read-only public API: these prefixes, or exactly one of them without its slash.
PUBLIC_API_PREFIXES = ("/api/", "/ogc/")
#: Path prefixes and blueprints of the staff area (never public, never cross-origin).
STAFF_PREFIXES = ("/staff", "/api/staff/")
STAFF_BLUEPRINTS = frozenset({"staff", "auth"})
#: Methods a cross-origin reader may use.
CORS_METHODS = ("GET", "HEAD", "OPTIONS")
#: Endpoints answering for one layer, validated by the layer's version (``layer_id`` argument).
VALIDATED_ENDPOINTS = frozenset(
    {"api.layer_features", "api.get_layer", "ogc.collection", "ogc.items", "ogc.item"}
)
PUBLIC_MAX_AGE = 60


def control_character_error() -> BadRequest:
    """The 400 for a control character in the address."""
    failure = BadRequest(
        "Địa chỉ có ký tự điều khiển không hợp lệ.",
        "The address contains an invalid control character.",
    )
    failure.code = "control_character"
    return failure


def has_control_character() -> bool:
    """Whether the path or any query argument name or value holds a control character."""
    if _CONTROL.search(request.path):
        return True
    return any(
        _CONTROL.search(name) or _CONTROL.search(value)
        for name, value in request.args.items(multi=True)
    )


def _error_response(failure: GreenMapError) -> ResponseReturnValue:
    """JSON under the APIs (``/ogc`` included) or when JSON is wanted, else the error page."""
    if _under(request.path, ("/ogc/",)) and not wants_json():
        body = {"error": failure.code, "message": failure.message(current_language())}
        return jsonify({**body, "status": failure.status}), failure.status
    return render_error(failure)


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    """Whether ``path`` is under one of ``prefixes`` (``/ogc`` itself is under ``/ogc/``)."""
    return path.startswith(prefixes) or f"{path}/" in prefixes


def _reject_control_characters() -> ResponseReturnValue | None:
    if has_control_character():
        return _error_response(control_character_error())
    return None


# -- validators --------------------------------------------------------------------------


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def layer_validator(layer_id: str) -> tuple[str, datetime] | None:
    """The state a layer's public answers depend on: ``(token, last modified)``
    (see :func:`webmap.core.layers.freshness`); ``None`` for an unpublished layer."""
    return freshness(get_store(), layer_id)


def etag_for(token: str) -> str:
    """The entity tag of this request's answer: the layer state, endpoint, query and language."""
    query = sorted(request.args.items(multi=True))
    text = "\n".join([token, str(request.endpoint), repr(query), current_language()])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _not_modified(etag: str, modified: datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    return since is not None and _as_utc(since) >= modified


def _check_validators() -> ResponseReturnValue | None:
    """Compute the validators of a validated endpoint before its view; 304 when they match."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in VALIDATED_ENDPOINTS:
        return None
    layer_id = (request.view_args or {}).get("layer_id")
    found = layer_validator(str(layer_id)) if layer_id is not None else None
    if found is None:
        return None
    token, modified = found
    g.http_validators = (etag_for(token), modified)
    if _not_modified(*g.http_validators):
        return Response(status=304)
    return None


def _set_validators(response: Response) -> None:
    validators = g.get("http_validators")
    if validators is None or response.status_code not in (200, 304):
        return
    etag, modified = validators
    response.set_etag(etag)
    response.last_modified = modified


# -- Cache-Control and CORS ----------------------------------------------------------------


def is_staff_request() -> bool:
    """Whether the request is for the staff area (pages or its JSON)."""
    return request.path.startswith(STAFF_PREFIXES) or request.blueprint in STAFF_BLUEPRINTS


def is_public_api_request() -> bool:
    """Whether the request reads the public API (not the staff JSON)."""
    return _under(request.path, PUBLIC_API_PREFIXES) and not is_staff_request()


def _signed_in() -> bool:
    return bool(getattr(current_user, "is_authenticated", False))


def _cache_control(response: Response) -> None:
    if request.endpoint == "static":
        return
    if is_staff_request() or _signed_in():
        response.headers["Cache-Control"] = "private, no-store"
    elif not is_public_api_request():
        response.headers.setdefault("Cache-Control", "no-cache")
    elif response.status_code >= 400 or request.method not in CORS_METHODS:
        response.headers["Cache-Control"] = "no-store"
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response.cache_control.public = True
    if is_public_api_request():
        response.vary.update(("Cookie", "Accept"))


def _cors(response: Response) -> None:
    if request.method not in CORS_METHODS or not is_public_api_request():
        return
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Content-Language, Link"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
        response.headers["Access-Control-Allow-Headers"] = (
            "Accept, Accept-Language, If-None-Match, If-Modified-Since"
        )
        response.headers["Access-Control-Max-Age"] = "86400"


def _finish(response: Response) -> Response:
    _set_validators(response)
    _cache_control(response)
    _cors(response)
    return response


def init_http(app: Flask) -> None:
    """Install the hooks above on ``app`` (call right after ``init_security``)."""
    app.before_request(_reject_control_characters)
    app.before_request(_check_validators)
    app.after_request(_finish)
