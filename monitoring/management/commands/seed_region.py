"""``python manage.py seed_region --schools 200 --students 100000 --years 3 [--seed N]``

A fictional region for benchmarks and load tests (see ``monitoring/region``). It refuses
a database that already holds students, staff, register records or accounts unless
``--force`` (which empties the whole database first), and never runs with DEBUG=0
unless ``--allow-production``: it creates accounts with a published password, and
``--force`` deletes everything, neither of which may happen to a real portal by mistake.
"""

from __future__ import annotations

import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from monitoring.models import Staff, Student
from monitoring.region import REGION_PASSWORD, RegionSpec, build_region, region_municipality
from monitoring.registers.reference import load_catalogs
from monitoring.registers.registry import registry
from monitoring.roles import sync_role_permissions


def database_has_data() -> str | None:
    """What the database already holds besides reference lists, in words (or None)."""
    if Student.objects.exists():
        return "обучающиеся"
    if Staff.objects.filter(school__isnull=False).exists():  # the department's come with the roadmap
        return "сотрудники ОО"
    if get_user_model().objects.exists():
        return "учётные записи"
    for entry in registry:
        if entry.model.objects.exists():
            return f"записи реестра «{entry.title}»"
    return None


class Command(BaseCommand):
    help = ("Создаёт вымышленный регион для замеров производительности: ОО, обучающихся, "
            "сотрудников, учётные записи и все реестры за несколько учебных лет.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--schools", type=int, default=200, help="число ОО (по умолчанию 200)")
        parser.add_argument("--students", type=int, default=100_000,
                            help="обучающихся в текущем учебном году (по умолчанию 100000)")
        parser.add_argument("--years", type=int, default=3,
                            help="учебных лет, последний — текущий (по умолчанию 3)")
        parser.add_argument("--seed", type=int, default=2026, help="зерно генератора")
        parser.add_argument("--force", action="store_true",
                            help="очистить базу данных целиком и создать регион заново")
        parser.add_argument("--allow-production", action="store_true",
                            help="разрешить запуск при DEBUG=0 (стенд нагрузочного тестирования)")

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "seed_region создаёт вымышленные данные и учётные записи с известным паролем, "
                "а с --force удаляет всё из базы; при DEBUG=0 он запускается только с "
                "--allow-production (на стенде для замеров, не на рабочем портале)."
            )
        if options["schools"] < 1 or options["students"] < 0 or not 1 <= options["years"] <= 6:
            raise CommandError("Нужно не меньше 1 ОО, не меньше 0 обучающихся и от 1 до 6 лет.")
        found = database_has_data()
        if found and not options["force"]:
            raise CommandError(
                f"В базе данных уже есть данные ({found}): регион создаётся только в пустой "
                "базе. Чтобы удалить всё и создать регион заново, добавьте --force."
            )
        started = time.perf_counter()
        if found:
            self.stdout.write("Очистка базы данных (--force)…")
            call_command("flush", interactive=False, verbosity=0)
            # Roles are groups made by data migrations; a flushed database has none.
            sync_role_permissions(apps)
        self._reference()
        spec = RegionSpec(schools=options["schools"], students=options["students"],
                          years=options["years"], seed=options["seed"])
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Foreign keys are checked row by row as COPY goes (tables are written
                # referenced-first), not queued by the million until commit.
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            counts = build_region(spec, log=self.stdout.write)
            for app_config in apps.get_app_configs():
                if app_config.name == "monitoring":
                    continue
                module = self._module(app_config.name, "region")
                if module is not None:
                    self.stdout.write(f"{app_config.verbose_name}: "
                                      f"{module.build_region(spec.seed, timezone.localdate())}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the tables just filled
        self._report(counts, time.perf_counter() - started)

    def _reference(self) -> None:
        """The reference lists and the other apps' reference data (roadmap, indicators),
        without the district's own schools: the region's schools are all generated."""
        region_municipality()
        load_catalogs()
        for app_config in apps.get_app_configs():
            if app_config.name == "monitoring":
                continue
            module = self._module(app_config.name, "reference")
            if module is not None:
                module.load(stdout=self.stdout)

    @staticmethod
    def _module(app: str, name: str):
        try:
            return import_module(f"{app}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
            return None

    def _report(self, counts: dict[str, int], seconds: float) -> None:
        def number(value: int) -> str:
            return f"{value:,}".replace(",", " ")

        records = sum(counts.get(e.model._meta.label, 0) for e in registry)
        for entry in registry:
            self.stdout.write(f"  {entry.slug:22} {number(counts.get(entry.model._meta.label, 0)):>9}")
        self.stdout.write(self.style.SUCCESS(
            f"Регион создан за {seconds:.0f} с: ОО {number(counts.get('monitoring.School', 0))}, "
            f"обучающихся {number(counts.get('monitoring.Student', 0))}, "
            f"сотрудников {number(counts.get('monitoring.Staff', 0))}, "
            f"записей реестров и списков {number(records)}."
        ))
        self.stdout.write(
            f"Вход: координаторы koord-r001 … koord-r{counts.get('monitoring.School', 0):03d}, "
            f"ИМЦ imc1 … imc6, начальники head1 … head4; пароль {REGION_PASSWORD}"
        )
