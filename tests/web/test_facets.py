"""Facet counts for the map panel, on both backends."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.e2e import scenario as sc
from webmap.store import Store
from webmap.web import create_app


@pytest.fixture
def client(store: Store) -> FlaskClient:
    sc.load_scenario(store, plan=False)
    return create_app({"DATABASE_URL": store.url}).test_client()


def facets(client: FlaskClient, query: str = "") -> dict:
    response = client.get(f"/api/facets?{query}")
    assert response.status_code == 200
    body: dict = response.get_json()
    return body


def test_counts_without_filters(client: FlaskClient) -> None:
    body = facets(client)
    assert body["total"] == 11 and body["located"] == 9
    assert body["layers"][sc.WASTE] == {"count": 5, "located": 4}
    assert body["layers"][sc.FOREST] == {"count": 1, "located": 0}
    assert body["statuses"]["planned"] == 2 and body["statuses"]["operating"] == 2
    assert body["tasks"] == {"13.3": 5, "13.4": 1, "8.5": 3}
    two = next(d for d in body["districts"] if d["code"] == "902")
    assert two["name"] == "Huyện thử Hai" and two["count"] == 4 and two["today"] == ["Xã thử Mới"]


def test_each_facet_ignores_its_own_filter_and_boundaries_are_never_filtered(
    client: FlaskClient,
) -> None:
    body = facets(client, "status=operating")
    assert body["layers"][sc.WASTE]["count"] == 1 and body["layers"][sc.ENERGY]["count"] == 1
    assert body["layers"][sc.BOUNDARIES]["count"] == 2
    assert body["statuses"]["planned"] == 2  # still offered: counted without the status filter
    assert body["tasks"] == {"13.3": 1, "13.4": 1, "8.5": 1}


def test_task_district_and_capacity_filters(client: FlaskClient) -> None:
    assert facets(client, "task=8.5")["layers"].get(sc.WASTE) is None
    district = facets(client, "district=901")
    assert (
        district["layers"][sc.WASTE]["count"] == 2 and district["layers"][sc.ENERGY]["count"] == 2
    )
    capacity = facets(client, "capacity_min=80&capacity_max=150")
    assert capacity["layers"][sc.ENERGY]["count"] == 1
    assert capacity["layers"][sc.WASTE]["count"] == 5  # capacity applies to energy only


def test_layer_filter_narrows_the_total_only(client: FlaskClient) -> None:
    body = facets(client, f"layer={sc.WASTE}")
    assert body["total"] == 5 and body["layers"][sc.ENERGY]["count"] == 3


@pytest.mark.parametrize("query", ["status=built", "capacity_min=lots"])
def test_bad_parameters_are_400(client: FlaskClient, query: str) -> None:
    assert client.get(f"/api/facets?{query}").status_code == 400
