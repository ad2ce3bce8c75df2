"""Organisations and people: the municipality, its schools, academic periods, students,
staff and portal users. The ten monitoring registers build on these."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .bounds import YEAR_MAX, YEAR_MIN, check_year
from .querysets import SchoolQuerySet, SchoolScopedQuerySet, StaffQuerySet
from .roles import Role

GRADE_MIN, GRADE_MAX = 1, 11


def person_name(last: str, first: str, middle: str) -> str:
    return " ".join(part for part in (last, first, middle) if part)


def short_person_name(last: str, first: str, middle: str) -> str:
    initials = "".join(f"{part[0]}." for part in (first, middle) if part)
    return f"{last} {initials}".strip()


class Municipality(models.Model):
    name = models.CharField("наименование", max_length=255, unique=True)
    short_name = models.CharField("краткое наименование", max_length=100)
    region = models.CharField("субъект РФ", max_length=100, default="Сахалинская область")
    department_name = models.CharField(
        "орган управления образованием", max_length=255, blank=True
    )

    class Meta:
        verbose_name = "муниципальное образование"
        verbose_name_plural = "муниципальные образования"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class School(models.Model):
    class Kind(models.TextChoices):
        SECONDARY = "sosh", "Средняя общеобразовательная школа"
        BASIC = "oosh", "Основная общеобразовательная школа"
        PRIMARY = "nosh", "Начальная общеобразовательная школа"
        GYMNASIUM = "gymn", "Гимназия / лицей"
        BOARDING = "internat", "Школа-интернат"
        ADDITIONAL = "dod", "Организация дополнительного образования"
        OTHER = "other", "Иная организация"

    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="schools", verbose_name="муниципалитет"
    )
    code = models.SlugField(
        "код", max_length=40, unique=True,
        help_text="Короткий латинский код ОО для импорта и команд, например sosh1.",
    )
    name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("краткое наименование", max_length=120)
    kind = models.CharField("тип", max_length=16, choices=Kind.choices, default=Kind.SECONDARY)
    has_growth_point = models.BooleanField("работает центр «Точка роста»", default=False)
    growth_point_opened = models.PositiveSmallIntegerField(
        "год открытия «Точки роста»", null=True, blank=True
    )
    address = models.CharField("адрес", max_length=255, blank=True)
    director = models.CharField("руководитель", max_length=255, blank=True)
    is_active = models.BooleanField("действует", default=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "образовательная организация"
        verbose_name_plural = "образовательные организации"
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:school_detail", args=[self.pk])


class AcademicYearQuerySet(models.QuerySet):
    def for_date(self, day: dt.date) -> AcademicYear:
        start_year = day.year if day.month >= 9 else day.year - 1
        year, _ = self.get_or_create(start_year=start_year)
        return year

    def current(self) -> AcademicYear:
        return self.for_date(timezone.localdate())


class AcademicYear(models.Model):
    """An academic year, 1 September – 31 August, named «2022/2023»."""

    start_year = models.PositiveSmallIntegerField(
        "год начала", unique=True,
        validators=[MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    )

    objects = AcademicYearQuerySet.as_manager()

    class Meta:
        verbose_name = "учебный год"
        verbose_name_plural = "учебные годы"
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        creating = self._state.adding
        super().save(*args, **kwargs)
        if creating:
            for half in Period.Half:
                Period.objects.get_or_create(academic_year=self, half=half)

    @property
    def title(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)


class PeriodQuerySet(models.QuerySet):
    def for_date(self, day: dt.date) -> Period:
        year = AcademicYear.objects.for_date(day)
        half = Period.Half.FIRST if day.month >= 9 else Period.Half.SECOND
        period, _ = self.get_or_create(academic_year=year, half=half)
        return period

    def current(self) -> Period:
        return self.for_date(timezone.localdate())

    def get_by_code(self, code: str, create: bool = True) -> Period:
        """Find a period by its code «2022/2023-1»; raises Period.DoesNotExist. The year must
        be one the portal can hold; with ``create=False`` (what a page asks for by GET)
        a period without a row is not created but reported as absent."""
        try:
            years, half = code.strip().split("-")
            start, end = (int(part) for part in years.split("/"))
            if end != start + 1 or half not in {"1", "2"}:
                raise ValueError
        except ValueError:
            raise self.model.DoesNotExist(
                f"Период «{code[:30]}» указан неверно: ожидается вид 2022/2023-1 или 2022/2023-2."
            ) from None
        try:
            check_year(start, "Учебный год, начинающийся в")
        except ValueError as exc:
            raise self.model.DoesNotExist(str(exc)) from None
        if not create:
            period = self.filter(academic_year__start_year=start, half=int(half)).first()
            if period is None:
                raise self.model.DoesNotExist(f"За период «{code}» в портале нет данных.")
            return period
        year, _ = AcademicYear.objects.get_or_create(start_year=start)
        period, _ = self.get_or_create(academic_year=year, half=int(half))
        return period


class Period(models.Model):
    """A half of an academic year: I is 1 September – 31 December, II is 1 January – 31 August.

    Schools submit their register data per period; ИМЦ accepts and locks it."""

    class Half(models.IntegerChoices):
        FIRST = 1, "I полугодие"
        SECOND = 2, "II полугодие"

    academic_year = models.ForeignKey(
        AcademicYear, models.CASCADE, related_name="periods", verbose_name="учебный год"
    )
    half = models.PositiveSmallIntegerField("полугодие", choices=Half.choices)
    submission_due = models.DateField(
        "срок сдачи данных", null=True, blank=True,
        help_text="До какой даты ОО сдают данные за полугодие.",
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "период (полугодие)"
        verbose_name_plural = "периоды (полугодия)"
        ordering = ["academic_year__start_year", "half"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "half"], name="period_unique_half")
        ]

    def __str__(self) -> str:
        return f"{self.get_half_display()} {self.academic_year.title} уч. г."

    def save(self, *args, **kwargs) -> None:
        if self.submission_due is None:
            # Default deadlines: I half-year by 20 January, II by 10 September.
            start = self.academic_year.start_year
            self.submission_due = (
                dt.date(start + 1, 1, 20) if self.half == self.Half.FIRST
                else dt.date(start + 1, 9, 10)
            )
        super().save(*args, **kwargs)

    @property
    def code(self) -> str:
        return f"{self.academic_year.title}-{self.half}"

    @property
    def starts_on(self) -> dt.date:
        start = self.academic_year.start_year
        return dt.date(start, 9, 1) if self.half == self.Half.FIRST else dt.date(start + 1, 1, 1)

    @property
    def ends_on(self) -> dt.date:
        start = self.academic_year.start_year
        return dt.date(start, 12, 31) if self.half == self.Half.FIRST else dt.date(start + 1, 8, 31)

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def previous(self) -> Period:
        return Period.objects.for_date(self.starts_on - dt.timedelta(days=1))

    def year_earlier(self) -> Period:
        return Period.objects.for_date(self.starts_on.replace(year=self.starts_on.year - 1))


class Sex(models.TextChoices):
    MALE = "М", "мужской"
    FEMALE = "Ж", "женский"


class Student(models.Model):
    """A student of a school, followed across academic years through enrollments.

    Students are minors (152-ФЗ): only the fields the registers need are kept, and names
    never leave the school's and ИМЦ's screens."""

    class Status(models.TextChoices):
        STUDYING = "studying", "обучается"
        GRADUATED = "graduated", "выпускник"
        LEFT = "left", "выбыл"

    school = models.ForeignKey(
        School, models.PROTECT, related_name="students", verbose_name="ОО"
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    birth_date = models.DateField("дата рождения")
    sex = models.CharField("пол", max_length=1, choices=Sex.choices)
    has_ovz = models.BooleanField("ОВЗ", default=False, help_text="Обучающийся с ОВЗ")
    is_disabled = models.BooleanField("ребёнок-инвалид", default=False)
    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.STUDYING
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история изменений обучающегося")

    class Meta:
        verbose_name = "обучающийся"
        verbose_name_plural = "обучающиеся"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "last_name", "first_name", "middle_name", "birth_date"],
                name="student_unique_person_in_school",
                violation_error_message=(
                    "В этой ОО уже есть обучающийся с такими ФИО и датой рождения."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:student_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return person_name(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        return short_person_name(self.last_name, self.first_name, self.middle_name)


class EnrollmentQuerySet(SchoolScopedQuerySet):
    school_lookup = "student__school"


class Enrollment(models.Model):
    """The grade and class letter of a student in one academic year."""

    student = models.ForeignKey(
        Student, models.CASCADE, related_name="enrollments", verbose_name="обучающийся"
    )
    academic_year = models.ForeignKey(
        AcademicYear, models.PROTECT, related_name="enrollments", verbose_name="учебный год"
    )
    grade = models.PositiveSmallIntegerField(
        "класс (параллель)",
        validators=[MinValueValidator(GRADE_MIN), MaxValueValidator(GRADE_MAX)],
    )
    class_letter = models.CharField("литера", max_length=3, blank=True)

    objects = EnrollmentQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история классов")

    class Meta:
        verbose_name = "класс обучающегося в учебном году"
        verbose_name_plural = "классы обучающихся по учебным годам"
        ordering = ["academic_year__start_year", "grade", "class_letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year"], name="enrollment_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=GRADE_MIN) & Q(grade__lte=GRADE_MAX),
                name="enrollment_grade_range",
            ),
        ]
        indexes = [models.Index(fields=["academic_year", "grade", "class_letter"])]

    def __str__(self) -> str:
        return f"{self.class_name} ({self.academic_year})"

    @property
    def class_name(self) -> str:
        return f"{self.grade}{self.class_letter}"


class Staff(models.Model):
    """An employee of a school or of the education department."""

    class Category(models.TextChoices):
        DEPARTMENT = "department", "сотрудник отдела образования"
        SCHOOL_ADMIN = "school_admin", "администрация ОО"
        TEACHER = "teacher", "педагог ОО"

    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="staff", verbose_name="муниципалитет"
    )
    school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name="ОО", help_text="Пусто — сотрудник отдела образования.",
    )
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    middle_name = models.CharField("отчество", max_length=100, blank=True)
    position = models.CharField("должность", max_length=255)
    category = models.CharField("категория", max_length=16, choices=Category.choices)
    is_class_teacher = models.BooleanField("классный руководитель", default=False)
    is_specialist = models.BooleanField(
        "узкий специалист", default=False, help_text="Педагог-психолог, социальный педагог и др."
    )
    is_tutor = models.BooleanField("тьютор", default=False)
    email = models.EmailField("эл. почта", blank=True, help_text="Для напоминаний о сроках.")
    is_working = models.BooleanField("работает", default=True)
    left_on = models.DateField("дата увольнения", null=True, blank=True)
    user = models.OneToOneField(
        "User", models.SET_NULL, null=True, blank=True, related_name="staff_record",
        verbose_name="учётная запись портала",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = StaffQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история изменений сотрудника")

    class Meta:
        verbose_name = "сотрудник"
        verbose_name_plural = "сотрудники"
        ordering = ["last_name", "first_name", "middle_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "last_name", "first_name", "middle_name"],
                condition=Q(school__isnull=False),
                name="staff_unique_person_in_school",
                violation_error_message="В этой ОО уже есть сотрудник с такими ФИО.",
            ),
            models.UniqueConstraint(
                fields=["last_name", "first_name", "middle_name"],
                condition=Q(school__isnull=True),
                name="staff_unique_person_in_department",
                violation_error_message="В отделе образования уже есть сотрудник с такими ФИО.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(category="department", school__isnull=True)
                    | (~Q(category="department") & Q(school__isnull=False))
                ),
                name="staff_category_matches_place",
                violation_error_message=(
                    "Сотрудник отдела образования не относится к ОО, "
                    "а администрация и педагоги ОО — относятся."
                ),
            ),
        ]
        indexes = [models.Index(fields=["category", "is_working"])]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:staff_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return person_name(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        return short_person_name(self.last_name, self.first_name, self.middle_name)

    @property
    def roles_display(self) -> str:
        roles = [
            label for flag, label in (
                (self.is_class_teacher, "классный руководитель"),
                (self.is_specialist, "узкий специалист"),
                (self.is_tutor, "тьютор"),
            ) if flag
        ]
        return ", ".join(roles)

    @property
    def place(self) -> str:
        return self.school.short_name if self.school_id else "Отдел образования"


class User(AbstractUser):
    """A portal account. The role is the user's group; a coordinator is tied to schools."""

    middle_name = models.CharField("отчество", max_length=150, blank=True)
    position = models.CharField("должность", max_length=255, blank=True)
    schools = models.ManyToManyField(
        School, blank=True, related_name="coordinators", verbose_name="ОО координатора",
        help_text="Для координатора ОО: школы, данные которых он ведёт.",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"

    def __str__(self) -> str:
        full = person_name(self.last_name, self.first_name, self.middle_name)
        return full or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.role_names

    @property
    def is_imc(self) -> bool:
        return Role.IMC in self.role_names

    @property
    def is_head(self) -> bool:
        return Role.HEAD in self.role_names

    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.role_names

    @property
    def sees_all_schools(self) -> bool:
        return self.is_portal_admin or self.is_imc or self.is_head

    @cached_property
    def school_ids(self) -> list[int]:
        return list(self.schools.values_list("pk", flat=True))

    @property
    def role_label(self) -> str:
        for role in (Role.ADMIN, Role.HEAD, Role.IMC, Role.COORDINATOR):
            if role in self.role_names:
                return role.label
        return "Администратор" if self.is_superuser else "Без роли"


class WorkerHeartbeat(models.Model):
    """The last sign of life of each Celery worker, for the health page and the admin."""

    hostname = models.CharField("узел", max_length=255, unique=True)
    pid = models.PositiveIntegerField("процесс")
    seen_at = models.DateTimeField("последний сигнал", auto_now=True)
    eager = models.BooleanField("выполнено в процессе веб-сервера", default=False)

    class Meta:
        verbose_name = "сигнал фонового обработчика"
        verbose_name_plural = "сигналы фоновых обработчиков"
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.hostname} ({self.pid})"


class DataVersion(models.Model):
    """One row whose number every write to the data changes (``monitoring.dataversion``):
    computed figures are cached under it, so a figure is never older than the data."""

    value = models.BigIntegerField("версия данных", default=0)

    class Meta:
        verbose_name = "версия данных"
        verbose_name_plural = "версия данных"

    def __str__(self) -> str:
        return str(self.value)


# The ten registers, their reference lists, the labour-market sources and the half-year
# submissions are models of this app kept in monitoring/registers/ (see its __init__).
from .registers import catalogs, labour, profminimum, records, submissions  # noqa: E402, F401
