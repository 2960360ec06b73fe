"""Facet counts for the map's filter panel, and plan-task search.

Counts follow the usual faceted-search rule: each facet is counted with every
filter applied except its own, so the panel shows what choosing another value
would give. Layers of a *context* theme (administrative boundaries) are never
filtered: they stay on the map as reference, and so they are counted as such.
The capacity range applies to layers of the energy theme only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from webmap.core.features import parse_filter
from webmap.core.records import NO_STATUS, check_statuses, task_sort_key
from webmap.core.text import fold, search_terms
from webmap.errors import BadRequest
from webmap.store import Store
from webmap.store.schema import feature_tasks, features, layers, tasks
from webmap.store.store import current_status_subquery

#: Themes whose layers are reference context, never hidden by the filters.
CONTEXT_THEMES: tuple[str, ...] = ("boundaries",)
#: The theme the capacity range applies to, and the property it reads.
CAPACITY_THEME = "energy"
CAPACITY_FIELD = "capacity_mw"
_CODE = re.compile(r"\d+(\.\d+)*")


@dataclass
class FacetFilter:
    """The filters of the map panel (empty means no filter)."""

    layers: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    tasks: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    capacity_min: float | None = None
    capacity_max: float | None = None
    query: str = ""


@dataclass
class _Row:
    layer_id: str
    theme: str
    located: bool
    status: str
    district_code: str | None
    district_name: str | None
    today_unit: str | None
    capacity: float | None
    tasks: set[str] = field(default_factory=set)


def _number(args: Mapping[str, str], name: str) -> float | None:
    raw = args.get(name)
    if raw in (None, ""):
        return None
    try:
        value = float(str(raw))
    except ValueError as exc:
        raise BadRequest(f"{name} phải là số.", f"{name} must be a number.") from exc
    if not math.isfinite(value):
        raise BadRequest(f"{name} phải là số.", f"{name} must be a number.")
    return value


def parse_facet_filter(args: Mapping[str, str]) -> FacetFilter:
    """Build a :class:`FacetFilter` from the same query parameters as the features API.

    Adds ``capacity_min`` and ``capacity_max`` (MW).
    """
    flt = parse_filter(args)
    check_statuses(flt.statuses)
    return FacetFilter(
        layers=frozenset(flt.layers),
        statuses=frozenset(flt.statuses),
        tasks=frozenset(flt.tasks),
        districts=frozenset(flt.districts),
        capacity_min=_number(args, "capacity_min"),
        capacity_max=_number(args, "capacity_max"),
        query=flt.query,
    )


def _capacity(properties: Mapping[str, Any] | None) -> float | None:
    value = (properties or {}).get(CAPACITY_FIELD)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _load_rows(store: Store, query: str) -> list[_Row]:
    """Every feature's facet values (no geometry), narrowed by the text query only."""
    select = sa.select(
        features.c.key,
        features.c.layer_id,
        layers.c.theme,
        features.c.minx,
        current_status_subquery("status").label("status"),
        features.c.district_code,
        features.c.district_name,
        features.c.today_unit,
        features.c.properties,
    ).select_from(features.join(layers, layers.c.id == features.c.layer_id))
    terms = search_terms(query)
    if terms:
        select = select.where(store.backend.search_filter(terms))
    with store.engine.connect() as conn:
        rows = {
            r.key: _Row(
                layer_id=r.layer_id,
                theme=r.theme,
                located=r.minx is not None,
                status=r.status or NO_STATUS,
                district_code=r.district_code,
                district_name=r.district_name,
                today_unit=r.today_unit,
                capacity=_capacity(r.properties),
            )
            for r in conn.execute(select)
        }
        for key, code in conn.execute(
            sa.select(feature_tasks.c.feature_key, feature_tasks.c.task_code)
        ):
            if key in rows:
                rows[key].tasks.add(code)
    return list(rows.values())


