"""Import a register from Excel without a browser, with the same checks and report."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from monitoring import importing
from monitoring.models import School, User
from monitoring.registers.registry import registry


class Command(BaseCommand):
    help = (
        "Загружает реестр мониторинга из файла Excel так же, как страница загрузки: "
        "с проверкой каждой строки; при любой ошибке ничего не сохраняется. "
        "--list — список реестров; --template ФАЙЛ — шаблон для заполнения."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", nargs="?", help="код реестра (см. --list)")
        parser.add_argument("file", nargs="?", help="файл .xlsx, .xls, .ods или .csv для загрузки")
        parser.add_argument("--list", action="store_true", help="показать коды и названия реестров")
        parser.add_argument("--template", metavar="ФАЙЛ", help="записать шаблон реестра в файл")
        parser.add_argument("--school", metavar="КОД", help="код ОО, данные которой загружаются")
        parser.add_argument("--dry-run", action="store_true",
                            help="только проверить файл, ничего не сохранять")
        parser.add_argument("--user", metavar="ЛОГИН",
                            help="учётная запись, от имени которой загружаются данные "
                                 "(автор записей и изменений)")

    def handle(self, *args, **options) -> None:
        if options["list"]:
            for entry in [*registry.registers(), *(e for e in registry if not e.is_register)]:
                if entry.is_register or options["verbosity"] > 1:
                    self.stdout.write(f"{entry.slug}\t{entry.title}")
            return
        slug = options["slug"]
        if not slug:
            raise CommandError("Укажите код реестра (список: import_register --list).")
        try:
            entry = registry.get(slug)
        except KeyError:
            raise CommandError(
                f"Реестра «{slug}» нет. Коды реестров: import_register --list.") from None
        user = self._user(options["user"])
        if options["template"]:
            # With --school the drop-downs hold that school's technoclasses and centres.
            school = self._school(entry, options["school"]) if options["school"] else None
            resource = entry.resource(user=user, school=school)
            content = importing.template_xlsx(resource, f"Шаблон реестра: {entry.full_title}",
                                              entry.template_notes)
            Path(options["template"]).write_bytes(content)
            self.stdout.write(f"Шаблон записан: {options['template']}")
            return
        if not options["file"]:
            raise CommandError("Укажите файл (.xlsx, .xls, .ods, .csv) для загрузки или --template ФАЙЛ.")
        self._import(entry, Path(options["file"]), options, user)

    def _user(self, username: str | None) -> User | None:
        if not username:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"Пользователя «{username}» нет.") from None

    def _school(self, entry, code: str | None) -> School | None:
        if not entry.school_scoped:
            return None
        if not code:
            raise CommandError("Укажите ОО: --school КОД (коды ОО — в разделе администрирования).")
        try:
            return School.objects.get(code=code)
        except School.DoesNotExist:
            raise CommandError(f"ОО с кодом «{code}» нет.") from None

    def _import(self, entry, path: Path, options, user) -> None:
        if not path.exists():
            raise CommandError(f"Файл «{path}» не найден.")
        school = self._school(entry, options["school"])
        if user is not None and school is not None and not user.sees_all_schools \
                and school.pk not in user.school_ids:
            raise CommandError(f"Пользователь «{user.username}» не ведёт данные ОО «{school}».")
        resource = entry.resource(user=user, school=school)
        with path.open("rb") as handle:
            try:
                table = importing.read_table(File(handle, name=path.name), resource)
            except importing.ImportFileError as exc:
                raise CommandError(str(exc)) from None
        report = importing.run_import(resource, table, commit=not options["dry_run"])
        where = f" — {school}" if school else ""
        sheet = f" (лист «{report.sheet}»)" if report.sheet else ""
        self.stdout.write(f"{entry.full_title}{where}{sheet}: {report.summary()}")
        for notice in report.notices:
            self.stdout.write(f"  {notice}")
        if options["verbosity"] > 1:
            for row in report.rows:
                changed = f" (изменится: {', '.join(row.changed_columns)})" if row.changed_columns else ""
                self.stdout.write(f"  строка {row.number}: {row.status_label}{changed} {row.summary}")
        if report.has_errors:
            errors = "\n".join(f"  {error}" for error in report.errors)
            raise CommandError(f"Файл не загружен, ничего не сохранено. Ошибки:\n{errors}")
        if options["dry_run"]:
            self.stdout.write("Проверка завершена: ошибок нет, ничего не сохранено (--dry-run).")
        else:
            self.stdout.write(self.style.SUCCESS("Файл загружен."))
