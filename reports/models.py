"""Analysis: report jobs built in the background (and, later, indicators and targets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class ReportJob(models.Model):
    """A document the portal builds in the background (Saleor's Job idea).

    Created by a request, handed to Celery by primary key after the transaction commits;
    the task only loads the job and calls the builder service. Output files appear only
    when complete (written aside, then moved into place)."""

    class Kind(models.TextChoices):
        HALF_YEAR_NOTE = "half_year_note", "Информационно-аналитическая справка за полугодие"
        MONITORING_REPORT = "monitoring_report", "Аналитический отчёт по мониторингу за год"
        CLUSTER_ANALYSIS = "cluster_analysis", "Комплексный (кластерный) анализ за год"

    class Status(models.TextChoices):
        QUEUED = "queued", "в очереди"
        RUNNING = "running", "выполняется"
        DONE = "done", "готово"
        FAILED = "failed", "ошибка"

    kind = models.CharField("вид", max_length=32, choices=Kind.choices)
    period_code = models.CharField(
        "период", max_length=16, help_text="Полугодие «2022/2023-1» или учебный год «2022/2023»."
    )
    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, null=True, blank=True, related_name="report_jobs",
        verbose_name="ОО", help_text="Пусто — по муниципалитету.",
    )
    params = models.JSONField("параметры", default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="report_jobs", verbose_name="заказал",
    )
    status = models.CharField(
        "состояние", max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField("готовность, %", default=0)
    message = models.TextField("сообщение", blank=True)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    created_at = models.DateTimeField("создано", auto_now_add=True)
    started_at = models.DateTimeField("начато", null=True, blank=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)

    class Meta:
        verbose_name = "задание на отчёт"
        verbose_name_plural = "задания на отчёты"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        scope = self.school.short_name if self.school_id else "муниципалитет"
        return f"{self.get_kind_display()} — {self.period_code}, {scope}"

    def get_absolute_url(self) -> str:
        return reverse("reports:job_detail", args=[self.pk])


class ReportFile(models.Model):
    """One output of a job: the DOCX, the PDF or the XLSX appendix."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (DOCX)"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel (XLSX)"

    job = models.ForeignKey(ReportJob, models.CASCADE, related_name="files", verbose_name="задание")
    format = models.CharField("формат", max_length=8, choices=Format.choices)
    file = models.FileField("файл", upload_to="reports/%Y/%m/")
    filename = models.CharField("имя файла для скачивания", max_length=255)
    size = models.PositiveIntegerField("размер, байт", default=0)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "файл отчёта"
        verbose_name_plural = "файлы отчётов"
        ordering = ["format"]
        constraints = [
            models.UniqueConstraint(fields=["job", "format"], name="reportfile_one_per_format")
        ]

    def __str__(self) -> str:
        return self.filename


# ---------------------------------------------------------------- indicators and targets


class Indicator(models.Model):
    """An indicator's passport, as municipal documents describe one.

    How it is computed lives in code (``reports.indicators``); the catalogue is synced
    into this table by ``load_reference_data`` so that ИМЦ can keep the passport fields a
    methodologist owns (base value, method of collection, responsible) and the targets."""

    code = models.SlugField("код", max_length=64, unique=True)
    name = models.CharField("наименование", max_length=500)
    unit = models.CharField("единица измерения", max_length=16)
    group = models.CharField("раздел", max_length=255)
    numerator = models.TextField("числитель")
    denominator = models.TextField("знаменатель", blank=True)
    source = models.CharField("источник данных", max_length=255)
    higher_is_better = models.BooleanField("лучше, когда больше", default=True)
    expectation = models.CharField("ожидание дорожной карты", max_length=255, blank=True)
    observation_unit = models.CharField(
        "единица наблюдения", max_length=100, default="обучающийся"
    )
    collection_method = models.TextField(
        "метод и периодичность сбора", blank=True,
        default="Ввод и загрузка данных ОО на портале; сдача данных за каждое полугодие.",
    )
    base_year = models.PositiveSmallIntegerField("базовый год", null=True, blank=True)
    base_value = models.DecimalField(
        "базовое значение", max_digits=9, decimal_places=2, null=True, blank=True
    )
    responsible = models.ForeignKey(
        "monitoring.Staff", models.SET_NULL, null=True, blank=True, related_name="indicators",
        verbose_name="ответственный",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "показатель"
        verbose_name_plural = "показатели"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:indicator_catalogue") + f"#indicator-{self.code}"


class Target(models.Model):
    """The value an indicator should reach in a calendar year (municipality or one ОО)."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name="показатель"
    )
    year = models.PositiveSmallIntegerField("год")
    school = models.ForeignKey(
        "monitoring.School", models.CASCADE, null=True, blank=True, related_name="targets",
        verbose_name="ОО", help_text="Пусто — целевое значение муниципалитета.",
    )
    value = models.DecimalField("целевое значение", max_digits=9, decimal_places=2)
    comment = models.CharField("основание", max_length=255, blank=True)

    class Meta:
        verbose_name = "целевое значение"
        verbose_name_plural = "целевые значения"
        ordering = ["indicator__order", "year", "school__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], condition=models.Q(school__isnull=True),
                name="target_one_municipal_per_year",
                violation_error_message="Целевое значение муниципалитета на этот год уже задано.",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "school"], condition=models.Q(school__isnull=False),
                name="target_one_per_school_year",
                violation_error_message="Целевое значение этой ОО на этот год уже задано.",
            ),
        ]

    def __str__(self) -> str:
        scope = self.school.short_name if self.school_id else "муниципалитет"
        return f"{self.indicator.code} {self.year} ({scope}): {self.value}"
