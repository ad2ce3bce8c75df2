"""A register file of 10,000 rows, imported as a school would: check, then save.

Measured on the configured database (run it with DATABASE_URL pointing at PostgreSQL:
SQLite flatters chatty code, see PERFORMANCE.md), in a scratch test database:

* baseline — openpyxl in read-only mode, one dict lookup per row, ``bulk_create`` in one
  transaction: the floor any import of this file stands on;
* portal — what the import page does: read the file once, check every row (the preview),
  keep the checked table, then check again and save all rows with their history.

Runs are interleaved (portal, baseline, baseline, portal …); the medians, the ratio and
the peak Python memory of each (tracemalloc, in a separate untimed run) are reported.
``python -m bench --only import`` runs it in the benchmark table; ``python -m
bench.import_register`` alone. ``BENCH_ROWS`` changes the size of the file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import statistics
import time
from collections.abc import Callable

from . import _django

ROWS = int(os.environ.get("BENCH_ROWS", 10_000))
RUNS = int(os.environ.get("BENCH_RUNS", 3))
LESSONS = 10


def build_world():
    """A school with ROWS / LESSONS students in 20 classes and LESSONS open lessons."""
    from django.contrib.auth.models import Group

    from monitoring.models import AcademicYear, Enrollment, Municipality, School, Student, User
    from monitoring.registers.catalogs import ProjectoriaLesson
    from monitoring.roles import Role

    municipality = Municipality.objects.create(name="Бенчмарк-округ", short_name="Бенчмарк")
    school = School.objects.create(municipality=municipality, code="bench", name="Школа бенчмарка",
                                   short_name="Школа бенчмарка")
    user = User.objects.create_user(username="bench", password="bench-password-1")
    user.groups.add(Group.objects.get(name=str(Role.COORDINATOR)))
    user.schools.add(school)
    # Last academic year: always within the portal's dates, never in the future.
    year = AcademicYear.objects.get_or_create(start_year=AcademicYear.objects.current().start_year - 1)[0]
    count = ROWS // LESSONS
    students = Student.objects.bulk_create(
        Student(school=school, last_name=f"Тестов{i:05d}", first_name="Пример", middle_name="Демоевич",
                birth_date=dt.date(2010, 1, 1) + dt.timedelta(days=i % 2000), sex="М")
        for i in range(count)
    )
    Enrollment.objects.bulk_create(
        Enrollment(student=s, academic_year=year, grade=5 + i % 6, class_letter="АБВГ"[i % 4])
        for i, s in enumerate(students)
    )
    lessons = [ProjectoriaLesson.objects.create(date=year.starts_on + dt.timedelta(days=20 + 14 * n),
                                                topic=f"Урок бенчмарка № {n + 1}")
               for n in range(LESSONS)]
    return school, user, students, year, lessons


def build_file(students, year, lessons) -> bytes:
    """The file a school sends: text dates, numbers as text, its own header spelling."""
    import openpyxl

    from monitoring.models import Enrollment

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Данные")
    sheet.append(["ФИО обучающегося", "Дата рождения", "Класс", "Урок", "Дата"])
    classes = {e.student_id: f"{e.grade}{e.class_letter}"
               for e in Enrollment.objects.filter(academic_year=year)}
    for lesson in lessons:
        for student in students:
            sheet.append([student.full_name, student.birth_date.strftime("%d.%m.%Y"),
                          classes[student.pk], lesson.topic, lesson.date.strftime("%d.%m.%Y")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def clean(school) -> None:
    """Remove what a run saved, with plain SQL: a model delete would write a history row
    for each of the 10,000 records, which is not what is measured."""
    from django.db import connection

    from monitoring.registers.records import ProjectoriaParticipation

    with connection.cursor() as cursor:
        for model in (ProjectoriaParticipation.history.model, ProjectoriaParticipation):
            cursor.execute(f'DELETE FROM "{model._meta.db_table}" WHERE school_id = %s', [school.pk])
    connection.queries_log.clear()


def baseline(content: bytes, school, year) -> int:
    """openpyxl read-only + one dict lookup per row + bulk_create in one transaction."""
    import openpyxl
    from django.db import transaction

    from monitoring.models import Period, Student
    from monitoring.registers.catalogs import ProjectoriaLesson
    from monitoring.registers.records import ProjectoriaParticipation

    students = {(s.full_name, s.birth_date.strftime("%d.%m.%Y")): s
                for s in Student.objects.filter(school=school)}
    lessons = {lesson.topic: lesson for lesson in ProjectoriaLesson.objects.all()}
    periods = {p.half: p for p in Period.objects.filter(academic_year=year)}
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    records = []
    for name, birth, _klass, topic, day in book.active.iter_rows(min_row=2, values_only=True):
        date = dt.datetime.strptime(day, "%d.%m.%Y").date()
        records.append(ProjectoriaParticipation(
            school=school, student=students[(name, birth)], lesson=lessons[topic], date=date,
            academic_year=year, period=periods[1 if date.month >= 9 else 2]))
    book.close()
    with transaction.atomic():
        ProjectoriaParticipation.objects.bulk_create(records, batch_size=1000)
    return len(records)


def portal(content: bytes, school, user) -> tuple[float, float, int]:
    """The import page: read once, preview, keep the checked table, confirm and save."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring import importing
    from monitoring.registers.resources import ProjectoriaParticipationResource

    upload = SimpleUploadedFile("реестр.xlsx", content)
    connection.queries_log.clear()  # a full log (9,000) would count 0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        resource = ProjectoriaParticipationResource(user=user, school=school)
        table = importing.read_table(upload, resource)
        report = importing.run_import(resource, table, commit=False)
        assert not report.has_errors, report.errors[:3]
        kept = importing.Table.from_json(table.to_json())  # what the page stashes between steps
        checked = time.perf_counter()
        report = importing.run_import(ProjectoriaParticipationResource(user=user, school=school),
                                      kept, commit=True)
        saved = time.perf_counter()
    assert report.committed and report.count("new") == ROWS, report.summary()
    return checked - started, saved - checked, len(queries)


