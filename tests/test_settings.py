"""Settings: every one documented in the README, bad values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from webmap.errors import SettingsError
from webmap.settings import SETTINGS, load_settings

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_readme_table(setting: object) -> None:
    rows = [line for line in README.read_text().splitlines() if line.startswith("| `GREENMAP_")]
    assert any(f"`{setting.env}`" in row for row in rows)  # type: ignore[attr-defined]


def test_readme_documents_no_setting_that_does_not_exist() -> None:
    rows = [line for line in README.read_text().splitlines() if line.startswith("| `GREENMAP_")]
    documented = {row.split("`")[1] for row in rows}
    assert documented == {s.env for s in SETTINGS}


def test_defaults_put_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    values = load_settings({"GREENMAP_INSTANCE_PATH": str(tmp_path)})
    assert values["DATABASE_URL"] == f"sqlite:///{tmp_path / 'greenmap.sqlite'}"
    assert values["PORT"] == 5000 and values["DEFAULT_LANGUAGE"] == "vi"


def test_database_url_wins(tmp_path: Path) -> None:
    url = "postgresql+psycopg://u@h/db"
    assert load_settings({"GREENMAP_DATABASE_URL": url})["DATABASE_URL"] == url


@pytest.mark.parametrize(
    ("env", "message"),
    [({"GREENMAP_PORT": "x"}, "GREENMAP_PORT"), ({"GREENMAP_DEFAULT_LANGUAGE": "fr"}, "vi or en")],
)
def test_bad_values_are_named(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_log_level_is_case_insensitive_and_checked() -> None:
    assert load_settings({"GREENMAP_LOG_LEVEL": "debug"})["LOG_LEVEL"] == "DEBUG"
    with pytest.raises(SettingsError, match="GREENMAP_LOG_LEVEL"):
        load_settings({"GREENMAP_LOG_LEVEL": "loud"})


def test_page_limit_cannot_exceed_the_maximum() -> None:
    with pytest.raises(SettingsError, match="GREENMAP_PAGE_LIMIT"):
        load_settings({"GREENMAP_PAGE_LIMIT": "50000", "GREENMAP_MAX_PAGE_LIMIT": "10000"})
