from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Загружает справочные данные всех разделов портала (повторный запуск ничего не дублирует)."

    def handle(self, *args, **options) -> None:
        for app_config in apps.get_app_configs():
            try:
                module = import_module(f"{app_config.name}.reference")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app_config.name}.reference":
                    raise
                continue
            summary = module.load(stdout=self.stdout)
            self.stdout.write(f"{app_config.verbose_name}: {summary}")
