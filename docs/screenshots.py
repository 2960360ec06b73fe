"""Screenshots for docs/guide.md, docs/gis-staff.md and docs/reporting.md.

The guide's set: the map, a site page and the project table, at two sizes. The staff set: the
staff area, walked through as a GIS officer would. The reporting set: plan progress, targets,
the dashboards and the yearly report.

Each set loads the plan and every bundled layer into its own throwaway SQLite database, serves
the app on a free local port and photographs it with Debian's Chromium; every request that is
not to the local server is aborted (so map tiles stay grey). The staff set adds SYNTHETIC
accounts (viewer, editor, admin) and uploads SYNTHETIC files (a VN-2000 Shapefile whose DBF is
TCVN3 without .cpg, a CSV with mistakes, a bulk status CSV) through the real pages; the
reporting set enters SYNTHETIC target values (a CSV with mistakes, then a good one), task
progress and an override through the real pages, then photographs the public dashboards, the
report and the issued list. Their PNGs are squeezed with pngquant and optipng when installed.

    .venv/bin/python docs/screenshots.py              # every set
    .venv/bin/python docs/screenshots.py --guide      # docs/img/{map,site,projects}-*.png
    .venv/bin/python docs/screenshots.py --staff      # docs/img/staff-*.png
    .venv/bin/python docs/screenshots.py --reporting  # docs/img/report-*.png
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.uploads (a dev script may use the test helpers)
OUT = ROOT / "docs" / "img"
SIZES = {"desktop": (1400, 900), "phone": (390, 844)}
PAGES = {
    "map": "/",
    "site": "/sites/wind_farms:osm-r14045016",
    "projects": "/projects",
}
WAIT_MS = 30000

# -- the staff set: SYNTHETIC accounts and files -------------------------------------------------

EDITOR = "synthetic.editor"
ADMIN = "synthetic.admin"
PASSWORD = "SYNTHETIC-docs-only-9f3k"
LAYER = "water_works"
SOURCE = "SYNTHETIC — dữ liệu minh họa cho tài liệu"
#: (name, status, status date, WGS 84 lon/lat or None) — invented, and named SYNTHETIC.
FIRST_FILE = [
    ("Trạm cấp nước SYNTHETIC Một", "Đang vận hành", "2021", (105.7245, 9.2850)),
    ("Nhà máy nước SYNTHETIC Hai", "Đang xây dựng", "05/2024", (105.7700, 9.2700)),
    ("Trạm bơm SYNTHETIC Ba", "Đã phê duyệt", "17/05/2024", None),
]
SECOND_FILE = [
    ("Trạm cấp nước SYNTHETIC Một", "Đang vận hành", "2021", (105.7245, 9.2850)),
    ("Nhà máy nước SYNTHETIC Hai", "Đang vận hành", "03/2025", (105.7712, 9.2695)),
    ("Trạm cấp nước SYNTHETIC Bốn", "Trong quy hoạch", "2024", (105.7050, 9.3050)),
]
MISTAKES_CSV = (
    "ma,ten,trang_thai,ngay,nhiem_vu,kinh_do,vi_do\r\n"
    "SYN-01,Trạm cấp nước SYNTHETIC Sáu,sắp làm,2024,14.4,105.73,9.30\r\n"
    "SYN-02,Trạm bơm SYNTHETIC Bảy,Đang vận hành,31/02/2024,14.4,105.75,9.26\r\n"
    "SYN-02,Cống SYNTHETIC Tám,Trong quy hoạch,,99.9,105.71,9.31\r\n"
    "SYN-04,Trạm bơm SYNTHETIC Chín,Trong quy hoạch,05/2024,14.5,106.60,10.20\r\n"
    "SYN-05,Cống SYNTHETIC Mười,Đề xuất,,14.5,,\r\n"
)


@dataclass
class Site:
    """The served instance and the SYNTHETIC files to upload to it."""

    url: str
    store: Any
    files: Path


def _load(folder: Path) -> Any:
    from webmap.core.ingest import load_one, select_specs
    from webmap.core.plan import load_plan_into
    from webmap.store import Store

    store = Store(f"sqlite:///{folder / 'greenmap.sqlite'}")
    store.upgrade()
    load_plan_into(store)
    for spec in select_specs([]):
        load_one(store, spec, data_path=folder / "data")
    return store


@contextmanager
def _served(store: Any, folder: Path) -> Iterator[str]:
    """The app on a free local port for as long as the block runs."""
    from webmap.web import create_app

    # The staff area reads its upload folder from the environment (load_settings).
    os.environ["GREENMAP_DATA_PATH"] = str(folder / "data")
    os.environ.setdefault("GREENMAP_SECRET_KEY", secrets.token_hex(32))
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app({"DATABASE_URL": store.url, "DATA_PATH": str(folder / "data")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def _local_only(route: Route) -> None:
    if route.request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()


def _new_page(browser: Any, size: str) -> Page:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page: Page = context.new_page()
    page.route("**/*", _local_only)
    return page


def _squeeze(path: Path) -> None:
    """Make a PNG smaller in place with pngquant (256 colours) and optipng, when installed."""
    if shutil.which("pngquant"):
        command = ["pngquant", "--force", "--skip-if-larger", "--quality", "80-100"]
        subprocess.run([*command, "--output", str(path), str(path)], check=False)
    if shutil.which("optipng"):
        subprocess.run(["optipng", "-quiet", "-o2", str(path)], check=False)


def _save(page: Page, name: str, *, top: str | None = None, element: str | None = None) -> None:
    """Screenshot the viewport (scrolled so that ``top`` is at its top) or one element."""
    target = OUT / f"{name}.png"
    if element:
        page.locator(element).screenshot(path=str(target))
    else:
        if top:
            page.locator(top).first.evaluate("el => el.scrollIntoView({block: 'start'})")
        else:
            page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(target))
    _squeeze(target)
    print(target.relative_to(ROOT), f"{target.stat().st_size // 1024} KB")


# -- the guide set ---------------------------------------------------------------------------


def guide(browser: Any) -> None:
    """The map, a site page and the project table at both sizes (docs/guide.md)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = _load(Path(tmp))
        with _served(store, Path(tmp)) as url:
            for size in SIZES:
                page = _new_page(browser, size)
                for name, path in PAGES.items():
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    if name == "map":
                        ready = "() => window.GreenMap && window.GreenMap.readyAt"
                        page.wait_for_function(ready, timeout=WAIT_MS)
                    target = OUT / f"{name}-{size}.png"
                    page.screenshot(path=str(target))
                    print(target.relative_to(ROOT))
                page.context.close()
        store.dispose()


