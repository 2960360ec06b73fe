"""Layer specs: one TOML file per layer under ``layers/``.

A spec is data, not code: it names the layer, its source files, how source
columns map to feature fields, statuses, plan tasks, style and licence. This
module loads the files, validates them strictly (an unknown key is an error
that names the file and the key) and turns a spec into a
:class:`~webmap.core.records.LayerRecord`.

The TOML schema is documented in ``docs/data.md`` ("Layer spec reference").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from etl.errors import EtlError
from webmap.core.records import PRECISIONS, STATUSES, LayerRecord

THEMES: tuple[str, ...] = (
    "energy",
    "waste",
    "industry",
    "forest",
    "water",
    "boundaries",
    "grid",
    "places",
    "population",
)
GEOMETRY_TYPES: tuple[str, ...] = ("Point", "LineString", "Polygon", "Raster")
FORMATS: tuple[str, ...] = ("geojson", "gpkg", "shapefile_zip", "kml", "csv", "geotiff", "inline")
KEY_TRANSFORMS: tuple[str, ...] = ("plain", "osm2pgsql", "slug", "pdp8", "lonlat", "const")
EXTENT_MODES: tuple[str, ...] = ("flag", "drop", "none")
GEOMETRY_MODES: tuple[str, ...] = ("source", "none", "districts_union")
TASK_RE = re.compile(r"^[1-9][0-9]?\.[1-9][0-9]?$")
LAYER_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")

_TOP_REQUIRED = {
    "id",
    "title_vi",
    "title_en",
    "theme",
    "geometry_type",
    "licence",
    "attribution",
    "description_vi",
    "description_en",
    "default_tasks",
    "popup_fields",
    "style",
    "sort_order",
}
_TOP_OPTIONAL = {
    "extent",
    "sources",
    "missing_data_vi",
    "missing_data_en",
    "load_template",
    "osm",
    "tasks_note",
}
_STYLE_KEYS = {
    "color",
    "fill_color",
    "fill_opacity",
    "opacity",
    "weight",
    "dash_array",
    "icon",
    "radius",
    "cluster",
    "unit_vi",
    "unit_en",
}
_EXTENT_KEYS = {"mode", "buffer_km", "reason"}
_SOURCE_REQUIRED = {"id", "format", "source", "licence", "attribution", "precision", "key"}
_SOURCE_OPTIONAL = {
    "file",
    "layer",
    "crs",
    "x_field",
    "y_field",
    "precision_note",
    "verified",
    "filter",
    "fields",
    "properties",
    "constants",
    "status",
    "admin",
    "geometry",
    "overrides",
    "rows",
    "extra_tasks",
    "in_province",
}
_KEY_KEYS = {"field", "transform", "prefix", "value"}
_FIELDS_KEYS = {
    "name_vi",
    "name_en",
    "name_vi_default",
    "name_en_default",
    "name_vi_template",
    "name_en_template",
}
_FILTER_KEYS = {"field", "in", "not_in", "contains", "equals"}
_STATUS_RULE_KEYS = {"default", "field", "map", "contains", "date", "date_field", "source", "note"}
_STATUS_EVENT_KEYS = {"status", "date", "source", "note"}
_ADMIN_KEYS = {"district_field", "commune_field", "districts_field", "spatial_join"}
_PROPERTY_KEYS = {"name", "scale", "round", "type"}
_OVERRIDE_KEYS = {
    "id",
    "properties",
    "tasks",
    "extra_tasks",
    "status",
    "crossref",
    "today_unit",
    "precision_note",
}
_CROSSREF_KEYS = {
    "file",
    "format",
    "match_field",
    "match_value",
    "property",
    "fields",
    "note",
    "source",
    "licence",
    "status",
    "admin",
}
_OSM_KEYS = {"tags", "precision", "properties", "name_vi_default", "name_en_default", "extra_tasks"}

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source gives it.

    Attributes:
        value: The date used for ordering (first day of the year/month when
            only the year or month is known).
        precision: ``day``, ``month`` or ``year``.
    """

    value: date
    precision: str

    @classmethod
    def parse(cls, text: str | date) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a TOML date).

        Args:
            text: The date as written in a spec or source.

        Returns:
            The parsed date and how precise it is.

        Raises:
            ValueError: If the text is not one of the accepted forms.
        """
        if isinstance(text, date):
            return cls(text, "day")
        m = _DATE_RE.match(str(text).strip())
        if not m:
            raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        year, month, day = m.group(1), m.group(2), m.group(3)
        if day:
            return cls(date(int(year), int(month), int(day)), "day")
        if month:
            return cls(date(int(year), int(month), 1), "month")
        return cls(date(int(year), 1, 1), "year")

    def note(self) -> str:
        """Text to add to a status note when the day is not known."""
        if self.precision == "year":
            return f"source gives the year only ({self.value.year}); day and month not known"
        if self.precision == "month":
            return f"source gives the month only ({self.value:%Y-%m}); day not known"
        return ""


@dataclass(frozen=True)
class StatusEntry:
    """An explicit dated status written in a spec (inline rows, overrides)."""

    status: str
    date: PartialDate
    source: str
    note: str = ""


@dataclass(frozen=True)
class StatusRule:
    """How a source row's status is derived (one initial history entry)."""

    source: str
    default: str | None = None
    field: str | None = None
    map: dict[str, str] = dc_field(default_factory=dict)
    contains: dict[str, str] = dc_field(default_factory=dict)
    date: PartialDate | None = None
    date_field: str | None = None
    note: str = ""


