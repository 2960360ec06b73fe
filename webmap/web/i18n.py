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
    # -- map page ------------------------------------------------------------------
    "map_panel": {"vi": "Lớp bản đồ và bộ lọc", "en": "Layers and filters"},
    "map_search": {"vi": "Tìm địa điểm hoặc nhiệm vụ", "en": "Search places or plan tasks"},
    "map_search_hint": {"vi": "Ví dụ: chau hung, 13.3", "en": "e.g. chau hung, 13.3"},
    "map_no_results": {"vi": "Không tìm thấy kết quả.", "en": "No results."},
    "map_results_places": {"vi": "Địa điểm", "en": "Places"},
    "map_results_tasks": {"vi": "Nhiệm vụ của Kế hoạch", "en": "Plan tasks"},
    "map_filters": {"vi": "Bộ lọc", "en": "Filters"},
    "map_all": {"vi": "Tất cả", "en": "All"},
    "map_task_group": {"vi": "Nhóm nhiệm vụ", "en": "Task group"},
    "map_capacity": {
        "vi": "Công suất (MW), chỉ áp dụng cho lớp năng lượng",
        "en": "Capacity (MW), energy layers only",
    },
    "map_capacity_min": {"vi": "Từ (MW)", "en": "From (MW)"},
    "map_capacity_max": {"vi": "Đến (MW)", "en": "To (MW)"},
    "map_reset": {"vi": "Xóa bộ lọc", "en": "Clear filters"},
    "map_matching": {
        "vi": "{total} địa điểm phù hợp, {located} có vị trí trên bản đồ",
        "en": "{total} matching locations, {located} with a location on the map",
    },
    "map_legend": {"vi": "Chú giải", "en": "Legend"},
    "map_legend_exact": {
        "vi": "Vị trí công trình hoặc đo đạc: tô đặc, viền liền",
        "en": "Site or surveyed location: filled, solid outline",
    },
    "map_legend_approx": {
        "vi": "Vị trí gần đúng (cấp xã, cấp huyện hoặc vùng phục vụ): rỗng, viền nét đứt",
        "en": "Approximate location (commune, district or service area): hollow, dashed outline",
    },
    "map_legend_unlocated": {
        "vi": "Chưa có vị trí: không vẽ, liệt kê trong danh sách bên dưới",
        "en": "Not yet located: not drawn, listed below",
    },
    "map_legend_cluster": {
        "vi": "Nhóm điểm: con số là số địa điểm, phóng to để tách",
        "en": "Cluster: the number counts locations, zoom in to separate them",
    },
    "map_unlocated": {"vi": "Chưa có vị trí", "en": "Not yet located"},
    "map_no_location_data": {"vi": "Chưa có dữ liệu vị trí.", "en": "No location data yet."},
    "map_details": {"vi": "Xem chi tiết", "en": "Details"},
    "map_base_osm": {
        "vi": "Nền OpenStreetMap (cần Internet)",
        "en": "OpenStreetMap background (needs internet)",
    },
    "map_base_offline": {
        "vi": "Nền ngoại tuyến (ranh giới hành chính)",
        "en": "Offline background (administrative boundaries)",
    },
    "map_offline_notice": {
        "vi": "Không tải được nền OpenStreetMap; đang dùng nền ngoại tuyến.",
        "en": "OpenStreetMap tiles are unavailable; showing the offline background.",
    },
    "map_fullscreen": {"vi": "Toàn màn hình", "en": "Full screen"},
    "map_locate": {"vi": "Vị trí của tôi", "en": "My location"},
    "map_locate_error": {
        "vi": "Không xác định được vị trí của bạn.",
        "en": "Your location could not be found.",
    },
    "map_measure": {"vi": "Đo khoảng cách", "en": "Measure distance"},
    "map_measure_hint": {
        "vi": "Nhấp lên bản đồ để đo; nhấn Esc hoặc nút đo để kết thúc.",
        "en": "Click the map to measure; press Esc or the measure button to finish.",
    },
    "map_distance": {"vi": "Khoảng cách", "en": "Distance"},
    "map_today": {"vi": "nay", "en": "now"},
    "map_features_of": {"vi": "địa điểm", "en": "locations"},
    "map_skip_to_panel": {"vi": "Bỏ qua đến bảng lọc", "en": "Skip to the filter panel"},
    "map_description": {
        "vi": "Bản đồ tương tác; mọi địa điểm cũng có trong kết quả tìm kiếm và trang chi tiết.",
        "en": "Interactive map; every location is also reachable by search and its detail page.",
    },
    "theme_energy": {"vi": "Năng lượng", "en": "Energy"},
    "theme_waste": {"vi": "Chất thải", "en": "Waste"},
    "theme_industry": {"vi": "Công nghiệp", "en": "Industry"},
    "theme_forest": {"vi": "Rừng", "en": "Forest"},
    "theme_water": {"vi": "Nước", "en": "Water"},
    "theme_boundaries": {"vi": "Ranh giới hành chính", "en": "Boundaries"},
    "theme_grid": {"vi": "Lưới điện", "en": "Power grid"},
    "theme_places": {"vi": "Địa danh", "en": "Places"},
    "theme_population": {"vi": "Dân số", "en": "Population"},
    "field_capacity_mw": {"vi": "Công suất (MW)", "en": "Capacity (MW)"},
    "field_area_ha": {"vi": "Diện tích (ha)", "en": "Area (ha)"},
    "field_length_km": {"vi": "Chiều dài (km)", "en": "Length (km)"},
    "field_turbines": {"vi": "Số tua-bin", "en": "Turbines"},
    "field_population": {"vi": "Dân số", "en": "Population"},
    "field_capacity_m3_day": {"vi": "Công suất (m³/ngày)", "en": "Capacity (m³/day)"},
    "field_capacity_t_day": {"vi": "Công suất (tấn/ngày)", "en": "Capacity (t/day)"},
    "field_dist_to_province_km": {
        "vi": "Khoảng cách tới ranh giới tỉnh (km)",
        "en": "Distance to the province boundary (km)",
    },
    "field_in_province": {"vi": "Trong ranh giới tỉnh", "en": "Inside the province"},
    "field_planned_area_ha": {"vi": "Diện tích quy hoạch (ha)", "en": "Planned area (ha)"},
    "field_output_mw": {"vi": "Công suất (MW)", "en": "Output (MW)"},
    "field_voltage_kv": {"vi": "Điện áp (kV)", "en": "Voltage (kV)"},
    "field_circuits": {"vi": "Số mạch", "en": "Circuits"},
    "field_population_geonames": {"vi": "Dân số (GeoNames)", "en": "Population (GeoNames)"},
    "field_area_km2_source": {"vi": "Diện tích theo nguồn (km²)", "en": "Area in the source (km²)"},
    "field_geonames_id": {"vi": "Mã GeoNames", "en": "GeoNames id"},
    "field_value": {"vi": "Giá trị", "en": "Value"},
    # -- site page -----------------------------------------------------------------
    "site": {"vi": "Địa điểm", "en": "Location"},
    "site_attributes": {"vi": "Thuộc tính", "en": "Attributes"},
    "site_history": {"vi": "Lịch sử trạng thái", "en": "Status history"},
    "site_no_history": {"vi": "Chưa có lịch sử trạng thái.", "en": "No status recorded yet."},
    "site_provenance": {"vi": "Nguồn và độ tin cậy", "en": "Source and reliability"},
    "site_no_location": {
        "vi": "Địa điểm này chưa có vị trí nên không hiện trên bản đồ.",
        "en": "This location has no position yet, so it is not drawn on the map.",
    },
    "site_nearby": {"vi": "Địa điểm lân cận", "en": "Nearby locations"},
    "site_nearby_approximate": {
        "vi": "Vị trí của địa điểm này chỉ biết gần đúng: khoảng cách đo từ một điểm bên trong "
        "vùng đã vẽ, không phải từ công trình.",
        "en": "This location is known only roughly: distances are measured from a point inside "
        "the drawn area, not from the facility.",
    },
    "site_nearby_none": {
        "vi": "Không có địa điểm nào trong phạm vi này.",
        "en": "No location within this distance.",
    },
    "site_within": {"vi": "Trong phạm vi", "en": "Within"},
    "site_show": {"vi": "Xem", "en": "Show"},
    "site_export": {"vi": "Tải dữ liệu", "en": "Download"},
    "site_view_on_map": {"vi": "Xem trên bản đồ", "en": "View on the map"},
    "licence": {"vi": "Giấy phép", "en": "Licence"},
    "last_verified": {"vi": "Kiểm tra lần cuối", "en": "Last verified"},
    "commune": {"vi": "Xã (trước 2025)", "en": "Commune (pre-2025)"},
    "today_unit": {"vi": "Đơn vị hiện nay", "en": "Today's unit"},
    "distance": {"vi": "Khoảng cách", "en": "Distance"},
    "date": {"vi": "Ngày", "en": "Date"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "key": {"vi": "Mã", "en": "Key"},
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
