"""The project tracker: one row per project, with its capacity, phases, status, district and tasks.

Global Energy Monitor's trackers are the model: a project (a farm, a plant, a waste site,
an industrial park) is one row; its phases, when a source gives them, carry their own
capacity, status and date, and the row shows their sum and their mix; its parts (the
turbines of a farm) are counted under it; context (boundaries, the grid, a farm in a
neighbouring province) is never a row.

Filters are the map's (``layer``, ``status``, ``district``, ``task``, ``capacity_min``,
``capacity_max``, ``q``; see :func:`webmap.core.facets.parse_facet_filter`), with the
map's rule that the capacity range applies to the energy layers only. Reads go through
the store's filters: the project layers narrowed by status, task, district and text,
and the part layers of the projects shown.

Text for people (labels, dates at their precision, numbers in the reader's format) is
made by :class:`Formatter`, which both the page and the downloads use; its strings come
from the web catalogue through a ``translate`` callable, so core stays without Flask.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from webmap.core import plan as plan_core
from webmap.core.exports import neutralise
from webmap.core.facets import FacetFilter, facet_counts, parse_facet_filter
from webmap.core.formatting import format_date, format_number, parse_date
from webmap.domain import (
    CAPACITY_FIELD,
    CAPACITY_THEME,
    DATE_PRECISIONS,
    NO_STATUS,
    STATUSES,
    Feature,
    Layer,
    fold,
    task_sort_key,
)
from webmap.errors import BadRequest
from webmap.store import FeatureFilter, Store

#: A catalogue key → the text in the reader's language (``webmap.web.i18n.translate``).
Translate = Callable[[str], str]
#: A project key → the absolute address of its site page.
SiteLink = Callable[[str], str]

#: Columns the table can be sorted by; ``-name`` sorts the other way.
SORTS: tuple[str, ...] = ("name", "capacity", "status", "status_date", "district")
#: The order a column sorts in when first chosen: biggest and newest first.
FIRST_ORDER: dict[str, str] = {
    "name": "name",
    "capacity": "-capacity",
    "status": "status",
    "status_date": "-status_date",
    "district": "district",
}
#: The query parameters of the tracker (the map's filters plus ``sort``).
PARAMETERS: tuple[str, ...] = (
    "layer",
    "status",
    "district",
    "task",
    "capacity_min",
    "capacity_max",
    "q",
    "sort",
)



# -- records ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectQuery:
    """What the reader asked for: the map's filters and a sort order (``""``: by technology)."""

    filter: FacetFilter
    sort: str = ""


@dataclass(frozen=True)
class Phase:
    """One phase of a project as its source gives it (Global Energy Monitor's "unit")."""

    name_vi: str
    name_en: str | None
    capacity_mw: float | None
    status: str | None
    status_date: date | None
    date_precision: str | None
    source: str


@dataclass(frozen=True)
class District:
    """A district (before July 2025) a project lies in, serves, or lies off."""

    code: str
    name: str


@dataclass
class ProjectRow:
    """One project of the tracker.

    Attributes:
        feature: The project as stored (names, status, tasks, precision, key).
        layer: Its layer (the technology or kind).
        capacity_mw: The sum of its phases' capacities when they give any, else its own.
        phases: Its phases, when a source lists them.
        stated_capacity_mw: Its own ``capacity_mw`` when that differs from the phase sum
            (two sources that disagree; shown, never merged).
        districts: The districts it lies in, serves or lies off.
        offshore: Whether it lies off the coast (its district is the nearest coastal one).
        part_counts: Its parts per part layer (the turbines of a farm).
        listed_parts: Parts kept in the project's own layer (a phase a source lists on its own).
    """

    feature: Feature
    layer: Layer
    capacity_mw: float | None
    phases: list[Phase] = field(default_factory=list)
    stated_capacity_mw: float | None = None
    districts: list[District] = field(default_factory=list)
    offshore: bool = False
    part_counts: list[tuple[Layer, int]] = field(default_factory=list)
    listed_parts: list[Feature] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.feature.key

    @property
    def in_mw(self) -> bool:
        """Whether its size is counted in MW (an energy project; a waste site's is not)."""
        return self.layer.theme == CAPACITY_THEME or self.capacity_mw is not None

    def capacity_by_status(self) -> list[tuple[str, float]]:
        """Its MW by status: per phase when the phases give capacities, else the project's."""
        phased = [p for p in self.phases if p.capacity_mw is not None]
        if phased:
            return [(p.status or NO_STATUS, p.capacity_mw or 0.0) for p in phased]
        if self.capacity_mw is None:
            return []
        return [(self.feature.status or NO_STATUS, self.capacity_mw)]


