"""Layer specs: one TOML file per layer under ``layers/``.

A spec is data, not code: it names the layer, its source files, how source
columns map to feature fields, statuses, plan tasks, style and licence. This
module loads the files, validates them strictly (an unknown key is an error
that names the file and the key) and turns a spec into a
:class:`~webmap.domain.Layer`.

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

from webmap.domain import (
    PRECISIONS,
    ROLES,
    SERVICE_AREA,
    STATUSES,
    THEMES,
    Layer,
    is_exact,
    is_task_code,
)
from webmap.domain.bundled import bundled_dir
from webmap.errors import SpecError

GEOMETRY_TYPES: tuple[str, ...] = ("Point", "LineString", "Polygon", "Raster")
FORMATS: tuple[str, ...] = ("geojson", "gpkg", "shapefile_zip", "kml", "csv", "geotiff", "inline")
KEY_TRANSFORMS: tuple[str, ...] = ("plain", "osm2pgsql", "slug", "pdp8", "lonlat", "const")
EXTENT_MODES: tuple[str, ...] = ("flag", "drop", "none")
GEOMETRY_MODES: tuple[str, ...] = ("source", "none", "districts_union")
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
    "role",
    "part_of",
    "labels",
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
_LABEL_KEYS = {"vi", "en", "unit", "link", "values", "omit_zero"}
_OSM_KEYS = {"tags", "precision", "properties", "name_vi_default", "name_en_default", "extra_tasks"}

_DATE_RE = re.compile(r"^(?:(end of|recorded) )?(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
#: Messages for a text that is not a date (Vietnamese, English); ``{}`` is the repr of the text.
BAD_DATE_VI = (
    "không phải ngày (YYYY, YYYY-MM, YYYY-MM-DD, 'end of YYYY' hoặc 'recorded YYYY-MM-DD'): {!r}"
)
BAD_DATE_EN = (
    "not a date (YYYY, YYYY-MM, YYYY-MM-DD, 'end of YYYY' or 'recorded YYYY-MM-DD'): {!r}"
)


@dataclass(frozen=True)
class PartialDate:
    """A date as precise as the source gives it.

    Attributes:
        value: The date used for ordering (first day of the year/month when
            only the year or month is known, 31 December for "end of YYYY").
        precision: ``day``, ``month``, ``year``, ``end_of_year``, or ``recorded``
            (the day a source such as an OpenStreetMap extract recorded the
            status, not the day it took effect).
    """

    value: date
    precision: str

    @classmethod
    def parse(cls, text: str | date) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``end of YYYY`` or ``recorded YYYY-MM-DD``.

        Args:
            text: The date as written in a spec or source.

        Returns:
            The parsed date and how precise it is.

        Raises:
            ValueError: If the text is not one of the accepted forms.
        """
        parsed = cls.try_parse(text)
        if parsed is None:
            raise ValueError(BAD_DATE_EN.format(text))
        return parsed

    @classmethod
    def try_parse(cls, text: str | date) -> PartialDate | None:
        """Like :meth:`parse`, but ``None`` for a text that is not a date."""
        if isinstance(text, date):
            return cls(text, "day")
        m = _DATE_RE.match(str(text).strip())
        if not m:
            return None
        word, year, month, day = m.group(1), int(m.group(2)), m.group(3), m.group(4)
        if word == "end of":
            # "cuối năm 2018": ordered as the last day of the year, shown as the source says.
            return cls(date(year, 12, 31), "end_of_year") if month is None else None
        precision = "day" if day else "month" if month else "year"
        if word == "recorded":
            if day is None:
                return None
            precision = "recorded"
        try:
            return cls(date(year, int(month or 1), int(day or 1)), precision)
        except ValueError:  # datetime.date's only error: a day or month out of range
            return None

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
    extent_mode: str = "flag"
    buffer_km: float = 0.0
    extent_reason: str = ""
    sources: list[SourceSpec] = dc_field(default_factory=list)
    missing_data_vi: str = ""
    missing_data_en: str = ""
    load_template: SourceSpec | None = None
    osm: list[OsmRule] = dc_field(default_factory=list)
    role: str = "project"
    part_of: str | None = None
    #: ``[labels]``: property (or ``parent.child``) → {vi, en, unit?, link?, values?, omit_zero?}.
    labels: dict[str, dict[str, Any]] = dc_field(default_factory=dict)

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

    def to_layer_record(self) -> Layer:
        """Return the layer's metadata as a :class:`Layer` (no raster info: see ``etl.raster``)."""
        return Layer(
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
            missing_data_vi=self.missing_data_vi,
            missing_data_en=self.missing_data_en,
            role=self.role,
            part_of=self.part_of,
            labels={name: dict(label) for name, label in self.labels.items()},
        )


