"""Layer services for the pages and the API."""

from __future__ import annotations

from typing import Any

from webmap.domain import OSM_ATTRIBUTION, OSM_LICENCE, Layer
from webmap.store import Store


def provenance(layer: Layer) -> tuple[str, str]:
    """Attribution and licence of a layer, OpenStreetMap's added when an import put rows in it."""
    attribution, licence = layer.attribution, layer.licence
    if "osm" in layer.origins and "OpenStreetMap" not in attribution:
        attribution = f"{attribution}; {OSM_ATTRIBUTION}"
        licence = f"{licence}; {OSM_LICENCE}"
    return attribution, licence


#: Fields of a layer version readers never see: who loaded it (an operating-system login
#: or a staff account) and the load's note (it can name the file loaded). The staff area
#: reads the full history from the store.
PRIVATE_VERSION_FIELDS = frozenset({"loaded_by", "note"})


def layer_with_versions(store: Store, layer_id: str) -> tuple[Layer, list[dict[str, Any]]]:
    """One layer and its publish history as readers see it, newest first.

    Raises :class:`NotFound` for no such layer.
    """
    versions = [
        {k: v for k, v in version.items() if k not in PRIVATE_VERSION_FIELDS}
        for version in store.layer_versions(layer_id)
    ]
    return store.get_layer(layer_id), versions
