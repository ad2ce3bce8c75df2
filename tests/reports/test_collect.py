"""The note's first data collection: the figures of the monitoring models, no names."""

from __future__ import annotations

import io
import re
import subprocess

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import Staff
from monitoring.registers.registry import registry
from reports import jobs
from reports.models import Recommendation, ReportJob
from reports.notes.collect import collect_note_data
from tests.conftest import make_staff

from .conftest import PERIOD, docx_text, enrol
from .test_note_documents import HAS_PDF_TOOLS, needs_libreoffice


def test_general_information_counts_students_by_band_and_ovz(period, contingent, school_a,
                                                             school_b, staff_a, staff_b):
    make_staff(school_a, last="Завучева", category=Staff.Category.SCHOOL_ADMIN,
               is_class_teacher=False)
    make_staff(school_a, last="Ушедшая", is_working=False)
    data = collect_note_data(period, None)
    contingent_table, staff_table = data.general_tables
    assert contingent_table.columns == ["ОО", "1–4 кл.", "5–9 кл.", "10–11 кл.", "Всего",
                                        "в т.ч. с ОВЗ"]
    assert contingent_table.rows == [["Школа А", 1, 1, 1, 3, 1], ["Школа Б", 0, 1, 1, 2, 0],
                                     ["Итого", 1, 2, 2, 5, 1]]
    assert staff_table.rows[0][:4] == ["Школа А", 1, 1, 2]  # the one who left is not counted
    assert data.general[1] == (
        "В 2022/2023 учебном году в общеобразовательных организациях обучается "
        "5 обучающихся, в том числе с ОВЗ — 1 человек (20 %); в 1–4 классах — 1, "
        "в 5–9 классах — 2, в 10–11 классах — 2.")
    assert data.conclusions[0] == (
        "Число обучающихся увеличилось по сравнению с прошлым учебным годом на 4 обучающихся "
        "(на 400 %) и составило 5 обучающихся.")
    assert data.period_label == "I полугодие 2022/2023 учебного года"
    # Every monitoring of a student is there; with nothing entered, no table of zeros.
    assert len(data.monitoring) == len([e for e in registry.registers() if e.per_student])
    assert all(section.table is None for section in data.monitoring)
    # Indicators and training coverage are computed (no targets set: no status);
    # no roadmap is loaded here, so its sections are empty, not invented.
    assert len(data.indicators) > 20 and not any(row.status for row in data.indicators)
    assert [row.category for row in data.training] == [
        "сотрудник отдела образования", "администрация ОО", "педагог ОО",
        "классные руководители", "узкие специалисты", "тьюторы"]
    assert data.roadmap_done == data.roadmap_overdue == []


def test_a_school_note_covers_that_school_only(period, contingent, school_a):
    data = collect_note_data(period, school_a)
    assert data.scope_label == "Школа А полностью"
    assert data.general_tables[0].rows == [["Школа А", 1, 1, 1, 3, 1]]
    assert not data.general_tables[0].total_row


def test_collection_takes_a_fixed_number_of_queries(period, contingent, school_a, school_b):
    from django.core.cache import cache

    collect_note_data(period, None)  # warm-up: the periods and years it looks up exist now
    cache.clear()  # the figures computed afresh, both times
    with CaptureQueriesContext(connection) as small:
        collect_note_data(period, None)
    for index in range(30):
        enrol(school_b, 2022, 1 + index % 11, f"Многова{index}")
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        collect_note_data(period, None)
    assert len(large) == len(small)


def test_published_recommendations_go_into_the_note(period, school_a, school_b, imc):
    Recommendation.objects.create(audience="parents", text="Общая для родителей",
                                  status="published", period_code=PERIOD)
    Recommendation.objects.create(school=school_b, audience="heads", text="Для Б",
                                  status="published")
    Recommendation.objects.create(audience="heads", text="Черновик", status="draft")
    Recommendation.objects.create(audience="heads", text="Другой год", status="published",
                                  period_code="2019/2020")
    assert collect_note_data(period, None).recommendations == {
        "heads": ["Школа Б: Для Б"], "parents": ["Общая для родителей"]}
    assert collect_note_data(period, school_a).recommendations == {
        "parents": ["Общая для родителей"]}


def test_the_note_shows_the_dashboard_figures_and_no_student_name(
    django_capture_on_commit_callbacks, client_head, head, contingent, school_a
):
    # Last year's student has left: the dashboard counts those studying now.
    contingent["earlier"][0].status = "left"
    contingent["earlier"][0].save()
    dashboard = client_head.get("/").content.decode()
    # The municipal dashboard: «Школа А … 3 … 1» (students, of them with ОВЗ).
    row = re.search(r"Школа А</a></td>.*?</tr>", dashboard, re.S).group(0)
    assert re.findall(r'text-end">(\d+)<', row)[:2] == ["3", "1"]

    formats = ["docx", "xlsx"] + (["pdf"] if HAS_PDF_TOOLS else [])
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, head,
                               {"formats": formats})
    job.refresh_from_db()
    assert job.status == "done", job.message
    texts = {}
    docx = job.files.get(format="docx").file.read()
    texts["docx"] = docx_text(docx)
    workbook = openpyxl.load_workbook(io.BytesIO(job.files.get(format="xlsx").file.read()))
    texts["xlsx"] = "\n".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True)
                              for c in row if c is not None)
    if "pdf" in formats:
        texts["pdf"] = subprocess.run(
            ["pdftotext", "-layout", job.files.get(format="pdf").file.path, "-"],
            capture_output=True, check=True, timeout=60).stdout.decode()
    assert "Школа А | 1 | 1 | 1 | 3 | 1" in texts["docx"]
    assert "Итого | 1 | 2 | 2 | 5 | 1" in texts["docx"]
    names = {s.last_name for group in contingent.values() for s in group}
    for fmt, text in texts.items():
        assert "Школа А" in text, fmt
        for name in names:
            assert name not in text, (fmt, name)


@needs_libreoffice
def test_pdf_of_the_note_has_the_figures(django_capture_on_commit_callbacks, head, contingent):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, head,
                               {"formats": ["pdf"]})
    job.refresh_from_db()
    assert job.status == "done", job.message
    text = subprocess.run(["pdftotext", "-layout", job.files.get().file.path, "-"],
                          capture_output=True, check=True, timeout=60).stdout.decode()
    assert re.search(r"Школа А\s+1\s+1\s+1\s+3\s+1", text)
    assert "Данные не внесены." in text
