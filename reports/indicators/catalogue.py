"""The roadmap's indicators (passport item 3, measure 2.1) and how each is computed.

Every computation is a handful of aggregate queries (grouped by school, plus one for the
municipality); none loops over rows. Shares of students count each student once
(``COUNT(DISTINCT student)``); the grade and ОВЗ status are those recorded with each
record (the student's class at that time), the sex is the student's.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, Sum

from monitoring.models import Enrollment, Student
from monitoring.registers.records import (
    AdditionalEducation,
    Admission,
    CompetitionParticipation,
    Diagnostic,
    EmployerAgreement,
    EmployerEvent,
    EmployerInteraction,
    GraduateStatus,
    GrowthPointParticipation,
    ProfileStudy,
    ProjectoriaParticipation,
    ProjectoriaSession,
    TechnoclassParticipation,
    TicketParticipation,
)

from .records import in_span
from .registry import MUNICIPALITY, Measure, Values, indicator
from .scope import GRADE_BANDS, Breakdown, Span

ALL_GRADES = (1, 11)

# ----------------------------------------------------------------- building blocks


def _grades(breakdown: Breakdown, population: tuple[int, int]) -> tuple[int, int] | None:
    """The grades both the indicator's population and the breakdown's band cover."""
    low, high = population
    if breakdown.grade_band:
        band_low, band_high = GRADE_BANDS[breakdown.grade_band]
        low, high = max(low, band_low), min(high, band_high)
    return (low, high) if low <= high else None


def _record_filter(model, span: Span, breakdown: Breakdown, grades: tuple[int, int]) -> Q:
    condition = in_span(model, span)
    if grades != ALL_GRADES:
        # Records whose class is unknown count only where every grade is counted.
        condition &= Q(grade__gte=grades[0], grade__lte=grades[1])
    if breakdown.ovz is not None:
        condition &= Q(has_ovz=breakdown.ovz)
    if breakdown.sex:
        condition &= Q(student__sex=breakdown.sex)
    return condition


def grouped(queryset, expression, school: str = "school") -> Values:
    """{school id: n} and {None: municipal n} — two queries."""
    rows = queryset.order_by().values(school).annotate(n=expression)
    values: Values = {row[school]: Measure(row["n"] or 0, percent=False) for row in rows}
    total = queryset.order_by().aggregate(n=expression)["n"] or 0
    values[MUNICIPALITY] = Measure(total, percent=False)
    return values


def population(span: Span, breakdown: Breakdown, grades: tuple[int, int],
               school_filter: Q | None = None) -> Values:
    """Students enrolled in the span's academic year, in the grades and slice asked."""
    enrolled = Enrollment.objects.filter(
        academic_year__start_year=span.academic_year_start,
        grade__gte=grades[0], grade__lte=grades[1],
    )
    if breakdown.ovz is not None:
        enrolled = enrolled.filter(student__has_ovz=breakdown.ovz)
    if breakdown.sex:
        enrolled = enrolled.filter(student__sex=breakdown.sex)
    if school_filter is not None:
        enrolled = enrolled.filter(school_filter)
    return grouped(enrolled, Count("student", distinct=True), school="student__school")


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
                  school_filter: Q | None = None) -> Values:
    """Distinct students with a record of ``model`` in the span ÷ students enrolled."""
    band = _grades(breakdown, grades)
    if band is None:
        return {}
    records = model.objects.filter(_record_filter(model, span, breakdown, band))
    if extra is not None:
        records = records.filter(extra)
    return ratio(grouped(records, Count("student", distinct=True)),
                 population(span, breakdown, band, school_filter))


def record_count(queryset) -> Values:
    return grouped(queryset, Count("pk"))


# ------------------------------------------------------------- participation (III)

GROUP_PARTICIPATION = "Участие обучающихся в профориентационных мероприятиях"
GROUP_PROJECTS = "Федеральные и всероссийские проекты"
GROUP_EDUCATION = "Получение профессионального образования выпускниками"
GROUP_PARTNERS = "Взаимодействие с ПОО и работодателями"
ENROLLED = "число обучающихся ОО по спискам классов учебного года"


