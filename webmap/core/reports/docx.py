"""The report as a Word document laid out as a provincial report (python-docx).

Title; legal basis and period; summary; I. targets (table); II. task groups with each
task's status, results, obstacles and proposals; III. projects that changed status (table);
IV. the map figure; the annex note pointing to the spreadsheet. A4, Times New Roman 13 pt,
margins of an administrative document (left 3 cm, others 2 cm).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from webmap.core.reports.figure import map_figure
from webmap.core.reports.view import report_view

#: Widths (cm) of the targets table's columns: no., target, goal, baseline, latest, category.
_TARGET_WIDTHS = (1.0, 5.4, 2.4, 2.4, 2.4, 2.4)
_PROJECT_WIDTHS = (4.2, 2.6, 3.6, 2.4, 3.2)


def _setup(doc: DocumentType) -> None:
    """A4, administrative margins, Times New Roman 13 pt everywhere."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = Cm(3.0)
        section.right_margin = section.top_margin = section.bottom_margin = Cm(2.0)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        style.font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)


def _table(
    doc: DocumentType, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
) -> None:
    """A bordered table with a bold heading row repeated on each page."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
        for paragraph in (p for c in row.cells for p in c.paragraphs):
            for run in paragraph.runs:
                run.font.size = Pt(11)


def _head(doc: DocumentType, view: Mapping[str, Any]) -> None:
    title = doc.add_heading(view["title"], level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for key in ("basis", "period", "status", "generated"):
        if view[key]:
            paragraph = doc.add_paragraph()
            paragraph.add_run(view[key]).italic = True
    doc.add_heading(view["t"]["summary"], level=1)
    for sentence in view["summary"]:
        doc.add_paragraph(sentence, style="List Bullet")


def _targets(doc: DocumentType, view: Mapping[str, Any]) -> None:
    t = view["t"]
    doc.add_heading(t["section_targets"], level=1)
    header = [
        t[k]
        for k in ("col_no", "col_target", "col_goal", "col_baseline", "col_latest", "col_category")
    ]
    rows = [
        [
            str(r["no"]),
            f"{r['id']}. {r['indicator']}",
            r["goal"],
            r["baseline"],
            r["latest"],
            "\n".join(x for x in (r["category"], r["override"]) if x),
        ]
        for r in view["targets"]
    ]
    _table(doc, header, rows, _TARGET_WIDTHS)


def _labelled(doc: DocumentType, label: str, text: str) -> None:
    """``Label: text`` with the label in bold; nothing for an empty text."""
    if not text:
        return
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)


def _task(doc: DocumentType, t: Mapping[str, str], task: Mapping[str, Any]) -> None:
    paragraph = doc.add_paragraph()
    paragraph.add_run(f"{task['code']}. ").bold = True
    paragraph.add_run(task["text"])
    if not task["reported"]:
        doc.add_paragraph().add_run(t["task_not_reported"]).italic = True
        return
    status = task["status"] + (f" ({task['percent']}%)" if task["percent"] else "")
    _labelled(doc, t["col_status"], status)
    _labelled(doc, t["col_lead"], task["lead"])
    _labelled(doc, t["col_partners"], task["partners"])
    _labelled(doc, t["col_results"], task["results"])
    _labelled(doc, t["col_obstacles"], task["obstacles"])
    _labelled(doc, t["col_proposals"], task["proposals"])
    _labelled(doc, t["col_evidence"], task["evidence"])
    _labelled(doc, t["col_reported_on"], task["reported_on"])


def _groups(doc: DocumentType, view: Mapping[str, Any]) -> None:
    doc.add_heading(view["t"]["section_groups"], level=1)
    for group in view["groups"]:
        doc.add_heading(group["heading"], level=2)
        doc.add_paragraph().add_run(group["percent"]).italic = True
        for task in group["tasks"]:
            _task(doc, view["t"], task)


def _projects(doc: DocumentType, view: Mapping[str, Any]) -> None:
    t = view["t"]
    doc.add_heading(t["section_projects"], level=1)
    if not view["projects"]:
        doc.add_paragraph(t["no_changes"])
        return
    header = [t[k] for k in ("col_project", "col_layer", "col_change", "col_date", "col_kind")]
    rows = [[p["name"], p["layer"], p["change"], p["date"], p["kind"]] for p in view["projects"]]
    _table(doc, header, rows, _PROJECT_WIDTHS)


def _figure(doc: DocumentType, view: Mapping[str, Any], png: bytes) -> None:
    doc.add_heading(view["t"]["section_map"], level=1)
    doc.add_picture(io.BytesIO(png), width=Cm(16.0))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(view["t"]["figure_caption"], style="Caption")


def render_docx(data: Mapping[str, Any], lang: str = "vi") -> bytes:
    """The report of ``data`` as a ``.docx`` file in ``lang``."""
    view = report_view(data, lang)
    doc = Document()
    _setup(doc)
    doc.core_properties.title = view["title"]
    doc.core_properties.language = view["lang"]
    _head(doc, view)
    _targets(doc, view)
    _groups(doc, view)
    _projects(doc, view)
    _figure(doc, view, map_figure(data, lang))
    doc.add_heading(view["t"]["annex"], level=1)
    doc.add_paragraph(view["annex_note"])
    if view["unofficial"]:
        doc.add_paragraph().add_run(view["unofficial"]).italic = True
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
