"""``manage.py import_register``: the administrator's way to the same import."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from monitoring.registers.records import Diagnostic
from monitoring.registers.registry import registry

from ...conftest import make_student
from .cases import student_row


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_register", *args, stdout=out)
    return out.getvalue()


def write_xlsx(path, rows) -> None:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_list_prints_each_register_slug_and_title_one_per_line(db):
    lines = run("--list").splitlines()
    assert len(lines) == len(registry.registers()) >= 10
    for line, entry in zip(lines, registry.registers(), strict=True):
        slug, title = line.split("\t")
        assert (slug, title) == (entry.slug, entry.title)
    assert lines[0] == "employers\tВзаимодействие с предприятиями"


def test_template_is_written_to_a_file(db, tmp_path):
    target = tmp_path / "шаблон.xlsx"
    assert "Шаблон записан" in run("diagnostics", "--template", str(target))
    book = openpyxl.load_workbook(target)
    assert [c.value for c in book["Данные"][1]][:4] == [
        "ФИО обучающегося", "Дата рождения", "Класс", "Дата"]
    assert "Инструкция" in book.sheetnames


@pytest.fixture
def diag_file(ctx, tmp_path):
    path = tmp_path / "диагностика.xlsx"
    row = {**student_row(ctx.student), "Дата": ctx.today, "Методика": ctx.method.name}
    write_xlsx(path, [list(row), list(row.values())])
    return path


def test_dry_run_checks_and_saves_nothing_then_the_import_saves(ctx, diag_file, coordinator_a):
    out = run("diagnostics", str(diag_file), "--school", ctx.school.code, "--dry-run")
    assert "новых: 1" in out and "ничего не сохранено (--dry-run)" in out
    assert not Diagnostic.objects.exists()
    out = run("diagnostics", str(diag_file), "--school", ctx.school.code, "--user", "coord_a")
    assert "Файл загружен" in out
    record = Diagnostic.objects.get()
    assert record.school == ctx.school and record.author == coordinator_a
    assert record.history.get().history_user == coordinator_a
    assert "без изменений: 1" in run("diagnostics", str(diag_file), "--school", ctx.school.code)


def test_a_refused_file_exits_with_the_russian_errors(ctx, tmp_path, school_b):
    stranger = make_student(school_b, last="Примеров", first="Иван", middle="", birth=dt.date(2011, 5, 6))
    path = tmp_path / "чужой.xlsx"
    good = {**student_row(ctx.student), "Дата": ctx.today, "Методика": ctx.method.name}
    bad = {**student_row(stranger), "Дата": ctx.today, "Методика": ctx.method.name}
    write_xlsx(path, [list(good), list(good.values()), list(bad.values())])
    with pytest.raises(CommandError) as error:
        run("diagnostics", str(path), "--school", ctx.school.code)
    message = str(error.value)
    assert "Файл не загружен, ничего не сохранено" in message
    assert "Строка 3, столбец «ФИО обучающегося», значение «Примеров Иван»" in message
    assert "не найден среди обучающихся ОО «Школа А»" in message
    assert not Diagnostic.objects.exists()


@pytest.mark.parametrize(("args", "message"), [
    (("astrology", "x.xlsx", "--school", "a"), "Реестра «astrology» нет"),
    (("diagnostics", "нет-такого.xlsx", "--school", "a"), "не найден"),
    (("diagnostics", "{file}"), "Укажите ОО: --school КОД"),
    (("diagnostics", "{file}", "--school", "zz"), "ОО с кодом «zz» нет"),
    (("diagnostics", "{file}", "--school", "a", "--user", "coord_b"), "не ведёт данные ОО"),
    ((), "Укажите код реестра"),
])
def test_mistakes_in_the_command_are_explained(ctx, diag_file, coordinator_b, args, message):
    args = [str(diag_file) if a == "{file}" else a for a in args]
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_text_file_renamed_xlsx_is_refused(db, tmp_path, school_a):
    path = tmp_path / "список.xlsx"
    path.write_text("ФИО;Дата\n")
    with pytest.raises(CommandError, match="не является книгой Excel"):
        run("diagnostics", str(path), "--school", school_a.code)


def test_labour_market_lists_need_no_school(ctx, tmp_path):
    from monitoring.registers.labour import SpecialistDemand

    path = tmp_path / "потребность.xlsx"
    write_xlsx(path, [["Год", "Территория", "Профессия, должность", "Потребность, человек", "Источник"],
                      [2025, "район", "оператор по добыче нефти и газа", "12", "ЦЗН"]])
    assert "новых: 1" in run("labour-demand", str(path))
    assert SpecialistDemand.objects.get().source == "employment_centre"


@pytest.mark.parametrize("slug", [entry.slug for entry in registry])
def test_a_template_written_without_a_user_offers_real_values_and_valid_examples(ctx, tmp_path, slug):
    path = tmp_path / "шаблон.xlsx"
    run(slug, "--template", str(path))
    book = openpyxl.load_workbook(path)
    lists = book["Справочники"]
    headers = [c.value for c in book["Данные"][1]]
    choices = {headers[c - 1]: [lists.cell(row=r, column=c).value for r in range(1, lists.max_row + 1)
                                if lists.cell(row=r, column=c).value]
               for c in range(1, len(headers) + 1)}
    guide = list(book["Инструкция"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(guide) if row[:2] == ("Столбец", "Обязательный"))
    for column, _, _, example in guide[start + 1:]:
        if example and choices.get(column):
            # The example of a column with a list is a value of that list.
            assert example in choices[column], (column, example, choices[column][:5])
    if "Технокласс" in headers:  # every school's classes: the command knows no school
        assert set(choices["Технокласс"]) == {"Нефтегазовый технокласс"}


def test_a_template_for_one_school_lists_that_schools_centres(ctx, tmp_path):
    path = tmp_path / "шаблон.xlsx"
    run("growth-points", "--template", str(path), "--school", ctx.school.code)
    book = openpyxl.load_workbook(path)
    headers = [c.value for c in book["Данные"][1]]
    column = headers.index("Центр") + 1
    values = [book["Справочники"].cell(row=r, column=column).value for r in range(1, 4)]
    assert values[0] == f"Точка роста {ctx.school.code}" and values[1] is None
