"""The plan of Decision 148/QĐ-UBND: groups, tasks, targets and the decision's metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from webmap.domain import task_sort_key
from webmap.store import schema
from webmap.store.engine import StoreBase

#: The plan metadata row holding the decision (number, date, source checksum, ...).
_DECISION_KEY = "decision"


class PlanStore(StoreBase):
    """The plan of Decision 148/QĐ-UBND: groups, tasks, targets and the decision's metadata."""

    def plan_checksum(self) -> str | None:
        """SHA-256 of the plan text stored last, or ``None`` before the first load."""
        stored = self.decision()
        return None if stored is None else stored.get("source_sha256")

    def replace_plan(
        self,
        meta: Mapping[str, Any],
        groups: Sequence[Mapping[str, Any]],
        tasks: Sequence[Mapping[str, Any]],
        targets: Sequence[Mapping[str, Any]],
    ) -> None:
        """Replace the whole plan in one transaction.

        Args:
            meta: The decision's metadata (JSON-ready), stored under ``decision``.
            groups: Rows of ``task_groups``.
            tasks: Rows of ``tasks``.
            targets: Rows of ``targets``.
        """
        with self.engine.begin() as conn:
            # Children first: tasks refer to their group.
            for table in (schema.tasks, schema.task_groups, schema.targets, schema.plan_meta):
                conn.execute(table.delete())
            conn.execute(schema.plan_meta.insert().values(key=_DECISION_KEY, value=dict(meta)))
            for table, rows in (
                (schema.task_groups, groups),
                (schema.tasks, tasks),
                (schema.targets, targets),
            ):
                if rows:
                    conn.execute(table.insert(), [dict(row) for row in rows])

    def decision(self) -> dict[str, Any] | None:
        """The decision's metadata, or ``None`` before the plan is loaded."""
        query = sa.select(schema.plan_meta.c.value).where(schema.plan_meta.c.key == _DECISION_KEY)
        with self.engine.connect() as conn:
            value = conn.execute(query).scalar_one_or_none()
        return None if value is None else dict(value)

    def plan_counts(self) -> dict[str, int]:
        """How many groups, tasks and targets are stored."""
        tables = (
            ("groups", schema.task_groups),
            ("tasks", schema.tasks),
            ("targets", schema.targets),
        )
        with self.engine.connect() as conn:
            return {
                name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in tables
            }

    def tasks(self, group: int | None = None) -> list[dict[str, Any]]:
        """Tasks in plan order ("9.2" before "13.3"), optionally of one group only."""
        query = sa.select(schema.tasks)
        if group is not None:
            query = query.where(schema.tasks.c.group_number == group)
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        return sorted(rows, key=lambda r: task_sort_key(r["code"]))

    def task_groups(self) -> list[dict[str, Any]]:
        """The task groups by number (without their tasks)."""
        query = sa.select(schema.task_groups).order_by(schema.task_groups.c.number)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def task(self, code: str) -> dict[str, Any] | None:
        """One task with its group under ``"group"``, or ``None`` when there is no such task."""
        tasks, groups = schema.tasks, schema.task_groups
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(tasks).where(tasks.c.code == code)).mappings().first()
            if row is None:
                return None
            group = (
                conn.execute(sa.select(groups).where(groups.c.number == row["group_number"]))
                .mappings()
                .one()
            )
        return {**row, "group": dict(group)}

    def targets(self) -> list[dict[str, Any]]:
        """The 2030 targets in document order."""
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(sa.select(schema.targets)).mappings()]
        return sorted(rows, key=lambda r: (r["section"], r["raw_line"], r["id"]))

    def task_texts(self) -> list[dict[str, Any]]:
        """Each task's ``code``, ``group_number``, ``text_vi`` and ``summary_en``, in plan order."""
        t = schema.tasks
        query = sa.select(t.c.code, t.c.group_number, t.c.text_vi, t.c.summary_en)
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(query).mappings()]
        return sorted(rows, key=lambda r: task_sort_key(r["code"]))
