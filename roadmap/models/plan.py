"""The plan: a roadmap, its passport, sections I–VI, measures, schedules and executions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from monitoring.models import Staff

from ..deadlines import (
    Deadline,
    DeadlineKind,
    ExecutionStatus,
    Occurrence,
    occurrences,
    parse_deadline,
)
from ..querysets import MeasureChildQuerySet, PlanQuerySet, RoadmapQuerySet

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
_ROMAN = {"I": 1, "V": 5, "X": 10}
_MEASURE_NUMBER_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


def roman_to_int(text: str) -> int | None:
    """«IV» → 4; None when the text is not a Roman numeral from I to XXXIX."""
    value = text.strip().upper()
    if not value or not re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", value):
        return None
    total = 0
    for index, char in enumerate(value):
        number = _ROMAN[char]
        following = _ROMAN[value[index + 1]] if index + 1 < len(value) else 0
        total += -number if number < following else number
    return total


class MeetingKind(models.TextChoices):
    """Kinds of meetings where analysis is discussed (passport 6 and section VI)."""

    HEADS = "heads", "совещание с руководителями ОО"
    ROUND_TABLE = "round_table", "круглый стол"
    PARENTS = "parents", "муниципальное родительское собрание"
    AUGUST = "august", "августовское совещание / конференция"
    RMO = "rmo", "заседание РМО"
    COUNCIL = "council", "педагогический совет"


class MeetingLevel(models.TextChoices):
    REGIONAL = "regional", "региональный"
    MUNICIPAL = "municipal", "муниципальный"
    SCHOOL = "school", "школьный"


class ProductKind(models.TextChoices):
    """What the portal produces that fulfils a measure (``roadmap.products`` finds it).

    Stored as data: «recommendations» are counted by ``reports``, which registers how."""

    DOCUMENTS = "documents", "утверждённый документ реестра, привязанный к мероприятию"
    MONITORING = "monitoring", "данные мониторинга за учебный год приняты ИМЦ у всех ОО"
    MONITORING_REPORT = "monitoring_report", "аналитический отчёт по мониторингу, утверждённый в реестр"
    CLUSTER_ANALYSIS = "cluster_analysis", "комплексный (кластерный) анализ, утверждённый в реестр"
    RECOMMENDATIONS = "recommendations", "опубликованные адресные рекомендации"
    DECISIONS = "decisions", "управленческое решение с приказом"
    TRAINING = "training", "повышение квалификации по плану-графику"
    INFORMATION_WORK = "information_work", "информационно-разъяснительная работа"


class Roadmap(models.Model):
    """A roadmap («дорожная карта») for a span of years, e.g. the approved 2021–2023 one."""

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        APPROVED = "approved", "утверждена (действует)"
        COMPLETED = "completed", "завершена"

    title = models.CharField("наименование", max_length=1000)
    slug = models.SlugField(
        "код", max_length=60, unique=True,
        help_text="Латинский код для команд и ссылок, например nogliki-2024-2026.",
    )
    year_start = models.PositiveSmallIntegerField("первый год", validators=YEAR_VALIDATORS)
    year_end = models.PositiveSmallIntegerField("последний год", validators=YEAR_VALIDATORS)
    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.DRAFT,
        help_text="Напоминания о сроках рассылаются только по действующим дорожным картам; "
                  "координаторы ОО не видят проекты.",
    )
    approving_document = models.ForeignKey(
        "Document", models.SET_NULL, null=True, blank=True, related_name="approved_roadmaps",
        verbose_name="документ об утверждении",
        help_text="Приказ об утверждении из реестра документов.",
    )
    explanatory_note = models.TextField("пояснительная записка", blank=True)
    plan_title = models.CharField("заголовок плана мероприятий", max_length=1000, blank=True)
    source = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="copies",
        verbose_name="создана на основе", editable=False,
    )
    approved_on = models.DateField("утверждена (вступила в действие)", null=True, blank=True,
                                   editable=False)
    closed_on = models.DateField(
        "завершена", null=True, blank=True, editable=False,
        help_text="С этой даты дорожная карта не действует: напоминания по ней не рассылаются.",
    )
    superseded_by = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="superseded",
        verbose_name="заменена дорожной картой", editable=False,
    )
    training_counted_from = models.DateField(
        "обучение кадров засчитывается с", null=True, blank=True,
        help_text="Охват повышением квалификации (5.2) считается накопительно с этой даты; "
                  "пусто — с 1 января первого года дорожной карты.",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = "дорожная карта"
        verbose_name_plural = "дорожные карты"
        ordering = ["-year_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_start__lte=models.F("year_end")),
                name="roadmap_years_in_order",
                violation_error_message="Первый год не может быть позже последнего.",
            ),
            # One roadmap in force at a time: approving the next one closes the previous
            # (roadmap.services.periods), and the database refuses a second «утверждена».
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="approved"),
                name="roadmap_one_in_force",
                violation_error_message="Действующей может быть только одна дорожная карта: "
                                        "утвердите новую через «Утвердить», предыдущая "
                                        "завершится.",
            ),
        ]

    def __str__(self) -> str:
        return f"Дорожная карта {self.years_label}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:roadmap_detail", args=[self.pk])

    def clean(self) -> None:
        if self.year_start and self.year_end and self.year_start > self.year_end:
            raise ValidationError({"year_end": "Последний год не может быть раньше первого."})

    @property
    def years_label(self) -> str:
        return f"{self.year_start}–{self.year_end}"

    @property
    def years(self) -> range:
        return range(self.year_start, self.year_end + 1)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def training_since(self) -> date:
        """The first day training counts toward this roadmap's coverage (5.2)."""
        return self.training_counted_from or date(self.year_start, 1, 1)


