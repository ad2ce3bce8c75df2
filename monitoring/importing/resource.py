"""The base of every import: columns declared once, the school set by the server,
lookups preloaded, rows matched to what the portal holds and compared as people read."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import resources

from ..text import Gender, same_as
from .cells import Column, DateWidget, ImportFileError, LookupWidget, cell_text, same_text


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

    def check_headers(self, found: set[str], header_row: int, filename: str,
                      sheet: str = "") -> None:
        """Refuse a file whose header row lacks a required column (Russian message)."""
        missing = [c.column_name for c in self.columns() if c.required and c.column_name not in found]
        if missing:
            names = ", ".join(f"«{m}»" for m in missing)
            one = len(missing) == 1
            raise ImportFileError(
                f"В файле «{filename}» нет {'обязательного столбца' if one else 'обязательных столбцов'} "
                f"{names} ({header_place(sheet, header_row)}). Добавьте "
                f"{'обязательный столбец' if one else 'обязательные столбцы'} или скачайте шаблон."
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
        changed = []
        for name, value in after.items():
            if name not in row or before.get(name) == value:
                continue
            if same_text(before.get(name), value):
                # «Семёнова» in the file, «Семенова» in the portal: the same person, and
                # the portal keeps its spelling rather than flipping it on every import.
                self.restore(instance, name, before.get(name))
            else:
                changed.append(name)
        if changed:
            self.changes[id(instance)] = changed
            return False
        return True

    def restore(self, instance, column_name: str, value: Any) -> None:
        """Put back a value the file only spelled differently (spaces, ё/е)."""
        column = next((c for c in self.columns() if c.column_name == column_name), None)
        if column is not None and "__" not in column.attribute:
            setattr(instance, column.attribute, value)

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        if self._meta.use_bulk or kwargs.get("dry_run"):
            super().save_instance(instance, is_create, row, **kwargs)
            return
        # A savepoint per saved row: when the database refuses one (a student another
        # request has just added), PostgreSQL can still answer for the rows after it.
        with transaction.atomic():
            super().save_instance(instance, is_create, row, **kwargs)

    def excel_row(self, index: int) -> int:
        """The row number the user sees in Excel, from the dataset's 1-based index."""
        if 0 < index <= len(self.row_numbers):
            return self.row_numbers[index - 1]
        return index + 1

    def describe(self, row: dict) -> str:
        """A few words the preview shows for a row (dates as the portal will store them)."""
        parts = [self.shown(c, row) for c in self.columns()[:3]]
        return " ".join(p for p in parts if p)

    @staticmethod
    def shown(column: Column, row: dict) -> str:
        value = row.get(column.column_name)
        if isinstance(column.widget, DateWidget):
            try:
                day = column.widget.clean(value)
            except ValueError:
                day = None
            if day is not None:
                return f"{day:%d.%m.%Y}"
        return cell_text(value)


def header_place(sheet: str, header_row: int) -> str:
    """«лист «Данные», строка заголовков 3» — where the user should look."""
    return f"лист «{sheet}», строка заголовков {header_row}" if sheet else f"строка заголовков {header_row}"
