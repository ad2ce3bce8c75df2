"""Targeted recommendations (roadmap 4.3): rules that draft them from indicator gaps, and
the services ИМЦ and the schools call (publish, acknowledge, mark done).

Each rule names its **audience** (the department, school heads, teachers, parents,
students) and its **level**: a municipal gap (the district as a whole, or what only the
department does — the normative base, the roadmap's deadlines, its own staff's training)
goes to the department, and general advice to parents and students is given once for
the whole district; a school's gap goes to that school's head and teachers. One rule
gives one recommendation per school and period, whatever number of indicators point to
it: the database holds that (``Recommendation`` constraints), so a double click or two
requests at once never duplicate a draft."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from monitoring.models import School

from .models import Recommendation, RecommendationAck
from .text import format_decimal, format_percent

A = Recommendation.Audience


class Level(StrEnum):
    MUNICIPAL = "municipal"  # a gap of the municipality: the department acts
    SCHOOL = "school"        # a gap of one school: its head and teachers act


@dataclass(frozen=True)
class Gap:
    """An indicator below its target, for a school or (school None) the municipality."""

    school: School | None
    indicator_code: str
    indicator_name: str
    value: float | None
    target: float | None
    unit: str = "%"

    @property
    def level(self) -> Level:
        return Level.MUNICIPAL if self.school is None else Level.SCHOOL


@dataclass(frozen=True)
class Rule:
    code: str
    audience: str
    level: Level
    text: str  # may use {indicator}, {value}, {target}, {school}


@dataclass(frozen=True)
class Proposal:
    """What a rule proposes for a gap, not saved (the note shows it beside what ИМЦ
    published)."""

    school: School | None
    audience: str
    rule_code: str
    indicator_code: str
    text: str


M, S = Level.MUNICIPAL, Level.SCHOOL
FIGURES = "{value} при целевом {target}"

# indicator code → what to recommend to whom. Written with ИМЦ's wording in mind: a draft
# to edit, concrete enough to act on.
RULES: dict[str, list[Rule]] = {
    "unique_reach": [
        Rule("reach.department", A.DEPARTMENT, M,
             "Рассмотреть на совещании с руководителями ОО охват обучающихся профориентационной "
             f"работой ({FIGURES}); оказать методическую помощь ОО с наименьшим охватом."),
        Rule("reach.heads", A.HEADS, S,
             "Включить в план работы ОО профориентационные мероприятия для обучающихся, ещё не "
             f"охваченных ими (охват {FIGURES})."),
    ],
    "diagnostics_share": [
        Rule("diagnostics.department", A.DEPARTMENT, M,
             "Организовать профориентационную диагностику обучающихся 6–11 классов во всех ОО "
             f"совместно с педагогами-психологами (охват {FIGURES})."),
        Rule("diagnostics.heads", A.HEADS, S,
             "Организовать профориентационную диагностику обучающихся 6–11 классов "
             f"(платформа «Билет в будущее», педагог-психолог); охват {FIGURES}."),
        Rule("diagnostics.parents", A.PARENTS, M,
             "Обсудить с ребёнком результаты профориентационной диагностики и посетить "
             "консультацию педагога-психолога школы."),
        Rule("diagnostics.students", A.STUDENTS, M,
             "Пройти профориентационную диагностику на платформе «Билет в будущее» и обсудить "
             "результаты с классным руководителем."),
    ],
    "projectoria_share": [
        Rule("proektoria.teachers", A.TEACHERS, S,
             "Включить просмотр открытых уроков «ПроеКТОриЯ» в планы классных часов "
             "(не реже одного урока в четверть)."),
        Rule("proektoria.students", A.STUDENTS, M,
             "Смотреть открытые онлайн-уроки «ПроеКТОриЯ» о востребованных профессиях."),
    ],
    "ticket_share": [
        Rule("bilet.department", A.DEPARTMENT, M,
             "Согласовать с ОО квоты участия в проекте «Билет в будущее» на учебный год "
             f"(доля участников {FIGURES})."),
        Rule("bilet.heads", A.HEADS, S,
             "Обеспечить участие обучающихся 6–11 классов в проекте «Билет в будущее»; "
             f"доля участников {FIGURES}."),
        Rule("bilet.parents", A.PARENTS, M,
             "Поддержать участие ребёнка в профессиональных пробах проекта «Билет в будущее»."),
    ],
    "competitions_share": [
        Rule("competitions.department", A.DEPARTMENT, M,
             "Включить в муниципальный план конкурсы профессионального мастерства и "
             f"конференции для обучающихся (доля участников {FIGURES})."),
        Rule("competitions.teachers", A.TEACHERS, S,
             "Готовить обучающихся к конкурсам профессионального мастерства и конференциям, "
             "назначить наставников участникам."),
        Rule("competitions.students", A.STUDENTS, M,
             "Принять участие в конкурсах профессионального мастерства, олимпиадах и "
             "научно-практических конференциях."),
    ],
    "employer_events_share": [
        Rule("employers.department", A.DEPARTMENT, M,
             "Заключить соглашения с предприятиями округа о совместных профориентационных "
             f"мероприятиях для всех ОО (доля участников {FIGURES})."),
        Rule("employers.heads", A.HEADS, S,
             "Заключить соглашения с предприятиями округа и запланировать совместные "
             "мероприятия (экскурсии, профпробы, мастер-классы) на следующее полугодие."),
    ],
    "additional_education_share": [
        Rule("dod.department", A.DEPARTMENT, M,
             "Расширить сеть программ дополнительного образования профильной и предпрофильной "
             f"направленности, в том числе на базе центров «Точка роста» (доля {FIGURES})."),
        Rule("dod.heads", A.HEADS, S,
             "Открыть в ОО программы дополнительного образования профильной или "
             f"предпрофильной направленности (доля обучающихся {FIGURES})."),
        Rule("dod.parents", A.PARENTS, M,
             "Выбрать вместе с ребёнком программу дополнительного образования, связанную с "
             "интересующей его профессией."),
    ],
    "admitted_by_profile": [
        Rule("admission.department", A.DEPARTMENT, M,
             "Проанализировать соответствие профилей обучения в ОО выбору выпускников и "
             f"потребностям рынка труда округа (по профилю поступили {FIGURES})."),
        Rule("admission.heads", A.HEADS, S,
             "Проанализировать соответствие профиля обучения и выбора выпускников, "
             "усилить индивидуальное сопровождение обучающихся 10–11 классов."),
        Rule("admission.parents", A.PARENTS, M,
             "Познакомиться с предложениями целевого обучения предприятий округа и "
             "востребованными в регионе специальностями."),
    ],
    "parents_informed": [
        Rule("parents.department", A.DEPARTMENT, M,
             "Провести муниципальное родительское собрание и «горячую линию» по вопросам "
             f"профориентации, разместить буклеты на сайтах ОО (охвачено {FIGURES})."),
        Rule("parents.heads", A.HEADS, S,
             "Провести родительские собрания по вопросам профориентации и разместить "
             "информационные материалы на сайте ОО."),
        Rule("parents.parents", A.PARENTS, M,
             "Посетить родительское собрание по профориентации и ознакомиться с материалами "
             "на сайте школы."),
    ],
    # What only the department does: its gaps never go to schools.
    "normative_documents": [
        Rule("normative.department", A.DEPARTMENT, M,
             "Разработать и утвердить недостающие нормативные документы дорожной карты "
             f"(состав документов — {FIGURES})."),
    ],
    "measures_on_time": [
        Rule("deadlines.department", A.DEPARTMENT, M,
             "Рассмотреть причины несвоевременного выполнения мероприятий дорожной карты "
             f"(в срок выполнено {FIGURES}) и назначить ответственным новые сроки."),
    ],
    "training_department": [
        Rule("training.department_staff", A.DEPARTMENT, M,
             "Направить на курсы повышения квалификации по профориентации сотрудников отдела "
             f"образования, не прошедших обучение (охват {FIGURES})."),
    ],
}

# Training: one plan-schedule and one list of people to send per school, whatever
# category or role is short — one rule code each, so the department and each school get
# each advice once (the figures per category are in the note's conclusions).
_TRAINING = [
    Rule("training.plan.department", A.DEPARTMENT, M,
         "Скорректировать план-график повышения квалификации по вопросам профориентации так, "
         "чтобы охват каждой категории педагогических и руководящих кадров (в том числе "
         "классных руководителей, узких специалистов, тьюторов) достиг целевого значения "
         "года; согласовать с ОО списки направляемых на обучение."),
    Rule("training.heads", A.HEADS, S,
         "Направить на курсы повышения квалификации по профориентации работников ОО, не "
         "прошедших обучение (педагогов, в том числе классных руководителей, узких "
         "специалистов и тьюторов, и работников администрации), и внести их в план-график."),
    Rule("training.teachers", A.TEACHERS, S,
         "Пройти курсы повышения квалификации по профориентации обучающихся в текущем учебном "
         "году (региональные и федеральные программы, в том числе дистанционные)."),
]
for _code in ("training_school_admin", "training_teacher", "training_class_teacher",
              "training_specialist", "training_tutor"):
    RULES[_code] = _TRAINING if _code != "training_school_admin" else _TRAINING[:2]

# Any other indicator: a general rule at each level so that no gap goes without a draft.
GENERAL_RULES: list[Rule] = [
    Rule("general.department", A.DEPARTMENT, M,
         "Проанализировать причины отставания по показателю «{indicator}» "
         f"({FIGURES}) и включить меры по его достижению в план работы ИМЦ."),
    Rule("general.heads", A.HEADS, S,
         "Проанализировать причины отставания по показателю «{indicator}» "
         f"({FIGURES}) и включить меры по его достижению в план работы ОО."),
]


def rules_for(indicator_code: str) -> list[Rule]:
    """The rules of an indicator code (reports.indicators.catalogue); any other code gets
    the general rules."""
    if indicator_code in RULES:
        return RULES[indicator_code]
    base = indicator_code.split(".")[0].split(":")[0]
    return RULES.get(base, GENERAL_RULES)


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "%":
        return format_percent(value)
    return f"{format_decimal(value)} {unit}".strip()


def _text(rule: Rule, gap: Gap) -> str:
    return rule.text.format(
        indicator=gap.indicator_name, value=_figure(gap.value, gap.unit),
        target=_figure(gap.target, gap.unit),
        school=gap.school.short_name if gap.school else "все ОО",
    )


def proposals(gaps: Iterable[Gap]) -> list[Proposal]:
    """What the rules propose for the gaps, one per rule and school (the first gap that
    calls a rule words it), without saving anything."""
    seen: set[tuple[int | None, str]] = set()
    result = []
    for gap in gaps:
        for rule in rules_for(gap.indicator_code):
            key = (gap.school.pk if gap.school else None, rule.code)
            if rule.level != gap.level or key in seen:
                continue
            seen.add(key)
            result.append(Proposal(gap.school, rule.audience, rule.code, gap.indicator_code,
                                   _text(rule, gap)))
    return result


def suggest(gaps: list[Gap]) -> list[tuple[str, str]]:
    """(audience, text) the rules suggest for the gaps, without saving anything."""
    return [(p.audience, p.text) for p in proposals(gaps)]


def gaps_of(evaluation, keys: Iterable[int | None] | None = None) -> list[Gap]:
    """The missed targets of an evaluation (``reports.indicators.service.Evaluation``) for
    the municipality (key None) and the schools asked (all of the evaluation's by default)."""
    schools = {s.pk: s for s in evaluation.schools}
    keys = [None, *schools] if keys is None else list(keys)
    gaps = []
    for key in keys:
        for definition in evaluation.definitions:
            item = evaluation.get(definition.code, key)
            if item.status is not None and item.status.value != "achieved":
                gaps.append(Gap(schools.get(key) if key is not None else None, definition.code,
                                definition.name, item.annual_value, item.target, definition.unit))
    return gaps


def draft_recommendations(gaps: list[Gap | tuple], period_code: str = "",
                          author=None) -> list[Recommendation]:
    """Draft one recommendation per rule, school and period from the rule table.

    A gap is a :class:`Gap` or a plain tuple (school or None, indicator code, indicator
    name, value, target[, unit]). Idempotent: a draft the same rule already made for the
    same school and period is not made again — the database's unique constraint decides,
    so two requests at once make one draft. Returns the new drafts."""
    created = []
    for proposal in proposals(raw if isinstance(raw, Gap) else Gap(*raw) for raw in gaps):
        try:
            with transaction.atomic():
                recommendation, made = Recommendation.objects.get_or_create(
                    school=proposal.school, rule_code=proposal.rule_code, period_code=period_code,
                    defaults={"audience": proposal.audience, "text": proposal.text,
                              "source": Recommendation.Source.RULE,
                              "indicator_code": proposal.indicator_code, "author": author},
                )
        except IntegrityError:
            continue  # another request has just made the same draft
        if made:
            created.append(recommendation)
    return created


def publish(recommendation: Recommendation, published: bool = True) -> Recommendation:
    """Publish a draft (schools and, for general ones to parents, the public page see it)
    or take it back to the drafts."""
    recommendation.status = (Recommendation.Status.PUBLISHED if published
                             else Recommendation.Status.DRAFT)
    recommendation.published_at = timezone.now() if published else None
    recommendation.save(update_fields=["status", "published_at", "updated_at"])
    return recommendation


def acknowledge(recommendation: Recommendation, school: School, user, status: str,
                comment: str = "") -> RecommendationAck:
    """A school's mark: «ознакомлен» first, «выполнено» later; each with who and when.

    Marking done also counts as acknowledged (a school may skip the first step)."""
    now = timezone.now()
    ack, _ = RecommendationAck.objects.get_or_create(
        recommendation=recommendation, school=school,
        defaults={"status": status},
    )
    ack.status = status
    if comment:
        ack.comment = comment
    if ack.acknowledged_at is None:
        ack.acknowledged_at, ack.acknowledged_by = now, user
    if status == RecommendationAck.Status.DONE:
        ack.done_at, ack.done_by = now, user
    ack.save()
    return ack
