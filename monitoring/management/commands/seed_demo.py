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
        self.stdout.write(self.style.SUCCESS("Демонстрационные данные готовы. Учётные записи:"))
        for login in logins:
            self.stdout.write(f"  {login.role:32} логин: {login.username:14} пароль: {login.password}  ({login.note})")
