"""The population raster: its layer JSON and the coloured PNG the map draws, on both backends."""

from __future__ import annotations

import io

import numpy as np
import pytest
import rasterio
from flask.testing import FlaskClient

from webmap.core.ingest import load_one, select_specs
from webmap.store import Store
from webmap.web import create_app


def _client(store: Store) -> FlaskClient:
    load_one(store, select_specs(["population"])[0])
    return create_app({"DATABASE_URL": store.url}).test_client()


def test_raster_layer_json(store: Store) -> None:
    layers = _client(store).get("/api/layers").get_json()["layers"]
    population = next(layer for layer in layers if layer["id"] == "population")
    raster = population["raster"]
    assert raster["image"] == "/api/layers/population/raster.png"
    assert raster["crs"] == "EPSG:4326"
    west, south, east, north = raster["bounds"]
    assert 105.1 < west < east < 106.0 and 8.9 < south < north < 9.8
    assert round(raster["min"]) == 49 and round(raster["max"]) == 19048
    assert all(layer["raster"] is None for layer in layers if layer["id"] != "population")


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_raster_png_has_transparent_nodata(store: Store) -> None:
    answer = _client(store).get("/api/layers/population/raster.png")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    with rasterio.MemoryFile(io.BytesIO(answer.data)) as memfile, memfile.open() as png:
        image = png.read()
    assert image.shape == (4, 98, 100)
    alpha = image[3]
    assert 0 < int((alpha == 255).sum()) < alpha.size  # valid cells opaque, nodata transparent
    assert int((alpha == 255).sum()) == 7869
    dense = np.unravel_index(np.argmax(np.where(alpha == 255, 255 - image[1], 0)), alpha.shape)
    assert image[0][dense] > image[1][dense]  # the densest cell is the darkest red


def test_vector_layer_has_no_raster(store: Store) -> None:
    client = _client(store)
    load_one(store, select_specs(["districts"])[0])
    answer = client.get("/api/layers/districts/raster.png?lang=en")
    assert answer.status_code == 404 and "not a raster" in answer.get_json()["message"]
