"""Plan progress: dated task progress, group weights, target values and overrides, agencies.

Task progress, target values and target overrides are append-only histories: rows are only
ever inserted, and the current state is derived when read. Every write stores its audit
entry in the same transaction. Checking what an officer typed (numbers as written in
Vietnamese, dates within the plan period, who may report on which task) is
:mod:`webmap.core`'s job; the store only refuses data that cannot be right, with
:class:`~webmap.errors.BadRequest`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from webmap.domain.progress import ONTRACK_CATEGORIES, TARGET_KINDS, TASK_STATUSES
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store import schema
from webmap.store.common import as_date, now
from webmap.store.schema import target_overrides, targets, task_groups, task_progress, tasks, users
from webmap.store.users import UserStore

#: On-track categories an editor may set by hand ("" clears the override).
OVERRIDE_CATEGORIES = ONTRACK_CATEGORIES
#: Years the store accepts at all (the plan period is checked by core).
FIRST_YEAR, LAST_YEAR = 1900, 2100
#: Longest agency name.
MAX_AGENCY = 200

_PROGRESS_TEXTS = ("lead_agency", "results", "obstacles", "proposals")
_PROGRESS_FIELDS = frozenset(
    {"task_code", "period_year", "status", "percent", "partner_agencies", "evidence"}
    | {"effective_date", *_PROGRESS_TEXTS}
)
_VALUE_FIELDS = frozenset({"target_id", "kind", "value", "year", "observed_date", "source", "note"})


# -- checks ------------------------------------------------------------------------------------


def _bad(field: str, vi: str, en: str) -> BadRequest:
    return BadRequest(f"Trường {field}: {vi}", f"Field {field}: {en}", field=field)


def _check_fields(entry: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(str(name) for name in entry if name not in allowed)
    if unknown:
        names = ", ".join(unknown)
        raise BadRequest(f"Trường không biết: {names}.", f"Unknown fields: {names}.")


def check_year(value: Any, field: str = "year") -> int:
    """``value`` if it is a whole year the store can hold, else :class:`BadRequest`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(field, "năm phải là số nguyên.", "the year must be a whole number.")
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise _bad(
            field,
            f"năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.",
            f"the year must be between {FIRST_YEAR} and {LAST_YEAR}.",
        )
    return value


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _bad(field, "phải là một số.", "must be a number.")
    return float(value)


def _percent(value: Any) -> float | None:
    if value is None:
        return None
    percent = _number(value, "percent")
    if not 0 <= percent <= 100:
        raise _bad("percent", "phải từ 0 đến 100.", "must be between 0 and 100.")
    return percent


def _date(value: Any, field: str, *, required: bool) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(field, "phải là một ngày (YYYY-MM-DD).", "must be a date (YYYY-MM-DD).")


