"""The GIS officer's whole write path in a real Chromium (issue #10, "Done when"):

an editor signs in, uploads a zipped VN-2000 Shapefile whose DBF is TCVN3 without a ``.cpg``
(columns ``ten`` / ``trang_thai``), checks the column mapping and the encoding conversion,
previews the draft, publishes it and a visitor finds the features with their Vietnamese names;
the editor places the layer's unlocated project by drawing a point with Geoman and records a
dated status; then an admin restores the version before the upload.

Its own server and SQLite store (the plan, the bundled ``province`` and ``water_works``
layers, a SYNTHETIC editor and admin); the file's rows are SYNTHETIC test data. Throughout:
no console error, no Content-Security-Policy violation, and no request leaves 127.0.0.1 (the
OpenStreetMap tiles the staff maps ask for are aborted, as in the other browser tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from shapely.geometry import Point

from tests.e2e.conftest import ARTIFACTS, LiveServer, local_only_page, screenshot
from tests.uploads import vn2000_tcvn3_shapefile_zip
from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import load_plan_into
from webmap.core.users import create_user
from webmap.errors import NotFound
from webmap.store import Store
from webmap.store.features import FeatureFilter
from webmap.web import create_app
from webmap.web.i18n_staff import STAFF_CATALOGUE

EDITOR, ADMIN = "synthetic.editor", "synthetic.admin"
PASSWORD = "synthetic-pass-e2e-1"
LAYER = "water_works"
#: The bundled water_works layer's one feature, a project without a location yet.
UNLOCATED = "water_works:fac-S1"
#: SYNTHETIC rows (name, status as an officer types it, WGS 84 lon/lat in Bạc Liêu).
ROWS: list[tuple[str, str, tuple[float, float]]] = [
    ("Nhà máy nước SYNTHETIC Bạc Liêu", "Đang vận hành", (105.7245, 9.2850)),
    ("Trạm cấp nước SYNTHETIC xã Vĩnh Trạch", "Đang xây dựng", (105.7700, 9.2700)),
    ("Nhà máy xử lý nước thải SYNTHETIC Trà Kha", "Trong quy hoạch", (105.7400, 9.3000)),
]
NAMES = [name for name, _, _ in ROWS]
#: TCVN3 bytes read as if they were Latin-1 / Windows-1252: what an unconverted DBF shows.
MOJIBAKE = ("Nhµ", "n\u00ad\u00edc", "B¹c")
OSM_TILES = "https://tile.openstreetmap.org/"
TIMEOUT = 15_000

#: Records CSP violations (reported through a binding so no page's report is lost) and every
#: value the upload progress bar takes (kept in sessionStorage across the navigation).
WATCH = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__gmCsp(e.violatedDirective + " " + e.blockedURI + " " + location.pathname);
});
(() => {
  const own = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, "value");
  Object.defineProperty(HTMLProgressElement.prototype, "value", {
    configurable: true,
    get() { return own.get.call(this); },
    set(v) {
      own.set.call(this, v);
      if (this.id === "upload-progress") {
        const seen = JSON.parse(sessionStorage.getItem("gm-progress") || "[]");
        seen.push(Number(v));
        sessionStorage.setItem("gm-progress", JSON.stringify(seen));
      }
    }
  });
})();
"""


class Watched:
    """A page that must stay clean: console errors, page errors, CSP violations, outside
    requests (every one aborted by :func:`local_only_page`, which records it)."""

    def __init__(self, browser: object) -> None:
        self.page: Page = local_only_page(browser)  # type: ignore[assignment]
        self.errors: list[str] = []
        self.csp: list[str] = []
        self.page.expose_function("__gmCsp", self._violation)
        self.page.add_init_script(WATCH)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _violation(self, text: str) -> None:
        self.csp.append(text)

    @property
    def blocked(self) -> list[str]:
        return list(self.page.blocked_requests)  # type: ignore[attr-defined]

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        if url.startswith(OSM_TILES) and url in self.blocked:
            return  # an aborted background tile: the staff maps work without them
        self.errors.append(f"{message.text} ({url})")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.csp == []
        assert all(u.startswith(OSM_TILES) for u in self.blocked), self.blocked

    def close(self) -> None:
        self.page.context.close()