# -- the staff set: files ------------------------------------------------------------------------


def shapefile_zip(path: Path, rows: list[tuple[Any, ...]]) -> Path:
    """A zipped point Shapefile in VN-2000 / TM-3 105°30′ (EPSG:9209, with its .prj) whose DBF
    text is TCVN3 (ABC) and has no .cpg; a row without lon/lat gets a null shape."""
    import shapefile
    from pyproj import CRS

    from etl.uploads.encoding import encode
    from tests.uploads import vn2000_from_wgs84

    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    kinds = {"shp": shp, "shx": shx, "dbf": dbf}
    with shapefile.Writer(**kinds, shapeType=shapefile.POINT, encoding="latin-1") as writer:
        for column in ("ten", "trang_thai", "ngay"):
            writer.field(column, "C", size=120)
        for *values, lonlat in rows:
            if lonlat is None:
                writer.null()
            else:
                lon, lat = lonlat
                writer.point(*vn2000_from_wgs84(lon, lat, 9209))
            writer.record(*[encode(v, "tcvn3").decode("latin-1") for v in values])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for ext, data in kinds.items():
            archive.writestr(f"{path.stem}.{ext}", data.getvalue())
        archive.writestr(f"{path.stem}.prj", CRS.from_epsg(9209).to_wkt("WKT1_ESRI"))
    return path


