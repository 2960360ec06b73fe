"""The ``greenmap`` command: set up the database, load data, serve the map, export."""

from __future__ import annotations

import functools
import getpass
import io
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from webmap.errors import BadRequest, GreenMapError, StoreError
from webmap.settings import load_settings
from webmap.store import Store, database_file

F = TypeVar("F", bound=Callable[..., Any])


def _lang() -> str:
    """The language of error messages: read straight from the environment, so that a
    broken setting is still reported in the language the user chose."""
    lang = os.environ.get("GREENMAP_DEFAULT_LANGUAGE", "vi")
    return lang if lang in ("vi", "en") else "vi"


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"greenmap: {message}", err=True)
    sys.exit(code)


def friendly_errors(func: F) -> F:
    """Turn known errors into one clear line on stderr and a non-zero exit, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GreenMapError as exc:
            _fail(exc.message(_lang()), exc.exit_code)

    return wrapper  # type: ignore[return-value]


def open_store(*, create_instance: bool = False, check: bool = True) -> Store:
    """The store named by the settings, optionally creating the instance folder first."""
    settings = load_settings()
    instance = Path(settings["INSTANCE_PATH"])
    if database_file(settings["DATABASE_URL"]) is not None:
        if create_instance:
            instance.mkdir(parents=True, exist_ok=True)
        elif not instance.is_dir():
            raise StoreError(
                f"Thư mục instance {instance} không tồn tại: chạy `greenmap init-db` trước.",
                f"The instance folder {instance} does not exist: run `greenmap init-db` first.",
            )
    store = Store(settings["DATABASE_URL"])
    if check:
        store.check_schema()
    return store


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="greenmap")
def main() -> None:
    """GreenMap: bản đồ Kế hoạch tăng trưởng xanh Bạc Liêu 2023–2030 (QĐ 148/QĐ-UBND).

    GreenMap: the web map of Bạc Liêu's Green Growth Action Plan 2023–2030.

    \b
    Typical first run / Lần chạy đầu:
      greenmap init-db        create or upgrade the database
      greenmap load plan      load the plan's 18 groups, 74 tasks and 2030 targets
      greenmap load layers    load every bundled map layer
      greenmap serve          serve the map at http://127.0.0.1:5000
    or simply `greenmap demo`, which does all four.

    The database is chosen by GREENMAP_DATABASE_URL (default: a SQLite file in
    the instance folder); see README for every GREENMAP_* setting.
    """


@main.command("init-db")
@friendly_errors
def init_db() -> None:
    """Create the database or upgrade it to this version's schema (safe to run twice)."""
    store = open_store(create_instance=True, check=False)
    store.ping()
    before = store.revision()
    store.upgrade()
    after = store.revision()
    state = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    click.echo(f"Database {store.safe_url} ({store.backend.name}): {state} revision {after}.")


@main.group("load")
def load() -> None:
    """Load the plan text or map layers into the database."""


@load.command("plan")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Plan text to load (default: the bundled copy of Decision 148/QĐ-UBND).",
)
@friendly_errors
def load_plan_cmd(path: Path | None) -> None:
    """Parse Decision 148/QĐ-UBND and store its groups, tasks and targets (idempotent)."""
    from webmap.core.plan import load_plan_into

    store = open_store()
    summary = load_plan_into(store, path)
    click.echo(summary)


@load.command("layers")
@click.argument("layer_ids", nargs=-1)
@click.option("--dry-run", is_flag=True, help="Run every step and report, but store nothing.")
@click.option("--by", "loaded_by", default=None, help="Who is loading (recorded in the history).")
@friendly_errors
def load_layers_cmd(layer_ids: tuple[str, ...], dry_run: bool, loaded_by: str | None) -> None:
    """Run the ETL pipeline for LAYER_IDS (default: every layer spec) and publish them.

    An officer's own file goes in with `greenmap import`, not here.
    """
    from webmap.core.ingest import load_one, select_specs

    store = None if dry_run else open_store()
    specs = select_specs(layer_ids)
    who = loaded_by or "etl"
    show_bar = sys.stderr.isatty() and len(specs) > 1
    with click.progressbar(
        specs,
        label="Loading layers",
        file=sys.stderr if show_bar else io.StringIO(),
        item_show_func=lambda s: s.id if s else "",
    ) as bar:
        for spec in bar:
            for line in load_one(store, spec, loaded_by=who):
                click.echo(line)


