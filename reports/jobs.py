"""Report jobs: documents the portal builds in the background (Saleor's Job pattern).

A request calls :func:`request_job`: it saves a :class:`ReportJob` row and, once the
transaction commits, hands the job's id to its runner (``reports.outbox``: a Celery
worker, or a thread of the web process when there is no broker), whose only call is
:func:`run_job`. ``run_job`` claims the job under a lease, asks the builder registered
for the job's kind for the outputs, reporting progress as it goes, writes each output to
a temporary file beside its final path and moves it into place only when complete, then
records the files.

The row is the truth: a broker that is down leaves the job «в очереди» and it is
published again later; a worker killed in the middle leaves only temporary files and a
lease that lapses, and the next run deletes everything the previous one left before
starting (see ``reports/outbox.py``)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from monitoring.models import Period, School
from nogliki_portal.db_router import replica_reads

from . import outbox
from .indicators.cache import computing
from .models import ReportFile, ReportJob

logger = logging.getLogger(__name__)

JOBS_DIR = "reports/jobs"

# An output of a builder: (format, file name for the download, content bytes or a path).
Output = tuple[str, str, bytes | str | os.PathLike]


class JobError(Exception):
    """A reason a document cannot be built, written for the user (in Russian)."""


class LeaseLost(Exception):
    """Another builder took the job over (this one was thought dead): stop quietly."""


class Progress:
    """The callback a builder reports through: ``progress(40, "Формирование DOCX")``.

    Each call is saved at once (an UPDATE outside any transaction), so the job page sees
    it on its next poll; it also renews the lease. ``remark`` adds a line to the final
    message («PDF недоступен…»)."""

    def __init__(self, job: ReportJob, owner: str = "") -> None:
        self.job_id = job.pk
        self.owner = owner
        self.remarks: list[str] = []

    def __call__(self, percent: int, message: str = "") -> None:
        percent = max(0, min(100, int(percent)))
        rows = ReportJob.objects.filter(pk=self.job_id)
        if self.owner:
            rows = rows.filter(lease_owner=self.owner)
            updated = rows.update(progress=percent, message=message,
                                  lease_expires_at=outbox.lease_until())
            if not updated:
                raise LeaseLost(self.job_id)
        else:
            rows.update(progress=percent, message=message)

    def remark(self, text: str) -> None:
        self.remarks.append(text)


ProgressCallback = Progress
Builder = Callable[[ReportJob, Progress], list[Output]]

# kind → builder (a callable, or its dotted path imported on first use so that this module
# does not import every renderer at start-up).
_BUILDERS: dict[str, str | Builder] = {
    ReportJob.Kind.HALF_YEAR_NOTE: "reports.notes.builder.build_half_year_note",
    ReportJob.Kind.MONITORING_REPORT: "reports.yearly.build_monitoring_report",
    ReportJob.Kind.CLUSTER_ANALYSIS: "reports.cluster_report.build_cluster_analysis",
    ReportJob.Kind.LIST_EXPORT: "reports.list_exports.build_list_export",
}

#: kinds a user does not order on the jobs page (a list export starts from its list)
NOT_ORDERED = {ReportJob.Kind.LIST_EXPORT}

#: kinds built for an academic year «2022/2023» (the others for a half-year «2022/2023-1»)
YEARLY_KINDS = {ReportJob.Kind.MONITORING_REPORT, ReportJob.Kind.CLUSTER_ANALYSIS}


def register_builder(kind: str, builder: str | Builder | None) -> str | Builder | None:
    """Register (or with None, remove) the builder of a kind; returns the previous one."""
    previous = _BUILDERS.get(kind)
    if builder is None:
        _BUILDERS.pop(kind, None)
    else:
        _BUILDERS[kind] = builder
    return previous


def get_builder(kind: str) -> Builder | None:
    builder = _BUILDERS.get(kind)
    if isinstance(builder, str):
        builder = import_string(builder)
        _BUILDERS[kind] = builder
    return builder


def available_kinds() -> list[tuple[str, str]]:
    """The kinds that can be requested now: those with a builder."""
    return [(value, label) for value, label in ReportJob.Kind.choices
            if value in _BUILDERS and value not in NOT_ORDERED]


# ------------------------------------------------------------------------------- files


def job_dir_name(job: ReportJob) -> str:
    return f"{JOBS_DIR}/{job.pk}"


def job_workdir(job: ReportJob) -> Path:
    """The job's own directory under MEDIA_ROOT: its outputs and its temporary files."""
    return Path(default_storage.path(job_dir_name(job)))


