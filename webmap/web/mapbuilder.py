"""Build the map page with folium; features are fetched by the browser from our API.

The page carries no feature data: its size is the same whatever the number of
features. folium sets up the Leaflet map, the OpenStreetMap base layer and the
scale bar; the ES modules of ``static/js/`` (entry point ``main.js``, whose header
documents the config built here) add the offline base, the overlays, the panel
(layers, filters, legend, search, unlocated list) and keep the view in the URL.

Every URL and label the scripts use is handed over in that config, built with
``url_for`` and the string catalogue, so the scripts hard-code none of them.
"""

from __future__ import annotations

import functools
from typing import Any

import folium
from branca.element import Element
from flask import current_app, render_template, url_for
from jinja2.utils import htmlsafe_json_dumps

from webmap.domain import (
    APPROXIMATE_PRECISIONS,
    CAPACITY_FIELD,
    CAPACITY_THEME,
    CONTEXT_THEMES,
    SERVICE_AREA,
    STATUSES,
    THEMES,
)
from webmap.web.i18n import CATALOGUE
from webmap.web.security import add_nonce, csp_nonce

#: Province view: pre-2025 Bạc Liêu with the nearshore wind belt.
CENTRE = (9.30, 105.55)
ZOOM = 10
MAX_ZOOM = 19
#: Layers of this theme are drawn as the offline base map (no internet needed).
BASEMAP_THEME = "boundaries"

#: Vendored classic scripts and styles folium puts in the page head (paths under /static).
VENDOR_JS = [
    ("leaflet", "vendor/leaflet/leaflet.js"),
    ("markercluster", "vendor/leaflet.markercluster/leaflet.markercluster.js"),
]
VENDOR_CSS = [
    ("leaflet_css", "vendor/leaflet/leaflet.css"),
    ("markercluster_css", "vendor/leaflet.markercluster/MarkerCluster.css"),
    ("greenmap_css", "css/map.css"),
    ("greenmap_print_css", "css/print.css"),
]
#: The site icon: an SVG drawn for GreenMap, and the same as PNG-in-ICO at /favicon.ico.
FAVICON_SVG = "favicon.svg"
#: Address of the table of projects (the keyboard- and screen-reader-friendly view of the
#: map's data) once the app has it; the skip link falls back to the list in the panel.
PROJECT_LIST_PATH = "/projects"
PANEL_LIST_ANCHOR = "#gm-list"
#: Features of this precision are a site's service area (the districts it serves), not the
#: site: drawn hatched, never capturing clicks, reached through a label.
SERVICE_AREA_PRECISION = SERVICE_AREA
#: The ES module that starts the map page; its header documents the config it reads.
MAIN_JS = "js/main.js"
#: OpenStreetMap's standard tiles, on the map page and on the detail pages' small maps.
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
#: Zoom of the small maps (``static/js/minimap.js``) before they fit their features.
MINIMAP_ZOOM = 9

#: ``fmt_``: dates at their precision and names (static/js/format.js).
_JS_PREFIXES = ("status_", "precision_", "map_", "theme_", "field_", "fmt_")
_JS_KEYS = ("layers", "loading", "tasks", "task", "source", "precision", "status", "district")


def _js_strings(lang: str) -> dict[str, str]:
    """Every interface string the map page's scripts need, in ``lang``."""
    keys = [k for k in CATALOGUE if k.startswith(_JS_PREFIXES) or k in _JS_KEYS]
    return {k: CATALOGUE[k][lang] for k in keys}


def _route(endpoint: str, **placeholders: str) -> str:
    """``url_for`` with ``{name}`` placeholders the browser fills in: ``/api/sites/{key}``."""
    values: dict[str, Any] = {arg: f"__{name}__" for arg, name in placeholders.items()}
    url = url_for(endpoint, **values)
    for name in placeholders.values():
        url = url.replace(f"__{name}__", "{" + name + "}")
    return url


def routes() -> dict[str, str]:
    """Every URL the map page's scripts use, as templates (see ``static/js/routes.js``)."""
    return {
        "layers": url_for("api.list_layers"),
        "features": _route("api.layer_features", layer_id="layer"),
        "facets": url_for("api.facets"),
        "search": url_for("api.search"),
        "site": _route("api.site", key="key"),
        "planGroups": url_for("plan.api_groups"),
        "planTasks": url_for("plan.api_tasks"),
        "sitePage": _route("sites.site_page", key="key"),
        "taskPage": _route("plan.task_page", code="code"),
    }


