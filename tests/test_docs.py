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
            snippet = snippet.replace("\\|", "|").replace("[", " ").replace("]", " ")
            for match in COMMAND.finditer(snippet):
                found.append((doc.name, match.group(0)))
    return found


@pytest.mark.parametrize(("doc", "command"), _shown_commands())
def test_documented_command_exists(doc: str, command: str) -> None:
    words = command.split()[1:]
    current: click.Command = main
    takes_arguments = False
    expects_value = False
    for word in words:
        if expects_value:
            expects_value = False
        elif word.startswith("-"):
            options = {opt: p for p in current.params for opt in getattr(p, "opts", [])}
            assert word in options, f"{doc}: {command}: no option {word}"
            expects_value = not getattr(options[word], "is_flag", False)
        elif isinstance(current, click.Group) and word in current.commands:
            current = current.commands[word]
            takes_arguments = any(isinstance(p, click.Argument) for p in current.params)
        else:
            # A word that is no subcommand must be an argument of a command that takes one.
            assert takes_arguments, f"{doc}: {command}: unknown command {word!r}"


def test_docs_show_commands() -> None:
    assert len(_shown_commands()) >= 10
