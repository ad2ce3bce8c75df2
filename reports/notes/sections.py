"""The note's sections that come from the registers, the indicators, staff training and
the roadmap — the same figures the dashboards show, computed by the same services.

Registers are compared with the same half-year a year earlier and judged only in the
half-years a school owes them (admissions — in the II half-year); indicators carry their
annual judgement (``IndicatorValue.status``), made only where the year closes with the
half-year. Every function is a fixed number of aggregate queries; no person's name is read."""

from __future__ import annotations

from django.db.models import Q, Sum

from monitoring.models import Period, School, Staff
from monitoring.registers.records import ProjectoriaSession
from monitoring.registers.registry import registry
from monitoring.registers.services import preload_owing

from ..indicators.catalogue import roadmap_in_force
from ..indicators.counting import persons
from ..indicators.records import in_span
from ..indicators.registry import MUNICIPALITY, Basis
from ..indicators.scope import Span, parse_span
from ..indicators.service import Evaluation, IndicatorValue, evaluate
from ..recommendations import Gap, gaps_of, proposals
from ..renderers.base import Table
from ..text import GRADUATES, STUDENTS, VIEWINGS, count_phrase
from .conclusions import (
    GrowthFigure,
    IndicatorFigure,
    declines,
    growth_conclusions,
    indicator_conclusions,
    pending_conclusion,
    roadmap_conclusions,
    schools_sentence,
    training_conclusions,
)
from .data import IndicatorRow, MonitoringSection, RoadmapItem, SchoolCount, TrainingRow
from .preliminary import cut
from .registers import part_of

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
    "proektoria": "обучающихся — участников открытых уроков «ПроеКТОриЯ» (поимённо)",
    "ticket-to-future": "участников проекта «Билет в будущее»",
}

# A sheet name of the XLSX appendix per register (Excel allows 31 characters).
SHEETS = {
    "employers": "1. Предприятия", "additional-education": "2. Доп. образование",
    "profile-study": "3. Профильное обучение", "diagnostics": "4. Диагностика",
    "admissions": "5. Поступление в ПОО и ВО", "competitions": "6. Конкурсы",
    "technoclasses": "7. Техноклассы", "growth-points": "8. Точка роста",
    "proektoria": "9. ПроеКТОриЯ", "ticket-to-future": "10. Билет в будущее",
}

# Why nobody owes a register in a half-year: the section says so instead of a decline.
NOT_OWED = {
    "admissions": "Поступление выпускников в организации СПО и ВО учитывается во II полугодии "
                  "(приём проходит летом); в I полугодии мониторинг не оценивается.",
    "technoclasses": "В ОО нет действующих детских техноклассов: мониторинг не проводится.",
    "growth-points": "В ОО нет центров «Точка роста»: мониторинг не проводится.",
}

#: staff categories and roles in the genitive, for the training conclusions
CATEGORY_GENITIVE = {
    Staff.Category.DEPARTMENT: "сотрудников отдела образования",
    Staff.Category.SCHOOL_ADMIN: "работников администрации ОО",
    Staff.Category.TEACHER: "педагогов ОО",
    "class_teacher": "классных руководителей",
    "specialist": "узких специалистов",
    "tutor": "тьюторов",
}
ROLE_LABELS = {"class_teacher": "классные руководители", "specialist": "узкие специалисты",
               "tutor": "тьюторы"}

#: when a target not judged in this half-year will be, for the conclusions
WHEN_JUDGED = {
    "оценивается по итогам учебного года": "по итогам учебного года (в справке за II полугодие)",
    "оценивается по итогам календарного года":
        "по итогам календарного года (в справке за I полугодие следующего учебного года)",
    "оценивается на 31 декабря": "на 31 декабря (в справке за I полугодие следующего учебного года)",
}

#: what only the municipality has a value of: left out of a school's note
MUNICIPAL_ONLY = {"normative_documents", "measures_on_time", "training_department"}


