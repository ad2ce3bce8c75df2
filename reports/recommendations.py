"""Targeted recommendations (roadmap 4.3): rules that draft them from indicator gaps, and
the services ИМЦ and the schools call (publish, acknowledge, mark done).

The indicators step computes the gaps — (school or None, indicator code, indicator name,
value, target) — and calls :func:`draft_recommendations`; ИМЦ then edits the drafts and
publishes them. Indicator codes are plain strings here: the rule table names the codes
it knows and every other gap still gets the general rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from monitoring.models import School

from .models import Recommendation, RecommendationAck
from .text import format_decimal

A = Recommendation.Audience


@dataclass(frozen=True)
class Gap:
    """An indicator below its target, for a school or (school None) the municipality."""

    school: School | None
    indicator_code: str
    indicator_name: str
    value: float | None
    target: float | None


@dataclass(frozen=True)
class Rule:
    code: str
    audience: str
    text: str  # may use {indicator}, {value}, {target}, {school}


# indicator code → what to recommend to whom. Written with ИМЦ's wording in mind: a draft
# to edit, concrete enough to act on.
RULES: dict[str, list[Rule]] = {
    "training_teacher": [
        Rule("training.heads", A.HEADS,
             "Включить в план-график повышения квалификации педагогов, не прошедших обучение "
             "по вопросам профориентации; охват обучением составляет {value} при целевом {target}."),
        Rule("training.teachers", A.TEACHERS,
             "Пройти курсы повышения квалификации по профориентации обучающихся в текущем "
             "учебном году (региональные и федеральные программы, в том числе дистанционные)."),
    ],
    "diagnostics_share": [
        Rule("diagnostics.heads", A.HEADS,
             "Организовать профориентационную диагностику обучающихся 6–11 классов "
             "(платформа «Билет в будущее», педагог-психолог); охват составляет {value} при целевом {target}."),
        Rule("diagnostics.parents", A.PARENTS,
             "Обсудить с ребёнком результаты профориентационной диагностики и посетить "
             "консультацию педагога-психолога школы."),
        Rule("diagnostics.students", A.STUDENTS,
             "Пройти профориентационную диагностику на платформе «Билет в будущее» и обсудить "
             "результаты с классным руководителем."),
    ],
    "projectoria_share": [
        Rule("proektoria.teachers", A.TEACHERS,
             "Включить просмотр открытых уроков «ПроеКТОриЯ» в планы классных часов "
             "(не реже одного урока в четверть)."),
        Rule("proektoria.students", A.STUDENTS,
             "Смотреть открытые онлайн-уроки «ПроеКТОриЯ» о востребованных профессиях."),
    ],
    "ticket_share": [
        Rule("bilet.heads", A.HEADS,
             "Обеспечить участие обучающихся 6–11 классов в проекте «Билет в будущее»; "
             "доля участников составляет {value} при целевом {target}."),
        Rule("bilet.parents", A.PARENTS,
             "Поддержать участие ребёнка в профессиональных пробах проекта «Билет в будущее»."),
    ],
    "competitions_share": [
        Rule("competitions.teachers", A.TEACHERS,
             "Готовить обучающихся к конкурсам профессионального мастерства и конференциям, "
             "назначить наставников участникам."),
        Rule("competitions.students", A.STUDENTS,
             "Принять участие в конкурсах профессионального мастерства, олимпиадах и "
             "научно-практических конференциях."),
    ],
    "employer_events_share": [
        Rule("employers.heads", A.HEADS,
             "Заключить соглашения с предприятиями округа и запланировать совместные "
             "мероприятия (экскурсии, профпробы, мастер-классы) на следующее полугодие."),
    ],
    "additional_education_share": [
        Rule("dod.heads", A.HEADS,
             "Расширить программы дополнительного образования профильной и предпрофильной "
             "направленности, в том числе на базе центров «Точка роста»."),
        Rule("dod.parents", A.PARENTS,
             "Выбрать вместе с ребёнком программу дополнительного образования, связанную с "
             "интересующей его профессией."),
    ],
    "admitted_by_profile": [
        Rule("admission.heads", A.HEADS,
             "Проанализировать соответствие профиля обучения и выбора выпускников, "
             "усилить индивидуальное сопровождение обучающихся 9 и 11 классов."),
        Rule("admission.parents", A.PARENTS,
             "Познакомиться с предложениями целевого обучения предприятий округа и "
             "востребованными в регионе специальностями."),
    ],
    "parents_informed": [
        Rule("parents.heads", A.HEADS,
             "Провести родительские собрания по вопросам профориентации и разместить "
             "информационные материалы на сайте ОО."),
        Rule("parents.parents", A.PARENTS,
             "Посетить родительское собрание по профориентации и ознакомиться с материалами "
             "на сайте школы."),
    ],
}

# Any other indicator: a general rule so that no gap goes without a draft.
GENERAL_RULES: list[Rule] = [
    Rule("general.heads", A.HEADS,
         "Проанализировать причины отставания по показателю «{indicator}» ({value} при "
         "целевом {target}) и включить меры по его достижению в план работы ОО."),
]


def _format(value: float | None) -> str:
    return "—" if value is None else format_decimal(value)


# The three staff categories share the training rules.
RULES["training_school_admin"] = RULES["training_teacher"]
RULES["training_department"] = RULES["training_teacher"]


def rules_for(indicator_code: str) -> list[Rule]:
    """The rules of an indicator code (reports.indicators.catalogue); any other code gets
    the general rule."""
    if indicator_code in RULES:
        return RULES[indicator_code]
    base = indicator_code.split(".")[0].split(":")[0]
    return RULES.get(base, GENERAL_RULES)


def _text(rule: Rule, gap: Gap) -> str:
    return rule.text.format(
        indicator=gap.indicator_name, value=_format(gap.value), target=_format(gap.target),
        school=gap.school.short_name if gap.school else "все ОО",
    )


def suggest(gaps: list[Gap]) -> list[tuple[str, str]]:
    """(audience, text) the rules suggest for the gaps, without saving anything (the
    half-year note proposes them when ИМЦ has published none for the period)."""
    return [(rule.audience, _text(rule, gap)) for gap in gaps for rule in rules_for(gap.indicator_code)]


@transaction.atomic
def draft_recommendations(gaps: list[Gap | tuple], period_code: str = "",
                          author=None) -> list[Recommendation]:
    """Draft a recommendation per gap and audience from the rule table.

    A gap is a :class:`Gap` or a plain tuple (school or None, indicator code, indicator
    name, value, target). Idempotent: a draft already made by the same rule for the same
    school, indicator and period is not made again. Returns the new drafts."""
    created = []
    for raw in gaps:
        gap = raw if isinstance(raw, Gap) else Gap(*raw)
        for rule in rules_for(gap.indicator_code):
            text = _text(rule, gap)
            exists = Recommendation.objects.filter(
                school=gap.school, rule_code=rule.code, indicator_code=gap.indicator_code,
                period_code=period_code,
            ).exists()
            if exists:
                continue
            created.append(Recommendation.objects.create(
                school=gap.school, audience=rule.audience, text=text,
                source=Recommendation.Source.RULE, rule_code=rule.code,
                indicator_code=gap.indicator_code, period_code=period_code, author=author,
            ))
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
