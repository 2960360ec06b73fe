"""All settings in one place, read from ``GREENMAP_*`` environment variables.

Every setting has a default and a help line; ``docs``/README's settings table
is checked against :data:`SETTINGS` by a test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from webmap.errors import SettingsError


@dataclass(frozen=True)
class Setting:
    """One configurable value."""

    name: str
    default: str
    help: str
    kind: type = str

    @property
    def env(self) -> str:
        """Name of the environment variable."""
        return f"GREENMAP_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "INSTANCE_PATH",
        "./instance",
        "Folder for the SQLite database (created by init-db).",
    ),
    Setting(
        "DATABASE_URL",
        "sqlite:///<INSTANCE_PATH>/greenmap.sqlite",
        "SQLAlchemy URL of the store: a sqlite:/// file (default) or "
        "postgresql+psycopg://user:pass@host/db for PostgreSQL + PostGIS.",
    ),
    Setting(
        "DATA_PATH",
        "<INSTANCE_PATH>/data",
        "Folder for rasters and uploaded files; the database stores paths relative to it.",
    ),
    Setting(
        "SECRET_KEY",
        "",
        "Secret for signing sessions; required in production, a random one is made per process "
        "when empty.",
    ),
    Setting(
        "DEFAULT_LANGUAGE", "vi", "Interface language when the browser has not chosen: vi or en."
    ),
    Setting("HOST", "127.0.0.1", "Address the development server listens on."),
    Setting("PORT", "5000", "Port the development server listens on.", int),
    Setting("PAGE_LIMIT", "1000", "Default number of features per API page.", int),
    Setting("MAX_PAGE_LIMIT", "10000", "Largest page a client may ask for with limit=.", int),
    Setting("LOG_LEVEL", "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "SECURE_COOKIES",
        "auto",
        "Secure flag of the session cookie: auto (when the request came over HTTPS), always "
        "or never.",
    ),
    Setting(
        "PROXY_FIX",
        "0",
        "Number of reverse proxies (nginx …) in front of the app whose X-Forwarded-* headers "
        "are trusted; 0 trusts none.",
        int,
    ),
    Setting(
        "TRUSTED_HOSTS",
        "",
        "Comma-separated host names the app answers to (others get 400); empty accepts any.",
    ),
    Setting("MAX_UPLOAD_MB", "50", "Largest request body, uploads included, in megabytes.", int),
    Setting(
        "RATELIMIT_STORAGE_URI",
        "memory://",
        "Where failed sign-ins are counted: memory:// (one process) or e.g. redis://host:6379 "
        "shared by every worker.",
    ),
    Setting(
        "SIGN_IN_LIMIT",
        "5 per minute",
        "Failed sign-ins allowed per address and user name before 429 (Flask-Limiter syntax).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}
#: Values of ``GREENMAP_SECURE_COOKIES``.
SECURE_COOKIE_CHOICES = ("auto", "always", "never")


def load_settings(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Read every setting from ``env`` (default: the process environment).

    Args:
        env: Mapping to read ``GREENMAP_*`` variables from.

    Returns:
        A dict keyed by setting name (without the prefix), values converted.

    Raises:
        SettingsError: when a value cannot be converted.
    """
    source = os.environ if env is None else env
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = source.get(setting.env, "")
        if raw == "" and setting.name not in ("SECRET_KEY",):
            raw = setting.default
        if setting.kind is int:
            try:
                values[setting.name] = int(raw)
            except ValueError as exc:
                raise SettingsError(
                    f"{setting.env} phải là số nguyên, không phải {raw!r}",
                    f"{setting.env} must be a whole number, got {raw!r}",
                ) from exc
        else:
            values[setting.name] = raw
    instance = Path(values["INSTANCE_PATH"]).expanduser()
    values["INSTANCE_PATH"] = str(instance.resolve())
    if values["DATABASE_URL"] == _BY_NAME["DATABASE_URL"].default:
        values["DATABASE_URL"] = f"sqlite:///{instance.resolve() / 'greenmap.sqlite'}"
    if values["DATA_PATH"] == _BY_NAME["DATA_PATH"].default:
        values["DATA_PATH"] = str(instance.resolve() / "data")
    else:
        values["DATA_PATH"] = str(Path(values["DATA_PATH"]).expanduser().resolve())
    if values["DEFAULT_LANGUAGE"] not in ("vi", "en"):
        raise SettingsError(
            "GREENMAP_DEFAULT_LANGUAGE phải là vi hoặc en",
            "GREENMAP_DEFAULT_LANGUAGE must be vi or en",
        )
    values["LOG_LEVEL"] = str(values["LOG_LEVEL"]).upper()
    if values["LOG_LEVEL"] not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError(
            "GREENMAP_LOG_LEVEL phải là DEBUG, INFO, WARNING hoặc ERROR",
            "GREENMAP_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR",
        )
    if not 0 < values["PAGE_LIMIT"] <= values["MAX_PAGE_LIMIT"]:
        raise SettingsError(
            "GREENMAP_PAGE_LIMIT phải từ 1 đến GREENMAP_MAX_PAGE_LIMIT",
            "GREENMAP_PAGE_LIMIT must be at least 1 and at most GREENMAP_MAX_PAGE_LIMIT",
        )
    _check_security(values)
    return values


def _check_security(values: dict[str, Any]) -> None:
    """Check the cookie, proxy, host, upload and rate-limit settings; split the host list."""
    values["SECURE_COOKIES"] = str(values["SECURE_COOKIES"]).lower()
    if values["SECURE_COOKIES"] not in SECURE_COOKIE_CHOICES:
        raise SettingsError(
            "GREENMAP_SECURE_COOKIES phải là auto, always hoặc never",
            "GREENMAP_SECURE_COOKIES must be auto, always or never",
        )
    if values["PROXY_FIX"] < 0:
        raise SettingsError(
            "GREENMAP_PROXY_FIX không được âm", "GREENMAP_PROXY_FIX cannot be negative"
        )
    if values["MAX_UPLOAD_MB"] < 1:
        raise SettingsError(
            "GREENMAP_MAX_UPLOAD_MB phải ít nhất là 1", "GREENMAP_MAX_UPLOAD_MB must be at least 1"
        )
    values["TRUSTED_HOSTS"] = split_hosts(values["TRUSTED_HOSTS"])
    _check_rate_limit(values["SIGN_IN_LIMIT"])


def split_hosts(value: str | list[str]) -> list[str]:
    """``GREENMAP_TRUSTED_HOSTS`` as a list of lower-case names (a list is kept as it is)."""
    if isinstance(value, str):
        return [h.strip().lower() for h in value.split(",") if h.strip()]
    return list(value)


def _check_rate_limit(text: str) -> None:
    """Refuse a sign-in limit Flask-Limiter cannot read (``5 per minute``, ``10/hour`` …)."""
    from limits import parse_many

    try:
        parse_many(text)
    except ValueError as exc:
        raise SettingsError(
            f"GREENMAP_SIGN_IN_LIMIT không đọc được: {text!r} (ví dụ: 5 per minute)",
            f"GREENMAP_SIGN_IN_LIMIT cannot be read: {text!r} (for example: 5 per minute)",
        ) from exc
