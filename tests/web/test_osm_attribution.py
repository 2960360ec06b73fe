"""OpenStreetMap features imported into a layer bring OSM's attribution and licence with them."""

from __future__ import annotations

from pathlib import Path

from webmap.core.ingest import import_osm_extract
from webmap.store import Store
from webmap.web import create_app

EXTRACT = Path(__file__).resolve().parents[1] / "data" / "synthetic_bac_lieu.osm"


def test_imported_layers_credit_openstreetmap(store: Store) -> None:
    client = create_app({"DATABASE_URL": store.url}).test_client()
    assert client.get("/api/layers").get_json()["layers"] == []
    import_osm_extract(store, EXTRACT)
    layers = client.get("/api/layers").get_json()["layers"]
    with_features = [layer for layer in layers if layer["feature_count"] > 0]
    assert with_features
    for layer in with_features:
        assert "OpenStreetMap" in layer["attribution"], layer["id"]
        assert "ODbL" in layer["licence"], layer["id"]
    empty = [layer for layer in layers if layer["feature_count"] == 0]
    for layer in empty:
        assert (
            layer["attribution"]
            == next(s for s in store.list_layers() if s.id == layer["id"]).attribution
        )
    feature = store.iter_features().__next__()
    assert feature.last_verified is not None and feature.last_verified.year >= 2024
