"""Themes group layers in the map's panel and legend."""

from __future__ import annotations

#: Every theme, in panel order; a layer spec must name one of them.
THEMES: tuple[str, ...] = (
    "energy",
    "waste",
    "industry",
    "forest",
    "water",
    "grid",
    "places",
    "population",
    "boundaries",
)

#: Themes whose layers are reference context: never hidden by filters, never counted as projects.
CONTEXT_THEMES: tuple[str, ...] = ("boundaries",)

#: The theme the capacity range applies to, and the property it reads.
CAPACITY_THEME = "energy"
CAPACITY_FIELD = "capacity_mw"
