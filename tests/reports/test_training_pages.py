"""Staff training pages: courses, participants, coverage, the yearly report."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from roadmap.models import TrainingCourse, TrainingParticipation, TrainingPlanItem
from roadmap.services import load_roadmap_file

from ..conftest import make_staff, read_xlsx


@pytest.fixture
def staff(school_a, school_b):
    return {
        "a1": make_staff(school_a, last="Аннова"),
        "a2": make_staff(school_a, last="Алексеев", first_name="Пётр"),
        "b1": make_staff(school_b, last="Борисова"),
    }


def test_imc_creates_a_course_and_adds_participants(client_imc, staff):
    response = client_imc.post(reverse("reports:training_course_add"), {
        "title": "Навигатор профессионального самоопределения", "provider": "ИРОСО",
        "hours": 72, "starts_on": "10.02.2022", "ends_on": "25.03.2022", "form": "online",
        "certificate": "удостоверение о повышении квалификации",
    })
    assert response.status_code == 302
    course = TrainingCourse.objects.get()
    client_imc.post(reverse("reports:training_participants_add", args=[course.pk]), {
        "staff": [staff["a1"].pk, staff["b1"].pk], "completed_on": "25.03.2022",
        "certificate_number": "ПК-001",
    })
    assert TrainingParticipation.objects.filter(course=course).count() == 2
    page = client_imc.get(reverse("reports:training_overview") + "?year=2022").content.decode()
    assert "обучено 2 из 3" in page  # teachers: a1 and b1 of three
    assert "Алексеев" in page.split('id="needs-training"')[1]
    # The table by school: each school's row carries its own teachers' coverage.
    table = page.split('id="training-by-school"')[1].split("</table>")[0]
    rows = {re.search(r"<td>(.*?)</td>", row).group(1): row
            for row in re.findall(r"<tr><td>.*?</tr>", table, re.S)}
    assert "50,0 % <span class=\"text-body-secondary small\">(1/2)" in rows["Школа А"]
    assert "100,0 % <span class=\"text-body-secondary small\">(1/1)" in rows["Школа Б"]


def test_course_dates_are_checked(client_imc):
    response = client_imc.post(reverse("reports:training_course_add"), {
        "title": "Курс", "provider": "ИРОСО", "hours": 16, "starts_on": "10.02.2022",
        "ends_on": "01.02.2022", "form": "offline", "certificate": "удостоверение",
    })
    assert "Окончание не может быть раньше начала." in response.content.decode()


def test_coordinator_sees_only_own_school_staff(client_a, staff):
    course = TrainingCourse.objects.create(title="Курс", provider="ИРОСО", hours=36,
                                           starts_on=dt.date(2022, 1, 10), ends_on=dt.date(2022, 1, 20))
    TrainingParticipation.objects.create(course=course, staff=staff["b1"], completed_on=dt.date(2022, 1, 20))
    detail = client_a.get(reverse("reports:training_course_detail", args=[course.pk])).content.decode()
    assert "Борисова" not in detail
    overview = client_a.get(reverse("reports:training_overview") + "?year=2022").content.decode()
    assert "Аннова" in overview and "Борисова" not in overview
    assert client_a.get(reverse("reports:training_overview") + "?year=2022&export=xlsx").status_code == 403
    refused = client_a.post(reverse("reports:training_participants_add", args=[course.pk]),
                            {"staff": [staff["a1"].pk], "completed_on": "20.01.2022"})
    assert refused.status_code == 403
    assert not TrainingParticipation.objects.filter(staff=staff["a1"]).exists()


def test_imc_cannot_add_the_same_person_twice(client_imc, staff):
    course = TrainingCourse.objects.create(title="Курс", provider="ИРОСО", hours=36,
                                           starts_on=dt.date(2022, 1, 10), ends_on=dt.date(2022, 1, 20))
    url = reverse("reports:training_participants_add", args=[course.pk])
    client_imc.post(url, {"staff": [staff["a1"].pk], "completed_on": "20.01.2022"})
    response = client_imc.post(url, {"staff": [staff["a1"].pk, staff["a2"].pk],
                                     "completed_on": "20.01.2022"}, follow=True)
    assert "ничего не добавлено" in response.content.decode()
    assert TrainingParticipation.objects.count() == 1


def test_yearly_training_report(client_imc, staff, school_a):
    load_roadmap_file()  # the 2021–2023 roadmap in force in 2022 sets 60 %
    TrainingPlanItem.objects.create(year=2022, category="teacher", planned=2)
    course = TrainingCourse.objects.create(title="Профориентация", provider="ИРОСО", hours=36,
                                           starts_on=dt.date(2022, 3, 1), ends_on=dt.date(2022, 3, 20))
    TrainingParticipation.objects.create(course=course, staff=staff["a1"], completed_on=dt.date(2022, 3, 20))
    response = client_imc.get(reverse("reports:training_overview") + "?year=2022&export=xlsx")
    book = read_xlsx(response.content)
    summary = {row[0].value: [c.value for c in row] for row in book["Итоги по категориям"].iter_rows(min_row=3)}
    assert summary["педагог ОО"][1:8] == [3, 1, 1, 33.3, 60, 2, "не достигнуто"]
    courses = [[c.value for c in row] for row in book["Курсы"].iter_rows(min_row=3)]
    assert courses == [["Профориентация", "ИРОСО", 36, "01.03.2022", "20.03.2022", 1]]
    left = [row[2].value for row in book["Кому предстоит обучение"].iter_rows(min_row=3)]
    assert any(name.startswith("Алексеев Пётр") for name in left)
    assert not any(name.startswith("Аннова") for name in left)


def test_plan_schedule_is_kept_by_imc(client_imc, client_head, school_a):
    response = client_imc.post(reverse("reports:training_plan_add"), {
        "year": 2023, "category": "teacher", "school": school_a.pk, "planned": 5,
    })
    assert response.status_code == 302
    assert TrainingPlanItem.objects.get().planned == 5
    assert client_head.get(reverse("reports:training_plan_add")).status_code == 403
    refused = client_imc.post(reverse("reports:training_plan_add"), {
        "year": 2023, "category": "department", "school": school_a.pk, "planned": 1,
    })
    assert "не относятся к ОО" in refused.content.decode()