def map_config(lang: str, page_limit: int) -> dict[str, Any]:
    """The config ``static/js/main.js`` reads (its header describes each entry)."""
    return {
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
        "approximatePrecisions": APPROXIMATE_PRECISIONS,
        "serviceAreaPrecision": SERVICE_AREA_PRECISION,
        "routes": routes(),
        "strings": _js_strings(lang),
    }


@functools.cache
def minimap_config() -> dict[str, Any]:
    """The config ``static/js/minimap.js`` reads from its element's ``data-config``."""
    return {
        "tiles": OSM_TILES,
        "attribution": OSM_ATTRIBUTION,
        "centre": CENTRE,
        "zoom": MINIMAP_ZOOM,
        "approximatePrecisions": APPROXIMATE_PRECISIONS,
    }


def _start_script(config: dict[str, Any], map_name: str, osm_name: str) -> str:
    """The config as JSON data and the module script that starts the map with it.

    A module runs once the page is parsed, so after folium's script made the map.
    """
    data = htmlsafe_json_dumps(config, ensure_ascii=False)
    main = htmlsafe_json_dumps(url_for("static", filename=MAIN_JS))
    return (
        f'<script type="application/json" id="gm-config">{data}</script>\n'
        f'<script type="module">import {{ init, readConfig }} from {main};\n'
        f"init({map_name}, {osm_name}, readConfig());</script>"
    )


def _static(files: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, url_for("static", filename=path)) for name, path in files]


def project_list_url() -> str | None:
    """The URL of the projects table page if this app serves one, else ``None``."""
    for rule in current_app.url_map.iter_rules():
        if rule.rule == PROJECT_LIST_PATH and not rule.arguments:
            return url_for(rule.endpoint)
    return None


def icon_links() -> str:
    """``<link>`` elements for the site icon (ICO for old browsers, SVG for the others)."""
    ico = url_for("pages.favicon")
    svg = url_for("static", filename=FAVICON_SVG)
    return (
        f'<link rel="icon" href="{ico}" sizes="32x32">\n'
        f'<link rel="icon" href="{svg}" type="image/svg+xml">'
    )


def _page_parts(lang: str) -> tuple[str, str]:
    """The markup before the map (skip links, header with the h1, search) and after it."""
    projects = project_list_url()
    values = {
        "t": {key: entry[lang] for key, entry in CATALOGUE.items()}.__getitem__,
        "lang": lang,
        "other": "en" if lang == "vi" else "vi",
        "projects_url": projects,
        "list_url": projects or PANEL_LIST_ANCHOR,
    }
    top = render_template("map_panel.html", part="top", **values)
    panel = render_template("map_panel.html", part="panel", **values)
    return top, panel


def build_map_html(lang: str) -> str:
    """The full HTML of the map page in ``lang``; its size does not depend on the data.

    Built for each request: its inline scripts carry the request's CSP nonce, so the
    HTML must never be cached across requests.

    Args:
        lang: ``vi`` or ``en``.

    Every URL comes from ``url_for``, so the page also works under a URL prefix.
    The scripts page through each layer with the server's largest allowed ``limit``.
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
    fmap.default_js = _static(VENDOR_JS)
    fmap.default_css = _static(VENDOR_CSS)
    osm = folium.TileLayer(
        OSM_TILES, name=CATALOGUE["map_base_osm"][lang], attr=OSM_ATTRIBUTION, max_zoom=MAX_ZOOM
    ).add_to(fmap)
    root = fmap.get_root()
    title = f"<title>{CATALOGUE['app_title'][lang]}</title>\n{icon_links()}"
    root.header.add_child(Element(title), name="title")  # type: ignore[attr-defined]
    top, panel = _page_parts(lang)
    root.html.add_child(Element(top), name="gm_top", index=0)  # type: ignore[attr-defined]
    config = map_config(lang, current_app.config["GREENMAP"]["MAX_PAGE_LIMIT"])
    start = _start_script(config, fmap.get_name(), osm.get_name())
    root.html.add_child(Element(start), name="gm_start")  # type: ignore[attr-defined]
    html: str = root.render()
    # folium writes the map's own element last in <body>: the panel follows it, so the
    # keyboard reaches the map before the panel's many controls.
    html = html.replace("</body>", f"{panel}\n</body>", 1)
    # Every inline script folium and we wrote carries this response's CSP nonce.
    html = add_nonce(html, csp_nonce())
    return html.replace("<html>", f'<html lang="{lang}">', 1)
