"""The Celery application. Without CELERY_BROKER_URL report jobs run in threads of the web
process and other tasks eagerly (see settings.REPORT_RUNNER)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nogliki_portal.settings")

app = Celery("nogliki_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def on_worker_ready(sender=None, **kwargs) -> None:
    """A worker that starts says it is alive and picks up what a vanished worker left
    (jobs whose lease lapsed or whose owner died on this host), without waiting for beat.
    Sent as tasks: the pool, not this process, touches the database."""
    queue = app.conf.task_default_queue
    app.send_task("monitoring.record_heartbeat", queue=queue)
    app.send_task("reports.recover_jobs", queue=queue)
