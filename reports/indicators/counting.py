"""The building blocks every indicator counts with: people counted once, the enrolled
population of an academic year, shares, grouping by school with the municipal total.

A person is one identity across the municipality — surname, name, patronymic and birth
date — because a student who moves school gets a new student record there: counting
records of two schools would count him twice in the municipal figure. Within a school
the same key is a plain distinct student.

**What is grouped** is the computation's scope (:func:`scoped`, set by the service around
each compute function): every school and the municipality — one query with ``GROUP BY
ROLLUP`` on PostgreSQL (the municipal total is its own distinct count, never a sum of the
schools': a person who moved counts once) —, the municipality alone, or one school, whose
page then aggregates that school's rows only. A compute function built from these helpers
follows the scope without a line of its own; one that returns every school anyway still
works (the service keeps the keys it asked for)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from monitoring.models import AcademicYear, Enrollment, School, Student

from .cache import get_many, set_many, shared
from .records import in_span
from .registry import MUNICIPALITY, Measure, Values
from .scope import GRADE_BANDS, Breakdown, Span, SpanKind, parse_span

ALL_GRADES = (1, 11)


def person_key(prefix: str = "student__") -> Concat:
    """One string per person: ФИО and birth date («Иванова|Анна|Сергеевна|2010-03-14»)."""
    return Concat(
        F(f"{prefix}last_name"), Value("|"), F(f"{prefix}first_name"), Value("|"),
        F(f"{prefix}middle_name"), Value("|"), Cast(f"{prefix}birth_date", CharField()),
        output_field=CharField(),
    )


class People(Count):
    """COUNT(DISTINCT person): remembers whose person it counts, so that :func:`grouped`
    can count the distinct students first and build the ФИО key once per student."""

    def __init__(self, prefix: str) -> None:
        super().__init__(person_key(prefix), distinct=True)
        self.prefix = prefix


def people(prefix: str = "student__") -> Count:
    """COUNT(DISTINCT person) of the rows, for :func:`grouped` (people of a condition:
    :func:`persons`)."""
    return People(prefix)


def person(prefix: str = "student__"):
    """One value per person across schools, for a ``COUNT(DISTINCT …)`` over many rows: on
    PostgreSQL the student's id, or for the few students recorded at two schools
    (:func:`twins`) the id counted for his person — an integer per row instead of a text
    key built per row («ПроеКТОриЯ»'s summary for a half-year of a region: each of its
    three people counts 0.19–0.23 s → 0.04–0.10 s); on SQLite
    (development) ФИО and birth date as text, as :func:`count_pairs` counts there. Read
    inside ``cache.computing()``, so that the twins are looked up once per data version."""
    if connection.vendor != "postgresql":
        return person_key(prefix)
    student = F(f"{prefix}pk") if prefix else F("pk")
    mapped = twins()
    if not mapped:
        return student
    pk = f"{prefix}pk" if prefix else "pk"
    # The IN list is hashed by PostgreSQL (14+): a row that is no twin is one lookup.
    return Case(When(**{f"{pk}__in": sorted(mapped)}, then=Case(
        *[When(**{pk: int(each), "then": Value(int(rep))}) for each, rep in sorted(mapped.items())],
        default=student, output_field=IntegerField())),
        default=student, output_field=IntegerField())


def persons(prefix: str = "student__", condition: Q | None = None) -> Count:
    """COUNT(DISTINCT person) of the rows (matching ``condition``) — see :func:`person`."""
    return Count(person(prefix), distinct=True, filter=condition)


def grades_for(breakdown: Breakdown, population: tuple[int, int]) -> tuple[int, int] | None:
    """The grades both the indicator's population and the breakdown's band cover."""
    low, high = population
    if breakdown.grade_band:
        band_low, band_high = GRADE_BANDS[breakdown.grade_band]
        low, high = max(low, band_low), min(high, band_high)
    return (low, high) if low <= high else None


def record_filter(model, span: Span, breakdown: Breakdown, grades: tuple[int, int]) -> Q:
    """A register's records counted in the span, in the grades and slice asked."""
    condition = in_span(model, span)
    if grades != ALL_GRADES:
        # Records whose class is unknown count only where every grade is counted.
        condition &= Q(grade__gte=grades[0], grade__lte=grades[1])
    if breakdown.ovz is not None:
        condition &= Q(has_ovz=breakdown.ovz)
    if breakdown.sex:
        condition &= Q(student__sex=breakdown.sex)
    return condition


