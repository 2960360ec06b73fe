"""Is a 2030 target on track? One category per target, with the numbers behind it.

The method is open-sdg's progress measure, developed by Statistics Canada from Eurostat's
(https://github.com/open-sdg/open-sdg/blob/master/docs/progress-methodology.md): the
*observed* yearly rate of change since the base year is compared with the *required* yearly
rate that would reach the target in the target year, and their ratio ``R`` gives the category:

==========================  =======================================
target met by the latest     ``achieved``
``R ≥ 0.95``                 ``on_track``
``0.6 ≤ R < 0.95``           ``acceleration_needed``
``0 ≤ R < 0.6``              ``limited_progress``
``R < 0``                    ``moving_away`` (open-sdg: "deterioration")
fewer than two data points   ``not_enough_data``
==========================  =======================================

What GreenMap does differently, and why:

* Rates are **linear** (change per year), not compound: several indicators are shares in per
  cent whose compound growth is meaningless near zero, and a linear rate reads as "points a
  year" in the report. ``observed = (latest − base) / (latest_year − base_year)``,
  ``required = (target − base) / (target_year − base_year)``, ``R = observed / required``: both
  carry the sign of the change, so ``R`` is positive when the indicator moves the right way
  whether higher or lower is better.
* The **base** is the stored baseline when there is one, else the earliest measured value;
  a category needs the base and at least one later value.
* **Direction and the value to reach** come from the decision's comparison: ``reduce_by`` —
  lower is better and, for a unit of ``%``, the target is the base reduced by that share
  (``base × (1 − p/100)``; another unit: the base minus the amount); ``above`` ("trên",
  "at least") — higher is better, achieved at or above the value; ``equal`` — towards the
  value (100 % → higher), achieved when reached; ``about`` ("khoảng") — towards the value,
  achieved within ±2 % of it (relative); ``range`` — achieved inside the range, otherwise the
  required rate is towards the nearer bound.
* A base that already meets the target leaves no rate to require: a latest value that no
  longer meets it is ``moving_away``.
* **Rate targets** (unit ``%/năm``: GRDP growth, productivity growth, the yearly fall of the
  poverty rate) are measured as yearly rates, so the measured value *is* the observed rate:
  the mean of the measured rates is compared with the target rate (the lower bound of a range),
  ``R = mean / target``: ``R ≥ 1`` on track (achieved once the series reaches the target year),
  ``R ≥ 0.6`` acceleration needed, ``R ≥ 0`` limited progress, ``R < 0`` moving away. For the
  poverty target the measured value is the yearly reduction in percentage points.
* Ratios are rounded to six decimals before they are compared, so that a ratio of exactly
  95 % is not lost to floating-point error.

Pure: no store, no Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from webmap.core.formatting import format_number
from webmap.domain.progress import ONTRACK_CATEGORIES

CATEGORIES = ONTRACK_CATEGORIES
#: Category → (Vietnamese, English) label.
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "achieved": ("Đã đạt", "Achieved"),
    "on_track": ("Đúng tiến độ", "On track"),
    "acceleration_needed": ("Có tiến bộ, cần đẩy nhanh", "Progress made, acceleration needed"),
    "limited_progress": ("Tiến bộ hạn chế", "Limited progress"),
    "moving_away": ("Đi ngược mục tiêu", "Moving away from the target"),
    "not_enough_data": ("Chưa đủ dữ liệu", "Not enough data"),
}
#: Unit as the plan writes it → (Vietnamese, English) label.
UNITS: dict[str, tuple[str, str]] = {
    "%": ("%", "%"),
    "%/năm": ("%/năm", "%/year"),
    "lần": ("lần", "times"),
    "triệu đồng": ("triệu đồng", "million VND"),
    "tỷ USD": ("tỷ USD", "billion USD"),
    "% GRDP": ("% GRDP", "% of GRDP"),
}
#: Units whose measured values are yearly rates (the target is an average rate).
RATE_UNITS = frozenset({"%/năm"})
ON_TRACK = 0.95
ACCELERATION = 0.6
#: "about" (khoảng): within this relative distance of the value counts as achieved.
ABOUT_TOLERANCE = 0.02
_EPSILON = 1e-9

Point = tuple[int, float]


@dataclass(frozen=True)
class Assessment:
    """A target's category and every number it was computed from.

    ``observed_rate``/``required_rate`` are per year (for a rate target: the mean measured
    rate and the target rate); ``ratio`` is observed over required; ``target_value`` is the
    value to reach (for a range, the nearer bound); ``method`` is ``level`` or ``rate``.
    """

    category: str
    observed_rate: float | None
    required_rate: float | None
    ratio: float | None
    base_year: int | None
    base_value: float | None
    latest_year: int | None
    latest_value: float | None
    target_value: float | None
    direction: str
    explanation_vi: str
    explanation_en: str
    method: str = "level"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: for reports and snapshots."""
        return asdict(self)


