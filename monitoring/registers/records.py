"""The ten registers of passport item 5, and the lists that complete registers 1, 5 and 9.

Each register is a :class:`~.base.StudentRecord`: one row per student, so that a
student's path can be followed across registers and years. Registers 1 and 9 are also
kept as events — a joint event with an employer, a lesson watched by a class — with
their named participants or, when names are not kept, a participant count.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .base import SchoolRecord, StudentRecord, record_indexes
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

# ----------------------------------------------------------- register 1: employers


class EmployerEvent(SchoolRecord):
    """A joint event of a school and an employer: excursion, trial, master class …"""

    class Kind(models.TextChoices):
        EXCURSION = "excursion", "экскурсия на предприятие"
        TRIAL = "trial", "профессиональная проба"
        MASTER_CLASS = "master_class", "мастер-класс"
        MEETING = "meeting", "встреча со специалистами"
        OPEN_DAY = "open_day", "день открытых дверей"
        OTHER = "other", "другое"

    employer = models.ForeignKey(
        Employer, models.PROTECT, related_name="events", verbose_name="предприятие"
    )
    kind = models.CharField("вид мероприятия", max_length=16, choices=Kind.choices)
    title = models.CharField("название", max_length=300)
    participants_count = models.PositiveIntegerField(
        "число участников", null=True, blank=True,
        help_text="Если участники не записаны поимённо — сколько обучающихся участвовало.",
    )
    participants_ovz = models.PositiveIntegerField("в т.ч. с ОВЗ", null=True, blank=True)

    identity_fields = ("employer", "kind", "date", "title")

    class Meta(SchoolRecord.Meta):
        verbose_name = "совместное мероприятие с предприятием"
        verbose_name_plural = "совместные мероприятия с предприятиями"
        indexes = record_indexes("empev", student=False)

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title} ({self.employer})"

    def clean(self) -> None:
        super().clean()
        if (self.participants_ovz or 0) > (self.participants_count or 0) and self.participants_ovz:
            raise ValidationError(
                {"participants_ovz": "Участников с ОВЗ не может быть больше, чем всех участников."}
            )


class EmployerAgreement(SchoolRecord):
    """An agreement of a school with an employer; the date is the day it was signed."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", "сотрудничество"
        TARGETED = "targeted", "целевое обучение"
        CONSULTING = "consulting", "консультирование"
        TUTORING = "tutoring", "тьюторство"
        SPECIALISTS = "specialists", "сопровождение узких специалистов"

    employer = models.ForeignKey(
        Employer, models.PROTECT, related_name="agreements", verbose_name="предприятие"
    )
    kind = models.CharField("вид договора", max_length=16, choices=Kind.choices)
    number = models.CharField("номер", max_length=60, blank=True)
    valid_until = models.DateField("действует до", null=True, blank=True)
    subject = models.CharField("предмет договора", max_length=500, blank=True)

    identity_fields = ("employer", "kind", "date")

    class Meta(SchoolRecord.Meta):
        verbose_name = "договор с предприятием"
        verbose_name_plural = "договоры с предприятиями"
        indexes = record_indexes("empag", student=False)

    def __str__(self) -> str:
        number = f" № {self.number}" if self.number else ""
        return f"Договор{number} от {self.date:%d.%m.%Y} ({self.employer})"

    def clean(self) -> None:
        super().clean()
        if self.valid_until and self.date and self.valid_until < self.date:
            raise ValidationError({"valid_until": "Срок действия не может закончиться раньше даты договора."})


class EmployerInteraction(StudentRecord):
    """Register 1: a student took part in a joint event with an employer."""

    event = models.ForeignKey(
        EmployerEvent, models.PROTECT, related_name="participants", verbose_name="мероприятие"
    )

    identity_fields = ("student", "event")

    class Meta(StudentRecord.Meta):
        verbose_name = "участие в мероприятии предприятия"
        verbose_name_plural = "участие в мероприятиях предприятий"
        indexes = record_indexes("r01")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.event.title}"

    def clean(self) -> None:
        if self.event_id:
            self.date = self.event.date
        super().clean()

    def prepare_save(self) -> None:
        if self.event_id:
            self.date = self.event.date  # a participant is there on the event's day
        super().prepare_save()


# ------------------------------------------------- register 2: additional education


class AdditionalEducation(StudentRecord):
    """Register 2: a student attends a profile or pre-profile additional-education program."""

    program = models.ForeignKey(
        Program, models.PROTECT, related_name="records", verbose_name="программа"
    )

    identity_fields = ("student", "academic_year", "program")

    class Meta(StudentRecord.Meta):
        verbose_name = "занятия по программе дополнительного образования"
        verbose_name_plural = "дополнительное образование профильной направленности"
        indexes = record_indexes("r02", yearly=True)

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.program}"


