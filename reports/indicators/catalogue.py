"""The roadmap's indicators (passport item 3, measure 2.1) and how each is computed.

Every computation is a handful of aggregate queries (grouped by school, plus one for the
municipality); none loops over rows. People are counted once — one identity per ФИО and
birth date across the municipality (``counting.people``); the grade and ОВЗ status are
those recorded with each record (the student's class at that time), the sex is the
student's. What a half-year, an academic year and a calendar year mean is each
indicator's basis (``registry.Basis``), stated in its passport.

This module holds the indicators of the students and graduates; the partners, the
roadmap and staff training are in ``catalogue_roadmap`` (imported at the end)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Q, Sum, Value

from monitoring.models import Student
from monitoring.registers.catalogs import Program
from monitoring.registers.records import (
    AdditionalEducation,
    Admission,
    CompetitionParticipation,
    Diagnostic,
    EmployerInteraction,
    GraduateStatus,
    GrowthPointParticipation,
    ProfileStudy,
    ProjectoriaParticipation,
    ProjectoriaSession,
    TechnoclassParticipation,
    TicketParticipation,
)

from .cache import shared
from .counting import (
    ALL_GRADES,
    HALF_BANDS,
    by_halves,
    by_year,
    count_pairs_by_grades,
    current_scope,
    grades_for,
    grouped,
    half_mark,
    people_in,
    population,
    ratio,
    record_filter,
    student_count,
    student_share,
)
from .records import in_span
from .registry import Basis, Measure, Values, indicator
from .scope import Breakdown, Span

# ------------------------------------------------------------- participation (III)

GROUP_PARTICIPATION = "Участие обучающихся в профориентационных мероприятиях"
GROUP_PROJECTS = "Федеральные и всероссийские проекты"
GROUP_EDUCATION = "Получение профессионального образования выпускниками"
ENROLLED = "число обучающихся ОО по спискам классов учебного года"

#: the registers of career-guidance activity a student takes part in (1, 2, 4, 6–10)
ACTIVITY_MODELS = [EmployerInteraction, AdditionalEducation, Diagnostic,
                   CompetitionParticipation, TechnoclassParticipation,
                   GrowthPointParticipation, ProjectoriaParticipation, TicketParticipation]

#: additional education counts only when its program is of profile or pre-profile
#: orientation (register 2 is «профильной / предпрофильной направленности»)
PROFILE_PROGRAMS = Q(program__orientation__in=[Program.Orientation.PROFILE,
                                               Program.Orientation.PREPROFILE])


@indicator(
    code="unique_reach", name="Охват обучающихся профориентационной работой (уникальные обучающиеся)",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся, принявших участие хотя бы в одной профориентационной "
              "активности (реестры 1, 2, 4, 6, 7, 8, 9, 10); каждый обучающийся считается один раз",
    denominator=ENROLLED, source="Реестры 1, 2, 4, 6–10",
    expectation="ежегодное увеличение",
    note="Учитываются записи реестров 1, 2 (только профильные и предпрофильные программы), "
         "4, 6–10 о поимённых участниках; просмотры уроков классами без имён не учитываются.",
)
def unique_reach(span: Span, breakdown: Breakdown) -> Values:
    band = grades_for(breakdown, ALL_GRADES)
    if band is None:
        return {}
    # A half-year or an academic year (a span of people: counting_span) is counted with
    # the other two of its academic year, and kept for them (counting.by_year).
    year = by_year(span)
    reached = shared(("unique_reach", (year or span).code, breakdown, current_scope()),
                     lambda: _reached(year or span, breakdown, band, marked=year is not None))
    return ratio(reached[span.code], population(span, breakdown, band))


def _reached(span: Span, breakdown: Breakdown, band: tuple[int, int], marked: bool
             ) -> dict[str, Values]:
    """The reached people of the span — ``marked``: of an academic year and each of its
    half-years: one union of the students' ids with a record in any of the eight
    registers, each register read once by its date index, each id marked by the
    half-years it counts in; then the students themselves. The reached student is
    counted at the school of his student record (a record is always of its student's
    school: the register forms and imports take the student from the school's list); the
    municipality counts a person once even when he was reached at two schools."""
    scope = current_scope()
    ids = None
    for model in ACTIVITY_MODELS:
        records = model.objects.filter(record_filter(model, span, breakdown, band))
        if model is AdditionalEducation:
            records = records.filter(PROFILE_PROGRAMS)
        if isinstance(scope, int):
            records = records.filter(school=scope)  # one school's page: by its index
        records = records.order_by().values("student_id").annotate(
            half=half_mark(model, span) if marked else Value(1))
        ids = records if ids is None else ids.union(records, all=True)
    sql, params = ids.query.sql_with_params()
    students = connection.ops.quote_name(Student._meta.db_table)
    inner = (f"SELECT DISTINCT s.school_id AS school_id, s.id AS student_id, u.half AS grade "
             f"FROM ({sql}) u JOIN {students} s ON s.id = u.student_id")
    if isinstance(scope, int):
        inner, params = f"{inner} WHERE s.school_id = %s", (*params, scope)
    if not marked:
        return {span.code: count_pairs_by_grades(inner, tuple(params), scope, [None],
                                                 distinct=True)[0]}
    return by_halves(span, count_pairs_by_grades(inner, tuple(params), scope, HALF_BANDS,
                                                 distinct=True))


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
    return student_count(CompetitionParticipation, span, breakdown,
                         Q(competition__kind__in=["skills", "abilympics"]))


@indicator(
    code="competition_winners", name="Победители и призёры конкурсов и конференций",
    unit="чел.", group=GROUP_PARTICIPATION,
    numerator="число обучающихся — победителей и призёров (реестр 6)",
    denominator="", source="Реестр 6", expectation="ежегодное увеличение",
)
def competition_winners(span: Span, breakdown: Breakdown) -> Values:
    return student_count(CompetitionParticipation, span, breakdown, Q(result__in=[
        CompetitionParticipation.Result.WINNER, CompetitionParticipation.Result.PRIZE]))


@indicator(
    code="diagnostics_share", name="Охват обучающихся профориентационной диагностикой",
    unit="%", group=GROUP_PARTICIPATION,
    numerator="число обучающихся 6–11 классов, прошедших профориентационную диагностику (реестр 4)",
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
              "предпрофильной направленности (реестр 2); общеразвивающие программы не учитываются",
    denominator=ENROLLED, source="Реестр 2", expectation="ежегодное увеличение",
)
def additional_education_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(AdditionalEducation, span, breakdown, extra=PROFILE_PROGRAMS)


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
                         schools=Q(has_growth_point=True))


@indicator(
    code="growth_point_schools", name="ОО, в которых работают центры «Точка роста»",
    unit="ед.", group=GROUP_PROJECTS, breakdowns=False, basis=Basis.STATE,
    numerator="число ОО с действующим центром «Точка роста»", denominator="",
    source="Справочник ОО", expectation="открытие центров",
)
def growth_point_schools(span: Span, breakdown: Breakdown) -> Values:
    from monitoring.models import School

    from .registry import MUNICIPALITY

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
    note="Считаются только обучающиеся, записанные поимённо; просмотры уроков классами "
         "учитываются отдельно — в показателе «Участия в открытых уроках»: это участия, "
         "а не обучающиеся.",
)
def projectoria_share(span: Span, breakdown: Breakdown) -> Values:
    return student_share(ProjectoriaParticipation, span, breakdown)


@indicator(
    code="projectoria_views", name="Участия в открытых уроках «ПроеКТОриЯ» (всего, включая просмотры классами)",
    unit="ед.", group=GROUP_PROJECTS, breakdowns=False, basis=Basis.EVENTS,
    numerator="число участий: поимённые записи + участники просмотров классами (реестр 9)",
    denominator="", source="Реестр 9", expectation="ежегодное увеличение",
    note="Это число участий, а не обучающихся: один обучающийся, посмотревший три урока, "
         "— три участия.",
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
    band = grades_for(breakdown, (9, 11)) or (0, -1)
    return Admission.objects.filter(record_filter(Admission, span, breakdown, band))


@indicator(
    code="admitted", name="Выпускники, поступившие в организации СПО и ВО",
    unit="чел.", group=GROUP_EDUCATION, numerator=ADMITTED, denominator="",
    source="Реестр 5", expectation="ежегодное увеличение численности (в т.ч. с ОВЗ)",
)
def admitted(span: Span, breakdown: Breakdown) -> Values:
    return _admitted(span, breakdown)


def _admitted(span: Span, breakdown: Breakdown, *conditions: Q) -> Values:
    """People admitted (matching every condition): see :func:`people_in`."""
    def records(each: Span):
        found = admissions(each, breakdown)
        for condition in conditions:
            found = found.filter(condition)
        return found

    return people_in(records, span, "admissions", breakdown, *map(str, conditions))


@indicator(
    code="admitted_ovz", name="Выпускники с ОВЗ, поступившие в организации СПО и ВО",
    unit="чел.", group=GROUP_EDUCATION, breakdowns=False,
    numerator=ADMITTED + ", из них обучающиеся с ОВЗ", denominator="",
    source="Реестр 5", expectation="ежегодное увеличение численности обучающихся с ОВЗ",
)
def admitted_ovz(span: Span, breakdown: Breakdown) -> Values:
    return _admitted(span, Breakdown(ovz=True))


@indicator(
    code="admitted_after_9", name="Выпускники 9 классов, поступившие в организации СПО",
    unit="чел.", group=GROUP_EDUCATION,
    numerator="число выпускников 9 классов, поступивших в организации СПО (реестр 5)",
    denominator="", source="Реестр 5", expectation="",
    note="Выпускники 9 классов профиля обучения не имеют, поэтому в долю поступивших по "
         "профилю не входят и показаны здесь отдельно.",
)
def admitted_after_9(span: Span, breakdown: Breakdown) -> Values:
    return _admitted(span, breakdown, Q(graduation_grade=9))


@indicator(
    code="self_determined", name="Выпускники, самоопределившиеся в выборе профессии",
    unit="чел.", group=GROUP_EDUCATION,
    numerator="число выпускников 9 и 11 классов, поступивших в организации СПО и ВО "
              "(реестр 5) в соответствии с выбором, сделанным в школе: по профилю обучения "
              "(реестр 3) или на целевое обучение с предприятием-заказчиком",
    denominator="", source="Реестры 3 и 5",
    expectation="ежегодное увеличение численности (в т.ч. с ОВЗ)",
    note="Ожидаемый результат 2 дорожной карты. Самоопределившимся считается выпускник, "
         "чей выбор профессии подтверждён поступлением: специальность входит в укрупнённые "
         "группы профиля, который он изучал (реестр 3), или он поступил на целевое обучение "
         "по договору с предприятием. Выпускник считается один раз, даже если поступил в "
         "несколько организаций.",
)
def self_determined(span: Span, breakdown: Breakdown) -> Values:
    return _admitted(span, breakdown, Q(by_profile=True) | Q(basis=Admission.Basis.TARGETED))


def _share_of_admitted(span: Span, breakdown: Breakdown, condition: Q, base: Q | None = None) -> Values:
    # The admitted graduates are the denominator of several shares: counted once.
    bases = () if base is None else (base,)
    return ratio(_admitted(span, breakdown, *bases, condition), _admitted(span, breakdown, *bases))


@indicator(
    code="admitted_by_profile", name="Доля поступивших по профилю обучения (выпускники 11 классов)",
    unit="%", group=GROUP_EDUCATION,
    numerator="число выпускников 11 классов, поступивших на специальности, соответствующие "
              "профилю обучения в школе",
    denominator="число выпускников 11 классов, поступивших в организации СПО и ВО (реестр 5)",
    source="Реестры 3 и 5", expectation="ежегодное увеличение",
    note="Профиль изучают в 10–11 классах, поэтому доля считается по выпускникам 11 классов; "
         "выпускники 9 классов показаны отдельно (показатель «Выпускники 9 классов, "
         "поступившие в организации СПО»), выпускники с неизвестным классом выпуска не "
         "учитываются.",
)
def admitted_by_profile(span: Span, breakdown: Breakdown) -> Values:
    return _share_of_admitted(span, breakdown, Q(by_profile=True), base=Q(graduation_grade=11))


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
    def records(each: Span):
        found = GraduateStatus.objects.filter(in_span(GraduateStatus, each) & condition)
        if breakdown.ovz is not None:
            found = found.filter(has_ovz=breakdown.ovz)
        if breakdown.sex:
            found = found.filter(student__sex=breakdown.sex)
        return found

    return people_in(records, span, "statuses", breakdown, str(condition))


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


from . import catalogue_roadmap  # noqa: E402, F401 - partners, roadmap, staff training
from .catalogue_roadmap import roadmap_in_force  # noqa: E402, F401 - re-exported
from .profminimum import level_reached  # noqa: E402, F401 - register 11 «Профминимум»
