"""Facet counts for the map's filter panel, and plan-task search.

Counts follow the usual faceted-search rule: each facet is counted with every
filter applied except its own, so the panel shows what choosing another value
would give. Layers of a *context* theme (administrative boundaries) are never
filtered: they stay on the map as reference, and so they are counted as such.
The capacity range applies to layers of the energy theme only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from webmap.core.features import parse_filter
from webmap.domain import (
    CAPACITY_THEME,
    CONTEXT_THEMES,
    fold,
    is_task_code,
    search_terms,
    task_sort_key,
)
from webmap.errors import BadRequest
from webmap.store import Store, check_statuses
from webmap.store.facets import FacetRow


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


def _capacity_ok(row: FacetRow, flt: FacetFilter) -> bool:
    if row.theme != CAPACITY_THEME or (flt.capacity_min is None and flt.capacity_max is None):
        return True
    if row.capacity is None:
        return False
    low = flt.capacity_min if flt.capacity_min is not None else -math.inf
    high = flt.capacity_max if flt.capacity_max is not None else math.inf
    return low <= row.capacity <= high


def _matches(row: FacetRow, flt: FacetFilter, skip: str = "") -> bool:
    """Whether ``row`` passes every filter except the facet named ``skip``."""
    if skip != "layer" and flt.layers and row.layer_id not in flt.layers:
        return False
    if row.theme in CONTEXT_THEMES:
        return True
    checks = {
        "status": not flt.statuses or row.status in flt.statuses,
        "task": not flt.tasks or bool(row.tasks & flt.tasks),
        "district": not flt.districts or bool(row.districts & flt.districts),
        "capacity": _capacity_ok(row, flt),
    }
    return all(ok for name, ok in checks.items() if name != skip)


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value in values:
        out[value] = out.get(value, 0) + 1
    return dict(sorted(out.items()))


def _districts(rows: list[FacetRow], names: dict[str, str]) -> list[dict[str, Any]]:
    """Projects per district; a project serving several districts counts in each."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        for code in row.districts:
            entry = found.setdefault(
                code, {"code": code, "name": names.get(code), "count": 0, "today": set()}
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
        ``total`` (projects passing every filter), ``located`` (of those, drawn
        on the map), ``parts`` (parts of those projects passing the filters, such as
        turbines), ``layers`` ({id: {"count", "located"}}: the features of the layer's
        own role, so a farm across the border is not counted), ``statuses``, ``tasks``
        ({code: count}) and ``districts`` ([{code, name, count, today}]), each facet
        counting projects without its own filter. Context is listed by layer but never
        counted as a match.
    """
    rows = store.facet_rows(search_terms(flt.query))
    projects = [r for r in rows if r.role == "project"]
    matching = [r for r in projects if _matches(r, flt)]
    by_layer = [r for r in rows if _matches(r, flt, "layer")]
    filtered = [r for r in projects if r.theme not in CONTEXT_THEMES]
    names = {r.district_code: r.district_name for r in rows if r.district_code and r.district_name}
    # A layer counts what it is about: a project layer its projects (not the phases listed
    # on their own, not the farm across the border), a part layer its parts in Bạc Liêu.
    roles = {layer.id: layer.role for layer in store.list_layers()}
    own = [r for r in by_layer if r.role == roles.get(r.layer_id, r.role)]
    layer_counts = {
        layer_id: {"count": n, "located": 0}
        for layer_id, n in _count(r.layer_id for r in own).items()
    }
    for row in own:
        layer_counts[row.layer_id]["located"] += int(row.located)
    return {
        "total": len(matching),
        "located": sum(r.located for r in matching),
        "parts": sum(1 for r in rows if r.role == "part" and _matches(r, flt)),
        "layers": layer_counts,
        "statuses": _count(r.status for r in filtered if _matches(r, flt, "status")),
        "tasks": _count(c for r in filtered if _matches(r, flt, "task") for c in r.tasks),
        "districts": _districts([r for r in filtered if _matches(r, flt, "district")], names),
    }


def search_tasks(store: Store, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Plan tasks matching ``query``: by code (``13``, ``13.3``) or by folded words of their text.

    A query made of digits and dots is a code: it matches that task and, for a
    group number, the group's tasks, in plan order. Otherwise every folded term must
    start a word of the Vietnamese text or the English summary, and tasks are ranked
    by their words: the query as a phrase first, then more matching words, earlier
    in the summary and text. The plan has fewer than a hundred tasks, so they are
    folded in Python.
    """
    needle = query.strip().rstrip(".")
    terms = search_terms(query)
    if not terms:
        return []
    rows = store.task_texts()
    if _is_code_query(needle):
        found = [r for r in rows if r["code"] == needle or r["code"].startswith(needle + ".")]
        found.sort(key=lambda r: task_sort_key(r["code"]))
    else:
        phrase = " ".join(terms)

        def rank(r: dict[str, Any]) -> tuple[bool, int, int, tuple[int, ...]]:
            """The whole query as a phrase first, then more words matched, earlier."""
            text = fold(f"{r['summary_en']} {r['text_vi']}")
            words = text.split()
            hits = [i for i, w in enumerate(words) if any(w.startswith(t) for t in terms)]
            first = hits[0] if hits else len(words)
            return (phrase not in text, -len(hits), first, task_sort_key(r["code"]))

        found = [r for r in rows if _has_terms(f"{r['text_vi']} {r['summary_en']}", terms)]
        found.sort(key=rank)
    return [
        {
            "code": r["code"],
            "group": r["group_number"],
            "text_vi": r["text_vi"],
            "summary_en": r["summary_en"],
        }
        for r in found[:limit]
    ]


def _is_code_query(needle: str) -> bool:
    """Whether ``needle`` names tasks by code: a group number ("13") or a task code ("13.3").

    Any other run of digits and dots ("1.2.3", "013.1") is read as a code too, so it
    matches no task rather than words of the text.
    """
    if needle.isdecimal() or is_task_code(needle):
        return True
    return all(part.isdecimal() for part in needle.split("."))


def _has_terms(text: str, terms: list[str]) -> bool:
    words = fold(text).split()
    return all(any(w.startswith(t) for w in words) for t in terms)
