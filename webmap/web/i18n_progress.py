"""Interface strings of plan progress, targets, dashboards and yearly reports, Vietnamese
first.

Keys: ``pg_`` task progress (staff), ``tps_`` a task's implementation status, ``tg_``
targets, ``cat_`` on-track categories, ``sec_`` the targets' sections, ``dash_`` the public
dashboards, ``rp_`` yearly reports.
"""

from __future__ import annotations

from webmap.core.ontrack import CATEGORY_LABELS
from webmap.core.progress import STATUS_LABELS

PROGRESS_CATALOGUE: dict[str, dict[str, str]] = {
    # -- implementation statuses and on-track categories: core's labels, one source ----
    **{f"tps_{code}": {"vi": vi, "en": en} for code, (vi, en) in STATUS_LABELS.items()},
    "tps_no_report": {"vi": "Chưa báo cáo", "en": "Not reported"},
    **{f"cat_{code}": {"vi": vi, "en": en} for code, (vi, en) in CATEGORY_LABELS.items()},
    "cat_method": {
        "vi": "Phương pháp của open-sdg (Cơ quan Thống kê Canada, Eurostat): so sánh tốc độ "
        "thay đổi bình quân năm quan sát được với tốc độ cần có để đạt mục tiêu năm 2030. "
        "Đúng tiến độ: ít nhất 95%; cần đẩy nhanh: 60–95%; tiến bộ hạn chế: 0–60%; đi "
        "ngược mục tiêu: dưới 0.",
        "en": "open-sdg's method (Statistics Canada, Eurostat): the observed yearly rate of "
        "change is compared with the rate needed to reach the 2030 target. On track: at least "
        "95 %; acceleration needed: 60–95 %; limited progress: 0–60 %; moving away: below 0.",
    },
    # -- sections of the targets --------------------------------------------------------
    "sec_a": {"vi": "Giảm phát thải khí nhà kính", "en": "Reducing greenhouse-gas emissions"},
    "sec_b": {"vi": "Xanh hóa các ngành kinh tế", "en": "Greening the economic sectors"},
    "sec_c": {
        "vi": "Xanh hóa lối sống và thúc đẩy tiêu dùng bền vững",
        "en": "Greening lifestyles and promoting sustainable consumption",
    },
    "sec_d": {
        "vi": "Xanh hóa quá trình chuyển đổi trên nguyên tắc bình đẳng, bao trùm, nâng cao "
        "năng lực chống chịu",
        "en": "A fair, inclusive green transition and resilience to climate change",
    },
    # -- staff: navigation --------------------------------------------------------------
    "pg_nav_progress": {"vi": "Tiến độ nhiệm vụ", "en": "Task progress"},
    "pg_nav_targets": {"vi": "Chỉ tiêu 2030", "en": "2030 targets"},
    "pg_nav_settings": {"vi": "Trọng số và cơ quan", "en": "Weights and agencies"},
    "pg_nav_reports": {"vi": "Báo cáo năm", "en": "Yearly reports"},
    "pg_nav": {"vi": "Tiến độ Kế hoạch", "en": "Plan progress"},
    # -- staff: task progress list -------------------------------------------------------
    "pg_title": {"vi": "Tiến độ thực hiện nhiệm vụ", "en": "Task progress"},
    "pg_intro": {
        "vi": "Mỗi nhiệm vụ của Kế hoạch với báo cáo mới nhất. Mỗi lần cập nhật được lưu "
        "thêm vào lịch sử, không ghi đè. Trạng thái của các dự án liên kết được hiển thị bên "
        "cạnh, không tính vào tiến độ.",
        "en": "Every task of the plan with its latest report. Each update is added to the "
        "history, never overwritten. The statuses of linked projects are shown beside it, "
        "never counted in it.",
    },
    "pg_filters": {"vi": "Bộ lọc", "en": "Filters"},
    "pg_agency": {"vi": "Cơ quan chủ trì", "en": "Lead agency"},
    "pg_all_agencies": {"vi": "Tất cả cơ quan", "en": "All agencies"},
    "pg_year": {"vi": "Năm báo cáo", "en": "Reporting year"},
    "pg_only_missing": {
        "vi": "Chỉ nhiệm vụ chưa báo cáo trong năm",
        "en": "Only tasks not reported for the year",
    },
    "pg_apply": {"vi": "Lọc", "en": "Apply"},
    "pg_missing_count": {
        "vi": "{n} nhiệm vụ chưa có báo cáo cho năm {year}.",
        "en": "{n} tasks have no report for {year}.",
    },
    "pg_missing_by_agency": {
        "vi": "Chưa báo cáo năm {year}, theo cơ quan",
        "en": "Not reported for {year}, by agency",
    },
    "pg_agency_unknown": {"vi": "(chưa ghi cơ quan)", "en": "(no agency recorded)"},
    "pg_group_percent": {"vi": "Tiến độ nhóm", "en": "Group progress"},
    "pg_status": {"vi": "Tình trạng thực hiện", "en": "Implementation status"},
    "pg_percent": {"vi": "Tỷ lệ hoàn thành (%)", "en": "Percent complete"},
    "pg_updated": {"vi": "Cập nhật", "en": "Updated"},
    "pg_update": {"vi": "Cập nhật", "en": "Update"},
    "pg_no_tasks": {"vi": "Không có nhiệm vụ nào phù hợp.", "en": "No task matches."},
    "pg_your_agencies": {
        "vi": "Bạn nhập báo cáo cho: {agencies}.",
        "en": "You report for: {agencies}.",
    },
    "pg_saved": {
        "vi": "Đã lưu báo cáo tiến độ nhiệm vụ {code}.",
        "en": "Progress of task {code} saved.",
    },
    # -- staff: one task -------------------------------------------------------------------
    "pg_task_title": {"vi": "Tiến độ nhiệm vụ {code}", "en": "Progress of task {code}"},
    "pg_current": {"vi": "Hiện trạng", "en": "Current state"},
    "pg_no_report_yet": {
        "vi": "Chưa có báo cáo nào cho nhiệm vụ này.",
        "en": "No report for this task yet.",
    },
    "pg_new_entry": {"vi": "Báo cáo mới", "en": "New report"},
    "pg_period_year": {"vi": "Kỳ báo cáo (năm)", "en": "Reporting period (year)"},
    "pg_effective_date": {"vi": "Ngày số liệu", "en": "As of date"},
    "pg_date_help": {
        "vi": "Trong thời kỳ Kế hoạch, 01/01/2023 – 31/12/2030.",
        "en": "Within the plan period, 1 January 2023 – 31 December 2030.",
    },
    "pg_percent_help": {
        "vi": "0–100; có thể viết 9,5 hoặc 9.5. Bỏ trống nếu không áp dụng.",
        "en": "0–100; 9,5 and 9.5 are both accepted. Leave blank when it does not apply.",
    },
    "pg_lead_agency": {"vi": "Cơ quan chủ trì", "en": "Lead agency"},
    "pg_partners": {"vi": "Cơ quan phối hợp", "en": "Co-operating agencies"},
    "pg_partners_help": {
        "vi": "Mỗi cơ quan một dòng hoặc cách nhau bằng dấu chấm phẩy.",
        "en": "One agency per line, or separated by semicolons.",
    },
    "pg_results": {"vi": "Kết quả thực hiện", "en": "Results"},
    "pg_obstacles": {"vi": "Khó khăn, vướng mắc", "en": "Obstacles and difficulties"},
    "pg_proposals": {"vi": "Đề xuất, kiến nghị giải pháp", "en": "Proposed solutions"},
    "pg_evidence": {"vi": "Minh chứng (liên kết hoặc tệp)", "en": "Evidence (links or files)"},
    "pg_evidence_files": {"vi": "Tệp minh chứng", "en": "Evidence files"},
    "pg_evidence_files_help": {
        "vi": "PDF, DOCX, XLSX, PNG hoặc JPEG, tối đa 10 MB mỗi tệp; chọn được nhiều tệp.",
        "en": "PDF, DOCX, XLSX, PNG or JPEG, 10 MB at most each; several files may be chosen.",
    },
    "pg_evidence_label": {"vi": "Tên tài liệu", "en": "Document name"},
    "pg_evidence_url": {"vi": "Địa chỉ (https://…)", "en": "Address (https://…)"},
    "pg_save": {"vi": "Lưu báo cáo", "en": "Save report"},
    "pg_history": {"vi": "Lịch sử báo cáo", "en": "Report history"},
    "pg_recorded": {"vi": "Ghi nhận {when} bởi {by}", "en": "Recorded {when} by {by}"},
    "pg_sites_beside": {
        "vi": "Dự án liên kết trên bản đồ (chỉ để tham khảo, không tính vào tiến độ)",
        "en": "Linked projects on the map (for reference, not counted in progress)",
    },
    "pg_public_page": {"vi": "Trang công khai của nhiệm vụ", "en": "The task's public page"},
    # -- staff: settings (admins) ------------------------------------------------------------
    "pg_settings_title": {
        "vi": "Trọng số nhiệm vụ và cơ quan của cán bộ",
        "en": "Task weights and editors' agencies",
    },
    "pg_weights": {"vi": "Trọng số nhiệm vụ theo nhóm", "en": "Task weights by group"},
    "pg_weights_help": {
        "vi": "Tiến độ nhóm là trung bình có trọng số của các nhiệm vụ. Bỏ trống tất cả để "
        "dùng trọng số bằng nhau.",
        "en": "A group's progress is the weighted mean of its tasks. Leave all blank for "
        "equal weights.",
    },
    "pg_weight": {"vi": "Trọng số", "en": "Weight"},
    "pg_weights_save": {"vi": "Lưu trọng số", "en": "Save weights"},
    "pg_weights_saved": {
        "vi": "Đã lưu trọng số nhóm {group}.",
        "en": "Weights of group {group} saved.",
    },
    "pg_equal_weights": {"vi": "bằng nhau", "en": "equal"},
    "pg_agencies": {"vi": "Cơ quan của từng tài khoản", "en": "Each account's agencies"},
    "pg_agencies_help": {
        "vi": "Cán bộ chỉ nhập được báo cáo cho nhiệm vụ mà cơ quan chủ trì là một trong các "
        "cơ quan này. Bỏ trống: không giới hạn. Mỗi cơ quan một dòng.",
        "en": "An editor may report only on tasks whose lead agency is one of these. Blank: "
        "no limit. One agency per line.",
    },
    "pg_agencies_save": {"vi": "Lưu", "en": "Save"},
    "pg_agencies_saved": {
        "vi": "Đã lưu cơ quan của tài khoản {name}.",
        "en": "Agencies of {name} saved.",
    },
    "pg_unrestricted": {"vi": "Không giới hạn", "en": "No limit"},
    # -- targets (staff and public) -----------------------------------------------------------
    "tg_title": {"vi": "Số liệu chỉ tiêu 2030", "en": "2030 target values"},
    "tg_intro": {
        "vi": "Nhập giá trị cơ sở và giá trị đo được từng năm; hệ thống tự xếp loại tiến độ. "
        "Cán bộ có thể điều chỉnh xếp loại, kèm lý do được công khai.",
        "en": "Enter the baseline and each year's measured value; the category is computed. "
        "An editor may override the category with a reason, which is shown publicly.",
    },
    "tg_target": {"vi": "Mục tiêu", "en": "Target"},
    "tg_baseline": {"vi": "Giá trị cơ sở", "en": "Baseline"},
    "tg_series": {"vi": "Giá trị đo được", "en": "Measured values"},
    "tg_latest": {"vi": "Giá trị mới nhất", "en": "Latest value"},
    "tg_category": {"vi": "Xếp loại", "en": "Category"},
    "tg_none": {"vi": "Chưa có", "en": "Not recorded yet"},
    "tg_add_value": {"vi": "Thêm giá trị", "en": "Add a value"},
    "tg_kind": {"vi": "Loại", "en": "Kind"},
    "tg_kind_measured": {"vi": "Giá trị đo được", "en": "Measured value"},
    "tg_kind_baseline": {"vi": "Giá trị cơ sở", "en": "Baseline"},
    "tg_value": {"vi": "Giá trị", "en": "Value"},
    "tg_value_help": {
        "vi": "Theo đơn vị của chỉ tiêu; có thể viết 9,5 hoặc 9.5.",
        "en": "In the target's unit; 9,5 and 9.5 are both accepted.",
    },
    "tg_year": {"vi": "Năm", "en": "Year"},
    "tg_observed_date": {"vi": "Ngày công bố số liệu", "en": "Date observed"},
    "tg_source": {"vi": "Nguồn", "en": "Source"},
    "tg_note": {"vi": "Ghi chú", "en": "Note"},
    "tg_save": {"vi": "Lưu giá trị", "en": "Save value"},
    "tg_value_saved": {
        "vi": "Đã lưu giá trị của chỉ tiêu {id}.",
        "en": "Value of target {id} saved.",
    },
    "tg_override": {"vi": "Điều chỉnh xếp loại", "en": "Override the category"},
    "tg_override_category": {"vi": "Xếp loại điều chỉnh", "en": "Category to show"},
    "tg_override_clear": {
        "vi": "— Bỏ điều chỉnh, dùng xếp loại tính được —",
        "en": "— Clear: use the computed category —",
    },
    "tg_reason": {
        "vi": "Lý do (bắt buộc, được công khai)",
        "en": "Reason (required, shown publicly)",
    },
    "tg_override_save": {"vi": "Lưu điều chỉnh", "en": "Save override"},
    "tg_override_saved": {
        "vi": "Đã lưu điều chỉnh xếp loại của chỉ tiêu {id}.",
        "en": "Category override of target {id} saved.",
    },
    "tg_overridden": {
        "vi": "Xếp loại do cán bộ điều chỉnh (tính được: {computed}). Lý do: {reason}",
        "en": "Category set by an editor (computed: {computed}). Reason: {reason}",
    },
    "tg_computed_from": {"vi": "Căn cứ xếp loại", "en": "How the category was computed"},
    "tg_import": {"vi": "Nhập hàng loạt từ CSV/XLSX", "en": "Bulk import from CSV/XLSX"},
    "tg_import_help": {
        "vi": "Các cột: target_id, kind (baseline hoặc measured), year, value, source, note. "
        "Kiểm tra trước; chỉ lưu khi không có lỗi nào.",
        "en": "Columns: target_id, kind (baseline or measured), year, value, source, note. "
        "Check first; nothing is stored unless every row is valid.",
    },
    "tg_file": {"vi": "Tệp CSV hoặc XLSX", "en": "CSV or XLSX file"},
    "tg_import_check": {"vi": "Kiểm tra", "en": "Check"},
    "tg_import_apply": {"vi": "Lưu các giá trị này", "en": "Store these values"},
    "tg_import_ready": {
        "vi": "Tệp {name} hợp lệ. Bấm “Lưu các giá trị này” để lưu.",
        "en": "{name} is valid. Press “Store these values” to store it.",
    },
    "tg_import_refused": {
        "vi": "Tệp {name} có lỗi; không lưu gì cả.",
        "en": "{name} has errors; nothing was stored.",
    },
    "tg_imported": {"vi": "Đã lưu {n} giá trị.", "en": "{n} values stored."},
    "tg_row": {"vi": "Dòng", "en": "Row"},
    "tg_field": {"vi": "Cột", "en": "Field"},
    "tg_message": {"vi": "Nội dung", "en": "Message"},
    "tg_by_section": {"vi": "Xếp loại theo mục", "en": "Categories by section"},
    "tg_changed": {"vi": "Thay đổi từ báo cáo trước", "en": "Changed since the last report"},
    "tg_changed_since": {
        "vi": "{n} chỉ tiêu thay đổi so với báo cáo năm {year} (lần {revision}, ban hành {date}).",
        "en": "{n} targets changed since the {year} report (revision {revision}, issued {date}).",
    },
    "tg_no_report_yet": {
        "vi": "Chưa có báo cáo nào được ban hành.",
        "en": "No report has been issued yet.",
    },
    "tg_chart": {"vi": "Biểu đồ", "en": "Chart"},
    "tg_legend": {
        "vi": "Chấm rỗng: giá trị cơ sở; đường liền: giá trị đo được; nét đứt hoặc dải màu: "
        "mục tiêu 2030.",
        "en": "Hollow dot: baseline; solid line: measured values; dashed line or band: the "
        "2030 target.",
    },
    "tg_staff_link": {"vi": "Nhập số liệu", "en": "Enter values"},
    # -- public dashboard on /plan ------------------------------------------------------------
    "dash_progress": {"vi": "Tiến độ thực hiện theo nhóm", "en": "Progress by task group"},
    "dash_progress_help": {
        "vi": "Tiến độ nhóm tính từ báo cáo của các nhiệm vụ (hoàn thành 100%, chưa triển "
        "khai 0%, đang triển khai theo tỷ lệ báo cáo hoặc 50%). Trạng thái dự án trên bản đồ "
        "được hiển thị riêng, không tính vào tiến độ.",
        "en": "A group's progress comes from its tasks' reports (completed 100 %, not started "
        "0 %, in progress at the reported percent or 50 %). The map's project statuses are "
        "shown separately and never counted in it.",
    },
    "dash_group": {"vi": "Nhóm", "en": "Group"},
    "dash_all_groups": {"vi": "Tất cả các nhóm", "en": "All groups"},
    "dash_agency": {"vi": "Cơ quan chủ trì", "en": "Lead agency"},
    "dash_all_agencies": {"vi": "Tất cả cơ quan", "en": "All agencies"},
    "dash_filter": {"vi": "Lọc", "en": "Filter"},
    "dash_reported": {"vi": "Tiến độ báo cáo", "en": "Reported progress"},
    "dash_sites": {"vi": "Dự án liên kết", "en": "Linked projects"},
    "dash_task_counts": {"vi": "Nhiệm vụ theo tình trạng", "en": "Tasks by status"},
    "dash_none": {"vi": "Không có nhóm nào phù hợp.", "en": "No group matches."},
    "dash_percent_of": {"vi": "Tiến độ {percent}", "en": "{percent} complete"},
    # -- yearly reports --------------------------------------------------------------------------
    "rp_title": {"vi": "Báo cáo hằng năm", "en": "Yearly reports"},
    "rp_intro": {
        "vi": "Mục V.2 Quyết định 148/QĐ-UBND: các sở, ngành, địa phương báo cáo kết quả thực "
        "hiện Kế hoạch trước ngày 14 tháng 11 hằng năm. Kỳ báo cáo: 15/11 năm trước đến 14/11. "
        "Báo cáo đã ban hành được lưu cố định; sửa số liệu sau đó không làm thay đổi nó.",
        "en": "Section V.2 of Decision 148/QĐ-UBND: departments, sectors and districts report "
        "on the plan before 14 November each year. Period: 15 November of the year before to 14 "
        "November. An issued report is frozen; later edits never change it.",
    },
    "rp_issued_list": {"vi": "Báo cáo đã ban hành", "en": "Issued reports"},
    "rp_none_issued": {
        "vi": "Chưa có báo cáo nào được ban hành.",
        "en": "No report has been issued yet.",
    },
    "rp_year": {"vi": "Năm", "en": "Year"},
    "rp_revision": {"vi": "Lần ban hành", "en": "Revision"},
    "rp_issued_at": {"vi": "Ngày ban hành", "en": "Issued on"},
    "rp_issued_by": {"vi": "Người ban hành", "en": "Issued by"},
    "rp_checksum": {"vi": "Mã kiểm tra (SHA-256)", "en": "Checksum (SHA-256)"},
    "rp_live": {"vi": "Số liệu hiện tại theo năm", "en": "Live data by year"},
    "rp_view": {"vi": "Xem", "en": "View"},
    "rp_docx": {"vi": "Word (.docx)", "en": "Word (.docx)"},
    "rp_xlsx": {"vi": "Phụ lục Excel (.xlsx)", "en": "Excel annex (.xlsx)"},
    "rp_issue": {"vi": "Ban hành báo cáo năm {year}", "en": "Issue the {year} report"},
    "rp_issue_help": {
        "vi": "Lưu cố định số liệu hiện tại thành một lần ban hành mới (chỉ quản trị viên).",
        "en": "Freeze the current data as a new revision (admins only).",
    },
    "rp_issued_flash": {
        "vi": "Đã ban hành báo cáo năm {year}, lần {revision}.",
        "en": "The {year} report was issued as revision {revision}.",
    },
}
