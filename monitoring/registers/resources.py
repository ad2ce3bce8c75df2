"""The Excel columns of every register: Russian headers, reference lists, examples.

A register's resource is its columns plus, where needed, a few lines of cleaning (find
or create the event of register 1, the default lesson date of register 9, the admission
a graduate's status belongs to). Everything else is the engine in ``importing.py``.
"""

from __future__ import annotations

from collections import defaultdict

from ..importing import (
    ChoiceWidget,
    Column,
    DateWidget,
    IntegerWidget,
    LookupWidget,
    TextWidget,
    cell_text,
    normalize_text,
)
from .catalogs import (
    Competition,
    DiagnosticMethod,
    EducationLevel,
    Employer,
    GrowthPointCentre,
    Institution,
    Profile,
    Program,
    ProjectoriaLesson,
    Specialty,
    Subject,
    Technoclass,
    TicketStage,
)
from .importing import NullableYesNoWidget, RecordResource, StudentRecordResource, lookup
from .labour import SpecialistDemand, TargetedTrainingOffer
from .profminimum import MAX_HOURS, ProfminimumHours, ProfminimumLevel
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

STUDENT_FIELDS = ("student_name", "last_name", "first_name", "middle_name", "birth_date",
                  "class_name")


def order(*names: str, student: bool = True) -> tuple[str, ...]:
    """Column order: the student, the register's own columns, the remark last."""
    return (*(STUDENT_FIELDS if student else ()), *names, "comment")


def active(model):
    return lambda resource: model.objects.filter(is_active=True)


def of_school(model):
    """A school's own list (technoclasses, centres): the importing school's, or for a
    template the schools the user sees (every school's for a template written by the
    command without a user: names of classes and centres are no one's personal data)."""
    def source(resource):
        found = model.objects.filter(is_active=True).select_related("school")
        if resource.school is not None:
            return found.filter(school=resource.school)
        if resource.user is not None:
            return found.for_user(resource.user)
        return found
    return source


def employer_widget(what: str = "такого предприятия") -> LookupWidget:
    return lookup(what, active(Employer), "name", "inn")


def specialty_widget() -> LookupWidget:
    return lookup("такой специальности", active(Specialty), "label", "code", "name",
                  render_attr="label")


def institution_widget() -> LookupWidget:
    return lookup("такого учебного заведения", active(Institution), "name", "short_name")


def date_column(help_text: str, required: bool = True) -> Column:
    return Column("date", "Дата", DateWidget(), required=required, example="15.10.2024",
                  help_text=help_text, aliases=("Дата проведения", "Дата участия"))


def comment_column() -> Column:
    return Column("comment", "Примечание", TextWidget(500), aliases=("Комментарий",))


LEVEL_ALIASES = {"среднее профессиональное": EducationLevel.SPO, "высшее": EducationLevel.VO,
                 "впо": EducationLevel.VO}


# ---------------------------------------------------------------- register 1


class LessonWidget(LookupWidget):
    """A lesson by «дд.мм.гггг тема» or by its topic; a topic repeated in several years
    is told apart by the row's date."""

    def load(self, objects, *keys) -> None:
        self.mapping, self.labels = {}, []
        self.by_topic: dict[str, list[ProjectoriaLesson]] = defaultdict(list)
        for lesson in objects:
            self.mapping[normalize_text(lesson.label)] = lesson
            self.by_topic[normalize_text(lesson.topic)].append(lesson)
            self.labels.append(lesson.label)

    def clean(self, value, row=None, **kwargs):
        key = normalize_text(cell_text(value))
        if not key:
            return None
        if key in self.mapping:
            return self.mapping[key]
        found = self.by_topic.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            try:
                day = DateWidget().clean((row or {}).get("Дата"))
            except ValueError:
                day = None
            same_day = [lesson for lesson in found if lesson.date == day]
            if len(same_day) == 1:
                return same_day[0]
            raise ValueError("несколько уроков с такой темой: выберите урок из списка "
                             "(с датой), например «" + found[0].label + "»")
        raise ValueError("урок не найден в справочнике портала")

    def render(self, value, obj=None, **kwargs) -> str:
        return value.label if value else ""


