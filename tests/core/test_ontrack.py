"""The on-track method (open-sdg / Statistics Canada / Eurostat) against worked examples.

Targets are shaped like the decision's (comparison, bounds, unit); every value is synthetic.
"""

from __future__ import annotations

import pytest

from webmap.core.ontrack import (
    CATEGORIES,
    CATEGORY_LABELS,
    Assessment,
    assess,
    category_from_ratio,
    quantity,
    value_unit,
)

# Shaped like a1: reduce emissions intensity by 15 % by 2030 compared with 2014.
A1 = {"comparison": "reduce_by", "value_min": 15.0, "value_max": None, "unit": "%"}
# Shaped like b1: average GRDP growth 9.5–10.5 % a year (a rate target).
B1 = {"comparison": "range", "value_min": 9.5, "value_max": 10.5, "unit": "%/năm"}
# Shaped like b2: GRDP in 2030 at 3.5–4 times its 2020 size.
B2 = {"comparison": "range", "value_min": 3.5, "value_max": 4.0, "unit": "lần"}
# Shaped like b3: about 29.0 %.
B3 = {"comparison": "about", "value_min": 29.0, "value_max": 29.0, "unit": "%"}
# Shaped like c1: above 50 %.
C1 = {"comparison": "above", "value_min": 50.0, "value_max": None, "unit": "%"}
# Shaped like c6: 1.7–1.8 % (a level range).
C6 = {"comparison": "range", "value_min": 1.7, "value_max": 1.8, "unit": "%"}
# Shaped like d1: above 98 %.
D1 = {"comparison": "above", "value_min": 98.0, "value_max": None, "unit": "%"}
# Shaped like d3: the poverty rate falls by 1 point a year on average (a rate target).
D3 = {"comparison": "reduce_by", "value_min": 1.0, "value_max": 1.0, "unit": "%/năm"}
# Shaped like d4: 100 %.
D4 = {"comparison": "equal", "value_min": 100.0, "value_max": 100.0, "unit": "%"}


def test_categories_and_labels_agree() -> None:
    assert set(CATEGORY_LABELS) == set(CATEGORIES)
    assert all(vi and en and vi != en for vi, en in CATEGORY_LABELS.values())


# --- falling is better (a1) -----------------------------------------------------------------


def test_a1_reduction_acceleration_needed() -> None:
    """Base 100 in 2014 → target 85 in 2030: required −15/16 = −0.9375 a year; 93 in 2024 is
    −0.7 a year; ratio 0.7/0.9375 = 0.746667 → acceleration needed."""
    a = assess(A1, (2014, 100.0), [(2023, 95.0), (2024, 93.0)])
    assert a.category == "acceleration_needed"
    assert a.direction == "lower"
    assert a.target_value == pytest.approx(85.0)
    assert a.required_rate == pytest.approx(-0.9375)
    assert a.observed_rate == pytest.approx(-0.7)
    assert a.ratio == pytest.approx(0.746667)
    assert (a.base_year, a.base_value, a.latest_year, a.latest_value) == (2014, 100.0, 2024, 93.0)


def test_a1_reduction_achieved_and_moving_away() -> None:
    assert assess(A1, (2014, 100.0), [(2024, 85.0)]).category == "achieved"
    assert assess(A1, (2014, 100.0), [(2024, 80.0)]).category == "achieved"
    rising = assess(A1, (2014, 100.0), [(2024, 104.0)])
    assert rising.category == "moving_away"
    assert rising.ratio is not None and rising.ratio < 0


def test_a1_explanation_has_the_numbers_in_each_language() -> None:
    a = assess(A1, (2014, 100.0), [(2024, 93.0)])
    assert "2014: 100" in a.explanation_vi and "2024: 93" in a.explanation_vi
    assert "0,747" in a.explanation_vi and "giảm 15%" in a.explanation_vi
    assert "0.747" in a.explanation_en and "15% below the base" in a.explanation_en
    assert "-0,938/năm" in a.explanation_vi and "-0.938 a year" in a.explanation_en
    assert a.explanation_vi.endswith("Có tiến bộ, cần đẩy nhanh.")
    assert a.explanation_en.endswith("Progress made, acceleration needed.")


# --- at least / above (d1) ------------------------------------------------------------------


def test_d1_above_on_track_achieved_and_moving_away() -> None:
    """96 in 2023 → 97 in 2025: 0.5 a year against (98 − 96)/7 = 0.2857 → on track."""
    a = assess(D1, None, [(2023, 96.0), (2025, 97.0)])
    assert a.category == "on_track"
    assert a.direction == "higher"
    assert a.ratio == pytest.approx(1.75)
    assert assess(D1, None, [(2023, 96.0), (2025, 98.0)]).category == "achieved"
    assert assess(D1, None, [(2023, 96.0), (2025, 99.1)]).category == "achieved"
    assert assess(D1, None, [(2023, 96.0), (2025, 95.0)]).category == "moving_away"


