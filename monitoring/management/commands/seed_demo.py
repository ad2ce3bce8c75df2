from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from monitoring.demo import build_demo


class Command(BaseCommand):
    help = "Создаёт демонстрационный муниципалитет: ОО, вымышленных обучающихся и сотрудников, пользователей всех ролей."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--students-per-class", type=int, default=12)

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo создаёт вымышленные данные и учётные записи с известными паролями; "
                "в рабочем режиме (DEBUG=0) он не запускается."
            )
        logins = build_demo(students_per_class=options["students_per_class"])
        # The other apps add their own demo data on top (roadmap executions, training …).
        for app_config in apps.get_app_configs():
            if app_config.name == "monitoring":
                continue
            try:
                module = import_module(f"{app_config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.demo":
                    raise
                continue
            self.stdout.write(f"{app_config.verbose_name}: {module.build_demo(stdout=self.stdout)}")
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные готовы. Учётные записи:"))
        for login in logins:
            self.stdout.write(f"  {login.role:32} логин: {login.username:14} пароль: {login.password}  ({login.note})")
