"""OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) without HTTP.

Every callable returns a plain dict; the web module (:mod:`webmap.web.ogc`) only maps routes
and content types, as pygeoapi's ``api/`` functions do. Links are built from ``base``, the
absolute URL of the landing page (``http://host/ogc``), so this module never sees a request.

Only published data is served (the store's feature tables hold published rows only); every
vector layer is a collection, context layers included; raster layers are not collections.

Paging: ``next``/``prev`` links carry ``offset`` (the store pages by offset in a stable order,
by row id); ``numberMatched`` is counted by the store for every request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from webmap.core.features import feature_to_geojson, parse_bbox, parse_int
from webmap.core.layers import provenance
from webmap.domain import Layer
from webmap.errors import BadRequest, NotFound
from webmap.store import FeatureFilter, Store

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"
GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
#: Items per page when ``limit`` is absent.
DEFAULT_LIMIT = 10
#: Query parameters every resource accepts.
COMMON_PARAMS = ("f", "lang")
#: Query parameters of ``/collections/{id}/items``.
ITEMS_PARAMS = (*COMMON_PARAMS, "bbox", "datetime", "limit", "offset")
FORMATS = ("json", "html")
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class ItemsQuery:
    """The validated parameters of an items request."""

    bbox: tuple[float, float, float, float] | None
    limit: int
    offset: int
    #: The features' temporal property is the date of their current status.
    dates: tuple[date | None, date | None] | None = None


def _text(vi: str, en: str, lang: str) -> str:
    """``vi`` or ``en`` in ``lang``, falling back to Vietnamese."""
    return en if lang == "en" and en else vi


def _link(href: str, rel: str, media: str, title: str = "") -> dict[str, str]:
    link = {"href": href, "rel": rel, "type": media}
    if title:
        link["title"] = title
    return link


def _url(path: str, **args: Any) -> str:
    """``path`` with the query ``args`` (``None`` values left out)."""
    query = urlencode({k: v for k, v in args.items() if v is not None})
    return f"{path}?{query}" if query else path


def _self_links(url: str, media: str, lang: str) -> list[dict[str, str]]:
    """``self`` (JSON flavour ``media``) and ``alternate`` (HTML) links to one resource."""
    return [
        _link(_url(url, f="json", lang=lang), "self", media, "JSON"),
        _link(_url(url, f="html", lang=lang), "alternate", HTML, "HTML"),
    ]


# -- parameters ------------------------------------------------------------------------


def check_params(args: Mapping[str, str], allowed: Sequence[str]) -> None:
    """:class:`BadRequest` naming every query parameter not in ``allowed`` (none is ignored),
    and for an ``f`` or ``lang`` value we do not serve."""
    unknown = sorted(name for name in args if name not in allowed)
    if unknown:
        names, accepted = ", ".join(unknown), ", ".join(allowed)
        raise BadRequest(
            f"Tham số không được hỗ trợ: {names}. Các tham số dùng được: {accepted}.",
            f"Unsupported parameter: {names}. Parameters accepted: {accepted}.",
        )
    for name, values in (("f", FORMATS), ("lang", LANGUAGES)):
        value = args.get(name)
        if value is not None and value not in values:
            raise BadRequest(
                f"{name} phải là một trong {', '.join(values)}, nhận được {value!r}.",
                f"{name} must be one of {', '.join(values)}, got {value!r}.",
            )


def parse_items_query(args: Mapping[str, str], max_limit: int) -> ItemsQuery:
    """``bbox``, ``limit`` (1..``max_limit``, default :data:`DEFAULT_LIMIT`) and ``offset``."""
    check_params(args, ITEMS_PARAMS)
    return ItemsQuery(
        bbox=parse_bbox(args.get("bbox")),
        limit=parse_int(args, "limit", DEFAULT_LIMIT, max_limit, minimum=1),
        offset=parse_int(args, "offset", 0, 10**9),
        dates=parse_datetime(args.get("datetime")),
    )


def _instant(text: str) -> date | None:
    """One end of a ``datetime`` interval: ``..`` or empty is open; a date or an RFC 3339
    date-time (its day in UTC)."""
    if text in ("", ".."):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(
            f"datetime: “{text[:40]}” không phải ngày theo RFC 3339 (ví dụ 2024-05-17).",
            f"datetime: “{text[:40]}” is not an RFC 3339 date (e.g. 2024-05-17).",
        )
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def parse_datetime(value: str | None) -> tuple[date | None, date | None] | None:
    """``datetime`` as (start, end) days, both included: one instant or an interval with
    ``..`` for an open end; ``None`` when absent."""
    if value is None:
        return None
    start_text, sep, end_text = value.partition("/")
    start = _instant(start_text.strip())
    end = _instant(end_text.strip()) if sep else start
    if sep and start is None and end is None:
        raise BadRequest("datetime: cả hai đầu đều mở.", "datetime: both ends are open.")
    if start is not None and end is not None and start > end:
        raise BadRequest(
            "datetime: ngày đầu sau ngày cuối.", "datetime: the start is after the end."
        )
    return start, end


# -- resources -------------------------------------------------------------------------


def landing(base: str, lang: str) -> dict[str, Any]:
    """The landing page: ``self``, ``service-desc``, ``service-doc``, ``conformance``, ``data``."""
    return {
        "title": _text("GreenMap – dữ liệu mở", "GreenMap – open data", lang),
        "description": _text(
            "Các lớp bản đồ đã công bố theo chuẩn OGC API – Features.",
            "The published map layers as OGC API – Features.",
            lang,
        ),
        "links": [
            *_self_links(base, JSON, lang),
            _link(_url(f"{base}/api", f="json"), "service-desc", OPENAPI_TYPE, "OpenAPI 3.0"),
            _link(_url(f"{base}/api", f="html", lang=lang), "service-doc", HTML, "API"),
            _link(_url(f"{base}/conformance", lang=lang), "conformance", JSON),
            _link(_url(f"{base}/collections", lang=lang), "data", JSON),
        ],
    }


def conformance() -> dict[str, Any]:
    """The conformance classes this server passes."""
    return {"conformsTo": list(CONFORMANCE)}


def _vector_layer(store: Store, layer_id: str) -> Layer:
    """A vector layer, or :class:`NotFound` (raster layers are not collections)."""
    layer = store.get_layer(layer_id)
    if layer.raster is not None:
        raise NotFound(
            f"Lớp {layer_id!r} là ảnh raster, không phải tập đối tượng.",
            f"Layer {layer_id!r} is a raster, not a feature collection.",
        )
    return layer


_EXTENTS: dict[tuple[str, str, int | None], list[float] | None] = {}


def layer_extent(store: Store, layer: Layer) -> list[float] | None:
    """The WGS84 bounds of the layer's located features, ``None`` when none is located.

    Read once per published version (versions never change once published).
    """
    cache_key = (store.url, layer.id, layer.current_version)
    if cache_key not in _EXTENTS:
        bounds = [
            f.geometry.bounds
            for f in store.iter_features(FeatureFilter(layers=[layer.id], located=True))
            if f.geometry is not None and not f.geometry.is_empty
        ]
        _EXTENTS[cache_key] = (
            [
                min(b[0] for b in bounds),
                min(b[1] for b in bounds),
                max(b[2] for b in bounds),
                max(b[3] for b in bounds),
            ]
            if bounds
            else None
        )
    return _EXTENTS[cache_key]


_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def _licence_links(licence: str) -> list[dict[str, str]]:
    """A ``license`` link to SPDX's text for every SPDX identifier in ``licence``."""
    ids = [part.strip() for part in licence.split(";")]
    return [
        _link(f"https://spdx.org/licenses/{i}.html", "license", HTML, i)
        for i in ids
        if _SPDX_ID.match(i)
    ]