@dataclass(frozen=True)
class Total:
    """How many projects, and how many MW, share a status or a technology."""

    key: str
    count: int
    capacity_mw: float


@dataclass
class ProjectTable:
    """The rows shown, in order, and their totals.

    ``by_status`` counts each project under its own status, and puts the MW of a
    project with phases under each phase's status (phase III planned, phases 1–2
    operating); ``by_layer`` counts projects and MW per technology. Both add up to
    ``capacity_mw``. ``without_capacity`` counts the projects measured in MW (energy)
    whose sources give no capacity.
    """

    rows: list[ProjectRow]
    query: ProjectQuery
    layers: dict[str, Layer]
    by_status: list[Total]
    by_layer: list[Total]
    capacity_mw: float
    without_capacity: int

    @property
    def in_mw(self) -> bool:
        """Whether any row shown is counted in MW (else a total in MW means nothing)."""
        return any(r.in_mw for r in self.rows)

    def layer_in_mw(self, layer_id: str) -> bool:
        return any(r.in_mw for r in self.rows if r.layer.id == layer_id)


@dataclass(frozen=True)
class Option:
    """One choice of a filter: its value and its label in Vietnamese and English."""

    value: str
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class FilterOptions:
    """The choices of the tracker's filter form."""

    layers: list[Option]
    districts: list[Option]
    tasks: list[Option]


# -- parsing ----------------------------------------------------------------------------


def parse_sort(value: str | None) -> str:
    """A sort order (``capacity``, ``-capacity`` …), ``""`` for none, else :class:`BadRequest`."""
    raw = (value or "").strip()
    if not raw:
        return ""
    if raw.removeprefix("-") in SORTS:
        return raw
    allowed = ", ".join(s for name in SORTS for s in (name, f"-{name}"))
    raise BadRequest(
        f"Không sắp xếp được theo {raw!r}. Dùng một trong: {allowed}.",
        f"Cannot sort by {raw!r}. Use one of: {allowed}.",
    )


def parse_project_query(args: Mapping[str, str]) -> ProjectQuery:
    """The tracker's query from request parameters (the map's filter names, and ``sort``)."""
    return ProjectQuery(filter=parse_facet_filter(args), sort=parse_sort(args.get("sort")))


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def parse_source_date(text: Any, precision: Any = None) -> tuple[date | None, str | None]:
    """A date as a source writes it (``2016``, ``2016-05``, ``2016-05-31``) and its precision."""
    parsed = parse_date(text) if isinstance(text, str) else None
    if parsed is None:
        return None, None
    value, inferred = parsed
    return value, precision if precision in DATE_PRECISIONS else inferred


def _phase(raw: Mapping[str, Any]) -> Phase:
    when, precision = parse_source_date(raw.get("status_date"), raw.get("date_precision"))
    status = raw.get("status")
    return Phase(
        name_vi=str(raw.get("name_vi") or raw.get("name_en") or ""),
        name_en=str(raw["name_en"]) if raw.get("name_en") else None,
        capacity_mw=_number(raw.get("capacity_mw")),
        status=status if status in STATUSES else None,
        status_date=when,
        date_precision=precision,
        source=str(raw.get("source") or ""),
    )


def phases_of(properties: Mapping[str, Any]) -> list[Phase]:
    """The ``phases`` a project's properties list (anything that is not a phase is skipped)."""
    raw = properties.get("phases")
    if not isinstance(raw, list):
        return []
    return [_phase(p) for p in raw if isinstance(p, Mapping)]


# -- reading ----------------------------------------------------------------------------


def _check_layers(wanted: Iterable[str], layers: Mapping[str, Layer]) -> None:
    unknown = sorted(set(wanted) - set(layers))
    if unknown:
        known = ", ".join(sorted(i for i, layer in layers.items() if layer.role == "project"))
        raise BadRequest(
            f"Không có lớp {', '.join(unknown)}. Các lớp dự án: {known}.",
            f"No layer {', '.join(unknown)}. Project layers: {known}.",
        )