def event_kind_column(attribute: str) -> Column:
    return Column(
        attribute, "Вид мероприятия",
        ChoiceWidget(EmployerEvent.Kind.choices, {
            "экскурсия": EmployerEvent.Kind.EXCURSION, "профпроба": EmployerEvent.Kind.TRIAL,
            "проба": EmployerEvent.Kind.TRIAL, "мастер класс": EmployerEvent.Kind.MASTER_CLASS,
            "встреча": EmployerEvent.Kind.MEETING,
        }),
        required=True, example="экскурсия на предприятие",
    )


def lesson_column() -> Column:
    return Column("lesson", "Урок", LessonWidget(
        "урок", "label", source=lambda r: ProjectoriaLesson.objects.filter(is_active=True)),
        required=True, example="15.09.2024 Открытый урок «Профессии будущего»",
        help_text="Урок из справочника (дата и тема) или только тема.")


class EmployerInteractionResource(StudentRecordResource):
    row_noun = "участие обучающегося в мероприятии"
    row_gender = "n"

    date = date_column("Дата мероприятия, дд.мм.гггг.")
    employer = Column("event__employer", "Предприятие", employer_widget(), required=True,
                      example="ООО «Пример-Нефть»",
                      help_text="Из справочника предприятий; можно указать ИНН.")
    kind = event_kind_column("event__kind")
    title = Column("event__title", "Название мероприятия", TextWidget(300), required=True,
                   example="Экскурсия на промысел",
                   help_text="Все обучающиеся с одинаковыми датой, предприятием, видом и "
                             "названием — участники одного мероприятия.")
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = EmployerInteraction
        fields = import_order = export_order = order("date", "employer", "kind", "title")

    def prepare(self) -> None:
        super().prepare()
        self._events = {
            (e.employer_id, e.kind, e.date, normalize_text(e.title)): e
            for e in EmployerEvent.objects.filter(school=self.school)
        }
        self._new_events: dict[tuple, EmployerEvent] = {}

    def clean_extra(self, values, errors, row) -> None:
        employer, kind, title = (values.get("event__employer"), values.get("event__kind"),
                                 values.get("event__title"))
        key = (employer.pk, kind, values["date"], normalize_text(title))
        event = self._events.get(key) or self._new_events.get(key)
        if event is None:
            # A new event, saved with the records when the file is confirmed.
            event = EmployerEvent(
                school=self.school, employer=employer, kind=kind, title=title,
                date=values["date"], author=self._history_user(),
            )
            event.assign_period(values["period"])
            self._new_events[key] = event
        values["event"] = event

    def save_related(self, instances: list) -> None:
        for event in self._new_events.values():
            if event.pk is None:
                event.save()


class EmployerEventResource(RecordResource):
    row_noun = "мероприятие"
    row_gender = "n"

    date = date_column("Дата мероприятия, дд.мм.гггг.")
    employer = Column("employer", "Предприятие", employer_widget(), required=True,
                      example="ООО «Пример-Нефть»")
    kind = event_kind_column("kind")
    title = Column("title", "Название мероприятия", TextWidget(300), required=True,
                   example="Экскурсия на промысел")
    participants_count = Column(
        "participants_count", "Число участников", IntegerWidget(0, 10000), example="25",
        help_text="Если участники не записаны поимённо в реестр 1.")
    participants_ovz = Column("participants_ovz", "В т.ч. с ОВЗ", IntegerWidget(0, 10000),
                              example="2")
    comment = comment_column()

    class Meta(RecordResource.Meta):
        model = EmployerEvent
        fields = import_order = export_order = order(
            "date", "employer", "kind", "title", "participants_count", "participants_ovz",
            student=False)

    def describe(self, row: dict) -> str:
        return " ".join(cell_text(row.get(k)) for k in ("Дата", "Название мероприятия"))


