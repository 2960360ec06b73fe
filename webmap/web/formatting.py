"""What a visitor reads, formatted: numbers in the page's language, dates as precise as
their source, units, citations with links, names, and a feature's properties as labelled
rows. ``static/js/format.js`` is its twin for the map's popups: both give the same text.

Nothing here trusts a value as markup: every value is escaped, and a URL inside a text
becomes a link built here. Labels come from the layer spec's ``[labels]`` table
(``etl/specs.py``); a property without a label is not shown (the GeoJSON download keeps
every property). A layer whose spec has no labels at all (a file loaded by GIS staff) falls
back to the interface catalogue's ``field_<name>`` labels.

Notes (status notes, precision notes, ``*_note`` properties) are written once as
``"Vietnamese / English"``; :func:`bilingual` shows the page's half of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask
from markupsafe import Markup, escape

from webmap.core import formatting as core_format
from webmap.domain import STATUSES, Feature, Layer
from webmap.web.i18n import CATALOGUE, current_language, translate

#: Units of the plan's targets (written in Vietnamese) in English; the rest are the same.
UNITS_EN = {
    "%/năm": "%/year",
    "lần": "times",
    "triệu đồng": "million VND",
    "tỷ đồng": "billion VND",
    "triệu USD": "million USD",
    "tỷ USD": "billion USD",
    "% GRDP": "% of GRDP",
    "tấn/ngày": "t/day",
    "m³/ngày": "m³/day",
    "người": "people",
    "năm": "years",
}

#: An address in a text: with its scheme, or a bare ``host.tld/path`` as sources write them.
_URL = re.compile(
    r"https?://[^\s<>\"'`;]+"
    r"|\b(?:[a-z0-9-]+\.)+(?:vn|com|org|net|gov|int|info|edu)/[^\s<>\"'`;]*",
    re.IGNORECASE,
)


def _lang(lang: str | None) -> str:
    return lang or current_language()


# ----------------------------------------------------------------------------- numbers
def format_number(value: Any, lang: str | None = None) -> str:
    """``977.75`` as ``977,75`` (vi) or ``977.75`` (en): see :mod:`webmap.core.formatting`."""
    return core_format.format_number(value, _lang(lang))


def translate_unit(unit: str | None, lang: str | None = None) -> str:
    """A unit of the plan in the page's language (``%/năm`` → ``%/year``)."""
    if not unit:
        return ""
    return UNITS_EN.get(unit, unit) if _lang(lang) == "en" else unit


def with_unit(number: str, unit: str) -> str:
    """``15%`` but ``977,75 ha``: percentages stick to their number."""
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"


#: How a target's value compares (``reduce_by`` is a word: see :func:`target_value`).
_COMPARISON = {"at_least": "≥ ", "above": "> ", "below": "< ", "about": "≈ "}


def target_value(target: dict[str, Any], lang: str | None = None) -> str:
    """A plan target as a reader says it: ``≈ 187 triệu đồng``, ``9.5–10.5%/year``."""
    lang = _lang(lang)
    low, high = target.get("value_min"), target.get("value_max")
    if low is not None and high is not None and low != high:
        value = f"{format_number(low, lang)}–{format_number(high, lang)}"
    else:
        value = format_number(low if low is not None else high, lang)
    comparison = target.get("comparison", "")
    prefix = (
        translate("fmt_reduce_by", lang) + " "
        if comparison == "reduce_by"
        else _COMPARISON.get(comparison, "")
    )
    return prefix + with_unit(value, translate_unit(target.get("unit"), lang))


# ----------------------------------------------------------------------------- dates
as_date = core_format.parse_date


def format_date(value: Any, precision: str | None = None, lang: str | None = None) -> str:
    """A date as precise as its source (see :func:`webmap.core.formatting.format_date`)."""
    lang = _lang(lang)
    return core_format.format_date(value, precision, lang, lambda key: translate(key, lang))


