"""The column mapping last used to upload into each layer (target field → file column)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from webmap.errors import BadRequest
from webmap.store.common import now
from webmap.store.schema import upload_mappings
from webmap.store.users import UserStore

#: Most fields a mapping may name, and the longest name of a field or a column.
MAX_FIELDS = 100
MAX_NAME = 200


def _checked(mapping: Mapping[str, Any]) -> dict[str, str | None]:
    """``mapping`` as a plain dict of names, or :class:`BadRequest`."""
    if len(mapping) > MAX_FIELDS:
        raise BadRequest(
            f"Cách ghép cột có quá nhiều trường (tối đa {MAX_FIELDS}).",
            f"The column mapping names too many fields (at most {MAX_FIELDS}).",
        )
    for target, column in mapping.items():
        bad_target = not isinstance(target, str) or not target or len(target) > MAX_NAME
        bad_column = column is not None and (not isinstance(column, str) or len(column) > MAX_NAME)
        if bad_target or bad_column:
            raise BadRequest(
                f"Cách ghép cột không hợp lệ ở trường {str(target)[:80]!r}.",
                f"The column mapping is not valid at field {str(target)[:80]!r}.",
            )
    return dict(mapping)


class MappingStore(UserStore):
    """Remembering how an officer's file columns map to a layer's fields."""

    def get_upload_mapping(self, layer_id: str) -> dict[str, str | None] | None:
        """The mapping last saved for ``layer_id``, or ``None`` when there is none."""
        query = sa.select(upload_mappings.c.mapping).where(upload_mappings.c.layer_id == layer_id)
        with self.engine.connect() as conn:
            found = conn.execute(query).scalar_one_or_none()
        return None if found is None else dict(found)

    def save_upload_mapping(
        self, layer_id: str, mapping: Mapping[str, str | None], *, actor: str
    ) -> None:
        """Remember ``mapping`` for ``layer_id``, with audit ``mapping.save`` {before, after}.

        Saving the mapping already remembered writes nothing.

        Raises:
            BadRequest: for a mapping that is not field names to column names (or None).
        """
        after = _checked(mapping)
        table = upload_mappings
        with self.backend.write_transaction(self.engine) as conn:
            query = sa.select(table.c.mapping).where(table.c.layer_id == layer_id)
            before = conn.execute(query).scalar_one_or_none()
            if before == after:
                return
            values = {"mapping": after, "updated_by": actor, "updated_at": now()}
            if before is None:
                conn.execute(table.insert().values(layer_id=layer_id, **values))
            else:
                conn.execute(table.update().where(table.c.layer_id == layer_id).values(**values))
            detail = {"before": before, "after": after}
            self.audit(conn, actor, "mapping.save", "layer", layer_id, detail)