class EmployerAgreementResource(RecordResource):
    row_noun = "договор"
    row_gender = "m"

    date = date_column("Дата заключения договора.")
    employer = Column("employer", "Предприятие", employer_widget(), required=True,
                      example="ООО «Пример-Нефть»")
    kind = Column("kind", "Вид договора",
                  ChoiceWidget(EmployerAgreement.Kind.choices, {
                      "целевое": EmployerAgreement.Kind.TARGETED,
                      "тьютерство": EmployerAgreement.Kind.TUTORING,
                  }),
                  required=True, example="сотрудничество")
    number = Column("number", "Номер договора", TextWidget(60), example="15/2024")
    valid_until = Column("valid_until", "Действует до", DateWidget(), example="31.08.2026")
    subject = Column("subject", "Предмет договора", TextWidget(500),
                     example="Профессиональные пробы для 8–11 классов")
    comment = comment_column()

    class Meta(RecordResource.Meta):
        model = EmployerAgreement
        fields = import_order = export_order = order(
            "date", "employer", "kind", "number", "valid_until", "subject", student=False)


# ---------------------------------------------------------------- register 2


class AdditionalEducationResource(StudentRecordResource):
    date = date_column("Дата начала занятий (зачисления в объединение).")
    program = Column("program", "Программа", lookup("такой программы", active(Program)),
                     required=True, example="Робототехника",
                     help_text="Программа дополнительного образования из справочника.")
    direction = Column("program__direction__name", "Направленность", TextWidget(),
                       export_only=True)
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = AdditionalEducation
        fields = import_order = export_order = order("date", "program", "direction")


# ---------------------------------------------------------------- register 3


class ProfileStudyResource(StudentRecordResource):
    date = date_column("Дата начала обучения, обычно 01.09 учебного года.")
    profile = Column("profile", "Профиль", lookup("такого профиля", active(Profile), "name", "code"),
                     example="технологический",
                     help_text="Профиль 10–11 класса; пусто — если только углублённый предмет.")
    subject = Column("subject", "Предмет на углублённом уровне",
                     lookup("такого предмета", active(Subject)), example="математика",
                     aliases=("Предмет", "Углублённый предмет"))
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = ProfileStudy
        fields = import_order = export_order = order("date", "profile", "subject")

    def clean_extra(self, values, errors, row) -> None:
        if values.get("profile") is None and values.get("subject") is None:
            errors["profile"] = ["укажите профиль, предмет на углублённом уровне или оба"]


# ---------------------------------------------------------------- register 4


class DiagnosticResource(StudentRecordResource):
    date = date_column("Дата проведения диагностики.")
    method = Column("method", "Методика", lookup("такой методики", active(DiagnosticMethod)),
                    required=True, example="Методика «Карта интересов»")
    result = Column("result", "Результат, рекомендации", TextWidget(500),
                    example="интерес к технике; рекомендованы инженерные специальности")
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = Diagnostic
        fields = import_order = export_order = order("date", "method", "result")


# ---------------------------------------------------------------- register 5


