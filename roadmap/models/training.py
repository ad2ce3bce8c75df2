"""Staff training (measure 5.2): courses, who completed them, the plan-schedule, and each
roadmap's coverage targets per year and staff group.

Coverage — distinct staff of a group trained since the roadmap in force began ÷ staff of
that group — is computed by ``roadmap.services.training``; the targets are the roadmap's
own (the 2021–2023 plan: 25 % in 2021, 60 % by 2022, 100 % by 2023, preloaded from its
fixture; the next plan sets its own)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from monitoring.constraints import unique_per_school_or_municipality
from monitoring.models import School, Staff
from monitoring.querysets import SchoolScopedQuerySet


class TrainingCourseQuerySet(models.QuerySet):
    """Courses are municipal: every portal role reads them (participants are scoped)."""

    def for_user(self, user) -> TrainingCourseQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self if (user.sees_all_schools or user.is_coordinator) else self.none()


class TrainingCourse(models.Model):
    """A further-training course (повышение квалификации) on career guidance."""

    title = models.CharField("название программы", max_length=500)
    provider = models.CharField(
        "организация, проводившая обучение", max_length=300,
        help_text="Например: ГАУ ДПО «Институт развития образования Сахалинской области».",
    )
    hours = models.PositiveSmallIntegerField(
        "объём, часов", validators=[MinValueValidator(1)]
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    form = models.CharField(
        "форма", max_length=16, default="offline",
        choices=[("offline", "очно"), ("online", "дистанционно"), ("mixed", "смешанная")],
    )
    certificate = models.CharField(
        "документ об обучении", max_length=120, default="удостоверение о повышении квалификации"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = TrainingCourseQuerySet.as_manager()

    class Meta:
        verbose_name = "курс повышения квалификации"
        verbose_name_plural = "курсы повышения квалификации"
        ordering = ["-starts_on", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} ч., {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("reports:training_course_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "Окончание не может быть раньше начала."})


class TrainingParticipationQuerySet(SchoolScopedQuerySet):
    school_lookup = "staff__school"


class TrainingParticipation(models.Model):
    """An employee on a course; trained once ``completed_on`` is set."""

    course = models.ForeignKey(
        TrainingCourse, models.CASCADE, related_name="participants", verbose_name="курс"
    )
    staff = models.ForeignKey(
        Staff, models.PROTECT, related_name="trainings", verbose_name="сотрудник"
    )
    completed_on = models.DateField(
        "дата окончания обучения", null=True, blank=True,
        help_text="Пусто — обучение ещё не завершено.",
    )
    certificate_number = models.CharField("номер удостоверения", max_length=60, blank=True)

    objects = TrainingParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = "обучение сотрудника"
        verbose_name_plural = "обучение сотрудников"
        ordering = ["course", "staff__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "staff"], name="training_once_per_course",
                                    violation_error_message="Сотрудник уже записан на этот курс.")
        ]
        indexes = [models.Index(fields=["completed_on"])]

    def __str__(self) -> str:
        return f"{self.staff}: {self.course.title}"


class TrainingPlanQuerySet(SchoolScopedQuerySet):
    def for_user(self, user) -> TrainingPlanQuerySet:
        # Municipal lines (no school) are read by every role; school lines are scoped.
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_all_schools:
            return self
        return self.filter(models.Q(school__isnull=True) | models.Q(school__in=user.school_ids))


class TrainingPlanItem(models.Model):
    """A line of the plan-schedule: how many staff of a category to train in a year."""

    year = models.PositiveSmallIntegerField("год")
    category = models.CharField("категория", max_length=16, choices=Staff.Category.choices)
    school = models.ForeignKey(
        School, models.CASCADE, null=True, blank=True, related_name="training_plan",
        verbose_name="ОО", help_text="Пусто — по муниципалитету в целом.",
    )
    planned = models.PositiveIntegerField("запланировано обучить, человек")
    comment = models.CharField("примечание", max_length=300, blank=True)

    objects = TrainingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "строка плана-графика повышения квалификации"
        verbose_name_plural = "план-график повышения квалификации"
        ordering = ["year", "category", "school__short_name"]
        constraints = unique_per_school_or_municipality(
            ["year", "category"],
            municipal_name="training_plan_municipal_unique",
            school_name="training_plan_school_unique",
            municipal_message="Строка плана на этот год и категорию уже есть.",
            school_message="Строка плана для этой ОО на этот год и категорию уже есть.",
        )

    def __str__(self) -> str:
        where = self.school.short_name if self.school_id else "муниципалитет"
        return f"{self.year}, {self.get_category_display()}, {where}: {self.planned}"

    def get_absolute_url(self) -> str:
        return reverse("reports:training_plan_edit", args=[self.pk])


class TrainingGroup(models.TextChoices):
    """Who a coverage target is set for: the three staff categories of measure 5.2 and the
    three roles the passport names («классные руководители, узкие специалисты, тьюторы»)."""

    DEPARTMENT = "department", "сотрудники отдела образования"
    SCHOOL_ADMIN = "school_admin", "администрация ОО"
    TEACHER = "teacher", "педагоги ОО"
    CLASS_TEACHER = "class_teacher", "классные руководители"
    SPECIALIST = "specialist", "узкие специалисты"
    TUTOR = "tutor", "тьюторы"


class TrainingTarget(models.Model):
    """A roadmap's coverage target for a year and a staff group, cumulative within the
    roadmap («2022 г. — не менее 60 % (за два года обучения)»)."""

    roadmap = models.ForeignKey(
        "Roadmap", models.CASCADE, related_name="training_targets", verbose_name="дорожная карта"
    )
    year = models.PositiveSmallIntegerField("год")
    group = models.CharField("категория", max_length=16, choices=TrainingGroup.choices)
    value = models.DecimalField(
        "охват не менее, %", max_digits=4, decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = "цель охвата обучением"
        verbose_name_plural = "цели охвата обучением"
        ordering = ["roadmap", "year", "group"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "year", "group"],
                                    name="training_target_unique",
                                    violation_error_message="Цель на этот год и категорию уже задана."),
            models.CheckConstraint(condition=models.Q(value__gte=0, value__lte=100),
                                   name="training_target_percent",
                                   violation_error_message="Цель — от 0 до 100 %."),
        ]

    def __str__(self) -> str:
        return f"{self.year}, {self.get_group_display()}: {self.value} %"

    def clean(self) -> None:
        if self.roadmap_id and self.year and self.year not in self.roadmap.years:
            raise ValidationError({"year": f"Год вне периода дорожной карты {self.roadmap.years_label}."})
