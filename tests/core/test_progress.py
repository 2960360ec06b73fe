"""Task progress: checking a form, agency limits, the group roll-up and who has not reported.

The plan is the bundled decision; every progress entry, agency and URL here is synthetic.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from tests.factories import synthetic_layer, synthetic_point
from webmap.core import evidence, progress
from webmap.core.plan import load_plan_into
from webmap.errors import BadRequest, Conflict, Forbidden, NotFound
from webmap.store import Store

TODAY = date(2025, 12, 1)
AGENCY = "Sở Tổng hợp Thử nghiệm"
OTHER = "Ban Tổng hợp Khác"


def _form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "status": "in_progress",
        "percent": "40",
        "period_year": "2025",
        "effective_date": "2025-06-01",
        "lead_agency": AGENCY,
        "partner_agencies": "",
        "results": "Kết quả tổng hợp",
        "obstacles": "",
        "proposals": "",
        "evidence": "",
    }
    form.update(changes)
    return form


def _refused(form: dict[str, Any]) -> BadRequest:
    with pytest.raises(BadRequest) as caught:
        progress.check_entry("1.1", form, today=TODAY)
    return caught.value


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("9,5", 9.5),
        ("9.5", 9.5),
        (" 9,5 ", 9.5),
        ("-1,25", -1.25),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("187", 187.0),
        (42, 42.0),
        (9.5, 9.5),
    ],
)
def test_numbers_as_written_in_vietnamese_or_english(text: Any, number: float) -> None:
    assert progress.parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "9,5x", "", None, "9..5", "1e3", True, float("nan")])
def test_what_is_not_a_number(text: Any) -> None:
    assert progress.parse_number(text) is None


# --- one entry, checked ---------------------------------------------------------------------


def test_a_valid_form_becomes_the_stores_entry() -> None:
    entry = progress.check_entry(
        "1.1",
        _form(
            status="Đang triển khai",
            percent="9,5",
            partner_agencies="Sở Thử A, Sở Thử B, Sở Thử A",
            evidence="Văn bản tổng hợp | https://example.org/synthetic\nhttp://example.org/b",
        ),
        today=TODAY,
    )
    assert entry["status"] == "in_progress"
    assert entry["percent"] == 9.5
    assert entry["period_year"] == 2025
    assert entry["effective_date"] == date(2025, 6, 1)
    assert entry["partner_agencies"] == ["Sở Thử A", "Sở Thử B"]
    assert entry["evidence"] == [
        {"label": "Văn bản tổng hợp", "url": "https://example.org/synthetic"},
        {"label": "example.org", "url": "http://example.org/b"},
    ]


def test_status_labels_in_both_languages() -> None:
    assert set(progress.STATUS_LABELS) == {"not_started", "in_progress", "completed", "ongoing"}
    assert progress.status_code("Hoàn thành") == "completed"
    assert progress.status_code("hoan thanh") == "completed"
    assert progress.status_code("Ongoing (continuous)") == "ongoing"
    assert progress.status_code("finished") is None
    assert _refused(_form(status="finished")).details["field"] == "status"


@pytest.mark.parametrize("percent", ["abc", "101", "-1", "9,5,x"])
def test_a_bad_percent_is_refused_naming_the_field(percent: str) -> None:
    error = _refused(_form(percent=percent))
    assert error.details["field"] == "percent"
    assert "Tỷ lệ hoàn thành" in error.message_vi and "Percent complete" in error.message_en


def test_percent_must_match_completed_or_not_started() -> None:
    assert _refused(_form(status="completed", percent="80")).details["field"] == "percent"
    assert _refused(_form(status="not_started", percent="5")).details["field"] == "percent"
    done = progress.check_entry("1.1", _form(status="completed", percent=""), today=TODAY)
    assert done["percent"] is None


@pytest.mark.parametrize("day", ["2022-12-31", "2031-01-01", "2025-12-02", "abc", "31/02/2025"])
def test_an_effective_date_outside_the_period_or_in_the_future_is_refused(day: str) -> None:
    error = _refused(_form(effective_date=day))
    assert error.details["field"] == "effective_date"
    fields = error.details["fields"]
    assert isinstance(fields, dict) and "period_year" not in fields


def test_dates_as_officers_write_them() -> None:
    entry = progress.check_entry("1.1", _form(effective_date="17/05/2024"), today=TODAY)
    assert entry["effective_date"] == date(2024, 5, 17)
    month = progress.check_entry("1.1", _form(effective_date="05/2024"), today=TODAY)
    assert month["effective_date"] == date(2024, 5, 1)


def test_the_reporting_year_defaults_to_the_report_the_date_belongs_to() -> None:
    assert progress.report_year(date(2024, 11, 14)) == 2024
    assert progress.report_year(date(2024, 11, 15)) == 2025
    late = progress.check_entry(
        "1.1", _form(period_year="", effective_date="2024-11-20"), today=TODAY
    )
    assert late["period_year"] == 2025


@pytest.mark.parametrize("year", ["2022", "2031", "abc"])
def test_a_reporting_year_outside_the_plan_is_refused(year: str) -> None:
    assert _refused(_form(period_year=year)).details["field"] == "period_year"


def test_the_lead_agency_is_required() -> None:
    assert _refused(_form(lead_agency="  ")).details["field"] == "lead_agency"


def test_agencies_with_a_comma_in_their_name_are_separated_by_semicolons() -> None:
    names = progress.split_agencies("Sở Thử, Thương binh và Xã hội; Sở Thử B\nSở Thử C")
    assert names == ["Sở Thử, Thương binh và Xã hội", "Sở Thử B", "Sở Thử C"]
    assert progress.split_agencies("Sở A, Sở B") == ["Sở A", "Sở B"]
    assert progress.split_agencies(["Sở A ", "Sở A", ""]) == ["Sở A"]


@pytest.mark.parametrize(
    "line",
    ["ftp://example.org/x", "javascript:alert(1)", "Tài liệu | example.org", "https://"],
)
def test_evidence_must_be_http_links(line: str) -> None:
    error = _refused(_form(evidence=line))
    assert error.details["field"] == "evidence"
    assert "dòng 1" in error.message_vi and "line 1" in error.message_en


def test_evidence_from_repeated_form_fields() -> None:
    entry = progress.check_entry(
        "1.1",
        _form(evidence=["https://example.org/a", ""], evidence_label=["Biên bản thử", ""]),
        today=TODAY,
    )
    assert entry["evidence"] == [{"label": "Biên bản thử", "url": "https://example.org/a"}]


def test_every_field_at_fault_is_named_at_once() -> None:
    error = _refused(_form(status="x", percent="abc", lead_agency="", evidence="ftp://x"))
    fields = error.details["fields"]
    assert isinstance(fields, dict)
    assert set(fields) == {"status", "percent", "lead_agency", "evidence"}
    assert error.status == 400


# --- agency limits --------------------------------------------------------------------------


def test_agency_limits() -> None:
    progress.check_agency(AGENCY, None, [])  # unrestricted
    progress.check_agency(AGENCY, None, [AGENCY.upper()])  # case and spacing ignored
    progress.check_agency(AGENCY, {"lead_agency": AGENCY}, [AGENCY])
    with pytest.raises(Forbidden) as caught:
        progress.check_agency(OTHER, None, [AGENCY])
    assert caught.value.status == 403
    with pytest.raises(Forbidden):  # the task is led by another agency: not theirs to take
        progress.check_agency(AGENCY, {"lead_agency": OTHER}, [AGENCY])


# --- roll-up --------------------------------------------------------------------------------


def test_task_percent_by_status() -> None:
    assert progress.task_percent("completed", None) == 100.0
    assert progress.task_percent("not_started", None) == 0.0
    assert progress.task_percent("in_progress", None) == 50.0
    assert progress.task_percent("in_progress", 30.0) == 30.0
    assert progress.task_percent("ongoing", 70.0) == 70.0
    assert progress.task_percent(None, None) == 0.0


def test_weighted_percent() -> None:
    tasks = [{"code": "1.1", "percent": 100.0}, {"code": "1.2", "percent": 0.0}]
    assert progress.weighted_percent(tasks, {}) == 50.0
    assert progress.weighted_percent(tasks, {"1.1": 3.0, "1.2": 1.0}) == 75.0
    assert progress.weighted_percent(tasks, {"1.1": 3.0}) == 75.0  # unnamed weighs 1
    assert progress.weighted_percent([], {}) == 0.0


# --- with a store ---------------------------------------------------------------------------


def test_kept_evidence_files_join_the_links(tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("GREENMAP_DATA_PATH", str(tmp_path))
    kept = evidence.keep_evidence(io.BytesIO(b"%PDF-1.4 synthetic"), "Biên bản.pdf", by="lan")
    form = _form(evidence="Trang thử | https://example.org/a", evidence_files=[kept])
    entry = progress.check_entry("1.1", form, today=TODAY)
    assert entry["evidence"] == [{"label": "Trang thử", "url": "https://example.org/a"}, kept]


@pytest.mark.parametrize(
    "item",
    [
        {"label": "x", "file": "evidence/../../etc/passwd", "sha256": "0" * 64, "size": 1},
        {"label": "x", "file": "evidence/0123456789abcdef-a.pdf", "sha256": "zz", "size": 1},
        {"label": "x", "file": "evidence/0123456789abcdef-a.pdf", "sha256": "0" * 64, "size": -1},
        "evidence/0123456789abcdef-a.pdf",
    ],
)
def test_a_forged_evidence_file_is_refused(item: Any) -> None:
    error = _refused(_form(evidence_files=[item]))
    assert error.details["field"] == "evidence"
    assert "tệp minh chứng" in error.message_vi and "evidence file" in error.message_en


def test_recording_progress_on_both_backends(store: Store) -> None:
    load_plan_into(store)
    first = progress.record_task_progress(store, "1.1", _form(), by="synthetic", agencies=None)
    done = _form(status="completed", percent="", effective_date="2025-07-01")
    second = progress.record_task_progress(store, "1.1", done, by="synthetic", agencies=[AGENCY])
    history = progress.task_progress_history(store, "1.1")
    assert [e["id"] for e in history] == [second, first]  # newest first
    assert history[0]["status"] == "completed"
    groups = progress.group_progress(store)
    assert groups[0]["number"] == 1 and groups[0]["percent"] == 50.0  # 100 and an unreported 0
    assert progress.not_reported(store, 2025)[0]["code"] == "1.2"
    kept = {"label": "Biên bản.pdf", "file": "evidence/0123456789abcdef-Bien_ban.pdf"}
    kept |= {"sha256": "0123456789abcdef" + "0" * 48, "size": 18}
    with_file = _form(effective_date="2025-08-01", evidence_files=[kept])
    progress.record_task_progress(store, "1.1", with_file, by="synthetic", agencies=None)
    assert progress.task_progress_history(store, "1.1")[0]["evidence"] == [kept]


def test_a_refused_form_stores_nothing(plan_db: Store) -> None:
    with pytest.raises(BadRequest):
        progress.record_task_progress(
            plan_db, "1.1", _form(percent="abc"), by="synthetic", agencies=None
        )
    with pytest.raises(NotFound):
        progress.record_task_progress(plan_db, "99.9", _form(), by="synthetic", agencies=None)
    assert plan_db.task_progress_history("1.1") == []


def test_an_editor_limited_to_other_agencies_is_forbidden(plan_db: Store) -> None:
    progress.record_task_progress(plan_db, "1.1", _form(), by="synthetic", agencies=None)
    with pytest.raises(Forbidden):
        progress.record_task_progress(
            plan_db, "1.1", _form(lead_agency=OTHER, percent="60"), by="other", agencies=[OTHER]
        )
    assert len(plan_db.task_progress_history("1.1")) == 1


def test_the_same_entry_twice_is_a_conflict(plan_db: Store) -> None:
    progress.record_task_progress(plan_db, "1.1", _form(), by="synthetic", agencies=None)
    with pytest.raises(Conflict):
        progress.record_task_progress(plan_db, "1.1", _form(), by="synthetic", agencies=None)
    progress.record_task_progress(plan_db, "1.1", _form(percent="45"), by="s", agencies=None)
    assert len(plan_db.task_progress_history("1.1")) == 2


def test_group_progress_weights_counts_and_agency_filter(plan_db: Store) -> None:
    progress.record_task_progress(
        plan_db, "1.1", _form(status="completed", percent=""), by="s", agencies=None
    )
    progress.record_task_progress(
        plan_db, "1.2", _form(lead_agency=OTHER, partner_agencies=AGENCY), by="s", agencies=None
    )
    progress.set_weights(plan_db, 1, {"1.1": "3", "1.2": "1"}, by="admin")
    group = progress.group_progress(plan_db)[0]
    assert group["percent"] == 85.0  # (3 × 100 + 1 × 40) / 4
    assert group["counts"]["completed"] == 1 and group["counts"]["in_progress"] == 1
    assert group["reported"] == 2 and group["task_count"] == 2
    assert group["tasks"][0]["current"]["lead_agency"] == AGENCY
    only_other = progress.group_progress(plan_db, agency=OTHER)
    assert [g["number"] for g in only_other] == [1]
    assert [t["code"] for t in only_other[0]["tasks"]] == ["1.2"]
    partner = progress.group_progress(plan_db, agency=AGENCY)[0]
    assert [t["code"] for t in partner["tasks"]] == ["1.1", "1.2"]  # leads one, helps on one
    assert progress.group_progress(plan_db, agency="Không ai") == []


def test_a_bad_weight_is_refused(plan_db: Store) -> None:
    with pytest.raises(BadRequest):
        progress.set_weights(plan_db, 1, {"1.1": "abc"}, by="admin")
    progress.set_weights(plan_db, 1, {"1.1": "1,5", "1.2": ""}, by="admin")
    assert plan_db.group_weights(1) == {"1.1": 1.5}


def test_linked_sites_are_shown_beside_never_counted(plan_db: Store) -> None:
    """A synthetic project linked to task 8.5 appears in the group's site breakdown; the
    group's reported percent stays what its tasks say."""
    plan_db.load_layer(synthetic_layer(), [synthetic_point(1)], checksum="synthetic")
    group = next(g for g in progress.group_progress(plan_db) if g["number"] == 8)
    assert group["status_breakdown"] == {"planned": 1}
    assert group["linked_count"] == 1
    assert group["percent"] == 0.0
    assert group["counts"]["no_report"] == group["task_count"]


def test_not_reported_by_lead_agency(plan_db: Store) -> None:
    earlier = _form(period_year="2024", effective_date="2024-06-01")
    progress.record_task_progress(plan_db, "1.1", earlier, by="s", agencies=None)
    progress.record_task_progress(
        plan_db, "1.2", _form(lead_agency="An Tổng hợp"), by="s", agencies=None
    )
    missing_2025 = progress.not_reported(plan_db, 2025)
    assert "1.2" not in {t["code"] for t in missing_2025}
    assert missing_2025[0]["code"] == "1.1"  # its lead agency is known; unknown ones last
    assert missing_2025[0]["lead_agency"] == AGENCY
    assert missing_2025[-1]["lead_agency"] == ""
    assert len(missing_2025) == len(plan_db.tasks()) - 1
    missing_2024 = progress.not_reported(plan_db, 2024)
    assert missing_2024[0]["code"] == "1.2"  # "An …" sorts before "Sở …"
    assert "1.1" not in {t["code"] for t in missing_2024}