def noun_forms(slug: str) -> tuple[str, str, str]:
    """Who a register counts, for the numerals: graduates in register 5, else students."""
    return GRADUATES if slug == "admissions" else STUDENTS


def period_span(period: Period, as_of=None) -> Span:
    """The half-year's span; cut at ``as_of`` for a pre-conference note."""
    return cut(parse_span(period.code), as_of)


def register_counts(entry, span: Span, schools: list[School]) -> dict[int | None, tuple[int, int]]:
    """{school: (people, of them with ОВЗ)} of a register in a span, and under None the
    same across the schools, each person once (a student who moved counts once).

    Register 9 counts the students listed by name; the lessons watched by whole classes
    are participations, not students (:func:`session_counts`)."""
    records = entry.model.objects.filter(in_span(entry.model, span), school__in=schools)
    measures = {"n": persons(), "ovz": persons(condition=Q(has_ovz=True))}
    result = {row["school"]: (row["n"], row["ovz"])
              for row in records.order_by().values("school").annotate(**measures)}
    total = records.order_by().aggregate(**measures)
    result[MUNICIPALITY] = (total["n"] or 0, total["ovz"] or 0)
    return result


def session_counts(span: Span, schools: list[School]) -> dict[int | None, tuple[int, int]]:
    """Participations in «ПроеКТОриЯ» lessons watched by whole classes (entered as counts)."""
    records = ProjectoriaSession.objects.filter(in_span(ProjectoriaSession, span),
                                                school__in=schools)
    measures = {"n": Sum("participants_count"), "ovz": Sum("participants_ovz")}
    result = {row["school"]: (row["n"] or 0, row["ovz"] or 0)
              for row in records.order_by().values("school").annotate(**measures)}
    total = records.order_by().aggregate(**measures)
    result[MUNICIPALITY] = (total["n"] or 0, total["ovz"] or 0)
    return result


def _rows(schools: list[School], now: dict, earlier: dict) -> tuple[list[SchoolCount], SchoolCount]:
    rows = [SchoolCount(s.short_name, *now.get(s.pk, (0, 0)), earlier.get(s.pk, (0, 0))[0])
            for s in schools]
    return rows, SchoolCount("Итого", *now[MUNICIPALITY], earlier[MUNICIPALITY][0])


def viewings_table(title: str, rows: list[SchoolCount], total: SchoolCount) -> Table:
    """Lessons watched by whole classes: participations by school, kept apart from students."""
    table_rows: list[list] = [
        [r.school, r.total, r.ovz, r.year_ago,
         None if r.year_ago is None else r.total - r.year_ago] for r in rows]
    if len(rows) > 1:
        table_rows.append(["Итого", total.total, total.ovz, total.year_ago,
                           None if total.year_ago is None else total.total - total.year_ago])
    return Table(title, ["ОО", "Участий", "в т.ч. с ОВЗ", "Год назад", "Изменение"],
                 table_rows, total_row=len(rows) > 1, signed=(4,),
                 sheet_name="9. Просмотры классами")