@dataclass(frozen=True)
class PropertyMap:
    """How one source column becomes one feature property."""

    name: str
    scale: float | None = None
    round: int | None = None
    type: str | None = None


@dataclass(frozen=True)
class CrossRef:
    """A row of another file attached to a feature as a nested property."""

    file: str
    format: str
    match_field: str
    match_value: str
    property: str
    fields: dict[str, str]
    source: str
    licence: str
    note: str = ""
    status: StatusRule | None = None
    admin: dict[str, str] = dc_field(default_factory=dict)


@dataclass(frozen=True)
class Override:
    """Per-feature additions, matched on the source id of the feature."""

    id: str
    properties: dict[str, Any] = dc_field(default_factory=dict)
    tasks: list[str] | None = None
    extra_tasks: list[str] = dc_field(default_factory=list)
    status: list[StatusEntry] = dc_field(default_factory=list)
    crossref: CrossRef | None = None
    today_unit: str | None = None
    precision_note: str | None = None


@dataclass(frozen=True)
class SourceSpec:
    """One source of a layer: a file (or inline rows) and its mapping."""

    id: str
    format: str
    source: str
    licence: str
    attribution: str
    precision: str
    key_field: str | None
    key_transform: str
    key_prefix: str = ""
    key_value: str | None = None
    file: str | None = None
    layer: str | None = None
    crs: str | None = None
    x_field: str | None = None
    y_field: str | None = None
    precision_note: str = ""
    verified: date | None = None
    filter: dict[str, Any] = dc_field(default_factory=dict)
    fields: dict[str, str] = dc_field(default_factory=dict)
    properties: dict[str, PropertyMap] = dc_field(default_factory=dict)
    constants: dict[str, Any] = dc_field(default_factory=dict)
    status: StatusRule | None = None
    admin: dict[str, str] = dc_field(default_factory=dict)
    geometry: str = "source"
    overrides: list[Override] = dc_field(default_factory=list)
    rows: list[dict[str, Any]] = dc_field(default_factory=list)
    extra_tasks: list[str] = dc_field(default_factory=list)
    in_province: bool | None = None


@dataclass(frozen=True)
class OsmRule:
    """Which OSM tags put a feature in this layer (``etl.osm``)."""

    tags: dict[str, str]
    precision: str = "site"
    properties: dict[str, str] = dc_field(default_factory=dict)
    name_vi_default: str = ""
    name_en_default: str = ""
    extra_tasks: list[str] = dc_field(default_factory=list)


