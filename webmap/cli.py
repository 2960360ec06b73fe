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

from webmap.errors import GreenMapError, StoreError
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
@click.option(
    "--source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Add or update features from this file (one layer id only), matched by their id "
    "column; features of the bundled sources and of OpenStreetMap imports stay.",
)
@click.option("--by", "loaded_by", default=None, help="Who is loading (recorded in the history).")
@friendly_errors
def load_layers_cmd(
    layer_ids: tuple[str, ...], dry_run: bool, source: Path | None, loaded_by: str | None
) -> None:
    """Run the ETL pipeline for LAYER_IDS (default: every layer spec) and publish them."""
    from webmap.core.ingest import load_one, select_specs

    if source is not None and len(layer_ids) != 1:
        raise click.UsageError("--source needs exactly one layer id")
    store = None if dry_run else open_store()
    specs = select_specs(layer_ids)
    who = loaded_by or getpass.getuser()
    show_bar = sys.stderr.isatty() and len(specs) > 1
    with click.progressbar(
        specs,
        label="Loading layers",
        file=sys.stderr if show_bar else io.StringIO(),
        item_show_func=lambda s: s.id if s else "",
    ) as bar:
        for spec in bar:
            for line in load_one(store, spec, source=source, loaded_by=who):
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
    ctx.invoke(load_layers_cmd, layer_ids=(), dry_run=False, source=None, loaded_by="demo")
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
    """Manage staff accounts (roles: viewer, editor, admin)."""


@users.command("list")
@friendly_errors
def users_list() -> None:
    """List accounts."""
    from webmap.core.users import list_users

    for user in list_users(open_store()):
        click.echo(f"{user['username']}\t{user['role']}\t{user['display_name']}")


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="editor")
@click.option("--name", "display_name", default="", help="Full name shown in the history.")
@click.password_option(help="Password (asked when not given).")
@friendly_errors
def users_add(username: str, role: str, display_name: str, password: str) -> None:
    """Create an account."""
    from webmap.core.users import add_user

    add_user(open_store(), username, password, role=role, display_name=display_name or username)
    click.echo(f"Created {role} {username}.")


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
