"""Column types whose storage differs by backend (used by the schema and migrations)."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import JSON, LargeBinary
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine, UserDefinedType

SRID = 4326


class PostGISGeometry(UserDefinedType[Any]):
    """``geometry(GEOMETRY, 4326)``; values travel as hex EWKB text."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return f"geometry(GEOMETRY,{SRID})"


class Geom(TypeDecorator[BaseGeometry]):
    """A shapely geometry in EPSG:4326.

    PostGIS: a ``geometry(GEOMETRY, 4326)`` column (GiST-indexed by the
    migration). SQLite: WKB in a BLOB whose bounding box is indexed by the
    R*Tree the triggers keep in sync.
    """

    impl = LargeBinary
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(PostGISGeometry())
        return dialect.type_descriptor(LargeBinary())

    def process_bind_param(self, value: BaseGeometry | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name == "postgresql":
            return shapely.to_wkb(shapely.set_srid(value, SRID), hex=True, include_srid=True)
        return shapely.to_wkb(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> BaseGeometry | None:
        if value is None:
            return None
        if isinstance(value, str):
            return shapely.from_wkb(value)
        return shapely.from_wkb(bytes(value))


JSONType = JSON().with_variant(JSONB(), "postgresql")
