"""The student picker of a large school: the form lists only the chosen student and the
others come from ``/monitoring/students/pick/`` as one types — only ever of a school the
user may choose, matched by class and the start of a name in any case, Cyrillic too.

The threshold is patched small (``STUDENT_LIST_LIMIT``) instead of making 1,000 students."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from monitoring.models import School
from monitoring.registers import forms as register_forms
from monitoring.registers import views_picker

from ...conftest import make_student

ADD = reverse("monitoring:register_add", args=["diagnostics"])
PICK = reverse("monitoring:student_pick")


@pytest.fixture
def small_limit(monkeypatch):
    """Any school with more than two students is «large»."""
    monkeypatch.setattr(register_forms, "STUDENT_LIST_LIMIT", 2)


@pytest.fixture
def class_mates(school_a):
    """School A: Образцова Анна of 7А (the ``student_a`` of the cast) has namesakes by
    letter in other classes and a classmate of another name."""
    return {
        "obruch": make_student(school_a, last="Обручева", first="Ольга", middle="", grade=5,
                               birth=dt.date(2013, 1, 2)),
        "ivanov": make_student(school_a, last="Иванов", first="Роман", middle="Петрович",
                               birth=dt.date(2011, 5, 6)),
        "yolkina": make_student(school_a, last="Ёлкина", first="Вера", middle="Образовна",
                                grade=7, letter="Б", birth=dt.date(2011, 7, 8)),
    }


def options(page: str) -> list[str]:
    """The student choices of the form's picker, by value."""
    select = re.search(r'<select name="student".*?</select>', page, re.S).group(0)
    return [v for v in re.findall(r'<option value="([^"]*)"', select) if v]


