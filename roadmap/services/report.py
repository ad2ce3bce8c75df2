"""«Отчёт о выполнении дорожной карты» on a date, as an Excel workbook and a Word document.

Both are built from the same :class:`~roadmap.services.board.Board` the screen shows:
every measure with its deadline as written, the responsible, each occurrence with its
state on the date, the execution dates and the evidence (documents, meetings); and the
totals by state."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from monitoring.importing import neutralize

from .board import STATE_ORDER, Board, MeasureRow, OccurrenceRow

REPORT_TITLE = "Отчёт о выполнении дорожной карты"
XLSX_HEADERS = [
    ("Раздел", 10), ("№ п/п", 7), ("Мероприятие", 60), ("Сроки исполнения (как в документе)", 18),
    ("Ответственный", 28), ("Наступление срока", 22), ("Срок", 12), ("Состояние на дату", 16),
    ("Даты исполнения", 28), ("Подтверждающие документы, совещания", 60),
]
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


@dataclass(frozen=True)
class OccurrenceText:
    """One occurrence reduced to the strings both files print."""

    label: str
    due: str
    state: str
    executions: str
    evidence: str


def occurrence_text(occ: OccurrenceRow) -> OccurrenceText:
    executions = []
    evidence = []
    for execution in occ.executions:
        line = f"{execution.date:%d.%m.%Y} — {execution.get_status_display()}"
        if execution.reason:
            line += f" ({execution.reason})"
        elif execution.comment:
            line += f" ({execution.comment})"
        executions.append(line)
        evidence += [doc.reference for doc in execution.documents.all()]
    for meeting in occ.meetings:
        executions.append(f"{meeting.date:%d.%m.%Y} — совещание")
        evidence.append(f"Совещание {meeting.date:%d.%m.%Y} «{meeting.topic}»")
    return OccurrenceText(
        label=occ.occurrence.label,
        due=f"{occ.occurrence.due:%d.%m.%Y}",
        state=occ.state.label,
        executions="\n".join(executions),
        evidence="\n".join(evidence),
    )


def responsible_text(row: MeasureRow) -> str:
    return row.measure.responsible_text or ", ".join(
        s.short_name for s in row.measure.responsible.all()
    )


def report_filename(board: Board, extension: str) -> str:
    return f"Отчёт о выполнении дорожной карты {board.roadmap.years_label} на {board.on:%d.%m.%Y}.{extension}"


def report_xlsx(board: Board) -> bytes:
    """The report as a workbook: a row per occurrence, and a sheet of totals by state."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Отчёт"
    sheet.append([REPORT_TITLE])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([board.roadmap.title])
    sheet.append([f"Состояние на {board.on:%d.%m.%Y}"])
    sheet.append([])
    sheet.append([header for header, _ in XLSX_HEADERS])
    header_row = sheet.max_row
    for index, (_, width) in enumerate(XLSX_HEADERS, 1):
        cell = sheet.cell(row=header_row, column=index)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"  # a string: touching the cell would add a row

    for section in board.sections:
        for row in section.measures:
            measure = row.measure
            common = [section.section.number, measure.number, measure.text,
                      measure.deadline_text, responsible_text(row)]
            texts = [occurrence_text(o) for o in row.occurrences] or [
                OccurrenceText("сроки не заданы (нет графика)", "", "", "", "")
            ]
            for text in texts:
                sheet.append([neutralize(v) for v in (
                    *common, text.label, text.due, text.state, text.executions, text.evidence
                )])
                for cell in sheet[sheet.max_row]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")

    totals = workbook.create_sheet("Итоги")
    totals.append([f"Итоги по состояниям на {board.on:%d.%m.%Y}"])
    totals["A1"].font = Font(bold=True)
    totals.append(["Состояние", "Наступлений сроков"])
    for state in STATE_ORDER:
        totals.append([state.label, board.totals.get(state, 0)])
    totals.append(["Всего", board.occurrence_count])
    totals.column_dimensions["A"].width = 24
    totals.column_dimensions["B"].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(cell, text: str, *, bold: bool = False, size: int = 9) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph = cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)


def report_docx(board: Board) -> bytes:
    """The report as a Word document: totals, then each section's table of measures."""
    document = WordDocument()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)

    document.add_heading(REPORT_TITLE, level=1)
    document.add_paragraph(board.roadmap.title)
    document.add_paragraph(f"Состояние на {board.on:%d.%m.%Y}")

    document.add_heading("Итоги по состояниям", level=2)
    totals = document.add_table(rows=1, cols=2)
    totals.style = "Table Grid"
    _cell(totals.rows[0].cells[0], "Состояние", bold=True, size=10)
    _cell(totals.rows[0].cells[1], "Наступлений сроков", bold=True, size=10)
    for state in STATE_ORDER:
        cells = totals.add_row().cells
        _cell(cells[0], state.label, size=10)
        _cell(cells[1], str(board.totals.get(state, 0)), size=10)
    cells = totals.add_row().cells
    _cell(cells[0], "Всего", bold=True, size=10)
    _cell(cells[1], str(board.occurrence_count), bold=True, size=10)

    headers = ["№ п/п", "Мероприятие", "Сроки исполнения", "Ответственный",
               "Наступления срока и состояние", "Исполнение и подтверждающие документы"]
    widths = [Cm(1.3), Cm(8.5), Cm(2.6), Cm(3.5), Cm(4.5), Cm(6.2)]
    for section_row in board.sections:
        document.add_heading(f"{section_row.section.number}. {section_row.section.title}",
                             level=2)
        if not section_row.measures:
            document.add_paragraph("Нет мероприятий по выбранным условиям.")
            continue
        table = document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, header, width in zip(table.rows[0].cells, headers, widths, strict=True):
            _cell(cell, header, bold=True)
            cell.width = width
        for row in section_row.measures:
            texts = [occurrence_text(o) for o in row.occurrences]
            states = "\n".join(f"{t.label} (до {t.due}): {t.state}" for t in texts) or (
                "сроки не заданы (нет графика)"
            )
            executed = "\n".join(
                part for t in texts for part in (t.executions, t.evidence) if part
            ) or "—"
            cells = table.add_row().cells
            values = [row.measure.number, row.measure.text, row.measure.deadline_text,
                      responsible_text(row), states, executed]
            for cell, value, width in zip(cells, values, widths, strict=True):
                _cell(cell, value)
                cell.width = width
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
