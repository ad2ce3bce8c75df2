"""Excel import and export, one mechanism for every list a school keeps.

A list's columns are declared once, as a django-import-export ``ModelResource`` whose
fields are :class:`Column` objects (Russian header, required or not, allowed values, help
for the instructions sheet). From that declaration this module

* reads an uploaded workbook the way schools really send it (headers in any case, with
  extra spaces or ё/е; blank rows; dates as Excel dates or text; numbers stored as text),
* previews every row as new / changed / unchanged / error, naming row, column and value,
* saves all rows or none (one transaction; any error rolls everything back),
* writes the filtered list and a blank template (drop-down lists, an instructions sheet).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export import fields, resources, widgets
from import_export.results import RowResult
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .text import Gender, same_as

INSTRUCTIONS_SHEET = "Инструкция"
LISTS_SHEET = "Справочники"
DATA_SHEET = "Данные"
_SKIPPED_SHEETS = {"инструкция", "справочники"}
_HEADER_SCAN_ROWS = 10
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user, in Russian."""


# --------------------------------------------------------------------------- cells


def normalize_header(value: Any) -> str:
    """«  Дата  рождения* » and «дата рождения» and «ДАТА РОЖДЕНИЯ» are one header."""
    text = str(value or "").lower().replace("ё", "е")
    return re.sub(r"[\s*:.()«»\"'_-]+", "", text)


def normalize_text(value: Any) -> str:
    """Names compared the way people read them: case, ё/е and extra spaces ignored."""
    return re.sub(r"\s+", " ", str(value or "")).strip().lower().replace("ё", "е")


def cell_text(value: Any) -> str:
    """The text of a cell as a person typed it; 5.0 from Excel becomes «5»."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return re.sub(r"\s+", " ", str(value)).strip()


def is_blank(value: Any) -> bool:
    return cell_text(value) == ""


def neutralize(value: Any) -> Any:
    """Make a text cell inert: Excel must never run what a user typed as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


# ------------------------------------------------------------------------- widgets


class TextWidget(widgets.Widget):
    def __init__(self, max_length: int | None = None) -> None:
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if text[:1] == "'" and text[1:2] in _FORMULA_PREFIXES:
            text = text[1:]  # a cell our own export neutralised comes back as it was typed
        if self.max_length and len(text) > self.max_length:
            raise ValueError(f"слишком длинное значение: не более {self.max_length} символов")
        return text

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class DateWidget(widgets.Widget):
    """Dates as Excel dates or as text: дд.мм.гггг, д.м.гг, гггг-мм-дд."""

    formats = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")

    def clean(self, value, row=None, **kwargs) -> dt.date | None:
        if is_blank(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int | float) and 1 < value < 80000:
            # An Excel serial day number that reached us unformatted.
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        text = cell_text(value).split(" ")[0]
        for fmt in self.formats:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError("дата не распознана: укажите её как дд.мм.гггг, например 01.09.2010")

    def render(self, value, obj=None, **kwargs) -> str:
        return value.strftime("%d.%m.%Y") if value else ""


