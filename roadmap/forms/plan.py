"""Forms of the plan: a roadmap, its passport, sections, measures, schedules, executions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from monitoring.models import Staff

from ..deadlines import ExecutionStatus, OccurrenceState
from ..models import (
    Document,
    DocumentKind,
    Execution,
    Measure,
    Passport,
    Roadmap,
    ScheduleDate,
    Section,
)
from ..services import attach_file, check_document_file
from .base import LinesField, NestedLinesField, PortalModelForm, date_widget


class RoadmapForm(PortalModelForm):
    class Meta:
        model = Roadmap
        fields = ["title", "slug", "year_start", "year_end", "status", "approving_document",
                  "training_counted_from", "plan_title", "explanatory_note"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "plan_title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approving_document"].queryset = Document.objects.filter(
            kind=DocumentKind.ORDER
        ).exclude(status=Document.Status.DRAFT)
        self.fields["approving_document"].empty_label = "— ещё не утверждена —"
        # A draft is put in force by «Утвердить» (which closes the previous roadmap), not by
        # a status picked here.
        if self.instance.status != Roadmap.Status.APPROVED:
            self.fields["status"].choices = [
                c for c in Roadmap.Status.choices if c[0] != Roadmap.Status.APPROVED]
            self.fields["status"].help_text = (
                "Проект вводится в действие кнопкой «Утвердить» на странице дорожной карты.")


class PassportForm(PortalModelForm):
    """The passport part by part; every list is edited one item per line."""

    tasks = NestedLinesField(
        label="Задачи", required=False,
        help_text="Каждая задача с новой строки; подпункт задачи — с новой строки, начиная с «- ».",
    )
    expected_results = LinesField(label="Ожидаемый результат", required=False)
    indicators = LinesField(label="Показатели", required=False,
                            help_text="Каждый показатель с новой строки.")
    information_sources = LinesField(label="Источники информации", required=False)
    monitoring_kinds = LinesField(label="Виды мониторингов", required=False)
    reports_title = forms.CharField(label="Анализ: заголовок", required=False,
                                    initial="Анализ (аналитические отчеты):")
    reports = LinesField(label="Аналитические отчёты", required=False)
    venues_title = forms.CharField(label="Где рассматриваются: заголовок", required=False,
                                   initial="Где рассматриваются, обсуждаются:")
    venues = LinesField(label="Где рассматриваются, обсуждаются", required=False)
    measures = LinesField(label="Меры, управленческие решения", required=False)
    effectiveness_analysis = LinesField(label="Анализ эффективности принятых мер",
                                        required=False)
    risks = LinesField(label="Риски", required=False,
                       help_text="Новые строки появятся в списке рисков, где им назначают "
                                 "ответственного и меры.")

    LIST_FIELDS = ("tasks", "expected_results", "indicators", "information_sources",
                   "monitoring_kinds", "measures", "effectiveness_analysis", "risks")

    class Meta:
        model = Passport
        fields = ["title", "goal", "indicators_intro", "monitoring_intro"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        passport = self.instance
        for name in self.LIST_FIELDS:
            self.initial.setdefault(name, getattr(passport, name))
        analysis = passport.analysis or {}
        for name in ("reports_title", "reports", "venues_title", "venues"):
            if name in analysis:
                self.initial[name] = analysis[name]
        # The order of the document: goal and tasks first, intros next to their lists.
        self.order_fields(["title", "goal", "tasks", "expected_results", "indicators_intro",
                           "indicators", "information_sources", "monitoring_intro",
                           "monitoring_kinds", "reports_title", "reports", "venues_title",
                           "venues", "measures", "effectiveness_analysis", "risks"])

    def save(self, commit: bool = True) -> Passport:
        passport = super().save(commit=False)
        for name in self.LIST_FIELDS:
            setattr(passport, name, self.cleaned_data[name])
        passport.analysis = {name: self.cleaned_data[name]
                             for name in ("reports_title", "reports", "venues_title", "venues")}
        if commit:
            passport.save()
        return passport


class SectionForm(PortalModelForm):
    parent_fields = ("roadmap",)

    class Meta:
        model = Section
        fields = ["number", "title"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def clean_number(self) -> str:
        # «ii» and «II» are one section: normalise before the uniqueness check.
        return self.cleaned_data["number"].strip().upper()


class MeasureForm(PortalModelForm):
    """A measure; the deadline is checked by the same parser the board uses."""

    parent_fields = ("roadmap",)

    class Meta:
        model = Measure
        fields = ["section", "number", "text", "deadline_text", "responsible_text",
                  "responsible", "result", "meeting_kind", "meeting_level", "per_procedure",
                  "product"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}),
                   "responsible_text": forms.Textarea(attrs={"rows": 2}),
                   "result": forms.Textarea(attrs={"rows": 4}),
                   "responsible": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args: Any, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.roadmap = roadmap
        self.fields["section"].queryset = roadmap.sections.all()
        self.fields["section"].empty_label = None
        # Working department and school-administration staff, and whoever is already named
        # (someone who has since left stays visible rather than silently dropped).
        current = list(self.instance.responsible.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["responsible"].queryset = Staff.objects.filter(
            Q(is_working=True,
              category__in=[Staff.Category.DEPARTMENT, Staff.Category.SCHOOL_ADMIN])
            | Q(pk__in=current)
        ).select_related("school").order_by("last_name", "first_name")
        self.fields["responsible"].label_from_instance = lambda s: f"{s.short_name} — {s.position} ({s.place})"
        self.fields["number"].widget.attrs.setdefault("placeholder", "1.1")
        self.fields["responsible"].help_text = (
            "Сотрудники отдела образования и администрации ОО; выделите несколько с Ctrl. "
            "Им приходят напоминания о сроках."
        )


class ScheduleDateForm(PortalModelForm):
    parent_fields = ("measure",)

    class Meta:
        model = ScheduleDate
        fields = ["date", "note"]

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.measure = measure


class ExecutionForm(PortalModelForm):
    """Mark an occurrence executed, attaching documents from the registry or a new file."""

    occurrence_key = forms.ChoiceField(label="Срок (наступление)")
    documents = forms.ModelMultipleChoiceField(
        label="Документы из реестра", queryset=Document.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Уже загруженные документы; выделите несколько с Ctrl.",
    )
    new_file = forms.FileField(
        label="Файл документа", required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
        help_text="PDF, DOCX, XLSX или ODT; формат проверяется по содержимому файла.",
    )
    new_kind = forms.ChoiceField(label="Вид документа", required=False,
                                 choices=[("", "—"), *DocumentKind.choices])
    new_number = forms.CharField(label="Номер", required=False, max_length=60)
    new_date = forms.DateField(label="Дата документа", required=False, widget=date_widget())
    new_title = forms.CharField(label="Наименование документа", required=False, max_length=1000)
    new_status = forms.ChoiceField(label="Статус документа", choices=Document.Status.choices,
                                   initial=Document.Status.APPROVED)

    NEW_DOCUMENT_FIELDS = ("new_file", "new_kind", "new_number", "new_date", "new_title")

    class Meta:
        model = Execution
        fields = ["occurrence_key", "date", "status", "comment", "reason"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2}),
                   "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, measure: Measure, occurrences, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        self.measure = measure
        self.new_document: Document | None = None
        self.fields["occurrence_key"].choices = [
            (o.key, f"{o.label} (до {o.due:%d.%m.%Y}{', по необходимости' if o.optional else ''})")
            for o in occurrences
        ]
        if not self.instance.pk:
            # model_to_dict() put empty values here; a new mark is most often «done today».
            self.initial["status"] = self.initial.get("status") or ExecutionStatus.DONE
            self.initial["date"] = self.initial.get("date") or timezone.localdate()
        self.fields["documents"].queryset = Document.objects.for_user(self.user).order_by(
            "-date", "-pk"
        )
        if self.instance.pk:
            self.initial["documents"] = list(self.instance.documents.all())
        self.fields["new_date"].help_text = "Пусто — дата исполнения."

    def clean_new_file(self):
        upload = self.cleaned_data.get("new_file")
        if upload:
            self.new_file_format = check_document_file(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "new_file" not in self.errors and any(
            data.get(name) for name in self.NEW_DOCUMENT_FIELDS
        ):
            self._build_new_document(data)
        self._check_override(data)
        return data

    def _check_override(self, data: dict[str, Any]) -> None:
        """A measure the portal's products close, marked done by hand with no evidence, is a
        manual override: it must say why (who is recorded by the service)."""
        evidence = bool(data.get("documents")) or bool(data.get("new_file"))
        if (self.measure.product and data.get("status") == ExecutionStatus.DONE
                and not evidence and not (data.get("comment") or "").strip()):
            self.add_error("comment", (
                "Это мероприятие закрывается продуктом портала "
                f"(«{self.measure.get_product_display()}»). Отмечая выполнение вручную без "
                "документа, укажите основание: что сделано и где это подтверждено."
            ))

    def _build_new_document(self, data: dict[str, Any]) -> None:
        upload = data.get("new_file")
        if not upload:
            self.add_error("new_file", "Приложите файл документа.")
        if not data.get("new_kind"):
            self.add_error("new_kind", "Укажите вид документа.")
        if not data.get("new_title"):
            self.add_error("new_title", "Укажите наименование документа.")
        day = data.get("new_date") or data.get("date")
        if upload and data.get("new_kind") and data.get("new_title") and day:
            document = Document(
                kind=data["new_kind"], number=data.get("new_number", ""), date=day,
                title=data["new_title"], status=data["new_status"],
            )
            attach_file(document, upload, self.new_file_format)
            self.new_document = document

    def execution_documents(self) -> list[Document]:
        """The registry documents chosen, plus attached ones this user cannot see (kept)."""
        chosen = list(self.cleaned_data["documents"])
        if self.instance.pk:
            visible = set(self.fields["documents"].queryset.values_list("pk", flat=True))
            chosen += [d for d in self.instance.documents.all() if d.pk not in visible]
        return chosen


class BoardFilterForm(forms.Form):
    """The board's filters: the date, a responsible person, a state."""

    on = forms.DateField(
        label="На дату", required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    responsible = forms.TypedChoiceField(label="Ответственный", required=False, coerce=int,
                                         empty_value=None)
    state = forms.ChoiceField(
        label="Состояние", required=False,
        choices=[("", "Все"), *[(s.value, s.label) for s in OccurrenceState]],
    )

    def __init__(self, *args: Any, people=(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "Все"), *[(p.pk, p.short_name) for p in people]]
        for field in self.fields.values():
            css = "form-select form-select-sm" if isinstance(field.widget, forms.Select) else (
                "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)

    def values(self) -> tuple[dt.date, int | None, OccurrenceState | None]:
        """The chosen date (today when empty or invalid), person and state."""
        self.is_valid()  # an invalid field is left out; the others still apply
        state = self.cleaned_data.get("state")
        return (
            self.cleaned_data.get("on") or timezone.localdate(),
            self.cleaned_data.get("responsible"),
            OccurrenceState(state) if state else None,
        )


class RoadmapCopyForm(forms.Form):
    """«Создать дорожную карту на основе…»: the new years, title and code."""

    year_start = forms.IntegerField(label="Первый год", min_value=2000, max_value=2100)
    year_end = forms.IntegerField(label="Последний год", min_value=2000, max_value=2100)
    title = forms.CharField(label="Наименование", max_length=1000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    slug = forms.SlugField(label="Код", max_length=60,
                           help_text="Латинский код для команд и ссылок, например nogliki-2024-2026.")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Roadmap.objects.filter(slug=slug).exists():
            raise forms.ValidationError(f"Код «{slug}» уже занят другой дорожной картой.")
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("year_start") and data.get("year_end") and data["year_start"] > data["year_end"]:
            self.add_error("year_end", "Последний год не может быть раньше первого.")
        return data


class RoadmapApproveForm(forms.Form):
    """«Утвердить»: the date it comes into force and the approving order."""

    on = forms.DateField(label="Действует с", widget=date_widget(),
                         input_formats=["%d.%m.%Y", "%Y-%m-%d"],
                         error_messages={"invalid": "Введите дату в виде дд.мм.гггг."})
    document = forms.ModelChoiceField(
        label="Приказ об утверждении", queryset=Document.objects.none(), required=False,
        empty_label="— указать позже —",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(
            kind=DocumentKind.ORDER, status=Document.Status.APPROVED).order_by("-date", "-pk")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