@dataclass
class LayerSpec:
    """A validated layer spec.

    Attributes:
        path: The TOML file.
        text: The TOML text (part of the build checksum).
        data_dir: Directory holding the layer's source files.
        raw: The parsed TOML, dates turned into ISO strings.
    """

    id: str
    title_vi: str
    title_en: str
    theme: str
    geometry_type: str
    licence: str
    attribution: str
    description_vi: str
    description_en: str
    default_tasks: list[str]
    popup_fields: list[str]
    style: dict[str, Any]
    sort_order: int
    path: Path
    text: str
    data_dir: Path
    raw: dict[str, Any]
    extent_mode: str = "flag"
    buffer_km: float = 0.0
    extent_reason: str = ""
    sources: list[SourceSpec] = dc_field(default_factory=list)
    missing_data_vi: str = ""
    missing_data_en: str = ""
    load_template: SourceSpec | None = None
    osm: list[OsmRule] = dc_field(default_factory=list)

    @property
    def is_raster(self) -> bool:
        """Whether the layer is a raster (built by :mod:`etl.raster`)."""
        return self.geometry_type == "Raster"

    def source_text(self) -> str:
        """Human-readable sources of the layer, joined with ``; ``."""
        seen: list[str] = []
        for src in self.sources:
            if src.source not in seen:
                seen.append(src.source)
        return "; ".join(seen) if seen else "no data yet"

    def to_layer_record(self) -> LayerRecord:
        """Return the layer's metadata as a :class:`LayerRecord`."""
        return LayerRecord(
            id=self.id,
            title_vi=self.title_vi,
            title_en=self.title_en,
            theme=self.theme,
            geometry_type=self.geometry_type,
            source=self.source_text(),
            licence=self.licence,
            attribution=self.attribution,
            style=dict(self.style),
            description_vi=self.description_vi,
            description_en=self.description_en,
            default_tasks=list(self.default_tasks),
            popup_fields=list(self.popup_fields),
            sort_order=self.sort_order,
            spec=dict(self.raw),
        )


def default_layers_dir() -> Path:
    """Return the bundled ``layers/`` directory (source checkout or installed wheel)."""
    from webmap.paths import bundled_dir

    return bundled_dir("layers")


def load_specs(directory: Path | str | None = None) -> list[LayerSpec]:
    """Load and validate every ``*.toml`` layer spec in a directory.

    Args:
        directory: Folder with the spec files; defaults to the bundled
            ``layers/`` folder.

    Returns:
        The specs, sorted by ``sort_order`` then id.

    Raises:
        EtlError: On the first invalid spec (unknown or missing key, unknown
            theme/status/precision, bad task code, duplicate layer id).
    """
    folder = Path(directory) if directory is not None else default_layers_dir()
    if not folder.is_dir():
        raise EtlError("layers folder not found", layer="*", step="spec", path=folder)
    specs = [load_spec(p) for p in sorted(folder.glob("*.toml"))]
    seen: dict[str, Path] = {}
    for spec in specs:
        if spec.id in seen:
            raise EtlError(
                f"duplicate layer id (also in {seen[spec.id].name})",
                layer=spec.id,
                step="spec",
                field="id",
                path=spec.path,
            )
        seen[spec.id] = spec.path
    return sorted(specs, key=lambda s: (s.sort_order, s.id))


def check_specs(directory: Path | str | None = None) -> list[str]:
    """Validate every spec and list the problems instead of raising.

    Args:
        directory: Folder with the spec files; defaults to ``layers/``.

    Returns:
        One message per problem (empty when all specs are valid), including
        source files that are referenced but missing.
    """
    folder = Path(directory) if directory is not None else default_layers_dir()
    problems: list[str] = []
    ids: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            spec = load_spec(path)
        except EtlError as exc:
            problems.append(str(exc))
            continue
        if spec.id in ids:
            problems.append(f"{path.name}: duplicate layer id {spec.id!r} (also {ids[spec.id]})")
        ids[spec.id] = path.name
        for src in spec.sources:
            files = [src.file] if src.file else []
            files += [o.crossref.file for o in src.overrides if o.crossref]
            for name in files:
                if name and not (spec.data_dir / name).is_file():
                    problems.append(f"{path.name}: source {src.id!r}: file not found: {name}")
    return problems


