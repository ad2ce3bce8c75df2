"""Half-year submissions: what a school owes, and the transitions that submit, accept
(lock), return and unlock its data. Views, the home page and tests call these."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from .. import dataversion
from ..models import Period, School
from .catalogs import Technoclass
from .registry import Register, registry
from .submissions import Submission, SubmissionEvent

if TYPE_CHECKING:
    from ..models import User

State = Submission.State

class TransitionError(Exception):
    """A transition that is not allowed now; the message is for the user, in Russian."""


@dataclass
class RegisterCount:
    register: Register
    records: int
    events: int
    owed: bool

    @property
    def missing(self) -> bool:
        return self.owed and not self.records and not self.events


@dataclass
class HalfYear:
    """One school's half-year: its state and what each register holds."""

    school: School
    period: Period
    submission: Submission
    counts: list[RegisterCount] = field(default_factory=list)

    @property
    def missing(self) -> list[Register]:
        return [c.register for c in self.counts if c.missing]

    @property
    def total(self) -> int:
        return sum(c.records for c in self.counts)

    @property
    def overdue(self) -> bool:
        due = self.period.submission_due
        return bool(due) and timezone.localdate() > due and self.submission.state in (
            State.DRAFT, State.RETURNED)

    @property
    def can_submit(self) -> bool:
        return self.submission.state in (State.DRAFT, State.RETURNED)

    @property
    def early(self) -> bool:
        """The half-year has not ended yet: submitting or accepting it now is early."""
        return is_early(self.period)


def is_early(period: Period, today=None) -> bool:
    return (today or timezone.localdate()) <= period.ends_on


def preload_owing(schools) -> list[School]:
    """Load, in one query, what ``Register.owed_by`` asks of each school (an active
    technoclass), so that asking it for every school and register costs nothing more."""
    schools = list(schools)
    with_technoclass = set(Technoclass.objects.filter(
        is_active=True, school_id__in=[s.pk for s in schools]).values_list("school_id", flat=True))
    for school in schools:
        school.has_active_technoclass = school.pk in with_technoclass
    return schools


def half_years(schools, period: Period) -> list[HalfYear]:
    """Every school's half-year in a fixed number of queries, whatever the schools."""
    schools = list(schools)
    ids = [s.pk for s in schools]
    counts, events = _record_counts(ids, period)
    preload_owing(schools)
    submissions = {s.school_id: s for s in Submission.objects.filter(period=period, school_id__in=ids)}
    result = []
    for school in schools:
        submission = submissions.get(school.pk) or Submission(school=school, period=period)
        half = HalfYear(school, period, submission)
        for entry in registry.registers():
            half.counts.append(RegisterCount(
                entry, counts[entry.slug].get(school.pk, 0),
                events.get(entry.slug, {}).get(school.pk, 0), entry.owed_by(school, period)))
        result.append(half)
    return result


def _record_counts(ids: list[int], period: Period
                   ) -> tuple[dict[str, dict[int, int]], dict[str, dict[int, int]]]:
    """Records per register and school in the half-year, and the school-level lists
    counted for their register — read from the cache while the data version is unchanged
    (every home page asks for them: 15 queries per half-year)."""
    return dataversion.remembered("half-year-counts", (period.pk, *ids),
                                  lambda: _count_records(ids, period))


def _count_records(ids: list[int], period: Period
                   ) -> tuple[dict[str, dict[int, int]], dict[str, dict[int, int]]]:
    counts: dict[str, dict[int, int]] = {}
    for entry in registry.registers():
        records = entry.model.objects.filter(school_id__in=ids)
        if entry.yearly:
            # A program or a profile recorded in September holds for the II half-year too.
            records = records.filter(academic_year_id=period.academic_year_id,
                                     period__half__lte=period.half)
        else:
            records = records.filter(period=period)
        counts[entry.slug] = dict(
            records.values_list("school_id").annotate(n=Count("pk")).order_by())
    # A register's own school-level lists (events and agreements of register 1, class
    # sessions of register 9) count for it too: an event known only by its participant
    # count is data the school has given.
    events: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for entry in registry:
        if entry.parent and entry.kind == "school":
            found = (entry.model.objects.filter(period=period, school_id__in=ids)
                     .values_list("school_id").annotate(n=Count("pk")).order_by())
            for school_id, n in found:
                events[entry.parent][school_id] += n
    return counts, {slug: dict(by_school) for slug, by_school in events.items()}


def periods_to_report(today=None) -> list[Period]:
    """The half-years a coordinator sees on the home page: the current one, and the
    previous one while it is not accepted (its deadline falls in the current one)."""
    current = Period.objects.current() if today is None else Period.objects.for_date(today)
    return [current.previous(), current]


def review_period(today=None) -> Period:
    """The half-year ИМЦ reviews by default: the previous one until its deadline passes."""
    today = today or timezone.localdate()
    current = Period.objects.for_date(today)
    previous = current.previous()
    return previous if previous.submission_due and today <= previous.submission_due else current


# ------------------------------------------------------------------ transitions


def _record(submission: Submission, to_state: str, user: User | None, action: str,
            comment: str = "") -> Submission:
    from_state = submission.state
    submission.state = to_state
    now = timezone.now()
    if to_state == State.SUBMITTED:
        submission.submitted_at = now
    elif to_state in (State.ACCEPTED, State.RETURNED):
        submission.decided_at = now
        submission.comment = comment
    submission.save()
    SubmissionEvent.objects.create(submission=submission, from_state=from_state,
                                   to_state=to_state, action=action, user=user, comment=comment)
    return submission


