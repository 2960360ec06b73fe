"""Persistence: SQLAlchemy schema, Alembic migrations and the backend dialects."""

from webmap.store.store import FeatureFilter, FeaturePage, LoadResult, Store, StoredFeature

__all__ = ["FeatureFilter", "FeaturePage", "LoadResult", "Store", "StoredFeature"]
