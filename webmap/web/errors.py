"""One handler table: domain errors become JSON for the API and an HTML page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from webmap.errors import GreenMapError, NotFound
from webmap.web.i18n import current_language

_HTTP_MESSAGES = {
    404: ("Không tìm thấy trang.", "Page not found."),
    405: ("Phương thức không được phép.", "Method not allowed."),
}


def _wants_json() -> bool:
    return (
        request.path.startswith("/api/")
        or request.path == "/healthz"
        or (request.accept_mimetypes.best == "application/json")
    )


def _render(error: GreenMapError) -> tuple[Response | str, int]:
    lang = current_language()
    if _wants_json():
        body = {"error": error.code, "message": error.message(lang), "status": error.status}
        return jsonify(body), error.status
    return render_template("error.html", error=error, message=error.message(lang)), error.status


def register_error_handlers(app: Flask) -> None:
    """Install the handler table on ``app``."""

    @app.errorhandler(GreenMapError)
    def _domain(error: GreenMapError) -> tuple[Response | str, int]:
        return _render(error)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[Response | str, int]:
        vi, en = _HTTP_MESSAGES.get(error.code or 500, (error.name, error.name))
        domain = NotFound(vi, en) if error.code == 404 else GreenMapError(vi, en)
        domain.status = error.code or 500
        domain.code = (error.name or "error").lower().replace(" ", "_")
        return _render(domain)
