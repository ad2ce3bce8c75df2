"""From an opened file to the table a resource imports: which sheet, which header row,
which rows are data.

A school's sheet is rarely the template: a title and a blank row above the headers, group
titles above them (two-level headers), a cover or instructions sheet first, a row of
column numbers under the headers, a totals row under the data. A person sees at once
what is what; so does this module — the sheet and the header row are the ones that
match the most columns (required ones first), totals and column-number rows are skipped
with a notice, and a column named twice is refused by name rather than guessed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import tablib
from django.conf import settings
from openpyxl.utils import get_column_letter

from .cells import Column, ImportFileError, cell_text, is_blank, normalize_header, normalize_text
from .collector import collector_paused
from .files import CellProblem, Sheet, open_book
from .resource import PortalResource, header_place

INSTRUCTIONS_SHEET = "Инструкция"
LISTS_SHEET = "Справочники"
DATA_SHEET = "Данные"
_SKIPPED_SHEETS = {"инструкция", "справочники"}
#: how far down a sheet the header row is looked for (titles, notes, logos above it)
HEADER_SCAN_ROWS = 50
_TOTALS = re.compile(r"^(итого|всего|итог)(\b|$)")


@dataclass
class Table:
    """An uploaded sheet reduced to the resource's columns; rows keep their Excel numbers."""

    dataset: tablib.Dataset
    row_numbers: list[int]
    filename: str
    ignored_headers: list[str] = field(default_factory=list)
    #: the sheet the data was read from (named in the preview and in messages)
    sheet: str = ""
    #: rows skipped on purpose (totals, column numbers), told to the user
    notices: list[str] = field(default_factory=list)
    #: cells that cannot be trusted: (Excel row, column name, shown value, reason)
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "headers": list(self.dataset.headers or []),
                "rows": [list(r) for r in self.dataset],
                "row_numbers": self.row_numbers,
                "filename": self.filename,
                "ignored": self.ignored_headers,
                "sheet": self.sheet,
                "notices": self.notices,
                "problems": self.problems,
            },
            ensure_ascii=False,
            default=_json_default,
        )

    @classmethod
    def from_json(cls, text: str) -> Table:
        data = json.loads(text)
        dataset = tablib.Dataset(headers=data["headers"])
        for row in data["rows"]:
            dataset.append([_json_restore(v) for v in row])
        return cls(dataset, data["row_numbers"], data["filename"], data.get("ignored", []),
                   data.get("sheet", ""), data.get("notices", []),
                   [tuple(p) for p in data.get("problems", [])])


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"__date__": value.date().isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    return str(value)


def _json_restore(value: Any) -> Any:
    if isinstance(value, dict) and "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    return value


def upload_limit_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024


# ------------------------------------------------------------------------- headers


@dataclass
class HeaderRow:
    number: int
    #: column name → position in the row
    positions: dict[str, int]
    #: column name → every position it was found at (more than one: named twice)
    seen: dict[str, list[int]]
    ignored: list[str]
    required: int

    @property
    def score(self) -> tuple[int, int]:
        return self.required, len(self.positions)


def _wanted(resource: PortalResource) -> dict[str, Column]:
    wanted: dict[str, Column] = {}
    for column in resource.columns():
        for header in (column.column_name, *column.aliases):
            wanted[normalize_header(header)] = column
    return wanted


def _match(number: int, values: tuple[Any, ...], wanted: dict[str, Column]) -> HeaderRow:
    seen: dict[str, list[int]] = {}
    ignored = []
    for position, value in enumerate(values):
        if isinstance(value, CellProblem) or is_blank(value):
            continue
        column = wanted.get(normalize_header(value))
        if column is None:
            ignored.append(cell_text(value))
        else:
            seen.setdefault(column.column_name, []).append(position)
    required_names = {c.column_name for c in wanted.values() if c.required}
    required = len(required_names & set(seen))
    positions = {name: places[0] for name, places in seen.items()}
    return HeaderRow(number, positions, seen, ignored, required)


def _merge(header: HeaderRow, other: HeaderRow) -> None:
    """Take from the row above or below the header what it names in the header's blank
    places: a vertically merged «ФИО» beside the group «Мероприятие» over «Дата»."""
    taken = set(header.positions.values())
    for name, place in other.positions.items():
        if name not in header.positions and place not in taken:
            header.positions[name] = place
            header.seen[name] = [place]


def find_header(head: list[tuple[int, tuple[Any, ...]]], wanted: dict[str, Column]
                ) -> tuple[HeaderRow | None, int]:
    """The header row among the first rows of a sheet, and the row data starts after."""
    matched = [_match(number, values, wanted) for number, values in head]
    best = max((m for m in matched if m.positions), key=lambda m: m.score, default=None)
    if best is None:
        return None, 0
    index = matched.index(best)
    last = best.number
    if index > 0 and matched[index - 1].positions:
        _merge(best, matched[index - 1])
    if index + 1 < len(matched):
        below = matched[index + 1]
        # A second header line holds only header words; a data row holds values too.
        if below.positions and not below.ignored:
            _merge(best, below)
            last = below.number
    return best, last


# ---------------------------------------------------------------------------- rows