@pytest.fixture
def staff_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveServer, Store]]:
    """Its own server: the plan, the province and water works, a SYNTHETIC editor and admin."""
    yield from serve_staff_site(tmp_path, monkeypatch, ["province", LAYER])


def serve_staff_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layers: list[str]
) -> Iterator[tuple[LiveServer, Store]]:
    """A live server over a new SQLite store with the plan, the bundled ``layers`` and a
    SYNTHETIC editor and admin; uploads and rasters go to a data folder under ``tmp_path``."""
    data = tmp_path / "data"
    monkeypatch.setenv("GREENMAP_DATA_PATH", str(data))
    store = Store(f"sqlite:///{tmp_path / 'greenmap.sqlite'}")
    store.upgrade()
    load_plan_into(store)
    for spec in select_specs(layers):
        load_one(store, spec, data_path=data)
    create_user(store, EDITOR, PASSWORD, role="editor", display_name="Synthetic editor")
    create_user(store, ADMIN, PASSWORD, role="admin", display_name="Synthetic admin")
    server = LiveServer(create_app({"DATABASE_URL": store.url, "DATA_PATH": str(data)}))
    yield server, store
    server.stop()
    store.dispose()


@pytest.fixture
def watched(browser: object) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.close()


def full_page_screenshot(pg: Page, name: str) -> None:
    """Like :func:`screenshot`, of the whole page (its message and its side form)."""
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def layer_features(store: Store) -> dict[str, Any]:
    """The published water works by key."""
    return {f.key: f for f in store.iter_features(FeatureFilter(layers=[LAYER]))}


def sign_in(pg: Page, url: str, username: str) -> None:
    pg.goto(f"{url}/staff/sign-in?lang=vi&next=/staff/")
    pg.fill("#username", username)
    pg.fill("#password", PASSWORD)
    pg.click("button[type=submit]")
    pg.wait_for_url(f"{url}/staff/")
    expect(pg.locator(".gm-staff-bar")).to_contain_text(username)


def sign_out(pg: Page, url: str) -> None:
    pg.click(".gm-sign-out button")
    pg.wait_for_url(f"{url}/")


# -- the steps ----------------------------------------------------------------------------


def upload(pg: Page, url: str, file: Path) -> None:
    """Step 2: the layer, the file in the drop zone, the progress bar, the mapping page."""
    pg.goto(f"{url}/staff/upload")
    pg.select_option("[data-testid=upload-layer]", LAYER)
    pg.locator("[data-testid=drop-zone] input[type=file]").set_input_files(str(file))
    expect(pg.locator("#drop-chosen")).to_contain_text(file.name)
    screenshot(pg, "gis-staff-1-upload")
    pg.click("[data-testid=upload-submit]")
    pg.wait_for_url(f"{url}/staff/uploads/**")
    seen = pg.evaluate("() => JSON.parse(sessionStorage.getItem('gm-progress') || '[]')")
    assert seen and seen[-1] == 100 and seen == sorted(seen), seen


def map_columns(pg: Page, url: str) -> None:
    """Step 3: the encoding note, the guessed columns, the provenance; validate."""
    notes = pg.locator("[data-testid=file-note]")
    expect(notes.first).to_be_visible()
    assert "TCVN3" in " ".join(notes.all_inner_texts())
    sample = pg.locator("#sample-table").inner_text()
    assert NAMES[0] in sample and not any(m in sample for m in MOJIBAKE)
    for target, column in (("name_vi", "ten"), ("status", "trang_thai")):
        select = pg.locator(f"[data-testid=map-{target}]")
        if select.input_value() != column:
            select.select_option(column)
        expect(select).to_have_value(column)
    expect(pg.locator("#no-crs")).to_have_count(0)  # the .prj says VN-2000 / TM-3
    pg.fill("[data-testid=prov-source]", "SYNTHETIC e2e: tệp thử nghiệm của cán bộ GIS")
    pg.fill("[data-testid=prov-licence]", "SYNTHETIC test data")
    screenshot(pg, "gis-staff-2-mapping")
    pg.click("[data-testid=prepare-submit]")
    pg.wait_for_url(f"{url}/staff/drafts/**")


