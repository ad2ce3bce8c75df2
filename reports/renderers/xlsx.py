"""An XLSX appendix: every table of a document on its own sheet.

Written in openpyxl's write-only mode (cheap in memory for long tables); numbers stay
numbers so the reader can recount them; text that Excel would run as a formula is
neutralised the same way as every other export of the portal."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from monitoring.importing import neutralize

from .base import Table

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=12)
# A change keeps its sign in Excel too, while staying a number: +3, -2, 0.
SIGNED_FORMAT = "+General;-General;0"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut between words (never in the middle of one)."""
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0].rstrip(" ,.;:–—-")
    return cut if cut and len(cut) <= limit else text[:limit].rstrip()


def sheet_title(index: int, table: Table, used: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the book;
    a long title is cut between words — the full title is the sheet's first row."""
    base = _FORBIDDEN.sub(" ", table.sheet_name or f"{index}. {table.title}").strip()
    name = _shorten(base, 31) or f"Таблица {index}"
    suffix = 2
    while name.lower() in used:
        tail = f" ({suffix})"
        name = _shorten(base, 31 - len(tail)) + tail
        suffix += 1
    used.add(name.lower())
    return name


def _value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return neutralize(value)
    return value


def render_tables_xlsx(tables: list[Table], *, first_sheet: list[str] | None = None) -> bytes:
    """A workbook with an optional title sheet (lines of text) and one sheet per table:
    the table's title in the first row, bold headers in the second, then the rows."""
    workbook = openpyxl.Workbook(write_only=True)
    used: set[str] = set()
    if first_sheet:
        sheet = workbook.create_sheet("Сведения")
        used.add("сведения")
        sheet.column_dimensions["A"].width = 110
        for number, line in enumerate(first_sheet):
            cell = WriteOnlyCell(sheet, value=neutralize(line))
            if number == 0:
                cell.font = TITLE_FONT
            sheet.append([cell])
    for index, table in enumerate((t for t in tables if not t.is_empty), 1):
        sheet = workbook.create_sheet(sheet_title(index, table, used))
        for column, header in enumerate(table.columns, 1):
            longest = max([len(str(header))] + [len(table.text(row[column - 1], column - 1))
                                                for row in table.rows])
            sheet.column_dimensions[get_column_letter(column)].width = min(60, max(10, longest + 2))
        title = WriteOnlyCell(sheet, value=neutralize(table.title))
        title.font = TITLE_FONT
        sheet.append([title])
        header = []
        for text in table.columns:
            cell = WriteOnlyCell(sheet, value=neutralize(text))
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        sheet.append(header)
        last = len(table.rows) - 1
        for row_index, row in enumerate(table.rows):
            total = table.total_row and row_index == last
            if not total and not table.signed:
                sheet.append([_value(value) for value in row])
                continue
            cells = []
            for column, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=_value(value))
                if total:
                    cell.font = HEADER_FONT
                if column in table.signed:
                    cell.number_format = SIGNED_FORMAT
                cells.append(cell)
            sheet.append(cells)
        for note in table.notes:
            # The legend of short column codes, under the table as in the document.
            sheet.append([])
            sheet.append([neutralize(note)])
    if not workbook.worksheets:
        sheet = workbook.create_sheet("Сведения")
        sheet.append(["Данные не внесены."])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
