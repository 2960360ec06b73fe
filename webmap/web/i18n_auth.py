"""Interface strings of the staff area (i18n_auth), Vietnamese first."""

from __future__ import annotations

AUTH_CATALOGUE: dict[str, dict[str, str]] = {
    "auth_sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "auth_sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "auth_sign_in_title": {"vi": "Đăng nhập cho cán bộ GIS", "en": "Sign in for GIS staff"},
    "auth_sign_in_intro": {
        "vi": "Người xem bản đồ không cần đăng nhập. Trang này dành cho cán bộ cập nhật dữ liệu.",
        "en": "Readers of the map do not need to sign in. This page is for the staff who keep "
        "its data up to date.",
    },
    "auth_username": {"vi": "Tên đăng nhập", "en": "User name"},
    "auth_password": {"vi": "Mật khẩu", "en": "Password"},
    "auth_failed": {
        "vi": "Sai tên đăng nhập hoặc mật khẩu.",
        "en": "Wrong user name or password.",
    },
    "auth_missing": {
        "vi": "Nhập tên đăng nhập và mật khẩu.",
        "en": "Enter your user name and password.",
    },
    "auth_rate_limited": {
        "vi": "Quá nhiều lần đăng nhập không thành công; hãy đợi một lát rồi thử lại.",
        "en": "Too many failed sign-ins; wait a moment and try again.",
    },
    "auth_csrf_failed": {
        "vi": "Mã bảo vệ của biểu mẫu bị thiếu, sai hoặc đã hết hạn; tải lại trang rồi thử lại.",
        "en": "The form's security token is missing, wrong or expired; reload the page and "
        "try again.",
    },
    "auth_signed_in_as": {"vi": "Đang đăng nhập:", "en": "Signed in as"},
    "auth_staff_link": {"vi": "Cán bộ", "en": "Staff"},
    "auth_staff_area": {"vi": "Khu vực cán bộ", "en": "Staff area"},
    "auth_staff_nav": {"vi": "Tài khoản cán bộ", "en": "Staff account"},
}
