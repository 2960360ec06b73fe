"""The migrations create exactly the tables the code's schema describes, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from webmap.store import Store
from webmap.store.schema import metadata

#: Virtual tables and their shadow tables that the SQLite dialect creates on purpose.
_BACKEND_TABLES = ("feature_rtree", "feature_fts", "spatial_ref_sys")


# Reflection knows no PostGIS type; the column itself is compared by name and nullability.
@pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
def test_migrated_database_matches_schema(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    unexpected = [
        d
        for d in diff
        if not (d[0] == "remove_table" and d[1].name.startswith(_BACKEND_TABLES))
        and not (
            d[0] == "remove_index" and d[1].name in ("ix_features_geom", "ix_features_search_trgm")
        )
    ]
    assert unexpected == []
