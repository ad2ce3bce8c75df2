"""The fixed cast of every test: two schools, their coordinators, ИМЦ, the head, an admin.

Stories read like a user's: ``coordinator_a`` keeps school A's lists; ``coordinator_b``
must never see or change them (404 on every URL)."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from collections.abc import Iterable

import openpyxl
import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.backends.signals import connection_created
from django.test import Client

from monitoring.models import (
    AcademicYear,
    Enrollment,
    Municipality,
    School,
    Sex,
    Staff,
    Student,
    User,
)
from monitoring.roles import Role, sync_role_permissions

PASSWORD = "pass-for-tests-123"


def _sqlite_readers_take_no_table_locks(sender, connection, **kwargs) -> None:
    """SQLite's test database lives in memory with a shared cache: there a reader holds a
    lock on the table it reads, and a writer on another connection (a report built in a
    thread, as under `make run`) fails at once with «database table is locked» instead
    of waiting — a race a file database (`make run`, busy timeout) never has. Readers of
    the shared cache that read uncommitted rows take no table locks."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = 1")


connection_created.connect(_sqlite_readers_take_no_table_locks)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing_tools() -> dict[str, str]:
    """What this machine lacks for some tests, by marker → the reason in Russian."""
    from django.conf import settings

    missing = {}
    if not settings.CELERY_BROKER_URL:
        missing["broker"] = "нет брокера: задайте CELERY_BROKER_URL"
    if not shutil.which(CHROMIUM):
        missing["browser"] = f"нет Chromium ({CHROMIUM}): apt-get install -y chromium"
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        missing["postgresql"] = ("нет PostgreSQL: задайте DATABASE_URL (одновременные загрузки "
                                 "и сохранения проверяются на нём)")
    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        missing["libreoffice"] = ("нет LibreOffice или pdftotext: apt-get install -y "
                                  "libreoffice-writer-nogui poppler-utils")
    return missing


def pytest_collection_modifyitems(config, items) -> None:
    """Tests needing a tool this machine lacks are deselected and listed, not skipped.

    CI installs Chromium and LibreOffice and sets REQUIRE_BROWSER=1: there a missing tool
    is an error. The broker-only tests run in CI's PostgreSQL + Redis pass."""
    missing = missing_tools()
    if os.environ.get("REQUIRE_BROWSER"):
        absent = {k: v for k, v in missing.items() if k in {"browser", "libreoffice"}}
        if absent:
            raise pytest.UsageError("; ".join(absent.values()))
    kept, dropped = [], []
    for item in items:
        needs = [m for m in missing if item.get_closest_marker(m)]
        (dropped if needs else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
        reasons = sorted({missing[m] for i in dropped for m in missing if i.get_closest_marker(m)})
        config._nogliki_deselected = (len(dropped), reasons)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if getattr(config, "_nogliki_deselected", None):
        count, reasons = config._nogliki_deselected
        terminalreporter.write_line(f"Не запускались ({count}): " + "; ".join(reasons))


@pytest.fixture(autouse=True)
def _fresh_figures_cache():
    """Each test starts with an empty cache of computed figures: its database is rolled
    back, and data a test writes around the signals (bulk_create) changes no version."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def municipality(db) -> Municipality:
    return Municipality.objects.create(name="МО «Тестовый округ»", short_name="Тестовый округ")


@pytest.fixture
def school_a(municipality) -> School:
    return School.objects.create(
        municipality=municipality, code="a", name="Школа А полностью", short_name="Школа А"
    )


@pytest.fixture
def school_b(municipality) -> School:
    return School.objects.create(
        municipality=municipality, code="b", name="Школа Б полностью", short_name="Школа Б"
    )


def make_user(username: str, role: Role, schools: Iterable[School] = ()) -> User:
    if not Group.objects.filter(name=str(role)).exists():
        # A transactional test (the real-worker one) flushes what the data migration made.
        sync_role_permissions(django_apps)
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=username.capitalize()
    )
    user.groups.add(Group.objects.get(name=str(role)))
    user.schools.set(list(schools))
    return user


@pytest.fixture
def coordinator_a(school_a) -> User:
    return make_user("coord_a", Role.COORDINATOR, [school_a])


@pytest.fixture
def coordinator_b(school_b) -> User:
    return make_user("coord_b", Role.COORDINATOR, [school_b])


@pytest.fixture
def imc(db) -> User:
    return make_user("imc", Role.IMC)


@pytest.fixture
def head(db) -> User:
    return make_user("head", Role.HEAD)


@pytest.fixture
def portal_admin(db) -> User:
    user = make_user("itadmin", Role.ADMIN)
    user.is_staff = True
    user.save()
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(coordinator_a) -> Client:
    return client_for(coordinator_a)


@pytest.fixture
def client_b(coordinator_b) -> Client:
    return client_for(coordinator_b)


@pytest.fixture
def client_imc(imc) -> Client:
    return client_for(imc)


@pytest.fixture
def client_head(head) -> Client:
    return client_for(head)


@pytest.fixture
def year(db) -> AcademicYear:
    return AcademicYear.objects.current()


def make_student(school: School, last: str = "Образцова", first: str = "Анна",
                 middle: str = "Сергеевна", birth: dt.date = dt.date(2011, 3, 14),
                 grade: int = 7, letter: str = "А", **extra) -> Student:
    student = Student.objects.create(
        school=school, last_name=last, first_name=first, middle_name=middle,
        birth_date=birth, sex=extra.pop("sex", Sex.FEMALE), **extra,
    )
    Enrollment.objects.create(
        student=student, academic_year=AcademicYear.objects.current(), grade=grade,
        class_letter=letter,
    )
    return student


def make_staff(school: School | None, last: str = "Петрова", **extra) -> Staff:
    defaults = {
        "first_name": "Ольга", "middle_name": "Ивановна", "position": "учитель",
        "category": Staff.Category.TEACHER if school else Staff.Category.DEPARTMENT,
    }
    defaults.update(extra)
    municipality = school.municipality if school else Municipality.objects.first()
    return Staff.objects.create(municipality=municipality, school=school, last_name=last,
                                **defaults)


@pytest.fixture
def student_a(school_a) -> Student:
    return make_student(school_a)


@pytest.fixture
def student_b(school_b) -> Student:
    return make_student(school_b, last="Примеров", first="Иван", sex=Sex.MALE)


@pytest.fixture
def staff_a(school_a) -> Staff:
    return make_staff(school_a)


@pytest.fixture
def staff_b(school_b) -> Staff:
    return make_staff(school_b, last="Сидоров", first_name="Пётр")


def xlsx_upload(rows: list[list], name: str = "список.xlsx", sheet: str = "Данные",
                extra_sheets: dict[str, list[list]] | None = None) -> SimpleUploadedFile:
    """A real .xlsx file built with openpyxl, as a browser would upload it."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for title, sheet_rows in (extra_sheets or {}).items():
        other = workbook.create_sheet(title, 0)
        for row in sheet_rows:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/vnd.ms-excel")


def read_xlsx(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))
