"""Persistence: the only package that writes SQL (schema, migrations, backend dialects)."""

from webmap.store.drafts import MODES, Diff, Draft, DraftChanges, FeatureChange, LoadResult
from webmap.store.engine import database_file
from webmap.store.features import FeatureFilter, FeaturePage, check_statuses
from webmap.store.store import Store

__all__ = [
    "MODES",
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
