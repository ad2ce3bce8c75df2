"""Background tasks of the reports app: each loads what it needs by key and calls a service."""

from __future__ import annotations

from celery import Task, shared_task

from . import jobs, outbox


class ReportTask(Task):
    """Marks the job failed when anything escapes the service (e.g. the database went
    away mid-run), so a job never stays «выполняется» because of an error."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        if args:
            jobs.mark_failed(args[0], exc)


@shared_task(name="reports.build_report", base=ReportTask, acks_late=True,
             reject_on_worker_lost=True)
def build_report(job_id: int) -> str | None:
    """Build a report job's documents. Acknowledged only when done: a pool process killed
    in the middle gets the message re-delivered at once; a whole worker killed leaves a
    lease that lapses, and ``recover_jobs`` queues the job again."""
    job = jobs.run_job(job_id)
    return job.status if job else None


@shared_task(name="reports.recover_jobs")
def recover_jobs() -> int:
    """Every REPORT_RECOVER_SECONDS (beat) and when a worker starts: publish jobs the
    broker never got, rebuild jobs whose worker vanished."""
    return outbox.recover_jobs()


@shared_task(name="reports.autobuild_notes")
def autobuild_notes() -> int | None:
    """Daily: order the municipal note of the half-year that ended a few days ago."""
    job = jobs.autobuild_due_notes()
    return job.pk if job else None


@shared_task(name="reports.purge_old_reports")
def purge_old_reports() -> int:
    """Daily: remove generated files past the retention period (approved notes stay)."""
    return jobs.purge_old_reports()


@shared_task(name="reports.warm_dashboards", ignore_result=True)
def warm_dashboards() -> float | None:
    """Every DASHBOARD_WARM_SECONDS (beat): the dashboards' figures for the data as it is
    now, computed once after each change (reports/indicators/warm.py)."""
    from .indicators.warm import warm_dashboards as warm

    return warm()
