"""Parts of projects: which project (a farm) each part (a turbine) belongs to."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from webmap.store.engine import StoreBase
from webmap.store.schema import features


class PartStore(StoreBase):
    """Writing the project each part belongs to."""

    def set_parents(self, layer_id: str, parents: Mapping[str, str | None]) -> int:
        """Set the project of each part of ``layer_id`` (key → project key, or ``None``).

        Parts whose source names their project (a phase listed on its own) are not in
        ``parents`` and keep it. Returns how many rows changed.
        """
        changed = 0
        with self.backend.write_transaction(self.engine) as conn:
            current = dict(
                conn.execute(
                    sa.select(features.c.key, features.c.parent_key).where(
                        features.c.layer_id == layer_id
                    )
                ).all()
            )
            for key, parent in parents.items():
                if key in current and current[key] != parent:
                    conn.execute(
                        features.update().where(features.c.key == key).values(parent_key=parent)
                    )
                    changed += 1
        return changed
