"""python manage.py purge_personal_data [--dry-run]: the retention rules of README
«Personal data» (also run daily by beat)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from monitoring.privacy import purge_personal_data


class Command(BaseCommand):
    help = ("Удаляет историю изменений старше HISTORY_RETENTION_DAYS, обезличивает историю "
            "удалённых обучающихся и неподтверждённые предпросмотры импорта старше "
            "IMPORT_PREVIEW_RETENTION_HOURS.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true",
                            help="только посчитать, ничего не удалять")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        report = purge_personal_data(dry_run=dry_run)
        prefix = "Проверка без изменений. " if dry_run else ""
        self.stdout.write(prefix + str(report))
