"""Where the bundled ``static/`` and ``layers/`` folders are (checkout or installed wheel).

The layer specs and the plan text under ``layers/`` are the declarative part of the domain.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_dir(name: str) -> Path:
    """The ``static`` or ``layers`` folder.

    In a source checkout (and an editable install) they sit beside the
    ``webmap`` package; a wheel carries them as ``webmap/_bundled/<name>``.
    """
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {name!r} not found next to {_PACKAGE}")
