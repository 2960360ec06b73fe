"""Layer services for the pages and the API."""

from __future__ import annotations

from webmap.domain import OSM_ATTRIBUTION, OSM_LICENCE, Layer


def provenance(layer: Layer) -> tuple[str, str]:
    """Attribution and licence of a layer, OpenStreetMap's added when an import put rows in it."""
    attribution, licence = layer.attribution, layer.licence
    if "osm" in layer.origins and "OpenStreetMap" not in attribution:
        attribution = f"{attribution}; {OSM_ATTRIBUTION}"
        licence = f"{licence}; {OSM_LICENCE}"
    return attribution, licence
