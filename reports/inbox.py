"""The home pages as inboxes: what is waiting for this user, across the three apps.

A coordinator's school owes data per half-year (``monitoring.registers.services``), answers
to published recommendations («ознакомлен», then «выполнено») and has dates ahead
(the submission deadline, meetings with the school's heads, roadmap dates the schools
take part in). ИМЦ and the head see the municipality's: submissions waiting to be
accepted, recommendations schools have not answered, roadmap dates overdue.

Each list is built in a fixed number of queries whatever the number of schools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from monitoring import dataversion
from monitoring.models import Period, School
from monitoring.registers import services as submissions
from monitoring.registers.submissions import Submission
from roadmap.deadlines import OccurrenceState
from roadmap.models import Meeting, MeetingKind, Roadmap
from roadmap.services import build_board

from .models import Recommendation, RecommendationAck

#: how far ahead «what is due» looks
HORIZON_DAYS = 31
#: how many lines a card shows before «все …»
LIMIT = 8


@dataclass(frozen=True)
class Due:
    """A date ahead (or passed): what, when, and where to read about it."""

    date: dt.date
    what: str
    detail: str = ""
    url: str = ""
    overdue: bool = False
    icon: str = "calendar-event"


@dataclass
class Answer:
    """A published recommendation waiting for a school's mark."""

    recommendation: Recommendation
    school: School
    mark: RecommendationAck | None = None

    @property
    def action(self) -> str:
        return "отметить выполнение" if self.mark is not None else "ознакомиться"


@dataclass
class Unanswered:
    """A published recommendation some of its schools have not acknowledged."""

    recommendation: Recommendation
    missing: list[School] = field(default_factory=list)


def _answers(schools: list[School]) -> list[Answer]:
    """Published recommendations for these schools (or all schools) without «выполнено»."""
    ids = [s.pk for s in schools]
    recommendations = list(
        Recommendation.objects.published()
        .filter(Q(school__isnull=True) | Q(school_id__in=ids))
        .select_related("school").order_by("-published_at", "-pk")
    )
    marks = {(m.recommendation_id, m.school_id): m for m in RecommendationAck.objects.filter(
        recommendation__in=recommendations, school_id__in=ids)}
    waiting = []
    for recommendation in recommendations:
        for school in schools:
            if recommendation.school_id not in (None, school.pk):
                continue
            mark = marks.get((recommendation.pk, school.pk))
            if mark is None or mark.status != RecommendationAck.Status.DONE:
                waiting.append(Answer(recommendation, school, mark))
    return waiting


def _school_dates(schools: list[School], today: dt.date) -> list[Due]:
    """Dates ahead for a coordinator: the next submission deadline, meetings with the
    school's heads, and roadmap dates of measures the schools take part in."""
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    current = Period.objects.for_date(today)
    dues = []
    for period in (current.previous(), current):
        if period.submission_due and period.submission_due >= today:
            dues.append(Due(period.submission_due, f"Сдать данные за {period}",
                            "реестры мониторинга", reverse("home") + "#what-i-owe",
                            icon="send-check"))
            break
    meetings = (Meeting.objects.filter(date__gte=today, date__lte=horizon)
                .exclude(status=Meeting.Status.CANCELLED)
                .filter(Q(schools__in=schools) | Q(kind=MeetingKind.HEADS))
                .distinct().order_by("date"))
    for meeting in meetings:
        dues.append(Due(meeting.date, capfirst(meeting.get_kind_display()), meeting.topic,
                        icon="people"))
    dues += _roadmap_dates(today, horizon, schools_only=True)
    return sorted(dues, key=lambda d: (not d.overdue, d.date))


def _current_roadmap(today: dt.date) -> Roadmap | None:
    return Roadmap.objects.exclude(status=Roadmap.Status.DRAFT).current(today)


def _roadmap_dates(today: dt.date, horizon: dt.date, *, schools_only: bool) -> list[Due]:
    """Roadmap occurrences overdue or due before ``horizon`` on the current roadmap;
    ``schools_only``: only measures whose responsible include the schools («руководители ОО»).
    The same for every user of a day until the data changes: kept in the cache under the
    data version (the board is built from the whole roadmap)."""
    return dataversion.remembered(
        "inbox-roadmap", (today, horizon, schools_only),
        lambda: _build_roadmap_dates(today, horizon, schools_only=schools_only))


def _build_roadmap_dates(today: dt.date, horizon: dt.date, *, schools_only: bool) -> list[Due]:
    roadmap = _current_roadmap(today)
    if roadmap is None:
        return []
    dues = []
    for row in build_board(roadmap, today).measure_rows:
        measure = row.measure
        if schools_only and "ОО" not in (measure.responsible_text or ""):
            continue
        for occ in row.occurrences:
            overdue = occ.state == OccurrenceState.OVERDUE
            soon = (occ.state in (OccurrenceState.DUE_SOON, OccurrenceState.IN_PROGRESS)
                    and occ.occurrence.due <= horizon)
            if overdue or soon:
                dues.append(Due(occ.occurrence.due, f"Мероприятие {measure.number}: {occ.occurrence.label}",
                                measure.text_lines[0] if measure.text_lines else "",
                                measure.get_absolute_url() + f"#occurrence-{occ.key}",
                                overdue=overdue, icon="kanban"))
    return dues


def coordinator_inbox(user, schools: list[School], today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    context = submissions.home_context(user, schools)
    answers = _answers(schools) if user.has_perm("reports.view_recommendation") else []
    context.update(
        answers=answers[:LIMIT], answers_count=len(answers),
        dues=_school_dates(schools, today), horizon=today + dt.timedelta(days=HORIZON_DAYS),
    )
    return context


def municipal_inbox(user, schools: list[School], today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    context = submissions.home_context(user, schools)
    if "review_period" in context:
        # Whatever half-year a school submitted, it waits until ИМЦ accepts or returns it,
        # also after the deadline of that half-year has passed.
        waiting = list(Submission.objects.filter(state=Submission.State.SUBMITTED,
                                                 school__in=schools)
                       .select_related("school", "period__academic_year")
                       .order_by("submitted_at"))
        context.update(waiting=waiting, review_waiting=len(waiting))
    unanswered = []
    if user.has_perm("reports.view_recommendation"):
        marks: dict[int, set[int]] = {}
        published = list(Recommendation.objects.published().select_related("school")
                         .order_by("-published_at", "-pk"))
        for recommendation_id, school_id in RecommendationAck.objects.filter(
                recommendation__in=published).values_list("recommendation_id", "school_id"):
            marks.setdefault(recommendation_id, set()).add(school_id)
        for recommendation in published:
            targets = [recommendation.school] if recommendation.school_id else schools
            missing = [s for s in targets if s.pk not in marks.get(recommendation.pk, set())]
            if missing:
                unanswered.append(Unanswered(recommendation, missing))
    overdue, board_url = [], ""
    if user.has_perm("roadmap.view_roadmap"):
        overdue = [d for d in _roadmap_dates(today, today, schools_only=False) if d.overdue]
        roadmap = _current_roadmap(today)
        board_url = f"{roadmap.get_absolute_url()}?state=overdue" if roadmap else ""
    context.update(unanswered=unanswered[:LIMIT], unanswered_count=len(unanswered),
                   overdue=overdue[:LIMIT], overdue_count=len(overdue), board_url=board_url)
    return context
