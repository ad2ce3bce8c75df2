"""Spreadsheet files as schools keep them, read safely into rows of plain values.

One shape for every format: a :class:`Book` of :class:`Sheet` objects whose ``rows()``
yields ``(Excel row number, values)`` — values are ``str``, ``int``/``float``,
``datetime``, ``bool``, ``None`` or a :class:`CellProblem`. Formats: .xlsx (openpyxl),
.xls (xlrd), .ods (odfpy), .csv in UTF-8 or Windows-1251 with «;» or «,».

Nothing is parsed before its size is known. A workbook is a zip archive whose parts may
unpack to a thousand times their size (a 1 MB file of 30 million shared strings took
3 minutes and 3 GB): the archive's directory is checked first — every part's unpacked
size, the total and the ratio — and so is the sheet's declared size, so a bomb is
refused in milliseconds. While reading, rows and columns are counted against the same
limits, since a declared size may lie. The limits are settings (``IMPORT_MAX_*``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from .cells import ImportFileError

Row = tuple[int, tuple[Any, ...]]

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
ZIP_SIGNATURE = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: parts smaller than this are never "bombs", however well they compress
_RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class CellProblem:
    """A cell whose value cannot be trusted: a formula saved without its result, or an
    Excel error such as #ДЕЛ/0!. The reader keeps it so the preview can name the cell."""

    reason: str
    shown: str = ""

    def __str__(self) -> str:
        return self.shown


FORMULA_WITHOUT_VALUE = ("в ячейке формула без сохранённого значения: откройте файл в Excel "
                         "или LibreOffice, сохраните его и загрузите снова (или замените "
                         "формулу значением)")


@dataclass
class Sheet:
    name: str
    rows: Callable[[], Iterator[Row]]


@dataclass
class Book:
    """An opened file: its sheets in order, and what to close when done."""

    kind: str
    sheets: list[Sheet]
    close: Callable[[], None] = lambda: None

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def limits() -> dict[str, int]:
    return {
        "rows": settings.IMPORT_MAX_ROWS,
        "columns": settings.IMPORT_MAX_COLUMNS,
        "unpacked": settings.IMPORT_MAX_UNPACKED_MB * 1024 * 1024,
        "ratio": settings.IMPORT_MAX_ZIP_RATIO,
    }


