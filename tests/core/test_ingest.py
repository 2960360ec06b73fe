"""Every bundled layer loads into both backends; loads are idempotent and dry runs store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from webmap.core.ingest import build, load_one, publish, select_specs, stage
from webmap.errors import BadRequest
from webmap.store import FeatureFilter, Store

#: Features per bundled layer (the counts docs/data.md lists).
EXPECTED = {
    "province": 1,
    "districts": 7,
    "neighbour_provinces": 7,
    "coastline": 1,
    "wind_farms": 26,
    "wind_turbines": 218,
    "solar_farms": 1,
    "gas_power": 1,
    "waste_sites": 4,
    "industrial_parks": 3,
    "water_works": 1,
    "mangroves": 0,
    "power_lines": 51,
    "substations": 7,
    "places": 21,
    "population": 0,
}


@pytest.fixture(scope="module")
def specs() -> list:
    return select_specs([])


def test_every_bundled_layer_loads_with_expected_counts(store: Store, specs: list) -> None:
    for spec in specs:
        load_one(store, spec)
    layers = {layer.id: layer for layer in store.list_layers()}
    assert {k: v.feature_count for k, v in layers.items()} == EXPECTED
    assert all(layer.current_version == 1 for layer in layers.values())
    # Loading again publishes nothing new.
    for spec in specs:
        assert "unchanged (version 1" in load_one(store, spec)[0]
    assert len(store.layer_versions()) == len(EXPECTED)
    # Every feature carries provenance and an honest precision.
    for feature in store.iter_features(FeatureFilter()):
        assert feature.source and feature.licence, feature.key
        if feature.geometry is None:
            assert feature.precision == "unlocated", feature.key
        if feature.precision not in ("site", "surveyed"):
            assert feature.precision_note, feature.key


def test_waste_sites_of_task_13_3(store: Store, specs: list) -> None:
    load_one(store, next(s for s in specs if s.id == "waste_sites"))
    sites = store.query_features(FeatureFilter(layers=["waste_sites"], tasks=["13.3"])).features
    names = sorted(f.name_vi for f in sites)
    assert len(names) == 3 and any("Châu Hưng" in n for n in names)
    assert {f.precision for f in sites} == {"service_area"}
    assert {f.status for f in sites} == {"investment_call"}
    chau_hung = next(f for f in sites if "Châu Hưng" in f.name_vi)
    history = store.status_history(chau_hung.key)
    assert [e["status"] for e in history] == ["approved", "cancelled", "investment_call"]
    assert str(history[0]["effective_date"]) == "2019-05-31"
    found = store.search("chau hung")
    assert chau_hung.key in [f.key for f in found]


def test_dry_run_stores_nothing(store: Store, specs: list) -> None:
    lines = load_one(None, next(s for s in specs if s.id == "districts"))
    assert "dry run, 7 features, nothing stored" in lines[0]
    assert any("admin" in line for line in lines)
    assert store.list_layers() == []


def test_unknown_layer_is_named() -> None:
    with pytest.raises(BadRequest, match="Unknown layer nope"):
        select_specs(["nope"])


def test_docs_data_lists_every_layer_with_its_count() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "data.md").read_text()
    listed: dict[str, list[str]] = {}
    for line in docs.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) > 3:
            listed.setdefault(cells[0].split("`")[1], []).append(cells[3])
    assert set(listed) == set(EXPECTED)
    for layer_id, counts in listed.items():
        if layer_id != "population":  # a raster: its grid size is listed instead
            # Both the Vietnamese and the English table start with the feature count.
            assert [c.split(" ")[0] for c in counts] == [str(EXPECTED[layer_id])] * 2, layer_id


def test_raster_is_kept_under_the_data_path_by_a_relative_path(
    store: Store, specs: list, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    load_one(store, next(s for s in specs if s.id == "population"), data_path=data)
    raster = store.get_layer("population").raster
    assert raster is not None and not Path(raster.file).is_absolute()
    assert raster.file.startswith("rasters/population/") and (data / raster.file).is_file()
    # Nothing of the loading machine's folders is stored with the layer.
    assert str(tmp_path) not in str(raster.to_json())


def test_staged_steps_show_the_difference_before_publishing(store: Store, specs: list) -> None:
    spec = next(s for s in specs if s.id == "waste_sites")
    built = build(spec)
    draft = stage(store, built, by="lan")
    assert store.list_layers() == []  # staged, not published
    assert len(store.draft_diff(draft.id).added) == 4
    result = publish(store, draft, by="lan")
    assert result.created and result.version == 1 and result.added == 4
    assert store.layer_versions("waste_sites")[0]["loaded_by"] == "lan"
