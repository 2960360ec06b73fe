"""Errors raised by the ETL pipeline.

Every error names the layer, the pipeline step and, when known, the file,
row and field at fault, so that a GIS officer can find the problem in the
source data without reading Python.
"""

from __future__ import annotations

from pathlib import Path


class EtlError(Exception):
    """A problem with a layer spec or its source data.

    Attributes:
        message: What went wrong, in plain words.
        layer: Id of the layer being built (or the spec file name).
        step: Pipeline step (``spec``, ``read``, ``reproject``, ...).
        row: Source row (stable id when known, else 1-based row number).
        field: Column or spec key at fault.
        path: File at fault.
    """

    def __init__(
        self,
        message: str,
        *,
        layer: str,
        step: str,
        row: str | int | None = None,
        field: str | None = None,
        path: Path | str | None = None,
    ) -> None:
        self.message = message
        self.layer = layer
        self.step = step
        self.row = row
        self.field = field
        self.path = Path(path) if path is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [f"layer {self.layer!r}", f"step {self.step!r}"]
        if self.path is not None:
            parts.append(f"file {self.path}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return f"{self.message} ({', '.join(parts)})"
