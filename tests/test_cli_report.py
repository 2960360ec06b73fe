"""`greenmap report YEAR -o FILE`: DOCX, XLSX and a self-contained HTML page; live or an
issued revision; a bad year, extension or revision is exit 2 with one line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document
from openpyxl import load_workbook

from tests.core.test_reports import fill
from webmap.cli import main
from webmap.core import reports
from webmap.store import Store


def _env(url: str, folder: Path) -> dict[str, str]:
    return {
        "GREENMAP_INSTANCE_PATH": str(folder),
        "GREENMAP_DATABASE_URL": url,
        "GREENMAP_DEFAULT_LANGUAGE": "en",
    }


@pytest.fixture
def env(store: Store, tmp_path: Path) -> dict[str, str]:
    """A filled store (synthetic project layer, progress, values) on each backend."""
    fill(store)
    return _env(store.url, tmp_path)


@pytest.fixture
def empty_env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'greenmap.sqlite'}"
    Store(url).upgrade()
    return _env(url, tmp_path)


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["report", *args], env=env)


def test_report_writes_each_format(env: dict[str, str], tmp_path: Path) -> None:
    for name in ("r.docx", "r.xlsx", "r.html"):
        done = run(env, "2025", "-o", str(tmp_path / name), "--lang", "vi")
        assert done.exit_code == 0, done.output
        assert f"Wrote the 2025 report (live data, vi) to {tmp_path / name}" in done.output
    doc = Document(str(tmp_path / "r.docx"))
    assert doc.paragraphs[0].text.endswith("tỉnh Bạc Liêu năm 2025")
    book = load_workbook(tmp_path / "r.xlsx")
    assert book["Nhiệm vụ"].max_row == 1 + 74
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.count('class="gm-report-group"') == 18 and "<style>" in page
    assert 'href="/static/css/report.css"' not in page  # styles inlined: the file stands alone
    assert "Kết quả thử 1.1" in page


def test_report_of_an_issued_revision(empty_env: dict[str, str], tmp_path: Path) -> None:
    store = Store(empty_env["GREENMAP_DATABASE_URL"])
    fill(store)
    issued = reports.issue(store, 2025, by="admin")
    out = tmp_path / "issued.docx"
    done = run(empty_env, "2025", "-o", str(out), "--issued", "1", "--lang", "en")
    assert done.exit_code == 0, done.output
    text = "\n".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "Issued revision 1" in text and issued["checksum"] in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2040", "-o", "r.docx"), "outside the plan period"),
        (("2022", "-o", "r.xlsx"), "outside the plan period"),
        (("2025", "-o", "r.pdf"), "the file must end in .docx, .xlsx, .html"),
        (("2025", "-o", "r.html", "--issued", "7"), "No issued report for 2025, revision 7"),
        (("twenty", "-o", "r.html"), "is not a valid integer"),
    ],
)
def test_bad_input_exits_2(
    empty_env: dict[str, str], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    year, flag, name, *rest = args
    done = run(empty_env, year, flag, str(tmp_path / name), *rest)
    assert done.exit_code == 2
    assert message in done.output
    assert not (tmp_path / name).exists()
    assert "Traceback" not in done.output
