"""The roadmap board: every measure's occurrences and their states on a chosen date.

One function, :func:`build_board`, reads a roadmap in a fixed number of queries (sections,
measures with their responsible, schedule dates, executions, meetings, one per product
kind in use) whatever the number of measures or executions, and hands the deadline engine
(``roadmap.deadlines``) what it needs. The board page, the measure page, the report
files and the reminders all read states through it, so they never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from ..deadlines import (
    DeadlineKind,
    ExecutionStatus,
    Occurrence,
    OccurrenceState,
    assign_to_occurrences,
    occurrence_state,
)
from ..models import Document, Execution, Measure, Meeting, Roadmap, ScheduleDate, Section
from ..products import CONTINUING, ProductEvent, assign_products, events_for, missing_years

#: the order of states in legends and totals: what needs attention first
STATE_ORDER: list[OccurrenceState] = [
    OccurrenceState.OVERDUE,
    OccurrenceState.DUE_SOON,
    OccurrenceState.IN_PROGRESS,
    OccurrenceState.PLANNED,
    OccurrenceState.DONE,
    OccurrenceState.NOT_NEEDED,
]


def badge_class(state: OccurrenceState) -> str:
    """Bootstrap classes of a state's badge (the light one needs a border to be seen)."""
    css = f"text-bg-{state.color}"
    return f"{css} border" if state is OccurrenceState.PLANNED else css


@dataclass(frozen=True)
class MeetingRef:
    """A held meeting linked to a measure, as the board needs it."""

    pk: int
    date: date
    topic: str
    kind: str
    level: str


@dataclass
class OccurrenceRow:
    occurrence: Occurrence
    state: OccurrenceState
    executions: list[Execution] = field(default_factory=list)
    meetings: list[MeetingRef] = field(default_factory=list)
    #: the portal's products that fulfil the occurrence (evidence, even before it closes)
    products: list[ProductEvent] = field(default_factory=list)
    #: the date the products closed it (None: not, or not yet, closed by products)
    product_closed_on: date | None = None
    #: for a span closed by products: its years that still lack evidence
    missing_years: list[int] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.occurrence.key

    @property
    def badge(self) -> str:
        return badge_class(self.state)

    @property
    def closed_on(self) -> date | None:
        """The date of the first execution, meeting or product that closed the occurrence."""
        days = [e.date for e in self.executions
                if e.status in (ExecutionStatus.DONE, ExecutionStatus.NOT_NEEDED)]
        days += [m.date for m in self.meetings]
        if self.product_closed_on is not None:
            days.append(self.product_closed_on)
        return min(days) if days else None

    @property
    def closed_manually(self) -> bool:
        """Done by a manual mark although the portal's products did not close it."""
        return (self.state is OccurrenceState.DONE and self.product_closed_on is None
                and not self.meetings
                and any(e.status == ExecutionStatus.DONE for e in self.executions))


@dataclass
class MeasureRow:
    measure: Measure
    occurrences: list[OccurrenceRow]
    #: executions whose occurrence no longer exists (a schedule date was removed)
    orphans: list[Execution] = field(default_factory=list)

    @property
    def states(self) -> set[OccurrenceState]:
        return {o.state for o in self.occurrences}

    @property
    def responsible_ids(self) -> set[int]:
        return {s.pk for s in self.measure.responsible.all()}


@dataclass
class SectionRow:
    section: Section
    measures: list[MeasureRow]


@dataclass
class Board:
    roadmap: Roadmap
    on: date
    sections: list[SectionRow]
    totals: dict[OccurrenceState, int]
    responsible_choices: list

    @property
    def measure_rows(self) -> list[MeasureRow]:
        return [row for section in self.sections for row in section.measures]

    @property
    def totals_list(self) -> list[tuple[OccurrenceState, str, int]]:
        return [(s, badge_class(s), self.totals.get(s, 0)) for s in STATE_ORDER]

    @property
    def occurrence_count(self) -> int:
        return sum(self.totals.values())


def _meeting_counts(measure: Measure, meeting: MeetingRef) -> bool:
    """Whether a meeting of this kind and level may close the measure's deadlines."""
    if measure.meeting_kind and meeting.kind != measure.meeting_kind:
        return False
    return not (measure.meeting_level and meeting.level != measure.meeting_level)


