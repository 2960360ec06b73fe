"""The ETL depends on the domain model and the error family only, never on store, core or web."""

from __future__ import annotations

import ast
from pathlib import Path

ETL_DIR = Path(__file__).resolve().parents[2] / "etl"
ALLOWED = ("webmap.domain", "webmap.errors")


def _webmap_imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return [n for n in names if n == "webmap" or n.startswith("webmap.")]


def test_etl_imports_only_the_domain_and_the_errors() -> None:
    found = {p.name: _webmap_imports(p) for p in sorted(ETL_DIR.glob("*.py"))}
    assert any(found.values())
    wrong = {
        name: [m for m in modules if not any(m == a or m.startswith(f"{a}.") for a in ALLOWED)]
        for name, modules in found.items()
    }
    assert {name: modules for name, modules in wrong.items() if modules} == {}
