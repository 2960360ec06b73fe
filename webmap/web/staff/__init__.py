"""The staff area: upload, map columns, validate, preview and publish; edit on the map; record
statuses; the audit log and layer versions. Register with ``app.register_blueprint(staff.bp)``.
"""

from __future__ import annotations

from webmap.web.staff import drafts, editor, progress, records, uploads, users
from webmap.web.staff.common import bp

__all__ = ["bp", "drafts", "editor", "progress", "records", "uploads", "users"]
