"""Schools with their numbers of students and staff: the home pages and the schools list."""

from __future__ import annotations

from django.urls import reverse

from monitoring.models import School, Student

from ..conftest import make_staff, make_student


def test_each_count_is_its_own_not_a_product_of_the_others(school_a, school_b, client_imc):
    # Three studying students (one with ОВЗ), a graduate, two working staff and one who
    # left: counted over one join of students and staff these would multiply (3 × 2).
    make_student(school_a, last="Первая")
    make_student(school_a, last="Вторая", has_ovz=True)
    make_student(school_a, last="Третья")
    make_student(school_a, last="Выпускница", status=Student.Status.GRADUATED)
    make_staff(school_a, last="Работает")
    make_staff(school_a, last="Работает-2")
    make_staff(school_a, last="Уволен", is_working=False)
    counts = {s.short_name: (s.student_count, s.ovz_count, s.staff_count)
              for s in School.objects.with_counts()}
    assert counts == {"Школа А": (3, 1, 2), "Школа Б": (0, 0, 0)}
    # The schools list shows them and sorts by them (fewest students first).
    page = client_imc.get(reverse("monitoring:school_list") + "?sort=student_count").content.decode()
    table = page.split("<tbody")[1]
    assert table.index("Школа Б") < table.index("Школа А")
