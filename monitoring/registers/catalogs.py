"""Reference lists (справочники) the register records point to.

Municipal lists (directions, programs, profiles, subjects, methods, competitions,
institutions, specialties, employers, lessons, «Билет в будущее» stages) are kept by ИМЦ
in the administration section; the standard ones are loaded from ``fixtures/`` by
``manage.py load_reference_data``. Technoclasses and «Точка роста» centres belong to a
school and are scoped like any school data.
"""

from __future__ import annotations

from django.db import models

from ..models import School
from ..querysets import SchoolScopedQuerySet
from .validators import validate_inn, validate_okso_code


class EducationLevel(models.TextChoices):
    SPO = "spo", "СПО"
    VO = "vo", "ВО"


class Catalog(models.Model):
    """A named entry of a reference list; retired entries stay for old records."""

    name = models.CharField("наименование", max_length=300, unique=True)
    is_active = models.BooleanField(
        "используется", default=True,
        help_text="Снимите отметку, чтобы убрать значение из списков выбора (старые записи сохранятся).",
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Direction(Catalog):
    """One of the six directions of additional education (приказ Минпросвещения № 629)."""

    code = models.SlugField("код", max_length=40, unique=True)

    class Meta(Catalog.Meta):
        verbose_name = "направленность дополнительного образования"
        verbose_name_plural = "направленности дополнительного образования"


class Program(Catalog):
    class Orientation(models.TextChoices):
        PROFILE = "profile", "профильная"
        PREPROFILE = "preprofile", "предпрофильная"
        GENERAL = "general", "общеразвивающая"

    direction = models.ForeignKey(
        Direction, models.PROTECT, related_name="programs", verbose_name="направленность"
    )
    orientation = models.CharField(
        "профильность", max_length=16, choices=Orientation.choices, default=Orientation.PROFILE
    )
    provider = models.CharField(
        "кто реализует", max_length=300, blank=True,
        help_text="ОО, ДДТ, колледж, предприятие или онлайн-платформа.",
    )

    class Meta(Catalog.Meta):
        verbose_name = "программа дополнительного образования"
        verbose_name_plural = "программы дополнительного образования"


class Profile(Catalog):
    """A profile of upper-secondary education (ФГОС СОО)."""

    code = models.SlugField("код", max_length=40, unique=True)
    okso_groups = models.CharField(
        "укрупнённые группы ОКСО профиля", max_length=300, blank=True,
        help_text="Первые две цифры кодов специальностей через запятую, например 09, 13, 21. "
                  "По ним поступление выпускника определяется как «по профилю обучения».",
    )

    class Meta(Catalog.Meta):
        verbose_name = "профиль обучения"
        verbose_name_plural = "профили обучения"

    @property
    def groups(self) -> set[str]:
        return {g.strip() for g in self.okso_groups.split(",") if g.strip()}

    def matches(self, specialty: Specialty) -> bool | None:
        """Whether a specialty lies in this profile; None when the profile says nothing."""
        if not self.groups:
            return None
        return specialty.group in self.groups


class Subject(Catalog):
    class Meta(Catalog.Meta):
        verbose_name = "учебный предмет"
        verbose_name_plural = "учебные предметы"


class DiagnosticMethod(Catalog):
    description = models.CharField("автор, описание", max_length=500, blank=True)

    class Meta(Catalog.Meta):
        verbose_name = "методика профориентационной диагностики"
        verbose_name_plural = "методики профориентационной диагностики"


class Competition(Catalog):
    class Level(models.TextChoices):
        SCHOOL = "school", "школьный"
        MUNICIPAL = "municipal", "муниципальный"
        REGIONAL = "regional", "региональный"
        INTERREGIONAL = "interregional", "межрегиональный"
        NATIONAL = "national", "всероссийский"
        INTERNATIONAL = "international", "международный"

    class Kind(models.TextChoices):
        SKILLS = "skills", "конкурс профессионального мастерства"
        ABILYMPICS = "abilympics", "«Абилимпикс»"
        CONFERENCE = "conference", "конференция"
        OTHER = "other", "другое"

    level = models.CharField("уровень", max_length=16, choices=Level.choices)
    kind = models.CharField("вид", max_length=16, choices=Kind.choices)

    class Meta(Catalog.Meta):
        verbose_name = "конкурс, конференция"
        verbose_name_plural = "конкурсы и конференции"


class Institution(Catalog):
    """A college (ПОО) or a university where graduates go on to study."""

    short_name = models.CharField("краткое наименование", max_length=120, blank=True)
    level = models.CharField("уровень", max_length=4, choices=EducationLevel.choices)
    region = models.CharField("субъект РФ", max_length=100, default="Сахалинская область")
    city = models.CharField("населённый пункт", max_length=100, blank=True)
    in_sakhalin = models.BooleanField("в Сахалинской области", default=True)

    class Meta(Catalog.Meta):
        verbose_name = "организация СПО или ВО"
        verbose_name_plural = "организации СПО и ВО"

    def __str__(self) -> str:
        return self.short_name or self.name


class Specialty(models.Model):
    """A specialty or profession by ОКСО: «21.02.01 Разработка и эксплуатация …»."""

    code = models.CharField("код ОКСО", max_length=8, unique=True, validators=[validate_okso_code])
    name = models.CharField("наименование", max_length=300)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "специальность (профессия)"
        verbose_name_plural = "специальности и профессии"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def group(self) -> str:
        """The enlarged group (УГСН): the first two digits of the code."""
        return self.code[:2]

    @property
    def level(self) -> str:
        """.01 and .02 are СПО (professions and specialties); .03–.05 are ВО."""
        return EducationLevel.SPO if self.code[3:5] in {"01", "02"} else EducationLevel.VO


class Employer(Catalog):
    class Industry(models.TextChoices):
        OIL_GAS = "oil_gas", "нефтегазовая отрасль"
        ENERGY = "energy", "энергетика и ЖКХ"
        FISHERY = "fishery", "рыбное хозяйство"
        TRANSPORT = "transport", "транспорт и связь"
        CONSTRUCTION = "construction", "строительство"
        HEALTH = "health", "здравоохранение"
        EDUCATION = "education", "образование"
        CULTURE = "culture", "культура и спорт"
        TRADE = "trade", "торговля и услуги"
        AGRICULTURE = "agriculture", "сельское и лесное хозяйство"
        GOVERNMENT = "government", "государственное и муниципальное управление"
        OTHER = "other", "другое"

    inn = models.CharField(
        "ИНН", max_length=12, unique=True, null=True, blank=True, validators=[validate_inn],
        help_text="10 цифр для организации, 12 — для ИП; проверяется контрольная сумма.",
    )
    industry = models.CharField("отрасль", max_length=16, choices=Industry.choices)
    in_district = models.BooleanField("расположено в районе", default=True)
    address = models.CharField("адрес", max_length=300, blank=True)

    class Meta(Catalog.Meta):
        verbose_name = "предприятие (работодатель)"
        verbose_name_plural = "предприятия (работодатели)"

    def save(self, *args, **kwargs) -> None:
        self.inn = self.inn or None  # several employers may have no ИНН yet
        super().save(*args, **kwargs)


class Technoclass(models.Model):
    """A children's technoclass of a school («Успех каждого ребёнка»)."""

    school = models.ForeignKey(
        School, models.PROTECT, related_name="technoclasses", verbose_name="ОО"
    )
    name = models.CharField("наименование", max_length=300)
    profile = models.ForeignKey(
        Profile, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="профиль"
    )
    partner = models.ForeignKey(
        Employer, models.PROTECT, null=True, blank=True, related_name="technoclasses",
        verbose_name="предприятие-партнёр",
    )
    opened_year = models.PositiveSmallIntegerField("год открытия", null=True, blank=True)
    is_active = models.BooleanField("работает", default=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "технокласс"
        verbose_name_plural = "техноклассы"
        ordering = ["school__short_name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="technoclass_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class GrowthPointCentre(models.Model):
    """A «Точка роста» centre of a school («Современная школа»)."""

    class Kind(models.TextChoices):
        DIGITAL_HUMANITIES = "digital", "цифрового и гуманитарного профилей"
        SCIENCE_TECH = "science", "естественно-научной и технологической направленностей"

    school = models.OneToOneField(
        School, models.PROTECT, related_name="growth_point", verbose_name="ОО"
    )
    name = models.CharField("наименование", max_length=300)
    kind = models.CharField("профиль центра", max_length=16, choices=Kind.choices,
                            default=Kind.DIGITAL_HUMANITIES)
    opened_year = models.PositiveSmallIntegerField("год открытия", null=True, blank=True)
    is_active = models.BooleanField("работает", default=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "центр «Точка роста»"
        verbose_name_plural = "центры «Точка роста»"
        ordering = ["school__short_name"]

    def __str__(self) -> str:
        return self.name


class ProjectoriaLesson(models.Model):
    """An all-Russian open lesson «ПроеКТОриЯ» (national schedule, entered by ИМЦ)."""

    date = models.DateField("дата урока")
    topic = models.CharField("тема", max_length=300)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "открытый урок «ПроеКТОриЯ»"
        verbose_name_plural = "открытые уроки «ПроеКТОриЯ»"
        ordering = ["-date", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["date", "topic"], name="proektoria_lesson_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.topic}"


class TicketStage(Catalog):
    """A stage of the «Билет в будущее» project: diagnostics, trials, events …"""

    code = models.SlugField("код", max_length=40, unique=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta(Catalog.Meta):
        verbose_name = "этап проекта «Билет в будущее»"
        verbose_name_plural = "этапы проекта «Билет в будущее»"
        ordering = ["order", "name"]
