"""The audit log and layer versions as staff read them; restoring an earlier version."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from webmap.core.exports import neutralise
from webmap.store import LoadResult, Store

#: Actions of the audit log, with their labels (vi, en).
ACTIONS: dict[str, tuple[str, str]] = {
    "auth.sign_in": ("Đăng nhập", "Signed in"),
    "auth.sign_in_failed": ("Đăng nhập thất bại", "Failed sign-in"),
    "auth.sign_out": ("Đăng xuất", "Signed out"),
    "upload.receive": ("Tải tệp lên", "Uploaded a file"),
    "upload.check": ("Kiểm tra tệp", "Checked a file"),
    "layer.publish": ("Công bố phiên bản lớp", "Published a layer version"),
    "layer.discard": ("Hủy bản nháp", "Discarded a draft"),
    "layer.restore": ("Khôi phục phiên bản", "Restored a version"),
    "feature.edit": ("Sửa đối tượng", "Edited a feature"),
    "feature.create": ("Thêm đối tượng", "Added a feature"),
    "status.add": ("Ghi trạng thái", "Recorded a status"),
    "mapping.save": ("Lưu cách ghép cột", "Saved a column mapping"),
    "user.add": ("Tạo tài khoản", "Created an account"),
    "user.create": ("Tạo tài khoản", "Created an account"),
    "user.set_role": ("Đổi vai trò", "Changed a role"),
    "user.disable": ("Khóa tài khoản", "Disabled an account"),
    "user.enable": ("Mở khóa tài khoản", "Enabled an account"),
}
PAGE = 50


@dataclass
class AuditFilter:
    """What the audit page is narrowed to; every part optional."""

    actor: str | None = None
    layer: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


def action_label(action: str, lang: str) -> str:
    """The action in the reader's language (its code when unknown)."""
    vi, en = ACTIONS.get(action, (action, action))
    return vi if lang == "vi" else en


def summary(entry: dict[str, Any]) -> str:
    """A short line of an entry's detail: counts, versions, before → after of a few fields."""
    detail = entry.get("detail") or {}
    parts = []
    names = ("file", "version", "from_version", "added", "changed", "removed", "errors", "status")
    for name in (*names, "role"):
        if name in detail and detail[name] not in (None, ""):
            parts.append(f"{name}: {detail[name]}")
    before, after = detail.get("before"), detail.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        changed = sorted(k for k in after if before.get(k) != after.get(k))
        if changed:
            parts.append("→ " + ", ".join(changed))
    elif isinstance(before, str | int) or isinstance(after, str | int):
        parts.append(f"{before} → {after}")
    return "; ".join(parts)


def _query(flt: AuditFilter) -> dict[str, Any]:
    return {
        "actor": flt.actor or None,
        "layer": flt.layer or None,
        "action": flt.action or None,
        "since": flt.since,
        "until": flt.until,
    }


def audit_page(
    store: Store, flt: AuditFilter, *, before_id: int | None = None, limit: int = PAGE
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of entries, newest first, and the ``before_id`` of the next page (or None).

    A layer filter matches entries about the layer and about its features.
    """
    entries = store.audit_page(**_query(flt), limit=limit + 1, before_id=before_id)
    more = len(entries) > limit
    entries = entries[:limit]
    return entries, (entries[-1]["id"] if more and entries else None)


def audit_csv(store: Store, flt: AuditFilter) -> bytes:
    """Every entry the filter admits as CSV (UTF-8 with BOM, formulas neutralised)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "at", "actor", "action", "entity", "entity_id", "detail"])
    before: int | None = None
    while True:
        entries, before = audit_page(store, flt, before_id=before, limit=500)
        for e in entries:
            row = [e["id"], e["at"].isoformat(), e["actor"], e["action"], e["entity"]]
            row += [e["entity_id"], json.dumps(e["detail"], ensure_ascii=False, default=str)]
            writer.writerow([neutralise(v) for v in row])
        if before is None:
            break
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def layer_versions(store: Store, layer_id: str) -> list[dict[str, Any]]:
    """The layer's versions, newest first, with who, when, counts and whether restorable."""
    store.get_layer(layer_id)
    return store.layer_history(layer_id)


def restore(store: Store, layer_id: str, version: int, *, by: str) -> LoadResult:
    """Publish an earlier version's features as a new version; nothing is deleted."""
    from webmap.core.ingest import link_parts

    result = store.restore_version(layer_id, version, actor=by)
    if result.created:
        link_parts(store, layer_id)
    return result