@main.command("import-osm")
@click.argument("extract", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--layers",
    "layer_ids",
    default="",
    help="Comma-separated layer ids (default: every layer whose spec has [[osm]] rules).",
)
@click.option("--by", "loaded_by", default=None, help="Who is importing (recorded).")
@friendly_errors
def import_osm_cmd(extract: Path, layer_ids: str, loaded_by: str | None) -> None:
    """Fill layers from an OpenStreetMap extract (.osm.pbf), clipped to the province.

    Download Geofabrik's vietnam-latest.osm.pbf (see docs/data.md). Features are
    keyed by OSM id, so importing a newer extract updates instead of duplicating;
    ODbL attribution is kept on every feature.
    """
    from webmap.core.ingest import import_osm_extract

    ids = [i.strip() for i in layer_ids.split(",") if i.strip()]
    for line in import_osm_extract(
        open_store(), extract, ids, loaded_by=loaded_by or getpass.getuser()
    ):
        click.echo(line)


@main.command("check-layers")
@friendly_errors
def check_layers() -> None:
    """Validate every layer spec under layers/ and list problems."""
    from webmap.core.ingest import check_specs

    problems = check_specs()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(2)
    click.echo("All layer specs are valid.")


@main.command("serve")
@click.option("--host", default=None, help="Address to listen on (default GREENMAP_HOST).")
@click.option("--port", type=int, default=None, help="Port (default GREENMAP_PORT).")
@click.option("--debug", is_flag=True, help="Reload on code changes (development only).")
@friendly_errors
def serve(host: str | None, port: int | None, debug: bool) -> None:
    """Serve the map with Flask's development server (use gunicorn in production)."""
    from webmap.web import create_app

    settings = load_settings()
    open_store()
    app = create_app()
    app.run(host=host or settings["HOST"], port=port or settings["PORT"], debug=debug)


@main.command("demo")
@click.option("--no-serve", is_flag=True, help="Load everything, then exit without serving.")
@friendly_errors
def demo(no_serve: bool) -> None:
    """init-db, load the plan and every bundled layer, then serve the map."""
    ctx = click.get_current_context()
    ctx.invoke(init_db)
    ctx.invoke(load_plan_cmd, path=None)
    ctx.invoke(load_layers_cmd, layer_ids=(), dry_run=False, loaded_by="demo")
    if not no_serve:
        ctx.invoke(serve, host=None, port=None, debug=False)


