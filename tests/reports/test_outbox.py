"""Jobs survive their infrastructure: the row is the truth (an outbox), a builder holds a
lease, and a job is built whatever happens to the broker or the worker.

* without a broker a thread of the web process builds the job: the request returns at
  once and the progress bar moves as with a worker;
* with the broker down, ordering a note answers without a 5xx, the user reads «поставлено
  в очередь, построитель недоступен», and the job is built once the broker is back;
* a worker killed whole (main process and children) is noticed by its lapsed lease and
  the job is rebuilt by a new worker within seconds, not after Redis's hour."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading

import pytest
from django.test import Client
from django.utils import timezone
from docx import Document

from reports import jobs, outbox
from reports.models import ReportJob

from .conftest import PERIOD, enrol, registered
from .processes import (
    Browser,
    app_env,
    celery_worker,
    delete_queue,
    free_port,
    gunicorn,
    kill_tree,
    redis_server,
    wait_for,
)

NOTE = ReportJob.Kind.HALF_YEAR_NOTE


def queued(user, **fields) -> ReportJob:
    return ReportJob.objects.create(kind=NOTE, period_code=PERIOD, requested_by=user, **fields)


# --------------------------------------------------------------- the row and the lease


def test_a_lapsed_lease_or_a_dead_owner_means_the_job_is_rebuilt(head, settings):
    settings.REPORT_MAX_ATTEMPTS = 3
    now = timezone.now()
    alive = queued(head, status="running", attempts=1, lease_owner=outbox.new_owner(),
                   lease_expires_at=now + dt.timedelta(seconds=30))
    lapsed = queued(head, status="running", attempts=1, lease_owner="elsewhere:1:x",
                    lease_expires_at=now - dt.timedelta(seconds=1))
    # pid 2**22+1 is above Linux's pid_max: certainly no process of this host.
    dead = queued(head, status="running", attempts=1,
                  lease_owner=f"{outbox.socket.gethostname()}:{2**22 + 1}:x",
                  lease_expires_at=now + dt.timedelta(seconds=30))
    assert not outbox.lease_lapsed(alive, now)
    assert outbox.lease_lapsed(lapsed, now) and outbox.lease_lapsed(dead, now)

    built = []
    with registered(NOTE, lambda job, progress: built.append(job.pk) or
                    [("docx", "a.docx", b"1")]):
        # The sweep (beat) hands both lost jobs over again; eager Celery builds them here.
        assert outbox.recover_jobs(now) == 2
    assert sorted(built) == sorted([lapsed.pk, dead.pk])
    for job in (lapsed, dead):
        job.refresh_from_db()
        assert job.status == "done" and job.attempts == 2
    alive.refresh_from_db()
    assert alive.status == "running"


def test_a_duplicate_delivery_while_a_live_builder_works_changes_nothing(head):
    job = queued(head, status="running", attempts=1, lease_owner=outbox.new_owner(),
                 lease_expires_at=timezone.now() + dt.timedelta(seconds=30))
    with registered(NOTE, lambda job, progress: pytest.fail("must not build twice")):
        jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1


def test_a_builder_that_lost_its_lease_stops_without_touching_the_job(head):
    job = queued(head)

    def builder(job, progress):
        # Meanwhile the sweep thought this builder dead and another one took the job.
        ReportJob.objects.filter(pk=job.pk).update(lease_owner="another:1:y")
        progress(50, "Формирование")
        pytest.fail("the progress call must stop a builder that lost its lease")

    with registered(NOTE, builder):
        jobs.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "running" and job.lease_owner == "another:1:y"


def test_queued_jobs_never_handed_over_are_published_by_the_sweep(head, settings):
    job = queued(head, message=outbox.BROKER_DOWN)
    ReportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=1))
    fresh = queued(head)  # its own request is publishing it right now: left alone
    with registered(NOTE, lambda job, progress: [("docx", "a.docx", b"1")]):
        assert outbox.recover_jobs() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == "done" and fresh.status == "queued"


# ----------------------------------------------------------------- no broker: threads


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_thread_builds_the_job_while_the_page_follows_it(
    imc, settings, period
):
    """`make run`: «Сформировать» returns at once; the job page's status moves from
    «в очереди» through «выполняется» to «готово», as with a worker."""
    settings.REPORT_RUNNER = "thread"
    release = threading.Event()

    def builder(job, progress):
        progress(30, "Сбор данных")
        assert release.wait(30), "the test never let the builder finish"
        progress(80, "Формирование DOCX")
        return [("docx", "справка.docx", b"content")]

    client = Client()
    client.force_login(imc)
    with registered(NOTE, builder):
        response = client.post("/reports/", {"kind": NOTE, "period": PERIOD, "school": "",
                                              "formats": ["docx"]})
        assert response.status_code == 302
        job = ReportJob.objects.get()
        status_url = f"/reports/jobs/{job.pk}/status/"
        # The request returned while the builder is still at work.
        running = wait_for(lambda: client.get(status_url).json()["progress"] == 30, 30)
        assert running, client.get(status_url).json()
        state = client.get(status_url).json()
        assert state["status"] == "running" and not state["finished"] and not state["files"]
        release.set()
        assert wait_for(lambda: client.get(status_url).json()["finished"], 30)
    state = client.get(status_url).json()
    assert state["status"] == "done" and state["files"][0]["filename"] == "справка.docx"


# ------------------------------------------------------- real broker, real processes


@pytest.fixture
def queue_name(settings, media_root):
    queue = f"outbox-test-{outbox.os.getpid()}"
    settings.CELERY_TASK_DEFAULT_QUEUE = queue
    yield queue
    delete_queue(queue)


@pytest.mark.worker
@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_note_is_queued_and_built_when_it_comes_back(
    imc, school_a, media_root, tmp_path, queue_name
):
    enrol(school_a, 2022, 7, "Невидимкина")
    broker_port = free_port()  # nothing listens there yet: the broker is down
    broker = f"redis://127.0.0.1:{broker_port}/0"
    client = Client()
    client.force_login(imc)
    browser_session = client.cookies["sessionid"].value
    web_env = app_env(media_root, queue_name, broker, REPORT_RUNNER="celery")

    with gunicorn(web_env, free_port()) as base:
        browser = Browser(base, browser_session)
        status, _, page = browser.get("/reports/")
        assert status == 200 and "Заказать документ" in page
        status, url, page = browser.post("/reports/", {
            "kind": NOTE, "period": PERIOD, "school": "", "formats": ["docx"]})
        assert status == 200, page[:2000]  # no 5xx: the job page, after the redirect
        job = ReportJob.objects.get()
        assert url.endswith(f"/reports/jobs/{job.pk}/")
        assert "поставлено в очередь, построитель недоступен" in page.lower()
        assert job.status == "queued" and job.published_at is None
        status, _, health = browser.get("/health/")
        assert status == 503 and json.loads(health)["broker"] == "error"

        # The broker comes back; a worker with beat starts on it. Nobody touches the job.
        worker_env = app_env(media_root, queue_name, broker, REPORT_RECOVER_SECONDS="2")
        with redis_server(broker_port), celery_worker(
            worker_env, f"outbox-{outbox.os.getpid()}", beat_schedule=tmp_path / "beat",
            wait=False,
        ):
            def built():
                job.refresh_from_db()
                return job.is_finished

            assert wait_for(built, 120, 0.2), f"never built: {job.status} {job.message}"
            assert job.status == "done", job.message
            status, _, health = browser.get("/health/")
            assert status == 200 and json.loads(health)["broker"] == "ok"
    document = Document(io.BytesIO(job.files.get(format="docx").file.read()))
    assert any("Информационно-аналитическая справка" in p.text for p in document.paragraphs)


@pytest.mark.worker
@pytest.mark.broker
@pytest.mark.libreoffice
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_whole_is_replaced_and_the_job_rebuilt_within_seconds(
    imc, school_a, media_root, tmp_path, queue_name
):
    """SIGKILL to the worker's main process and all its children (not only the pool
    child): its message stays unacknowledged in Redis for the visibility timeout, but the
    job's lease lapses and the new worker's sweep rebuilds it."""
    enrol(school_a, 2022, 7, "Невидимкина")
    env = app_env(media_root, queue_name, REPORT_LEASE_SECONDS="4", REPORT_RECOVER_SECONDS="2")
    with celery_worker(env, f"doomed-{outbox.os.getpid()}") as doomed:
        job = jobs.request_job(NOTE, PERIOD, None, imc, {"formats": ["docx", "pdf"]})

        def converting():
            job.refresh_from_db()
            return job.status == "running" and "PDF" in job.message

        assert wait_for(converting, interval=0.02), f"never saw the PDF step: {job.message}"
        kill_tree(doomed)
    job.refresh_from_db()
    assert job.status == "running" and job.attempts == 1  # as the dead worker left it

    with celery_worker(env, f"heir-{outbox.os.getpid()}", beat_schedule=tmp_path / "beat"):
        def rebuilt():
            job.refresh_from_db()
            return job.is_finished

        assert wait_for(rebuilt, timeout=120), f"not rebuilt: {job.status} {job.message}"
    assert job.status == "done", job.message
    assert job.attempts == 2
    assert not list(jobs.job_workdir(job).rglob("*.part"))
    pdf = job.files.get(format="pdf").file.read()
    assert pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-64:]
    Document(io.BytesIO(job.files.get(format="docx").file.read()))  # opens: complete
