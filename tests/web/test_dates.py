"""Year-only dates are served and shown as years, not as 1 January (synthetic data)."""

from __future__ import annotations

from datetime import date

from tests.factories import synthetic_layer, synthetic_point
from webmap.domain import StatusEvent
from webmap.store import Store
from webmap.web import create_app


def test_year_only_dates_are_served_and_shown_as_years(store: Store) -> None:
    history = [StatusEvent("operating", date(2016, 1, 1), "synthetic", date_precision="year")]
    store.load_layer(synthetic_layer(), [synthetic_point(1, status_history=history)], checksum="a")
    client = create_app({"DATABASE_URL": store.url}).test_client()
    site = client.get("/api/sites/synthetic_points:1").get_json()["properties"]
    assert site["status_date_precision"] == "year"
    assert [e["date_precision"] for e in site["status_history"]] == ["year"]
    page = client.get("/api/layers/synthetic_points/features").get_json()
    assert page["features"][0]["properties"]["status_date_precision"] == "year"
    for lang in ("vi", "en"):
        html = client.get(f"/sites/synthetic_points:1?lang={lang}").get_data(as_text=True)
        assert "2016" in html
        assert "01/01/2016" not in html and "1 Jan 2016" not in html and "2016-01-01<" not in html


def test_moments_are_shown_in_viet_nam_time() -> None:
    from datetime import UTC, datetime

    from webmap.core.formatting import format_moment

    assert format_moment(datetime(2026, 12, 1, 20, 30, tzinfo=UTC), "vi") == "02/12/2026 03:30"
    assert format_moment("2026-12-01T20:30:00", "en") == "2 Dec 2026, 03:30"
