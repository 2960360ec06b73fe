"""Every status in the bundled data is as true as its source (issue 9, points 4 and 8).

Each status names its source, as a citation a visitor can read; dates keep the source's
precision; an OpenStreetMap extract's date is a "recorded" date; unproven links stay out of the
history; each national-plan (PDP8) project carries the note of its own table; missing-data notes
are plain words for officials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from etl.pipeline import LayerBuild, build_all
from etl.specs import load_specs
from webmap.domain import DATE_PRECISIONS, Feature, StatusEvent

TODAY = date(2026, 11, 24)
CHAU_HUNG = "waste_sites:qd148-13.3-chau-hung"

#: Technical provenance that belongs in docs/data.md, never in a citation shown to officials.
TECHNICAL = re.compile(
    r"@[0-9a-f]{6,}|\b[0-9a-f]{40}\b|samclissold2/|extracted_data|\.gpkg|CSV row|source_urls"
    r"|raw_source_files|PyPI|daohoangson/"
)
#: A command line or a file name in a note meant for officials.
NOT_PLAIN = re.compile(r"`|greenmap |--\w|\.(?:gpkg|geojson|pbf|shp|zip|csv|toml)\b")


@pytest.fixture(scope="module")
def builds() -> dict[str, LayerBuild]:
    return {b.layer.id: b for b in build_all(today=TODAY)}


@pytest.fixture(scope="module")
def features(builds: dict[str, LayerBuild]) -> dict[str, Feature]:
    return {f.key: f for b in builds.values() for f in b.features}


def _events(features: dict[str, Feature]) -> Iterator[tuple[Feature, StatusEvent]]:
    for f in features.values():
        for ev in f.status_history:
            yield f, ev


def _nested_sources(value: Any) -> Iterator[str]:
    """Every ``source`` text inside a feature's properties (cross-references, phases)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "source" and isinstance(v, str):
                yield v
            else:
                yield from _nested_sources(v)
    elif isinstance(value, list):
        for item in value:
            yield from _nested_sources(item)


def test_every_status_names_a_readable_source(features: dict[str, Feature]) -> None:
    events = list(_events(features))
    assert len(events) > 30  # the bundled data has dated statuses to check
    for f, ev in events:
        assert ev.source.strip(), f.key
        assert not TECHNICAL.search(ev.source), (f.key, ev.source)


def test_feature_sources_are_citations_not_repository_paths(
    features: dict[str, Feature],
) -> None:
    for f in features.values():
        assert f.source.strip() and not TECHNICAL.search(f.source), (f.key, f.source)
        for text in _nested_sources(f.properties):
            assert not TECHNICAL.search(text), (f.key, text)


#: A letter only Vietnamese writes: the Vietnamese half of a note is Vietnamese, with diacritics.
VIETNAMESE = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE
)


def _assert_vi_en(where: str, text: str) -> None:
    """One text shown on both language pages: "Vietnamese / English", split at the one " / "
    (pages show the page's half: ``webmap.web.formatting.bilingual``)."""
    assert text.count(" / ") == 1, (where, text)
    vi, en = text.split(" / ")
    assert vi.strip() and en.strip(), (where, text)
    assert VIETNAMESE.search(vi), (where, vi)


