"""Forms of the reports app: ordering a document, writing a recommendation, a school's mark."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from monitoring.models import AcademicYear, Period, School

from .jobs import YEARLY_KINDS, available_kinds
from .models import Recommendation, RecommendationAck
from .notes.preliminary import preconference_cutoff
from .renderers.pdf import UNAVAILABLE, pdf_available

FORMAT_CHOICES = [("docx", "Word (DOCX)"), ("xlsx", "Приложение Excel (XLSX)"),
                  ("pdf", "PDF")]


def period_choices(today=None) -> list[tuple[str, str]]:
    """Half-years that have begun, newest first (a note for the future makes no sense)."""
    today = today or timezone.localdate()
    Period.objects.for_date(today)  # make sure the current half-year exists
    periods = Period.objects.select_related("academic_year").order_by(
        "-academic_year__start_year", "-half"
    )
    return [(p.code, str(p)) for p in periods if p.starts_on <= today]


def year_choices(today=None) -> list[tuple[str, str]]:
    """Academic years that have begun, newest first (for the yearly documents)."""
    today = today or timezone.localdate()
    years = AcademicYear.objects.filter(start_year__lte=today.year).order_by("-start_year")
    return [(y.title, f"{y.title} учебный год") for y in years if y.starts_on <= today]


class ReportRequestForm(forms.Form):
    """Order a document. A coordinator only ever gets own schools (the queryset is the
    user's ``for_user`` set, so a foreign id is an invalid choice, whatever is posted)."""

    kind = forms.ChoiceField(label="Документ")
    period = forms.ChoiceField(
        label="Период", help_text="Справка — за полугодие; отчёт по мониторингам и кластерный "
                                  "анализ — за учебный год.",
    )
    school = forms.ModelChoiceField(
        label="ОО", queryset=School.objects.none(), required=False,
        empty_label="Муниципалитет (все ОО)",
        error_messages={"invalid_choice": "Выберите ОО из списка."},
    )
    formats = forms.MultipleChoiceField(
        label="Форматы", choices=FORMAT_CHOICES, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите хотя бы один формат."},
    )
    preliminary = forms.BooleanField(
        label="Предварительная справка к августовской конференции", required=False,
        help_text="Только справка за II полугодие: данные на дату, согласованную для "
                  "конференции; документ помечен «предварительные данные».",
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["preliminary"].label += f" (данные на {settings.PRECONFERENCE_NOTE_DAY})"
        kinds = available_kinds()
        if not user.sees_all_schools:
            # The cluster analysis compares schools with each other: municipal roles only.
            kinds = [k for k in kinds if k[0] != "cluster_analysis"]
        self.fields["kind"].choices = kinds
        periods = period_choices()
        self.fields["period"].choices = [("Полугодия", periods), ("Учебные годы", year_choices())]
        # By default the last finished half-year: the one a note is usually about.
        if len(periods) > 1:
            self.fields["period"].initial = periods[1][0]
        schools = School.objects.for_user(user).filter(is_active=True).order_by("short_name")
        self.fields["school"].queryset = schools
        if not user.sees_all_schools:
            # A coordinator orders documents of own school only: no municipal option.
            self.fields["school"].required = True
            self.fields["school"].empty_label = None
            self.fields["school"].error_messages["required"] = "Выберите свою ОО."
        self.pdf_available = pdf_available()
        initial_formats = ["docx", "xlsx"]
        if self.pdf_available:
            initial_formats.append("pdf")
        else:
            self.fields["formats"].choices = FORMAT_CHOICES[:2]
            self.fields["formats"].help_text = UNAVAILABLE
        self.fields["formats"].initial = initial_formats

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, period = data.get("kind"), data.get("period") or ""
        yearly = kind in YEARLY_KINDS
        if kind and period and yearly != ("-" not in period):
            self.add_error("period", "Для этого документа выберите учебный год."
                           if yearly else "Для справки выберите полугодие.")
        if kind == "cluster_analysis" and data.get("school"):
            self.add_error("school", "Кластерный анализ строится по муниципалитету: оставьте ОО пустой.")
        if data.get("preliminary"):
            if kind != "half_year_note" or not period.endswith("-2"):
                self.add_error("preliminary", "Предварительная справка строится только за "
                                              "II полугодие (к августовской конференции).")
            else:
                data["preliminary_as_of"] = preconference_cutoff(period)
        return data

    def job_params(self) -> dict[str, Any]:
        params: dict[str, Any] = {"formats": self.cleaned_data["formats"]}
        if self.cleaned_data.get("preliminary_as_of"):
            params["preliminary_as_of"] = self.cleaned_data["preliminary_as_of"].isoformat()
        return params


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["school", "audience", "period_code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.filter(is_active=True).order_by("short_name")
        self.fields["school"].empty_label = "Все ОО (общая рекомендация)"
        self.fields["period_code"].widget = forms.Select(choices=[
            ("", "Без периода"), ("Полугодия", period_choices()), ("Учебные годы", year_choices()),
        ])


class AcknowledgementForm(forms.Form):
    """A coordinator's mark on a recommendation for one of own schools."""

    status = forms.ChoiceField(label="Отметка", choices=RecommendationAck.Status.choices)
    comment = forms.CharField(label="Комментарий", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    school = forms.ModelChoiceField(label="ОО", queryset=School.objects.none(),
                                    error_messages={"invalid_choice": "Выберите свою ОО."})

    def __init__(self, *args: Any, schools, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        # A coordinator of one school is not asked to pick it from a list of one.
        only = list(schools[:2])
        self.only_school = only[0] if len(only) == 1 else None
        if self.only_school is not None:
            self.fields["school"].widget = forms.HiddenInput()
            self.initial["school"] = self.only_school.pk
