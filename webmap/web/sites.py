"""Detail page of one site: attributes, status timeline, plan tasks, provenance, nearby."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, request

from webmap.core.features import parse_int
from webmap.core.sites import get_site
from webmap.domain import Feature, Layer
from webmap.web import get_store
from webmap.web.formatting import attribute_rows, display_names
from webmap.web.i18n import current_language

bp = Blueprint("sites", __name__)

#: Distances offered for "nearby" (metres); any value up to MAX_WITHIN is accepted.
WITHIN_CHOICES = (1_000, 5_000, 10_000, 25_000)
DEFAULT_WITHIN = 5_000
MAX_WITHIN = 50_000


@dataclass
class PartGroup:
    """Nearby parts of one layer (turbines) shown as one row: how many, and the nearest."""

    layer: Layer
    count: int
    nearest_m: float


def _map_link(feature: Feature) -> str | None:
    """The map page centred on the site with its popup open."""
    if feature.geometry is None:
        return None
    centre = feature.geometry.representative_point()
    return f"/#map=14/{centre.y:.5f}/{centre.x:.5f}&open={feature.key}"


def split_nearby(
    found: list[Feature], layers: dict[str, Layer]
) -> tuple[list[Feature], list[PartGroup]]:
    """Projects and context one by one; parts (turbines) counted per layer, not listed."""
    listed: list[Feature] = []
    parts: dict[str, PartGroup] = {}
    for f in found:
        if f.role != "part":
            listed.append(f)
            continue
        distance = f.distance_m or 0.0
        group = parts.setdefault(f.layer_id, PartGroup(layers[f.layer_id], 0, distance))
        group.count += 1
        group.nearest_m = min(group.nearest_m, distance)
    return listed, list(parts.values())


@bp.get("/sites/<path:key>")
def site_page(key: str) -> str:
    """Everything known about one site; ``?within=`` metres for nearby features."""
    within = parse_int(request.args, "within", DEFAULT_WITHIN, MAX_WITHIN)
    site = get_site(get_store(), key, within_m=within)
    lang = current_language()
    name, name_in_source = display_names(site.feature, lang)
    nearby, nearby_parts = split_nearby(site.nearby, site.layers)
    return render_template(
        "site.html",
        feature=site.feature,
        name=name,
        name_in_source=name_in_source,
        layer=site.layer,
        layers=site.layers,
        attributes=attribute_rows(site.feature, site.layer, lang),
        parent=site.parent,
        history=site.history,
        tasks=site.tasks,
        nearby=nearby,
        nearby_parts=nearby_parts,
        within=within,
        within_choices=sorted({*WITHIN_CHOICES, within}),
        map_link=_map_link(site.feature),
    )
