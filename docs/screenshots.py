"""Screenshots for docs/guide.md: the map, a site page and the project table, at two sizes.

Loads the plan and every bundled layer into a throwaway SQLite database, serves the app on a
free local port and photographs it with Debian's Chromium (no request leaves the machine).

    .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import Route, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
SIZES = {"desktop": (1400, 900), "phone": (390, 844)}
PAGES = {
    "map": "/",
    "site": "/sites/wind_farms:osm-r14045016",
    "projects": "/projects",
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _serve(folder: Path) -> tuple[str, object]:
    from webmap.core.ingest import load_one, select_specs
    from webmap.core.plan import load_plan_into
    from webmap.store import Store
    from webmap.web import create_app

    store = Store(f"sqlite:///{folder / 'greenmap.sqlite'}")
    store.upgrade()
    load_plan_into(store)
    for spec in select_specs([]):
        load_one(store, spec, data_path=folder / "data")
    app = create_app({"DATABASE_URL": store.url, "DATA_PATH": str(folder / "data")})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _local_only(route: Route) -> None:
    if route.request.url.startswith("http://127.0.0.1"):
        route.continue_()
    else:
        route.abort()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url, server = _serve(Path(tmp))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.route("**/*", _local_only)
                for name, path in PAGES.items():
                    page.goto(url + path)
                    page.wait_for_load_state("networkidle")
                    if name == "map":
                        ready = "window.GreenMap && window.GreenMap.readyAt"
                        page.wait_for_function(ready, timeout=30000)
                    target = OUT / f"{name}-{size}.png"
                    page.screenshot(path=str(target))
                    print(target.relative_to(ROOT))
                context.close()
            browser.close()
        server.shutdown()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    sys.exit(main())