def peak_memory(work: Callable[[], object]) -> float:
    """The most memory (MB) Python held at once during ``work`` (tracemalloc, untimed)."""
    import tracemalloc

    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


@contextlib.contextmanager
def rolled_back():
    """The measured database, left as it was: everything the runs write is rolled back.

    The import then meets tables of the measured size (their indexes, their history)."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def measure(runs: int = RUNS, *, place=None):
    """The import page against its floor, interleaved; a Row for the benchmark table
    (bench/works.py), with the peak memory of each. ``place`` is where it runs: a scratch
    database (standalone) or the measured one, rolled back (the benchmark table)."""
    from .works import Row

    with (place or _django.scratch_database)():
        from django.db import connection

        school, user, students, year, lessons = build_world()
        content = build_file(students, year, lessons)

        def floor() -> None:
            clean(school)
            assert baseline(content, school, year) == ROWS

        bases, portals, queries = [], [], []
        for run in range(runs):
            order = ["portal", "floor"] if run % 2 == 0 else ["floor", "portal"]
            for name in order:
                if name == "floor":
                    started = time.perf_counter()
                    floor()
                    bases.append(time.perf_counter() - started)
                else:
                    clean(school)
                    check, save, count = portal(content, school, user)
                    portals.append(check + save)
                    queries.append(count)
        clean(school)
        portal_peak = peak_memory(lambda: portal(content, school, user))
        floor_peak = peak_memory(floor)
        clean(school)
    connection.close()
    return Row(f"Импорт {ROWS:,} строк через страницу (проверка + запись)".replace(",", " "),
               statistics.median(portals), statistics.median(bases), max(queries),
               note=f"пик памяти {portal_peak:.0f} МБ (предел {floor_peak:.0f} МБ)",
               floor_label="openpyxl read-only + dict + bulk_create")


def main() -> None:
    _django.setup()
    row = measure(RUNS)
    print(f"Импорт реестра «ПроеКТОриЯ» из Excel: {ROWS:,} строк, ".replace(",", " ")
          + f"{_django.describe_database()}, медиана {RUNS} прогонов")
    print(f"  baseline (openpyxl read-only + dict + bulk_create):  {row.floor:6.2f} с")
    print(f"  портал (чтение, предпросмотр, запись с историей):    {row.portal:6.2f} с "
          f"— {row.ratio:.1f}× baseline; запросов к БД: {row.queries}; {row.note}")


if __name__ == "__main__":
    main()