@indicator(
    code="unique_reach", name="Охват обучающихся профориентационной работой (уникальные обучающиеся)",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся, принявших участие хотя бы в одной профориентационной "
              "активности (реестры 1, 2, 4, 6, 7, 8, 9, 10); каждый обучающийся считается один раз",
    denominator=ENROLLED, source="Реестры 1, 2, 4, 6–10",
    expectation="ежегодное увеличение",
)
def unique_reach(span: Span, breakdown: Breakdown) -> Values:
    band = _grades(breakdown, ALL_GRADES)
    if band is None:
        return {}
    activity_models = [EmployerInteraction, AdditionalEducation, Diagnostic,
                       CompetitionParticipation, TechnoclassParticipation,
                       GrowthPointParticipation, ProjectoriaParticipation, TicketParticipation]
    condition = Q()
    for model in activity_models:
        records = model.objects.filter(
            _record_filter(model, span, breakdown, band), student=OuterRef("pk")
        )
        condition |= Q(Exists(records))
    # The reached student is counted at the school of the records; a student belongs to
    # one school, so grouping by the student's school gives the same split.
    reached = Student.objects.filter(condition)
    return ratio(grouped(reached, Count("pk", distinct=True)),
                 population(span, breakdown, band))


@indicator(
    code="employer_events_share", name="Доля обучающихся — участников совместных мероприятий с предприятиями",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся, участвовавших в экскурсиях, профпробах, мастер-классах "
              "предприятий (реестр 1, поимённо)",
    denominator=ENROLLED, source="Реестр 1", expectation="ежегодное увеличение",
)
def employer_events_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(EmployerInteraction, span, breakdown)


@indicator(
    code="competitions_share", name="Доля обучающихся — участников конкурсов профессионального мастерства, конференций",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся, участвовавших в конкурсах профмастерства (в т.ч. «Абилимпикс»), "
              "конференциях и др. (реестр 6)",
    denominator=ENROLLED, source="Реестр 6", expectation="ежегодное увеличение",
)
def competitions_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(CompetitionParticipation, span, breakdown)


@indicator(
    code="skills_competitions", name="Участники конкурсов профессионального мастерства (в т.ч. «Абилимпикс»)",
    unit="чел.", group=GROUP_PARTICIPATION,
    numerator="число обучающихся — участников конкурсов профессионального мастерства и "
              "«Абилимпикс» (реестр 6)",
    denominator="", source="Реестр 6", expectation="ежегодное увеличение",
)
def skills_competitions(span: Span, breakdown: Breakdown) -> Values:
    records = CompetitionParticipation.objects.filter(
        _record_filter(CompetitionParticipation, span, breakdown,
                       _grades(breakdown, ALL_GRADES) or (0, -1)),
        competition__kind__in=["skills", "abilympics"],
    )
    return grouped(records, Count("student", distinct=True))


@indicator(
    code="competition_winners", name="Победители и призёры конкурсов и конференций",
    unit="чел.", group=GROUP_PARTICIPATION,
    numerator="число обучающихся — победителей и призёров (реестр 6)",
    denominator="", source="Реестр 6", expectation="ежегодное увеличение",
)
def competition_winners(span: Span, breakdown: Breakdown) -> Values:
    records = CompetitionParticipation.objects.filter(
        _record_filter(CompetitionParticipation, span, breakdown,
                       _grades(breakdown, ALL_GRADES) or (0, -1)),
        result__in=[CompetitionParticipation.Result.WINNER, CompetitionParticipation.Result.PRIZE],
    )
    return grouped(records, Count("student", distinct=True))


@indicator(
    code="diagnostics_share", name="Охват обучающихся профориентационной диагностикой",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся, прошедших профориентационную диагностику (реестр 4)",
    denominator=ENROLLED + " (6–11 классы)", source="Реестр 4",
    expectation="ежегодное увеличение",
)
def diagnostics_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(Diagnostic, span, breakdown, grades=(6, 11))


@indicator(
    code="additional_education_share",
    name="Доля обучающихся, получающих дополнительное образование профильной / предпрофильной направленности",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся в программах дополнительного образования профильной или "
              "предпрофильной направленности (реестр 2)",
    denominator=ENROLLED, source="Реестр 2", expectation="ежегодное увеличение",
)
def additional_education_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(AdditionalEducation, span, breakdown)


@indicator(
    code="profile_study_share",
    name="Доля обучающихся, изучающих предметы на углублённом уровне / по профилю",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся 8–11 классов, изучающих предметы углублённо или по профилю (реестр 3)",
    denominator=ENROLLED + " (8–11 классы)", source="Реестр 3",
    expectation="ежегодное увеличение",
)
def profile_study_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(ProfileStudy, span, breakdown, grades=(8, 11))


# ------------------------------------------------------------------ projects (III)


@indicator(
    code="technoclass_share", name="Доля обучающихся в детских техноклассах",
    unit="%", group=GROUP_PROJECTS,
    numerator="число обучающихся детских техноклассов (реестр 7)",
    denominator=ENROLLED, source="Реестр 7", expectation="ежегодное увеличение",
)
def technoclass_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(TechnoclassParticipation, span, breakdown)