class AdmissionResource(StudentRecordResource):
    row_noun = "поступление выпускника"
    row_gender = "n"

    date = date_column("Дата зачисления (приказа о зачислении).")
    graduation_year = Column("graduation_year", "Год выпуска", IntegerWidget(2000, 2100),
                             example="2024", help_text="Пусто — по последнему классу в портале.")
    graduation_grade = Column("graduation_grade", "Окончил класс",
                              ChoiceWidget([(9, "9"), (11, "11")]), example="11",
                              help_text="9 или 11; пусто — по последнему классу в портале.")
    institution = Column("institution", "Учебное заведение", institution_widget(),
                         required=True, example="ФГБОУ ВО «Сахалинский государственный университет»",
                         aliases=("Организация СПО или ВО", "ПОО, ВУЗ"))
    level = Column("level", "Уровень", ChoiceWidget(EducationLevel.choices, LEVEL_ALIASES),
                   example="ВО", help_text="СПО или ВО; пусто — по коду специальности.")
    specialty = Column("specialty", "Специальность", specialty_widget(), required=True,
                       example="21.03.01 Нефтегазовое дело",
                       help_text="Код ОКСО, наименование или «код наименование».")
    study_form = Column(
        "study_form", "Форма обучения",
        ChoiceWidget(Admission.StudyForm.choices, {"очно": Admission.StudyForm.FULL_TIME,
                                                    "заочно": Admission.StudyForm.EXTRAMURAL,
                                                    "очно-заочно": Admission.StudyForm.MIXED}),
        example="очная", help_text="Пусто — очная.")
    basis = Column(
        "basis", "Основа обучения",
        ChoiceWidget(Admission.Basis.choices, {
            "бюджетная": Admission.Basis.BUDGET, "бюджетное": Admission.Basis.BUDGET,
            "договор": Admission.Basis.CONTRACT, "платно": Admission.Basis.CONTRACT,
            "платная": Admission.Basis.CONTRACT, "целевое": Admission.Basis.TARGETED,
            "целевая": Admission.Basis.TARGETED,
        }),
        example="бюджет", help_text="Пусто — бюджет.")
    target_employer = Column("target_employer", "Заказчик целевого обучения",
                             employer_widget("такого предприятия"),
                             example="", help_text="Только для целевого обучения.")
    by_profile = Column("by_profile", "По профилю обучения", NullableYesNoWidget(),
                        example="", choices=["да", "нет"],
                        help_text="Пусто — портал определит по профилю обучающегося (реестр 3).")
    in_sakhalin = Column("in_sakhalin", "В Сахалинской области", TextWidget(),
                         export_only=True)
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = Admission
        fields = import_order = export_order = order(
            "date", "graduation_year", "graduation_grade", "institution", "level", "specialty",
            "study_form", "basis", "target_employer", "by_profile", "in_sakhalin")

    def prepare(self) -> None:
        super().prepare()
        self._profiles = {
            record.student_id: record.profile
            for record in ProfileStudy.objects.filter(school=self.school, profile__isnull=False)
            .select_related("profile").order_by("date", "pk")
        }

    def dehydrate_in_sakhalin(self, admission: Admission) -> str:
        return "да" if admission.in_sakhalin else "нет"

    def derive(self, instance) -> None:
        super().derive(instance)  # snapshot of a new record
        instance.derive(profile=self._profiles.get(instance.student_id),
                        last_enrollment=self.students.last_enrollment.get(instance.student_id))

    def clean_extra(self, values, errors, row) -> None:
        if values.get("study_form") is None and "study_form" in values:
            values["study_form"] = Admission.StudyForm.FULL_TIME
        if values.get("basis") is None and "basis" in values:
            values["basis"] = Admission.Basis.BUDGET


class GraduateStatusResource(StudentRecordResource):
    row_noun = "статус выпускника"
    row_gender = "m"

    date = date_column("Дата, на которую известен статус.")
    institution = Column("admission__institution", "Учебное заведение", institution_widget(),
                         example="ФГБОУ ВО «Сахалинский государственный университет»",
                         help_text="Нужно, если у выпускника несколько записей о поступлении.")
    status = Column(
        "status", "Статус",
        ChoiceWidget(GraduateStatus.Status.choices, {
            "завершил": GraduateStatus.Status.COMPLETED, "окончил": GraduateStatus.Status.COMPLETED,
            "работает": GraduateStatus.Status.EMPLOYED, "отчислена": GraduateStatus.Status.EXPELLED,
            "учится": GraduateStatus.Status.STUDYING,
        }),
        required=True, example="учится")
    employer = Column("employer", "Работодатель", employer_widget("такого работодателя"),
                      example="", help_text="Для статуса «трудоустроен».")
    employed_in_district = Column("employed_in_district", "Работает в районе",
                                  NullableYesNoWidget(), choices=["да", "нет"], example="",
                                  help_text="Пусто — по работодателю.")
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = GraduateStatus
        fields = import_order = export_order = order(
            "date", "institution", "status", "employer", "employed_in_district")

    def prepare(self) -> None:
        super().prepare()
        self._admissions: dict[int, list[Admission]] = defaultdict(list)
        for admission in Admission.objects.filter(school=self.school).select_related("institution"):
            self._admissions[admission.student_id].append(admission)

    def clean_extra(self, values, errors, row) -> None:
        admissions = self._admissions.get(values["student"].pk, [])
        institution = values.get("admission__institution")
        if institution is not None:
            admissions = [a for a in admissions if a.institution_id == institution.pk]
        if len(admissions) == 1:
            values["admission"] = admissions[0]
        elif not admissions:
            errors["admission__institution"] = [
                "у обучающегося нет такой записи о поступлении (реестр 5): сначала внесите поступление"]
        else:
            errors["admission__institution"] = [
                "у обучающегося несколько записей о поступлении: укажите учебное заведение"]


