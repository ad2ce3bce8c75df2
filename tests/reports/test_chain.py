"""The management chain walked as the department walks it: a missed indicator → drafted
recommendations → one published → a management decision answering it → its effect computed
a year later; a recommendation nobody answers is flagged to ИМЦ and the head; the year's
chain on one page with its gaps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from monitoring.models import AcademicYear, Enrollment, Sex, Student
from monitoring.registers import catalogs as c
from monitoring.registers import records as r
from reports import reference
from reports.chain import overdue_answers
from reports.models import Indicator, Recommendation, Target
from roadmap.models import Decision, DecisionIndicator, Document, DocumentKind, Roadmap
from roadmap.services import build_board, load_roadmap_file


def pupil(school, name: str, grade: int) -> Student:
    """A pupil enrolled in 2022/2023 and, a grade up, in 2023/2024."""
    student = Student.objects.create(school=school, last_name=name, first_name="Тест",
                                     birth_date=dt.date(2022 - 6 - grade, 4, 4), sex=Sex.FEMALE)
    for start, step in ((2022, 0), (2023, 1)):
        year, _ = AcademicYear.objects.get_or_create(start_year=start)
        Enrollment.objects.create(student=student, academic_year=year, grade=grade + step,
                                  class_letter="А")
    return student


@pytest.fixture
def district(school_a, school_b):
    """Five pupils of grades 6–10; one diagnosed in autumn 2022, four in autumn 2023."""
    load_roadmap_file()
    reference.load()
    pupils = [pupil(school_a, f"Ученица{i}", grade) for i, grade in enumerate((6, 7, 8), 1)]
    pupils += [pupil(school_b, f"Ученица{i}", grade) for i, grade in enumerate((9, 10), 4)]
    method = c.DiagnosticMethod.objects.get_or_create(name="Опросник Климова")[0]
    r.Diagnostic.objects.create(school=pupils[0].school, student=pupils[0], method=method,
                                date=dt.date(2022, 10, 12))
    for student in pupils[:4]:
        r.Diagnostic.objects.create(school=student.school, student=student, method=method,
                                    date=dt.date(2023, 10, 12))
    indicator = Indicator.objects.get(code="diagnostics_share")
    for year in (2022, 2023):
        Target.objects.create(indicator=indicator, year=year, value=50)
    return pupils


def test_the_chain_from_a_missed_indicator_to_the_effect_a_year_later(
        district, client_imc, client_head, imc):
    # 1. The dashboard of the academic year 2022/2023 shows the miss (a share of students is
    # judged on the year's value); ИМЦ drafts recommendations.
    response = client_imc.post(reverse("reports:draft_recommendations"), {"period": "2022/2023"})
    assert response.status_code == 302
    drafts = Recommendation.objects.filter(indicator_code="diagnostics_share", school__isnull=True,
                                           status="draft")
    draft = next(d for d in drafts if d.expects_answer)
    # 2. ИМЦ publishes it: from now on it awaits a management decision.
    client_imc.post(reverse("reports:recommendation_publish", args=[draft.pk]), {"publish": "1"})
    draft.refresh_from_db()
    assert draft.status == "published" and list(Recommendation.objects.awaiting_answer()) == [draft]
    page = client_imc.get(draft.get_absolute_url()).content.decode()
    assert "ожидает управленческого решения" in page

    # 3. A decision of January 2023 answers it; its effect is checked in February 2024.
    roadmap = Roadmap.objects.get()
    order = Document.objects.create(kind=DocumentKind.ORDER, number="7-р", date=dt.date(2023, 1, 20),
                                    title="О мерах по охвату диагностикой", status="approved")
    decision = Decision.objects.create(
        roadmap=roadmap, measure=roadmap.measures.get(number="5.1"), date=dt.date(2023, 1, 20),
        title="Организовать диагностику 6–11 классов на платформе «Билет в будущее»", order=order,
        basis_note=order, checked_on=dt.date(2024, 2, 1))
    response = client_imc.post(reverse("reports:recommendation_answer", args=[draft.pk]),
                               {"action": "answer", "decision": decision.pk}, follow=True)
    assert "Рекомендация связана с решением" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.decision, draft.answered_by) == (decision, imc)
    # The recommendation's indicator became the decision's target indicator.
    assert list(decision.indicators.values_list("indicator_code", flat=True)) == ["diagnostics_share"]
    assert not Recommendation.objects.awaiting_answer().exists()

    # 4. A year later the effect is computed and the conclusion proposed, not typed.
    url = reverse("reports:decision_effectiveness")
    client_imc.post(url, {"decision": decision.pk})
    decision.refresh_from_db()
    row = DecisionIndicator.objects.get(decision=decision)
    assert row.value_before is not None and row.value_after is not None
    assert row.value_after > row.value_before
    assert decision.effect == Decision.Effect.EFFECTIVE and decision.checked_by == imc
    assert "Решение эффективно" in decision.conclusion and "улучшение" in decision.conclusion
    page = client_head.get(url).content.decode()
    assert "Вывод: эффективно." in page
    answered = client_head.get(draft.get_absolute_url()).content.decode()
    assert decision.title in answered and "эффективно" in answered
    # 5. The chain page of 2023 shows the decision answering a recommendation.
    chain = client_head.get(reverse("reports:chain"), {"year": 2023}).content.decode()
    decisions = chain.split('id="chain-decisions"')[1].split("</li>")[0]
    assert "отвечают на рекомендации:</span> 1" in decisions


def test_an_unanswered_recommendation_is_flagged_until_answered_or_closed(
        district, client_imc, client_head, imc):
    old = Recommendation.objects.create(
        audience=Recommendation.Audience.HEADS, text="Включить в план-график курсы для педагогов",
        status="published", indicator_code="training_teacher")
    Recommendation.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - dt.timedelta(days=120))
    fresh = Recommendation.objects.create(
        audience=Recommendation.Audience.HEADS, text="Свежая рекомендация", status="published",
        published_at=timezone.now() - dt.timedelta(days=5))
    Recommendation.objects.create(  # parents act on it themselves: never flagged
        audience=Recommendation.Audience.PARENTS, text="Родителям", status="published",
        published_at=timezone.now() - dt.timedelta(days=400))
    assert list(overdue_answers()) == [old]

    for client in (client_head, client_imc):
        home = client.get(reverse("home")).content.decode()
        assert "Рекомендации без управленческого решения дольше 90 дней: 1" in home
    listing = client_head.get(reverse("reports:recommendation_list"), {"answer": "overdue"})
    assert [item.pk for item in listing.context["object_list"]] == [old.pk]
    page = client_imc.get(old.get_absolute_url()).content.decode()
    assert "нет ответа дольше 90 дней" in page
    chain = client_head.get(reverse("reports:chain")).content.decode()
    assert "Рекомендации без ответа дольше 90 дней: 1" in chain

    # Closing needs a reason; with one, the flag goes.
    page = client_imc.post(reverse("reports:recommendation_answer", args=[old.pk]),
                           {"action": "close", "reason": "  "}, follow=True).content.decode()
    assert "Укажите причину, по которой решение не требуется." in page
    client_imc.post(reverse("reports:recommendation_answer", args=[old.pk]),
                    {"action": "close", "reason": "Курсы уже включены в план-график 2026 года"})
    old.refresh_from_db()
    assert old.closed_reason == "Курсы уже включены в план-график 2026 года"
    assert not overdue_answers().exists() and fresh.is_answered is False
    home = client_head.get(reverse("home")).content.decode()
    assert 'id="overdue-answers"' not in home
    # The head reads, but does not answer.
    assert client_head.post(reverse("reports:recommendation_answer", args=[fresh.pk]),
                            {"action": "close", "reason": "нет"}).status_code == 403


def test_the_database_keeps_answers_consistent(district):
    recommendation = Recommendation.objects.create(
        audience=Recommendation.Audience.HEADS, text="Текст", status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(closed_at=timezone.now())
    roadmap = Roadmap.objects.get()
    decision = Decision.objects.create(roadmap=roadmap, date=dt.date(2023, 1, 20), title="Решение",
                                       basis_note=Document.objects.create(
                                           kind="note", date=dt.date(2023, 1, 10), title="Справка"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=recommendation.pk).update(
            decision=decision, closed_at=timezone.now(), closed_reason="и то, и другое")


def test_published_recommendations_close_4_3_on_its_schedule(district, imc):
    roadmap = Roadmap.objects.get()
    measure = roadmap.measures.get(number="4.3")
    measure.schedule.create(date=dt.date(2022, 2, 20), note="по итогам I полугодия")
    recommendation = Recommendation.objects.create(
        audience=Recommendation.Audience.HEADS, text="Текст", status="published")
    Recommendation.objects.filter(pk=recommendation.pk).update(
        published_at=timezone.make_aware(dt.datetime(2022, 2, 18, 12)))
    row = next(row for row in build_board(roadmap, dt.date(2022, 3, 1)).measure_rows
               if row.measure.number == "4.3")
    occurrence = row.occurrences[0]
    assert occurrence.state.value == "done" and occurrence.closed_on == dt.date(2022, 2, 18)
    assert "опубликовано рекомендаций: 1" in occurrence.products[0].label
