"""Build the map page with folium; features are fetched by the browser from our API."""

from __future__ import annotations

import json
from typing import Any

import folium
from branca.element import Element

from webmap.web.i18n import CATALOGUE

#: Province view: pre-2025 Bạc Liêu with the nearshore wind belt.
CENTRE = (9.30, 105.55)
ZOOM = 10

VENDOR_JS = [
    ("leaflet", "/static/vendor/leaflet/leaflet.js"),
    ("markercluster", "/static/vendor/leaflet.markercluster/leaflet.markercluster.js"),
    ("greenmap", "/static/js/map.js"),
]
VENDOR_CSS = [
    ("leaflet_css", "/static/vendor/leaflet/leaflet.css"),
    ("markercluster_css", "/static/vendor/leaflet.markercluster/MarkerCluster.css"),
    ("markercluster_default_css", "/static/vendor/leaflet.markercluster/MarkerCluster.Default.css"),
    ("greenmap_css", "/static/css/map.css"),
]

_UI_KEYS = [
    k for k in CATALOGUE if k.startswith(("status_", "precision_")) and k != "status_breakdown"
] + [
    "layers",
    "loading",
    "tasks",
    "source",
    "precision",
    "status",
    "district",
]


def build_map_html(lang: str, *, api_root: str = "/api") -> str:
    """The full HTML of the map page in ``lang``; its size does not depend on the data."""
    fmap = folium.Map(
        location=CENTRE,
        zoom_start=ZOOM,
        tiles=None,
        control_scale=True,
        prefer_canvas=True,
    )
    fmap.default_js = VENDOR_JS
    fmap.default_css = VENDOR_CSS
    folium.TileLayer(
        "OpenStreetMap",
        name="OpenStreetMap",
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    ).add_to(fmap)
    config: dict[str, Any] = {
        "api": api_root,
        "lang": lang,
        "strings": {k: CATALOGUE[k][lang] for k in _UI_KEYS},
    }
    root = fmap.get_root()
    root.header.add_child(  # type: ignore[attr-defined]
        Element(f"<title>{CATALOGUE['app_title'][lang]}</title>"), name="title"
    )
    root.html.add_child(  # type: ignore[attr-defined]
        Element(
            '<header class="gm-bar"><strong>GreenMap</strong> · '
            f"<span>{CATALOGUE['plan_subtitle'][lang]}</span> "
            f'<a href="/plan">{CATALOGUE["nav_plan"][lang]}</a> '
            f'<a href="?lang={"en" if lang == "vi" else "vi"}">{CATALOGUE["switch_lang"][lang]}</a>'
            "</header>"
        )
    )
    root.script.add_child(  # type: ignore[attr-defined]
        # Runs after folium's own script has created the map variable.
        Element(
            'document.addEventListener("DOMContentLoaded", function () { '
            f"GreenMap.init({fmap.get_name()}, {json.dumps(config, ensure_ascii=False)}); }});"
        )
    )
    html: str = root.render()
    return html.replace("<html>", f'<html lang="{lang}">', 1)