def default_layers_dir() -> Path:
    """Return the bundled ``layers/`` directory (source checkout or installed wheel)."""
    return bundled_dir("layers")


def load_specs(directory: Path | str | None = None) -> list[LayerSpec]:
    """Load and validate every ``*.toml`` layer spec in a directory.

    Args:
        directory: Folder with the spec files; defaults to the bundled
            ``layers/`` folder.

    Returns:
        The specs, sorted by ``sort_order`` then id.

    Raises:
        SpecError: On the first invalid spec (unknown or missing key, unknown
            theme/status/precision, bad task code, duplicate layer id).
    """
    folder = Path(directory) if directory is not None else default_layers_dir()
    if not folder.is_dir():
        raise SpecError(
            "không tìm thấy thư mục layers",
            "layers folder not found",
            layer="*",
            step="spec",
            path=folder,
        )
    specs = [load_spec(p) for p in sorted(folder.glob("*.toml"))]
    seen: dict[str, Path] = {}
    for spec in specs:
        if spec.id in seen:
            raise SpecError(
                f"trùng mã lớp (cũng có trong {seen[spec.id].name})",
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
        except SpecError as exc:
            problems.append(str(exc))
            continue
        if spec.id in ids:
            problems.append(f"{path.name}: duplicate layer id {spec.id!r} (also {ids[spec.id]})")
        ids[spec.id] = path.name
        problems += [
            f"{path.name}: source {src.id!r}: file not found: {name}"
            for src in spec.sources
            for name in _referenced_files(src)
            if not (spec.data_dir / name).is_file()
        ]
    return problems


def _referenced_files(src: SourceSpec) -> list[str]:
    """The files a source names: its own file and its cross-referenced files."""
    files = [src.file] if src.file else []
    return files + [o.crossref.file for o in src.overrides if o.crossref and o.crossref.file]


def load_spec(path: Path) -> LayerSpec:
    """Load and validate one spec file.

    Args:
        path: A ``layers/<id>.toml`` file.

    Returns:
        The validated spec.

    Raises:
        SpecError: If the file cannot be parsed or does not follow the schema.
    """
    text, data = _read_toml(path)
    v = _Validator(layer=str(data.get("id", path.stem)), path=path)
    v.keys(data, _TOP_REQUIRED, _TOP_OPTIONAL, "")
    layer_id = v.layer_id(data)
    theme = v.choice(data, "theme", THEMES, "")
    geometry_type = v.choice(data, "geometry_type", GEOMETRY_TYPES, "")
    style = v.style(data)
    default_tasks = v.tasks(data.get("default_tasks"), "default_tasks")
    popup_fields = v.str_list(data.get("popup_fields"), "popup_fields")
    sort_order = v.integer(data, "sort_order")
    extent_mode, buffer_km, extent_reason = v.extent(data, geometry_type)
    sources = v.sources(data, geometry_type)
    missing_vi, missing_en = v.missing_data(data, sources)
    load_template = v.load_template(data, geometry_type)
    osm = v.osm_rules(data)
    role, part_of = v.role(data)
    labels = v.labels(data)
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
        style=style,
        sort_order=sort_order,
        path=path,
        text=text,
        data_dir=path.parent / "data",
        extent_mode=extent_mode,
        buffer_km=buffer_km,
        extent_reason=extent_reason,
        sources=sources,
        missing_data_vi=missing_vi,
        missing_data_en=missing_en,
        load_template=load_template,
        osm=osm,
        role=role,
        part_of=part_of,
        labels=labels,
    )


