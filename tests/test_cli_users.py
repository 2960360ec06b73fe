"""`greenmap users`: create (password asked or on stdin), set-role, disable, enable, list."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from webmap.cli import main
from webmap.core.users import authenticate
from webmap.store import Store

PASSWORD = "synthetic-pass-1"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'greenmap.sqlite'}"
    Store(url).upgrade()
    return {
        "GREENMAP_INSTANCE_PATH": str(tmp_path),
        "GREENMAP_DATABASE_URL": url,
        "GREENMAP_DEFAULT_LANGUAGE": "en",
    }


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["users", *args], input=stdin, env=env)


def test_create_reads_the_password_from_stdin(env: dict[str, str]) -> None:
    made = run(
        env, "create", "lan.editor", "--role", "editor", "--name", "Nguyễn Thị Lan",
        "--password-stdin", stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert "Created editor lan.editor." in made.output and PASSWORD not in made.output
    store = Store(env["GREENMAP_DATABASE_URL"])
    row = store.get_user("lan.editor")
    assert row is not None and row["password_hash"].startswith("$argon2id$")
    assert row["display_name"] == "Nguyễn Thị Lan"
    assert authenticate(store, "lan.editor", PASSWORD, remote_addr=None) is not None
    entry = store.audit_entries(entity="user", entity_id="lan.editor")[-1]
    assert entry["action"] == "user.create" and entry["actor"].startswith("cli")


def test_create_asks_twice_without_echo(env: dict[str, str]) -> None:
    made = run(env, "create", "hoa.admin", "--role", "admin", stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    assert "Password" in made.output and "Repeat for confirmation" in made.output
    assert PASSWORD not in made.output  # hidden input is not echoed
    mismatch = run(
        env, "create", "hoa.two", "--role", "admin", stdin=f"{PASSWORD}\nother-pass-22\n"
    )
    assert "do not match" in mismatch.output.lower()


def test_there_is_no_password_option() -> None:
    result = CliRunner().invoke(main, ["users", "create", "--help"])
    assert "--password-stdin" in result.output
    assert "--password " not in result.output and "--password\n" not in result.output
    for name in ("create", "set-role", "disable", "enable", "list"):
        assert name in main.commands["users"].commands  # type: ignore[attr-defined]
    assert "add" not in main.commands["users"].commands  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["create", "Bad Name", "--role", "editor", "--password-stdin"], PASSWORD, "user name"),
        (["create", ".lan", "--role", "editor", "--password-stdin"], PASSWORD, "user name"),
        (["create", "lan.x", "--role", "owner", "--password-stdin"], PASSWORD, "Unknown role"),
        (["create", "lan.x", "--role", "editor", "--password-stdin"], "short", "10 characters"),
        (["set-role", "nobody.here", "admin"], None, "No user nobody.here"),
        (["disable", "nobody.here"], None, "No user nobody.here"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    env: dict[str, str], args: list[str], stdin: str | None, message: str
) -> None:
    result = run(env, *args, stdin=stdin)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_bad_role_in_vietnamese(env: dict[str, str]) -> None:
    run(env, "create", "lan.editor", "--role", "editor", "--password-stdin", stdin=PASSWORD)
    result = run({**env, "GREENMAP_DEFAULT_LANGUAGE": "vi"}, "set-role", "lan.editor", "chief")
    assert result.exit_code == 2 and "Vai trò không hợp lệ" in result.output


def test_taken_name_is_a_conflict(env: dict[str, str]) -> None:
    first = run(env, "create", "lan.editor", "--role", "editor", "--password-stdin", stdin=PASSWORD)
    assert first.exit_code == 0
    again = run(env, "create", "lan.editor", "--role", "viewer", "--password-stdin", stdin=PASSWORD)
    assert again.exit_code == 2 and "already exists" in again.output


def test_set_role_disable_enable_and_list(env: dict[str, str]) -> None:
    for name, role in (("lan.editor", "editor"), ("thu.viewer", "viewer")):
        made = run(env, "create", name, "--role", role, "--password-stdin", stdin=PASSWORD)
        assert made.exit_code == 0, made.output
    store = Store(env["GREENMAP_DATABASE_URL"])
    assert authenticate(store, "lan.editor", PASSWORD, remote_addr="192.0.2.9") is not None
    promoted = run(env, "set-role", "lan.editor", "admin")
    assert promoted.exit_code == 0 and "lan.editor: editor -> admin." in promoted.output
    assert run(env, "disable", "thu.viewer").output.strip() == "Disabled thu.viewer."
    assert "already disabled" in run(env, "disable", "thu.viewer").output
    listed = run(env, "list").output.splitlines()
    assert listed[0].split() == ["USERNAME", "NAME", "ROLE", "ACTIVE", "LAST", "SIGN-IN"]
    lan = listed[1].split()
    assert lan[:4] == ["lan.editor", "lan.editor", "admin", "yes"] and lan[4][:2] == "20"
    assert listed[2].split() == ["thu.viewer", "thu.viewer", "viewer", "no", "-"]
    assert authenticate(store, "thu.viewer", PASSWORD, remote_addr=None) is None
    assert run(env, "enable", "thu.viewer").output.strip() == "Enabled thu.viewer."
    assert authenticate(store, "thu.viewer", PASSWORD, remote_addr=None) is not None
    actions = [e["action"] for e in store.audit_entries(entity="user", entity_id="thu.viewer")]
    assert actions[:3] == ["auth.sign_in", "user.enable", "auth.sign_in_failed"]
    assert "user.disable" in actions
