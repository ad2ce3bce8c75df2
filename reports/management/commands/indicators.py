import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from monitoring.importing import export_table_xlsx
from monitoring.models import School
from reports.indicators.registry import MUNICIPALITY
from reports.indicators.scope import parse_span
from reports.indicators.service import evaluate

HEADER = ["code", "name", "scope", "period", "value", "target", "status", "growth"]


class Command(BaseCommand):
    help = ("Печатает все показатели для периода и ОО (или муниципалитета) в CSV или XLSX. "
            "Пример: indicators --year 2022 --period 2022/2023-1 --school sosh1 --format csv. "
            "status — годовое значение против цели (пусто, если год не завершён в периоде), "
            "growth — «ежегодное увеличение» против прошлого года.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True,
                            help="календарный год (если --period не задан — он и есть период)")
        parser.add_argument("--period", help="полугодие 2022/2023-1 или учебный год 2022/2023")
        parser.add_argument("--school", help="код ОО; без него — по муниципалитету")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--out", help="файл для XLSX (по умолчанию — стандартный вывод)")

    def handle(self, *args, **options) -> None:
        try:
            span = parse_span(options["period"] or str(options["year"]))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["period"] and options["year"] not in {span.start.year, span.end.year}:
            raise CommandError(
                f"Период {span.code} не относится к {options['year']} году."
            )
        school = None
        if options["school"]:
            school = School.objects.filter(code=options["school"]).first()
            if school is None:
                raise CommandError(f"ОО с кодом «{options['school']}» не найдена.")
        # With history: «ежегодное увеличение» is judged against the year before.
        evaluation = evaluate(span, schools=[school] if school else [])
        key = school.pk if school else MUNICIPALITY
        scope = school.code if school else "municipality"
        rows = []
        for definition in evaluation.definitions:
            item = evaluation.get(definition.code, key)
            rows.append([
                definition.code, definition.name, scope, span.code,
                "" if item.value is None else item.value,
                "" if item.target is None else item.target,
                item.status.value if item.status else "",
                item.growth.value if item.growth else "",
            ])
        if options["format"] == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
            return
        content = export_table_xlsx({"Показатели": (HEADER, rows)})
        if options["out"]:
            with open(options["out"], "wb") as handle:
                handle.write(content)
            self.stdout.write(f"Записано: {options['out']}")
        else:
            sys.stdout.buffer.write(content)
