"""Layer services for the pages and the API."""

from __future__ import annotations

from datetime import UTC, datetime
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


def freshness(store: Store, layer_id: str) -> tuple[str, datetime] | None:
    """A token that changes whenever a layer's public answers may change, and when they last
    did: its current version and load time joined with the newest audit entry (staff status
    changes are audited but make no version). ``None`` for an unpublished layer."""
    state = store.layer_state(layer_id)
    if state is None:
        return None
    version, loaded_at, audit_id, audit_at = state
    modified = max(_utc(loaded_at), _utc(audit_at) if audit_at else _utc(loaded_at))
    token = f"{layer_id}|{version}|{_utc(loaded_at).isoformat()}|{audit_id}"
    return token, modified.replace(microsecond=0)


def _utc(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite gives it back without its offset)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
