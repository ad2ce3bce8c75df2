"""How a report job reaches whoever builds it, and how it survives that builder dying.

The job row is the truth (an outbox). The request only writes the row; after the commit
:func:`publish` hands its id to the runner:

* ``REPORT_RUNNER = "celery"``: a message to the broker. A broker that is down is not an
  error for the user: the row stays «в очереди» with «построитель недоступен», and
  :func:`recover_jobs` (beat, every REPORT_RECOVER_SECONDS, and each worker on start)
  publishes it again once the broker is back;
* ``"thread"`` (no broker, e.g. ``make run``): a pool of threads inside the web process,
  so the request returns at once and the job page's progress bar moves exactly as with
  a worker.

A builder holds a *lease* on the job (:class:`Lease`): it claims the row atomically and
renews the lease every third of REPORT_LEASE_SECONDS from a thread of its own. A worker
killed whole (OOM, a stopped container) stops renewing; its lease lapses and
:func:`recover_jobs` queues the job again — in a minute, not after Redis's visibility
timeout. On the same host a dead owner process is recognised at once."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from .models import ReportJob

logger = logging.getLogger(__name__)

BROKER_DOWN = ("Поставлено в очередь, построитель недоступен: документ будет сформирован "
               "автоматически, как только фоновый обработчик снова заработает.")
WORKER_LOST = ("Фоновый обработчик остановился во время работы; задание поставлено в "
               "очередь повторно и будет сформировано заново.")
# A job created a moment ago is being published by its own request: leave it alone.
PUBLISH_GRACE = dt.timedelta(seconds=5)


# ------------------------------------------------------------------------------ leases


def new_owner() -> str:
    """Who holds a lease: host, process and a random part (two runs never share one)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def owner_is_dead(owner: str) -> bool:
    """True when ``owner`` is a process of this host that no longer runs (killed, or a
    zombie nobody has reaped). Another host's process cannot be seen: its lease decides."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
        return state in {"Z", "X"}
    except FileNotFoundError:
        return True
    except (OSError, IndexError):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


def lease_until(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) + dt.timedelta(seconds=settings.REPORT_LEASE_SECONDS)


def lease_lapsed(job: ReportJob, now: dt.datetime | None = None) -> bool:
    """A running job nobody is building any more."""
    if job.status != ReportJob.Status.RUNNING:
        return False
    now = now or timezone.now()
    return (job.lease_expires_at is None or job.lease_expires_at <= now
            or owner_is_dead(job.lease_owner))


class Lease:
    """Renews the lease of ``owner`` on a job every third of REPORT_LEASE_SECONDS from a
    thread of its own, so a long step (a PDF conversion) does not look like a dead
    worker. ``lost`` turns true when another builder has taken the job over."""

    def __init__(self, job_id: int, owner: str) -> None:
        self.job_id, self.owner = job_id, owner
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name=f"lease-{job_id}",
                                        daemon=True)

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def renew(self) -> bool:
        updated = ReportJob.objects.filter(
            pk=self.job_id, lease_owner=self.owner, status=ReportJob.Status.RUNNING
        ).update(lease_expires_at=lease_until())
        self.lost = self.lost or not updated
        return bool(updated)

    def _renew(self) -> None:
        interval = max(0.5, settings.REPORT_LEASE_SECONDS / 3)
        try:
            while not self._stop.wait(interval):
                if not self.renew():
                    return
        except Exception:  # the database blinked: the next renewal (or the sweep) decides
            logger.warning("Не удалось продлить аренду задания %s", self.job_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection


# ---------------------------------------------------------------------------- runners

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
# Jobs this web process's pool has taken: a queued job published by a process that has
# since restarted (runserver's reload, a gunicorn worker recycled) is not among them.
_submitted: set[int] = set()


def _thread_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=settings.REPORT_THREADS,
                                       thread_name_prefix="report-job")
        return _pool


def _run_in_thread(job_id: int) -> None:
    from .jobs import run_job

    try:
        run_job(job_id)
    except Exception:
        logger.exception("Задание на отчёт %s: сбой построителя в процессе веб-сервера", job_id)
    finally:
        connections.close_all()


def publish(job_id: int) -> bool:
    """Hand a queued job to its runner now. False when the broker is unreachable: the row
    keeps «в очереди» with the reason, and :func:`recover_jobs` tries again later."""
    queued = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.QUEUED)
    # Marked before sending: an eager or fast runner may finish before this returns.
    if not queued.update(published_at=timezone.now(), message=""):
        return True  # already running or finished: nothing to hand over
    try:
        if settings.REPORT_RUNNER == "thread":
            _submitted.add(job_id)
            _thread_pool().submit(_run_in_thread, job_id)
        else:
            from .tasks import build_report

            build_report.apply_async(args=[job_id], queue=settings.CELERY_TASK_DEFAULT_QUEUE,
                                     retry=False)
    except Exception as exc:  # kombu/redis connection errors: the broker is down
        logger.warning("Задание на отчёт %s не передано построителю: %s", job_id, exc)
        queued.update(published_at=None, message=BROKER_DOWN)
        return False
    return True


def publish_on_commit(job: ReportJob) -> None:
    from django.db import transaction

    transaction.on_commit(lambda: publish(job.pk))


# --------------------------------------------------------------------------- recovery


def recover_job(job: ReportJob, now: dt.datetime | None = None) -> bool:
    """Queue again a job whose builder vanished, or publish one that never reached its
    runner. Returns True when the job was handed over (again)."""
    from .jobs import interrupted_too_often, mark_failed

    now = now or timezone.now()
    if lease_lapsed(job, now):
        if job.attempts >= settings.REPORT_MAX_ATTEMPTS:
            mark_failed(job.pk, interrupted_too_often(job.attempts))
            return False
        requeued = ReportJob.objects.filter(
            pk=job.pk, status=ReportJob.Status.RUNNING, lease_owner=job.lease_owner,
        ).update(status=ReportJob.Status.QUEUED, published_at=None, lease_owner="",
                 lease_expires_at=None, message=WORKER_LOST)
        if not requeued:
            return False
        logger.warning("Задание на отчёт %s: построитель %s пропал, задание поставлено "
                       "в очередь повторно", job.pk, job.lease_owner)
        return publish(job.pk)
    if job.status == ReportJob.Status.QUEUED and job.created_at <= now - PUBLISH_GRACE:
        stale = now - dt.timedelta(seconds=settings.REPORT_REPUBLISH_SECONDS)
        lost_in_restart = (settings.REPORT_RUNNER == "thread" and job.pk not in _submitted
                           and job.published_at is not None)
        if job.published_at is None or job.published_at <= stale or lost_in_restart:
            return publish(job.pk)
    return False


def recover_jobs(now: dt.datetime | None = None) -> int:
    """Beat's sweep: every job left behind is handed over again. Returns how many."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.REPORT_REPUBLISH_SECONDS)
    candidates = ReportJob.objects.filter(
        Q(status=ReportJob.Status.RUNNING)
        | Q(status=ReportJob.Status.QUEUED, created_at__lte=now - PUBLISH_GRACE)
        & (Q(published_at__isnull=True) | Q(published_at__lte=stale))
    ).order_by("created_at")
    return sum(recover_job(job, now) for job in candidates)
