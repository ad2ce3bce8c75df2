"""The floor of a register list export: one SQL query with the same columns (the
student, the class, the date, the register's own fields with the names of what they
point to) streamed into a write-only openpyxl workbook."""

from __future__ import annotations

import io

from django.db import connection

COMMON = {"id", "school", "date", "academic_year", "period", "comment", "author", "created_at",
          "updated_at", "student", "grade", "class_letter", "has_ovz"}


def export_floor(entry, academic_year_id: int) -> int:
    import openpyxl

    model = entry.model
    table = model._meta.db_table
    select = ["s.last_name", "s.first_name", "s.middle_name", "s.birth_date", "r.grade",
              "r.class_letter", "r.date"]
    joins = ["JOIN monitoring_student s ON s.id = r.student_id"]
    for number, field in enumerate(model._meta.concrete_fields):
        if field.name in COMMON:
            continue
        if field.is_relation and any(f.name == "name" for f in field.related_model._meta.fields):
            alias = f"j{number}"
            joins.append(f'LEFT JOIN "{field.related_model._meta.db_table}" {alias} '
                         f'ON {alias}.id = r."{field.column}"')
            select.append(f"{alias}.name")
        else:
            select.append(f'r."{field.column}"')
    select.append("r.comment")
    sql = (f'SELECT {", ".join(select)} FROM "{table}" r {" ".join(joins)} '
           f"WHERE r.academic_year_id = %s ORDER BY r.date DESC, r.id DESC")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(entry.title[:31])
    sheet.append(["ФИО обучающегося", "Дата рождения", "Класс", "Дата",
                  *[f"поле {n}" for n in range(len(select) - 8)], "Примечание"])
    written = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [academic_year_id])
        while batch := cursor.fetchmany(2000):
            for last, first, middle, birth, grade, letter, day, *rest in batch:
                sheet.append([f"{last} {first} {middle}", _date(birth),
                              f"{grade or ''}{letter}", _date(day), *rest])
            written += len(batch)
    book.save(io.BytesIO())
    return written


def _date(value) -> str:
    if isinstance(value, str):  # SQLite hands dates back as text
        year, month, day = value[:10].split("-")
        return f"{day}.{month}.{year}"
    return value.strftime("%d.%m.%Y") if value else ""