@indicator(
    code="growth_point_share", name="Доля обучающихся, занимающихся в центрах «Точка роста»",
    unit="%", group=GROUP_PROJECTS,
    numerator="число обучающихся, занимающихся в центре «Точка роста» (реестр 8)",
    denominator=ENROLLED + " в ОО, где работает центр «Точка роста»", source="Реестр 8",
    expectation="ежегодное увеличение",
)
def growth_point_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(GrowthPointParticipation, span, breakdown,
                         school_filter=Q(student__school__has_growth_point=True))


@indicator(
    code="growth_point_schools", name="ОО, в которых работают центры «Точка роста»",
    unit="ед.", group=GROUP_PROJECTS, breakdowns=False,
    numerator="число ОО с действующим центром «Точка роста»", denominator="",
    source="Справочник ОО", expectation="открытие центров",
)
def growth_point_schools(span: Span, breakdown: Breakdown) -> Values:
    from monitoring.models import School

    schools = School.objects.filter(
        is_active=True, has_growth_point=True,
    ).filter(Q(growth_point_opened__isnull=True) | Q(growth_point_opened__lte=span.end.year))
    values: Values = {pk: Measure(1, percent=False) for pk in schools.values_list("pk", flat=True)}
    values[MUNICIPALITY] = Measure(len(values), percent=False)
    return values


@indicator(
    code="ticket_share", name="Доля обучающихся 6–11 классов — участников проекта «Билет в будущее»",
    unit="%", group=GROUP_PROJECTS,
    numerator="число обучающихся 6–11 классов, прошедших хотя бы один этап «Билета в будущее» (реестр 10)",
    denominator=ENROLLED + " (6–11 классы)", source="Реестр 10",
    expectation="ежегодное увеличение",
)
def ticket_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(TicketParticipation, span, breakdown, grades=(6, 11))


@indicator(
    code="projectoria_share", name="Доля обучающихся — участников открытых уроков «ПроеКТОриЯ» (поимённо)",
    unit="%", group=GROUP_PROJECTS,
    numerator="число обучающихся, посмотревших хотя бы один открытый урок (реестр 9, поимённо)",
    denominator=ENROLLED, source="Реестр 9", expectation="ежегодное увеличение",
)
def projectoria_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(ProjectoriaParticipation, span, breakdown)


@indicator(
    code="projectoria_views", name="Участия в открытых уроках «ПроеКТОриЯ» (всего, включая просмотры классами)",
    unit="ед.", group=GROUP_PROJECTS, breakdowns=False,
    numerator="число участий: поимённые записи + участники просмотров классами (реестр 9)",
    denominator="", source="Реестр 9", expectation="ежегодное увеличение",
)
def projectoria_views(span: Span, breakdown: Breakdown) -> Values:
    named = grouped(ProjectoriaParticipation.objects.filter(
        in_span(ProjectoriaParticipation, span)), Count("pk"))
    counted = grouped(ProjectoriaSession.objects.filter(in_span(ProjectoriaSession, span)),
                      Sum("participants_count"))
    return {
        key: Measure((named.get(key, Measure(0)).numerator or 0)
                     + (counted.get(key, Measure(0)).numerator or 0), percent=False)
        for key in set(named) | set(counted)
    }


# ------------------------------------------------------------- graduates (register 5)

ADMITTED = "число выпускников, поступивших в организации СПО и ВО (реестр 5)"


def admissions(span: Span, breakdown: Breakdown):
    band = _grades(breakdown, (9, 11)) or (0, -1)
    return Admission.objects.filter(_record_filter(Admission, span, breakdown, band))


@indicator(
    code="admitted", name="Выпускники, поступившие в организации СПО и ВО",
    unit="чел.", group=GROUP_EDUCATION, numerator=ADMITTED, denominator="",
    source="Реестр 5", expectation="ежегодное увеличение численности (в т.ч. с ОВЗ)",
)
def admitted(span: Span, breakdown: Breakdown) -> Values:
    return grouped(admissions(span, breakdown), Count("student", distinct=True))


@indicator(
    code="admitted_ovz", name="Выпускники с ОВЗ, поступившие в организации СПО и ВО",
    unit="чел.", group=GROUP_EDUCATION, breakdowns=False,
    numerator=ADMITTED + ", из них обучающиеся с ОВЗ", denominator="",
    source="Реестр 5", expectation="ежегодное увеличение численности обучающихся с ОВЗ",
)
def admitted_ovz(span: Span, breakdown: Breakdown) -> Values:
    return grouped(admissions(span, Breakdown(ovz=True)), Count("student", distinct=True))


