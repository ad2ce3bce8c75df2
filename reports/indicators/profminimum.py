"""The indicators of профминимум (register 11): hours per student by direction, the share
of grade 6–11 students reaching their school's level, the schools at each level.

A student's hours in a span are those of register 11 and those the other registers
already hold (``monitoring.registers.profminimum.FROM_OTHER_REGISTERS``: a «Билет в
будущее» trial, an employer's trial, a contest, a diagnostic), each day and direction
counted once: where register 11 has a record of the student on that day in that
direction, only it counts; where two other registers hold the same day and direction,
the first of the list counts. Everything is grouped in the database — one query per
source and span, never a loop over records. Before 2023/2024 the model did not exist:
the values are empty, not zero."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Exists, OuterRef, Q, Sum

from monitoring.registers.profminimum import (
    DEFAULT_LEVEL,
    FIRST_DAY,
    FROM_OTHER_REGISTERS,
    GRADES,
    LEVEL_HOURS,
    Direction,
    Level,
    OtherRegister,
    ProfminimumHours,
    ProfminimumLevel,
)

from .cache import shared
from .counting import (
    HALF_BANDS,
    count_pairs_by_grades,
    current_scope,
    grades_for,
    half_mark,
    halves,
    population,
    record_filter,
)
from .records import in_span
from .registry import MUNICIPALITY, Basis, Measure, Values, indicator
from .scope import Breakdown, Span, SpanKind
from .short_names import SHORT_NAMES

GROUP = "Профминимум (единая модель профориентации, 6–11 классы)"
SOURCE = "Реестр 11 «Профминимум»; реестры 1, 4, 6, 10 (часы по таблице соответствия)"
ENROLLED_6_11 = "число обучающихся 6–11 классов по спискам классов учебного года"
HOURS_NOTE = (
    "Часы — записи реестра 11 и записи других реестров, которые засчитываются в профминимум: "
    + "; ".join(f"{o.what} — {o.hours} ч ({Direction(o.direction).label})"
                for o in FROM_OTHER_REGISTERS)
    + ". День и направление обучающегося считаются один раз: если в реестре 11 есть запись "
      "за тот же день по тому же направлению, считается только она; один день в двух других "
      "реестрах (профпроба «Билета в будущее» и конкурс) — один раз. Учитываются обучающиеся "
      "6–11 классов (класс на дату записи), с 2023/2024 учебного года.")


def _model(source: OtherRegister):
    return apps.get_model("monitoring", source.model_name)


def _before_the_model(span: Span) -> bool:
    return span.end < FIRST_DAY


class _NoValue(dict):
    """No value for any school nor the municipality (the model did not exist yet) — without
    a query for the schools: whatever key is asked, the answer is «no value»."""

    def __init__(self, percent: bool) -> None:
        super().__init__()
        self.percent = percent

    def __missing__(self, key) -> Measure:
        return Measure(None, None, percent=self.percent)

    def get(self, key, default=None) -> Measure:
        return self[key]


def _empty(percent: bool) -> Values:
    return _NoValue(percent)


def _same_day(model, direction: str, condition: Q | None = None) -> Exists:
    """A record of ``model`` about the same student, on the same day, in ``direction``."""
    found = model.objects.filter(student=OuterRef("student"), date=OuterRef("date"))
    if model is ProfminimumHours:
        found = found.filter(direction=direction)
    if condition is not None:
        found = found.filter(condition)
    return Exists(found)


def _sources(direction: str | None = None):
    """(source, its records not counted elsewhere) for every other register's source."""
    for index, source in enumerate(FROM_OTHER_REGISTERS):
        if direction is not None and source.direction != direction:
            continue
        model = _model(source)
        records = model.objects.all()
        if source.condition is not None:
            records = records.filter(source.condition)
        records = records.exclude(_same_day(ProfminimumHours, source.direction))
        for earlier in FROM_OTHER_REGISTERS[:index]:
            if earlier.direction == source.direction:
                records = records.exclude(_same_day(_model(earlier), earlier.direction,
                                                    earlier.condition))
        yield source, records


def _filtered(records, span: Span, breakdown: Breakdown, band: tuple[int, int]):
    return records.filter(record_filter(records.model, span, breakdown, band))


def hours_by_school(span: Span, breakdown: Breakdown, direction: str | None = None) -> Values:
    """{school: hours, None: all hours} in the span (in one direction, or all)."""
    if grades_for(breakdown, GRADES) is None:
        return {}
    totals: dict[int | None, float] = defaultdict(float)
    for (school, on), hours in _hours_by_school_and_direction(span, breakdown).items():
        if direction is None or on == direction:
            totals[school] += hours
    if not isinstance(current_scope(), int):  # one school's page counts that school only
        totals[MUNICIPALITY] = sum(totals.values())
    return {key: Measure(value, percent=False) for key, value in totals.items()}


