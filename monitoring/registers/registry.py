"""The registry: each register declared once, everything else driven from it.

An entry names the register (slug, Russian title, number), its model, its form
fields, list columns, extra filters, Excel resource and template notes, and the fields
of its mass-entry form. The generic views, URLs, templates, navigation, the coordinator's
half-year summary, the ``import_register`` command and the tests all read this list, so a
new register is a model plus one ``registry.add(...)`` here (and, for its figures, its
indicators and its words in the note: ``reports/indicators/``, ``reports/notes/registers/``).

The ten registers of the 2021–2023 roadmap (passport item 5) are numbered 1–10; a register
the department added later takes the next number.

Besides the ten registers, the registry holds the lists that complete them (events and
agreements of register 1, graduates' statuses of register 5, class sessions of register 9)
and the labour-market sources; their ``number`` is ``None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Count
from django.forms import modelform_factory
from django.http import Http404
from django.urls import reverse

from ..models import Period, School
from ..views_generic import Col
from . import filters as f
from . import forms as register_forms
from . import resources as r
from .catalogs import (
    Competition,
    Direction,
    Employer,
    Institution,
    Profile,
    ProjectoriaLesson,
    TicketStage,
)
from .labour import SpecialistDemand, TargetedTrainingOffer
from .profminimum import FIRST_DAY, FROM_OTHER_REGISTERS, ProfminimumHours, ProfminimumLevel
from .profminimum import Direction as ProfminimumDirection
from .profminimum import Level as ProfminimumLevelChoice
from .records import (
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


def _date(obj: Any) -> str:
    return obj.date.strftime("%d.%m.%Y") if obj.date else ""


def _yes(value: bool | None) -> str:
    return {True: "да", False: "нет"}.get(value, "—")


@dataclass
class Register:
    slug: str
    title: str
    model: type
    resource: type[r.RecordResource]
    #: the register's number (1–10 the roadmap's ten, then the ones added later), None for
    #: the lists completing them
    number: int | None = None
    #: "student" (a record per student), "school" (a school's event or agreement) or
    #: "municipal" (labour-market sources, no school)
    kind: str = "student"
    #: the slug of the register a completing list belongs to
    parent: str | None = None
    icon: str = "journal-text"
    description: str = ""
    form_fields: tuple[str, ...] = ()
    form_base: type[forms.ModelForm] = register_forms.RecordForm
    columns: list[Col] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    search_fields: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    #: extra annotations of the list, e.g. the number of named participants of an event
    annotate: Callable[[Any], Any] | None = None
    template_notes: tuple[str, ...] = ()
    #: the fields a mass-entry form asks once for many students; None: no mass entry
    mass_fields: tuple[str, ...] | None = None
    #: whether a school owes this register in a half-year (None: every general school,
    #: every half-year)
    applies: Callable[[School, Period], bool] | None = None
    #: a record holds for the whole academic year (a program, a profile, a technoclass):
    #: a September record also answers for the II half-year
    yearly: bool = False
    #: what the detail page shows besides the fields: a template, and its context
    detail_template: str | None = None
    detail_context: Callable[[Any], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        self.form = modelform_factory(self.model, form=self.form_base,
                                      fields=list(self.form_fields))
        self.form.mass_entry = bool(self.mass_fields)
        self.mass_form = (
            modelform_factory(self.model, form=register_forms.MassEntryForm,
                              fields=list(self.mass_fields))
            if self.mass_fields else None
        )
        self.filterset = f.make_filterset(self)

    # -- descriptions
    @property
    def full_title(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def is_register(self) -> bool:
        return self.number is not None

    @property
    def per_student(self) -> bool:
        return self.kind == "student"

    @property
    def school_scoped(self) -> bool:
        return self.kind != "municipal"

    @property
    def permission_prefix(self) -> str:
        return f"{self.model._meta.app_label}.%s_{self.model._meta.model_name}"

    def permission(self, action: str) -> str:
        return self.permission_prefix % action

    def owed_by(self, school: School, period: Period) -> bool:
        if self.applies is not None:
            return self.applies(school, period)
        return school.kind != School.Kind.ADDITIONAL

    # -- the list
    def list_columns(self, *, many_schools: bool) -> list[Col]:
        if self.kind == "student":
            head = [
                Col("ФИО", "student.full_name", link=True,
                    order=("student__last_name", "student__first_name", "student__middle_name")),
                Col("Класс", "class_name", order=("grade", "class_letter")),
                Col("ОВЗ", lambda o: "да" if o.has_ovz else "", order="has_ovz"),
                Col("Дата", _date, order="date"),
            ]
        elif self.kind == "school":
            head = [Col("Дата", _date, link=True, order="date")]
        else:
            head = [Col("Год", "year", link=True)]
        tail = [Col("ОО", "school.short_name")] if many_schools and self.school_scoped else []
        return [*head, *self.columns, *tail]

    def list_related(self) -> tuple[str, ...]:
        base = {"student": ("school", "student"), "school": ("school",), "municipal": ()}
        return (*base[self.kind], *self.select_related)

    def detail_fields(self) -> list[Col]:
        meta = []
        if self.kind == "student":
            meta = [
                Col("Обучающийся", "student.full_name"),
                Col("Дата рождения", lambda o: o.student.birth_date.strftime("%d.%m.%Y")),
                Col("Класс на момент записи", lambda o: o.class_name or "—"),
                Col("ОВЗ на момент записи", lambda o: "да" if o.has_ovz else "нет"),
            ]
        own = [c for c in self.columns if c.header not in {"ФИО", "Класс", "ОВЗ"}]
        if self.kind == "municipal":
            return [Col("Год", "year"), *own, Col("Примечание", "comment"),
                    Col("Автор записи", lambda o: o.author or "—")]
        return [
            *meta,
            Col("Дата", _date),
            Col("Учебный год", "academic_year.title"),
            Col("Полугодие", lambda o: o.period.get_half_display()),
            *own,
            Col("Примечание", "comment"),
            Col("ОО", "school.short_name"),
            Col("Автор записи", lambda o: o.author or "—"),
        ]


class Registry:
    def __init__(self) -> None:
        self._entries: dict[str, Register] = {}

    def add(self, entry: Register) -> Register:
        if entry.slug in self._entries:
            raise ValueError(f"реестр «{entry.slug}» уже объявлен")
        self._entries[entry.slug] = entry
        return entry

    def __iter__(self) -> Iterator[Register]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, slug: str) -> Register:
        return self._entries[slug]

    def get_or_404(self, slug: str) -> Register:
        try:
            return self._entries[slug]
        except KeyError:
            raise Http404("Нет такого реестра.") from None

    def registers(self) -> list[Register]:
        """The numbered registers (the roadmap's ten and those added later), in order."""
        return sorted((e for e in self if e.number), key=lambda e: e.number)

    def companions(self, entry: Register) -> list[Register]:
        return [e for e in self if e.parent == entry.slug]

    def for_model(self, model: type) -> Register:
        for entry in self:
            if entry.model is model:
                return entry
        raise KeyError(model)

    def municipal(self) -> list[Register]:
        return [e for e in self if e.kind == "municipal"]


registry = Registry()
add = registry.add

STUDENT_NOTES = (
    "Обучающийся находится по ФИО и дате рождения в списке вашей ОО; если дата рождения "
    "не указана — по классу (например, 7А) и ФИО, когда в классе он один с таким ФИО.",
    "Класс и статус ОВЗ запоминаются на дату записи: позже их изменение не переписывает "
    "прошлые данные.",
    "Строки о полугодии, данные за которое уже приняты ИМЦ, не загружаются.",
)


def _has_growth_point(school: School, period: Period) -> bool:
    return school.has_growth_point


def _has_technoclass(school: School, period: Period) -> bool:
    known = getattr(school, "has_active_technoclass", None)  # preloaded by services.half_years
    return school.technoclasses.filter(is_active=True).exists() if known is None else known


def _graduates_admitted(school: School, period: Period) -> bool:
    # Graduates are admitted in summer: the II half-year of schools with grades 9 or 11.
    return period.half == Period.Half.SECOND and school.kind not in (
        School.Kind.ADDITIONAL, School.Kind.PRIMARY)


def _profminimum_owed(school: School, period: Period) -> bool:
    # Grades 6–11 from the 2023/2024 academic year (a primary school has none).
    return (period.ends_on >= FIRST_DAY
            and school.kind not in (School.Kind.ADDITIONAL, School.Kind.PRIMARY))


def _event_participants(event: EmployerEvent) -> dict[str, Any]:
    return {
        "participants": event.participants.select_related("student").order_by("student__last_name"),
        "mass_url": reverse("monitoring:register_mass", args=["employers"])
        + f"?event={event.pk}&school={event.school_id}",
    }


def _graduate_path(admission: Admission) -> dict[str, Any]:
    return {
        "statuses": admission.statuses.select_related("employer").order_by("date"),
        "add_status_url": reverse("monitoring:register_add", args=["graduate-statuses"])
        + f"?admission={admission.pk}&school={admission.school_id}",
    }


# ------------------------------------------------------------------- register 1

add(Register(
    slug="employers", number=1, title="Взаимодействие с предприятиями", icon="buildings",
    model=EmployerInteraction, resource=r.EmployerInteractionResource,
    description="Участие обучающихся в совместных мероприятиях с предприятиями: экскурсиях, "
                "профессиональных пробах, мастер-классах.",
    form_fields=("student", "event", "comment"),
    columns=[Col("Предприятие", "event.employer.name"), Col("Мероприятие", "event.title"),
             Col("Вид", lambda o: o.event.get_kind_display(), order="event__kind")],
    select_related=("event__employer",),
    search_fields=("event__title", "event__employer__name"),
    filters={"employer": f.reference_filter("Предприятие", Employer.objects.all(), "event__employer"),
             "kind": f.choice_filter("Вид мероприятия", EmployerEvent.Kind.choices, "event__kind")},
    mass_fields=("event", "comment"),
    template_notes=(
        *STUDENT_NOTES,
        "Строки с одинаковыми датой, предприятием, видом и названием — участники одного "
        "мероприятия; если такого мероприятия ещё нет, оно будет создано.",
    ),
))
add(Register(
    slug="employer-events", parent="employers", kind="school", icon="calendar-event",
    title="Совместные мероприятия с предприятиями",
    model=EmployerEvent, resource=r.EmployerEventResource,
    description="Экскурсии, пробы, мастер-классы с предприятиями: участники поимённо "
                "(реестр 1) или числом.",
    form_fields=("date", "employer", "kind", "title", "participants_count", "participants_ovz",
                 "comment"),
    columns=[Col("Предприятие", "employer.name"), Col("Вид", "kind"), Col("Название", "title"),
             Col("Участников поимённо", "named", order="named"),
             Col("Участников (число)", lambda o: o.participants_count or "",
                 order="participants_count")],
    select_related=("employer",), search_fields=("title", "employer__name"),
    annotate=lambda qs: qs.annotate(named=Count("participants")),
    filters={"kind": f.choice_filter("Вид", EmployerEvent.Kind.choices, "kind")},
    detail_template="registers/detail_event.html",
    detail_context=_event_participants,
))
add(Register(
    slug="employer-agreements", parent="employers", kind="school", icon="file-earmark-text",
    title="Договоры с предприятиями",
    model=EmployerAgreement, resource=r.EmployerAgreementResource,
    description="Договоры о сотрудничестве, целевом обучении, консультировании, тьюторстве, "
                "сопровождении узких специалистов.",
    form_fields=("date", "employer", "kind", "number", "valid_until", "subject", "comment"),
    columns=[Col("Предприятие", "employer.name"), Col("Вид", "kind"), Col("Номер", "number"),
             Col("Действует до", lambda o: o.valid_until.strftime("%d.%m.%Y") if o.valid_until else "",
                 order="valid_until")],
    select_related=("employer",), search_fields=("number", "subject", "employer__name"),
    filters={"kind": f.choice_filter("Вид договора", EmployerAgreement.Kind.choices, "kind")},
))

# ------------------------------------------------------------------- register 2

add(Register(
    slug="additional-education", number=2, icon="palette",
    title="Дополнительное образование профильной направленности",
    model=AdditionalEducation, resource=r.AdditionalEducationResource,
    description="Обучающиеся, получающие дополнительное образование по профильной или "
                "предпрофильной направленности.",
    form_fields=("student", "date", "program", "comment"),
    columns=[Col("Программа", "program.name"), Col("Направленность", "program.direction.name")],
    select_related=("program__direction",), search_fields=("program__name",),
    filters={"direction": f.reference_filter("Направленность", Direction.objects.all(),
                                              "program__direction")},
    mass_fields=("date", "program", "comment"),
    template_notes=STUDENT_NOTES,
    yearly=True,
))

# ------------------------------------------------------------------- register 3

add(Register(
    slug="profile-study", number=3, icon="mortarboard",
    title="Профильное обучение и углублённое изучение предметов",
    model=ProfileStudy, resource=r.ProfileStudyResource,
    description="Обучающиеся, изучающие предметы на углублённом уровне или по профилю.",
    form_fields=("student", "date", "profile", "subject", "comment"),
    columns=[Col("Профиль", lambda o: o.profile or "", order="profile__name"),
             Col("Углублённый предмет", lambda o: o.subject or "", order="subject__name")],
    select_related=("profile", "subject"), search_fields=("subject__name", "profile__name"),
    filters={"profile": f.reference_filter("Профиль", Profile.objects.all(), "profile")},
    mass_fields=("date", "profile", "subject", "comment"),
    template_notes=STUDENT_NOTES,
    yearly=True,
))

# ------------------------------------------------------------------- register 4

add(Register(
    slug="diagnostics", number=4, icon="clipboard-data",
    title="Охват профориентационной диагностикой",
    model=Diagnostic, resource=r.DiagnosticResource,
    description="Обучающиеся, прошедшие профориентационную диагностику.",
    form_fields=("student", "date", "method", "result", "comment"),
    columns=[Col("Методика", "method.name"), Col("Результат", "result")],
    select_related=("method",), search_fields=("method__name", "result"),
    mass_fields=("date", "method", "result", "comment"),
    template_notes=STUDENT_NOTES,
))

# ------------------------------------------------------------------- register 5

add(Register(
    slug="admissions", number=5, icon="building-check",
    title="Поступление выпускников в ПОО и ВО",
    model=Admission, resource=r.AdmissionResource,
    description="Выпускники 9 и 11 классов, поступившие в организации СПО и ВО, — по профилю "
                "обучения или нет, в Сахалинской области или за её пределами.",
    form_fields=("student", "date", "graduation_year", "graduation_grade", "institution",
                 "level", "specialty", "study_form", "basis", "target_employer", "by_profile",
                 "comment"),
    columns=[Col("Выпуск", lambda o: f"{o.graduation_year or '—'}, {o.graduation_grade or '—'} кл.",
                 order=("graduation_year", "graduation_grade")),
             Col("Учебное заведение", "institution", order="institution__name"),
             Col("Специальность", lambda o: o.specialty.code, order="specialty__code"),
             Col("Уровень", lambda o: o.get_level_display(), order="level"),
             Col("Основа", lambda o: o.get_basis_display(), order="basis"),
             Col("По профилю", lambda o: _yes(o.by_profile), order="by_profile"),
             Col("В Сахалинской обл.", lambda o: _yes(o.in_sakhalin), order="in_sakhalin")],
    select_related=("institution", "specialty"),
    search_fields=("institution__name", "specialty__name", "specialty__code"),
    filters={
        "level": f.choice_filter("Уровень", Admission._meta.get_field("level").choices, "level"),
        "basis": f.choice_filter("Основа", Admission.Basis.choices, "basis"),
        "institution": f.reference_filter("Учебное заведение", Institution.objects.all(),
                                          "institution"),
    },
    template_notes=(
        *STUDENT_NOTES,
        "Год выпуска и класс можно не указывать: портал возьмёт их из последнего класса "
        "обучающегося. «По профилю обучения» — тоже: портал сравнит специальность с профилем "
        "обучающегося из реестра 3.",
    ),
    applies=_graduates_admitted,
    detail_template="registers/detail_admission.html",
    detail_context=_graduate_path,
))
add(Register(
    slug="graduate-statuses", parent="admissions", icon="signpost-split",
    title="Дальнейший путь выпускников",
    model=GraduateStatus, resource=r.GraduateStatusResource, form_base=register_forms.GraduateStatusForm,
    description="Статусы выпускников по годам: учится, отчислен, завершил обучение, "
                "трудоустроен (и вернулся ли в район).",
    form_fields=("admission", "date", "status", "employer", "employed_in_district", "comment"),
    columns=[Col("Учебное заведение", "admission.institution",
                 order="admission__institution__name"),
             Col("Статус", "status"),
             Col("Работодатель", lambda o: o.employer or "", order="employer__name"),
             Col("В районе", lambda o: _yes(o.employed_in_district) if o.status == "employed" else "",
                 order="employed_in_district")],
    select_related=("admission__institution", "employer"),
    search_fields=("admission__institution__name", "employer__name"),
    filters={"status": f.choice_filter("Статус", GraduateStatus.Status.choices, "status")},
    template_notes=STUDENT_NOTES,
))

# ------------------------------------------------------------------- register 6

add(Register(
    slug="competitions", number=6, icon="trophy",
    title="Конкурсы профессионального мастерства, конференции",
    model=CompetitionParticipation, resource=r.CompetitionParticipationResource,
    description="Участие в конкурсах профессионального мастерства (в т.ч. «Абилимпикс»), "
                "конференциях и др.: уровень и результат.",
    form_fields=("student", "date", "competition", "nomination", "result", "comment"),
    columns=[Col("Конкурс", "competition.name"),
             Col("Уровень", lambda o: o.competition.get_level_display(), order="competition__level"),
             Col("Результат", "result")],
    select_related=("competition",), search_fields=("competition__name", "nomination"),
    filters={
        "level": f.choice_filter("Уровень", Competition.Level.choices, "competition__level"),
        "competition_kind": f.choice_filter("Вид", Competition.Kind.choices, "competition__kind"),
        "result": f.choice_filter("Результат", CompetitionParticipation.Result.choices, "result"),
    },
    mass_fields=("date", "competition", "nomination", "result", "comment"),
    template_notes=STUDENT_NOTES,
))

# ------------------------------------------------------------------- register 7

add(Register(
    slug="technoclasses", number=7, icon="cpu", title="Детские техноклассы",
    model=TechnoclassParticipation, resource=r.TechnoclassParticipationResource,
    description="Обучающиеся детских техноклассов (федеральный проект «Успех каждого ребёнка»).",
    form_fields=("student", "date", "technoclass", "comment"),
    columns=[Col("Технокласс", "technoclass.name"),
             Col("Партнёр", lambda o: o.technoclass.partner or "",
                 order="technoclass__partner__name")],
    select_related=("technoclass__partner",), search_fields=("technoclass__name",),
    mass_fields=("date", "technoclass", "comment"),
    template_notes=STUDENT_NOTES,
    applies=_has_technoclass,
    yearly=True,
))

# ------------------------------------------------------------------- register 8

add(Register(
    slug="growth-points", number=8, icon="lightbulb", title="Центры «Точка роста»",
    model=GrowthPointParticipation, resource=r.GrowthPointParticipationResource,
    description="Обучающиеся центров цифровых и гуманитарных профилей «Точка роста» "
                "(федеральный проект «Современная школа»).",
    form_fields=("student", "date", "centre", "activity", "course", "comment"),
    columns=[Col("Вид занятий", "activity"), Col("Курс", "course")],
    select_related=("centre",), search_fields=("course",),
    filters={"activity": f.choice_filter("Вид занятий", GrowthPointParticipation.Activity.choices,
                                         "activity")},
    mass_fields=("date", "centre", "activity", "course", "comment"),
    template_notes=STUDENT_NOTES,
    applies=_has_growth_point,
    yearly=True,
))

# ------------------------------------------------------------------- register 9

add(Register(
    slug="proektoria", number=9, icon="camera-video", title="Открытые уроки «ПроеКТОриЯ»",
    model=ProjectoriaParticipation, resource=r.ProjectoriaParticipationResource,
    description="Участники всероссийских открытых онлайн-уроков «ПроеКТОриЯ».",
    form_fields=("student", "lesson", "date", "comment"),
    columns=[Col("Урок", "lesson.topic")],
    select_related=("lesson",), search_fields=("lesson__topic",),
    filters={"lesson": f.reference_filter("Урок", ProjectoriaLesson.objects.all(), "lesson")},
    mass_fields=("lesson", "date", "comment"),
    template_notes=(*STUDENT_NOTES, "Дату можно не указывать: будет взята дата урока."),
))
add(Register(
    slug="proektoria-sessions", parent="proektoria", kind="school", icon="people",
    title="Уроки «ПроеКТОриЯ»: просмотры классами",
    model=ProjectoriaSession, resource=r.ProjectoriaSessionResource,
    description="Урок смотрел класс, а участники не записаны поимённо: число участников.",
    form_fields=("lesson", "date", "audience", "participants_count", "participants_ovz", "comment"),
    columns=[Col("Урок", "lesson.topic"), Col("Класс(ы)", "audience"),
             Col("Участников", "participants_count"), Col("В т.ч. с ОВЗ", "participants_ovz")],
    select_related=("lesson",), search_fields=("lesson__topic", "audience"),
))

# ------------------------------------------------------------------ register 10

add(Register(
    slug="ticket-to-future", number=10, icon="ticket-perforated",
    title="Проект «Билет в будущее»",
    model=TicketParticipation, resource=r.TicketParticipationResource,
    description="Участники всероссийского проекта «Билет в будущее»: этапы, пробы, рекомендации.",
    form_fields=("student", "date", "stage", "details", "comment"),
    columns=[Col("Этап", "stage.name"), Col("Профессия, направление", "details")],
    select_related=("stage",), search_fields=("details", "stage__name"),
    filters={"stage": f.reference_filter("Этап", TicketStage.objects.all(), "stage")},
    mass_fields=("date", "stage", "details", "comment"),
    template_notes=STUDENT_NOTES,
))

# ------------------------------------------------------------------ register 11

add(Register(
    slug="profminimum", number=11, icon="compass", title="Профминимум",
    model=ProfminimumHours, resource=r.ProfminimumHoursResource,
    description="Единая модель профориентации (с 01.09.2023), 6–11 классы: часы обучающихся по "
                "семи направлениям. Занятия «Россия — мои горизонты» записывают классом.",
    form_fields=("student", "date", "direction", "hours", "activity", "comment"),
    columns=[Col("Направление", lambda o: o.get_direction_display(), order="direction"),
             Col("Часов", "hours"), Col("Занятие, мероприятие", "activity")],
    search_fields=("activity",),
    filters={"direction": f.choice_filter("Направление", ProfminimumDirection.choices,
                                          "direction")},
    mass_fields=("date", "direction", "hours", "activity", "comment"),
    template_notes=(
        *STUDENT_NOTES,
        "Часы учитываются у обучающихся 6–11 классов с 2023/2024 учебного года. Уровень ОО "
        "на учебный год (базовый — не менее 40 ч, основной — 60 ч, продвинутый — 80 ч) "
        "вносится в список «Профминимум: уровень ОО».",
        "Не вносите повторно то, что уже есть в других реестрах: профпробы и мероприятия "
        "«Билета в будущее», профпробы и экскурсии на предприятиях, конкурсы и диагностика "
        "засчитываются в профминимум сами (" + "; ".join(
            f"{o.what} — {o.hours} ч" for o in FROM_OTHER_REGISTERS) + ").",
    ),
    applies=_profminimum_owed,
))
add(Register(
    slug="profminimum-levels", parent="profminimum", kind="school", icon="bar-chart-steps",
    title="Профминимум: уровень ОО",
    model=ProfminimumLevel, resource=r.ProfminimumLevelResource,
    description="Уровень реализации профминимума, выбранный ОО на учебный год: базовый "
                "(не менее 40 ч в год), основной (60 ч), продвинутый (80 ч). Одна запись на "
                "учебный год; дата — дата приказа ОО.",
    form_fields=("date", "level", "order", "comment"),
    columns=[Col("Учебный год", "academic_year.title", order="academic_year__start_year"),
             Col("Уровень", lambda o: o.get_level_display(), order="level"),
             Col("Часов в год", "hours", order="level"), Col("Приказ", "order")],
    select_related=("academic_year",), search_fields=("order",),
    filters={"level": f.choice_filter("Уровень", ProfminimumLevelChoice.choices, "level")},
))

# --------------------------------------------------------------- labour market

add(Register(
    slug="labour-demand", kind="municipal", icon="graph-up",
    title="Потребность в специалистах",
    model=SpecialistDemand, resource=r.SpecialistDemandResource,
    description="База потребности в специалистах в районе и регионе (паспорт, п. 4). "
                "Ведёт ИМЦ.",
    form_fields=("year", "territory", "specialty", "profession", "level", "number", "source",
                 "employer", "comment"),
    columns=[Col("Территория", "territory"),
             Col("Специальность, профессия",
                 lambda o: o.profession or (o.specialty.label if o.specialty else ""),
                 order=("profession", "specialty__code")),
             Col("Уровень", lambda o: o.get_level_display(), order="level"),
             Col("Человек", "number"), Col("Источник", "source"),
             Col("Работодатель", lambda o: o.employer or "", order="employer__name")],
    select_related=("specialty", "employer"),
    search_fields=("profession", "specialty__name", "specialty__code", "employer__name"),
    filters={"territory": f.choice_filter("Территория", SpecialistDemand.Territory.choices,
                                          "territory")},
))
add(Register(
    slug="targeted-offers", kind="municipal", icon="briefcase",
    title="Предложения целевого обучения",
    model=TargetedTrainingOffer, resource=r.TargetedTrainingOfferResource,
    description="Работодатели, предлагающие целевое обучение с последующим трудоустройством "
                "(паспорт, п. 4). Ведёт ИМЦ.",
    form_fields=("year", "employer", "specialty", "institution", "places", "comment"),
    columns=[Col("Работодатель", "employer.name"),
             Col("Специальность", "specialty.label", order="specialty__code"),
             Col("Учебное заведение", lambda o: o.institution or "", order="institution__name"),
             Col("Мест", "places")],
    select_related=("employer", "specialty", "institution"),
    search_fields=("employer__name", "specialty__name", "specialty__code"),
))
