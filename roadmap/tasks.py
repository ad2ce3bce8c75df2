"""Background tasks of the roadmap app."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="roadmap.send_deadline_reminders")
def send_deadline_reminders() -> dict:
    """Daily (beat): e-mail responsible persons about due and overdue occurrences."""
    return services.send_deadline_reminders(timezone.localdate()).as_dict()
