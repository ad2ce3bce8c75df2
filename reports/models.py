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