def _default_headings() -> dict[str, dict[str, str]]:
    return {key: {"number": number, "title": title} for key, number, title in PASSPORT_PARTS}


#: The passport's parts in the order of the approved document: key, №, heading.
PASSPORT_PARTS: list[tuple[str, str, str]] = [
    ("goal", "1", "Цель:"),
    ("tasks", "", "Задачи:"),
    ("expected_results", "2", "Ожидаемый результат"),
    ("indicators", "3", "Показатели реализации дорожной карты – достижения ожидаемого результата."),
    ("information_sources", "4", "Источники информации"),
    ("monitoring_kinds", "5", "Мониторинг"),
    ("analysis", "6", "Анализ. Адресные рекомендации."),
    ("measures", "7", "Меры, управленческие решения"),
    ("effectiveness_analysis", "8", "Анализ эффективности принятых мер"),
    ("risks", "9", "Риски"),
]


class Passport(models.Model):
    """The roadmap's passport, part by part; lists are kept as JSON lists of strings.

    ``tasks`` items are strings or ``{"text": …, "items": [...]}`` (a task with sub-items);
    ``analysis`` is ``{"reports_title", "reports", "venues_title", "venues"}``."""

    roadmap = models.OneToOneField(
        Roadmap, models.CASCADE, related_name="passport", verbose_name="дорожная карта"
    )
    title = models.CharField("заголовок паспорта", max_length=1000, blank=True)
    goal = models.TextField("цель", blank=True)
    tasks = models.JSONField("задачи", default=list, blank=True)
    expected_results = models.JSONField("ожидаемый результат", default=list, blank=True)
    indicators_intro = models.CharField("вводная строка показателей", max_length=500, blank=True)
    indicators = models.JSONField("показатели", default=list, blank=True)
    information_sources = models.JSONField("источники информации", default=list, blank=True)
    monitoring_intro = models.CharField("вводная строка мониторинга", max_length=500, blank=True)
    monitoring_kinds = models.JSONField("виды мониторингов", default=list, blank=True)
    analysis = models.JSONField("анализ, адресные рекомендации", default=dict, blank=True)
    measures = models.JSONField("меры, управленческие решения", default=list, blank=True)
    effectiveness_analysis = models.JSONField(
        "анализ эффективности принятых мер", default=list, blank=True
    )
    risks = models.JSONField("риски", default=list, blank=True)
    headings = models.JSONField("заголовки разделов паспорта", default=_default_headings)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "паспорт дорожной карты"
        verbose_name_plural = "паспорта дорожных карт"

    def __str__(self) -> str:
        return f"Паспорт: {self.roadmap}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:passport", args=[self.roadmap_id])

    def heading(self, key: str) -> dict[str, str]:
        default = {k: {"number": n, "title": t} for k, n, t in PASSPORT_PARTS}[key]
        return {**default, **(self.headings or {}).get(key, {})}


class Section(models.Model):
    """A section of the plan, numbered with a Roman numeral (I–VI in the approved one)."""

    roadmap = models.ForeignKey(
        Roadmap, models.CASCADE, related_name="sections", verbose_name="дорожная карта"
    )
    number = models.CharField("номер", max_length=8, help_text="Римская цифра: I, II, III …")
    title = models.TextField("наименование раздела")
    order = models.PositiveSmallIntegerField("порядок", default=0, editable=False)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "раздел дорожной карты"
        verbose_name_plural = "разделы дорожной карты"
        ordering = ["roadmap", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"], name="section_unique_number",
                violation_error_message="В этой дорожной карте уже есть раздел с таким номером.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.number = self.number.strip().upper()
        self.order = roman_to_int(self.number) or 0
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.roadmap.get_absolute_url()}#section-{self.pk}"

    def clean(self) -> None:
        if roman_to_int(self.number or "") is None:
            raise ValidationError({"number": "Номер раздела — римская цифра: I, II, III, IV …"})


