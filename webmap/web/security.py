"""Security headers on every response, the CSP nonce, cookie flags, proxies, hosts, body size.

``init_security(app)`` installs:

- a Content-Security-Policy on every response (pages, JSON, static files) whose
  ``script-src`` admits our own files and the inline scripts carrying this request's nonce:
  templates write ``<script nonce="{{ csp_nonce() }}">``; the folium map page gets it
  through :func:`add_nonce`. A fresh nonce is made for every request;
- ``X-Content-Type-Options``, ``X-Frame-Options``, ``Referrer-Policy``,
  ``Permissions-Policy`` and ``Cross-Origin-Opener-Policy``;
- the session cookie's flags: HttpOnly, SameSite=Lax, and Secure per
  ``GREENMAP_SECURE_COOKIES`` (``auto``: when the request came over HTTPS);
- ``GREENMAP_PROXY_FIX`` (werkzeug's ProxyFix, so HTTPS and the client address are seen
  behind nginx), ``GREENMAP_TRUSTED_HOSTS`` (Flask's TRUSTED_HOSTS: other hosts get 400) and
  ``GREENMAP_MAX_UPLOAD_MB`` (MAX_CONTENT_LENGTH: larger bodies get 413).
"""

from __future__ import annotations

import functools
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, request
from flask.sessions import SecureCookieSessionInterface
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from webmap.errors import BadRequest
from webmap.settings import split_hosts
from webmap.web.errors import render_error, wants_json
from webmap.web.i18n import current_language

#: Every response carries these.
STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # The map's "locate me" button asks the browser for the position (static/js/controls.js).
    "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
#: Attributes of a ``<script>`` that needs no nonce: it loads a file of ours, has one already,
#: or is a data block (JSON config), which the browser never runs.
_NO_NONCE = re.compile(r"\b(src|nonce)=|type=\"application/(ld\+)?json\"", re.IGNORECASE)


@functools.cache
def tile_origins() -> tuple[str, ...]:
    """Where map tiles come from: exactly the base layer of the map page and the small maps."""
    from webmap.web.mapbuilder import OSM_TILES  # mapbuilder imports this module

    parts = urlsplit(OSM_TILES)
    return (f"{parts.scheme}://{parts.netloc}",)


def csp_nonce() -> str:
    """This request's CSP nonce (made at first use; templates call ``csp_nonce()``)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return str(g.csp_nonce)


def content_security_policy(nonce: str) -> str:
    """The Content-Security-Policy header value for a response whose scripts carry ``nonce``."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # folium writes <style> blocks and Leaflet and its plugins set style attributes on the
        # elements they make (positions, sizes, transforms): styles cannot go without inline.
        "style-src": "'self' 'unsafe-inline'",
        # data: for the images Leaflet's and our stylesheets inline (icons, markers).
        "img-src": " ".join(("'self'", "data:", *tile_origins())),
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_nonce(html: str, nonce: str) -> str:
    """Give every inline ``<script>`` of ``html`` that runs the attribute ``nonce``."""

    def mark(tag: re.Match[str]) -> str:
        attributes = tag.group(1)
        if _NO_NONCE.search(attributes):
            return tag.group(0)
        return f'<script{attributes} nonce="{nonce}">'

    return _SCRIPT_TAG.sub(mark, html)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure when ``GREENMAP_SECURE_COOKIES`` says so."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """``always``: yes; ``never``: no; ``auto``: when this request came over HTTPS."""
        mode = app.config["GREENMAP"]["SECURE_COOKIES"]
        if mode == "auto":
            return bool(request.is_secure)
        return bool(mode == "always")


def _set_headers(response: Response) -> Response:
    for name, value in STATIC_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    return response


def _configure(app: Flask, settings: dict[str, Any]) -> None:
    """Cookie flags, trusted hosts and the largest request body from the settings."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings["SECURE_COOKIES"] == "always",
        MAX_CONTENT_LENGTH=settings["MAX_UPLOAD_MB"] * 2**20,
        TRUSTED_HOSTS=split_hosts(settings["TRUSTED_HOSTS"]) or None,
    )
    app.session_interface = SessionInterface()


def _untrusted_host(error: SecurityError) -> ResponseReturnValue:
    """400 for a Host not in ``GREENMAP_TRUSTED_HOSTS``: JSON, or plain text, since no URL
    (and so no page template) can be built for a host the app does not serve."""
    failure = BadRequest(
        "Trang web không phục vụ tên máy chủ này.", "This site does not serve this host name."
    )
    failure.code = "untrusted_host"
    if wants_json():
        return render_error(failure)
    return Response(failure.message(current_language()), 400, mimetype="text/plain")


def init_security(app: Flask) -> None:
    """Install headers, the ``csp_nonce()`` template function and the settings above."""
    settings = app.config["GREENMAP"]
    _configure(app, settings)
    proxies = int(settings["PROXY_FIX"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies
        )
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.after_request(_set_headers)
    app.register_error_handler(SecurityError, _untrusted_host)
