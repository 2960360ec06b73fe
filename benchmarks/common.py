"""Helpers shared by the benchmark scripts (synthetic data only, named as such)."""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
sys.path.insert(0, str(ROOT))


def timed(func: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``func`` in milliseconds over ``repeat`` runs (after one warm-up)."""
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


@contextmanager
def postgis_url() -> Iterator[str]:
    """A throwaway PostGIS server (the one the tests use) with an empty database."""
    from tests.conftest import new_postgis_url
    from tests.postgis import start_server

    server = start_server()
    try:
        yield new_postgis_url(server.url("postgres"), template=None)
    finally:
        server.stop()


def machine() -> str:
    """One line describing the machine the numbers come from."""
    import os

    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def write_section(title: str, body: str) -> None:
    """Replace (or append) the section ``## title`` of docs/benchmarks.md."""
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks / Đo hiệu năng\n"
    marker = f"\n## {title}\n"
    section = f"{marker}\n{body.strip()}\n"
    if marker in text:
        head, _, rest = text.partition(marker)
        nxt = rest.find("\n## ")
        text = head + section + (rest[nxt:] if nxt >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n" + section
    RESULTS.write_text(text)