def _notes(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every note-like property (``note``, ``*_note``) inside a feature's properties."""
    if isinstance(value, dict):
        for k, v in value.items():
            where = f"{path}.{k}" if path else str(k)
            if isinstance(v, str) and (k == "note" or str(k).endswith("_note")):
                yield where, v
            else:
                yield from _notes(v, where)
    elif isinstance(value, list):
        for item in value:
            yield from _notes(item, path)


def test_status_notes_are_vietnamese_then_english(features: dict[str, Feature]) -> None:
    for f, ev in _events(features):
        if ev.note:
            _assert_vi_en(f.key, ev.note)


def test_precision_notes_are_vietnamese_then_english(features: dict[str, Feature]) -> None:
    noted = [f for f in features.values() if f.precision_note]
    assert len(noted) > 30  # every feature placed less exactly than its site, and more
    for f in noted:
        _assert_vi_en(f.key, f.precision_note)


def test_note_properties_are_vietnamese_then_english(builds: dict[str, LayerBuild]) -> None:
    checked = 0
    for build in builds.values():
        labels = build.layer.labels
        for f in build.features:
            for path, text in _notes(f.properties):
                if text in labels.get(path, {}).get("values", {}):
                    continue  # a source's own text, translated by the layer's label
                _assert_vi_en(f"{f.key} {path}", text)
                checked += 1
    assert checked >= 8  # name, capacity, location, province, status and GPPD notes


def test_date_precisions_are_known_and_consistent(features: dict[str, Feature]) -> None:
    seen = set()
    for f, ev in _events(features):
        assert ev.date_precision in DATE_PRECISIONS, (f.key, ev.date_precision)
        seen.add(ev.date_precision)
        d = ev.effective_date
        if ev.date_precision == "year":
            assert (d.month, d.day) == (1, 1), f.key
        if ev.date_precision == "end_of_year":
            assert (d.month, d.day) == (12, 31), f.key
    # Day, year and recorded dates all occur in the bundled data.
    assert {"day", "year", "recorded"} <= seen


def test_year_only_sources_stay_year_only(features: dict[str, Feature]) -> None:
    gppd = next(e for e in features["wind_farms:osm-r14045016"].status_history if "2016" in e.note)
    assert (gppd.effective_date, gppd.date_precision) == (date(2016, 1, 1), "year")
    for key in ("kcn-tra-kha", "kcn-lang-tram", "kcn-ninh-quoi"):
        (ev,) = features[f"industrial_parks:{key}"].status_history
        assert (ev.effective_date.year, ev.date_precision) == (2015, "year")


def test_openstreetmap_statuses_are_recorded_dates(features: dict[str, Feature]) -> None:
    osm = [(f, ev) for f, ev in _events(features) if "OpenStreetMap" in ev.source]
    assert len(osm) >= 4  # one per mapped wind-farm polygon
    for f, ev in osm:
        assert ev.date_precision == "recorded", (f.key, ev.date_precision)
        # The note says plainly that the date is the extract's, not the commissioning date.
        assert "không phải ngày" in ev.note and "not the commissioning date" in ev.note, f.key


def test_chau_hung_history_is_what_its_sources_say(features: dict[str, Feature]) -> None:
    ch = features[CHAU_HUNG]
    expected = [
        # BNEWS: the groundbreaking ceremony of 31 May 2019 (a ceremony, not construction).
        ("approved", date(2019, 5, 31), "day", "BNEWS, https://bnews.vn/"),
        # Lao Động: package cut, ground still not broken 3 years after the ceremony.
        ("cancelled", date(2022, 1, 1), "year", "Báo Lao Động (bài không ghi ngày / undated)"),
        # QĐ 148/QĐ-UBND task 13.3 calls for investment again.
        ("investment_call", date(2024, 5, 29), "day", "Quyết định 148/QĐ-UBND ngày 29/5/2024"),
    ]
    history = [(e.status, e.effective_date, e.date_precision) for e in ch.status_history]
    assert history == [x[:3] for x in expected]
    for ev, (*_, source) in zip(ch.status_history, expected, strict=True):
        assert ev.source.startswith(source), ev.source
    ceremony, cut, _ = ch.status_history
    assert "Lễ khởi công" in ceremony.note and "groundbreaking ceremony" in ceremony.note.lower()
    assert "under_construction" not in [e.status for e in ch.status_history]
    assert "chưa động thổ" in cut.note and "not been broken 3 years after" in cut.note


def test_chau_hung_keeps_unproven_links_out_of_its_history(
    features: dict[str, Feature],
) -> None:
    ch = features[CHAU_HUNG]
    assert all(e.effective_date.year not in (2014, 2018) for e in ch.status_history)
    related = ch.properties["possibly_related"]
    assert related.startswith("Có thể liên quan") and "Possibly related" in related
    assert "2014" in related and "cuối năm 2018" in related and "end of 2018" in related
    assert "Dân trí" in related and "https://dantri.com.vn/" in related


#: PDP8 table of each project key: pdp8-ii-t12-1, pdp8-ii-t13-2025-2030-1, pdp8-iii.1-t20-4 ...
PDP8_KEY = re.compile(r":pdp8-(ii|iii\.1)-t(\d+)-")
APPENDIX = {"ii": "II", "iii.1": "III.1"}


def test_each_pdp8_project_names_its_own_table(features: dict[str, Feature]) -> None:
    pdp8 = {k: f for k, f in features.items() if PDP8_KEY.search(k)}
    # 14 (Table 12) + 6 (Table 13) + 1 (Table 20) wind, 1 solar (Table 14), 1 LNG (Table 1).
    assert len(pdp8) == 23
    tables = set()
    for key, f in pdp8.items():
        m = PDP8_KEY.search(key)
        assert m is not None
        appendix, table = APPENDIX[m.group(1)], m.group(2)
        tables.add(table)
        (ev,) = f.status_history
        assert "768/QĐ-TTg" in ev.source, key
        assert re.findall(r"\bTable (\d+)\b", ev.note) == [table], (key, ev.note)
        assert re.findall(r"\bBảng (\d+)\b", ev.note) == [table], (key, ev.note)
        assert f"Appendix {appendix}," in ev.note and f"Phụ lục {appendix}," in ev.note, key
        # The table the note names is the one the source row comes from.
        assert f"Table {table}:" in f.properties["pdp8_table"], key
        assert ev.status == ("proposed" if table == "20" else "planned"), key
        if table == "13":  # Table 13 has two periods: the note names the row's own
            period = f.properties["period"].replace("-", "–")
            other = {"2025–2030": "2031–2035", "2031–2035": "2025–2030"}[period]
            assert period in ev.note and other not in ev.note, (key, ev.note)
    assert tables == {"1", "12", "13", "14", "20"}


def test_missing_data_notes_are_plain_words() -> None:
    checked = 0
    for spec in load_specs():
        vi, en = spec.missing_data_vi, spec.missing_data_en
        assert bool(vi) == bool(en), spec.id  # both languages or neither
        if not vi:
            continue
        checked += 1
        for text in (vi, en):
            assert not NOT_PLAIN.search(text), (spec.id, text)
        # Who can add the data, in both languages.
        assert "Cán bộ GIS" in vi and "GIS staff can add" in en, spec.id
    assert checked >= 6
