"""History rows of records created in bulk, written by the database.

``simple_history``'s ``bulk_create_with_history`` builds one historical object in Python
per record — a copy of every field — and inserts them: for an import of 10,000 rows that
is more work than the records themselves (1.2 s of a 5.5 s import at region size). The
history of a created record is exactly its row as saved, so one ``INSERT … SELECT`` of the
saved rows writes the same history rows (the same columns, the type «+», the user, the
reason, the moment) in the database.

Used where records are created in bulk (:func:`create_with_history`); a historical model
with fields of its own beyond simple_history's five gets ``bulk_create_with_history``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

#: the fields simple_history adds to a historical model
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type",
                  "history_user"}
#: ids per ``INSERT … SELECT`` (SQLite's limit of variables in one statement)
IDS_PER_STATEMENT = 500


def create_with_history(objs: Sequence[Any], model, *, batch_size: int = 500, user=None,
                        reason: str = "") -> list[Any]:
    """``bulk_create`` the records and write their history rows («created») from what was
    saved; what ``bulk_create_with_history`` does, without a Python copy per record."""
    history = get_history_manager_for_model(model).model
    tracked = list(history.tracked_fields)
    own = {f.name for f in history._meta.concrete_fields} - HISTORY_FIELDS
    if own != {f.name for f in tracked}:
        return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user,
                                        default_change_reason=reason)
    with transaction.atomic(savepoint=False):
        # PostgreSQL and SQLite (3.35+) give the new rows' ids back (RETURNING).
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if created:
            _insert_history(model, history, tracked, [obj.pk for obj in created], user, reason)
    return created


def _insert_history(model, history, tracked, ids: list, user, reason: str) -> None:
    quote = connection.ops.quote_name
    columns = [f.column for f in tracked]
    by_name = {f.name: f for f in history._meta.concrete_fields}
    extra = [by_name[name].column for name in
             ("history_date", "history_change_reason", "history_type", "history_user")]
    target = ", ".join(quote(c) for c in [*columns, *extra])
    source = ", ".join(f"r.{quote(c)}" for c in columns)
    moment = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IDS_PER_STATEMENT):
            chunk = ids[start:start + IDS_PER_STATEMENT]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({target}) "
                f"SELECT {source}, %s, %s, '+', %s FROM {quote(model._meta.db_table)} r "
                f"WHERE r.{quote(model._meta.pk.column)} IN ({marks})",
                [moment, reason, getattr(user, "pk", None), *chunk])