def status_when(value: Any, precision: str | None = None, lang: str | None = None) -> str:
    """The date of a status, or "chưa rõ ngày / date unknown" when the source gives none."""
    if value in (None, ""):
        return translate("fmt_date_unknown", lang)
    return format_date(value, precision, lang)


# ----------------------------------------------------------------------------- bilingual
#: What separates the two halves of a note written "Vietnamese / English". Addresses and dates
#: have slashes too, but never with a space on each side.
BILINGUAL_SEPARATOR = " / "


def bilingual(text: Any, lang: str | None = None) -> str:
    """The half of a ``"Vietnamese / English"`` note in the page's language.

    Split at the first ``" / "`` only, and only when both halves have words; any other text
    (one language, a lone address, ``"a / "``) is returned as it is.
    """
    text = "" if text is None else str(text)
    vi, sep, en = text.partition(BILINGUAL_SEPARATOR)
    if not sep or not vi.strip() or not en.strip():
        return text
    return (en if _lang(lang) == "en" else vi).strip()


def is_note(name: str) -> bool:
    """A property that holds a note (``note``, ``capacity_note`` ...): written ``"vi / en"``."""
    name = name.rsplit(".", 1)[-1]
    return name in ("note", "possibly_related") or name.endswith("_note")


# ----------------------------------------------------------------------------- citations
def _link(url: str, text: str | None = None) -> Markup:
    href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
    host = (urlsplit(href).hostname or url).removeprefix("www.")
    return Markup('<a href="{}" rel="noopener noreferrer" title="{}">{}</a>').format(
        href, href, text or host
    )


def citation(text: Any) -> Markup:
    """A source as readable text; each address in it becomes a link named by its site."""
    text = "" if text is None else str(text)
    out: list[Markup] = []
    pos = 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,)]")
        out += [escape(text[pos : m.start()]), _link(url)]
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


# ----------------------------------------------------------------------------- names
def display_names(feature: Feature, lang: str | None = None) -> tuple[str, str | None]:
    """The name to show and, when it differs, the name the source gives.

    The ETL gives a national-plan project the Vietnamese name its spec writes and keeps
    the source's own name (the plan's English translation) as ``name_in_source``.
    """
    name = feature.name_en if _lang(lang) == "en" and feature.name_en else feature.name_vi
    in_source = (feature.properties or {}).get("name_in_source")
    return name, (str(in_source) if in_source and in_source != name else None)


def _empty(value: Any) -> bool:
    return value is None or isinstance(value, bool) or value in ("", [], {})


# ----------------------------------------------------------------------------- attributes
@dataclass
class Row:
    """One labelled attribute: a formatted value, or sub-rows for nested data."""

    label: str
    value: Markup | None = None
    rows: list[Row] = field(default_factory=list)