def open_book(upload, name: str) -> Book:
    """Open an uploaded file by what it is (its first bytes), not by its name."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(ZIP_SIGNATURE):
        archive = _checked_archive(upload, name)
        if _zip_read_head(archive, "mimetype").startswith(ODS_MIMETYPE):
            return _ods_book(archive, name)
        if "xl/workbook.xml" in archive.namelist():
            archive.close()
            return _xlsx_book(upload, name)
        archive.close()
    elif head.startswith(OLE_SIGNATURE):
        return _xls_book(upload, name)
    elif name.lower().endswith((".csv", ".txt")):
        return _csv_book(upload, name)
    raise ImportFileError(
        f"Файл «{name}» не является книгой Excel (.xlsx) или другой таблицей, которую читает "
        "портал (.xls, .ods, .csv). Скачайте шаблон, заполните его и сохраните как «Книга "
        "Excel (*.xlsx)»."
    )


# --------------------------------------------------------------------- zip archives


def _damaged(name: str) -> ImportFileError:
    return ImportFileError(
        f"Файл «{name}» повреждён или не является книгой Excel (.xlsx): откройте его в "
        "Excel или LibreOffice и сохраните заново."
    )


def _too_big(name: str, what: str) -> ImportFileError:
    return ImportFileError(
        f"Файл «{name}» слишком велик для загрузки: {what}. Портал принимает списки до "
        f"{settings.IMPORT_MAX_ROWS:,} строк и {settings.IMPORT_MAX_COLUMNS} столбцов. "
        "Если это ваш список, разделите его на несколько файлов; если нет — не открывайте "
        "его: так выглядят файлы, созданные, чтобы вывести программы из строя.".replace(",", " ")
    )


def _checked_archive(upload, name: str) -> zipfile.ZipFile:
    """The archive, after its directory says that every part unpacks to a sane size.

    Python's zipfile never unpacks more than a part's declared size (and then checks its
    CRC), so bounding the declared sizes bounds what any later reader can unpack."""
    bound = limits()
    try:
        archive = zipfile.ZipFile(upload)
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(name) from exc
    if len(parts) > 5000:
        raise _too_big(name, f"в архиве {len(parts)} частей")
    total = 0
    for part in parts:
        if part.flag_bits & 0x1:
            raise ImportFileError(f"Файл «{name}» защищён паролем: снимите защиту и сохраните заново.")
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > _RATIO_FLOOR and ratio > bound["ratio"]:
            raise _too_big(name, f"часть «{part.filename}» распаковывается в {ratio:.0f} раз больше "
                                 "своего размера")
        if total > bound["unpacked"]:
            raise _too_big(name, f"в распакованном виде больше {settings.IMPORT_MAX_UNPACKED_MB} МБ")
    for part in parts:
        if part.filename.endswith((".xml", ".rels")) and _declares_entities(archive, part):
            raise ImportFileError(
                f"Файл «{name}» содержит XML с объявлениями сущностей (DOCTYPE), которых не "
                "бывает в таблицах Excel и LibreOffice: такой файл не загружается.")
    return archive


def _zip_read_head(archive: zipfile.ZipFile, member: str, size: int = 200) -> bytes:
    try:
        with archive.open(member) as handle:
            return handle.read(size)
    except (KeyError, zipfile.BadZipFile, OSError):
        return b""


def _declares_entities(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    # A DTD comes before the root element: the first bytes tell. Entity expansion
    # ("billion laughs") needs one, and spreadsheet XML never has one.
    try:
        with archive.open(part) as handle:
            head = handle.read(2048)
    except (zipfile.BadZipFile, OSError, RuntimeError):
        return False
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


# --------------------------------------------------------------------------- .xlsx


def _xlsx_book(upload, name: str) -> Book:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError,
            AttributeError, SyntaxError) as exc:
        raise _damaged(name) from exc
    bound = limits()
    sheets = []
    for sheet in workbook.worksheets:
        # The declared size (<dimension ref="A1:Z1048576">) is read without parsing cells.
        if (sheet.max_row or 0) > max(bound["rows"] * 4, 1000) or (sheet.max_column or 0) > bound["columns"] * 4:
            raise _too_big(name, f"лист «{sheet.title}» объявляет {sheet.max_row or 0} строк "
                                 f"и {sheet.max_column or 0} столбцов")
        sheets.append(Sheet(sheet.title, _xlsx_rows(workbook, sheet, name)))
    return Book("xlsx", sheets, workbook.close)


def _xlsx_rows(workbook, sheet, name: str) -> Callable[[], Iterator[Row]]:
    def rows() -> Iterator[Row]:
        from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

        columns = limits()["columns"]

        class Parser(WorkSheetParser):
            # openpyxl reads either the formulas or their saved results; the portal needs
            # the results, and to know where a formula was saved without one (a file
            # written by a program, not by Excel) instead of reading it as an empty cell.
            def parse_cell(self, element):
                cell = super().parse_cell(element)
                if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                    cell["value"] = CellProblem(FORMULA_WITHOUT_VALUE, "формула")
                elif cell["data_type"] == "e":
                    cell["value"] = CellProblem(
                        f"в ячейке ошибка Excel «{cell['value']}»: исправьте формулу или "
                        "замените её значением", str(cell["value"]))
                return cell

            def parse_row(self, row):
                number, cells = super().parse_row(row)
                if cells and cells[-1]["column"] > columns:
                    if any(c["value"] not in (None, "") for c in cells if c["column"] > columns):
                        raise _too_big(name, f"на листе «{sheet.title}» данные дальше "
                                             f"{columns}-го столбца")
                    cells = [c for c in cells if c["column"] <= columns]
                return number, cells

        # The private parts used here (the archive, the sheet's path, the date formats)
        # are those of the pinned openpyxl 3.1.5; tests read real files through them.
        with workbook._archive.open(sheet._worksheet_path) as source:
            parser = Parser(source, workbook.shared_strings, data_only=True, epoch=workbook.epoch,
                            date_formats=workbook._date_formats,
                            timedelta_formats=workbook._timedelta_formats)
            for number, cells in parser.parse():
                if not cells:
                    continue
                values: list[Any] = [None] * cells[-1]["column"]
                for cell in cells:
                    values[cell["column"] - 1] = cell["value"]
                yield number, tuple(values)
    return rows


# ---------------------------------------------------------------------------- .xls


def _xls_book(upload, name: str) -> Book:
    import xlrd

    upload.seek(0)
    content = upload.read()
    try:
        workbook = xlrd.open_workbook(file_contents=content, on_demand=True,
                                      formatting_info=False, logfile=io.StringIO())
    except Exception as exc:  # xlrd raises its own errors, struct.error, AssertionError …
        raise ImportFileError(
            f"Файл «{name}» не удалось прочитать как книгу Excel 97–2003 (.xls): возможно, он "
            "защищён паролем или повреждён. Откройте его в Excel, снимите защиту и сохраните "
            "как «Книга Excel (*.xlsx)»."
        ) from exc
    bound = limits()
    sheets = []
    for index, title in enumerate(workbook.sheet_names()):
        sheets.append(Sheet(title, _xls_rows(workbook, index, name, bound)))
    return Book("xls", sheets, workbook.release_resources)


def _xls_rows(workbook, index: int, name: str, bound: dict[str, int]) -> Callable[[], Iterator[Row]]:
    def rows() -> Iterator[Row]:
        import xlrd

        sheet = workbook.sheet_by_index(index)
        if sheet.ncols > bound["columns"] * 4 or sheet.nrows > bound["rows"] * 4:
            raise _too_big(name, f"лист «{sheet.name}»: {sheet.nrows} строк, {sheet.ncols} столбцов")
        width = min(sheet.ncols, bound["columns"])
        for r in range(sheet.nrows):
            values: list[Any] = []
            for c in range(width):
                cell = sheet.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        value: Any = xlrd.xldate_as_datetime(cell.value, workbook.datemode)
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        value = cell.value
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    text = xlrd.error_text_from_code.get(cell.value, "#ERR")
                    value = CellProblem(f"в ячейке ошибка Excel «{text}»: исправьте формулу или "
                                        "замените её значением", text)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    value = None
                else:
                    value = cell.value
                values.append(value)
            yield r + 1, tuple(values)
    return rows


# ---------------------------------------------------------------------------- .ods


def _ods_book(archive: zipfile.ZipFile, name: str) -> Book:
    from odf.opendocument import load
    from odf.table import Table

    try:
        document = load(archive.fp)
    except Exception as exc:  # odfpy's SAX and zip errors alike
        raise ImportFileError(
            f"Файл «{name}» повреждён или не является таблицей OpenDocument (.ods): откройте "
            "его в LibreOffice и сохраните заново.") from exc
    finally:
        archive.close()
    sheets = [Sheet(str(table.getAttribute("name") or f"Лист{n}"), _ods_rows(table, name))
              for n, table in enumerate(document.spreadsheet.getElementsByType(Table), 1)]
    return Book("ods", sheets)


def _ods_rows(table, name: str) -> Callable[[], Iterator[Row]]:
    """Rows of an ODS table. LibreOffice writes repeats («this row 1,048,000 times»,
    «this cell 16,000 times»): blank repeats only move the counter, filled ones are
    expanded within the limits — a repeated row is the classic ODS bomb."""

    def rows() -> Iterator[Row]:
        from odf.namespaces import TABLENS
        from odf.table import TableRow

        bound = limits()
        number = 0
        filled = 0
        for row in table.getElementsByType(TableRow):
            repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), 1) or 1)
            values = _ods_cells(row, bound["columns"], name)
            if not any(v is not None for v in values):
                number += repeat
                continue
            filled += repeat
            if filled > bound["rows"]:
                raise _too_big(name, f"на листе «{table.getAttribute('name')}» больше "
                                     f"{bound['rows']} строк с данными")
            for _ in range(repeat):
                number += 1
                yield number, values
    return rows


def _ods_cells(row, columns: int, name: str) -> tuple[Any, ...]:
    from odf.namespaces import OFFICENS, TABLENS

    values: list[Any] = []
    for cell in row.childNodes:
        if cell.qname[1] not in ("table-cell", "covered-table-cell"):
            continue
        repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1) or 1)
        kind = cell.attributes.get((OFFICENS, "value-type"))
        formula = cell.attributes.get((TABLENS, "formula"))
        value: Any
        if kind in ("float", "percentage", "currency"):
            number = float(cell.attributes.get((OFFICENS, "value")))
            value = int(number) if number.is_integer() else number
        elif kind == "date":
            text = cell.attributes.get((OFFICENS, "date-value"))
            value = dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
        elif kind == "boolean":
            value = cell.attributes.get((OFFICENS, "boolean-value")) == "true"
        elif kind in ("string", "time") or kind is None:
            value = _ods_text(cell) or None
            if value is None and formula:
                value = CellProblem(FORMULA_WITHOUT_VALUE, "формула")
        else:
            value = _ods_text(cell) or None
        if value is None:
            repeat = min(repeat, max(columns - len(values), 0))
        elif len(values) + repeat > columns:
            raise _too_big(name, f"данные дальше {columns}-го столбца")
        values.extend([value] * repeat)
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def _ods_text(cell) -> str:
    """The text of a cell: its paragraphs, with <text:s/> spaces and <text:tab/>."""
    return "\n".join(_ods_inline(p) for p in cell.childNodes if p.qname[1] == "p")


def _ods_inline(node) -> str:
    from odf.namespaces import TEXTNS

    parts: list[str] = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(str(child.data))
        elif child.qname == (TEXTNS, "s"):
            parts.append(" " * int(child.attributes.get((TEXTNS, "c"), 1) or 1))
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
        else:
            parts.append(_ods_inline(child))
    return "".join(parts)


# ---------------------------------------------------------------------------- .csv


def _csv_book(upload, name: str) -> Book:
    upload.seek(0)
    raw = upload.read()
    text = decode_text(raw)
    sample = "\n".join(text.splitlines()[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    bound = limits()

    def rows() -> Iterator[Row]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, values in enumerate(reader, 1):
            if number > bound["rows"] * 4:
                raise _too_big(name, f"больше {bound['rows']} строк")
            if len(values) > bound["columns"]:
                if any(v.strip() for v in values[bound["columns"]:]):
                    raise _too_big(name, f"данные дальше {bound['columns']}-го столбца")
                values = values[:bound["columns"]]
            yield number, tuple(v if v.strip() else None for v in values)

    title = re.sub(r"\.(csv|txt)$", "", name, flags=re.I)
    return Book("csv", [Sheet(title, rows)])


def decode_text(raw: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes) or, failing that, Windows-1251 —
    what «CSV (разделители — запятые)» in a Russian Excel saves."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")
