"""Interface strings of the staff area (i18n_staff), Vietnamese first.

Keys: ``st_`` for the staff pages, ``ed_`` for the editing map (its script receives every
``ed_`` string in its config), ``st_entity_`` for the audit log.
"""

from __future__ import annotations

STAFF_CATALOGUE: dict[str, dict[str, str]] = {
    # -- frame --------------------------------------------------------------------------
    "st_area": {"vi": "Khu vực cán bộ", "en": "Staff area"},
    "st_nav_home": {"vi": "Tổng quan", "en": "Overview"},
    "st_nav_upload": {"vi": "Tải dữ liệu lên", "en": "Upload data"},
    "st_nav_statuses": {"vi": "Cập nhật trạng thái", "en": "Status updates"},
    "st_nav_audit": {"vi": "Nhật ký", "en": "Audit log"},
    "st_nav_users": {"vi": "Tài khoản", "en": "Accounts"},
    "st_sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "st_choose": {"vi": "— Chọn —", "en": "— Choose —"},
    "st_none": {"vi": "(không dùng)", "en": "(none)"},
    "st_by": {"vi": "Người thực hiện", "en": "By"},
    "st_when": {"vi": "Thời gian", "en": "When"},
    "st_features": {"vi": "Số đối tượng", "en": "Features"},
    "st_unlocated": {"vi": "Chưa có vị trí", "en": "Not located"},
    "st_version": {"vi": "Phiên bản", "en": "Version"},
    "st_actions": {"vi": "Thao tác", "en": "Actions"},
    "st_upload": {"vi": "Tải tệp lên", "en": "Upload"},
    "st_edit": {"vi": "Sửa trên bản đồ", "en": "Edit on the map"},
    "st_versions": {"vi": "Các phiên bản", "en": "Versions"},
    "st_pages": {"vi": "Trang", "en": "Pages"},
    "st_previous": {"vi": "← Trang trước", "en": "← Previous"},
    "st_next": {"vi": "Trang sau →", "en": "Next →"},
    "st_steps": {"vi": "Các bước", "en": "Steps"},
    "st_step_file": {"vi": "1. Chọn tệp", "en": "1. File"},
    "st_step_mapping": {"vi": "2. Ghép cột", "en": "2. Columns"},
    "st_step_preview": {"vi": "3. Xem trước", "en": "3. Preview"},
    "st_step_publish": {"vi": "4. Xuất bản", "en": "4. Publish"},
    "st_required_note": {
        "vi": "Các ô có dấu * là bắt buộc.",
        "en": "Fields marked * are required.",
    },
    # -- dashboard ----------------------------------------------------------------------
    "st_home_title": {"vi": "Tổng quan dữ liệu", "en": "Data overview"},
    "st_home_intro": {
        "vi": "Các lớp bản đồ, số đối tượng chưa có vị trí và các bản nháp đang chờ xuất bản. "
        "Người xem chỉ thấy dữ liệu sau khi một cán bộ xuất bản.",
        "en": "The map's layers, how many features still have no location, and drafts waiting "
        "to be published. Readers see data only once an editor publishes it.",
    },
    "st_home_missing": {
        "vi": "Lớp dự án chưa có đối tượng nào có vị trí",
        "en": "Project layers with no located feature",
    },
    "st_home_missing_intro": {
        "vi": "Không có dữ liệu mở cho các lớp này: chỉ cán bộ GIS của tỉnh có thể bổ sung, "
        "bằng cách tải tệp lên hoặc vẽ trên bản đồ.",
        "en": "No open data exists for these layers: only the province's GIS staff can fill "
        "them, by uploading a file or drawing on the map.",
    },
    "st_upload_file": {"vi": "tải tệp lên", "en": "upload a file"},
    "st_draw_on_map": {"vi": "vẽ trên bản đồ", "en": "draw on the map"},
    "st_none_located": {"vi": "chưa có vị trí nào", "en": "none located"},
    "st_home_drafts": {"vi": "Bản nháp chờ xuất bản", "en": "Drafts waiting to be published"},
    "st_home_no_drafts": {"vi": "Không có bản nháp nào.", "en": "No draft is waiting."},
    "st_home_layers": {"vi": "Các lớp bản đồ", "en": "Layers"},
    # -- upload -------------------------------------------------------------------------
    "st_upload_title": {"vi": "Tải dữ liệu lên", "en": "Upload data"},
    "st_upload_layer": {"vi": "Lớp bản đồ nhận dữ liệu", "en": "Layer the data is for"},
    "st_drop_title": {
        "vi": "Kéo và thả tệp vào đây",
        "en": "Drag and drop the file here",
    },
    "st_drop_help": {
        "vi": "hoặc bấm (Enter / Space) để chọn tệp trên máy.",
        "en": "or press (Enter / Space) to choose a file on this computer.",
    },
    "st_choose_file": {"vi": "Chọn tệp…", "en": "Choose a file…"},
    "st_accepted": {"vi": "Các loại tệp được nhận:", "en": "Files accepted:"},
    "st_fmt_shapefile": {
        "vi": "Shapefile nén zip (.shp, .shx, .dbf, .prj; .cpg nếu có)",
        "en": "zipped Shapefile (.shp, .shx, .dbf, .prj; .cpg if any)",
    },
    "st_fmt_csv": {
        "vi": "CSV có cột kinh độ / vĩ độ hoặc WKT",
        "en": "CSV with longitude / latitude or WKT columns",
    },
    "st_fmt_xlsx": {
        "vi": "Excel có cột kinh độ / vĩ độ hoặc WKT",
        "en": "Excel with longitude / latitude or WKT columns",
    },
    "st_limit_size": {
        "vi": "Tối đa {mb} MB mỗi tệp và {features} đối tượng.",
        "en": "At most {mb} MB per file and {features} features.",
    },
    "st_uploading": {"vi": "Đang tải lên", "en": "Uploading"},
    "st_upload_send": {"vi": "Tải lên và đọc tệp", "en": "Upload and read the file"},
    "st_upload_chosen": {"vi": "Tệp đã chọn: {name} ({size})", "en": "Chosen: {name} ({size})"},
    "st_upload_progress": {
        "vi": "{sent} / {total} ({percent}%)",
        "en": "{sent} of {total} ({percent}%)",
    },
    "st_upload_done": {
        "vi": "Đã tải lên, đang đọc tệp…",
        "en": "Uploaded; reading the file…",
    },
    "st_upload_too_large": {
        "vi": "Tệp {name} lớn hơn giới hạn {limit}.",
        "en": "{name} is larger than the {limit} limit.",
    },
    "st_upload_bad_type": {
        "vi": "Không nhận tệp {name}: chỉ nhận {accepted}.",
        "en": "{name} is not accepted: upload one of {accepted}.",
    },
    "st_upload_network": {
        "vi": "Mất kết nối khi tải lên. Hãy thử lại.",
        "en": "The connection failed during the upload. Please try again.",
    },
    "st_upload_no_layer": {"vi": "Hãy chọn lớp bản đồ trước.", "en": "Choose the layer first."},
    "st_upload_no_file": {"vi": "Hãy chọn một tệp.", "en": "Choose a file."},
    # -- mapping ------------------------------------------------------------------------
    "st_mapping_title": {"vi": "Ghép cột của tệp", "en": "Map the file's columns"},
    "st_file_facts": {"vi": "Thông tin tệp", "en": "About the file"},
    "st_file": {"vi": "Tệp", "en": "File"},
    "st_format": {"vi": "Định dạng", "en": "Format"},
    "st_format_geojson": {"vi": "GeoJSON", "en": "GeoJSON"},
    "st_format_gpkg": {"vi": "GeoPackage", "en": "GeoPackage"},
    "st_format_shapefile": {"vi": "Shapefile (nén zip)", "en": "Shapefile (zipped)"},
    "st_format_kml": {"vi": "KML / KMZ", "en": "KML / KMZ"},
    "st_format_csv": {"vi": "CSV", "en": "CSV"},
    "st_format_xlsx": {"vi": "Excel (.xlsx)", "en": "Excel (.xlsx)"},
    "st_crs": {"vi": "Hệ tọa độ", "en": "Coordinate reference system"},
    "st_crs_missing": {
        "vi": "Tệp không ghi hệ tọa độ: hãy chọn một hệ bên dưới.",
        "en": "The file names no coordinate system: choose one below.",
    },
    "st_crs_choose_intro": {
        "vi": "Tệp không có hệ tọa độ (không có .prj hoặc thông tin CRS). Chọn hệ mà tệp được "
        "vẽ: với số liệu của Sở thường là VN-2000 múi chiếu 3° kinh tuyến trục 105°30′.",
        "en": "The file has no coordinate system (no .prj or CRS). Choose the one it was drawn "
        "in: the department's data is usually VN-2000, 3° zone, central meridian 105°30′.",
    },
    "st_crs_from_file": {
        "vi": "Hệ tọa độ đọc từ tệp sẽ được dùng; chỉ chọn hệ khác khi chắc rằng tệp ghi sai.",
        "en": "The file's own coordinate system is used; choose another only if the file is "
        "known to be wrong.",
    },
    "st_crs_from_file_option": {"vi": "Theo tệp", "en": "As in the file"},
    "st_crs_preset": {"vi": "Hệ tọa độ", "en": "Coordinate system"},
    "st_crs_custom": {"vi": "Khác (EPSG hoặc WKT)…", "en": "Other (EPSG or WKT)…"},
    "st_crs_custom_label": {"vi": "Mã EPSG hoặc WKT", "en": "EPSG code or WKT"},
    "st_crs_custom_help": {
        "vi": "Ví dụ EPSG:9209, hoặc dán nội dung tệp .prj (kể cả TOWGS84).",
        "en": "For example EPSG:9209, or paste the .prj file's text (TOWGS84 included).",
    },
    "st_encoding": {"vi": "Bảng mã chữ", "en": "Text encoding"},
    "st_encoding_choose": {"vi": "Bảng mã", "en": "Encoding"},
    "st_encoding_auto": {"vi": "Tự nhận biết", "en": "Detect"},
    "st_encoding_utf8": {"vi": "Unicode (UTF-8)", "en": "Unicode (UTF-8)"},
    "st_encoding_tcvn3": {"vi": "TCVN3 (ABC)", "en": "TCVN3 (ABC)"},
    "st_encoding_vni": {"vi": "VNI", "en": "VNI"},
    "st_encoding_cp1258": {"vi": "Windows-1258", "en": "Windows-1258"},
    "st_encoding_unknown": {"vi": "Không xác định", "en": "Not detected"},
    "st_sublayer": {"vi": "Lớp trong tệp", "en": "Layer in the file"},
    "st_reread": {"vi": "Đọc lại tệp", "en": "Read the file again"},
    "st_sample": {"vi": "Các dòng đầu của tệp", "en": "The file's first rows"},
    "st_sample_none": {"vi": "Tệp không có dòng dữ liệu.", "en": "The file has no data rows."},
    "st_geometry_columns": {"vi": "Cột vị trí", "en": "Location columns"},
    "st_geometry_columns_intro": {
        "vi": "Chọn cột kinh độ và vĩ độ, hoặc một cột WKT. Dấu ★ là cột được nhận ra.",
        "en": "Choose the longitude and latitude columns, or one WKT column. ★ marks the "
        "columns recognised.",
    },
    "st_geo_lon": {"vi": "Kinh độ (X)", "en": "Longitude (X)"},
    "st_geo_lat": {"vi": "Vĩ độ (Y)", "en": "Latitude (Y)"},
    "st_geo_wkt": {"vi": "Hình học WKT", "en": "WKT geometry"},
    "st_geo_ambiguous": {
        "vi": "Có nhiều cột có thể dùng: {columns}. Hãy chọn một.",
        "en": "Several columns could be it: {columns}. Choose one.",
    },
    "st_mapping": {"vi": "Ghép cột với trường của lớp", "en": "Columns to the layer's fields"},
    "st_mapping_intro": {
        "vi": "Mỗi trường của lớp lấy giá trị từ một cột của tệp. Đã điền sẵn theo tên cột "
        "hoặc theo lần tải trước; hãy kiểm tra lại.",
        "en": "Each field of the layer takes its value from one of the file's columns. The "
        "choices are pre-filled from the column names or the last upload; check them.",
    },
    "st_not_in_file": {"vi": "(không có trong tệp)", "en": "(not in the file)"},
    "st_mode": {"vi": "Cách nạp", "en": "How to load"},
    "st_mode_merge": {"vi": "Gộp", "en": "Merge"},
    "st_mode_merge_help": {
        "vi": "Thêm đối tượng mới và cập nhật đối tượng trùng mã; không xóa gì.",
        "en": "Add new features and update those with the same id; nothing is removed.",
    },
    "st_mode_replace": {"vi": "Thay thế", "en": "Replace"},
    "st_mode_replace_help": {
        "vi": "Như gộp, và xóa khỏi lớp mọi đối tượng không có trong tệp. Bản xem trước liệt "
        "kê từng đối tượng bị xóa trước khi xuất bản.",
        "en": "As merge, and remove from the layer every feature not in the file. The preview "
        "lists each removal before anything is published.",
    },
    "st_matches": {"vi": "Trùng tên với đối tượng đã có", "en": "Names matching existing features"},
    "st_matches_intro": {
        "vi": "Các dòng này không có mã nhưng tên trùng với một đối tượng của lớp. Nếu xác "
        "nhận, dòng sẽ cập nhật đối tượng đó (ví dụ bổ sung vị trí) thay vì thêm một đối "
        "tượng thứ hai.",
        "en": "These rows have no id but their name matches a feature of the layer. If you "
        "confirm, each row updates that feature (e.g. gives it its location) instead of "
        "adding a second one.",
    },
    "st_matches_file": {"vi": "Tên trong tệp", "en": "Name in the file"},
    "st_matches_existing": {"vi": "Đối tượng đã có", "en": "Existing feature"},
    "st_matches_confirm": {
        "vi": "Đúng, {n} dòng trên là các đối tượng đã có: cập nhật chúng.",
        "en": "Yes, the {n} rows above are these existing features: update them.",
    },
    "st_provenance": {"vi": "Nguồn dữ liệu", "en": "Provenance"},
    "st_provenance_intro": {
        "vi": "Ghi nguồn và giấy phép của chính tệp này: chúng hiện cùng dữ liệu trên bản đồ.",
        "en": "Give this file's own source and licence: they are shown with the data on the map.",
    },
    "st_source_hint": {
        "vi": "Ví dụ: Sở Tài nguyên và Môi trường, hồ sơ dự án 2025",
        "en": "e.g. Department of Natural Resources and Environment, project file 2025",
    },
    "st_licence_hint": {"vi": "Ví dụ: CC-BY-4.0, nội bộ", "en": "e.g. CC-BY-4.0, internal"},
    "st_attribution": {"vi": "Ghi công", "en": "Attribution"},
    "st_prepare": {"vi": "Kiểm tra và xem trước", "en": "Check and preview"},
    "st_other_file": {"vi": "Chọn tệp khác", "en": "Choose another file"},
    # -- report -------------------------------------------------------------------------
    "st_report": {"vi": "Báo cáo kiểm tra", "en": "Validation report"},
    "st_report_blocked": {
        "vi": "Có {errors} lỗi (và {warnings} cảnh báo): chưa có gì được lưu. Sửa tệp hoặc "
        "lựa chọn rồi kiểm tra lại.",
        "en": "{errors} errors (and {warnings} warnings): nothing was stored. Fix the file or "
        "the choices and check again.",
    },
    "st_report_row": {"vi": "Dòng", "en": "Row"},
    "st_report_field": {"vi": "Cột", "en": "Column"},
    "st_report_value": {"vi": "Giá trị", "en": "Value"},
    "st_report_level": {"vi": "Mức", "en": "Level"},
    "st_report_message": {"vi": "Vấn đề và cách xử lý", "en": "Problem and what to do"},
    "st_report_more": {
        "vi": "… và {n} dòng báo cáo khác (không chặn).",
        "en": "… and {n} more report lines (not blocking).",
    },
    "st_level_error": {"vi": "Lỗi", "en": "Error"},
    "st_level_warning": {"vi": "Cảnh báo", "en": "Warning"},
    "st_level_info": {"vi": "Thông tin", "en": "Info"},
    # -- draft --------------------------------------------------------------------------
    "st_draft_title": {"vi": "Xem trước thay đổi", "en": "Preview the changes"},
    "st_draft_meta": {
        "vi": "Bản nháp của {who}, {when}; cách nạp: {mode}",
        "en": "Draft by {who}, {when}; mode: {mode}",
    },
    "st_mode_origin": {"vi": "nạp lại nguồn", "en": "source reload"},
    "st_mode_restore": {"vi": "khôi phục", "en": "restore"},
    "st_changes": {"vi": "Thay đổi", "en": "Changes"},
    "st_added": {"vi": "thêm mới", "en": "added"},
    "st_changed": {"vi": "thay đổi", "en": "changed"},
    "st_removed": {"vi": "bị xóa", "en": "removed"},
    "st_kept": {"vi": "giữ nguyên", "en": "kept"},
    "st_kind_added": {"vi": "Thêm", "en": "Added"},
    "st_kind_changed": {"vi": "Sửa", "en": "Changed"},
    "st_kind_removed": {"vi": "Xóa", "en": "Removed"},
    "st_kind_kept": {"vi": "Giữ", "en": "Kept"},
    "st_old_location": {"vi": "vị trí cũ", "en": "old location"},
    "st_removals": {
        "vi": "Xuất bản sẽ xóa {n} đối tượng khỏi lớp (xem bảng bên dưới). Các phiên bản cũ "
        "vẫn được giữ và có thể khôi phục.",
        "en": "Publishing removes {n} features from the layer (see the table below). Older "
        "versions are kept and can be restored.",
    },
    "st_publish": {"vi": "Xuất bản", "en": "Publish"},
    "st_discard": {"vi": "Hủy bản nháp", "en": "Discard the draft"},
    "st_publish_help": {
        "vi": "Xuất bản tạo một phiên bản mới của lớp; người xem thấy ngay.",
        "en": "Publishing makes a new version of the layer; readers see it at once.",
    },
    "st_change_map": {"vi": "Bản đồ thay đổi", "en": "Map of the changes"},
    "st_change_map_empty": {
        "vi": "Không có thay đổi nào có vị trí để vẽ.",
        "en": "No change with a location to draw.",
    },
    "st_change_table": {"vi": "Bảng thay đổi", "en": "Table of changes"},
    "st_change": {"vi": "Thay đổi", "en": "Change"},
    "st_field": {"vi": "Trường", "en": "Field"},
    "st_old": {"vi": "Giá trị cũ", "en": "Old value"},
    "st_new": {"vi": "Giá trị mới", "en": "New value"},
    "st_no_changes": {
        "vi": "Bản nháp giống hệt phiên bản hiện tại: xuất bản sẽ không thay đổi gì.",
        "en": "The draft is the same as the current version: publishing changes nothing.",
    },
    "st_stale": {
        "vi": "Lớp đã được cập nhật từ khi bản nháp này được tạo (bản nháp dựa trên phiên bản "
        "{base}, hiện tại là {current}). Hãy tải tệp lên lại để so sánh với dữ liệu mới.",
        "en": "The layer changed since this draft was made (the draft is based on version "
        "{base}, the current one is {current}). Upload the file again to compare with the "
        "new data.",
    },
    "st_conflict": {"vi": "Không xuất bản được.", "en": "Not published."},
    "st_upload_again": {"vi": "Tải tệp lên lại", "en": "Upload the file again"},
    "st_published": {
        "vi": "Đã xuất bản phiên bản {version}.",
        "en": "Version {version} published.",
    },
    "st_published_nothing": {
        "vi": "Không có gì thay đổi: không tạo phiên bản mới.",
        "en": "Nothing changed: no new version was made.",
    },
    "st_discarded": {
        "vi": "Đã hủy bản nháp; dữ liệu đã xuất bản không thay đổi.",
        "en": "Draft discarded; the published data is unchanged.",
    },
    # -- audit --------------------------------------------------------------------------
    "st_audit_title": {"vi": "Nhật ký thao tác", "en": "Audit log"},
    "st_user": {"vi": "Người dùng", "en": "User"},
    "st_action": {"vi": "Thao tác", "en": "Action"},
    "st_object": {"vi": "Đối tượng", "en": "Object"},
    "st_summary": {"vi": "Trước → sau", "en": "Before → after"},
    "st_since": {"vi": "Từ ngày", "en": "From"},
    "st_until": {"vi": "Đến ngày", "en": "To"},
    "st_audit_csv": {
        "vi": "Tải nhật ký (CSV, cùng bộ lọc)",
        "en": "Download the log (CSV, same filters)",
    },
    "st_audit_none": {"vi": "Không có mục nào phù hợp.", "en": "No entry matches."},
    "st_older": {"vi": "Cũ hơn →", "en": "Older →"},
    "st_newest": {"vi": "← Mới nhất", "en": "← Newest"},
    "st_entity_layer": {"vi": "Lớp", "en": "Layer"},
    "st_entity_feature": {"vi": "Đối tượng", "en": "Feature"},
    "st_entity_user": {"vi": "Tài khoản", "en": "Account"},
    # -- versions -----------------------------------------------------------------------
    "st_versions_title": {"vi": "Các phiên bản của lớp", "en": "Layer versions"},
    "st_versions_intro": {
        "vi": "Mỗi lần xuất bản, sửa hay khôi phục tạo một phiên bản mới; không phiên bản nào "
        "bị xóa. Khôi phục một phiên bản cũ sẽ xuất bản lại nó thành phiên bản mới nhất.",
        "en": "Every publish, edit or restore makes a new version; none is ever deleted. "
        "Restoring an older version publishes it again as the newest.",
    },
    "st_versions_none": {"vi": "Lớp chưa có phiên bản nào.", "en": "The layer has no version yet."},
    "st_current": {"vi": "hiện tại", "en": "current"},
    "st_restore": {"vi": "Khôi phục", "en": "Restore"},
    "st_restore_button": {"vi": "Khôi phục bản {version}…", "en": "Restore version {version}…"},
    "st_restore_confirm": {
        "vi": "Khôi phục phiên bản {version}? Lớp sẽ trở lại đúng như phiên bản đó, dưới dạng "
        "một phiên bản mới; phiên bản hiện tại vẫn được giữ.",
        "en": "Restore version {version}? The layer becomes exactly that version again, as a "
        "new version; the current one is kept.",
    },
    "st_restore_yes": {"vi": "Có, khôi phục", "en": "Yes, restore"},
    "st_restored": {
        "vi": "Đã khôi phục phiên bản {old} thành phiên bản {version}.",
        "en": "Version {old} restored as version {version}.",
    },
    "st_not_restorable": {"vi": "không còn dữ liệu", "en": "not kept"},
    "st_see_map": {"vi": "Xem bản đồ", "en": "See the map"},
    # -- bulk statuses ------------------------------------------------------------------
    "st_bulk_title": {"vi": "Cập nhật trạng thái hàng loạt", "en": "Bulk status updates"},
    "st_bulk_intro": {
        "vi": "Tải lên tệp CSV hoặc Excel có các cột như tệp CSV xuất của lớp (key, status, "
        "status_date…). Mọi dòng được kiểm tra trước; chỉ cập nhật khi không có lỗi nào, và "
        "cập nhật tất cả cùng lúc.",
        "en": "Upload a CSV or Excel file with the columns of the layer's CSV export (key, "
        "status, status_date…). Every "
        "row is checked first; nothing is updated unless there is no error, and then all at "
        "once.",
    },
    "st_bulk_columns": {"vi": "Các cột:", "en": "Columns:"},
    "st_bulk_file": {"vi": "Tệp CSV / Excel", "en": "CSV / Excel file"},
    "st_bulk_check": {"vi": "Chỉ kiểm tra", "en": "Check only"},
    "st_bulk_apply": {"vi": "Kiểm tra và cập nhật", "en": "Check and apply"},
    "st_bulk_apply_help": {
        "vi": "“Kiểm tra và cập nhật” không thay đổi gì nếu tệp có lỗi.",
        "en": "“Check and apply” changes nothing when the file has an error.",
    },
    "st_bulk_applied": {
        "vi": "Đã cập nhật {n} trạng thái.",
        "en": "{n} statuses recorded.",
    },
    "st_bulk_blocked": {
        "vi": "Có {errors} lỗi: chưa cập nhật gì.",
        "en": "{errors} errors: nothing was updated.",
    },
    "st_bulk_ok": {
        "vi": "Không có lỗi: {n} trạng thái sẽ được ghi. Chọn lại tệp và bấm “Kiểm tra và cập "
        "nhật” để ghi.",
        "en": "No errors: {n} statuses would be recorded. Choose the file again and press "
        "“Check and apply” to record them.",
    },
    "st_bulk_source_help": {
        "vi": "Nguồn ghi cho các dòng không có cột status_source.",
        "en": "The source recorded for rows without a status_source column.",
    },
    # -- accounts (admins) ---------------------------------------------------------------
    "st_users_title": {"vi": "Tài khoản cán bộ", "en": "Staff accounts"},
    "st_username": {"vi": "Tên đăng nhập", "en": "User name"},
    "st_username_help": {
        "vi": "Chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.",
        "en": "Lower-case letters without accents, digits, dots, underscores or hyphens.",
    },
    "st_display_name": {"vi": "Họ tên", "en": "Full name"},
    "st_role": {"vi": "Vai trò", "en": "Role"},
    "st_role_viewer": {"vi": "Người xem", "en": "Viewer"},
    "st_role_editor": {"vi": "Biên tập viên", "en": "Editor"},
    "st_role_admin": {"vi": "Quản trị", "en": "Administrator"},
    "st_account_state": {"vi": "Trạng thái", "en": "State"},
    "st_active": {"vi": "đang dùng", "en": "active"},
    "st_disabled": {"vi": "đã khóa", "en": "disabled"},
    "st_disable": {"vi": "Khóa", "en": "Disable"},
    "st_enable": {"vi": "Mở khóa", "en": "Enable"},
    "st_change_role": {"vi": "Đổi", "en": "Change"},
    "st_last_sign_in": {"vi": "Đăng nhập gần nhất", "en": "Last sign-in"},
    "st_you": {"vi": "bạn", "en": "you"},
    "st_user_new": {"vi": "Tạo tài khoản", "en": "New account"},
    "st_user_create": {"vi": "Tạo tài khoản", "en": "Create the account"},
    "st_password": {"vi": "Mật khẩu", "en": "Password"},
    "st_password_again": {"vi": "Nhập lại mật khẩu", "en": "Password again"},
    "st_user_created": {"vi": "Đã tạo tài khoản {name}.", "en": "Account {name} created."},
    "st_user_role_set": {
        "vi": "Tài khoản {name} giờ là {role}.",
        "en": "Account {name} is now {role}.",
    },
    "st_user_enabled": {"vi": "Đã mở khóa tài khoản {name}.", "en": "Account {name} enabled."},
    "st_user_disabled": {"vi": "Đã khóa tài khoản {name}.", "en": "Account {name} disabled."},
    # -- editing map (every ed_ string also goes to editor.js) --------------------------
    "ed_title": {"vi": "Sửa trên bản đồ", "en": "Edit on the map"},
    "ed_intro": {
        "vi": "Bấm vào một đối tượng để sửa thuộc tính hoặc ghi trạng thái.",
        "en": "Select a feature to edit its attributes or record a status.",
    },
    "ed_intro_Point": {
        "vi": "Lớp điểm: vẽ hoặc kéo điểm bằng thanh công cụ.",
        "en": "Point layer: draw or drag points with the toolbar.",
    },
    "ed_intro_LineString": {
        "vi": "Lớp đường: vẽ đường hoặc sửa đỉnh bằng thanh công cụ.",
        "en": "Line layer: draw lines or edit their vertices with the toolbar.",
    },
    "ed_intro_Polygon": {
        "vi": "Lớp vùng: vẽ vùng (hoặc hình chữ nhật) hoặc sửa đỉnh bằng thanh công cụ.",
        "en": "Polygon layer: draw areas (or rectangles) or edit their vertices with the toolbar.",
    },
    "ed_map_label": {"vi": "Bản đồ chỉnh sửa", "en": "Editing map"},
    "ed_side": {"vi": "Đối tượng và biểu mẫu", "en": "Features and forms"},
    "ed_unlocated": {"vi": "Chưa có vị trí", "en": "Not yet located"},
    "ed_unlocated_help": {
        "vi": "Chọn một đối tượng rồi vẽ vị trí của nó trên bản đồ.",
        "en": "Choose a feature, then draw its location on the map.",
    },
    "ed_none_unlocated": {
        "vi": "Mọi đối tượng của lớp đã có vị trí.",
        "en": "Every feature of the layer has a location.",
    },
    "ed_place": {"vi": "Đặt vị trí", "en": "Place"},
    "ed_edit": {"vi": "Sửa", "en": "Edit"},
    "ed_placing": {
        "vi": "Vẽ vị trí cho “{name}” trên bản đồ.",
        "en": "Draw the location of “{name}” on the map.",
    },
    "ed_new_feature": {
        "vi": "Đối tượng mới: nhập tên rồi bấm Lưu.",
        "en": "New feature: enter its name, then Save.",
    },
    "ed_cancel": {"vi": "Hủy", "en": "Cancel"},
    "ed_close": {"vi": "Đóng", "en": "Close"},
    "ed_feature": {"vi": "Đối tượng", "en": "Feature"},
    "ed_field_name_vi": {"vi": "Tên (tiếng Việt)", "en": "Name (Vietnamese)"},
    "ed_field_name_en": {"vi": "Tên (tiếng Anh)", "en": "Name (English)"},
    "ed_field_capacity_mw": {"vi": "Công suất (MW)", "en": "Capacity (MW)"},
    "ed_field_area_ha": {"vi": "Diện tích (ha)", "en": "Area (ha)"},
    "ed_field_tasks": {"vi": "Nhiệm vụ Kế hoạch", "en": "Plan tasks"},
    "ed_field_precision_note": {"vi": "Ghi chú vị trí", "en": "Location note"},
    "ed_field_note": {"vi": "Ghi chú", "en": "Note"},
    "ed_tasks_help": {
        "vi": "Mã nhiệm vụ, cách nhau bằng dấu phẩy, ví dụ 13.3, 8.5",
        "en": "Task codes separated by commas, e.g. 13.3, 8.5",
    },
    "ed_save": {"vi": "Lưu", "en": "Save"},
    "ed_status_title": {"vi": "Ghi trạng thái mới", "en": "Record a new status"},
    "ed_status_date": {"vi": "Ngày hiệu lực", "en": "Effective date"},
    "ed_status_date_help": {
        "vi": "Ngày (01/03/2025 hoặc 2025-03-01), tháng (03/2025) hoặc năm (2025), không "
        "sau hôm nay.",
        "en": "A day (2025-03-01 or 01/03/2025), a month (03/2025) or a year (2025), not "
        "after today.",
    },
    "ed_status_source_hint": {
        "vi": "Ví dụ: Công văn số …, ngày …",
        "en": "e.g. Official letter no. …, dated …",
    },
    "ed_location_source": {"vi": "Nguồn của vị trí", "en": "Source of the location"},
    "ed_status_save": {"vi": "Ghi trạng thái", "en": "Record the status"},
    "ed_save_moves": {"vi": "Lưu vị trí mới", "en": "Save the new positions"},
    "ed_undo_moves": {"vi": "Hoàn tác", "en": "Undo"},
    "ed_pending": {
        "vi": "{n} đối tượng đã di chuyển, chưa lưu.",
        "en": "{n} features moved, not saved yet.",
    },
    "ed_loading": {"vi": "Đang tải đối tượng…", "en": "Loading features…"},
    "ed_loaded": {
        "vi": "{total} đối tượng, {unlocated} chưa có vị trí.",
        "en": "{total} features, {unlocated} without a location.",
    },
    "ed_saving": {"vi": "Đang lưu…", "en": "Saving…"},
    "ed_saved": {
        "vi": "Đã lưu “{name}” (phiên bản {version}).",
        "en": "Saved “{name}” (version {version}).",
    },
    "ed_placed": {"vi": "Đã đặt vị trí cho “{name}”.", "en": "“{name}” now has its location."},
    "ed_created": {"vi": "Đã thêm “{name}”.", "en": "“{name}” added."},
    "ed_moves_saved": {"vi": "Đã lưu {n} vị trí mới.", "en": "{n} new positions saved."},
    "ed_status_saved": {
        "vi": "Đã ghi trạng thái “{status}” cho “{name}”.",
        "en": "Status “{status}” recorded for “{name}”.",
    },
    "ed_error": {"vi": "Lỗi: {message}", "en": "Error: {message}"},
    "ed_network": {
        "vi": "Không kết nối được máy chủ. Hãy thử lại.",
        "en": "The server could not be reached. Please try again.",
    },
    "ed_required": {"vi": "Hãy điền các ô bắt buộc.", "en": "Fill in the required fields."},
    "ed_view_page": {"vi": "Trang chi tiết", "en": "Detail page"},
    # Leaflet-Geoman's toolbar (it has no Vietnamese of its own).
    "ed_gm_marker": {"vi": "Vẽ điểm", "en": "Draw a point"},
    "ed_gm_line": {"vi": "Vẽ đường", "en": "Draw a line"},
    "ed_gm_polygon": {"vi": "Vẽ vùng", "en": "Draw an area"},
    "ed_gm_rectangle": {"vi": "Vẽ hình chữ nhật", "en": "Draw a rectangle"},
    "ed_gm_edit": {"vi": "Sửa đỉnh", "en": "Edit vertices"},
    "ed_gm_drag": {"vi": "Kéo di chuyển", "en": "Drag to move"},
    "ed_gm_place_marker": {"vi": "Bấm để đặt điểm", "en": "Click to place the point"},
    "ed_gm_first_vertex": {
        "vi": "Bấm để đặt đỉnh đầu tiên",
        "en": "Click to place the first vertex",
    },
    "ed_gm_continue_line": {"vi": "Bấm để vẽ tiếp", "en": "Click to continue drawing"},
    "ed_gm_finish_line": {
        "vi": "Bấm vào điểm cuối để kết thúc",
        "en": "Click the last point to finish",
    },
    "ed_gm_finish_poly": {
        "vi": "Bấm vào đỉnh đầu tiên để khép vùng",
        "en": "Click the first vertex to close the area",
    },
    "ed_gm_finish_rect": {"vi": "Bấm để kết thúc", "en": "Click to finish"},
    "ed_gm_finish": {"vi": "Xong", "en": "Finish"},
    "ed_gm_cancel": {"vi": "Hủy", "en": "Cancel"},
    "ed_gm_remove_last": {"vi": "Xóa đỉnh vừa vẽ", "en": "Remove the last vertex"},
}