#: every school and the municipality
EVERY_SCHOOL = "all"
#: the municipality only
TOTAL = "total"
_scope: ContextVar[str | int] = ContextVar("indicator_scope", default=EVERY_SCHOOL)


@contextlib.contextmanager
def scoped(scope: str | int) -> Iterator[None]:
    """Compute for ``EVERY_SCHOOL``, the municipality (``TOTAL``) or one school (its id)."""
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


def current_scope() -> str | int:
    return _scope.get()


class Grouping(Func):
    """GROUPING(column): 1 on the ROLLUP's total row, 0 on a group's."""

    function = "GROUPING"
    contains_aggregate = True
    output_field = IntegerField()


def grouped(queryset, expression, school: str = "school") -> Values:
    """{school id: n} and {None: municipal n} for the scope asked (:func:`scoped`), in one
    query: people through :func:`_people`; a count or a sum — additive — per school with
    the total summed from the groups (PostgreSQL: ROLLUP)."""
    scope = _scope.get()
    queryset = queryset.order_by()
    if isinstance(expression, People):
        return _people(queryset, expression.prefix, school, scope)
    if scope == TOTAL:
        return {MUNICIPALITY: Measure(queryset.aggregate(n=expression)["n"] or 0, percent=False)}
    if scope != EVERY_SCHOOL:
        total = queryset.filter(**{school: scope}).aggregate(n=expression)["n"] or 0
        return {scope: Measure(total, percent=False)}
    if connection.vendor == "postgresql":
        return _rollup(queryset, expression, school)
    rows = list(queryset.values(school).annotate(n=expression))
    values: Values = {row[school]: Measure(row["n"] or 0, percent=False) for row in rows}
    if isinstance(expression, Count | Sum) and not expression.distinct:
        total = sum(row["n"] or 0 for row in rows)  # rows without a school included
    else:
        total = queryset.aggregate(n=expression)["n"] or 0
    values[MUNICIPALITY] = Measure(total, percent=False)
    return values


def _people(queryset, prefix: str, school: str, scope) -> Values:
    """Distinct people per school and in total: the distinct (school, student) pairs of
    the rows first — integers, whatever the number of rows per student (a weekly lesson,
    a yearly record) — then :func:`count_pairs`."""
    return _people_by_grades(queryset, prefix, school, scope, [None])[0]


def _people_by_grades(queryset, prefix: str, school: str, scope,
                      bands: list[tuple[int, int] | None], field: str = "grade",
                      unique: bool = False) -> list[Values]:
    """:func:`_people` for several ranges of the rows' ``grade`` at once
    (:func:`count_pairs_by_grades`); ``[None]``: every row. Another ``field`` (an
    annotation, such as the half-year of a record) may give a pair several values: its
    pairs are then counted as distinct students in each range. ``unique``: the rows are
    distinct pairs already (a student's one class of a year) — not made distinct again."""
    student = f"{prefix}pk" if prefix else "pk"
    if scope not in (EVERY_SCHOOL, TOTAL):
        queryset = queryset.filter(**{school: scope})
    graded = bands != [None]
    pairs = queryset.values_list(school, student, *([field] if graded else []))
    if not unique:
        pairs = pairs.distinct()
    try:
        inner, params = pairs.query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing by construction (``__in=[]``)
        return [{MUNICIPALITY if scope in (EVERY_SCHOOL, TOTAL) else scope:
                 Measure(0, percent=False)} for _ in bands]
    first, second = pairs.query.values_select[:2]  # the inner query's column names
    columns = f'"{first}" AS school_id, "{second}" AS student_id'
    if graded:
        columns += f', "{field}" AS grade'
    return count_pairs_by_grades(f"SELECT {columns} FROM ({inner}) p", tuple(params), scope,
                                 bands, distinct=field != "grade")