def bulk_csv(path: Path, store: Any) -> Path:
    """Statuses in the layer export's columns: one good row, an unknown key, a future date."""
    from webmap.store import FeatureFilter

    keys = {
        f.name_vi: f.key
        for f in store.iter_features(FeatureFilter(layers=[LAYER]))
        if "SYNTHETIC" in f.name_vi
    }
    one = keys["Trạm cấp nước SYNTHETIC Một"]
    lines = [
        "key,status,status_date,status_note,status_source",
        f"{one},suspended,2025-03,Tạm dừng để sửa chữa (SYNTHETIC),",
        f"{LAYER}:u-synthetic-khong-co,operating,2024,,",
        f"{one},operating,2099,,",
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _files(folder: Path) -> Path:
    files = folder / "files"
    files.mkdir()
    shapefile_zip(files / "synthetic_cong_trinh_nuoc.zip", FIRST_FILE)
    shapefile_zip(files / "synthetic_cong_trinh_nuoc_2025.zip", SECOND_FILE)
    (files / "synthetic_co_loi.csv").write_text(MISTAKES_CSV, encoding="utf-8")
    return files


def _accounts(store: Any) -> None:
    from webmap.core.users import create_user

    create_user(store, EDITOR, PASSWORD, role="editor", display_name="SYNTHETIC Editor")
    create_user(store, ADMIN, PASSWORD, role="admin", display_name="SYNTHETIC Admin")
    create_user(store, "synthetic.viewer", PASSWORD, role="viewer", display_name="SYNTHETIC")


# -- the staff set: steps ------------------------------------------------------------------------


def sign_in(page: Page, site: Site, username: str, shot: str | None = None) -> None:
    page.goto(site.url + "/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    if shot:
        _save(page, shot)
    page.click("form.gm-sign-in-form button[type=submit]")
    page.wait_for_url("**/staff/")


def sign_out(page: Page) -> None:
    page.click(".gm-sign-out button")
    page.wait_for_load_state("networkidle")


def upload(page: Page, site: Site, filename: str, shot: str | None = None) -> None:
    """Choose the layer and the file on the upload page, send it, land on the mapping page."""
    page.goto(site.url + "/staff/upload")
    page.select_option("#upload-layer", LAYER)
    page.set_input_files("#upload-file", str(site.files / filename))
    if shot:
        _save(page, shot)
    page.click("#upload-submit")
    page.wait_for_url("**/staff/uploads/**", timeout=WAIT_MS)
    page.wait_for_load_state("networkidle")


def provenance(page: Page, licence: str = "CC0-1.0") -> None:
    page.fill("#prov-source", SOURCE)
    page.fill("#prov-licence", licence)
    page.fill("#prov-attribution", "SYNTHETIC")


def prepare(page: Page) -> None:
    """Check and preview: the draft page (or the report, on errors)."""
    page.click("#prepare-submit")
    page.wait_for_load_state("networkidle")


def draft_ready(page: Page) -> None:
    page.wait_for_function(
        "() => document.querySelector('#draft-map[data-drawn]')", timeout=WAIT_MS
    )


def publish(page: Page) -> None:
    page.click("#publish-button")
    page.wait_for_url("**/versions", timeout=WAIT_MS)


def first_upload(page: Page, site: Site) -> None:
    """Upload → columns → preview → publish, with the VN-2000 TCVN3 Shapefile."""
    upload(page, site, "synthetic_cong_trinh_nuoc.zip", shot="staff-upload")
    _save(page, "staff-mapping-file")
    provenance(page)
    _save(page, "staff-mapping-columns", top="#crs-box")
    _save(page, "staff-mapping-provenance", top="#mode-box")
    prepare(page)
    draft_ready(page)
    _save(page, "staff-preview")
    _save(page, "staff-preview-map", top="#draft-counts")
    publish(page)
    _save(page, "staff-published")


def mistakes(page: Page, site: Site) -> None:
    """A CSV with mistakes: the report blocks it and nothing is stored."""
    upload(page, site, "synthetic_co_loi.csv")
    _save(page, "staff-crs-missing", element="#crs-box")
    _save(page, "staff-mapping-csv", top="#geometry-columns")
    page.select_option("#crs-select", "wgs84")
    provenance(page)
    prepare(page)
    _save(page, "staff-report", top="#report-box")


def stage_second(page: Page, site: Site) -> str:
    """The second file staged as a draft (not published yet); returns the draft's URL."""
    upload(page, site, "synthetic_cong_trinh_nuoc_2025.zip")
    provenance(page)
    prepare(page)
    draft_ready(page)
    _save(page, "staff-preview-changed", top="#change-table-h")
    return page.url


def _editor(page: Page, site: Site) -> None:
    page.goto(site.url + f"/staff/edit/{LAYER}")
    page.wait_for_function(
        "() => document.querySelector('#editor-map[data-loaded]')", timeout=WAIT_MS
    )
    page.wait_for_load_state("networkidle")


def place_and_status(page: Page, site: Site) -> None:
    """Place the SYNTHETIC unlocated pumping station, then record a status for it."""
    _editor(page, site)
    _save(page, "staff-edit")
    item = page.locator("[data-testid=unlocated-item]", has_text="SYNTHETIC Ba")
    item.locator("button[data-action=place]").click()
    box = page.locator("#editor-map").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] * 0.42, box["y"] + box["height"] * 0.40
    page.mouse.move(x, y)
    _save(page, "staff-edit-place")
    page.mouse.click(x, y)
    page.wait_for_function(
        "() => document.querySelector('#editor-live').className.includes('success')"
    )
    page.mouse.click(x, y - 12)  # the new marker's icon stands above the point
    page.wait_for_selector("#status-status", state="visible")
    page.select_option("#status-status", "under_construction")
    page.fill("#status-date", "03/2025")
    page.fill("#status-note", "Khởi công (SYNTHETIC)")
    page.fill("#status-source", "SYNTHETIC — công văn minh họa số 00/SYN")
    _save(page, "staff-edit-status", top="#status-form")
    page.click("#status-save")
    page.wait_for_function(
        "() => document.querySelector('#editor-live').className.includes('success')"
    )


def stale_then_publish(page: Page, site: Site, draft_url: str) -> None:
    """The draft staged before the edits is now stale; upload again and publish."""
    page.goto(draft_url)
    draft_ready(page)
    _save(page, "staff-stale")
    upload(page, site, "synthetic_cong_trinh_nuoc_2025.zip")
    provenance(page)
    prepare(page)
    draft_ready(page)
    publish(page)


def bulk(page: Page, site: Site) -> None:
    path = bulk_csv(site.files / "synthetic_trang_thai.csv", site.store)
    page.goto(site.url + "/staff/statuses")
    page.set_input_files("#bulk-file", str(path))
    page.fill("#bulk-source", SOURCE)
    page.click("[data-testid=bulk-check]")
    page.wait_for_load_state("networkidle")
    _save(page, "staff-bulk")


def audit(page: Page, site: Site) -> None:
    page.goto(site.url + f"/staff/audit?layer={LAYER}")
    _save(page, "staff-audit")


def admin_pages(page: Page, site: Site) -> None:
    """As the admin: restore the version before the last (two steps), then the accounts."""
    sign_in(page, site, ADMIN)
    page.goto(site.url + f"/staff/layers/{LAYER}/versions")
    page.locator("[data-testid^=restore-]").first.click()  # the newest that is not current
    page.wait_for_selector("#restore-confirm")
    _save(page, "staff-restore", top="#versions-table")
    page.click("[data-testid=restore-confirm]")
    page.wait_for_load_state("networkidle")
    _save(page, "staff-restored")
    page.goto(site.url + "/staff/users")
    _save(page, "staff-users")


def desktop_walk(browser: Any, site: Site) -> None:
    """Every desktop screenshot, in the order an officer meets the pages."""
    page = _new_page(browser, "desktop")
    page.goto(site.url + "/")
    sign_in(page, site, EDITOR, shot="staff-sign-in")
    _save(page, "staff-dashboard")
    first_upload(page, site)
    mistakes(page, site)
    draft_url = stage_second(page, site)
    place_and_status(page, site)
    stale_then_publish(page, site, draft_url)
    bulk(page, site)
    audit(page, site)
    sign_out(page)
    admin_pages(page, site)
    page.context.close()


def phone_walk(browser: Any, site: Site) -> None:
    """The upload page and the editing map on a phone."""
    page = _new_page(browser, "phone")
    sign_in(page, site, EDITOR)
    page.goto(site.url + f"/staff/upload?layer={LAYER}")
    _save(page, "staff-upload-phone", top="h1")
    _editor(page, site)
    _save(page, "staff-edit-phone", top="#editor-live")
    page.context.close()


def staff(browser: Any) -> None:
    """The staff area walked through with SYNTHETIC accounts and files (docs/gis-staff.md)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = _load(folder)
        _accounts(store)
        with _served(store, folder) as url:
            site = Site(url, store, _files(folder))
            desktop_walk(browser, site)
            phone_walk(browser, site)
        store.dispose()


# -- the reporting set: SYNTHETIC values and progress --------------------------------------------

#: The report photographed: period 15 November 2025 – 14 November 2026.
YEAR = 2026
SECOND_EDITOR = "synthetic.editor.b"
AGENCY_A, AGENCY_B = "Cơ quan SYNTHETIC A", "Cơ quan SYNTHETIC B"
VALUES_HEADER = "target_id,kind,year,value,source,note"
#: Target values (target, kind, year, value as an officer types it) — invented, named SYNTHETIC.
VALUES = [
    ("c1", "baseline", 2020, "20"),
    ("c1", "measured", 2023, "28"),
    ("c1", "measured", 2024, "33"),
    ("c1", "measured", 2025, "37"),
    ("d1", "baseline", 2020, "90"),
    ("d1", "measured", 2024, "92,8"),
    ("d1", "measured", 2025, "93,5"),
    ("c4", "baseline", 2020, "70"),
    ("c4", "measured", 2025, "74"),
    ("b3", "baseline", 2020, "35"),
    ("b3", "measured", 2025, "36"),
    ("b1", "measured", 2023, "6,5"),
    ("b1", "measured", 2024, "7"),
    ("b1", "measured", 2025, "7,2"),
    ("c6", "baseline", 2020, "1,75"),
    ("c6", "measured", 2025, "1,76"),
]
VALUES_WITH_MISTAKES = [
    ("c1", "measured", "2025", "abc", "SYNTHETIC"),
    ("z9", "measured", "2025", "10", "SYNTHETIC"),
    ("c4", "measured", "2035", "80", "SYNTHETIC"),
    ("d1", "measured", "2025", "93", ""),
    ("c6", "measured", "2024", "1,7", "SYNTHETIC"),
    ("c6", "measured", "2024", "1,8", "SYNTHETIC"),
]
#: Task progress (task, status, percent, lead agency, results, obstacles, proposals).
PROGRESS = [
    ("1.1", "completed", "", AGENCY_A, "Đã ban hành văn bản minh họa (SYNTHETIC).", "", ""),
    (
        "13.3",
        "in_progress",
        "40",
        AGENCY_A,
        "Hoàn thành khảo sát minh họa ở hai địa điểm (SYNTHETIC).",
        "Chậm giải phóng mặt bằng (SYNTHETIC).",
        "Đề nghị bố trí vốn đối ứng (SYNTHETIC).",
    ),
    ("14.4", "ongoing", "", AGENCY_B, "Duy trì thu gom hằng tháng (SYNTHETIC).", "", ""),
]


def _values_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    lines = [VALUES_HEADER, *(",".join(row) + "," for row in rows)]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def _reporting_files(folder: Path) -> Path:
    files = folder / "files"
    files.mkdir()
    good = [(t, k, str(y), v.replace(",", "."), SOURCE) for t, k, y, v in VALUES]
    _values_csv(files / "synthetic_chi_tieu.csv", good)
    _values_csv(files / "synthetic_chi_tieu_co_loi.csv", VALUES_WITH_MISTAKES)
    return files


def import_values(page: Page, site: Site) -> None:
    """A file with mistakes (refused, nothing stored), then a good one: check, then store."""
    page.goto(site.url + "/staff/targets")
    page.set_input_files("#i-file", str(site.files / "synthetic_chi_tieu_co_loi.csv"))
    page.click("[data-testid=import-check]")
    page.wait_for_load_state("networkidle")
    _save(page, "report-import-refused", top="#import")
    page.set_input_files("#i-file", str(site.files / "synthetic_chi_tieu.csv"))
    page.click("[data-testid=import-check]")
    page.wait_for_selector("[data-testid=import-apply]")
    page.click("[data-testid=import-apply]")
    page.wait_for_load_state("networkidle")


def value_and_override(page: Page, site: Site) -> None:
    """One value in the form (the targets entry page), then an override with its reason."""
    page.goto(site.url + "/staff/targets")
    card = "#target-c4"
    page.click(f"{card} .pg-forms details:nth-of-type(1) summary")
    page.fill("#v-year-c4", str(YEAR))
    page.fill("#v-value-c4", "76,5")
    page.fill("#v-source-c4", SOURCE)
    _save(page, "report-targets", top=card)
    page.click("[data-testid=value-save-c4]")
    page.wait_for_load_state("networkidle")
    page.click("#target-b11 .pg-forms details:nth-of-type(2) summary")
    page.select_option("#o-cat-b11", "acceleration_needed")
    page.fill("#o-reason-b11", "SYNTHETIC — ví dụ: kết quả kiểm toán năng lượng chưa tổng hợp.")
    page.locator("#target-b11 [data-testid=override-form-b11] button").click()
    page.wait_for_load_state("networkidle")


def task_progress(page: Page, site: Site) -> None:
    """Progress of three tasks; the form of the second is photographed before it is saved."""
    for code, status, percent, lead, results, obstacles, proposals in PROGRESS:
        page.goto(site.url + f"/staff/progress/{code}")
        page.select_option("#p-status", status)
        page.fill("#p-percent", percent)
        page.fill("#p-year", str(YEAR))
        page.fill("#p-date", f"{YEAR}-10-15")
        page.fill("#p-lead", lead)
        page.fill("#p-partners", AGENCY_B if lead == AGENCY_A else "")
        page.fill("#p-results", results)
        page.fill("#p-obstacles", obstacles)
        page.fill("#p-proposals", proposals)
        page.fill("#e-label-0", "Văn bản minh họa SYNTHETIC")
        page.fill("#e-url-0", "https://example.org/synthetic.pdf")
        if code == "13.3":
            _save(page, "report-task-form", top="#progress-form")
        page.click("[data-testid=progress-save]")
        page.wait_for_load_state("networkidle")
    page.goto(site.url + f"/staff/progress?year={YEAR}")
    page.click("#missing-by-agency summary")
    _save(page, "report-progress", top="#progress-filters")


def settings_and_issue(page: Page, site: Site) -> None:
    """As the admin: limit the second editor to agency B, issue the report, list it."""
    sign_in(page, site, ADMIN)
    page.goto(site.url + "/staff/progress/settings")
    form = page.locator(f"form[data-user='{SECOND_EDITOR}']")
    form.locator("textarea").fill(AGENCY_B)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    _save(page, "report-settings", top="h1")
    page.goto(site.url + f"/reports/{YEAR}")
    _save(page, "report-page")
    _save(page, "report-page-groups", top="#report-group-13")
    page.goto(site.url + "/reports")
    page.click("[data-testid=issue-report]")
    page.wait_for_load_state("networkidle")
    page.goto(site.url + "/reports")
    _save(page, "report-issued")
    page.goto(site.url + f"/reports/{YEAR}?revision=1")
    _save(page, "report-issued-head", element=".gm-report-head")


def dashboards(page: Page, site: Site) -> None:
    """A value entered after issuing, then the public dashboards (signed out)."""
    page.goto(site.url + "/staff/targets")
    page.click("#target-d1 .pg-forms details:nth-of-type(1) summary")
    page.fill("#v-year-d1", str(YEAR))
    page.fill("#v-value-d1", "94")
    page.fill("#v-source-d1", SOURCE)
    page.click("[data-testid=value-save-d1]")
    page.wait_for_load_state("networkidle")
    sign_out(page)
    page.goto(site.url + "/plan/targets")
    _save(page, "report-dashboard-targets", top="#changed-since")
    _save(page, "report-dashboard-charts", top="#section-c")
    page.goto(site.url + "/plan")
    _save(page, "report-dashboard-plan", top="#progress-dashboard")


def reporting(browser: Any) -> None:
    """Plan progress, targets, dashboards and the yearly report with SYNTHETIC values
    (docs/reporting.md)."""
    from webmap.core.users import create_user

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = _load(folder)
        _accounts(store)
        create_user(store, SECOND_EDITOR, PASSWORD, role="editor", display_name="SYNTHETIC B")
        with _served(store, folder) as url:
            site = Site(url, store, _reporting_files(folder))
            page = _new_page(browser, "desktop")
            sign_in(page, site, EDITOR)
            import_values(page, site)
            value_and_override(page, site)
            task_progress(page, site)
            sign_out(page)
            settings_and_issue(page, site)
            dashboards(page, site)
            page.context.close()
            phone = _new_page(browser, "phone")
            phone.goto(url + "/plan/targets")
            phone.click("#target-c1 .pg-numbers summary")
            _save(phone, "report-targets-phone", top="#target-c1")
            phone.context.close()
        store.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guide", action="store_true", help="only docs/guide.md's screenshots")
    parser.add_argument("--staff", action="store_true", help="only docs/gis-staff.md's")
    parser.add_argument("--reporting", action="store_true", help="only docs/reporting.md's")
    args = parser.parse_args(argv)
    chosen = [(args.guide, guide), (args.staff, staff), (args.reporting, reporting)]
    every = not any(flag for flag, _ in chosen)
    sets: list[Callable[[Any], None]] = [make for flag, make in chosen if flag or every]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        from tests.e2e.conftest import CHROMIUM_ARGS  # the browser tests' flags

        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for make in sets:
            make(browser)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