def monitoring_sections(period: Period, schools: list[School], as_of=None
                        ) -> tuple[list[MonitoringSection], list[str]]:
    """The ten monitorings: a table by school with «в т.ч. с ОВЗ» against the same
    half-year a year earlier; plus sentences about schools whose counts fell. A register
    nobody owes in the half-year (admissions in the I half-year) is said so, not judged.
    With ``as_of`` (the pre-conference note) the half-year is cut at that day."""
    span = period_span(period, as_of)
    year_ago = span.year_earlier()
    labels = (span.label, year_ago.label)
    schools = preload_owing(schools)
    sections, falling = [], []
    for entry in registry.registers():
        if not entry.per_student:
            continue
        owing = [s for s in schools if entry.owed_by(s, period)]
        if not owing:
            reason = NOT_OWED.get(entry.slug, "В этом полугодии ни одна ОО не ведёт этот реестр.")
            sections.append(MonitoringSection(entry.title, paragraphs=[reason], judged=False))
            continue
        rows, total = _rows(owing, register_counts(entry, span, owing),
                            register_counts(entry, year_ago, owing))
        viewings = None
        if entry.slug == "proektoria":
            viewings = _rows(owing, session_counts(span, owing), session_counts(year_ago, owing))
        if not any(r.total or r.year_ago for r in rows) and not (
                viewings and (viewings[1].total or viewings[1].year_ago)):
            # Nothing entered in this half-year nor a year earlier: no table of zeros.
            sections.append(MonitoringSection(entry.title))
            continue
        if any(r.total or r.year_ago for r in rows):
            section = MonitoringSection.from_counts(
                entry.title, COUNTED.get(entry.slug, "обучающихся"), rows, total,
                sheet_name=SHEETS.get(entry.slug, ""), labels=labels,
                forms=noun_forms(entry.slug))
        else:
            # Only lessons watched by whole classes: no table of zero named students.
            section = MonitoringSection(entry.title, judged=False)
        if viewings is not None:
            add_viewings(section, *viewings)
        own = part_of(entry.slug)
        if own is not None:
            own.note_part(section, span, year_ago, owing)
        sections.append(section)
        fell = declines({r.school: (r.total, r.year_ago) for r in rows})
        sentence = schools_sentence(
            fell, f"снижение по сравнению с тем же полугодием прошлого учебного года "
                  f"по мониторингу «{entry.title}»")
        if sentence and len(schools) > 1:
            falling.append(sentence)
    return sections, falling


def add_viewings(section: MonitoringSection, rows: list[SchoolCount], total: SchoolCount) -> None:
    """Register 9's class viewings: a table of their own and a sentence that keeps them
    apart from the students counted by name."""
    if not (total.total or total.year_ago):
        return
    section.extra_tables.append(viewings_table(
        "Открытые уроки «ПроеКТОриЯ»: просмотры классами (число участий)", rows, total))
    before = ("" if total.year_ago is None
              else f" (год назад — {count_phrase(total.year_ago, VIEWINGS)})")
    lead = "Кроме того, уроки" if section.table is not None else "Уроки"
    section.paragraphs.append(
        f"{lead} смотрели классами без поимённого учёта: "
        f"{count_phrase(total.total, VIEWINGS)}{before}. Это участия, а не обучающиеся: "
        "с числом обучающихся они не суммируются.")


def _period_phrase(item: IndicatorValue) -> str:
    """«за 2022/2023 учебный год», «за 2022 год», «на 31.12.2022» — what the status judges."""
    span = item.annual_span
    if span is None:
        return ""
    if item.definition.basis is Basis.STATE:
        return f"на {span.end:%d.%m.%Y}"
    return f"за {span.label}"


def assessment(item: IndicatorValue) -> str:
    """The «Оценка» cell: the target's status, or why it is not judged yet, and the yearly
    increase where the roadmap expects one."""
    parts = []
    if item.status is not None:
        parts.append(item.status.label)
    elif item.pending:
        parts.append(item.pending)
    if item.growth is not None:
        parts.append(item.growth.label)
    return "; ".join(parts)