def count_pairs(inner: str, params: tuple, scope) -> Values:
    """People per school and in total from the SQL ``inner`` of distinct (school_id,
    student_id) pairs, in one statement.

    Within a school a student record is a person (the database forbids two records of one
    ФИО and birth date in a school: ``student_unique_person_in_school``), so a school's
    people are its pairs, counted as integers. The municipality counts a person once
    across schools: on PostgreSQL the few students recorded at two schools
    (:func:`twins`) are mapped to one id and the ids counted — no text key per row; SQLite
    (development) counts ФИО and birth date as text."""
    return count_pairs_by_grades(inner, params, scope, [None])[0]


def count_pairs_by_grades(inner: str, params: tuple, scope,
                          bands: list[tuple[int, int] | None],
                          distinct: bool = False) -> list[Values]:
    """:func:`count_pairs` for several grade ranges at once: ``inner`` gives a ``grade``
    beside each pair, and each range (None: every pair) is counted by its own column of
    the same statement — the pairs are read once for all. ``distinct``: a pair may come
    with several grades (the half-years of :func:`people_in`), a school's people are its
    distinct students in the range."""
    postgres = connection.vendor == "postgresql"
    # PostgreSQL computes the pairs once for both halves; SQLite reads them twice.
    shared_pairs = postgres and scope == EVERY_SCHOOL
    source = "pairs" if shared_pairs else f"({inner})"

    def within(band: tuple[int, int] | None, what: str) -> str:
        if band is None:
            return what
        return f"CASE WHEN d.grade BETWEEN {int(band[0])} AND {int(band[1])} THEN {what} END"

    if distinct:
        in_school = ", ".join(f"COUNT(DISTINCT {within(band, 'd.student_id')})" for band in bands)
    else:
        in_school = ", ".join(f"COUNT({within(band, '1')})" for band in bands)
    if scope not in (EVERY_SCHOOL, TOTAL):  # one school: its pairs are its people
        sql, params = f"SELECT %s, {in_school}, 0 FROM {source} d", (scope, *params)
    else:
        person, join = _person(postgres)
        people_ = ", ".join(f"COUNT(DISTINCT {within(band, person)})" for band in bands)
        total = f"SELECT NULL, {people_}, 1 FROM {source} d{join}"
        if scope == TOTAL:
            sql = total
        elif shared_pairs:
            sql = (f"WITH pairs AS MATERIALIZED ({inner}) SELECT d.school_id, {in_school}, 0 "
                   f"FROM pairs d GROUP BY d.school_id UNION ALL {total}")
        else:
            sql = (f"SELECT d.school_id, {in_school}, 0 FROM {source} d GROUP BY d.school_id "
                   f"UNION ALL {total}")
            params = (*params, *params)

    def run() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # Two spans often make the same statement (a II half-year and its academic year for a
    # yearly register, two half-years judged by one year of профминимум): run once.
    rows = shared(("pairs", sql, params), run)
    empty = MUNICIPALITY if scope in (EVERY_SCHOOL, TOTAL) else scope
    result: list[Values] = [{empty: Measure(0, percent=False)} for _ in bands]
    for key_, *counts, total_row in rows:
        if not total_row and key_ is None:
            continue
        for values, n in zip(result, counts, strict=True):
            values[MUNICIPALITY if total_row else key_] = Measure(n or 0, percent=False)
    return result