def delete_job_files(job: ReportJob) -> None:
    """Remove every output of the job, complete or partial, and their rows."""
    ReportFile.objects.filter(job=job).delete()
    shutil.rmtree(job_workdir(job), ignore_errors=True)


def _write_output(job: ReportJob, fmt: str, content: bytes | str | os.PathLike) -> tuple[str, int]:
    """Write one output beside its final path, then move it into place in one step.

    ``os.replace`` within one directory is atomic: a reader (or a killed worker) sees
    either no file or the whole file, never half of one."""
    directory = job_workdir(job)
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{job.kind}.{fmt}"
    temporary = directory / f".{final.name}.{uuid.uuid4().hex}.part"
    try:
        if isinstance(content, bytes):
            with open(temporary, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        else:
            shutil.copyfile(content, temporary)
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
    return f"{job_dir_name(job)}/{final.name}", final.stat().st_size


# -------------------------------------------------------------------------------- jobs


def create_job(kind: str, period_code: str, school: School | None, user=None,
               params: dict[str, Any] | None = None) -> ReportJob:
    """Check and save a job without scheduling it (the command runs it right away).

    A user who does not see every school may only order documents of own schools: the
    server decides, whatever the form sent."""
    if get_builder(kind) is None:
        raise JobError("Документы этого вида пока не формируются.")
    if kind in YEARLY_KINDS:
        from .indicators.scope import parse_user_span

        try:
            span = parse_user_span(period_code)
        except ValueError as exc:
            raise JobError(str(exc)) from None
        if span.kind != "academic_year":
            raise JobError(f"Этот документ строится за учебный год (например, 2022/2023), "
                           f"а не за «{period_code}».")
    else:
        try:
            Period.objects.get_by_code(period_code)
        except Period.DoesNotExist as exc:
            raise JobError(str(exc)) from None
    if user is not None and not user.sees_all_schools and (
        school is None or school.pk not in user.school_ids
    ):
        raise PermissionDenied("Координатор ОО может заказать документ только по своей ОО.")
    return ReportJob.objects.create(
        kind=kind, period_code=period_code, school=school, requested_by=user,
        params=params or {},
    )


def schedule_job(job: ReportJob) -> None:
    """Hand the job to its runner after the current transaction commits (by primary key).
    A broker that is down is not an error here: the job stays queued (reports/outbox.py)."""
    outbox.publish_on_commit(job)


def request_job(kind: str, period_code: str, school: School | None, user=None,
                params: dict[str, Any] | None = None) -> ReportJob:
    """Create a job and schedule it to be built once the transaction commits."""
    with transaction.atomic():
        job = create_job(kind, period_code, school, user, params)
        schedule_job(job)
    job.refresh_from_db()
    return job


def failure_message(exc: BaseException) -> str:
    if isinstance(exc, JobError):
        reason = str(exc)
    else:
        detail = str(exc).strip()
        reason = f"внутренняя ошибка ({type(exc).__name__}{': ' + detail if detail else ''})"
    return f"Не удалось сформировать документ: {reason}"[:1000]


def mark_failed(job_id: int, exc: BaseException | str, owner: str | None = None) -> None:
    """Record a failure the builder did not catch (used by the task base class too).
    With ``owner``, only while that builder still holds the job."""
    message = exc if isinstance(exc, str) else failure_message(exc)
    rows = ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE)
    if owner:
        rows = rows.filter(lease_owner=owner)
    rows.update(status=ReportJob.Status.FAILED, message=message, finished_at=timezone.now(),
                lease_expires_at=None)