# ---------------------------------------------------------------- register 6


class CompetitionParticipationResource(StudentRecordResource):
    date = date_column("Дата участия (подведения итогов).")
    competition = Column("competition", "Конкурс, конференция",
                         lookup("такого конкурса", active(Competition)), required=True,
                         example="Муниципальная научно-практическая конференция школьников",
                         aliases=("Конкурс", "Мероприятие"))
    level = Column("competition__level", "Уровень", TextWidget(), export_only=True)
    nomination = Column("nomination", "Компетенция, номинация", TextWidget(300),
                        example="Поварское дело", aliases=("Номинация", "Компетенция", "Секция"))
    result = Column(
        "result", "Результат",
        ChoiceWidget(CompetitionParticipation.Result.choices, {
            "лауреат": CompetitionParticipation.Result.PRIZE,
            "участие": CompetitionParticipation.Result.PARTICIPANT,
            "1 место": CompetitionParticipation.Result.WINNER,
            "2 место": CompetitionParticipation.Result.PRIZE,
            "3 место": CompetitionParticipation.Result.PRIZE,
        }),
        required=True, example="призёр")
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = CompetitionParticipation
        fields = import_order = export_order = order(
            "date", "competition", "level", "nomination", "result")

    def dehydrate_level(self, record: CompetitionParticipation) -> str:
        return record.competition.get_level_display()


# ---------------------------------------------------------------- register 7


class TechnoclassParticipationResource(StudentRecordResource):
    date = date_column("Дата начала занятий в техноклассе.")
    technoclass = Column("technoclass", "Технокласс",
                         lookup("такого технокласса вашей ОО", of_school(Technoclass)), required=True,
                         example="Нефтегазовый технокласс",
                         help_text="Технокласс вашей ОО из справочника.")
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = TechnoclassParticipation
        fields = import_order = export_order = order("date", "technoclass")


# ---------------------------------------------------------------- register 8


class GrowthPointParticipationResource(StudentRecordResource):
    date = date_column("Дата начала занятий.")
    centre = Column("centre", "Центр", lookup("такого центра «Точка роста» вашей ОО", of_school(GrowthPointCentre)),
                    example="", help_text="Пусто — центр вашей ОО.")
    activity = Column(
        "activity", "Вид занятий",
        ChoiceWidget(GrowthPointParticipation.Activity.choices, {
            "урочная": GrowthPointParticipation.Activity.LESSONS,
            "урок": GrowthPointParticipation.Activity.LESSONS,
            "внеурочная": GrowthPointParticipation.Activity.EXTRACURRICULAR,
            "дополнительное": GrowthPointParticipation.Activity.ADDITIONAL,
            "доп. образование": GrowthPointParticipation.Activity.ADDITIONAL,
        }),
        required=True, example="внеурочная деятельность")
    course = Column("course", "Курс, программа", TextWidget(300), required=True,
                    example="Робототехника")
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = GrowthPointParticipation
        fields = import_order = export_order = order("date", "centre", "activity", "course")

    def prepare(self) -> None:
        super().prepare()
        centres = list(GrowthPointCentre.objects.filter(school=self.school, is_active=True))
        self._own_centre = centres[0] if len(centres) == 1 else None

    def clean_extra(self, values, errors, row) -> None:
        if values.get("centre") is None:
            if self._own_centre is None:
                errors["centre"] = [f"у ОО «{self.school}» нет центра «Точка роста» в справочнике портала"]
            else:
                values["centre"] = self._own_centre


