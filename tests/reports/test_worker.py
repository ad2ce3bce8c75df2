"""A report job through a real Celery worker process (when CELERY_BROKER_URL is set), and
in-process otherwise; a worker killed in the middle of a job leaves no half-written file
and the job is built again (late acknowledgement, reject on worker lost)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document

from nogliki_portal.celery import app
from reports import jobs
from reports.models import ReportJob

from ..test_worker import database_url
from .conftest import PERIOD, enrol

# «worker»: these tests keep the configured broker (see tasks_in_process in conftest.py).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def wait_for(condition, timeout: float = 90, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc: no extra package needed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces: the parent pid follows the closing ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def descendants(pid: int) -> list[int]:
    result = []
    for child in children(pid):
        result += [child, *descendants(child)]
    return result


@pytest.fixture
def report_worker(settings, media_root):
    """A real `celery worker` (prefork, one child) consuming a queue of this test run only,
    so other test runs on the same Redis neither steal nor feed it; it writes into this
    test's MEDIA_ROOT and database."""
    queue = f"reports-test-{os.getpid()}"
    node = f"reports-{os.getpid()}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1",
           "SECRET_KEY": settings.SECRET_KEY, "MEDIA_ROOT": str(media_root),
           "CELERY_QUEUE": queue, "DJANGO_SETTINGS_MODULE": "nogliki_portal.settings"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nogliki_portal", "worker", "--pool=prefork",
         "--concurrency=1", "-Q", queue, "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", "-n", f"{node}@%h"],
        env=env, cwd=settings.BASE_DIR,
    )
    try:
        destination = [f"{node}@{os.uname().nodename}"]
        if not wait_for(lambda: process.poll() is not None
                        or app.control.ping(destination=destination, timeout=1), 60, 0):
            pytest.fail("celery worker did not answer within 60 s")
        assert process.poll() is None, "celery worker exited on start"
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # The queue was this run's only: leave nothing of it on the shared Redis.
        with app.connection_for_write() as connection:
            channel = connection.default_channel
            channel.queue_delete(queue)
            channel.exchange_delete(queue)
            client = getattr(channel, "client", None)  # Redis: kombu's binding bookkeeping
            if client is not None:
                client.delete(f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")


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
