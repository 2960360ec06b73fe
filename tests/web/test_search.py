"""Search with plan tasks, on both backends."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from shapely.geometry import Point

from tests.e2e import scenario as sc
from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import load_plan_into
from webmap.domain import Feature, Layer, fold
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


# ----------------------------------------------------------------------------- ranking
def _named(key: str, layer_id: str, name: str, role: str = "project", **extra: object) -> Feature:
    """A SYNTHETIC point named ``name``."""
    return Feature(
        key=key, layer_id=layer_id, name_vi=name, geometry=Point(105.5, 9.2), precision="site",
        source="synthetic test data", licence="CC0-1.0", role=role, **extra,
    )  # fmt: skip


def test_projects_rank_before_parts_named_before_unnamed_accents_first(store: Store) -> None:
    farms = Layer(
        id="syn_farms", title_vi="Nhà máy điện gió thử", title_en="Synthetic wind farms",
        theme="energy", geometry_type="Point", source="s", licence="CC0-1.0", attribution="s",
    )  # fmt: skip
    turbines = Layer(
        id="syn_turbines", title_vi="Tua-bin điện gió", title_en="Wind turbines",
        theme="energy", geometry_type="Point", source="s", licence="CC0-1.0", attribution="s",
        role="part", part_of="syn_farms",
    )  # fmt: skip
    # Turbines first in the table (lower ids), as the bundled load has them.
    parts = [_named(f"syn_turbines:{i}", "syn_turbines", "Tua-bin điện gió", "part")
             for i in range(12)]  # fmt: skip
    parts.append(_named("syn_turbines:named", "syn_turbines", "Tua-bin điện gió số 7 thử", "part"))
    store.load_layer(turbines, parts, checksum="t")
    projects = [
        _named("syn_farms:osm", "syn_farms", "Nhà máy điện gió (OSM)"),
        _named("syn_farms:folded", "syn_farms", "Dien gio Thu Nghiem (khong dau)"),
        _named("syn_farms:exact", "syn_farms", "Nhà máy điện gió Thử Nghiệm Một Hai Ba"),
    ]
    store.load_layer(farms, projects, checksum="f")
    found = [f.key for f in store.search("điện gió", limit=20)]
    assert found[:3] == ["syn_farms:exact", "syn_farms:folded", "syn_farms:osm"]
    assert found[3] == "syn_turbines:named"  # a named part before the unnamed ones
    assert set(found[4:]) == {f"syn_turbines:{i}" for i in range(12)}
    folded = [f.key for f in store.search("dien gio", limit=5)]
    assert folded[:2] == ["syn_farms:folded", "syn_farms:exact"]  # written as typed first


def test_tasks_are_ranked_by_their_words(client: FlaskClient) -> None:
    tasks = search(client, "dien gio")["tasks"]
    assert tasks, "some task speaks of wind power"
    first = fold(f"{tasks[0]['summary_en']} {tasks[0]['text_vi']}")
    assert "dien gio" in first  # the phrase itself, not two words far apart
    phrase = [t for t in tasks if "dien gio" in fold(f"{t['summary_en']} {t['text_vi']}")]
    assert tasks[: len(phrase)] == phrase


def test_dien_gio_finds_wind_farms_before_any_turbine(store: Store) -> None:
    load_plan_into(store)
    for spec in select_specs(["wind_farms", "wind_turbines"]):
        load_one(store, spec)
    client = create_app({"DATABASE_URL": store.url}).test_client()
    answer = client.get("/api/search", query_string={"q": "dien gio", "limit": 100})
    found = answer.get_json()["features"]
    layers = [f["properties"]["layer"] for f in found]
    assert layers[0] == "wind_farms" and "wind_turbines" in layers
    assert layers.index("wind_turbines") > max(i for i, x in enumerate(layers) if x == "wind_farms")
    assert "(OSM)" not in found[0]["properties"]["name_vi"]
