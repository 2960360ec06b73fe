"""GreenMap's domain model: features, layers, statuses, precisions, task codes, text folding.

This package imports nothing else of ours; every other package may import it.
"""

from __future__ import annotations

from webmap.domain.model import FEATURE_FIELDS, Feature, Layer, RasterInfo, StatusEvent
from webmap.domain.sources import OSM_ATTRIBUTION, OSM_LICENCE
from webmap.domain.statuses import (
    APPROXIMATE_PRECISIONS,
    DATE_PRECISIONS,
    EXACT_PRECISIONS,
    NO_STATUS,
    PRECISIONS,
    ROLES,
    SERVICE_AREA,
    STATUSES,
    is_approximate,
    is_exact,
    unknown_statuses,
)
from webmap.domain.tasks import TASK_CODE_PATTERN, is_task_code, task_sort_key
from webmap.domain.text import fold, normalise, search_terms, strip_accents
from webmap.domain.themes import CAPACITY_FIELD, CAPACITY_THEME, CONTEXT_THEMES, THEMES

__all__ = [
    "CAPACITY_FIELD",
    "CAPACITY_THEME",
    "CONTEXT_THEMES",
    "THEMES",
    "APPROXIMATE_PRECISIONS",
    "DATE_PRECISIONS",
    "EXACT_PRECISIONS",
    "FEATURE_FIELDS",
    "NO_STATUS",
    "OSM_ATTRIBUTION",
    "OSM_LICENCE",
    "PRECISIONS",
    "ROLES",
    "SERVICE_AREA",
    "STATUSES",
    "TASK_CODE_PATTERN",
    "Feature",
    "Layer",
    "RasterInfo",
    "StatusEvent",
    "fold",
    "is_approximate",
    "is_exact",
    "is_task_code",
    "normalise",
    "search_terms",
    "strip_accents",
    "task_sort_key",
    "unknown_statuses",
]
