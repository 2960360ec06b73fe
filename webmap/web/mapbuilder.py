"""Build the map page with folium; features are fetched by the browser from our API.

The page carries no feature data: its size is the same whatever the number of
features. folium sets up the Leaflet map, the OpenStreetMap base layer and the
scale bar; ``static/js/map.js`` adds the offline base, the overlays, the panel
(layers, filters, legend, search, unlocated list) and keeps the view in the URL.
"""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import Element
from flask import current_app, render_template

from webmap.core.facets import CAPACITY_FIELD, CAPACITY_THEME, CONTEXT_THEMES
from webmap.core.records import STATUSES
from webmap.web.i18n import CATALOGUE

#: Province view: pre-2025 Bạc Liêu with the nearshore wind belt.
CENTRE = (9.30, 105.55)
ZOOM = 10
MAX_ZOOM = 19
#: Layers of this theme are drawn as the offline base map (no internet needed).
BASEMAP_THEME = "boundaries"
#: Themes in panel order; a layer of any other theme is listed after them.
THEMES = (
    "energy",
    "waste",
    "industry",
    "forest",
    "water",
    "grid",
    "places",
    "population",
    "boundaries",
)

VENDOR_JS = [
    ("leaflet", "/static/vendor/leaflet/leaflet.js"),
    ("markercluster", "/static/vendor/leaflet.markercluster/leaflet.markercluster.js"),
    ("greenmap_controls", "/static/js/controls.js"),
    ("greenmap", "/static/js/map.js"),
]
VENDOR_CSS = [
    ("leaflet_css", "/static/vendor/leaflet/leaflet.css"),
    ("markercluster_css", "/static/vendor/leaflet.markercluster/MarkerCluster.css"),
    ("greenmap_css", "/static/css/map.css"),
]

_JS_PREFIXES = ("status_", "precision_", "map_", "theme_", "field_")
_JS_KEYS = ("layers", "loading", "tasks", "task", "source", "precision", "status", "district")


def _js_strings(lang: str) -> dict[str, str]:
    """Every interface string map.js needs, in ``lang``."""
    keys = [k for k in CATALOGUE if k.startswith(_JS_PREFIXES) or k in _JS_KEYS]
    return {k: CATALOGUE[k][lang] for k in keys}


def _config(lang: str, api_root: str, page_limit: int) -> dict[str, Any]:
    return {
        "api": api_root,
        "lang": lang,
        "centre": CENTRE,
        "zoom": ZOOM,
        "pageLimit": page_limit,
        "basemapTheme": BASEMAP_THEME,
        "themes": THEMES,
        "contextThemes": CONTEXT_THEMES,
        "capacityTheme": CAPACITY_THEME,
        "capacityField": CAPACITY_FIELD,
        "statuses": STATUSES,
        "strings": _js_strings(lang),
    }


def build_map_html(lang: str, *, api_root: str = "/api") -> str:
    """The full HTML of the map page in ``lang``; its size does not depend on the data.

    Args:
        lang: ``vi`` or ``en``.
        api_root: Where the browser finds the JSON API.

    map.js pages through each layer with the server's largest allowed ``limit``.
    """
    fmap = folium.Map(
        location=CENTRE,
        zoom_start=ZOOM,
        tiles=None,
        # A map option (folium's max_zoom only reaches tile layers): clustering needs it
        # when the OpenStreetMap layer is absent.
        maxZoom=MAX_ZOOM,
        control_scale=True,
        prefer_canvas=True,
    )
    fmap.default_js = VENDOR_JS
    fmap.default_css = VENDOR_CSS
    osm = folium.TileLayer(
        "OpenStreetMap",
        name=CATALOGUE["map_base_osm"][lang],
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    ).add_to(fmap)
    t = {key: entry[lang] for key, entry in CATALOGUE.items()}
    root = fmap.get_root()
    root.header.add_child(  # type: ignore[attr-defined]
        Element(f"<title>{t['app_title']}</title>"), name="title"
    )
    panel = render_template(
        "map_panel.html", t=t.__getitem__, lang=lang, other="en" if lang == "vi" else "vi"
    )
    root.html.add_child(Element(panel), name="gm_panel", index=0)  # type: ignore[attr-defined]
    page_limit = current_app.config["GREENMAP"]["MAX_PAGE_LIMIT"]
    config = json.dumps(_config(lang, api_root, page_limit), ensure_ascii=False)
    root.script.add_child(  # type: ignore[attr-defined]
        # Runs after folium's own script has created the map and tile layer variables.
        Element(
            'document.addEventListener("DOMContentLoaded", function () { '
            f"GreenMap.init({fmap.get_name()}, {osm.get_name()}, {config}); }});"
        )
    )
    html: str = root.render()
    return html.replace("<html>", f'<html lang="{lang}">', 1)