def _text(entry: Mapping[str, Any], field: str, *, required: bool = False) -> str:
    value = entry.get(field, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _bad(field, "phải là văn bản.", "must be text.")
    if required and not value.strip():
        raise _bad(field, "không được để trống.", "must not be empty.")
    return value.strip() if required else value


def _names(value: Any, field: str) -> list[str]:
    """A list of distinct non-empty names (agencies), in the order given."""
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise _bad(field, "phải là một danh sách tên.", "must be a list of names.")
    names: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or len(item.strip()) > MAX_AGENCY:
            raise _bad(
                field,
                f"mỗi tên phải có từ 1 đến {MAX_AGENCY} ký tự.",
                f"each name must have 1 to {MAX_AGENCY} characters.",
            )
        if item.strip() not in names:
            names.append(item.strip())
    return names


_FILE_EVIDENCE = frozenset({"label", "file", "sha256", "size"})


def _evidence_item(item: Any) -> dict[str, Any] | None:
    """A link ``{label, url}`` or a kept file ``{label, file, sha256, size}``; else None."""
    if not isinstance(item, Mapping):
        return None
    if set(item) <= {"label", "url"}:
        if all(isinstance(item.get(k, ""), str) for k in ("label", "url")):
            return {"label": item.get("label", ""), "url": item.get("url", "")}
        return None
    if set(item) != _FILE_EVIDENCE:
        return None
    size = item["size"]
    texts = all(isinstance(item[k], str) for k in ("label", "file", "sha256"))
    if texts and type(size) is int and size >= 0:
        return {k: item[k] for k in ("label", "file", "sha256", "size")}
    return None


def _evidence(value: Any) -> list[dict[str, Any]]:
    """Evidence as a list of links ``{"label", "url"}`` and kept files
    ``{"label", "file", "sha256", "size"}``."""
    if value is None:
        return []
    bad = _bad("evidence", "phải là danh sách {label, url}.", "must be a list of {label, url}.")
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise bad
    items = [_evidence_item(item) for item in value]
    if any(item is None for item in items):
        raise bad
    return [item for item in items if item is not None]


def _status(value: Any) -> str:
    if value not in TASK_STATUSES:
        raise _bad(
            "status",
            f"trạng thái {str(value)[:40]!r} không có; dùng {', '.join(TASK_STATUSES)}.",
            f"unknown status {str(value)[:40]!r}; use {', '.join(TASK_STATUSES)}.",
        )
    return str(value)


def insert_row(conn: Connection, table: sa.Table, row: Mapping[str, Any]) -> int:
    """Insert ``row`` into ``table`` on ``conn`` and return its new id."""
    key = conn.execute(table.insert().values(**row)).inserted_primary_key
    assert key is not None
    return int(key[0])


def aware(moment: Any) -> Any:
    """``moment`` with its UTC offset (SQLite hands stored UTC times back without it)."""
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


# -- rows --------------------------------------------------------------------------------------


def progress_row(entry: Mapping[str, Any], actor: str) -> dict[str, Any]:
    """The ``task_progress`` row of ``entry``, or :class:`BadRequest` for impossible data."""
    _check_fields(entry, _PROGRESS_FIELDS)
    return {
        "task_code": _text(entry, "task_code", required=True),
        "period_year": check_year(entry.get("period_year"), "period_year"),
        "status": _status(entry.get("status")),
        "percent": _percent(entry.get("percent")),
        "partner_agencies": _names(entry.get("partner_agencies"), "partner_agencies"),
        "evidence": _evidence(entry.get("evidence")),
        "effective_date": _date(entry.get("effective_date"), "effective_date", required=True),
        **{name: _text(entry, name) for name in _PROGRESS_TEXTS},
        "recorded_by": actor,
        "recorded_at": now(),
    }


def value_row(row: Mapping[str, Any], actor: str) -> dict[str, Any]:
    """The ``target_values`` row of ``row``, or :class:`BadRequest` for impossible data."""
    _check_fields(row, _VALUE_FIELDS)
    kind = row.get("kind")
    if kind not in TARGET_KINDS:
        raise _bad(
            "kind",
            f"loại giá trị {str(kind)[:40]!r} không có; dùng baseline hoặc measured.",
            f"unknown kind {str(kind)[:40]!r}; use baseline or measured.",
        )
    return {
        "target_id": _text(row, "target_id", required=True),
        "kind": kind,
        "value": _number(row.get("value"), "value"),
        "year": check_year(row.get("year")),
        "observed_date": _date(row.get("observed_date"), "observed_date", required=False),
        "source": _text(row, "source"),
        "note": _text(row, "note"),
        "recorded_by": actor,
        "recorded_at": now(),
    }


def _weights(weights: Mapping[str, Any]) -> dict[str, float]:
    checked = {}
    for code, weight in weights.items():
        value = _number(weight, f"weight {code}")
        if value < 0:
            raise _bad(f"weight {code}", "không được âm.", "must not be negative.")
        checked[str(code)] = value
    if checked and not sum(checked.values()) > 0:
        raise _bad(
            "weights", "tổng trọng số phải lớn hơn 0.", "the weights must add up to more than 0."
        )
    return checked


def _out(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A stored row as a plain dict: dates as dates, times with their UTC offset."""
    found = dict(row)
    for name in ("effective_date", "observed_date"):
        if name in found:
            found[name] = as_date(found[name])
    if "recorded_at" in found:
        found["recorded_at"] = aware(found["recorded_at"])
    return found


def _latest(
    table: sa.Table, key: str, order: Sequence[str], *where: sa.ColumnElement[bool]
) -> sa.Select[Any]:
    """Each ``key``'s newest row of ``table`` (by ``order``, descending) among ``where``."""
    rank = sa.func.row_number().over(
        partition_by=table.c[key], order_by=[table.c[name].desc() for name in order]
    )
    sub = sa.select(table, rank.label("rank")).where(*where).subquery()
    return sa.select(*(sub.c[column.name] for column in table.c)).where(sub.c.rank == 1)


# -- existence ---------------------------------------------------------------------------------


def _existing_targets(conn: Connection, ids: Iterable[str]) -> set[str]:
    wanted = sorted(set(ids))
    query = sa.select(targets.c.id).where(targets.c.id.in_(wanted))
    return set(conn.execute(query).scalars())


def _require_target(conn: Connection, target_id: str) -> None:
    if not _existing_targets(conn, [target_id]):
        raise NotFound(f"Không có chỉ tiêu {target_id!r}.", f"No target {target_id!r}.")


def _require_task(conn: Connection, code: str) -> None:
    if conn.execute(sa.select(tasks.c.code).where(tasks.c.code == code)).first() is None:
        raise NotFound(f"Không có nhiệm vụ {code!r}.", f"No task {code!r}.")


def _group_tasks(conn: Connection, group: int) -> set[str]:
    found = conn.execute(sa.select(task_groups.c.number).where(task_groups.c.number == group))
    if found.first() is None:
        raise NotFound(f"Không có nhóm nhiệm vụ {group}.", f"No task group {group}.")
    query = sa.select(tasks.c.code).where(tasks.c.group_number == group)
    return set(conn.execute(query).scalars())


def _duplicate_period(target_id: str, year: int) -> Conflict:
    return Conflict(
        f"Chỉ tiêu {target_id} đã có giá trị đo cho năm {year}; mỗi năm chỉ một giá trị.",
        f"Target {target_id} already has a measured value for {year}; one value per year.",
        target=target_id,
        year=year,
    )


def _check_values(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """NotFound for an unknown target; Conflict for a measured year stored or given twice."""
    ids = {row["target_id"] for row in rows}
    missing = sorted(ids - _existing_targets(conn, ids))
    if missing:
        names = ", ".join(missing)
        raise NotFound(f"Không có chỉ tiêu: {names}.", f"No such target: {names}.")
    tv = schema.target_values.c
    query = sa.select(tv.target_id, tv.year).where(tv.kind == "measured", tv.target_id.in_(ids))
    taken = {(t, y) for t, y in conn.execute(query)}
    for row in rows:
        if row["kind"] != "measured":
            continue
        period = (row["target_id"], row["year"])
        if period in taken:
            raise _duplicate_period(*period)
        taken.add(period)


# -- the store part ----------------------------------------------------------------------------


class ProgressStore(UserStore):
    """Task progress, group weights, target values and overrides, editors' agencies."""

    # Task progress ------------------------------------------------------------------------

    def add_task_progress(self, entry: Mapping[str, Any], *, actor: str) -> int:
        """Append a progress entry of a task; returns its id (audit ``progress.add``).

        ``entry`` holds ``task_code``, ``period_year``, ``status`` (one of
        :data:`TASK_STATUSES`), ``effective_date`` (a date or ISO text) and optionally
        ``percent`` (0..100 or None), ``lead_agency``, ``partner_agencies`` (names),
        ``results``, ``obstacles``, ``proposals``, ``evidence`` ([{label, url}] links and
        [{label, file, sha256, size}] kept files).

        Raises:
            BadRequest: for an unknown field or status, a percent outside 0..100, a value
                of the wrong type.
            NotFound: for a task code the plan does not have.
        """
        row = progress_row(entry, actor)
        with self.backend.write_transaction(self.engine) as conn:
            _require_task(conn, row["task_code"])
            new_id = insert_row(conn, task_progress, row)
            detail = {
                "id": new_id,
                "period_year": row["period_year"],
                "status": row["status"],
                "percent": row["percent"],
                "effective_date": row["effective_date"].isoformat(),
                "lead_agency": row["lead_agency"],
            }
            self.audit(conn, actor, "progress.add", "task", row["task_code"], detail)
        return new_id

    def task_progress_history(self, code: str) -> list[dict[str, Any]]:
        """Every progress entry of task ``code``, oldest first (the last one is current)."""
        c = task_progress.c
        query = (
            sa.select(task_progress)
            .where(c.task_code == code)
            .order_by(c.effective_date, c.recorded_at, c.id)
        )
        with self.engine.connect() as conn:
            return [_out(row) for row in conn.execute(query).mappings()]

    def current_task_progress(self, year: int | None = None) -> dict[str, dict[str, Any]]:
        """Task code → its latest entry by (effective_date, recorded_at, id).

        With ``year``, only entries of that reporting period count (a task without one is
        absent). Tasks without any entry are absent.
        """
        where = [] if year is None else [task_progress.c.period_year == year]
        order = ("effective_date", "recorded_at", "id")
        query = _latest(task_progress, "task_code", order, *where)
        with self.engine.connect() as conn:
            return {row["task_code"]: _out(row) for row in conn.execute(query).mappings()}

    # Group weights ------------------------------------------------------------------------

    def group_weights(self, group: int) -> dict[str, float]:
        """Task code → weight in ``group``'s roll-up; ``{}`` means equal weights."""
        gw = schema.group_weights.c
        query = sa.select(gw.task_code, gw.weight).where(gw.group_number == group)
        with self.engine.connect() as conn:
            return {code: float(weight) for code, weight in conn.execute(query)}

    def set_group_weights(self, group: int, weights: Mapping[str, float], *, actor: str) -> None:
        """Replace ``group``'s weights (``{}``: equal weights again); audit ``weights.set``.

        Tasks of the group that ``weights`` does not name have no stored weight; how
        the roll-up counts them is core's rule. Setting the weights already stored
        writes nothing.

        Raises:
            NotFound: for a group the plan does not have.
            BadRequest: for a task of another group, a negative or non-numeric weight, or
                weights that add up to 0.
        """
        checked = _weights(weights)
        with self.backend.write_transaction(self.engine) as conn:
            stray = sorted(set(checked) - _group_tasks(conn, group))
            if stray:
                names = ", ".join(stray)
                raise BadRequest(
                    f"Nhiệm vụ không thuộc nhóm {group}: {names}.",
                    f"Tasks not in group {group}: {names}.",
                )
            gw = schema.group_weights.c
            before = dict(
                conn.execute(
                    sa.select(gw.task_code, gw.weight).where(gw.group_number == group)
                ).all()
            )
            if before == checked:
                return
            conn.execute(schema.group_weights.delete().where(gw.group_number == group))
            if checked:
                rows = [
                    {"group_number": group, "task_code": c, "weight": w} for c, w in checked.items()
                ]
                conn.execute(schema.group_weights.insert(), rows)
            detail = {"before": before, "after": checked}
            self.audit(conn, actor, "weights.set", "task_group", str(group), detail)

    # Target values ------------------------------------------------------------------------

    def add_target_values(self, rows: Sequence[Mapping[str, Any]], *, actor: str) -> None:
        """Store target values, all of them or none, each with audit ``target.value``.

        Each row: ``target_id``, ``kind`` (baseline or measured), ``value``, ``year`` and
        optionally ``observed_date``, ``source``, ``note``.

        Raises:
            BadRequest: for an unknown field or kind, a value that is not a number.
            NotFound: for a target the plan does not have.
            Conflict: for a measured value of a (target, year) stored or given twice.
        """
        checked = [value_row(row, actor) for row in rows]
        if not checked:
            return
        try:
            with self.locked("target_values", "Giá trị chỉ tiêu", "Target values") as conn:
                _check_values(conn, checked)
                for row in checked:
                    new_id = insert_row(conn, schema.target_values, row)
                    self.audit(
                        conn,
                        actor,
                        "target.value",
                        "target",
                        row["target_id"],
                        _value_detail(new_id, row),
                    )
        except sa.exc.IntegrityError as exc:  # a concurrent writer took the period first
            raise Conflict(
                "Một giá trị đo cho cùng chỉ tiêu và năm vừa được lưu; hãy tải lại.",
                "A measured value for the same target and year was just stored; reload.",
            ) from exc

    def target_values(self, target_id: str) -> list[dict[str, Any]]:
        """Every value of ``target_id`` by year, then in recording order.

        The current baseline is the baseline row with the highest id (the latest
        recorded); the measured series is the measured rows in this order (one a year).
        An unknown target has no values.
        """
        tv = schema.target_values.c
        query = (
            sa.select(schema.target_values)
            .where(tv.target_id == target_id)
            .order_by(tv.year, tv.id)
        )
        with self.engine.connect() as conn:
            return [_out(row) for row in conn.execute(query).mappings()]

    def all_target_values(self) -> dict[str, list[dict[str, Any]]]:
        """Target id → its values as :meth:`target_values` orders them; every target is a key."""
        tv = schema.target_values.c
        with self.engine.connect() as conn:
            found: dict[str, list[dict[str, Any]]] = {
                tid: [] for tid in conn.execute(sa.select(targets.c.id)).scalars()
            }
            query = sa.select(schema.target_values).order_by(tv.target_id, tv.year, tv.id)
            for row in conn.execute(query).mappings():
                found.setdefault(row["target_id"], []).append(_out(row))
        return found

    # Overrides ----------------------------------------------------------------------------

    def add_target_override(
        self, target_id: str, category: str, reason: str, *, actor: str
    ) -> None:
        """Set (or with ``category=""`` clear) a target's on-track category by hand.

        Appends a row (the latest wins) with audit ``target.override``
        {category, reason, previous}.

        Raises:
            BadRequest: for an unknown category or an empty reason.
            NotFound: for a target the plan does not have.
        """
        if category != "" and category not in OVERRIDE_CATEGORIES:
            raise _bad(
                "category",
                f"loại {str(category)[:40]!r} không có.",
                f"unknown category {str(category)[:40]!r}.",
            )
        if not isinstance(reason, str) or not reason.strip():
            raise _bad("reason", "cần ghi lý do.", "a reason is required.")
        row = {
            "target_id": target_id,
            "category": category,
            "reason": reason.strip(),
            "recorded_by": actor,
            "recorded_at": now(),
        }
        with self.backend.write_transaction(self.engine) as conn:
            _require_target(conn, target_id)
            previous = _current_override(conn, target_id)
            conn.execute(target_overrides.insert().values(**row))
            detail = {"category": category, "reason": row["reason"], "previous": previous}
            self.audit(conn, actor, "target.override", "target", target_id, detail)

    def current_overrides(self) -> dict[str, dict[str, Any]]:
        """Target id → its override in force (latest row; targets cleared or never set absent)."""
        query = _latest(target_overrides, "target_id", ("recorded_at", "id"))
        with self.engine.connect() as conn:
            rows = [_out(row) for row in conn.execute(query).mappings()]
        return {row["target_id"]: row for row in rows if row["category"]}

    # Agencies -----------------------------------------------------------------------------

    def user_agencies(self, username: str) -> list[str]:
        """The agencies ``username`` reports for, sorted; ``[]`` means every task."""
        ua = schema.user_agencies.c
        query = sa.select(ua.agency).where(ua.username == username).order_by(ua.agency)
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def set_user_agencies(self, username: str, agencies: Sequence[str], *, actor: str) -> None:
        """Limit ``username`` to the tasks of ``agencies`` (``[]``: no limit).

        Audit ``agencies.set`` {before, after}; setting the agencies already stored writes
        nothing.

        Raises:
            NotFound: for an unknown user.
            BadRequest: for an empty or over-long agency name.
        """
        after = sorted(_names(agencies, "agencies"))
        ua = schema.user_agencies.c
        with self.backend.write_transaction(self.engine) as conn:
            if (
                conn.execute(sa.select(users.c.id).where(users.c.username == username)).first()
                is None
            ):
                raise NotFound(f"Không có tài khoản {username}.", f"No user {username}.")
            query = sa.select(ua.agency).where(ua.username == username).order_by(ua.agency)
            before = list(conn.execute(query).scalars())
            if before == after:
                return
            conn.execute(schema.user_agencies.delete().where(ua.username == username))
            if after:
                conn.execute(
                    schema.user_agencies.insert(),
                    [{"username": username, "agency": a} for a in after],
                )
            self.audit(
                conn, actor, "agencies.set", "user", username, {"before": before, "after": after}
            )


def _value_detail(new_id: int, row: Mapping[str, Any]) -> dict[str, Any]:
    observed = row["observed_date"]
    return {
        "id": new_id,
        "kind": row["kind"],
        "year": row["year"],
        "value": row["value"],
        "observed_date": None if observed is None else observed.isoformat(),
        "source": row["source"],
    }


def _current_override(conn: Connection, target_id: str) -> str | None:
    """The category in force for ``target_id`` (None when never set or cleared)."""
    c = target_overrides.c
    query = (
        sa.select(c.category)
        .where(c.target_id == target_id)
        .order_by(c.recorded_at.desc(), c.id.desc())
        .limit(1)
    )
    category = conn.execute(query).scalar_one_or_none()
    return category or None
