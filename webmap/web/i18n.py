"""Interface strings in Vietnamese (first) and English, and the language choice."""

from __future__ import annotations

from flask import current_app, g, request

from webmap.core.formatting import DATE_WORDS
from webmap.domain.statuses import STATUS_LABELS

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
    "linked_sites": {"vi": "Dự án liên kết", "en": "Linked projects"},
    "no_linked_sites": {
        "vi": "Chưa có dự án nào liên kết với nhiệm vụ này.",
        "en": "No project is linked to this task yet.",
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
        "vi": "{total} dự án phù hợp, {located} có vị trí trên bản đồ",
        "en": "{total} matching projects, {located} with a location on the map",
    },
    "map_legend": {"vi": "Chú giải", "en": "Legend"},
    "map_legend_exact": {
        "vi": "Vị trí công trình hoặc đo đạc: tô đặc, viền liền",
        "en": "Site or surveyed location: filled, solid outline",
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
    # -- map page: service areas, phones, keyboard, print (issue 9, points 5 and 10) ------
    "map_skip_to_list": {"vi": "Bỏ qua đến danh sách dự án", "en": "Skip to the project list"},
    "map_nav_projects": {"vi": "Dự án", "en": "Projects"},
    "map_all_projects": {
        "vi": "Mọi dự án trong một bảng (dùng được bằng bàn phím)",
        "en": "Every project in one table (keyboard friendly)",
    },
    "map_service_area": {"vi": "vùng phục vụ", "en": "service area"},
    "map_legend_approximate": {
        "vi": "Vị trí gần đúng (cấp xã hoặc cấp huyện): rỗng, viền nét đứt",
        "en": "Approximate location (commune or district): hollow, dashed outline",
    },
    "map_legend_service_area": {
        "vi": "Vùng phục vụ: các huyện mà một khu xử lý phục vụ, không phải vị trí của khu "
        "(gạch chéo, viền chấm; chọn nhãn để xem thông tin)",
        "en": "Service area: the districts a site serves, not where the site is "
        "(hatched, dotted outline; select its label for details)",
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
    # -- presentation: dates at their precision, names, units (webmap/web/formatting.py,
    #    static/js/format.js) --------------------------------------------------------
    "fmt_date_unknown": {"vi": "chưa rõ ngày", "en": "date unknown"},
    **DATE_WORDS,
    "fmt_name_in_source": {"vi": "Tên trong nguồn", "en": "Name in source"},
    "fmt_part_of": {"vi": "Thuộc dự án", "en": "Part of the project"},
    "fmt_parts_unassigned": {
        "vi": "{title}: chưa gắn với dự án nào",
        "en": "{title}: not assigned to a project",
    },
    "fmt_reduce_by": {"vi": "giảm", "en": "reduce by"},
    "fmt_compared_to": {"vi": "so với", "en": "vs."},
    "fmt_phase": {"vi": "Giai đoạn", "en": "Phase"},
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
    # -- project tracker (/projects, webmap/core/projects.py) ------------------------
    "nav_projects": {"vi": "Dự án", "en": "Projects"},
    "projects_title": {"vi": "Danh sách dự án", "en": "Project tracker"},
    "projects_intro": {
        "vi": "Mỗi dòng là một dự án của Kế hoạch: nhà máy điện, khu xử lý chất thải, khu công "
        "nghiệp, công trình nước. Tua-bin được đếm trong dự án của chúng; ranh giới, lưới điện "
        "và dự án ở tỉnh khác không được tính. Bảng này chứa cùng dữ liệu với bản đồ và dùng "
        "được bằng bàn phím và trình đọc màn hình.",
        "en": "One row per project of the plan: power plants, waste sites, industrial parks, "
        "water works. Turbines are counted under their project; boundaries, the grid and "
        "projects in other provinces are not counted. The table holds the map's data and works "
        "with a keyboard and a screen reader.",
    },
    "projects_project": {"vi": "Dự án", "en": "Project"},
    "projects_technology": {"vi": "Công nghệ / loại", "en": "Technology / kind"},
    "projects_capacity": {"vi": "Công suất", "en": "Capacity"},
    "projects_status_date": {"vi": "Ngày trạng thái", "en": "Status date"},
    "projects_search": {"vi": "Tên dự án", "en": "Project name"},
    "projects_apply": {"vi": "Lọc", "en": "Apply filters"},
    "projects_active_filters": {"vi": "{n} đang áp dụng", "en": "{n} in use"},
    "projects_count": {"vi": "{n} dự án", "en": "{n} projects"},
    "projects_count_one": {"vi": "{n} dự án", "en": "{n} project"},
    "projects_total_mw": {"vi": "tổng công suất {mw}", "en": "{mw} in total"},
    "projects_without_capacity": {
        "vi": "{n} dự án chưa có số liệu công suất",
        "en": "{n} without a capacity figure",
    },
    "projects_share": {
        "vi": "Địa chỉ của trang giữ bộ lọc và thứ tự sắp xếp: sao chép để chia sẻ.",
        "en": "The page's address keeps the filters and the order: copy it to share.",
    },
    "projects_download": {"vi": "Tải về các dòng đang hiển thị", "en": "Download the rows shown"},
    "projects_csv": {
        "vi": "CSV (UTF-8, dấu chấm thập phân, cho phần mềm khác)",
        "en": "CSV (UTF-8, decimal point, for other software)",
    },
    "projects_xlsx": {"vi": "Excel (.xlsx)", "en": "Excel (.xlsx)"},
    "projects_totals": {"vi": "Tổng theo nhóm", "en": "Totals"},
    "projects_by_status": {"vi": "Theo trạng thái", "en": "By status"},
    "projects_by_technology": {"vi": "Theo công nghệ", "en": "By technology"},
    "projects_projects": {"vi": "Số dự án", "en": "Projects"},
    "projects_mw": {"vi": "Công suất (MW)", "en": "Capacity (MW)"},
    "projects_total": {"vi": "Tổng", "en": "Total"},
    "projects_mw_note": {
        "vi": "Công suất của dự án có nhiều giai đoạn được tính theo trạng thái của từng giai "
        "đoạn; số dự án tính theo trạng thái của cả dự án.",
        "en": "The capacity of a project with phases is counted under each phase's status; "
        "projects are counted under the status of the whole project.",
    },
    "projects_none": {
        "vi": "Không có dự án nào phù hợp với bộ lọc.",
        "en": "No project matches these filters.",
    },
    "projects_caption": {"vi": "Danh sách dự án", "en": "Projects"},
    "projects_sorted": {
        "vi": "sắp xếp theo {column}, {order}",
        "en": "sorted by {column}, {order}",
    },
    "projects_ascending": {"vi": "tăng dần", "en": "ascending"},
    "projects_descending": {"vi": "giảm dần", "en": "descending"},
    "projects_default_order": {
        "vi": "xếp theo công nghệ, rồi theo tên",
        "en": "grouped by technology, then by name",
    },
    "projects_sort_hint": {
        "vi": "Bấm nút ở tiêu đề cột để sắp xếp.",
        "en": "Press a column heading's button to sort.",
    },
    "projects_date_unknown": {"vi": "chưa rõ ngày", "en": "date unknown"},
    "projects_no_figure": {"vi": "chưa có số liệu", "en": "no figure"},
    "projects_not_in_mw": {"vi": "không đo bằng MW", "en": "not measured in MW"},
    "projects_district_unknown": {"vi": "chưa rõ", "en": "unknown"},
    "projects_phase_count": {"vi": "{n} giai đoạn", "en": "{n} phases"},
    "projects_phase_count_one": {"vi": "{n} giai đoạn", "en": "{n} phase"},
    "projects_capacity_differs": {
        "vi": "Nguồn khác ghi cả dự án là {mw}",
        "en": "Another source gives the whole project as {mw}",
    },
    "projects_offshore": {"vi": "ngoài khơi {name}", "en": "off {name}"},
    "projects_today": {"vi": "nay: {unit}", "en": "now: {unit}"},
    "projects_parts_wind_turbines": {"vi": "{n} tua-bin", "en": "{n} turbines"},
    "projects_parts_wind_turbines_one": {"vi": "{n} tua-bin", "en": "{n} turbine"},
    "projects_parts_generic": {"vi": "{n} × {layer}", "en": "{n} × {layer}"},
    "projects_listed_part": {"vi": "Ghi riêng: {name}", "en": "Listed separately: {name}"},
    "projects_col_name_vi": {"vi": "Tên (tiếng Việt)", "en": "Name (Vietnamese)"},
    "projects_col_name_en": {"vi": "Tên (tiếng Anh)", "en": "Name (English)"},
    "projects_col_technology": {"vi": "Công nghệ / loại", "en": "Technology / kind"},
    "projects_col_capacity_mw": {"vi": "Công suất (MW)", "en": "Capacity (MW)"},
    "projects_col_phases": {"vi": "Giai đoạn", "en": "Phases"},
    "projects_col_capacity_note": {"vi": "Ghi chú công suất", "en": "Capacity note"},
    "projects_col_status_date": {"vi": "Ngày trạng thái", "en": "Status date"},
    "projects_col_parts": {"vi": "Bộ phận", "en": "Parts"},
    "projects_col_page": {"vi": "Trang chi tiết", "en": "Detail page"},
    "projects_sheet": {"vi": "Dự án", "en": "Projects"},
}


def _extend() -> None:
    """Status labels come from the domain; the staff area keeps its strings in their own
    modules (sign-in, upload, editing)."""
    CATALOGUE.update(
        {f"status_{code}": {"vi": vi, "en": en} for code, (vi, en) in STATUS_LABELS.items()}
    )
    from webmap.web.i18n_auth import AUTH_CATALOGUE
    from webmap.web.i18n_progress import PROGRESS_CATALOGUE
    from webmap.web.i18n_staff import STAFF_CATALOGUE

    for extra in (AUTH_CATALOGUE, STAFF_CATALOGUE, PROGRESS_CATALOGUE):
        clash = CATALOGUE.keys() & extra.keys()
        assert not clash, f"duplicate interface strings: {sorted(clash)}"
        CATALOGUE.update(extra)


_extend()


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
