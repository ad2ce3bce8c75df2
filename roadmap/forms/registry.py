"""Forms of the documents registry and of a roadmap's checklist of required documents."""

from __future__ import annotations

from typing import Any

from django import forms

from ..models import Document, Measure, RequiredDocument, Roadmap
from ..services import attach_file, check_document_file
from .base import PortalModelForm


def measure_choices(queryset=None) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Мероприятия дорожной карты", required=False,
        queryset=queryset if queryset is not None else Measure.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="К каким мероприятиям относится документ; выделите несколько с Ctrl.",
    )


def measure_label(measure: Measure) -> str:
    return f"{measure.roadmap.years_label}: {measure}"


class DocumentForm(PortalModelForm):
    """A document of the registry; the file is checked by content and size."""

    upload = forms.FileField(
        label="Файл", required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.xlsx,.odt"}),
        help_text="PDF, DOCX, XLSX или ODT; формат проверяется по содержимому файла.",
    )
    measures = measure_choices()

    class Meta:
        model = Document
        fields = ["kind", "number", "date", "title", "upload", "measures", "school", "status",
                  "repealed_on"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = Measure.objects.select_related("roadmap").order_by(
            "-roadmap__year_start", "position"
        )
        self.fields["measures"].label_from_instance = measure_label
        #: the stored file an upload would replace (removed by the service after saving)
        self.previous_file = self.instance.file.name if self.instance.file else ""
        if self.instance.pk:
            self.initial["measures"] = list(self.instance.measures.all())
            if self.instance.file:
                # Never the file's name here: crispy renders help_text unescaped, and the
                # name is whatever the uploader chose (the page shows it escaped).
                self.fields["upload"].help_text = (
                    "К документу уже приложен файл; выберите новый, чтобы заменить его."
                )

    @property
    def replaced_file(self) -> str:
        return self.previous_file if self.cleaned_data.get("upload") else ""

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            attach_file(self.instance, upload, check_document_file(upload))
        return upload


class RequiredDocumentForm(PortalModelForm):
    class Meta:
        model = RequiredDocument
        fields = ["kind", "title", "title_pattern", "measure", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, roadmap: Roadmap, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.roadmap = roadmap
        self.fields["measure"].queryset = roadmap.measures.order_by("position")
        self.fields["measure"].empty_label = "— не привязан —"
