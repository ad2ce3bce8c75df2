"""The plan's screens: roadmaps and their board, the passport, sections, measures with
their schedules and executions, and the execution report (XLSX, DOCX)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView

from monitoring.models import Staff
from monitoring.views_generic import (
    Col,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ObjectViewMixin,
    PortalPermissionMixin,
    xlsx_response,
)

from .. import services
from ..filters import RoadmapFilterSet
from ..forms import (
    BoardFilterForm,
    ExecutionForm,
    MeasureForm,
    PassportForm,
    RoadmapForm,
    ScheduleDateForm,
    SectionForm,
)
from ..models import (
    PASSPORT_PARTS,
    Document,
    Execution,
    Measure,
    Passport,
    Roadmap,
    ScheduleDate,
    Section,
)
from .base import ChildObjectMixin, RoadmapTabsMixin, ServiceSaveMixin, parse_on

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class CurrentRoadmapView(PortalPermissionMixin, View):
    """«Дорожная карта» in the menu: the board of the current roadmap."""

    model = Roadmap

    def get(self, request, *args: Any, **kwargs: Any):
        roadmap = Roadmap.objects.for_user(request.user).current()
        if roadmap is None:
            return redirect("roadmap:roadmap_list")
        return redirect(roadmap.get_absolute_url())


class RoadmapMixin:
    model = Roadmap
    url_base = "roadmap:roadmap"
    title = "Дорожные карты"


class RoadmapListView(RoadmapTabsMixin, RoadmapMixin, ObjectListView):
    template_name = "roadmap/object_list.html"
    tab = "roadmaps"
    filterset_class = RoadmapFilterSet
    columns = [
        Col("Дорожная карта", "title", link=True),
        Col("Годы", "years_label", order="year_start"),
        Col("Статус", "status"),
        Col("Разделов", "section_count", order="section_count"),
        Col("Мероприятий", "measure_count", order="measure_count"),
        Col("Утверждена", lambda r: r.approving_document or "—"),
    ]

    def get_queryset(self):
        return super().get_queryset().select_related("approving_document").annotate(
            section_count=Count("sections", distinct=True),
            measure_count=Count("measures", distinct=True),
        ).order_by("-year_start", "title")


class RoadmapBoardView(RoadmapTabsMixin, RoadmapMixin, ObjectDetailView):
    """Sections → measures, each occurrence a coloured badge of its state on the date."""

    template_name = "roadmap/board.html"
    tab = "board"

    def get_queryset(self):
        return super().get_queryset().select_related("approving_document", "superseded_by",
                                                     "source")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.roadmap = self.object
        context = super().get_context_data(**kwargs)
        people = Staff.objects.filter(roadmap_measures__roadmap=self.object).distinct().order_by(
            "last_name", "first_name"
        )
        data = self.request.GET.copy()
        data.setdefault("on", timezone.localdate().isoformat())
        form = BoardFilterForm(data, people=people)
        on, responsible, state = form.values()
        board = services.build_board(self.object, on, responsible=responsible, state=state)
        user = self.request.user
        context.update(
            title=str(self.object),
            board=board,
            filter_form=form,
            legend=[(s, services.badge_class(s)) for s in services.STATE_ORDER],
            report_query=urlencode({"on": on.isoformat()}),
            on_query=urlencode({"on": on.isoformat()}),
            can_edit_plan=user.has_perm("roadmap.change_measure"),
            can_add_section=user.has_perm("roadmap.add_section"),
            can_add_measure=user.has_perm("roadmap.add_measure"),
            can_execute=user.has_perm("roadmap.add_execution"),
            can_copy=user.has_perm("roadmap.add_roadmap"),
            can_approve=self.object.is_draft and user.has_perm("roadmap.change_roadmap"),
            filtered=bool(responsible or state),
        )
        return context


class RoadmapEditView(RoadmapMixin, ServiceSaveMixin, ObjectEditView):
    form_class = RoadmapForm

    def save_object(self, form):
        return services.save_roadmap(form.save(commit=False))


class RoadmapDeleteView(RoadmapMixin, ObjectDeleteView):
    def form_valid(self, form):
        if self.object.status != Roadmap.Status.DRAFT:
            messages.error(
                self.request,
                "Удалить можно только проект дорожной карты. Утверждённую переведите в "
                "статус «завершена»: её исполнение и документы останутся в портале.",
            )
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


class PassportMixin:
    model = Passport
    url_base = "roadmap:roadmap"
    title = "Паспорт дорожной карты"

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.get_queryset().select_related("roadmap"), roadmap_id=self.kwargs["pk"]
        )


class PassportView(RoadmapTabsMixin, PassportMixin, ObjectViewMixin, DetailView):
    template_name = "roadmap/passport.html"
    tab = "passport"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.roadmap = self.object.roadmap
        context = super().get_context_data(**kwargs)
        passport = self.object
        intros = {"indicators": passport.indicators_intro,
                  "monitoring_kinds": passport.monitoring_intro}
        parts = []
        for key, _, _ in PASSPORT_PARTS:
            heading = passport.heading(key)
            parts.append({
                "key": key, "number": heading["number"], "title": heading["title"],
                "intro": intros.get(key, ""),
                "value": passport.goal if key == "goal" else getattr(passport, key),
            })
        context.update(
            title=passport.title or f"Паспорт: {self.roadmap}",
            roadmap=self.roadmap,
            parts=parts,
            edit_url=reverse("roadmap:passport_edit", args=[self.roadmap.pk])
            if self.request.user.has_perm("roadmap.change_passport") else None,
            risks=self.roadmap.risks.select_related("owner")
            if self.request.user.has_perm("roadmap.view_risk") else None,
        )
        return context


class PassportEditView(PassportMixin, ServiceSaveMixin, ObjectEditView):
    form_class = PassportForm

    def save_object(self, form):
        return services.save_passport(form.save(commit=False))


# ------------------------------------------------------------------ sections


class SectionMixin(ChildObjectMixin):
    model = Section
    url_base = "roadmap:section"
    title = "Разделы"
    parent_model = Roadmap
    parent_kwarg = "roadmap_pk"
    parent_attr = "roadmap"


class SectionEditView(SectionMixin, ObjectEditView):
    form_class = SectionForm


class SectionDeleteView(SectionMixin, ObjectDeleteView):
    def form_valid(self, form):
        if self.object.measures.exists():
            messages.error(self.request, "В разделе есть мероприятия: сначала удалите или "
                                         "перенесите их в другой раздел.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


# ------------------------------------------------------------------ measures


class MeasureMixin(ChildObjectMixin):
    model = Measure
    url_base = "roadmap:measure"
    title = "Мероприятия"
    parent_model = Roadmap
    parent_kwarg = "roadmap_pk"
    parent_attr = "roadmap"


class MeasureDetailView(RoadmapTabsMixin, MeasureMixin, ObjectDetailView):
    """A measure: text, deadline as written, result, responsible; its occurrences with
    executions, evidence and meetings; «Отметить выполнение»."""

    template_name = "roadmap/measure_detail.html"
    tab = "board"

    def get_queryset(self):
        return super().get_queryset().select_related("roadmap", "section")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.roadmap = self.object.roadmap
        context = super().get_context_data(**kwargs)
        user = self.request.user
        measure = self.object
        on = parse_on(self.request.GET.get("on"))
        row = services.build_measure(measure, on, documents_for=user)
        context.update(
            title=f"Мероприятие {measure.number}",
            measure=measure,
            row=row,
            on=on,
            on_query=urlencode({"on": on.isoformat()}),
            legend=[(s, services.badge_class(s)) for s in services.STATE_ORDER],
            responsible=list(measure.responsible.select_related("school")),
            schedule=list(measure.schedule.all()) if measure.is_scheduled else None,
            documents=Document.objects.for_user(user).filter(measures=measure),
            meetings=measure.meetings.order_by("-date") if user.has_perm("roadmap.view_meeting") else None,
            decisions=measure.decisions.all() if user.has_perm("roadmap.view_decision") else None,
            can_execute=user.has_perm("roadmap.add_execution"),
            can_change_execution=user.has_perm("roadmap.change_execution"),
            can_edit_schedule=user.has_perm("roadmap.add_scheduledate"),
        )
        return context


class MeasureEditView(MeasureMixin, ObjectEditView):
    form_class = MeasureForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["roadmap"] = self.parent
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if "section" in self.request.GET:
            initial["section"] = self.request.GET["section"]
        return initial


class MeasureDeleteView(MeasureMixin, ObjectDeleteView):
    def form_valid(self, form):
        if self.object.executions.exists():
            messages.error(self.request, "По мероприятию есть отметки об исполнении: сначала "
                                         "удалите их, если они внесены по ошибке.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


# ------------------------------------------------------------------ schedules


class ScheduleDateMixin(ChildObjectMixin):
    model = ScheduleDate
    url_base = "roadmap:scheduledate"
    title = "График"
    parent_model = Measure
    parent_kwarg = "measure_pk"
    parent_attr = "measure"


class ScheduleDateAddView(ScheduleDateMixin, ObjectEditView):
    form_class = ScheduleDateForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["measure"] = self.parent
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"Дата графика: мероприятие {self.parent.number}"
        return context


class ScheduleDateDeleteView(ScheduleDateMixin, ObjectDeleteView):
    def form_valid(self, form):
        key = f"schedule-{self.object.date.isoformat()}"
        if self.object.measure.executions.filter(occurrence_key=key).exists():
            messages.error(self.request, "По этой дате графика уже есть отметки об исполнении.")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


# ------------------------------------------------------------------ executions


class ExecutionMixin(ChildObjectMixin):
    model = Execution
    url_base = "roadmap:execution"
    title = "Отметки об исполнении"
    parent_model = Measure
    parent_kwarg = "measure_pk"
    parent_attr = "measure"


class ExecutionEditView(ExecutionMixin, ServiceSaveMixin, ObjectEditView):
    """«Отметить выполнение»: the occurrence, date, status, comment, evidence."""

    form_class = ExecutionForm
    template_name = "roadmap/execution_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(measure=self.parent, occurrences=self.parent.occurrences(),
                      user=self.request.user)
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if "occurrence" in self.request.GET:
            initial["occurrence_key"] = self.request.GET["occurrence"]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        verb = "Изменение отметки" if "pk" in self.kwargs else "Отметить выполнение"
        context.update(title=f"{verb}: мероприятие {self.parent.number}", measure=self.parent,
                       limit_mb=settings.UPLOAD_MAX_MB)
        return context

    def save_object(self, form):
        return services.save_execution(
            form.save(commit=False), documents=form.execution_documents(),
            new_document=form.new_document, user=self.request.user,
        )


class ExecutionDeleteView(ExecutionMixin, ObjectDeleteView):
    pass


# ------------------------------------------------------------------ report


class RoadmapReportView(RoadmapMixin, ObjectViewMixin, DetailView):
    """«Отчёт о выполнении дорожной карты» on ``?on=`` as XLSX or DOCX."""

    file_format = "xlsx"

    def get(self, request, *args: Any, **kwargs: Any) -> HttpResponse:
        roadmap = self.get_object()
        board = services.build_board(roadmap, parse_on(request.GET.get("on")),
                                     documents_for=request.user)
        if self.file_format == "docx":
            response = HttpResponse(services.report_docx(board), content_type=DOCX)
            name = services.report_filename(board, "docx")
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
            return response
        return xlsx_response(services.report_xlsx(board), services.report_filename(board, "xlsx"))