def people_in(records: Callable[[Span], QuerySet], span: Span, *name) -> Values:
    """People of the records ``records(span)`` gives, per school and in total — for a
    half-year or an academic year counted with the other two spans of the academic year
    in one statement (:func:`_people_by_halves`) and kept for them: a dashboard asks a
    register's half-year, the half before and the academic year, and reads the year once.
    ``name`` names the records (model, slice, condition) in the shared key."""
    year = by_year(span)
    if year is None:
        return grouped(records(span), people())
    found = shared(("people_in", *name, year.code, _scope.get()),
                   lambda: _people_by_halves(records(year), year))
    return found[span.code]


def by_year(span: Span) -> Span | None:
    """The academic year to count a span of people with its half-years, or None to count
    the span alone: a calendar year; and the municipal total alone (``TOTAL``: a school
    page's municipal column, the older spans of a chart), whose people are distinct across
    the region — three distinct counts of a year cost more than the one or two spans
    such a request asks."""
    if span.kind == SpanKind.CALENDAR_YEAR or _scope.get() == TOTAL:
        return None
    return span.academic()


def halves(year: Span) -> tuple[Span, Span]:
    """The I and II half-years of an academic year."""
    return parse_span(f"{year.code}-1"), parse_span(f"{year.code}-2")


#: the ranges of :func:`half_mark` that count in the I half-year, the II and the year
HALF_BANDS = [(1, 2), (2, 3), (1, 4)]


def half_mark(model, year: Span) -> Case:
    """Which half-years of the academic year a record of ``model`` counts in
    (:func:`in_span`; a yearly register's record of September counts in both): 1 — the
    I only, 2 — both, 3 — the II only (4 — neither), so that :data:`HALF_BANDS` are
    ranges."""
    first, second = halves(year)
    in_first, in_second = in_span(model, first), in_span(model, second)
    return Case(When(in_first & in_second, then=Value(2)), When(in_first, then=Value(1)),
                When(in_second, then=Value(3)), default=Value(4), output_field=IntegerField())


def by_halves(year: Span, counted: list[Values]) -> dict[str, Values]:
    """{span code: values} of the counts of :data:`HALF_BANDS`."""
    return dict(zip((*(half.code for half in halves(year)), year.code), counted, strict=True))


def _people_by_halves(queryset, year: Span) -> dict[str, Values]:
    """{span code: people} for the two half-years and the academic year, from the year's
    records, each marked by the half-years it counts in (:func:`half_mark`)."""
    marked = queryset.annotate(half_of_year=half_mark(queryset.model, year)).order_by()
    return by_halves(year, _people_by_grades(marked, "student__", "school", _scope.get(),
                                             HALF_BANDS, field="half_of_year"))


def _person(postgres: bool) -> tuple[str, str]:
    """What a pair ``d`` counts as a person across schools, and the join that needs."""
    if not postgres:
        table = connection.ops.quote_name(Student._meta.db_table)
        return ("COALESCE(s.last_name, '') || '|' || COALESCE(s.first_name, '') || '|' || "
                "COALESCE(s.middle_name, '') || '|' || COALESCE(CAST(s.birth_date AS text), '')",
                f" JOIN {table} s ON s.id = d.student_id")
    mapped = twins()
    if not mapped:
        return "d.student_id", ""
    moved = ", ".join(f"({int(a)}, {int(b)})" for a, b in mapped.items())
    return ("COALESCE(t.rep, d.student_id)",
            f" LEFT JOIN (VALUES {moved}) t(id, rep) ON t.id = d.student_id")


