"""Report jobs through the service and the Celery task (in-process without a broker)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from reports import jobs
from reports.models import ReportFile, ReportJob

from .conftest import PERIOD, docx_text, registered

KIND = ReportJob.Kind.HALF_YEAR_NOTE  # its real builder is swapped for a test one


def queued_job(user) -> ReportJob:
    """A job as the request leaves it (created directly: its kind's builder is registered
    only inside each test)."""
    return ReportJob.objects.create(kind=KIND, period_code=PERIOD, requested_by=user)


def test_request_builds_the_note_after_commit(
    django_capture_on_commit_callbacks, head, contingent, media_root
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, head,
                               {"formats": ["docx", "xlsx"]})
        # Nothing is built before the transaction commits: the task gets only the id.
        assert job.status == ReportJob.Status.QUEUED and not job.files.exists()
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: Celery (eager here) runs the task in this process

    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE, job.message
    assert job.progress == 100 and job.attempts == 1
    assert job.started_at and job.finished_at
    assert sorted(job.files.values_list("format", flat=True)) == ["docx", "xlsx"]
    docx = job.files.get(format="docx")
    assert docx.filename == "Справка I полугодие 2022-2023, муниципалитет.docx"
    path = Path(docx.file.path)
    assert path.is_relative_to(media_root) and path.stat().st_size == docx.size
    # No temporary file is left beside the outputs.
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "half_year_note.docx", "half_year_note.xlsx"]
    assert "Школа А" in docx_text(path.read_bytes())


def test_progress_is_saved_as_the_builder_reports_it(
    django_capture_on_commit_callbacks, head
):
    seen: list[tuple[int, str, str]] = []

    def builder(job, progress):
        for percent, text in [(10, "Сбор данных"), (60, "Формирование DOCX")]:
            progress(percent, text)
            row = ReportJob.objects.get(pk=job.pk)  # what the job page would read now
            seen.append((row.progress, row.message, row.status))
        progress(150, "за пределами шкалы")
        seen.append((ReportJob.objects.get(pk=job.pk).progress, "", ""))
        return [("docx", "отчёт.docx", b"PK-not-really-a-docx")]

    with registered(KIND, builder), django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_job(KIND, PERIOD, None, head)
    assert seen == [(10, "Сбор данных", "running"), (60, "Формирование DOCX", "running"),
                    (100, "", "")]
    job.refresh_from_db()
    assert job.status == "done" and job.message == "Готово."


def test_a_builder_that_raises_fails_the_job_with_the_reason_and_leaves_no_file(
    django_capture_on_commit_callbacks, head
):
    def builder(job, progress):
        progress(40, "Почти")
        # A first output was written; the failure must take it away too.
        jobs._write_output(job, "docx", b"half")
        raise ZeroDivisionError("division by zero")

    with registered(KIND, builder), django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_job(KIND, PERIOD, None, head)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED
    assert job.message == ("Не удалось сформировать документ: внутренняя ошибка "
                           "(ZeroDivisionError: division by zero)")
    assert job.finished_at is not None
    assert not ReportFile.objects.filter(job=job).exists()
    assert not jobs.job_workdir(job).exists()


def test_a_user_facing_reason_is_shown_as_written(django_capture_on_commit_callbacks, head):
    def builder(job, progress):
        raise jobs.JobError("за полугодие не принято ни одного отчёта ОО.")

    with registered(KIND, builder), django_capture_on_commit_callbacks(execute=True):
        job = jobs.request_job(KIND, PERIOD, None, head)
    job.refresh_from_db()
    assert job.message == ("Не удалось сформировать документ: за полугодие не принято "
                           "ни одного отчёта ОО.")


def test_restart_runs_a_failed_job_again_from_scratch(django_capture_on_commit_callbacks, head):
    calls = []

    def flaky(job, progress):
        calls.append(job.attempts)
        if len(calls) == 1:
            raise RuntimeError("сбой")
        return [("xlsx", "приложение.xlsx", b"content")]

    with registered(KIND, flaky):
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.request_job(KIND, PERIOD, None, head)
        job.refresh_from_db()
        assert job.status == "failed" and jobs.can_restart(job)
        with django_capture_on_commit_callbacks(execute=True):
            jobs.restart_job(job)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 1 and calls == [1, 1]
    assert job.files.get().filename == "приложение.xlsx"


def test_a_rerun_after_a_killed_worker_deletes_what_the_first_attempt_left(head):
    """The worker died while writing: a temporary file and even a recorded output remain.
    The message is delivered again; the new run starts clean and counts the attempt."""
    job = queued_job(head)
    directory = jobs.job_workdir(job)
    directory.mkdir(parents=True)
    (directory / ".half_year_note.docx.dead.part").write_bytes(b"half-written")
    (directory / "pdf-xyz").mkdir()  # a LibreOffice temp dir of the dead attempt
    stale = ReportFile(job=job, format="pdf", filename="old.pdf", size=3)
    stale.file.name = f"{jobs.job_dir_name(job)}/half_year_note.pdf"
    stale.save()
    ReportJob.objects.filter(pk=job.pk).update(status="running", attempts=1, progress=70)

    with registered(KIND, lambda job, progress: [("docx", "новый.docx", b"complete")]):
        jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2
    assert list(job.files.values_list("filename", flat=True)) == ["новый.docx"]
    assert sorted(p.name for p in directory.iterdir()) == ["half_year_note.docx"]


def test_a_job_interrupted_too_often_is_failed_not_retried_forever(head, settings):
    settings.REPORT_MAX_ATTEMPTS = 3
    job = queued_job(head)
    ReportJob.objects.filter(pk=job.pk).update(status="running", attempts=3)
    with registered(KIND, lambda job, progress: pytest.fail("must not build again")):
        jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "прерывалась 3 раз" in job.message


def test_a_duplicate_delivery_of_a_done_job_changes_nothing(head):
    job = queued_job(head)
    with registered(KIND, lambda job, progress: [("docx", "a.docx", b"1")]):
        jobs.run_job(job.pk)
        jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.attempts == 1 and job.files.count() == 1


def test_outputs_appear_whole_or_not_at_all(head, tmp_path):
    job = queued_job(head)
    source = tmp_path / "built.pdf"
    source.write_bytes(b"%PDF-1.7 complete")
    name, size = jobs._write_output(job, "pdf", source)
    final = jobs.job_workdir(job) / "half_year_note.pdf"
    assert name.endswith("/half_year_note.pdf") and final.read_bytes() == b"%PDF-1.7 complete"
    assert size == len(b"%PDF-1.7 complete")

    class Exploding(os.PathLike):
        def __fspath__(self):
            raise OSError("диск переполнен")

    with pytest.raises(OSError):
        jobs._write_output(job, "pdf", Exploding())
    # The complete file of before is untouched and no temporary file is left.
    assert final.read_bytes() == b"%PDF-1.7 complete"
    assert [p.name for p in final.parent.iterdir()] == ["half_year_note.pdf"]


def test_unknown_kind_and_bad_period_are_refused_in_russian(head):
    with registered(ReportJob.Kind.CLUSTER_ANALYSIS, None), \
            pytest.raises(jobs.JobError, match="пока не формируются"):
        jobs.create_job(ReportJob.Kind.CLUSTER_ANALYSIS, "2022/2023", None, head)
    with pytest.raises(jobs.JobError, match="строится за учебный год"):
        jobs.create_job(ReportJob.Kind.CLUSTER_ANALYSIS, PERIOD, None, head)
    with pytest.raises(jobs.JobError, match="указан неверно"):
        jobs.create_job(ReportJob.Kind.HALF_YEAR_NOTE, "2022-1", None, head)


def test_a_coordinator_may_order_only_own_school(coordinator_a, school_a, school_b):
    with pytest.raises(PermissionDenied):
        jobs.create_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, school_b, coordinator_a)
    with pytest.raises(PermissionDenied):
        jobs.create_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, coordinator_a)
    job = jobs.create_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, school_a, coordinator_a)
    assert job.school == school_a


def test_task_marks_the_job_failed_when_something_escapes_the_service(head):
    from reports.tasks import ReportTask

    job = queued_job(head)
    ReportTask().on_failure(RuntimeError("база данных недоступна"), "id", [job.pk], {}, None)
    job.refresh_from_db()
    assert job.status == "failed" and "база данных недоступна" in job.message
