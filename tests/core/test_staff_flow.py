"""The staff workflow in core, on both backends: upload → map → validate → stage → preview →
publish; edits on the map; statuses; restore. Files are synthetic (tests/uploads.py)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from tests.factories import synthetic_layer, synthetic_point
from tests.uploads import csv_file, vn2000_tcvn3_shapefile_zip
from webmap.core import staff
from webmap.core.plan import load_plan_into
from webmap.errors import BadRequest, Conflict, NotFound
from webmap.store import FeatureFilter, Store

LAYER = "synthetic_points"
PROVENANCE = staff.Provenance("Sở TN&MT (synthetic test data)", "CC-BY-4.0", "© Synthetic")


@pytest.fixture
def seeded(store: Store) -> Store:
    load_plan_into(store)
    store.load_layer(synthetic_layer(), [synthetic_point(1), synthetic_point(2)], checksum="s1")
    return store


def _upload(store: Store, path: Path, by: str = "lan") -> staff.UploadRef:
    with path.open("rb") as stream:
        return staff.receive_upload(store, LAYER, path.name, stream, by=by)


def _request(ref: staff.UploadRef, store: Store, **kw: object) -> staff.ImportRequest:
    mapping = {c.target: c.column for c in staff.mapping_choices(store, ref)}
    options = ref.options if ref.info.crs else staff.ReadOptions(crs="wgs84")
    return staff.ImportRequest(
        token=ref.token, options=options, mapping=mapping, provenance=PROVENANCE, **kw
    )


def test_tcvn3_vn2000_shapefile_to_published_layer(seeded: Store, tmp_path: Path) -> None:
    rows = [
        ("Nhà máy nước Bạc Liêu", "operating", (105.7245, 9.2941)),
        ("Trạm cấp nước xã Vĩnh Trạch", "planned", (105.77, 9.25)),
    ]
    ref = _upload(seeded, vn2000_tcvn3_shapefile_zip(tmp_path / "nuoc.zip", rows))
    assert ref.info.encoding == "tcvn3"
    choices = {c.target: c.column for c in staff.mapping_choices(seeded, ref)}
    assert choices["name_vi"] == "ten" and choices["status"] == "trang_thai"
    before = [f.key for f in seeded.iter_features(FeatureFilter(layers=[LAYER]))]
    prepared = staff.prepare_import(seeded, _request(ref, seeded), by="lan")
    assert prepared.errors == 0 and prepared.draft_id is not None
    assert any(i.code == "encoding_converted" for i in prepared.issues)
    # Staged, not published: readers still see the two features.
    assert [f.key for f in seeded.iter_features(FeatureFilter(layers=[LAYER]))] == before
    view = staff.preview(seeded, prepared.draft_id)
    assert view.counts["added"] == 2 and view.counts["removed"] == 0
    staff.publish(seeded, prepared.draft_id, by="lan")
    names = {f.name_vi: f for f in seeded.iter_features(FeatureFilter(layers=[LAYER]))}
    plant = names["Nhà máy nước Bạc Liêu"]
    assert plant.status == "operating"
    assert plant.source == "Sở TN&MT (synthetic test data) (© Synthetic)"
    assert abs(plant.geometry.x - 105.7245) < 1e-5 and abs(plant.geometry.y - 9.2941) < 1e-5
    assert plant.district_code  # placed in its district
    # The mapping is remembered for the layer; the upload and its check are in the audit log.
    assert seeded.get_upload_mapping(LAYER)["name_vi"] == "ten"
    (received,) = seeded.audit_page(action="upload.receive")
    assert received["actor"] == "lan" and received["detail"]["file"] == "nuoc.zip"
    (checked,) = seeded.audit_page(action="upload.check")
    assert checked["detail"] == {
        "file": "nuoc.zip",
        "errors": 0,
        "warnings": 0,
        "draft": prepared.draft_id,
    }


def test_rows_with_errors_stage_nothing(seeded: Store, tmp_path: Path) -> None:
    rows = [("Trạm A", "đang chạy thử", (105.72, 9.29))]
    ref = _upload(seeded, vn2000_tcvn3_shapefile_zip(tmp_path / "bad.zip", rows))
    prepared = staff.prepare_import(seeded, _request(ref, seeded), by="lan")
    assert prepared.draft_id is None and prepared.errors == 1
    (issue,) = [i for i in prepared.issues if i.level == "error"]
    assert (issue.row, issue.field, issue.code) == (1, "trang_thai", "unknown_status")
    assert seeded.open_drafts() == []


def test_name_match_updates_instead_of_duplicating(seeded: Store, tmp_path: Path) -> None:
    seeded.load_layer(
        synthetic_layer(),
        [
            synthetic_point(1),
            synthetic_point(2),
            synthetic_point(3, geometry=None, precision="unlocated"),
        ],
        checksum="s2",
    )
    path = csv_file(
        tmp_path / "vi_tri.csv", ("ten", "lon", "lat"), [("Điểm thử Đông Hải 3", 105.6, 9.3)]
    )
    ref = _upload(seeded, path)
    request = _request(ref, seeded, match_names=True)
    assert staff.name_matches(seeded, ref, request.mapping)[0][2] == f"{LAYER}:3"
    prepared = staff.prepare_import(seeded, request, by="lan")
    assert prepared.draft_id is not None
    view = staff.preview(seeded, prepared.draft_id)
    assert view.counts["added"] == 0 and view.counts["changed"] == 1
    staff.publish(seeded, prepared.draft_id, by="lan")
    placed = seeded.get_feature(f"{LAYER}:3")
    assert placed.precision == "site" and placed.tasks == ["8.5"]  # kept from the feature
    assert len(list(seeded.iter_features(FeatureFilter(layers=[LAYER])))) == 3


def test_replace_lists_removals_and_a_second_draft_conflicts(seeded: Store, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", ("ten", "lon", "lat"), [("Trạm mới", 105.6, 9.3)])
    first = staff.prepare_import(
        seeded, _request(_upload(seeded, path), seeded, mode="replace"), by="lan"
    )
    second = staff.prepare_import(
        seeded, _request(_upload(seeded, path, "minh"), seeded), by="minh"
    )
    view = staff.preview(seeded, first.draft_id)
    assert sorted(r.key for r in view.rows if r.kind == "removed") == [f"{LAYER}:1", f"{LAYER}:2"]
    staff.publish(seeded, first.draft_id, by="lan")
    assert staff.preview(seeded, second.draft_id).stale
    with pytest.raises(Conflict):
        staff.publish(seeded, second.draft_id, by="minh")


def test_uploads_are_private_to_their_uploader(seeded: Store, tmp_path: Path) -> None:
    path = csv_file(tmp_path / "a.csv", ("ten", "lon", "lat"), [("Trạm", 105.6, 9.3)])
    ref = _upload(seeded, path)
    with pytest.raises(NotFound):
        staff.get_upload(ref.token, by="minh")
    assert staff.get_upload(ref.token, by="minh", admin=True).filename == "a.csv"
    with pytest.raises(NotFound):
        staff.get_upload("../../etc", by="lan")


def test_oversized_and_wrong_kind_uploads(seeded: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENMAP_MAX_UPLOAD_MB", "1")
    with pytest.raises(BadRequest):
        staff.receive_upload(seeded, LAYER, "big.csv", io.BytesIO(b"x" * (2 * 2**20)), by="lan")
    with pytest.raises(BadRequest):
        staff.receive_upload(seeded, LAYER, "notes.exe", io.BytesIO(b"MZ"), by="lan")


def test_edit_place_and_status(seeded: Store) -> None:
    seeded.load_layer(
        synthetic_layer(),
        [synthetic_point(1), synthetic_point(3, geometry=None, precision="unlocated")],
        checksum="s3",
    )
    key = f"{LAYER}:3"
    version = staff.edit_feature(
        seeded, key, geometry={"type": "Point", "coordinates": [105.6, 9.3]}, by="lan"
    )
    placed = seeded.get_feature(key)
    assert placed.precision == "site" and placed.version == version
    entry = seeded.audit_page(action="feature.edit")[0]
    assert entry["detail"]["before"]["geometry"] is None
    assert entry["detail"]["after"]["geometry"]["coordinates"] == [105.6, 9.3]
    with pytest.raises(BadRequest):
        staff.edit_feature(
            seeded, key, geometry={"type": "Point", "coordinates": [106.9, 10.8]}, by="lan"
        )
    with pytest.raises(BadRequest):
        staff.edit_feature(
            seeded,
            key,
            geometry={"type": "LineString", "coordinates": [[105.6, 9.3], [105.7, 9.3]]},
            by="lan",
        )
    staff.record_status(
        seeded, key, status="approved", date_text="05/2025", note="", source="QĐ thử", by="lan"
    )
    assert seeded.get_feature(key).status == "approved"
    assert seeded.get_feature(key).status_date == date(2025, 5, 1)
    with pytest.raises(BadRequest):
        staff.record_status(
            seeded, key, status="approved", date_text="32/13/2025", note="", source="x", by="lan"
        )


def test_restore_an_earlier_version(seeded: Store) -> None:
    staff.edit_feature(seeded, f"{LAYER}:1", fields={"name_vi": "Tên mới"}, by="lan")
    versions = staff.layer_versions(seeded, LAYER)
    assert versions[0]["version"] == 2
    result = staff.restore(seeded, LAYER, 1, by="admin")
    assert result.created and result.version == 3
    assert seeded.get_feature(f"{LAYER}:1").name_vi == "Điểm thử Đông Hải 1"
    assert seeded.audit_page(action="layer.restore")[0]["detail"]["from_version"] == 1


def test_bulk_statuses_all_or_nothing(seeded: Store) -> None:
    good = "key,status,status_date\nsynthetic_points:1,approved,2025-05\n"
    bad = good + "synthetic_points:9,operating,2025\nsynthetic_points:2,=cmd(),2025\n"
    report = staff.bulk_statuses(
        seeded, "s.csv", bad.encode(), source="QĐ thử", by="lan", apply=True
    )
    assert not report.applied and [line.row for line in report.lines] == [3, 4]
    assert seeded.get_feature(f"{LAYER}:1").status == "planned"
    report = staff.bulk_statuses(
        seeded, "s.csv", good.encode(), source="QĐ thử", by="lan", apply=True
    )
    assert report.applied and seeded.get_feature(f"{LAYER}:1").status == "approved"
    again = staff.bulk_statuses(seeded, "s.csv", good.encode(), source="x", by="lan", apply=True)
    assert not again.events and again.lines[0].level == "info"
    # The export's own columns: a label instead of a code, the date's precision beside it.
    exported = (
        "key,status,status_date,status_date_precision\n"
        "synthetic_points:2,Đang xây dựng,2025-03-01,month\n"
    )
    staff.bulk_statuses(seeded, "e.csv", exported.encode(), source="QĐ", by="lan", apply=True)
    second = seeded.get_feature(f"{LAYER}:2")
    assert (second.status, second.status_date_precision) == ("under_construction", "month")
    with pytest.raises(BadRequest):
        staff.bulk_statuses(seeded, "s.csv", b"key,status\n", source="x", by="lan", apply=False)


def test_audit_by_layer_and_csv(seeded: Store) -> None:
    staff.edit_feature(seeded, f"{LAYER}:1", fields={"name_vi": "Trạm"}, by="=HYPERLINK(1)")
    entries, more = staff.audit_page(seeded, staff.AuditFilter(layer=LAYER))
    assert more is None
    assert {e["action"] for e in entries} >= {"feature.edit", "layer.publish"}
    assert staff.audit_page(seeded, staff.AuditFilter(actor="nobody"))[0] == []
    text = staff.audit_csv(seeded, staff.AuditFilter(layer=LAYER)).decode("utf-8")
    assert text.startswith("\ufeffid,at,actor") and "feature.edit" in text
    assert ",'=HYPERLINK(1)," in text and ",=HYPERLINK" not in text  # the actor cell, neutralised


def test_a_status_only_change_shows_in_the_preview(seeded: Store, tmp_path: Path) -> None:
    """Upload a new status for an existing feature: the preview says so, old → new."""
    path = csv_file(
        tmp_path / "tt.csv",
        ("ma", "ten", "trang_thai", "ngay"),
        [("1", "Điểm thử Đông Hải 1", "Đang xây dựng", "05/2025")],
    )
    ref = _upload(seeded, path)
    request = _request(ref, seeded)
    request.mapping.update(key="ma", status_date="ngay")
    prepared = staff.prepare_import(seeded, request, by="lan")
    assert prepared.draft_id is not None, prepared.issues
    view = staff.preview(seeded, prepared.draft_id)
    assert view.counts["changed"] == 1
    (row,) = [r for r in view.rows if r.kind == "changed"]
    fields = {vi: (old, new) for vi, _, old, new in row.fields}
    assert fields["Trạng thái"] == (
        "Trong quy hoạch, 29/05/2024 / Planned, 29 May 2024",
        "Đang xây dựng, 05/2025 / Under construction, May 2025",
    )