@dataclass(frozen=True)
class _Goal:
    """The value to reach, which way is better, and when the target counts as met."""

    value: float
    direction: str
    meets: Callable[[float], bool]


def is_rate(target: Mapping[str, Any]) -> bool:
    """Whether the target is an average yearly rate (its measured values are rates)."""
    return target.get("unit") in RATE_UNITS


def category_from_ratio(ratio: float, on_track: float = ON_TRACK) -> str:
    """open-sdg's thresholds: ≥ ``on_track`` on track, ≥ 0.6 acceleration needed,
    ≥ 0 limited progress, below 0 moving away."""
    if ratio >= on_track:
        return "on_track"
    if ratio >= ACCELERATION:
        return "acceleration_needed"
    if ratio >= 0:
        return "limited_progress"
    return "moving_away"


def assess(
    target: Mapping[str, Any],
    baseline: tuple[int, float] | None,
    values: list[tuple[int, float]],
    *,
    target_year: int = 2030,
) -> Assessment:
    """The category of ``target`` given its baseline ``(year, value)`` and measured
    ``(year, value)`` series (any order; one value per year)."""
    series = sorted((int(y), float(v)) for y, v in values)
    base: Point | None = (int(baseline[0]), float(baseline[1])) if baseline else None
    if is_rate(target):
        return _assess_rate(target, base, series, target_year)
    return _assess_level(target, base, series, target_year)


# --- level targets -----------------------------------------------------------------------


def _base_and_latest(base: Point | None, series: list[Point]) -> tuple[Point | None, Point | None]:
    """The base (baseline, else the earliest value) and the latest value after it."""
    if base is None and series:
        base = series[0]
    later = [p for p in series if base is not None and p[0] > base[0]]
    return base, (later[-1] if later else None)


def _reduce_goal(target: Mapping[str, Any], base: float) -> _Goal:
    amount = float(target["value_min"])
    value = base * (1 - amount / 100) if target.get("unit") == "%" else base - amount
    return _Goal(value, "lower", lambda x: x <= value + _EPSILON)


def _towards_goal(value: float, base: float, meets: Callable[[float], bool]) -> _Goal:
    """Towards ``value`` from ``base``: higher is better when the base is below it."""
    return _Goal(value, "higher" if base <= value else "lower", meets)


def _range_goal(target: Mapping[str, Any], base: float, latest: float) -> _Goal:
    low = float(target["value_min"])
    high = float(target["value_max"] if target.get("value_max") is not None else low)
    side = base if not low <= base <= high else latest  # inside: the side the value left by

    def inside(x: float) -> bool:
        return low - _EPSILON <= x <= high + _EPSILON

    if side > high:
        return _Goal(high, "lower", inside)
    return _Goal(low, "higher", inside)


def _goal(target: Mapping[str, Any], base: float, latest: float) -> _Goal | None:
    """The goal the decision's comparison sets, or ``None`` when it has no number."""
    comparison = target.get("comparison")
    if target.get("value_min") is None:
        return None
    value = float(target["value_min"])
    if comparison == "reduce_by":
        return _reduce_goal(target, base)
    if comparison == "range":
        return _range_goal(target, base, latest)
    if comparison == "above":
        return _Goal(value, "higher", lambda x: x >= value - _EPSILON)
    if comparison == "about":
        tolerance = abs(value) * ABOUT_TOLERANCE + _EPSILON
        return _towards_goal(value, base, lambda x: abs(x - value) <= tolerance)
    if comparison == "equal":
        if base <= value:
            return _towards_goal(value, base, lambda x: x >= value - _EPSILON)
        return _towards_goal(value, base, lambda x: x <= value + _EPSILON)
    return None


def _level_category(goal: _Goal, latest: float, required: float | None, ratio: float | None) -> str:
    if goal.meets(latest):
        return "achieved"
    if ratio is None or required is None:
        return "moving_away"  # the base met the target (or no time was left); now it does not
    return category_from_ratio(ratio)