def _hours_by_school_and_direction(span: Span, breakdown: Breakdown) -> dict[tuple[int, str], float]:
    """{(school, direction): hours} — shared by the eight hours indicators of a span. A
    half-year or an academic year is counted with the other two spans of its academic
    year (:func:`_count_hours`): one grouped query for register 11 and one per other
    source for the three, computed once per data version."""
    year = span.academic()
    key = ("profminimum_hours", year.code, breakdown, current_scope())
    return _of_year(shared(key, lambda: _count_hours(year, breakdown)), span)


def _of_year(found: dict[str, Any], span: Span) -> Any:
    """A span's part of what was counted for its academic year (``{span code: …}``): a
    calendar year of people is the academic year that ends in it (``counting_span``)."""
    return found[span.academic().code if span.kind == SpanKind.CALENDAR_YEAR else span.code]


def _count_hours(year: Span, breakdown: Breakdown) -> dict[str, dict[tuple[int, str], float]]:
    """{span code: {(school, direction): hours}} for the academic year and each of its
    half-years, by the half-year each record counts in (:func:`half_mark`)."""
    codes = [*(half.code for half in halves(year)), year.code]
    found: dict[str, dict[tuple[int, str], float]] = {code: defaultdict(float) for code in codes}
    for records, hours, direction in _hour_records(year, breakdown):
        # A source holds one direction: grouped by school alone, it is that direction.
        fields = ["school", "half"] if direction else ["school", "direction", "half"]
        marked = records.annotate(half=half_mark(records.model, year)).order_by()
        for row in marked.values(*fields).annotate(h=hours(None)):
            at, hours_ = (row["school"], direction or row["direction"]), row["h"] or 0
            for code, (low, high) in zip(codes, HALF_BANDS, strict=True):
                if low <= row["half"] <= high:
                    found[code][at] += hours_
    return {code: dict(values) for code, values in found.items()}


def _hour_records(span: Span, breakdown: Breakdown):
    """(records, their hours as an aggregate of a condition — None: every record —, their
    direction or None) of register 11 and of each other source, in the span, the slice
    and the scope asked — what both the hours by direction and the level reached add up."""
    band = grades_for(breakdown, GRADES)
    scope = current_scope()
    only = {"school": scope} if isinstance(scope, int) else {}  # one school's page
    yield (_filtered(ProfminimumHours.objects.filter(**only), span, breakdown, band),
           lambda condition: Sum("hours", filter=condition), None)
    for source, records in _sources():
        yield (_filtered(records.filter(**only), span, breakdown, band),
               lambda condition, n=source.hours: Count("pk", filter=condition) * n,
               source.direction)


def hours_per_student(span: Span, breakdown: Breakdown, direction: str | None = None) -> Values:
    if _before_the_model(span):
        return _empty(False)
    band = grades_for(breakdown, GRADES)
    if band is None:
        return {}
    hours = hours_by_school(span, breakdown, direction)
    enrolled = population(span, breakdown, band)
    result: Values = {}
    for key in set(hours) | set(enrolled):
        students = enrolled[key].numerator if key in enrolled else 0
        total = hours[key].numerator if key in hours else 0
        result[key] = Measure(round(total / students, 1) if students else None, percent=False)
    return result


def school_levels(span: Span) -> dict[int, str]:
    """{school: level} chosen for the span's academic year (read once per version)."""
    return shared(("profminimum_levels", span.academic_year_start), lambda: dict(
        ProfminimumLevel.objects.filter(academic_year__start_year=span.academic_year_start)
        .values_list("school", "level")))


@indicator(
    code="profminimum_level_reached",
    name="Доля обучающихся 6–11 классов, освоивших профминимум на уровне, выбранном ОО",
    unit="%", group=GROUP,
    numerator="число обучающихся 6–11 классов, набравших за учебный год не меньше часов, чем "
              "требует уровень их ОО (базовый — 40 ч, основной — 60 ч, продвинутый — 80 ч)",
    denominator=ENROLLED_6_11, source=SOURCE, expectation="ежегодное увеличение",
    note=HOURS_NOTE + " Уровень ОО — из списка «Профминимум: уровень ОО» на учебный год; ОО, "
         "не внёсшая уровень, реализует базовый. В полугодии считаются часы с 1 сентября.",
)
def level_reached(span: Span, breakdown: Breakdown) -> Values:
    if _before_the_model(span):
        return _empty(True)
    band = grades_for(breakdown, GRADES)
    if band is None:
        return {}
    # The level is a year's hours: a half-year is judged by the hours since 1 September.
    # The academic year and its two half-years are counted by one statement.
    year = span.academic()
    reached = _of_year(shared(("profminimum_reached", year.code, breakdown, current_scope()),
                              lambda: _reached(year, breakdown)), span)
    enrolled = population(span, breakdown, band)
    return {key: Measure(reached[key].numerator if key in reached else 0,
                         enrolled[key].numerator if key in enrolled else 0)
            for key in set(reached) | set(enrolled)}


