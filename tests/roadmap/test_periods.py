"""The next period: ИМЦ copies the 2021–2023 roadmap into 2024–2026, sets its training
targets and where its coverage starts, approves it; the old one closes, its reminders
stop, its history stays readable, and every screen takes targets from the roadmap in force."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from monitoring.models import Staff
from reports import reference
from reports.indicators.scope import parse_span
from reports.indicators.service import evaluate
from roadmap import services
from roadmap.models import (
    Measure,
    Passport,
    RequiredDocument,
    Risk,
    Roadmap,
    ScheduleDate,
    TrainingCourse,
    TrainingParticipation,
    TrainingTarget,
)
from roadmap.services.training import coverage, training_target

from ..conftest import make_staff
from .conftest import department_person, make_document, measure


def copy_next(client) -> Roadmap:
    """ИМЦ opens «Создать дорожную карту на основе…» and accepts what it proposes."""
    old = Roadmap.objects.get(slug="nogliki-2021-2023")
    url = reverse("roadmap:roadmap_copy", args=[old.pk])
    page = client.get(url).content.decode()
    assert 'value="2024"' in page and 'value="2026"' in page and "nogliki-2024-2026" in page
    response = client.post(url, {
        "year_start": 2024, "year_end": 2026, "slug": "nogliki-2024-2026",
        "title": "Дорожная карта развития муниципальной системы на 2024-2026 годы",
    })
    new = Roadmap.objects.get(slug="nogliki-2024-2026")
    assert response["Location"] == new.get_absolute_url()
    return new


def test_copy_brings_the_whole_plan_with_deadlines_on_the_new_years(client_imc, approved,
                                                                     client_a):
    risk = Risk.objects.get(roadmap=approved, number=2)
    risk.owner = department_person("Боброва")
    risk.indicator_code, risk.threshold, risk.direction = "admitted_in_region", 30, "below"
    risk.save()
    ScheduleDate.objects.create(measure=measure(approved, "4.3"), date=date(2022, 2, 20),
                                note="по итогам I полугодия")
    new = copy_next(client_imc)
    assert (new.status, new.source, new.year_start, new.year_end) == ("draft", approved, 2024, 2026)
    assert new.training_since == date(2024, 1, 1)
    deadlines = dict(Measure.objects.filter(roadmap=new).values_list("number", "deadline_text"))
    assert len(deadlines) == 17
    assert (deadlines["1.1"], deadlines["2.2"], deadlines["5.1"], deadlines["3.1"],
            deadlines["6.1"]) == ("Январь 2024", "2024-2025", "2024-2026", "Ежегодно",
                                  "Не менее 2 раз в год")
    first = measure(new, "1.1")
    assert "на 2024-2026 годы" in first.text and "2021" not in first.text
    assert [p.last_name for p in first.responsible.all()] == [
        p.last_name for p in measure(approved, "1.1").responsible.all()]
    assert (measure(new, "6.1").per_procedure, measure(new, "6.2").meeting_kind,
            measure(new, "4.1").product) == (True, "august", "monitoring_report")
    assert list(measure(new, "4.3").schedule.values_list("date", flat=True)) == [date(2025, 2, 20)]
    passport = Passport.objects.get(roadmap=new)
    assert passport.goal == Passport.objects.get(roadmap=approved).goal
    assert len(passport.tasks) == len(Passport.objects.get(roadmap=approved).tasks)
    checklist = RequiredDocument.objects.filter(roadmap=new).select_related("measure")
    assert checklist.count() == 7 and all(item.measure.roadmap_id == new.pk
                                          for item in checklist if item.measure)
    copied_risk = Risk.objects.get(roadmap=new, number=2)
    assert (copied_risk.owner.last_name, copied_risk.indicator_code) == ("Боброва", "admitted_in_region")
    targets = {(t.year, t.group): t.value for t in TrainingTarget.objects.filter(roadmap=new)}
    assert (targets[(2024, "teacher")], targets[(2025, "teacher")],
            targets[(2026, "tutor")]) == (25, 60, 100)
    # The old roadmap's executions and documents stay where they are.
    assert not new.measures.filter(executions__isnull=False).exists()
    # A draft is the department's: a coordinator cannot open it.
    assert client_a.get(new.get_absolute_url()).status_code == 404


def test_copy_refuses_a_taken_code_and_years_out_of_order(client_imc, approved):
    url = reverse("roadmap:roadmap_copy", args=[approved.pk])
    page = client_imc.post(url, {"year_start": 2026, "year_end": 2024, "slug": "nogliki-2021-2023",
                                 "title": "Дорожная карта"}).content.decode()
    assert "Код «nogliki-2021-2023» уже занят другой дорожной картой." in page
    assert "Последний год не может быть раньше первого." in page
    assert Roadmap.objects.count() == 1


def test_approving_the_copy_closes_the_old_one_and_moves_reminders_targets_and_coverage(
        client_imc, client_a, approved, school_a):
    reference.load()
    for person in Staff.objects.filter(school__isnull=True):
        person.email = f"{person.pk}@nogliki-edu.example"
        person.save()
    # Before: the old roadmap's overdue 2.2 is in the reminders.
    services.send_deadline_reminders(date(2023, 12, 20))
    assert "2.2 «Разработка и утверждение регламентов" in " ".join(m.body for m in mail.outbox)
    mail.outbox.clear()

    new = copy_next(client_imc)
    # ИМЦ sets the new plan's own targets and says coverage counts from 01.09.2023.
    targets_url = reverse("reports:training_targets", args=[new.pk])
    form = {f"t_{group}_{year}": value for group in ("department", "school_admin", "teacher")
            for year, value in ((2024, "30"), (2025, "65"), (2026, "100"))}
    page = client_imc.post(targets_url, {**form, "t_teacher_2025": "165"}).content.decode()
    assert "педагоги ОО, 2025 г.: цель — от 0 до 100 %." in page
    assert client_imc.post(targets_url, form).status_code == 302
    edit = client_imc.get(reverse("roadmap:roadmap_edit", args=[new.pk])).context["form"]
    data = {name: value for name, value in edit.initial.items() if value is not None}
    data.update(training_counted_from="01.09.2023", status="draft")
    assert client_imc.post(reverse("roadmap:roadmap_edit", args=[new.pk]), data).status_code == 302

    order = make_document(title="Об утверждении дорожной карты на 2024-2026 годы",
                          day=date(2024, 1, 15), number="3-о")
    response = client_imc.post(reverse("roadmap:roadmap_approve", args=[new.pk]),
                               {"on": "15.01.2024", "document": order.pk}, follow=True)
    assert "«Дорожная карта 2024–2026» утверждена и действует с 15.01.2024." in response.content.decode()
    approved.refresh_from_db()
    new.refresh_from_db()
    assert (approved.status, approved.closed_on, approved.superseded_by) == (
        "completed", date(2024, 1, 15), new)
    assert (new.status, new.approved_on, new.approving_document) == ("approved", date(2024, 1, 15), order)
    assert Roadmap.objects.in_force(date(2023, 6, 1)) == approved
    assert Roadmap.objects.in_force(date(2025, 6, 1)) == new

    # Reminders: only the new roadmap's measures, never the old overdue 2.2 again.
    services.send_deadline_reminders(date(2024, 5, 20))
    bodies = " ".join(m.body for m in mail.outbox)
    assert "(срок: Май 2024) — до 31.05.2024" in bodies
    assert "до 31.12.2022" not in bodies and "Разработка и утверждение регламентов" not in bodies

    # Targets per year come from the plan in force on the date.
    assert training_target("teacher", date(2023, 12, 31)) == 100
    assert training_target("teacher", date(2024, 12, 31)) == 30
    assert training_target("teacher", date(2025, 12, 31)) == 65
    assert training_target("teacher", date(2027, 6, 1)) == 100  # no next plan yet: the last holds
    values = evaluate(parse_span("2025"), schools=[], history=False)
    assert values.get("training_teacher").target == 65
    overview = client_imc.get(reverse("reports:training_overview"), {"year": 2024}).content.decode()
    assert "цель 2024 г. — 30 %" in overview

    # Coverage restarts where the new plan says: courses from 01.09.2023 count for 2024.
    teachers = [make_staff(school_a, name, category=Staff.Category.TEACHER)
                for name in ("Ранняя", "Осенняя", "Новая", "Необученная")]
    course = TrainingCourse.objects.create(title="Курс", provider="ИРО", hours=36,
                                           starts_on=date(2022, 1, 1), ends_on=date(2024, 3, 1))
    for person, day in zip(teachers, (date(2022, 5, 20), date(2023, 10, 5), date(2024, 3, 1)),
                           strict=False):
        TrainingParticipation.objects.create(course=course, staff=person, completed_on=day)
    assert coverage("teacher", date(2023, 12, 31))[None].trained == 2  # old plan: since 2021
    now = coverage("teacher", date(2024, 12, 31))[None]
    assert (now.trained, now.total) == (2, 4)  # the 2022 course no longer counts

    # The old roadmap stays readable as history, for the coordinator too.
    board = client_a.get(approved.get_absolute_url()).content.decode()
    assert "Завершена 15.01.2024" in board and "Дорожная карта 2024–2026" in board
    assert client_a.get(reverse("roadmap:current")).url == new.get_absolute_url()


def test_one_roadmap_in_force_and_no_going_back(client_imc, approved):
    new = copy_next(client_imc)
    with pytest.raises(IntegrityError), transaction.atomic():
        Roadmap.objects.filter(pk=new.pk).update(status="approved")
    earlier = services.copy_roadmap(approved, year_start=2019, year_end=2020,
                                    title="Старый план", slug="old-2019")
    response = client_imc.post(reverse("roadmap:roadmap_approve", args=[earlier.pk]),
                               {"on": "01.02.2024"}, follow=True)
    assert "Новая дорожная карта должна начинаться позже действующей (2021–2023)." in (
        response.content.decode())
    assert Roadmap.objects.get(pk=earlier.pk).status == "draft"
    # A status picked in the edit form never puts a draft in force (only «Утвердить» does).
    form = client_imc.get(reverse("roadmap:roadmap_edit", args=[new.pk])).context["form"]
    assert "approved" not in dict(form.fields["status"].choices)
    # Approving twice (a double click) closes the old one once and refuses the second.
    url = reverse("roadmap:roadmap_approve", args=[new.pk])
    client_imc.post(url, {"on": "15.01.2024"})
    second = client_imc.post(url, {"on": "16.01.2024"}, follow=True).content.decode()
    assert "уже не проект: утверждать нечего" in second
    assert list(Roadmap.objects.filter(status="approved")) == [new]
    assert Roadmap.objects.get(pk=approved.pk).closed_on == date(2024, 1, 15)


def test_coordinator_and_head_cannot_copy_or_approve(client_a, client_head, approved):
    for client in (client_a, client_head):
        assert client.get(reverse("roadmap:roadmap_copy", args=[approved.pk])).status_code == 403
        assert client.post(reverse("roadmap:roadmap_approve", args=[approved.pk]),
                           {"on": "15.01.2024"}).status_code == 403
    assert Roadmap.objects.count() == 1
