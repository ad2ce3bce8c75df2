"""Class lists and staff lists from Excel: preview, Russian errors, all-or-nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Enrollment, Staff, Student

from ..conftest import make_student, read_xlsx, xlsx_upload

HEADERS = ["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс", "Литера", "ОВЗ",
           "Ребёнок-инвалид"]
GOOD_ROWS = [
    ["Образцова", "Анна", "Сергеевна", dt.datetime(2011, 3, 14), "Ж", 7, "А", "нет", "нет"],
    ["Примеров", "Иван", "", "05.06.2012", "м", "6", "Б", "да", ""],
    ["Вымыслова", "Ева", "Олеговна", "2010-01-31", "женский", "8В", "", "", ""],
]


def upload(client, rows, **kwargs):
    return client.post(reverse("monitoring:student_import"), {"file": xlsx_upload(rows, **kwargs)})


def confirm(client, response):
    token = re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode()).group(1)
    school = re.search(r'name="school" value="(\d+)"', response.content.decode()).group(1)
    return client.post(reverse("monitoring:student_import"), {"token": token, "school": school})


def test_preview_saves_nothing_and_confirm_saves_everything(client_a, school_a, year):
    preview = upload(client_a, [HEADERS, *GOOD_ROWS])
    page = preview.content.decode()
    assert "новых: 3" in page and "с ошибками: 0" in page
    assert "Сохранить 3 строки" in page  # the numeral agrees with its noun
    assert Student.objects.count() == 0

    done = confirm(client_a, preview)
    assert done.status_code == 302
    students = {s.last_name: s for s in Student.objects.filter(school=school_a)}
    assert set(students) == {"Образцова", "Примеров", "Вымыслова"}
    assert students["Примеров"].has_ovz and students["Примеров"].birth_date == dt.date(2012, 6, 5)
    eva = Enrollment.objects.get(student=students["Вымыслова"], academic_year=year)
    assert (eva.grade, eva.class_letter) == (8, "В")  # «8В» split into grade and letter


def test_reimport_of_the_same_file_changes_nothing(client_a, school_a):
    confirm(client_a, upload(client_a, [HEADERS, *GOOD_ROWS]))
    before = list(Student.objects.values().order_by("pk"))
    again = upload(client_a, [HEADERS, *GOOD_ROWS])
    assert "без изменений: 3" in again.content.decode()
    assert "сохранять нечего" in again.content.decode() and 'name="token"' not in again.content.decode()
    assert list(Student.objects.values().order_by("pk")) == before
    assert Enrollment.objects.count() == 3


def test_changed_rows_are_shown_and_updated_without_duplicates(client_a, school_a, year):
    make_student(school_a, last="Образцова", first="Анна", middle="Сергеевна",
                 birth=dt.date(2011, 3, 14), grade=6, letter="А")
    # The same person typed in capitals with ё/е differences is recognised, not duplicated.
    rows = [HEADERS, ["ОБРАЗЦОВА", "АННА", "СЕРГЕЕВНА", "14.03.2011", "Ж", 7, "А", "да", "нет"]]
    preview = upload(client_a, rows)
    page = preview.content.decode()
    assert "изменённых: 1" in page and "изменится: Класс, ОВЗ" in page
    confirm(client_a, preview)
    student = Student.objects.get()
    assert student.has_ovz and student.enrollments.get(academic_year=year).grade == 7


def test_headers_are_matched_ignoring_case_spaces_and_yo(client_a):
    headers = ["  фамилия ", "ИМЯ", "отчество", "Дата  рождения", "пол", "класс", "литера",
               "овз", "Ребенок-инвалид", "Примечание"]
    preview = upload(client_a, [headers, [*GOOD_ROWS[0], "лишний столбец"]])
    page = preview.content.decode()
    assert "новых: 1" in page
    assert "Не загружаются столбцы: Примечание" in page


def test_blank_rows_are_ignored_and_rows_keep_excel_numbers(client_a):
    rows = [HEADERS, GOOD_ROWS[0], [None] * 9, ["", " ", None], GOOD_ROWS[1],
            ["Ошибкин", "Олег", "", "31.02.2010", "М", 5, "", "", ""]]
    page = upload(client_a, rows).content.decode()
    assert "Строка 6, столбец «Дата рождения», значение «31.02.2010»: дата не распознана" in page
    assert "новых: 2" in page


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["Ошибкин", "Олег", "", "весной", "М", 5, "", "", ""],
         "Строка 2, столбец «Дата рождения», значение «весной»: дата не распознана"),
        (["Ошибкин", "Олег", "", "01.01.2010", "М", 13, "", "", ""],
         "Строка 2, столбец «Класс», значение «13»: ожидается целое число от 1 до 11"),
        (["Ошибкин", "Олег", "", "01.01.2010", "М", "пятый", "", "", ""],
         "Строка 2, столбец «Класс», значение «пятый»: ожидается целое число от 1 до 11"),
        (["Ошибкин", "Олег", "", "01.01.2010", "X", 5, "", "", ""],
         "Строка 2, столбец «Пол», значение «X»: недопустимое значение"),
        (["", "Олег", "", "01.01.2010", "М", 5, "", "", ""],
         "Строка 2, столбец «Фамилия» (пусто): обязательное поле не заполнено"),
        (["Ошибкин", "Олег", "", "01.01.2010", "М", 5, "", "наверное", ""],
         "Строка 2, столбец «ОВЗ», значение «наверное»: ожидается «да» или «нет»"),
    ],
)
def test_bad_cells_are_named_by_row_column_and_value(client_a, row, message):
    page = upload(client_a, [HEADERS, row]).content.decode()
    assert "Файл не загружен" in page
    assert message in page
    assert Student.objects.count() == 0


def test_one_bad_row_among_good_ones_saves_nothing(client_a, school_a):
    bad = upload(client_a, [HEADERS, *GOOD_ROWS, ["Ошибкин", "Олег", "", "весной", "М", 5]])
    page = bad.content.decode()
    assert "Строка 5, столбец «Дата рождения»" in page
    assert 'name="token"' not in page  # no way to confirm a file with errors
    assert Student.objects.count() == 0 and Enrollment.objects.count() == 0


def test_run_import_with_commit_rolls_back_every_row_on_any_error(coordinator_a, school_a, year):
    from monitoring import importing
    from monitoring.resources import StudentResource

    resource = StudentResource(user=coordinator_a, school=school_a, academic_year=year)
    rows = [HEADERS, *GOOD_ROWS, ["Ошибкин", "Олег", "", "весной", "М", 5, "", "", ""]]
    table = importing.read_table(xlsx_upload(rows), resource)
    report = importing.run_import(resource, table, commit=True)
    assert not report.committed and report.count("new") == 3 and report.count("error") == 1
    assert Student.objects.count() == 0 and Enrollment.objects.count() == 0


def test_duplicate_rows_in_one_file_are_refused(client_a):
    page = upload(client_a, [HEADERS, GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[0]]).content.decode()
    assert "Строка 4: повторяет строку 2 (тот же обучающийся)" in page
    assert Student.objects.count() == 0


def test_missing_required_column_is_named(client_a):
    headers = [h for h in HEADERS if h != "Дата рождения"]
    rows = [headers, [v for h, v in zip(HEADERS, GOOD_ROWS[0], strict=True) if h != "Дата рождения"]]
    page = upload(client_a, rows).content.decode()
    assert "нет обязательного столбца «Дата рождения»" in page
    assert Student.objects.count() == 0


def test_empty_file_is_refused(client_a):
    page = upload(client_a, [HEADERS]).content.decode()
    assert "нет ни одной строки с данными" in page


def test_text_file_renamed_to_xlsx_is_refused(client_a):
    fake = SimpleUploadedFile("список.xlsx", "Фамилия;Имя\nИванов;Иван\n".encode())
    page = client_a.post(reverse("monitoring:student_import"), {"file": fake}).content.decode()
    assert "Файл «список.xlsx» не является книгой Excel (.xlsx) или другой таблицей" in page
    assert Student.objects.count() == 0


def test_a_damaged_old_excel_file_is_refused_with_advice(client_a):
    fake = SimpleUploadedFile("список.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    page = client_a.post(reverse("monitoring:student_import"), {"file": fake}).content.decode()
    assert "не удалось прочитать как книгу Excel 97–2003 (.xls)" in page
    assert Student.objects.count() == 0


def test_file_over_the_size_limit_is_refused(client_a, settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("большой.xlsx", b"PK\x03\x04" + b"0" * (1024 * 1024 + 10))
    page = client_a.post(reverse("monitoring:student_import"), {"file": big}).content.decode()
    assert "больше допустимых 1 МБ" in page
    assert Student.objects.count() == 0


def test_instructions_sheet_before_data_is_skipped(client_a):
    preview = upload(client_a, [HEADERS, GOOD_ROWS[0]],
                     extra_sheets={"Инструкция": [["Как заполнять"], ["Фамилия"]]})
    assert "новых: 1" in preview.content.decode()


def test_template_has_russian_headers_lists_and_instructions(client_a):
    response = client_a.get(reverse("monitoring:student_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = read_xlsx(response.content)
    data = book["Данные"]
    assert [c.value for c in data[1]] == HEADERS
    validations = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert any("Справочники" in f for f in validations.values())  # drop-downs for Пол, ОВЗ …
    guide = [c.value for row in book["Инструкция"].iter_rows() for c in row if c.value]
    assert "Дата рождения" in guide and any("дд.мм.гггг" in str(v) for v in guide)


def test_filled_template_round_trip(client_a, school_a):
    book = read_xlsx(client_a.get(reverse("monitoring:student_template")).content)
    sheet = book["Данные"]
    for row in GOOD_ROWS:
        sheet.append(row)
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    file = SimpleUploadedFile("шаблон.xlsx", buffer.getvalue())
    preview = client_a.post(reverse("monitoring:student_import"), {"file": file})
    confirm(client_a, preview)
    assert Student.objects.filter(school=school_a).count() == 3


def test_export_neutralises_formulas(client_a, school_a):
    make_student(school_a, last="=HYPERLINK(\"http://x\")", first="+7", middle="@cmd")
    book = read_xlsx(client_a.get(reverse("monitoring:student_list") + "?export=xlsx").content)
    values = [c.value for row in book.active.iter_rows(min_row=2) for c in row]
    assert "'=HYPERLINK(\"http://x\")" in values and "'+7" in values and "'@cmd" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_export_follows_the_filter(client_a, school_a):
    make_student(school_a, last="Семиклассница", grade=7)
    make_student(school_a, last="Пятиклассник", grade=5)
    book = read_xlsx(client_a.get(reverse("monitoring:student_list") + "?grade=5&export=xlsx").content)
    names = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert names == ["Пятиклассник"]


STAFF_HEADERS = ["Фамилия", "Имя", "Отчество", "Должность", "Категория", "Классный руководитель",
                 "Узкий специалист", "Тьютор", "Эл. почта", "Работает"]


def test_staff_import_and_reimport(client_a, school_a):
    rows = [STAFF_HEADERS,
            ["Петрова", "Ольга", "Ивановна", "учитель математики", "педагог ОО", "да", "", "",
             "petrova@example.ru", ""],
            ["Сидоров", "Пётр", "", "заместитель директора", "администрация", "", "", "да", "", "да"]]
    url = reverse("monitoring:staff_import")
    preview = client_a.post(url, {"file": xlsx_upload(rows)})
    assert "новых: 2" in preview.content.decode()
    confirm_staff = re.search(r'name="token" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    client_a.post(url, {"token": confirm_staff, "school": school_a.pk})
    petrova = Staff.objects.get(last_name="Петрова")
    assert petrova.school == school_a and petrova.is_class_teacher and petrova.is_working
    assert Staff.objects.get(last_name="Сидоров").category == Staff.Category.SCHOOL_ADMIN
    again = client_a.post(url, {"file": xlsx_upload(rows)})
    assert "без изменений: 2" in again.content.decode()


def test_staff_import_reports_bad_email(client_a):
    rows = [STAFF_HEADERS, ["Петрова", "Ольга", "", "учитель", "педагог ОО", "", "", "", "не-почта", ""]]
    page = client_a.post(reverse("monitoring:staff_import"), {"file": xlsx_upload(rows)}).content.decode()
    assert "Строка 2, столбец «Эл. почта», значение «не-почта»" in page
    assert Staff.objects.count() == 0


def test_stale_or_foreign_preview_token_is_refused(client_a, client_b, school_a):
    preview = upload(client_a, [HEADERS, *GOOD_ROWS])
    token = re.search(r'name="token" value="([0-9a-f]+)"', preview.content.decode()).group(1)
    # Another coordinator cannot replay A's checked file, neither into A nor into B.
    response = client_b.post(reverse("monitoring:student_import"), {"token": token, "school": school_a.pk})
    assert response.status_code == 302
    assert Student.objects.count() == 0


def test_imc_imports_for_a_chosen_school(client_imc, school_b):
    url = reverse("monitoring:student_import")
    missing = client_imc.post(url, {"file": xlsx_upload([HEADERS, GOOD_ROWS[0]])})
    assert "Обязательное поле" in missing.content.decode()
    preview = client_imc.post(url, {"file": xlsx_upload([HEADERS, GOOD_ROWS[0]]), "school": school_b.pk})
    confirm(client_imc, preview)
    assert Student.objects.get().school == school_b


def test_import_runs_a_bounded_number_of_queries(client_a, school_a, django_assert_max_num_queries):
    rows = [HEADERS] + [
        [f"Фамилия{i}", "Имя", "", f"{1 + i % 28:02d}.03.2011", "Ж", 1 + i % 11, "", "", ""]
        for i in range(40)
    ]
    # Lookups are preloaded; what remains per row is the save itself and its history.
    with django_assert_max_num_queries(40 * 9 + 30):
        upload(client_a, rows)


def test_the_cycle_collector_is_paused_only_while_a_file_is_imported(coordinator_a, school_a, year,
                                                                    monkeypatch):
    import gc

    from monitoring import importing
    from monitoring.resources import StudentResource

    resource = StudentResource(user=coordinator_a, school=school_a, academic_year=year)
    seen = []
    real_import_data = StudentResource.import_data

    def import_data(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return real_import_data(self, *args, **kwargs)

    monkeypatch.setattr(StudentResource, "import_data", import_data)
    table = importing.read_table(xlsx_upload([HEADERS, *GOOD_ROWS]), resource)
    assert gc.isenabled()
    report = importing.run_import(resource, table, commit=True)
    assert report.committed and seen == [False] and gc.isenabled()
    # A file refused as a whole (no header row) leaves the collector running too.
    with pytest.raises(importing.ImportFileError):
        importing.read_table(xlsx_upload([["что-то"], ["другое"]]), resource)
    assert gc.isenabled()
    # Paused inside an import already paused (a command calling the service): still
    # paused after the inner block, running again after the outer one.
    with importing.collector_paused():
        with importing.collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