class Measure(models.Model):
    """A measure (мероприятие) of the plan: number, text, deadline, responsible, result.

    The deadline is kept twice: ``deadline_text`` as written in the document, and
    ``deadline`` — its parsed structure (:meth:`roadmap.deadlines.Deadline.to_dict`),
    recomputed on every save, so the portal can say what is due on any date."""

    roadmap = models.ForeignKey(
        Roadmap, models.CASCADE, related_name="measures", verbose_name="дорожная карта",
        editable=False,
    )
    section = models.ForeignKey(
        Section, models.CASCADE, related_name="measures", verbose_name="раздел"
    )
    number = models.CharField("№ п/п", max_length=8, help_text="Например, 1.1 или 6.3.")
    position = models.PositiveIntegerField("порядок", default=0, editable=False)
    text = models.TextField("мероприятие")
    deadline_text = models.CharField(
        "сроки исполнения", max_length=200,
        help_text="Как в документе: «Январь 2021», «2021-2022», «Ежегодно», «Ежегодно по "
                  "необходимости», «Не менее 2 раз в год», «В соответствии с графиком».",
    )
    deadline = models.JSONField("срок (структура)", default=dict, editable=False)
    responsible_text = models.TextField(
        "ответственный (как в документе)", blank=True,
        help_text="Текст графы «ответственный» дословно.",
    )
    responsible = models.ManyToManyField(
        Staff, blank=True, related_name="roadmap_measures", verbose_name="ответственные",
        help_text="Сотрудники, которым приходят напоминания о сроках.",
    )
    result = models.TextField(
        "результат", blank=True, help_text="Каждый пункт — с новой строки; пункт списка — с «- ».",
    )
    meeting_kind = models.CharField(
        "засчитываются совещания вида", max_length=16, choices=MeetingKind.choices, blank=True,
        help_text="Если указан вид, каждое проведённое совещание этого вида закрывает срок "
                  "мероприятия автоматически (например, 6.2 — августовская конференция).",
    )
    meeting_level = models.CharField(
        "засчитываются совещания уровня", max_length=16, choices=MeetingLevel.choices,
        blank=True, help_text="Пусто — любого уровня.",
    )
    per_procedure = models.BooleanField(
        "по каждой оценочной процедуре", default=False,
        help_text="Совещания должны рассмотреть каждую оценочную процедуру (каждый "
                  "мониторинг) не реже указанного числа раз в год (6.1).",
    )
    product = models.CharField(
        "закрывается продуктом портала", max_length=20, choices=ProductKind.choices,
        blank=True,
        help_text="Срок закрывается сам, когда в портале появляется этот результат (например, "
                  "4.1 — утверждённый аналитический отчёт за год); отметить выполнение "
                  "вручную можно и тогда, указав основание.",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история мероприятия", excluded_fields=["position"])

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "мероприятия"
        ordering = ["roadmap", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "number"], name="measure_unique_number",
                violation_error_message="В этой дорожной карте уже есть мероприятие с таким номером.",
            )
        ]

    def __str__(self) -> str:
        short = self.text.split("\n")[0]
        return f"{self.number} {short[:80]}{'…' if len(short) > 80 else ''}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Why here and not only in the form: the loader, the admin and the shell save
        # measures too, and a measure whose deadline cannot be read would silently drop
        # out of the board and the reminders.
        try:
            parsed = parse_deadline(self.deadline_text)
        except ValueError as exc:
            raise ValidationError({"deadline_text": str(exc)}) from exc
        self.deadline = parsed.to_dict()
        self.deadline_text = parsed.text
        self.roadmap_id = self.section.roadmap_id
        match = _MEASURE_NUMBER_RE.match(self.number.strip())
        self.number = self.number.strip()
        self.position = int(match[1]) * 100 + int(match[2]) if match else 0
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("roadmap:measure_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            parse_deadline(self.deadline_text or "")
        except ValueError as exc:
            errors["deadline_text"] = str(exc)
        match = _MEASURE_NUMBER_RE.match((self.number or "").strip())
        if not match:
            errors["number"] = "Номер мероприятия — два числа через точку, например 1.1 или 6.3."
        elif self.section_id:
            section_order = roman_to_int(self.section.number)
            if section_order and int(match[1]) != section_order:
                errors["number"] = (
                    f"Мероприятия раздела {self.section.number} нумеруются "
                    f"«{section_order}.1», «{section_order}.2» …"
                )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None) -> None:
        # The uniqueness of the number is per roadmap, which the form does not show.
        if self.section_id and not self.roadmap_id:
            self.roadmap_id = self.section.roadmap_id
        super().validate_constraints(exclude=exclude)

    @property
    def parsed_deadline(self) -> Deadline:
        return Deadline.from_dict(self.deadline)

    @property
    def deadline_kind(self) -> DeadlineKind:
        return DeadlineKind(self.deadline["kind"])

    @property
    def is_scheduled(self) -> bool:
        return self.deadline_kind is DeadlineKind.SCHEDULE

    @property
    def result_items(self) -> list[str]:
        """The result's lines without list markers (as in the fixture's ``result_items``)."""
        return [line.removeprefix("- ") for line in self.result.split("\n") if line.strip()]

    @property
    def text_lines(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]

    def occurrences(self, schedule: list[date] | None = None) -> list[Occurrence]:
        """Due occurrences over the roadmap's years (``schedule`` — dates for «по графику»)."""
        if schedule is None:
            schedule = [s.date for s in self.schedule.all()]
        return occurrences(
            self.parsed_deadline, self.roadmap.year_start, self.roadmap.year_end, schedule
        )