# ---------------------------------------------------------------- register 9


class LessonDateMixin:
    """A lesson watched on its own day unless the row says otherwise."""

    def clean_date(self, values, errors) -> None:
        if values.get("date") is None and values.get("lesson") is not None:
            values["date"] = values["lesson"].date
        super().clean_date(values, errors)


class ProjectoriaParticipationResource(LessonDateMixin, StudentRecordResource):
    lesson = lesson_column()
    date = date_column("Дата просмотра; пусто — дата урока.", required=False)
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = ProjectoriaParticipation
        fields = import_order = export_order = order("lesson", "date")


class ProjectoriaSessionResource(LessonDateMixin, RecordResource):
    row_noun = "просмотр урока классом"
    row_gender = "m"

    lesson = lesson_column()
    date = date_column("Дата просмотра; пусто — дата урока.", required=False)
    audience = Column("audience", "Класс(ы)", TextWidget(60), required=True, example="7А")
    participants_count = Column("participants_count", "Число участников",
                                IntegerWidget(1, 10000), required=True, example="24")
    participants_ovz = Column("participants_ovz", "В т.ч. с ОВЗ", IntegerWidget(0, 10000),
                              example="1")
    comment = comment_column()

    class Meta(RecordResource.Meta):
        model = ProjectoriaSession
        fields = import_order = export_order = order(
            "lesson", "date", "audience", "participants_count", "participants_ovz",
            student=False)

    def clean_extra(self, values, errors, row) -> None:
        if values.get("participants_ovz") is None and "participants_ovz" in values:
            values["participants_ovz"] = 0


# ---------------------------------------------------------------- register 10


class TicketParticipationResource(StudentRecordResource):
    date = date_column("Дата прохождения этапа.")
    stage = Column("stage", "Этап", lookup("такого этапа", active(TicketStage), "name", "code"),
                   required=True, example="профессиональная проба")
    details = Column("details", "Профессия, направление, рекомендации", TextWidget(300),
                     example="оператор беспилотных систем",
                     aliases=("Профессия", "Направление"))
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = TicketParticipation
        fields = import_order = export_order = order("date", "stage", "details")


# ---------------------------------------------------------------- register 11


class ProfminimumHoursResource(StudentRecordResource):
    row_noun = "часы профминимума"
    row_gender = "pl"

    date = date_column("Дата занятия или мероприятия.")
    direction = Column(
        "direction", "Направление",
        ChoiceWidget(ProfminimumDirection.choices, {
            "урочная": ProfminimumDirection.LESSONS,
            "внеурочная": ProfminimumDirection.HORIZONS,
            "внеурочная деятельность": ProfminimumDirection.HORIZONS,
            "россия мои горизонты": ProfminimumDirection.HORIZONS,
            "россия — мои горизонты": ProfminimumDirection.HORIZONS,
            "воспитательная": ProfminimumDirection.UPBRINGING,
            "дополнительное": ProfminimumDirection.ADDITIONAL,
            "профильные классы": ProfminimumDirection.PROFILE,
            "родители": ProfminimumDirection.PARENTS,
            "профпробы": ProfminimumDirection.TRIALS,
            "профессиональные пробы": ProfminimumDirection.TRIALS,
        }),
        required=True, example="внеурочная деятельность («Россия — мои горизонты»)",
        help_text="Одно из семи направлений единой модели профориентации.")
    hours = Column("hours", "Часов", IntegerWidget(1, MAX_HOURS), required=True, example="1",
                   help_text="Академических часов за день (или итог за месяц, полугодие — "
                             "датой его последнего дня).", aliases=("Часы",))
    activity = Column("activity", "Занятие, мероприятие", TextWidget(300),
                      example="«Россия — мои горизонты»: Россия индустриальная",
                      aliases=("Тема", "Мероприятие"))
    comment = comment_column()

    class Meta(StudentRecordResource.Meta):
        model = ProfminimumHours
        fields = import_order = export_order = order("date", "direction", "hours", "activity")


