"""The one error family: every error a user can cause is a :class:`GreenMapError`.

Each carries an HTTP status, a stable code and a message in Vietnamese and in
English, always given in that order. The CLI prints one line and exits
non-zero (2 for a problem with the input, 1 for one with the server); the web
answers JSON for the API and an HTML page elsewhere. Anything else that
escapes is a bug and is allowed to show as one.
"""

from __future__ import annotations

import functools
from pathlib import Path


class GreenMapError(Exception):
    """An error whose message is safe to show to a user.

    Attributes:
        status: HTTP status code the web layer answers with.
        code: Short stable machine-readable code (``not_found``, ``bad_source`` ...).
        message_vi: Message in Vietnamese (shown first).
        message_en: Message in English.
        details: Extra facts for logs and JSON answers (never server paths).
    """

    status = 500
    code = "internal_error"

    def __init__(self, message_vi: str, message_en: str | None = None, **details: object) -> None:
        self.message_vi = message_vi
        self.message_en = message_en or message_vi
        self.details = details
        super().__init__(self.message_en)

    def message(self, lang: str) -> str:
        """Return the message in ``lang`` ("vi" or "en")."""
        return self.message_en if lang == "en" else self.message_vi

    @property
    def exit_code(self) -> int:
        """Exit status of the CLI: 2 for bad input (4xx), 1 for a server-side problem."""
        return 2 if self.status < 500 else 1


class BadRequest(GreenMapError):
    """The client sent a parameter we cannot use."""

    status = 400
    code = "bad_request"


class Forbidden(GreenMapError):
    """The signed-in user may not do this (an editor limited to other agencies' tasks)."""

    status = 403
    code = "forbidden"


class NotFound(GreenMapError):
    """The requested thing does not exist."""

    status = 404
    code = "not_found"


class Conflict(GreenMapError):
    """The request conflicts with what is stored (a key taken, a stale draft, a busy layer)."""

    status = 409
    code = "conflict"


class StoreError(GreenMapError):
    """The store cannot be used (unreachable, wrong revision, unknown backend)."""

    status = 503
    code = "store_unavailable"


class SettingsError(GreenMapError):
    """A ``GREENMAP_*`` setting has a value that cannot be used."""

    status = 500
    code = "bad_setting"

    @property
    def exit_code(self) -> int:
        return 2


class DataError(GreenMapError):
    """A layer spec or a source file cannot be used.

    The message names the layer, the pipeline step and, when known, the file,
    row and field at fault, so that a GIS officer can find the problem in the
    source data without reading Python. Only the file's name is shown, never
    its folder on the server.

    Attributes:
        layer: Id of the layer being built (or the spec file name).
        step: Pipeline step (``spec``, ``read``, ``reproject``, ...).
        row: Source row (stable id when known, else 1-based row number).
        field: Column or spec key at fault.
        path: File at fault.
    """

    status = 422
    code = "bad_source"

    def __init__(
        self,
        message_vi: str,
        message_en: str | None = None,
        *,
        layer: str,
        step: str,
        row: str | int | None = None,
        field: str | None = None,
        path: Path | str | None = None,
    ) -> None:
        self.layer = layer
        self.step = step
        self.row = row
        self.field = field
        self.path = Path(path) if path is not None else None
        self.plain_vi = message_vi
        self.plain_en = message_en or message_vi
        super().__init__(
            f"{self.plain_vi} ({self._where('vi')})",
            f"{self.plain_en} ({self._where('en')})",
            layer=layer,
            step=step,
            row=row,
            field=field,
        )

    def _where(self, lang: str) -> str:
        words = {
            "vi": ("lớp", "bước", "tệp", "dòng", "trường"),
            "en": ("layer", "step", "file", "row", "field"),
        }[lang]
        parts = [f"{words[0]} {self.layer!r}", f"{words[1]} {self.step!r}"]
        if self.path is not None:
            parts.append(f"{words[2]} {self.path.name}")
        if self.row is not None:
            parts.append(f"{words[3]} {self.row}")
        if self.field is not None:
            parts.append(f"{words[4]} {self.field!r}")
        return ", ".join(parts)


class SpecError(DataError):
    """A layer spec under ``layers/`` is invalid."""

    code = "bad_spec"


class RasterError(DataError):
    """A raster file cannot be used (no CRS, outside the province, corrupt)."""

    code = "bad_raster"


class PlanTextError(GreenMapError):
    """The plan text (or its English companion) is not what the parser expects.

    Attributes:
        group: Number of the task group at fault, if any.
        task: Code of the task at fault (``"13.3"``), if any.
        line: 1-based line of the plan text at fault, if any.
    """

    status = 422
    code = "bad_plan_text"

    def __init__(
        self,
        message_vi: str,
        message_en: str,
        *,
        group: int | None = None,
        task: str | None = None,
        line: int | None = None,
    ) -> None:
        self.group = group
        self.task = task
        self.line = line
        self.plain_vi = message_vi
        self.plain_en = message_en
        vi_where, en_where = self._where()
        line_vi = f" (dòng {line})" if line is not None else ""
        line_en = f" (line {line})" if line is not None else ""
        super().__init__(
            f"{vi_where}{message_vi}{line_vi}",
            f"{en_where}{message_en}{line_en}",
            group=group,
            task=task,
            line=line,
        )

    def _where(self) -> tuple[str, str]:
        prefix_vi = prefix_en = ""
        if self.group is not None:
            prefix_vi, prefix_en = f"Nhóm {self.group}", f"Group {self.group}"
            if self.task is not None:
                prefix_vi += f", nhiệm vụ {self.task}"
                prefix_en += f", task {self.task}"
        elif self.task is not None:
            prefix_vi, prefix_en = f"Nhiệm vụ {self.task}", f"Task {self.task}"
        if prefix_vi:
            prefix_vi, prefix_en = prefix_vi + ": ", prefix_en + ": "
        return prefix_vi, prefix_en

    def __str__(self) -> str:
        return f"{self.message_en} / {self.message_vi}"

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the keyword arguments (the default would call ``cls(message_en)``)."""
        rebuild = functools.partial(type(self), group=self.group, task=self.task, line=self.line)
        return (rebuild, (self.plain_vi, self.plain_en))
