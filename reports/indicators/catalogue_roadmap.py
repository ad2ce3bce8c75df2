"""Indicators of the partners (register 1), of the roadmap (sections I and V) and of staff
training (measure 5.2). Registered by importing this module from ``catalogue``."""

from __future__ import annotations

from django.db.models import Q, Sum

from monitoring.registers.records import EmployerAgreement, EmployerEvent

from .cache import shared
from .counting import current_scope, grouped, record_count
from .records import in_span
from .registry import MUNICIPALITY, Basis, Measure, Values, indicator
from .scope import Breakdown, Span

GROUP_PARTNERS = "Взаимодействие с ПОО и работодателями"

# ------------------------------------------------------------- partners (register 1)


@indicator(
    code="agreements", name="Действующие договоры ОО с предприятиями и ПОО",
    unit="ед.", group=GROUP_PARTNERS, breakdowns=False, basis=Basis.EVENTS,
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
    unit="ед.", group=GROUP_PARTNERS, breakdowns=False, basis=Basis.EVENTS,
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

    return shared(("roadmap_in_force", span.end), lambda: Roadmap.objects.in_force(span.end))


@indicator(
    code="normative_documents", name="Наличие необходимого и достаточного состава нормативных документов",
    unit="%", group=GROUP_NORMATIVE, breakdowns=False, per_school=False, basis=Basis.STATE,
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
    unit="%", group=GROUP_NORMATIVE, breakdowns=False, per_school=False, basis=Basis.EVENTS,
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
    unit="чел.", group=GROUP_NORMATIVE, breakdowns=False, basis=Basis.EVENTS,
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


def training_since(span: Span):
    """The first day training counts at the span's end: from the roadmap in force, looked
    up once per span for the dozen coverage indicators and the roadmap's own."""
    from roadmap.services.training import training_start

    return training_start(roadmap_in_force(span), span.end)


TRAINING_EXPECTATION = ("цели по годам — в дорожной карте, действующей на дату (мероприятие 5.2; "
                        "2021–2023: 25, 60 и 100 %)")
TRAINING_SOURCE = "Курсы повышения квалификации (мероприятие 5.2)"


def _training(category: str | None, role: str | None = None):
    def compute(span: Span, breakdown: Breakdown) -> Values:
        from roadmap.services.training import coverage

        scope = current_scope()  # a school's page counts that school's staff only
        school = scope if isinstance(scope, int) else None
        since = training_since(span)
        return {key: Measure(value.trained, value.total)
                for key, value in coverage(category, span.end, since, role=role,
                                           school=school).items()}

    return compute


# The roadmap's indicator names its own people too: «повышение квалификации 100 % педагогов
# (классные руководители, узкие специалисты, тьюторы)» — coverage by role, whatever the
# category of the person (a deputy head may be a class teacher too).
for _category, _role, _label, _who in [
    ("department", "", "сотрудников отдела образования", "сотрудников отдела образования"),
    ("school_admin", "", "администрации ОО", "работников администрации ОО"),
    ("teacher", "", "педагогов ОО", "педагогов ОО"),
    ("", "class_teacher", "классных руководителей", "классных руководителей"),
    ("", "specialist", "узких специалистов",
     "узких специалистов (педагогов-психологов, социальных педагогов и др.)"),
    ("", "tutor", "тьюторов", "тьюторов"),
]:
    indicator(
        code=f"training_{_category or _role}",
        name=f"Охват повышением квалификации по профориентации: {_label}",
        unit="%", group=GROUP_STAFF, breakdowns=False, category=_category, role=_role,
        basis=Basis.STATE,
        numerator=f"число {_who}, прошедших обучение с начала дорожной карты (накопительно)",
        denominator=f"число работающих {_who} на конец периода"
                    + (" (по отметке в списке сотрудников)" if _role else ""),
        source=TRAINING_SOURCE, expectation=TRAINING_EXPECTATION,
    )(_training(_category or None, _role or None))