def load_spec(path: Path) -> LayerSpec:
    """Load and validate one spec file.

    Args:
        path: A ``layers/<id>.toml`` file.

    Returns:
        The validated spec.

    Raises:
        EtlError: If the file cannot be parsed or does not follow the schema.
    """
    layer = path.stem
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise EtlError(f"cannot read spec: {exc}", layer=layer, step="spec", path=path) from exc
    v = _Validator(layer=str(data.get("id", layer)), path=path)
    v.keys(data, _TOP_REQUIRED, _TOP_OPTIONAL, "")
    layer_id = v.string(data, "id", "")
    if not LAYER_ID_RE.match(layer_id):
        v.fail("layer id must be lower-case letters, digits and '_'", "id")
    if layer_id != path.stem:
        v.fail(f"layer id {layer_id!r} must match the file name {path.stem!r}", "id")
    theme = v.choice(data, "theme", THEMES, "")
    geometry_type = v.choice(data, "geometry_type", GEOMETRY_TYPES, "")
    style = v.table(data, "style", "")
    v.keys(style, set(), _STYLE_KEYS, "style")
    default_tasks = v.tasks(data.get("default_tasks"), "default_tasks")
    popup_fields = v.str_list(data.get("popup_fields"), "popup_fields")
    sort_order = data.get("sort_order")
    if not isinstance(sort_order, int) or isinstance(sort_order, bool):
        v.fail("must be an integer", "sort_order")
    extent = v.table(data, "extent", "") if "extent" in data else {}
    v.keys(extent, set(), _EXTENT_KEYS, "extent")
    extent_mode = str(extent.get("mode", "none"))
    if extent_mode not in EXTENT_MODES:
        v.fail(f"unknown extent mode {extent_mode!r}; expected {EXTENT_MODES}", "extent.mode")
    buffer_km = extent.get("buffer_km", 0.0)
    if not isinstance(buffer_km, int | float) or buffer_km < 0:
        v.fail("must be a number >= 0", "extent.buffer_km")
    if geometry_type != "Raster" and "extent" not in data:
        v.fail("vector layers need an [extent] table (mode, buffer_km, reason)", "extent")
    sources_raw = data.get("sources", [])
    if not isinstance(sources_raw, list):
        v.fail("must be an array of tables [[sources]]", "sources")
    sources = [v.source(s, f"sources[{i}]", geometry_type) for i, s in enumerate(sources_raw)]
    src_ids = [s.id for s in sources]
    if len(set(src_ids)) != len(src_ids):
        v.fail("source ids must be unique within a layer", "sources.id")
    missing_vi = str(data.get("missing_data_vi", ""))
    missing_en = str(data.get("missing_data_en", ""))
    located = any(s.geometry != "none" and s.format != "inline" for s in sources) or any(
        s.geometry == "districts_union" for s in sources
    )
    if not located and not (missing_vi and missing_en):
        v.fail(
            "a layer without located data needs missing_data_vi and missing_data_en",
            "missing_data_vi",
        )
    template = None
    if "load_template" in data:
        tpl = dict(v.table(data, "load_template", ""))
        tpl.setdefault("id", "user")
        tpl.setdefault("format", "geojson")
        template = v.source(tpl, "load_template", geometry_type)
    osm_rules: list[OsmRule] = []
    for i, rule in enumerate(data.get("osm", [])):
        where = f"osm[{i}]"
        v.keys(rule, {"tags"}, _OSM_KEYS - {"tags"}, where)
        precision = str(rule.get("precision", "site"))
        if precision not in PRECISIONS:
            v.fail(f"unknown precision {precision!r}", f"{where}.precision")
        osm_rules.append(
            OsmRule(
                tags={str(k): str(val) for k, val in v.table(rule, "tags", where).items()},
                precision=precision,
                properties={
                    str(k): str(val) for k, val in dict(rule.get("properties", {})).items()
                },
                name_vi_default=str(rule.get("name_vi_default", "")),
                name_en_default=str(rule.get("name_en_default", "")),
                extra_tasks=v.tasks(rule.get("extra_tasks", []), f"{where}.extra_tasks"),
            )
        )
    return LayerSpec(
        id=layer_id,
        title_vi=v.string(data, "title_vi", ""),
        title_en=v.string(data, "title_en", ""),
        theme=theme,
        geometry_type=geometry_type,
        licence=v.string(data, "licence", ""),
        attribution=v.string(data, "attribution", ""),
        description_vi=v.string(data, "description_vi", ""),
        description_en=v.string(data, "description_en", ""),
        default_tasks=default_tasks,
        popup_fields=popup_fields,
        style=dict(style),
        sort_order=int(sort_order),
        path=path,
        text=text,
        data_dir=path.parent / "data",
        raw=_jsonable(data),
        extent_mode=extent_mode,
        buffer_km=float(buffer_km),
        extent_reason=str(extent.get("reason", "")),
        sources=sources,
        missing_data_vi=missing_vi,
        missing_data_en=missing_en,
        load_template=template,
        osm=osm_rules,
    )