def test_above_base_already_met_then_fell_below_is_moving_away() -> None:
    a = assess(D1, (2022, 98.5), [(2024, 97.0)])
    assert a.category == "moving_away"
    assert a.required_rate is None and a.ratio is None
    assert "đã đạt chỉ tiêu" in a.explanation_vi


# --- each threshold boundary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "ratio", "category"),
    [
        (37.6, 0.95, "on_track"),  # 1.9 a year against 2 a year
        (37.52, 0.94, "acceleration_needed"),
        (34.8, 0.6, "acceleration_needed"),  # 1.2 a year
        (34.72, 0.59, "limited_progress"),
        (30.0, 0.0, "limited_progress"),  # no change at all
        (29.6, -0.05, "moving_away"),
    ],
)
def test_threshold_boundaries(latest: float, ratio: float, category: str) -> None:
    """Above 50 from 30 in 2020: 2 a year is required; the value in 2024 sets the ratio."""
    a = assess(C1, (2020, 30.0), [(2024, latest)])
    assert a.required_rate == pytest.approx(2.0)
    assert a.ratio == pytest.approx(ratio)
    assert a.category == category


def test_category_from_ratio_thresholds() -> None:
    assert category_from_ratio(0.95) == "on_track"
    assert category_from_ratio(0.9499) == "acceleration_needed"
    assert category_from_ratio(0.6) == "acceleration_needed"
    assert category_from_ratio(0.5999) == "limited_progress"
    assert category_from_ratio(0.0) == "limited_progress"
    assert category_from_ratio(-0.0001) == "moving_away"


# --- ranges ---------------------------------------------------------------------------------


def test_b2_range_limited_progress_toward_the_nearer_bound() -> None:
    """1 (2020) → 3.5 (2030): 0.25 a year required; 1.45 in 2024 is 0.1125 → ratio 0.45."""
    a = assess(B2, (2020, 1.0), [(2023, 1.3), (2024, 1.45)])
    assert a.category == "limited_progress"
    assert a.target_value == 3.5
    assert a.required_rate == pytest.approx(0.25)
    assert a.ratio == pytest.approx(0.45)
    assert "3,5 lần" in a.explanation_vi and "3.5 times" in a.explanation_en


def test_b2_range_achieved_inside_the_range() -> None:
    assert assess(B2, (2020, 1.0), [(2030, 3.7)]).category == "achieved"
    assert assess(B2, (2020, 1.0), [(2030, 4.0)]).category == "achieved"


def test_range_from_above_goes_toward_the_upper_bound() -> None:
    a = assess(C6, (2022, 2.2), [(2024, 2.1)])
    assert a.direction == "lower"
    assert a.target_value == 1.8
    assert a.required_rate == pytest.approx(-0.05)  # (1.8 − 2.2) / 8
    assert a.ratio == pytest.approx(1.0)
    assert a.category == "on_track"


def test_range_left_from_inside_is_moving_away() -> None:
    below = assess(C6, (2023, 1.75), [(2025, 1.6)])
    assert below.category == "moving_away"
    assert below.direction == "higher" and below.target_value == 1.7
    above = assess(C6, (2023, 1.75), [(2025, 1.9)])
    assert above.category == "moving_away"
    assert above.direction == "lower" and above.target_value == 1.8


# --- about / equal ------------------------------------------------------------------------


def test_about_counts_two_percent_relative_as_achieved() -> None:
    assert assess(B3, (2023, 25.0), [(2025, 29.5)]).category == "achieved"  # 0.5 ≤ 0.58
    assert assess(B3, (2023, 25.0), [(2025, 28.42)]).category == "achieved"  # exactly −2 %
    near = assess(B3, (2023, 25.0), [(2025, 28.3)])
    assert near.category != "achieved"
    assert near.category == "on_track"  # 1.65 a year against 4/7


def test_about_from_above_is_lower_is_better() -> None:
    a = assess(B3, (2023, 33.0), [(2025, 32.0)])
    assert a.direction == "lower"
    assert a.ratio == pytest.approx(0.875)  # −0.5 a year against −4/7
    assert a.category == "acceleration_needed"


def test_equal_100_is_higher_is_better() -> None:
    assert assess(D4, (2023, 80.0), [(2025, 100.0)]).category == "achieved"
    a = assess(D4, (2023, 80.0), [(2025, 90.0)])
    assert a.direction == "higher"
    assert a.category == "on_track"  # 5 a year against 20/7


# --- not enough data ------------------------------------------------------------------------