def _project_layers(layers: Mapping[str, Layer], flt: FacetFilter) -> list[str]:
    return [
        layer.id
        for layer in sorted(layers.values(), key=lambda x: (x.sort_order, x.id))
        if layer.role == "project" and (not flt.layers or layer.id in flt.layers)
    ]


def _read(store: Store, layer_ids: Sequence[str], flt: FacetFilter) -> list[Feature]:
    if not layer_ids:
        return []
    return list(
        store.iter_features(
            FeatureFilter(
                layers=list(layer_ids),
                statuses=sorted(flt.statuses),
                tasks=sorted(flt.tasks),
                districts=sorted(flt.districts),
                query=flt.query,
            )
        )
    )


def _district_names(features: Iterable[Feature]) -> dict[str, str]:
    """District code → name, from the projects themselves (their own, and those they serve)."""
    names: dict[str, str] = {}
    for f in features:
        if f.district_code and f.district_name:
            names[f.district_code] = f.district_name
        served = f.properties.get("service_districts")
        for entry in served if isinstance(served, list) else []:
            if isinstance(entry, Mapping) and entry.get("code") and entry.get("name"):
                names.setdefault(str(entry["code"]), str(entry["name"]))
    return names


def _row(feature: Feature, layer: Layer, names: Mapping[str, str]) -> ProjectRow:
    phases = phases_of(feature.properties)
    stated = _number(feature.properties.get(CAPACITY_FIELD))
    phased = [p.capacity_mw for p in phases if p.capacity_mw is not None]
    capacity = math.fsum(phased) if phased else stated
    codes = feature.districts or ([feature.district_code] if feature.district_code else [])
    return ProjectRow(
        feature=feature,
        layer=layer,
        capacity_mw=capacity,
        phases=phases,
        stated_capacity_mw=stated if phased and stated is not None and stated != capacity else None,
        districts=[District(c, names[c]) for c in codes if c in names],
        offshore=feature.properties.get("offshore") is True,
    )


def _capacity_ok(row: ProjectRow, flt: FacetFilter) -> bool:
    """The map's rule: the capacity range applies to the energy layers only."""
    if row.layer.theme != CAPACITY_THEME or (flt.capacity_min is None and flt.capacity_max is None):
        return True
    if row.capacity_mw is None:
        return False
    low = flt.capacity_min if flt.capacity_min is not None else -math.inf
    high = flt.capacity_max if flt.capacity_max is not None else math.inf
    return low <= row.capacity_mw <= high


def _attach_parts(store: Store, rows: list[ProjectRow], layers: Mapping[str, Layer]) -> None:
    """Count each project's parts (the turbines of a farm) and name the parts a source lists
    on its own in the project's layer (a phase). Reads only the parts of the rows shown."""
    keys = [row.key for row in rows]
    found = list(store.iter_features(FeatureFilter(parents=keys))) if keys else []
    by_parent: dict[str, list[Feature]] = {}
    for part in found:
        if part.role == "part" and part.parent_key:
            by_parent.setdefault(part.parent_key, []).append(part)
    for row in rows:
        counts: dict[str, int] = {}
        for part in by_parent.get(row.key, []):
            if layers[part.layer_id].role == "part":
                counts[part.layer_id] = counts.get(part.layer_id, 0) + 1
            else:
                row.listed_parts.append(part)
        row.part_counts = [(layers[i], n) for i, n in sorted(counts.items())]


def list_projects(store: Store, flt: FacetFilter, sort: str = "") -> ProjectTable:
    """The projects matching ``flt`` (the map's filters), in ``sort`` order, with totals.

    Raises:
        BadRequest: for a layer that does not exist or a sort order that is not offered.
    """
    sort = parse_sort(sort)
    layers = {layer.id: layer for layer in store.list_layers()}
    _check_layers(flt.layers, layers)
    layer_ids = _project_layers(layers, flt)
    read = _read(store, layer_ids, flt)
    names = _district_names(read)
    rows = [
        _row(f, layers[f.layer_id], names)
        for f in read
        if f.role == "project" and f.layer_id in layers
    ]
    rows = [r for r in rows if _capacity_ok(r, flt)]
    _attach_parts(store, rows, layers)
    rows = sort_rows(rows, sort)
    by_status, by_layer = totals(rows)
    capacity = [r.capacity_mw for r in rows if r.capacity_mw is not None]
    return ProjectTable(
        rows=rows,
        query=ProjectQuery(flt, sort),
        layers=layers,
        by_status=by_status,
        by_layer=by_layer,
        capacity_mw=math.fsum(capacity),
        without_capacity=sum(1 for r in rows if r.in_mw and r.capacity_mw is None),
    )