class Attributes:
    """A layer's labelled, formatted properties in one language."""

    def __init__(self, layer: Layer, lang: str | None = None) -> None:
        self.layer = layer
        self.labels = layer.labels
        self.lang = _lang(lang)

    def label(self, path: str) -> dict[str, Any] | None:
        """The spec's label of a property (``a`` or ``a.b``); the catalogue's for a layer
        whose spec has none."""
        if path in self.labels:
            return self.labels[path]
        key = f"field_{path}"
        return CATALOGUE.get(key) if not self.labels and key in CATALOGUE else None

    def names(self) -> list[str]:
        """The properties a page shows: the popup fields first, then every other label."""
        names = [*self.layer.popup_fields, *(n for n in self.labels if "." not in n)]
        return list(dict.fromkeys(names))

    def rows(self, props: dict[str, Any], names: Iterable[str], prefix: str = "") -> list[Row]:
        """A row per labelled, non-empty property of ``props`` among ``names``."""
        out = []
        for name in names:
            row = self.row(props, name, f"{prefix}.{name}" if prefix else name)
            if row is not None:
                out.append(row)
        return out

    def row(self, props: dict[str, Any], name: str, path: str) -> Row | None:
        label = self.label(path)
        if label is None:
            return None
        value = props.get(name)
        if value is None:  # a text given in both languages: ``note_vi`` / ``note_en``
            value = props.get(f"{name}_{self.lang}") or props.get(f"{name}_vi")
        shown = self.value(value, label, path, props)
        if not shown:  # nothing worth a row: None, an empty text, no sub-rows
            return None
        if isinstance(shown, list):
            return Row(label[self.lang], rows=shown)
        return Row(label[self.lang], shown)

    def value(
        self, value: Any, label: dict[str, Any], path: str, siblings: dict[str, Any]
    ) -> Markup | list[Row] | None:
        if _empty(value):
            return None
        if isinstance(value, dict):
            return self.rows(value, list(value), path) or None
        if isinstance(value, list):
            return self.items(value, label, path)
        if isinstance(value, int | float):
            return self.number(value, label, path)
        return self.text(str(value), label, path, siblings)

    def number(self, value: float, label: dict[str, Any], path: str) -> Markup | None:
        if label.get("omit_zero") and value == 0:
            return None
        if "link" in label:
            return _link(label["link"].format(value=quote(str(value))), str(value))
        if path.endswith("year"):
            return escape(str(int(value)))
        unit = label.get("unit", {}).get(self.lang, "")
        return escape(with_unit(format_number(value, self.lang), unit))

    def text(
        self, value: str, label: dict[str, Any], path: str, siblings: dict[str, Any]
    ) -> Markup:
        known = label.get("values", {}).get(value)
        if known:
            return escape(known[self.lang])
        if "link" in label:
            return _link(label["link"].format(value=quote(value)), value)
        name = path.rsplit(".", 1)[-1]
        if name.endswith("date") and as_date(value):
            return escape(format_date(value, siblings.get("date_precision"), self.lang))
        if name.endswith("status") and value in STATUSES:
            return escape(translate(f"status_{value}", self.lang))
        if is_note(name):
            value = bilingual(value, self.lang)
        return citation(value)

    def items(self, items: list[Any], label: dict[str, Any], path: str) -> Markup | list[Row]:
        """A list: its items joined, or a sub-table per item when the spec labels their keys."""
        items = [item for item in items if not _empty(item)]
        if not all(isinstance(item, dict) for item in items):
            return Markup(", ").join(self.text(str(i), label, path, {}) for i in items)
        if any(name.startswith(f"{path}.") for name in self.labels):
            return [
                Row(
                    self.item_name(item) or f"{translate('fmt_phase', self.lang)} {n}",
                    rows=self.rows(item, list(item), path),
                )
                for n, item in enumerate(items, 1)
            ]
        return escape(", ".join(filter(None, (self.item_name(item) for item in items))))

    def item_name(self, item: dict[str, Any]) -> str:
        name = item.get(f"name_{self.lang}") or item.get("name_vi") or item.get("name")
        return str(name) if name else ""


def attribute_rows(feature: Feature, layer: Layer, lang: str | None = None) -> list[Row]:
    """Every labelled, non-empty property of a feature, formatted (the site page)."""
    attrs = Attributes(layer, lang)
    props = feature.properties or {}
    return attrs.rows(props, attrs.names())


def register(app: Flask) -> None:
    """The template filters and helpers (``{{ x|number }}``, ``{{ d|date_at('year') }}``)."""
    app.add_template_filter(format_number, "number")
    app.add_template_filter(format_date, "date_at")
    app.add_template_filter(status_when, "status_when")
    app.add_template_filter(translate_unit, "unit")
    app.add_template_filter(citation, "citation")
    app.add_template_filter(bilingual, "bilingual")
    app.add_template_global(attribute_rows, "attribute_rows")
    app.add_template_global(display_names, "display_names")
    app.add_template_global(with_unit, "with_unit")
    app.add_template_global(target_value, "target_value")
