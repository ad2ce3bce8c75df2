"""A coordinator never sees or changes another school's data, by any URL or id."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from monitoring.models import Staff, Student

from ..conftest import make_student


def object_urls() -> list[str]:
    """Every monitoring URL that takes an object id (a new one is covered automatically)."""
    resolver = get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) != "monitoring":
            continue
        for sub in pattern.url_patterns:
            if isinstance(sub, URLPattern) and "<int:pk>" in str(sub.pattern):
                if str(sub.pattern).count("<") > 1:
                    # URLs with a register slug or an action besides the id are covered
                    # for every register and action in tests/monitoring/registers/.
                    continue
                names.append(f"monitoring:{sub.name}")
    return sorted(names)


OBJECT_URLS = object_urls()


def test_every_object_url_is_covered_by_the_scoping_test():
    # A new object URL must get a foreign object below, or this fails.
    assert OBJECT_URLS
    for name in OBJECT_URLS:
        assert name.split(":")[1].split("_")[0] in {"student", "staff", "school", "submission"}, name


@pytest.fixture
def foreign_objects(student_a, staff_a, school_a):
    from monitoring.models import Period
    from monitoring.registers.submissions import Submission

    submission = Submission.objects.create(school=school_a, period=Period.objects.current())
    return {"student": student_a, "staff": staff_a, "school": school_a, "submission": submission}


@pytest.mark.parametrize("url_name", OBJECT_URLS)
def test_other_schools_object_is_not_found_for_reading(url_name, foreign_objects, client_b):
    obj = foreign_objects[url_name.split(":")[1].split("_")[0]]
    response = client_b.get(reverse(url_name, args=[obj.pk]))
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@pytest.mark.parametrize("url_name", [n for n in OBJECT_URLS if n.endswith(("_edit", "_delete"))])
def test_other_schools_object_is_not_found_for_writing(url_name, foreign_objects, client_b):
    obj = foreign_objects[url_name.split(":")[1].split("_")[0]]
    before = type(obj).objects.filter(pk=obj.pk).values().get()
    response = client_b.post(
        reverse(url_name, args=[obj.pk]),
        {"last_name": "Взломов", "first_name": "X", "birth_date": "01.01.2010", "sex": "М",
         "grade": 5, "position": "x", "category": "teacher"},
    )
    assert response.status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).values().get() == before


@pytest.mark.parametrize("url_name", [n for n in OBJECT_URLS if n.split(":")[1].split("_")[0] != "school"])
def test_own_school_object_opens(url_name, foreign_objects, client_a):
    obj = foreign_objects[url_name.split(":")[1].split("_")[0]]
    assert client_a.get(reverse(url_name, args=[obj.pk])).status_code == 200


def test_lists_show_only_own_school(client_a, student_a, student_b, staff_a, staff_b):
    students = client_a.get(reverse("monitoring:student_list")).content.decode()
    assert student_a.last_name in students and student_b.last_name not in students
    staff = client_a.get(reverse("monitoring:staff_list")).content.decode()
    assert staff_a.last_name in staff and staff_b.last_name not in staff


def test_export_contains_only_own_school(client_a, student_a, student_b):
    from ..conftest import read_xlsx

    response = client_a.get(reverse("monitoring:student_list") + "?export=xlsx")
    values = [c.value for row in read_xlsx(response.content).active.iter_rows() for c in row]
    assert student_a.last_name in values and student_b.last_name not in values


def test_coordinator_cannot_choose_the_school_of_a_new_student(client_a, school_a, school_b):
    response = client_a.post(reverse("monitoring:student_add"), {
        "school": school_b.pk, "last_name": "Новикова", "first_name": "Вера",
        "birth_date": "02.02.2012", "sex": "Ж", "grade": 6, "class_letter": "б",
        "status": "studying",
    })
    assert response.status_code == 302
    student = Student.objects.get(last_name="Новикова")
    assert student.school == school_a
    assert student.enrollments.get().class_name == "6Б"


def test_coordinator_cannot_move_own_staff_to_another_school(client_a, staff_a, school_a, school_b):
    client_a.post(reverse("monitoring:staff_edit", args=[staff_a.pk]), {
        "school": school_b.pk, "last_name": staff_a.last_name, "first_name": "Ольга",
        "position": "завуч", "category": "school_admin", "is_working": "on",
    })
    staff_a.refresh_from_db()
    assert staff_a.school == school_a
    assert staff_a.position == "завуч"


def test_coordinator_of_two_schools_chooses_only_among_own(school_a, school_b, municipality):
    from monitoring.models import School
    from monitoring.roles import Role

    from ..conftest import client_for, make_user

    school_c = School.objects.create(municipality=municipality, code="c", name="В", short_name="В")
    user = make_user("two", Role.COORDINATOR, [school_a, school_c])
    client = client_for(user)
    data = {"last_name": "Двойкина", "first_name": "Юля", "birth_date": "03.03.2013",
            "sex": "Ж", "grade": 5, "status": "studying"}
    refused = client.post(reverse("monitoring:student_add"), {**data, "school": school_b.pk})
    assert refused.status_code == 200
    assert "Выберите ОО из списка" in refused.content.decode()
    assert not Student.objects.filter(last_name="Двойкина").exists()
    client.post(reverse("monitoring:student_add"), {**data, "school": school_c.pk})
    assert Student.objects.get(last_name="Двойкина").school == school_c


def test_head_reads_everything_but_changes_nothing(client_head, student_a, student_b):
    page = client_head.get(reverse("monitoring:student_list")).content.decode()
    assert student_a.last_name in page and student_b.last_name in page
    assert client_head.get(reverse("monitoring:student_add")).status_code == 403
    assert client_head.post(reverse("monitoring:student_delete", args=[student_a.pk])).status_code == 403
    assert Student.objects.filter(pk=student_a.pk).exists()


def test_imc_edits_any_school(client_imc, student_b):
    response = client_imc.post(reverse("monitoring:student_edit", args=[student_b.pk]), {
        "school": student_b.school_id, "last_name": "Примеров", "first_name": "Иван",
        "birth_date": "14.03.2011", "sex": "М", "grade": 8, "status": "studying",
        "has_ovz": "on",
    })
    assert response.status_code == 302
    student_b.refresh_from_db()
    assert student_b.has_ovz


def test_anonymous_is_sent_to_login(client, student_a):
    response = client.get(reverse("monitoring:student_detail", args=[student_a.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_department_staff_are_not_visible_to_coordinators(client_a, coordinator_a, municipality):
    from ..conftest import make_staff

    department = make_staff(None, last="Управленцева")
    assert client_a.get(reverse("monitoring:staff_detail", args=[department.pk])).status_code == 404
    assert not Staff.objects.for_user(coordinator_a).filter(pk=department.pk).exists()


def test_student_list_runs_a_fixed_number_of_queries(client_a, school_a, django_assert_max_num_queries):
    url = reverse("monitoring:student_list")
    for i in range(3):
        make_student(school_a, last=f"Малый{i}")
    with django_assert_max_num_queries(12) as small:
        client_a.get(url)
    for i in range(60):
        make_student(school_a, last=f"Большой{i}", grade=1 + i % 11)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client_a.get(url)
