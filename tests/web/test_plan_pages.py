"""Plan pages and API on both backends, with the real plan text loaded."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point
from webmap.core.plan import list_tasks, load_plan_into
from webmap.store import Store
from webmap.store.schema import tasks
from webmap.web import create_app


@pytest.fixture
def app(store: Store) -> Flask:
    load_plan_into(store)
    store.load_layer(
        synthetic_layer(),
        [synthetic_point(1, tasks=["13.3"]), synthetic_point(2, tasks=["13.3", "8.5"])],
        checksum="a",
    )
    return create_app({"DATABASE_URL": store.url})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_loading_the_plan_twice_changes_nothing(store: Store) -> None:
    first = load_plan_into(store)
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(tasks).order_by(tasks.c.code)).all()
    second = load_plan_into(store)
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(tasks).order_by(tasks.c.code)).all()
    assert first.startswith("Loaded plan 148/QĐ-UBND: 18 groups, 74 tasks")
    assert second.startswith("Plan 148/QĐ-UBND unchanged")
    assert before == after
    assert [t["code"] for t in list_tasks(store, 13)][:3] == ["13.1", "13.2", "13.3"]


def test_api_plan_metadata(client: FlaskClient) -> None:
    body = client.get("/api/plan").get_json()
    assert body["number"] == "148/QĐ-UBND"
    assert body["signed_on"] == "2024-05-29" and body["plan_heading_date"] == "2024-05-19"
    assert body["counts"]["groups"] == 18 and body["counts"]["tasks"] == 74


def test_api_groups_with_counts(client: FlaskClient) -> None:
    groups = client.get("/api/plan/groups").get_json()["groups"]
    assert [g["number"] for g in groups] == list(range(1, 19))
    waste = groups[12]
    assert waste["stated_task_count"] == len(waste["tasks"]) == 12
    assert waste["linked_count"] == 2 and waste["status_breakdown"] == {"planned": 2}


def test_api_tasks_filter_and_detail(client: FlaskClient) -> None:
    energy = client.get("/api/plan/tasks?group=8").get_json()["tasks"]
    assert [t["code"] for t in energy] == [f"8.{i}" for i in range(1, 7)]
    task = client.get("/api/plan/tasks/13.3").get_json()
    assert "Châu Hưng" in task["text_vi"]
    assert task["features"] == ["synthetic_points:1", "synthetic_points:2"]
    assert client.get("/api/plan/tasks/99.9").status_code == 404
    assert client.get("/api/plan/tasks?group=x").status_code == 400


def test_api_targets(client: FlaskClient) -> None:
    targets = client.get("/api/plan/targets").get_json()["targets"]
    assert len(targets) >= 20
    assert all(t["indicator_en_is_unofficial"] for t in targets)


def test_plan_page_lists_groups_and_counts(client: FlaskClient) -> None:
    html = client.get("/plan").get_data(as_text=True)
    assert 'id="group-18"' in html and 'href="/plan/tasks/13.3"' in html
    assert "Quản lý chất thải" in html
    english = client.get("/plan?lang=en").get_data(as_text=True)
    assert "Unofficial English translation" in english


def test_task_page_shows_text_linked_sites_and_reporting(client: FlaskClient) -> None:
    html = client.get("/plan/tasks/13.3").get_data(as_text=True)
    assert "Châu Hưng" in html and "Điểm thử Đông Hải 1" in html
    assert 'id="task-map"' in html and "/static/vendor/leaflet/leaflet.js" in html
    assert "trước ngày 14/11 hằng năm" in html
    assert client.get("/plan/tasks/99.9").status_code == 404


def test_task_page_without_links(client: FlaskClient) -> None:
    html = client.get("/plan/tasks/1.1?lang=en").get_data(as_text=True)
    assert "No project is linked to this task yet." in html
    assert 'id="task-map"' not in html


def test_targets_page(client: FlaskClient) -> None:
    html = client.get("/plan/targets").get_data(as_text=True)
    assert "Chỉ tiêu đến năm 2030" in html and "Chưa cập nhật" in html
    assert "9,5–10,5" in html  # Vietnamese decimal comma
