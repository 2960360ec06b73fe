"""Health: which backend runs, at which schema revision, and every layer's current version."""

from __future__ import annotations

from typing import Any

from webmap.store import Store, migrate


def health(store: Store) -> dict[str, Any]:
    """What ``/healthz`` and ``greenmap status`` report (``status`` is ``ok`` when current)."""
    store.ping()
    revision = store.revision()
    head = migrate.head_revision()
    return {
        "status": "ok" if revision == head else "outdated_schema",
        "backend": store.backend.name,
        "revision": revision,
        "head_revision": head,
        "layers": {
            layer.id: {"version": layer.current_version, "features": layer.feature_count}
            for layer in store.list_layers()
        },
    }
