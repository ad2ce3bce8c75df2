"""The documents registry and each roadmap's checklist of required documents."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from monitoring.models import School

from ..filetypes import FORMATS
from ..querysets import DocumentQuerySet, PlanQuerySet


def normalize_search(text: str) -> str:
    """Lower case, ё → е, single spaces: how titles are compared and searched.

    SQLite compares only ASCII letters case-insensitively, so search runs on this
    normalised copy on both databases."""
    return re.sub(r"\s+", " ", (text or "").casefold().replace("ё", "е")).strip()


class PrivateDocumentStorage(FileSystemStorage):
    """Uploaded documents live outside any public URL.

    They are read only through ``roadmap:document_download``, which checks who asks;
    ``url()`` refuses, so no template can leak a direct link by accident."""

    def __init__(self) -> None:
        super().__init__(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)

    def url(self, name: str | None) -> str:
        raise ValueError("Документы выдаются только через проверку прав (document_download).")


def private_storage() -> PrivateDocumentStorage:
    return PrivateDocumentStorage()


def document_upload_to(instance: Document, filename: str) -> str:
    # A random name: the stored path reveals nothing and cannot be guessed; the extension
    # is the one of the detected format, not the one the user typed.
    extension = FORMATS[instance.file_format].extension if instance.file_format else ""
    return f"documents/{date.today():%Y/%m}/{uuid.uuid4().hex}{extension}"


class DocumentKind(models.TextChoices):
    ORDER = "order", "приказ"
    REGULATION = "regulation", "положение"
    RULES = "rules", "регламент"
    GUIDELINES = "guidelines", "методические рекомендации"
    PLAN_SCHEDULE = "plan_schedule", "план-график"
    PROGRAM = "program", "программа"
    PROTOCOL = "protocol", "протокол"
    RESOLUTION = "resolution", "резолюция"
    REPORT = "report", "отчёт"
    NOTE = "note", "справка"


class GeneratedKind(models.TextChoices):
    """Documents the portal builds (``reports`` job kinds), once approved into the registry."""

    HALF_YEAR_NOTE = "half_year_note", "информационно-аналитическая справка за полугодие"
    MONITORING_REPORT = "monitoring_report", "аналитический отчёт по мониторингу за год (4.1)"
    CLUSTER_ANALYSIS = "cluster_analysis", "комплексный (кластерный) анализ за год (4.2)"


class Document(models.Model):
    """A document of the department or a school: an order, a regulation, a protocol …"""

    class Status(models.TextChoices):
        DRAFT = "draft", "проект"
        APPROVED = "approved", "утверждён"
        REPEALED = "repealed", "утратил силу"

    kind = models.CharField("вид документа", max_length=16, choices=DocumentKind.choices)
    number = models.CharField("номер", max_length=60, blank=True)
    date = models.DateField("дата документа")
    title = models.CharField("наименование", max_length=1000)
    file = models.FileField(
        "файл", storage=private_storage, upload_to=document_upload_to, max_length=255,
        blank=True,
    )
    file_name = models.CharField("имя файла", max_length=255, blank=True, editable=False)
    file_size = models.PositiveIntegerField("размер файла, байт", null=True, editable=False)
    file_format = models.CharField("формат файла", max_length=8, blank=True, editable=False)
    measures = models.ManyToManyField(
        "Measure", blank=True, related_name="documents", verbose_name="мероприятия"
    )
    school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="roadmap_documents",
        verbose_name="ОО", help_text="Пусто — муниципальный документ (отдел образования).",
    )
    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.APPROVED,
        help_text="Координаторы ОО видят только утверждённые документы.",
    )
    repealed_on = models.DateField(
        "утратил силу с", null=True, blank=True,
        help_text="Для статуса «утратил силу»: с какой даты документ не действует.",
    )
    generated_kind = models.CharField(
        "сформирован порталом", max_length=20, choices=GeneratedKind.choices, blank=True,
        editable=False,
        help_text="Справка или отчёт, построенные порталом и утверждённые в реестр.",
    )
    period_code = models.CharField(
        "период", max_length=16, blank=True, editable=False,
        help_text="Полугодие «2022/2023-1» или учебный год «2022/2023» сформированного документа.",
    )
    search_text = models.TextField(editable=False, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="добавил",
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(
        verbose_name="история документа", excluded_fields=["search_text"]
    )

    class Meta:
        verbose_name = "документ"
        verbose_name_plural = "документы"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["kind", "status"]), models.Index(fields=["date"])]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = normalize_search(f"{self.number} {self.title}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("roadmap:document_detail", args=[self.pk])

    def clean(self) -> None:
        if self.status == self.Status.REPEALED and not self.repealed_on:
            raise ValidationError({"repealed_on": "Укажите, с какой даты документ утратил силу."})
        if self.repealed_on and self.status != self.Status.REPEALED:
            raise ValidationError(
                {"repealed_on": "Дата утраты силы указывается только для статуса «утратил силу»."}
            )
        if self.repealed_on and self.date and self.repealed_on < self.date:
            raise ValidationError({"repealed_on": "Документ не может утратить силу раньше своей даты."})

    @property
    def reference(self) -> str:
        """«Приказ № 12 от 28.01.2021 «Об утверждении …»» — how documents are cited."""
        number = f" № {self.number}" if self.number else ""
        return f"{self.get_kind_display().capitalize()}{number} от {self.date:%d.%m.%Y} «{self.title}»"

    @property
    def fulfils_year(self) -> int:
        """The calendar year a generated document reports on: the year its half-year or
        academic year ends (a report for 2021/2022 is the 2022 report); else its date's."""
        code = self.period_code
        if len(code) >= 9 and code[4] == "/" and code[5:9].isdigit():
            year = int(code[5:9])
            return year - 1 if code.endswith("-1") else year
        return self.date.year

    @property
    def download_url(self) -> str:
        return reverse("roadmap:document_download", args=[self.pk]) if self.file else ""

    @property
    def download_name(self) -> str:
        """The name the user uploaded, with the extension of the detected format."""
        stem = Path(self.file_name or "документ").stem
        extension = FORMATS[self.file_format].extension if self.file_format else ""
        return f"{stem}{extension}"

    def in_force_on(self, day: date) -> bool:
        """Approved and dated by ``day``, and not repealed by then."""
        if self.date > day:
            return False
        if self.status == self.Status.APPROVED:
            return True
        return self.status == self.Status.REPEALED and bool(self.repealed_on) and day < self.repealed_on


