"""The yearly report for the bundled data: report_data + render_docx + render_xlsx.

Loads the plan and every bundled layer into a throwaway SQLite database, adds a SYNTHETIC
year of progress and target values (made-up, named as such), then times the
2025 report (data, Word document with its map figure, spreadsheet annex) over N runs and
prints the median. The issue asks for under 5 s. There is no other tool that makes this
report, so there is nothing to time side by side. Results go to docs/benchmarks.md.

Run: ``.venv/bin/python benchmarks/report.py [N]`` (default N = 5).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import machine, write_section
from webmap.core import reports
from webmap.core.ingest import load_one, select_specs
from webmap.core.plan import load_plan_into
from webmap.store import Store

YEAR = 2025


def bundled_store(folder: Path) -> Store:
    """A SQLite store with the plan and every bundled layer."""
    store = Store(f"sqlite:///{folder / 'report.sqlite'}")
    store.upgrade()
    load_plan_into(store)
    for spec in select_specs([]):
        load_one(store, spec)
    return store


def synthetic_progress(store: Store) -> None:
    """A full year of SYNTHETIC entries: progress for every task, a baseline and three
    measured values for every target (made-up numbers, so that every section is filled)."""
    text = "Nội dung thử nghiệm (dữ liệu tổng hợp) / synthetic benchmark text. " * 6
    for task in store.tasks():
        entry = {
            "task_code": task["code"],
            "period_year": YEAR,
            "status": "in_progress",
            "percent": 50,
            "effective_date": f"{YEAR}-10-01",
            "lead_agency": "Cơ quan thử (tổng hợp)",
            "results": text,
            "obstacles": text,
            "proposals": text,
        }
        store.add_task_progress(entry, actor="benchmark")
    rows = []
    for target in store.targets():
        rows.append({"target_id": target["id"], "kind": "baseline", "year": 2020, "value": 1.0})
        rows += [
            {"target_id": target["id"], "kind": "measured", "year": y, "value": 1.0 + i}
            for i, y in enumerate((2023, 2024, 2025), start=1)
        ]
    store.add_target_values(rows, actor="benchmark")


def one_report(store: Store) -> dict[str, float]:
    """Seconds for each step of one report."""
    times = {}
    start = time.perf_counter()
    data = reports.report_data(store, YEAR)
    times["report_data"] = time.perf_counter() - start
    start = time.perf_counter()
    reports.render_docx(data, "vi")
    times["render_docx"] = time.perf_counter() - start
    start = time.perf_counter()
    reports.render_xlsx(data, "vi")
    times["render_xlsx"] = time.perf_counter() - start
    times["total"] = sum(times.values())
    return times


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = bundled_store(Path(folder))
        synthetic_progress(store)
        one_report(store)  # warm-up: imports, fonts
        samples = [one_report(store) for _ in range(runs)]
        store.dispose()
    medians = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
    for step, seconds in medians.items():
        print(f"{step}: {seconds:.3f} s")
    rows = "\n".join(f"| {step} | {seconds:.2f} |" for step, seconds in medians.items())
    write_section(
        "Yearly report (benchmarks/report.py)",
        f"""
The {YEAR} report for the bundled data (the plan's 18 groups, 74 tasks and 24 targets; every
bundled layer) in SQLite, with a synthetic year of entries (progress with three paragraphs
for every task, a baseline and three values for every target) so that every section is full:
`report_data` (targets with their on-track category, tasks with their progress, projects'
status changes in the period, the map's outlines and points), `render_docx` (the Word report
with its map figure drawn by Pillow) and `render_xlsx` (the annex). Median of {runs} runs
after a warm-up. Machine: {machine()}.

| step | seconds |
| --- | ---: |
{rows}

Goal: under 5 s: {"met" if medians["total"] < 5 else "not met"}. No other tool makes this report, so
the "side by side" rule does not apply: the issue's goal is the yardstick.
""",
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
