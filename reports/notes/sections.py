"""The note's sections that come from the registers, the indicators, staff training and
the roadmap — the same figures the dashboards show, computed by the same services.

Every function is a fixed number of aggregate queries; no person's name is read."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from monitoring.models import Period, School, Staff
from monitoring.registers.records import ProjectoriaSession
from monitoring.registers.registry import registry
from monitoring.registers.services import preload_owing

from ..indicators.catalogue import roadmap_in_force
from ..indicators.records import in_span
from ..indicators.registry import MUNICIPALITY
from ..indicators.scope import Span, parse_span
from ..indicators.service import Evaluation, evaluate
from ..recommendations import Gap, suggest
from ..text import format_decimal
from .conclusions import (
    IndicatorFigure,
    declines,
    indicator_conclusions,
    roadmap_conclusions,
    schools_sentence,
    training_conclusions,
)
from .data import IndicatorRow, MonitoringSection, RoadmapItem, SchoolCount, TrainingRow
from .preliminary import cut

# Who each register counts, in the genitive after «Число …».
COUNTED = {
    "employers": "обучающихся — участников мероприятий с предприятиями",
    "additional-education": "обучающихся, получающих дополнительное образование профильной "
                            "направленности",
    "profile-study": "обучающихся, изучающих предметы углублённо или по профилю",
    "diagnostics": "обучающихся, охваченных профориентационной диагностикой",
    "admissions": "выпускников, поступивших в организации СПО и ВО",
    "competitions": "обучающихся — участников конкурсов профессионального мастерства и "
                    "конференций",
    "technoclasses": "обучающихся детских техноклассов",
    "growth-points": "обучающихся центров «Точка роста»",
    "proektoria": "участников открытых уроков «ПроеКТОриЯ»",
    "ticket-to-future": "участников проекта «Билет в будущее»",
}

#: staff categories in the genitive, for the training conclusions
CATEGORY_GENITIVE = {
    Staff.Category.DEPARTMENT: "сотрудников отдела образования",
    Staff.Category.SCHOOL_ADMIN: "работников администрации ОО",
    Staff.Category.TEACHER: "педагогов ОО",
}


def period_span(period: Period, as_of=None) -> Span:
    """The half-year's span; cut at ``as_of`` for a pre-conference note."""
    return cut(parse_span(period.code), as_of)


def _students(model, span: Span, schools: list[School]) -> dict[int, tuple[int, int]]:
    """{school: (distinct students, of them with ОВЗ)} of a register in a span."""
    rows = (model.objects.filter(in_span(model, span), school__in=schools)
            .order_by().values("school")
            .annotate(n=Count("student", distinct=True),
                      ovz=Count("student", distinct=True, filter=Q(has_ovz=True))))
    return {row["school"]: (row["n"], row["ovz"]) for row in rows}


def _sessions(span: Span, schools: list[School]) -> dict[int, tuple[int, int]]:
    """Participants of «ПроеКТОриЯ» lessons watched by whole classes (entered as counts)."""
    rows = (ProjectoriaSession.objects.filter(in_span(ProjectoriaSession, span),
                                              school__in=schools)
            .order_by().values("school")
            .annotate(n=Sum("participants_count"), ovz=Sum("participants_ovz")))
    return {row["school"]: (row["n"] or 0, row["ovz"] or 0) for row in rows}


def _merge(a: dict, b: dict) -> dict:
    return {k: tuple(x + y for x, y in zip(a.get(k, (0, 0)), b.get(k, (0, 0)), strict=True))
            for k in set(a) | set(b)}


def register_counts(entry, span: Span, schools: list[School]) -> dict[int, tuple[int, int]]:
    counts = _students(entry.model, span, schools)
    if entry.slug == "proektoria":
        counts = _merge(counts, _sessions(span, schools))
    return counts


