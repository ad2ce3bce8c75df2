"""Background tasks: in-process without a broker, in a real worker with one."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from monitoring.models import WorkerHeartbeat
from monitoring.tasks import record_heartbeat
from nogliki_portal.celery import app


def database_url() -> str:
    """The URL of the database this test run uses (the test database, not the dev one)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process():
    """A real `celery worker` process on the configured broker, using the test database."""
    env = {**os.environ, "DATABASE_URL": database_url(), "DEBUG": "1",
           "SECRET_KEY": settings.SECRET_KEY,
           "DJANGO_SETTINGS_MODULE": "nogliki_portal.settings"}
    app.control.purge()
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nogliki_portal", "worker", "--pool=solo",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "-n",
         f"ci-{os.getpid()}@%h"],
        env=env, cwd=settings.BASE_DIR,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if app.control.ping(destination=[f"ci-{os.getpid()}@{os.uname().nodename}"], timeout=1):
                break
            assert process.poll() is None, "celery worker exited on start"
        else:
            pytest.fail("celery worker did not answer within 60 s")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_task_runs_where_the_configuration_says(request):
    if not settings.CELERY_BROKER_URL:
        # `make run` and the SQLite suite: the task runs right here, in this process.
        assert settings.CELERY_TASK_ALWAYS_EAGER
        result = record_heartbeat.delay()
        beat = WorkerHeartbeat.objects.get()
        assert beat.eager and beat.pid == os.getpid() == result.get()["pid"]
        return

    worker = request.getfixturevalue("celery_worker_process")
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    record_heartbeat.delay()
    deadline = time.monotonic() + 60
    beat = None
    while time.monotonic() < deadline and beat is None:
        beat = WorkerHeartbeat.objects.filter(eager=False).first()
        time.sleep(0.2)
    assert beat is not None, "the worker did not write its heartbeat to the database"
    # --pool=solo runs tasks in the worker's main process: its pid, not ours.
    assert beat.pid == worker.pid != os.getpid()


def test_health_page_reports_database_and_worker(client, db):
    WorkerHeartbeat.objects.create(hostname="w1", pid=42)
    data = client.get("/health/").json()
    assert data["database"] == "ok" and data["worker"]["seconds_ago"] >= 0