def _jsonable(value: Any) -> Any:
    """Return a copy of parsed TOML with dates as ISO strings."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Validator:
    """Helpers that raise :class:`EtlError` naming the spec file and key."""

    def __init__(self, *, layer: str, path: Path) -> None:
        self.layer = layer
        self.path = path

    def fail(self, message: str, key: str) -> NoReturn:
        raise EtlError(message, layer=self.layer, step="spec", field=key, path=self.path)

    def keys(self, table: Any, required: set[str], optional: set[str], where: str) -> None:
        if not isinstance(table, dict):
            self.fail("must be a table", where or "<root>")
        prefix = f"{where}." if where else ""
        for key in table:
            if key not in required and key not in optional:
                self.fail(f"unknown key {key!r}", f"{prefix}{key}")
        for key in sorted(required):
            if key not in table:
                self.fail(f"missing required key {key!r}", f"{prefix}{key}")

    def string(self, table: dict[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail("must be a non-empty string", f"{where}.{key}" if where else key)
        return str(value)

    def table(self, table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = table.get(key)
        if not isinstance(value, dict):
            self.fail("must be a table", f"{where}.{key}" if where else key)
        return dict(value)

    def choice(self, table: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
        value = self.string(table, key, where)
        if value not in choices:
            self.fail(
                f"unknown {key} {value!r}; expected one of {', '.join(choices)}",
                f"{where}.{key}" if where else key,
            )
        return value

    def str_list(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            self.fail("must be a list of strings", key)
        return list(value)

    def tasks(self, value: Any, key: str) -> list[str]:
        codes = self.str_list(value, key)
        for code in codes:
            if not TASK_RE.match(code):
                self.fail(f"bad plan task code {code!r} (expected e.g. '8.5' or '13.3')", key)
        return codes

    def status(self, value: Any, where: str) -> str:
        if value not in STATUSES:
            self.fail(f"unknown status {value!r}; expected one of {', '.join(STATUSES)}", where)
        return str(value)

    def date(self, value: Any, where: str) -> PartialDate:
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.fail(str(exc), where)

    def status_rule(self, raw: Any, where: str) -> StatusRule:
        self.keys(raw, {"source"}, _STATUS_RULE_KEYS - {"source"}, where)
        for k in ("map", "contains"):
            for target in dict(raw.get(k, {})).values():
                self.status(target, f"{where}.{k}")
        default = raw.get("default")
        if default is not None:
            self.status(default, f"{where}.default")
        if "date" not in raw and "date_field" not in raw:
            self.fail("a status needs a date or a date_field", f"{where}.date")
        return StatusRule(
            source=self.string(raw, "source", where),
            default=default,
            field=raw.get("field"),
            map={str(k): str(x) for k, x in dict(raw.get("map", {})).items()},
            contains={str(k): str(x) for k, x in dict(raw.get("contains", {})).items()},
            date=self.date(raw["date"], f"{where}.date") if "date" in raw else None,
            date_field=raw.get("date_field"),
            note=str(raw.get("note", "")),
        )

    def status_events(self, raw: Any, where: str) -> list[StatusEntry]:
        if not isinstance(raw, list):
            self.fail("must be a list of {status, date, source, note}", where)
        out = []
        for i, ev in enumerate(raw):
            w = f"{where}[{i}]"
            self.keys(ev, {"status", "date", "source"}, {"note"}, w)
            out.append(
                StatusEntry(
                    status=self.status(ev["status"], f"{w}.status"),
                    date=self.date(ev["date"], f"{w}.date"),
                    source=self.string(ev, "source", w),
                    note=str(ev.get("note", "")),
                )
            )
        return out

    def crossref(self, raw: Any, where: str) -> CrossRef:
        required = {"file", "format", "match_field", "match_value", "property", "fields"}
        self.keys(raw, required | {"source", "licence"}, _CROSSREF_KEYS - required, where)
        fmt = self.choice(raw, "format", FORMATS, where)
        admin = dict(raw.get("admin", {}))
        self.keys(admin, set(), _ADMIN_KEYS, f"{where}.admin")
        return CrossRef(
            file=self.string(raw, "file", where),
            format=fmt,
            match_field=self.string(raw, "match_field", where),
            match_value=str(raw["match_value"]),
            property=self.string(raw, "property", where),
            fields={str(k): str(x) for k, x in self.table(raw, "fields", where).items()},
            source=self.string(raw, "source", where),
            licence=self.string(raw, "licence", where),
            note=str(raw.get("note", "")),
            status=self.status_rule(raw["status"], f"{where}.status") if "status" in raw else None,
            admin={str(k): str(x) for k, x in admin.items()},
        )

    def source(self, raw: Any, where: str, geometry_type: str) -> SourceSpec:
        self.keys(raw, _SOURCE_REQUIRED, _SOURCE_OPTIONAL, where)
        fmt = self.choice(raw, "format", FORMATS, where)
        precision = self.choice(raw, "precision", PRECISIONS, where)
        if fmt != "inline" and where != "load_template" and "file" not in raw:
            self.fail(f"format {fmt!r} needs a file", f"{where}.file")
        if fmt == "inline" and not raw.get("rows"):
            self.fail("an inline source needs [[...rows]]", f"{where}.rows")
        key = self.table(raw, "key", where)
        self.keys(key, {"transform"}, _KEY_KEYS - {"transform"}, f"{where}.key")
        transform = self.choice(key, "transform", KEY_TRANSFORMS, f"{where}.key")
        if transform not in ("lonlat", "const") and "field" not in key:
            self.fail(f"key transform {transform!r} needs a field", f"{where}.key.field")
        if transform == "const" and "value" not in key:
            self.fail("key transform 'const' needs a value", f"{where}.key.value")
        fields = dict(raw.get("fields", {}))
        self.keys(fields, set(), _FIELDS_KEYS, f"{where}.fields")
        if not any(k in fields for k in ("name_vi", "name_vi_default", "name_vi_template")):
            self.fail("fields need name_vi, name_vi_template or name_vi_default", f"{where}.fields")
        props: dict[str, PropertyMap] = {}
        for col, target in dict(raw.get("properties", {})).items():
            w = f"{where}.properties.{col}"
            if isinstance(target, str):
                props[str(col)] = PropertyMap(name=target)
            else:
                self.keys(target, {"name"}, _PROPERTY_KEYS - {"name"}, w)
                props[str(col)] = PropertyMap(
                    name=str(target["name"]),
                    scale=target.get("scale"),
                    round=target.get("round"),
                    type=target.get("type"),
                )
        flt = dict(raw.get("filter", {}))
        if flt:
            self.keys(flt, {"field"}, _FILTER_KEYS - {"field"}, f"{where}.filter")
        admin = dict(raw.get("admin", {}))
        self.keys(admin, set(), _ADMIN_KEYS, f"{where}.admin")
        geometry = str(raw.get("geometry", "none" if fmt == "inline" else "source"))
        if geometry not in GEOMETRY_MODES:
            self.fail(f"unknown geometry mode {geometry!r}", f"{where}.geometry")
        if geometry == "districts_union" and "districts_field" not in admin:
            self.fail("geometry 'districts_union' needs admin.districts_field", f"{where}.admin")
        if geometry == "districts_union" and precision != "service_area":
            self.fail("a union of districts is a 'service_area'", f"{where}.precision")
        if geometry == "none" and precision != "unlocated":
            self.fail("a source without geometry must have precision 'unlocated'", where)
        if precision in ("site", "surveyed") and geometry != "source":
            self.fail("'site'/'surveyed' needs a real mapped geometry", f"{where}.precision")
        if precision not in ("site", "surveyed") and not raw.get("precision_note"):
            self.fail("precision below 'site' needs a precision_note", f"{where}.precision_note")
        overrides = []
        for i, o in enumerate(raw.get("overrides", [])):
            w = f"{where}.overrides[{i}]"
            self.keys(o, {"id"}, _OVERRIDE_KEYS - {"id"}, w)
            overrides.append(
                Override(
                    id=str(o["id"]),
                    properties=dict(o.get("properties", {})),
                    tasks=self.tasks(o["tasks"], f"{w}.tasks") if "tasks" in o else None,
                    extra_tasks=self.tasks(o.get("extra_tasks", []), f"{w}.extra_tasks"),
                    status=self.status_events(o.get("status", []), f"{w}.status"),
                    crossref=self.crossref(o["crossref"], f"{w}.crossref")
                    if "crossref" in o
                    else None,
                    today_unit=o.get("today_unit"),
                    precision_note=o.get("precision_note"),
                )
            )
        verified = raw.get("verified")
        if verified is not None and not isinstance(verified, date):
            self.fail("must be a TOML date (YYYY-MM-DD)", f"{where}.verified")
        rows = raw.get("rows", [])
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                self.fail("each inline row must be a table", f"{where}.rows[{i}]")
            if "status" in row:
                self.status_events(row["status"], f"{where}.rows[{i}].status")
        return SourceSpec(
            id=self.string(raw, "id", where),
            format=fmt,
            source=self.string(raw, "source", where),
            licence=self.string(raw, "licence", where),
            attribution=self.string(raw, "attribution", where),
            precision=precision,
            key_field=key.get("field"),
            key_transform=transform,
            key_prefix=str(key.get("prefix", "")),
            key_value=key.get("value"),
            file=raw.get("file"),
            layer=raw.get("layer"),
            crs=raw.get("crs"),
            x_field=raw.get("x_field"),
            y_field=raw.get("y_field"),
            precision_note=str(raw.get("precision_note", "")),
            verified=verified,
            filter=flt,
            fields={str(k): str(x) for k, x in fields.items()},
            properties=props,
            constants=dict(raw.get("constants", {})),
            status=self.status_rule(raw["status"], f"{where}.status") if "status" in raw else None,
            admin={str(k): str(x) for k, x in admin.items()},
            geometry=geometry,
            overrides=overrides,
            rows=[dict(r) for r in rows],
            extra_tasks=self.tasks(raw.get("extra_tasks", []), f"{where}.extra_tasks"),
            in_province=raw.get("in_province"),
        )