def _assess_level(
    target: Mapping[str, Any], baseline: Point | None, series: list[Point], target_year: int
) -> Assessment:
    base, latest = _base_and_latest(baseline, series)
    if base is None or latest is None:
        return _not_enough(target, base, latest, "level")
    goal = _goal(target, base[1], latest[1])
    if goal is None:
        return _not_enough(target, base, latest, "level", no_number=True)
    observed = (latest[1] - base[1]) / (latest[0] - base[0])
    required = (goal.value - base[1]) / (target_year - base[0]) if target_year > base[0] else None
    sign = 1 if goal.direction == "higher" else -1
    if required is not None and required * sign <= _EPSILON:
        required = None  # the base already met the target: no rate is required
    ratio = round(observed / required, 6) if required else None
    category = _level_category(goal, latest[1], required, ratio)
    numbers = _Numbers(target, base, latest, goal.value, observed, required, ratio, target_year)
    vi, en = numbers.explain(category)
    return _assessment(category, numbers, goal.direction, vi, en, "level")


# --- rate targets ------------------------------------------------------------------------


def _assess_rate(
    target: Mapping[str, Any], baseline: Point | None, series: list[Point], target_year: int
) -> Assessment:
    measured = [p for p in series if baseline is None or p[0] > baseline[0]]
    base = baseline or (measured[0] if measured else None)
    latest = measured[-1] if measured else None
    points = len(measured) + (1 if baseline else 0)
    if base is None or latest is None or points < 2 or target.get("value_min") is None:
        return _not_enough(target, base, latest, "rate", no_number=target.get("value_min") is None)
    required = float(target["value_min"])
    observed = sum(v for _, v in measured) / len(measured)
    ratio = round(observed / required, 6) if required else None
    if ratio is None:
        category = "on_track" if observed >= 0 else "moving_away"
    else:
        category = category_from_ratio(ratio, on_track=1.0)
    if category == "on_track" and latest[0] >= target_year:
        category = "achieved"
    numbers = _Numbers(target, base, latest, required, observed, required, ratio, target_year)
    vi, en = numbers.explain_rate(category, [y for y, _ in measured])
    return _assessment(category, numbers, "higher", vi, en, "rate")


def _assessment(
    category: str, numbers: _Numbers, direction: str, vi: str, en: str, method: str
) -> Assessment:
    return Assessment(
        category=category,
        observed_rate=numbers.observed,
        required_rate=numbers.required,
        ratio=numbers.ratio,
        base_year=numbers.base[0],
        base_value=numbers.base[1],
        latest_year=numbers.latest[0],
        latest_value=numbers.latest[1],
        target_value=numbers.goal,
        direction=direction,
        explanation_vi=vi,
        explanation_en=en,
        method=method,
    )


# --- not enough data ---------------------------------------------------------------------


def _not_enough(
    target: Mapping[str, Any],
    base: Point | None,
    latest: Point | None,
    method: str,
    *,
    no_number: bool = False,
) -> Assessment:
    if no_number:
        vi = "Chỉ tiêu không có giá trị số để so sánh."
        en = "The target has no number to compare with."
    else:
        have = (1 if base else 0) + (1 if latest else 0)
        vi = (
            f"Cần giá trị cơ sở và ít nhất một giá trị đo sau năm cơ sở; hiện có {have} điểm."
        )
        en = f"Needs a base value and at least one later measured value; {have} point(s) so far."
    lower = target.get("comparison") == "reduce_by" and method == "level"
    return Assessment(
        category="not_enough_data",
        observed_rate=None,
        required_rate=None,
        ratio=None,
        base_year=base[0] if base else None,
        base_value=base[1] if base else None,
        latest_year=latest[0] if latest else None,
        latest_value=latest[1] if latest else None,
        target_value=None,
        direction="lower" if lower else "higher",
        explanation_vi=vi,
        explanation_en=en,
        method=method,
    )


# --- explanations ------------------------------------------------------------------------


def value_unit(target: Mapping[str, Any]) -> str:
    """The unit of the target's measured values: the target's own unit, except for a
    reduction "by p %" whose values are levels of the indicator in its own unit (none here)."""
    if target.get("comparison") == "reduce_by" and target.get("unit") == "%":
        return ""
    return str(target.get("unit") or "")


