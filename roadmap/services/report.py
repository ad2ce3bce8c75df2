"""«Отчёт о выполнении дорожной карты» on a date, as an Excel workbook and a Word document.

Both are built from the same :class:`~roadmap.services.board.Board` the screen shows:
every measure with its deadline as written, the responsible, each occurrence with its
state on the date, the execution dates and the evidence (documents, meetings); and the
totals by state. The DOCX is in the department's official style, the same as the notes'
(``monitoring.documents``)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl
from django.conf import settings
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from monitoring.documents.docx import OfficialDocument
from monitoring.documents.tables import Table
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
    """The report as a workbook: a row per occurrence, and a sheet of totals by state. The DOCX is in the department's official style, the same as the notes'
(``monitoring.documents``)."""
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


def department_title() -> str:
    """The department's name for the document's heading and properties."""
    from monitoring.models import Municipality

    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        return "Отдел образования"
    return municipality.department_name or f"Отдел образования {municipality.name}"


DOCX_HEADERS = ["№ п/п", "Мероприятие", "Сроки исполнения", "Ответственный",
                "Наступления срока и состояние", "Исполнение и подтверждающие документы"]


def measures_table(section_row) -> Table:
    """A section's measures: each with its occurrences and states, executions and evidence."""
    rows = []
    for row in section_row.measures:
        texts = [occurrence_text(o) for o in row.occurrences]
        states = "\n".join(f"{t.label} (до {t.due}): {t.state}" for t in texts) or (
            "сроки не заданы (нет графика)"
        )
        executed = "\n".join(
            part for t in texts for part in (t.executions, t.evidence) if part
        ) or "—"
        rows.append([row.measure.number, row.measure.text, row.measure.deadline_text,
                     responsible_text(row), states, executed])
    return Table(f"Мероприятия раздела {section_row.section.number}", DOCX_HEADERS, rows,
                 landscape=True, widths=(11, 70, 25, 32, 42, 72))


def report_docx(board: Board) -> bytes:
    """The report as a Word document in the department's official style (the notes'):
    the totals by state, then each section's measures on landscape pages, a signature."""
    department = department_title()
    document = OfficialDocument(f"{REPORT_TITLE} на {board.on:%d.%m.%Y}", board.roadmap.title,
                                department)
    document.header_block(department, REPORT_TITLE,
                          [board.roadmap.title, f"Состояние на {board.on:%d.%m.%Y}"])
    document.heading("1.", "Итоги по состояниям")
    document.table(Table(
        "Наступления сроков мероприятий по состояниям",
        ["Состояние", "Наступлений сроков"],
        [*([state.label, board.totals.get(state, 0)] for state in STATE_ORDER),
         ["Всего", board.occurrence_count]],
        total_row=True,
    ))
    with document.landscape(to_the_end=True):
        document.heading("2.", "Исполнение мероприятий")
        for index, section_row in enumerate(board.sections, 1):
            document.heading(f"2.{index}.", f"Раздел {section_row.section.number}. "
                                           f"{section_row.section.title}", level=2)
            if not section_row.measures:
                document.paragraph("Нет мероприятий по выбранным условиям.")
                continue
            document.table(measures_table(section_row))
        # The summary closes the text, and the signature stays with it on the same
        # (landscape) page instead of opening a portrait page of its own.
        document.heading("3.", "Итоги")
        document.paragraph(summary_sentence(board))
        document.signature(settings.NOTE_SIGNER_POSITION, settings.NOTE_SIGNER_NAME,
                           f"{board.on:%d.%m.%Y}")
    return document.to_bytes()


def summary_sentence(board: Board) -> str:
    """«На 31.12.2022 наступило 14 сроков: выполнено — 11, просрочено — 2 (1.3, 2.2) …»."""
    from monitoring.text import plural

    from ..deadlines import OccurrenceState

    parts = [f"{state.label} — {board.totals[state]}" for state in STATE_ORDER
             if board.totals.get(state)]
    overdue = [row.measure.number for section in board.sections for row in section.measures
               if OccurrenceState.OVERDUE in row.states]
    text = (f"На {board.on:%d.%m.%Y} {plural(board.occurrence_count, 'наступил', 'наступило', 'наступило')} "
            f"{board.occurrence_count} {plural(board.occurrence_count, 'срок', 'срока', 'сроков')} "
            f"мероприятий")
    text += f": {', '.join(parts)}." if parts else "."
    if overdue:
        text += (f" Просрочены сроки {plural(len(overdue), 'мероприятия', 'мероприятий', 'мероприятий')} "
                 f"{', '.join(overdue)}: их исполнение нужно отметить или перенести решением.")
    return text
