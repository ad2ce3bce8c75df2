"""``python manage.py build_note --period 2022/2023-1 [--school CODE] [--preliminary] --format docx --out FILE``

Builds the half-year note through the same job service as the web page (the job is
recorded and listed there too), in this process, and copies the chosen file to --out."""

from __future__ import annotations

import shutil
import sys

from django.core.management.base import BaseCommand, CommandError

from monitoring.models import School
from reports.jobs import JobError, create_job, run_job
from reports.models import ReportJob
from reports.notes.preliminary import preconference_cutoff
from reports.renderers.pdf import UNAVAILABLE, pdf_available


class Command(BaseCommand):
    help = "Формирует информационно-аналитическую справку за полугодие (DOCX, PDF или XLSX)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--period", required=True, help="Полугодие, например 2022/2023-1.")
        parser.add_argument("--school", help="Код ОО; без него — справка по муниципалитету.")
        parser.add_argument("--format", choices=["docx", "pdf", "xlsx"], default="docx")
        parser.add_argument(
            "--preliminary", action="store_true",
            help="Предварительная справка к августовской конференции: II полугодие, данные на "
                 "PRECONFERENCE_NOTE_DAY (по умолчанию 15.08).")
        parser.add_argument("--out", required=True, help="Куда записать файл.")

    def handle(self, *args, **options) -> None:
        fmt = options["format"]
        if fmt == "pdf" and not pdf_available():
            raise CommandError(UNAVAILABLE + ".")
        school = None
        if options["school"]:
            school = School.objects.filter(code=options["school"]).first()
            if school is None:
                raise CommandError(f"ОО с кодом «{options['school']}» не найдена.")
        params = {"formats": [fmt], "source": "команда build_note"}
        if options["preliminary"]:
            if not options["period"].endswith("-2"):
                raise CommandError("Предварительная справка строится только за II полугодие "
                                   "(к августовской конференции).")
            params["preliminary_as_of"] = preconference_cutoff(options["period"]).isoformat()
        try:
            job = create_job(ReportJob.Kind.HALF_YEAR_NOTE, options["period"], school,
                             params=params)
        except JobError as exc:
            raise CommandError(str(exc)) from None
        job = run_job(job.pk)
        if job.status != ReportJob.Status.DONE:
            raise CommandError(job.message)
        output = job.files.get(format=fmt)
        with output.file.open("rb") as source, open(options["out"], "wb") as target:
            shutil.copyfileobj(source, target)
        sys.stderr.write(f"Задание № {job.pk}: {job.message}\n")
        self.stdout.write(self.style.SUCCESS(
            f"Справка записана в {options['out']} ({output.size} байт)."
        ))
