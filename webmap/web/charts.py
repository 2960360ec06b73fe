"""A small chart per plan target, drawn on the server as SVG (no script, no library).

What a chart shows: the baseline (a hollow point), the measured values (a line with points),
the target (a dashed line, or a shaded band for a range such as "9.5–10.5 %/year") and axis
labels (the first and last year, the lowest and highest value) formatted in the page's
language. Every text is escaped; the SVG has ``role="img"``, a ``<title>`` and a
``<desc>`` that says the same in words for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from webmap.core.formatting import format_number

#: The plan's first year: where a chart's years start unless a value is older.
PLAN_START = 2023
#: Drawing area in SVG units (the SVG scales to its box: ``width: 100%``).
WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 24

#: Words of a chart's description, per language.
_WORDS = {
    "vi": {
        "baseline": "Giá trị gốc",
        "measured": "Giá trị đo được",
        "target": "Mục tiêu",
        "none": "chưa có số liệu",
        "in": "năm",
    },
    "en": {
        "baseline": "Baseline",
        "measured": "Measured values",
        "target": "Target",
        "none": "no data yet",
        "in": "in",
    },
}


@dataclass
class ChartData:
    """What one target's chart is drawn from.

    Attributes:
        title: The chart's accessible name (the indicator).
        baseline: ``(year, value)`` of the baseline, if any.
        values: Measured ``(year, value)`` pairs.
        target_low: The target's value (or a range's lower bound); ``None`` when unknown.
        target_high: A range's upper bound (``None`` or equal to ``target_low`` for a line).
        target_year: The year the target is due.
        unit: The unit shown after numbers (already in the page's language).
    """

    title: str
    baseline: tuple[int, float] | None = None
    values: list[tuple[int, float]] = field(default_factory=list)
    target_low: float | None = None
    target_high: float | None = None
    target_year: int = 2030
    unit: str = ""


@dataclass
class _Scale:
    """Maps years and values to SVG coordinates."""

    year0: int
    year1: int
    low: float
    high: float

    def x(self, year: float) -> float:
        span = max(self.year1 - self.year0, 1)
        return LEFT + (year - self.year0) / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        span = (self.high - self.low) or 1.0
        return TOP + (self.high - value) / span * (HEIGHT - TOP - BOTTOM)


def _scale(data: ChartData) -> _Scale:
    """Years from the first point to the target year; values from all points and the target,
    padded a little so that nothing sits on the frame."""
    years = [y for y, _ in data.values] + ([data.baseline[0]] if data.baseline else [])
    numbers = [v for _, v in data.values] + ([data.baseline[1]] if data.baseline else [])
    numbers += [v for v in (data.target_low, data.target_high) if v is not None]
    year0 = min([*years, PLAN_START, data.target_year - 1])
    year1 = max([*years, data.target_year])
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low = 0.0 if 0 <= low < pad * 2 else low - pad
    return _Scale(year0, year1, low, high + pad)


def _num(value: float) -> str:
    """An SVG coordinate."""
    return f"{value:.1f}"


def _target(data: ChartData, s: _Scale) -> list[Markup]:
    """The target as a dashed line, or a shaded band between a range's bounds."""
    low, high = data.target_low, data.target_high
    if low is None and high is None:
        return []
    x0, x1 = _num(s.x(s.year0)), _num(s.x(s.year1))
    if low is not None and high is not None and high != low:
        top, bottom = s.y(max(low, high)), s.y(min(low, high))
        return [
            Markup('<rect class="ch-band" x="{}" y="{}" width="{}" height="{}"/>').format(
                x0, _num(top), _num(s.x(s.year1) - s.x(s.year0)), _num(max(bottom - top, 1))
            )
        ]
    value = low if low is not None else high
    y = _num(s.y(float(value)))  # type: ignore[arg-type]
    return [
        Markup('<line class="ch-target" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(x0, y, x1, y)
    ]


def _series(data: ChartData, s: _Scale) -> list[Markup]:
    """The baseline point, and the measured values as a line with a point per year."""
    out: list[Markup] = []
    points = sorted(data.values)
    if len(points) > 1:
        path = " ".join(f"{_num(s.x(y))},{_num(s.y(v))}" for y, v in points)
        out.append(Markup('<polyline class="ch-line" points="{}"/>').format(path))
    for year, value in points:
        out.append(
            Markup('<circle class="ch-point" cx="{}" cy="{}" r="3"/>').format(
                _num(s.x(year)), _num(s.y(value))
            )
        )
    if data.baseline:
        year, value = data.baseline
        out.append(
            Markup('<circle class="ch-base" cx="{}" cy="{}" r="4"/>').format(
                _num(s.x(year)), _num(s.y(value))
            )
        )
    return out


def _axes(s: _Scale, lang: str) -> list[Markup]:
    """The frame and four labels: the lowest and highest value, the first and last year."""
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    label = Markup('<text class="ch-label" x="{}" y="{}" text-anchor="{}">{}</text>')
    return [
        Markup('<path class="ch-axis" d="M{} {}V{}H{}"/>').format(LEFT, TOP, bottom, right),
        label.format(LEFT - 4, _num(s.y(s.high) + 8), "end", _short(s.high, lang)),
        label.format(LEFT - 4, bottom, "end", _short(s.low, lang)),
        label.format(LEFT, HEIGHT - 6, "start", s.year0),
        label.format(right, HEIGHT - 6, "end", s.year1),
    ]


def _short(value: float, lang: str) -> str:
    """An axis label: at most two decimals."""
    return format_number(round(value, 2 if abs(value) < 100 else 0), lang)


def _with_unit(value: float, unit: str, lang: str) -> str:
    number = format_number(value, lang)
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"


def describe(data: ChartData, lang: str) -> str:
    """The chart in words (its ``<desc>``): baseline, measured values, target."""
    words = _WORDS["en" if lang == "en" else "vi"]
    parts = []
    if data.baseline:
        year, value = data.baseline
        parts.append(f"{words['baseline']}: {_with_unit(value, data.unit, lang)} ({year})")
    if data.values:
        shown = ", ".join(
            f"{year}: {_with_unit(value, data.unit, lang)}" for year, value in sorted(data.values)
        )
        parts.append(f"{words['measured']}: {shown}")
    else:
        parts.append(f"{words['measured']}: {words['none']}")
    low, high = data.target_low, data.target_high
    if low is not None or high is not None:
        if low is not None and high is not None and low != high:
            value_text = f"{format_number(low, lang)}–{_with_unit(high, data.unit, lang)}"
        else:
            value_text = _with_unit(float(low if low is not None else high), data.unit, lang)  # type: ignore[arg-type]
        parts.append(f"{words['target']} {data.target_year}: {value_text}")
    return ". ".join(parts) + "."


def _empty_note(data: ChartData, lang: str) -> list[Markup]:
    """ "No data yet" across the plot when there is neither a baseline nor a value."""
    if data.values or data.baseline:
        return []
    x, y = (LEFT + WIDTH - RIGHT) / 2, TOP + 12
    words = _WORDS["en" if lang == "en" else "vi"]
    return [
        Markup('<text class="ch-empty" x="{}" y="{}" text-anchor="middle">{}</text>').format(
            _num(x), _num(y), words["none"]
        )
    ]


def target_chart(data: ChartData, lang: str, *, chart_id: str) -> Markup:
    """The SVG of one target's chart (safe to insert in a page as it is)."""
    s = _scale(data)
    body = [*_target(data, s), *_axes(s, lang), *_series(data, s), *_empty_note(data, lang)]
    head = Markup(
        '<svg class="ch" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{i}-t {i}-d" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{i}-t">{title}</title>'
        '<desc id="{i}-d">{desc}</desc>'
    ).format(w=WIDTH, h=HEIGHT, i=chart_id, title=data.title, desc=describe(data, lang))
    return head + Markup("").join(body) + Markup("</svg>")


# ----------------------------------------------------------------------------- adapters
def _pair(value: Any) -> tuple[int, float] | None:
    """``(year, value)`` from a tuple or a stored row (``{"year": …, "value": …}``)."""
    if value is None:
        return None
    if isinstance(value, dict):
        if value.get("year") is None or value.get("value") is None:
            return None
        return int(value["year"]), float(value["value"])
    year, number = value
    return int(year), float(number)


def field_of(value: Any, name: str) -> Any:
    """A field of an assessment, whether a dataclass or its JSON dict."""
    if value is None:
        return None
    if isinstance(value, dict):
        return value.get(name)
    return getattr(value, name, None)


def _target_bounds(row: dict[str, Any]) -> tuple[float | None, float | None]:
    """The target's value(s) as the chart draws them: the assessment's computed target when
    it has one (a reduction from the baseline becomes a level), else the plan's bounds."""
    computed = field_of(row.get("assessment"), "target_value")
    target = row.get("target", row)
    low, high = target.get("value_min"), target.get("value_max")
    if target.get("comparison") == "reduce_by" and target.get("unit") == "%":
        return (float(computed), None) if computed is not None else (None, None)
    if target.get("comparison") == "range":
        return low, high
    if computed is not None:
        return float(computed), None
    return (low if low is not None else high), None


def chart_for(row: dict[str, Any], lang: str, title: str, unit: str) -> Markup:
    """The chart of one row of :func:`webmap.core.targets.target_table`."""
    target = row.get("target", row)
    series = [p for p in (_pair(v) for v in row.get("series") or []) if p is not None]
    low, high = _target_bounds(row)
    data = ChartData(
        title=title,
        baseline=_pair(row.get("baseline")),
        values=series,
        target_low=low,
        target_high=high,
        target_year=int(target.get("target_year") or 2030),
        unit=unit,
    )
    return target_chart(data, lang, chart_id=f"chart-{target.get('id', 'x')}")
