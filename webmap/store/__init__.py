"""Persistence: the only package that writes SQL (schema, migrations, backend dialects)."""

from webmap.store.drafts import Diff, Draft, LoadResult
from webmap.store.engine import database_file
from webmap.store.features import FeatureFilter, FeaturePage, check_statuses
from webmap.store.store import Store

__all__ = [
    "Diff",
    "Draft",
    "FeatureFilter",
    "FeaturePage",
    "LoadResult",
    "Store",
    "check_statuses",
    "database_file",
]