def interrupted_too_often(attempts: int) -> str:
    return (f"Не удалось сформировать документ: обработка прерывалась {attempts} раз "
            f"(фоновый обработчик останавливался). Перезапустите задание или сообщите "
            f"администратору.")


def claim_job(job_id: int, owner: str) -> ReportJob | None:
    """Take the job for ``owner`` under a fresh lease, in one conditional UPDATE: a queued
    job, or a running one whose builder vanished. None when there is nothing to do — the
    job is finished, gone, or being built by a live builder (a duplicate delivery)."""
    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        logger.warning("Задание на отчёт %s не найдено (удалено?)", job_id)
        return None
    if job.is_finished:
        return None
    now = timezone.now()
    if job.status == ReportJob.Status.RUNNING:
        if not outbox.lease_lapsed(job, now):
            return None
        if job.attempts >= settings.REPORT_MAX_ATTEMPTS:
            delete_job_files(job)
            mark_failed(job.pk, interrupted_too_often(job.attempts))
            return None
        claimable = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING,
                                             lease_owner=job.lease_owner,
                                             attempts=job.attempts)
    else:
        claimable = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.QUEUED)
    taken = claimable.update(
        status=ReportJob.Status.RUNNING, attempts=F("attempts") + 1, progress=0,
        message="Подготовка", started_at=now, finished_at=None, lease_owner=owner,
        lease_expires_at=outbox.lease_until(now),
    )
    return ReportJob.objects.select_related("school").get(pk=job.pk) if taken else None


def run_job(job_id: int) -> ReportJob | None:
    """Build the job's documents; the task's single call.

    Claims the job under a lease (counting the attempt), deletes whatever an interrupted
    earlier attempt left, calls the kind's builder with a progress callback, writes each
    output atomically, records the files and marks the job done. Any exception marks it
    failed with the reason and removes partial outputs. A job already done or failed, or
    being built by a live builder, is left alone (a duplicate delivery); one interrupted
    too many times is failed."""
    owner = outbox.new_owner()
    job = claim_job(job_id, owner)
    if job is None:
        return ReportJob.objects.filter(pk=job_id).first()
    # A re-run starts clean: files of an interrupted attempt must not survive it.
    delete_job_files(job)
    progress = Progress(job, owner)
    written: list[tuple[str, str, str, int]] = []
    with outbox.Lease(job.pk, owner):
        try:
            builder = get_builder(job.kind)
            if builder is None:
                raise JobError("Документы этого вида пока не формируются.")
            # The builder's reads may go to a read replica (when one is configured);
            # the job's own rows and files are written to the primary. One data version
            # for the whole document: what several sections count (a year's enrolled
            # students, a span's hours of профминимум) is counted once, from the cache.
            with replica_reads(), computing():
                outputs = builder(job, progress)
            if not outputs:
                raise JobError("построитель не вернул ни одного файла.")
            for fmt, filename, content in outputs:
                name, size = _write_output(job, fmt, content)
                written.append((fmt, filename, name, size))
            with transaction.atomic():
                message = " ".join(["Готово.", *progress.remarks])
                finished = ReportJob.objects.filter(pk=job.pk, lease_owner=owner).update(
                    status=ReportJob.Status.DONE, progress=100, message=message,
                    finished_at=timezone.now(), lease_expires_at=None,
                )
                if not finished:
                    raise LeaseLost(job.pk)
                for fmt, filename, name, size in written:
                    record = ReportFile(job=job, format=fmt, filename=filename, size=size)
                    record.file.name = name
                    record.save()
        except LeaseLost:
            # Another builder owns the job now and writes its own files: touch nothing.
            logger.warning("Задание на отчёт %s передано другому построителю", job.pk)
        except Exception as exc:
            logger.exception("Задание на отчёт %s не выполнено", job.pk)
            delete_job_files(job)
            mark_failed(job.pk, exc, owner)
    job.refresh_from_db()
    return job


