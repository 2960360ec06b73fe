"""Docs kept honest: every `greenmap …` command they show exists, with the options they use."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from webmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND = re.compile(r"greenmap ((?:[a-z][a-z-]*\s?)+)((?:\s*--?[a-z][a-z-]*)*)")


def _shown_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for snippet in re.findall(r"`([^`]*greenmap [^`]*)`", doc.read_text()):
            for match in COMMAND.finditer(snippet):
                found.append((doc.name, match.group(0)))
    return found


@pytest.mark.parametrize(("doc", "command"), _shown_commands())
def test_documented_command_exists(doc: str, command: str) -> None:
    words = command.split()[1:]
    group: click.Command = main
    for word in words:
        if word.startswith("-"):
            options = {opt for p in group.params for opt in getattr(p, "opts", [])}
            assert word in options, f"{doc}: {command}: no option {word}"
        elif isinstance(group, click.Group) and word in group.commands:
            group = group.commands[word]
        else:
            break
    assert group is not main or not words, f"{doc}: {command}: unknown command"


def test_docs_show_commands() -> None:
    assert len(_shown_commands()) >= 10