def measure_row(measure: Measure, on: date, schedule: list[date],
                executions: Iterable[Execution], meetings: Iterable[MeetingRef],
                products: Iterable[ProductEvent] = ()) -> MeasureRow:
    """The occurrences of one measure and their states on ``on``.

    Executions close the occurrence they name. Held meetings with a protocol linked to the
    measure close the remaining occurrences in date order (:func:`assign_to_occurrences`):
    for «не менее 2 раз в год» the first meeting of a year closes its first occurrence, the
    second the second; an occurrence already done by an execution does not swallow a
    meeting. The portal's products close what they fulfil (``roadmap.products``)."""
    occurrences = measure.occurrences(schedule)
    # What existed on ``on`` only: the board on a past date shows the past.
    continuing = measure.deadline_kind is DeadlineKind.SPAN and measure.product in CONTINUING
    evidence, product_closed = assign_products(
        occurrences, [e for e in products if e.date <= on], span=continuing)
    by_key: dict[str, list[Execution]] = defaultdict(list)
    for execution in executions:
        by_key[execution.occurrence_key].append(execution)
    done = {key for key, items in by_key.items()
            if any(e.status == ExecutionStatus.DONE for e in items)}
    counted = sorted((m for m in meetings if _meeting_counts(measure, m)),
                     key=lambda m: (m.date, m.pk))
    assigned = assign_to_occurrences(
        [o for o in occurrences if o.key not in done], [m.date for m in counted]
    )
    # assign_to_occurrences answers with dates; give each date back its meeting, in order.
    unused = list(counted)
    meetings_of: dict[str, list[MeetingRef]] = defaultdict(list)
    for key, day in sorted(assigned.items(), key=lambda item: item[1]):
        meeting = next(m for m in unused if m.date == day)
        unused.remove(meeting)
        meetings_of[key].append(meeting)

    rows = []
    for occurrence in occurrences:
        own = by_key.pop(occurrence.key, [])
        closures = [(e.date, ExecutionStatus(e.status)) for e in own]
        closures += [(m.date, ExecutionStatus.DONE) for m in meetings_of[occurrence.key]]
        closed_by_product = product_closed.get(occurrence.key)
        if closed_by_product is not None:
            closures.append((closed_by_product, ExecutionStatus.DONE))
        found = evidence.get(occurrence.key, [])
        rows.append(OccurrenceRow(
            occurrence=occurrence,
            state=occurrence_state(occurrence, on, closures),
            executions=own,
            meetings=meetings_of[occurrence.key],
            products=found,
            product_closed_on=closed_by_product,
            missing_years=missing_years(occurrence, found) if continuing else [],
        ))
    orphans = [e for items in by_key.values() for e in items]
    return MeasureRow(measure=measure, occurrences=rows, orphans=orphans)


def _load_rows(roadmap: Roadmap, measures: list[Measure], on: date,
               documents_for=None) -> list[MeasureRow]:
    """Rows for ``measures`` of ``roadmap`` in four queries (schedule, executions, meetings,
    and the executions' documents when ``documents_for`` — a user — is given), plus one per
    product kind the measures use."""
    ids = [m.pk for m in measures]
    schedule: dict[int, list[date]] = defaultdict(list)
    for measure_id, day in ScheduleDate.objects.filter(measure_id__in=ids).values_list(
        "measure_id", "date"
    ):
        schedule[measure_id].append(day)

    executions = Execution.objects.filter(measure_id__in=ids).select_related("author")
    if documents_for is not None:
        executions = executions.prefetch_related(
            Prefetch("documents", queryset=Document.objects.for_user(documents_for))
        )
    by_measure: dict[int, list[Execution]] = defaultdict(list)
    measures_by_id = {m.pk: m for m in measures}
    for execution in executions.order_by("date", "pk"):
        execution.measure = measures_by_id[execution.measure_id]
        by_measure[execution.measure_id].append(execution)

    meetings: dict[int, list[MeetingRef]] = defaultdict(list)
    # Only a held meeting with its protocol counts (6.1–6.3: «резолюция/протокол совещания»).
    links = Meeting.measures.through.objects.filter(
        measure_id__in=ids, meeting__status=Meeting.Status.HELD, meeting__protocol__isnull=False,
    ).values_list("measure_id", "meeting_id", "meeting__date", "meeting__topic",
                  "meeting__kind", "meeting__level")
    for measure_id, pk, day, topic, kind, level in links:
        meetings[measure_id].append(MeetingRef(pk, day, topic, kind, level))

    products = events_for(measures, roadmap.year_start, roadmap.year_end)
    rows = []
    for measure in measures:
        measure.roadmap = roadmap  # the occurrences need its years: no query per measure
        rows.append(measure_row(measure, on, schedule[measure.pk], by_measure[measure.pk],
                                meetings[measure.pk], products.get(measure.pk, ())))
    return rows


def build_board(roadmap: Roadmap, on: date, *, responsible: int | None = None,
                state: OccurrenceState | None = None, documents_for=None) -> Board:
    """The board of ``roadmap`` on ``on``, optionally only the measures of one responsible
    person (a Staff pk) and only those with an occurrence in ``state``.

    Totals count the occurrences of the measures left by the responsible filter (the
    state filter narrows the list, not the totals). ``documents_for`` — a user: the
    executions' evidence is loaded too, limited to the documents this user may see."""
    sections = list(roadmap.sections.all())
    measures = list(
        Measure.objects.filter(roadmap=roadmap).prefetch_related("responsible")
        .order_by("position")
    )
    rows = _load_rows(roadmap, measures, on, documents_for)

    people = {s.pk: s for row in rows for s in row.measure.responsible.all()}
    if responsible is not None:
        rows = [row for row in rows if responsible in row.responsible_ids]
    totals: dict[OccurrenceState, int] = defaultdict(int)
    for row in rows:
        for occurrence in row.occurrences:
            totals[occurrence.state] += 1
    if state is not None:
        rows = [row for row in rows if state in row.states]

    by_section: dict[int, list[MeasureRow]] = defaultdict(list)
    for row in rows:
        by_section[row.measure.section_id].append(row)
    return Board(
        roadmap=roadmap,
        on=on,
        sections=[SectionRow(s, by_section[s.pk]) for s in sections],
        totals=dict(totals),
        responsible_choices=sorted(people.values(), key=lambda s: (s.last_name, s.first_name)),
    )


def build_measure(measure: Measure, on: date, *, documents_for=None) -> MeasureRow:
    """One measure's occurrences, executions (with evidence) and meetings on ``on``."""
    return _load_rows(measure.roadmap, [measure], on, documents_for)[0]
