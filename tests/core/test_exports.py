"""A layer's CSV export opens in Excel: UTF-8 with a BOM, and no cell runs as a formula."""

from __future__ import annotations

from pathlib import Path

from tests.factories import synthetic_layer, synthetic_point
from webmap.core.exports import export_layer
from webmap.store import Store


def test_csv_export_has_a_bom_and_neutralises_formulas(store: Store, tmp_path: Path) -> None:
    records = [synthetic_point(1, name_vi='=HYPERLINK("x")'), synthetic_point(2)]
    store.load_layer(synthetic_layer(), records, checksum="a")
    out = tmp_path / "points.csv"
    assert export_layer(store, "synthetic_points", "csv", out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Vietnamese
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert "Điểm thử Đông Hải 2" in text
