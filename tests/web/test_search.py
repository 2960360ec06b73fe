"""Search with plan tasks, on both backends."""

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


def search(client: FlaskClient, q: str) -> dict:
    response = client.get("/api/search", query_string={"q": q})
    assert response.status_code == 200
    body: dict = response.get_json()
    return body


def test_folded_query_finds_the_feature_and_the_task(client: FlaskClient) -> None:
    body = search(client, "chau hung")
    assert [f["properties"]["key"] for f in body["features"]] == [sc.CHAU_HUNG]
    assert [t["code"] for t in body["tasks"]] == ["13.3"]  # the task names the Châu Hưng site


def test_task_code_and_group_number(client: FlaskClient) -> None:
    assert [t["code"] for t in search(client, "13.3")["tasks"]] == ["13.3"]
    group = [t["code"] for t in search(client, "13")["tasks"]]
    assert group[:3] == ["13.1", "13.2", "13.3"] and all(c.startswith("13.") for c in group)


def test_task_text_in_either_language(client: FlaskClient) -> None:
    vi = search(client, "chat thai ran")["tasks"]
    en = search(client, "household waste treatment")["tasks"]
    assert "13.3" in [t["code"] for t in vi] and "13.3" in [t["code"] for t in en]
    assert set(vi[0]) == {"code", "group", "text_vi", "summary_en"}


def test_no_task_matches(client: FlaskClient) -> None:
    assert search(client, "xyzzy")["tasks"] == []
