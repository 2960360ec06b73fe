"""The one base exception for domain errors, with an HTTP status and safe bilingual messages."""

from __future__ import annotations


class GreenMapError(Exception):
    """An error whose message is safe to show to a user.

    Attributes:
        status: HTTP status code the web layer answers with.
        code: Short machine-readable code (``not_found``, ``bad_request`` ...).
        message_vi: Message in Vietnamese (shown first).
        message_en: Message in English.
    """

    status = 500
    code = "internal_error"

    def __init__(self, message_vi: str, message_en: str | None = None, **details: object) -> None:
        super().__init__(message_en or message_vi)
        self.message_vi = message_vi
        self.message_en = message_en or message_vi
        self.details = details

    def message(self, lang: str) -> str:
        """Return the message in ``lang`` ("vi" or "en")."""
        return self.message_en if lang == "en" else self.message_vi


class BadRequest(GreenMapError):
    """The client sent a parameter we cannot use."""

    status = 400
    code = "bad_request"


class NotFound(GreenMapError):
    """The requested thing does not exist."""

    status = 404
    code = "not_found"


class Conflict(GreenMapError):
    """The request conflicts with what is stored."""

    status = 409
    code = "conflict"


class StoreError(GreenMapError):
    """The store cannot be used (unreachable, wrong revision, unknown backend)."""

    status = 503
    code = "store_unavailable"
