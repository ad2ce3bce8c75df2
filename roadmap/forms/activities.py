"""Forms of meetings, decisions (with their actions and target indicators), information
work (with hotline questions) and risks."""

from __future__ import annotations

from typing import Any

from django import forms

from monitoring.models import School, Staff

from ..indicator_codes import indicator_choices
from ..models import (
    Decision,
    DecisionAction,
    DecisionIndicator,
    Document,
    DocumentKind,
    HotlineQuestion,
    InformationWork,
    Measure,
    Meeting,
    Risk,
    Roadmap,
)
from ..models.activities import register_procedures
from .base import InlineForm, PortalModelForm
from .registry import measure_label


def documents_of(*kinds: str):
    return Document.objects.filter(kind__in=kinds).order_by("-date", "-pk")


def indicator_field(field: forms.Field, required: bool) -> forms.ChoiceField:
    """A model's indicator code as a select over the catalogue (the model validates too)."""
    return forms.ChoiceField(
        label=field.label, required=required, help_text=field.help_text,
        choices=[("", "— выберите показатель —"), *indicator_choices()],
        error_messages={"invalid_choice": "Показателя с кодом «%(value)s» нет в каталоге "
                                          "показателей. Выберите показатель из списка."},
    )


class MeetingForm(PortalModelForm):
    procedures = forms.MultipleChoiceField(
        label="Рассмотренные оценочные процедуры (мониторинги)", required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Для 6.1 «по каждой оценочной процедуре»: эффективность мер по каким "
                  "мониторингам рассмотрена на совещании.",
    )

    class Meta:
        model = Meeting
        fields = ["date", "topic", "kind", "level", "status", "participants",
                  "participants_count", "schools", "order", "program", "protocol", "notes",
                  "procedures", "decisions_taken", "measures"]
        widgets = {
            "topic": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "decisions_taken": forms.Textarea(attrs={"rows": 3}),
            "schools": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.SelectMultiple(attrs={"size": 5}),
            "measures": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.filter(is_active=True)
        self.fields["order"].queryset = documents_of(DocumentKind.ORDER)
        self.fields["program"].queryset = documents_of(DocumentKind.PROGRAM)
        self.fields["protocol"].queryset = documents_of(DocumentKind.PROTOCOL,
                                                       DocumentKind.RESOLUTION)
        self.fields["notes"].queryset = documents_of(DocumentKind.NOTE, DocumentKind.REPORT)
        self.fields["notes"].help_text = (
            "Справки и отчёты из реестра документов, в том числе сформированные порталом.")
        self.fields["protocol"].help_text = (
            "Без протокола (резолюции) проведённое совещание не засчитывается в 6.1–6.3.")
        self.fields["procedures"].choices = list(register_procedures().items())
        self.fields["measures"].queryset = Measure.objects.select_related("roadmap").order_by(
            "-roadmap__year_start", "position"
        )
        self.fields["measures"].label_from_instance = measure_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, level = data.get("kind"), data.get("level")
        for measure in data.get("measures") or []:
            if measure.meeting_kind and kind and measure.meeting_kind != kind:
                self.add_error("measures", (
                    f"Мероприятие {measure.number} засчитывает только совещания вида "
                    f"«{measure.get_meeting_kind_display()}»."
                ))
            if measure.meeting_level and level and measure.meeting_level != level:
                self.add_error("measures", (
                    f"Мероприятие {measure.number} засчитывает только совещания уровня "
                    f"«{measure.get_meeting_level_display()}»."
                ))
        return data


class DecisionForm(PortalModelForm):
    class Meta:
        model = Decision
        fields = ["roadmap", "measure", "date", "title", "description", "order",
                  "basis_meeting", "basis_note", "checked_on", "check_meeting"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roadmap"].queryset = Roadmap.objects.all()
        self.fields["measure"].queryset = Measure.objects.select_related("roadmap").order_by(
            "-roadmap__year_start", "position"
        )
        self.fields["measure"].label_from_instance = measure_label
        self.fields["order"].queryset = documents_of(DocumentKind.ORDER)
        self.fields["basis_note"].queryset = documents_of(DocumentKind.NOTE, DocumentKind.REPORT)
        self.fields["checked_on"].help_text = (
            "Вывод об эффективности не вводится вручную: его предлагает страница «Эффективность "
            "решений» по целевым показателям.")
        if not self.instance.pk:
            roadmap = Roadmap.objects.current()
            # model_to_dict gave these keys as None: propose the current roadmap and its 5.1.
            if roadmap is not None and not self.initial.get("roadmap"):
                self.initial["roadmap"] = roadmap.pk
                self.initial["measure"] = roadmap.measures.filter(number="5.1").values_list(
                    "pk", flat=True).first()


class DecisionActionForm(InlineForm):
    class Meta:
        model = DecisionAction
        fields = ["text", "responsible", "due", "status", "done_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = [self.instance.responsible_id] if self.instance.responsible_id else []
        self.fields["responsible"].queryset = (
            Staff.objects.working() | Staff.objects.filter(pk__in=current)
        ).distinct().order_by("last_name", "first_name")
        self.fields["responsible"].label_from_instance = lambda s: f"{s.short_name} ({s.place})"


class DecisionIndicatorForm(InlineForm):
    """A target indicator: chosen from the catalogue, with an optional target; the values
    before and after and the conclusion are computed, never typed."""

    class Meta:
        model = DecisionIndicator
        fields = ["indicator_code", "target"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"] = indicator_field(
            DecisionIndicator._meta.get_field("indicator_code").formfield(), required=True)
        self.fields["indicator_code"].widget.attrs["class"] = "form-select form-select-sm"


DecisionActionFormSet = forms.inlineformset_factory(
    Decision, DecisionAction, form=DecisionActionForm, extra=2, can_delete=True
)
DecisionIndicatorFormSet = forms.inlineformset_factory(
    Decision, DecisionIndicator, form=DecisionIndicatorForm, extra=1, can_delete=True
)


class InformationWorkForm(PortalModelForm):
    class Meta:
        model = InformationWork
        fields = ["kind", "date", "date_end", "title", "audience", "reach", "place", "school",
                  "measure", "documents", "description"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "description": forms.Textarea(attrs={"rows": 3}),
                   "documents": forms.SelectMultiple(attrs={"size": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.select_related("roadmap").order_by(
            "-roadmap__year_start", "position"
        )
        self.fields["measure"].label_from_instance = measure_label
        self.fields["documents"].queryset = Document.objects.order_by("-date", "-pk")
        if not self.instance.pk:
            roadmap = Roadmap.objects.current()
            if roadmap is not None and not self.initial.get("measure"):
                self.initial["measure"] = roadmap.measures.filter(number="5.3").values_list(
                    "pk", flat=True).first()


class HotlineQuestionForm(InlineForm):
    class Meta:
        model = HotlineQuestion
        fields = ["question", "answer", "times_asked", "is_published"]


class BaseHotlineFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kind = getattr(self, "work_kind", None)
        asked = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        if asked and kind and kind != InformationWork.Kind.HOTLINE:
            raise forms.ValidationError(
                "Вопросы и ответы записываются только для «горячей линии»."
            )


HotlineQuestionFormSet = forms.inlineformset_factory(
    InformationWork, HotlineQuestion, form=HotlineQuestionForm, formset=BaseHotlineFormSet,
    extra=3, can_delete=True,
)


class RiskForm(PortalModelForm):
    class Meta:
        model = Risk
        fields = ["roadmap", "number", "title", "owner", "mitigation", "indicator_code",
                  "threshold", "direction", "notes"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}),
                   "mitigation": forms.Textarea(attrs={"rows": 3}),
                   "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Staff.objects.working().filter(
            category__in=[Staff.Category.DEPARTMENT, Staff.Category.SCHOOL_ADMIN]
        ).order_by("last_name", "first_name")
        self.fields["owner"].label_from_instance = lambda s: f"{s.short_name} — {s.position}"
        self.fields["indicator_code"] = indicator_field(
            Risk._meta.get_field("indicator_code").formfield(), required=False)