class RequiredDocument(models.Model):
    """One line of a roadmap's checklist of the normative documents it requires.

    A document satisfies the line when it is of the same kind, in force on the date, and
    its title contains ``title_pattern`` or it is linked to ``measure`` (either is enough
    when both are given; with neither, any document of the kind will do)."""

    roadmap = models.ForeignKey(
        "Roadmap", models.CASCADE, related_name="required_documents",
        verbose_name="дорожная карта",
    )
    kind = models.CharField("вид документа", max_length=16, choices=DocumentKind.choices)
    title = models.CharField(
        "какой документ нужен", max_length=500,
        help_text="Как в графе «результат», например: Приказ об утверждении дорожной карты.",
    )
    title_pattern = models.CharField(
        "слова в наименовании", max_length=200, blank=True,
        help_text="Часть наименования документа, по которой он узнаётся (регистр и «ё» не важны).",
    )
    measure = models.ForeignKey(
        "Measure", models.SET_NULL, null=True, blank=True, related_name="required_documents",
        verbose_name="мероприятие", help_text="Или документ, привязанный к этому мероприятию.",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "обязательный документ"
        verbose_name_plural = "перечень обязательных документов"
        ordering = ["roadmap", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:checklist", args=[self.roadmap_id])

    def clean(self) -> None:
        if self.measure_id and self.roadmap_id and self.measure.roadmap_id != self.roadmap_id:
            raise ValidationError({"measure": "Мероприятие из другой дорожной карты."})

    def is_satisfied_by(self, document: Document, measure_ids: set[int]) -> bool:
        """Whether ``document`` (linked to ``measure_ids``) is this required document."""
        if document.kind != self.kind:
            return False
        by_title = bool(self.title_pattern) and (
            normalize_search(self.title_pattern) in document.search_text
        )
        by_measure = self.measure_id is not None and self.measure_id in measure_ids
        if not self.title_pattern and self.measure_id is None:
            return True
        return by_title or by_measure
