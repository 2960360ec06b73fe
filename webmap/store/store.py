"""The store: every read and write of GreenMap's data goes through :class:`Store`.

It is put together from one part per concern, each in its own module; backend
differences live in :mod:`webmap.store.dialects` and nowhere else.
"""

from __future__ import annotations

from webmap.store.drafts import DraftStore
from webmap.store.facets import FacetStore
from webmap.store.features import FeatureStore
from webmap.store.layers import LayerStore
from webmap.store.parts import PartStore
from webmap.store.plan import PlanStore
from webmap.store.progress import ProgressStore
from webmap.store.reports import ReportStore
from webmap.store.statuses import StatusStore


class Store(
    FeatureStore,
    LayerStore,
    StatusStore,
    DraftStore,
    PlanStore,
    FacetStore,
    PartStore,
    ProgressStore,
    ReportStore,
):
    """Access to the GreenMap database on either backend."""
