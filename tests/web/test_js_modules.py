"""The map page's ES modules: small, free of hard-coded routes, markup built by one helper.

Every URL and label the scripts use comes from the config built in
``webmap/web/mapbuilder.py``; these tests read the scripts as text and check the
config against the app's own routes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import synthetic_layer, synthetic_point
from webmap import domain
from webmap.store import Store
from webmap.web import create_app, mapbuilder

JS = Path(__file__).resolve().parents[2] / "static" / "js"
MODULES = sorted(JS.glob("*.js"))
#: Path prefixes of the app's routes and outside hosts: none belongs in a script.
ROUTE_PREFIXES = ("/api", "/sites", "/plan", "/static", "http://", "https://", "//")
STRING = re.compile(r"""(["'`])((?:\\.|(?!\1).)*)\1""")
CONFIG = re.compile(r'<script type="application/json" id="gm-config">(.*?)</script>', re.S)
MINIMAP_CONFIG = re.compile(r"data-config='([^']*)'")


def _source(path: Path) -> str:
    """The script without its comments (they may mention routes to explain them)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"(?m)^\s*//.*$|\s//\s.*$", "", text)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    url = f"sqlite:///{tmp_path / 'greenmap.sqlite'}"
    Store(url).upgrade()
    return create_app({"DATABASE_URL": url})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def page_config(client: FlaskClient, lang: str = "vi") -> dict[str, object]:
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    match = CONFIG.search(html)
    assert match, "the map page carries its config as JSON"
    config: dict[str, object] = json.loads(match.group(1))
    return config


def test_the_old_single_script_is_gone_and_modules_are_small() -> None:
    names = {path.name for path in MODULES}
    assert "map.js" not in names
    assert {"main.js", "html.js", "api.js", "layers.js", "filters.js", "search.js"} <= names
    assert {"popups.js", "panel.js", "minimap.js", "controls.js"} <= names
    for path in MODULES:
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 200, f"{path.name} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_route_url_or_precision_rule_is_hard_coded(path: Path) -> None:
    strings = [match.group(2) for match in STRING.finditer(_source(path))]
    for text in strings:
        assert not text.startswith(ROUTE_PREFIXES), f"{path.name}: {text!r}"
        assert "/api/" not in text, f"{path.name}: {text!r}"
    # The approximate-precision rule comes from config.approximatePrecisions. One name alone
    # may appear for another reason ("district" is also a filter), a list of them may not.
    named = set(strings) & set(domain.APPROXIMATE_PRECISIONS)
    assert len(named) <= 1, f"{path.name} lists the approximate precisions {sorted(named)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_import_only_local_modules_that_exist(path: Path) -> None:
    source = _source(path)
    imports = re.findall(r"""^\s*import\s.*?from\s+["']([^"']+)["']""", source, re.M | re.S)
    assert "require(" not in source and "window.GreenMapControls" not in source
    for target in imports:
        assert target.startswith("./") and target.endswith(".js"), f"{path.name}: {target}"
        assert (JS / target).is_file(), f"{path.name} imports a missing {target}"


def test_markup_is_written_only_by_the_html_helper() -> None:
    writers = re.compile(r"\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write")
    for path in MODULES:
        found = writers.findall(_source(path))
        assert path.name == "html.js" or not found, f"{path.name} writes markup directly: {found}"
        assert "esc(" not in _source(path), f"{path.name} escapes by hand"


def test_main_module_documents_the_config_it_reads(client: FlaskClient) -> None:
    header = (JS / "main.js").read_text(encoding="utf-8").split("*/", 1)[0]
    config = page_config(client)
    for key in config:
        assert re.search(rf"\b{key}\b", header), f"main.js does not document config.{key}"
    for route in config["routes"]:  # type: ignore[attr-defined]
        assert re.search(rf"\b{route}\b", header), f"main.js does not document routes.{route}"
    assert "export function init" in (JS / "main.js").read_text(encoding="utf-8")


def test_page_loads_main_module_with_its_config(client: FlaskClient) -> None:
    html = client.get("/?lang=en").get_data(as_text=True)
    start = 'import { init, readConfig } from "/static/js/main.js";'
    assert re.search('<script type="module" nonce="[^"]+">' + re.escape(start), html)
    assert "/static/js/map.js" not in html and "/static/js/controls.js" not in html
    config = page_config(client, "en")
    assert config["lang"] == "en"
    assert config["approximatePrecisions"] == list(domain.APPROXIMATE_PRECISIONS)
    assert config["statuses"] == list(domain.STATUSES)
    strings = config["strings"]
    assert strings["map_details"] == "Details"  # type: ignore[index]


def test_every_route_in_the_config_is_one_of_the_apps(app: Flask, client: FlaskClient) -> None:
    routes = page_config(client)["routes"]
    assert isinstance(routes, dict)
    adapter = app.url_map.bind("localhost")
    for name, template in routes.items():
        path = re.sub(r"\{(\w+)\}", "x", template)
        endpoint, _ = adapter.match(path, method="GET")
        assert endpoint != "static", name
    assert routes["features"] == "/api/layers/{layer}/features"
    assert routes["sitePage"] == "/sites/{key}"
    assert routes["taskPage"] == "/plan/tasks/{code}"


def test_routes_follow_the_app_prefix(app: Flask) -> None:
    with app.test_request_context("/", base_url="http://localhost/greenmap"):
        routes = mapbuilder.routes()
    assert all(url.startswith("/greenmap/") for url in routes.values()), routes


def test_config_cannot_close_its_script_tag(app: Flask) -> None:
    with app.test_request_context("/"):
        script = mapbuilder._start_script({"text": "</script><b>"}, "m", "t")
    data = CONFIG.search(script)
    assert data and "</script" not in data.group(1)
    assert json.loads(data.group(1)) == {"text": "</script><b>"}


def test_site_page_hands_the_small_map_its_config(app: Flask, client: FlaskClient) -> None:
    store: Store = app.extensions["greenmap_store"]
    store.load_layer(synthetic_layer(), [synthetic_point(0)], checksum="a")
    html = client.get("/sites/synthetic_points:0").get_data(as_text=True)
    assert '<script type="module" src="/static/js/minimap.js">' in html
    match = MINIMAP_CONFIG.search(html)
    assert match, "the small map's element carries data-config"
    config = json.loads(match.group(1))
    assert config["approximatePrecisions"] == list(domain.APPROXIMATE_PRECISIONS)
    assert config["tiles"] == mapbuilder.OSM_TILES
    assert config["attribution"] == mapbuilder.OSM_ATTRIBUTION