def filter_options(store: Store) -> FilterOptions:
    """The filter form's choices: project layers with projects, their districts and tasks."""
    counts = facet_counts(store, FacetFilter())
    layers = [
        Option(layer.id, layer.title_vi, layer.title_en)
        for layer in store.list_layers()
        if layer.role == "project" and counts["layers"].get(layer.id, {}).get("count")
    ]
    districts = [
        Option(d["code"], d["name"] or d["code"], d["name"] or d["code"])
        for d in counts["districts"]
    ]
    texts = {t["code"]: t for t in plan_core.list_tasks(store)}
    tasks = [
        Option(
            code,
            _task_label(code, texts.get(code, {}).get("text_vi")),
            _task_label(code, texts.get(code, {}).get("summary_en")),
        )
        for code in sorted(counts["tasks"], key=task_sort_key)
    ]
    return FilterOptions(layers=layers, districts=districts, tasks=tasks)


def _task_label(code: str, text: str | None, width: int = 60) -> str:
    text = " ".join((text or "").split())
    if len(text) > width:
        text = text[: width - 1].rsplit(" ", 1)[0] + "…"
    return f"{code} — {text}" if text else code


# -- order and totals -------------------------------------------------------------------


def _first_district(row: ProjectRow) -> str | None:
    return fold(row.districts[0].name) if row.districts else None


def _status_rank(row: ProjectRow) -> int | None:
    status = row.feature.status
    return STATUSES.index(status) if status in STATUSES else None


_SORT_VALUES: dict[str, Callable[[ProjectRow], Any]] = {
    "name": lambda r: fold(r.feature.name_vi),
    "capacity": lambda r: r.capacity_mw,
    "status": _status_rank,
    "status_date": lambda r: r.feature.status_date,
    "district": _first_district,
}


def sort_rows(rows: Iterable[ProjectRow], sort: str = "") -> list[ProjectRow]:
    """Rows in ``sort`` order, by name within equal values; rows without a value come last.

    Without a sort, rows are grouped by technology (the layers' panel order).
    """
    by_name = sorted(rows, key=lambda r: (fold(r.feature.name_vi), r.feature.name_vi, r.key))
    if not sort:
        return sorted(by_name, key=lambda r: (r.layer.sort_order, r.layer.id))
    value = _SORT_VALUES[sort.removeprefix("-")]
    known = [r for r in by_name if value(r) is not None]
    unknown = [r for r in by_name if value(r) is None]
    known.sort(key=value, reverse=sort.startswith("-"))
    return known + unknown


def _add(bucket: dict[str, list[float]], key: str, count: int, mw: float) -> None:
    entry = bucket.setdefault(key, [0, 0.0])
    entry[0] += count
    entry[1] += mw


def totals(rows: Sequence[ProjectRow]) -> tuple[list[Total], list[Total]]:
    """Projects and MW by status (MW by phase status) and by technology, in display order."""
    by_status: dict[str, list[float]] = {}
    by_layer: dict[str, list[float]] = {}
    order: dict[str, tuple[int, str]] = {}
    for row in rows:
        _add(by_status, row.feature.status or NO_STATUS, 1, 0.0)
        for status, mw in row.capacity_by_status():
            _add(by_status, status, 0, mw)
        _add(by_layer, row.layer.id, 1, row.capacity_mw or 0.0)
        order[row.layer.id] = (row.layer.sort_order, row.layer.id)
    status_order = (*STATUSES, NO_STATUS)
    return (
        [Total(s, int(by_status[s][0]), by_status[s][1]) for s in status_order if s in by_status],
        [
            Total(i, int(by_layer[i][0]), by_layer[i][1])
            for i in sorted(by_layer, key=order.__getitem__)
        ],
    )


