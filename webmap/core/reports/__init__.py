"""The yearly report of section V.2 of Decision 148/QĐ-UBND (due each 14 November).

- :func:`report_data` — the report of a year as JSON-ready data (period 15 Nov – 14 Nov);
- :func:`render_docx`, :func:`render_xlsx` — the Word report and its spreadsheet annex;
- :func:`map_figure` — the map figure (PNG, drawn offline from the data);
- :func:`html_context` — what ``templates/report.html`` needs to print it;
- :func:`issue`, :func:`issued_data`, :func:`issued_reports` — frozen, numbered revisions.
"""

from __future__ import annotations

from webmap.core.reports.data import FIRST_YEAR, LAST_YEAR, check_year, period, report_data
from webmap.core.reports.docx import render_docx
from webmap.core.reports.figure import map_figure
from webmap.core.reports.issued import checksum, issue, issued_data, issued_reports
from webmap.core.reports.view import html_context, report_view
from webmap.core.reports.xlsx import render_xlsx

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "check_year",
    "checksum",
    "html_context",
    "issue",
    "issued_data",
    "issued_reports",
    "map_figure",
    "period",
    "render_docx",
    "render_xlsx",
    "report_data",
    "report_view",
]