# ------------------------------------------------------ register 3: profile study


class ProfileStudy(StudentRecord):
    """Register 3: profile education (grades 10–11) or in-depth study of a subject."""

    profile = models.ForeignKey(
        Profile, models.PROTECT, null=True, blank=True, related_name="records",
        verbose_name="профиль",
    )
    subject = models.ForeignKey(
        Subject, models.PROTECT, null=True, blank=True, related_name="records",
        verbose_name="предмет на углублённом уровне",
    )

    identity_fields = ("student", "academic_year", "profile", "subject")

    class Meta(StudentRecord.Meta):
        verbose_name = "профильное обучение, углублённое изучение"
        verbose_name_plural = "профильное обучение и углублённое изучение предметов"
        indexes = record_indexes("r03", yearly=True)

    def __str__(self) -> str:
        what = " / ".join(str(p) for p in (self.profile, self.subject) if p)
        return f"{self.student.short_name}: {what}"

    def clean(self) -> None:
        super().clean()
        if not self.profile_id and not self.subject_id:
            raise ValidationError("Укажите профиль, предмет на углублённом уровне или оба.")


# --------------------------------------------------------- register 4: diagnostics


class Diagnostic(StudentRecord):
    """Register 4: a student took a career-guidance diagnostic."""

    method = models.ForeignKey(
        DiagnosticMethod, models.PROTECT, related_name="records", verbose_name="методика"
    )
    result = models.CharField(
        "результат, рекомендации", max_length=500, blank=True,
        help_text="Кратко: ведущий тип интересов, рекомендованные сферы.",
    )

    identity_fields = ("student", "method", "date")

    class Meta(StudentRecord.Meta):
        verbose_name = "профориентационная диагностика"
        verbose_name_plural = "охват профориентационной диагностикой"
        indexes = record_indexes("r04")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.method}"


# ----------------------------------------------- register 5: admissions of graduates

_UNKNOWN = object()  # "not loaded yet": look it up (a form), as opposed to None (none)



class Admission(StudentRecord):
    """Register 5: a graduate admitted to a college (ПОО) or university; the date is the
    day of admission. Later years are followed by :class:`GraduateStatus`."""

    class StudyForm(models.TextChoices):
        FULL_TIME = "full", "очная"
        MIXED = "mixed", "очно-заочная"
        EXTRAMURAL = "extramural", "заочная"

    class Basis(models.TextChoices):
        BUDGET = "budget", "бюджет"
        CONTRACT = "contract", "договор (платно)"
        TARGETED = "targeted", "целевое обучение"

    graduation_year = models.PositiveSmallIntegerField(
        "год выпуска", null=True, blank=True,
        help_text="Если не указан — по последнему классу обучающегося в портале.",
    )
    graduation_grade = models.PositiveSmallIntegerField(
        "окончил класс", null=True, blank=True, choices=[(9, "9"), (11, "11")],
    )
    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="admissions",
        verbose_name="организация СПО или ВО",
    )
    level = models.CharField("уровень образования", max_length=4,
                             choices=EducationLevel.choices, blank=True)
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, related_name="admissions",
        verbose_name="специальность (профессия)",
    )
    study_form = models.CharField("форма обучения", max_length=16, choices=StudyForm.choices,
                                  default=StudyForm.FULL_TIME)
    basis = models.CharField("основа обучения", max_length=16, choices=Basis.choices,
                             default=Basis.BUDGET)
    target_employer = models.ForeignKey(
        Employer, models.PROTECT, null=True, blank=True, related_name="targeted_admissions",
        verbose_name="заказчик целевого обучения",
    )
    by_profile = models.BooleanField(
        "по профилю обучения", null=True, blank=True,
        help_text="Если не указано — определяется по профилю обучающегося (реестр 3).",
    )
    in_sakhalin = models.BooleanField("в Сахалинской области", default=True, editable=False)

    identity_fields = ("student", "institution", "specialty")

    class Meta(StudentRecord.Meta):
        verbose_name = "поступление выпускника"
        verbose_name_plural = "поступление выпускников в ПОО и ВО"
        indexes = record_indexes("r05")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.institution}, {self.specialty.code}"

    def clean(self) -> None:
        super().clean()
        if self.basis == self.Basis.TARGETED and not self.target_employer_id:
            raise ValidationError(
                {"target_employer": "Для целевого обучения укажите предприятие-заказчика."}
            )
        if self.basis != self.Basis.TARGETED and self.target_employer_id:
            raise ValidationError(
                {"target_employer": "Заказчик указывается только для целевого обучения."}
            )

    def derive(self, *, profile=_UNKNOWN, last_enrollment=_UNKNOWN) -> None:
        """Fill what the portal already knows: level, region, year and grade of
        graduation, and whether the specialty matches the student's profile.

        Imports pass ``profile`` and ``last_enrollment`` preloaded; a form save looks
        them up."""
        if self.specialty_id and not self.level:
            self.level = self.specialty.level
        if self.institution_id:
            self.in_sakhalin = self.institution.in_sakhalin
        if self.graduation_year is None or self.graduation_grade is None:
            if last_enrollment is _UNKNOWN:
                last_enrollment = (self.student.enrollments.select_related("academic_year")
                                   .order_by("-academic_year__start_year").first())
            if last_enrollment is not None and last_enrollment.grade in (9, 11):
                if self.graduation_grade is None:
                    self.graduation_grade = last_enrollment.grade
                if self.graduation_year is None:
                    self.graduation_year = last_enrollment.academic_year.start_year + 1
        if self.by_profile is None and self.specialty_id:
            if profile is _UNKNOWN:
                profile = student_profile(self.student_id)
            if profile is not None:
                self.by_profile = profile.matches(self.specialty)