def _collection_json(store: Store, layer: Layer, base: str, lang: str) -> dict[str, Any]:
    url = f"{base}/collections/{layer.id}"
    attribution, licence = provenance(layer)
    extent = layer_extent(store, layer)
    body: dict[str, Any] = {
        "id": layer.id,
        "title": _text(layer.title_vi, layer.title_en, lang),
        "description": _text(layer.description_vi, layer.description_en, lang),
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "license": licence,
        "attribution": attribution,
        "links": [
            *_self_links(url, JSON, lang),
            _link(_url(f"{url}/items", f="json", lang=lang), "items", GEOJSON),
            _link(_url(f"{url}/items", f="html", lang=lang), "items", HTML),
            *_licence_links(licence),
        ],
    }
    if extent is not None:
        body["extent"] = {"spatial": {"bbox": [extent], "crs": CRS84}}
    return body


def collections(store: Store, base: str, lang: str) -> dict[str, Any]:
    """Every vector layer (projects, parts and context layers) as a collection."""
    layers = [layer for layer in store.list_layers() if layer.raster is None]
    return {
        "links": _self_links(f"{base}/collections", JSON, lang),
        "collections": [_collection_json(store, layer, base, lang) for layer in layers],
    }


def collection(store: Store, layer_id: str, base: str, lang: str) -> dict[str, Any]:
    """One vector layer as a collection (:class:`NotFound` for no such layer or a raster)."""
    return _collection_json(store, _vector_layer(store, layer_id), base, lang)


