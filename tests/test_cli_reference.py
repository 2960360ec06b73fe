"""docs/cli.md is the ``--help`` of every command, as docs/gen_cli_reference.py writes it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import click
import pytest

from webmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "docs" / "gen_cli_reference.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_cli_reference", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_current() -> None:
    generator = _generator()
    current = generator.OUTPUT.read_text(encoding="utf-8") if generator.OUTPUT.exists() else ""
    assert current == generator.render(), (
        f"docs/cli.md is stale: run `{generator.REGENERATE}` and commit the result"
    )


def test_cli_reference_ignores_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A narrow or a wide terminal writes the same text: the width is fixed, not measured."""
    generator = _generator()
    texts = set()
    for columns in ("40", "300"):
        monkeypatch.setenv("COLUMNS", columns)
        texts.add(generator.render())
    assert len(texts) == 1


def test_cli_reference_covers_every_command() -> None:
    def paths(command: click.Command, prefix: str) -> list[str]:
        found = [prefix]
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                if not sub.hidden:
                    found += paths(sub, f"{prefix} {name}")
        return found

    text = _generator().render()
    for path in paths(main, "greenmap"):
        assert f"## `{path}`\n" in text, f"{path} is missing from docs/cli.md"