def _locked_row(school: School, period: Period) -> Submission:
    submission, _ = Submission.objects.select_for_update().get_or_create(school=school,
                                                                        period=period)
    return submission


@transaction.atomic
def submit(school: School, period: Period, user: User, *, comment: str = "",
           confirm_missing: bool = False, confirm_early: bool = False) -> Submission:
    submission = _locked_row(school, period)
    if submission.state == State.SUBMITTED:
        raise TransitionError(f"Данные за {period} уже сданы и ждут проверки ИМЦ.")
    if submission.state == State.ACCEPTED:
        raise TransitionError(f"Данные за {period} уже приняты ИМЦ.")
    if is_early(period) and not confirm_early:
        raise TransitionError(
            f"{period} ещё не закончилось (оно длится до {period.ends_on:%d.%m.%Y}). Когда ИМЦ "
            "примет данные, они закроются, и записи, датированные до конца полугодия, внести "
            "будет нельзя. Если всё уже внесено, отметьте «Сдаю досрочно» и сдайте данные снова."
        )
    missing = half_years([school], period)[0].missing
    if missing and not confirm_missing:
        names = "; ".join(f"«{r.full_title}»" for r in missing)
        raise TransitionError(
            f"В реестрах нет записей за полугодие: {names}. Внесите их или, если в полугодии "
            "их не было, отметьте «Подтверждаю» и сдайте данные снова."
        )
    note = comment.strip()
    if missing:
        nothing = "нет записей в реестрах " + ", ".join(str(r.number) for r in missing)
        note = f"{nothing}; {note}" if note else nothing
    return _record(submission, State.SUBMITTED, user, "сдано ОО", note)


@transaction.atomic
def accept(submission: Submission, user: User, comment: str = "", *,
           confirm_early: bool = False) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != State.SUBMITTED:
        raise TransitionError(
            f"Принять можно только сданные данные; сейчас: «{submission.state_label}».")
    period = submission.period
    if is_early(period) and not confirm_early:
        # Accepting locks the half-year: its December records would then be refused.
        raise TransitionError(
            f"{period} ещё не закончилось (оно длится до {period.ends_on:%d.%m.%Y}). Если "
            "принять данные сейчас, они закроются, и записи ОО, датированные до конца "
            "полугодия, внести будет нельзя. Чтобы всё же принять, отметьте «Принять досрочно»."
        )
    return _record(submission, State.ACCEPTED, user, "принято ИМЦ, данные закрыты", comment.strip())


@transaction.atomic
def return_for_correction(submission: Submission, user: User, comment: str) -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != State.SUBMITTED:
        raise TransitionError(
            f"Вернуть можно только сданные данные; сейчас: «{submission.state_label}».")
    if not comment.strip():
        raise TransitionError("Напишите комментарий: что ОО нужно исправить.")
    return _record(submission, State.RETURNED, user, "возвращено ИМЦ на доработку",
                   comment.strip())


@transaction.atomic
def unlock(submission: Submission, user: User, comment: str = "") -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.state != State.ACCEPTED:
        raise TransitionError("Снять блокировку можно только с принятых данных.")
    comment = comment.strip() or "Блокировка снята ИМЦ для исправления данных."
    return _record(submission, State.RETURNED, user, "блокировка снята ИМЦ", comment)


def state_counts(half_years_: list[HalfYear]) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for half in half_years_:
        found[half.submission.state] += 1
    return {state.label: found.get(state.value, 0) for state in State}


def home_context(user: User, schools: list[School]) -> dict:
    """What the home page shows about submissions, for a coordinator or for ИМЦ/the head."""
    if not user.has_perm("monitoring.view_submission"):
        return {}
    if user.is_coordinator and not user.sees_all_schools:
        by_school: dict[int, list[HalfYear]] = defaultdict(list)
        previous, current = periods_to_report()
        for period in (previous, current):
            for half in half_years(schools, period):
                if period == previous and half.submission.state == State.ACCEPTED:
                    continue  # the past half-year is done; only the current one matters
                by_school[half.school.pk].append(half)
        for school in schools:
            school.half_years = by_school.get(school.pk, [])
        return {"registers": registry.registers()}
    period = review_period()
    halves = half_years(schools, period)
    return {"review_period": period, "review_totals": state_counts(halves),
            "review_waiting": sum(1 for h in halves if h.submission.state == State.SUBMITTED)}


def student_path(student) -> list[dict]:
    """One student's records in every register, oldest first: the path the roadmap wants
    followed across registers and years (one query per register)."""
    rows = []
    for entry in registry:
        if not entry.per_student:
            continue
        records = entry.model.objects.filter(student=student).select_related(
            "academic_year", *entry.select_related)
        for record in records:
            rows.append({"date": record.date, "year": record.academic_year, "register": entry,
                         "record": record, "class_name": record.class_name,
                         "what": " · ".join(str(c.cell(record)) for c in entry.columns[:2]
                                            if c.cell(record) not in ("", None))})
    return sorted(rows, key=lambda row: (row["date"], row["register"].number or 99))
