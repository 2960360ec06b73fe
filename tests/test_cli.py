"""The greenmap command: set-up, friendly errors and help texts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import new_postgis_url
from webmap.cli import main


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the installed entry point as a user would, in a separate process."""
    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "webmap", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


def test_init_db_twice_on_sqlite(tmp_path: Path) -> None:
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst")}
    first = run_cli(["init-db"], env)
    assert first.returncode == 0, first.stderr
    assert "upgraded from empty to revision 0005" in first.stdout
    second = run_cli(["init-db"], env)
    assert second.returncode == 0 and "already at revision 0005" in second.stdout
    assert (tmp_path / "inst" / "greenmap.sqlite").exists()


def test_init_db_twice_on_postgis(postgis_admin_url: str) -> None:
    url = new_postgis_url(postgis_admin_url, template=None)
    first = run_cli(["init-db"], {"GREENMAP_DATABASE_URL": url})
    assert first.returncode == 0, first.stderr
    assert "(postgresql): upgraded from empty to revision 0005" in first.stdout
    second = run_cli(["init-db"], {"GREENMAP_DATABASE_URL": url})
    assert "(postgresql): already at revision 0005" in second.stdout


@pytest.mark.parametrize(
    ("env", "args", "message"),
    [
        (
            {"GREENMAP_DATABASE_URL": "mysql://x@localhost/db", "GREENMAP_DEFAULT_LANGUAGE": "en"},
            ["init-db"],
            "Unsupported database 'mysql'",
        ),
        ({"GREENMAP_DATABASE_URL": "not a url"}, ["init-db"], "không hợp lệ"),
        (
            {
                "GREENMAP_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/x?connect_timeout=2",
                "GREENMAP_DEFAULT_LANGUAGE": "en",
            },
            ["init-db"],
            "Cannot connect to the database",
        ),
        (
            {
                "GREENMAP_INSTANCE_PATH": "/nonexistent/greenmap-instance",
                "GREENMAP_DEFAULT_LANGUAGE": "en",
            },
            ["serve"],
            "run `greenmap init-db` first",
        ),
        ({"GREENMAP_PORT": "eighty"}, ["serve"], "GREENMAP_PORT phải là số nguyên"),
        (
            {"GREENMAP_PORT": "eighty", "GREENMAP_DEFAULT_LANGUAGE": "en"},
            ["serve"],
            "GREENMAP_PORT must be a whole number",
        ),
    ],
)
def test_bad_setup_gives_one_clear_line(env: dict[str, str], args: list[str], message: str) -> None:
    result = run_cli(args, env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_serve_refuses_an_outdated_database(tmp_path: Path) -> None:
    (tmp_path / "inst").mkdir()
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst"), "GREENMAP_DEFAULT_LANGUAGE": "en"}
    result = run_cli(["serve", "--port", "5999"], env)
    assert result.returncode == 1
    assert "schema revision none" in result.stderr and "run `greenmap init-db`" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init-db"],
        ["load"],
        ["load", "plan"],
        ["load", "layers"],
        ["serve"],
        ["demo"],
        ["export"],
        ["users"],
        ["check-layers"],
    ],
)
def test_every_command_has_useful_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: main" in result.output or "Usage: greenmap" in result.output
    doc_lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(doc_lines) >= 4


def test_load_plan_is_idempotent_and_refuses_a_mangled_copy(tmp_path: Path) -> None:
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst")}
    assert run_cli(["init-db"], env).returncode == 0
    plan = (
        Path(__file__).resolve().parents[1]
        / "layers/plan/qd-148-2024-bac-lieu-green-growth-plan.txt"
    )
    mangled = tmp_path / "mangled.txt"
    mangled.write_text(
        "".join(line for line in plan.read_text().splitlines(True) if not line.startswith("13.5."))
    )
    refused = run_cli(["load", "plan", "--file", str(mangled)], env)
    assert refused.returncode == 2
    assert "Nhóm 13" in refused.stderr and "Traceback" not in refused.stderr
    first = run_cli(["load", "plan"], env)
    assert "Loaded plan 148/QĐ-UBND: 18 groups, 74 tasks" in first.stdout, first.stderr
    again = run_cli(["load", "plan"], env)
    assert "unchanged" in again.stdout
    refused_after = run_cli(["load", "plan", "--file", str(mangled)], env)
    assert refused_after.returncode == 2
    assert "unchanged" in run_cli(["load", "plan"], env).stdout


