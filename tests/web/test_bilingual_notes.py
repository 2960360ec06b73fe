"""No English inside the Vietnamese pages (issue 9): notes written once as "Vietnamese /
English" show the page's half only: status notes, precision notes and note-like properties.

The pages are the bundled waste-site layer (real data, on SQLite); the helper's own cases
are made-up texts.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import load_plan_into
from webmap.store import Store
from webmap.web import create_app
from webmap.web.formatting import bilingual, is_note

CHAU_HUNG = "waste_sites:qd148-13.3-chau-hung"  # a service area: the districts it serves
TAN_TAO = "waste_sites:fac-W2"  # unlocated, with a status_note property

#: (Vietnamese half, English half) of the notes the pages show.
PRECISION = (
    "Vị trí khu xử lý chưa được công bố: hình vẽ là vùng gộp ranh giới thực",
    "Site location not published: geometry is the union",
)
STATUS = (
    "Nhiệm vụ 13.3 kêu gọi đầu tư xây dựng 03 khu xử lý",
    "Task 13.3 calls for investment in the three central",
)
CEREMONY = ("Lễ khởi công ngày 31/05/2019", "Groundbreaking ceremony on 31 May 2019")
TAN_TAO_PRECISION = ("nguồn ghi “xã Châu Hưng, huyện Vĩnh Lợi”", "the source says 'xã Châu Hưng")
TAN_TAO_STATUS = ("Đang hoạt động và quá tải", "Operating and overloaded")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    path: Path = tmp_path_factory.mktemp("bilingual") / "greenmap.sqlite"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    load_plan_into(store)
    (spec,) = select_specs(["waste_sites"])
    load_one(store, spec)
    yield create_app({"DATABASE_URL": store.url}).test_client()
    store.dispose()


def _page(client: FlaskClient, key: str, lang: str) -> str:
    response = client.get(f"/sites/{key}?lang={lang}")
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("vi", 0, 1), ("en", 1, 0)])
def test_service_area_precision_note_in_the_page_language(
    client: FlaskClient, lang: str, shown: int, hidden: int
) -> None:
    provenance = _section(_page(client, CHAU_HUNG, lang), "provenance-h")
    assert PRECISION[shown] in provenance
    assert PRECISION[hidden] not in provenance
    assert " / " not in provenance.split(PRECISION[shown], 1)[1].split("</td>", 1)[0]


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("vi", 0, 1), ("en", 1, 0)])
def test_status_notes_in_the_page_language(
    client: FlaskClient, lang: str, shown: int, hidden: int
) -> None:
    history = _section(_page(client, CHAU_HUNG, lang), "history-h")
    for note in (STATUS, CEREMONY):
        assert note[shown] in history
        assert note[hidden] not in history
    # The sources keep their own " / " (a source is a citation, not a note).
    assert "Báo Lao Động (bài không ghi ngày / undated)" in history


@pytest.mark.parametrize(("lang", "shown", "hidden"), [("vi", 0, 1), ("en", 1, 0)])
def test_note_property_and_unlocated_precision_in_the_page_language(
    client: FlaskClient, lang: str, shown: int, hidden: int
) -> None:
    page = _page(client, TAN_TAO, lang)
    label = "Ghi chú về tình trạng" if lang == "vi" else "Note on the status"
    attributes = _section(page, "attributes-h")
    assert label in attributes
    assert TAN_TAO_STATUS[shown] in attributes and TAN_TAO_STATUS[hidden] not in attributes
    provenance = _section(page, "provenance-h")
    assert TAN_TAO_PRECISION[shown] in provenance
    assert TAN_TAO_PRECISION[hidden] not in provenance


# ----------------------------------------------------------------------------- the helper
#: Made-up texts: slashes in addresses and dates are not the separator.
URL_AND_DATE = (
    "Khởi công ngày 31/05/2019, xem https://example.org/a/b?c=1/2 "
    "/ Groundbreaking on 31/05/2019, see https://example.org/a/b?c=1/2"
)


def test_bilingual_splits_at_the_first_spaced_slash_only() -> None:
    assert bilingual(URL_AND_DATE, "vi") == (
        "Khởi công ngày 31/05/2019, xem https://example.org/a/b?c=1/2"
    )
    assert bilingual(URL_AND_DATE, "en") == (
        "Groundbreaking on 31/05/2019, see https://example.org/a/b?c=1/2"
    )
    # The English half keeps any later " / " of its own.
    assert bilingual("Giai đoạn 1 / Phase 1 / 2", "en") == "Phase 1 / 2"


@pytest.mark.parametrize(
    "text",
    [
        "https://example.org/a/b, 31/05/2019",  # slashes without spaces: not bilingual
        "Only English, see https://example.org/x/y",
        "a / ",  # one half empty: shown as it is
        " / b",
        "",
    ],
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bilingual_leaves_other_texts_as_they_are(text: str, lang: str) -> None:
    assert bilingual(text, lang) == text


def test_bilingual_of_nothing_is_empty_and_note_names_are_known() -> None:
    assert bilingual(None, "vi") == ""
    assert all(is_note(n) for n in ("note", "status_note", "gppd.note", "capacity_note"))
    assert not any(is_note(n) for n in ("notes_count", "source", "pdp8_notebook", "notes"))