def _page_links(url: str, query: ItemsQuery, matched: int, lang: str) -> list[dict[str, str]]:
    """``self``, ``alternate``, and ``next``/``prev`` when there are such pages."""
    bbox = ",".join(repr(v) for v in query.bbox) if query.bbox else None
    when = None
    if query.dates is not None:
        when = "/".join(d.isoformat() if d else ".." for d in query.dates)

    def href(offset: int, fmt: str) -> str:
        args = {"bbox": bbox, "datetime": when, "limit": query.limit, "offset": offset or None}
        return _url(url, f=fmt, lang=lang, **args)

    links = [
        _link(href(query.offset, "json"), "self", GEOJSON, "GeoJSON"),
        _link(href(query.offset, "html"), "alternate", HTML, "HTML"),
    ]
    if query.offset + query.limit < matched:
        links.append(_link(href(query.offset + query.limit, "json"), "next", GEOJSON))
    if query.offset > 0:
        links.append(_link(href(max(query.offset - query.limit, 0), "json"), "prev", GEOJSON))
    return links


def items(store: Store, layer_id: str, query: ItemsQuery, base: str, lang: str) -> dict[str, Any]:
    """One page of a collection's features as a GeoJSON FeatureCollection."""
    _vector_layer(store, layer_id)
    flt = FeatureFilter(layers=[layer_id], bbox=query.bbox, status_dates=query.dates)
    page = store.query_features(flt, limit=query.limit, offset=query.offset)
    url = f"{base}/collections/{layer_id}/items"
    return {
        "type": "FeatureCollection",
        "features": [feature_to_geojson(f) for f in page.features],
        "numberMatched": page.number_matched,
        "numberReturned": len(page.features),
        "timeStamp": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "links": _page_links(url, query, page.number_matched, lang),
    }


def item(store: Store, layer_id: str, key: str, base: str, lang: str) -> dict[str, Any]:
    """One feature of a collection by its key (:class:`NotFound` when not in that layer)."""
    _vector_layer(store, layer_id)
    feature = store.get_feature(key)
    if feature.layer_id != layer_id:
        raise NotFound(
            f"Không có đối tượng {key!r} trong lớp {layer_id!r}.",
            f"No feature {key!r} in layer {layer_id!r}.",
        )
    body = feature_to_geojson(feature)
    collection_url = f"{base}/collections/{layer_id}"
    body["links"] = [
        *_self_links(f"{collection_url}/items/{quote(key, safe=':')}", GEOJSON, lang),
        _link(_url(collection_url, f="json", lang=lang), "collection", JSON),
    ]
    return body


# -- OpenAPI 3.0 -----------------------------------------------------------------------


def _param(name: str, where: str, schema: dict[str, Any], text: str, **extra: Any) -> dict:
    return {"name": name, "in": where, "schema": schema, "description": text, **extra}


def _parameters(max_limit: int) -> dict[str, Any]:
    return {
        "f": _param("f", "query", {"type": "string", "enum": list(FORMATS)}, "Format."),
        "lang": _param(
            "lang", "query", {"type": "string", "enum": list(LANGUAGES)}, "Language (vi, en)."
        ),
        "bbox": _param(
            "bbox",
            "query",
            {"type": "array", "minItems": 4, "maxItems": 4, "items": {"type": "number"}},
            "minLon,minLat,maxLon,maxLat in CRS84.",
            style="form",
            explode=False,
        ),
        "datetime": _param(
            "datetime",
            "query",
            {"type": "string"},
            "The date of the current status: an RFC 3339 date or date-time, or an interval "
            "start/end with .. for an open end (e.g. 2024-01-01/..).",
        ),
        "limit": _param(
            "limit",
            "query",
            {"type": "integer", "minimum": 1, "maximum": max_limit, "default": DEFAULT_LIMIT},
            f"Features per page, at most {max_limit}.",
        ),
        "offset": _param(
            "offset",
            "query",
            {"type": "integer", "minimum": 0, "maximum": 10**9, "default": 0},
            "Features to skip (the next link sets it).",
        ),
        "collectionId": _param(
            "collectionId", "path", {"type": "string"}, "Layer id.", required=True
        ),
        "featureId": _param("featureId", "path", {"type": "string"}, "Feature key.", required=True),
    }