def unit_label(unit: str, lang: str) -> str:
    """``%/năm`` as ``%/year`` in English; an unknown unit as written."""
    labels = UNITS.get(unit, (unit, unit))
    return labels[0] if lang == "vi" else labels[1]


def _unit(target: Mapping[str, Any], lang: str) -> str:
    return unit_label(value_unit(target), lang)


def quantity(value: float | None, target: Mapping[str, Any], lang: str) -> str:
    """``9,5%`` / ``3,5 lần`` / ``187 million VND``: a number with the target's unit."""
    unit = _unit(target, lang)
    text = format_number(value, lang)
    return f"{text}{unit}" if unit.startswith("%") else f"{text} {unit}".strip()


def _per_year(value: float | None, target: Mapping[str, Any], lang: str) -> str:
    """A linear rate: percentage points a year for a share, else the unit a year."""
    text = format_number(None if value is None else round(value, 3), lang)
    unit = value_unit(target)
    if unit == "%":
        return f"{text} điểm %/năm" if lang == "vi" else f"{text} percentage points a year"
    label = f" {unit_label(unit, lang)}" if unit else ""
    return f"{text}{label}/năm" if lang == "vi" else f"{text}{label} a year"


@dataclass(frozen=True)
class _Numbers:
    """The numbers of an assessment, written out in each language."""

    target: Mapping[str, Any]
    base: Point
    latest: Point
    goal: float
    observed: float
    required: float | None
    ratio: float | None
    target_year: int

    def _q(self, value: float, lang: str) -> str:
        return quantity(value, self.target, lang)

    def _ratio(self, lang: str) -> str:
        return format_number(self.ratio, lang) if self.ratio is not None else "—"

    def _reduction(self, lang: str) -> str:
        """`` (−15 % so với cơ sở)`` for a reduction by a share, else nothing."""
        if value_unit(self.target) == self.target.get("unit"):
            return ""
        share = format_number(self.target.get("value_min"), lang)
        return f" (giảm {share}% so với cơ sở)" if lang == "vi" else f" ({share}% below the base)"

    def explain(self, category: str) -> tuple[str, str]:
        """The level method: base, latest, rates, ratio and the category's rule."""
        (by, bv), (ly, lv) = self.base, self.latest
        label_vi, label_en = CATEGORY_LABELS[category]
        head_vi = f"Cơ sở {by}: {self._q(bv, 'vi')}; mới nhất {ly}: {self._q(lv, 'vi')}. "
        head_en = f"Base {by}: {self._q(bv, 'en')}; latest {ly}: {self._q(lv, 'en')}. "
        year = self.target_year
        goal_vi = f"Cần đạt {self._q(self.goal, 'vi')}{self._reduction('vi')} vào năm {year}. "
        goal_en = f"To reach {self._q(self.goal, 'en')}{self._reduction('en')} by {year}. "
        if self.required is None:
            rates_vi = "Giá trị cơ sở đã đạt chỉ tiêu, không cần tốc độ thay đổi. "
            rates_en = "The base value already met the target; no rate of change was needed. "
        else:
            rates_vi = (
                f"Tốc độ thực tế {_per_year(self.observed, self.target, 'vi')}, cần "
                f"{_per_year(self.required, self.target, 'vi')}; tỷ lệ {self._ratio('vi')}. "
            )
            rates_en = (
                f"Observed rate {_per_year(self.observed, self.target, 'en')}, required "
                f"{_per_year(self.required, self.target, 'en')}; ratio {self._ratio('en')}. "
            )
        return (
            f"{head_vi}{goal_vi}{rates_vi}→ {label_vi}.",
            f"{head_en}{goal_en}{rates_en}→ {label_en}.",
        )

    def explain_rate(self, category: str, years_measured: list[int]) -> tuple[str, str]:
        """The rate method: the mean of the measured yearly rates against the target rate."""
        label_vi, label_en = CATEGORY_LABELS[category]
        count, first, last = len(years_measured), years_measured[0], years_measured[-1]
        years = str(last) if count == 1 else f"{first}–{last}"
        return (
            f"Bình quân {count} giá trị đo ({years}): {self._q(self.observed, 'vi')}; "
            f"chỉ tiêu {self._q(self.goal, 'vi')}; tỷ lệ {self._ratio('vi')}. → {label_vi}.",
            f"Mean of {count} measured value(s) ({years}): {self._q(self.observed, 'en')}; "
            f"target {self._q(self.goal, 'en')}; ratio {self._ratio('en')}. → {label_en}.",
        )
