"""A throwaway PostgreSQL + PostGIS server for the test session, from the system's binaries.

Set ``GREENMAP_TEST_POSTGIS_URL`` to use an existing server instead (a database
the tests may create databases beside). Under ``CI=true`` a missing PostGIS is
a failure, never a skip.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa


class PostGISUnavailable(RuntimeError):
    """No PostgreSQL with PostGIS could be started."""


def _pg_bindir() -> Path:
    """The newest PostgreSQL bin folder whose share folder has the PostGIS extension."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        version = Path(bindir).parent.name
        if Path(f"/usr/share/postgresql/{version}/extension/postgis.control").exists():
            return Path(bindir)
    raise PostGISUnavailable(
        "PostgreSQL with PostGIS not found under /usr/lib/postgresql "
        "(install postgresql and postgresql-postgis, or run `make test`, which does)"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@dataclass
class PostGISServer:
    """A running throwaway server reachable through a Unix socket."""

    root: Path
    bindir: Path
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.root / "data"),
                    "-m",
                    "immediate",
                    "stop",
                ]
            ),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PostGISServer:
    """initdb + pg_ctl start in a fresh temporary folder (fsync off: test data only)."""
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="greenmap-pg-"))
    (root / "sock").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "sock", "postgres")
    port = _free_port()
    init = subprocess.run(
        _as_postgres(
            [
                str(bindir / "initdb"),
                "-D",
                str(root / "data"),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if init.returncode != 0:
        raise PostGISUnavailable(f"initdb failed: {init.stderr.strip()}")
    options = (
        f"-p {port} -k {root / 'sock'} -c listen_addresses='' -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    start = subprocess.run(
        _as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(root / "data"),
                "-o",
                options,
                "-l",
                str(root / "server.log"),
                "-w",
                "start",
            ]
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    if start.returncode != 0:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        raise PostGISUnavailable(f"PostgreSQL did not start: {start.stderr.strip()} {log}")
    return PostGISServer(root, bindir, port)


def admin_engine(url: str) -> sa.Engine:
    """An autocommit engine for CREATE/DROP DATABASE."""
    return sa.create_engine(url, isolation_level="AUTOCOMMIT")
