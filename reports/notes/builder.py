"""The builder of the job kind ``half_year_note``: collect, then render each format."""

from __future__ import annotations

from monitoring.models import Period

from ..jobs import JobError, Output, Progress, job_workdir
from ..renderers.pdf import UNAVAILABLE, PdfConversionError, pdf_available
from . import collect
from .render import render_note_docx, render_note_pdf, render_note_xlsx

DEFAULT_FORMATS = ("docx", "xlsx", "pdf")


def note_filename(job, extension: str) -> str:
    """«Справка I полугодие 2022-2023, муниципалитет.docx» — readable, no slash."""
    code = job.period_code.replace("/", "-")
    years, _, half = code.rpartition("-")
    roman = {"1": "I", "2": "II"}.get(half, half)
    scope = job.school.short_name if job.school_id else "муниципалитет"
    scope = scope.replace("/", "-").replace("\\", "-")
    marked = " (предварительные данные)" if job.preliminary_as_of else ""
    return f"Справка {roman} полугодие {years}, {scope}{marked}.{extension}"


def build_half_year_note(job, progress: Progress) -> list[Output]:
    """Collect the half-year's data (``collect.collect_note_data``) and render the note."""
    try:
        period = Period.objects.get_by_code(job.period_code)
    except Period.DoesNotExist as exc:
        raise JobError(str(exc)) from None
    formats = [f for f in job.params.get("formats", DEFAULT_FORMATS) if f in DEFAULT_FORMATS]
    progress(5, "Сбор данных мониторинга")
    data = collect.collect_note_data(period, job.school, as_of=job.preliminary_as_of)
    # The Word document only when it is asked for or the PDF is made from it: an Excel
    # appendix alone is the tables, which take a fraction of the document's time.
    docx = None
    if "docx" in formats or "pdf" in formats:
        progress(35, "Формирование документа Word")
        docx = render_note_docx(data)
    outputs: list[Output] = []
    if "docx" in formats:
        outputs.append(("docx", note_filename(job, "docx"), docx))
    if "xlsx" in formats:
        progress(55, "Формирование приложения Excel")
        outputs.append(("xlsx", note_filename(job, "xlsx"), render_note_xlsx(data)))
    if "pdf" in formats:
        if not pdf_available():
            progress.remark(UNAVAILABLE + ".")
        else:
            progress(70, "Преобразование в PDF (LibreOffice)")
            try:
                pdf = render_note_pdf(data, docx=docx, workdir=job_workdir(job))
            except PdfConversionError as exc:
                raise JobError(str(exc)) from None
            outputs.append(("pdf", note_filename(job, "pdf"), pdf))
    progress(95, "Сохранение файлов")
    return outputs
