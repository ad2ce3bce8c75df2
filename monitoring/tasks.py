"""Background tasks of the monitoring app."""

from __future__ import annotations

import os
import socket

from celery import shared_task

from .models import WorkerHeartbeat


@shared_task(name="monitoring.record_heartbeat")
def record_heartbeat() -> dict:
    """Note that a worker is alive (scheduled by beat; also the CI proof that tasks run)."""
    eager = bool(getattr(record_heartbeat.request, "is_eager", False))
    hostname = "в процессе веб-сервера" if eager else (
        record_heartbeat.request.hostname or socket.gethostname()
    )
    beat, _ = WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"pid": os.getpid(), "eager": eager}
    )
    return {"hostname": beat.hostname, "pid": beat.pid}


@shared_task(name="monitoring.purge_personal_data")
def purge_personal_data() -> str:
    """Daily: the retention rules of README «Personal data»."""
    from .privacy import purge_personal_data as purge

    return str(purge())