def preview_and_publish(pg: Page, url: str) -> None:
    """Step 4: the report carried over (encoding), the counts, the names; publish."""
    flashed = [t for t in pg.locator(".st-flash li").all_inner_texts() if "TCVN3" in t]
    assert len(flashed) == 1 and "converted to Unicode" not in flashed[0], flashed  # vi, once
    counts = pg.locator("#draft-counts")
    expect(counts.locator("[data-kind=added] .st-count-n")).to_have_text(str(len(ROWS)))
    for kind in ("changed", "removed"):
        expect(counts.locator(f"[data-kind={kind}] .st-count-n")).to_have_text("0")
    added = pg.locator("#change-table tr[data-kind=added] th[scope=row]")
    expect(added).to_have_count(len(ROWS))
    shown = " ".join(added.all_inner_texts())
    assert all(name in shown for name in NAMES) and not any(m in shown for m in MOJIBAKE)
    expect(pg.locator("#draft-map")).to_have_attribute("data-drawn", str(len(ROWS)))
    screenshot(pg, "gis-staff-3-draft")
    pg.click("[data-testid=publish-button]")
    pg.wait_for_url(f"{url}/staff/layers/{LAYER}/versions")
    expect(pg.locator("#versions-table tbody tr").first).to_have_attribute("data-version", "2")


