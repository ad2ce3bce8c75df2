"""Indicators computed from the roadmap: training coverage at the 25/60/100 % boundaries,
the normative base, measures done on time, parents informed."""

from __future__ import annotations

import datetime as dt

import pytest

from monitoring.models import Staff
from reports import reference
from reports.indicators.registry import MUNICIPALITY
from reports.indicators.scope import parse_span
from reports.indicators.service import evaluate
from reports.indicators.targets import TargetStatus
from roadmap.models import (
    Execution,
    InformationWork,
    Measure,
    TrainingCourse,
    TrainingParticipation,
)
from roadmap.services import load_roadmap_file

from ..conftest import make_staff


@pytest.fixture
def roadmap(db):
    load_roadmap_file()
    reference.load()  # the catalogue; the 25/60/100 % targets come with the roadmap file


def teachers(school, n):
    return [make_staff(school, last=f"Учитель{i}") for i in range(n)]


def train(staff, on):
    course, _ = TrainingCourse.objects.get_or_create(
        title="Профориентация в школе", provider="ИРОСО", hours=36,
        starts_on=dt.date(on.year, 1, 10), ends_on=on,
    )
    TrainingParticipation.objects.create(course=course, staff=staff, completed_on=on)


@pytest.mark.parametrize(
    ("year", "total", "trained", "value", "status"),
    [
        (2021, 5, 1, 20.0, TargetStatus.MISSED),     # below 25 % (and below 90 % of it)
        (2021, 4, 1, 25.0, TargetStatus.ACHIEVED),   # at 25 %
        (2021, 3, 1, 33.3, TargetStatus.ACHIEVED),   # above
        (2022, 5, 2, 40.0, TargetStatus.MISSED),     # below 60 %
        (2022, 5, 3, 60.0, TargetStatus.ACHIEVED),   # at 60 %
        (2022, 4, 3, 75.0, TargetStatus.ACHIEVED),   # above
        (2023, 4, 3, 75.0, TargetStatus.MISSED),     # below 100 %
        (2023, 10, 9, 90.0, TargetStatus.CLOSE),     # within 10 % of 100 %
        (2023, 4, 4, 100.0, TargetStatus.ACHIEVED),  # at 100 %
    ],
)
def test_training_coverage_against_the_roadmap_targets(roadmap, school_a, year, total, trained,
                                                       value, status):
    people = teachers(school_a, total)
    # Trained in the roadmap's first year: coverage is cumulative, so it still counts later.
    for person in people[:trained]:
        train(person, dt.date(2021, 3, 1))
    evaluation = evaluate(parse_span(str(year)), codes=["training_teacher"], history=False)
    item = evaluation.get("training_teacher")
    assert item.value == value
    assert item.target == {2021: 25, 2022: 60, 2023: 100}[year]
    assert item.status == status
    assert evaluation.get("training_teacher", school_a.pk).value == value


def test_training_before_the_roadmap_or_after_leaving_does_not_count(roadmap, school_a):
    a, b, c, d = teachers(school_a, 4)
    train(a, dt.date(2020, 11, 1))              # before the roadmap began
    train(b, dt.date(2021, 5, 1))
    c.is_working, c.left_on = False, dt.date(2021, 6, 30)
    c.save()                                     # left: not in the count at the end of 2021
    train(d, dt.date(2022, 2, 1))               # trained only in the next year
    item = evaluate(parse_span("2021"), codes=["training_teacher"], history=False).get("training_teacher")
    assert (item.measure.numerator, item.measure.denominator) == (1, 3)


def test_department_staff_count_only_for_the_municipality(roadmap, school_a):
    # load_roadmap created the four department employees named in the document.
    department = list(Staff.objects.filter(category="department"))
    assert len(department) == 4
    train(department[0], dt.date(2021, 9, 1))
    evaluation = evaluate(parse_span("2021"), codes=["training_department"], history=False)
    assert evaluation.get("training_department").value == 25.0
    assert evaluation.get("training_department", school_a.pk).value is None


def test_normative_documents_without_documents_is_zero(roadmap):
    item = evaluate(parse_span("2022"), codes=["normative_documents"], history=False).get("normative_documents")
    assert item.measure.numerator == 0 and item.measure.denominator > 0
    assert item.value == 0.0


def test_measures_done_on_time(roadmap):
    # In 2021 the deadlines 1.1 (January), 1.2, 2.1, 2.3, 5.3 (May) and the yearly ones fall.
    span = parse_span("2021")
    before = evaluate(span, codes=["measures_on_time"], history=False).get("measures_on_time")
    assert before.measure.numerator == 0 and before.measure.denominator > 0
    measure = Measure.objects.get(number="1.1")
    Execution.objects.create(measure=measure, occurrence_key="2021-01", date=dt.date(2021, 1, 20),
                             status="done")
    late = Measure.objects.get(number="1.2")
    Execution.objects.create(measure=late, occurrence_key="2021-05", date=dt.date(2021, 7, 1),
                             status="done")
    after = evaluate(span, codes=["measures_on_time"], history=False).get("measures_on_time")
    assert after.measure.numerator == 1  # 1.2 was done, but late
    assert after.measure.denominator == before.measure.denominator


def test_parents_informed(roadmap, school_a):
    InformationWork.objects.create(kind="parents_offline", date=dt.date(2022, 10, 5),
                                   title="Собрание о поступлении", audience="parents", reach=45,
                                   school=school_a)
    InformationWork.objects.create(kind="article", date=dt.date(2022, 11, 5),
                                   title="Статья о целевом обучении", audience="students_parents",
                                   reach=300)
    InformationWork.objects.create(kind="booklet", date=dt.date(2022, 11, 5),
                                   title="Буклет для педагогов", audience="teachers", reach=50)
    evaluation = evaluate(parse_span("2022/2023-1"), codes=["parents_informed"], history=False)
    assert evaluation.get("parents_informed").value == 345
    assert evaluation.get("parents_informed", school_a.pk).value == 45
    assert MUNICIPALITY is None


def test_risks_are_green_or_red_by_their_indicator(roadmap, world, client_imc):
    from reports.indicators.risks import risk_states
    from roadmap.models import Risk

    assert Risk.objects.exclude(indicator_code="").count() == 4  # bound by reference.load
    states = {s.risk.number: s for s in risk_states(evaluate(parse_span("2022/2023-2")))}
    # 2022/2023-2: one of two admitted by profile (50 % is not below 50) → green;
    # one of two in the region → green; one admitted with ОВЗ (not below 1) → green;
    # nobody returned to work in the district (0 < 1) → red.
    assert [states[n].triggered for n in (1, 2, 3, 4)] == [True, False, False, False]
    html = client_imc.get("/reports/dashboard/?period=2022/2023-2").content.decode()
    assert 'data-risk="1" data-state="danger"' in html
    assert 'data-risk="2" data-state="success"' in html