class ProfminimumLevelResource(RecordResource):
    row_noun = "уровень профминимума"
    row_gender = "m"

    date = date_column("Дата приказа ОО о выборе уровня на учебный год.")
    level = Column("level", "Уровень", ChoiceWidget(ProfminimumLevelChoice.choices),
                   required=True, example="базовый",
                   help_text="базовый (не менее 40 ч в год), основной (60 ч), продвинутый (80 ч).")
    order = Column("order", "Приказ ОО", TextWidget(100), example="№ 112-од")
    comment = comment_column()

    class Meta(RecordResource.Meta):
        model = ProfminimumLevel
        fields = import_order = export_order = order("date", "level", "order", student=False)


# ---------------------------------------------------------------- labour market


class MunicipalResource(RecordResource):
    """Municipal lists: no school, no half-year; a record belongs to a year."""

    school_scoped = False

    def existing(self):
        years = {v.get("year") for v, _ in self._cleaned.values()} - {None}
        return self._meta.model.objects.filter(year__in=years)


class SpecialistDemandResource(MunicipalResource):
    row_noun = "потребность"
    row_gender = "f"

    year = Column("year", "Год", IntegerWidget(2000, 2100), required=True, example="2025")
    territory = Column("territory", "Территория",
                       ChoiceWidget(SpecialistDemand.Territory.choices, {
                           "район": SpecialistDemand.Territory.MUNICIPALITY,
                           "область": SpecialistDemand.Territory.REGION,
                           "регион": SpecialistDemand.Territory.REGION,
                       }),
                       required=True, example="муниципалитет")
    specialty = Column("specialty", "Специальность по ОКСО", specialty_widget(),
                       example="21.02.01 Разработка и эксплуатация нефтяных и газовых месторождений",
                       aliases=("Специальность", "Код ОКСО"))
    profession = Column("profession", "Профессия, должность", TextWidget(300),
                        example="оператор по добыче нефти и газа")
    level = Column("level", "Уровень образования",
                   ChoiceWidget(EducationLevel.choices, LEVEL_ALIASES), example="СПО")
    number = Column("number", "Потребность, человек", IntegerWidget(1, 100000), required=True,
                    example="12", aliases=("Количество", "Потребность"))
    source = Column("source", "Источник",
                    ChoiceWidget(SpecialistDemand.Source.choices, {
                        "цзн": SpecialistDemand.Source.EMPLOYMENT_CENTRE,
                        "заявка": SpecialistDemand.Source.EMPLOYER,
                        "прогноз": SpecialistDemand.Source.REGIONAL_FORECAST,
                    }),
                    required=True, example="заявка работодателя")
    employer = Column("employer", "Работодатель", employer_widget("такого работодателя"),
                      example="ООО «Пример-Нефть»")
    comment = comment_column()

    class Meta(RecordResource.Meta):
        model = SpecialistDemand
        fields = import_order = export_order = order(
            "year", "territory", "specialty", "profession", "level", "number", "source",
            "employer", student=False)

    def clean_extra(self, values, errors, row) -> None:
        if values.get("specialty") is None and not values.get("profession"):
            errors["specialty"] = ["укажите специальность по ОКСО или профессию"]


class TargetedTrainingOfferResource(MunicipalResource):
    row_noun = "предложение целевого обучения"
    row_gender = "n"

    year = Column("year", "Год", IntegerWidget(2000, 2100), required=True, example="2025")
    employer = Column("employer", "Работодатель", employer_widget("такого работодателя"),
                      required=True, example="ООО «Пример-Нефть»")
    specialty = Column("specialty", "Специальность", specialty_widget(), required=True,
                       example="21.03.01 Нефтегазовое дело")
    institution = Column("institution", "Учебное заведение", institution_widget(),
                         example="ФГБОУ ВО «Сахалинский государственный университет»")
    places = Column("places", "Мест", IntegerWidget(1, 10000), required=True, example="3",
                    aliases=("Количество мест",))
    comment = comment_column()

    class Meta(RecordResource.Meta):
        model = TargetedTrainingOffer
        fields = import_order = export_order = order(
            "year", "employer", "specialty", "institution", "places", student=False)
