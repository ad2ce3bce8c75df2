"""Lists out of the portal: the filtered list, a blank template to fill, plain tables.

Every cell a person typed is neutralised (Excel never runs it as a formula), and an
export re-imports as it is: the same headers, values spelled as the import reads them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from import_export import resources
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import DateWidget, neutralize, normalize_text
from .layout import DATA_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET
from .resource import PortalResource

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


#: rows between two calls of an export's progress callback
PROGRESS_EVERY = 2000


def export_xlsx(resource: resources.ModelResource, objects: Iterable[Any], title: str,
                progress: Callable[[int], None] | None = None) -> bytes:
    """The list as a workbook (write-only mode: big lists stay cheap in memory).

    ``progress`` is called with the number of rows written every PROGRESS_EVERY rows (a
    background export shows it on its job page)."""
    export_fields = resource.get_export_fields()
    workbook = openpyxl.Workbook(write_only=True)
    # Excel refuses sheet names with : / ? * [ ] \ and longer than 31 characters.
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or DATA_SHEET)
    for index, f in enumerate(export_fields, 1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(f.column_name) + 4)
    header = []
    for f in export_fields:
        cell = WriteOnlyCell(sheet, value=f.column_name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    exporters = [_exporter(resource, f) for f in export_fields]
    for number, obj in enumerate(objects, 1):
        sheet.append([neutralize(export(obj)) for export in exporters])
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _exporter(resource: resources.ModelResource, field) -> Callable[[Any], Any]:
    """What ``resource.export_field(field, obj)`` does, decided once per column instead of
    once per cell (a region's list: 35,000 rows × 7 columns): the resource's
    ``dehydrate_…`` method where it has one, else the column's own export."""
    method = field.get_dehydrate_method(resource.get_field_name(field))
    if not callable(method):
        method = getattr(resource, method, None)
    return method if method is not None else field.export


def export_queryset(resource: resources.ModelResource, queryset):
    """The rows of ``queryset`` without the joins no column of the export reads: a list
    page joins what it shows (the school, the author), and every joined row is one more
    object built per record (a region's list: 35,000 schools built and thrown away). The
    joins under a relation a column reads are all kept (a widget may read further along
    it), and a resource computing a column itself (``dehydrate_…``) keeps them all."""
    joined = queryset.query.select_related
    if not isinstance(joined, dict) or any(name.startswith("dehydrate_")
                                           for name in dir(resource)):
        return queryset
    read = {attribute.split("__")[0] for f in resource.get_export_fields()
            if (attribute := f.attribute or "")}
    kept = [path for root, below in joined.items() if root in read
            for path in _paths(root, below)]
    return queryset.select_related(None).select_related(*kept)


def _paths(root: str, below: dict) -> list[str]:
    """``select_related``'s tree as the paths that rebuild it."""
    if not below:
        return [root]
    return [path for name, deeper in below.items()
            for path in _paths(f"{root}__{name}", deeper)]


@dataclass(frozen=True)
class ColumnGuide:
    """One column of a list as its instructions explain it (template sheet, help page)."""

    name: str
    required: bool
    what: str
    example: str


def column_guide(resource: PortalResource) -> list[ColumnGuide]:
    """What to write in each column of the template, with the allowed values and a valid
    example."""
    rows = []
    for column in resource.template_columns():
        what = column.help_text
        choices = resource.column_choices(column)
        if choices and len(choices) <= 12:
            allowed = "; ".join(choices)
            what = f"{what} Допустимые значения: {allowed}.".strip()
        elif choices:
            what = f"{what} Выберите значение из списка в ячейке (справочник портала).".strip()
        rows.append(ColumnGuide(column.column_name, column.required, what,
                                example_of(column, choices)))
    return rows


def template_xlsx(resource: PortalResource, title: str, notes: Sequence[str] = ()) -> bytes:
    """A blank list to fill: headers, drop-down lists, and an instructions sheet."""
    columns = resource.template_columns()
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = DATA_SHEET
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.column_name)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[letter].width = max(14, len(column.column_name) + 4)
        if isinstance(column.widget, DateWidget):
            for row in range(2, 1002):
                data.cell(row=row, column=index).number_format = "DD.MM.YYYY"
        choices = resource.column_choices(column)
        if choices:
            for row, value in enumerate(choices, 1):
                lists.cell(row=row, column=index, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="Недопустимое значение",
                error="Выберите значение из списка.",
            )
            validation.add(f"{letter}2:{letter}1001")
            data.add_data_validation(validation)
    data.freeze_panes = "A2"

    guide = workbook.create_sheet(INSTRUCTIONS_SHEET)
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 16
    guide.column_dimensions["C"].width = 70
    guide.column_dimensions["D"].width = 24
    guide.append([title])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([])
    general = [
        f"Заполните лист «{DATA_SHEET}»: одна строка — одна запись, заголовки не меняйте.",
        "Даты пишите как дд.мм.гггг (например, 01.09.2010) или вводите датой Excel.",
        "Пустые строки, строка «Итого» и строка с номерами столбцов пропускаются. Лишние "
        "столбцы не мешают и не загружаются.",
        "Можно загрузить и свой список — из Excel (.xlsx, .xls), LibreOffice (.ods) или CSV: "
        "портал найдёт лист и строку заголовков по названиям столбцов.",
        "Перед сохранением портал покажет, какие строки новые, какие изменятся, и укажет "
        "ошибки с номером строки и столбца. Пока есть хотя бы одна ошибка, ничего не сохраняется.",
        "Повторная загрузка того же файла ничего не меняет и не создаёт дублей.",
        *notes,
    ]
    for line in general:
        guide.append([line])
    guide.append([])
    guide.append(["Столбец", "Обязательный", "Что вносить", "Пример"])
    for cell in guide[guide.max_row]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for row in column_guide(resource):
        guide.append([row.name, "да" if row.required else "нет", row.what, row.example])
    for row in guide.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.active = 0
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_table_xlsx(sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]],
                      title: str = "") -> bytes:
    """Several plain tables in one workbook, one sheet each (figures behind a dashboard or
    a chart). ``sheets`` maps a sheet title to (headers, rows)."""
    workbook = openpyxl.Workbook(write_only=True)
    for name, (headers, rows) in sheets.items():
        sheet = workbook.create_sheet(name[:31])
        for index, header in enumerate(headers, 1):
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(12, len(str(header)) + 4))
        if title:
            caption = WriteOnlyCell(sheet, value=title)
            caption.font = Font(bold=True, size=12)
            sheet.append([caption])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([neutralize(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def example_of(column, choices: Sequence[str]) -> str:
    """The example the instructions show: the declared one when the portal accepts it,
    else the first value of the column's list (a lesson, a technoclass of this school)."""
    if choices and column.example:
        accepted = {normalize_text(c) for c in choices}
        if normalize_text(column.example) not in accepted:
            return choices[0]
    return column.example
