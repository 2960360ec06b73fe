"""Interface strings in Vietnamese (first) and English, and the language choice."""

from __future__ import annotations

from flask import current_app, g, request

LANGUAGES = ("vi", "en")
COOKIE = "greenmap_lang"

CATALOGUE: dict[str, dict[str, str]] = {
    "app_title": {
        "vi": "GreenMap — Bản đồ tăng trưởng xanh Bạc Liêu",
        "en": "GreenMap — Bạc Liêu green growth map",
    },
    "app_short": {"vi": "GreenMap Bạc Liêu", "en": "GreenMap Bạc Liêu"},
    "nav_map": {"vi": "Bản đồ", "en": "Map"},
    "nav_plan": {"vi": "Kế hoạch", "en": "Plan"},
    "nav_targets": {"vi": "Chỉ tiêu 2030", "en": "2030 targets"},
    "nav_api": {"vi": "API", "en": "API"},
    "switch_lang": {"vi": "English", "en": "Tiếng Việt"},
    "plan_subtitle": {
        "vi": "Kế hoạch hành động tăng trưởng xanh tỉnh Bạc Liêu giai đoạn 2023 – 2030 "
        "(Quyết định 148/QĐ-UBND)",
        "en": "Bạc Liêu Green Growth Action Plan 2023–2030 (Decision 148/QĐ-UBND)",
    },
    "merger_note": {
        "vi": "Từ 01/7/2025 tỉnh Bạc Liêu nhập vào tỉnh Cà Mau và cấp huyện không còn; "
        "bản đồ giữ tên theo Kế hoạch và ghi đơn vị hiện nay bên cạnh khi dữ liệu có.",
        "en": "Since 1 July 2025 Bạc Liêu is part of Cà Mau province and districts were "
        "abolished; the map keeps the plan's names and shows today's units beside them "
        "where the data has them.",
    },
    "error": {"vi": "Lỗi", "en": "Error"},
    "back_home": {"vi": "Về trang bản đồ", "en": "Back to the map"},
    "layers": {"vi": "Lớp bản đồ", "en": "Layers"},
    "loading": {"vi": "Đang tải…", "en": "Loading…"},
    "unofficial_translation": {
        "vi": "Bản dịch tiếng Anh không chính thức",
        "en": "Unofficial English translation; the Vietnamese text is authoritative",
    },
    "tasks": {"vi": "Nhiệm vụ", "en": "Tasks"},
    "task": {"vi": "Nhiệm vụ", "en": "Task"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "linked_sites": {"vi": "Địa điểm liên kết", "en": "Linked locations"},
    "no_linked_sites": {
        "vi": "Chưa có địa điểm nào liên kết với nhiệm vụ này.",
        "en": "No location is linked to this task yet.",
    },
    "status": {"vi": "Trạng thái", "en": "Status"},
    "name": {"vi": "Tên", "en": "Name"},
    "layer": {"vi": "Lớp", "en": "Layer"},
    "precision": {"vi": "Độ chính xác vị trí", "en": "Location precision"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "district": {"vi": "Huyện (trước 2025)", "en": "District (pre-2025)"},
    "targets_title": {"vi": "Chỉ tiêu đến năm 2030", "en": "Targets for 2030"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "target_value": {"vi": "Mục tiêu 2030", "en": "2030 target"},
    "latest_value": {"vi": "Giá trị mới nhất", "en": "Latest value"},
    "not_measured": {"vi": "Chưa cập nhật", "en": "Not yet reported"},
    "full_text": {"vi": "Toàn văn", "en": "Full text"},
    "summary_en": {"vi": "Tóm tắt tiếng Anh", "en": "English summary"},
    "decision": {"vi": "Quyết định", "en": "Decision"},
    "signed": {"vi": "Ký ngày", "en": "Signed"},
    "signer": {"vi": "Người ký", "en": "Signed by"},
    "status_breakdown": {"vi": "Theo trạng thái", "en": "By status"},
    "reporting_agencies": {"vi": "Cơ quan báo cáo", "en": "Reporting agencies"},
    "agencies_unknown": {
        "vi": "Kế hoạch không nêu cơ quan chủ trì cho từng nhiệm vụ (Phụ lục I không kèm "
        "theo văn bản).",
        "en": "The plan does not name a lead agency per task (Appendix I is not part of the "
        "published text).",
    },
    "status_proposed": {"vi": "Đề xuất", "en": "Proposed"},
    "status_planned": {"vi": "Trong quy hoạch", "en": "Planned"},
    "status_investment_call": {"vi": "Kêu gọi đầu tư", "en": "Investment call"},
    "status_approved": {"vi": "Đã phê duyệt", "en": "Approved"},
    "status_under_construction": {"vi": "Đang xây dựng", "en": "Under construction"},
    "status_operating": {"vi": "Đang vận hành", "en": "Operating"},
    "status_suspended": {"vi": "Tạm dừng", "en": "Suspended"},
    "status_cancelled": {"vi": "Đã hủy", "en": "Cancelled"},
    "status_unknown": {"vi": "Chưa rõ", "en": "Unknown"},
    "precision_surveyed": {"vi": "Đo đạc", "en": "Surveyed"},
    "precision_site": {"vi": "Vị trí công trình", "en": "Site"},
    "precision_commune": {"vi": "Cấp xã", "en": "Commune"},
    "precision_district": {"vi": "Cấp huyện", "en": "District"},
    "precision_service_area": {"vi": "Vùng phục vụ", "en": "Service area"},
    "precision_unlocated": {"vi": "Chưa có vị trí", "en": "Not yet located"},
}


def current_language() -> str:
    """The request's language: ``?lang=``, then the cookie, then the configured default."""
    if "lang" in g:
        return str(g.lang)
    lang = request.args.get("lang") or request.cookies.get(COOKIE)
    if lang not in LANGUAGES:
        lang = current_app.config["GREENMAP"]["DEFAULT_LANGUAGE"]
    g.lang = lang
    return str(lang)


def translate(key: str, lang: str | None = None) -> str:
    """The interface string ``key`` in ``lang`` (default: the request's language)."""
    entry = CATALOGUE[key]
    return entry[lang or current_language()]


def pick(vi: str | None, en: str | None, lang: str | None = None) -> str:
    """A bilingual content field in the chosen language, falling back to Vietnamese."""
    if (lang or current_language()) == "en" and en:
        return en
    return vi or en or ""