# -- text for people --------------------------------------------------------------------


@dataclass(frozen=True)
class Formatter:
    """Numbers, dates, labels and cells in the reader's language (``vi`` or ``en``)."""

    lang: str
    translate: Translate

    def t(self, key: str, **values: Any) -> str:
        """A catalogue string, with ``{name}`` placeholders filled in."""
        text = self.translate(key)
        return text.format(**values) if values else text

    def number(self, value: float | None) -> str:
        """``1.234,5`` in Vietnamese, ``1,234.5`` in English (as pages and popups write it)."""
        return "" if value is None else format_number(value, self.lang)

    def mw(self, value: float | None) -> str:
        return f"{self.number(value)} MW" if value is not None else ""

    def date(self, value: date | None, precision: str | None) -> str:
        """A date at the precision its source gives: day, month, year, end of year, recorded."""
        if value is None:
            return ""
        return format_date(value, precision, self.lang, self.t)

    def status(self, status: str | None) -> str:
        return self.t(f"status_{status or NO_STATUS}")

    def status_date(self, row: ProjectRow) -> str:
        """The current status's date, or a plain statement that it is not known."""
        if row.feature.status is None:
            return ""
        text = self.date(row.feature.status_date, row.feature.status_date_precision)
        return text or self.t("projects_date_unknown")

    def pick(self, vi: str | None, en: str | None) -> str:
        return (en if self.lang == "en" and en else vi) or en or ""

    def layer(self, layer: Layer) -> str:
        return self.pick(layer.title_vi, layer.title_en)

    def name_en(self, row: ProjectRow) -> str:
        """The English name when there is one that differs from the Vietnamese."""
        name_en = (row.feature.name_en or "").strip()
        return name_en if name_en and name_en != row.feature.name_vi.strip() else ""

    def capacity(self, row: ProjectRow) -> str:
        """``240,2 MW (2 giai đoạn)``; empty when no source gives a capacity."""
        if row.capacity_mw is None:
            return ""
        count = len(row.phases)
        if count == 0:
            return self.mw(row.capacity_mw)
        key = "projects_phase_count_one" if count == 1 else "projects_phase_count"
        return f"{self.mw(row.capacity_mw)} ({self.t(key, n=count)})"

    def phase(self, phase: Phase) -> str:
        """``Giai đoạn III: 141 MW, Trong quy hoạch (15/04/2025)``."""
        bits = [self.mw(phase.capacity_mw)] if phase.capacity_mw is not None else []
        if phase.status:
            status = self.status(phase.status)
            when = self.date(phase.status_date, phase.date_precision)
            bits.append(f"{status} ({when})" if when else status)
        name = self.pick(phase.name_vi, phase.name_en)
        return f"{name}: {', '.join(bits)}" if bits else name

    def capacity_note(self, row: ProjectRow) -> str:
        """Sources that disagree on the capacity, as they say it; never resolved here."""
        props = row.feature.properties
        stated = self.pick(props.get("capacity_conflict_vi"), props.get("capacity_conflict_en"))
        if isinstance(stated, str) and stated.strip():
            return stated.strip()
        if row.stated_capacity_mw is not None:
            return self.t("projects_capacity_differs", mw=self.mw(row.stated_capacity_mw))
        return ""

    def districts(self, row: ProjectRow) -> str:
        """``Huyện Đông Hải``; ``ngoài khơi Huyện Đông Hải`` offshore; several joined."""
        names = [d.name for d in row.districts]
        if row.offshore and names:
            return self.t("projects_offshore", name=", ".join(names))
        return ", ".join(names)

    def today(self, row: ProjectRow) -> str:
        """Today's unit of the project's district (July 2025 merger), when the data has it."""
        unit = row.feature.today_unit
        return self.t("projects_today", unit=unit) if unit and row.districts else ""

    def parts(self, row: ProjectRow) -> list[str]:
        """``62 tua-bin``, and each part a source lists on its own by name."""
        out = []
        for layer, n in row.part_counts:
            key = f"projects_parts_{layer.id}" + ("_one" if n == 1 else "")
            try:
                out.append(self.t(key, n=self.number(n)))
            except KeyError:  # a part layer without its own wording
                title = self.layer(layer)
                out.append(self.t("projects_parts_generic", n=self.number(n), layer=title))
        for part in row.listed_parts:
            out.append(self.t("projects_listed_part", name=self.pick(part.name_vi, part.name_en)))
        return out

    def precision(self, row: ProjectRow) -> str:
        return self.t(f"precision_{row.feature.precision}")

    def tasks(self, row: ProjectRow) -> str:
        return ", ".join(row.feature.tasks)


