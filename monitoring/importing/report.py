"""Preview and save: every row new / changed / unchanged / error, all rows or none.

Saving is serialised per school and list: two confirmations of the same file (a double
click, two tabs, two colleagues) run one after the other, and the second finds the rows
the first saved — «без изменений» — instead of saving them twice. The database's
uniqueness rules stay the last word; a violation is reported in Russian, never a 500.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from import_export.results import RowResult

from monitoring.dataversion import bump, deferred

from ..text import plural
from .cells import cell_text
from .collector import collector_paused
from .layout import Table
from .resource import PortalResource

STATUS_LABELS = {
    "new": "новая",
    "changed": "изменена",
    "unchanged": "без изменений",
    "error": "ошибка",
}


#: the longest value a preview quotes: a 5,000-character cell must not widen the page
SHOWN_LENGTH = 80


_BIDI = {"R", "AL", "RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"}


def shown(text: str, limit: int = SHOWN_LENGTH) -> str:
    """A value from the file as the preview quotes it: cut to ``limit`` characters and,
    when it holds right-to-left text or a direction control such as U+202E, isolated
    (U+2068 … U+2069) so that it cannot turn the rest of the message around."""
    text = str(text)
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    if any(unicodedata.bidirectional(ch) in _BIDI for ch in text):
        return f"\u2068{text}\u2069"
    return text


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
            where += f", значение «{shown(self.value)}»" if self.value else " (пусто)"
        return f"{where}: {self.reason}"


@dataclass
class RowOutcome:
    number: int
    status: str
    #: the few words that name the row, or how to make them: a preview shows 300 rows
    #: of ten thousand, so the words of the others are never made
    described: str | Callable[[], str]
    errors: list[CellError] = field(default_factory=list)
    changed_columns: list[str] = field(default_factory=list)

    @cached_property
    def summary(self) -> str:
        return self.described if isinstance(self.described, str) else self.described()

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class ImportReport:
    filename: str
    rows: list[RowOutcome]
    committed: bool = False
    ignored_headers: list[str] = field(default_factory=list)
    sheet: str = ""
    notices: list[str] = field(default_factory=list)

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

    @property
    def to_save(self) -> int:
        """Rows a confirmation would write: nothing to save means no «Сохранить»."""
        return self.count("new") + self.count("changed")

    @property
    def save_label(self) -> str:
        n = self.to_save
        return f"Сохранить {n} {plural(n, 'строку', 'строки', 'строк')}"

    @property
    def ignored_shown(self) -> str:
        return ", ".join(shown(h, 60) for h in self.ignored_headers)

    @property
    def place(self) -> str:
        return f"«{self.filename}», лист «{self.sheet}»" if self.sheet else f"«{self.filename}»"

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
    with collector_paused(), transaction.atomic():
        if commit:
            serialise(resource)
        with deferred():  # the figures' version changes once for the file, below
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
            bump()
    return report


def serialise(resource: PortalResource) -> None:
    """Wait for any other import into the same list of the same school to finish.

    A transaction-scoped advisory lock on PostgreSQL: it is released by the commit or
    the rollback, so nothing is left behind. SQLite (a laptop) lets one writer at a time
    anyway."""
    if connection.vendor != "postgresql":
        return
    label = resource._meta.model._meta.label_lower
    list_key = zlib.crc32(f"nogliki-import:{label}".encode()) - 2**31  # a signed int4
    school_key = resource.school.pk if getattr(resource, "school", None) is not None else 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [list_key, school_key])


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
        outcome = RowOutcome(number, _status(row_result), _describer(resource, values))
        if row_result.import_type == RowResult.IMPORT_TYPE_INVALID:
            outcome.errors = _validation_errors(row_result.validation_error, number, values, by_attribute)
        elif row_result.import_type == RowResult.IMPORT_TYPE_ERROR:
            outcome.errors = [
                CellError(number, None, "", _exception_text(e.error)) for e in row_result.errors
            ]
        elif outcome.status == "changed" and row_result.instance is not None:
            outcome.changed_columns = resource.changes.get(id(row_result.instance), [])
        rows.append(outcome)
    _add_problems(rows, table)
    return ImportReport(table.filename, rows, ignored_headers=table.ignored_headers,
                        sheet=table.sheet, notices=table.notices)


def _describer(resource: PortalResource, values: dict) -> Callable[[], str]:
    return lambda: shown(resource.describe(values))


def _add_problems(rows: list[RowOutcome], table: Table) -> None:
    """Cells the reader could not trust (a formula without its value, #ДЕЛ/0!) are errors
    of their rows, named first: they explain the other errors of the row, if any."""
    by_number = {row.number: row for row in rows}
    for number, column, value, reason in table.problems:
        row = by_number.get(number)
        if row is None:
            row = RowOutcome(number, "error", "")
            rows.append(row)
        row.status = "error"
        row.changed_columns = []
        row.errors.insert(0, CellError(number, column, value, reason))


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
    if isinstance(exc, IntegrityError):
        return ("строка не сохранена: такая запись уже есть — её только что сохранили "
                "(другая вкладка или другой пользователь). Загрузите файл ещё раз: портал "
                "покажет её как «без изменений»")
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


