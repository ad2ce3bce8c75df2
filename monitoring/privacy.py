"""Personal data kept no longer than its purpose (152-ФЗ, art. 21; README «Personal data»).

* A deleted student's change history is anonymised at once: the rows stay (who changed
  what and when, for the audit) but carry no name and no birth date.
* :func:`purge_personal_data` (``manage.py purge_personal_data``, daily from beat)
  removes change history older than HISTORY_RETENTION_DAYS, anonymises history left by
  students deleted before, and deletes import previews nobody confirmed within
  IMPORT_PREVIEW_RETENTION_HOURS (``MEDIA_ROOT/import-previews/<user>/<token>.json``:
  checked rows of an uploaded list, names included)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import registered_models

from .models import Student

logger = logging.getLogger(__name__)

#: What an anonymised history row says instead of the name and the birth date.
ANONYMOUS_NAME = "Обучающийся удалён"
ANONYMOUS_BIRTH_DATE = dt.date(1900, 1, 1)


def anonymise_student_history(student_ids: list[int]) -> int:
    """Blank the name and birth date in every history row of these students; returns the
    number of rows changed."""
    return Student.history.filter(id__in=student_ids).update(
        last_name=ANONYMOUS_NAME, first_name="", middle_name="",
        birth_date=ANONYMOUS_BIRTH_DATE,
    )


@receiver(post_delete, sender=Student, dispatch_uid="anonymise-deleted-student-history")
def _on_student_deleted(sender, instance: Student, **kwargs) -> None:
    # After the commit: simple-history writes the «deleted» row in the same signal round,
    # and a rolled-back delete must leave the history as it was.
    pk = instance.pk
    transaction.on_commit(lambda: anonymise_student_history([pk]))


@dataclass
class PurgeReport:
    history_rows: int = 0
    anonymised_rows: int = 0
    previews: int = 0

    def __str__(self) -> str:
        return (f"Удалено записей истории изменений: {self.history_rows}; обезличено записей "
                f"истории удалённых обучающихся: {self.anonymised_rows}; удалено "
                f"неподтверждённых предпросмотров импорта: {self.previews}.")


def purge_history(before: dt.datetime) -> int:
    """Delete every history row (all models with a change history) older than ``before``."""
    removed = 0
    for model in registered_models.values():
        history = getattr(model, "history", None)
        if history is None:
            continue
        removed += history.filter(history_date__lt=before).delete()[0]
    return removed


def anonymise_orphaned_history() -> int:
    """History rows of students that no longer exist (deleted before this was in place)."""
    living = Student.objects.values("pk")
    return anonymise_student_history(list(
        Student.history.exclude(id__in=living).exclude(last_name=ANONYMOUS_NAME)
        .values_list("id", flat=True).distinct()
    ))


def purge_import_previews(older_than_seconds: float) -> int:
    root = Path(settings.MEDIA_ROOT) / "import-previews"
    if not root.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in root.glob("*/*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # confirmed (and removed) meanwhile
            continue
    for folder in root.iterdir():
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def purge_personal_data(now: dt.datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """The retention rules, applied once. With ``dry_run`` nothing changes (the counts are
    what would be removed)."""
    now = now or timezone.now()
    before = now - dt.timedelta(days=settings.HISTORY_RETENTION_DAYS)
    preview_age = settings.IMPORT_PREVIEW_RETENTION_HOURS * 3600
    report = PurgeReport()
    with transaction.atomic():
        report.anonymised_rows = anonymise_orphaned_history()
        report.history_rows = purge_history(before)
        if dry_run:
            transaction.set_rollback(True)
    if dry_run:
        root = Path(settings.MEDIA_ROOT) / "import-previews"
        cutoff = time.time() - preview_age
        report.previews = sum(1 for p in root.glob("*/*.json") if p.stat().st_mtime < cutoff)
    else:
        report.previews = purge_import_previews(preview_age)
        logger.info("Хранение персональных данных: %s", report)
    return report
