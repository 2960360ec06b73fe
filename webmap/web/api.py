"""JSON and GeoJSON API: layers, features, sites, search."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from webmap.core.facets import facet_counts, parse_facet_filter, search_tasks
from webmap.core.features import (
    collection,
    feature_to_geojson,
    layer_page,
    parse_filter,
    parse_int,
    search_features,
)
from webmap.core.layers import layer_with_versions, provenance
from webmap.core.rasters import raster_path, render_png
from webmap.core.sites import history_json
from webmap.domain import Layer
from webmap.errors import BadRequest
from webmap.web import get_store

bp = Blueprint("api", __name__, url_prefix="/api")


def _layer_json(layer: Layer) -> dict[str, Any]:
    attribution, licence = provenance(layer)
    return {
        "id": layer.id,
        "title_vi": layer.title_vi,
        "title_en": layer.title_en,
        "theme": layer.theme,
        "geometry_type": layer.geometry_type,
        "description_vi": layer.description_vi,
        "description_en": layer.description_en,
        "style": layer.style,
        "popup_fields": layer.popup_fields,
        "labels": layer.labels,
        "default_tasks": layer.default_tasks,
        "source": layer.source,
        "licence": licence,
        "attribution": attribution,
        "missing_data_vi": layer.missing_data_vi,
        "missing_data_en": layer.missing_data_en,
        "current_version": layer.current_version,
        "feature_count": layer.feature_count,
        "located_count": layer.located_count,
        "links": {
            "features": url_for("api.layer_features", layer_id=layer.id),
        },
        "raster": _raster_json(layer),
    }


def _raster_json(layer: Layer) -> dict[str, Any] | None:
    info = layer.raster
    if info is None:
        return None
    return {
        "image": url_for("api.layer_raster", layer_id=layer.id),
        "bounds": list(info.bounds),
        "min": info.min,
        "max": info.max,
        "mean": info.mean,
        "crs": info.crs,
    }


@bp.get("/layers/<layer_id>/raster.png")
def layer_raster(layer_id: str) -> Response:
    """The raster layer as a coloured PNG (log scale, nodata transparent) for its bounds."""
    layer = get_store().get_layer(layer_id)
    style = layer.style
    data_path = Path(current_app.config["GREENMAP"]["DATA_PATH"])
    png = render_png(
        raster_path(layer, data_path),
        style.get("color", "#fee5d9"),
        style.get("fill_color", "#a50f15"),
    )
    response = Response(png, mimetype="image/png")
    response.cache_control.max_age = 3600
    return response


@bp.get("/layers")
def list_layers() -> Response:
    """Every layer with its style, provenance and counts."""
    return jsonify({"layers": [_layer_json(layer) for layer in get_store().list_layers()]})


@bp.get("/layers/<layer_id>")
def get_layer(layer_id: str) -> Response:
    """One layer with its load history."""
    layer, versions = layer_with_versions(get_store(), layer_id)
    body = _layer_json(layer)
    body["versions"] = [{**v, "loaded_at": v["loaded_at"].isoformat()} for v in versions]
    return jsonify(body)


@bp.get("/layers/<layer_id>/features")
def layer_features(layer_id: str) -> Response:
    """GeoJSON features of a layer: ``bbox``, ``status``, ``task``, ``district``, ``q``, paging."""
    settings = current_app.config["GREENMAP"]
    limit = parse_int(
        request.args, "limit", settings["PAGE_LIMIT"], settings["MAX_PAGE_LIMIT"], minimum=1
    )
    offset = parse_int(request.args, "offset", 0, 10**9)
    flt = parse_filter(request.args, layer_id)
    page = layer_page(get_store(), layer_id, flt, limit=limit, offset=offset)
    links = []
    if offset + limit < page.number_matched:
        args: dict[str, Any] = {**request.args.to_dict(), "offset": offset + limit, "limit": limit}
        href = url_for("api.layer_features", layer_id=layer_id, **args)
        links.append({"rel": "next", "type": "application/geo+json", "href": href})
    body = collection(
        page.features,
        numberMatched=page.number_matched,
        numberReturned=len(page.features),
        links=links,
    )
    response = jsonify(body)
    response.mimetype = "application/geo+json"
    return response


@bp.get("/sites/<path:key>")
def site(key: str) -> Response:
    """One site with its full status history."""
    store = get_store()
    body = feature_to_geojson(store.get_feature(key))
    body["properties"]["status_history"] = history_json(store, key)
    return jsonify(body)


@bp.get("/search")
def search() -> Response:
    """Diacritic-insensitive search: ``/api/search?q=chau hung``; plan tasks in ``tasks``."""
    query = request.args.get("q", "").strip()
    if not query:
        raise BadRequest("Thiếu tham số q.", "The q parameter is missing.")
    limit = parse_int(request.args, "limit", 20, 100)
    store = get_store()
    found = search_features(store, query, limit=limit)
    body = collection(found, query=query, numberReturned=len(found))
    body["tasks"] = search_tasks(store, query, limit=limit)
    return jsonify(body)


@bp.get("/facets")
def facets() -> Response:
    """Counts per layer, status, task and district for the current filters.

    Same parameters as the features API (``layer``, ``status``, ``task``,
    ``district``, ``q``) plus ``capacity_min``/``capacity_max`` in MW.
    """
    return jsonify(facet_counts(get_store(), parse_facet_filter(request.args)))