_LINK = {
    "type": "object",
    "required": ["href"],
    "properties": {k: {"type": "string"} for k in ("href", "rel", "type", "title")},
}
_LINKS = {"type": "array", "items": {"$ref": "#/components/schemas/link"}}
_FEATURE = {
    "type": "object",
    "required": ["type", "geometry", "properties"],
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string"},
        "geometry": {"type": "object", "nullable": True},
        "properties": {"type": "object", "nullable": True},
        "links": _LINKS,
    },
}
_SCHEMAS: dict[str, Any] = {
    "link": _LINK,
    "exception": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string"},
            "message": {"type": "string"},
            "status": {"type": "integer"},
        },
    },
    "landingPage": {"type": "object", "required": ["links"], "properties": {"links": _LINKS}},
    "confClasses": {
        "type": "object",
        "required": ["conformsTo"],
        "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}},
    },
    "collection": {
        "type": "object",
        "required": ["id", "links"],
        "properties": {"id": {"type": "string"}, "links": _LINKS},
    },
    "collections": {
        "type": "object",
        "required": ["links", "collections"],
        "properties": {
            "links": _LINKS,
            "collections": {"type": "array", "items": {"$ref": "#/components/schemas/collection"}},
        },
    },
    "featureGeoJSON": _FEATURE,
    "featureCollectionGeoJSON": {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": {"$ref": "#/components/schemas/featureGeoJSON"}},
            "links": _LINKS,
            "timeStamp": {"type": "string", "format": "date-time"},
            "numberMatched": {"type": "integer", "minimum": 0},
            "numberReturned": {"type": "integer", "minimum": 0},
        },
    },
}


def _responses(schema: str, media: str) -> dict[str, Any]:
    """200 with ``schema`` as ``media`` or HTML; 400 and 404 as the exception object."""
    error = {"content": {JSON: {"schema": {"$ref": "#/components/schemas/exception"}}}}
    return {
        "200": {
            "description": "OK",
            "content": {
                media: {"schema": {"$ref": f"#/components/schemas/{schema}"}},
                HTML: {"schema": {"type": "string"}},
            },
        },
        "400": {"description": "Bad request", **error},
        "404": {"description": "Not found", **error},
    }


def _operation(op_id: str, summary: str, params: list[str], schema: str, media: str) -> dict:
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params],
            "responses": _responses(schema, media),
        }
    }


def openapi(base: str, max_limit: int) -> dict[str, Any]:
    """A self-contained OpenAPI 3.0 document (every ``$ref`` is local to this document)."""
    common = list(COMMON_PARAMS)
    one = ["collectionId", *common]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "GreenMap OGC API – Features",
            "version": "1.0.0",
            "description": "Published GreenMap layers. Paging: limit (at most "
            f"{max_limit}) and offset; numberMatched is counted for every request.",
        },
        "servers": [{"url": base}],
        "paths": {
            "/": _operation("getLandingPage", "Landing page", common, "landingPage", JSON),
            "/conformance": _operation(
                "getConformance", "Conformance classes", common, "confClasses", JSON
            ),
            "/api": {
                "get": {
                    "operationId": "getOpenAPI",
                    "summary": "This document",
                    "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in common],
                    "responses": {"200": {"description": "OK", "content": {OPENAPI_TYPE: {}}}},
                }
            },
            "/collections": _operation(
                "getCollections", "Collections", common, "collections", JSON
            ),
            "/collections/{collectionId}": _operation(
                "describeCollection", "One collection", one, "collection", JSON
            ),
            "/collections/{collectionId}/items": _operation(
                "getFeatures",
                "Features of a collection",
                [*one, "bbox", "datetime", "limit", "offset"],
                "featureCollectionGeoJSON",
                GEOJSON,
            ),
            "/collections/{collectionId}/items/{featureId}": _operation(
                "getFeature", "One feature", [*one, "featureId"], "featureGeoJSON", GEOJSON
            ),
        },
        "components": {"parameters": _parameters(max_limit), "schemas": _SCHEMAS},
    }