def _reached(year: Span, breakdown: Breakdown) -> dict[str, Values]:
    """{span code: people} reaching their school's level in the I half-year (the hours
    from 1 September to 31 December), the II and the academic year (the whole year's
    hours), by one statement (:func:`_reaching`)."""
    first, second = halves(year)
    by_december, by_the_end = count_pairs_by_grades(*_reaching(year, breakdown),
                                                    current_scope(), [(1, 1), (1, 2)])
    return {first.code: by_december, second.code: by_the_end, year.code: by_the_end}


def _reaching(year: Span, breakdown: Breakdown) -> tuple[str, tuple]:
    """SQL of the distinct (school, student) pairs whose hours in the academic year reach
    their school's level, with a ``grade`` of 1 where the hours to 31 December reach it
    already, else 2: register 11's hours and every other source's records × its hours,
    summed per student in the database (a region's 100,000 students never reach Python)."""
    first, _ = halves(year)
    parts, params = [], []
    for records, hours, _ in _hour_records(year, breakdown):
        query = records.order_by().values("school", "student").annotate(
            h=hours(None), h1=hours(in_span(records.model, first)))
        try:
            sql, args = query.query.sql_with_params()
        except EmptyResultSet:
            continue
        school, student = query.query.values_select
        parts.append(f'SELECT "{school}" AS school_id, "{student}" AS student_id, h, h1 '
                     f'FROM ({sql}) x')
        params.extend(args)
    if not parts:
        parts.append("SELECT NULL AS school_id, NULL AS student_id, 0 AS h, 0 AS h1")
    default = int(LEVEL_HOURS[Level(DEFAULT_LEVEL)])
    need = " ".join(f"WHEN {int(school)} THEN {int(LEVEL_HOURS[Level(level)])}"
                    for school, level in school_levels(year).items())
    need = f"CASE h.school_id {need} ELSE {default} END" if need else str(default)
    sql = (f"SELECT h.school_id, h.student_id, CASE WHEN SUM(h.h1) >= {need} THEN 1 ELSE 2 "
           f"END AS grade FROM ({' UNION ALL '.join(parts)}) h "
           f"GROUP BY h.school_id, h.student_id HAVING SUM(h.h) >= {need}")
    return sql, tuple(params)


_SHORT = {
    None: "Профминимум: ч на 1 об-ся",
    Direction.LESSONS: "Профминимум: урочная",
    Direction.HORIZONS: "Профминимум: внеурочная",
    Direction.UPBRINGING: "Профминимум: воспитательная",
    Direction.ADDITIONAL: "Профминимум: доп. образ.",
    Direction.PROFILE: "Профминимум: профильные кл.",
    Direction.PARENTS: "Профминимум: с родителями",
    Direction.TRIALS: "Профминимум: профпробы",
}

for _direction in [None, *Direction]:
    _code = f"profminimum_hours_{_direction or 'total'}"
    _label = "всего" if _direction is None else Direction(_direction).label
    indicator(
        code=_code,
        name=f"Часов профминимума на одного обучающегося 6–11 классов: {_label}",
        unit="ч", group=GROUP, higher_is_better=True,
        numerator="часы профминимума обучающихся 6–11 классов"
                  + ("" if _direction is None else f" по направлению «{_label}»")
                  + " ÷ число обучающихся 6–11 классов",
        denominator="", source=SOURCE, note=HOURS_NOTE,
    )(lambda span, breakdown, _d=_direction: hours_per_student(span, breakdown, _d))
    SHORT_NAMES.setdefault(_code, _SHORT[_direction])


def _schools_at(level: str):
    def compute(span: Span, breakdown: Breakdown) -> Values:
        if _before_the_model(span):
            return _empty(False)
        chosen = school_levels(span)
        values: Values = {school: Measure(1 if value == level else 0, percent=False)
                          for school, value in chosen.items()}
        values[MUNICIPALITY] = Measure(sum(1 for v in chosen.values() if v == level),
                                       percent=False)
        return values
    return compute


for _level in Level:
    _code = f"profminimum_schools_{_level}"
    indicator(
        code=_code,
        name=f"ОО, реализующие профминимум на уровне «{_level.label}» "
             f"(не менее {LEVEL_HOURS[_level]} ч в год)",
        unit="ОО", group=GROUP, breakdowns=False, basis=Basis.STUDENTS,
        numerator=f"число ОО, выбравших на учебный год {_level.label} уровень профминимума",
        denominator="", source="Реестр 11: список «Профминимум: уровень ОО»",
        note="Уровень на учебный год — по приказу ОО, внесённому в список уровней.",
    )(_schools_at(_level))
    SHORT_NAMES.setdefault(_code, f"Профминимум: {_level.label} ур.")

SHORT_NAMES.setdefault("profminimum_level_reached", "Профминимум: уровень освоен")

__all__ = ["hours_by_school", "hours_per_student", "level_reached",
           "school_levels"]
