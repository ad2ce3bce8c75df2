"""Mass events in one form: choose a lesson or event, tick the students of a class."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from monitoring.registers.records import EmployerInteraction, ProjectoriaParticipation
from monitoring.registers.registry import registry

from ...conftest import make_student
from .conftest import lock

MASS = [e.slug for e in registry if e.mass_fields]


@pytest.fixture
def class_7a(ctx, school_a):
    """Three students of 7А besides ctx.student, and one of 7Б."""
    others = [make_student(school_a, last=f"Семиклассник{i}", first="Олег", middle="",
                           birth=dt.date(2011, 1, 1 + i)) for i in range(3)]
    make_student(school_a, last="Изсоседнего", first="Олег", letter="Б")
    return [ctx.student, *others]


def mass_url(slug, **query):
    url = reverse("monitoring:register_mass", args=[slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_class_is_chosen_first_and_the_whole_class_is_ticked(ctx, client_a, class_7a):
    first = client_a.get(mass_url("proektoria")).content.decode()
    assert '<option value="7А">' in first and '<option value="7Б">' in first
    assert 'name="students"' not in first
    page = client_a.get(mass_url("proektoria", klass="7А")).content.decode()
    assert page.count('name="students"') == 4 and page.count("checked") >= 4
    assert "Изсоседнего" not in page


def test_a_lesson_is_recorded_for_every_ticked_student_in_one_form(ctx, client_a, class_7a,
                                                                   coordinator_a):
    ticked = class_7a[:3]
    response = client_a.post(mass_url("proektoria"), {
        "klass": "7А", "lesson": ctx.lesson.pk, "date": "", "students": [s.pk for s in ticked]})
    assert response.status_code == 302
    records = ProjectoriaParticipation.objects.order_by("student__last_name")
    assert {r.student for r in records} == set(ticked)
    assert all(r.date == ctx.lesson.date and r.grade == 7 and r.author == coordinator_a
               for r in records)
    assert all(r.history.get().history_user == coordinator_a for r in records)

    # The whole class afterwards: those already recorded are skipped and named.
    again = client_a.post(mass_url("proektoria"), {
        "klass": "7А", "lesson": ctx.lesson.pk, "students": [s.pk for s in class_7a]}, follow=True)
    page = again.content.decode()
    assert "Добавлено записей: 1." in page and "Уже были записаны и пропущены" in page
    assert ProjectoriaParticipation.objects.count() == 4


@pytest.mark.parametrize("slug", MASS)
def test_every_register_with_mass_entry_offers_the_form(ctx, client_a, class_7a, slug):
    page = client_a.get(mass_url(slug, klass="7А"))
    assert page.status_code == 200
    assert "Записать отмеченных" in page.content.decode()


def test_an_event_is_picked_and_its_participants_ticked(ctx, client_a, class_7a):
    event_page = client_a.get(reverse("monitoring:register_detail",
                                      args=["employer-events", ctx.event.pk])).content.decode()
    link = mass_url("employers", event=ctx.event.pk, school=ctx.school.pk)
    assert link.replace("&", "&amp;") in event_page
    form = client_a.get(link + "&klass=7А").content.decode()
    assert f'<option value="{ctx.event.pk}" selected>' in form
    client_a.post(mass_url("employers"), {"klass": "7А", "event": ctx.event.pk,
                                          "students": [s.pk for s in class_7a]})
    assert EmployerInteraction.objects.filter(event=ctx.event).count() == 4
    assert set(EmployerInteraction.objects.values_list("date", flat=True)) == {ctx.event.date}


def test_students_of_another_class_or_school_cannot_be_ticked(ctx, client_a, class_7a, school_b):
    stranger = make_student(school_b, last="Чужой", first="Иван")
    neighbour = class_7a[0].__class__.objects.get(last_name="Изсоседнего")
    for student in (stranger, neighbour):
        page = client_a.post(mass_url("proektoria"), {"klass": "7А", "lesson": ctx.lesson.pk,
                                                      "students": [student.pk]}).content.decode()
        assert "Выберите корректный вариант" in page or "не найден в выбранном классе" in page
    assert not ProjectoriaParticipation.objects.exists()


def test_mass_entry_respects_the_lock(ctx, client_a, class_7a):
    lock(ctx.school)
    page = client_a.post(mass_url("proektoria"), {"klass": "7А", "lesson": ctx.lesson.pk,
                                                  "students": [s.pk for s in class_7a]}).content.decode()
    assert "приняты ИМЦ и закрыты для изменений" in page
    assert not ProjectoriaParticipation.objects.exists()


def test_registers_without_mass_entry_send_back_to_the_list(ctx, client_a):
    response = client_a.get(mass_url("admissions"))
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:register_list", args=["admissions"])


def test_another_coordinator_cannot_write_into_school_a_by_the_url(ctx, client_b, school_b):
    make_student(school_b, last="Бэшкин", first="Борис")
    page = client_b.get(mass_url("proektoria", school=ctx.school.pk, klass="7А")).content.decode()
    assert ctx.student.full_name not in page and "Школа Б" in page
    client_b.post(mass_url("proektoria") + f"?school={ctx.school.pk}",
                  {"klass": "7А", "lesson": ctx.lesson.pk, "students": [ctx.student.pk],
                   "school_id": ctx.school.pk})
    created = client_b.post(reverse("monitoring:register_add", args=["diagnostics"]) + f"?school={ctx.school.pk}",
                            {"student": ctx.student.pk, "date": ctx.day, "method": ctx.method.pk})
    assert "Выберите обучающегося из списка" in created.content.decode()
    assert not ProjectoriaParticipation.objects.exists()
    from monitoring.registers.records import Diagnostic

    assert not Diagnostic.objects.exists()


def test_a_lesson_two_weeks_ahead_is_not_recorded_for_a_class(ctx, client_a, class_7a, settings):
    from monitoring.registers.catalogs import ProjectoriaLesson

    ahead = ProjectoriaLesson.objects.create(date=ctx.today + dt.timedelta(days=14),
                                             topic="Урок, который ещё не прошёл")
    response = client_a.post(mass_url("proektoria"), {
        "klass": "7А", "lesson": ahead.pk, "date": "", "students": [s.pk for s in class_7a]})
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{ahead.date:%d.%m.%Y} ещё не наступила" in page
    assert not ProjectoriaParticipation.objects.exists()


def test_a_participant_of_a_future_event_is_refused_above_the_form(ctx, client_a):
    from monitoring.registers.records import EmployerEvent

    # An event saved before the rule (or by the admin) with a date months ahead.
    EmployerEvent.objects.filter(pk=ctx.event.pk).update(date=ctx.today + dt.timedelta(days=90))
    response = client_a.post(reverse("monitoring:register_add", args=["employers"]),
                             {"student": ctx.student.pk, "event": ctx.event.pk})
    assert response.status_code == 200
    assert "ещё не наступила" in response.content.decode()
    assert not EmployerInteraction.objects.exists()
