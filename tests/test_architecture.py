"""The package direction of docs/architecture.md, enforced by import-linter.

The contracts live in ``[tool.importlinter]`` of pyproject.toml. The first test checks them on
the real packages. The others copy the same pyproject.toml into a small fixture tree with the
same package layout and show, one deliberate forbidden import at a time, that each contract
fails when it should, and that the clean fixture passes, so this test can fail both ways.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
# The console script installed beside this interpreter (``.venv/bin/lint-imports``).
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> dict[str, str]:
    """Contract id -> contract name, as declared in pyproject.toml."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def _lint_imports(packages_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` on the ``webmap`` and ``etl`` packages found in ``packages_dir``.

    The contracts are read from ``packages_dir/pyproject.toml`` (lint-imports looks in its
    working directory). import-linter imports the root packages from sys.path and puts its
    working directory first on it; PYTHONPATH says the same, so the packages analysed are the
    ones in ``packages_dir`` even though the real project is installed in the venv.
    """
    assert LINT_IMPORTS.exists(), (
        f"{LINT_IMPORTS} is missing: install the dev extras (pip install -e '.[dev]')"
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(packages_dir),
        "COLUMNS": "250",  # no wrapped contract names in the report
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=packages_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _verdicts(output: str) -> dict[str, str]:
    """Contract name -> ``KEPT`` or ``BROKEN`` from a lint-imports report."""
    verdicts = {}
    for name in _contracts().values():
        match = re.search(rf"^{re.escape(name)} (KEPT|BROKEN)\b", output, re.MULTILINE)
        assert match, f"contract {name!r} is not in the report:\n{output}"
        verdicts[name] = match.group(1)
    return verdicts


def test_real_packages_keep_the_contracts() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, (
        "An import breaks the package direction of docs/architecture.md; move the code or "
        f"the import, do not loosen the contract.\n{result.stdout}\n{result.stderr}"
    )


# The fixture: the allowed direction, web/cli -> core -> store -> dialects, core -> etl,
# store and etl -> domain, errors importable by all but the domain.
CLEAN_TREE = {
    "webmap/__init__.py": "",
    "webmap/errors.py": "",
    "webmap/settings.py": "",
    "webmap/domain/__init__.py": "",
    "webmap/domain/model.py": "",
    "webmap/store/__init__.py": "import webmap.domain\nimport webmap.errors\n",
    "webmap/store/features.py": "from webmap.store import dialects\nimport webmap.domain\n",
    "webmap/store/dialects/__init__.py": "import webmap.errors\n",
    "webmap/core/__init__.py": "",
    "webmap/core/features.py": "import webmap.store\nimport webmap.domain\nimport webmap.errors\n",
    "webmap/core/ingest.py": "import etl.pipeline\nimport webmap.store\n",
    "webmap/web/__init__.py": "import flask\nimport webmap.core.features\nimport webmap.store\n",
    "webmap/web/api.py": "import flask\nimport webmap.core.ingest\nimport webmap.settings\n",
    "webmap/cli.py": "import click\nimport webmap.core.ingest\nimport webmap.settings\n",
    "etl/__init__.py": "",
    "etl/pipeline.py": "import webmap.domain\nimport webmap.errors\n",
}

# (module added to the clean fixture, its one import, id of the contract it must break)
FORBIDDEN = {
    "store -> core": ("webmap/store/bad.py", "import webmap.core.features", "store"),
    "etl -> core": ("etl/bad.py", "from webmap.core import features", "etl"),
    "web -> etl": ("webmap/web/bad.py", "import etl.pipeline", "adapters"),
    "web view -> store": ("webmap/web/bad.py", "from webmap.store import features", "views"),
    "core -> dialects": ("webmap/core/bad.py", "import webmap.store.dialects", "dialects"),
    "core -> flask": ("webmap/core/bad.py", "from flask import request", "core"),
    "domain -> errors": ("webmap/domain/bad.py", "import webmap.errors", "domain"),
}


def _fixture(tmp_path: Path, extra: dict[str, str]) -> Path:
    """Write the fixture packages beside a copy of the real pyproject.toml; return their folder."""
    for relative, text in {**CLEAN_TREE, **extra}.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copyfile(PYPROJECT, tmp_path / "pyproject.toml")
    return tmp_path


def test_clean_fixture_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint_imports(_fixture(tmp_path, {}))
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    assert set(_verdicts(result.stdout).values()) == {"KEPT"}


@pytest.mark.parametrize("case", FORBIDDEN)
def test_forbidden_import_breaks_its_contract(tmp_path: Path, case: str) -> None:
    module, line, contract_id = FORBIDDEN[case]
    result = _lint_imports(_fixture(tmp_path, {module: line + "\n"}))
    report = f"{result.stdout}\n{result.stderr}"
    assert result.returncode != 0, f"{case} was not caught:\n{report}"
    verdicts = _verdicts(result.stdout)
    expected = _contracts()[contract_id]
    broken = sorted(name for name, verdict in verdicts.items() if verdict == "BROKEN")
    assert broken == [expected], f"{case}: expected only {expected!r} broken:\n{report}"
    importer = module.removesuffix(".py").replace("/", ".")
    assert f"{importer} ->" in result.stdout, f"the report does not name {importer}:\n{report}"


def test_every_contract_is_shown_breaking() -> None:
    shown = {contract_id for _, _, contract_id in FORBIDDEN.values()}
    assert shown == set(_contracts()), "add a FORBIDDEN case for each contract in pyproject.toml"
