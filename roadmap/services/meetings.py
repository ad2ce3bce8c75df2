"""Meetings: saving them with their links, the per-year rules of section VI, a calendar."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from ..deadlines import DeadlineKind
from ..models import Measure, Meeting, Roadmap
from ..models.activities import register_procedures

MONTHS = ("Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
          "Сентябрь", "Октябрь", "Ноябрь", "Декабрь")
WEEKDAYS = ("Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс")


def measures_counting_automatically(meeting: Meeting) -> list[Measure]:
    """Measures that take every meeting of this kind (e.g. 6.2 — each August conference),
    in roadmaps whose years include the meeting's year."""
    candidates = Measure.objects.filter(
        meeting_kind=meeting.kind,
        roadmap__year_start__lte=meeting.date.year,
        roadmap__year_end__gte=meeting.date.year,
    ).select_related("roadmap")
    return [m for m in candidates if not m.meeting_level or m.meeting_level == meeting.level]


@transaction.atomic
def save_meeting(meeting: Meeting, *, measures: Iterable[Measure] = (), schools=(),
                 notes=(), user=None) -> Meeting:
    """Save a meeting with its links; measures that count every meeting of its kind are
    linked automatically, so an August conference closes 6.2 without anyone remembering."""
    if meeting.pk is None and user is not None and user.is_authenticated:
        meeting.author = user
    meeting.save()
    linked = {m.pk: m for m in measures}
    for measure in measures_counting_automatically(meeting):
        linked.setdefault(measure.pk, measure)
    meeting.measures.set(linked.values())
    meeting.schools.set(schools)
    meeting.notes.set(notes)
    return meeting


@dataclass
class YearCheck:
    year: int
    required: int
    #: held meetings with a protocol: the ones that count
    held: int
    planned: int
    #: the year is over (so a shortfall is a failure, not work still ahead)
    past: bool = False
    #: held but without a protocol: they do not count until it is attached
    without_protocol: int = 0
    #: for «по каждой оценочной процедуре»: procedure title → counted meetings that took it up
    procedures: dict[str, int] = field(default_factory=dict)

    @property
    def missing_procedures(self) -> list[str]:
        """Procedures examined fewer times than required this year."""
        return [title for title, n in self.procedures.items() if n < self.required]

    @property
    def ok(self) -> bool:
        return self.held >= self.required and not self.missing_procedures

    @property
    def badge(self) -> str:
        if self.ok:
            return "text-bg-success"
        return "text-bg-danger" if self.past else "text-bg-warning"


@dataclass
class MeetingRule:
    """«Не менее 2 раз в год» (6.1, 6.3) or «ежегодно» on the August conference (6.2)."""

    measure: Measure
    description: str
    years: list[YearCheck] = field(default_factory=list)


def meeting_rules(roadmap: Roadmap, today: date | None = None) -> list[MeetingRule]:
    """Per year, how many meetings each meeting-driven measure needs and how many were held.

    A measure is meeting-driven when its deadline is «не менее N раз в год», or when it
    counts meetings of one kind (6.2 — the yearly August conference). A held meeting counts
    only with its protocol; for a measure «по каждой оценочной процедуре» (6.1) every
    monitoring must be taken up by that many counted meetings. Two queries."""
    measures = [
        m for m in Measure.objects.filter(roadmap=roadmap).order_by("position")
        if m.deadline_kind is DeadlineKind.TIMES_PER_YEAR or m.meeting_kind
    ]
    counts: dict[tuple[int, int, str], int] = defaultdict(int)
    unprotocolled: dict[tuple[int, int], int] = defaultdict(int)
    examined: dict[tuple[int, int, str], int] = defaultdict(int)
    links = Meeting.measures.through.objects.filter(
        measure__in=measures
    ).values_list("measure_id", "meeting__date", "meeting__status", "meeting__kind",
                  "meeting__level", "meeting__protocol_id", "meeting__procedures")
    by_pk = {m.pk: m for m in measures}
    for measure_id, day, status, kind, level, protocol, procedures in links:
        measure = by_pk[measure_id]
        if measure.meeting_kind and kind != measure.meeting_kind:
            continue
        if measure.meeting_level and level != measure.meeting_level:
            continue
        if status == Meeting.Status.HELD and protocol is None:
            unprotocolled[(measure_id, day.year)] += 1
            continue
        counts[(measure_id, day.year, status)] += 1
        if status == Meeting.Status.HELD:
            for slug in procedures or []:
                examined[(measure_id, day.year, slug)] += 1

    today = today or timezone.localdate()
    known = register_procedures() if any(m.per_procedure for m in measures) else {}
    rules = []
    for measure in measures:
        times = measure.parsed_deadline.times or 1
        parts = [f"{measure.deadline_text.lower()}"]
        if measure.meeting_kind:
            parts.append(f"засчитываются: {measure.get_meeting_kind_display()}")
        if measure.meeting_level:
            parts.append(f"уровень: {measure.get_meeting_level_display()}")
        if measure.per_procedure:
            parts.append("по каждой оценочной процедуре")
        parts.append("только с протоколом")
        rule = MeetingRule(measure=measure, description="; ".join(parts))
        for year in roadmap.years:
            rule.years.append(YearCheck(
                year=year,
                required=times,
                held=counts[(measure.pk, year, Meeting.Status.HELD)],
                planned=counts[(measure.pk, year, Meeting.Status.PLANNED)],
                past=year < today.year,
                without_protocol=unprotocolled[(measure.pk, year)],
                procedures={title: examined[(measure.pk, year, slug)]
                            for slug, title in known.items()} if measure.per_procedure else {},
            ))
        rules.append(rule)
    return rules


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    meetings: list[Meeting]
    dues: list[str]


@dataclass
class CalendarMonth:
    number: int
    title: str
    weeks: list[list[CalendarDay]]
    meetings: list[Meeting]


def year_calendar(year: int, meetings: Iterable[Meeting],
                  dues: Iterable[tuple[date, str]] = ()) -> list[CalendarMonth]:
    """Twelve month grids (weeks from Monday) with the meetings and the roadmap's due dates."""
    by_day: dict[date, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_day[meeting.date].append(meeting)
    due_by_day: dict[date, list[str]] = defaultdict(list)
    for day, label in dues:
        due_by_day[day].append(label)
    grid = calendar.Calendar(firstweekday=0)
    months = []
    for number in range(1, 13):
        weeks = [
            [CalendarDay(d, d.month == number, by_day[d] if d.month == number else [],
                         due_by_day[d] if d.month == number else [])
             for d in week]
            for week in grid.monthdatescalendar(year, number)
        ]
        month_meetings = sorted(
            (m for d, items in by_day.items() if d.year == year and d.month == number
             for m in items),
            key=lambda m: (m.date, m.pk),
        )
        months.append(CalendarMonth(number, MONTHS[number - 1], weeks, month_meetings))
    return months
