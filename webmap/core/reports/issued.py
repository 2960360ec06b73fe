"""Issued reports: a frozen snapshot of a year's report data, with its checksum.

Issuing stores the report's data exactly as :func:`~webmap.core.reports.data.report_data`
gives it (plain JSON, dates as ISO text) with the SHA-256 of its canonical JSON (keys
sorted, no spaces, UTF-8); issuing the same year again stores revision 2, 3, … Later edits
of progress, values or statuses never touch a snapshot: an issued report is drawn from its
snapshot alone, figure included.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from webmap.core.reports.data import check_year, report_data
from webmap.store import Store


def canonical_json(data: Any) -> bytes:
    """The canonical JSON of ``data``: keys sorted, no spaces, UTF-8."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def checksum(data: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _meta(row: dict[str, Any]) -> dict[str, Any]:
    """An issued report's revision, date, issuer and checksum, JSON-ready."""
    return {
        "year": row["year"],
        "revision": row["revision"],
        "issued_at": _iso(row["issued_at"]),
        "issued_by": row["issued_by"],
        "checksum": row["checksum"],
    }


def issue(store: Store, year: int, *, by: str) -> dict[str, Any]:
    """Freeze the report of ``year`` as its next revision.

    Returns:
        The issued report without its snapshot: year, revision, issued_at, issued_by,
        checksum.
    """
    data = report_data(store, check_year(year))
    return _meta(store.issue_report(year, data, checksum(data), actor=by))


def issued_data(store: Store, year: int, revision: int) -> dict[str, Any]:
    """The frozen data of an issued report, with ``issued`` (revision, date, issuer,
    checksum, and ``verified``: whether the snapshot still has that checksum).

    Raises:
        NotFound: when the year has no such revision.
    """
    row = store.issued_report(year, revision)
    data: dict[str, Any] = dict(row["snapshot"])
    meta = _meta(row)
    meta["verified"] = checksum(data) == row["checksum"]
    data["issued"] = meta
    return data


def issued_reports(store: Store, year: int | None = None) -> list[dict[str, Any]]:
    """Issued reports (without snapshots), newest year first, then newest revision."""
    return [_meta(row) for row in store.issued_reports(year)]
