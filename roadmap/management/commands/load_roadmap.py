from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmap.services import DEFAULT_FIXTURE, RoadmapFileError, load_roadmap_file


class Command(BaseCommand):
    help = (
        "Загружает утверждённую дорожную карту из JSON-файла (по умолчанию — 2021–2023) "
        "или восстанавливает её текст; повторный запуск ничего не меняет."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FIXTURE,
            help=f"JSON-файл дорожной карты (по умолчанию {DEFAULT_FIXTURE.name}).",
        )

    def handle(self, *args, **options) -> None:
        try:
            report = load_roadmap_file(options["file"])
        except RoadmapFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
