"""The site detail page on both backends (synthetic scenario + the real plan)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.e2e import scenario as sc
from webmap.store import Store
from webmap.web import create_app


@pytest.fixture
def client(store: Store) -> FlaskClient:
    sc.load_scenario(store)
    return create_app({"DATABASE_URL": store.url}).test_client()


def test_site_page_shows_attributes_history_tasks_and_provenance(client: FlaskClient) -> None:
    html = client.get(f"/sites/{sc.CHAU_HUNG}").get_data(as_text=True)
    assert "<h1>Khu xử lý chất thải rắn Châu Hưng</h1>" in html
    assert 'href="/plan/tasks/13.3"' in html
    assert '<ol class="timeline">' in html and "2024-05-29" in html and "Trong quy hoạch" in html
    assert "Công suất (tấn/ngày)" in html and "300" in html  # a property with its catalogue label
    assert "CC0-1.0" in html and "Vị trí công trình" in html and "Huyện thử Một" in html
    assert 'id="site-map"' in html and f'data-features="/api/sites/{sc.CHAU_HUNG}"' in html
    assert f'href="/api/sites/{sc.CHAU_HUNG}"' in html  # GeoJSON export
    assert f"open={sc.CHAU_HUNG}" in html  # back to the map with the popup open


def _nearby_section(html: str) -> str:
    return html.split('id="nearby-h"', 1)[1].split("</section>", 1)[0]


def test_nearby_depends_on_the_chosen_distance(client: FlaskClient) -> None:
    # The cancelled site is ~13.9 km from Châu Hưng (0.1° east, 0.12° north). The
    # boundary rectangle it lies in is context, never listed as a neighbour.
    near = client.get(f"/sites/{sc.CHAU_HUNG}?within=5000").get_data(as_text=True)
    far = client.get(f"/sites/{sc.CHAU_HUNG}?within=25000").get_data(as_text=True)
    assert "Bãi rác thử đã hủy" not in _nearby_section(near)
    assert "Bãi rác thử đã hủy" in _nearby_section(far)
    assert "Huyện thử" not in _nearby_section(far)
    assert '<option value="25000" selected>25 km</option>' in far


def test_unlocated_site_has_no_map_and_says_why(client: FlaskClient) -> None:
    html = client.get(f"/sites/{sc.UNLOCATED}").get_data(as_text=True)
    assert "chưa có vị trí" in html and 'id="site-map"' not in html
    assert "Đề xuất" in html


def test_site_page_in_english(client: FlaskClient) -> None:
    html = client.get(f"/sites/{sc.CHAU_HUNG}?lang=en").get_data(as_text=True)
    assert "<h1>Synthetic Châu Hưng solid-waste site</h1>" in html
    assert "Status history" in html and "Capacity (t/day)" in html


@pytest.mark.parametrize(
    ("url", "status"), [("/sites/no-such-key", 404), (f"/sites/{sc.CHAU_HUNG}?within=x", 400)]
)
def test_site_page_errors(client: FlaskClient, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_nearby_distances_of_a_rough_location_carry_a_caveat(client: FlaskClient) -> None:
    rough = [f for f in sc.waste_sites() if f.precision not in ("site", "surveyed") and f.geometry]
    assert rough, "the scenario has a roughly located site"
    html = client.get(f"/sites/{rough[0].key}").get_data(as_text=True)
    assert 'id="nearby-caveat"' in html
    exact = client.get(f"/sites/{sc.CHAU_HUNG}").get_data(as_text=True)
    assert 'id="nearby-caveat"' not in exact
