"""The files schools really send, built from each list's own template.

A *target* is something a school imports — every registry entry, the class list and the
staff list — with what a test needs to fill it: N distinct rows by header, its date
column, a text column. A *variant* turns the filled template into what a school's sheet
looks like (a title above the headers, a totals row, a two-level header, .xls, .ods,
.csv …). Files are written by the libraries that write those formats for real: openpyxl,
xlwt (Excel 97–2003), odfpy (OpenDocument, with LibreOffice's repeated rows and cells),
the csv module in UTF-8 and Windows-1251.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Enrollment, Staff, Student
from monitoring.registers.registry import registry

from ...conftest import read_xlsx
from .cases import CASES, new_student, student_row

# --------------------------------------------------------------------------- targets


@dataclass
class Target:
    name: str
    model: type
    import_url: str
    template_url: str
    #: the fixture of the client who imports it
    client: str
    per_student: bool
    #: the column the date spellings and the future date go to (None: no date)
    date_column: str | None
    #: a free-text column for hostile strings and long values
    text_column: str
    rows: Callable[[Any, int], list[dict[str, Any]]]


def class_of(student: Student) -> str:
    enrollment = Enrollment.objects.filter(student=student).order_by("-academic_year__start_year").first()
    return f"{enrollment.grade}{enrollment.class_letter}" if enrollment else ""


def _register_rows(slug: str) -> Callable[[Any, int], list[dict[str, Any]]]:
    def rows(ctx, n: int) -> list[dict[str, Any]]:
        entry, case = registry.get(slug), CASES[slug]
        found = []
        for i in range(n):
            row = dict(case.row(ctx))
            if entry.per_student:
                student = ctx.student if i == 0 else new_student(ctx, 60 + i)
                if case.prepare is not None:
                    case.prepare(ctx, student, i)
                row = {**student_row(student, class_of(student)), **row}
            else:
                assert case.vary is not None, f"add `vary` to the case of {slug} in cases.py"
                row.update(case.vary(ctx, i))
            found.append(row)
        return found
    return rows


_SURNAMES = ["Корпусова", "Семёнова", "Ильина", "Петрова", "Сидорова", "Орлова"]


def _student_rows(ctx, n: int) -> list[dict[str, Any]]:
    return [{"Фамилия": _SURNAMES[i], "Имя": "Анна", "Отчество": "Игоревна",
             "Дата рождения": dt.date(2012, 2, 1 + i).strftime("%d.%m.%Y"), "Пол": "ж",
             "Класс": "6", "Литера": "В", "ОВЗ": "нет", "Ребёнок-инвалид": "нет"}
            for i in range(n)]


def _staff_rows(ctx, n: int) -> list[dict[str, Any]]:
    return [{"Фамилия": _SURNAMES[i], "Имя": "Ольга", "Отчество": "Ивановна",
             "Должность": "учитель", "Категория": "педагог ОО"} for i in range(n)]


def targets() -> dict[str, Target]:
    found = {}
    for entry in registry:
        found[entry.slug] = Target(
            entry.slug, entry.model,
            reverse("monitoring:register_import", args=[entry.slug]),
            reverse("monitoring:register_template", args=[entry.slug]),
            "client_a" if CASES[entry.slug].keeper == "coordinator" else "client_imc",
            entry.per_student, "Дата" if entry.school_scoped else None, "Примечание",
            _register_rows(entry.slug))
    found["students"] = Target("students", Student, reverse("monitoring:student_import"),
                               reverse("monitoring:student_template"), "client_a", False,
                               "Дата рождения", "Отчество", _student_rows)
    found["staff"] = Target("staff", Staff, reverse("monitoring:staff_import"),
                            reverse("monitoring:staff_template"), "client_a", False, None,
                            "Должность", _staff_rows)
    return found


# ----------------------------------------------------------------------------- books


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)
    hidden: bool = False


def template_book(client, target: Target) -> tuple[list[Sheet], list[str]]:
    """The downloaded template as sheets of plain values, and its data headers."""
    book = read_xlsx(client.get(target.template_url).content)
    sheets = []
    for ws in book.worksheets:
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        sheets.append(Sheet(ws.title, rows, hidden=ws.sheet_state != "visible"))
    data = next(s for s in sheets if s.title == "Данные")
    headers = [h for h in data.rows[0] if h]
    data.rows = [headers]
    return sheets, headers


def grid(headers: list[str], rows: list[dict[str, Any]]) -> list[list[Any]]:
    unknown = {k for r in rows for k in r} - set(headers)
    assert not unknown, f"no such template column: {unknown}"
    return [[row.get(h) for h in headers] for row in rows]


def write_xlsx(sheets: list[Sheet]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title)
        for row in sheet.rows:
            ws.append(row)
        for merge in sheet.merges:
            ws.merge_cells(merge)
        if sheet.hidden:
            ws.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xls(sheets: list[Sheet]) -> bytes:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for sheet in sheets:
        ws = workbook.add_sheet(sheet.title[:31])
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                else:
                    ws.write(r, c, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_ods(sheets: list[Sheet], repeated_tail: int = 1_048_000) -> bytes:
    """An .ods as LibreOffice saves it: blank cells and the rest of the sheet written as
    repeats («the next 1,048,000 rows are empty»)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for sheet in sheets:
        table = Table(name=sheet.title)
        for row in sheet.rows:
            tr = TableRow()
            for value in row:
                if value is None:
                    tr.addElement(TableCell())
                elif isinstance(value, bool):
                    cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
                    cell.addElement(P(text="ИСТИНА" if value else "ЛОЖЬ"))
                    tr.addElement(cell)
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat())
                    cell.addElement(P(text=value.strftime("%d.%m.%Y")))
                    tr.addElement(cell)
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
            tr.addElement(TableCell(numbercolumnsrepeated=1000))
            table.addElement(tr)
        tail = TableRow(numberrowsrepeated=repeated_tail)
        tail.addElement(TableCell(numbercolumnsrepeated=1024))
        table.addElement(tail)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def write_csv(rows: list[list[Any]], encoding: str, delimiter: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v.strftime("%d.%m.%Y") if isinstance(v, dt.date) else v
                         for v in row])
    prefix = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
    return prefix + buffer.getvalue().encode("utf-8" if encoding == "utf-8-sig" else encoding)


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# -------------------------------------------------------------------------- variants

N = 3
DATES = 5


def date_spellings(day: dt.date) -> list[Any]:
    """One date five ways: дд.мм.гггг, д.м.гг, гггг-мм-дд, an Excel date, a day number
    stored as text (what a column formatted as text keeps of a date)."""
    serial = (day - dt.date(1899, 12, 30)).days
    return [day.strftime("%d.%m.%Y"), f"{day.day}.{day.month}.{day:%y}", day.isoformat(),
            dt.datetime(day.year, day.month, day.day), str(serial)]
