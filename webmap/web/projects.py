"""The project tracker (/projects) and its downloads: parse the request, call core, render."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for

from webmap.core.projects import (
    PARAMETERS,
    Formatter,
    ProjectTable,
    filter_options,
    list_projects,
    next_sort,
    parse_project_query,
    projects_csv,
    projects_xlsx,
    sort_direction,
)
from webmap.domain import NO_STATUS, STATUSES
from webmap.web import get_store
from webmap.web.i18n import current_language, translate

bp = Blueprint("projects", __name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _args() -> dict[str, str]:
    """The tracker's parameters as given; a repeated one (``status=a&status=b``, as the
    form's check boxes send it) is joined with commas, as the map writes it."""
    out = {}
    for name in PARAMETERS:
        values = [v.strip() for v in request.args.getlist(name) if v.strip()]
        if values:
            out[name] = ",".join(values)
    return out


def _table() -> tuple[dict[str, str], ProjectTable]:
    args = _args()
    query = parse_project_query(args)
    return args, list_projects(get_store(), query.filter, query.sort)


def _formatter() -> Formatter:
    return Formatter(current_language(), translate)


def _site_link(key: str) -> str:
    return url_for("sites.site_page", key=key, _external=True)


@bp.get("/projects")
def projects_page() -> str:
    """One row per project, filtered and sorted by the query; totals; download links."""
    args, table = _table()
    return render_template(
        "projects.html",
        table=table,
        fmt=_formatter(),
        options=filter_options(get_store()),
        args=args,
        filter_args={k: v for k, v in args.items() if k != "sort"},
        statuses=(*STATUSES, NO_STATUS),
        next_sort=next_sort,
        sort_direction=sort_direction,
    )


def _download(body: bytes, content_type: str, extension: str) -> Response:
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="greenmap-projects.{extension}"'},
    )


@bp.get("/projects.csv")
def projects_csv_download() -> Response:
    """The rows shown on /projects with the same query, as CSV (UTF-8 with a BOM)."""
    _, table = _table()
    body = projects_csv(table, _formatter(), _site_link)
    return _download(body, "text/csv; charset=utf-8", "csv")


@bp.get("/projects.xlsx")
def projects_xlsx_download() -> Response:
    """The rows shown on /projects with the same query, as an Excel workbook."""
    _, table = _table()
    return _download(projects_xlsx(table, _formatter(), _site_link), XLSX_TYPE, "xlsx")