def twins() -> dict[int, int]:
    """{student id: the id counted for his person} for the students who share ФИО and
    birth date with a student of another school (a move between schools) — a few dozen
    in a region; read once per data version."""
    def find() -> dict[int, int]:
        table = connection.ops.quote_name(Student._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.id, MIN(s.id) OVER (PARTITION BY s.last_name, s.first_name, "
                f"s.middle_name, s.birth_date) FROM {table} s WHERE (s.last_name, s.first_name, "
                f"s.middle_name, s.birth_date) IN (SELECT last_name, first_name, middle_name, "
                f"birth_date FROM {table} GROUP BY 1, 2, 3, 4 HAVING COUNT(*) > 1)")
            return {pk: rep for pk, rep in cursor.fetchall() if pk != rep}
    return shared(("twins",), find)


def _rollup(queryset, expression, school: str) -> Values:
    """The schools' groups and the municipal total in one ``GROUP BY ROLLUP(school)``."""
    rows = queryset.values(school).annotate(n=expression, total_row=Grouping(F(school)))
    sql, params = rows.query.sql_with_params()
    head, _, columns = sql.rpartition(" GROUP BY ")
    # Django writes the GROUP BY last (no ORDER BY: order_by() above, no HAVING here).
    with connection.cursor() as cursor:
        cursor.execute(f"{head} GROUP BY ROLLUP({columns})", params)
        result = cursor.fetchall()
    names = [name for name in rows.query.values_select] + list(rows.query.annotation_select)
    at = {name: index for index, name in enumerate(names)}
    values: Values = {MUNICIPALITY: Measure(0, percent=False)}
    for row in result:
        key = MUNICIPALITY if row[at["total_row"]] else row[at[school]]
        if key is MUNICIPALITY and not row[at["total_row"]]:
            continue  # rows without a school count only in the total, as before
        values[key] = Measure(row[at["n"]] or 0, percent=False)
    return values


#: The grades indicators divide by — every grade; 6–11 (diagnostics, «Билет в будущее»,
#: профминимум); 8–11 (profile study): :func:`population` counts them together, one
#: query per academic year and slice. A share over other grades is counted on its own.
ENROLLED_GRADES = (ALL_GRADES, (6, 11), (8, 11))


def population(span: Span, breakdown: Breakdown, grades: tuple[int, int],
               schools: Q | None = None) -> Values:
    """People enrolled in the span's academic year, in the grades and slice asked —
    computed once per academic year, slice and scope however many shares ask for it, and
    with the other grade ranges of :data:`ENROLLED_GRADES` in the same query. ``schools``:
    only the schools matching this condition on the school (``Q(has_growth_point=True)``);
    one school's page asks the school itself, and counts its population or nobody."""
    scope = _scope.get()
    if schools is not None and scope not in (EVERY_SCHOOL, TOTAL):
        if not shared(("school_is", str(schools), scope),
                      School.objects.filter(schools, pk=scope).exists):
            return {scope: Measure(0, percent=False)}
        schools = None  # the school is one of them: its whole population

    def key(band: tuple[int, int]) -> tuple:
        return ("population", span.academic_year_start, breakdown, band, str(schools), scope)

    asked = key(grades)
    found = get_many([asked])
    if asked in found:
        return found[asked]
    bands = [grades]
    if schools is None:  # the population of some schools is asked alone
        for each in ENROLLED_GRADES:
            band = grades_for(breakdown, each)
            if band is not None and band not in bands:
                bands.append(band)
    counted = dict(zip(bands, _population(span, breakdown, bands, schools), strict=True))
    set_many({key(band): values for band, values in counted.items()})
    return counted[grades]


def _population(span: Span, breakdown: Breakdown, bands: list[tuple[int, int]],
                schools: Q | None) -> list[Values]:
    scope = _scope.get()
    if connection.vendor == "postgresql" and scope not in (EVERY_SCHOOL, TOTAL):
        return _school_population(span, breakdown, bands, scope)
    enrolled = Enrollment.objects.filter(
        academic_year__start_year=span.academic_year_start,
        grade__gte=min(low for low, _ in bands), grade__lte=max(high for _, high in bands),
    )
    enrolled = enrolled.filter(_enrolled_slice(breakdown, "student__"))
    if schools is not None:
        enrolled = enrolled.filter(student__school__in=School.objects.filter(schools))
    # A student has one class a year (``enrollment_one_per_year``): a pair and its grade.
    return _people_by_grades(enrolled.order_by(), "student__", "student__school", scope,
                             list(bands), unique=True)


def _enrolled_slice(breakdown: Breakdown, prefix: str) -> Q:
    """The students of the breakdown's slice as the population counts them: by the
    student's own ОВЗ status and sex (``prefix``: the path from the rows to the student)."""
    condition = Q()
    if breakdown.ovz is not None:
        condition &= Q(**{f"{prefix}has_ovz": breakdown.ovz})
    if breakdown.sex:
        condition &= Q(**{f"{prefix}sex": breakdown.sex})
    return condition


def _school_population(span: Span, breakdown: Breakdown, bands: list[tuple[int, int]],
                       school: int) -> list[Values]:
    """One school's enrolled people on PostgreSQL: its students, each looked up in the
    year's classes by the unique (student, year) index. Within a school a student is a
    person and has one class a year (``enrollment_one_per_year``), so the rows are
    counted as they are. Joined plainly, the planner reads the whole region's year
    (100,000 classes) to keep a large school's 6,000 — three times slower; the lateral
    lookup keeps to the school's own students."""
    students, params = (Student.objects.filter(_enrolled_slice(breakdown, ""), school_id=school)
                        .order_by().values("id").query.sql_with_params())
    enrollments = connection.ops.quote_name(Enrollment._meta.db_table)
    years = connection.ops.quote_name(AcademicYear._meta.db_table)
    counts = ", ".join(f"COUNT(*) FILTER (WHERE e.grade BETWEEN {int(low)} AND {int(high)})"
                       for low, high in bands)
    # OFFSET 0 keeps the lookup a lookup: the planner may not flatten it into a join.
    sql = (f"SELECT {counts} FROM ({students}) s CROSS JOIN LATERAL (SELECT e.grade FROM "
           f"{enrollments} e WHERE e.student_id = s.id AND e.academic_year_id = (SELECT y.id "
           f"FROM {years} y WHERE y.start_year = %s) OFFSET 0) e")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, span.academic_year_start])
        row = cursor.fetchone()
    return [{school: Measure(n or 0, percent=False)} for n in row]


