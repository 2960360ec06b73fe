"""Only store/dialects knows which database runs: nothing else tests a backend's name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_NAMES = {"sqlite", "postgresql", "postgis"}
#: Where backend names may be tested: the dialects, and each frozen migration's own DDL.
_ALLOWED = ("webmap/store/dialects/", "webmap/store/migrations/versions/")


def backend_checks(source: str) -> list[int]:
    """Lines that compare with a backend name or test a URL's scheme by its prefix."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Constant) and o.value in _NAMES for o in operands):
                found.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "startswith"
            and any(
                isinstance(a, ast.Constant) and str(a.value).startswith(tuple(_NAMES))
                for a in node.args
            )
        ):
            found.append(node.lineno)
    return found


def test_no_backend_name_checks_outside_the_dialects() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for folder in ("webmap", "etl")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if not str(path.relative_to(ROOT)).startswith(_ALLOWED)
        and (lines := backend_checks(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


@pytest.mark.parametrize(
    "source",
    [
        'if engine.dialect.name == "sqlite": pass',
        'ok = "postgresql" != backend.name',
        'if url.startswith("sqlite"): pass',
    ],
)
def test_the_check_sees_a_backend_test(source: str) -> None:
    assert backend_checks(source) == [1]


def test_the_check_passes_capability_code() -> None:
    assert backend_checks("if store.backend.bbox_filter_is_exact: pass") == []
