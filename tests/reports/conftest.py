"""Shared pieces of the reports tests: a half-year with students of both schools, files in
a temporary MEDIA_ROOT, and a way to register a builder of one's own for a kind."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from docx import Document

from monitoring.models import AcademicYear, Enrollment, Period, School, Sex, Student
from nogliki_portal.celery import app
from reports import jobs

PERIOD = "2022/2023-1"


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    """Each test writes its documents into a directory of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """The service tests run the task in this process, exactly as without a broker, even
    when CELERY_BROKER_URL is set; tests marked ``worker`` start a real worker and keep
    the broker (tests/reports/test_worker.py)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture
def period(db) -> Period:
    return Period.objects.get_by_code(PERIOD)


def enrol(school: School, start_year: int, grade: int, last: str, first: str = "Анна",
          ovz: bool = False, sex: str = Sex.FEMALE) -> Student:
    """A student of ``school`` enrolled in ``grade`` in the academic year starting
    ``start_year``."""
    student = Student.objects.create(
        school=school, last_name=last, first_name=first, middle_name="Тестовна",
        birth_date=dt.date(start_year - 6 - grade, 5, 1), sex=sex, has_ovz=ovz,
    )
    year, _ = AcademicYear.objects.get_or_create(start_year=start_year)
    Enrollment.objects.create(student=student, academic_year=year, grade=grade)
    return student


@pytest.fixture
def contingent(school_a, school_b) -> dict[str, list[Student]]:
    """2022/2023: school A has 3 students (grades 2, 7, 10; one with ОВЗ), school B has 2
    (grades 5 and 11). 2021/2022: school A had 1."""
    a = [enrol(school_a, 2022, 2, "Секретова"), enrol(school_a, 2022, 7, "Тайнова", ovz=True),
         enrol(school_a, 2022, 10, "Скрытнова")]
    b = [enrol(school_b, 2022, 5, "Неизвестнов", "Иван", sex=Sex.MALE),
         enrol(school_b, 2022, 11, "Безымянова")]
    earlier = [enrol(school_a, 2021, 9, "Прошлогодняя")]
    return {"a": a, "b": b, "earlier": earlier}


@contextmanager
def registered(kind: str, builder: Callable) -> Iterator[None]:
    previous = jobs.register_builder(kind, builder)
    try:
        yield
    finally:
        jobs.register_builder(kind, previous)


def docx_text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line (no-break spaces, which keep
    «12,5 %» and «№ 1» on one line, read as spaces)."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines).replace("\u00a0", " ")


# The hand-built districts of the indicator tests: tests/reports/world.py (two schools,
# one half-year) and tests/reports/golden.py (three schools over two academic years).
from .golden import golden  # noqa: E402,F401
from .world import world  # noqa: E402,F401