def indicator_section(evaluation: Evaluation, key: int | None
                      ) -> tuple[list[IndicatorRow], list[str], list[Gap]]:
    """The indicators in the half-year against the same half-year a year earlier; the
    annual values judged against the annual targets where the year closes with it."""
    rows, figures, growth = [], [], []
    pending: dict[str, int] = {}
    for definition in evaluation.definitions:
        if key is not MUNICIPALITY and definition.code in MUNICIPAL_ONLY:
            continue
        item = evaluation.get(definition.code, key)
        before = item.year_earlier.value if item.year_earlier is not None else None
        rows.append(IndicatorRow(
            definition.name, definition.unit, item.value, item.target, assessment(item),
            item.change_year, before, item.annual_value if item.annual_differs else None))
        if item.status is not None and not (definition.category or definition.role):
            # Training coverage has sentences of its own (who is left to train).
            figures.append(IndicatorFigure(definition.name, item.annual_value, item.target,
                                           definition.higher_is_better, definition.unit,
                                           _period_phrase(item)))
        elif item.pending:
            pending[item.pending] = pending.get(item.pending, 0) + 1
        if item.growth is not None:
            growth.append(GrowthFigure(definition.name, item.annual_value,
                                       item.annual_before.value, item.growth.value == "grown",
                                       definition.unit, _period_phrase(item)))
    sentences = indicator_conclusions(figures) + growth_conclusions(growth)
    for pending_label, count in pending.items():
        sentences += pending_conclusion(count, WHEN_JUDGED[pending_label])
    return rows, sentences, gaps_of(evaluation, [key])


def training_section(evaluation: Evaluation, key: int | None) -> tuple[list[TrainingRow], list[str]]:
    rows, judged = [], []
    for definition in evaluation.definitions:
        if not (definition.category or definition.role):
            continue
        if key is not MUNICIPALITY and definition.code in MUNICIPAL_ONLY:
            continue
        item = evaluation.get(definition.code, key)
        trained = int(item.measure.numerator or 0)
        total = int(item.measure.denominator or 0)
        label = (Staff.Category(definition.category).label if definition.category
                 else ROLE_LABELS[definition.role])
        rows.append(TrainingRow(label, trained, total, item.value, item.target,
                                assessment(item) or "—"))
        if item.status is not None:
            who = CATEGORY_GENITIVE[definition.category or definition.role]
            judged.append((who, trained, total, item.target))
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


def note_recommendations(period: Period, school: School | None,
                         gaps: list[Gap]) -> dict[str, list[str]]:
    """Section 7 of the note: recommendations of the half-year or its academic year."""
    return recommendations_for([period.code, period.academic_year.title], school, gaps)


def note_recommendations_for_year(span: Span, school: School | None,
                                  gaps: list[Gap]) -> dict[str, list[str]]:
    """The yearly report's recommendations: of the academic year or either half-year."""
    return recommendations_for([span.code, f"{span.code}-1", f"{span.code}-2"], school, gaps)


def recommendations_for(period_codes: list[str], school: School | None,
                        gaps: list[Gap]) -> dict[str, list[str]]:
    """What ИМЦ published for the periods (or with no period) and, beside it, what the
    rules propose for the document's missed targets — per audience. A proposal is left
    out only where its own rule's recommendation for the same school is published, so
    publishing one item removes nothing else."""
    from ..models import Recommendation

    published = Recommendation.objects.published().filter(
        Q(period_code="") | Q(period_code__in=period_codes)
    ).select_related("school").order_by("audience", "school__short_name", "pk")
    if school is not None:
        # A school's note goes to the school: the department's own tasks stay out of it.
        published = published.filter(Q(school__isnull=True) | Q(school=school)).exclude(
            audience=Recommendation.Audience.DEPARTMENT)
    grouped: dict[str, list[str]] = {}

    def add(audience: str, text: str) -> None:
        items = grouped.setdefault(audience, [])
        if text not in items:
            items.append(text)

    covered = set()
    for item in published:
        prefix = f"{item.school.short_name}: " if item.school_id and school is None else ""
        add(item.audience, prefix + item.text.strip())
        if item.rule_code:
            covered.add((item.school_id, item.rule_code))
    for proposal in proposals(gaps):
        school_id = proposal.school.pk if proposal.school else None
        if (school_id, proposal.rule_code) in covered:
            continue
        prefix = f"{proposal.school.short_name}: " if proposal.school and school is None else ""
        add(proposal.audience, prefix + proposal.text)
    return grouped


def evaluation_for(period: Period, schools: list[School], as_of=None) -> Evaluation:
    return evaluate(period_span(period, as_of), schools=schools)
