"""Sources whose terms every feature taken from them carries."""

from __future__ import annotations

#: OpenStreetMap data: licence and the attribution its licence requires.
OSM_LICENCE = "ODbL-1.0"
OSM_ATTRIBUTION = "© OpenStreetMap contributors, ODbL"
