"""Raster layers on the map: a coloured PNG of the grid, drawn by the browser over its bounds."""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning
from rasterio.io import MemoryFile

from webmap.domain import Layer
from webmap.errors import NotFound


def raster_path(layer: Layer, data_path: Path) -> Path:
    """The GeoTIFF of a raster layer, kept under ``data_path`` when the layer was loaded."""
    if layer.raster is None:
        raise NotFound(
            f"Lớp {layer.id} không phải lớp raster.", f"Layer {layer.id} is not a raster."
        )
    path = data_path / layer.raster.file
    if not path.is_file():
        name = Path(layer.raster.file).name
        raise NotFound(
            f"Không tìm thấy tệp raster {name} của lớp {layer.id}: hãy nạp lại lớp.",
            f"The raster file {name} of layer {layer.id} is missing: load the layer again.",
        )
    return path


def _hex_rgb(colour: str) -> np.ndarray:
    colour = colour.lstrip("#")
    return np.array([int(colour[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def render_png(path: Path, low_colour: str, high_colour: str) -> bytes:
    """Colour a single-band grid on a log scale from ``low_colour`` to ``high_colour``.

    Nodata cells are transparent. Cached per file and modification time.
    """
    return _render(str(path), path.stat().st_mtime_ns, low_colour, high_colour)


@functools.lru_cache(maxsize=16)
def _render(path: str, _mtime: int, low_colour: str, high_colour: str) -> bytes:
    with rasterio.open(path) as src:
        band = src.read(1, masked=True).astype(float)
    valid = ~np.ma.getmaskarray(band) & np.isfinite(band.filled(np.nan))
    positive = band.filled(0.0)[valid]
    floor = positive[positive > 0].min() if (positive > 0).any() else 1.0
    # Log scale; zero and negative cells take the lowest colour, only nodata is transparent.
    values = np.log10(np.where(valid, np.maximum(band.filled(floor), floor), floor))
    lo, hi = (values[valid].min(), values[valid].max()) if valid.any() else (0.0, 1.0)
    t = np.clip((values - lo) / ((hi - lo) or 1.0), 0.0, 1.0)
    low, high = _hex_rgb(low_colour), _hex_rgb(high_colour)
    rgb = low[:, None, None] + (high - low)[:, None, None] * t[None, :, :]
    alpha = np.where(valid, 255, 0)[None, :, :]
    image = np.concatenate([rgb, alpha]).round().astype("uint8")
    with warnings.catch_warnings(), MemoryFile() as memfile:
        # A PNG for the browser carries no georeference: the bounds travel in the layer JSON.
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with memfile.open(
            driver="PNG", width=image.shape[2], height=image.shape[1], count=4, dtype="uint8"
        ) as dst:
            dst.write(image)
        return bytes(memfile.read())
