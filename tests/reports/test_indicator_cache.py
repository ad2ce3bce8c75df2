"""Figures served from the cache until the data changes: a repeated dashboard reads the
cache, and each kind of write — a record saved, edited, deleted or imported, a class list,
a reference list, a target, a training target, training, the roadmap put in force, a
submission — shows on the next request (monitoring/dataversion.py)."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import dataversion
from monitoring.models import Sex
from monitoring.registers import catalogs as c
from monitoring.registers import records as r
from monitoring.registers.submissions import Submission
from reports import reference
from reports.indicators.scope import parse_span
from reports.indicators.service import evaluate
from reports.models import Indicator, Target

from .world import D, student

URL = reverse("reports:municipal_dashboard") + "?period=2022/2023-1"


@pytest.fixture
def catalogue(db):
    reference.load()
    return {i.code: i for i in Indicator.objects.all()}


def page(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def shown(html: str, code: str) -> str:
    """The municipal value of an indicator as the dashboard prints it («60», «16,7»)."""
    row = re.search(rf'<tr data-code="{code}">.*?<td class="num">([\d,.]+)', html, re.S)
    return row.group(1)


def status(html: str, code: str) -> str:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', html, re.S).group(1)
    return re.search(r'data-status="(\w+)"', row).group(1)


def test_a_repeated_dashboard_is_read_from_the_cache(world, catalogue, client_imc):
    first, cold = page(client_imc)
    second, warm = page(client_imc)
    assert shown(second, "diagnostics_share") == shown(first, "diagnostics_share") == "60"
    # Nothing is computed again: the page asks the version, the targets and its own data.
    assert warm < cold / 3, (cold, warm)


def save_record(world, tmp_path=None):
    r.Diagnostic.objects.create(school=world["s6"].school, student=world["s6"], date=D,
                                method=c.DiagnosticMethod.objects.get())


def edit_record(world, tmp_path=None):
    record = r.Diagnostic.objects.get(student=world["s5"])
    record.date = dt.date(2023, 3, 1)  # moved to the II half-year
    record.save()


def delete_record(world, tmp_path=None):
    r.Diagnostic.objects.get(student=world["s1"]).delete()


def import_file(world, tmp_path):
    s6 = world["s6"]
    book = openpyxl.Workbook()
    book.active.append(["ФИО обучающегося", "Дата рождения", "Класс", "Дата", "Методика"])
    book.active.append([s6.full_name, s6.birth_date.strftime("%d.%m.%Y"), "6А",
                        D.strftime("%d.%m.%Y"), "Опросник Климова"])
    data = io.BytesIO()
    book.save(data)
    path = tmp_path / "диагностика.xlsx"
    path.write_bytes(data.getvalue())
    out = io.StringIO()
    call_command("import_register", "diagnostics", str(path), "--school", s6.school.code,
                 stdout=out)
    assert "Файл загружен" in out.getvalue()


def enrol_one_more(world, tmp_path=None):
    # The class lists are the denominator: one more pupil of grades 6–11.
    student(world["s6"].school, "Новенький", 8, Sex.MALE)


@pytest.mark.parametrize(("write", "after"), [
    (save_record, "80"),     # 4 of 5 pupils of grades 6–11
    (edit_record, "40"),
    (delete_record, "40"),
    (import_file, "80"),     # bulk_create: no post_save, the import raises the version
    (enrol_one_more, "50"),  # 3 of 6
], ids=["saved", "edited", "deleted", "imported", "class-list"])
def test_each_write_to_a_register_shows_on_the_next_request(world, catalogue, client_imc,
                                                            tmp_path, write, after):
    html, _ = page(client_imc)
    assert shown(html, "diagnostics_share") == "60"
    page(client_imc)  # now cached
    write(world, tmp_path)
    html, _ = page(client_imc)
    assert shown(html, "diagnostics_share") == after


def test_a_reference_list_change_shows(world, catalogue, client_imc):
    # Additional education counts only profile programs: a program made general leaves it.
    html, _ = page(client_imc)
    assert shown(html, "additional_education_share") == "16,7"
    program = c.Program.objects.get(name="Робототехника")
    program.orientation = c.Program.Orientation.GENERAL
    program.save()
    html, _ = page(client_imc)
    assert shown(html, "additional_education_share") == "0"


def test_a_target_shows(world, catalogue, client_imc):
    second = reverse("reports:municipal_dashboard") + "?period=2022/2023-2"
    assert status(client_imc.get(second).content.decode(), "diagnostics_share") == "none"
    Target.objects.create(indicator=catalogue["diagnostics_share"], year=2023, value=55)
    assert status(client_imc.get(second).content.decode(), "diagnostics_share") == "achieved"


def test_a_submission_changes_the_version(world, catalogue):
    from monitoring.models import Period

    before = dataversion.current()
    Submission.objects.create(school=world["s1"].school,
                              period=Period.objects.get_by_code("2022/2023-1"),
                              state=Submission.State.ACCEPTED)
    assert dataversion.current() != before


def test_a_rolled_back_write_never_brings_its_version_back(world, catalogue):
    from django.db import transaction

    before = dataversion.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        save_record(world)
        inside = dataversion.current()
        raise RuntimeError
    assert dataversion.current() == before
    save_record(world)
    assert dataversion.current() not in {before, inside}


# ------------------------------------------------------------ the roadmap and training


@pytest.fixture
def roadmap(db):
    from roadmap.services import load_roadmap_file

    load_roadmap_file()
    reference.load()


def training(span: str):
    return evaluate(parse_span(span), codes=["training_teacher"], history=False).get(
        "training_teacher")


def test_training_and_its_targets_show(roadmap, school_a):
    from roadmap.models import Roadmap, TrainingCourse, TrainingParticipation, TrainingTarget

    from ..conftest import make_staff

    teachers = [make_staff(school_a, last=f"Учитель{i}") for i in range(4)]
    assert training("2022").value == 0.0
    course = TrainingCourse.objects.create(
        title="Профориентация в школе", provider="ИРОСО", hours=36,
        starts_on=dt.date(2022, 1, 10), ends_on=dt.date(2022, 2, 1))
    TrainingParticipation.objects.create(course=course, staff=teachers[0],
                                         completed_on=dt.date(2022, 2, 1))
    assert training("2022").value == 25.0
    assert training("2022").target == 60.0
    target = TrainingTarget.objects.get(roadmap=Roadmap.objects.get(), year=2022,
                                        group="teacher")
    target.value = 20
    target.save()
    assert training("2022").target == 20.0


def test_a_roadmap_put_in_force_shows(roadmap):
    from roadmap.models import RequiredDocument, Roadmap
    from roadmap.services.periods import approve_roadmap, copy_roadmap

    def normative(span: str):
        return evaluate(parse_span(span), codes=["normative_documents"], history=False).get(
            "normative_documents").measure

    old = Roadmap.objects.get()
    assert normative("2024").numerator == 0
    successor = copy_roadmap(old, year_start=2024, year_end=2026, slug="next",
                             title="Дорожная карта на 2024-2026 годы")
    required = RequiredDocument.objects.filter(roadmap=successor).count()
    RequiredDocument.objects.filter(roadmap=successor).exclude(
        pk=RequiredDocument.objects.filter(roadmap=successor).order_by("pk").first().pk).delete()
    assert required > 1
    assert normative("2024").denominator == required  # the old one is still in force
    approve_roadmap(successor, on=dt.date(2024, 1, 15))
    assert normative("2024").denominator == 1


def test_a_second_request_waits_for_figures_being_computed(db, monkeypatch):
    from reports.indicators import cache as figures

    monkeypatch.setattr(figures, "FLIGHT_SECONDS", 0.3)
    with figures.computing(), figures.single_flight(("dashboard",)) as first:
        assert first
        with figures.single_flight(("dashboard",)) as second:  # the lock is held: it waits
            assert not second
        with figures.single_flight(("another",)) as other:
            assert other
    with figures.computing(), figures.single_flight(("dashboard",)) as again:
        assert again  # released when the first one finished
