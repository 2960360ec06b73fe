"""The Content-Security-Policy in a real Chromium: the pages draw and nothing is blocked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.conftest import LiveServer
from tests.factories import synthetic_layer, synthetic_point, synthetic_shapes
from webmap.core.users import create_user
from webmap.store import Store
from webmap.web import create_app

#: Records every CSP violation the page reports, before any of the page's own scripts run.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""
PASSWORD = "synthetic-pass-1"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('csp') / 'greenmap.sqlite'}")
    store.upgrade()
    store.load_layer(synthetic_layer(), [synthetic_point(i) for i in range(5)], checksum="a")
    store.load_layer(
        synthetic_layer("synthetic_shapes", "Geometry"), synthetic_shapes(), checksum="s"
    )
    create_user(store, "lan.editor", PASSWORD, role="editor")
    server = LiveServer(create_app({"DATABASE_URL": store.url}))
    yield server
    server.stop()
    store.dispose()


def _watch(pg: object) -> list[str]:
    """Console messages about the policy; the page's own listener is installed first."""
    pg.add_init_script(WATCH_CSP)  # type: ignore[attr-defined]
    messages: list[str] = []

    def on_console(msg: object) -> None:
        text = msg.text  # type: ignore[attr-defined]
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            messages.append(text)

    pg.on("console", on_console)  # type: ignore[attr-defined]
    return messages


def test_map_page_draws_under_the_policy(live: LiveServer, page: object) -> None:
    pg = page
    console = _watch(pg)
    answer = pg.goto(live.url + "/")  # type: ignore[attr-defined]
    assert "script-src 'self' 'nonce-" in answer.headers["content-security-policy"]
    pg.wait_for_selector("body[data-greenmap-ready='2']", timeout=15_000)  # type: ignore[attr-defined]
    assert pg.evaluate("window.GreenMap.drawn") == 7  # type: ignore[attr-defined]
    assert pg.locator(".leaflet-control-scale").count() == 1  # type: ignore[attr-defined]
    assert pg.evaluate("window.__cspViolations") == []  # type: ignore[attr-defined]
    assert console == []


def test_site_page_small_map_under_the_policy(live: LiveServer, page: object) -> None:
    pg = page
    console = _watch(pg)
    pg.goto(live.url + "/sites/synthetic_points:1")  # type: ignore[attr-defined]
    pg.wait_for_selector("#site-map .leaflet-interactive", timeout=15_000)  # type: ignore[attr-defined]
    assert pg.evaluate("window.__cspViolations") == []  # type: ignore[attr-defined]
    assert console == []


def test_sign_in_and_out_in_the_browser(live: LiveServer, page: object) -> None:
    pg = page
    console = _watch(pg)
    pg.goto(live.url + "/staff/sign-in?lang=en&next=/projects")  # type: ignore[attr-defined]
    pg.fill("#username", "lan.editor")  # type: ignore[attr-defined]
    pg.fill("#password", "wrong-password-x")  # type: ignore[attr-defined]
    pg.click("button[type=submit]")  # type: ignore[attr-defined]
    assert pg.locator("#sign-in-error").inner_text() == "Wrong user name or password."  # type: ignore[attr-defined]
    pg.fill("#password", PASSWORD)  # type: ignore[attr-defined]
    pg.click("button[type=submit]")  # type: ignore[attr-defined]
    pg.wait_for_url(live.url + "/projects")  # type: ignore[attr-defined]
    cookies = {c["name"]: c for c in pg.context.cookies()}  # type: ignore[attr-defined]
    assert cookies["session"]["httpOnly"] and cookies["session"]["sameSite"] == "Lax"
    assert "lan.editor" in pg.locator(".gm-staff-bar").inner_text()  # type: ignore[attr-defined]
    pg.click(".gm-sign-out button")  # type: ignore[attr-defined]
    pg.wait_for_url(live.url + "/")  # type: ignore[attr-defined]
    pg.goto(live.url + "/projects")  # type: ignore[attr-defined]
    assert pg.locator(".gm-staff-bar").count() == 0  # type: ignore[attr-defined]
    assert pg.evaluate("window.__cspViolations") == []  # type: ignore[attr-defined]
    assert console == []