def restart_job(job: ReportJob) -> ReportJob:
    """Queue a failed (or stuck) job again from scratch."""
    with transaction.atomic():
        delete_job_files(job)
        ReportJob.objects.filter(pk=job.pk).update(
            status=ReportJob.Status.QUEUED, progress=0, message="", attempts=0,
            started_at=None, finished_at=None, published_at=None, lease_owner="",
            lease_expires_at=None,
        )
        schedule_job(job)
    job.refresh_from_db()
    return job


def can_restart(job: ReportJob, now: dt.datetime | None = None) -> bool:
    """A failed job may be restarted; so may one that never reached a builder (the broker
    was down) or whose builder vanished — the sweep would do it too, the button does it
    now."""
    if job.status == ReportJob.Status.FAILED:
        return True
    if job.status == ReportJob.Status.QUEUED:
        return job.published_at is None and job.message == outbox.BROKER_DOWN
    return outbox.lease_lapsed(job, now)


# ------------------------------------------------------------------- scheduled services


def note_due_period(today: dt.date) -> Period | None:
    """The half-year whose municipal note is due on ``today``: the last one that ended at
    least NOTE_AUTOBUILD_DAYS_AFTER_PERIOD days ago (the one before it while the latest is
    still in its grace days, so a note missed while the server was down is still made)."""
    days = dt.timedelta(days=settings.NOTE_AUTOBUILD_DAYS_AFTER_PERIOD)
    last_ended = Period.objects.for_date(today).previous()
    if today >= last_ended.ends_on + days:
        return last_ended
    return last_ended.previous()


def autobuild_due_notes(today: dt.date | None = None) -> ReportJob | None:
    """Create (once per half-year) the automatic municipal note of the due half-year.

    Idempotent: a second call for the same half-year finds the job and does nothing,
    even if that job failed (ИМЦ restarts it from its page)."""
    today = today or timezone.localdate()
    period = note_due_period(today)
    if period is None:
        return None
    exists = ReportJob.objects.filter(
        kind=ReportJob.Kind.HALF_YEAR_NOTE, school__isnull=True, period_code=period.code,
        params__auto=True,
    ).exists()
    if exists:
        return None
    return request_job(
        ReportJob.Kind.HALF_YEAR_NOTE, period.code, None, None,
        {"auto": True, "formats": ["docx", "xlsx", "pdf"]},
    )


def purge_old_reports(today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Delete finished jobs older than REPORT_RETENTION_DAYS with their files; notes
    approved for parents and documents approved into the registry are kept (approved
    documents are never purged). A list export — a copy of a list with students' names,
    made to be downloaded once — goes after LIST_EXPORT_RETENTION_HOURS. Returns how many
    jobs were removed."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    cutoff_day = today - dt.timedelta(days=settings.REPORT_RETENTION_DAYS)
    cutoff = timezone.make_aware(dt.datetime.combine(cutoff_day, dt.time.min))
    export_cutoff = now - dt.timedelta(hours=settings.LIST_EXPORT_RETENTION_HOURS)
    finished = [ReportJob.Status.DONE, ReportJob.Status.FAILED]
    old = ReportJob.objects.filter(
        Q(created_at__lt=cutoff, approved=False, document__isnull=True)
        | Q(kind=ReportJob.Kind.LIST_EXPORT, created_at__lt=export_cutoff),
        status__in=finished,
    )
    removed = 0
    for job in old.iterator():
        delete_job_files(job)
        job.delete()
        removed += 1
    return removed