def ratio(numerators: Values, denominators: Values) -> Values:
    keys = set(numerators) | set(denominators)
    return {
        key: Measure(
            numerators[key].numerator if key in numerators else 0,
            denominators[key].numerator if key in denominators else 0,
        )
        for key in keys
    }


def student_share(model, span: Span, breakdown: Breakdown,
                  grades: tuple[int, int] = ALL_GRADES, extra: Q | None = None,
                  schools: Q | None = None) -> Values:
    """People with a record of ``model`` in the span ÷ people enrolled (in ``schools``:
    a condition on the school, see :func:`population`)."""
    band = grades_for(breakdown, grades)
    if band is None:
        return {}
    return ratio(_people_of(model, span, breakdown, band, extra),
                 population(span, breakdown, band, schools))


def student_count(model, span: Span, breakdown: Breakdown, condition: Q | None = None,
                  grades: tuple[int, int] = ALL_GRADES) -> Values:
    """People with a record of ``model`` in the span (a count, not a share)."""
    band = grades_for(breakdown, grades)
    return {} if band is None else _people_of(model, span, breakdown, band, condition)


def _people_of(model, span: Span, breakdown: Breakdown, band: tuple[int, int],
               extra: Q | None) -> Values:
    """People with a record of a register in the span, grades, slice and condition."""
    def records(each: Span):
        found = model.objects.filter(record_filter(model, each, breakdown, band))
        return found.filter(extra) if extra is not None else found

    return people_in(records, span, model._meta.label, breakdown, band, str(extra))


def record_count(queryset) -> Values:
    return grouped(queryset, Count("pk"))