def _is_column_numbers(values: tuple[Any, ...]) -> bool:
    """«1 | 2 | 3 | 4 …» under the headers, as forms number their columns."""
    numbers = []
    for value in values:
        if is_blank(value) or isinstance(value, CellProblem):
            continue
        text = cell_text(value)
        if not re.fullmatch(r"\d{1,3}", text):
            return False
        numbers.append(int(text))
    return len(numbers) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_totals(values: tuple[Any, ...]) -> bool:
    first = next((v for v in values if not is_blank(v) and not isinstance(v, CellProblem)), None)
    return first is not None and bool(_TOTALS.match(normalize_text(cell_text(first))))


def _short(value: Any, limit: int = 40) -> str:
    text = cell_text(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def read_table(upload, resource: PortalResource) -> Table:
    """Read the data sheet of an uploaded .xlsx, .xls, .ods or .csv into the resource's
    columns. Raises :class:`ImportFileError` with a Russian message when it is not usable."""
    name = getattr(upload, "name", "файл")
    size = getattr(upload, "size", None)
    if size is not None and size > upload_limit_bytes():
        raise ImportFileError(
            f"Файл «{name}» занимает {size / 1024 / 1024:.1f} МБ — больше допустимых "
            f"{settings.UPLOAD_MAX_MB} МБ. Разделите список на несколько файлов."
        )
    with collector_paused(), open_book(upload, name) as book:
        wanted = _wanted(resource)
        found: list[tuple[tuple[int, int], Sheet, HeaderRow, int]] = []
        looked: list[str] = []
        for sheet in book.sheets:
            if normalize_header(sheet.name) in _SKIPPED_SHEETS:
                continue
            looked.append(sheet.name)
            header, last = find_header(list(islice(sheet.rows(), HEADER_SCAN_ROWS)), wanted)
            if header is not None:
                found.append((header.score, sheet, header, last))
        if not found:
            columns = ", ".join(f"«{c.column_name}»" for c in resource.columns() if c.required)
            where = ("на листах " + ", ".join(f"«{s}»" for s in looked)) if len(looked) > 1 else (
                f"на листе «{looked[0]}»" if looked and book.kind != "csv" else "")
            raise ImportFileError(
                f"В файле «{name}» {where + ' ' if where else ''}не найдена строка заголовков: "
                f"в первых {HEADER_SCAN_ROWS} строках нет названий столбцов из шаблона "
                f"({columns})."
            )
        # The sheet whose headers match best; among equals, the first (the file's order).
        _, sheet, header, last = max(found, key=lambda f: f[0])
        sheet_name = sheet.name if book.kind != "csv" else ""
        return _read_rows(sheet, sheet_name, header, last, resource, name)


def _read_rows(sheet: Sheet, sheet_name: str, header: HeaderRow, last: int,
               resource: PortalResource, name: str) -> Table:
    twice = {n: places for n, places in header.seen.items() if len(places) > 1}
    if twice:
        column, places = next(iter(twice.items()))
        letters = " и ".join(get_column_letter(p + 1) for p in places)
        raise ImportFileError(
            f"В файле «{name}» ({header_place(sheet_name, header.number)}) столбец «{column}» "
            f"встречается {len(places)} раза: {letters}. Портал не угадывает, какой из них "
            "верный: оставьте один столбец с этим названием или переименуйте лишний."
        )
    resource.check_headers(set(header.positions), header.number, name, sheet=sheet_name)

    columns = [c.column_name for c in resource.columns() if c.column_name in header.positions]
    dataset = tablib.Dataset(headers=columns)
    table = Table(dataset, [], name, header.ignored, sheet_name)
    limit = settings.IMPORT_MAX_ROWS
    after_header = 0
    for number, values in sheet.rows():
        if number <= last:
            continue
        picked = [values[header.positions[h]] if header.positions[h] < len(values) else None
                  for h in columns]
        if all(is_blank(v) for v in picked) and not any(isinstance(v, CellProblem) for v in picked):
            continue
        after_header += 1
        if after_header <= 3 and _is_column_numbers(values):
            table.notices.append(f"Строка {number} пропущена: в ней номера столбцов "
                                 f"({', '.join(cell_text(v) for v in values if not is_blank(v))}).")
            continue
        if _is_totals(values):
            shown = " ".join(_short(v) for v in values if not is_blank(v))
            table.notices.append(f"Строка {number} («{shown}») пропущена: это строка итогов.")
            continue
        if len(table.row_numbers) >= limit:
            raise ImportFileError(
                f"В файле «{name}» больше {limit:,} строк с данными: разделите список на "
                "несколько файлов.".replace(",", " "))
        for column, value in zip(columns, picked, strict=True):
            if isinstance(value, CellProblem):
                table.problems.append((number, column, value.shown, value.reason))
        dataset.append([None if isinstance(v, CellProblem) else v.strip() if isinstance(v, str) else v
                        for v in picked])
        table.row_numbers.append(number)
    if not table.row_numbers:
        raise ImportFileError(
            f"В файле «{name}» нет ни одной строки с данными под заголовками"
            f"{f' (лист «{sheet_name}»)' if sheet_name else ''}. Заполните список и загрузите "
            "файл снова."
        )
    return table
