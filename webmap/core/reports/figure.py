"""The report's map figure: the province, its districts and the plan's projects by status.

:func:`map_data` takes what the figure needs from the store (outlines simplified to about
50 m, coordinates rounded to 5 decimals, one point per project) into the report's data, so
that an issued report draws the same figure for ever; :func:`map_figure` draws it with
Pillow, offline: no tiles, no browser.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from shapely.geometry.base import BaseGeometry

from webmap.core.reports.labels import Labels
from webmap.domain import NO_STATUS, STATUSES
from webmap.store import FeatureFilter, Store

#: Size of the figure in pixels (about 16 × 12 cm at 190 dpi).
WIDTH, HEIGHT = 1200, 900
#: Width of the legend on the right.
LEGEND = 300
MARGIN = 30
#: Outline simplification (degrees) and rounding of coordinates kept in the report's data.
_TOLERANCE, _DIGITS = 0.0005, 5
#: Dot colour of each status (greens operating, blues approved/building, ambers planned,
#: reds stopped, grey unknown).
COLOURS: dict[str, str] = {
    "proposed": "#fbbf24",
    "planned": "#d97706",
    "investment_call": "#92400e",
    "approved": "#60a5fa",
    "under_construction": "#1d4ed8",
    "operating": "#15803d",
    "suspended": "#f87171",
    "cancelled": "#991b1b",
    NO_STATUS: "#6b7280",
}

Ring = list[list[float]]


def _rings(geometry: BaseGeometry | None) -> Iterator[Ring]:
    """The outlines of a (multi)polygon, simplified and rounded."""
    if geometry is None or geometry.is_empty:
        return
    simple = geometry.simplify(_TOLERANCE, preserve_topology=True)
    for polygon in getattr(simple, "geoms", [simple]):
        for ring in (polygon.exterior, *polygon.interiors):
            yield [[round(x, _DIGITS), round(y, _DIGITS)] for x, y in ring.coords]


def _outlines(store: Store, layer_id: str) -> list[Ring]:
    """Every outline of a boundary layer, or none when the layer is not loaded."""
    if layer_id not in {layer.id for layer in store.list_layers()}:
        return []
    found = store.iter_features(FeatureFilter(layers=[layer_id]))
    return [
        ring
        for f in sorted(found, key=lambda f: f.key)
        if f.geometry is not None and f.geometry.geom_type in ("Polygon", "MultiPolygon")
        for ring in _rings(f.geometry)
    ]


def map_data(store: Store, statuses: Mapping[str, str | None]) -> dict[str, Any]:
    """What the figure draws: boundary outlines and one point per located project.

    Args:
        statuses: Each project's status at the period's end, by key (the projects drawn).
    """
    points = []
    for key in sorted(statuses):
        feature = store.get_feature(key)
        if feature.geometry is None or feature.geometry.is_empty:
            continue
        point = feature.geometry.representative_point()
        points.append(
            {
                "key": key,
                "status": statuses[key] or NO_STATUS,
                "lon": round(point.x, _DIGITS),
                "lat": round(point.y, _DIGITS),
            }
        )
    return {
        "province": _outlines(store, "province"),
        "districts": _outlines(store, "districts"),
        "projects": points,
        "unlocated": len(statuses) - len(points),
    }


# -- drawing ----------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font with Vietnamese letters (DejaVu Sans when installed), else Pillow's own."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def _bounds(figure: Mapping[str, Any]) -> tuple[float, float, float, float] | None:
    """The box around everything drawn, or ``None`` when there is nothing."""
    xs = [x for rings in ("province", "districts") for r in figure[rings] for x, _ in r]
    ys = [y for rings in ("province", "districts") for r in figure[rings] for _, y in r]
    xs += [p["lon"] for p in figure["projects"]]
    ys += [p["lat"] for p in figure["projects"]]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


class _Frame:
    """Longitude/latitude → pixels: an equirectangular view of the box, north up, the
    longitude scaled by the cosine of the box's middle latitude."""

    def __init__(self, box: tuple[float, float, float, float]) -> None:
        minx, miny, maxx, maxy = box
        self.kx = math.cos(math.radians((miny + maxy) / 2))
        span_x = max((maxx - minx) * self.kx, 1e-6)
        span_y = max(maxy - miny, 1e-6)
        area_w, area_h = WIDTH - LEGEND - 2 * MARGIN, HEIGHT - 2 * MARGIN
        self.scale = min(area_w / span_x, area_h / span_y)
        self.x0 = MARGIN + (area_w - span_x * self.scale) / 2 - minx * self.kx * self.scale
        self.y0 = MARGIN + (area_h - span_y * self.scale) / 2 + maxy * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return self.x0 + lon * self.kx * self.scale, self.y0 - lat * self.scale


def _draw_legend(
    draw: ImageDraw.ImageDraw, shown: Sequence[str], unlocated: int, labels: Labels
) -> None:
    """The statuses drawn, with their colours, on the right; then what the lines are."""
    x, y = WIDTH - LEGEND + 10, MARGIN
    draw.text((x, y), labels.t("figure_legend"), fill="#111827", font=_font(24))
    small = _font(20)
    for status in shown:
        y += 36
        draw.ellipse((x, y + 4, x + 16, y + 20), fill=COLOURS[status], outline="#111827")
        draw.text((x + 26, y), labels.status(status), fill="#111827", font=small)
    y += 48
    draw.line((x, y + 12, x + 18, y + 12), fill="#111827", width=3)
    draw.text((x + 26, y), labels.t("figure_province"), fill="#111827", font=small)
    y += 34
    draw.line((x, y + 12, x + 18, y + 12), fill="#9ca3af", width=1)
    draw.text((x + 26, y), labels.t("figure_districts"), fill="#111827", font=small)
    if unlocated:
        y += 48
        text = labels.t("figure_unlocated", n=labels.number(unlocated))
        draw.multiline_text((x, y), text, fill="#111827", font=small, spacing=6)


def map_figure(data: Mapping[str, Any], lang: str = "vi") -> bytes:
    """The map figure of a report's data as a PNG of :data:`WIDTH` × :data:`HEIGHT`."""
    labels = Labels(lang)
    figure = data["map"]
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    box = _bounds(figure)
    if box is None:
        draw.text((MARGIN, HEIGHT // 2), labels.t("figure_empty"), fill="#111827", font=_font(24))
    else:
        _draw_map(draw, figure, _Frame(box))
    shown = [s for s in (*STATUSES, NO_STATUS) if any(p["status"] == s for p in figure["projects"])]
    _draw_legend(draw, shown, int(figure.get("unlocated", 0)), labels)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_map(draw: ImageDraw.ImageDraw, figure: Mapping[str, Any], frame: _Frame) -> None:
    """District lines, the province outline on top, then the projects as dots."""
    for ring in figure["districts"]:
        draw.line([frame(x, y) for x, y in ring], fill="#9ca3af", width=1)
    for ring in figure["province"]:
        draw.line([frame(x, y) for x, y in ring], fill="#111827", width=3)
    for point in figure["projects"]:
        px, py = frame(point["lon"], point["lat"])
        colour = COLOURS.get(point["status"], COLOURS[NO_STATUS])
        draw.ellipse((px - 7, py - 7, px + 7, py + 7), fill=colour, outline="#111827")