def found(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json"
    return [row["text"] for row in response.json()["results"]]


# ------------------------------------------------------------------------------ the form


def test_a_school_under_the_limit_keeps_the_whole_list(ctx, client_a, class_mates):
    page = client_a.get(ADD).content.decode()
    assert len(options(page)) == 4 and "data-load-url" not in page
    assert "Сначала класс, затем фамилия" in page and "<noscript>" not in page


def test_a_large_school_lists_only_the_chosen_student_and_a_load_url(ctx, client_a, class_mates,
                                                                    small_limit):
    page = client_a.get(ADD).content.decode()
    assert options(page) == []
    assert f'data-load-url="{PICK}?school={ctx.school.pk}"' in page
    assert "список подгружается по мере ввода" in page
    assert re.search(r"<noscript>.*выберите класс в массовом вводе.*</noscript>", page, re.S)
    for student in (ctx.student, *class_mates.values()):
        assert student.last_name not in page

    chosen = class_mates["ivanov"]
    page = client_a.get(f"{ADD}?student={chosen.pk}").content.decode()  # pre-filled by a link
    assert options(page) == [str(chosen.pk)]
    assert f'<option value="{chosen.pk}" selected data-klass="7А">' in page
    assert "Иванов Роман Петрович (06.05.2011)" in page and ctx.student.full_name not in page


def test_a_register_without_mass_entry_points_to_excel_instead(ctx, client_a, class_mates,
                                                               small_limit):
    page = client_a.get(reverse("monitoring:register_add", args=["admissions"])).content.decode()
    assert "data-load-url" in page and "загрузите записи из Excel" in page
    assert "массовом вводе" not in page


def test_a_form_shown_again_keeps_the_posted_student(ctx, client_a, class_mates, small_limit):
    chosen = class_mates["yolkina"]
    page = client_a.post(ADD, {"student": chosen.pk, "date": "", "method": ""})
    assert page.status_code == 200 and "method" in page.context["form"].errors
    assert options(page.content.decode()) == [str(chosen.pk)]
    page = client_a.post(ADD, {"student": "²", "date": ctx.day, "method": ctx.method.pk})
    assert "Выберите обучающегося из списка." in page.content.decode() and options(
        page.content.decode()) == []


def test_a_large_school_still_refuses_another_schools_student(ctx, client_a, class_mates,
                                                             small_limit, student_b):
    from monitoring.registers.records import Diagnostic

    refused = client_a.post(ADD, {"student": student_b.pk, "date": ctx.day, "method": ctx.method.pk})
    page = refused.content.decode()
    assert "Выберите обучающегося из списка." in page
    assert student_b.last_name not in page and options(page) == []
    assert not Diagnostic.objects.exists()
    saved = client_a.post(ADD, {"student": class_mates["ivanov"].pk, "date": ctx.day,
                                "method": ctx.method.pk})
    assert saved.status_code == 302
    assert Diagnostic.objects.get().student == class_mates["ivanov"]


def test_the_form_page_queries_do_not_grow_with_students(ctx, client_a, small_limit,
                                                         django_assert_max_num_queries):
    for n in range(3):
        make_student(ctx.school, last=f"Ученица{n}", first="Мария", birth=dt.date(2012, 1, 1 + n))
    url = f"{ADD}?student={ctx.student.pk}"
    with django_assert_max_num_queries(40) as few:
        assert client_a.get(url).status_code == 200
    for n in range(3, 60):
        make_student(ctx.school, last=f"Ученица{n}", first="Мария",
                     birth=dt.date(2012, 1, 1) + dt.timedelta(days=n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client_a.get(url).content.decode()
    assert options(page) == [str(ctx.student.pk)]


# -------------------------------------------------------------------------- the endpoint


def test_class_then_name_start_finds_the_student_in_any_case(client_a, student_a, class_mates):
    school = student_a.school_id
    assert found(client_a.get(PICK, {"school": school, "q": "7а обр"})) == [
        "Образцова Анна Сергеевна (14.03.2011)"]
    response = client_a.get(PICK, {"school": school, "q": "7А ОБР"})
    assert response.json()["results"] == [{"value": student_a.pk,
                                           "text": "Образцова Анна Сергеевна (14.03.2011)",
                                           "klass": "7А"}]
    # The start of any part of the name, not the middle of it; every word must match.
    assert found(client_a.get(PICK, {"school": school, "q": "обр"})) == [
        "Обручева Ольга (02.01.2013)", "Образцова Анна Сергеевна (14.03.2011)", "Ёлкина Вера Образовна (08.07.2011)"]
    assert found(client_a.get(PICK, {"school": school, "q": "руч"})) == []
    assert found(client_a.get(PICK, {"school": school, "q": "ПЕТРОВИЧ"})) == [
        "Иванов Роман Петрович (06.05.2011)"]
    assert found(client_a.get(PICK, {"school": school, "q": "елк"})) == [
        "Ёлкина Вера Образовна (08.07.2011)"]
    # The grade alone, a class in quotes, the letter as a word of its own.
    assert len(found(client_a.get(PICK, {"school": school, "q": "7 обр"}))) == 2
    assert found(client_a.get(PICK, {"school": school, "q": "7«Б»"})) == [
        "Ёлкина Вера Образовна (08.07.2011)"]
    assert found(client_a.get(PICK, {"school": school, "q": "7 б обр"})) == [
        "Ёлкина Вера Образовна (08.07.2011)"]
    assert found(client_a.get(PICK, {"school": school, "q": "5б обр"})) == []


def test_an_empty_query_answers_the_start_of_the_list(client_a, student_a, class_mates,
                                                      monkeypatch):
    monkeypatch.setattr(views_picker, "STUDENT_PICK_LIMIT", 3)
    rows = client_a.get(PICK, {"school": student_a.school_id}).json()["results"]
    # The list's order: class, then name.
    assert [(r["klass"], r["text"].split()[0]) for r in rows] == [
        ("5А", "Обручева"), ("7А", "Иванов"), ("7А", "Образцова")]
    assert len(client_a.get(PICK, {"school": student_a.school_id, "q": " "}).json()["results"]) == 3


def test_a_coordinator_gets_only_his_own_school(client_a, coordinator_a, student_a, student_b):
    school_b = student_b.school_id
    assert client_a.get(PICK, {"school": school_b, "q": ""}).status_code == 404
    assert client_a.get(PICK, {"school": school_b, "q": "пример"}).status_code == 404
    assert client_a.get(PICK, {"school": "x"}).status_code == 404
    assert client_a.get(PICK, {"school": "²"}).status_code == 404
    # Without a school: his own.
    assert found(client_a.get(PICK, {"q": ""})) == [student_a.full_name + " (14.03.2011)"]
    assert found(client_a.get(PICK, {"school": student_a.school_id, "q": "при"})) == []


def test_a_coordinator_of_two_schools_names_one_of_them(school_a, school_b, student_a, student_b,
                                                        municipality):
    from monitoring.roles import Role

    from ...conftest import client_for, make_user

    other = School.objects.create(municipality=municipality, code="c", name="Школа В",
                                  short_name="Школа В")
    make_student(other, last="Третьяков", first="Тимур")
    client = client_for(make_user("coord_ab", Role.COORDINATOR, [school_a, school_b]))
    assert found(client.get(PICK, {"school": school_b.pk})) == [f"{student_b.full_name} (14.03.2011)"]
    assert found(client.get(PICK, {"school": school_a.pk}))[0].startswith("Образцова")
    assert client.get(PICK, {"school": other.pk}).status_code == 404
    assert client.get(PICK).status_code == 404  # which of the two: not guessed


def test_imc_and_the_head_name_any_active_school(client_imc, client_head, student_a, student_b):
    for client in (client_imc, client_head):
        assert found(client.get(PICK, {"school": student_b.school_id})) == [f"{student_b.full_name} (14.03.2011)"]
        assert client.get(PICK).status_code == 404
        assert client.get(PICK, {"school": "²"}).status_code == 404  # a digit, not a number
    # The register's own form asked for such a school: its school picker, not a 500.
    assert client_imc.get(f"{ADD}?school=²").status_code == 200
    School.objects.filter(pk=student_b.school_id).update(is_active=False)
    assert client_imc.get(PICK, {"school": student_b.school_id}).status_code == 404


def test_the_endpoint_needs_a_login_and_a_role(client, student_a, db):
    from monitoring.models import User

    from ...conftest import client_for

    response = client.get(PICK, {"school": student_a.school_id, "q": "обр"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    nobody = User.objects.create_user(username="nobody", password="x-123-long-pass")
    assert client_for(nobody).get(PICK, {"school": student_a.school_id}).status_code == 403
