"""Sites: everything known about one place, and what lies near it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webmap.core import plan as plan_core
from webmap.domain import CONTEXT_THEMES, SERVICE_AREA, Feature, Layer
from webmap.errors import NotFound
from webmap.store import Store

#: How many neighbours a site page lists at most.
NEARBY_COUNT = 20
#: Extra candidates fetched so that dropping service areas and own parts still fills the list.
_SKIPPED_AT_MOST = 80


@dataclass
class Site:
    """A site with its layer, status history, plan tasks and neighbours."""

    feature: Feature
    layer: Layer
    layers: dict[str, Layer]
    history: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    nearby: list[Feature]
    parent: Feature | None = None  # the project a part belongs to


def nearby(
    store: Store, feature: Feature, within_m: int, layers: list[Layer] | None = None
) -> list[Feature]:
    """Located features within ``within_m`` metres of the site's representative point.

    Service areas (the districts a site serves) are not places: they have no
    neighbours and are nobody's neighbour. Parts and context count as neighbours
    only through their project's layer being listed, so a farm's own turbines are
    not listed beside it.
    """
    if feature.geometry is None or feature.precision == SERVICE_AREA:
        return []
    centre = feature.geometry.representative_point()
    # Boundaries contain every site: they are context, not neighbours.
    listed = store.list_layers() if layers is None else layers
    neighbours = [layer.id for layer in listed if layer.theme not in CONTEXT_THEMES]
    if not neighbours:
        return []
    found = store.nearest(
        centre.x,
        centre.y,
        count=NEARBY_COUNT + _SKIPPED_AT_MOST,
        max_distance_m=within_m,
        exclude_key=feature.key,
        layers=neighbours,
    )
    kept = [
        f
        for f in found
        if f.precision != SERVICE_AREA and f.role != "context" and f.parent_key != feature.key
    ]
    return kept[:NEARBY_COUNT]


def site_tasks(store: Store, codes: list[str]) -> list[dict[str, Any]]:
    """The site's plan tasks with their text; a code alone when the plan is not loaded."""
    out = []
    for code in codes:
        try:
            out.append(plan_core.get_task(store, code))
        except NotFound:
            out.append({"code": code, "text_vi": "", "summary_en": ""})
    return out


def get_site(store: Store, key: str, *, within_m: int) -> Site:
    """One site by key, or :class:`NotFound`."""
    feature = store.get_feature(key)
    layers = {layer.id: layer for layer in store.list_layers()}
    return Site(
        feature=feature,
        layer=layers[feature.layer_id],
        layers=layers,
        history=store.status_history(key),
        tasks=site_tasks(store, feature.tasks),
        nearby=nearby(store, feature, within_m, list(layers.values())),
        parent=_parent(store, feature),
    )


def _parent(store: Store, feature: Feature) -> Feature | None:
    """The project a part belongs to, when it is known and published."""
    if not feature.parent_key:
        return None
    try:
        return store.get_feature(feature.parent_key)
    except NotFound:
        return None


def history_json(store: Store, key: str) -> list[dict[str, Any]]:
    """A site's status history, oldest first, JSON-ready (who recorded it: staff area only)."""
    return [
        {
            "status": e["status"],
            "effective_date": e["effective_date"].isoformat(),
            "date_precision": e["date_precision"],
            "note": e["note"],
            "source": e["source"],
            "recorded_at": e["recorded_at"].isoformat(),
        }
        for e in store.status_history(key)
    ]