def monitoring_sections(period: Period, schools: list[School], as_of=None
                        ) -> tuple[list[MonitoringSection], list[str]]:
    """The ten monitorings: a table by school with «в т.ч. с ОВЗ», the previous half-year
    and the same half-year a year earlier; plus sentences about schools whose counts fell."""
    span = period_span(period, as_of)
    previous, year_ago = span.previous(), span.year_earlier()
    schools = preload_owing(schools)
    sections, falling = [], []
    for entry in registry:
        if not entry.is_register or not entry.per_student:
            continue
        owing = [s for s in schools if entry.owed_by(s, period)] or schools
        now = register_counts(entry, span, owing)
        before = register_counts(entry, previous, owing)
        earlier = register_counts(entry, year_ago, owing)
        rows = [
            SchoolCount(school.short_name, now.get(school.pk, (0, 0))[0],
                        now.get(school.pk, (0, 0))[1], before.get(school.pk, (0, 0))[0],
                        earlier.get(school.pk, (0, 0))[0])
            for school in owing
        ]
        title = entry.full_title
        if not any(r.total or r.previous or r.year_ago for r in rows):
            # Nothing entered in this half-year nor in the two compared: no table of zeros.
            sections.append(MonitoringSection(title))
            continue
        section = MonitoringSection.from_counts(title, COUNTED.get(entry.slug, "обучающихся"), rows)
        sections.append(section)
        fell = declines({r.school: (r.total, r.previous) for r in rows})
        sentence = schools_sentence(fell, f"снижение по мониторингу «{entry.title}»")
        if sentence and len(schools) > 1:
            falling.append(sentence)
    return sections, falling


def indicator_section(evaluation: Evaluation, key: int | None) -> tuple[list[IndicatorRow], list[str], list[Gap]]:
    rows, figures, gaps = [], [], []
    school = None
    if key is not MUNICIPALITY:
        school = next((s for s in evaluation.schools if s.pk == key), None)
    for definition in evaluation.definitions:
        item = evaluation.get(definition.code, key)
        change = ""
        if item.change is not None:
            sign = "+" if item.change > 0 else ""
            change = f"{sign}{format_decimal(item.change)}"
        rows.append(IndicatorRow(definition.name, definition.unit, item.value, item.target,
                                 item.status.label if item.status else "", change))
        figures.append(IndicatorFigure(definition.name, item.value, item.target,
                                       definition.higher_is_better, definition.unit))
        if item.status is not None and item.status.value != "achieved":
            gaps.append(Gap(school, definition.code, definition.name, item.value, item.target))
    return rows, indicator_conclusions(figures), gaps


def training_section(evaluation: Evaluation, key: int | None) -> tuple[list[TrainingRow], list[str]]:
    rows, judged = [], []
    for definition in evaluation.definitions:
        if not definition.category:
            continue
        if key is not MUNICIPALITY and definition.category == Staff.Category.DEPARTMENT:
            continue
        item = evaluation.get(definition.code, key)
        trained = int(item.measure.numerator or 0)
        total = int(item.measure.denominator or 0)
        label = Staff.Category(definition.category).label
        rows.append(TrainingRow(label, trained, total, item.value, item.target))
        if item.target is not None:
            judged.append((CATEGORY_GENITIVE[definition.category], trained, total, item.target))
    return rows, training_conclusions(judged)


def roadmap_section(span: Span) -> tuple[list[RoadmapItem], list[RoadmapItem], list[str]]:
    """Occurrences of the roadmap in force that fell due in the half-year: done and overdue."""
    from roadmap.deadlines import OccurrenceState
    from roadmap.services import build_board

    roadmap = roadmap_in_force(span)
    if roadmap is None:
        return [], [], []
    board = build_board(roadmap, span.end)
    done, overdue = [], []
    for row in board.measure_rows:
        for occurrence in row.occurrences:
            if not span.start <= occurrence.occurrence.due <= span.end:
                continue
            item = RoadmapItem(row.measure.number, row.measure.text,
                               row.measure.deadline_text, occurrence.occurrence.label)
            if occurrence.state is OccurrenceState.DONE:
                closed = occurrence.closed_on
                item.note = f"{occurrence.occurrence.label}; выполнено {closed:%d.%m.%Y}" if closed else item.note
                done.append(item)
            elif occurrence.state is OccurrenceState.OVERDUE:
                overdue.append(item)
    return done, overdue, roadmap_conclusions(len(done), len(overdue))


def suggested_recommendations(gaps: list[Gap]) -> dict[str, list[str]]:
    """Recommendations the rules suggest for the gaps (not saved), by audience."""
    grouped: dict[str, list[str]] = {}
    for audience, text in suggest(gaps):
        if text not in grouped.setdefault(audience, []):
            grouped[audience].append(text)
    return grouped


def evaluation_for(period: Period, schools: list[School], as_of=None) -> Evaluation:
    return evaluate(period_span(period, as_of), schools=schools)