class IntegerWidget(widgets.Widget):
    def __init__(self, minimum: int | None = None, maximum: int | None = None) -> None:
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs) -> int | None:
        if is_blank(value):
            return None
        text = cell_text(value).replace(" ", "").replace("\xa0", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError(self._reason())
        number = int(text)
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise ValueError(self._reason())
        return number

    def _reason(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"ожидается целое число от {self.minimum} до {self.maximum}"
        if self.minimum is not None:
            return f"ожидается целое число не меньше {self.minimum}"
        return "ожидается целое число"

    def render(self, value, obj=None, **kwargs):
        return value


class YesNoWidget(widgets.Widget):
    truthy = {"да", "д", "1", "+", "true", "yes", "y", "истина", "есть", "v", "✓"}
    falsy = {"нет", "н", "0", "-", "false", "no", "n", "ложь", ""}

    def clean(self, value, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = normalize_text(cell_text(value))
        if text in self.truthy:
            return True
        if text in self.falsy:
            return False
        raise ValueError("ожидается «да» или «нет»")

    def render(self, value, obj=None, **kwargs) -> str:
        return "да" if value else "нет"


class ChoiceWidget(widgets.Widget):
    """A value from a fixed list, typed as its Russian label (or its code)."""

    def __init__(self, choices: Iterable[tuple[Any, str]], aliases: dict[str, Any] | None = None):
        self.choices = list(choices)
        self.lookup: dict[str, Any] = {}
        for value, label in self.choices:
            self.lookup[normalize_text(label)] = value
            self.lookup[normalize_text(value)] = value
        for alias, value in (aliases or {}).items():
            self.lookup[normalize_text(alias)] = value

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        key = normalize_text(cell_text(value))
        if key in self.lookup:
            return self.lookup[key]
        allowed = ", ".join(f"«{label}»" for label in self.labels)
        raise ValueError(f"недопустимое значение; допустимые: {allowed}")

    def render(self, value, obj=None, **kwargs) -> str:
        return dict(self.choices).get(value, "" if value is None else str(value))


class LookupWidget(widgets.Widget):
    """A reference to another table, resolved from one mapping loaded per import.

    The default ForeignKeyWidget asks the database for every row; a school's file of a
    thousand rows would cost thousands of queries (see shared/PERFORMANCE.md)."""

    def __init__(self, what: str, render_attr: str = "name", *,
                 source: Callable[[Any], Iterable[Any]] | None = None,
                 keys: Sequence[str] = (), not_found: str = "") -> None:
        self.what = what
        #: the error for an unknown value, e.g. «такой методики нет в справочнике портала»
        self.not_found = not_found or f"{what} не найден(а) в справочнике портала"
        self.render_attr = render_attr
        #: where the values come from, given the resource (so a school's own lists can
        #: be limited to that school); loaded by :meth:`PortalResource.prepare`
        self.source = source
        self.keys = tuple(keys) or (render_attr,)
        self.mapping: dict[str, Any] = {}
        self.labels: list[str] = []

    def load(self, objects: Iterable[Any], *keys: str) -> None:
        keys = keys or self.keys
        self.mapping, self.labels = {}, []
        for obj in objects:
            for key in keys:
                value = getattr(obj, key)
                if value:
                    self.mapping.setdefault(normalize_text(value), obj)
            self.labels.append(str(getattr(obj, self.render_attr)))

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        found = self.mapping.get(normalize_text(cell_text(value)))
        if found is None:
            raise ValueError(self.not_found)
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(getattr(value, self.render_attr, value))


# -------------------------------------------------------------------------- column


class Column(fields.Field):
    """A column of an import file: the field plus what the template and errors say."""

    def __init__(
        self,
        attribute: str,
        column_name: str,
        widget: widgets.Widget | None = None,
        *,
        required: bool = False,
        help_text: str = "",
        example: str = "",
        aliases: Sequence[str] = (),
        choices: Sequence[str] | None = None,
        in_template: bool = True,
        export_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(attribute=attribute, column_name=column_name, widget=widget or TextWidget(), **kwargs)
        self.required = required
        self.help_text = help_text
        self.example = example
        self.aliases = tuple(aliases)
        self._choices = choices
        #: False for columns the import understands but the template and export leave
        #: out (e.g. «Фамилия», «Имя» instead of one «ФИО» column)
        self.in_template = in_template
        #: True for columns an export shows for the reader (e.g. the direction of a
        #: program) but an import neither needs nor reads
        self.export_only = export_only

    @property
    def choices(self) -> list[str]:
        if self._choices is not None:
            return list(self._choices)
        if isinstance(self.widget, ChoiceWidget):
            return self.widget.labels
        if isinstance(self.widget, YesNoWidget):
            return ["да", "нет"]
        return []

    def clean(self, row, **kwargs):
        value = row.get(self.column_name)
        if self.required and is_blank(value):
            raise ValueError("обязательное поле не заполнено")
        return self.widget.clean(value, row=row, **kwargs)


# ------------------------------------------------------------------------ resource


class PortalResource(resources.ModelResource):
    """Base of every import: server-side school, preloaded lookups, Russian reports.

    Subclasses declare :class:`Column` fields and, to match existing rows, implement
    :meth:`identity` (a key from a row) and :meth:`instance_identity` (the same key from
    an object), and :meth:`existing` (the objects a file may update)."""

    #: words for the preview, e.g. "обучающийся", and its grammatical gender («тот же
    #: обучающийся», «та же запись», «то же мероприятие»)
    row_noun = "запись"
    row_gender: Gender = "f"

    class Meta:
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True
        skip_html_diff = True
        # "Changed" is decided from a snapshot of the columns' values (see get_instance),
        # not from a deep copy of every instance, which costs more than the import itself.
        skip_diff = True

    def __init__(self, *, user, school=None, academic_year=None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.school = school
        self.academic_year = academic_year
        self._existing: dict[Any, Any] = {}
        self._first_row_of: dict[Any, int] = {}
        self._duplicates: dict[int, int] = {}
        self.changes: dict[int, list[str]] = {}
        self.row_numbers: list[int] = []
        self._originals: dict[int, dict[str, Any]] = {}

    # -- declared by subclasses
    def identity(self, row: dict) -> Any:
        raise NotImplementedError

    def instance_identity(self, instance) -> Any:
        raise NotImplementedError

    def existing(self):
        raise NotImplementedError

    def prepare(self) -> None:
        """Load the mappings the lookup widgets need, once per import."""
        for column in self.columns():
            widget = column.widget
            if isinstance(widget, LookupWidget) and widget.source is not None:
                widget.load(widget.source(self))

    def columns(self) -> list[Column]:
        # Asked for every row of every file: the declaration does not change, keep it.
        if getattr(self, "_columns", None) is None:
            self._columns = [f for f in self.get_import_fields()
                             if isinstance(f, Column) and not f.export_only]
        return self._columns

    def template_columns(self) -> list[Column]:
        return [c for c in self.columns() if c.in_template]

    def get_export_fields(self, selected_fields=None):
        return [f for f in super().get_export_fields(selected_fields)
                if getattr(f, "in_template", True)]

    def column_choices(self, column: Column) -> list[str]:
        """The values a template offers in a drop-down list for this column."""
        if isinstance(column.widget, LookupWidget) and column.widget.source is not None:
            if not column.widget.labels:
                column.widget.load(column.widget.source(self))
            return list(column.widget.labels)
        return column.choices

    def check_headers(self, found: set[str], header_row: int, filename: str) -> None:
        """Refuse a file whose header row lacks a required column (Russian message)."""
        missing = [c.column_name for c in self.columns() if c.required and c.column_name not in found]
        if missing:
            names = ", ".join(f"«{m}»" for m in missing)
            noun = "обязательный столбец" if len(missing) == 1 else "обязательные столбцы"
            raise ImportFileError(
                f"В файле «{filename}» нет {'обязательного столбца' if len(missing) == 1 else 'обязательных столбцов'} "
                f"{names} (строка заголовков {header_row}). Добавьте {noun} или "
                "скачайте шаблон."
            )

    def saved_ids(self, result) -> list[Any]:
        """Primary keys of what a committed import saved (checked for visibility)."""
        return [r.object_id for r in result.rows if r.object_id is not None]

    def comparable(self, instance) -> dict[str, Any]:
        return {c.column_name: c.get_value(instance) for c in self.columns()}

    # -- import-export hooks
    def before_import(self, dataset, **kwargs) -> None:
        self.prepare()
        self._existing = {self.instance_identity(obj): obj for obj in self.existing()}
        self._first_row_of, self._duplicates = {}, {}
        for index, values in enumerate(dataset.dict, 1):
            try:
                key = self.identity(values)
            except (ValueError, ValidationError):
                continue  # the row's own error is reported when it is imported
            if key is None:
                continue
            if key in self._first_row_of:
                self._duplicates[index] = self._first_row_of[key]
            else:
                self._first_row_of[key] = index

    def before_import_row(self, row, **kwargs) -> None:
        first = self._duplicates.get(kwargs.get("row_number"))
        if first is not None:
            raise ValidationError(
                f"повторяет строку {self.excel_row(first)} "
                f"({same_as(self.row_noun, self.row_gender)}); "
                "оставьте в файле одну из них"
            )

    def get_instance(self, instance_loader, row):
        try:
            key = self.identity(row)
        except (ValueError, ValidationError):
            return None
        instance = self._existing.get(key)
        if instance is not None:
            self.load_extra(instance)
            self._originals[id(instance)] = self.comparable(instance)
        return instance

    def load_extra(self, instance) -> None:
        """Set non-model attributes of an existing instance (compared for "changed")."""

    def after_init_instance(self, instance, new, row, **kwargs) -> None:
        # The school of what a coordinator saves is decided here, never by the file.
        if new and self.school is not None and hasattr(instance, "school_id"):
            instance.school = self.school

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        before = self._originals.get(id(instance))
        if import_validation_errors or before is None or instance.pk is None:
            return False
        after = self.comparable(instance)
        changed = [
            name for name, value in after.items()
            if name in row and before.get(name) != value
        ]
        if changed:
            self.changes[id(instance)] = changed
            return False
        return True

    def excel_row(self, index: int) -> int:
        """The row number the user sees in Excel, from the dataset's 1-based index."""
        if 0 < index <= len(self.row_numbers):
            return self.row_numbers[index - 1]
        return index + 1

    def describe(self, row: dict) -> str:
        """A few words the preview shows for a row."""
        parts = [cell_text(row.get(c.column_name)) for c in self.columns()[:3]]
        return " ".join(p for p in parts if p)


# --------------------------------------------------------------------- reading files


@dataclass
class Table:
    """An uploaded sheet reduced to the resource's columns; rows keep their Excel numbers."""

    dataset: tablib.Dataset
    row_numbers: list[int]
    filename: str
    ignored_headers: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(
            {
                "headers": list(self.dataset.headers or []),
                "rows": [list(r) for r in self.dataset],
                "row_numbers": self.row_numbers,
                "filename": self.filename,
                "ignored": self.ignored_headers,
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
        return cls(dataset, data["row_numbers"], data["filename"], data.get("ignored", []))


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


def read_table(upload, resource: PortalResource) -> Table:
    """Read the first data sheet of an uploaded .xlsx into the resource's columns.

    Raises :class:`ImportFileError` with a Russian message when the file is not usable."""
    name = getattr(upload, "name", "файл")
    size = getattr(upload, "size", None)
    if size is not None and size > upload_limit_bytes():
        raise ImportFileError(
            f"Файл «{name}» занимает {size / 1024 / 1024:.1f} МБ — больше допустимых "
            f"{settings.UPLOAD_MAX_MB} МБ. Разделите список на несколько файлов."
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            f"Файл «{name}» сохранён в старом формате Excel 97–2003 (.xls). Откройте его в "
            "Excel и сохраните как «Книга Excel (*.xlsx)», затем загрузите снова."
        )
    if not head.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            f"Файл «{name}» не является книгой Excel (.xlsx). Скачайте шаблон, заполните его "
            "и сохраните как «Книга Excel (*.xlsx)»."
        )
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ImportFileError(
            f"Файл «{name}» повреждён или не является книгой Excel (.xlsx): откройте его в "
            "Excel и сохраните заново."
        ) from exc
    try:
        sheet = next(
            (ws for ws in workbook.worksheets if normalize_header(ws.title) not in _SKIPPED_SHEETS),
            None,
        )
        if sheet is None:
            raise ImportFileError(f"В файле «{name}» нет листа с данными.")
        return _read_sheet(sheet, resource, name)
    finally:
        workbook.close()


def _read_sheet(sheet, resource: PortalResource, name: str) -> Table:
    columns = resource.columns()
    wanted: dict[str, Column] = {}
    for column in columns:
        for header in (column.column_name, *column.aliases):
            wanted[normalize_header(header)] = column

    rows = sheet.iter_rows(values_only=True)
    header_row_number, positions, ignored = 0, {}, []
    for number, values in enumerate(rows, 1):
        if number > _HEADER_SCAN_ROWS:
            break
        found = {
            wanted[normalize_header(v)].column_name: i
            for i, v in enumerate(values or ())
            if normalize_header(v) in wanted
        }
        if found:
            header_row_number, positions = number, found
            ignored = [
                cell_text(v) for v in values if not is_blank(v) and normalize_header(v) not in wanted
            ]
            break
    if not positions:
        expected = ", ".join(f"«{c.column_name}»" for c in columns if c.required)
        raise ImportFileError(
            f"В файле «{name}» не найдена строка заголовков. В первой строке листа должны "
            f"стоять названия столбцов из шаблона: {expected}."
        )
    resource.check_headers(set(positions), header_row_number, name)

    headers = [c.column_name for c in columns if c.column_name in positions]
    dataset = tablib.Dataset(headers=headers)
    row_numbers: list[int] = []
    for number, values in enumerate(rows, header_row_number + 1):
        values = values or ()
        picked = [values[positions[h]] if positions[h] < len(values) else None for h in headers]
        if all(is_blank(v) for v in picked):
            continue
        dataset.append([v.strip() if isinstance(v, str) else v for v in picked])
        row_numbers.append(number)
    if not row_numbers:
        raise ImportFileError(
            f"В файле «{name}» нет ни одной строки с данными под заголовками. "
            "Заполните список и загрузите файл снова."
        )
    return Table(dataset, row_numbers, name, ignored)


# ------------------------------------------------------------------ preview and save

STATUS_LABELS = {
    "new": "новая",
    "changed": "изменена",
    "unchanged": "без изменений",
    "error": "ошибка",
}


@dataclass
class CellError:
    row: int
    column: str | None
    value: str
    reason: str

    def __str__(self) -> str:
        if not self.row:
            return self.reason[:1].upper() + self.reason[1:]  # about the file as a whole
        where = f"Строка {self.row}"
        if self.column:
            where += f", столбец «{self.column}»"
            where += f", значение «{self.value}»" if self.value else " (пусто)"
        return f"{where}: {self.reason}"


@dataclass
class RowOutcome:
    number: int
    status: str
    summary: str
    errors: list[CellError] = field(default_factory=list)
    changed_columns: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportReport:
    filename: str
    rows: list[RowOutcome]
    committed: bool = False
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CellError]:
        return [e for r in self.rows for e in r.errors]

    @property
    def has_errors(self) -> bool:
        return any(r.status == "error" for r in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in STATUS_LABELS}

    #: how many rows without errors the preview table shows; errors are always shown
    SHOWN_ROWS = 300

    @property
    def visible_rows(self) -> list[RowOutcome]:
        shown, others = [], 0
        for row in self.rows:
            if row.status == "error" or others < self.SHOWN_ROWS:
                shown.append(row)
                others += row.status != "error"
        return shown

    @property
    def hidden_count(self) -> int:
        return len(self.rows) - len(self.visible_rows)

    def summary(self) -> str:
        c = self.counts
        return (
            f"Строк: {len(self.rows)}; новых: {c['new']}, изменённых: {c['changed']}, "
            f"без изменений: {c['unchanged']}, с ошибками: {c['error']}."
        )


def run_import(resource: PortalResource, table: Table, *, commit: bool) -> ImportReport:
    """Check (commit=False) or save (commit=True) a table; saving is all-or-nothing."""
    resource.row_numbers = table.row_numbers
    resource.changes = {}
    with transaction.atomic():
        result = resource.import_data(
            table.dataset,
            dry_run=not commit,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
        )
        report = _report(resource, table, result)
        if commit and not report.has_errors:
            _check_visible(resource, result, report)
        if report.has_errors or not commit:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report


def _check_visible(resource: PortalResource, result, report: ImportReport) -> None:
    # NetBox's habit: after saving, every saved row must be one the importing user may
    # see; anything else means a scoping bug, and the whole import is undone.
    model = resource._meta.model
    saved = resource.saved_ids(result)
    if not saved or resource.user is None or not hasattr(model.objects, "for_user"):
        return
    visible = model.objects.for_user(resource.user).filter(pk__in=saved).count()
    if visible != len(set(saved)):
        report.rows.append(
            RowOutcome(0, "error", "", [CellError(0, None, "", "часть строк относится к чужой ОО")])
        )


def _report(resource: PortalResource, table: Table, result) -> ImportReport:
    by_attribute = {c.attribute: c for c in resource.columns()}
    rows: list[RowOutcome] = []
    dataset_rows = list(table.dataset.dict)
    if result.base_errors:
        message = "; ".join(str(e.error) for e in result.base_errors)
        rows.append(RowOutcome(0, "error", "", [CellError(0, None, "", message)]))
    for index, row_result in enumerate(result.rows, 1):
        number = table.row_numbers[index - 1] if index <= len(table.row_numbers) else index + 1
        values = dataset_rows[index - 1] if index <= len(dataset_rows) else {}
        outcome = RowOutcome(number, _status(row_result), resource.describe(values))
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            outcome.errors = _validation_errors(row_result.validation_error, number, values, by_attribute)
        elif row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            outcome.errors = [
                CellError(number, None, "", _exception_text(e.error)) for e in row_result.errors
            ]
        elif outcome.status == "changed" and row_result.instance is not None:
            outcome.changed_columns = resource.changes.get(id(row_result.instance), [])
        rows.append(outcome)
    return ImportReport(table.filename, rows, ignored_headers=table.ignored_headers)


def _status(row_result) -> str:
    return {
        RowResult.IMPORT_TYPE_NEW: "new",
        RowResult.IMPORT_TYPE_UPDATE: "changed",
        RowResult.IMPORT_TYPE_SKIP: "unchanged",
    }.get(row_result.import_type, "error")


def _validation_errors(error: ValidationError, number: int, values: dict, by_attribute) -> list[CellError]:
    found: list[CellError] = []
    if not hasattr(error, "error_dict"):
        return [CellError(number, None, "", m) for m in error.messages]
    for attribute, messages in error.message_dict.items():
        column = by_attribute.get(attribute)
        for message in messages:
            if attribute == NON_FIELD_ERRORS or column is None:
                found.append(CellError(number, None, "", _translate(message)))
            else:
                value = cell_text(values.get(column.column_name))
                found.append(CellError(number, column.column_name, value, _translate(message)))
    return found


def _translate(message: str) -> str:
    return message[:1].lower() + message[1:] if message else message


def _exception_text(exc: Exception) -> str:
    return f"строка не сохранена: {exc}"


# --------------------------------------------------------------- keeping the preview


def preview_dir(user) -> Path:
    return Path(settings.MEDIA_ROOT) / "import-previews" / str(user.pk)


def stash_table(user, table: Table) -> str:
    """Keep a checked table until the user confirms it, so the file is read once."""
    folder = preview_dir(user)
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    (folder / f"{token}.json").write_text(table.to_json(), encoding="utf-8")
    return token


def unstash_table(user, token: str) -> Table | None:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    path = preview_dir(user) / f"{token}.json"
    if not path.exists():
        return None
    return Table.from_json(path.read_text(encoding="utf-8"))


def drop_table(user, token: str) -> None:
    if re.fullmatch(r"[0-9a-f]{32}", token or ""):
        (preview_dir(user) / f"{token}.json").unlink(missing_ok=True)


# ------------------------------------------------------------------- export/template

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


def export_xlsx(resource: resources.ModelResource, objects: Iterable[Any], title: str) -> bytes:
    """The list as a workbook (write-only mode: big lists stay cheap in memory)."""
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
    for obj in objects:
        sheet.append([neutralize(resource.export_field(f, obj)) for f in export_fields])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ColumnGuide:
    """One column of a list as its instructions explain it (template sheet, help page)."""

    name: str
    required: bool
    what: str
    example: str


def column_guide(resource: PortalResource) -> list[ColumnGuide]:
    """What to write in each column of the template, with the allowed values."""
    rows = []
    for column in resource.template_columns():
        what = column.help_text
        choices = resource.column_choices(column)
        if choices and len(choices) <= 12:
            allowed = "; ".join(choices)
            what = f"{what} Допустимые значения: {allowed}.".strip()
        elif choices:
            what = f"{what} Выберите значение из списка в ячейке (справочник портала).".strip()
        rows.append(ColumnGuide(column.column_name, column.required, what, column.example))
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
        "Пустые строки пропускаются. Лишние столбцы не мешают и не загружаются.",
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