def student_profile(student_id: int) -> Profile | None:
    """The last profile the student studied in (register 3), if any."""
    record = (ProfileStudy.objects.filter(student_id=student_id, profile__isnull=False)
              .select_related("profile").order_by("-date", "-pk").first())
    return record.profile if record else None


class GraduateStatus(StudentRecord):
    """The graduate's path after admission, one status per academic year."""

    class Status(models.TextChoices):
        STUDYING = "studying", "учится"
        EXPELLED = "expelled", "отчислен"
        COMPLETED = "completed", "завершил обучение"
        EMPLOYED = "employed", "трудоустроен"

    admission = models.ForeignKey(
        Admission, models.CASCADE, related_name="statuses", verbose_name="поступление"
    )
    status = models.CharField("статус", max_length=16, choices=Status.choices)
    employer = models.ForeignKey(
        Employer, models.PROTECT, null=True, blank=True, related_name="graduates",
        verbose_name="работодатель",
    )
    employed_in_district = models.BooleanField(
        "работает в районе", null=True, blank=True,
        help_text="Вернулся ли выпускник в район. Если указан работодатель — по нему.",
    )

    identity_fields = ("admission", "academic_year")

    class Meta(StudentRecord.Meta):
        verbose_name = "статус выпускника"
        verbose_name_plural = "дальнейший путь выпускников"
        indexes = record_indexes("r05s")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.get_status_display()} ({self.date:%d.%m.%Y})"

    def clean(self) -> None:
        super().clean()
        if self.admission_id and self.student_id and self.admission.student_id != self.student_id:
            raise ValidationError({"admission": "Это поступление другого обучающегося."})
        if self.status != self.Status.EMPLOYED and (self.employer_id or self.employed_in_district):
            raise ValidationError(
                {"employer": "Работодатель указывается только для статуса «трудоустроен»."}
            )
        if (self.status == self.Status.EMPLOYED and not self.employer_id
                and self.employed_in_district is None):
            raise ValidationError(
                {"employer": "Укажите работодателя или отметьте, работает ли выпускник в районе."}
            )

    def derive(self) -> None:
        if self.employer_id and self.employed_in_district is None:
            self.employed_in_district = self.employer.in_district


# -------------------------------------------------------- register 6: competitions


class CompetitionParticipation(StudentRecord):
    """Register 6: a professional-skills competition, «Абилимпикс», a conference …"""

    class Result(models.TextChoices):
        PARTICIPANT = "participant", "участник"
        PRIZE = "prize", "призёр"
        WINNER = "winner", "победитель"

    competition = models.ForeignKey(
        Competition, models.PROTECT, related_name="records", verbose_name="конкурс, конференция"
    )
    nomination = models.CharField("компетенция, номинация, секция", max_length=300, blank=True)
    result = models.CharField("результат", max_length=16, choices=Result.choices,
                              default=Result.PARTICIPANT)

    identity_fields = ("student", "competition", "academic_year", "nomination")

    class Meta(StudentRecord.Meta):
        verbose_name = "участие в конкурсе, конференции"
        verbose_name_plural = "конкурсы профессионального мастерства, конференции"
        indexes = record_indexes("r06")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.competition} — {self.get_result_display()}"


