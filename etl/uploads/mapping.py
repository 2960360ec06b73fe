"""Guess which column of an officer's file feeds which field of a layer.

Column names are folded (no diacritics, lower case, words joined by ``_``), so ``Tên``,
``TEN`` and ``ten`` all read as ``ten``. A DBF cuts names to 10 characters, so a 10-character
column also matches the synonyms it starts (``ngay_trang`` -> ``ngay_trang_thai``).
"""

from __future__ import annotations

from collections.abc import Sequence

from webmap.domain import fold

#: Fields of a feature an upload can fill, in the order the mapping form lists them.
FIELD_TARGETS: tuple[str, ...] = (
    "key",
    "name_vi",
    "name_en",
    "status",
    "status_date",
    "status_note",
    "status_source",
    "capacity_mw",
    "area_ha",
    "tasks",
    "district_name",
    "commune_name",
    "precision_note",
    "note",
)

#: Target -> folded column names that mean it, best first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "key": ("ma", "ma_du_an", "ma_so", "ma_cong_trinh", "id", "key", "code"),
    "name_vi": (
        "ten", "ten_du_an", "ten_cong_trinh", "ten_dia_diem", "ten_vi", "ten_tieng_viet",
        "name_vi", "name",
    ),
    "name_en": ("name_en", "ten_en", "ten_tieng_anh", "english_name", "ten_ta"),
    "status": ("trang_thai", "tinh_trang", "hien_trang", "status"),
    "status_date": (
        "ngay_trang_thai", "ngay", "ngay_cap_nhat", "ngay_hieu_luc", "status_date", "date",
    ),
    "status_note": ("ghi_chu_trang_thai", "status_note"),
    "status_source": ("nguon_trang_thai", "nguon", "status_source", "source"),
    "capacity_mw": ("cong_suat_mw", "cong_suat", "capacity_mw", "capacity"),
    "area_ha": ("dien_tich_ha", "dien_tich", "area_ha", "area"),
    "tasks": ("nhiem_vu", "ma_nhiem_vu", "tasks", "task"),
    "district_name": ("huyen", "ten_huyen", "quan_huyen", "district"),
    "commune_name": ("xa", "ten_xa", "xa_phuong", "phuong_xa", "commune"),
    "precision_note": ("ghi_chu_vi_tri", "do_chinh_xac", "precision_note"),
    "note": ("ghi_chu", "mo_ta", "note", "description"),
}
_DBF_NAME_CHARS = 10


def folded_name(column: str) -> str:
    """A column name folded for matching (``Trạng thái`` -> ``trang_thai``)."""
    return "_".join(fold(column).split())


def _matches(column_key: str, synonym: str, exact: bool) -> bool:
    if exact:
        return column_key == synonym
    truncated = len(column_key) == _DBF_NAME_CHARS and synonym.startswith(column_key)
    return truncated or column_key.startswith(synonym + "_")


def guess_mapping(
    columns: list[str], targets: Sequence[str] = FIELD_TARGETS
) -> dict[str, str | None]:
    """Target -> the file column that most likely feeds it (``None``: no guess).

    Exact synonyms are matched first for every target, then truncated or suffixed names
    (``cong_suat_2030``); a column feeds at most one target.
    """
    keys = {column: folded_name(column) for column in columns}
    mapping: dict[str, str | None] = {target: None for target in targets}
    taken: set[str] = set()
    for exact in (True, False):
        for target in targets:
            if mapping[target] is not None:
                continue
            mapping[target] = _first_match(target, columns, keys, taken, exact)
            if mapping[target] is not None:
                taken.add(mapping[target])  # type: ignore[arg-type]
    return mapping


def _first_match(
    target: str, columns: list[str], keys: dict[str, str], taken: set[str], exact: bool
) -> str | None:
    for synonym in SYNONYMS.get(target, ()):
        for column in columns:
            if column not in taken and _matches(keys[column], synonym, exact):
                return column
    return None
