"""Docs kept honest: every `greenmap …` command they show exists, with the options they use."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from webmap.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
COMMAND = re.compile(r"greenmap ((?:[a-z][a-z-]*\s?)+)((?:\s*--?[a-z][a-z-]*)*)")


def _shown_commands() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for snippet in re.findall(r"`([^`]*greenmap [^`]*)`", doc.read_text()):
            snippet = snippet.replace("\\|", "|").replace("[", " ").replace("]", " ")
            for match in COMMAND.finditer(snippet):
                found.append((doc.name, match.group(0)))
    return found


@pytest.mark.parametrize(("doc", "command"), _shown_commands())
def test_documented_command_exists(doc: str, command: str) -> None:
    words = command.split()[1:]
    current: click.Command = main
    takes_arguments = False
    expects_value = False
    for word in words:
        if expects_value:
            expects_value = False
        elif word.startswith("-"):
            options = {opt: p for p in current.params for opt in getattr(p, "opts", [])}
            assert word in options, f"{doc}: {command}: no option {word}"
            expects_value = not getattr(options[word], "is_flag", False)
        elif isinstance(current, click.Group) and word in current.commands:
            current = current.commands[word]
            takes_arguments = any(isinstance(p, click.Argument) for p in current.params)
        else:
            # A word that is no subcommand must be an argument of a command that takes one.
            assert takes_arguments, f"{doc}: {command}: unknown command {word!r}"


def test_docs_show_commands() -> None:
    assert len(_shown_commands()) >= 10


# -- docs/gis-staff.md: the GIS officer's walk-through --------------------------------------------

STAFF_DOC = ROOT / "docs" / "gis-staff.md"
#: A path of the staff area as the guide writes it: ``/staff/…`` (not ``/api/staff/…``).
STAFF_PATH = re.compile(r"(?<![\w/])/staff(?:/[^\s`)\]\"'*,]*)?")
#: A ``greenmap import`` / ``greenmap users …`` command in the guide, up to the end of its line.
STAFF_COMMAND = re.compile(
    r"greenmap (import|users (?:create|set-role|disable|enable|list))(?![\w-])([^`\n]*)"
)


def _staff_text() -> str:
    """The guide with shell line continuations joined, so a command is on one line."""
    return STAFF_DOC.read_text(encoding="utf-8").replace("\\\n", " ")


@pytest.fixture(scope="module")
def app_rules(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, set[str], str]]:
    """Every URL rule of the app with its methods and the module of its view."""
    from webmap.store import Store
    from webmap.web import create_app

    folder = tmp_path_factory.mktemp("docs")
    store = Store(f"sqlite:///{folder / 'greenmap.sqlite'}")
    store.upgrade()
    app = create_app({"DATABASE_URL": store.url, "DATA_PATH": str(folder / "data")})
    rules = [
        (r.rule, set(r.methods or ()), app.view_functions[r.endpoint].__module__)
        for r in app.url_map.iter_rules()
    ]
    store.dispose()
    return rules


@pytest.fixture(scope="module")
def staff_rules(app_rules: list[tuple[str, set[str], str]]) -> list[tuple[str, set[str]]]:
    """Every ``/staff`` URL rule of the app with its methods."""
    return [(rule, methods) for rule, methods, _ in app_rules if rule.startswith("/staff")]


def _rule_pattern(rule: str) -> re.Pattern[str]:
    """A rule as a regex: a ``<converter:name>`` part matches ``<placeholder>`` or a value."""
    parts = re.split(r"<[^>]+>", rule)
    value = r"(?:<[^<>/\s]+>|[\w.:%-]+)"
    return re.compile(value.join(re.escape(p) for p in parts))


def _documented_paths() -> set[str]:
    return {m.group(0).rstrip(".:;") for m in STAFF_PATH.finditer(_staff_text())}


def test_staff_guide_exists_and_is_bilingual() -> None:
    text = STAFF_DOC.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert len(headings) >= 9, headings
    # Every section is Vietnamese first, then English.
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        assert "**English.**" in section, section.splitlines()[0]
        assert section.index("**English.**") > 200, section.splitlines()[0]


def test_staff_guide_images_exist_and_are_all_used() -> None:
    text = STAFF_DOC.read_text(encoding="utf-8")
    linked = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert len(linked) >= 10
    for link in linked:
        assert (STAFF_DOC.parent / link).is_file(), f"gis-staff.md links a missing image {link}"
    made = {p.name for p in (ROOT / "docs" / "img").glob("staff-*.png")}
    assert made == {Path(link).name for link in linked}, "screenshots made but not shown"
    for name in made:
        assert (ROOT / "docs" / "img" / name).stat().st_size < 250 * 1024, name


def test_staff_guide_pages_exist(staff_rules: list[tuple[str, set[str]]]) -> None:
    """Every /staff path the guide names is a route of the app."""
    patterns = [_rule_pattern(rule) for rule, _ in staff_rules]
    paths = _documented_paths()
    assert len(paths) >= 10
    for path in paths:
        assert any(p.fullmatch(path) for p in patterns), f"gis-staff.md: no page {path}"


#: The module of the staff views of plan progress, targets and reports (docs/reporting.md).
PROGRESS_VIEWS = "webmap.web.staff.progress"


def _pages(app_rules: list[tuple[str, set[str], str]], prefix: str) -> list[tuple[str, str]]:
    """(rule, view module) of every page under ``prefix``: a GET rule that is not a data file."""
    return [
        (rule, module)
        for rule, methods, module in app_rules
        if rule.startswith(prefix) and "GET" in methods and "." not in rule.rsplit("/", 1)[-1]
    ]


def _named(rule: str, paths: set[str]) -> bool:
    pattern = _rule_pattern(rule)
    return any(pattern.fullmatch(p) for p in paths)


def test_staff_guide_walks_through_every_page(
    app_rules: list[tuple[str, set[str], str]],
) -> None:
    """Every staff page is named in a guide: the GIS staff's in gis-staff.md, plan progress's
    (task progress, targets, weights and agencies) in reporting.md."""
    pages = _pages(app_rules, "/staff")
    assert len(pages) >= 12
    staff_paths, reporting_paths = _documented_paths(), _reporting_paths()
    progress_pages = [rule for rule, module in pages if module == PROGRESS_VIEWS]
    assert {"/staff/progress", "/staff/targets", "/staff/progress/settings"} <= set(progress_pages)
    for rule, module in pages:
        if module == PROGRESS_VIEWS:
            assert _named(rule, reporting_paths), f"reporting.md never mentions {rule}"
        else:
            assert _named(rule, staff_paths), f"gis-staff.md never mentions {rule}"


def _help_options(command: str) -> set[str]:
    """The options ``greenmap <command> --help`` lists."""
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [*command.split(), "--help"])
    assert result.exit_code == 0, result.output
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", result.output))


def _allowed_values(command: str) -> dict[str, set[str]]:
    """The values an option of ``command`` accepts, where the CLI fixes them."""
    from etl.uploads import CRS_PRESETS
    from webmap.core.users import ROLES

    current: click.Command = main
    for word in command.split():
        assert isinstance(current, click.Group)
        current = current.commands[word]
    allowed = {
        f"--{p.name.replace('_', '-')}": set(p.type.choices)
        for p in current.params
        if isinstance(p.type, click.Choice)
    }
    allowed["--role"] = set(ROLES)
    allowed["--crs"] = set(CRS_PRESETS)
    return allowed


def _check_values(
    command: str, rest: str, allowed: dict[str, set[str]], doc: str = "gis-staff.md"
) -> None:
    """``--opt a|b`` in the guide: each lower-case value is one the CLI accepts (upper-case
    words are placeholders; for ``--crs`` only preset ids are checked, not EPSG codes)."""
    for option, value in re.findall(r"(--[a-z][a-z-]*)[ =]([^\s\[\]]+)", rest):
        if option not in allowed:
            continue
        for part in value.split("|"):
            if not re.fullmatch(r"[a-z][\w.-]*", part):
                continue
            if option == "--crs" and not (part.startswith("vn2000") or part == "wgs84"):
                continue
            assert part in allowed[option], f"{doc}: greenmap {command} {option} {part}"


def test_staff_guide_commands_use_real_options() -> None:
    """Every option of a `greenmap import` / `greenmap users` command shown exists, with
    values the CLI accepts (--mode, --encoding, --role, --crs presets)."""
    found = STAFF_COMMAND.findall(_staff_text())
    commands = {command for command, _ in found}
    assert {"import", "users create"} <= commands
    for command, rest in found:
        shown = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest))
        missing = shown - _help_options(command)
        assert not missing, f"gis-staff.md: greenmap {command} has no {sorted(missing)}"
        _check_values(command, rest, _allowed_values(command))


def test_staff_guide_crs_presets_are_the_real_ones() -> None:
    """The preset table lists every preset with its real EPSG code."""
    from etl.uploads import CRS_PRESETS

    rows = re.findall(r"^\|.*`(wgs84|vn2000-[\w.-]+)`.*?(EPSG:\d+).*$", _staff_text(), re.M)
    assert {preset for preset, _ in rows} == set(CRS_PRESETS)
    for preset, epsg in rows:
        assert CRS_PRESETS[preset][0] == epsg, preset


def test_staff_guide_report_codes_exist() -> None:
    """Every validation code in the report table is one the upload checks can emit."""
    sources = "".join(p.read_text() for p in (ROOT / "etl" / "uploads").glob("*.py"))
    report = re.search(r"^## 4\..*?(?=^## 5\.)", _staff_text(), re.M | re.S)
    assert report, "gis-staff.md has no section 4 (the validation report)"
    table = re.findall(r"^\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", report.group(0), re.M)
    codes = {code for cell in table for code in re.findall(r"`([a-z_]+)`", cell)}
    assert len(codes) >= 15
    for code in codes:
        assert f'"{code}"' in sources, f"gis-staff.md: no validation code {code}"


# -- docs/reporting.md: the yearly report workflow ---------------------------------------------

REPORTING_DOC = ROOT / "docs" / "reporting.md"
#: A path of the app's plan, report or staff pages as the guide writes it (query string dropped).
REPORTING_PATH = re.compile(r"(?<![\w/.])/(?:staff|reports|plan|evidence)(?:/[^\s`)\]\"'*,?]*)?")
REPORT_COMMAND = re.compile(r"greenmap report(?![\w-])([^`\n]*)")


def _reporting_text() -> str:
    return REPORTING_DOC.read_text(encoding="utf-8").replace("\\\n", " ")


def _reporting_paths() -> set[str]:
    return {m.group(0).rstrip(".:;") for m in REPORTING_PATH.finditer(_reporting_text())}


def test_reporting_guide_exists_and_is_bilingual() -> None:
    text = _reporting_text()
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert len(headings) >= 9, headings
    for section in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        assert "**English.**" in section, section.splitlines()[0]
        assert section.index("**English.**") > 200, section.splitlines()[0]
    for fact in ("148/QĐ-UBND", "V.2", "14/11", "15/11", "Sở Kế\nhoạch và Đầu tư"):
        assert fact in text, fact


def test_reporting_guide_images_exist_and_are_all_used() -> None:
    text = _reporting_text()
    linked = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert len(linked) >= 6
    for link in linked:
        assert (REPORTING_DOC.parent / link).is_file(), f"reporting.md links a missing image {link}"
    made = {p.name for p in (ROOT / "docs" / "img").glob("report-*.png")}
    assert made == {Path(link).name for link in linked}, "screenshots made but not shown"
    for name in made:
        assert (ROOT / "docs" / "img" / name).stat().st_size < 250 * 1024, name


def test_reporting_guide_pages_exist(app_rules: list[tuple[str, set[str], str]]) -> None:
    """Every /staff, /reports and /plan path the guide names is a route of the app, and it
    names every page of plan progress, the reports and both dashboards."""
    patterns = [_rule_pattern(rule) for rule, _, _ in app_rules]
    paths = _reporting_paths()
    assert len(paths) >= 10
    for path in paths:
        assert any(p.fullmatch(path) for p in patterns), f"reporting.md: no page {path}"
    wanted = [
        rule for rule, _, module in app_rules if module in (PROGRESS_VIEWS, "webmap.web.reports")
    ]
    assert len(wanted) >= 10
    for rule in [*wanted, "/plan", "/plan/targets"]:
        assert _named(rule, paths), f"reporting.md never mentions {rule}"


def test_reporting_guide_commands_use_real_options() -> None:
    """Every `greenmap report` the guide shows uses options the CLI has, with its values."""
    found = REPORT_COMMAND.findall(_reporting_text())
    assert len(found) >= 3
    options = _help_options("report")
    for rest in found:
        shown = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest))
        assert not shown - options, f"reporting.md: greenmap report has no {shown - options}"
        _check_values("report", rest, _allowed_values("report"), doc="reporting.md")
        for ext in re.findall(r"-o\s+\S+\.(\w+)", rest):
            assert ext in {"docx", "xlsx", "html"}, f"reporting.md: greenmap report -o *.{ext}"


def test_reporting_guide_categories_are_the_real_ones() -> None:
    """The category table lists exactly the on-track categories, with the interface's labels,
    and the thresholds it states are the method's."""
    from webmap.core.ontrack import ACCELERATION, CATEGORY_LABELS, ON_TRACK
    from webmap.domain.progress import ONTRACK_CATEGORIES

    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \| ([^|]+) \|", _reporting_text(), re.M)
    assert [code for code, _, _ in rows] == list(ONTRACK_CATEGORIES)
    for code, vi, en in rows:
        assert (vi.strip(), en.strip()) == CATEGORY_LABELS[code], code
    assert (ON_TRACK, ACCELERATION) == (0.95, 0.6)
    assert "R ≥ 95 %" in _reporting_text() and "60 % ≤ R < 95 %" in _reporting_text()


def test_reporting_guide_import_columns_are_the_real_ones() -> None:
    """The bulk import example's header is the columns the import reads."""
    from webmap.core.targets import COLUMNS

    assert ",".join(COLUMNS) in _reporting_text()