def test_single_data_point_is_not_enough_data() -> None:
    a = assess(D1, None, [(2024, 97.0)])
    assert a.category == "not_enough_data"
    assert a.ratio is None and a.observed_rate is None
    assert (a.base_year, a.base_value) == (2024, 97.0)
    assert "1 point" in a.explanation_en and "1 điểm" in a.explanation_vi


def test_single_data_point_with_a_baseline_is_assessed() -> None:
    a = assess(D1, (2020, 90.0), [(2024, 97.0)])
    assert a.category == "on_track"
    assert a.ratio == pytest.approx(1.75 / 0.8)


def test_no_data_and_a_value_in_the_base_year_are_not_enough() -> None:
    assert assess(D1, None, []).category == "not_enough_data"
    assert assess(D1, (2024, 96.0), []).category == "not_enough_data"
    assert assess(D1, (2024, 96.0), [(2024, 97.0)]).category == "not_enough_data"


def test_a_target_without_a_number_is_not_enough_data() -> None:
    target = {"comparison": "above", "value_min": None, "value_max": None, "unit": "%"}
    a = assess(target, (2020, 1.0), [(2024, 2.0)])
    assert a.category == "not_enough_data"
    assert "no number" in a.explanation_en


def test_values_in_any_order() -> None:
    a = assess(D1, None, [(2025, 97.0), (2023, 96.0)])
    assert (a.base_year, a.latest_year) == (2023, 2025)


# --- rate targets ---------------------------------------------------------------------------


def test_b1_rate_range_on_track_with_the_mean_at_or_above_the_lower_bound() -> None:
    a = assess(B1, None, [(2023, 9.0), (2024, 10.2)])
    assert a.method == "rate"
    assert a.observed_rate == pytest.approx(9.6)
    assert a.required_rate == 9.5
    assert a.category == "on_track"
    assert "9,6%/năm" in a.explanation_vi and "9.6%/year" in a.explanation_en
    exact = assess(B1, None, [(2023, 9.0), (2024, 10.0)])
    assert exact.ratio == 1.0 and exact.category == "on_track"


def test_b1_rate_achieved_when_the_series_reaches_the_target_year() -> None:
    values = [(year, 10.0) for year in range(2023, 2031)]
    assert assess(B1, None, values).category == "achieved"


@pytest.mark.parametrize(
    ("values", "category"),
    [
        ([(2023, 9.0), (2024, 9.0)], "acceleration_needed"),  # 9 / 9.5 = 0.947
        ([(2023, 5.7), (2024, 5.7)], "acceleration_needed"),  # exactly 0.6
        ([(2023, 3.0), (2024, 2.0)], "limited_progress"),
        ([(2023, 1.0), (2024, -1.0)], "limited_progress"),  # mean exactly 0
        ([(2023, -2.0), (2024, 1.0)], "moving_away"),
    ],
)
def test_b1_rate_thresholds(values: list[tuple[int, float]], category: str) -> None:
    assert assess(B1, None, values).category == category


def test_rate_single_value_needs_a_baseline() -> None:
    assert assess(B1, None, [(2024, 10.0)]).category == "not_enough_data"
    with_base = assess(B1, (2020, 7.0), [(2024, 10.0)])
    assert with_base.category == "on_track"
    assert with_base.observed_rate == 10.0  # the baseline's rate is before the plan period


def test_d3_poverty_reduction_rate() -> None:
    """Measured values are the yearly fall in percentage points; 0.8 a year against 1."""
    a = assess(D3, None, [(2023, 0.9), (2024, 0.7)])
    assert a.category == "acceleration_needed"
    assert a.ratio == pytest.approx(0.8)
    rising = assess(D3, None, [(2023, -0.2), (2024, -0.4)])
    assert rising.category == "moving_away"


# --- units and serialisation ----------------------------------------------------------------


def test_units_of_measured_values() -> None:
    assert value_unit(A1) == ""  # levels of emissions intensity, not per cent
    assert value_unit(B2) == "lần"
    assert quantity(9.5, B1, "vi") == "9,5%/năm"
    assert quantity(9.5, B1, "en") == "9.5%/year"
    assert quantity(187.0, {"unit": "triệu đồng"}, "en") == "187 million VND"
    assert quantity(1.7, {"unit": "tỷ USD"}, "vi") == "1,7 tỷ USD"


def test_as_dict_carries_every_number() -> None:
    data = assess(B2, (2020, 1.0), [(2024, 1.45)]).as_dict()
    assert isinstance(assess(D1, None, []), Assessment)
    assert data["category"] == "limited_progress"
    assert data["base_value"] == 1.0 and data["latest_value"] == 1.45
    assert data["target_value"] == 3.5 and data["direction"] == "higher"
    assert set(data) >= {"observed_rate", "required_rate", "ratio", "explanation_vi"}
