"""One handler table: domain errors become JSON for the API and an HTML page elsewhere."""

from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from webmap.errors import GreenMapError, NotFound
from webmap.web.i18n import current_language

_HTTP_MESSAGES = {
    400: (
        "Yêu cầu không hợp lệ; tải lại trang rồi thử lại.",
        "Bad request; reload the page and try again.",
    ),
    401: ("Cần đăng nhập để làm việc này.", "You need to sign in to do this."),
    403: (
        "Tài khoản của bạn không có quyền làm việc này.",
        "Your account is not allowed to do this.",
    ),
    404: ("Không tìm thấy trang.", "Page not found."),
    405: ("Phương thức không được phép.", "Method not allowed."),
    413: (
        "Tệp hoặc yêu cầu quá lớn: tối đa {mb} MB.",
        "The file or request is too large: at most {mb} MB.",
    ),
    429: (
        "Quá nhiều lần thử; hãy đợi một lúc rồi thử lại.",
        "Too many attempts; wait a while and try again.",
    ),
}


def wants_json() -> bool:
    """Whether the answer should be JSON: the API, the health check, or a client asking."""
    return (
        request.path.startswith("/api/")
        or request.path == "/healthz"
        or (request.accept_mimetypes.best == "application/json")
    )


def render_error(error: GreenMapError) -> tuple[Response | str, int]:
    """``error`` as JSON ``{error, message, status}`` or as the error page, in the user's
    language."""
    lang = current_language()
    if wants_json():
        body = {"error": error.code, "message": error.message(lang), "status": error.status}
        return jsonify(body), error.status
    return render_template("error.html", error=error, message=error.message(lang)), error.status


def http_error(code: int, name: str | None = None) -> GreenMapError:
    """The domain error for HTTP status ``code``, with the message of the table above."""
    vi, en = _HTTP_MESSAGES.get(code, (name or "Error", name or "Error"))
    if code == 413:
        mb = current_app.config["GREENMAP"]["MAX_UPLOAD_MB"]
        vi, en = vi.format(mb=mb), en.format(mb=mb)
    domain = NotFound(vi, en) if code == 404 else GreenMapError(vi, en)
    domain.status = code
    domain.code = (name or "error").lower().replace(" ", "_")
    return domain


def register_error_handlers(app: Flask) -> None:
    """Install the handler table on ``app``."""

    @app.errorhandler(GreenMapError)
    def _domain(error: GreenMapError) -> tuple[Response | str, int]:
        return render_error(error)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[Response | str, int]:
        return render_error(http_error(error.code or 500, error.name))
