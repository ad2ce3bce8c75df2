"""Measures closed by what the portal already holds — and a manual mark only as an override
that says why; 6.1 «по каждой оценочной процедуре»."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from monitoring.registers.registry import registry
from roadmap import services
from roadmap.models import (
    Decision,
    Document,
    DocumentKind,
    Execution,
    InformationWork,
    TrainingCourse,
    TrainingParticipation,
    TrainingPlanItem,
)

from ..conftest import make_staff
from .conftest import make_document, make_meeting, measure


def occurrences(roadmap, number: str, on: date) -> dict:
    row = services.build_measure(measure(roadmap, number), on)
    return {o.key: o for o in row.occurrences}


def decide(roadmap, day: date, order: bool = True) -> Decision:
    document = make_document(title=f"О мерах {day}", day=day) if order else None
    note = make_document(kind=DocumentKind.NOTE, title="Справка", day=day)
    return Decision.objects.create(roadmap=roadmap, measure=measure(roadmap, "5.1"), date=day,
                                   title=f"Решение {day:%Y}", order=document, basis_note=note)


def test_5_1_is_done_when_every_year_of_its_span_has_a_decision_with_an_order(approved):
    decide(approved, date(2021, 11, 1))
    decide(approved, date(2022, 4, 1))
    decide(approved, date(2023, 3, 1), order=False)  # no order: not a product yet
    span = occurrences(approved, "5.1", date(2023, 6, 1))["2021-2023"]
    assert span.state.value == "in_progress" and span.missing_years == [2023]
    assert [e.year for e in span.products] == [2021, 2022]
    decide(approved, date(2023, 9, 15))
    span = occurrences(approved, "5.1", date(2023, 10, 1))["2021-2023"]
    assert span.state.value == "done" and span.closed_on == date(2023, 9, 15)
    # The board on an earlier date still shows that date's truth.
    assert occurrences(approved, "5.1", date(2023, 9, 1))["2021-2023"].state.value == "in_progress"


def test_a_registry_document_linked_to_1_1_closes_it_a_draft_does_not(approved):
    item = measure(approved, "1.1")
    make_document(title="Проект приказа", day=date(2021, 1, 20), status=Document.Status.DRAFT,
                  measures=[item])
    assert occurrences(approved, "1.1", date(2021, 2, 1))["2021-01"].state.value == "overdue"
    make_document(title="Об утверждении дорожной карты", day=date(2021, 1, 25), measures=[item])
    occurrence = occurrences(approved, "1.1", date(2021, 2, 1))["2021-01"]
    assert occurrence.state.value == "done" and occurrence.product_closed_on == date(2021, 1, 25)


def test_5_2_and_5_3_are_closed_by_training_and_information_work(approved, school_a):
    teacher = make_staff(school_a)
    for year in (2021, 2022, 2023):
        TrainingPlanItem.objects.create(year=year, category="teacher", planned=1)
        course = TrainingCourse.objects.create(
            title=f"Курс {year}", provider="ИРО", hours=36, starts_on=date(year, 3, 1),
            ends_on=date(year, 3, 20))
        if year != 2023:
            TrainingParticipation.objects.create(course=course, staff=teacher,
                                                 completed_on=date(year, 3, 20))
    training = occurrences(approved, "5.2", date(2024, 1, 10))["2021-2023"]
    assert training.state.value == "overdue" and training.missing_years == [2023]
    InformationWork.objects.create(kind="booklet", date=date(2021, 5, 12), title="Буклет",
                                   audience="parents", measure=measure(approved, "5.3"))
    assert occurrences(approved, "5.3", date(2021, 6, 1))["2021-05"].state.value == "done"


def test_a_manual_mark_without_evidence_is_an_override_that_says_why(client_imc, imc, approved):
    item = measure(approved, "5.1")
    url = reverse("roadmap:execution_add", args=[item.pk])
    data = {"occurrence_key": "2021-2023", "date": "20.12.2023", "status": "done",
            "comment": "", "reason": "", "new_status": "approved"}
    page = client_imc.post(url, data).content.decode()
    assert "Это мероприятие закрывается продуктом портала («управленческое решение с " \
           "приказом»). Отмечая выполнение вручную без документа, укажите основание" in page
    assert not Execution.objects.exists()
    data["comment"] = "Решения 2023 года оформлены протоколом совещания у начальника"
    assert client_imc.post(url, data).status_code == 302
    assert Execution.objects.get().author == imc
    page = client_imc.get(item.get_absolute_url(), {"on": "2024-01-10"}).content.decode()
    assert "Отмечено вручную (продукт портала не найден)" in page
    assert "Решения 2023 года оформлены протоколом" in page and str(imc) in page


def test_6_1_must_take_up_every_assessment_procedure(approved, client_imc):
    item = measure(approved, "6.1")
    every = [entry.slug for entry in registry.registers()]
    make_meeting(date(2022, 3, 1), [item], procedures=every)
    make_meeting(date(2022, 11, 1), [item], procedures=[s for s in every if s != "diagnostics"])
    rule = next(r for r in services.meeting_rules(approved, date(2023, 2, 1))
                if r.measure.number == "6.1")
    check = next(c for c in rule.years if c.year == 2022)
    assert check.held == 2 and not check.ok
    assert check.missing_procedures == ["4. Охват профориентационной диагностикой"]
    page = client_imc.get(reverse("roadmap:meeting_list")).content.decode()
    row = page.split('data-measure="6.1"')[1].split("</tr>")[0]
    assert 'data-missing-procedures="2022"' in row and "Охват профориентационной диагностикой" in row
    # The meeting form offers the registers as the procedures (a new register joins itself).
    form = client_imc.get(reverse("roadmap:meeting_add")).context["form"]
    assert [slug for slug, _ in form.fields["procedures"].choices] == every