def test_import_osm_twice_updates_instead_of_duplicating(tmp_path: Path) -> None:
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst"), "GREENMAP_DEFAULT_LANGUAGE": "en"}
    assert run_cli(["init-db"], env).returncode == 0
    extract = Path(__file__).resolve().parent / "data" / "synthetic_bac_lieu.osm"
    first = run_cli(["import-osm", str(extract)], env)
    assert first.returncode == 0, first.stderr
    added = [line for line in first.stdout.splitlines() if "(+" in line and "(+0" not in line]
    assert added, first.stdout
    second = run_cli(["import-osm", str(extract)], env)
    assert all("unchanged" in line for line in second.stdout.splitlines()), second.stdout
    missing = run_cli(["import-osm", str(extract), "--layers", "places,nope"], env)
    assert missing.returncode == 2 and "nope" in missing.stderr


def test_import_refuses_a_far_away_file_and_leaves_published_data(tmp_path: Path) -> None:
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst"), "GREENMAP_DEFAULT_LANGUAGE": "en"}
    assert run_cli(["init-db"], env).returncode == 0
    assert run_cli(["load", "layers", "waste_sites"], env).returncode == 0
    far_away = tmp_path / "sites.geojson"  # synthetic polygon near Hà Nội, far outside
    far_away.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"ma": "x1", "ten": "Khu thử"}, "geometry": {"type": "Polygon", '
        '"coordinates": [[[105.8, 21.0], [105.81, 21.0], [105.81, 21.01], [105.8, 21.0]]]}}]}'
    )
    before = run_cli(["export", "--layer", "waste_sites", "-o", str(tmp_path / "a.geojson")], env)
    assert before.returncode == 0
    args = ["import", str(far_away), "--layer", "waste_sites", "--publish"]
    result = run_cli([*args, "--source", "synthetic", "--licence", "CC0-1.0"], env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "sites.geojson: row 1" in result.stderr and "outside" in result.stderr
    assert "nothing stored" in result.stderr
    run_cli(["export", "--layer", "waste_sites", "-o", str(tmp_path / "b.geojson")], env)
    assert (tmp_path / "a.geojson").read_bytes() == (tmp_path / "b.geojson").read_bytes()
    dry = run_cli(["load", "layers", "districts", "--dry-run"], env)
    assert "dry run, 7 features, nothing stored" in dry.stdout
    assert '"districts"' not in run_cli(["status"], env).stdout


def test_import_a_csv_merges_and_a_second_import_keeps_the_first(tmp_path: Path) -> None:
    """Two synthetic CSVs into water works: the second adds, it does not remove the first."""
    env = {"GREENMAP_INSTANCE_PATH": str(tmp_path / "inst"), "GREENMAP_DEFAULT_LANGUAGE": "en"}
    assert run_cli(["init-db"], env).returncode == 0
    assert run_cli(["load", "plan"], env).returncode == 0
    assert run_cli(["load", "layers", "water_works"], env).returncode == 0
    provenance = ["--source", "Synthetic test file", "--licence", "CC0-1.0", "--crs", "wgs84"]
    for name, lon in (("first", 105.70), ("second", 105.75)):
        path = tmp_path / f"{name}.csv"
        path.write_text(f"ten,lon,lat\nTrạm thử {name},{lon},9.29\n", encoding="utf-8")
        result = run_cli(
            ["import", str(path), "--layer", "water_works", "--publish", *provenance], env
        )
        assert result.returncode == 0, result.stderr
        assert "published (added 1, changed 0, removed 0, kept 0)" in result.stdout
    out = tmp_path / "w.csv"
    run_cli(["export", "--layer", "water_works", "--format", "csv", "-o", str(out)], env)
    text = out.read_text(encoding="utf-8-sig")
    assert "Trạm thử first" in text and "Trạm thử second" in text
    assert "Synthetic test file" in text and "OpenStreetMap" not in text
    no_coords = tmp_path / "n.csv"
    no_coords.write_text("ten,ghi_chu\nTrạm thử,=1+2\n", encoding="utf-8")
    bad = run_cli(
        ["import", str(no_coords), "--layer", "water_works", "--field", "nope=x", *provenance], env
    )
    assert bad.returncode == 2 and "--field nope=x" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
