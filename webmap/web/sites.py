"""Detail page of one site: attributes, status timeline, plan tasks, provenance, nearby."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from webmap.core.features import parse_int
from webmap.core.sites import get_site
from webmap.domain import Feature
from webmap.web import get_store
from webmap.web.i18n import CATALOGUE, translate

bp = Blueprint("sites", __name__)

#: Distances offered for "nearby" (metres); any value up to MAX_WITHIN is accepted.
WITHIN_CHOICES = (1_000, 5_000, 10_000, 25_000)
DEFAULT_WITHIN = 5_000
MAX_WITHIN = 50_000


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
    within = parse_int(request.args, "within", DEFAULT_WITHIN, MAX_WITHIN)
    site = get_site(get_store(), key, within_m=within)
    return render_template(
        "site.html",
        feature=site.feature,
        layer=site.layer,
        layers=site.layers,
        history=site.history,
        tasks=site.tasks,
        nearby=site.nearby,
        within=within,
        within_choices=sorted({*WITHIN_CHOICES, within}),
        map_link=_map_link(site.feature),
        field_label=field_label,
    )
