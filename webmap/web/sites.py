"""Detail page of one site: attributes, status timeline, plan tasks, provenance, nearby."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from webmap.core import plan as plan_core
from webmap.core.features import parse_int
from webmap.domain import CONTEXT_THEMES, Feature
from webmap.errors import NotFound
from webmap.store import Store
from webmap.web import get_store
from webmap.web.i18n import CATALOGUE, translate

bp = Blueprint("sites", __name__)

#: Distances offered for "nearby" (metres); any value up to MAX_WITHIN is accepted.
WITHIN_CHOICES = (1_000, 5_000, 10_000, 25_000)
DEFAULT_WITHIN = 5_000
MAX_WITHIN = 50_000
NEARBY_COUNT = 20


def _nearby(store: Store, feature: Feature, within: int) -> list[Feature]:
    """Located features within ``within`` metres of the site's representative point."""
    if feature.geometry is None:
        return []
    centre = feature.geometry.representative_point()
    # Boundaries contain every site: they are context, not neighbours.
    neighbours = [layer.id for layer in store.list_layers() if layer.theme not in CONTEXT_THEMES]
    if not neighbours:
        return []
    return store.nearest(
        centre.x,
        centre.y,
        count=NEARBY_COUNT,
        max_distance_m=within,
        exclude_key=feature.key,
        layers=neighbours,
    )


def _tasks(store: Store, codes: list[str]) -> list[dict[str, Any]]:
    """The site's plan tasks with their text; a code alone when the plan is not loaded."""
    out = []
    for code in codes:
        try:
            out.append(plan_core.get_task(store, code))
        except NotFound:
            out.append({"code": code, "text_vi": "", "summary_en": ""})
    return out


def field_label(name: str) -> str:
    """The catalogue label of a property (``field_<name>``), else the property's own name."""
    key = f"field_{name}"
    return translate(key) if key in CATALOGUE else name


def _map_link(feature: Feature) -> str | None:
    """The map page centred on the site with its popup open."""
    if feature.geometry is None:
        return None
    centre = feature.geometry.representative_point()
    return f"/#map=14/{centre.y:.5f}/{centre.x:.5f}&open={feature.key}"


@bp.get("/sites/<path:key>")
def site_page(key: str) -> str:
    """Everything known about one site; ``?within=`` metres for nearby features."""
    store = get_store()
    feature = store.get_feature(key)
    within = parse_int(request.args, "within", DEFAULT_WITHIN, MAX_WITHIN)
    layers = {layer.id: layer for layer in store.list_layers()}
    return render_template(
        "site.html",
        feature=feature,
        layer=layers[feature.layer_id],
        layers=layers,
        history=store.status_history(key),
        tasks=_tasks(store, feature.tasks),
        nearby=_nearby(store, feature, within),
        within=within,
        within_choices=sorted({*WITHIN_CHOICES, within}),
        map_link=_map_link(feature),
        field_label=field_label,
    )
