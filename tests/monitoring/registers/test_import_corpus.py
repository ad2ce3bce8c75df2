"""The corpus: every register and both lists, from their own templates, as schools send
them — and what must be refused, refused with nothing saved.

Each (list × variant) is one test: the file is previewed, the count of new rows checked,
then confirmed and the records counted in the database. Refused variants name the row,
the column and the reason in Russian, offer no «Сохранить», and save nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings

from monitoring.registers.registry import registry

from ...conftest import make_student
from .cases import CASES
from .corpus import (
    DATES,
    N,
    Sheet,
    date_spellings,
    grid,
    targets,
    template_book,
    upload,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
)

TARGETS = [entry.slug for entry in registry] + ["students", "staff"]
DATED = [e.slug for e in registry if e.school_scoped] + ["students"]
PER_STUDENT = [e.slug for e in registry if e.per_student]


def _data(sheets: list[Sheet]) -> Sheet:
    return next(s for s in sheets if s.title == "Данные")


def build(request, ctx, name: str, variant: str) -> tuple[bytes, str, int, list[str]]:
    """(file, file name, rows expected new, texts the preview must show)."""
    target = targets()[name]
    client = request.getfixturevalue(target.client)
    sheets, headers = template_book(client, target)
    data = _data(sheets)
    n = DATES if variant == "date_spellings" else N
    rows = target.rows(ctx, n)
    body = grid(headers, rows)
    expect: list[str] = []
    filename = "список.xlsx"

    if variant == "template":
        data.rows += body
    elif variant == "title_rows":
        data.rows = [["Сведения ОО для мониторинга, 2026/2027 учебный год"], ["Школа А"], [],
                     headers, *body]
    elif variant == "instructions_first":
        cover = Sheet("Титул", [["Отчёт образовательной организации"], ["Дата", ctx.day],
                                ["Составил: координатор"]])
        guide = next(s for s in sheets if s.title == "Инструкция")
        sheets = [guide, cover, *[s for s in sheets if s.title != "Инструкция"]]
        data.rows += body
    elif variant == "totals_and_blank_rows":
        data.rows += [body[0], [None] * len(headers), *body[1:], [], [],
                      [f"Итого: {n}", *([None] * (len(headers) - 1))]]
        expect.append("пропущена: это строка итогов")
    elif variant == "extra_column":
        data.rows = [[*headers, "Ответственный"], *[[*r, "Петрова О. И."] for r in body]]
        expect.append("Не загружаются столбцы: Ответственный")
    elif variant == "retyped_headers":
        data.rows = [[f"  {h.upper().replace('Ё', 'Е')}:  " for h in headers], *body]
    elif variant == "two_level_header":
        # «ФИО» merged over two lines beside a group title over the other columns.
        top = [headers[0], "Сведения", *([None] * (len(headers) - 2))]
        data.rows = [top, [None, *headers[1:]], *body]
        data.merges = ["A1:A2", f"B1:{_letter(len(headers))}1"] if len(headers) > 2 else ["A1:A2"]
    elif variant == "column_numbers":
        data.rows = [headers, list(range(1, len(headers) + 1)), *body]
        expect.append("в ней номера столбцов")
    elif variant == "header_below_row_10":
        data.rows = [[f"Пояснение к списку, пункт {i}"] for i in range(1, 13)] + [headers, *body]
    elif variant == "date_spellings":
        column = headers.index(target.date_column)
        for i, row in enumerate(body):
            case = CASES.get(name)
            if target.date_column != "Дата":
                day = dt.date(2012, 2, 1 + i)
            elif case is not None and case.day is not None:
                day = case.day(ctx, i)
            else:
                day = ctx.today - dt.timedelta(days=i)
            row[column] = date_spellings(day)[i]
        data.rows += body
    elif variant == "class_spellings":
        column, birth = headers.index("Класс"), headers.index("Дата рождения")
        for i, row in enumerate(body):
            grade, letter = re.match(r"(\d+)(\D*)", row[column]).groups()
            row[column] = [f"{grade} «{letter}»", f'{grade} "{letter}"', f"{grade}{letter}-класс"][i % 3]
            row[birth] = None  # found by class and name
        data.rows += body
    elif variant in ("xls", "ods", "csv_cp1251", "csv_utf8"):
        data.rows += body
    else:
        raise AssertionError(variant)

    if variant == "xls":
        return write_xls(sheets), "список.xls", n, expect
    if variant == "ods":
        return write_ods(sheets), "список.ods", n, expect
    if variant == "csv_cp1251":
        return write_csv(data.rows, "cp1251", ";"), "список.csv", n, expect
    if variant == "csv_utf8":
        return write_csv(data.rows, "utf-8-sig", ","), "список.csv", n, expect
    return write_xlsx(sheets), filename, n, expect


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


SAVED = ["template", "title_rows", "instructions_first", "totals_and_blank_rows", "extra_column",
         "retyped_headers", "two_level_header", "column_numbers", "header_below_row_10",
         "xls", "ods", "csv_cp1251", "csv_utf8"]
CASES_SAVED = ([(t, v) for t in TARGETS for v in SAVED]
               + [(t, "date_spellings") for t in DATED]
               + [(t, "class_spellings") for t in PER_STUDENT])


def _preview(client, target, content: bytes, name: str):
    return client.post(target.import_url, {"file": upload(content, name)})


@pytest.mark.parametrize(("name", "variant"), CASES_SAVED)
def test_a_schools_file_imports_with_the_right_count(request, ctx, name, variant):
    target = targets()[name]
    client = request.getfixturevalue(target.client)
    content, filename, expected, shows = build(request, ctx, name, variant)
    before = target.model.objects.count()

    page = _preview(client, target, content, filename).content.decode()
    summary = page[page.find("Строк:"):][:3000]
    assert f"новых: {expected}," in page and "с ошибками: 0" in page, summary
    for text in shows:
        assert text in page, summary
    token = re.search(r'name="token" value="([0-9a-f]+)"', page)
    assert token, summary
    school = re.search(r'name="school" value="(\d+)"', page)
    done = client.post(target.import_url, {"token": token.group(1),
                                           **({"school": school.group(1)} if school else {})})
    assert done.status_code == 302
    assert target.model.objects.count() == before + expected


# ------------------------------------------------------------------------- refused


def refused(request, ctx, name: str, variant: str) -> tuple[bytes, str]:
    """(file, the Russian reason the preview must give)."""
    target = targets()[name]
    client = request.getfixturevalue(target.client)
    sheets, headers = template_book(client, target)
    data = _data(sheets)
    rows = target.rows(ctx, N)
    text = headers.index(target.text_column)
    body = grid(headers, rows)
    if variant == "duplicated_header":
        data.rows = [[*headers, target.text_column], *[[*r, "второе значение"] for r in body]]
        reason = f"столбец «{target.text_column}» встречается 2 раза"
    elif variant == "missing_required":
        resource_columns = _required(name)
        dropped = next(h for h in headers if h in resource_columns
                       and h not in {"ФИО обучающегося", "Фамилия", "Имя"})
        keep = [i for i, h in enumerate(headers) if h != dropped]
        data.rows = [[headers[i] for i in keep], *[[r[i] for i in keep] for r in body]]
        reason = f"нет обязательного столбца «{dropped}»"
    elif variant == "future_date":
        column = headers.index(target.date_column)
        future = ctx.today + dt.timedelta(days=settings.RECORD_FUTURE_DAYS + 30)
        body[1][column] = future.strftime("%d.%m.%Y")
        data.rows += body
        reason = f"значение «{future:%d.%m.%Y}»: дата"
    elif variant == "another_schools_student":
        stranger = make_student(ctx.other, last="Чужой", first="Иван", middle="",
                                birth=dt.date(2011, 5, 6))
        body[1][headers.index("ФИО обучающегося")] = stranger.full_name
        body[1][headers.index("Дата рождения")] = "06.05.2011"
        data.rows += body
        reason = "не найден среди обучающихся ОО «Школа А»"
    elif variant == "hostile_string":
        body[1][text] = "Иван\u202eовна"
        data.rows += body
        reason = "невидимый управляющий символ U+202E"
    elif variant == "long_value":
        body[1][text] = "ж" * 5000
        data.rows += body
        reason = "слишком длинное значение (5000 символов)"
    elif variant == "formula_without_value":
        body[1][text] = '=CONCATENATE("а";"б")'
        data.rows += body
        reason = "формула без сохранённого значения"
    else:
        raise AssertionError(variant)
    return write_xlsx(sheets), reason


def _required(name: str) -> set[str]:
    from monitoring.resources import StaffResource, StudentResource

    resource = {"students": StudentResource, "staff": StaffResource}.get(name) or registry.get(name).resource
    return {c.column_name for c in resource(user=None).columns() if c.required}


REFUSED = ["duplicated_header", "missing_required", "hostile_string", "long_value",
           "formula_without_value"]
CASES_REFUSED = ([(t, v) for t in TARGETS for v in REFUSED]
                 + [(t, "future_date") for t in DATED]
                 + [(t, "another_schools_student") for t in PER_STUDENT])


@pytest.mark.parametrize(("name", "variant"), CASES_REFUSED)
def test_what_must_not_be_saved_is_refused_with_nothing_saved(request, ctx, name, variant):
    target = targets()[name]
    client = request.getfixturevalue(target.client)
    content, reason = refused(request, ctx, name, variant)
    before = target.model.objects.count()
    page = _preview(client, target, content, "список.xlsx").content.decode()
    assert reason in page, page[page.find("<main"):][:3000]
    assert 'name="token"' not in page
    if variant in ("hostile_string", "long_value", "formula_without_value", "future_date",
                   "another_schools_student"):
        assert "Строка 3" in page  # the row, as Excel numbers it
    if variant == "hostile_string":
        assert "\u2068Иван\u202eовна\u2069" in page  # quoted, isolated: the line stays in order
    if variant == "long_value":
        assert "ж" * 100 not in page  # quoted cut, so the page keeps its width
    assert target.model.objects.count() == before