class ScheduleDate(models.Model):
    """A date of the schedule of a measure «В соответствии с графиком», entered by ИМЦ."""

    measure = models.ForeignKey(
        Measure, models.CASCADE, related_name="schedule", verbose_name="мероприятие"
    )
    date = models.DateField("дата по графику")
    note = models.CharField(
        "что к этой дате", max_length=500, blank=True,
        help_text="Например: рекомендации по итогам мониторинга за I полугодие.",
    )

    objects = MeasureChildQuerySet.as_manager()

    class Meta:
        verbose_name = "дата графика"
        verbose_name_plural = "даты графика"
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "date"], name="schedule_unique_date",
                violation_error_message="Эта дата уже есть в графике мероприятия.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.number}: {self.date:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return self.measure.get_absolute_url()

    def clean(self) -> None:
        if self.measure_id and not self.measure.is_scheduled:
            raise ValidationError(
                "График задаётся только для мероприятий со сроком «В соответствии с графиком»."
            )


class Execution(models.Model):
    """A record that closes (or advances) one occurrence of a measure, with evidence."""

    class Status(models.TextChoices):
        # The engine's statuses (roadmap.deadlines.ExecutionStatus) as model choices.
        DONE = ExecutionStatus.DONE.value, ExecutionStatus.DONE.label
        IN_PROGRESS = ExecutionStatus.IN_PROGRESS.value, ExecutionStatus.IN_PROGRESS.label
        NOT_NEEDED = ExecutionStatus.NOT_NEEDED.value, ExecutionStatus.NOT_NEEDED.label

    measure = models.ForeignKey(
        Measure, models.CASCADE, related_name="executions", verbose_name="мероприятие"
    )
    occurrence_key = models.CharField(
        "наступление срока", max_length=40,
        help_text="Ключ наступления: 2021-01, 2022, 2022-1, 2021-2022, schedule-2022-03-15.",
    )
    date = models.DateField("дата исполнения")
    status = models.CharField("статус", max_length=16, choices=Status.choices)
    comment = models.TextField("комментарий", blank=True)
    reason = models.TextField(
        "причина («не потребовалось»)", blank=True,
        help_text="Обязательна, если исполнение не потребовалось.",
    )
    documents = models.ManyToManyField(
        "Document", blank=True, related_name="executions", verbose_name="подтверждающие документы"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name="автор",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = MeasureChildQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="история отметки об исполнении", m2m_fields=[documents])

    class Meta:
        verbose_name = "отметка об исполнении"
        verbose_name_plural = "отметки об исполнении"
        ordering = ["measure", "date", "pk"]
        indexes = [models.Index(fields=["measure", "occurrence_key"])]

    def __str__(self) -> str:
        return f"{self.measure.number}, {self.date:%d.%m.%Y}: {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return f"{self.measure.get_absolute_url()}#occurrence-{self.occurrence_key}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        occurrence = self.occurrence()
        if self.measure_id and occurrence is None:
            errors["occurrence_key"] = "У мероприятия нет такого срока исполнения."
        if self.status == ExecutionStatus.NOT_NEEDED:
            if occurrence is not None and not occurrence.optional:
                errors["status"] = (
                    "«Не потребовалось» можно отметить только для мероприятия со сроком "
                    "«по необходимости»; этот срок обязательный."
                )
            if not self.reason.strip():
                errors["reason"] = "Укажите, почему исполнение не потребовалось."
        if self.date and self.date > timezone.localdate():
            errors["date"] = "Дата исполнения не может быть позже сегодняшнего дня."
        if errors:
            raise ValidationError(errors)

    def occurrence(self) -> Occurrence | None:
        if not self.measure_id:
            return None
        return next(
            (o for o in self.measure.occurrences() if o.key == self.occurrence_key), None
        )

    @property
    def execution_status(self) -> ExecutionStatus:
        return ExecutionStatus(self.status)
