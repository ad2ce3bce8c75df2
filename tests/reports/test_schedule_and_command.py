"""Celery beat's services with explicit dates, and the build_note command."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from docx import Document

from reports import jobs
from reports.models import ReportJob

from .conftest import PERIOD
from .test_job_pages import finished_job


def test_beat_schedule_has_the_report_tasks():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"reports.autobuild_notes", "reports.purge_old_reports"} <= tasks
    assert settings.NOTE_AUTOBUILD_DAYS_AFTER_PERIOD == 10
    assert settings.REPORT_RETENTION_DAYS == 365


def test_the_municipal_note_is_built_once_after_the_half_year_ends(
    django_capture_on_commit_callbacks, contingent, settings
):
    settings.NOTE_AUTOBUILD_DAYS_AFTER_PERIOD = 10
    # I half-year 2022/2023 ended on 31.12.2022: on 09.01.2023 it is not due yet …
    with django_capture_on_commit_callbacks(execute=True):
        early = jobs.autobuild_due_notes(dt.date(2023, 1, 9))
    assert early is None or early.period_code != PERIOD
    ReportJob.objects.all().delete()
    # … on 10.01.2023 it is, and the job is built;
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.autobuild_due_notes(dt.date(2023, 1, 10))
    assert job.period_code == PERIOD and job.school is None and job.requested_by is None
    assert job.params["auto"] is True
    job.refresh_from_db()
    assert job.status == "done", job.message
    # … and the next days change nothing, even after a failure.
    ReportJob.objects.filter(pk=job.pk).update(status="failed")
    for day in (dt.date(2023, 1, 11), dt.date(2023, 3, 1)):
        assert jobs.autobuild_due_notes(day) is None
    assert ReportJob.objects.count() == 1


def test_a_note_missed_while_the_server_was_down_is_still_made(db, settings):
    settings.NOTE_AUTOBUILD_DAYS_AFTER_PERIOD = 10
    # 05.09.2023: II half-year 2022/2023 ended 31.08 and is in its grace days; the I
    # half-year's note (due since 10.01.2023) was never made.
    assert jobs.note_due_period(dt.date(2023, 9, 5)).code == "2022/2023-1"
    assert jobs.note_due_period(dt.date(2023, 9, 10)).code == "2022/2023-2"


def test_old_files_are_purged_but_approved_notes_kept(head, school_a, settings):
    settings.REPORT_RETENTION_DAYS = 365
    old, kept, recent = (finished_job(None, head), finished_job(None, head),
                         finished_job(school_a, head))
    long_ago = timezone.make_aware(dt.datetime(2021, 6, 1, 12))
    ReportJob.objects.filter(pk__in=[old.pk, kept.pk]).update(created_at=long_ago)
    ReportJob.objects.filter(pk=recent.pk).update(
        created_at=timezone.make_aware(dt.datetime(2022, 3, 1, 12)))
    ReportJob.objects.filter(pk=kept.pk).update(approved=True)
    old_dir = jobs.job_workdir(old)
    assert old_dir.exists()

    assert jobs.purge_old_reports(dt.date(2022, 9, 1)) == 1
    assert not ReportJob.objects.filter(pk=old.pk).exists() and not old_dir.exists()
    assert ReportJob.objects.filter(pk__in=[kept.pk, recent.pk]).count() == 2
    assert jobs.job_workdir(kept).exists()
    assert jobs.purge_old_reports(dt.date(2022, 9, 1)) == 0


def test_the_tasks_call_the_services(db, settings):
    from reports.tasks import autobuild_notes, purge_old_reports

    # Called directly (in this process, whatever the broker): each is one service call.
    assert purge_old_reports() == 0
    created = autobuild_notes()
    assert ReportJob.objects.get(params__auto=True).pk == created
    assert autobuild_notes() is None


def test_build_note_command_writes_the_file(tmp_path, contingent, school_a):
    out = tmp_path / "note.docx"
    call_command("build_note", "--period", PERIOD, "--format", "docx", "--out", str(out),
                 stdout=io.StringIO(), stderr=io.StringIO())
    document = Document(str(out))
    assert any(p.text == "Информационно-аналитическая справка" for p in document.paragraphs)
    # The same service as the web: the job is recorded and listed there.
    job = ReportJob.objects.get()
    assert job.status == "done" and job.params["formats"] == ["docx"]

    xlsx = tmp_path / "school.xlsx"
    call_command("build_note", "--period", PERIOD, "--school", school_a.code, "--format", "xlsx",
                 "--out", str(xlsx), stdout=io.StringIO(), stderr=io.StringIO())
    workbook = openpyxl.load_workbook(xlsx)
    assert workbook["Контингент"]["A3"].value == "Школа А"


def test_build_note_command_explains_bad_input(tmp_path, db, settings):
    out = str(tmp_path / "x.docx")
    with pytest.raises(CommandError, match="указан неверно"):
        call_command("build_note", "--period", "2022", "--out", out)
    with pytest.raises(CommandError, match="ОО с кодом «nope» не найдена"):
        call_command("build_note", "--period", PERIOD, "--school", "nope", "--out", out)
    settings.SOFFICE_PATH = "/nonexistent/soffice"
    with pytest.raises(CommandError, match="не установлен LibreOffice"):
        call_command("build_note", "--period", PERIOD, "--format", "pdf", "--out", out)


def test_the_job_list_says_who_ordered_each_job(client_head, head, contingent, tmp_path):
    call_command("build_note", "--period", PERIOD, "--format", "docx",
                 "--out", str(tmp_path / "n.docx"), stdout=io.StringIO(), stderr=io.StringIO())
    jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, None, {"auto": True})
    jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, head)
    page = client_head.get("/reports/").content.decode()
    assert "команда build_note" in page and "автоматически (по расписанию)" in page
    assert str(head) in page


def _docx_forbidden(monkeypatch) -> list[str]:
    """The note's Word renderer replaced by one that records being called and refuses."""
    from reports.notes import builder

    calls: list[str] = []

    def refuse(data):
        calls.append(data.title)
        raise AssertionError("DOCX отрисован для одного Excel")

    monkeypatch.setattr(builder, "render_note_docx", refuse)
    return calls


def test_build_note_xlsx_does_not_render_the_word_document(tmp_path, contingent, monkeypatch):
    calls = _docx_forbidden(monkeypatch)
    out = tmp_path / "note.xlsx"
    call_command("build_note", "--period", PERIOD, "--format", "xlsx", "--out", str(out),
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert calls == []
    job = ReportJob.objects.get()
    assert job.status == "done" and [f.format for f in job.files.all()] == ["xlsx"]
    assert openpyxl.load_workbook(out)["Контингент"]["A3"].value == "Школа А"


def test_an_excel_only_note_ordered_on_the_page_renders_no_word_document(
    django_capture_on_commit_callbacks, client_imc, contingent, monkeypatch
):
    calls = _docx_forbidden(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        client_imc.post("/reports/", {"kind": ReportJob.Kind.HALF_YEAR_NOTE, "period": PERIOD,
                                      "school": "", "formats": ["xlsx"]})
    job = ReportJob.objects.get()
    assert calls == [] and job.status == "done"
    download = client_imc.get(f"/reports/files/{job.files.get().pk}/")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Контингент" in workbook.sheetnames


def test_the_word_document_is_still_rendered_for_a_pdf(tmp_path, contingent, monkeypatch):
    calls = _docx_forbidden(monkeypatch)
    job = jobs.create_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None,
                          params={"formats": ["pdf"]})
    jobs.run_job(job.pk)
    assert len(calls) == 1
