"""Every document of the portal, built on the golden district and rendered page by page to
PNG through LibreOffice and pdftoppm — the way a person checks them before signing.

The pages go to a temporary directory, or to ``$DOCUMENT_PAGES_DIR`` when it is set (to
look at them: ``DOCUMENT_PAGES_DIR=/tmp/issue-10/pages pytest tests/reports/test_document_pages.py``);
never into the repository. The checks are what a reader would notice: pages that render,
no signature alone on the last page, the cluster profile table on a landscape page, no
paragraph said twice, no heading numbered twice, the department as the author."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from monitoring.models import Period
from reports import cluster_report, jobs, yearly
from reports.models import ReportJob
from reports.notes.collect import collect_note_data
from reports.notes.render import render_note_docx, render_note_xlsx
from reports.renderers.pdf import docx_to_pdf
from roadmap.models import Roadmap
from roadmap.services import build_board, report_docx
from roadmap.services.training import training_report_xlsx

pytestmark = pytest.mark.libreoffice

DEPARTMENT = "Отдел образования МО «Тестовый округ»"
SIGNATURE = re.compile(r"^\s*(Начальник отдела образования|_+|\d{1,2} [а-я]+ \d{4} г\.|[\d.]+)\s*$")


class Progress:
    def __call__(self, *args) -> None:
        pass

    def remark(self, *args) -> None:
        pass


def pages_dir(tmp_path: Path) -> Path:
    target = Path(os.environ.get("DOCUMENT_PAGES_DIR") or tmp_path / "pages")
    target.mkdir(parents=True, exist_ok=True)
    return target


def render_pages(docx: bytes, name: str, target: Path, workdir: Path) -> list[str]:
    """The DOCX as PDF (LibreOffice) and each page as PNG (pdftoppm); the text of each page."""
    pdf = target / f"{name}.pdf"
    pdf.write_bytes(docx_to_pdf(docx, workdir=workdir))
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(target / name)], check=True,
                   timeout=120)
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, check=True, timeout=60).stdout.decode())[1])
    assert len(list(target.glob(f"{name}-*.png"))) == count > 0
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                           capture_output=True, check=True, timeout=60).stdout.decode()
            for n in range(1, count + 1)]


def job(period: str, **params):
    return type("Job", (), {"period_code": period, "school": None, "school_id": None, "pk": 0,
                            "params": {"formats": ["docx", "xlsx"], **params}})()


@pytest.fixture
def documents(golden, settings):
    """Every document on the golden district: {name: DOCX bytes}."""
    from reports import reference

    reference.load()
    golden.A.municipality.department_name = DEPARTMENT
    golden.A.municipality.save()
    settings.NOTE_SIGNER_NAME = "И. И. Руководителева"
    built = {
        "note-municipal-I": render_note_docx(collect_note_data(Period.objects.get_by_code("2022/2023-1"))),
        "note-municipal-II": render_note_docx(collect_note_data(Period.objects.get_by_code("2021/2022-2"))),
        "note-school": render_note_docx(collect_note_data(Period.objects.get_by_code("2022/2023-1"),
                                                          golden.A)),
        "roadmap-report": report_docx(build_board(Roadmap.objects.get(), dt.date(2022, 12, 31))),
    }
    for name, builder in [("monitoring-report", yearly.build_monitoring_report),
                          ("cluster-analysis", cluster_report.build_cluster_analysis)]:
        outputs = {fmt: content for fmt, _, content in builder(job("2021/2022"), Progress())}
        built[name] = outputs["docx"]
        built[f"{name}.xlsx"] = outputs["xlsx"]
    return built


def test_every_document_renders_and_reads_as_signed(documents, tmp_path):
    target = pages_dir(tmp_path)
    for name, content in documents.items():
        if name.endswith(".xlsx"):
            continue
        pages = render_pages(content, name, target, tmp_path / "work")
        last = [line for line in pages[-1].splitlines() if line.strip()]
        body = [line for line in last if not SIGNATURE.match(line)
                and "Руководителева" not in line and not line.strip().isdigit()]
        assert body, f"{name}: the signature is alone on the last page"

        document = Document(io.BytesIO(content))
        properties = document.core_properties
        assert properties.author == DEPARTMENT and properties.title, name
        assert properties.created.year >= 2024, name
        paragraphs = [p.text for p in document.paragraphs if len(p.text) > 40]
        repeated = {p for p in paragraphs if paragraphs.count(p) > 1}
        assert not repeated, (name, repeated)
        for paragraph in document.paragraphs:
            assert not re.match(r"^\d+(\.\d+)*\.\s+\d+\.\s", paragraph.text), (name, paragraph.text)
            assert not re.match(r"^Таблица \d+ – \d+\.", paragraph.text), (name, paragraph.text)


def test_the_cluster_profile_table_is_on_a_landscape_page(documents):
    document = Document(io.BytesIO(documents["cluster-analysis"]))
    landscape = [s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE]
    assert landscape and all(s.page_width > s.page_height for s in landscape)
    body = document.element.body
    profile = next(t for t in document.tables if t.rows[0].cells[2].text == "П1")
    # The table sits between the section break that turns the page and the one that
    # turns it back: the first section break after it closes a landscape section.
    after = [e for e in body.iterchildren() if body.index(e) > body.index(profile._tbl)]
    breaks = [e for e in after if e.tag.endswith("}p") and e.find(".//{*}sectPr") is not None]
    orientation = breaks[0].find(".//{*}pgSz").get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}orient")
    assert orientation == "landscape"
    legend = "\n".join(p.text for p in document.paragraphs)
    assert "П1 — Охват обучающихся профориентационной работой" in legend


def test_xlsx_keep_numbers_and_whole_sheet_names(documents, golden):
    for name in ("monitoring-report.xlsx", "cluster-analysis.xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(documents[name]))
        for sheet in book.worksheets:
            title = sheet["A1"].value or ""
            # A sheet's name is its title or the start of it cut between words.
            assert len(sheet.title) <= 31
            header = [c.value for c in sheet[2]]
            for column, label in enumerate(header):
                if label in {"Изменение", "Всего", "За год", "Прошлый год"}:
                    values = [row[column] for row in sheet.iter_rows(min_row=3, values_only=True)
                              if row[column] is not None]
                    assert all(isinstance(v, int | float) for v in values), (name, title, label)
    note = openpyxl.load_workbook(io.BytesIO(render_note_xlsx(
        collect_note_data(Period.objects.get_by_code("2022/2023-1")))))
    indicators = note["Показатели"]
    header = [c.value for c in indicators[2]]
    changes = [row[header.index("Изменение")] for row in indicators.iter_rows(min_row=3, values_only=True)]
    assert any(isinstance(v, float) and v != 0 for v in changes)
    assert not any(isinstance(v, str) for v in changes)


def test_training_report_is_a_workbook_of_numbers(golden):
    # No LibreOffice Calc is needed to read it: the workbook is parsed as Excel would.
    book = openpyxl.load_workbook(io.BytesIO(training_report_xlsx(2022)))
    rows = list(book["Итоги по категориям"].iter_rows(min_row=3, values_only=True))
    teachers = next(r for r in rows if r[0] == "педагог ОО")
    assert teachers[1:5] == (4, 1, 2, 50.0)  # working, trained in 2022, cumulative, coverage


@pytest.mark.django_db(transaction=False)
def test_a_yearly_document_offered_as_pdf_is_built_as_pdf(golden, imc):
    job_row = jobs.create_job(ReportJob.Kind.MONITORING_REPORT, "2021/2022", None, imc,
                              {"formats": ["docx", "pdf"]})
    jobs.run_job(job_row.pk)
    job_row.refresh_from_db()
    assert job_row.status == ReportJob.Status.DONE, job_row.message
    assert sorted(f.format for f in job_row.files.all()) == ["docx", "pdf"]
    assert job_row.files.get(format="pdf").file.read().startswith(b"%PDF")