# ------------------------------------------------------- register 7: technoclasses


class TechnoclassParticipation(StudentRecord):
    """Register 7: a student studies in a children's technoclass."""

    technoclass = models.ForeignKey(
        Technoclass, models.PROTECT, related_name="records", verbose_name="технокласс"
    )

    identity_fields = ("student", "academic_year", "technoclass")

    class Meta(StudentRecord.Meta):
        verbose_name = "обучение в техноклассе"
        verbose_name_plural = "детские техноклассы"
        indexes = record_indexes("r07", yearly=True)

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.technoclass}"


# ------------------------------------------------------ register 8: «Точка роста»


class GrowthPointParticipation(StudentRecord):
    """Register 8: a student studies in the school's «Точка роста» centre."""

    class Activity(models.TextChoices):
        LESSONS = "lessons", "урочная деятельность"
        EXTRACURRICULAR = "extracurricular", "внеурочная деятельность"
        ADDITIONAL = "additional", "дополнительное образование"

    centre = models.ForeignKey(
        GrowthPointCentre, models.PROTECT, related_name="records", verbose_name="центр"
    )
    activity = models.CharField("вид занятий", max_length=16, choices=Activity.choices)
    course = models.CharField("курс, программа", max_length=300,
                              help_text="Например: «Робототехника», «3D-моделирование».")

    identity_fields = ("student", "academic_year", "centre", "activity", "course")

    class Meta(StudentRecord.Meta):
        verbose_name = "занятия в центре «Точка роста»"
        verbose_name_plural = "центры «Точка роста»: обучающиеся"
        indexes = record_indexes("r08", yearly=True)

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.course}"


# ------------------------------------------------------ register 9: «ПроеКТОриЯ»


class ProjectoriaParticipation(StudentRecord):
    """Register 9: a student watched an open lesson «ПроеКТОриЯ»."""

    lesson = models.ForeignKey(
        ProjectoriaLesson, models.PROTECT, related_name="records", verbose_name="урок"
    )

    identity_fields = ("student", "lesson")

    class Meta(StudentRecord.Meta):
        verbose_name = "участие в открытом уроке «ПроеКТОриЯ»"
        verbose_name_plural = "открытые уроки «ПроеКТОриЯ»: участники"
        indexes = record_indexes("r09")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.lesson.topic}"

    def clean(self) -> None:
        if not self.date and self.lesson_id:
            self.date = self.lesson.date  # watched on the day of the lesson
        super().clean()


class ProjectoriaSession(SchoolRecord):
    """A lesson «ПроеКТОриЯ» watched by a class whose students are not listed by name."""

    lesson = models.ForeignKey(
        ProjectoriaLesson, models.PROTECT, related_name="sessions", verbose_name="урок"
    )
    audience = models.CharField("класс(ы)", max_length=60,
                                help_text="Например: 7А или 8–9 классы.")
    participants_count = models.PositiveIntegerField("число участников")
    participants_ovz = models.PositiveIntegerField("в т.ч. с ОВЗ", default=0)

    identity_fields = ("lesson", "date", "audience")

    class Meta(SchoolRecord.Meta):
        verbose_name = "просмотр урока «ПроеКТОриЯ» классом"
        verbose_name_plural = "открытые уроки «ПроеКТОриЯ»: просмотры классами"
        indexes = record_indexes("r09s", student=False)

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.lesson.topic} — {self.audience}"

    def clean(self) -> None:
        super().clean()
        if self.participants_ovz > (self.participants_count or 0):
            raise ValidationError(
                {"participants_ovz": "Участников с ОВЗ не может быть больше, чем всех участников."}
            )


# ----------------------------------------------------- register 10: «Билет в будущее»


class TicketParticipation(StudentRecord):
    """Register 10: a student passed a stage of «Билет в будущее»."""

    stage = models.ForeignKey(
        TicketStage, models.PROTECT, related_name="records", verbose_name="этап"
    )
    details = models.CharField(
        "профессия, направление, рекомендации", max_length=300, blank=True,
        help_text="Например, профессия профпробы.",
    )

    identity_fields = ("student", "stage", "date", "details")

    class Meta(StudentRecord.Meta):
        verbose_name = "участие в проекте «Билет в будущее»"
        verbose_name_plural = "проект «Билет в будущее»: участники"
        indexes = record_indexes("r10")

    def __str__(self) -> str:
        return f"{self.student.short_name}: {self.stage}"
