"""Every register, through its pages: the own school's coordinator creates, edits and
deletes; another school's coordinator finds nothing on any URL; the history names the
author; an accepted half-year cannot be changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from monitoring.registers.registry import registry

from ...conftest import make_student, read_xlsx
from .cases import CASES, new_student
from .conftest import lock

ALL = [entry.slug for entry in registry]
SCHOOL_LISTS = [entry.slug for entry in registry if entry.school_scoped]
MUNICIPAL = [entry.slug for entry in registry if not entry.school_scoped]
PER_STUDENT = [entry.slug for entry in registry if entry.per_student]


def keeper_client(request, slug: str):
    """The coordinator of school A for school data, the ИМЦ specialist for municipal data."""
    return request.getfixturevalue("client_a" if CASES[slug].keeper == "coordinator" else "client_imc")


def keeper(request, slug: str):
    return request.getfixturevalue("coordinator_a" if CASES[slug].keeper == "coordinator" else "imc")


def form_data(ctx, slug: str) -> dict:
    entry = registry.get(slug)
    data = dict(CASES[slug].form(ctx))
    if "student" in entry.form_fields:
        data["student"] = ctx.student.pk
    return data


def url(action: str, slug: str, *args) -> str:
    return reverse(f"monitoring:register_{action}", args=[slug, *args])


@pytest.mark.parametrize("slug", ALL)
def test_keeper_creates_edits_and_deletes_a_record(request, ctx, slug):
    entry, case = registry.get(slug), CASES[slug]
    client, user = keeper_client(request, slug), keeper(request, slug)
    model = entry.model
    before = set(model.objects.values_list("pk", flat=True))

    page = client.get(url("add", slug))
    assert page.status_code == 200 and "Сохранить" in page.content.decode()
    created = client.post(url("add", slug), form_data(ctx, slug))
    assert created.status_code == 302, created.content.decode()[:3000]
    record = model.objects.exclude(pk__in=before).get()
    assert record.author == user
    if entry.school_scoped:
        assert record.school == ctx.school and record.period.contains(record.date)
    assert created["Location"] == record.get_absolute_url()
    assert client.get(record.get_absolute_url()).status_code == 200

    field, value = case.edit
    edited = client.post(url("edit", slug, record.pk), {**form_data(ctx, slug), field: value})
    assert edited.status_code == 302, edited.content.decode()[:3000]
    record.refresh_from_db()
    assert getattr(record, field) == value
    assert record.author == user  # the author stays the one who made the record

    deleted = client.post(url("delete", slug, record.pk))
    assert deleted.status_code == 302
    assert not model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("slug", PER_STUDENT)
def test_student_records_keep_the_class_and_ovz_of_their_time(ctx, slug):
    record = CASES[slug].make(ctx, ctx.student, 0)
    assert (record.grade, record.class_letter, record.has_ovz) == (7, "А", False)
    ctx.student.has_ovz = True
    ctx.student.save()
    enrollment = ctx.student.enrollments.get()
    enrollment.grade = 8
    enrollment.save()
    record.comment = "позже"
    record.save()
    record.refresh_from_db()
    assert (record.grade, record.has_ovz) == (7, False)


@pytest.mark.parametrize("slug", SCHOOL_LISTS)
def test_another_schools_coordinator_finds_nothing_on_any_url(ctx, client_b, slug):
    entry = registry.get(slug)
    record = CASES[slug].make(ctx, ctx.student, 0)
    before = entry.model.objects.filter(pk=record.pk).values().get()
    for action in ("detail", "edit", "delete"):
        response = client_b.get(url(action, slug, record.pk))
        assert response.status_code == 404, action
        assert "Страница не найдена" in response.content.decode()
    for action in ("edit", "delete"):
        assert client_b.post(url(action, slug, record.pk), {"comment": "чужое"}).status_code == 404
    assert entry.model.objects.filter(pk=record.pk).values().get() == before
    listed = client_b.get(url("list", slug))
    assert record.pk not in [obj.pk for obj in listed.context["object_list"]]
    exported = client_b.get(url("list", slug) + "?export=xlsx")
    assert read_xlsx(exported.content).active.max_row == 1  # the header row only


@pytest.mark.parametrize("slug", SCHOOL_LISTS)
def test_own_school_sees_the_record_in_list_and_detail(ctx, client_a, slug):
    record = CASES[slug].make(ctx, ctx.student, 0)
    listed = client_a.get(url("list", slug))
    assert record.pk in [obj.pk for obj in listed.context["object_list"]]
    assert client_a.get(url("detail", slug, record.pk)).status_code == 200


@pytest.mark.parametrize("slug", MUNICIPAL)
def test_coordinators_read_labour_market_lists_but_only_imc_changes_them(ctx, client_b, slug):
    record = CASES[slug].make(ctx, None, 0)
    assert client_b.get(url("detail", slug, record.pk)).status_code == 200
    assert record.pk in [o.pk for o in client_b.get(url("list", slug)).context["object_list"]]
    for action in ("add", "import"):
        assert client_b.get(url(action, slug)).status_code == 403
    for action in ("edit", "delete"):
        assert client_b.post(url(action, slug, record.pk), {"comment": "x"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk, comment="").exists()


@pytest.mark.parametrize("slug", ALL)
def test_history_names_the_author_of_each_change(request, ctx, slug):
    entry = registry.get(slug)
    client, user = keeper_client(request, slug), keeper(request, slug)
    client.post(url("add", slug), form_data(ctx, slug))
    record = entry.model.objects.order_by("-pk").first()
    field, value = CASES[slug].edit
    client.post(url("edit", slug, record.pk), {**form_data(ctx, slug), field: value})
    page = client.get(record.get_absolute_url()).content.decode()
    history = page.split('id="history"')[1].split("</table>")[0]
    assert history.count(str(user)) == 2
    assert "запись создана" in history and "запись изменена" in history
    assert str(entry.model._meta.get_field(field).verbose_name) in history
    assert f"<th class=\"w-50\">Автор записи</th><td>{user}</td>" in page


@pytest.mark.parametrize("slug", SCHOOL_LISTS)
def test_an_accepted_half_year_cannot_be_changed(ctx, client_a, slug):
    entry = registry.get(slug)
    record = CASES[slug].make(ctx, ctx.student, 0)
    before = entry.model.objects.filter(pk=record.pk).values().get()
    count = entry.model.objects.count()
    lock(ctx.school)

    opened = client_a.get(url("edit", slug, record.pk), follow=True)
    assert "приняты ИМЦ и закрыты для изменений" in opened.content.decode()
    edited = client_a.post(url("edit", slug, record.pk), {**form_data(ctx, slug), "comment": "поздно"},
                           follow=True)
    assert "приняты ИМЦ и закрыты для изменений" in edited.content.decode()
    deleted = client_a.post(url("delete", slug, record.pk), follow=True)
    assert "приняты ИМЦ и закрыты для изменений" in deleted.content.decode()
    assert entry.model.objects.filter(pk=record.pk).values().get() == before

    data = form_data(ctx, slug)
    if "student" in data:
        data["student"] = new_student(ctx, 50).pk  # not a duplicate: refused for the lock alone
    refused = client_a.post(url("add", slug), data)
    assert refused.status_code == 200
    assert "приняты ИМЦ и закрыты для изменений" in refused.content.decode()
    assert entry.model.objects.count() == count
    detail = client_a.get(record.get_absolute_url()).content.decode()
    assert 'id="lock-notice"' in detail and url("edit", slug, record.pk) not in detail


@pytest.mark.parametrize("slug", ALL)
def test_head_reads_every_list_and_changes_nothing(ctx, client_head, slug):
    assert client_head.get(url("list", slug)).status_code == 200
    assert client_head.get(url("add", slug)).status_code == 403
    assert client_head.get(url("import", slug)).status_code == 403


def test_unknown_register_is_not_found(client_a):
    assert client_a.get("/monitoring/registers/astrology/").status_code == 404


def test_imc_picks_the_school_before_the_form_and_cannot_pick_a_foreign_id(ctx, client_imc, school_b):
    from monitoring.registers.records import Diagnostic

    picker = client_imc.get(url("add", "diagnostics")).content.decode()
    assert "Выберите ОО" in picker and "Школа Б" in picker
    student_b = make_student(school_b, last="Примеров", first="Иван")
    form = client_imc.get(url("add", "diagnostics") + f"?school={school_b.pk}").content.decode()
    assert "Примеров Иван" in form and ctx.student.full_name not in form
    # A student of school A is not a choice when the record is for school B.
    refused = client_imc.post(url("add", "diagnostics") + f"?school={school_b.pk}",
                              {"student": ctx.student.pk, "date": ctx.day, "method": ctx.method.pk})
    assert "Выберите обучающегося из списка" in refused.content.decode()
    done = client_imc.post(url("add", "diagnostics") + f"?school={school_b.pk}",
                           {"student": student_b.pk, "date": ctx.day, "method": ctx.method.pk})
    assert done.status_code == 302
    assert Diagnostic.objects.get().school == school_b


def test_coordinator_cannot_pick_another_schools_event_or_technoclass(ctx, client_a, school_b):
    from monitoring.registers.catalogs import Technoclass
    from monitoring.registers.records import EmployerEvent

    other_event = EmployerEvent.objects.create(school=school_b, date=ctx.today,
                                               employer=ctx.employer, kind="trial", title="Чужое")
    page = client_a.post(url("add", "employers"), {"student": ctx.student.pk,
                                                   "event": other_event.pk})
    assert "Выберите значение из списка" in page.content.decode()
    other_class = Technoclass.objects.get(school=school_b)
    page = client_a.post(url("add", "technoclasses"), {"student": ctx.student.pk, "date": ctx.day,
                                                       "technoclass": other_class.pk})
    assert "Выберите значение из списка" in page.content.decode()


def test_a_duplicate_record_is_refused_by_the_form(ctx, client_a):
    data = {"student": ctx.student.pk, "date": ctx.day, "method": ctx.method.pk}
    client_a.post(url("add", "diagnostics"), data)
    again = client_a.post(url("add", "diagnostics"), data)
    assert "Такая запись уже есть" in again.content.decode()


def test_dates_outside_the_portals_years_are_refused(ctx, client_a):
    page = client_a.post(url("add", "diagnostics"), {"student": ctx.student.pk,
                                                     "date": "01.09.2019", "method": ctx.method.pk})
    assert "Дата раньше 01.09.2020" in page.content.decode()


def test_a_date_months_ahead_is_a_typo_and_a_week_ahead_is_allowed(ctx, client_a, settings):
    import datetime as dt

    ahead = ctx.today + dt.timedelta(days=105)  # 15.03.2027 typed on 30.11.2026
    page = client_a.post(url("add", "diagnostics"), {"student": ctx.student.pk,
                                                     "date": f"{ahead:%d.%m.%Y}",
                                                     "method": ctx.method.pk}).content.decode()
    assert f"Дата {ahead:%d.%m.%Y} ещё не наступила" in page
    soon = ctx.today + dt.timedelta(days=settings.RECORD_FUTURE_DAYS)
    done = client_a.post(url("add", "diagnostics"), {"student": ctx.student.pk,
                                                     "date": f"{soon:%d.%m.%Y}", "method": ctx.method.pk})
    assert done.status_code == 302


def test_a_students_birth_date_must_be_a_schoolchilds_and_a_namesake_is_added_on_purpose(
        ctx, client_a, school_a):
    from monitoring.models import Student

    form = {"last_name": "Образцова", "first_name": "Анна", "middle_name": "Сергеевна", "sex": "Ж",
            "grade": 5, "class_letter": "А", "status": "studying"}
    add = reverse("monitoring:student_add")
    for typo, reason in (("05.05.2031", "ещё не наступила"), ("01.01.1950", "такого возраста")):
        page = client_a.post(add, {**form, "birth_date": typo}).content.decode()
        assert f"Дата рождения {typo}" in page and reason in page
    page = client_a.post(add, {**form, "birth_date": "14.03.2012"}).content.decode()
    assert "В ОО уже есть обучающийся с такими ФИО, дата рождения 14.03.2011" in page
    assert Student.objects.filter(last_name="Образцова").count() == 1  # never silently two
    done = client_a.post(add, {**form, "birth_date": "14.03.2012", "other_person": "on"})
    assert done.status_code == 302
    assert Student.objects.filter(last_name="Образцова").count() == 2


def test_targeted_admission_needs_the_employer(ctx, client_a):
    data = {"student": ctx.student.pk, "date": ctx.day, "institution": ctx.college.pk,
            "specialty": ctx.college_specialty.pk, "study_form": "full", "basis": "targeted",
            "by_profile": "unknown"}
    page = client_a.post(url("add", "admissions"), data).content.decode()
    assert "Для целевого обучения укажите предприятие-заказчика" in page
    done = client_a.post(url("add", "admissions"), {**data, "target_employer": ctx.employer.pk})
    assert done.status_code == 302


def test_list_filters_by_year_half_grade_ovz_and_text(ctx, client_a):
    from .cases import new_student

    other = new_student(ctx, 3)  # grade 4
    other.has_ovz = True
    other.save()
    mine = CASES["diagnostics"].make(ctx, ctx.student, 0)
    theirs = CASES["diagnostics"].make(ctx, other, 1)
    base = url("list", "diagnostics")

    def found(query: str) -> set[int]:
        return {o.pk for o in client_a.get(base + query).context["object_list"]}

    assert found("") == {mine.pk, theirs.pk}
    assert "Найдено: 2</p>" in client_a.get(base).content.decode()
    assert found("?grade=7") == {mine.pk}
    assert found("?has_ovz=1") == {theirs.pk}
    assert found("?q=образцова") == {mine.pk}
    assert found(f"?academic_year={mine.academic_year_id}&half={mine.period.half}") == {mine.pk, theirs.pk}
    other_half = 1 if mine.period.half == 2 else 2
    assert found(f"?half={other_half}") == set()


def test_the_student_page_follows_the_student_across_registers(ctx, client_a):
    CASES["diagnostics"].make(ctx, ctx.student, 0)
    CASES["proektoria"].make(ctx, ctx.student, 0)
    page = client_a.get(reverse("monitoring:student_detail", args=[ctx.student.pk])).content.decode()
    path = page.split('id="register-path"')[1].split("</table>")[0]
    assert "4. Охват профориентационной диагностикой" in path
    assert "9. Открытые уроки «ПроеКТОриЯ»" in path and "Профессии будущего" in path
    assert "5. Поступление выпускников в ПОО и ВО" in path  # ctx.admission


def test_the_registers_menu_lists_the_ten_and_what_the_role_may_open(ctx, client_a, client_head):
    nav = client_a.get(reverse("home")).content.decode().split("</nav>")[0]
    assert "Все реестры" in nav and "Сдача данных за полугодие" in nav
    for entry in registry.registers():
        assert entry.full_title in nav
    assert "Потребность в специалистах" in nav  # coordinators read the labour market
    index = client_head.get(reverse("monitoring:register_index")).content.decode()
    assert "10. Проект «Билет в будущее»" in index and "Источники информации о рынке труда" in index


def test_the_schools_only_centre_is_preselected(ctx, client_a):
    page = client_a.get(url("add", "growth-points")).content.decode()
    assert f'<option value="{ctx.centre.pk}" selected>' in page