def visitor_sees_the_names(browser: object, url: str, keys: dict[str, str]) -> None:
    """Step 5: an anonymous visitor searches the public map and opens a site page."""
    visitor = Watched(browser)
    try:
        pg = visitor.page
        pg.goto(f"{url}/")
        pg.wait_for_selector("body[data-greenmap-ready]", timeout=TIMEOUT)
        pg.locator("#gm-q").fill("synthetic bac lieu")  # folded: no diacritics typed
        option = pg.locator("#gm-results [role=option]", has_text=NAMES[0])
        option.wait_for()
        results = pg.locator("#gm-results").inner_text()
        assert not any(m in results for m in MOJIBAKE)
        option.click()
        popup = pg.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(NAMES[0])
        pg.wait_for_function(  # faded in (a sharp screenshot)
            "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        )
        screenshot(pg, "gis-staff-4-public-search")
        for name in NAMES:
            pg.goto(f"{url}/sites/{keys[name]}")
            expect(pg.locator("h1")).to_have_text(name)
            pg.wait_for_selector("#site-map .leaflet-interactive", timeout=TIMEOUT)
        visitor.assert_clean()
    finally:
        visitor.close()


def said(key: str, **values: str) -> str:
    """What the editing page announces (its Vietnamese string ``key`` filled in)."""
    return STAFF_CATALOGUE[key]["vi"].format(**values)


def place_unlocated(pg: Page, url: str, name: str) -> tuple[float, float]:
    """Step 6: pick the unlocated project, click a point on the map with Geoman's marker."""
    pg.goto(f"{url}/staff/edit/{LAYER}")
    map_box = pg.locator("#editor-map")
    expect(map_box).to_have_attribute("data-loaded", str(len(ROWS) + 1), timeout=TIMEOUT)
    item = pg.locator(f"[data-testid=unlocated-item][data-key='{UNLOCATED}']")
    expect(pg.locator("[data-testid=unlocated-item]")).to_have_count(1)
    item.locator("button[data-action=place]").click()
    expect(pg.locator("[data-testid=placing-box]")).to_be_visible()
    box = map_box.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pg.mouse.move(x - 10, y - 10)
    pg.mouse.click(x, y)
    live = pg.locator("[data-testid=editor-live]")
    expect(live).to_have_text(said("ed_placed", name=name), timeout=TIMEOUT)
    expect(live).to_have_class("st-live st-msg st-msg-success")
    expect(pg.locator("[data-testid=unlocated-item]")).to_have_count(0)
    screenshot(pg, "gis-staff-5-placed")
    return x, y


def record_status(pg: Page, at: tuple[float, float], name: str) -> None:
    """Step 7: open the placed project (its marker) and add a status of May 2025."""
    x, y = at
    pg.mouse.click(x, y - 20)  # the marker's icon stands above its point
    expect(pg.locator("#feature-key")).to_have_text(UNLOCATED)
    expect(pg.locator("#attr-precision_note")).to_have_value("")  # a site now: no caveat
    form = pg.locator("[data-testid=status-form]")
    expect(form).to_be_visible()
    form.locator("[data-testid=status-select]").select_option("under_construction")
    form.locator("[data-testid=status-date]").fill("05/2025")
    form.locator("[data-testid=status-source]").fill("SYNTHETIC e2e: công văn thử nghiệm")
    form.locator("[data-testid=status-save]").click()
    live = pg.locator("[data-testid=editor-live]")
    expect(live).to_have_text(said("ed_status_saved", status="Đang xây dựng", name=name))
    expect(live).to_have_class("st-live st-msg st-msg-success")
    full_page_screenshot(pg, "gis-staff-6-status")  # the message above, the form below


def restore_before_upload(pg: Page, url: str, versions_before: list[int]) -> None:
    """Step 8: the admin restores version 1 (two steps: ask, confirm)."""
    pg.goto(f"{url}/staff/layers/{LAYER}/versions")
    rows = pg.locator("#versions-table tbody tr")
    expect(rows).to_have_count(len(versions_before))
    pg.click("[data-testid=restore-1]")
    confirm = pg.locator("[data-testid=restore-confirm]")
    expect(confirm).to_be_visible()
    screenshot(pg, "gis-staff-7-restore-confirm")
    confirm.click()
    pg.wait_for_url(f"{url}/staff/layers/{LAYER}/versions")
    expect(rows).to_have_count(len(versions_before) + 1)
    shown = [int(v) for v in rows.evaluate_all("rs => rs.map(r => r.dataset.version)")]
    assert shown == [max(versions_before) + 1, *sorted(versions_before, reverse=True)]
    screenshot(pg, "gis-staff-8-restored")


# -- the test -----------------------------------------------------------------------------


def test_gis_officer_uploads_places_records_and_admin_restores(
    staff_site: tuple[LiveServer, Store], watched: Watched, browser: object, tmp_path: Path
) -> None:
    live, store = staff_site
    url, pg = live.url, watched.page
    before = layer_features(store)
    assert list(before) == [UNLOCATED] and before[UNLOCATED].geometry is None
    file = vn2000_tcvn3_shapefile_zip(tmp_path / "synthetic_nha_may_nuoc.zip", rows=ROWS)

    sign_in(pg, url, EDITOR)  # 1
    upload(pg, url, file)  # 2
    map_columns(pg, url)  # 3
    preview_and_publish(pg, url)  # 4

    published = layer_features(store)
    keys = {f.name_vi: k for k, f in published.items() if k != UNLOCATED}
    assert sorted(keys) == sorted(NAMES)
    assert all(published[k].precision == "site" for k in keys.values())
    visitor_sees_the_names(browser, url, keys)  # 5

    sluice = before[UNLOCATED].name_vi
    at = place_unlocated(pg, url, sluice)  # 6
    placed = store.get_feature(UNLOCATED)
    province = next(store.iter_features(FeatureFilter(layers=["province"]))).geometry
    assert isinstance(placed.geometry, Point) and province is not None
    assert province.contains(placed.geometry)
    assert (placed.precision, placed.precision_note) == ("site", "")

    record_status(pg, at, sluice)  # 7
    latest = store.status_history(UNLOCATED)[-1]
    assert (latest["status"], str(latest["effective_date"])) == ("under_construction", "2025-05-01")
    assert latest["date_precision"] == "month"
    pg.goto(f"{url}/sites/{UNLOCATED}")
    header = pg.locator("main p").filter(has_text="Đang xây dựng").first
    expect(header).to_contain_text("05/2025")
    expect(pg.locator("#history-h + ol.timeline")).to_contain_text("05/2025")

    versions = [v["version"] for v in store.layer_history(LAYER)]
    assert versions == [3, 2, 1]  # newest first: the placed location, the upload, the bundled
    sign_out(pg, url)  # 8
    sign_in(pg, url, ADMIN)
    restore_before_upload(pg, url, versions)

    restored = layer_features(store)
    assert list(restored) == [UNLOCATED] and restored[UNLOCATED].geometry is None
    assert restored[UNLOCATED].precision == "unlocated"
    for key in keys.values():
        with pytest.raises(NotFound):
            store.get_feature(key)
    assert [v["version"] for v in store.layer_history(LAYER)] == [4, 3, 2, 1]
    api = pg.request.get(f"{url}/api/layers/{LAYER}/features").json()  # what readers get
    assert [f["properties"]["key"] for f in api["features"]] == [UNLOCATED]
    assert api["features"][0]["geometry"] is None
    watched.assert_clean()
