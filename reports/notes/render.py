"""The half-year note as documents: DOCX (official style), XLSX (every table), PDF."""

from __future__ import annotations

import contextlib

from ..renderers.docx import OfficialDocument
from ..renderers.pdf import docx_to_pdf
from ..renderers.xlsx import render_tables_xlsx
from ..text import format_date
from .data import AUDIENCE_TITLES, NoteData

SECTIONS = (
    "Общие сведения",
    "Результаты мониторингов",
    "Показатели системы профориентации и их целевые значения",
    "Обучение педагогических и руководящих кадров",
    "Исполнение дорожной карты",
    "Выводы",
    "Адресные рекомендации",
)


def render_note_docx(data: NoteData) -> bytes:
    """The note as a Word document; each empty section says «Данные не внесены.»"""
    doc = OfficialDocument(f"{data.title} {data.subject} за {data.period_label}",
                           data.scope_label, data.department)
    doc.header_block(
        data.department, data.title,
        [data.subject, f"за {data.period_label}", f"({data.scope_label})",
         # A pre-conference note says so on its face (reports.notes.preliminary).
         *([data.preliminary] if data.preliminary else [])],
    )
    number = iter(range(1, len(SECTIONS) + 1))

    # 1. General information.
    doc.heading(f"{next(number)}.", SECTIONS[0])
    if not (data.general or data.general_tables):
        doc.no_data()
    for text in data.general:
        doc.paragraph(text)
    for table in data.general_tables:
        doc.table(table)
    for chart in data.general_charts:
        doc.chart(chart)

    # 2. The ten monitorings, one subsection each.
    section = next(number)
    doc.heading(f"{section}.", SECTIONS[1])
    if not data.monitoring:
        doc.no_data()
    for index, monitoring in enumerate(data.monitoring, 1):
        doc.heading(f"{section}.{index}.", monitoring.title, level=2)
        for text in monitoring.paragraphs:
            doc.paragraph(text)
        if monitoring.table is not None and not monitoring.table.is_empty:
            doc.table(monitoring.table)
        elif not (monitoring.paragraphs or monitoring.extra_tables):
            doc.no_data()
        for table in monitoring.extra_tables:
            doc.table(table)
        if monitoring.chart is not None:
            doc.chart(monitoring.chart)

    # 3. Indicators against targets: a wide table, on landscape pages with its heading.
    indicators = data.indicator_table()
    with doc.landscape() if not indicators.is_empty else contextlib.nullcontext():
        doc.heading(f"{next(number)}.", SECTIONS[2])
        doc.table(indicators)

    # 4. Staff training coverage against the targets of the roadmap in force.
    doc.heading(f"{next(number)}.", SECTIONS[3])
    doc.table(data.training_table())

    # 5. Roadmap execution: what was done, what is overdue.
    section = next(number)
    doc.heading(f"{section}.", SECTIONS[4])
    doc.heading(f"{section}.1.", "Выполненные мероприятия", level=2)
    doc.table(data.roadmap_table(data.roadmap_done, "Выполненные мероприятия дорожной карты", ""))
    doc.heading(f"{section}.2.", "Просроченные мероприятия", level=2)
    if data.roadmap_done and not data.roadmap_overdue:
        doc.paragraph("Просроченных мероприятий нет.")
    else:
        doc.table(data.roadmap_table(data.roadmap_overdue, "Просроченные мероприятия дорожной карты", ""))

    # 6. Conclusions drafted from the numbers.
    doc.heading(f"{next(number)}.", SECTIONS[5])
    if data.conclusions:
        for sentence in data.conclusions:
            doc.paragraph(sentence)
    else:
        doc.no_data()

    # 7. Targeted recommendations by audience.
    section = next(number)
    doc.heading(f"{section}.", SECTIONS[6])
    audiences = [(key, items) for key, items in _ordered(data.recommendations) if items]
    if not audiences and not (data.monitoring or data.conclusions):
        doc.no_data()
    elif not audiences:
        # Data, but nothing published and no target missed: say so, not «данные не внесены».
        doc.paragraph("Адресные рекомендации по итогам полугодия не потребовались: ИМЦ их не "
                      "публиковал, а целевых значений, которые не достигнуты, нет.")
    for index, (key, items) in enumerate(audiences, 1):
        doc.heading(f"{section}.{index}.", AUDIENCE_TITLES.get(key, key), level=2)
        doc.bullets(items)

    doc.signature(data.signer_position, data.signer_name, format_date(data.date))
    return doc.to_bytes()


def _ordered(recommendations: dict[str, list[str]]):
    known = [(key, recommendations[key]) for key in AUDIENCE_TITLES if key in recommendations]
    other = [(key, items) for key, items in recommendations.items() if key not in AUDIENCE_TITLES]
    return known + other


def note_cover_lines(data: NoteData) -> list[str]:
    return [
        f"{data.title} {data.subject} за {data.period_label}",
        data.department,
        f"Охват: {data.scope_label}",
        *([data.preliminary] if data.preliminary else []),
        f"Дата: {format_date(data.date)}",
        "",
        *data.general,
    ]


def render_note_xlsx(data: NoteData) -> bytes:
    """The XLSX appendix: a title sheet and every table of the note on a sheet of its own."""
    return render_tables_xlsx(data.all_tables(), first_sheet=note_cover_lines(data))


def render_note_pdf(data: NoteData, *, docx: bytes | None = None, workdir=None) -> bytes:
    """The note as PDF, converted from its DOCX by LibreOffice."""
    return docx_to_pdf(docx if docx is not None else render_note_docx(data), workdir=workdir)
