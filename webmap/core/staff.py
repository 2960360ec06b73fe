"""The staff workflow in one place for the views and the command line.

Upload → map columns → validate → stage (:mod:`webmap.core.uploads`), preview → publish
(:mod:`webmap.core.drafts_view`), edit on the map and record statuses
(:mod:`webmap.core.editing`, :mod:`webmap.core.bulk_status`), the audit log, versions and
restore (:mod:`webmap.core.audit_view`).
"""

from __future__ import annotations

from etl.uploads import CRS_PRESETS, FIELD_TARGETS, Provenance, ReadOptions, RowIssue, SourceInfo
from webmap.core.audit_view import (
    ACTIONS,
    AuditFilter,
    action_label,
    audit_csv,
    audit_page,
    layer_versions,
    restore,
    summary,
)
from webmap.core.bulk_status import BulkLine, BulkResult, bulk_statuses
from webmap.core.drafts_view import (
    FIELD_NAMES,
    ChangeRow,
    Preview,
    discard,
    open_drafts,
    preview,
    preview_geojson,
    publish,
)
from webmap.core.editing import (
    check_geometry,
    create_feature,
    edit_feature,
    editable_layers,
    editor_features,
    feature_form,
    record_status,
)
from webmap.core.uploads import (
    ACCEPTED,
    FIELD_LABELS,
    FieldChoice,
    ImportRequest,
    Prepared,
    UploadRef,
    discard_upload,
    get_upload,
    mapping_choices,
    name_matches,
    prepare_import,
    receive_upload,
    reinspect,
    upload_limits,
    uploads_waiting,
)

__all__ = [
    "ACCEPTED",
    "ACTIONS",
    "CRS_PRESETS",
    "FIELD_LABELS",
    "FIELD_NAMES",
    "FIELD_TARGETS",
    "AuditFilter",
    "BulkLine",
    "BulkResult",
    "ChangeRow",
    "FieldChoice",
    "ImportRequest",
    "Prepared",
    "Preview",
    "Provenance",
    "ReadOptions",
    "RowIssue",
    "SourceInfo",
    "UploadRef",
    "action_label",
    "audit_csv",
    "audit_page",
    "bulk_statuses",
    "check_geometry",
    "create_feature",
    "discard",
    "discard_upload",
    "edit_feature",
    "editable_layers",
    "editor_features",
    "feature_form",
    "get_upload",
    "layer_versions",
    "mapping_choices",
    "name_matches",
    "open_drafts",
    "prepare_import",
    "preview",
    "preview_geojson",
    "publish",
    "receive_upload",
    "record_status",
    "reinspect",
    "restore",
    "summary",
    "upload_limits",
    "uploads_waiting",
]
