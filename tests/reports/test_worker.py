"""A report job through a real Celery worker process (when CELERY_BROKER_URL is set), and
in-process otherwise; a worker killed in the middle of a job leaves no half-written file
and the job is built again (late acknowledgement, reject on worker lost)."""

from __future__ import annotations

import contextlib
import io
import os
import signal

import pytest
from django.conf import settings
from docx import Document

from reports import jobs
from reports.models import ReportJob

from .conftest import PERIOD, enrol
from .processes import app_env, celery_worker, children, delete_queue, descendants, wait_for

# «worker»: these tests keep the configured broker (see tasks_in_process in conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def report_worker(settings, media_root):
    """A real `celery worker` (prefork, one child) consuming a queue of this test run only,
    so other test runs on the same Redis neither steal nor feed it; it writes into this
    test's MEDIA_ROOT and database."""
    queue = f"reports-test-{os.getpid()}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    try:
        with celery_worker(app_env(media_root, queue), f"reports-{os.getpid()}") as process:
            yield process
    finally:
        # The queue was this run's only: leave nothing of it on the shared Redis.
        delete_queue(queue)


@pytest.fixture
def data(school_a, head):
    enrol(school_a, 2022, 7, "Невидимкина")
    return head


def test_note_job_runs_where_the_configuration_says(request, data):
    head = data
    if not settings.CELERY_BROKER_URL:
        # SQLite suite and `make run`: built in this process when the transaction commits.
        assert settings.CELERY_TASK_ALWAYS_EAGER
        job = jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, head,
                               {"formats": ["docx"]})
        job.refresh_from_db()
        assert job.status == "done", job.message
        return

    request.getfixturevalue("report_worker")
    job = jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, head,
                           {"formats": ["docx", "xlsx"]})
    seen_progress = set()

    def finished():
        job.refresh_from_db()
        seen_progress.add(job.progress)
        return job.is_finished

    assert wait_for(finished), f"the worker did not finish the job: {job.status} {job.message}"
    assert job.status == "done", job.message
    assert job.attempts == 1
    assert sorted(job.files.values_list("format", flat=True)) == ["docx", "xlsx"]
    document = Document(io.BytesIO(job.files.get(format="docx").file.read()))
    assert any("Школа А" in cell.text for t in document.tables for r in t.rows for cell in r.cells)


@pytest.mark.broker
@pytest.mark.libreoffice
def test_a_worker_killed_mid_job_leaves_no_partial_file_and_the_job_is_rebuilt(
    report_worker, data
):
    job = jobs.request_job(ReportJob.Kind.HALF_YEAR_NOTE, PERIOD, None, data,
                           {"formats": ["docx", "pdf"]})

    def converting():
        job.refresh_from_db()
        return job.status == "running" and "PDF" in job.message

    assert wait_for(converting, interval=0.02), f"never saw the PDF step: {job.message}"
    # The pool child builds the job; kill it and what it started (LibreOffice), as the
    # kernel's OOM killer or a power cut would.
    pool = children(report_worker.pid)
    victims = [pid for child in pool for pid in [child, *descendants(child)]]
    assert victims, "no pool process found"
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):  # it may have ended on its own
            os.kill(pid, signal.SIGKILL)

    def rebuilt():
        job.refresh_from_db()
        return job.is_finished

    assert wait_for(rebuilt, timeout=120), f"the job was not retried: {job.status} {job.message}"
    assert job.status == "done", job.message
    assert job.attempts == 2
    directory = jobs.job_workdir(job)
    assert not [p for p in directory.rglob("*.part")]
    pdf = job.files.get(format="pdf").file.read()
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:]
    Document(io.BytesIO(job.files.get(format="docx").file.read()))  # opens: complete