def _capacity_ok(row: _Row, flt: FacetFilter) -> bool:
    if row.theme != CAPACITY_THEME or (flt.capacity_min is None and flt.capacity_max is None):
        return True
    if row.capacity is None:
        return False
    low = flt.capacity_min if flt.capacity_min is not None else -math.inf
    high = flt.capacity_max if flt.capacity_max is not None else math.inf
    return low <= row.capacity <= high


def _matches(row: _Row, flt: FacetFilter, skip: str = "") -> bool:
    """Whether ``row`` passes every filter except the facet named ``skip``."""
    if skip != "layer" and flt.layers and row.layer_id not in flt.layers:
        return False
    if row.theme in CONTEXT_THEMES:
        return True
    checks = {
        "status": not flt.statuses or row.status in flt.statuses,
        "task": not flt.tasks or bool(row.tasks & flt.tasks),
        "district": not flt.districts or row.district_code in flt.districts,
        "capacity": _capacity_ok(row, flt),
    }
    return all(ok for name, ok in checks.items() if name != skip)


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        out[value] = out.get(value, 0) + 1
    return dict(sorted(out.items()))


def _districts(rows: list[_Row]) -> list[dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.district_code is None:
            continue
        entry = found.setdefault(
            row.district_code,
            {"code": row.district_code, "name": row.district_name, "count": 0, "today": set()},
        )
        entry["count"] += 1
        if row.today_unit:
            entry["today"].add(row.today_unit)
    return [
        {**e, "today": sorted(e["today"])} for e in sorted(found.values(), key=lambda e: e["code"])
    ]


def facet_counts(store: Store, flt: FacetFilter) -> dict[str, Any]:
    """Counts per layer, status, task and district for the map panel.

    Returns:
        ``total`` (features passing every filter), ``located`` (of those, drawn
        on the map), ``layers`` ({id: {"count", "located"}}), ``statuses``,
        ``tasks`` ({code: count}) and ``districts`` ([{code, name, count, today}]),
        each facet counted without its own filter. Context layers are counted
        but never filtered.
    """
    rows = _load_rows(store, flt.query)
    matching = [r for r in rows if _matches(r, flt)]
    by_layer = [r for r in rows if _matches(r, flt, "layer")]
    filtered = [r for r in rows if r.theme not in CONTEXT_THEMES]
    layer_counts = {
        layer_id: {"count": n, "located": 0}
        for layer_id, n in _count(r.layer_id for r in by_layer).items()
    }
    for row in by_layer:
        layer_counts[row.layer_id]["located"] += int(row.located)
    return {
        "total": len(matching),
        "located": sum(r.located for r in matching),
        "layers": layer_counts,
        "statuses": _count(r.status for r in filtered if _matches(r, flt, "status")),
        "tasks": _count(c for r in filtered if _matches(r, flt, "task") for c in r.tasks),
        "districts": _districts([r for r in filtered if _matches(r, flt, "district")]),
    }


def search_tasks(store: Store, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Plan tasks matching ``query``: by code (``13``, ``13.3``) or by folded words of their text.

    A query made of digits and dots is a code: it matches that task and, for a
    group number, the group's tasks. Otherwise every folded term must start a
    word of the Vietnamese text or the English summary. The plan has fewer than
    a hundred tasks, so they are folded in Python.
    """
    needle = query.strip().rstrip(".")
    terms = search_terms(query)
    if not terms:
        return []
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(tasks.c.code, tasks.c.group_number, tasks.c.text_vi, tasks.c.summary_en)
        ).all()
    if _CODE.fullmatch(needle):
        found = [r for r in rows if r.code == needle or r.code.startswith(needle + ".")]
    else:
        found = [r for r in rows if _has_terms(f"{r.text_vi} {r.summary_en}", terms)]
    found.sort(key=lambda r: task_sort_key(r.code))
    return [
        {
            "code": r.code,
            "group": r.group_number,
            "text_vi": r.text_vi,
            "summary_en": r.summary_en,
        }
        for r in found[:limit]
    ]


def _has_terms(text: str, terms: list[str]) -> bool:
    words = fold(text).split()
    return all(any(w.startswith(t) for w in words) for t in terms)