def _read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """The text of a spec file and its parsed TOML."""
    try:
        text = path.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # OSError messages name the full path; show only the reason (the file is named below).
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SpecError(
            f"không đọc được tệp đặc tả: {detail}",
            f"cannot read spec: {detail}",
            layer=path.stem,
            step="spec",
            path=path,
        ) from exc


def parse_status_events(raw: Any, *, layer: str, path: Path, where: str) -> list[StatusEntry]:
    """Validate a list of ``{status, date, source, note}`` tables (inline rows' statuses).

    Raises:
        SpecError: Naming the spec file and ``where``.
    """
    return _Validator(layer=layer, path=path).status_events(raw, where)


class _Validator:
    """Helpers that raise :class:`SpecError` naming the spec file and key.

    Every check takes the Vietnamese message first, then the English one.
    """

    def __init__(self, *, layer: str, path: Path) -> None:
        self.layer = layer
        self.path = path

    def fail(self, message_vi: str, message_en: str, key: str) -> NoReturn:
        raise SpecError(
            message_vi, message_en, layer=self.layer, step="spec", field=key, path=self.path
        )

    # ------------------------------------------------------------ plain values
    def keys(self, table: Any, required: set[str], optional: set[str], where: str) -> None:
        if not isinstance(table, dict):
            self.fail("phải là một bảng", "must be a table", where or "<root>")
        prefix = f"{where}." if where else ""
        for key in table:
            if key not in required and key not in optional:
                self.fail(f"khóa {key!r} không hợp lệ", f"unknown key {key!r}", f"{prefix}{key}")
        for key in sorted(required):
            if key not in table:
                self.fail(
                    f"thiếu khóa bắt buộc {key!r}",
                    f"missing required key {key!r}",
                    f"{prefix}{key}",
                )

    def string(self, table: dict[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(
                "phải là chuỗi không rỗng",
                "must be a non-empty string",
                f"{where}.{key}" if where else key,
            )
        return str(value)

    def integer(self, table: dict[str, Any], key: str) -> int:
        value = table.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail("phải là số nguyên", "must be an integer", key)
        return int(value)

    def table(self, table: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = table.get(key)
        if not isinstance(value, dict):
            self.fail("phải là một bảng", "must be a table", f"{where}.{key}" if where else key)
        return dict(value)

    def choice(self, table: dict[str, Any], key: str, choices: tuple[str, ...], where: str) -> str:
        value = self.string(table, key, where)
        if value not in choices:
            self.fail(
                f"giá trị {key} {value!r} không hợp lệ; cần một trong {', '.join(choices)}",
                f"unknown {key} {value!r}; expected one of {', '.join(choices)}",
                f"{where}.{key}" if where else key,
            )
        return value

    def role(self, data: dict[str, Any]) -> tuple[str, str | None]:
        """What the layer's features are (project, part or context) and, for parts, of what."""
        role = self.choice(data, "role", ROLES, "") if "role" in data else "project"
        part_of = data.get("part_of")
        if (role == "part") != (part_of is not None):
            self.fail(
                "part_of (mã lớp dự án) cần có khi và chỉ khi role = 'part'",
                "part_of (the id of the project layer) goes with role = 'part', and only with it",
                "part_of",
            )
        if part_of is not None and not isinstance(part_of, str):
            self.fail("phải là mã lớp", "must be a layer id", "part_of")
        return role, part_of

    def str_list(self, value: Any, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            self.fail("phải là danh sách chuỗi", "must be a list of strings", key)
        return list(value)

    def tasks(self, value: Any, key: str) -> list[str]:
        codes = self.str_list(value, key)
        for code in codes:
            if not is_task_code(code):
                self.fail(
                    f"mã nhiệm vụ kế hoạch {code!r} không hợp lệ (ví dụ đúng: '8.5' hoặc '13.3')",
                    f"bad plan task code {code!r} (expected e.g. '8.5' or '13.3')",
                    key,
                )
        return codes

    def status(self, value: Any, where: str) -> str:
        if value not in STATUSES:
            self.fail(
                f"trạng thái {value!r} không hợp lệ; cần một trong {', '.join(STATUSES)}",
                f"unknown status {value!r}; expected one of {', '.join(STATUSES)}",
                where,
            )
        return str(value)

    def partial_date(self, value: Any, where: str) -> PartialDate:
        parsed = PartialDate.try_parse(value)
        if parsed is None:
            self.fail(BAD_DATE_VI.format(value), BAD_DATE_EN.format(value), where)
        return parsed

    def pairs(self, value: Any) -> dict[str, str]:
        """A TOML table of strings (or missing) as a ``str -> str`` dict."""
        return {str(k): str(x) for k, x in dict(value or {}).items()}

    # ------------------------------------------------------------ layer level
    def layer_id(self, data: dict[str, Any]) -> str:
        layer_id = self.string(data, "id", "")
        if not LAYER_ID_RE.match(layer_id):
            self.fail(
                "mã lớp chỉ gồm chữ thường, chữ số và '_'",
                "layer id must be lower-case letters, digits and '_'",
                "id",
            )
        if layer_id != self.path.stem:
            self.fail(
                f"mã lớp {layer_id!r} phải trùng với tên tệp {self.path.stem!r}",
                f"layer id {layer_id!r} must match the file name {self.path.stem!r}",
                "id",
            )
        return layer_id

    def style(self, data: dict[str, Any]) -> dict[str, Any]:
        style = self.table(data, "style", "")
        self.keys(style, set(), _STYLE_KEYS, "style")
        return style

    def extent(self, data: dict[str, Any], geometry_type: str) -> tuple[str, float, str]:
        """The ``[extent]`` table as (mode, buffer_km, reason); required for vector layers."""
        if geometry_type != "Raster" and "extent" not in data:
            self.fail(
                "lớp vector cần bảng [extent] (mode, buffer_km, reason)",
                "vector layers need an [extent] table (mode, buffer_km, reason)",
                "extent",
            )
        extent = self.table(data, "extent", "") if "extent" in data else {}
        self.keys(extent, set(), _EXTENT_KEYS, "extent")
        mode = str(extent.get("mode", "none"))
        if mode not in EXTENT_MODES:
            self.fail(
                f"chế độ phạm vi {mode!r} không hợp lệ; cần một trong {EXTENT_MODES}",
                f"unknown extent mode {mode!r}; expected {EXTENT_MODES}",
                "extent.mode",
            )
        buffer_km = extent.get("buffer_km", 0.0)
        if not isinstance(buffer_km, int | float) or buffer_km < 0:
            self.fail("phải là số >= 0", "must be a number >= 0", "extent.buffer_km")
        return mode, float(buffer_km), str(extent.get("reason", ""))

    def sources(self, data: dict[str, Any], geometry_type: str) -> list[SourceSpec]:
        raw = data.get("sources", [])
        if not isinstance(raw, list):
            self.fail(
                "phải là mảng các bảng [[sources]]",
                "must be an array of tables [[sources]]",
                "sources",
            )
        sources = [self.source(s, f"sources[{i}]", geometry_type) for i, s in enumerate(raw)]
        ids = [s.id for s in sources]
        if len(set(ids)) != len(ids):
            self.fail(
                "mã nguồn (id) trong một lớp không được trùng nhau",
                "source ids must be unique within a layer",
                "sources.id",
            )
        return sources

    def missing_data(self, data: dict[str, Any], sources: list[SourceSpec]) -> tuple[str, str]:
        """The texts shown instead of data; required when no source is located."""
        missing_vi = str(data.get("missing_data_vi", ""))
        missing_en = str(data.get("missing_data_en", ""))
        located = any(s.geometry != "none" and s.format != "inline" for s in sources) or any(
            s.geometry == "districts_union" for s in sources
        )
        if not located and not (missing_vi and missing_en):
            self.fail(
                "lớp chưa có dữ liệu định vị cần missing_data_vi và missing_data_en",
                "a layer without located data needs missing_data_vi and missing_data_en",
                "missing_data_vi",
            )
        return missing_vi, missing_en

    def labels(self, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The optional ``[labels]`` table: how each property is named and shown."""
        raw = self.table(data, "labels", "") if "labels" in data else {}
        return {str(name): self.label(label, f"labels.{name}") for name, label in raw.items()}

    def label(self, raw: Any, where: str) -> dict[str, Any]:
        """One label: ``vi`` and ``en`` required; ``unit``, ``link``, ``values``, ``omit_zero``."""
        self.keys(raw, {"vi", "en"}, _LABEL_KEYS - {"vi", "en"}, where)
        label: dict[str, Any] = {
            "vi": self.string(raw, "vi", where),
            "en": self.string(raw, "en", where),
        }
        if "unit" in raw:
            label["unit"] = self.bilingual(raw["unit"], f"{where}.unit")
        if "link" in raw:
            link = self.string(raw, "link", where)
            if not link.startswith(("https://", "http://")) or "{value}" not in link:
                self.fail(
                    "phải là địa chỉ http(s) có {value}",
                    "must be an http(s) address with {value}",
                    f"{where}.link",
                )
            label["link"] = link
        if "values" in raw:
            values = self.table(raw, "values", where)
            label["values"] = {
                str(k): self.bilingual(v, f"{where}.values.{k}", text=False)
                for k, v in values.items()
            }
        if "omit_zero" in raw:
            if not isinstance(raw["omit_zero"], bool):
                self.fail("phải là true hoặc false", "must be true or false", f"{where}.omit_zero")
            label["omit_zero"] = raw["omit_zero"]
        return label

    def bilingual(self, raw: Any, where: str, *, text: bool = True) -> dict[str, str]:
        """A ``{vi, en}`` table, or (when ``text``) one string used in both languages."""
        if text and isinstance(raw, str) and raw.strip():
            return {"vi": raw, "en": raw}
        self.keys(raw, {"vi", "en"}, set(), where)
        return {"vi": self.string(raw, "vi", where), "en": self.string(raw, "en", where)}

    def load_template(self, data: dict[str, Any], geometry_type: str) -> SourceSpec | None:
        if "load_template" not in data:
            return None
        template = dict(self.table(data, "load_template", ""))
        template.setdefault("id", "user")
        template.setdefault("format", "geojson")
        return self.source(template, "load_template", geometry_type)

    def osm_rules(self, data: dict[str, Any]) -> list[OsmRule]:
        return [self.osm_rule(rule, f"osm[{i}]") for i, rule in enumerate(data.get("osm", []))]

    def osm_rule(self, rule: Any, where: str) -> OsmRule:
        self.keys(rule, {"tags"}, _OSM_KEYS - {"tags"}, where)
        precision = str(rule.get("precision", "site"))
        if precision not in PRECISIONS:
            self.fail(
                f"độ chính xác {precision!r} không hợp lệ",
                f"unknown precision {precision!r}",
                f"{where}.precision",
            )
        return OsmRule(
            tags=self.pairs(self.table(rule, "tags", where)),
            precision=precision,
            properties=self.pairs(rule.get("properties")),
            name_vi_default=str(rule.get("name_vi_default", "")),
            name_en_default=str(rule.get("name_en_default", "")),
            extra_tasks=self.tasks(rule.get("extra_tasks", []), f"{where}.extra_tasks"),
        )

    # ------------------------------------------------------------ statuses
    def status_rule(self, raw: Any, where: str) -> StatusRule:
        self.keys(raw, {"source"}, _STATUS_RULE_KEYS - {"source"}, where)
        for k in ("map", "contains"):
            for target in dict(raw.get(k, {})).values():
                self.status(target, f"{where}.{k}")
        default = raw.get("default")
        if default is not None:
            self.status(default, f"{where}.default")
        if "date" not in raw and "date_field" not in raw:
            self.fail(
                "trạng thái cần date hoặc date_field",
                "a status needs a date or a date_field",
                f"{where}.date",
            )
        return StatusRule(
            source=self.string(raw, "source", where),
            default=default,
            field=raw.get("field"),
            map=self.pairs(raw.get("map")),
            contains=self.pairs(raw.get("contains")),
            date=self.partial_date(raw["date"], f"{where}.date") if "date" in raw else None,
            date_field=raw.get("date_field"),
            note=str(raw.get("note", "")),
        )

    def optional_status_rule(self, raw: dict[str, Any], where: str) -> StatusRule | None:
        return self.status_rule(raw["status"], f"{where}.status") if "status" in raw else None

    def status_events(self, raw: Any, where: str) -> list[StatusEntry]:
        if not isinstance(raw, list):
            self.fail(
                "phải là danh sách {status, date, source, note}",
                "must be a list of {status, date, source, note}",
                where,
            )
        out = []
        for i, ev in enumerate(raw):
            w = f"{where}[{i}]"
            self.keys(ev, {"status", "date", "source"}, {"note"}, w)
            out.append(
                StatusEntry(
                    status=self.status(ev["status"], f"{w}.status"),
                    date=self.partial_date(ev["date"], f"{w}.date"),
                    source=self.string(ev, "source", w),
                    note=str(ev.get("note", "")),
                )
            )
        return out

    # ------------------------------------------------------------ overrides
    def crossref(self, raw: Any, where: str) -> CrossRef:
        required = {"file", "format", "match_field", "match_value", "property", "fields"}
        self.keys(raw, required | {"source", "licence"}, _CROSSREF_KEYS - required, where)
        fmt = self.choice(raw, "format", FORMATS, where)
        admin = self.admin(raw, where)
        return CrossRef(
            file=self.string(raw, "file", where),
            format=fmt,
            match_field=self.string(raw, "match_field", where),
            match_value=str(raw["match_value"]),
            property=self.string(raw, "property", where),
            fields=self.pairs(self.table(raw, "fields", where)),
            source=self.string(raw, "source", where),
            licence=self.string(raw, "licence", where),
            note=str(raw.get("note", "")),
            status=self.optional_status_rule(raw, where),
            admin=admin,
        )

    def override(self, raw: Any, where: str) -> Override:
        self.keys(raw, {"id"}, _OVERRIDE_KEYS - {"id"}, where)
        return Override(
            id=str(raw["id"]),
            properties=dict(raw.get("properties", {})),
            tasks=self.tasks(raw["tasks"], f"{where}.tasks") if "tasks" in raw else None,
            extra_tasks=self.tasks(raw.get("extra_tasks", []), f"{where}.extra_tasks"),
            status=self.status_events(raw.get("status", []), f"{where}.status"),
            crossref=self.crossref(raw["crossref"], f"{where}.crossref")
            if "crossref" in raw
            else None,
            today_unit=raw.get("today_unit"),
            precision_note=raw.get("precision_note"),
        )

    # ------------------------------------------------------------ sources
    def source(self, raw: Any, where: str, geometry_type: str) -> SourceSpec:
        """Validate one ``[[sources]]`` table (or the ``[load_template]``)."""
        self.keys(raw, _SOURCE_REQUIRED, _SOURCE_OPTIONAL, where)
        fmt = self.choice(raw, "format", FORMATS, where)
        precision = self.choice(raw, "precision", PRECISIONS, where)
        self.source_data(raw, where, fmt)
        key = self.key(raw, where)
        fields = self.name_fields(raw, where)
        properties = self.properties(raw, where)
        row_filter = self.row_filter(raw, where)
        admin = self.admin(raw, where)
        geometry = self.geometry_mode(raw, where, fmt, precision, admin)
        overrides = [
            self.override(o, f"{where}.overrides[{i}]")
            for i, o in enumerate(raw.get("overrides", []))
        ]
        verified = self.verified(raw, where)
        rows = self.inline_rows(raw, where)
        return SourceSpec(
            id=self.string(raw, "id", where),
            format=fmt,
            source=self.string(raw, "source", where),
            licence=self.string(raw, "licence", where),
            attribution=self.string(raw, "attribution", where),
            precision=precision,
            key_field=key.get("field"),
            key_transform=str(key["transform"]),
            key_prefix=str(key.get("prefix", "")),
            key_value=key.get("value"),
            file=raw.get("file"),
            layer=raw.get("layer"),
            crs=raw.get("crs"),
            x_field=raw.get("x_field"),
            y_field=raw.get("y_field"),
            precision_note=str(raw.get("precision_note", "")),
            verified=verified,
            filter=row_filter,
            fields=fields,
            properties=properties,
            constants=dict(raw.get("constants", {})),
            status=self.optional_status_rule(raw, where),
            admin=admin,
            geometry=geometry,
            overrides=overrides,
            rows=rows,
            extra_tasks=self.tasks(raw.get("extra_tasks", []), f"{where}.extra_tasks"),
            in_province=raw.get("in_province"),
        )

    def source_data(self, raw: dict[str, Any], where: str, fmt: str) -> None:
        """A file source names its file (except the load template); inline needs rows."""
        if fmt != "inline" and where != "load_template" and "file" not in raw:
            self.fail(
                f"định dạng {fmt!r} cần một tệp (file)",
                f"format {fmt!r} needs a file",
                f"{where}.file",
            )
        if fmt == "inline" and not raw.get("rows"):
            self.fail(
                "nguồn inline cần [[...rows]]",
                "an inline source needs [[...rows]]",
                f"{where}.rows",
            )

    def key(self, raw: dict[str, Any], where: str) -> dict[str, Any]:
        """The ``key`` table; its ``transform`` is checked and needs a field or value."""
        key = self.table(raw, "key", where)
        self.keys(key, {"transform"}, _KEY_KEYS - {"transform"}, f"{where}.key")
        transform = self.choice(key, "transform", KEY_TRANSFORMS, f"{where}.key")
        if transform not in ("lonlat", "const") and "field" not in key:
            self.fail(
                f"phép biến đổi khóa {transform!r} cần một trường (field)",
                f"key transform {transform!r} needs a field",
                f"{where}.key.field",
            )
        if transform == "const" and "value" not in key:
            self.fail(
                "phép biến đổi khóa 'const' cần một giá trị (value)",
                "key transform 'const' needs a value",
                f"{where}.key.value",
            )
        return key

    def name_fields(self, raw: dict[str, Any], where: str) -> dict[str, str]:
        fields = dict(raw.get("fields", {}))
        self.keys(fields, set(), _FIELDS_KEYS, f"{where}.fields")
        if not any(k in fields for k in ("name_vi", "name_vi_default", "name_vi_template")):
            self.fail(
                "fields cần name_vi, name_vi_template hoặc name_vi_default",
                "fields need name_vi, name_vi_template or name_vi_default",
                f"{where}.fields",
            )
        return self.pairs(fields)

    def properties(self, raw: dict[str, Any], where: str) -> dict[str, PropertyMap]:
        props: dict[str, PropertyMap] = {}
        for col, target in dict(raw.get("properties", {})).items():
            if isinstance(target, str):
                props[str(col)] = PropertyMap(name=target)
                continue
            self.keys(target, {"name"}, _PROPERTY_KEYS - {"name"}, f"{where}.properties.{col}")
            props[str(col)] = PropertyMap(
                name=str(target["name"]),
                scale=target.get("scale"),
                round=target.get("round"),
                type=target.get("type"),
            )
        return props

    def row_filter(self, raw: dict[str, Any], where: str) -> dict[str, Any]:
        flt = dict(raw.get("filter", {}))
        if flt:
            self.keys(flt, {"field"}, _FILTER_KEYS - {"field"}, f"{where}.filter")
        return flt

    def admin(self, raw: dict[str, Any], where: str) -> dict[str, str]:
        admin = dict(raw.get("admin", {}))
        self.keys(admin, set(), _ADMIN_KEYS, f"{where}.admin")
        return self.pairs(admin)

    def geometry_mode(
        self, raw: dict[str, Any], where: str, fmt: str, precision: str, admin: dict[str, str]
    ) -> str:
        """The source's geometry mode, consistent with its precision."""
        geometry = str(raw.get("geometry", "none" if fmt == "inline" else "source"))
        if geometry not in GEOMETRY_MODES:
            self.fail(
                f"chế độ hình học {geometry!r} không hợp lệ",
                f"unknown geometry mode {geometry!r}",
                f"{where}.geometry",
            )
        if geometry == "districts_union":
            self.districts_union(where, precision, admin)
        if geometry == "none" and precision != "unlocated":
            self.fail(
                "nguồn không có hình học phải có độ chính xác 'unlocated'",
                "a source without geometry must have precision 'unlocated'",
                where,
            )
        self.precision_note(raw, where, precision, geometry)
        return geometry

    def districts_union(self, where: str, precision: str, admin: dict[str, str]) -> None:
        if "districts_field" not in admin:
            self.fail(
                "geometry 'districts_union' cần admin.districts_field",
                "geometry 'districts_union' needs admin.districts_field",
                f"{where}.admin",
            )
        if precision != SERVICE_AREA:
            self.fail(
                "hợp các huyện phải có độ chính xác 'service_area'",
                "a union of districts is a 'service_area'",
                f"{where}.precision",
            )

    def precision_note(
        self, raw: dict[str, Any], where: str, precision: str, geometry: str
    ) -> None:
        """'site'/'surveyed' need a mapped geometry; anything coarser says why."""
        if is_exact(precision) and geometry != "source":
            self.fail(
                "'site'/'surveyed' cần hình học thực trên bản đồ",
                "'site'/'surveyed' needs a real mapped geometry",
                f"{where}.precision",
            )
        if not is_exact(precision) and not raw.get("precision_note"):
            self.fail(
                "độ chính xác thấp hơn 'site' cần precision_note",
                "precision below 'site' needs a precision_note",
                f"{where}.precision_note",
            )

    def verified(self, raw: dict[str, Any], where: str) -> date | None:
        verified = raw.get("verified")
        if verified is not None and not isinstance(verified, date):
            self.fail(
                "phải là ngày TOML (YYYY-MM-DD)",
                "must be a TOML date (YYYY-MM-DD)",
                f"{where}.verified",
            )
        return verified

    def inline_rows(self, raw: dict[str, Any], where: str) -> list[dict[str, Any]]:
        rows = raw.get("rows", [])
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                self.fail(
                    "mỗi dòng inline phải là một bảng",
                    "each inline row must be a table",
                    f"{where}.rows[{i}]",
                )
            if "status" in row:
                self.status_events(row["status"], f"{where}.rows[{i}].status")
        return [dict(r) for r in rows]
