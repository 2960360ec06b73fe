"""The report's words in Vietnamese and English, and its numbers and dates as a reader
writes them. The DOCX, the XLSX and the printable page all take their text from here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from webmap.core.formatting import format_date, format_number, words_in
from webmap.core.ontrack import CATEGORY_LABELS, UNITS
from webmap.core.progress import STATUS_LABELS as STATUS_LABELS_OF_TASKS
from webmap.domain import NO_STATUS
from webmap.domain.statuses import STATUS_LABELS

#: A task's implementation status (and no report at all).
TASK_STATUS_LABELS: dict[str, tuple[str, str]] = {
    **STATUS_LABELS_OF_TASKS,
    "no_report": ("Chưa báo cáo", "Not reported"),
}
#: Section III's kinds of change.
CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "operating": ("Đi vào vận hành", "Newly operating"),
    "approved": ("Được phê duyệt", "Approved"),
    "under_construction": ("Khởi công xây dựng", "Construction started"),
    "cancelled": ("Bị hủy", "Cancelled"),
    "other": ("Thay đổi khác", "Other changes"),
}
#: How a target's value compares, before the number.
_COMPARISONS: dict[str, tuple[str, str]] = {
    "reduce_by": ("giảm ", "reduce by "),
    "above": ("≥ ", "≥ "),
    "about": ("≈ ", "≈ "),
}

TEXT: dict[str, tuple[str, str]] = {
    "title": (
        "Báo cáo kết quả thực hiện Kế hoạch hành động tăng trưởng xanh tỉnh Bạc Liêu năm {year}",
        "Report on the implementation of the Green Growth Action Plan of Bạc Liêu province, {year}",
    ),
    "basis": (
        "Theo Quyết định số {number} ngày {signed} của {issuer} (mục V.2: báo cáo trước ngày "
        "14/11 hằng năm).",
        "Under Decision {number} of {signed} of the {issuer} (section V.2: report before "
        "14 November each year).",
    ),
    "period": ("Kỳ báo cáo: từ {start} đến {end}.", "Reporting period: {start} to {end}."),
    "generated": ("Số liệu lấy lúc {at} (giờ Việt Nam).", "Data as of {at} (Viet Nam time)."),
    "issued": (
        "Bản ban hành lần {revision}, ngày {at}, người ban hành {by}; "
        "mã kiểm tra SHA-256 {checksum}.",
        "Issued revision {revision} on {at} by {by}; SHA-256 checksum {checksum}.",
    ),
    "draft": (
        "Bản xem trước từ số liệu hiện hành (chưa ban hành).",
        "Preview from the live data (not issued).",
    ),
    "summary": ("Tóm tắt", "Summary"),
    "summary_targets": (
        "Chỉ tiêu đến năm 2030: {total}; theo đánh giá: {counts}.",
        "2030 targets: {total}; by assessment: {counts}.",
    ),
    "summary_tasks": (
        "Nhiệm vụ: {total}, trong đó {reported} có báo cáo trong kỳ; theo tình trạng: {counts}.",
        "Tasks: {total}, of which {reported} reported in the period; by status: {counts}.",
    ),
    "summary_projects": (
        "Dự án trên bản đồ: {total}; theo trạng thái cuối kỳ: {counts}.",
        "Projects on the map: {total}; by status at the end of the period: {counts}.",
    ),
    "summary_changes": (
        "Dự án thay đổi trạng thái trong kỳ: {total} ({counts}).",
        "Projects whose status changed in the period: {total} ({counts}).",
    ),
    "none": ("không có", "none"),
    "section_targets": (
        "I. Kết quả thực hiện các chỉ tiêu đến năm 2030",
        "I. Results against the 2030 targets",
    ),
    "section_groups": (
        "II. Kết quả thực hiện theo nhóm nhiệm vụ",
        "II. Results by task group",
    ),
    "section_projects": (
        "III. Dự án trên bản đồ thay đổi trạng thái trong kỳ",
        "III. Projects on the map whose status changed in the period",
    ),
    "section_map": ("IV. Bản đồ các dự án theo trạng thái", "IV. Map of the projects by status"),
    "annex": ("Phụ lục", "Annex"),
    "annex_note": (
        "Danh sách đầy đủ các nhiệm vụ, chỉ tiêu và dự án ở tệp Excel kèm theo báo cáo này "
        "(tải từ trang Báo cáo năm {year} của GreenMap).",
        "Every task, target and project row is in the spreadsheet that comes with this "
        "report (download it from GreenMap's page of the {year} report).",
    ),
    "col_no": ("STT", "No."),
    "col_target": ("Chỉ tiêu", "Target"),
    "col_goal": ("Mục tiêu 2030", "2030 target"),
    "col_baseline": ("Giá trị cơ sở", "Baseline"),
    "col_latest": ("Giá trị mới nhất", "Latest value"),
    "col_category": ("Đánh giá", "Assessment"),
    "col_basis": ("Căn cứ đánh giá", "Basis of the assessment"),
    "col_project": ("Dự án", "Project"),
    "col_layer": ("Loại", "Kind"),
    "col_change": ("Thay đổi", "Change"),
    "col_date": ("Ngày", "Date"),
    "col_kind": ("Nhóm thay đổi", "Kind of change"),
    "col_source": ("Nguồn", "Source"),
    "col_code": ("Mã", "Code"),
    "col_task": ("Nhiệm vụ", "Task"),
    "col_group": ("Nhóm", "Group"),
    "col_status": ("Tình trạng", "Status"),
    "col_percent": ("Tiến độ (%)", "Progress (%)"),
    "col_lead": ("Cơ quan chủ trì", "Lead agency"),
    "col_partners": ("Cơ quan phối hợp", "Co-operating agencies"),
    "col_results": ("Kết quả", "Results"),
    "col_obstacles": ("Khó khăn, vướng mắc", "Obstacles and difficulties"),
    "col_proposals": ("Đề xuất, kiến nghị", "Proposals"),
    "col_reported_on": ("Ngày báo cáo", "Reported on"),
    "col_evidence": ("Minh chứng", "Evidence"),
    "col_unit": ("Đơn vị", "Unit"),
    "col_id": ("Mã chỉ tiêu", "Target id"),
    "col_baseline_year": ("Năm cơ sở", "Baseline year"),
    "col_latest_year": ("Năm số liệu mới nhất", "Latest year"),
    "col_override": ("Điều chỉnh đánh giá (lý do)", "Assessment override (reason)"),
    "col_old": ("Trạng thái trước", "Status before"),
    "col_new": ("Trạng thái mới", "New status"),
    "col_key": ("Mã dự án", "Project key"),
    "sheet_targets": ("Chỉ tiêu", "Targets"),
    "sheet_tasks": ("Nhiệm vụ", "Tasks"),
    "sheet_projects": ("Dự án", "Projects"),
    "group_heading": ("Nhóm {number}. {title}", "Group {number}. {title}"),
    "group_percent": (
        "Tiến độ chung của nhóm (bình quân có trọng số): {percent}%.",
        "Overall progress of the group (weighted mean): {percent}%.",
    ),
    "task_not_reported": ("Chưa có báo cáo.", "Not reported yet."),
    "override_note": ("điều chỉnh: {reason}", "override: {reason}"),
    "no_changes": (
        "Không có dự án nào thay đổi trạng thái trong kỳ.",
        "No project changed status during the period.",
    ),
    "no_status": ("chưa có trạng thái", "no status"),
    "date_uncertain": ("(ngày chỉ biết đến tháng/năm)", "(date known to the month/year only)"),
    "no_value": ("chưa cập nhật", "not yet reported"),
    "value_in": ("{value} ({when})", "{value} ({when})"),
    "figure_caption": (
        "Hình 1. Các dự án của Kế hoạch theo trạng thái cuối kỳ, trên ranh giới tỉnh và "
        "các huyện (trước sáp nhập 7/2025); dữ liệu của GreenMap.",
        "Figure 1. The plan's projects by status at the end of the period, over the "
        "province and district boundaries (before the July 2025 merger); GreenMap data.",
    ),
    "figure_legend": ("Chú giải", "Legend"),
    "figure_province": ("Ranh giới tỉnh", "Province boundary"),
    "figure_districts": ("Ranh giới huyện", "District boundaries"),
    "figure_unlocated": (
        "{n} dự án chưa có vị trí\n(không vẽ trên bản đồ)",
        "{n} projects without a location\n(not drawn)",
    ),
    "figure_empty": ("Chưa có lớp bản đồ nào được nạp.", "No map layer is loaded yet."),
    "unofficial": (
        "",
        "English texts of the plan are unofficial translations; the Vietnamese text is "
        "authoritative.",
    ),
}


class Labels:
    """The report's words, numbers and dates in one language (``vi`` or ``en``)."""

    def __init__(self, lang: str) -> None:
        self.lang = "en" if lang == "en" else "vi"
        self._i = 1 if self.lang == "en" else 0

    def _of(self, table: Mapping[str, tuple[str, str]], key: str) -> str:
        return table[key][self._i]

    def t(self, key: str, **values: Any) -> str:
        """A phrase of :data:`TEXT`, with its ``{name}`` places filled."""
        text = self._of(TEXT, key)
        return text.format(**values) if values else text

    def pick(self, vi: str | None, en: str | None) -> str:
        """The English text in English when there is one, else the Vietnamese."""
        return (en if self.lang == "en" and en else vi) or ""

    def status(self, status: str | None) -> str:
        """A project status (``unknown`` or none: "no status")."""
        if not status or status == NO_STATUS:
            return self.t("no_status")
        return self._of(STATUS_LABELS, status)

    def task_status(self, status: str | None) -> str:
        return self._of(TASK_STATUS_LABELS, status or "no_report")

    def category(self, category: str | None) -> str:
        return self._of(CATEGORY_LABELS, category or "not_enough_data")

    def change(self, kind: str) -> str:
        return self._of(CHANGE_LABELS, kind)

    def unit(self, unit: str | None) -> str:
        if not unit:
            return ""
        return UNITS[unit][self._i] if unit in UNITS else unit

    def number(self, value: Any) -> str:
        return format_number(value, self.lang)

    def date(self, value: Any, precision: str | None = None) -> str:
        """A date (ISO text or a date) as precise as it is known."""
        return format_date(value, precision, self.lang, words_in(self.lang))

    def with_unit(self, value: Any, unit: str | None) -> str:
        """``15%`` but ``187 triệu đồng``: percentages stick to their number."""
        number, shown = self.number(value), self.unit(unit)
        if not shown:
            return number
        return f"{number}{shown}" if shown.startswith("%") else f"{number} {shown}"

    def goal(self, target: Mapping[str, Any]) -> str:
        """The 2030 target as the plan states it: ``giảm 15%``, ``9,5–10,5%/năm``."""
        low, high = target.get("value_min"), target.get("value_max")
        if low is None and high is None:
            return ""
        if low is not None and high is not None and low != high:
            value = f"{self.number(low)}–{self.with_unit(high, target.get('unit'))}"
        else:
            value = self.with_unit(low if low is not None else high, target.get("unit"))
        pair = _COMPARISONS.get(str(target.get("comparison")))
        return (pair[self._i] if pair else "") + value

    def counts(self, counted: Mapping[str, int], label: Any) -> str:
        """``Đúng tiến độ: 3, Chưa đủ dữ liệu: 21`` (or "none")."""
        if not counted:
            return self.t("none")
        return ", ".join(f"{label(k)}: {self.number(n)}" for k, n in counted.items())
