"""Crawl every page a visitor can reach from ``/`` and ``/plan`` with the bundled plan and
layers, in Vietnamese and in English, on both backends: every link works, and no page shows
a command line, a Python repr (``None``, ``False``, ``{'``, ``[]``) or a server path.

The crawl follows same-site links (plan, targets, task pages, site pages, the project table)
breadth-first, so the plan and every task page come before the long tail of site pages; it
stops at :data:`MAX_PAGES` pages per language.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from flask.testing import FlaskClient

from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import load_plan_into
from webmap.store import Store
from webmap.web import create_app

#: Pages per language; the plan, its targets and the 74 task pages come first.
MAX_PAGES = 200
START = ("/", "/plan")
#: Prefixes that are not pages for visitors (data, files) and are not followed.
NOT_PAGES = ("/api/", "/static/", "/healthz")
#: Anywhere in a page: a server path.
SERVER_PATHS = ("/work/", "/home/", "site-packages", "/usr/lib/", "/tmp/")
#: In the text a visitor reads: a command line, a Python repr.
COMMAND = re.compile(r"(?<![\w/])greenmap (?:load|import|export|serve|check|users?|plan)\b")
REPRS = ("{'", "'}", "[]", "datetime.", "Decimal(", "<built-in", "object at 0x")
BARE_VALUES = {"None", "False", "True", "nan", "NaN", "null", "undefined"}
#: Attributes whose text a visitor reads or hears.
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}


class _Page(HTMLParser):
    """The links of a page and the text a visitor reads (not scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if tag == "a" and name == "href" and value:
                self.links.append(value)
            if name in READ_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def _same_site(href: str, current: str) -> str | None:
    """The path (and query) of a link to a page of this site, else ``None``."""
    url, _ = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not url or "lang=" in parts.query:
        return None  # outside links, the language switch (each language is crawled alone)
    path = parts.path if parts.path.startswith("/") else None
    if path is None:
        path = urlsplit(current).path if not parts.path else None
    if path is None or path.startswith(NOT_PAGES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def problems(url: str, html: str, page: _Page) -> list[str]:
    """What a visitor should never see on ``url``."""
    found = [f"{url}: server path {p!r}" for p in SERVER_PATHS if p in html]
    for text in page.texts:
        if text in BARE_VALUES:
            found.append(f"{url}: bare {text!r}")
        found += [f"{url}: {r!r} in {text[:80]!r}" for r in REPRS if r in text]
        if COMMAND.search(text):
            found.append(f"{url}: command line in {text[:80]!r}")
    return found


def crawl(client: FlaskClient, lang: str) -> Iterator[tuple[str, str, _Page]]:
    """Pages breadth-first from :data:`START` in ``lang`` (kept by the language cookie)."""
    assert client.get(f"/?lang={lang}").status_code == 200
    queue, seen = deque(START), set(START)
    while queue and len(seen) - len(queue) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, f"{url} ({lang}) → {response.status_code}"
        if not response.mimetype.startswith("text/html"):
            continue
        html = response.get_data(as_text=True)
        page = _Page()
        page.feed(html)
        yield url, html, page
        for href in page.links:
            target = _same_site(href, url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)


@pytest.fixture
def client(store: Store) -> FlaskClient:
    """The app over the bundled plan and every bundled layer."""
    load_plan_into(store)
    for spec in select_specs([]):
        load_one(store, spec)
    return create_app({"DATABASE_URL": store.url}).test_client()


def _crawl_language(client: FlaskClient, lang: str) -> list[str]:
    visited: list[str] = []
    found: list[str] = []
    for url, html, page in crawl(client, lang):
        visited.append(url)
        assert f'<html lang="{lang}"' in html, f"{url} is not in {lang}"
        found += problems(url, html, page)
    kinds = {urlsplit(u).path.split("/")[1] or "/" for u in visited}
    assert {"/", "plan", "sites", "projects"} <= kinds, kinds
    assert "/plan/targets" in visited and "/plan/tasks/13.3" in visited
    assert sum(u.startswith("/plan/tasks/") for u in visited) >= 70  # every task page
    assert sum(u.startswith("/sites/") for u in visited) >= 30
    return found


def _api_texts(client: FlaskClient) -> list[str]:
    """The side panel renders these texts of /api/layers in the browser: same rules."""
    found = []
    for layer in client.get("/api/layers").get_json()["layers"]:
        for key in ("title", "description", "missing_data"):
            for lang in ("vi", "en"):
                text = layer.get(f"{key}_{lang}") or ""
                page = _Page()
                page.texts = [text]
                found += problems(f"/api/layers {layer['id']}.{key}_{lang}", text, page)
    return found


def test_no_page_shows_commands_reprs_or_server_paths(client: FlaskClient) -> None:
    """Both languages over one load of the bundled data (the load is the slow part)."""
    found = _crawl_language(client, "vi") + _crawl_language(client, "en") + _api_texts(client)
    assert not found, "\n".join(found[:30])


def test_the_checks_catch_what_they_look_for() -> None:
    page = _Page()
    page.feed(
        "<p>None</p><td>{'a': 1}</td><p>run `greenmap load layers x --source a.gpkg`</p>"
        "<p>/work/main/layers</p><p title='False'>GreenMap lets officials load layers</p>"
        "<script>if (x === null) { var y = []; }</script>"
    )
    found = problems("/x", "<p>/work/main/layers</p>", page)
    assert len(found) == 5, found  # None, {', the command, the path, the False title
    assert problems("/y", "<p>GreenMap</p>", _Page()) == []
    assert _same_site("/sites/a:b#map", "/plan") == "/sites/a:b"
    assert _same_site("?lang=en", "/plan") is None
    assert _same_site("https://example.org/", "/plan") is None
    assert _same_site("/api/layers", "/plan") is None
