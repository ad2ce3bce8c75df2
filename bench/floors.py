"""Raw floors: what the same figures cost without the portal around them.

``dashboard_sql`` is one SQL statement that computes, for a list of spans, the yearly
counts a dashboard shows: distinct students of every per-student register, unique reach
across the activity registers, and the students enrolled (the denominator) — per school
and for the whole region (GROUPING SETS), with the portal's rule for yearly registers
(a September record counts in every span of its academic year). It is built from the
registry, so a new register is in the floor too."""

from __future__ import annotations

from typing import Any

# The registers whose students make up unique reach (reports/indicators/catalogue.py).
REACH = ("employers", "additional-education", "diagnostics", "competitions", "technoclasses",
         "growth-points", "proektoria", "ticket-to-future")


def dashboard_sql(spans: list, school_id: int | None = None) -> tuple[str, list[Any]]:
    """The floor of a dashboard over ``spans`` (reports.indicators.scope.Span objects)."""
    from monitoring.registers.registry import registry

    params: list[Any] = []
    values = []
    for span in spans:
        values.append("(%s, %s::date, %s::date, %s, %s)")
        first_year = span.start.year if span.start.month >= 9 else span.start.year - 1
        params += [span.code, span.start, span.end, first_year, span.academic_year_start]
    only = "" if school_id is None else f" WHERE r.school_id = {int(school_id)}"
    parts = []
    for entry in registry:
        if entry.kind != "student":
            continue
        table = entry.model._meta.db_table
        parts.append(
            f"SELECT '{entry.slug}' AS reg, {str(entry.yearly).lower()} AS yearly, r.school_id, "
            f"r.student_id, r.date, ay.start_year FROM \"{table}\" r "
            f"JOIN monitoring_academicyear ay ON ay.id = r.academic_year_id{only}"
        )
    reach = ", ".join(f"'{slug}'" for slug in REACH)
    school_filter = "" if school_id is None else f" AND s.school_id = {int(school_id)}"
    sql = f"""
WITH spans(code, s, e, first_year, enrol_year) AS (VALUES {", ".join(values)}),
recs AS ({" UNION ALL ".join(parts)}),
hits AS (
  SELECT sp.code, r.reg, r.school_id, r.student_id FROM recs r JOIN spans sp
    ON (NOT r.yearly AND r.date BETWEEN sp.s AND sp.e)
    OR (r.yearly AND r.date <= sp.e AND r.start_year >= sp.first_year)
),
counted AS (
  SELECT code, reg, school_id, student_id FROM hits
  UNION ALL
  SELECT code, 'reach', school_id, student_id FROM hits WHERE reg IN ({reach})
)
SELECT code, reg, school_id, COUNT(DISTINCT student_id) FROM counted
GROUP BY GROUPING SETS ((code, reg, school_id), (code, reg))
UNION ALL
SELECT sp.code, 'enrolled', s.school_id, COUNT(DISTINCT e.student_id)
FROM monitoring_enrollment e
JOIN monitoring_student s ON s.id = e.student_id
JOIN monitoring_academicyear ay ON ay.id = e.academic_year_id
JOIN spans sp ON ay.start_year = sp.enrol_year{school_filter}
GROUP BY GROUPING SETS ((sp.code, s.school_id), (sp.code))
"""
    return sql, params


def run_dashboard_floor(spans: list, school_id: int | None = None) -> int:
    """Run the floor; returns the number of figures it produced."""
    from django.db import connection

    sql, params = dashboard_sql(spans, school_id)
    if connection.vendor != "postgresql":
        sql = sql.replace("::date", "")
        if "GROUPING SETS" in sql:  # SQLite has no GROUPING SETS: per school, then in total
            sql = _sqlite_grouping(sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def _sqlite_grouping(sql: str) -> str:
    head, _, tail = sql.partition("SELECT code, reg, school_id, COUNT(DISTINCT student_id) FROM counted")
    _, _, enrolled_from = tail.partition("UNION ALL\nSELECT sp.code, 'enrolled'")
    enrolled = "SELECT sp.code, 'enrolled'" + enrolled_from
    enrolled_body = enrolled.split("GROUP BY")[0]
    return (
        head
        + "SELECT code, reg, school_id, COUNT(DISTINCT student_id) FROM counted GROUP BY code, reg, school_id\n"
        + "UNION ALL SELECT code, reg, NULL, COUNT(DISTINCT student_id) FROM counted GROUP BY code, reg\n"
        + "UNION ALL " + enrolled_body + " GROUP BY sp.code, s.school_id\n"
        + "UNION ALL " + enrolled_body.replace("s.school_id,", "NULL,", 1) + " GROUP BY sp.code\n"
    )