def _share_of_admitted(span: Span, breakdown: Breakdown, condition: Q) -> Values:
    base = admissions(span, breakdown)
    return ratio(grouped(base.filter(condition), Count("student", distinct=True)),
                 grouped(base, Count("student", distinct=True)))


@indicator(
    code="admitted_by_profile", name="Доля поступивших по профилю обучения",
    unit="%", group=GROUP_EDUCATION,
    numerator="число поступивших на специальности, соответствующие профилю обучения в школе",
    denominator=ADMITTED, source="Реестры 3 и 5", expectation="ежегодное увеличение",
)
def admitted_by_profile(span: Span, breakdown: Breakdown) -> Values:
    return _share_of_admitted(span, breakdown, Q(by_profile=True))


@indicator(
    code="admitted_targeted", name="Доля поступивших на целевое обучение",
    unit="%", group=GROUP_EDUCATION,
    numerator="число поступивших на целевое обучение с предприятием-заказчиком",
    denominator=ADMITTED, source="Реестр 5", expectation="ежегодное увеличение",
)
def admitted_targeted(span: Span, breakdown: Breakdown) -> Values:
    return _share_of_admitted(span, breakdown, Q(basis=Admission.Basis.TARGETED))


@indicator(
    code="admitted_in_region", name="Доля поступивших в организации Сахалинской области",
    unit="%", group=GROUP_EDUCATION,
    numerator="число поступивших в ПОО и вузы Сахалинской области",
    denominator=ADMITTED, source="Реестр 5", expectation="ежегодное увеличение",
)
def admitted_in_region(span: Span, breakdown: Breakdown) -> Values:
    return _share_of_admitted(span, breakdown, Q(in_sakhalin=True))


def _statuses(span: Span, breakdown: Breakdown, condition: Q) -> Values:
    # A graduate has left school, so a grade band means nothing here: ОВЗ and sex only.
    records = GraduateStatus.objects.filter(in_span(GraduateStatus, span) & condition)
    if breakdown.ovz is not None:
        records = records.filter(has_ovz=breakdown.ovz)
    if breakdown.sex:
        records = records.filter(student__sex=breakdown.sex)
    return grouped(records, Count("student", distinct=True))


@indicator(
    code="graduates_completed", name="Выпускники, завершившие обучение в СПО и ВО",
    unit="чел.", group=GROUP_EDUCATION,
    numerator="число выпускников со статусом «завершил обучение» или «трудоустроен» в периоде",
    denominator="", source="Реестр 5 (дальнейший путь)", expectation="ежегодное увеличение",
)
def graduates_completed(span: Span, breakdown: Breakdown) -> Values:
    return _statuses(span, breakdown, Q(status__in=["completed", "employed"]))


@indicator(
    code="graduates_employed", name="Выпускники, трудоустроенные после обучения",
    unit="чел.", group=GROUP_EDUCATION,
    numerator="число выпускников со статусом «трудоустроен» в периоде",
    denominator="", source="Реестр 5 (дальнейший путь)", expectation="ежегодное увеличение",
)
def graduates_employed(span: Span, breakdown: Breakdown) -> Values:
    return _statuses(span, breakdown, Q(status="employed"))


@indicator(
    code="graduates_returned", name="Выпускники, вернувшиеся работать в район",
    unit="чел.", group=GROUP_EDUCATION,
    numerator="число трудоустроенных выпускников, работающих в ГО Ногликский",
    denominator="", source="Реестр 5 (дальнейший путь)", expectation="ежегодное увеличение",
)
def graduates_returned(span: Span, breakdown: Breakdown) -> Values:
    return _statuses(span, breakdown, Q(status="employed", employed_in_district=True))


# ------------------------------------------------------------- partners (register 1)


@indicator(
    code="agreements", name="Действующие договоры ОО с предприятиями и ПОО",
    unit="ед.", group=GROUP_PARTNERS, breakdowns=False,
    numerator="число договоров (сотрудничество, целевое обучение, консультирование, "
              "тьюторство, сопровождение узких специалистов), действовавших в периоде",
    denominator="", source="Реестр 1", expectation="заключение договоров сотрудничества",
)
def agreements(span: Span, breakdown: Breakdown) -> Values:
    active = EmployerAgreement.objects.filter(date__lte=span.end).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=span.start)
    )
    return record_count(active)


