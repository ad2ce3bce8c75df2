"""Every register from Excel, the way schools really send it: template → fill → import,
each bad input refused with a Russian reason and nothing saved, re-import changes nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring.registers.records import (
    Admission,
    CompetitionParticipation,
    EmployerEvent,
    EmployerInteraction,
    ProfileStudy,
    ProjectoriaParticipation,
)
from monitoring.registers.registry import registry

from ...conftest import make_student, read_xlsx, xlsx_upload
from .cases import CASES, student_row
from .conftest import confirm, filled_template, lock, preview

ALL = [entry.slug for entry in registry]


def keeper_client(request, slug):
    return request.getfixturevalue("client_a" if CASES[slug].keeper == "coordinator" else "client_imc")


def full_row(ctx, slug) -> dict:
    row = dict(CASES[slug].row(ctx))
    if registry.get(slug).per_student:
        row = {**student_row(ctx.student), **row}
    return row


def as_rows(row: dict) -> list[list]:
    return [list(row), list(row.values())]


@pytest.mark.parametrize("slug", ALL)
def test_template_has_russian_headers_drop_downs_and_instructions(request, ctx, slug):
    entry = registry.get(slug)
    response = keeper_client(request, slug).get(reverse("monitoring:register_template", args=[slug]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = read_xlsx(response.content)
    headers = [c.value for c in book["Данные"][1]]
    assert headers == [c.column_name for c in entry.resource(user=None).template_columns()]
    assert all(any("а" <= ch <= "я" for ch in h.lower()) for h in headers)
    lists = [v.formula1 for v in book["Данные"].data_validations.dataValidation]
    assert lists and all("Справочники" in f for f in lists)
    guide = " ".join(str(c.value) for row in book["Инструкция"].iter_rows() for c in row if c.value)
    assert entry.full_title in guide and "дд.мм.гггг" in guide
    for note in entry.template_notes:
        assert note in guide


@pytest.mark.parametrize("slug", ALL)
def test_filled_template_imports_and_a_second_import_changes_nothing(request, ctx, slug):
    entry = registry.get(slug)
    client = keeper_client(request, slug)
    before = set(entry.model.objects.values_list("pk", flat=True))
    row = full_row(ctx, slug)

    checked = preview(client, slug, filled_template(client, slug, [row]))
    page = checked.content.decode()
    assert "новых: 1" in page and "с ошибками: 0" in page, page[page.find("Строк:"):][:2000]
    assert set(entry.model.objects.values_list("pk", flat=True)) == before  # preview saves nothing

    done = confirm(client, slug, checked)
    assert done.status_code == 302
    record = entry.model.objects.exclude(pk__in=before).get()
    if entry.school_scoped:
        assert record.school == ctx.school
    if entry.per_student:
        assert record.student == ctx.student and (record.grade, record.class_letter) == (7, "А")
    history = list(record.history.all())
    assert len(history) == 1 and history[0].history_user is not None
    # The history row is the record as saved (written by the database: monitoring.history).
    created = history[0]
    assert (created.history_type, created.history_change_reason) == ("+", "загрузка из Excel")
    assert {f.attname: getattr(created, f.attname) for f in type(created).tracked_fields} == \
        {f.attname: getattr(record, f.attname) for f in type(created).tracked_fields}
    assert abs((timezone.now() - created.history_date).total_seconds()) < 60

    saved = entry.model.objects.filter(pk=record.pk).values().get()
    again = preview(client, slug, filled_template(client, slug, [row]))
    again_page = again.content.decode()
    assert "без изменений: 1" in again_page, again_page[again_page.find("Строк:"):][:1500]
    assert "сохранять нечего" in again_page and 'name="token"' not in again_page
    assert entry.model.objects.exclude(pk__in=before).count() == 1
    assert entry.model.objects.filter(pk=record.pk).values().get() == saved
    assert record.history.count() == 1


def bad_inputs(slug: str) -> list[str]:
    entry = registry.get(slug)
    kinds = ["missing_column", "bad_date", "bad_reference", "empty", "text_file", "too_big"]
    if entry.per_student:
        kinds += ["bad_grade", "another_schools_student"]
    return kinds


@pytest.mark.parametrize(("slug", "bad"), [(s, b) for s in ALL for b in bad_inputs(s)])
def test_bad_input_is_refused_in_russian_and_nothing_is_saved(request, ctx, settings, school_b,
                                                              slug, bad):
    entry = registry.get(slug)
    client = keeper_client(request, slug)
    count = entry.model.objects.count()
    row = full_row(ctx, slug)
    date_column = "Дата" if entry.school_scoped else "Год"
    file = None
    if bad == "missing_column":
        resource = entry.resource(user=None)
        required = next(c.column_name for c in resource.columns()
                        if c.required and c.column_name in row and c.column_name != "ФИО обучающегося")
        row.pop(required)
        expected = f"нет обязательного столбца «{required}»"
    elif bad == "bad_date":
        value = "31.02.2025" if entry.school_scoped else "прошлый"
        row[date_column] = value
        reason = "дата не распознана" if entry.school_scoped else "ожидается целое число"
        expected = f"Строка 2, столбец «{date_column}», значение «{value}»: {reason}"
    elif bad == "bad_grade":
        row["Дата рождения"], row["Класс"] = "", "13Я"
        expected = "Строка 2, столбец «Класс», значение «13Я»: класс не распознан"
    elif bad == "bad_reference":
        column, value = CASES[slug].bad_reference
        row[column] = value
        expected = f"Строка 2, столбец «{column}», значение «{value}»"
    elif bad == "empty":
        file = xlsx_upload([list(row)])
        expected = "нет ни одной строки с данными"
    elif bad == "text_file":
        file = SimpleUploadedFile("реестр.xlsx", "ФИО;Дата\nИванов;01.01.2024\n".encode())
        expected = "Файл «реестр.xlsx» не является книгой Excel (.xlsx) или другой таблицей"
    elif bad == "too_big":
        settings.UPLOAD_MAX_MB = 1
        file = SimpleUploadedFile("большой.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 10))
        expected = "больше допустимых 1 МБ"
    elif bad == "another_schools_student":
        stranger = make_student(school_b, last="Примеров", first="Иван", middle="",
                                birth=dt.date(2011, 5, 6))
        row.update(student_row(stranger))
        expected = ("Строка 2, столбец «ФИО обучающегося», значение «Примеров Иван»: "
                    "обучающийся с датой рождения 06.05.2011 не найден среди обучающихся ОО «Школа А»")
    response = preview(client, slug, file or xlsx_upload(as_rows(row)))
    page = response.content.decode()
    assert expected in page, page[page.find("<main"):][:3000]
    if bad == "bad_reference":  # and the reason says which list, in plain Russian
        assert any(reason in page for reason in (
            "нет в справочнике портала", "недопустимое значение", "урок не найден"))
        assert "найден(а)" not in page
    assert 'name="token"' not in page
    assert entry.model.objects.count() == count


@pytest.mark.parametrize("slug", [e.slug for e in registry if e.school_scoped])
def test_rows_of_an_accepted_half_year_are_refused(request, ctx, slug):
    entry = registry.get(slug)
    client = keeper_client(request, slug)
    count = entry.model.objects.count()
    lock(ctx.school)
    page = preview(client, slug, xlsx_upload(as_rows(full_row(ctx, slug)))).content.decode()
    assert "приняты ИМЦ и закрыты для изменений" in page
    assert 'name="token"' not in page and entry.model.objects.count() == count


# --------------------------------------------------------------- as schools send it


def diag_row(**values) -> dict:
    row = {"ФИО обучающегося": "Образцова Анна Сергеевна", "Дата рождения": "14.03.2011",
           "Класс": "7А", "Дата": "", "Методика": "Методика «Карта интересов»"}
    row.update(values)
    return row


def test_student_found_by_class_and_name_without_birth_date(ctx, client_a):
    rows = [diag_row(**{"Дата рождения": "", "Класс": "7 а", "Дата": ctx.day})]
    done = confirm(client_a, "diagnostics", preview(client_a, "diagnostics", xlsx_upload(
        [list(rows[0]), list(rows[0].values())])))
    assert done.status_code == 302


def test_two_namesakes_in_a_class_need_the_birth_date(ctx, client_a, school_a):
    make_student(school_a, birth=dt.date(2011, 9, 1))  # a second Образцова Анна Сергеевна, 7А
    row = diag_row(**{"Дата рождения": "", "Дата": ctx.day})
    page = preview(client_a, "diagnostics", xlsx_upload(as_rows(row))).content.decode()
    assert "в 7А классе несколько обучающихся с таким ФИО: укажите дату рождения" in page
    ok = diag_row(**{"Дата рождения": "01.09.2011", "Дата": ctx.day})
    assert "новых: 1" in preview(client_a, "diagnostics", xlsx_upload(as_rows(ok))).content.decode()


def test_separate_name_columns_headers_in_any_case_and_dates_in_any_shape(ctx, client_a):
    headers = ["  фамилия ", "ИМЯ", "отчество", "дата  рождения", "ДАТА", "методика", "Лишний"]
    day = ctx.today
    rows = [
        headers,
        ["Образцова", "Анна", "Сергеевна", dt.datetime(2011, 3, 14), day, "Методика «Карта интересов»", "x"],
        [None, None, None, None, None, None, None],
        ["ОБРАЗЦОВА", "анна", "сергеевна", "14.03.11", (day - dt.timedelta(days=1)).strftime("%d.%m.%y"),
         "методика «карта интересов»", ""],
        ["Образцова", "Анна", "", "2011-03-14", (day - dt.timedelta(days=2)).isoformat(),
         "Методика «Карта интересов»", ""],
    ]
    page = preview(client_a, "diagnostics", xlsx_upload(rows)).content.decode()
    assert "новых: 3" in page and "с ошибками: 0" in page
    assert "Не загружаются столбцы: Лишний" in page
    assert "<td>5</td>" in page  # rows keep their Excel numbers after the blank row


def test_a_changed_value_is_shown_and_updated_in_place(ctx, client_a):
    row = {**student_row(ctx.student), "Дата": ctx.day, "Конкурс, конференция": ctx.competition.name,
           "Результат": "участник"}
    confirm(client_a, "competitions", preview(client_a, "competitions", xlsx_upload(as_rows(row))))
    row["Результат"] = "Призер"  # without ё, capitalised
    page = preview(client_a, "competitions", xlsx_upload(as_rows(row))).content.decode()
    assert "изменённых: 1" in page and "изменится: Результат" in page
    confirm(client_a, "competitions", preview(client_a, "competitions", xlsx_upload(as_rows(row))))
    record = CompetitionParticipation.objects.get()
    assert record.result == "prize" and record.history.count() == 2


def test_duplicate_rows_of_one_file_are_refused(ctx, client_a):
    row = diag_row(**{"Дата": ctx.day})
    page = preview(client_a, "diagnostics", xlsx_upload([list(row), list(row.values()),
                                                         list(row.values())])).content.decode()
    assert "Строка 3: повторяет строку 2" in page


def test_one_event_is_created_for_its_participants(ctx, client_a, school_a):
    second = make_student(school_a, last="Примерова", first="Вера", birth=dt.date(2011, 2, 2))
    common = {"Дата": ctx.day, "Предприятие": ctx.employer.name, "Вид мероприятия": "мастер-класс",
              "Название мероприятия": "Мастер-класс операторов"}
    rows = [{**student_row(ctx.student), **common}, {**student_row(second), **common}]
    checked = preview(client_a, "employers", xlsx_upload([list(rows[0])] + [list(r.values()) for r in rows]))
    assert "новых: 2" in checked.content.decode()
    assert EmployerEvent.objects.count() == 1  # the preview created no event
    confirm(client_a, "employers", checked)
    event = EmployerEvent.objects.get(title="Мастер-класс операторов")
    assert event.school == ctx.school and event.participants.count() == 2
    assert set(EmployerInteraction.objects.values_list("event", flat=True)) == {event.pk}


def test_admission_is_completed_from_what_the_portal_knows(ctx, client_a, school_a, year):
    from monitoring.models import AcademicYear, Enrollment

    graduate = make_student(school_a, last="Выпускников", first="Илья", birth=dt.date(2006, 4, 4),
                            grade=11, letter="")
    last_year = AcademicYear.objects.get_or_create(start_year=year.start_year - 1)[0]
    Enrollment.objects.create(student=graduate, academic_year=last_year, grade=10)
    ProfileStudy.objects.create(school=school_a, student=graduate, date=ctx.today, profile=ctx.profile)
    row = {**student_row(graduate, "11"), "Дата": ctx.day, "Учебное заведение": "СахГУ",
           "Специальность": "21.03.01 Нефтегазовое дело"}
    confirm(client_a, "admissions", preview(client_a, "admissions", xlsx_upload(as_rows(row))))
    admission = Admission.objects.get(student=graduate)
    assert admission.by_profile is True  # 21.xx is in the technological profile
    assert (admission.graduation_grade, admission.graduation_year) == (11, year.start_year + 1)
    assert admission.level == "vo" and admission.in_sakhalin and admission.basis == "budget"


def test_export_neutralises_formulas_and_imports_back_unchanged(ctx, client_a):
    ProjectoriaParticipation.objects.create(school=ctx.school, student=ctx.student, date=ctx.today,
                                            lesson=ctx.lesson, comment="=HYPERLINK(\"http://x\")")
    exported = client_a.get(reverse("monitoring:register_list", args=["proektoria"]) + "?export=xlsx")
    sheet = read_xlsx(exported.content).active
    values = [c.value for row in sheet.iter_rows(min_row=2) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "@")) for v in values)
    file = SimpleUploadedFile("выгрузка.xlsx", exported.content)
    page = preview(client_a, "proektoria", file).content.decode()
    assert "без изменений: 1" in page and "с ошибками: 0" in page


def test_export_follows_the_filter(ctx, client_a, school_a):
    from .cases import new_student

    CASES["diagnostics"].make(ctx, ctx.student, 0)
    CASES["diagnostics"].make(ctx, new_student(ctx, 3), 1)
    response = client_a.get(reverse("monitoring:register_list", args=["diagnostics"])
                            + "?grade=7&export=xlsx")
    names = [row[0].value for row in read_xlsx(response.content).active.iter_rows(min_row=2)]
    assert names == [ctx.student.full_name]


def test_imc_imports_for_a_chosen_school(ctx, client_imc, school_b):
    stranger = make_student(school_b, last="Примеров", first="Иван", birth=dt.date(2011, 5, 6))
    row = {**student_row(stranger), "Дата": ctx.day, "Методика": ctx.method.name}
    page = preview(client_imc, "diagnostics", xlsx_upload(as_rows(row)), school=school_b.pk)
    confirm(client_imc, "diagnostics", page)
    from monitoring.registers.records import Diagnostic

    assert Diagnostic.objects.get().school == school_b


def test_import_runs_a_bounded_number_of_queries(ctx, client_a, django_assert_max_num_queries):
    from .cases import new_student

    students = [new_student(ctx, 100 + i) for i in range(60)]

    def file_of(n):
        rows = [["ФИО обучающегося", "Дата рождения", "Дата", "Методика"]]
        rows += [[s.full_name, s.birth_date, ctx.day, ctx.method.name] for s in students[:n]]
        return xlsx_upload(rows)

    # Students, classes and references are loaded once: 60 rows cost what 3 rows cost.
    with django_assert_max_num_queries(60) as few:
        preview(client_a, "diagnostics", file_of(3))
    with django_assert_max_num_queries(len(few.captured_queries)):
        preview(client_a, "diagnostics", file_of(60))


def test_the_preview_shows_dates_as_the_portal_stores_them(ctx, client_a):
    short = f"{ctx.today.day}.{ctx.today.month}.{ctx.today:%y}"  # «30.11.26»
    row = diag_row(**{"Дата": short})
    page = preview(client_a, "diagnostics", xlsx_upload(as_rows(row))).content.decode()
    summary = re.search(r"<td><bdi>([^<]*)</bdi></td>", page).group(1)
    assert f"{ctx.today:%d.%m.%Y}" in summary and short not in summary


def test_an_unreadable_class_does_not_matter_when_the_birth_date_finds_the_student(ctx, client_a):
    row = diag_row(**{"Класс": "седьмой «А»", "Дата": ctx.day})
    page = preview(client_a, "diagnostics", xlsx_upload(as_rows(row))).content.decode()
    assert "новых: 1," in page and "с ошибками: 0" in page


def test_a_file_without_the_data_sheet_names_the_sheets_it_read(ctx, client_a):
    file = xlsx_upload([["Отчёт ОО за полугодие"], ["Составил: координатор"]], sheet="Титул",
                       extra_sheets={"Пояснения": [["Список будет позже"]]})
    page = preview(client_a, "diagnostics", file).content.decode()
    assert "на листах «Пояснения», «Титул» не найдена строка заголовков" in page
