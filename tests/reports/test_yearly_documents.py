"""The yearly analytical report per monitoring (4.1) and the cluster analysis (4.2)."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse
from docx import Document

from monitoring.models import School
from monitoring.registers import records as r
from reports import jobs
from reports.models import ReportJob

from .conftest import docx_text
from .world import D, student


def run(kind, period, user, school=None, **params):
    # The same service the Celery task calls, run here directly.
    job = jobs.create_job(kind, period, school, user, {"formats": ["docx", "xlsx"], **params})
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.message
    files = {f.format: f.file.read() for f in job.files.all()}
    return job, files


def test_monitoring_report_has_each_register_by_half_year(world, imc):
    _, files = run(ReportJob.Kind.MONITORING_REPORT, "2022/2023", imc)
    text = docx_text(files["docx"])
    assert "Аналитический отчёт по результатам мониторингов" in text
    assert "1. Взаимодействие с предприятиями" in text and "1. 1." not in text
    # Diagnostics: school A — 2 in the first half-year, 0 in the second, 2 in the year,
    # 1 of them with ОВЗ, none the year before.
    assert "Школа А | 2 | 0 | 2 | 1 | 0 | +2" in text
    assert "Число обучающихся, охваченных профориентационной диагностикой, увеличилось по сравнению с прошлым учебным годом на 3 обучающихся" in text
    book = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))
    # The ten monitorings, the lessons watched by whole classes (participations, apart
    # from students) and the indicators of the year.
    assert "4. Диагностика" in book.sheetnames and "9. Просмотры классами" in book.sheetnames
    assert "Показатели" in book.sheetnames
    # The report ends with its conclusions and recommendations, then the signature.
    assert "Выводы" in text and "Рекомендации" in text
    assert "Число участников выросло по" in text or "число участников выросло по" in text
    for s in world.values():
        assert s.full_name not in text


def test_one_monitoring_only(world, imc):
    _, files = run(ReportJob.Kind.MONITORING_REPORT, "2022/2023", imc, register="diagnostics")
    text = docx_text(files["docx"])
    assert "Охват профориентационной диагностикой" in text and "Детские техноклассы" not in text


def test_cluster_analysis_groups_schools_and_compares_outcomes(world, imc, municipality):
    school_c = School.objects.create(municipality=municipality, code="c", name="Школа В полностью",
                                     short_name="Школа В")
    pupil = student(school_c, "Седьмой", 8, "М")
    method = r.Diagnostic.objects.first().method
    r.Diagnostic.objects.create(school=school_c, student=pupil, date=D, method=method)
    _, files = run(ReportJob.Kind.CLUSTER_ANALYSIS, "2022/2023", imc)
    document = Document(io.BytesIO(files["docx"]))
    text = docx_text(files["docx"])
    assert "методом Уорда" in text and "силуэта" in text
    assert "Группа 1 (" in text and text.count("Группа 1 (") == 1  # each group described once
    assert text.count("методом Уорда") == 1  # the method said once
    assert len(document.inline_shapes) >= 2  # the dendrogram and the outcomes chart
    # Both admitted graduates took part in exactly one kind of activity (s3: «Точка роста»,
    # s5: diagnostics): half by profile, half targeted, half in the region.
    assert "1 вид | 2 | 50 | 50 | 50" in text
    assert "не участвовали | 0 | — | — | —" in text


def test_yearly_kinds_need_an_academic_year(client_imc, world):
    response = client_imc.post(reverse("reports:job_list"), {
        "kind": "monitoring_report", "period": "2022/2023-1", "formats": ["docx"],
    })
    assert "Для этого документа выберите учебный год." in response.content.decode()
    response = client_imc.post(reverse("reports:job_list"), {
        "kind": "half_year_note", "period": "2022/2023", "formats": ["docx"],
    })
    assert "Для справки выберите полугодие." in response.content.decode()


def test_coordinator_cannot_order_a_cluster_analysis(client_a, school_a, world):
    page = client_a.get(reverse("reports:job_list")).content.decode()
    assert 'value="cluster_analysis"' not in page and 'value="monitoring_report"' in page


def test_yearly_documents_ordered_as_excel_only_draw_no_chart(world, imc, monkeypatch):
    from monitoring.documents import docx as official
    from reports import cluster_report

    def refuse(*args, **kwargs):
        raise AssertionError("диаграмма нарисована для одного Excel")

    monkeypatch.setattr(official, "render_chart_png", refuse)
    monkeypatch.setattr(cluster_report, "cluster_chart_png", refuse)
    for kind in (ReportJob.Kind.MONITORING_REPORT, ReportJob.Kind.CLUSTER_ANALYSIS):
        job = jobs.create_job(kind, "2022/2023", None, imc, {"formats": ["xlsx"]})
        job = jobs.run_job(job.pk)
        assert job.status == ReportJob.Status.DONE, job.message
        assert [f.format for f in job.files.all()] == ["xlsx"]
        openpyxl.load_workbook(io.BytesIO(job.files.get().file.read()))