@main.command("export")
@click.option("--layer", "layer_id", required=True, help="Layer id to export.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["geojson", "gpkg", "csv"]),
    default="geojson",
    show_default=True,
    help="File format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@friendly_errors
def export(layer_id: str, fmt: str, output: Path) -> None:
    """Write a layer with status, tasks, source and licence to a file."""
    from webmap.core.exports import export_layer

    store = open_store()
    count = export_layer(store, layer_id, fmt, output)
    click.echo(f"Wrote {count} features of {layer_id} to {output}.")


@main.group("users")
def users() -> None:
    """Manage staff accounts: create, change role, disable, enable, list.

    \b
    Roles / Vai trò:
      viewer  may sign in; sees what every visitor sees
      editor  GIS staff: uploads, edits features and statuses, publishes
      admin   an editor who also manages accounts and restores layer versions

    A password is never given on the command line: `create` asks for it twice
    without showing it, or reads one line from standard input with --password-stdin
    (for scripts). User names: 3-32 characters, lower-case letters a-z, digits,
    dot, underscore, hyphen. Changes are recorded in the audit log. Passwords are
    stored as argon2id hashes; accounts made by older versions keep their password,
    rehashed with argon2id at their first sign-in.
    """


def _cli_actor() -> str:
    """Who changes accounts from the command line, for the audit log: ``cli:<login>``."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or asked twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(
        "Mật khẩu / Password", type=str, hide_input=True, confirmation_prompt=True, err=True
    )


@users.command("create")
@click.argument("username")
@click.option(
    "--role", required=True, metavar="viewer|editor|admin", help="What the account may do."
)
@click.option("--name", "display_name", default="", help="Full name shown in the staff area.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking.",
)
@friendly_errors
def users_create(username: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create an account; its password (10+ characters) is asked for twice."""
    from webmap.core.users import check_role, check_username, create_user

    name = check_username(username)
    check_role(role)
    store = open_store()
    password = _read_password(password_stdin)
    account = create_user(
        store, name, password, role=role, display_name=display_name, actor=_cli_actor()
    )
    click.echo(f"Created {account.role} {account.username}.")


@users.command("set-role")
@click.argument("username")
@click.argument("role", metavar="ROLE")
@friendly_errors
def users_set_role(username: str, role: str) -> None:
    """Give USERNAME another ROLE: viewer, editor or admin."""
    from webmap.core.users import set_role

    before = set_role(open_store(), username, role, actor=_cli_actor())
    click.echo(f"{username}: {before} -> {role}." if before != role else f"{username}: {role}.")


@users.command("disable")
@click.argument("username")
@friendly_errors
def users_disable(username: str) -> None:
    """Stop USERNAME signing in (a session open now ends at its next request)."""
    from webmap.core.users import set_active

    changed = set_active(open_store(), username, False, actor=_cli_actor())
    click.echo(f"Disabled {username}." if changed else f"{username} was already disabled.")


@users.command("enable")
@click.argument("username")
@friendly_errors
def users_enable(username: str) -> None:
    """Let a disabled USERNAME sign in again."""
    from webmap.core.users import set_active

    changed = set_active(open_store(), username, True, actor=_cli_actor())
    click.echo(f"Enabled {username}." if changed else f"{username} was already enabled.")


@users.command("list")
@friendly_errors
def users_list() -> None:
    """List accounts with role, state and last sign-in (UTC)."""
    from webmap.core.users import list_users

    rows = [("USERNAME", "NAME", "ROLE", "ACTIVE", "LAST SIGN-IN")]
    for user in list_users(open_store()):
        last = user["last_sign_in"]
        rows.append(
            (
                user["username"],
                user["display_name"],
                user["role"],
                "yes" if user["active"] else "no",
                last.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if last else "-",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _json_default(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


@main.command("status")
@friendly_errors
def status() -> None:
    """Show backend, schema revision and layer versions as JSON (like /healthz)."""
    from webmap.core.health import health

    report = health(open_store())
    body = {
        "backend": report["backend"],
        "revision": report["revision"],
        "checked_at": datetime.now(UTC),
        "layers": report["layers"],
    }
    click.echo(json.dumps(body, ensure_ascii=False, indent=2, default=_json_default))


def _import_fields(pairs: tuple[str, ...], targets: tuple[str, ...]) -> dict[str, str | None]:
    """``--field target=column`` options as a mapping (``target=`` maps nothing)."""
    out: dict[str, str | None] = {}
    for pair in pairs:
        target, sep, column = pair.partition("=")
        if not sep or target not in targets:
            raise BadRequest(
                f"--field {pair}: viết ĐÍCH=CỘT, ĐÍCH là một trong {', '.join(targets)}",
                f"--field {pair}: write TARGET=COLUMN, TARGET one of {', '.join(targets)}",
            )
        out[target] = column or None
    return out


def _import_report(path: Path, issues: list[Any], lang: str) -> None:
    """Each line of the report (the encoding conversion is already said by the notes)."""
    for issue in issues:
        if issue.code == "encoding_converted":
            continue
        message = issue.message_vi if lang == "vi" else issue.message_en
        where = f"{path.name}: row {issue.row}" + (f", field {issue.field}" if issue.field else "")
        value = f" [{issue.value}]" if issue.value else ""
        click.echo(f"{issue.level}: {where}{value}: {message}", err=True)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--layer", "layer_id", required=True, help="Layer id to import into.")
@click.option("--publish", is_flag=True, help="Publish at once (default: stage a draft).")
@click.option("--crs", default=None, help="CRS when the file has none: EPSG code, preset or WKT.")
@click.option(
    "--encoding",
    type=click.Choice(["auto", "utf-8", "tcvn3", "vni", "cp1258"]),
    default="auto",
    show_default=True,
    help="Text encoding of a Shapefile's DBF.",
)
@click.option("--sublayer", default=None, help="Layer of a GeoPackage / Shapefile in a zip.")
@click.option("--lon", default=None, help="CSV/XLSX: longitude column.")
@click.option("--lat", default=None, help="CSV/XLSX: latitude column.")
@click.option("--wkt", default=None, help="CSV/XLSX: WKT geometry column.")
@click.option("--field", "fields", multiple=True, help="TARGET=COLUMN, e.g. name_vi=ten.")
@click.option(
    "--mode",
    type=click.Choice(["merge", "replace"]),
    default="merge",
    show_default=True,
    help="merge adds and updates; replace also removes features absent from the file.",
)
@click.option(
    "--match-names", is_flag=True, help="Rows without an id update the feature of the same name."
)
@click.option(
    "--source", "source_name", required=True, help="Source of the data (who, what, when)."
)
@click.option("--licence", required=True, help="Licence of the data, e.g. CC-BY-4.0.")
@click.option("--attribution", default="", help="Attribution to show with the data.")
@click.option("--by", "loaded_by", default=None, help="Who is importing (recorded).")
@friendly_errors
def import_cmd(file: Path, layer_id: str, publish: bool, **opts: Any) -> None:
    """Import FILE (GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ, CSV/XLSX) into a layer.

    Rows are checked first; with any error nothing is stored and the exit code is 2.
    """
    from webmap.core import staff

    store = open_store()
    by = str(opts["loaded_by"] or _cli_actor())
    options = staff.ReadOptions(
        sublayer=opts["sublayer"],
        crs=opts["crs"],
        encoding=str(opts["encoding"]),
        lon=opts["lon"],
        lat=opts["lat"],
        wkt=opts["wkt"],
    )
    with file.open("rb") as stream:
        ref = staff.receive_upload(store, layer_id, file.name, stream, by=by)
    try:
        ref = staff.reinspect(ref.token, options, by=by)
        mapping = {c.target: c.column for c in staff.mapping_choices(store, ref)}
        mapping.update(_import_fields(opts["fields"], staff.FIELD_TARGETS))
        request = staff.ImportRequest(
            token=ref.token,
            options=options,
            mapping=mapping,
            provenance=staff.Provenance(
                str(opts["source_name"]), str(opts["licence"]), str(opts["attribution"])
            ),
            mode=str(opts["mode"]),
            match_names=bool(opts["match_names"]),
        )
        prepared = staff.prepare_import(store, request, by=by)
    finally:
        staff.discard_upload(ref.token, by=by)
    lang = _lang()
    for note in prepared.notes:
        click.echo(note, err=True)
    _import_report(file, prepared.issues, lang)
    if prepared.draft_id is None:
        click.echo(f"{file.name}: {prepared.errors} error(s); nothing stored.", err=True)
        sys.exit(2)
    view = staff.preview(store, prepared.draft_id, limit=0)
    counts = ", ".join(f"{k} {v}" for k, v in view.counts.items())
    if not publish:
        click.echo(
            f"{layer_id}: draft {prepared.draft_id} staged ({counts}); publish it at "
            f"/staff/drafts/{prepared.draft_id}"
        )
        return
    result = staff.publish(store, prepared.draft_id, by=by)
    click.echo(f"{layer_id}: version {result.version} published ({counts})")


#: What ``greenmap report`` writes, by the output file's extension.
REPORT_FORMATS = (".docx", ".xlsx", ".html")


def _report_html(data: dict[str, Any], lang: str) -> bytes:
    """The printable report page as one self-contained file (styles inlined, figure embedded),
    rendered by the web app's own template."""
    import secrets

    from flask import render_template

    from webmap.core.reports import html_context
    from webmap.domain.bundled import bundled_dir
    from webmap.web import create_app

    app = create_app({"SECRET_KEY": secrets.token_hex(16)})
    css = (bundled_dir("static") / "css" / "report.css").read_text(encoding="utf-8")
    with app.test_request_context(f"/reports/{data['year']}?lang={lang}"):
        page = render_template("report.html", **html_context(data, lang), standalone_css=css)
    return page.encode("utf-8")


@main.command("report")
@click.argument("year", type=int)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write: .docx (the report), .xlsx (its annex) or .html (printable page).",
)
@click.option(
    "--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="Language."
)
@click.option(
    "--issued", "revision", type=int, default=None, help="An issued revision instead of live data."
)
@friendly_errors
def report_cmd(year: int, output: Path, lang: str, revision: int | None) -> None:
    """Write the yearly report of YEAR (period 15 Nov of YEAR-1 to 14 Nov of YEAR).

    The report of section V.2 of Decision 148/QĐ-UBND: targets, task progress, projects that
    changed status, and a map. Live data unless --issued names a frozen revision.
    """
    from webmap.core import reports

    suffix = output.suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise BadRequest(
            f"{output.name}: cần đuôi {', '.join(REPORT_FORMATS)}.",
            f"{output.name}: the file must end in {', '.join(REPORT_FORMATS)}.",
        )
    reports.check_year(year)
    store = open_store()
    if revision is None:
        data = reports.report_data(store, year)
    else:
        data = reports.issued_data(store, year, revision)
    renderers = {".docx": reports.render_docx, ".xlsx": reports.render_xlsx, ".html": _report_html}
    output.write_bytes(renderers[suffix](data, lang))
    which = f"revision {revision}" if revision is not None else "live data"
    click.echo(f"Wrote the {year} report ({which}, {lang}) to {output}.")
