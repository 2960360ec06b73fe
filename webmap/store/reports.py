"""Issued yearly reports: frozen snapshots of the report's data, numbered by revision.

Issuing stores the snapshot (JSON: dates become ISO text) with its checksum as the next
revision of the year, under the year's write lock so two issuers never get the same
number. Issued rows are never changed or removed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from webmap.errors import BadRequest, NotFound
from webmap.store.common import now
from webmap.store.progress import aware, check_year, insert_row
from webmap.store.schema import reports
from webmap.store.users import UserStore

_CHECKSUM = re.compile(r"[0-9a-f]{64}")
_LISTED = [c for c in reports.c if c.name != "snapshot"]


def _iso(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def json_document(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """``snapshot`` as plain JSON (dates and times as ISO text), or :class:`BadRequest`."""
    if not isinstance(snapshot, Mapping):
        raise BadRequest(
            "Dữ liệu báo cáo phải là một đối tượng JSON.", "A report must be a JSON object."
        )
    try:
        text = json.dumps(dict(snapshot), default=_iso, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise BadRequest(
            f"Dữ liệu báo cáo không ghi được thành JSON: {exc}",
            f"The report's data cannot be written as JSON: {exc}",
        ) from exc
    document: dict[str, Any] = json.loads(text)
    return document


def _check_checksum(checksum: Any) -> str:
    if not isinstance(checksum, str) or not _CHECKSUM.fullmatch(checksum):
        raise BadRequest(
            "Mã kiểm tra phải là SHA-256 (64 ký tự hex thường).",
            "The checksum must be a SHA-256 (64 lowercase hex characters).",
        )
    return checksum


def _listed(row: Mapping[Any, Any]) -> dict[str, Any]:
    found = dict(row)
    found["issued_at"] = aware(found["issued_at"])
    return found


class ReportStore(UserStore):
    """Issuing yearly reports and reading the issued ones."""

    def issue_report(
        self, year: int, snapshot: Mapping[str, Any], checksum: str, *, actor: str
    ) -> dict[str, Any]:
        """Store ``snapshot`` as the next revision of ``year``'s report (1, 2, …).

        Audit ``report.issue`` {revision, checksum} in the same transaction.

        Returns:
            The issued report without its snapshot: id, year, revision, issued_at,
            issued_by, checksum.

        Raises:
            BadRequest: for a year out of range, a snapshot that is not JSON, or a
                checksum that is not a SHA-256 hex digest.
            Conflict: when another issuer of the same year holds the lock too long.
        """
        check_year(year)
        document = json_document(snapshot)
        _check_checksum(checksum)
        name_vi, name_en = f"Báo cáo năm {year}", f"The report for {year}"
        with self.locked(f"report:{year}", name_vi, name_en) as conn:
            last = conn.execute(
                sa.select(sa.func.max(reports.c.revision)).where(reports.c.year == year)
            ).scalar_one()
            issued = {
                "year": year,
                "revision": int(last or 0) + 1,
                "issued_at": now(),
                "issued_by": actor,
                "checksum": checksum,
            }
            new_id = insert_row(conn, reports, {**issued, "snapshot": document})
            detail = {"revision": issued["revision"], "checksum": checksum}
            self.audit(conn, actor, "report.issue", "report", str(year), detail)
        return {"id": new_id, **issued}

    def issued_reports(self, year: int | None = None) -> list[dict[str, Any]]:
        """Issued reports without their snapshots, newest year first, then newest revision."""
        query = sa.select(*_LISTED).order_by(reports.c.year.desc(), reports.c.revision.desc())
        if year is not None:
            query = query.where(reports.c.year == year)
        with self.engine.connect() as conn:
            return [_listed(row) for row in conn.execute(query).mappings()]

    def issued_report(self, year: int, revision: int) -> dict[str, Any]:
        """One issued report with its ``snapshot`` (plain JSON, dates as ISO text).

        Raises:
            NotFound: when ``year`` has no such revision.
        """
        query = sa.select(reports).where(reports.c.year == year, reports.c.revision == revision)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFound(
                f"Không có báo cáo năm {year} bản {revision}.",
                f"No issued report for {year}, revision {revision}.",
            )
        found = _listed(row)
        found["snapshot"] = dict(found["snapshot"])
        return found