@indicator(
    code="joint_events", name="Совместные мероприятия с предприятиями и ПОО",
    unit="ед.", group=GROUP_PARTNERS, breakdowns=False,
    numerator="число экскурсий, профпроб, мастер-классов и др. с предприятиями (реестр 1)",
    denominator="", source="Реестр 1", expectation="ежегодное увеличение",
)
def joint_events(span: Span, breakdown: Breakdown) -> Values:
    return record_count(EmployerEvent.objects.filter(in_span(EmployerEvent, span)))


# ----------------------------------------------------------- roadmap (sections I, V)

GROUP_NORMATIVE = "Нормативная база и выполнение дорожной карты"
GROUP_STAFF = "Повышение квалификации кадров (мероприятие 5.2)"


def roadmap_in_force(span: Span):
    """The roadmap in force at the span's end (``RoadmapQuerySet.in_force``)."""
    from roadmap.models import Roadmap

    return Roadmap.objects.in_force(span.end)


@indicator(
    code="normative_documents", name="Наличие необходимого и достаточного состава нормативных документов",
    unit="%", group=GROUP_NORMATIVE, breakdowns=False,
    numerator="число документов из перечня обязательных, действующих на конец периода",
    denominator="число документов в перечне обязательных документов дорожной карты",
    source="Реестр документов дорожной карты", expectation="100 %",
)
def normative_documents(span: Span, breakdown: Breakdown) -> Values:
    from roadmap.services import normative_documents_completeness

    roadmap = roadmap_in_force(span)
    if roadmap is None:
        return {}
    result = normative_documents_completeness(roadmap, on=span.end)
    return {MUNICIPALITY: Measure(result.present, result.required)}


@indicator(
    code="measures_on_time", name="Мероприятия дорожной карты, выполненные в срок",
    unit="%", group=GROUP_NORMATIVE, breakdowns=False,
    numerator="число сроков мероприятий, наступивших в периоде и закрытых не позже срока",
    denominator="число сроков мероприятий, наступивших в периоде (кроме «не потребовалось»)",
    source="Дорожная карта: исполнение", expectation="мероприятия выполнены в полном объёме",
)
def measures_on_time(span: Span, breakdown: Breakdown) -> Values:
    from roadmap.deadlines import OccurrenceState
    from roadmap.services import build_board

    roadmap = roadmap_in_force(span)
    if roadmap is None:
        return {}
    board = build_board(roadmap, span.end)
    due = [o for row in board.measure_rows for o in row.occurrences
           if span.start <= o.occurrence.due <= span.end
           and o.state is not OccurrenceState.NOT_NEEDED]
    on_time = [o for o in due if o.state is OccurrenceState.DONE and o.closed_on is not None
               and o.closed_on <= o.occurrence.due]
    return {MUNICIPALITY: Measure(len(on_time), len(due))}


@indicator(
    code="parents_informed", name="Родители (законные представители), охваченные информированием",
    unit="чел.", group=GROUP_NORMATIVE, breakdowns=False,
    numerator="охват родительских собраний, «горячих линий», буклетов и публикаций для родителей "
              "о рынке труда, целевом обучении, условиях поступления (мероприятие 5.3)",
    denominator="", source="Дорожная карта: информационная работа",
    expectation="информирование родителей",
)
def parents_informed(span: Span, breakdown: Breakdown) -> Values:
    from roadmap.models import InformationWork

    audience = [InformationWork.Audience.PARENTS, InformationWork.Audience.STUDENTS_PARENTS]
    work = InformationWork.objects.filter(date__gte=span.start, date__lte=span.end,
                                          audience__in=audience)
    return grouped(work, Sum("reach"))


def _training(category: str):
    def compute(span: Span, breakdown: Breakdown) -> Values:
        from roadmap.services.training import coverage

        return {key: Measure(value.trained, value.total)
                for key, value in coverage(category, span.end).items()}

    return compute


for _category, _label, _who in [
    ("department", "сотрудников отдела образования", "сотрудников отдела образования"),
    ("school_admin", "администрации ОО", "работников администрации ОО"),
    ("teacher", "педагогов ОО", "педагогов ОО"),
]:
    indicator(
        code=f"training_{_category}",
        name=f"Охват повышением квалификации по профориентации: {_label}",
        unit="%", group=GROUP_STAFF, breakdowns=False, category=_category,
        numerator=f"число {_who}, прошедших обучение с начала дорожной карты (накопительно)",
        denominator=f"число работающих {_who} на конец периода",
        source="Курсы повышения квалификации (мероприятие 5.2)",
        expectation="цели по годам — в дорожной карте, действующей на дату (мероприятие 5.2; "
                    "2021–2023: 25, 60 и 100 %)",
    )(_training(_category))
