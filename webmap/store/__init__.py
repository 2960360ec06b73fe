"""Persistence: the only package that writes SQL (schema, migrations, backend dialects)."""

from webmap.store.drafts import MODES, Diff, Draft, DraftChanges, FeatureChange, LoadResult
from webmap.store.engine import database_file
from webmap.store.features import FeatureFilter, FeaturePage, check_statuses
from webmap.store.progress import OVERRIDE_CATEGORIES, TARGET_KINDS, TASK_STATUSES
from webmap.store.store import Store

__all__ = [
    "MODES",
    "OVERRIDE_CATEGORIES",
    "TARGET_KINDS",
    "TASK_STATUSES",
    "Diff",
    "Draft",
    "DraftChanges",
    "FeatureChange",
    "FeatureFilter",
    "FeaturePage",
    "LoadResult",
    "Store",
    "check_statuses",
    "database_file",
]
