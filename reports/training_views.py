"""Staff training (measure 5.2): coverage against the targets of the roadmap in force, its
per-year targets (editable), courses, and the plan-schedule checked against the targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from monitoring.bounds import year_param
from monitoring.filters import StyledFilterSet
from monitoring.models import School, Staff
from monitoring.views_generic import (
    Col,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    xlsx_response,
)
from roadmap.models import Roadmap, TrainingCourse, TrainingParticipation, TrainingPlanItem
from roadmap.services.training import (
    coverage,
    needs_training,
    plan_check,
    roadmap_start,
    training_report_xlsx,
    training_targets,
)

DATE_INPUT = forms.DateInput(attrs={"placeholder": "дд.мм.гггг"})


def _year(request) -> int:
    return year_param(request.GET.get("year"), timezone.localdate().year)


class TrainingOverviewView(LoginRequiredMixin, TemplateView):
    """Coverage per category and school against the roadmap's targets; who is left."""

    template_name = "reports/training_overview.html"

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("roadmap.view_trainingcourse"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        year = _year(request)
        if request.GET.get("export") == "xlsx":
            if not request.user.sees_all_schools:
                raise PermissionDenied("Отчёт по всем ОО доступен отделу образования и ИМЦ.")
            return xlsx_response(training_report_xlsx(year),
                                 f"Отчёт о результатах обучения {year}.xlsx")
        return self.render_to_response(self.get_context_data(year=year))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user, year = self.request.user, kwargs["year"]
        on = min(dt.date(year, 12, 31), timezone.localdate())
        since = roadmap_start(on)
        roadmap = Roadmap.objects.in_force(on)
        schools = list(School.objects.for_user(user).filter(is_active=True).order_by("short_name"))
        # Each category's target for the year, from the roadmap in force (not 25/60/100).
        targets = training_targets(dt.date(year, 12, 31))
        categories = []
        for category, label in Staff.Category.choices:
            values = coverage(category, on, since)
            if category == Staff.Category.DEPARTMENT and not user.sees_all_schools:
                continue
            municipal = values[None]
            target = targets.get(category)
            categories.append({
                "label": label, "total": municipal, "target": target,
                "status": None if municipal.percent is None or target is None
                else ("success" if municipal.percent >= target
                      else "warning" if municipal.percent >= target * 0.9 else "danger"),
                "schools": [(s, values.get(s.pk)) for s in schools]
                if category != Staff.Category.DEPARTMENT else [],
            })
        # The schools × categories table as rows: one cell per category shown, in order.
        by_school = [dict((s.pk, value) for s, value in c["schools"]) for c in categories
                     if c["schools"]]
        school_rows = [(school, [cells.get(school.pk) for cells in by_school])
                       for school in schools]
        plan = TrainingPlanItem.objects.for_user(user).filter(year=year).select_related("school")
        left = needs_training(on, since, Staff.objects.for_user(user))
        checks = plan_check(roadmap, timezone.localdate()) if roadmap is not None else []
        context.update(
            on=on, since=since, roadmap=roadmap, categories=categories, plan=plan,
            plan_shortfalls=[c for c in checks if c.short],
            left=left[:300], left_count=left.count(), schools=schools, school_rows=school_rows,
            years=range(since.year if since.year < year else year - 2, timezone.localdate().year + 1),
            can_edit=user.has_perm("roadmap.change_trainingcourse"),
            can_export=user.sees_all_schools,
        )
        return context


# ------------------------------------------------------------------------ courses


class CourseForm(forms.ModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["title", "provider", "hours", "starts_on", "ends_on", "form", "certificate"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args: Any, schools=None, fixed_school=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class CourseFilterSet(StyledFilterSet):
    q = django_filters.CharFilter(label="Поиск", method="search")
    year = django_filters.NumberFilter(label="Год", field_name="ends_on__year")

    class Meta:
        model = TrainingCourse
        fields = ["q", "year"]

    def __init__(self, *args: Any, request=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value) | queryset.filter(provider__icontains=value)


class CourseMixin:
    model = TrainingCourse
    url_base = "reports:training_course"
    title = "Курсы повышения квалификации"


class CourseListView(CourseMixin, ObjectListView):
    filterset_class = CourseFilterSet
    columns = [
        Col("Программа", "title", link=True),
        Col("Организация", "provider"),
        Col("Часов", "hours"),
        Col("Сроки", lambda c: f"{c.starts_on:%d.%m.%Y} – {c.ends_on:%d.%m.%Y}", order="starts_on"),
        Col("Форма", "form"),
    ]


class CourseDetailView(CourseMixin, ObjectDetailView):
    template_name = "reports/training_course_detail.html"
    fields = [
        Col("Программа", "title"), Col("Организация", "provider"), Col("Часов", "hours"),
        Col("Начало", lambda c: c.starts_on.strftime("%d.%m.%Y"), order="starts_on"),
        Col("Окончание", lambda c: c.ends_on.strftime("%d.%m.%Y"), order="ends_on"),
        Col("Форма", "form"), Col("Документ", "certificate"),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["participants"] = (
            TrainingParticipation.objects.for_user(user).filter(course=self.object)
            .select_related("staff", "staff__school").order_by("staff__last_name")
        )
        if user.has_perm("roadmap.add_trainingparticipation"):
            context["add_form"] = ParticipantsForm(
                staff=Staff.objects.for_user(user).filter(is_working=True)
                .exclude(trainings__course=self.object),
                initial={"completed_on": self.object.ends_on},
            )
        return context


class CourseEditView(CourseMixin, ObjectEditView):
    form_class = CourseForm


class CourseDeleteView(CourseMixin, ObjectDeleteView):
    pass


class ParticipantsForm(forms.Form):
    staff = forms.ModelMultipleChoiceField(
        label="Сотрудники", queryset=Staff.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 12, "class": "form-select"}),
        error_messages={"required": "Выберите хотя бы одного сотрудника.",
                        "invalid_choice": "Сотрудник не найден."},
        help_text="Удерживайте Ctrl, чтобы выбрать несколько.",
    )
    completed_on = forms.DateField(
        label="Дата окончания обучения", required=False, widget=DATE_INPUT,
        help_text="Пусто — обучение ещё идёт.",
    )
    certificate_number = forms.CharField(label="Номер удостоверения", required=False,
                                         max_length=60)

    def __init__(self, *args: Any, staff=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff.select_related("school").order_by(
            "school__short_name", "last_name")
        self.fields["staff"].label_from_instance = lambda s: f"{s.full_name} — {s.place}, {s.position}"
        self.fields["completed_on"].widget.attrs["class"] = "form-control"
        self.fields["certificate_number"].widget.attrs["class"] = "form-control"


class ParticipantsAddView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        if not request.user.has_perm("roadmap.add_trainingparticipation"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        course = get_object_or_404(TrainingCourse.objects.for_user(request.user), pk=pk)
        form = ParticipantsForm(request.POST, staff=Staff.objects.for_user(request.user))
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(course)
        data = form.cleaned_data
        if data["completed_on"] and data["completed_on"] < course.starts_on:
            messages.error(request, "Дата окончания обучения раньше начала курса.")
            return redirect(course)
        try:
            with transaction.atomic():
                for person in data["staff"]:
                    TrainingParticipation.objects.create(
                        course=course, staff=person, completed_on=data["completed_on"],
                        certificate_number=data["certificate_number"],
                    )
        except IntegrityError:
            messages.error(request, "Кто-то из выбранных уже записан на этот курс; ничего не добавлено.")
            return redirect(course)
        messages.success(request, f"Добавлено участников: {len(data['staff'])}.")
        return redirect(course)


class ParticipantRemoveView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        if not request.user.has_perm("roadmap.delete_trainingparticipation"):
            raise PermissionDenied("Недостаточно прав для этого действия.")
        record = get_object_or_404(TrainingParticipation.objects.for_user(request.user), pk=pk)
        course = record.course
        record.delete()
        messages.success(request, f"«{record.staff}» исключён(а) из списка курса.")
        return redirect(course)


# ---------------------------------------------------------------- plan-schedule


class PlanForm(forms.ModelForm):
    class Meta:
        model = TrainingPlanItem
        fields = ["year", "category", "school", "planned", "comment"]

    def __init__(self, *args: Any, schools=None, fixed_school=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].empty_label = "— муниципалитет в целом —"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("category") == Staff.Category.DEPARTMENT and data.get("school"):
            self.add_error("school", "Сотрудники отдела образования не относятся к ОО.")
        return data


class PlanFilterSet(StyledFilterSet):
    year = django_filters.NumberFilter(label="Год")
    category = django_filters.ChoiceFilter(label="Категория", choices=Staff.Category.choices)

    class Meta:
        model = TrainingPlanItem
        fields = ["year", "category"]

    def __init__(self, *args: Any, request=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class PlanMixin:
    model = TrainingPlanItem
    url_base = "reports:training_plan"
    title = "План-график повышения квалификации"


class PlanListView(PlanMixin, ObjectListView):
    filterset_class = PlanFilterSet
    columns = [
        Col("Год", "year", link=True),
        Col("Категория", "category"),
        Col("ОО", lambda p: p.school.short_name if p.school_id else "муниципалитет в целом",
            order="school__short_name"),
        Col("Запланировано, чел.", "planned"),
        Col("Примечание", "comment"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("school")


class PlanEditView(PlanMixin, ObjectEditView):
    form_class = PlanForm

    def get_success_url(self) -> str:
        return self.url("list")


class PlanDeleteView(PlanMixin, ObjectDeleteView):
    pass