# -- downloads --------------------------------------------------------------------------

#: Download columns: (catalogue key of the heading, cell).
_Cell = Callable[[Formatter, ProjectRow, SiteLink], Any]
COLUMNS: tuple[tuple[str, _Cell], ...] = (
    ("projects_col_name_vi", lambda f, r, _: r.feature.name_vi),
    ("projects_col_name_en", lambda f, r, _: f.name_en(r)),
    ("projects_col_technology", lambda f, r, _: f.layer(r.layer)),
    ("projects_col_capacity_mw", lambda f, r, _: r.capacity_mw),
    ("projects_col_phases", lambda f, r, _: "; ".join(f.phase(p) for p in r.phases)),
    ("projects_col_capacity_note", lambda f, r, _: f.capacity_note(r)),
    ("status", lambda f, r, _: f.status(r.feature.status)),
    ("projects_col_status_date", lambda f, r, _: f.status_date(r)),
    ("district", lambda f, r, _: f.districts(r)),
    ("today_unit", lambda f, r, _: r.feature.today_unit if r.districts else ""),
    ("tasks", lambda f, r, _: f.tasks(r)),
    ("projects_col_parts", lambda f, r, _: "; ".join(f.parts(r))),
    ("precision", lambda f, r, _: f.precision(r)),
    ("projects_col_page", lambda f, r, link: link(r.key)),
    ("key", lambda f, r, _: r.key),
)
#: Index of the capacity column (a number in the spreadsheet).
CAPACITY_COLUMN = 3


def export_rows(table: ProjectTable, fmt: Formatter, link: SiteLink) -> list[list[Any]]:
    """The heading row, then one row per project, in the table's order (values unformatted
    numbers for the capacity, text elsewhere, ``None`` never: an empty cell is ``""``)."""
    out: list[list[Any]] = [[fmt.t(key) for key, _ in COLUMNS]]
    for row in table.rows:
        cells = [cell(fmt, row, link) for _, cell in COLUMNS]
        out.append(["" if c is None else c for c in cells])
    return out


def projects_csv(table: ProjectTable, fmt: Formatter, link: SiteLink) -> bytes:
    """The rows shown as CSV: UTF-8 with a byte-order mark (so Excel reads Vietnamese),
    comma-separated, ``.`` as the decimal point, formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for cells in export_rows(table, fmt, link):
        writer.writerow([neutralise(_plain(c)) for c in cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return value


#: Spreadsheet column widths (characters), by heading key; others get 16.
_WIDTHS = {
    "projects_col_name_vi": 48,
    "projects_col_name_en": 40,
    "projects_col_technology": 26,
    "projects_col_capacity_mw": 14,
    "projects_col_phases": 60,
    "projects_col_capacity_note": 50,
    "district": 28,
    "tasks": 20,
    "projects_col_page": 50,
    "key": 34,
}


def projects_xlsx(table: ProjectTable, fmt: Formatter, link: SiteLink) -> bytes:
    """The rows shown as an Excel workbook: a bold frozen heading row, MW as numbers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = fmt.t("projects_sheet")[:31]
    for cells in export_rows(table, fmt, link):
        sheet.append(cells)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text, even "=1+1": never a formula
        row[CAPACITY_COLUMN].number_format = "#,##0.0##"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (key, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(key, 16)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- sorting controls -------------------------------------------------------------------


def next_sort(current: str, column: str) -> str:
    """The order a column's sort button asks for: its first order, or the reverse of it
    when the table is already in that order."""
    first = FIRST_ORDER[column]
    if current == first:
        return first[1:] if first.startswith("-") else f"-{first}"
    return first


def sort_direction(current: str, column: str) -> str | None:
    """``ascending`` or ``descending`` when the table is sorted by ``column`` (for aria-sort)."""
    if current.removeprefix("-") != column:
        return None
    return "descending" if current.startswith("-") else "ascending"
