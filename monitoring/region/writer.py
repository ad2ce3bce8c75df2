"""Writing generated rows fast: COPY on PostgreSQL, batched INSERTs on SQLite.

Rows are plain dicts of field values (``attname`` → value), never model instances:
building a million instances would cost more than writing them. Ids are given here, in
Python, so that a row can point at another one before either is written (a participant
at its event, a status at its admission); the tables' sequences are moved past them at
the end. History rows (django-simple-history) are not written: generated data has no
history of changes, and nobody asks who changed a fictional record.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, models

from monitoring.dataversion import bump

# Rows are sent in batches of this many per table: a batch of COPY text stays a few MB.
BATCH_ROWS = 20_000
# SQLite allows at most 999 variables in older builds; executemany has no such limit.


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | int | Decimal | float):
        return str(value)
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    return text


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        # Django keeps aware datetimes in SQLite as naive UTC text.
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class Table:
    """A model's columns in order, with what to write where a row says nothing."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = model._meta.db_table
        self.fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.defaults: list[Any] = []
        for field in self.fields:
            if field.has_default() and not callable(field.default):
                self.defaults.append(field.default)
            elif field.null:
                self.defaults.append(None)
            elif isinstance(field, models.CharField | models.TextField):
                self.defaults.append("")
            else:
                self.defaults.append(_REQUIRED)
        self.attnames = [f.attname for f in self.fields]
        self.index = {name: i for i, name in enumerate(self.attnames)}
        for field in self.fields:  # «school» means «school_id» too
            if field.is_relation:
                self.index[field.name] = self.index[field.attname]

    def row(self, values: dict[str, Any]) -> tuple:
        row = list(self.defaults)
        for key, value in values.items():
            if isinstance(value, models.Model):
                value = value.pk
            row[self.index[key]] = value
        if _REQUIRED in row:
            missing = [self.attnames[i] for i, v in enumerate(row) if v is _REQUIRED]
            raise ValueError(f"{self.name}: не заданы обязательные поля {', '.join(missing)}")
        return tuple(row)


_REQUIRED: Any = object()


class BulkWriter:
    """Collects rows per model and writes them in an order that keeps foreign keys valid."""

    def __init__(self) -> None:
        self.tables: dict[type, Table] = {}
        self.pending: dict[type, list[tuple]] = defaultdict(list)
        self.next_id: dict[type, int] = {}
        self.written: dict[type, int] = defaultdict(int)
        self.postgres = connection.vendor == "postgresql"

    def table(self, model: type[models.Model]) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model)
            self.next_id[model] = (model._default_manager.aggregate(m=models.Max("pk"))["m"]
                                   or 0) + 1
        return self.tables[model]

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Queue a row; returns its id."""
        table = self.table(model)
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        values["id"] = pk
        self.pending[model].append(table.row(values))
        if len(self.pending[model]) >= BATCH_ROWS * 5:
            self.flush()
        return pk

    def flush(self) -> None:
        """Write everything queued, referenced tables first."""
        for model in self._order():
            rows = self.pending.pop(model, [])
            for start in range(0, len(rows), BATCH_ROWS):
                self._write(self.tables[model], rows[start:start + BATCH_ROWS])
            self.written[model] += len(rows)

    def finish(self) -> None:
        """Write what is left and move each table's id sequence past the given ids."""
        self.flush()
        bump()  # COPY sends no signals: figures cached before the generator are not read
        if not self.postgres:
            return  # SQLite's AUTOINCREMENT already follows the largest id written.
        with connection.cursor() as cursor:
            for table in self.tables.values():
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                    f"GREATEST((SELECT MAX(id) FROM \"{table.name}\"), 1))"
                )

    def _order(self) -> list[type]:
        """Pending models, each after the models its foreign keys point to."""
        models_ = [m for m in self.pending if self.pending[m]]
        placed: list[type] = []

        def place(model: type, trail: tuple = ()) -> None:
            if model in placed or model in trail:
                return
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is not None and target is not model and target in models_:
                    place(target, (*trail, model))
            placed.append(model)

        for model in models_:
            place(model)
        return placed

    def _write(self, table: Table, rows: Iterable[tuple]) -> None:
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                for row in rows:
                    buffer.write("\t".join(_copy_text(v) for v in row))
                    buffer.write("\n")
                buffer.seek(0)
                columns = ", ".join(f'"{c}"' for c in table.columns)
                cursor.cursor.copy_expert(
                    f'COPY "{table.name}" ({columns}) FROM STDIN', buffer
                )
            else:
                columns = ", ".join(f'"{c}"' for c in table.columns)
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(
                    f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})',
                    [tuple(_sqlite_value(v) for v in row) for row in rows],
                )
